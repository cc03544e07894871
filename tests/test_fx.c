/* The one conversion to CNY (core/fx.h): the rule on hand-written rates, and one order that
 * gets the same CNY value in flow (reconcile), in alert evidence (analyse) and in the
 * statistics.  Expected values are computed by hand in the comments. */
#include <check.h>
#include <string.h>
#include <glib.h>

#include "core/fx.h"
#include "reports/providers/providers.h"
#include "test_reconcile_util.h"
#include "test_risk_data.h"
#include "testutil.h"

#define DATE "2026-11-25"

/* cny(amount, currency, date) on the test's dataset: the fen, -1 for SQL NULL. */
static int64_t cny(rt_db *t, int64_t amount, const char *cur, const char *date)
{
    char *c = cur ? sqlite3_mprintf("%Q", cur) : sqlite3_mprintf("NULL");
    char *d = date ? sqlite3_mprintf("%Q", date) : sqlite3_mprintf("NULL");
    int64_t v = rt_int(t, "SELECT cny(%lld, %s, %s)", (long long)amount, c, d);
    sqlite3_free(c);
    sqlite3_free(d);
    return v;
}

/* Rates of 2026-11-20 (a Friday) and 11-24; none on the weekend or the Monday between. */
static rt_db *with_rates(void)
{
    rt_db *t = rt_open();
    rt_exec(t, "INSERT INTO fx_rate(rate_date, currency, cny_per_unit) VALUES"
               " ('2026-11-20','USD','7.1234'), ('2026-11-24','USD','7.2000'),"
               " ('2026-11-20','JPY','0.048321'), ('2026-11-20','KWD','23.4567'), ('2026-11-20','EUR','abc')");
    return t;
}

START_TEST(rate_of_the_day)
{
    rt_db *t = with_rates();
    int64_t fen = 0, rate = 0;
    /* 100.00 USD x 7.2000 = 720.00 CNY on the 24th itself. */
    ck_assert_int_eq(cny(t, 10000, "USD", "2026-11-24"), 72000);
    ck_assert_int_eq(cbec_fx_rate(t->db, "USD", "2026-11-24", &rate), 1);
    ck_assert_int_eq(rate, 72000000000);
    ck_assert_int_eq(cbec_fx_to_fen(t->db, 10000, "USD", "2026-11-24", &fen), 1);
    ck_assert_int_eq(fen, 72000);
    rt_close(t);
}
END_TEST

START_TEST(earlier_rate_never_a_later_one)
{
    rt_db *t = with_rates();
    int64_t fen = 0;
    /* The weekend and Monday take Friday's parity: 100.00 x 7.1234 = 712.34. */
    ck_assert_int_eq(cny(t, 10000, "USD", "2026-11-22"), 71234);
    ck_assert_int_eq(cny(t, 10000, "USD", "2026-11-23"), 71234);
    /* After the last rate: the last one. */
    ck_assert_int_eq(cny(t, 10000, "USD", "2026-12-31"), 72000);
    /* Before the first rate: not converted, although later rates exist. */
    ck_assert_int_eq(cny(t, 10000, "USD", "2026-11-19"), -1);
    ck_assert_int_eq(cbec_fx_to_fen(t->db, 10000, "USD", "2026-11-19", &fen), 0);
    rt_close(t);
}
END_TEST

START_TEST(no_rate_is_null_never_zero)
{
    rt_db *t = with_rates();
    int64_t fen = 0;
    ck_assert_int_eq(cny(t, 10000, "GBP", "2026-11-24"), -1);      /* a currency without rates */
    ck_assert_int_eq(cny(t, 10000, "USD", NULL), -1);              /* no date: no rate can be chosen */
    ck_assert_int_eq(cny(t, 10000, "USD", ""), -1);
    ck_assert_int_eq(cny(t, 10000, "EUR", "2026-11-24"), -1);      /* an unreadable rate is no rate */
    ck_assert_int_eq(rt_int(t, "SELECT cny(NULL, 'USD', '2026-11-24') IS NULL"), 1);
    ck_assert_int_eq(cbec_fx_to_fen(t->db, 10000, "GBP", "2026-11-24", &fen), 0);
    /* CNY (and its aliases) is taken as it is, with or without a date or a rate. */
    ck_assert_int_eq(cny(t, 12345, "CNY", NULL), 12345);
    ck_assert_int_eq(cny(t, 12345, "", NULL), 12345);
    ck_assert_int_eq(cny(t, 12345, NULL, NULL), 12345);
    ck_assert_int_eq(cny(t, 12345, "142", "2026-11-24"), 12345);
    ck_assert_int_eq(cny(t, 12345, "RMB", "2026-11-24"), 12345);
    rt_close(t);
}
END_TEST

START_TEST(a_rate_loaded_later_is_used)
{
    rt_db *t = with_rates();
    /* No rate is remembered between two statements: a rate stored after a first conversion
     * (the rates of a night ingested before its reconcile) is the one used next. */
    ck_assert_int_eq(cny(t, 10000, "GBP", "2026-11-24"), -1);
    rt_exec(t, "INSERT INTO fx_rate(rate_date, currency, cny_per_unit) VALUES ('2026-11-24','GBP','9.0102')");
    ck_assert_int_eq(cny(t, 10000, "GBP", "2026-11-24"), 90102);
    rt_close(t);
}
END_TEST

START_TEST(exponents_and_rounding)
{
    rt_db *t = with_rates();
    int64_t fen = 0, rate = 0;
    /* JPY has no minor unit: 5,000 JPY x 0.048321 = 241.605 CNY = 24,160.5 fen -> 24,161. */
    ck_assert_int_eq(cny(t, 5000, "JPY", "2026-11-20"), 24161);
    /* KWD has three: 1.234 KWD x 23.4567 = 28.9455678 CNY -> 28.95. */
    ck_assert_int_eq(cny(t, 1234, "KWD", "2026-11-20"), 2895);
    /* 1 cent x 7.5 = 7.5 fen: half away from zero, both ways. */
    ck_assert_int_eq(cbec_fx_parse_rate("7.5", &rate), 0);
    ck_assert_int_eq(cbec_fx_apply(1, "USD", rate, &fen), 0);
    ck_assert_int_eq(fen, 8);
    ck_assert_int_eq(cbec_fx_apply(-1, "USD", rate, &fen), 0);
    ck_assert_int_eq(fen, -8);
    /* 123.45 USD x 7.1234 = 879.383730 CNY -> 879.38 (down) ; 3 cents x 7.1234 = 21.3702 fen -> 21. */
    ck_assert_int_eq(cny(t, 12345, "USD", "2026-11-20"), 87938);
    ck_assert_int_eq(cny(t, -12345, "USD", "2026-11-20"), -87938);
    ck_assert_int_eq(cny(t, 3, "USD", "2026-11-20"), 21);
    /* Ten decimals are read exactly (not rounded to eight first): 12,048.71 USD x 7.123456785
     * = 85,828.464999997... CNY -> 85,828.46 (7.12345679 would give 85,828.47). */
    ck_assert_int_eq(cbec_fx_parse_rate("7.123456785", &rate), 0);
    ck_assert_int_eq(rate, 71234567850);
    ck_assert_int_eq(cbec_fx_apply(1204871, "USD", rate, &fen), 0);
    ck_assert_int_eq(fen, 8582846);
    /* Not a rate; a result past int64 is not converted. */
    ck_assert_int_eq(cbec_fx_parse_rate("0", &rate), -1);
    ck_assert_int_eq(cbec_fx_parse_rate("-7.1", &rate), -1);
    ck_assert_int_eq(cbec_fx_parse_rate("7,1", &rate), -1);
    ck_assert_int_eq(cbec_fx_parse_rate(NULL, &rate), -1);
    ck_assert_int_eq(cbec_fx_apply(INT64_MAX, "JPY", 71234567850, &fen), -1);
    ck_assert_int_eq(cbec_fx_apply(100, "USD", 0, &fen), -1);
    rt_close(t);
}
END_TEST

/* Import order `no` of `cents` USD (goods = actual paid, no freight, tax or discount; one line)
 * at `time`, paid and declared, buyer and consignee of its own. */
static void usd_order(rt_db *t, const char *no, long long cents, const char *time)
{
    rt_exec(t,
            "INSERT INTO orders(order_no, platform_code, seller_code, direction, trade_mode, order_time, currency,"
            " goods_value, freight, discount, tax_total, actual_paid, buyer_key, consignee_key, pay_code,"
            " pay_transaction_id) VALUES ('%s','PLAT1','SELL1','import','1210','%s','USD',%lld,0,0,0,%lld,"
            " 'B-%s','C-%s','PAY1','TX-%s');"
            "INSERT INTO order_item(order_id, line_no, name, hs_code, qty, unit, unit_price, total, currency)"
            " VALUES (last_insert_rowid(), 1, 'sweater', '6110120000', '1', '011', %lld, %lld, 'USD');"
            "INSERT INTO payment(pay_transaction_id, pay_code, order_no, platform_code, payer_key, amount, currency,"
            " pay_time) VALUES ('TX-%s','PAY1','%s','PLAT1','B-%s',%lld,'USD','%s');"
            "INSERT INTO customs_list(cop_no, order_no, platform_code, seller_code, trade_mode, declared_at,"
            " total_value, currency) VALUES ('L-%s','%s','PLAT1','SELL1','1210','%s',%lld,'USD');",
            no, time, cents, cents, no, no, no, cents, cents, no, no, no, cents, time, no, no, time, cents);
}

START_TEST(one_order_one_cny_value)
{
    rt_db *t = rt_open();
    cbec_rmodel *m = cbec_rmodel_new("statistics", "zh", DATE);
    cbec_report_ctx ctx = {t->db, NULL, DATE, "zh", NULL, m, NULL};
    const cbec_rtable *hs;
    char *why = NULL;

    /* A Friday rate with nine decimals and a later one that must not apply. */
    rt_exec(t, "INSERT INTO fx_rate(rate_date, currency, cny_per_unit) VALUES ('2026-11-20','USD','7.123456785'),"
               " ('2026-11-24','USD','9.9')");
    /* A, on Sunday 11-22: 12,048.71 USD x 7.123456785 = 85,828.464999... -> 85,828.46 CNY, over the
     * 5,000 CNY single limit.  B, on 11-10 before any rate: not converted anywhere. */
    usd_order(t, "A", 1204871, "2026-11-22T10:00:00+08:00");
    usd_order(t, "B", 100000, "2026-11-10T10:00:00+08:00");
    rt_reconcile(t, DATE);
    rd_analyse(t->st, DATE);
    ck_assert_int_eq(cbec_report_provide_statistics(&ctx, &why), CBEC_ERR_NONE);

    /* flow */
    ck_assert_int_eq(rt_int(t, "SELECT value_cny FROM flow WHERE order_no='A'"), 8582846);
    ck_assert_int_eq(rt_int(t, "SELECT value_cny IS NULL FROM flow WHERE order_no='B'"), 1);
    /* alert evidence */
    ck_assert_str_eq(rt_text(t, "SELECT json_extract(evidence,'$.value_cny') FROM alert"
                                " WHERE rule_id='R-SINGLE-LIMIT' AND json_extract(evidence,'$.order_no')='A'"),
                     "85828.46");
    ck_assert_str_eq(rt_text(t, "SELECT json_extract(evidence,'$.total_cny') FROM alert"
                                " WHERE rule_id='R-ANNUAL-LIMIT'"),
                     "85828.46");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM alert_order WHERE order_no='B'"), 0);
    /* statistics: A's value; B counted, not valued */
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "trade_value")->v[CBEC_P_CUR].i, 8582846);
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "trade_count")->v[CBEC_P_CUR].i, 2);
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "unconverted_count")->v[CBEC_P_CUR].i, 1);
    /* ... and the order lines, which the statistics convert themselves (HS chapter 61) */
    hs = cbec_rmodel_get_table(m, "by_hs_chapter");
    ck_assert_str_eq(((cbec_rcell *)g_ptr_array_index(hs->rows, 0))[0].s, "61");
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(hs->rows, 0))[3].i, 8582846);
    cbec_rmodel_free(m);
    rt_close(t);
}
END_TEST

START_TEST(pack_fx_rates_are_not_rates)
{
    rt_db *t = rt_open();
    cbec_rc_rules *r = NULL;
    char *why = NULL, *path = tu_path(t->dir, "old.rules");
    /* A rule pack of before core/fx still names fallback rates: they are warned about and
     * never used, so the order without an fx_rate stays unconverted (not 55.00 x 7.10). */
    tu_write(path, "[pack]\nversion = old-1\n[fx]\nUSD = 7.10\n", -1);
    ck_assert(cbec_rc_rules_load_file(path, &r, &why) == CBEC_ERR_NONE);
    cbec_rc_rules_free(t->rules);
    t->rules = r;
    rt_export_trade(t, "E1");
    rt_reconcile(t, DATE);
    ck_assert_int_eq(rt_int(t, "SELECT value_cny IS NULL FROM flow WHERE order_no='E1'"), 1);
    g_free(path);
    rt_close(t);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("fx");
    TCase *tc = tcase_create("cny");
    tcase_add_test(tc, rate_of_the_day);
    tcase_add_test(tc, earlier_rate_never_a_later_one);
    tcase_add_test(tc, no_rate_is_null_never_zero);
    tcase_add_test(tc, a_rate_loaded_later_is_used);
    tcase_add_test(tc, exponents_and_rounding);
    tcase_add_test(tc, one_order_one_cny_value);
    tcase_add_test(tc, pack_fx_rates_are_not_rates);
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
    return failed ? 1 : 0;
}
