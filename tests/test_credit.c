/* Credit scorecard (etc/credit.rules): scores computed by hand from the rule file,
 * factor contributions that add up to the score exactly, grades, supervision by
 * grade, the negative list and its expiry, idempotent reruns, the CLI. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "test_risk_data.h"
#include "testutil.h"

#define DATE "2026-11-26"

static cbec_store *st;
static char *db;

static void setup(void)
{
    st = rd_open(&db);
    rd_clean(st);
}

static void teardown(void)
{
    if (st)
        cbec_store_close(st);
    g_free(db);
}

static double score_of(const char *code)
{
    char *sql = g_strdup_printf("SELECT score*100 FROM credit_score WHERE code='%s' AND as_of='" DATE "'", code);
    int64_t v = rd_int(st, sql);
    g_free(sql);
    return (double)v / 100.0;
}

static char *grade_of(const char *code)
{
    char *sql = g_strdup_printf("SELECT grade FROM credit_score WHERE code='%s' AND as_of='" DATE "'", code);
    char *g = rd_text(st, sql);
    g_free(sql);
    return g;
}

/* Contributions (exact hundredths) minus score (hundredths) over every row: 0 when they add up. */
static int64_t unexplained_hundredths(void)
{
    return rd_int(st, "SELECT coalesce(sum(abs(d)),0) FROM (SELECT c.code, (SELECT sum(CAST(round("
                      "json_extract(j.value,'$.contribution')*100) AS INTEGER)) FROM json_each(c.factors) j)"
                      " - CAST(round(c.score*100) AS INTEGER) AS d FROM credit_score c)");
}

START_TEST(hand_computed_score)
{
    char *g;
    /* PLAT1, ten orders, no reconciliation yet, first trade 2026-11-11 (15 days):
     * match 30 (missing=1) + exceptions 8 + quarantine 8 (no files: missing=1)
     * + customs 10 + alerts 16 + settlement 10 (missing=1)
     * + volume 10 x log10(11)/log10(1001) = 3.47 + tenure 8 x 15/365 = 0.33  = 85.80 -> AA */
    rd_analyse(st, DATE);
    ck_assert_int_eq((int)(score_of("PLAT1") * 100 + 0.5), 8580);
    g = grade_of("PLAT1");
    ck_assert_str_eq(g, "AA");
    g_free(g);
    ck_assert_int_eq(rd_int(st, "SELECT inspection_rate*1000 FROM credit_score WHERE code='PLAT1'"), 10);
    ck_assert_int_eq(unexplained_hundredths(), 0);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM credit_score c, json_each(c.factors) j WHERE c.code='PLAT1'"
                                " AND json_extract(j.value,'$.factor')='volume' AND json_extract(j.value,"
                                "'$.value')=10 AND json_extract(j.value,'$.contribution')=3.47"),
                     1);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM credit_score WHERE rule_version='credit-2026.11.1'"), 4);
}
END_TEST

START_TEST(rejections_events_flows)
{
    char *g;
    /* One customs rejection in ten orders (rate 0.10 = bad_at: 0 of 10 points), one penalty
     * (-10), and reconciliation: 8 of 10 trades matched (24.00 of 30), 1 unsettled (9.00 of 10).
     * 85.80 - 10 - 10 - 6 - 1 = 58.80 -> BB */
    rd_sql(st, "INSERT INTO customs_receipt(message_type, doc_kind, order_no, platform_code, guid, return_status,"
               " return_time) VALUES ('CEB312','order','CLEAN01','PLAT1','g1','100','2026-11-11T10:00:00+08:00');"
               "INSERT INTO customs_receipt(message_type, doc_kind, order_no, platform_code, guid, return_status,"
               " return_time) VALUES ('CEB312','order','CLEAN02','PLAT1','g2','120','2026-11-12T10:00:00+08:00');"
               "INSERT INTO enterprise_event(code, event_date, kind, detail) VALUES"
               " ('PLAT1','2026-06-01','penalty','fine 20000'), ('PLAT1','2020-06-01','penalty','too old');"
               "INSERT INTO flow(order_no, platform_code, status, reasons, order_id)"
               " SELECT order_no, platform_code, CASE WHEN order_no IN ('CLEAN01','CLEAN02') THEN 'EXCEPTION'"
               " ELSE 'MATCHED' END, CASE WHEN order_no='CLEAN01' THEN 'SHIPMENT_MISSING UNSETTLED'"
               " WHEN order_no='CLEAN02' THEN 'AMOUNT_MISMATCH' ELSE '' END, order_id FROM orders;");
    rd_analyse(st, DATE);
    ck_assert_int_eq((int)(score_of("PLAT1") * 100 + 0.5), 5880);
    g = grade_of("PLAT1");
    ck_assert_str_eq(g, "BB");
    g_free(g);
    ck_assert_int_eq(unexplained_hundredths(), 0);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM credit_score c, json_each(c.factors) j WHERE c.code='PLAT1'"
                                " AND json_extract(j.value,'$.factor')='event:penalty' AND json_extract(j.value,"
                                "'$.value')=1 AND json_extract(j.value,'$.contribution')=-10"),
                     1);
}
END_TEST

START_TEST(negative_list_and_floor)
{
    char *g;
    /* Register entry without trade; serious violation, fraud, counterfeit, three penalties,
     * an abnormal listing: deductions far below zero, held at 0 by an explicit adjustment. */
    rd_sql(st, "INSERT INTO enterprise(code, name, role, origin) VALUES ('BAD','Bad Co','seller','register');"
               "INSERT INTO enterprise_event(code, event_date, kind, detail) VALUES"
               " ('BAD','2026-03-01','serious_violation','a'), ('BAD','2026-03-02','fraud','b'),"
               " ('BAD','2026-03-03','counterfeit','c'), ('BAD','2026-04-01','penalty','1'),"
               " ('BAD','2026-04-02','penalty','2'), ('BAD','2026-04-03','penalty','3'),"
               " ('BAD','2026-04-04','penalty','4'), ('BAD','2026-05-01','abnormal_operation','x');");
    rd_analyse(st, DATE);
    ck_assert_int_eq((int)(score_of("BAD") * 100 + 0.5), 0);
    g = grade_of("BAD");
    ck_assert_str_eq(g, "D");
    g_free(g);
    ck_assert_int_eq(rd_int(st, "SELECT on_negative_list FROM credit_score WHERE code='BAD'"), 1);
    ck_assert_int_eq(rd_int(st, "SELECT inspection_rate FROM credit_score WHERE code='BAD'"), 1);
    /* no trade: 30+8+8+10+16+10+0+0 = 82; events -40-40-30-30(cap)-15 = -155; floor +73 */
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM credit_score c, json_each(c.factors) j WHERE c.code='BAD'"
                                " AND json_extract(j.value,'$.factor')='floor_adjustment' AND"
                                " json_extract(j.value,'$.contribution')=73"),
                     1);
    ck_assert_int_eq(unexplained_hundredths(), 0);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM negative_list WHERE code='BAD'"), 3);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM negative_list WHERE code='BAD' AND reason='serious_violation'"
                                " AND listed_on='2026-03-01' AND expires_on='2029-02-28'"),
                     1);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM negative_list WHERE code='BAD' AND reason='fraud'"
                                " AND listed_on='2026-03-02' AND expires_on='2031-03-01'"),
                     1);
}
END_TEST

START_TEST(repeated_ip_infringement)
{
    /* Two infringements within 365 days list the enterprise on the second; two 400 days
     * apart do not; a listing from 2020 has expired by rule but stays on record. */
    rd_sql(st, "INSERT INTO enterprise_event(code, event_date, kind, detail) VALUES"
               " ('SELL1','2026-01-10','ip_infringement','brand A'), ('SELL1','2026-09-01','ip_infringement','brand B'),"
               " ('PAY1','2025-01-01','ip_infringement','x'), ('PAY1','2026-02-05','ip_infringement','y'),"
               " ('LOG1','2020-01-01','serious_violation','old case');");
    rd_analyse(st, DATE);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM negative_list WHERE code='SELL1' AND"
                                " reason='repeated_ip_infringement' AND listed_on='2026-09-01'"),
                     1);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM negative_list WHERE code='PAY1'"), 0);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM negative_list WHERE code='LOG1' AND expires_on='2022-12-31'"),
                     1);
    ck_assert_int_eq(rd_int(st, "SELECT on_negative_list FROM credit_score WHERE code='SELL1'"), 1);
    ck_assert_int_eq(rd_int(st, "SELECT on_negative_list FROM credit_score WHERE code='LOG1'"), 0);
    ck_assert_int_eq(rd_int(st, "SELECT grade<>'D' FROM credit_score WHERE code='LOG1'"), 1);
    /* SELL1's orders after the listing are negative-list activity (all ten clean ones are
     * from 2026-11-11 on). */
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE rule_id='R-NEGATIVE-LIST'"), 10);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert_order"), 10);
}
END_TEST

START_TEST(rerun_is_idempotent)
{
    char *a, *b;
    rd_sql(st, "INSERT INTO enterprise_event(code, event_date, kind, detail) VALUES"
               " ('SELL1','2026-10-01','counterfeit','fake brand');");
    rd_analyse(st, DATE);
    a = rd_text(st, "SELECT group_concat(x, ';') FROM (SELECT code||as_of||score||grade||factors||run_id AS x"
                    " FROM credit_score ORDER BY code, as_of)");
    rd_analyse(st, DATE);
    b = rd_text(st, "SELECT group_concat(x, ';') FROM (SELECT code||as_of||score||grade||factors||run_id AS x"
                    " FROM credit_score ORDER BY code, as_of)");
    ck_assert_str_eq(a, b);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM negative_list"), 1);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM enterprise"), 4);
    /* A later as-of date adds its own rows and keeps the earlier ones. */
    rd_analyse(st, "2026-11-27");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM credit_score"), 8);
    g_free(a);
    g_free(b);
}
END_TEST

START_TEST(register_wins_over_trade)
{
    rd_sql(st, "INSERT INTO enterprise(code, name, role, region, origin) VALUES"
               " ('SELL1','Seller One Ltd','seller','Hohhot','register');");
    rd_analyse(st, DATE);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM enterprise WHERE code='SELL1' AND origin='register'"
                                " AND name='Seller One Ltd'"),
                     1);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM enterprise WHERE code='PLAT1' AND origin='trade'"
                                " AND name='Platform PLAT1' AND role='platform'"),
                     1);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM enterprise WHERE code='LOG1' AND role='carrier'"
                                " AND name='Carrier One'"),
                     1);
}
END_TEST

START_TEST(cli)
{
    char *out = NULL, *err = NULL;
    int rc;
    rd_sql(st, "INSERT INTO orders(order_no, platform_code, direction, trade_mode, order_time, currency, goods_value,"
               " buyer_key, consignee_key) VALUES ('BIG','PLAT1','import','9610','2026-11-25T10:00:00+08:00','CNY',"
               " 600000,'BB','CB')");
    cbec_store_close(st);
    st = NULL;
    rc = tu_run(&out, &err, "analyse", "--db", db, "--date", DATE, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    ck_assert_ptr_nonnull(strstr(out, "R-SINGLE-LIMIT"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE command='analyse' AND status='ok'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM alert WHERE rule_id='R-SINGLE-LIMIT'"), 1);
    /* BIG has no payment, waybill or list: only the limit rule speaks for it */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM alert"), 1);
    g_free(out);
    g_free(err);
    rc = tu_run(&out, &err, "analyse", "--db", db, "--date", "26-11-2026", NULL);
    ck_assert_int_eq(rc, 2);
    g_free(out);
    g_free(err);
    /* a rule file named in the config must exist: a configuration error, nothing written */
    rc = tu_run(&out, &err, "-o", "analyse.risk_rules=/nonexistent/risk.rules", "analyse", "--db", db, "--date",
                "2026-11-27", NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/risk.rules"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM credit_score WHERE as_of='2026-11-27'"), 0);
    g_free(out);
    g_free(err);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("credit");
    TCase *tc = tcase_create("scorecard");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, hand_computed_score);
    tcase_add_test(tc, rejections_events_flows);
    tcase_add_test(tc, negative_list_and_floor);
    tcase_add_test(tc, repeated_ip_infringement);
    tcase_add_test(tc, rerun_is_idempotent);
    tcase_add_test(tc, register_wins_over_trade);
    tcase_add_test(tc, cli);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
