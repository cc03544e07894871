/* Stable across nights: idempotent reruns, late payments resolving a trade (first seen,
 * resolved on, flow_change), a trade first seen without its order keeping its row, and a
 * scale run (CBECFLOW_RC_TRADES trades, default 20000) built with set-based SQL. */
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "core/base/log.h"
#include "test_reconcile_util.h"
#include "testutil.h"

/* Every column of flow, in flow_id order, as one text: two equal dumps = identical tables. */
static const char *dump(rt_db *t)
{
    return rt_text(t, "SELECT group_concat(r, char(10)) FROM (SELECT quote(flow_id)||'|'||quote(flow_key)||'|'||"
                      "quote(order_no)||'|'||quote(platform_code)||'|'||quote(direction)||'|'||quote(trade_mode)||'|'||"
                      "quote(status)||'|'||quote(reasons)||'|'||quote(order_id)||'|'||quote(payment_id)||'|'||"
                      "quote(shipment_id)||'|'||quote(list_id)||'|'||quote(bank_txn_id)||'|'||quote(value_cny)||'|'||"
                      "quote(business_date)||'|'||quote(rule_version)||'|'||quote(first_seen)||'|'||"
                      "quote(resolved_on)||'|'||quote(updated_run_id)||'|'||quote(precheck)||'|'||quote(detail)||'|'||"
                      "quote(exception_since) AS r"
                      " FROM flow ORDER BY flow_id)");
}

static void reconcile_run(rt_db *t, const char *date, int64_t run_id)
{
    char *why = NULL;
    ck_assert_msg(cbec_reconcile(t->db, t->rules, date, run_id, NULL, &why) == CBEC_ERR_NONE, "%s", why);
}

START_TEST(idempotent)
{
    rt_db *t = rt_open();
    const char *a, *b;
    cbec_rc_stats st;
    char *why = NULL;
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_import_trade(t, "I3");
    rt_export_trade(t, "E1");
    rt_export_trade(t, "E2");
    rt_exec(t, "DELETE FROM payment WHERE order_no='I2'; DELETE FROM orders WHERE order_no='I3';"
               "UPDATE payment SET amount=1 WHERE order_no='E2';"
               "INSERT INTO bank_statement(account, statement_no, opening_date, closing_date) VALUES"
               " ('A','1','2026-11-25','2026-11-30');"
               "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " reference) VALUES (1, 'A', 'x1', '2026-11-26', 5500, 'USD', 'C', 'E1'),"
               " (1, 'A', 'x2', '2026-11-26', 999, 'USD', 'C', NULL)");
    reconcile_run(t, "2026-11-25", 1);
    a = dump(t);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow"), 6);
    /* Nothing of the run stays in the temp database (the document copies are as big as the night). */
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM sqlite_temp_master"), 0);
    ck_assert_msg(cbec_reconcile(t->db, t->rules, "2026-11-25", 2, &st, &why) == CBEC_ERR_NONE, "%s", why);
    b = dump(t);
    ck_assert_str_eq(a, b);
    ck_assert_int_eq(st.inserted, 0);
    ck_assert_int_eq(st.changed, 0);
    ck_assert_int_eq(st.removed, 0);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow_change"), 0);
    /* The same night ingested twice leaves the same dataset rows: same result on a third run too. */
    reconcile_run(t, "2026-11-26", 3);
    b = dump(t);
    ck_assert_str_eq(a, b);
    rt_close(t);
}
END_TEST

START_TEST(late_payment)
{
    rt_db *t = rt_open();
    int64_t id1;
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_exec(t, "CREATE TEMP TABLE held AS SELECT * FROM payment WHERE order_no='I1';"
               "DELETE FROM payment WHERE order_no='I1'");
    reconcile_run(t, "2026-11-25", 1);
    ck_assert_str_eq(rt_status(t, "I1"), "PAYMENT_MISSING");
    id1 = rt_int(t, "SELECT flow_id FROM flow WHERE order_no='I1'");
    /* Night two: the payment arrives. */
    rt_exec(t, "INSERT INTO payment SELECT * FROM held");
    reconcile_run(t, "2026-11-26", 2);
    ck_assert_int_eq(rt_int(t, "SELECT flow_id FROM flow WHERE order_no='I1'"), id1);
    ck_assert_str_eq(rt_status(t, "I1"), "MATCHED");
    ck_assert_str_eq(rt_text(t, "SELECT first_seen||' '||resolved_on||' '||updated_run_id FROM flow"
                                " WHERE order_no='I1'"), "2026-11-25 2026-11-26 2");
    {
        char *want = g_strdup_printf("%lld 2026-11-26 PAYMENT_MISSING MATCHED PAYMENT_MISSING .2", (long long)id1);
        ck_assert_str_eq(rt_text(t, "SELECT flow_id||' '||business_date||' '||old_status||' '||new_status||' '||"
                                    "old_reasons||' '||new_reasons||'.'||run_id FROM flow_change"),
                         want);
        g_free(want);
    }
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow_change"), 1);
    /* I2 was untouched on night two. */
    ck_assert_str_eq(rt_text(t, "SELECT first_seen||' '||updated_run_id FROM flow WHERE order_no='I2'"),
                     "2026-11-25 1");
    ck_assert_int_eq(rt_int(t, "SELECT resolved_on FROM flow WHERE order_no='I2'"), -1);
    rt_close(t);
}
END_TEST

START_TEST(order_arrives_later)
{
    rt_db *t = rt_open();
    int64_t id;
    rt_import_trade(t, "I1");
    rt_exec(t, "CREATE TEMP TABLE ho AS SELECT * FROM orders; CREATE TEMP TABLE hp AS SELECT * FROM payment;"
               "CREATE TEMP TABLE hl AS SELECT * FROM customs_list;"
               "DELETE FROM orders; DELETE FROM payment; DELETE FROM customs_list");
    /* Night one: only the waybill (it names the order but no platform). */
    reconcile_run(t, "2026-11-25", 1);
    ck_assert_str_eq(rt_status(t, "I1"), "ORDER_MISSING");
    ck_assert_str_eq(rt_text(t, "SELECT flow_key FROM flow"), "O::I1");
    id = rt_int(t, "SELECT flow_id FROM flow");
    rt_exec(t, "INSERT INTO orders SELECT * FROM ho; INSERT INTO payment SELECT * FROM hp;"
               "INSERT INTO customs_list SELECT * FROM hl");
    reconcile_run(t, "2026-11-26", 2);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow"), 1);
    ck_assert_int_eq(rt_int(t, "SELECT flow_id FROM flow"), id);
    ck_assert_str_eq(rt_text(t, "SELECT status||' '||platform_code||' '||flow_key||' '||resolved_on FROM flow"),
                     "MATCHED EBP1 O:EBP1:I1 2026-11-26");
    ck_assert_str_eq(rt_text(t, "SELECT old_status||'>'||new_status FROM flow_change"), "ORDER_MISSING>MATCHED");
    rt_close(t);
}
END_TEST

/* When a trade's exception was first seen (flow.exception_since), for the report's ageing and
 * resolution rate: the night reconcile first found it open, kept while it stays open (whatever
 * its reasons become), across reruns of that night and of later ones, and after it is resolved;
 * a trade that turns into an exception after being matched, or reopens, starts a new one. */
START_TEST(exception_since_across_nights)
{
    rt_db *t = rt_open();
    const char *a;
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_import_trade(t, "I3");
    rt_exec(t, "CREATE TEMP TABLE held AS SELECT * FROM payment WHERE order_no IN ('I1','I2');"
               "DELETE FROM payment WHERE order_no='I1'");
    /* Night one: I1 misses its payment; I2 and I3 match. */
    reconcile_run(t, "2026-11-25", 1);
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(order_no||'='||status||'/'||coalesce(exception_since,'-'), ' ')"
                                " FROM (SELECT * FROM flow ORDER BY order_no)"),
                     "I1=PAYMENT_MISSING/2026-11-25 I2=MATCHED/- I3=MATCHED/-");
    /* Night two: I2's payment is taken back (a matched trade turns into an exception); I1's reasons
     * change (its amount too) but it stays the same open exception. */
    rt_exec(t, "DELETE FROM payment WHERE order_no='I2'; UPDATE orders SET actual_paid=1 WHERE order_no='I1'");
    reconcile_run(t, "2026-11-26", 2);
    ck_assert_str_eq(rt_reasons(t, "I1"), "PAYMENT_MISSING AMOUNT_MISMATCH");
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(order_no||'='||coalesce(exception_since,'-'), ' ')"
                                " FROM (SELECT * FROM flow ORDER BY order_no)"),
                     "I1=2026-11-25 I2=2026-11-26 I3=-");
    /* Reruns of night two and of a later night keep every value. */
    a = dump(t);
    reconcile_run(t, "2026-11-26", 3);
    ck_assert_str_eq(dump(t), a);
    reconcile_run(t, "2026-11-27", 4);
    ck_assert_str_eq(dump(t), a);
    /* Night four: I1's payment arrives and its amount is put right: resolved, its exception's first night kept. */
    rt_exec(t, "INSERT INTO payment SELECT * FROM held WHERE order_no='I1';"
               "UPDATE orders SET actual_paid=11910 WHERE order_no='I1'");
    reconcile_run(t, "2026-11-28", 5);
    ck_assert_str_eq(rt_text(t, "SELECT status||' '||exception_since||' '||resolved_on FROM flow WHERE order_no='I1'"),
                     "MATCHED 2026-11-25 2026-11-28");
    a = dump(t);
    reconcile_run(t, "2026-11-29", 6);
    ck_assert_str_eq(dump(t), a);
    /* Night six: I1 loses its payment again: a new exception from that night, no longer resolved. */
    rt_exec(t, "DELETE FROM payment WHERE order_no='I1'");
    reconcile_run(t, "2026-11-30", 7);
    ck_assert_str_eq(rt_text(t, "SELECT status||' '||exception_since||' '||coalesce(resolved_on,'open') FROM flow"
                                " WHERE order_no='I1'"),
                     "PAYMENT_MISSING 2026-11-30 open");
    ck_assert_str_eq(rt_text(t, "SELECT exception_since FROM flow WHERE order_no='I2'"), "2026-11-26");
    rt_close(t);
}
END_TEST

/* Rows nothing produces any more (a stale key, or no key as other tools write them) are
 * removed and logged as REMOVED; the trades' own rows stay untouched. */
START_TEST(vanished_rows_removed)
{
    rt_db *t = rt_open();
    cbec_rc_stats st;
    char *why = NULL;
    rt_import_trade(t, "I1");
    reconcile_run(t, "2026-11-25", 1);
    rt_exec(t, "INSERT INTO flow(flow_key, order_no, platform_code, status, reasons) VALUES"
               " ('O:EBP9:GONE', 'GONE', 'EBP9', 'PAYMENT_MISSING', 'PAYMENT_MISSING'),"
               " (NULL, 'Z9', 'EBP1', 'MATCHED', '')");
    ck_assert_msg(cbec_reconcile(t->db, t->rules, "2026-11-26", 2, &st, &why) == CBEC_ERR_NONE, "%s", why);
    ck_assert_int_eq(st.removed, 2);
    ck_assert_int_eq(st.inserted + st.changed, 0);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow"), 1);
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(old_status||'>'||new_status||'.'||run_id, ' ') FROM"
                                " (SELECT * FROM flow_change ORDER BY old_status)"),
                     "MATCHED>REMOVED.2 PAYMENT_MISSING>REMOVED.2");
    ck_assert_str_eq(rt_text(t, "SELECT status||' '||updated_run_id FROM flow WHERE order_no='I1'"), "MATCHED 1");
    rt_close(t);
}
END_TEST

START_TEST(scale)
{
    rt_db *t = rt_open();
    const char *env = g_getenv("CBECFLOW_RC_TRADES");
    long n = env ? atol(env) : 20000;
    if (g_getenv("CBECFLOW_RC_DEBUG"))
        cbec_log_set_level(CBEC_L_DEBUG);
    cbec_rc_stats st;
    char *why = NULL;
    /* n import trades, every 100th without payment, every 250th with another payer;
     * n/10 export trades settled in daily PingPong batches of 10 (one credit each). */
    rt_exec(t,
            "BEGIN;"
            "CREATE TEMP TABLE seq AS WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i<%ld)"
            " SELECT i FROM s;"
            "INSERT INTO orders(order_no, platform_code, direction, order_time, currency, goods_value, freight,"
            " tax_total, discount, actual_paid, buyer_key, consignee_key, consignee_name)"
            " SELECT 'I'||i, 'EBP1', 'import', '2026-11-25T10:00:00+08:00', 'CNY', 10000+i, 1000, 0, 0, 11000+i,"
            " 'BK'||(i%%5000), 'CK'||i, 'Name '||i FROM seq;"
            "INSERT INTO payment(pay_transaction_id, pay_code, order_no, platform_code, payer_key, amount, currency,"
            " pay_time) SELECT 'PT'||i, 'PAY1', 'I'||i, 'EBP1', CASE WHEN i%%250=0 THEN 'X' ELSE 'BK'||(i%%5000) END,"
            " 11000+i, 'CNY', '2026-11-25T10:05:00+08:00' FROM seq WHERE i%%100<>0;"
            "INSERT INTO shipment(logistics_no, logistics_code, order_no, consignee_key, consignee_name)"
            " SELECT 'LN'||i, 'LOG1', 'I'||i, 'CK'||i, 'Name  '||i FROM seq;"
            "INSERT INTO customs_list(cop_no, order_no, platform_code, logistics_no, logistics_code, trade_mode)"
            " SELECT 'C'||i, 'I'||i, 'EBP1', 'LN'||i, 'LOG1', '9610' FROM seq;"
            "INSERT INTO orders(order_no, platform_code, direction, order_time, currency, goods_value, freight)"
            " SELECT 'E'||i, 'EBP2', 'export', '2026-11-'||(10+(i/10)%%15)||'T09:00:00+08:00', 'USD', 5000, 0"
            " FROM seq WHERE i<=%ld/10;"
            "INSERT INTO payment(pay_transaction_id, pay_code, pay_name, order_no, direction, amount, currency, pay_time)"
            " SELECT 'PN'||i, 'PP'||(i/10), 'PingPong '||(i/10), 'E'||i, 'export', 5000, 'USD',"
            " '2026-11-'||(10+(i/10)%%15)||'T12:00:00+08:00' FROM seq WHERE i<=%ld/10;"
            "INSERT INTO shipment(logistics_no, logistics_code, direction) SELECT 'EL'||i, 'LOG2', 'export'"
            " FROM seq WHERE i<=%ld/10;"
            "INSERT INTO customs_list(cop_no, order_no, platform_code, logistics_no, logistics_code, direction,"
            " trade_mode) SELECT 'EC'||i, 'E'||i, 'EBP2', 'EL'||i, 'LOG2', 'export', '9610' FROM seq WHERE i<=%ld/10;"
            "INSERT INTO bank_statement(account, statement_no, opening_date, closing_date)"
            " VALUES ('A','1','2026-11-01','2026-11-30');"
            "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
            " counterparty) SELECT 1, 'A', 'b'||(i/10), '2026-11-'||(11+(i/10)%%15), 10*5000, 'USD', 'C',"
            " 'PINGPONG '||(i/10) FROM seq WHERE i<=%ld/10 AND i%%10=0;"
            "COMMIT;",
            n, n, n, n, n, n);
    ck_assert_msg(cbec_reconcile(t->db, t->rules, "2026-11-25", 1, &st, &why) == CBEC_ERR_NONE, "%s", why);
    fprintf(stderr, "scale: %ld import + %ld export trades reconciled in %.2f s (%lld credits, %lld explained)\n",
            n, n / 10, st.seconds, (long long)st.credits, (long long)st.credits_matched);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='PAYMENT_MISSING'"), n / 100);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='PAYER_NOT_BUYER'"), n / 250 - n / 500);
    /* Export batches i/10 = 1 .. n/100 - 1 are whole (10 payments) and settled by their credit;
     * batch 0 (i = 1..9) has no credit and the last one (i = n/10 alone) a credit of the wrong amount. */
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE direction='export' AND status='MATCHED'"),
                     10 * (n / 100 - 1));
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE direction='export' AND status='UNSETTLED'"), 10);
    ck_assert_int_eq(st.credits_matched, n / 100 - 1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED'"), 1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='MATCHED'"),
                     n - n / 100 - (n / 250 - n / 500) + rt_int(t, "SELECT count(*) FROM flow WHERE"
                                                                   " direction='export' AND status='MATCHED'"));
    /* A second run over an unchanged dataset writes nothing. */
    ck_assert_msg(cbec_reconcile(t->db, t->rules, "2026-11-25", 2, &st, &why) == CBEC_ERR_NONE, "%s", why);
    fprintf(stderr, "scale: rerun %.2f s\n", st.seconds);
    ck_assert_int_eq(st.inserted + st.changed + st.removed, 0);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE updated_run_id=2"), 0);
    rt_close(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reconcile-nights");
    TCase *tc = tcase_create("nights");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, idempotent);
    tcase_add_test(tc, late_payment);
    tcase_add_test(tc, order_arrives_later);
    tcase_add_test(tc, exception_since_across_nights);
    tcase_add_test(tc, vanished_rows_removed);
    tcase_add_test(tc, scale);
    tcase_set_timeout(tc, 900);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
