/* Optional: the 15 official CEB sample messages (202205 edition) from
 * $CBECFLOW_CONFORMANCE/ceb ingest with conserved counts and their known defects
 * reported as findings.  Skipped (exit 77) when the samples are absent.
 * Expectations come from reading the samples: e.g. CEB311 holds six identical
 * orders whose second line says 200 x 10 = 12000 and whose buyer ID fails the
 * GB 11643 check; the export samples carry two BaseTransfer blocks. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"

static char *samples;

static char *ingest_one(const char *name, int *rc)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "c.db"), *f = g_build_filename(samples, name, NULL);
    *rc = tu_run(NULL, NULL, "ingest", "--db", db, f, NULL);
    g_free(f);
    g_free(dir);
    return db;
}

#define SQLI(db, sql) tu_sql_int(db, sql)

static void conserved(const char *db, int read, int stored, int dup)
{
    ck_assert_int_eq(SQLI(db, "SELECT records_read FROM source_file"), read);
    ck_assert_int_eq(SQLI(db, "SELECT records_stored FROM source_file"), stored);
    ck_assert_int_eq(SQLI(db, "SELECT records_duplicate FROM source_file"), dup);
    ck_assert_int_eq(SQLI(db, "SELECT records_quarantined FROM source_file"), read - stored - dup);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine"), read - stored - dup);
}

static int findings(const char *db, const char *code)
{
    char *sql = g_strdup_printf("SELECT count(*) FROM finding WHERE code='%s'", code);
    int n = (int)tu_sql_int(db, sql);
    g_free(sql);
    return n;
}

START_TEST(all_samples_conserve_counts)
{
    const char *names[] = {"CEB303Message.xml", "CEB311Message.xml", "CEB312Message.xml", "CEB403Message.xml",
                           "CEB411Message.xml", "CEB412Message.xml", "CEB505Message.xml", "CEB509Message.xml",
                           "CEB511Message.xml", "CEB512Message.xml", "CEB513Message.xml", "CEB603Message.xml",
                           "CEB621Message.xml", "CEB622Message.xml", "CEB711Message.xml"};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        int rc;
        char *db = ingest_one(names[i], &rc);
        ck_assert_msg(rc == 0, "%s: exit %d", names[i], rc);
        ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM source_file WHERE plugin='ceb' AND status='ok'"), 1);
        ck_assert_int_eq(SQLI(db, "SELECT records_read - records_stored - records_quarantined - records_duplicate "
                                  "FROM source_file"), 0);
        ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine"), 0);
        g_free(db);
    }
}
END_TEST

START_TEST(import_samples)
{
    int rc;
    char *db = ingest_one("CEB311Message.xml", &rc);
    conserved(db, 6, 1, 5);
    /* 14000 + 5000 + 50 - 0 = 19050: consistent. */
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders"), 1905000);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders"), 1400000);
    ck_assert_int_eq(findings(db, "SUM_MISMATCH"), 0);
    ck_assert_int_eq(findings(db, "LINE_TOTAL_MISMATCH"), 1);   /* 200 x 10 <> 12000 */
    ck_assert_int_eq(findings(db, "ID_CHECKSUM"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM order_item WHERE origin_country='JP' AND "
                              "origin_country_code='116'"), 2);
    g_free(db);

    db = ingest_one("CEB411Message.xml", &rc);
    conserved(db, 10, 2, 8);                                    /* two payments, each sent five times */
    ck_assert_int_eq(SQLI(db, "SELECT sum(amount) FROM payment"), 3810000);
    g_free(db);

    db = ingest_one("CEB511Message.xml", &rc);
    /* One waybill number sent six times with five different orders: one shipment, updated. */
    conserved(db, 6, 5, 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment"), 4000000);
    ck_assert_int_eq(findings(db, "DUPLICATE_KEY"), 4);
    ck_assert_int_ge(findings(db, "PACK_NO"), 1);               /* packNo 6000 */
    g_free(db);

    db = ingest_one("CEB621Message.xml", &rc);
    conserved(db, 10, 2, 8);
    ck_assert_int_ge(findings(db, "LINE_TOTAL_MISMATCH"), 2);  /* 100 x 20 <> 20, 200 x 60 <> 12 */
    ck_assert_int_eq(SQLI(db, "SELECT gross_weight_g FROM customs_list LIMIT 1"), 4000000);
    g_free(db);

    db = ingest_one("CEB312Message.xml", &rc);
    conserved(db, 10, 1, 9);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM customs_receipt WHERE return_time="
                              "'2016-04-28T18:22:38.000+08:00' AND order_no='order20160321116420545'"), 1);
    g_free(db);
}
END_TEST

START_TEST(export_samples)
{
    int rc;
    char *db = ingest_one("CEB303Message.xml", &rc);
    conserved(db, 10, 1, 9);
    /* 12345678912345.12345 CNY: 1234567891234512 fen, rounded, exactly (no float). */
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders"), 1234567891234512LL);
    ck_assert_int_eq(findings(db, "ROUNDED"), 1);
    ck_assert_int_ge(findings(db, "PLACEHOLDER_CODE"), 2);     /* unit and currency "aaa" */
    ck_assert_int_eq(findings(db, "BASE_TRANSFER"), 1);
    g_free(db);

    db = ingest_one("CEB505Message.xml", &rc);
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment"), 50500);
    ck_assert_int_ge(findings(db, "PACK_NO"), 1);               /* packNo 9 */
    ck_assert_int_eq(findings(db, "BASE_TRANSFER"), 1);
    g_free(db);

    db = ingest_one("CEB603Message.xml", &rc);
    ck_assert_int_ge(findings(db, "PLACEHOLDER_CODE"), 1);     /* country 001, ieFlag a */
    ck_assert_int_eq(findings(db, "BASE_TRANSFER"), 1);
    g_free(db);

    db = ingest_one("CEB509Message.xml", &rc);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment_event WHERE event='departure' AND "
                              "event_time='2018-05-08T09:22:01+08:00'"), 1);
    ck_assert_int_eq(findings(db, "BASE_TRANSFER"), 1);
    g_free(db);

    db = ingest_one("CEB403Message.xml", &rc);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE pay_transaction_id='P20180507001'"), 20050);
    g_free(db);
}
END_TEST

int main(void)
{
    const char *root = getenv("CBECFLOW_CONFORMANCE");
    Suite *s;
    TCase *tc;
    SRunner *sr;
    int failed;
    char *probe;

    if (!root)
        return 77;
    samples = g_build_filename(root, "ceb", NULL);
    probe = g_build_filename(samples, "CEB311Message.xml", NULL);
    if (!g_file_test(probe, G_FILE_TEST_IS_REGULAR)) {
        g_free(probe);
        return 77;
    }
    g_free(probe);
    s = suite_create("ceb_conformance");
    tc = tcase_create("ceb_conformance");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, all_samples_conserve_counts);
    tcase_add_test(tc, import_samples);
    tcase_add_test(tc, export_samples);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
