/* End to end: a generated night (300 trades) ingested with the built plugins.
 * Every record is stored (0 quarantined), counts and sums match what the
 * archives hold (read back here with libarchive + libxml2), resends count as
 * duplicates, the statement ties out; then reconcile and analyse with the
 * repository's rule packs find exactly what truth.tsv says. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"
#include "test_demo_scan.h"

#define DATE "2026-11-25"

static char *dir, *db, *night_dir;
static ds_night *night;

static void setup(void)
{
    if (dir)
        return;
    dir = tu_tmpdir();
    db = tu_path(dir, "night.db");
    night_dir = g_build_filename(dir, "drop", DATE, NULL);
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
    GHashTable *latest = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer k, v;

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "demo", "--out", dir, "--trades", "300", "--seed", "11", "--date", DATE,
                            NULL),
                     0);
    night = ds_scan(night_dir, NULL);
    ck_assert_int_eq(night->errors, 0);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, night_dir, NULL), 0);
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
    /* an appType 2 change updates its order (a second revision), it is not a new trade */
    ck_assert_int_gt(changes, 0);
    ck_assert_int_eq(q("SELECT count(*) FROM orders WHERE revision>=2"), changes);
    ck_assert_int_eq(q("SELECT count(*) FROM payment"), distinct("411", "payTransactionId") + distinct("403", "payNo"));
    ck_assert_int_eq(q("SELECT sum(amount) FROM payment"), pay);
    ck_assert_int_eq(q("SELECT count(*) FROM shipment"), distinct("511 505", "logisticsNo"));
    ck_assert_int_eq(q("SELECT count(*) FROM customs_list"), distinct("621 603", "copNo"));
    ck_assert_int_eq(q("SELECT count(*) FROM customs_receipt"), distinct("312 622", "guid"));
    /* the settlement account's statement (camt053 plugin) */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 1);
    ck_assert_int_eq(q("SELECT balanced FROM bank_statement"), 1);
    ck_assert_int_eq(q("SELECT opening_balance FROM bank_statement"), night->opening);
    ck_assert_int_eq(q("SELECT closing_balance FROM bank_statement"), night->closing);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), night->ntry->len);
    ck_assert_int_eq(q("SELECT sum(amount) FROM bank_txn WHERE direction='C'"), night->sum_credits);
    g_hash_table_destroy(latest);
    g_free(err);
}
END_TEST

/* Reconcile and analyse the night with the repository's rule packs: one flow per
 * trade with the expected status and reasons, and the expected risk rules. */
START_TEST(night_reconciles_to_truth)
{
    char *rr = tu_src("etc/reconcile.rules"), *risk = tu_src("etc/risk.rules"), *credit = tu_src("etc/credit.rules");
    char *o1 = g_strconcat("reconcile.rules=", rr, NULL), *o2 = g_strconcat("analyse.risk_rules=", risk, NULL);
    char *o3 = g_strconcat("analyse.credit_rules=", credit, NULL), *text = NULL, *tp = tu_path(dir, "truth.tsv");
    char **rows;
    int i, checked = 0;

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "reconcile", "--db", db, "--date", DATE, "-o", o1, NULL), 0);
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "analyse", "--db", db, "--date", DATE, "-o", o2, "-o", o3, NULL), 0);
    ck_assert(g_file_get_contents(tp, &text, NULL, NULL));
    rows = g_strsplit(text, "\n", -1);
    for (i = 1; rows[i] && *rows[i]; i++) {
        char **f = g_strsplit(rows[i], "\t", -1), *sql, *got;
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

int main(void)
{
    Suite *s = suite_create("demo_ingest");
    TCase *tc = tcase_create("e2e");
    SRunner *sr;
    int failed;

    setup();
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, night_ingests_whole);
    tcase_add_test(tc, night_reconciles_to_truth);
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
