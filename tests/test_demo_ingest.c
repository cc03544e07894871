/* End to end: a generated night (300 trades) ingested with the built plugins and
 * the night's cbecflow.conf.  Every record is stored (0 quarantined), counts and
 * sums match what the archives hold (read back here with libarchive + libxml2),
 * resends count as duplicates, the statement ties out; the platform exports and
 * the post's manifest are read by their plugins and join the declared trades
 * (no new order, payment or shipment: the eBay and Ozon tracking numbers key the
 * carriers' declared waybills); then reconcile and analyse with the repository's
 * rule packs find exactly what truth.tsv says. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"
#include "test_demo_scan.h"

#define DATE "2026-11-25"

static char *dir, *db, *night_dir, *conf;
static ds_night *night;

static void setup(void)
{
    if (dir)
        return;
    dir = tu_tmpdir();
    db = tu_path(dir, "night.db");
    night_dir = g_build_filename(dir, "drop", DATE, NULL);
    conf = tu_path(dir, "cbecflow.conf");
}

/* Distinct values of a column of a table (header name), skipping blanks and eBay's trailer. */
static GHashTable *column_set(const ds_table *t, const char *header)
{
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
    int c = ds_col(t, header);
    guint i;
    ck_assert_msg(c >= 0, "%s: no column %s", t->name, header);
    for (i = 1; i < t->rows->len; i++) {
        char **r = g_ptr_array_index(t->rows, i);
        if (g_strv_length(r) > (guint)c && *r[c] && !strstr(r[c], "record(s)"))
            g_hash_table_add(h, r[c]);
    }
    return h;
}

static int64_t q(const char *sql) { return tu_sql_int(db, sql); }

/* Distinct values of a field over the records of some types. */
static int64_t distinct(const char *types, const char *field)
{
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
    guint i;
    int64_t n;
    for (i = 0; i < night->recs->len; i++) {
        ds_rec *r = g_ptr_array_index(night->recs, i);
        if (strstr(types, r->type))
            g_hash_table_add(h, (gpointer)ds_get(r, field));
    }
    n = g_hash_table_size(h);
    g_hash_table_destroy(h);
    return n;
}

START_TEST(night_ingests_whole)
{
    char *err = NULL;
    guint i;
    int64_t records = 0, resends = 0, paid = 0, pay = 0, lines = 0, changes = 0;
    GHashTable *latest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter it;
    gpointer k, v;

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "demo", "--out", dir, "--trades", "300", "--seed", "11", "--date", DATE,
                            NULL),
                     0);
    night = ds_scan(night_dir, NULL);
    ck_assert_int_eq(night->errors, 0);
    ck_assert_int_eq(tu_run(NULL, &err, "--config", conf, "ingest", "--db", db, night_dir, NULL), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM source_file WHERE status<>'ok'"), 0);

    /* what the archives hold */
    for (i = 0; i < night->recs->len; i++) {
        ds_rec *r = g_ptr_array_index(night->recs, i);
        records++;
        if (!strcmp(r->type, "311") || !strcmp(r->type, "303")) {
            char *key = g_strconcat(r->type, ds_get(r, "orderNo"), NULL);
            ds_rec *prev = g_hash_table_lookup(latest, key);
            if (prev && !strcmp(prev->raw, r->raw))
                resends++; /* an identical resend */
            if (!strcmp(ds_get(r, "appType"), "2"))
                changes++;
            g_hash_table_replace(latest, key, r);
        }
        if (!strcmp(r->type, "411"))
            pay += ds_fen(ds_get(r, "amountPaid"));
        if (!strcmp(r->type, "403"))
            pay += ds_fen(ds_get(r, "charge"));
    }
    g_hash_table_iter_init(&it, latest);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        ds_rec *r = v;
        lines += r->lines->len;
        if (!strcmp(r->type, "311"))
            paid += ds_fen(ds_get(r, "acturalPaid"));
    }
    ck_assert_int_gt(resends, 0);
    /* conserved counts: every CEB record read is stored or an identical resend */
    ck_assert_int_eq(q("SELECT sum(records_read) FROM source_file WHERE plugin='ceb'"), records);
    ck_assert_int_eq(q("SELECT sum(records_duplicate) FROM source_file WHERE plugin='ceb'"), resends);
    ck_assert_int_eq(q("SELECT sum(records_stored) FROM source_file WHERE plugin='ceb'"), records - resends);
    /* one row per business key, with the values of the latest version */
    ck_assert_int_eq(q("SELECT count(*) FROM orders"), g_hash_table_size(latest));
    ck_assert_int_eq(q("SELECT count(*) FROM order_item"), lines);
    ck_assert_int_eq(q("SELECT count(*) FROM orders WHERE direction='import'"), distinct("311", "orderNo"));
    ck_assert_int_eq(q("SELECT count(*) FROM orders WHERE direction='export'"), distinct("303", "orderNo"));
    ck_assert_int_eq(q("SELECT sum(actual_paid) FROM orders WHERE direction='import'"), paid);
    /* an appType 2 change updates its order (one more revision), it is not a new trade; so does
     * each order of a platform export, which adds what the declaration lacks (the destination
     * country, what the buyer paid): one more revision, never a second order */
    ck_assert_int_gt(changes, 0);
    {
        GHashTable *shop = column_set(ds_table_named(night, "shopify_orders"), "Name");
        GHashTable *ebay = column_set(ds_table_named(night, "ebay_orders"), "Order Number");
        GHashTable *ozon = column_set(ds_table_named(night, "ozon_postings"), "Номер заказа");
        ck_assert_int_eq(q("SELECT sum(revision-1) FROM orders"),
                         changes + g_hash_table_size(shop) + g_hash_table_size(ebay) + g_hash_table_size(ozon));
        g_hash_table_destroy(shop);
        g_hash_table_destroy(ebay);
        g_hash_table_destroy(ozon);
    }
    ck_assert_int_eq(q("SELECT count(*) FROM payment"), distinct("411", "payTransactionId") + distinct("403", "payNo"));
    ck_assert_int_eq(q("SELECT sum(amount) FROM payment"), pay);
    ck_assert_int_eq(q("SELECT count(*) FROM shipment"), distinct("511 505", "logisticsNo"));
    ck_assert_int_eq(q("SELECT count(*) FROM customs_list"), distinct("621 603", "copNo"));
    ck_assert_int_eq(q("SELECT count(*) FROM customs_receipt"), distinct("312 622", "guid"));
    /* the zone settlement account's camt.053 and the platforms' (camt053 plugin), the second
     * account's MT940 (mt940 plugin): each statement stored once, tied out, with the balances,
     * entries and account holder (Acct/Ownr/Nm, none where the bank prints none) of its file */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), night->statements);
    ck_assert_int_eq(night->statements, 6);
    for (i = 0; i < night->stmts->len; i++) {
        const ds_stmt *st = g_ptr_array_index(night->stmts, i);
        const char *plugin = !strcmp(st->format, "mt940") ? "mt940" : "camt053";
        char *sql = g_strdup_printf("SELECT s.balanced||'|'||s.opening_balance||'|'||s.closing_balance||'|'||"
                                    "s.entry_count||'|'||f.plugin||'|'||f.records_quarantined||'|'||f.status||'|'||"
                                    "(SELECT count(*) FROM bank_txn t WHERE t.statement_id=s.statement_id)||'|'||"
                                    "(SELECT coalesce(sum(amount),0) FROM bank_txn t WHERE t.statement_id="
                                    "s.statement_id AND t.direction='C')||'|'||coalesce(s.owner_name,'') FROM "
                                    "bank_statement s JOIN source_file f ON f.source_id=s.source_id WHERE s.account='%s'",
                                    st->account);
        char *want = g_strdup_printf("1|%lld|%lld|%d|%s|0|ok|%d|%lld|%s", (long long)st->opening,
                                     (long long)st->closing, st->entries, plugin, st->entries, (long long)st->credits,
                                     st->owner);
        tu_assert_sql_text(db, sql, want);
        g_free(sql);
        g_free(want);
    }
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), night->ntry->len);
    ck_assert_int_eq(q("SELECT sum(amount) FROM bank_txn WHERE direction='C'"), night->sum_credits);
    g_hash_table_destroy(latest);
    g_free(err);
}
END_TEST

/* Grams of a weight in kilograms with up to three places ("0.522"). */
static int64_t grams(const char *kg)
{
    long long whole = 0;
    char frac[4] = "000";
    const char *dot = strchr(kg, '.');
    ck_assert_int_eq(sscanf(kg, "%lld", &whole), 1);
    if (dot)
        memcpy(frac, dot + 1, MIN(strlen(dot + 1), 3));
    return whole * 1000 + atoi(frac);
}

/* The source_file row of a table of the night: records read, stored (the others are duplicates:
 * nothing to add to the row they join), none quarantined. */
static void assert_source_counts(const ds_table *t, const char *plugin, int64_t read, int64_t stored)
{
    char *sql = g_strdup_printf("SELECT plugin||'|'||records_read||'|'||records_stored||'|'||records_duplicate||'|'||"
                                "records_quarantined||'|'||status FROM source_file WHERE path LIKE '%%/%s'", t->name);
    char *want = g_strdup_printf("%s|%lld|%lld|%lld|0|ok", plugin, (long long)read, (long long)stored,
                                 (long long)(read - stored));
    tu_assert_sql_text(db, sql, want);
    g_free(sql);
    g_free(want);
}

/* Every record of the table stored. */
static void assert_source(const ds_table *t, const char *plugin, int64_t records)
{
    assert_source_counts(t, plugin, records, records);
}

/* The platform exports and the post's manifest: read by their plugins with nothing quarantined,
 * and every row joined a declared trade: the order of that number and platform (the CEB303's
 * ebpCode), still the declaration's row, with the amounts of the declaration; the manifest's
 * parcels are the post's CEB505 waybills, now carrying the order number of their 603 list. */
START_TEST(exports_join_the_trades)
{
    GHashTable *o303 = g_hash_table_new(g_str_hash, g_str_equal), *w505 = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *l603 = g_hash_table_new(g_str_hash, g_str_equal), *w511 = g_hash_table_new(g_str_hash, g_str_equal);
    static const char *const stores[][4] = {{"shopify_orders", "Name", "Total", "shopify_orders"},
                                            {"ebay_orders", "Order Number", "Total Price", "ebay_orders"}};
    const ds_table *pm;
    guint i, k;
    int joined = 0;

    for (i = 0; i < night->recs->len; i++) {
        ds_rec *r = g_ptr_array_index(night->recs, i);
        if (!strcmp(r->type, "303"))
            g_hash_table_replace(o303, (gpointer)ds_get(r, "orderNo"), r); /* the latest version */
        else if (!strcmp(r->type, "505"))
            g_hash_table_replace(w505, (gpointer)ds_get(r, "logisticsNo"), r);
        else if (!strcmp(r->type, "603"))
            g_hash_table_replace(l603, (gpointer)ds_get(r, "logisticsNo"), r);
        else if (!strcmp(r->type, "511"))
            g_hash_table_replace(w511, (gpointer)ds_get(r, "logisticsNo"), r);
    }
    /* + the Ozon postings (marketplace_parcels_join_the_waybills), the enterprise register and events
     * (credit_from_the_register) */
    ck_assert_int_eq(night->tables->len, 6);
    for (k = 0; k < G_N_ELEMENTS(stores); k++) {
        const ds_table *t = ds_table_named(night, stores[k][0]);
        GHashTable *orders = column_set(t, stores[k][1]);
        int ct = ds_col(t, stores[k][2]);
        GHashTableIter it;
        gpointer no;

        ck_assert_int_gt(g_hash_table_size(orders), 0);
        if (strcmp(stores[k][0], "ebay_orders") != 0) /* its shipments too: marketplace_parcels_join_the_waybills */
            assert_source(t, stores[k][3], g_hash_table_size(orders));
        g_hash_table_iter_init(&it, orders);
        while (g_hash_table_iter_next(&it, &no, NULL)) {
            ds_rec *r = g_hash_table_lookup(o303, no);
            char *sql, *want;
            ck_assert_msg(r != NULL, "%s: order %s was not declared on a CEB303", t->name, (char *)no);
            /* one order of that number, on the declaring platform, still the declaration's row
             * (the export only fills what the declaration left empty: store.h, source precedence) */
            sql = g_strdup_printf("SELECT count(*) FROM orders WHERE order_no='%s'", (char *)no);
            ck_assert_int_eq(q(sql), 1);
            g_free(sql);
            sql = g_strdup_printf("SELECT o.platform_code||'|'||f.plugin||'|'||o.goods_value||'|'||o.freight||'|'||"
                                  "o.actual_paid FROM orders o JOIN source_file f ON f.source_id=o.source_id "
                                  "WHERE o.order_no='%s'", (char *)no);
            want = g_strdup_printf("%s|ceb|%lld|%lld|%lld", ds_get(r, "ebpCode"),
                                   (long long)ds_fen(ds_get(r, "goodsValue")), (long long)ds_fen(ds_get(r, "freight")),
                                   (long long)(ds_fen(ds_get(r, "goodsValue")) + ds_fen(ds_get(r, "freight"))));
            tu_assert_sql_text(db, sql, want);
            g_free(sql);
            g_free(want);
            joined++;
        }
        /* the file's totals are the declared ones */
        for (i = 1; i < t->rows->len; i++) {
            char **row = g_ptr_array_index(t->rows, i);
            ds_rec *r = g_strv_length(row) > (guint)ct && *row[ct] ? g_hash_table_lookup(o303, row[ds_col(t, stores[k][1])]) : NULL;
            if (r)
                ck_assert_int_eq(ds_fen(row[ct]), ds_fen(ds_get(r, "goodsValue")) + ds_fen(ds_get(r, "freight")));
        }
        g_hash_table_destroy(orders);
    }
    /* the post's manifest: its export parcels (CEB505, posted in China) and its inbound e-packets
     * (CEB511, addressed to China), each the declared waybill of that number and carrier code (still
     * the declaration's row, with the destination the manifest adds); read alone, each parcel
     * takes the manifest's own direction */
    pm = ds_table_named(night, "_manifest_");
    ck_assert_ptr_nonnull(pm);
    {
        GHashTable *parcels = column_set(pm, "邮件号");
        int c_order = ds_col(pm, "订单号"), c_no = ds_col(pm, "邮件号"), c_carrier = ds_col(pm, "物流商");
        int c_to = ds_col(pm, "寄达国"), c_from = ds_col(pm, "原寄国"), c_name = ds_col(pm, "收件人");
        GHashTable *inbound = g_hash_table_new(g_str_hash, g_str_equal);
        char *alone = tu_path(dir, "manifest_alone.db");
        ck_assert_int_eq(tu_run(NULL, NULL, "-q", "--config", conf, "ingest", "--db", alone, pm->path, NULL), 0);
        ck_assert_int_gt(g_hash_table_size(parcels), 0);
        ck_assert_int_ge(c_from, 0);
        assert_source(pm, "postal_manifest", g_hash_table_size(parcels));
        for (i = 1; i < pm->rows->len; i++) {
            char **row = g_ptr_array_index(pm->rows, i);
            int import = !strcmp(row[c_to], "中国");
            ds_rec *w = g_hash_table_lookup(import ? w511 : w505, row[c_no]), *l = g_hash_table_lookup(l603, row[c_no]);
            char *sql, *want;
            if (import) {
                /* an import: the CEB511 of that number, to its consignee, posted abroad */
                ck_assert_msg(w != NULL, "manifest parcel %s is not a declared import waybill", row[c_no]);
                ck_assert_str_ne(row[c_from], "中国");
                ck_assert_str_eq(row[c_name], ds_get(w, "consignee"));
                g_hash_table_add(inbound, row[c_no]);
            } else {
                ck_assert_msg(w && l, "manifest parcel %s is not a declared export waybill", row[c_no]);
                ck_assert_str_eq(row[c_from], "中国");
            }
            ck_assert_str_eq(row[c_carrier], ds_get(w, "logisticsCode"));
            ck_assert_str_eq(row[c_order], import ? ds_get(w, "orderNo") : ds_get(l, "orderNo"));
            sql = g_strdup_printf("SELECT count(*)||'|'||max(logistics_code)||'|'||max(order_no)||'|'||max(weight_g)||'|'||"
                                  "max(tracking_kind)||'|'||max(direction)||'|'||max(f.plugin)||'|'||"
                                  "max(destination_country='CN') FROM shipment s JOIN source_file f ON "
                                  "f.source_id=s.source_id WHERE logistics_no='%s'", row[c_no]);
            want = g_strdup_printf("1|%s|%s|%lld|s10|%s|ceb|%d", ds_get(w, "logisticsCode"), row[c_order],
                                   (long long)grams(ds_get(w, import ? "weight" : "grossWeight")),
                                   import ? "import" : "export", import);
            tu_assert_sql_text(db, sql, want);
            g_free(sql);
            g_free(want);
            /* the manifest by itself says the same: inbound parcels are imports */
            sql = g_strdup_printf("SELECT direction FROM shipment WHERE logistics_no='%s'", row[c_no]);
            tu_assert_sql_text(alone, sql, import ? "import" : "export");
            g_free(sql);
        }
        /* inbound parcels are there, and every parcel updated its waybill (none is a new one; the
         * revisions the marketplaces add: marketplace_parcels_join_the_waybills) */
        ck_assert_int_gt(g_hash_table_size(inbound), 0);
        ck_assert_int_lt(g_hash_table_size(inbound), g_hash_table_size(parcels));
        {
            GHashTableIter pi;
            gpointer no;
            g_hash_table_iter_init(&pi, parcels);
            while (g_hash_table_iter_next(&pi, &no, NULL)) {
                char *sql = g_strdup_printf("SELECT revision>1 FROM shipment WHERE logistics_no='%s'", (char *)no);
                ck_assert_int_eq(q(sql), 1);
                g_free(sql);
            }
        }
        ck_assert_int_eq(q("SELECT count(*) FROM shipment WHERE direction='import'"), g_hash_table_size(w511));
        ck_assert_int_eq(tu_sql_int(alone, "SELECT count(*) FROM shipment WHERE direction='import'"),
                         g_hash_table_size(inbound));
        g_free(alone);
        g_hash_table_destroy(inbound);
        g_hash_table_destroy(parcels);
    }
    ck_assert_int_gt(joined, 0);
    /* nothing the exports brought is a new document */
    ck_assert_int_eq(q("SELECT count(*) FROM orders WHERE platform_code IN ('SHOPIFY','EBAY','OZON')"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM finding"), 0);
    g_hash_table_destroy(o303);
    g_hash_table_destroy(w505);
    g_hash_table_destroy(l603);
    g_hash_table_destroy(w511);
}
END_TEST

/* A plugin's carrier_codes in the night's config, parsed here: service name -> customs code. */
static GHashTable *carrier_codes(GKeyFile *kf, const char *group)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *v = g_key_file_get_string(kf, group, "carrier_codes", NULL), **pairs;
    int i;
    ck_assert_msg(v != NULL, "[%s] has no carrier_codes", group);
    pairs = g_strsplit(v, ";", -1);
    for (i = 0; pairs[i]; i++) {
        char **kv = g_strsplit(pairs[i], "=", 2);
        ck_assert_int_eq(g_strv_length(kv), 2);
        g_hash_table_insert(h, g_strdup(g_strstrip(kv[0])), g_strdup(g_strstrip(kv[1])));
        g_strfreev(kv);
    }
    g_strfreev(pairs);
    g_free(v);
    return h;
}

/* Fen of an amount with a decimal comma (Ozon). */
static int64_t fen_comma(const char *text)
{
    char *t = g_strdup(text);
    int64_t v;
    g_strdelimit(t, ",", '.');
    v = ds_fen(t);
    g_free(t);
    ck_assert_msg(v != INT64_MIN, "bad amount \"%s\"", text);
    return v;
}

/* The waybill a marketplace's tracking number names joined: one shipment of that number, the
 * declaration's row (ceb) under the carrier's customs code, with the order number. */
static void assert_joined_waybill(const char *no, const char *code, const char *order, const char *bill)
{
    char *sql = g_strdup_printf("SELECT count(*)||'|'||max(s.logistics_code)||'|'||max(f.plugin)||'|'||max(s.order_no)"
                                "||'|'||max(coalesce(s.bill_no,'')) FROM shipment s JOIN source_file f ON "
                                "f.source_id=s.source_id WHERE s.logistics_no='%s'", no);
    char *want = g_strdup_printf("1|%s|ceb|%s|%s", code, order, bill);
    tu_assert_sql_text(db, sql, want);
    g_free(sql);
    g_free(want);
}

/* The eBay report's tracking numbers and the Ozon postings: every shipped eBay order carries its
 * CEB505 waybill's number and a service the config maps to that waybill's carrier; every Ozon
 * posting is a declared 9610 export of the config's platform to Russia, with the waybill's number,
 * the declared amounts and the carrier's service.  Ingested (ozon_postings reads the file, 0
 * quarantined), they join the declared orders and waybills: no new shipment (the count is the
 * CEB waybills', night_ingests_whole), the joined rows keep the declaration's values and the
 * carrier's customs code, and each adds what the waybill lacked (one revision). */
START_TEST(marketplace_parcels_join_the_waybills)
{
    GKeyFile *kf = g_key_file_new();
    GHashTable *o303 = g_hash_table_new(g_str_hash, g_str_equal), *l603 = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *w505 = g_hash_table_new(g_str_hash, g_str_equal), *codes_eb, *codes_oz, *carriers;
    GHashTable *ebay_orders, *tracked = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *postings = g_hash_table_new(g_str_hash, g_str_equal), *oz_orders;
    GHashTable *manifest = column_set(ds_table_named(night, "_manifest_"), "邮件号");
    const ds_table *eb = ds_table_named(night, "ebay_orders"), *oz = ds_table_named(night, "ozon_postings");
    char *ozon_pf, *ebay_pf;
    int64_t in_manifest = 0, extra = 0;
    guint i;
    GHashTableIter it;
    gpointer k;

    for (i = 0; i < night->recs->len; i++) {
        ds_rec *r = g_ptr_array_index(night->recs, i);
        if (!strcmp(r->type, "303"))
            g_hash_table_replace(o303, (gpointer)ds_get(r, "orderNo"), r); /* the latest version */
        else if (!strcmp(r->type, "603"))
            g_hash_table_replace(l603, (gpointer)ds_get(r, "orderNo"), r);
        else if (!strcmp(r->type, "505"))
            g_hash_table_replace(w505, (gpointer)ds_get(r, "logisticsNo"), r);
    }
    ck_assert(g_key_file_load_from_file(kf, conf, G_KEY_FILE_NONE, NULL));
    codes_eb = carrier_codes(kf, "plugin.ebay_orders");
    codes_oz = carrier_codes(kf, "plugin.ozon_postings");
    ebay_pf = g_key_file_get_string(kf, "plugin.ebay_orders", "platform_code", NULL);
    ozon_pf = g_key_file_get_string(kf, "plugin.ozon_postings", "platform_code", NULL);
    ck_assert_ptr_nonnull(ozon_pf);
    carriers = g_hash_table_new(g_str_hash, g_str_equal);

    /* eBay: a shipped order (its 603 names a declared 505) has that waybill's number */
    ck_assert_ptr_nonnull(eb);
    ebay_orders = column_set(eb, "Order Number");
    {
        int c_order = ds_col(eb, "Order Number"), c_track = ds_col(eb, "Tracking Number");
        int c_service = ds_col(eb, "Shipping Service");
        for (i = 1; i < eb->rows->len; i++) {
            char **row = g_ptr_array_index(eb->rows, i);
            ds_rec *l, *w, *o;
            const char *code;
            if (g_strv_length(row) <= (guint)c_service || !g_hash_table_contains(ebay_orders, row[c_order]))
                continue; /* the trailer */
            o = g_hash_table_lookup(o303, row[c_order]);
            ck_assert_ptr_nonnull(o);
            ck_assert_str_eq(ds_get(o, "ebpCode"), ebay_pf);
            l = g_hash_table_lookup(l603, row[c_order]);
            w = l ? g_hash_table_lookup(w505, ds_get(l, "logisticsNo")) : NULL;
            if (!w) {
                ck_assert_str_eq(row[c_track], "");
                continue;
            }
            ck_assert_str_eq(row[c_track], ds_get(w, "logisticsNo"));
            code = g_hash_table_lookup(codes_eb, row[c_service]);
            ck_assert_msg(code && !strcmp(code, ds_get(w, "logisticsCode")), "eBay service \"%s\" is not mapped to %s",
                          row[c_service], ds_get(w, "logisticsCode"));
            g_hash_table_add(carriers, (gpointer)ds_get(w, "logisticsCode"));
            if (!g_hash_table_contains(tracked, row[c_track])) {
                g_hash_table_add(tracked, row[c_track]);
                assert_joined_waybill(row[c_track], code, row[c_order], "");
                if (g_hash_table_contains(manifest, row[c_track]))
                    in_manifest++;
            }
        }
    }
    ck_assert_int_gt(g_hash_table_size(tracked), 0);
    /* one order and one shipment per shipped order; a parcel the post's manifest listed has what
     * eBay knows of it already (order number, destination): a duplicate, the others are updated */
    assert_source_counts(eb, "ebay_orders", g_hash_table_size(ebay_orders) + g_hash_table_size(tracked),
                         g_hash_table_size(ebay_orders) + g_hash_table_size(tracked) - in_manifest);
    ck_assert_int_gt(in_manifest, 0);
    ck_assert_int_lt(in_manifest, g_hash_table_size(tracked));
    extra = g_hash_table_size(tracked) - in_manifest;

    /* Ozon: one posting per order, of the config's platform, to Russia, as declared */
    ck_assert_ptr_nonnull(oz);
    oz_orders = column_set(oz, "Номер заказа");
    {
        int c_order = ds_col(oz, "Номер заказа"), c_post = ds_col(oz, "Номер отправления"), c_track = ds_col(oz, "Трек-номер");
        int c_service = ds_col(oz, "Служба доставки"), c_sum = ds_col(oz, "Сумма отправления");
        int c_ccy = ds_col(oz, "Код валюты отправления"), c_deliv = ds_col(oz, "Стоимость доставки");
        int c_sku = ds_col(oz, "Артикул"), c_qty = ds_col(oz, "Количество"), c_total = ds_col(oz, "Итоговая стоимость товара");
        int c_iccy = ds_col(oz, "Код валюты товара");
        ck_assert_int_ge(c_iccy, 0);
        ck_assert_int_ge(c_deliv, 0);
        for (i = 1; i < oz->rows->len; i++) {
            char **row = g_ptr_array_index(oz->rows, i), *want;
            ds_rec *o = g_hash_table_lookup(o303, row[c_order]), *l = g_hash_table_lookup(l603, row[c_order]), *w;
            const char *code;
            guint j;
            int found = 0;
            ck_assert_msg(o && l, "Ozon order %s is not a declared export", row[c_order]);
            ck_assert_str_eq(ds_get(o, "ebpCode"), ozon_pf);
            ck_assert_str_eq(ds_get(l, "tradeMode"), "9610");
            ck_assert_str_eq(ds_get(l, "country"), "344");
            w = g_hash_table_lookup(w505, ds_get(l, "logisticsNo"));
            ck_assert_ptr_nonnull(w);
            want = g_strconcat(row[c_order], "-1", NULL);
            ck_assert_str_eq(row[c_post], want);
            g_free(want);
            ck_assert_str_eq(row[c_track], ds_get(w, "logisticsNo"));
            code = g_hash_table_lookup(codes_oz, row[c_service]);
            ck_assert_msg(code && !strcmp(code, ds_get(w, "logisticsCode")), "Ozon service \"%s\" is not mapped to %s",
                          row[c_service], ds_get(w, "logisticsCode"));
            g_hash_table_add(carriers, (gpointer)ds_get(w, "logisticsCode"));
            ck_assert_str_eq(row[c_ccy], "CNY");
            ck_assert_str_eq(row[c_iccy], "CNY");
            ck_assert_int_eq(fen_comma(row[c_sum]), ds_fen(ds_get(o, "goodsValue")));
            ck_assert_int_eq(fen_comma(row[c_deliv]), ds_fen(ds_get(o, "freight")));
            for (j = 0; j < o->lines->len; j++)
                if (!strcmp(ds_line(o, j, "itemNo"), row[c_sku]) && !strcmp(ds_line(o, j, "qty"), row[c_qty]) &&
                    ds_fen(ds_line(o, j, "totalPrice")) == fen_comma(row[c_total]))
                    found = 1;
            ck_assert_msg(found, "Ozon row %s %s: no such declared line", row[c_order], row[c_sku]);
            g_hash_table_add(postings, row[c_track]);
            assert_joined_waybill(row[c_track], code, row[c_order], row[c_post]);
        }
    }
    ck_assert_int_gt(g_hash_table_size(postings), 0);
    ck_assert_int_eq(g_hash_table_size(postings), g_hash_table_size(oz_orders));
    /* an order and a shipment per posting, each adds what the declaration lacked */
    assert_source_counts(oz, "ozon_postings", 2 * g_hash_table_size(postings), 2 * g_hash_table_size(postings));
    g_hash_table_iter_init(&it, oz_orders);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        ds_rec *o = g_hash_table_lookup(o303, k);
        char *sql = g_strdup_printf("SELECT count(*)||'|'||max(o.platform_code)||'|'||max(f.plugin)||'|'||"
                                    "max(o.goods_value)||'|'||max(o.freight)||'|'||max(o.actual_paid) FROM orders o "
                                    "JOIN source_file f ON f.source_id=o.source_id WHERE o.order_no='%s'", (char *)k);
        int64_t goods = ds_fen(ds_get(o, "goodsValue")), freight = ds_fen(ds_get(o, "freight"));
        char *want = g_strdup_printf("1|%s|ceb|%lld|%lld|%lld", ozon_pf, (long long)goods, (long long)freight,
                                     (long long)(goods + freight));
        tu_assert_sql_text(db, sql, want);
        g_free(sql);
        g_free(want);
    }
    /* both carriers of 9610 exports (the post, the Erenhot forwarder) are named by a service */
    ck_assert_int_eq(g_hash_table_size(carriers), 2);
    /* no waybill keyed by a service name or the marketplace, no Ozon order of its own */
    ck_assert_int_eq(q("SELECT count(*) FROM shipment WHERE logistics_code NOT IN (SELECT code FROM enterprise "
                       "WHERE role='carrier')"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM orders WHERE platform_code='OZON'"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM finding"), 0);
    /* one revision per source that added to a waybill: the manifest (its parcels), eBay (the
     * parcels the manifest did not list), Ozon (every posting: its number as bill_no) */
    ck_assert_int_eq(q("SELECT sum(revision-1) FROM shipment"),
                     g_hash_table_size(manifest) + extra + g_hash_table_size(postings));

    g_hash_table_destroy(postings);
    g_hash_table_destroy(oz_orders);
    g_hash_table_destroy(tracked);
    g_hash_table_destroy(ebay_orders);
    g_hash_table_destroy(carriers);
    g_hash_table_destroy(codes_eb);
    g_hash_table_destroy(codes_oz);
    g_hash_table_destroy(manifest);
    g_hash_table_destroy(o303);
    g_hash_table_destroy(l603);
    g_hash_table_destroy(w505);
    g_free(ozon_pf);
    g_free(ebay_pf);
    g_key_file_free(kf);
}
END_TEST

/* Without the night's config the tabular plugins key their orders by their own platform
 * codes (new trades); platform_code in [plugin.NAME] keys them by the declaring platform. */
START_TEST(platform_code_is_configurable)
{
    const ds_table *t = ds_table_named(night, "shopify_orders"), *e = ds_table_named(night, "ebay_orders");
    const ds_table *o = ds_table_named(night, "ozon_postings");
    char *d1 = tu_path(dir, "plain.db"), *d2 = tu_path(dir, "keyed.db");

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "ingest", "--db", d1, t->path, e->path, o->path, NULL), 0);
    ck_assert_int_eq(tu_sql_int(d1, "SELECT count(*) FROM orders WHERE platform_code NOT IN ('SHOPIFY','EBAY','OZON')"),
                     0);
    /* without carrier_codes a tracking number keys a waybill of the service's name */
    ck_assert_int_gt(tu_sql_int(d1, "SELECT count(*) FROM shipment WHERE logistics_code IN ('Почта России',"
                                    "'ePacket delivery from China')"), 0);
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "-o", "plugin.shopify_orders.platform_code=PF1", "-o",
                            "plugin.shopify_orders.platform_name=Store one", "-o",
                            "plugin.ebay_orders.platform_code=PF2", "-o", "plugin.ozon_postings.platform_code=PF3",
                            "ingest", "--db", d2, t->path, e->path, o->path, NULL),
                     0);
    ck_assert_int_eq(tu_sql_int(d2, "SELECT count(*) FROM orders WHERE platform_code IN ('SHOPIFY','EBAY','OZON')"), 0);
    ck_assert_int_eq(tu_sql_int(d2, "SELECT count(*) FROM orders WHERE platform_code='PF3' AND platform_name='Ozon'"),
                     tu_sql_int(d1, "SELECT count(*) FROM orders WHERE platform_code='OZON'"));
    ck_assert_int_gt(tu_sql_int(d1, "SELECT count(*) FROM orders WHERE platform_code='OZON'"), 0);
    ck_assert_int_eq(tu_sql_int(d2, "SELECT count(*) FROM orders WHERE platform_code='PF1' AND platform_name='Store one'"),
                     tu_sql_int(d1, "SELECT count(*) FROM orders WHERE platform_code='SHOPIFY'"));
    ck_assert_int_eq(tu_sql_int(d2, "SELECT count(*) FROM orders WHERE platform_code='PF2' AND platform_name='eBay'"),
                     tu_sql_int(d1, "SELECT count(*) FROM orders WHERE platform_code='EBAY'"));
    g_free(d1);
    g_free(d2);
}
END_TEST

/* Reconcile and analyse the night with the repository's rule packs and the night's config (its
 * [accounts] line): one flow per trade with the expected status and reasons, and the expected risk
 * rules; every batch credit settles the payments of its own platform, every B2B wire its order. */
START_TEST(night_reconciles_to_truth)
{
    char *rr = tu_src("etc/reconcile.rules"), *risk = tu_src("etc/risk.rules"), *credit = tu_src("etc/credit.rules");
    char *o1 = g_strconcat("reconcile.rules=", rr, NULL), *o2 = g_strconcat("analyse.risk_rules=", risk, NULL);
    char *o3 = g_strconcat("analyse.credit_rules=", credit, NULL), *text = NULL, *tp = tu_path(dir, "truth.tsv");
    char **rows;
    int i, checked = 0, b2b_paid = 0, b2b_unpaid = 0;

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "--config", conf, "reconcile", "--db", db, "--date", DATE, "-o", o1, NULL),
                     0);
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "analyse", "--db", db, "--date", DATE, "-o", o2, "-o", o3, NULL), 0);
    ck_assert(g_file_get_contents(tp, &text, NULL, NULL));
    rows = g_strsplit(text, "\n", -1);
    for (i = 1; rows[i] && *rows[i]; i++) {
        char **f = g_strsplit(rows[i], "\t", -1), *sql, *got;
        b2b_paid += !strcmp(f[2], "clean_b2b");
        b2b_unpaid += !strcmp(f[2], "b2b_unpaid");
        if (!*f[0]) {
            /* the unexplained bank credit: a flow of its own, without an order */
            ck_assert_int_eq(q("SELECT count(*) FROM flow WHERE order_no IS NULL OR order_no=''"), 1);
            got = tu_sql_text(db, "SELECT status||'|'||reasons FROM flow WHERE order_no IS NULL OR order_no=''");
            sql = g_strdup_printf("%s|%s", f[3], f[4]);
            ck_assert_str_eq(got, sql);
        } else {
            sql = g_strdup_printf("SELECT status||'|'||reasons FROM flow WHERE order_no='%s' AND platform_code='%s'",
                                  f[0], f[1]);
            got = tu_sql_text(db, sql);
            g_free(sql);
            sql = g_strdup_printf("%s|%s", f[3], f[4]);
            ck_assert_msg(got && !strcmp(got, sql), "%s (%s): flow %s, truth %s", f[0], f[2], got, sql);
            g_free(got);
            g_free(sql);
            sql = g_strdup_printf("SELECT coalesce(group_concat(rule_id, ' '), '') FROM (SELECT DISTINCT a.rule_id "
                                  "FROM alert a JOIN alert_order o ON o.alert_id=a.alert_id WHERE o.order_no='%s' "
                                  "ORDER BY 1)",
                                  f[0]);
            got = tu_sql_text(db, sql);
            ck_assert_msg(!strcmp(got, f[5]), "%s (%s): alerts \"%s\", truth \"%s\"", f[0], f[2], got, f[5]);
        }
        checked++;
        g_free(got);
        g_free(sql);
        g_strfreev(f);
    }
    ck_assert_int_eq(checked, 301);
    ck_assert_int_eq(q("SELECT count(*) FROM flow"), 301);
    /* every bank credit but the unexplained one settles matched trades, on both accounts: the
     * MT940's 1:1 credits by their /EREF/ order number, its batch credits by the company's name */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn b WHERE b.direction='C' AND NOT EXISTS (SELECT 1 FROM flow f"
                       " WHERE f.bank_txn_id=b.txn_id AND f.status='MATCHED')"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn b JOIN bank_statement s ON s.statement_id=b.statement_id"
                       " WHERE s.format='mt940' AND b.direction='C' AND NOT EXISTS (SELECT 1 FROM flow f"
                       " WHERE f.bank_txn_id=b.txn_id AND f.status='MATCHED')"), 0);
    ck_assert_int_gt(q("SELECT count(DISTINCT f.order_no) FROM flow f JOIN bank_txn b ON b.txn_id=f.bank_txn_id"
                       " JOIN bank_statement s ON s.statement_id=b.statement_id WHERE s.format='mt940'"
                       " AND b.reference=f.order_no"), 0);
    /* batch credits: every payment of the night linked to its platform account's credit (the demo
     * settles them all the same day), and only to a credit of its own platform's account: by the
     * holder's name, or for the account whose bank prints none by [accounts] */
    ck_assert_int_gt(q("SELECT count(*) FROM flow WHERE payment_id IS NOT NULL"), 100);
    ck_assert_int_eq(q("SELECT count(*) FROM flow f WHERE f.payment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
                       " bank_txn b JOIN bank_statement s ON s.statement_id=b.statement_id WHERE b.txn_id=f.bank_txn_id"
                       " AND s.account<>'150501712345000000018' AND s.format<>'mt940')"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM flow f JOIN bank_txn b ON b.txn_id=f.bank_txn_id JOIN bank_statement s"
                       " ON s.statement_id=b.statement_id WHERE f.payment_id IS NOT NULL AND"
                       " (s.owner_name IS NULL OR s.owner_name NOT IN (SELECT platform_name FROM orders o WHERE"
                       " o.platform_code=f.platform_code)) AND NOT (s.account='152501810000447702' AND"
                       " f.platform_code='1501968004')"), 0);
    ck_assert_int_gt(q("SELECT count(*) FROM flow f JOIN bank_txn b ON b.txn_id=f.bank_txn_id"
                       " WHERE b.account='152501810000447702'"), 0);
    /* B2B exports: every one paid by wire is linked to the wire naming it (no receipt), none missing */
    ck_assert_int_eq(q("SELECT count(*) FROM flow f JOIN bank_txn b ON b.txn_id=f.bank_txn_id WHERE f.trade_mode IN"
                       " ('9710','9810') AND f.status='MATCHED' AND f.payment_id IS NULL AND (instr(b.remittance,"
                       " f.order_no) > 0 OR b.reference=f.order_no)"), b2b_paid);
    ck_assert_int_eq(q("SELECT count(*) FROM flow WHERE trade_mode IN ('9710','9810') AND bank_txn_id IS NULL"),
                     b2b_unpaid);
    g_strfreev(rows);
    g_free(text);
    g_free(tp);
    g_free(rr);
    g_free(risk);
    g_free(credit);
    g_free(o1);
    g_free(o2);
    g_free(o3);
}
END_TEST

/* Data rows of a table of the night. */
static int64_t data_rows(const ds_table *t) { return (int64_t)t->rows->len - 1; }

/* The enterprise register and credit events (enterprise plugin, 0 quarantined): every code
 * of the trade data is a registered enterprise (analyse adds none from trade), with the
 * register's name, role and region; the events are stored once each and the scorecard
 * deducts, per enterprise and kind, points x events within the kind's window down to its
 * cap (etc/credit.rules); the serious violation older than its listing period made a
 * negative-list entry that has expired, so nobody is on the list in force. */
START_TEST(credit_from_the_register)
{
    static const char *const kinds[][2] = {{"行政处罚", "penalty"}, {"消费者投诉", "complaint"},
                                           {"列入经营异常名录", "abnormal_operation"},
                                           {"严重违法失信", "serious_violation"}};
    static const char *const roles[][2] = {{"电商平台", "platform"}, {"电商企业", "seller"},
                                           {"支付企业", "payment_company"}, {"物流企业", "carrier"}};
    const ds_table *reg = ds_table_named(night, "enterprise_register_"), *ev = ds_table_named(night, "credit_events_");
    char *rules_path = tu_src("etc/credit.rules");
    GKeyFile *rules = g_key_file_new();
    GHashTable *count = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTableIter it;
    gpointer k, v;
    guint i, j;
    int deducted = 0;

    ck_assert(g_key_file_load_from_file(rules, rules_path, G_KEY_FILE_NONE, NULL));
    assert_source(reg, "enterprise", data_rows(reg));
    assert_source(ev, "enterprise", data_rows(ev));
    ck_assert_int_eq(q("SELECT count(*) FROM enterprise"), data_rows(reg));
    ck_assert_int_eq(q("SELECT count(*) FROM enterprise WHERE origin<>'register'"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM (SELECT platform_code AS c FROM orders UNION SELECT seller_code FROM orders"
                       " UNION SELECT pay_code FROM payment UNION SELECT logistics_code FROM shipment) x WHERE"
                       " coalesce(c,'')<>'' AND c NOT IN (SELECT code FROM enterprise)"), 0);
    for (i = 1; i < reg->rows->len; i++) {
        char **r = g_ptr_array_index(reg->rows, i), *sql, *want = NULL;
        for (j = 0; j < G_N_ELEMENTS(roles); j++)
            if (!strcmp(r[2], roles[j][0]))
                want = g_strdup_printf("%s|%s|%s|1", r[1], roles[j][1], r[3]);
        ck_assert_ptr_nonnull(want);
        sql = g_strdup_printf("SELECT e.name||'|'||e.role||'|'||e.region||'|'||(SELECT count(*) FROM credit_score s"
                              " WHERE s.code=e.code AND s.as_of='" DATE "') FROM enterprise e WHERE e.code='%s'", r[0]);
        tu_assert_sql_text(db, sql, want);
        g_free(sql);
        g_free(want);
    }
    /* events per (code, kind) within the kind's window before the date */
    ck_assert_int_eq(q("SELECT count(*) FROM enterprise_event"), data_rows(ev));
    for (i = 1; i < ev->rows->len; i++) {
        char **r = g_ptr_array_index(ev->rows, i), *key = NULL, *grp;
        GDate *d = g_date_new(), *asof = g_date_new();
        int64_t *n;
        for (j = 0; j < G_N_ELEMENTS(kinds); j++)
            if (!strcmp(r[2], kinds[j][0]))
                key = g_strdup_printf("%s|%s", r[0], kinds[j][1]);
        ck_assert_ptr_nonnull(key);
        grp = g_strconcat("event.", strchr(key, '|') + 1, NULL);
        g_date_set_parse(d, r[3]);
        g_date_set_parse(asof, DATE);
        ck_assert(g_date_valid(d));
        if ((int64_t)g_date_days_between(d, asof) < g_key_file_get_int64(rules, grp, "within_days", NULL)) {
            if (!(n = g_hash_table_lookup(count, key)))
                g_hash_table_insert(count, g_strdup(key), n = g_new0(int64_t, 1));
            (*n)++;
        }
        g_free(key);
        g_free(grp);
        g_date_free(d);
        g_date_free(asof);
    }
    ck_assert_int_gt(g_hash_table_size(count), 2);
    g_hash_table_iter_init(&it, count);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        char **kv = g_strsplit(k, "|", 2), *grp = g_strconcat("event.", kv[1], NULL), *sql, *want;
        int64_t pts = g_key_file_get_int64(rules, grp, "points", NULL), cap = g_key_file_get_int64(rules, grp, "cap", NULL);
        int64_t lost = MAX(cap, pts * *(int64_t *)v);
        sql = g_strdup_printf("SELECT json_extract(j.value,'$.value')||'|'||CAST(round(json_extract(j.value,"
                              "'$.contribution')*100) AS INTEGER) FROM credit_score c, json_each(c.factors) j WHERE"
                              " c.code='%s' AND c.as_of='" DATE "' AND json_extract(j.value,'$.factor')='event:%s'",
                              kv[0], kv[1]);
        want = g_strdup_printf("%lld|%lld", (long long)*(int64_t *)v, (long long)(lost * 100));
        tu_assert_sql_text(db, sql, want);
        deducted += lost < 0;
        g_free(sql);
        g_free(want);
        g_free(grp);
        g_strfreev(kv);
    }
    ck_assert_int_gt(deducted, 2);
    /* no deduction without an event in its window */
    ck_assert_int_eq(q("SELECT count(*) FROM credit_score c, json_each(c.factors) j WHERE c.as_of='" DATE "' AND"
                       " json_extract(j.value,'$.factor') LIKE 'event:%' AND json_extract(j.value,'$.value')>0"),
                     g_hash_table_size(count));
    /* the old serious violation: listed once, expired before the night; no list in force */
    ck_assert_int_eq(q("SELECT count(*) FROM negative_list WHERE reason='serious_violation' AND expires_on<='" DATE "'"),
                     1);
    ck_assert_int_eq(q("SELECT count(*) FROM negative_list WHERE expires_on IS NULL OR expires_on>'" DATE "'"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM credit_score WHERE on_negative_list<>0"), 0);
    g_hash_table_destroy(count);
    g_key_file_free(rules);
    g_free(rules_path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("demo_ingest");
    TCase *tc = tcase_create("e2e");
    SRunner *sr;
    int failed;

    setup();
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, night_ingests_whole);
    tcase_add_test(tc, exports_join_the_trades);
    tcase_add_test(tc, marketplace_parcels_join_the_waybills);
    tcase_add_test(tc, platform_code_is_configurable);
    tcase_add_test(tc, night_reconciles_to_truth);
    tcase_add_test(tc, credit_from_the_register);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    /* the second test works on the first one's dataset: run them in this process, in order */
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    ds_free(night);
    return failed ? 1 : 0;
}
