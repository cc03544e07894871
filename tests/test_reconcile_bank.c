/* Bank settlement matching: 1:1 by reference, N:1 by payment company and by settlement,
 * fees, ambiguity (reported, not guessed), a credit never used twice, UNSETTLED and
 * BANK_UNEXPLAINED.  Export trades of 55.00 USD (see rt_export_trade), paid 2026-11-25. */
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "test_reconcile_util.h"
#include "testutil.h"

#define D1 "2026-11-25"

/* A statement with its credits: each credit is (amount, currency, booking date, counterparty, reference). */
static void statement(rt_db *t, const char *closing)
{
    rt_exec(t, "INSERT INTO bank_statement(account, statement_no, currency, opening_date, closing_date)"
               " VALUES ('CN001', '1', 'USD', '2026-11-25', '%s')", closing);
}

static void credit(rt_db *t, const char *entry, int64_t amount, const char *cur, const char *date, const char *cp,
                   const char *ref)
{
    char *c = cp ? g_strdup_printf("'%s'", cp) : g_strdup("NULL"), *r = ref ? g_strdup_printf("'%s'", ref) : g_strdup("NULL");
    rt_exec(t, "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, value_date, amount, currency,"
               " direction, counterparty, reference) VALUES ((SELECT max(statement_id) FROM bank_statement), 'CN001',"
               " '%s', '%s', '%s', %lld, '%s', 'C', %s, %s)",
            entry, date, date, (long long)amount, cur, c, r);
    g_free(c);
    g_free(r);
}

static int64_t txn(rt_db *t, const char *entry)
{
    return rt_int(t, "SELECT txn_id FROM bank_txn WHERE entry_ref='%s'", entry);
}

START_TEST(one_to_one_by_reference)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    rt_export_trade(t, "E2");
    statement(t, "2026-11-30");
    /* End-to-end id = the order number; the other credit names the payTransactionId. */
    credit(t, "B1", 5500, "USD", "2026-11-26", "ACME LTD", "E1");
    credit(t, "B2", 5500, "USD", "2026-11-27", NULL, "PN-E2");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "E1", "MATCHED", "");
    rt_assert_trade(t, "E2", "MATCHED", "");
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='E1'"), txn(t, "B1"));
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='E2'"), txn(t, "B2"));
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE order_no='E1'"), "bank reference");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED'"), 0);
    rt_close(t);
}
END_TEST

START_TEST(unsettled_and_unexplained)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    rt_import_trade(t, "I1");
    statement(t, "2026-11-26");
    credit(t, "INT", 123, "USD", "2026-11-26", "BANK INTEREST", NULL);
    rt_reconcile(t, D1);
    /* Bank data reaches 11-26 only: within the 3 grace days of the 11-25 payment, not UNSETTLED yet. */
    rt_assert_trade(t, "E1", "MATCHED", "");
    /* The interest credit explains nothing and nothing explains it. */
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED' AND reasons='BANK_UNEXPLAINED'"
                               " AND order_no IS NULL AND order_id IS NULL AND bank_txn_id=%lld", (long long)txn(t, "INT")),
                     1);
    /* Statements up to 11-30: the export payment should have been settled by now. */
    rt_exec(t, "UPDATE bank_statement SET closing_date='2026-11-30'");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "E1", "UNSETTLED", "UNSETTLED");
    /* Import payments are not settled to the zone's accounts (UNSETTLED directions = export). */
    rt_assert_trade(t, "I1", "MATCHED", "");
    rt_close(t);
}
END_TEST

START_TEST(many_to_one_payment_company)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    rt_export_trade(t, "E2");
    rt_export_trade(t, "E3");
    rt_export_trade(t, "E4");
    /* E4 was paid through another company: not part of PingPong's batch. */
    rt_exec(t, "UPDATE payment SET pay_code='LL', pay_name='LianLian' WHERE order_no='E4'");
    statement(t, "2026-11-30");
    /* PingPong pays the day's three receipts (3 x 55.00 = 165.00) less a 1.65 fee, no reference. */
    credit(t, "PP1", 16335, "USD", "2026-11-27", "  pingpong ", "NOTPROVIDED");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "E1", "MATCHED", "");
    rt_assert_trade(t, "E2", "MATCHED", "");
    rt_assert_trade(t, "E3", "MATCHED", "");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE bank_txn_id=%lld", (long long)txn(t, "PP1")), 3);
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE order_no='E2'"),
                     "bank counterparty_day (3 payments, fee 1.65 USD)");
    rt_assert_trade(t, "E4", "UNSETTLED", "UNSETTLED");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED'"), 0);
    rt_close(t);
}
END_TEST

START_TEST(many_to_one_settlement)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    rt_export_trade(t, "E2");
    rt_export_trade(t, "E3");
    /* Settlement AMZ-1 pays E1 and E2: total 110.00 less fees = 104.50. */
    rt_exec(t, "INSERT INTO settlement(settlement_ref, platform_code, deposit_date, total_amount, currency)"
               " VALUES ('AMZ-1', 'EBP2', '2026-11-27', 10450, 'USD');"
               "UPDATE payment SET settlement_ref='AMZ-1', settlement_id=(SELECT settlement_id FROM settlement)"
               " WHERE order_no IN ('E1','E2')");
    /* Settlement AMZ-2 (E3's order named in its components) has no reference on the credit: by amount. */
    rt_exec(t, "INSERT INTO settlement(settlement_ref, platform_code, deposit_date, total_amount, currency)"
               " VALUES ('AMZ-2', 'EBP2', '2026-11-28', 5012, 'USD');"
               "INSERT INTO settlement_component(settlement_id, line_no, order_no, amount_type, amount)"
               " SELECT settlement_id, 1, 'E3', 'ItemPrice', 5500 FROM settlement WHERE settlement_ref='AMZ-2'");
    rt_exec(t, "UPDATE payment SET pay_code='AMZPAY', pay_name='Amazon Payments' WHERE order_no='E3'");
    statement(t, "2026-11-30");
    credit(t, "S1", 10450, "USD", "2026-11-27", "AMAZON EU SARL", "AMZ-1");
    credit(t, "S2", 5012, "USD", "2026-11-28", "AMAZON EU SARL", NULL);
    rt_reconcile(t, D1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE bank_txn_id=%lld AND status='MATCHED'"
                               " AND detail LIKE 'bank settlement_ref%%'", (long long)txn(t, "S1")), 2);
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='E3'"), txn(t, "S2"));
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE order_no='E3'"), "bank settlement_amount");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status<>'MATCHED'"), 0);
    rt_close(t);
}
END_TEST

START_TEST(ambiguous_reported)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    rt_export_trade(t, "E2");
    rt_export_trade(t, "E3");
    rt_exec(t, "UPDATE payment SET pay_code='X'||order_no, pay_name=NULL");
    rt_exec(t, "UPDATE payment SET amount=7000 WHERE order_no='E3'; UPDATE orders SET goods_value=6500"
               " WHERE order_no='E3'");
    statement(t, "2026-11-30");
    /* 55.00 without reference or known counterparty: E1 and E2 both qualify. */
    credit(t, "A1", 5500, "USD", "2026-11-26", "SOMEBODY", NULL);
    /* 70.00: only E3 qualifies. */
    credit(t, "A2", 7000, "USD", "2026-11-26", "SOMEBODY", NULL);
    rt_reconcile(t, D1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED' AND bank_txn_id=%lld"
                               " AND detail LIKE 'ambiguous: 2 candidates%%'", (long long)txn(t, "A1")), 1);
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(order_no, ',') FROM (SELECT order_no FROM flow_candidate"
                                " WHERE bank_txn_id=%lld ORDER BY order_no)", (long long)txn(t, "A1")), "E1,E2");
    rt_assert_trade(t, "E1", "UNSETTLED", "UNSETTLED");
    rt_assert_trade(t, "E2", "UNSETTLED", "UNSETTLED");
    rt_assert_trade(t, "E3", "MATCHED", "");
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='E3'"), txn(t, "A2"));
    rt_close(t);
}
END_TEST

START_TEST(never_twice)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    rt_export_trade(t, "E2");
    rt_export_trade(t, "E3");
    rt_exec(t, "UPDATE payment SET pay_code='X'||order_no, pay_name=NULL");
    statement(t, "2026-11-30");
    /* One credit naming E1: it settles E1 and nothing else, though E2 has the same amount. */
    credit(t, "C1", 5500, "USD", "2026-11-26", NULL, "E1");
    /* Two identical credits naming E3: neither is guessed. */
    credit(t, "C3a", 5500, "USD", "2026-11-26", NULL, "E3");
    credit(t, "C3b", 5500, "USD", "2026-11-26", NULL, "E3");
    rt_reconcile(t, D1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE bank_txn_id=%lld", (long long)txn(t, "C1")), 1);
    rt_assert_trade(t, "E1", "MATCHED", "");
    rt_assert_trade(t, "E2", "UNSETTLED", "UNSETTLED");
    rt_assert_trade(t, "E3", "UNSETTLED", "UNSETTLED");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED'"
                               " AND detail LIKE 'ambiguous%%'"), 2);
    /* No credit is linked to two trades. */
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM (SELECT bank_txn_id FROM flow WHERE bank_txn_id IS NOT NULL"
                               " GROUP BY bank_txn_id HAVING count(*)>1)"), 0);
    rt_close(t);
}
END_TEST

START_TEST(fx_credit)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    /* A CNY credit for a USD receipt: compared in CNY within fx_pct (2 %%).
     * 55.00 USD x 7.20 = 396.00 CNY; the bank credits 394.00 (0.5 %% off). */
    rt_exec(t, "INSERT INTO fx_rate(rate_date, currency, cny_per_unit) VALUES ('2026-11-25', 'USD', '7.20')");
    statement(t, "2026-11-30");
    credit(t, "F1", 39400, "CNY", "2026-11-26", NULL, "E1");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "E1", "MATCHED", "");
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='E1'"), txn(t, "F1"));
    rt_close(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reconcile-bank");
    TCase *tc = tcase_create("bank");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, one_to_one_by_reference);
    tcase_add_test(tc, unsettled_and_unexplained);
    tcase_add_test(tc, many_to_one_payment_company);
    tcase_add_test(tc, many_to_one_settlement);
    tcase_add_test(tc, ambiguous_reported);
    tcase_add_test(tc, never_twice);
    tcase_add_test(tc, fx_credit);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
