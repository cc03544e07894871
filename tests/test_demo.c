/* `cbecflow demo`: determinism, layout, message rules, the truth file against
 * the generated messages (customs arithmetic, the three flows, each injected
 * anomaly), and the bank statement.  The night is read back with libarchive and
 * libxml2 (test_demo_scan.c), not with the generator's code. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/config.h"
#include "testutil.h"
#include "test_demo_scan.h"

#define DATE "2026-11-25"
#define TRADES "300"

static char *dir_a;      /* demo --trades 300 --seed 7 */
static ds_night *night;
static GPtrArray *truth;  /* char** rows of 6 fields */
/* orderNo -> GPtrArray of ds_rec*, per message type */
static GHashTable *by_type[10];
static GHashTable *by_logistics_505;
static const char *const types[10] = {"311", "411", "511", "621", "312", "622", "303", "403", "505", "603"};

static int type_index(const char *t)
{
    int i;
    for (i = 0; i < 10; i++)
        if (strcmp(types[i], t) == 0)
            return i;
    return -1;
}

static GPtrArray *recs(const char *type, const char *order_no)
{
    return g_hash_table_lookup(by_type[type_index(type)], order_no);
}

static guint nrecs(const char *type, const char *order_no)
{
    GPtrArray *a = recs(type, order_no);
    return a ? a->len : 0;
}

static ds_rec *rec1(const char *type, const char *order_no)
{
    GPtrArray *a = recs(type, order_no);
    return a && a->len ? g_ptr_array_index(a, a->len - 1) : NULL; /* the latest version */
}

static void index_night(void)
{
    guint i;
    int k;
    for (k = 0; k < 10; k++)
        by_type[k] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    by_logistics_505 = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (i = 0; i < night->recs->len; i++) {
        ds_rec *r = g_ptr_array_index(night->recs, i);
        const char *key = ds_get(r, "orderNo");
        GPtrArray *a;
        k = type_index(r->type);
        g_assert(k >= 0);
        if (strcmp(r->type, "505") == 0) {
            g_hash_table_insert(by_logistics_505, g_strdup(ds_get(r, "logisticsNo")), r);
            continue;
        }
        if (strcmp(r->type, "622") == 0)
            key = ds_get(r, "copNo");
        a = g_hash_table_lookup(by_type[k], key);
        if (!a) {
            a = g_ptr_array_new();
            g_hash_table_insert(by_type[k], g_strdup(key), a);
        }
        g_ptr_array_add(a, r);
    }
}

static GPtrArray *read_truth(const char *dir)
{
    char *p = tu_path(dir, "truth.tsv"), *text = NULL, **lines;
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    int i;
    ck_assert(g_file_get_contents(p, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    ck_assert_str_eq(lines[0], "order_no\tplatform_code\tscenario\texpected_status\texpected_reasons\texpected_risk_rules");
    for (i = 1; lines[i]; i++) {
        char **f;
        if (!*lines[i])
            continue;
        f = g_strsplit(lines[i], "\t", -1);
        ck_assert_int_eq(g_strv_length(f), 6);
        g_ptr_array_add(rows, f);
    }
    g_strfreev(lines);
    g_free(text);
    g_free(p);
    return rows;
}

static int demo(const char *out, const char *trades, const char *seed)
{
    return tu_run(NULL, NULL, "-q", "demo", "--out", out, "--trades", trades, "--seed", seed, "--date", DATE, NULL);
}

static char *night_dir(const char *dir)
{
    return g_build_filename(dir, "drop", DATE, NULL);
}

/* GB 11643: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 = X. */
static int id_valid(const char *id)
{
    int i, sum = 0, w = 1, c;
    if (strlen(id) != 18)
        return 0;
    for (i = 16; i >= 0; i--) {
        w = w * 2 % 11;
        if (id[i] < '0' || id[i] > '9')
            return 0;
        sum += (id[i] - '0') * w;
    }
    c = (12 - sum % 11) % 11;
    return id[17] == (c == 10 ? 'X' : '0' + c);
}

static int64_t fen(const ds_rec *r, const char *f)
{
    int64_t v = ds_fen(ds_get(r, f));
    ck_assert_msg(v != INT64_MIN, "%s %s: bad amount \"%s\"", r->type, f, ds_get(r, f));
    return v;
}

/* Order arithmetic per the customs rules; returns the order's value (goods + freight - discount). */
static int64_t check_order_arithmetic(const ds_rec *o, int import)
{
    int64_t goods = fen(o, "goodsValue"), freight = fen(o, "freight"), sum = 0;
    guint i;
    for (i = 0; i < o->lines->len; i++) {
        int64_t price = ds_fen(ds_line(o, i, "price")), total = ds_fen(ds_line(o, i, "totalPrice"));
        int64_t qty = g_ascii_strtoll(ds_line(o, i, "qty"), NULL, 10);
        ck_assert_int_eq(total, qty * price);
        ck_assert_int_eq(g_ascii_strtoll(ds_line(o, i, "gnum"), NULL, 10), (int64_t)i + 1);
        sum += total;
    }
    ck_assert_int_eq(sum, goods);
    ck_assert_str_eq(ds_get(o, "currency"), "142");
    if (import) {
        int64_t discount = fen(o, "discount"), tax = fen(o, "taxTotal"), paid = fen(o, "acturalPaid");
        int64_t dutiable = goods + freight - discount;
        /* 9.1 % = 70 % of 13 % VAT on the dutiable price, half up to the fen */
        ck_assert_int_eq(tax, (dutiable * 91 + 500) / 1000);
        ck_assert_int_eq(paid, goods + freight + tax - discount);
        ck_assert(id_valid(ds_get(o, "buyerIdNumber")));
        return dutiable;
    }
    return goods + freight;
}

static int64_t expected_paid(const ds_rec *o, int import)
{
    return import ? fen(o, "acturalPaid") : fen(o, "goodsValue") + fen(o, "freight");
}

/* Whether text holds tok as a whole token (not inside a longer run of letters and digits). */
static int names_token(const char *text, const char *tok)
{
    size_t l = strlen(tok);
    const char *p = text;
    if (!l)
        return 0;
    while ((p = strstr(p, tok))) {
        if ((p == text || !g_ascii_isalnum(p[-1])) && !g_ascii_isalnum(p[l]))
            return 1;
        p++;
    }
    return 0;
}

/* The credit whose end-to-end id or remittance text names the order (a B2B wire), NULL when none;
 * two credits naming one order fail the test. */
static const ds_ntry *wire_for(const char *order_no)
{
    const ds_ntry *found = NULL;
    guint i;
    for (i = 0; i < night->ntry->len; i++) {
        const ds_ntry *e = g_ptr_array_index(night->ntry, i);
        if (e->credit && (names_token(e->e2e, order_no) || names_token(e->text, order_no))) {
            ck_assert_msg(!found, "two credits name order %s", order_no);
            found = e;
        }
    }
    return found;
}

/* ---------------------------------------------------------------- */

START_TEST(same_seed_same_bytes)
{
    char *b = tu_tmpdir(), *c = tu_tmpdir();
    char *argv[] = {"sh", "-c", "cd \"$0\" && find . -type f | LC_ALL=C sort | xargs sha256sum", NULL, NULL};
    char *sa = NULL, *sb = NULL, *ta = NULL, *tc = NULL;
    int st;

    ck_assert_int_eq(demo(b, TRADES, "7"), 0);
    argv[3] = dir_a;
    ck_assert(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sa, NULL, &st, NULL));
    argv[3] = b;
    ck_assert(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sb, NULL, &st, NULL));
    ck_assert_ptr_nonnull(strstr(sa, "truth.tsv"));
    ck_assert_ptr_nonnull(strstr(sa, ".zip"));
    ck_assert_ptr_nonnull(strstr(sa, ".tar.gz"));
    ck_assert_str_eq(sa, sb);
    /* another seed, another night */
    ck_assert_int_eq(demo(c, TRADES, "8"), 0);
    {
        char *pa = tu_path(dir_a, "truth.tsv"), *pc = tu_path(c, "truth.tsv");
        ck_assert(g_file_get_contents(pa, &ta, NULL, NULL));
        ck_assert(g_file_get_contents(pc, &tc, NULL, NULL));
        g_free(pa);
        g_free(pc);
    }
    ck_assert_str_ne(ta, tc);
    g_free(sa);
    g_free(sb);
    g_free(ta);
    g_free(tc);
    g_free(b);
    g_free(c);
}
END_TEST

START_TEST(usage_errors)
{
    char *d = tu_tmpdir(), *err = NULL, *out = NULL;
    ck_assert_int_eq(tu_run(NULL, NULL, "demo", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "demo", "--out", d, "--date", "2026-02-30", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "demo", "--out", d, "--trades", "0", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "demo", "--out", d, "--trades", "12x", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "demo", "--out", d, "--seed", "-1", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "demo", "--out", d, "extra", NULL), 2);
    ck_assert_int_eq(tu_run(&out, NULL, "demo", "--help", NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "--trades"));
    g_free(out);
    /* the night exists already: refused, nothing touched */
    ck_assert_int_eq(tu_run(NULL, &err, "demo", "--out", dir_a, "--date", DATE, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "exists"));
    /* default date: yesterday, a folder drop/YYYY-MM-DD appears */
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "demo", "--out", d, "--trades", "5", NULL), 0);
    {
        char *drop = tu_path(d, "drop");
        GDir *g = g_dir_open(drop, 0, NULL);
        const char *n = g_dir_read_name(g);
        ck_assert_ptr_nonnull(n);
        ck_assert_int_eq(strlen(n), 10);
        ck_assert(n[4] == '-' && n[7] == '-');
        g_dir_close(g);
        g_free(drop);
    }
    g_free(err);
    g_free(d);
}
END_TEST

START_TEST(layout_and_config)
{
    char *conf = tu_path(dir_a, "cbecflow.conf"), *why = NULL, *p, *want;
    cbec_config *cfg = NULL;
    const char *sub[][3] = {{"platforms", ".zip", ".zip"}, {"payments", ".tar.gz", ".tar.gz"},
                            {"logistics", ".zip", ".zip"}, {"bank", ".xml", ".sta"},
                            {"stores", ".csv", ".csv"}, {"postal", ".csv", ".csv"}, {"credit", ".csv", ".csv"}};
    static const int want_n[] = {4, 4, 4, 6, 3, 1, 2};
    int i;

    for (i = 0; i < 7; i++) {
        char *d = g_build_filename(dir_a, "drop", DATE, sub[i][0], NULL);
        GDir *g = g_dir_open(d, 0, NULL);
        const char *n;
        int count = 0;
        ck_assert_ptr_nonnull(g);
        while ((n = g_dir_read_name(g))) {
            ck_assert_msg(g_str_has_suffix(n, sub[i][1]) || g_str_has_suffix(n, sub[i][2]), "%s/%s", sub[i][0], n);
            count++;
        }
        /* four platforms, four payment companies, four carriers; the zone's two settlement accounts
         * (a camt.053 and an MT940) and the four platforms' accounts (camt.053); a Shopify, an eBay
         * and an Ozon export; the post's manifest; the enterprise register and its credit events */
        ck_assert_int_eq(count, want_n[i]);
        g_dir_close(g);
        g_free(d);
    }
    ck_assert_int_eq(night->archives->len, 12);
    ck_assert_int_eq(night->tables->len, 6);
    ck_assert_int_eq(night->errors, 0);
    /* the config runs this night */
    ck_assert_int_eq(cbec_config_load(conf, &cfg, &why), 0);
    p = cbec_config_get_path(cfg, "core", "db");
    want = tu_path(dir_a, "cbecflow.db");
    ck_assert_str_eq(p, want);
    g_free(p);
    g_free(want);
    p = cbec_config_get_path(cfg, "core", "drop_dir");
    want = tu_path(dir_a, "drop");
    ck_assert_str_eq(p, want);
    g_free(p);
    g_free(want);
    ck_assert_ptr_nonnull(cbec_config_get(cfg, "core", "out_dir"));
    ck_assert_ptr_nonnull(cbec_config_get(cfg, "core", "key_file"));
    /* the platform exports are keyed by their platforms' CEB codes (tests/test_demo_ingest checks the join) */
    ck_assert_ptr_nonnull(cbec_config_get(cfg, "plugin.shopify_orders", "platform_code"));
    ck_assert_ptr_nonnull(cbec_config_get(cfg, "plugin.ebay_orders", "platform_code"));
    ck_assert_ptr_nonnull(cbec_config_get(cfg, "plugin.ozon_postings", "platform_code"));
    /* their tracking numbers key the carriers' waybills */
    ck_assert_ptr_nonnull(cbec_config_get(cfg, "plugin.ebay_orders", "carrier_codes"));
    ck_assert_ptr_nonnull(cbec_config_get(cfg, "plugin.ozon_postings", "carrier_codes"));
    /* the platform account whose statement names no holder: account number = enterprise code */
    ck_assert_str_eq(cbec_config_get(cfg, "accounts", "152501810000447702"), "1501968004");
    cbec_config_free(cfg);
    g_free(conf);
}
END_TEST

START_TEST(message_rules)
{
    guint i;
    int seen[10] = {0};
    ck_assert_int_gt(night->msgs->len, 0);
    for (i = 0; i < night->msgs->len; i++) {
        const ds_msg *m = g_ptr_array_index(night->msgs, i);
        int k = type_index(m->type), receipt = !strcmp(m->type, "312") || !strcmp(m->type, "622");
        ck_assert_int_ge(k, 0);
        seen[k]++;
        ck_assert_int_ge(m->records, 1);
        ck_assert_int_le(m->records, 100);
        /* declarations carry exactly one BaseTransfer; 621 must be signed (its XSD requires it) */
        ck_assert_int_eq(m->base_transfers, receipt ? 0 : 1);
        if (!strcmp(m->type, "621"))
            ck_assert_int_eq(m->signatures, 1);
        /* receipts travel in the nested zip of the platform */
        if (receipt)
            ck_assert_ptr_nonnull(strstr(m->member, ".zip!receipts/"));
    }
    for (i = 0; i < 10; i++)
        ck_assert_msg(seen[i] > 0, "no CEB%s message", types[i]);
}
END_TEST

/* Every clean trade: all its flows present and consistent with each other. */
START_TEST(clean_trades_tie_out)
{
    GHashTable *phones = g_hash_table_new(g_str_hash, g_str_equal);
    guint i, j, n_import = 0, n_export = 0, n_b2b = 0;

    for (i = 0; i < truth->len; i++) {
        char **t = g_ptr_array_index(truth, i);
        const char *no = t[0], *sc = t[2];
        if (strcmp(sc, "clean") && strcmp(sc, "clean_b2b"))
            continue;
        ck_assert_str_eq(t[3], "MATCHED");
        ck_assert_str_eq(t[4], "");
        ck_assert_str_eq(t[5], "");
        if (nrecs("311", no)) {
            ds_rec *o = rec1("311", no), *p = rec1("411", no), *w = rec1("511", no), *l = rec1("621", no);
            int64_t value;
            n_import++;
            ck_assert_int_eq(nrecs("311", no), 1);
            ck_assert_int_eq(nrecs("411", no), 1);
            ck_assert_int_eq(nrecs("511", no), 1);
            ck_assert_int_eq(nrecs("621", no), 1);
            ck_assert_str_eq(ds_get(o, "ebpCode"), t[1]);
            value = check_order_arithmetic(o, 1);
            ck_assert_int_le(value, 500000); /* within the single-purchase limit */
            /* payment = order: amount, payer = buyer, transaction id */
            ck_assert_int_eq(fen(p, "amountPaid"), fen(o, "acturalPaid"));
            ck_assert_str_eq(ds_get(p, "payerIdNumber"), ds_get(o, "buyerIdNumber"));
            ck_assert_str_eq(ds_get(p, "payTransactionId"), ds_get(o, "payTransactionId"));
            ck_assert_str_eq(ds_get(p, "payCode"), ds_get(o, "payCode"));
            ck_assert_str_eq(ds_get(p, "ebpCode"), t[1]);
            /* waybill consignee = order consignee */
            ck_assert_str_eq(ds_get(w, "consignee"), ds_get(o, "consignee"));
            ck_assert_str_eq(ds_get(w, "consigneeTelephone"), ds_get(o, "consigneeTelephone"));
            ck_assert_str_eq(ds_get(w, "consigneeAddress"), ds_get(o, "consigneeAddress"));
            ck_assert_int_eq(fen(w, "freight"), fen(o, "freight"));
            /* customs list: the order's waybill, buyer and lines (paired by gnum) */
            ck_assert_str_eq(ds_get(l, "logisticsNo"), ds_get(w, "logisticsNo"));
            ck_assert_str_eq(ds_get(l, "logisticsCode"), ds_get(w, "logisticsCode"));
            ck_assert_str_eq(ds_get(l, "buyerIdNumber"), ds_get(o, "buyerIdNumber"));
            ck_assert(!strcmp(ds_get(l, "tradeMode"), "9610") || !strcmp(ds_get(l, "tradeMode"), "1210"));
            ck_assert(g_str_has_prefix(ds_get(l, "customsCode"), "070"));
            ck_assert_int_eq(l->lines->len, o->lines->len);
            for (j = 0; j < l->lines->len; j++) {
                ck_assert_str_eq(ds_line(l, j, "gnum"), ds_line(o, j, "gnum"));
                ck_assert_str_eq(ds_line(l, j, "gname"), ds_line(o, j, "itemName"));
                ck_assert_str_eq(ds_line(l, j, "price"), ds_line(o, j, "price"));
                ck_assert_str_eq(ds_line(l, j, "qty"), ds_line(o, j, "qty"));
                ck_assert_int_eq(strlen(ds_line(l, j, "gcode")), 10);
            }
            /* every clean consignee is someone else: no accidental order splitting */
            ck_assert_msg(!g_hash_table_contains(phones, ds_get(o, "consigneeTelephone")), "phone reused");
            g_hash_table_add(phones, (gpointer)ds_get(o, "consigneeTelephone"));
        } else {
            ds_rec *o = rec1("303", no), *p = rec1("403", no), *l = rec1("603", no), *w;
            const char *mode;
            int b2b = !strcmp(t[2], "clean_b2b");
            n_export++;
            ck_assert_ptr_nonnull(o);
            ck_assert_int_eq(nrecs("303", no), 1);
            /* B2B exports have no payment company: no receipt, the buyer's wire is the payment */
            ck_assert_int_eq(nrecs("403", no), b2b ? 0 : 1);
            ck_assert_int_eq(nrecs("603", no), 1);
            check_order_arithmetic(o, 0);
            if (!b2b)
                ck_assert_int_eq(fen(p, "charge"), expected_paid(o, 0));
            /* the export waybill has no order number: the 603 list links them */
            w = g_hash_table_lookup(by_logistics_505, ds_get(l, "logisticsNo"));
            ck_assert_ptr_nonnull(w);
            ck_assert_int_eq(fen(w, "freight"), fen(o, "freight"));
            mode = ds_get(l, "tradeMode");
            if (b2b) {
                const ds_ntry *c = wire_for(no);
                n_b2b++;
                ck_assert(!strcmp(mode, "9710") || !strcmp(mode, "9810"));
                ck_assert_str_eq(ds_get(o, "orderType"), !strcmp(mode, "9710") ? "B" : "W");
                ck_assert_msg(c != NULL, "no wire names B2B order %s", no);
                ck_assert_int_eq(c->amount, expected_paid(o, 0)); /* goods + freight */
            } else {
                ck_assert_str_eq(mode, "9610");
                ck_assert_ptr_null(wire_for(no));
            }
        }
    }
    /* a realistic mix: both directions, some B2B */
    ck_assert_int_gt(n_import, 100);
    ck_assert_int_gt(n_export, 60);
    ck_assert_int_gt(n_b2b, 10);
    g_hash_table_destroy(phones);
}
END_TEST

static GPtrArray *rows_of(const char *scenario)
{
    GPtrArray *a = g_ptr_array_new();
    guint i;
    for (i = 0; i < truth->len; i++) {
        char **t = g_ptr_array_index(truth, i);
        if (!strcmp(t[2], scenario))
            g_ptr_array_add(a, t);
    }
    return a;
}

static int is_import(const char *no) { return nrecs("311", no) || nrecs("621", no) || nrecs("411", no); }

START_TEST(anomalies_as_the_truth_says)
{
    static const char *const all[] = {"missing_payment", "missing_waybill", "money_without_goods", "missing_order",
                                      "amount_mismatch", "payer_not_buyer", "consignee_mismatch", "resend_identical",
                                      "change_apptype2", "over_limit", "undervaluation", "annual_limit",
                                      "order_split", "payer_many_buyers", "bank_unexplained"};
    guint i, j, anomalies = 0, trades = 0;
    GPtrArray *a;

    for (i = 0; i < G_N_ELEMENTS(all); i++) {
        a = rows_of(all[i]);
        ck_assert_msg(a->len > 0, "scenario %s absent", all[i]);
        g_ptr_array_free(a, TRUE);
    }
    for (i = 0; i < truth->len; i++) {
        char **t = g_ptr_array_index(truth, i);
        if (*t[0])
            trades++;
        if (strcmp(t[2], "clean") && strcmp(t[2], "clean_b2b") && strcmp(t[2], "b2b_unpaid") && *t[0])
            anomalies++;
    }
    ck_assert_int_eq(trades, 300);
    ck_assert_int_le(anomalies * 100, trades * 10); /* a small fraction (~5 %, one of each from 200 trades on) */

    a = rows_of("missing_payment");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        ck_assert(nrecs("311", t[0]) || nrecs("303", t[0]));
        ck_assert_int_eq(nrecs("411", t[0]) + nrecs("403", t[0]), 0);
        ck_assert_str_eq(t[4], "PAYMENT_MISSING");
        ck_assert_str_eq(t[5], "R-GOODS-WITHOUT-MONEY");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("missing_waybill");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        if (is_import(t[0])) {
            ck_assert_int_eq(nrecs("511", t[0]), 0);
            ck_assert_int_eq(nrecs("621", t[0]), 1);
        } else {
            ck_assert_int_eq(nrecs("603", t[0]), 1);
            ck_assert_ptr_null(g_hash_table_lookup(by_logistics_505, ds_get(rec1("603", t[0]), "logisticsNo")));
        }
        ck_assert_str_eq(t[4], "SHIPMENT_MISSING");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("money_without_goods");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        ck_assert_int_eq(nrecs("411", t[0]), 1);
        ck_assert_int_eq(nrecs("511", t[0]) + nrecs("621", t[0]), 0);
        ck_assert_str_eq(t[4], "SHIPMENT_MISSING LIST_MISSING");
        ck_assert_str_eq(t[5], "R-MONEY-WITHOUT-GOODS");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("missing_order");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        ck_assert_int_eq(nrecs("311", t[0]), 0);
        ck_assert_int_eq(nrecs("411", t[0]), 1);
        ck_assert_int_eq(nrecs("511", t[0]), 1);
        ck_assert_str_eq(t[3], "ORDER_MISSING");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("amount_mismatch");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        int imp = nrecs("311", t[0]) > 0;
        ds_rec *o = rec1(imp ? "311" : "303", t[0]), *p = rec1(imp ? "411" : "403", t[0]);
        check_order_arithmetic(o, imp); /* the order itself is right: the payment is off */
        ck_assert_int_ne(fen(p, imp ? "amountPaid" : "charge"), expected_paid(o, imp));
        ck_assert_str_eq(t[4], "AMOUNT_MISMATCH");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("payer_not_buyer");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        ck_assert_str_ne(ds_get(rec1("411", t[0]), "payerIdNumber"), ds_get(rec1("311", t[0]), "buyerIdNumber"));
        ck_assert_str_eq(t[5], "R-PAYER-NOT-BUYER");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("consignee_mismatch");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        ck_assert_str_ne(ds_get(rec1("511", t[0]), "consigneeTelephone"),
                         ds_get(rec1("311", t[0]), "consigneeTelephone"));
        ck_assert_str_eq(t[4], "CONSIGNEE_MISMATCH");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("resend_identical");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        const char *ty = nrecs("311", t[0]) ? "311" : "303";
        GPtrArray *v = recs(ty, t[0]);
        ck_assert_int_eq(v->len, 2);
        ck_assert_str_eq(((ds_rec *)g_ptr_array_index(v, 0))->raw, ((ds_rec *)g_ptr_array_index(v, 1))->raw);
        /* in another message (file) than the original */
        ck_assert_str_ne(((ds_rec *)g_ptr_array_index(v, 0))->member, ((ds_rec *)g_ptr_array_index(v, 1))->member);
        ck_assert_str_eq(t[3], "MATCHED");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("change_apptype2");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        int imp = nrecs("311", t[0]) > 0;
        GPtrArray *v = recs(imp ? "311" : "303", t[0]);
        ds_rec *v1, *v2;
        ck_assert_int_eq(v->len, 2);
        v1 = g_ptr_array_index(v, 0);
        v2 = g_ptr_array_index(v, 1);
        ck_assert_str_eq(ds_get(v1, "appType"), "1");
        ck_assert_str_eq(ds_get(v2, "appType"), "2");
        /* the change makes the trade whole: its final version agrees with payment and waybill */
        if (imp) {
            ck_assert_str_ne(ds_get(v1, "consigneeAddress"), ds_get(rec1("511", t[0]), "consigneeAddress"));
            ck_assert_str_eq(ds_get(v2, "consigneeAddress"), ds_get(rec1("511", t[0]), "consigneeAddress"));
        } else {
            ck_assert_int_ne(expected_paid(v1, 0), fen(rec1("403", t[0]), "charge"));
            ck_assert_int_eq(expected_paid(v2, 0), fen(rec1("403", t[0]), "charge"));
        }
        ck_assert_str_eq(t[3], "MATCHED");
    }
    g_ptr_array_free(a, TRUE);
    a = rows_of("over_limit");
    for (i = 0; i < a->len; i++) {
        char **t = g_ptr_array_index(a, i);
        ck_assert_int_gt(check_order_arithmetic(rec1("311", t[0]), 1), 500000);
        ck_assert_str_eq(t[5], "R-SINGLE-LIMIT");
    }
    g_ptr_array_free(a, TRUE);
    /* annual limit: one buyer, each order within the single limit, together over 26,000 CNY;
     * every order to another consignee (so it is not order splitting) */
    a = rows_of("annual_limit");
    ck_assert_int_eq(a->len % 6, 0);
    for (i = 0; i < a->len; i += 6) {
        int64_t sum = 0;
        GHashTable *cons = g_hash_table_new(g_str_hash, g_str_equal);
        const char *buyer = ds_get(rec1("311", ((char **)g_ptr_array_index(a, i))[0]), "buyerIdNumber");
        for (j = i; j < i + 6; j++) {
            ds_rec *o = rec1("311", ((char **)g_ptr_array_index(a, j))[0]);
            int64_t v = check_order_arithmetic(o, 1);
            ck_assert_int_le(v, 500000);
            sum += v;
            ck_assert_str_eq(ds_get(o, "buyerIdNumber"), buyer);
            ck_assert_str_eq(ds_get(rec1("411", ds_get(o, "orderNo")), "payerIdNumber"), buyer);
            g_hash_table_add(cons, (gpointer)ds_get(o, "consigneeTelephone"));
        }
        ck_assert_int_gt(sum, 2600000);
        ck_assert_int_eq(g_hash_table_size(cons), 6);
        g_hash_table_destroy(cons);
    }
    g_ptr_array_free(a, TRUE);
    /* order splitting: one consignee, orders each within the limit, together over it */
    a = rows_of("order_split");
    ck_assert_int_eq(a->len % 3, 0);
    for (i = 0; i < a->len; i += 3) {
        int64_t sum = 0;
        const char *phone = ds_get(rec1("311", ((char **)g_ptr_array_index(a, i))[0]), "consigneeTelephone");
        for (j = i; j < i + 3; j++) {
            ds_rec *o = rec1("311", ((char **)g_ptr_array_index(a, j))[0]);
            int64_t v = check_order_arithmetic(o, 1);
            ck_assert_int_le(v, 500000);
            sum += v;
            ck_assert_str_eq(ds_get(o, "consigneeTelephone"), phone);
        }
        ck_assert_int_gt(sum, 500000);
        ck_assert_str_eq(((char **)g_ptr_array_index(a, i))[5], "R-ORDER-SPLIT");
    }
    g_ptr_array_free(a, TRUE);
    /* one payer, four buyers */
    a = rows_of("payer_many_buyers");
    ck_assert_int_eq(a->len % 4, 0);
    for (i = 0; i < a->len; i += 4) {
        GHashTable *buyers = g_hash_table_new(g_str_hash, g_str_equal);
        const char *payer = ds_get(rec1("411", ((char **)g_ptr_array_index(a, i))[0]), "payerIdNumber");
        for (j = i; j < i + 4; j++) {
            const char *no = ((char **)g_ptr_array_index(a, j))[0];
            ck_assert_str_eq(ds_get(rec1("411", no), "payerIdNumber"), payer);
            ck_assert_str_ne(ds_get(rec1("311", no), "buyerIdNumber"), payer);
            g_hash_table_add(buyers, (gpointer)ds_get(rec1("311", no), "buyerIdNumber"));
        }
        ck_assert_int_ge(g_hash_table_size(buyers), 3);
        g_hash_table_destroy(buyers);
    }
    g_ptr_array_free(a, TRUE);
    /* undervaluation: unit price far below the median of its HS code (customs list lines) */
    a = rows_of("undervaluation");
    for (i = 0; i < a->len; i++) {
        ds_rec *l = rec1("621", ((char **)g_ptr_array_index(a, i))[0]);
        const char *hs = ds_line(l, 0, "gcode");
        int64_t price = ds_fen(ds_line(l, 0, "price"));
        GArray *prices = g_array_new(FALSE, FALSE, sizeof(int64_t));
        guint k;
        int64_t median;
        for (k = 0; k < night->recs->len; k++) {
            ds_rec *r = g_ptr_array_index(night->recs, k);
            guint m;
            if (strcmp(r->type, "621") && strcmp(r->type, "603"))
                continue;
            for (m = 0; m < r->lines->len; m++)
                if (!strcmp(ds_line(r, m, "gcode"), hs)) {
                    int64_t p = ds_fen(ds_line(r, m, "price"));
                    g_array_append_val(prices, p);
                }
        }
        ck_assert_int_ge(prices->len, 10);
        {
            /* median by counting: the smallest value with at least half the sample at or below it */
            guint below, x, y;
            median = 0;
            for (x = 0; x < prices->len; x++) {
                int64_t v = g_array_index(prices, int64_t, x);
                below = 0;
                for (y = 0; y < prices->len; y++)
                    below += g_array_index(prices, int64_t, y) <= v;
                if (below * 2 >= prices->len && (median == 0 || v < median))
                    median = v;
            }
        }
        ck_assert_int_lt(price * 100, median * 30);
        g_array_free(prices, TRUE);
    }
    g_ptr_array_free(a, TRUE);
    /* the bank anomaly has no order */
    a = rows_of("bank_unexplained");
    ck_assert_int_eq(a->len, 1);
    ck_assert_str_eq(((char **)g_ptr_array_index(a, 0))[0], "");
    ck_assert_str_eq(((char **)g_ptr_array_index(a, 0))[3], "BANK_UNEXPLAINED");
    g_ptr_array_free(a, TRUE);
}
END_TEST

/* The statements: the zone's camt.053 and MT940 and one camt.053 per platform's settlement account,
 * each tying out.  Per payment company and platform, one batch credit = the sum of that company's
 * 411/403 payments for that platform, in that platform's account only (its holder is the platform as
 * the messages name it, Acct/Ownr/Nm = ebpName, or, where the bank prints no holder, the config's
 * [accounts] line), counterparty = the company, text naming the company and the count.  The zone's
 * accounts hold the B2B wires, each naming one order, on both of them, and exactly one credit
 * nothing explains. */
START_TEST(bank_statement)
{
    GHashTable *sum = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTable *pay_name = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *pf_of_name = g_hash_table_new(g_str_hash, g_str_equal), *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *conf = tu_path(dir_a, "cbecflow.conf"), *why = NULL;
    char **stmt_pf = g_new0(char *, night->stmts->len + 1);
    cbec_config *cfg = NULL;
    guint i, unexplained = 0, platform_stmts = 0, by_config = 0;
    int wires_in[2] = {0, 0}; /* camt.053, MT940 of the zone */

    ck_assert_int_eq(cbec_config_load(conf, &cfg, &why), 0);
    ck_assert_int_eq(night->statements, 6);
    ck_assert_int_eq(night->stmts->len, 6);
    ck_assert_int_eq(night->opening + night->sum_credits - night->sum_debits, night->closing);
    /* what each company settles for each platform */
    for (i = 0; i < night->recs->len; i++) {
        ds_rec *r = g_ptr_array_index(night->recs, i);
        int imp = !strcmp(r->type, "411");
        char *key;
        int64_t *s;
        if (!imp && strcmp(r->type, "403"))
            continue;
        key = g_strdup_printf("%s|%s", ds_get(r, "payCode"), ds_get(r, "ebpCode"));
        if (!(s = g_hash_table_lookup(sum, key))) {
            s = g_new0(int64_t, 2);
            g_hash_table_insert(sum, g_strdup(key), s);
        }
        s[0] += fen(r, imp ? "amountPaid" : "charge");
        s[1]++;
        g_free(key);
        g_hash_table_insert(pay_name, (gpointer)ds_get(r, "payName"), (gpointer)ds_get(r, "payCode"));
        g_hash_table_insert(pf_of_name, (gpointer)ds_get(r, "ebpName"), (gpointer)ds_get(r, "ebpCode"));
    }
    ck_assert_int_eq(g_hash_table_size(sum), 16); /* 4 companies x 4 platforms */
    /* whose account is each statement's */
    for (i = 0; i < night->stmts->len; i++) {
        const ds_stmt *st = g_ptr_array_index(night->stmts, i);
        const char *mapped = cbec_config_get(cfg, "accounts", st->account);
        ck_assert_str_eq(st->format, i + 1 < night->stmts->len ? "camt053" : "mt940"); /* bank/ sorts camt053_ first */
        ck_assert_msg(strstr(st->path, st->account) != NULL, "%s names account %s", st->path, st->account);
        ck_assert_int_eq(st->opening + st->credits - st->debits, st->closing);
        ck_assert_int_gt(st->entries, 0);
        if (g_hash_table_contains(pf_of_name, st->owner)) {
            ck_assert_ptr_null(mapped);
            stmt_pf[i] = g_hash_table_lookup(pf_of_name, st->owner);
        } else if (mapped) {
            ck_assert_str_eq(st->owner, ""); /* the mapping is for a bank that prints no holder */
            stmt_pf[i] = (char *)mapped;
            by_config++;
        }
        if (stmt_pf[i]) {
            ck_assert_msg(!g_hash_table_contains(used, stmt_pf[i]), "platform %s has two accounts", stmt_pf[i]);
            g_hash_table_add(used, g_strdup(stmt_pf[i]));
            platform_stmts++;
        }
    }
    ck_assert_int_eq(platform_stmts, 4);
    ck_assert_int_eq(by_config, 1);
    g_hash_table_remove_all(used);
    for (i = 0; i < night->ntry->len; i++) {
        const ds_ntry *e = g_ptr_array_index(night->ntry, i);
        const char *pf = stmt_pf[e->stmt];
        if (!e->credit)
            continue;
        if (pf) {
            /* a batch: the sum of one company's payments for this platform */
            const char *code = g_hash_table_lookup(pay_name, e->party);
            char *key, *count;
            int64_t *s;
            ck_assert_msg(code != NULL, "credit from %s into platform %s's account", e->party, pf);
            key = g_strdup_printf("%s|%s", code, pf);
            s = g_hash_table_lookup(sum, key);
            ck_assert_ptr_nonnull(s);
            ck_assert_int_eq(e->amount, s[0]);
            count = g_strdup_printf("共%" G_GINT64_FORMAT "笔", s[1]);
            ck_assert_msg(strstr(e->text, count) && strstr(e->text, e->party), "batch text %s", e->text);
            ck_assert_msg(!g_hash_table_contains(used, key), "%s settled twice", key);
            g_hash_table_add(used, key);
            g_free(count);
            continue;
        }
        /* the zone's accounts: B2B wires naming their order, and one credit nothing explains */
        ck_assert_ptr_null(g_hash_table_lookup(pay_name, e->party));
        {
            guint j, named = 0;
            for (j = 0; j < truth->len; j++) {
                char **t = g_ptr_array_index(truth, j);
                if (*t[0] && (names_token(e->e2e, t[0]) || names_token(e->text, t[0]))) {
                    ck_assert_str_eq(t[2], "clean_b2b");
                    named++;
                }
            }
            ck_assert_int_le(named, 1);
            if (named)
                wires_in[!strcmp(((ds_stmt *)g_ptr_array_index(night->stmts, e->stmt))->format, "mt940")]++;
            else
                unexplained++;
        }
    }
    ck_assert_int_eq(g_hash_table_size(used), 16); /* every company's day for every platform, once */
    ck_assert_int_eq(unexplained, 1);
    ck_assert_int_gt(wires_in[0], 0);
    ck_assert_int_gt(wires_in[1], 0);
    cbec_config_free(cfg);
    g_free(conf);
    g_free(stmt_pf);
    g_hash_table_destroy(used);
    g_hash_table_destroy(sum);
    g_hash_table_destroy(pay_name);
    g_hash_table_destroy(pf_of_name);
}
END_TEST

/* B2B exports (9710/9810) as the zone sees them: no receipt (403); a wire from the buyer whose
 * end-to-end id is the order number, NOTPROVIDED or the buyer's invoice number, and whose text names
 * the order among other numbers, in several wordings; a few not paid yet, with no wire at all. */
START_TEST(b2b_paid_by_wire)
{
    guint i, e2e_order = 0, e2e_none = 0, e2e_other = 0, text_longer = 0, unpaid = 0, paid = 0;
    GHashTable *forms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    for (i = 0; i < truth->len; i++) {
        char **t = g_ptr_array_index(truth, i);
        const ds_ntry *w;
        ds_rec *l;
        if (strcmp(t[2], "clean_b2b") && strcmp(t[2], "b2b_unpaid"))
            continue;
        l = rec1("603", t[0]);
        ck_assert_ptr_nonnull(l);
        ck_assert(!strcmp(ds_get(l, "tradeMode"), "9710") || !strcmp(ds_get(l, "tradeMode"), "9810"));
        ck_assert_int_eq(nrecs("403", t[0]), 0);
        w = wire_for(t[0]);
        if (!strcmp(t[2], "b2b_unpaid")) {
            ck_assert_ptr_null(w);
            ck_assert_str_eq(t[3], "MATCHED"); /* of the night: within every window */
            ck_assert_str_eq(t[4], "");
            ck_assert_str_eq(t[5], "");
            unpaid++;
            continue;
        }
        ck_assert_ptr_nonnull(w);
        paid++;
        if (!strcmp(w->e2e, t[0]))
            e2e_order++;
        else if (!strcmp(w->e2e, "NOTPROVIDED"))
            e2e_none++;
        else
            e2e_other++;
        ck_assert_msg(names_token(w->text, t[0]), "wire text %s does not name %s", w->text, t[0]);
        text_longer += strcmp(w->text, t[0]) != 0;
        {
            /* the wording without the order number */
            GString *f = g_string_new(w->text);
            char *at = strstr(f->str, t[0]);
            g_string_erase(f, at - f->str, (gssize)strlen(t[0]));
            for (char *c = f->str; *c; c++)
                if (g_ascii_isdigit(*c))
                    *c = '9';
            g_hash_table_add(forms, g_string_free(f, FALSE));
        }
    }
    ck_assert_int_gt(paid, 10);
    ck_assert_int_gt(unpaid, 0);
    ck_assert_int_lt(unpaid * 5, paid); /* a small share */
    ck_assert_int_gt(e2e_order, 0);
    ck_assert_int_gt(e2e_none, 0);
    ck_assert_int_gt(e2e_other, 0);
    ck_assert_int_eq(text_longer, paid);
    ck_assert_int_ge(g_hash_table_size(forms), 4);
    g_hash_table_destroy(forms);
}
END_TEST

/* The enterprise register lists every enterprise the night's messages name, once, with the
 * name they declare and the role they act in; every credit event is of a registered
 * enterprise, dated on or before the night, of a kind the enterprise plugin knows. */
START_TEST(enterprise_register)
{
    static const char *const roles[][3] = {{"ebpCode", "ebpName", "电商平台"}, {"ebcCode", "ebcName", "电商企业"},
                                           {"payCode", "payName", "支付企业"},
                                           {"logisticsCode", "logisticsName", "物流企业"}};
    static const char *const kinds[] = {"行政处罚", "列入经营异常名录", "严重违法失信", "知识产权侵权",
                                        "假冒伪劣", "消费者投诉", "欺诈", NULL};
    const ds_table *reg = ds_table_named(night, "enterprise_register_"), *ev = ds_table_named(night, "credit_events_");
    GHashTable *name = g_hash_table_new(g_str_hash, g_str_equal), *role = g_hash_table_new(g_str_hash, g_str_equal);
    int c_code, c_name, c_role, c_region, seen = 0;
    guint i, k;

    ck_assert_ptr_nonnull(reg);
    ck_assert_ptr_nonnull(ev);
    c_code = ds_col(reg, "企业代码");
    c_name = ds_col(reg, "企业名称");
    c_role = ds_col(reg, "企业类型");
    c_region = ds_col(reg, "所在地区");
    ck_assert(c_code >= 0 && c_name >= 0 && c_role >= 0 && c_region >= 0);
    for (i = 1; i < reg->rows->len; i++) {
        char **r = g_ptr_array_index(reg->rows, i);
        ck_assert_msg(!g_hash_table_contains(name, r[c_code]), "%s registered twice", r[c_code]);
        ck_assert_int_eq(strlen(r[c_code]), 10);
        ck_assert_str_ne(r[c_region], "");
        g_hash_table_insert(name, r[c_code], r[c_name]);
        g_hash_table_insert(role, r[c_code], r[c_role]);
    }
    /* every enterprise of the messages, as declared */
    for (i = 0; i < night->recs->len; i++) {
        const ds_rec *r = g_ptr_array_index(night->recs, i);
        for (k = 0; k < G_N_ELEMENTS(roles); k++) {
            const char *code = ds_get(r, roles[k][0]), *nm = ds_get(r, roles[k][1]);
            if (!*code || !*nm)
                continue;
            ck_assert_msg(g_hash_table_contains(name, code), "%s %s is not in the register", roles[k][0], code);
            ck_assert_str_eq(g_hash_table_lookup(name, code), nm);
            ck_assert_str_eq(g_hash_table_lookup(role, code), roles[k][2]);
            seen++;
        }
    }
    ck_assert_int_gt(seen, 1000);
    /* the events */
    ck_assert_int_gt(ev->rows->len, 3);
    for (i = 1; i < ev->rows->len; i++) {
        char **r = g_ptr_array_index(ev->rows, i);
        const char *kind = r[ds_col(ev, "事件类型")], *date = r[ds_col(ev, "事件日期")];
        int known = 0;
        ck_assert_msg(g_hash_table_contains(name, r[ds_col(ev, "企业代码")]), "event of %s", r[0]);
        ck_assert_str_eq(r[ds_col(ev, "企业名称")], g_hash_table_lookup(name, r[ds_col(ev, "企业代码")]));
        for (k = 0; kinds[k]; k++)
            known |= !strcmp(kinds[k], kind);
        ck_assert_msg(known, "event kind %s", kind);
        ck_assert_int_eq(strlen(date), 10);
        ck_assert_int_le(strcmp(date, DATE), 0);
        ck_assert_str_ne(r[ds_col(ev, "事件说明")], "");
    }
    g_hash_table_destroy(name);
    g_hash_table_destroy(role);
}
END_TEST

START_TEST(small_nights)
{
    char *d = tu_tmpdir(), *e = tu_tmpdir(), *nd;
    GPtrArray *t;
    ds_night *n;

    ck_assert_int_eq(demo(d, "1", "3"), 0);
    t = read_truth(d);
    ck_assert_int_eq(t->len, 2); /* one trade + the bank row */
    g_ptr_array_free(t, TRUE);
    nd = night_dir(d);
    n = ds_scan(nd, NULL);
    ck_assert_int_eq(n->errors, 0);
    ck_assert_int_eq(n->opening + n->sum_credits - n->sum_debits, n->closing);
    /* every account reports, even on a night with hardly any money */
    ck_assert_int_eq(n->statements, 6);
    for (guint i = 0; i < n->stmts->len; i++) {
        const ds_stmt *st = g_ptr_array_index(n->stmts, i);
        ck_assert_int_eq(st->opening + st->credits - st->debits, st->closing);
    }
    ds_free(n);
    g_free(nd);
    ck_assert_int_eq(demo(e, "50", "3"), 0);
    t = read_truth(e);
    ck_assert_int_eq(t->len, 51);
    g_ptr_array_free(t, TRUE);
    g_free(d);
    g_free(e);
}
END_TEST

/* --compact (issue 22): the same night, record for record, with no whitespace between the
 * tags of a customs message; the files that are not customs messages keep their bytes. */
START_TEST(compact_night)
{
    char *d = tu_tmpdir(), *x = tu_tmpdir(), *nd, *ta = NULL, *tc = NULL, *pa, *pc;
    GRegex *layout = g_regex_new(">[\t\n]+<", 0, 0, NULL);
    ds_night *n;
    guint i;

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "demo", "--out", d, "--trades", TRADES, "--seed", "7", "--date", DATE,
                            "--compact", NULL), 0);
    nd = night_dir(d);
    n = ds_scan(nd, x);
    ck_assert_int_eq(n->errors, 0);
    ck_assert_uint_eq(n->recs->len, night->recs->len);
    for (i = 0; i < n->recs->len; i++) {
        const ds_rec *a = g_ptr_array_index(night->recs, i), *b = g_ptr_array_index(n->recs, i);
        ck_assert_str_eq(b->type, a->type);
        ck_assert_str_eq(b->raw, a->raw);
    }
    ck_assert_uint_eq(n->msgs->len, night->msgs->len);
    ck_assert_int_eq(n->sum_credits, night->sum_credits);
    ck_assert_uint_gt(n->xml_members->len, 0);
    for (i = 0; i < n->xml_members->len; i++) {
        const char *p = g_ptr_array_index(n->xml_members, i), *base = strrchr(p, '/');
        char *text = NULL;
        if (!g_str_has_prefix(base ? base + 1 : p, "CEB"))
            continue;   /* the bank statements are written as before */
        ck_assert(g_file_get_contents(p, &text, NULL, NULL));
        ck_assert_msg(!g_regex_match(layout, text, 0, NULL), "%s has whitespace between tags", p);
        g_free(text);
    }
    pa = tu_path(dir_a, "truth.tsv");
    pc = tu_path(d, "truth.tsv");
    ck_assert(g_file_get_contents(pa, &ta, NULL, NULL));
    ck_assert(g_file_get_contents(pc, &tc, NULL, NULL));
    ck_assert_str_eq(ta, tc);
    g_free(ta);
    g_free(tc);
    g_free(pa);
    g_free(pc);
    g_regex_unref(layout);
    ds_free(n);
    g_free(nd);
    g_free(d);
    g_free(x);
}
END_TEST

/* Generated and read once, in the runner process (an unchecked fixture): every test reads it. */
static void setup_night(void)
{
    char *nd;
    dir_a = tu_tmpdir();
    ck_assert_int_eq(demo(dir_a, TRADES, "7"), 0);
    nd = night_dir(dir_a);
    night = ds_scan(nd, NULL);
    g_free(nd);
    truth = read_truth(dir_a);
    index_night();
}

static void teardown_night(void)
{
    int k;
    ds_free(night);
    g_ptr_array_free(truth, TRUE);
    for (k = 0; k < 10; k++)
        g_hash_table_destroy(by_type[k]);
    g_hash_table_destroy(by_logistics_505);
    g_free(dir_a);
}

int main(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = tcase_create("demo");
    SRunner *sr;
    int failed;

    tcase_add_unchecked_fixture(tc, setup_night, teardown_night);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, same_seed_same_bytes);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, layout_and_config);
    tcase_add_test(tc, message_rules);
    tcase_add_test(tc, clean_trades_tie_out);
    tcase_add_test(tc, anomalies_as_the_truth_says);
    tcase_add_test(tc, bank_statement);
    tcase_add_test(tc, b2b_paid_by_wire);
    tcase_add_test(tc, enterprise_register);
    tcase_add_test(tc, small_nights);
    tcase_add_test(tc, compact_night);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    /* one process: forked tests would run the temp-folder cleanup (atexit) of the shared night */
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
