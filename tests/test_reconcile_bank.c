/* Bank settlement matching: 1:1 by reference, N:1 by payment company and by settlement,
 * fees, ambiguity (reported, not guessed), a credit never used twice, UNSETTLED and
 * BANK_UNEXPLAINED.  Export trades of 55.00 USD (see rt_export_trade), paid 2026-11-25. */
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "core/base/config.h"
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

/* ---- batch settlements scoped by the receiving account (issue 14 item 7) ---------------------- */

/* A statement of account acct (holder owner, NULL when not given) and a credit booked into it. */
static void statement_of(rt_db *t, const char *acct, const char *owner, const char *closing)
{
    char *o = owner ? g_strdup_printf("'%s'", owner) : g_strdup("NULL");
    rt_exec(t, "INSERT INTO bank_statement(account, statement_no, currency, opening_date, closing_date, owner_name)"
               " VALUES ('%s', '1', 'CNY', '2026-11-25', '%s', %s)", acct, closing, o);
    g_free(o);
}

static void credit_to(rt_db *t, const char *acct, const char *entry, int64_t amount, const char *date,
                      const char *cp)
{
    rt_exec(t, "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, value_date, amount, currency,"
               " direction, counterparty) VALUES ((SELECT statement_id FROM bank_statement WHERE account='%s'),"
               " '%s', '%s', '%s', '%s', %lld, 'CNY', 'C', '%s')",
            acct, acct, entry, date, date, (long long)amount, cp);
}

/* Import trade no (119.10 CNY paid through PAY1 "Pay One") moved to platform pc named pname. */
static void platform_trade(rt_db *t, const char *no, const char *pc, const char *pname)
{
    rt_import_trade(t, no);
    rt_exec(t, "UPDATE orders SET platform_code='%s', platform_name='%s' WHERE order_no='%s';"
               "UPDATE payment SET platform_code='%s' WHERE order_no='%s';"
               "UPDATE customs_list SET platform_code='%s' WHERE order_no='%s'",
            pc, pname, no, pc, no, pc, no);
}

/* Reload the rule pack through a configuration file: the pack is the shipped one plus pack_extra,
 * the configuration file holds conf_extra, and pairs ("key", "value", ..., NULL) are -o overrides
 * of [accounts]. */
static void load_rules_with_accounts(rt_db *t, const char *pack_extra, const char *conf_extra,
                                     const char *const *pairs)
{
    cbec_config *cfg = NULL;
    char *why = NULL, *rules = tu_src("etc/reconcile.rules"), *text = NULL;
    char *pack = tu_path(t->dir, "site.rules"), *conf = tu_path(t->dir, "site.conf"), *all;
    ck_assert(g_file_get_contents(rules, &text, NULL, NULL));
    all = g_strconcat(text, "\n", pack_extra, NULL);
    tu_write(pack, all, -1);
    g_free(all);
    all = g_strdup_printf("[reconcile]\nrules = %s\n%s", pack, conf_extra);
    tu_write(conf, all, -1);
    g_free(all);
    ck_assert_msg(cbec_config_load(conf, &cfg, &why) == CBEC_ERR_NONE, "%s", why);
    for (; pairs && *pairs; pairs += 2)
        cbec_config_set(cfg, "accounts", pairs[0], pairs[1]);
    cbec_rc_rules_free(t->rules);
    ck_assert_msg(cbec_rc_rules_load(cfg, &t->rules, &why) == CBEC_ERR_NONE, "%s", why);
    cbec_config_free(cfg);
    g_free(rules);
    g_free(text);
    g_free(pack);
    g_free(conf);
}

#define ITEM 11910 /* one import trade: 119.10 CNY */

START_TEST(batch_scoped_by_account)
{
    static const char *const overrides[] = {"cn 003", "P1", NULL};
    rt_db *t = rt_open();
    /* Pay One pays two orders of platform P1 and one of P2 on 11-25 and settles each platform's day
     * into that platform's account: A1's holder is P1 by name, CN002 is P2's by [accounts]. */
    platform_trade(t, "I1", "P1", "Platform One Ltd");
    platform_trade(t, "I2", "P1", "Platform One Ltd");
    platform_trade(t, "I3", "P2", "Platform Two");
    /* The configuration's table wins over the pack's (which is wrong here). */
    load_rules_with_accounts(t, "[accounts]\nCN002 = P1\n", "[accounts]\nCN 002 = P2\n", overrides);
    statement_of(t, "A1", "PLATFORM  ONE LTD", "2026-11-30");
    credit_to(t, "A1", "S1", 2 * ITEM - 300, "2026-11-26", "PAY ONE");
    statement_of(t, "CN002", NULL, "2026-11-30");
    credit_to(t, "CN002", "S2", ITEM, "2026-11-26", "Pay One");
    rt_reconcile(t, D1);
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(order_no) FROM (SELECT order_no FROM flow"
                                " WHERE bank_txn_id=%lld ORDER BY order_no)", (long long)txn(t, "S1")), "I1,I2");
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE order_no='I1'"),
                     "bank counterparty_day (2 payments, fee 3.00 CNY)");
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='I3'"), txn(t, "S2"));
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE order_no='I3'"), "bank counterparty_day");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED'"), 0);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status<>'MATCHED'"), 0);
    /* A -o accounts.KEY=CODE override alone maps an account too: CN003 (P1) takes Pay One's P1
     * day of 11-27 although the company's whole day (with P2's I6) is larger. */
    platform_trade(t, "I4", "P1", "Platform One Ltd");
    platform_trade(t, "I5", "P2", "Platform Two");
    rt_exec(t, "UPDATE payment SET pay_time='2026-11-27T10:05:00+08:00' WHERE order_no IN ('I4','I5')");
    statement_of(t, "CN003", NULL, "2026-11-30");
    credit_to(t, "CN003", "S3", ITEM, "2026-11-28", "Pay One");
    rt_reconcile(t, D1);
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='I4'"), txn(t, "S3"));
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='I5'"), -1);
    rt_close(t);
}
END_TEST

START_TEST(batch_owner_unknown)
{
    rt_db *t = rt_open();
    platform_trade(t, "I1", "P1", "Platform One Ltd");
    platform_trade(t, "I2", "P1", "Platform One Ltd");
    platform_trade(t, "I3", "P2", "Platform Two");
    /* The holder's name names two registered enterprises: reported, and the account is treated as
     * of unknown owner -- the company's whole day, all platforms, as before. */
    rt_exec(t, "INSERT INTO enterprise(code, name) VALUES ('T1', 'Twin Trading'), ('T2', 'TWIN TRADING');"
               "UPDATE orders SET seller_code='T1' WHERE order_no='I1'");
    statement_of(t, "A3", "Twin Trading", "2026-11-30");
    credit_to(t, "A3", "S3", 3 * ITEM, "2026-11-26", "Pay One");
    credit_to(t, "A3", "X3", 4200, "2026-11-26", "SOMEBODY");
    rt_reconcile(t, D1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE bank_txn_id=%lld AND status='MATCHED'",
                            (long long)txn(t, "S3")), 3);
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE bank_txn_id=%lld", (long long)txn(t, "X3")),
                     "account owner ambiguous: 2 enterprises (T1, T2)");
    rt_close(t);
}
END_TEST

START_TEST(batch_scoped_ambiguous)
{
    rt_db *t = rt_open();
    /* The rule pack's own [accounts] table maps A1 to P1. */
    load_rules_with_accounts(t, "[accounts]\nA1 = P1\n", "", NULL);
    platform_trade(t, "I1", "P1", "Platform One Ltd");
    platform_trade(t, "I2", "P1", "Platform One Ltd");
    platform_trade(t, "I3", "P2", "Platform Two");
    /* P1's days 11-25 (I1) and 11-26 (I2) are of the same amount: two candidates, not guessed.
     * (Across all platforms the 11-26 day alone would have fitted.) */
    rt_exec(t, "UPDATE payment SET pay_time='2026-11-26T10:05:00+08:00' WHERE order_no='I2'");
    statement_of(t, "A1", NULL, "2026-11-30");
    credit_to(t, "A1", "S1", ITEM, "2026-11-27", "Pay One");
    rt_reconcile(t, D1);
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE bank_txn_id=%lld", (long long)txn(t, "S1")),
                     "ambiguous: 2 candidates (counterparty_day)");
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(order_no) FROM (SELECT order_no FROM flow_candidate"
                                " WHERE bank_txn_id=%lld ORDER BY order_no)", (long long)txn(t, "S1")), "I1,I2");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE order_no IS NOT NULL AND bank_txn_id IS NOT NULL"), 0);
    rt_close(t);
}
END_TEST

/* ---- B2B exports paid by a wire naming the order (issue 14 item 8) ----------------------------- */

/* A B2B export (mode 9710 or 9810) of 55.00 USD on 11-25, declared without a payment receipt. */
static void b2b_trade(rt_db *t, const char *no, const char *mode)
{
    rt_export_trade(t, no);
    rt_exec(t, "DELETE FROM payment WHERE order_no='%s';"
               "UPDATE orders SET trade_mode='%s', order_type='B' WHERE order_no='%s';"
               "UPDATE customs_list SET trade_mode='%s' WHERE order_no='%s'",
            no, mode, no, mode, no);
}

static void wire(rt_db *t, const char *entry, int64_t amount, const char *ref, const char *remittance)
{
    rt_exec(t, "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, value_date, amount, currency,"
               " direction, counterparty, reference, remittance) VALUES ((SELECT max(statement_id) FROM"
               " bank_statement), 'CN001', '%s', '2026-11-27', '2026-11-27', %lld, 'USD', 'C', 'FOREIGN BUYER GMBH',"
               " %s%s%s, '%s')",
            entry, (long long)amount, ref ? "'" : "", ref ? ref : "NULL", ref ? "'" : "", remittance);
}

START_TEST(b2b_paid_by_wire)
{
    rt_db *t = rt_open();
    b2b_trade(t, "B-2026-7", "9710");
    b2b_trade(t, "HK88", "9810");
    b2b_trade(t, "A12", "9710");
    statement(t, "2026-12-10");
    /* The order named in the remittance text; the other by its end-to-end id among contract words. */
    wire(t, "W1", 5500, "NOTPROVIDED", "PAYMENT FOR ORDER B-2026-7.");
    wire(t, "W2", 5450, "HK88", "INV 2026-17 / CONTRACT HT-88 / HK88");
    /* A near miss: "A123" is not order A12. */
    wire(t, "W3", 5500, NULL, "PAYMENT FOR ORDER A123");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "B-2026-7", "MATCHED", "");
    ck_assert_int_eq(rt_int(t, "SELECT bank_txn_id FROM flow WHERE order_no='B-2026-7'"), txn(t, "W1"));
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE order_no='B-2026-7'"), "bank reference");
    rt_assert_trade(t, "HK88", "MATCHED", "");
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE order_no='HK88'"), "bank reference (fee 0.50 USD)");
    rt_assert_trade(t, "A12", "PAYMENT_MISSING", "PAYMENT_MISSING");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED'"), 1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='BANK_UNEXPLAINED' AND bank_txn_id=%lld",
                            (long long)txn(t, "W3")), 1);
    rt_close(t);
}
END_TEST

START_TEST(b2b_wire_ambiguous)
{
    rt_db *t = rt_open();
    b2b_trade(t, "B1", "9710");
    b2b_trade(t, "B2", "9710");
    statement(t, "2026-12-10");
    /* One wire naming both orders of the same amount: two candidates, reported, not guessed. */
    wire(t, "W1", 5500, NULL, "ORDERS B1/B2");
    rt_reconcile(t, D1);
    ck_assert_str_eq(rt_text(t, "SELECT detail FROM flow WHERE bank_txn_id=%lld", (long long)txn(t, "W1")),
                     "ambiguous: 2 candidates (reference)");
    rt_assert_trade(t, "B1", "PAYMENT_MISSING", "PAYMENT_MISSING");
    rt_close(t);
}
END_TEST

START_TEST(b2b_missing_after_window)
{
    rt_db *t = rt_open();
    b2b_trade(t, "B9", "9810");
    b2b_trade(t, "E9", "9610");
    /* Bank data up to 11-30: within the 10 days the wire may take, the B2B trade is not missing yet
     * (a retail export without its receipt is, as before). */
    statement(t, "2026-11-30");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "B9", "MATCHED", "");
    rt_assert_trade(t, "E9", "PAYMENT_MISSING", "PAYMENT_MISSING");
    /* Up to 12-10 without a credit naming it: PAYMENT_MISSING. */
    rt_exec(t, "UPDATE bank_statement SET closing_date='2026-12-10'");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "B9", "PAYMENT_MISSING", "PAYMENT_MISSING");
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
    tcase_add_test(tc, batch_scoped_by_account);
    tcase_add_test(tc, batch_owner_unknown);
    tcase_add_test(tc, batch_scoped_ambiguous);
    tcase_add_test(tc, b2b_paid_by_wire);
    tcase_add_test(tc, b2b_wire_ambiguous);
    tcase_add_test(tc, b2b_missing_after_window);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
