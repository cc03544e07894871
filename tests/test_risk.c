/* Risk rule pack (etc/risk.rules, docs/dataset.md "Derived tables"): on a clean
 * base of ten complete trades, each scenario raises exactly its rule's alert,
 * pointing at exactly the orders involved; the clean base raises none; reruns keep the same rows. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "test_risk_data.h"

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
    cbec_store_close(st);
    g_free(db);
}

static void expect_alerts(const char *want)
{
    char *got;
    rd_analyse(st, DATE);
    got = rd_alerts(st);
    ck_assert_str_eq(got, want);
    g_free(got);
}

static char *evidence(const char *rule)
{
    char *sql = g_strdup_printf("SELECT evidence FROM alert WHERE rule_id='%s'", rule);
    char *e = rd_text(st, sql);
    g_free(sql);
    return e;
}

START_TEST(clean_raises_none)
{
    expect_alerts("");
    /* Every enterprise in the data was created from trade and scored. */
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM enterprise WHERE origin='trade'"), 4);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM credit_score WHERE as_of='" DATE "'"), 4);
}
END_TEST

START_TEST(single_limit)
{
    /* 5,200.00 CNY in one purchase (laptop HS, no price statistics). */
    rd_trade t = {.order_no = "S1", .hs = "8471300000", .unit_fen = 520000, .qty = 1, .weight_g = 2000};
    rd_trade u = {.order_no = "S2", .hs = "8471300000", .unit_fen = 500000, .qty = 1, .weight_g = 2000};
    char *e;
    rd_trade_add(st, &t);
    rd_trade_add(st, &u); /* exactly at the limit: not over it */
    expect_alerts("R-SINGLE-LIMIT=S1");
    e = evidence("R-SINGLE-LIMIT");
    ck_assert_str_eq(e, "{\"order_no\":\"S1\",\"value_cny\":\"5200.00\",\"limit_cny\":\"5000.00\","
                        "\"trade_mode\":\"9610\"}");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE rule_id='R-SINGLE-LIMIT' AND severity='high'"
                                " AND business_date='2026-11-25' AND entity_key='PLAT1|S1'"), 1);
    g_free(e);
}
END_TEST

START_TEST(annual_limit)
{
    /* One buyer, six purchases of 4,500.00 over the year = 27,000.00 > 26,000.00;
     * the limit is crossed by the sixth, on 2026-11-02. */
    static const char *const times[] = {"2026-02-01T10:00:00+08:00", "2026-04-01T10:00:00+08:00",
                                        "2026-06-01T10:00:00+08:00", "2026-08-01T10:00:00+08:00",
                                        "2026-10-01T10:00:00+08:00", "2026-11-02T10:00:00+08:00"};
    char *e;
    for (int i = 0; i < 6; i++) {
        char no[8];
        rd_trade t = {.buyer = "BUYER-A", .hs = "8471300000", .unit_fen = 450000, .qty = 1, .weight_g = 2000};
        g_snprintf(no, sizeof no, "A%d", i + 1);
        t.order_no = no;
        t.time = times[i];
        rd_trade_add(st, &t);
    }
    /* The same buyer's purchases of another year do not count. */
    {
        rd_trade t = {.order_no = "A0", .buyer = "BUYER-A", .hs = "8471300000", .unit_fen = 450000, .qty = 1,
                      .weight_g = 2000, .time = "2025-12-31T10:00:00+08:00"};
        rd_trade_add(st, &t);
    }
    expect_alerts("R-ANNUAL-LIMIT=A1,A2,A3,A4,A5,A6");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE rule_id='R-ANNUAL-LIMIT' AND entity_kind='buyer'"
                                " AND entity_key='BUYER-A|2026' AND business_date='2026-11-02'"),
                     1);
    e = evidence("R-ANNUAL-LIMIT");
    ck_assert_ptr_nonnull(strstr(e, "\"total_cny\":\"27000.00\""));
    ck_assert_ptr_nonnull(strstr(e, "\"orders\":6"));
    g_free(e);
}
END_TEST

START_TEST(order_split)
{
    /* One consignee, three orders of 2,000.00 within ten hours: 6,000.00 > 5,000.00. A fourth
     * order two days later is outside the window. */
    static const char *const times[] = {"2026-11-24T08:00:00+08:00", "2026-11-24T13:00:00+08:00",
                                        "2026-11-24T18:00:00+08:00", "2026-11-26T18:00:00+08:00"};
    for (int i = 0; i < 4; i++) {
        char no[8];
        rd_trade t = {.consignee = "CONS-X", .hs = "8471300000", .unit_fen = 200000, .qty = 1, .weight_g = 2000};
        g_snprintf(no, sizeof no, "P%d", i + 1);
        t.order_no = no;
        t.time = times[i];
        rd_trade_add(st, &t);
    }
    expect_alerts("R-ORDER-SPLIT=P1,P2,P3");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE rule_id='R-ORDER-SPLIT' AND"
                                " json_extract(evidence,'$.total_cny')='6000.00' AND json_extract(evidence,"
                                "'$.orders')=3 AND business_date='2026-11-24'"),
                     1);
}
END_TEST

START_TEST(payer_not_buyer)
{
    rd_trade t = {.order_no = "N1", .payer = "SOMEONE-ELSE"};
    rd_trade_add(st, &t);
    expect_alerts("R-PAYER-NOT-BUYER=N1");
}
END_TEST

START_TEST(payer_many_buyers)
{
    /* One payer for three buyers: the many-buyers alert covers the payer-not-buyer ones. */
    for (int i = 1; i <= 3; i++) {
        char no[8];
        rd_trade t = {.payer = "PAYER-M"};
        g_snprintf(no, sizeof no, "M%d", i);
        t.order_no = no;
        rd_trade_add(st, &t);
    }
    expect_alerts("R-PAYER-MANY-BUYERS=M1,M2,M3");
    ck_assert_int_eq(rd_int(st, "SELECT json_extract(evidence,'$.buyers') FROM alert"), 3);
}
END_TEST

START_TEST(money_without_goods)
{
    rd_trade t = {.order_no = "MG1", .weight_g = -1, .no_list = 1};
    rd_trade_add(st, &t);
    expect_alerts("R-MONEY-WITHOUT-GOODS=MG1");
    /* The goods arrive on a later night: the alert goes away. */
    rd_sql(st, "INSERT INTO shipment(logistics_no, logistics_code, order_no, weight_g, declared_value, currency)"
               " VALUES ('W-MG1','LOG1','MG1',500,20000,'CNY')");
    expect_alerts("");
}
END_TEST

START_TEST(goods_without_money)
{
    rd_trade t = {.order_no = "GM1", .payer = "-"};
    rd_trade_add(st, &t);
    expect_alerts("R-GOODS-WITHOUT-MONEY=GM1");
}
END_TEST

START_TEST(undervaluation)
{
    /* 20.00 against a median of 100.00 over 11 items of HS 610910: below 30 %. */
    rd_trade t = {.order_no = "U1", .unit_fen = 2000};
    rd_trade v = {.order_no = "U2", .unit_fen = 4000}; /* 40 %: not flagged */
    rd_trade_add(st, &t);
    rd_trade_add(st, &v);
    expect_alerts("R-UNDERVALUATION=U1");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE json_extract(evidence,'$.items[0].median_cny')"
                                "='100.00' AND json_extract(evidence,'$.items[0].unit_price_cny')='20.00'"
                                " AND json_extract(evidence,'$.items[0].sample')=12"),
                     1);
}
END_TEST

START_TEST(undervaluation_needs_sample)
{
    /* Too few priced items of the code: no statistics, no alert. */
    rd_sql(st, "DELETE FROM order_item WHERE order_id IN (SELECT order_id FROM orders WHERE order_no>'CLEAN05')");
    {
        rd_trade t = {.order_no = "U1", .unit_fen = 2000};
        rd_trade_add(st, &t);
    }
    expect_alerts("");
}
END_TEST

START_TEST(undervaluation_from_customs_list)
{
    /* CEB orders carry no HS code: the customs list's lines give the prices. */
    rd_trade t = {.order_no = "U1", .unit_fen = 2000};
    rd_trade_add(st, &t);
    rd_sql(st, "UPDATE order_item SET hs_code=NULL;"
               "INSERT INTO customs_list_item(list_id, line_no, hs_code, qty, unit_price, total, currency)"
               " SELECT l.list_id, 1, '6109100000', '2', CASE WHEN l.order_no='U1' THEN 2000 ELSE 10000 END,"
               " CASE WHEN l.order_no='U1' THEN 4000 ELSE 20000 END, 'CNY' FROM customs_list l;");
    expect_alerts("R-UNDERVALUATION=U1");
}
END_TEST

START_TEST(weight_value)
{
    /* 200.00 CNY in 20 kg: 10.00 CNY/kg against 400.00 CNY/kg for the group (x40). */
    rd_trade t = {.order_no = "WV1", .weight_g = 20000};
    char *e;
    rd_trade_add(st, &t);
    expect_alerts("R-WEIGHT-VALUE=WV1");
    e = evidence("R-WEIGHT-VALUE");
    ck_assert_ptr_nonnull(strstr(e, "\"value_per_kg_cny\":\"10.00\""));
    ck_assert_ptr_nonnull(strstr(e, "\"median_per_kg_cny\":\"400.00\""));
    g_free(e);
}
END_TEST

START_TEST(bank_unexplained)
{
    rd_sql(st, "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " reference, counterparty) VALUES (1,'ACC1','E2','2026-11-25',98765,'CNY','C','GIFT','Unknown LLC');"
               /* a debit is never a credit to explain */
               "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " reference) VALUES (1,'ACC1','E3','2026-11-25',5000,'CNY','D','FEE');");
    expect_alerts("R-BANK-UNEXPLAINED=");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE entity_kind='bank_txn' AND entity_key='ACC1|E2'"
                                " AND json_extract(evidence,'$.amount')='987.65'"),
                     1);
}
END_TEST

START_TEST(bank_unexplained_by_flow)
{
    /* Reconciliation linked the credit to a trade: explained, whatever its reference. */
    rd_sql(st, "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " reference) VALUES (1,'ACC1','E2','2026-11-25',20000,'CNY','C','BATCH 7');"
               "INSERT INTO flow(order_no, platform_code, status, reasons, bank_txn_id) VALUES"
               " ('CLEAN01','PLAT1','MATCHED','',(SELECT txn_id FROM bank_txn WHERE entry_ref='E2'));"
               /* ... but a reconciliation verdict of BANK_UNEXPLAINED raises it. */
               "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " reference) VALUES (1,'ACC1','E4','2026-11-25',30000,'CNY','C','SET-1');"
               "INSERT INTO flow(order_no, platform_code, status, reasons, bank_txn_id) VALUES"
               " (NULL,NULL,'EXCEPTION','BANK_UNEXPLAINED',(SELECT txn_id FROM bank_txn WHERE entry_ref='E4'));");
    expect_alerts("R-BANK-UNEXPLAINED=");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE entity_key='ACC1|E4'"), 1);
}
END_TEST

/* Two unexplained credits under one bank reference (an ESR batch) are two alerts: the
 * entry's place in its statement tells them apart. */
START_TEST(bank_unexplained_same_reference)
{
    rd_sql(st, "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " statement_key, entry_seq) VALUES (1,'ACC1','ESR-1','2026-11-25',98765,'CNY','C','231|2026-11-24',1),"
               " (1,'ACC1','ESR-1','2026-11-25',87654,'CNY','C','231|2026-11-24',2);");
    expect_alerts("R-BANK-UNEXPLAINED= R-BANK-UNEXPLAINED=");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE entity_key='ACC1|ESR-1|231|2026-11-24#2'"
                                " AND json_extract(evidence,'$.amount')='876.54'"), 1);
}
END_TEST

START_TEST(negative_list_activity)
{
    rd_trade t = {.order_no = "NL1", .seller = "BADSELL"};
    rd_trade before = {.order_no = "NL0", .seller = "BADSELL", .time = "2026-09-30T10:00:00+08:00"};
    rd_sql(st, "INSERT INTO enterprise(code, name, role, origin) VALUES ('BADSELL','Bad Seller','seller','register');"
               "INSERT INTO enterprise_event(code, event_date, kind, detail) VALUES"
               " ('BADSELL','2026-10-01','serious_violation','smuggling case 12');");
    rd_trade_add(st, &t);
    rd_trade_add(st, &before); /* before the listing: not negative-list activity */
    expect_alerts("R-NEGATIVE-LIST=NL1");
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert WHERE entity_kind='enterprise' AND entity_key='BADSELL'"
                                " AND business_date='2026-11-25' AND severity='high'"),
                     1);
}
END_TEST

START_TEST(rerun_same_rows)
{
    rd_trade s = {.order_no = "S1", .hs = "8471300000", .unit_fen = 520000, .qty = 1, .weight_g = 2000};
    rd_trade n = {.order_no = "N1", .payer = "SOMEONE-ELSE"};
    char *before, *after;
    rd_trade_add(st, &s);
    rd_trade_add(st, &n);
    rd_analyse(st, DATE);
    before = rd_text(st, "SELECT group_concat(alert_id||rule_id||entity_key||business_date||evidence||run_id, ';')"
                         " FROM (SELECT * FROM alert ORDER BY alert_id)");
    rd_analyse(st, DATE);
    rd_analyse(st, "2026-11-27");
    after = rd_text(st, "SELECT group_concat(alert_id||rule_id||entity_key||business_date||evidence||run_id, ';')"
                        " FROM (SELECT * FROM alert ORDER BY alert_id)");
    ck_assert_str_eq(before, after);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert"), 2);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert_order"), 2);
    g_free(before);
    g_free(after);
}
END_TEST

START_TEST(foreign_currency)
{
    /* 800.00 USD at 7.1234 = 5,698.72 CNY: over the single limit once converted. */
    rd_sql(st, "INSERT INTO fx_rate(rate_date, currency, cny_per_unit) VALUES ('2026-11-20','USD','7.1234');"
               "INSERT INTO orders(order_no, platform_code, direction, trade_mode, order_time, currency, goods_value,"
               " buyer_key, consignee_key, pay_code) VALUES ('F1','PLAT1','import','1210',"
               "'2026-11-25T10:00:00+08:00','USD',80000,'BF','CF','PAY1');"
               "INSERT INTO payment(pay_transaction_id, pay_code, order_no, platform_code, payer_key, amount, currency)"
               " VALUES ('TX-F1','PAY1','F1','PLAT1','BF',80000,'USD');"
               "INSERT INTO customs_list(cop_no, order_no, platform_code, trade_mode) VALUES ('L-F1','F1','PLAT1','1210');");
    expect_alerts("R-SINGLE-LIMIT=F1");
    ck_assert_int_eq(rd_int(st, "SELECT json_extract(evidence,'$.value_cny')='5698.72' FROM alert"), 1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("risk");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, clean_raises_none);
    tcase_add_test(tc, single_limit);
    tcase_add_test(tc, annual_limit);
    tcase_add_test(tc, order_split);
    tcase_add_test(tc, payer_not_buyer);
    tcase_add_test(tc, payer_many_buyers);
    tcase_add_test(tc, money_without_goods);
    tcase_add_test(tc, goods_without_money);
    tcase_add_test(tc, undervaluation);
    tcase_add_test(tc, undervaluation_needs_sample);
    tcase_add_test(tc, undervaluation_from_customs_list);
    tcase_add_test(tc, weight_value);
    tcase_add_test(tc, bank_unexplained);
    tcase_add_test(tc, bank_unexplained_by_flow);
    tcase_add_test(tc, bank_unexplained_same_reference);
    tcase_add_test(tc, negative_list_activity);
    tcase_add_test(tc, rerun_same_rows);
    tcase_add_test(tc, foreign_currency);
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
