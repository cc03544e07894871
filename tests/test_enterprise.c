/* The enterprise plugin end to end: the register (Chinese headers) and events (English
 * headers, mixed date forms) as CSV, and a two-sheet XLSX workbook; bad rows quarantined
 * with their reason; the analysis lists the repeated IP infringer on the negative list. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <xlsxwriter.h>

#include "testutil.h"

static char *dir, *db;

static void setup(void)
{
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
}

static void teardown(void)
{
    g_free(dir);
    g_free(db);
}

START_TEST(register_csv)
{
    char *f = tu_src("tests/fixtures/credit/register_zh.csv"), *out = NULL, *err = NULL, *v;
    int rc;

    ck_assert_int_eq(tu_run(&out, NULL, "probe", f, NULL), 0);
    ck_assert_msg(strstr(out, "\tenterprise\t80") != NULL, "probe: %s", out);
    rc = tu_run(NULL, &err, "ingest", "--db", db, f, NULL);
    ck_assert_msg(rc == 3, "exit %d: %s", rc, err);  /* the row without a code is quarantined */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise WHERE origin='register'"), 5);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='MISSING_KEY'"
                                    " AND locator='line 7'"), 1);
    v = tu_sql_text(db, "SELECT role||'|'||region||'|'||name FROM enterprise WHERE code='91150100MA0N000003'");
    ck_assert_str_eq(v, "payment_company|包头|北疆支付有限公司");
    g_free(v);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise WHERE role='platform'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise WHERE role='seller'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise WHERE role='carrier'"), 1);
    /* A role outside the four is kept as written, with a finding. */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM finding WHERE code='UNKNOWN_ROLE'"), 1);
    /* The same file again is skipped whole. */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise"), 5);
    g_free(out);
    g_free(err);
    g_free(f);
}
END_TEST

START_TEST(events_csv_and_negative_list)
{
    char *reg = tu_src("tests/fixtures/credit/register_zh.csv"), *ev = tu_src("tests/fixtures/credit/events_en.csv");
    char *out = NULL, *err = NULL;
    int rc;

    ck_assert_int_eq(tu_run(&out, NULL, "probe", ev, NULL), 0);
    ck_assert_msg(strstr(out, "\tenterprise\t80") != NULL, "probe: %s", out);
    tu_run(NULL, NULL, "ingest", "--db", db, reg, NULL);
    rc = tu_run(NULL, &err, "ingest", "--db", db, ev, NULL);
    ck_assert_msg(rc == 3, "exit %d: %s", rc, err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise_event"), 5);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise_event WHERE code='91150100MA0N000002' AND"
                                    " kind='ip_infringement' AND event_date IN ('2026-05-02','2026-09-01')"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise_event WHERE kind='penalty' AND"
                                    " event_date='2026-03-15' AND detail='Customs penalty decision 2026-17'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise_event WHERE kind='abnormal_operation' AND"
                                    " event_date='2026-10-08'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise_event WHERE kind='complaint' AND"
                                    " event_date='2026-11-01'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='BAD_DATE' AND"
                                    " locator='line 7'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='UNKNOWN_EVENT_KIND' AND"
                                    " locator='line 8'"), 1);
    g_free(err);
    err = NULL;
    rc = tu_run(NULL, &err, "analyse", "--db", db, "--date", "2026-11-26", NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    /* Two IP infringements within 365 days: listed on the second. */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM negative_list WHERE code='91150100MA0N000002' AND"
                                    " reason='repeated_ip_infringement' AND listed_on='2026-09-01'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM negative_list"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM credit_score WHERE grade='D'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM credit_score"), 5);
    g_free(out);
    g_free(err);
    g_free(reg);
    g_free(ev);
}
END_TEST

START_TEST(workbook_two_sheets)
{
    char *f = tu_path(dir, "enterprise_register.xlsx"), *out = NULL, *err = NULL;
    lxw_workbook *wb = workbook_new(f);
    lxw_worksheet *a = workbook_add_worksheet(wb, "Register"), *b = workbook_add_worksheet(wb, "Events");
    int rc;

    worksheet_write_string(a, 0, 0, "Enterprise code", NULL);
    worksheet_write_string(a, 0, 1, "Enterprise name", NULL);
    worksheet_write_string(a, 0, 2, "Role", NULL);
    worksheet_write_string(a, 0, 3, "Region", NULL);
    worksheet_write_string(a, 1, 0, "E1", NULL);
    worksheet_write_string(a, 1, 1, "Steppe Express", NULL);
    worksheet_write_string(a, 1, 2, "Carrier", NULL);
    worksheet_write_string(a, 1, 3, "Erenhot", NULL);
    worksheet_write_string(b, 0, 0, "Event type", NULL);
    worksheet_write_string(b, 0, 1, "Enterprise code", NULL);
    worksheet_write_string(b, 0, 2, "Event date", NULL);
    worksheet_write_string(b, 1, 0, "Counterfeit finding", NULL);
    worksheet_write_string(b, 1, 1, "E1", NULL);
    worksheet_write_string(b, 1, 2, "2026-08-20", NULL);
    ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);

    ck_assert_int_eq(tu_run(&out, NULL, "probe", f, NULL), 0);
    ck_assert_msg(strstr(out, "\tenterprise\t60") != NULL, "probe: %s", out);
    rc = tu_run(NULL, &err, "ingest", "--db", db, f, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise WHERE code='E1' AND role='carrier'"
                                    " AND region='Erenhot'"), 1);
    /* No detail column: the kind as written is the detail (part of the event's key). */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM enterprise_event WHERE code='E1' AND kind='counterfeit'"
                                    " AND event_date='2026-08-20' AND detail='Counterfeit finding'"), 1);
    g_free(out);
    g_free(err);
    g_free(f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("enterprise");
    TCase *tc = tcase_create("plugin");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, register_csv);
    tcase_add_test(tc, events_csv_and_negative_list);
    tcase_add_test(tc, workbook_two_sheets);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
