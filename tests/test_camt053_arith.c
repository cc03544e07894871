/* Exact arithmetic shared by the bank plugins (plugins/bankkit/bankstmt.c): amounts at
 * scale 5, conversion to minor units, overflow at the int64 edge, calendar checks. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/decimal.h"
#include "plugins/bankkit/bankstmt.h"

static cbec_host host;

static void setup(void)
{
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.decimal_parse = cbec_decimal_parse;
    host.currency_exponent = cbec_currency_exponent;
}

START_TEST(amounts_exact_and_strict)
{
    int64_t v = 0;
    ck_assert_int_eq(bankstmt_amount(&host, "12.34567", '.', &v), BANKSTMT_AMT_OK);
    ck_assert_int_eq(v, 1234567);
    ck_assert_int_eq(bankstmt_amount(&host, "1500,", ',', &v), BANKSTMT_AMT_OK);   /* MT940 "1500," */
    ck_assert_int_eq(v, 150000000);
    ck_assert_int_eq(bankstmt_amount(&host, "0,5", ',', &v), BANKSTMT_AMT_OK);
    ck_assert_int_eq(v, 50000);
    ck_assert_int_eq(bankstmt_amount(&host, "1.2345600", '.', &v), BANKSTMT_AMT_OK); /* zeros beyond 5 */
    ck_assert_int_eq(v, 123456);
    ck_assert_int_eq(bankstmt_amount(&host, "1.234567", '.', &v), BANKSTMT_AMT_PRECISION);
    ck_assert_int_eq(bankstmt_amount(&host, "-5.00", '.', &v), BANKSTMT_AMT_INVALID);
    ck_assert_int_eq(bankstmt_amount(&host, "+5.00", '.', &v), BANKSTMT_AMT_INVALID);
    ck_assert_int_eq(bankstmt_amount(&host, "1E3", '.', &v), BANKSTMT_AMT_INVALID);
    ck_assert_int_eq(bankstmt_amount(&host, "1 000.00", '.', &v), BANKSTMT_AMT_INVALID);
    ck_assert_int_eq(bankstmt_amount(&host, "1.000.00", '.', &v), BANKSTMT_AMT_INVALID);
    ck_assert_int_eq(bankstmt_amount(&host, "12.50", ',', &v), BANKSTMT_AMT_INVALID);
    ck_assert_int_eq(bankstmt_amount(&host, "", '.', &v), BANKSTMT_AMT_INVALID);
    ck_assert_int_eq(bankstmt_amount(&host, ",", ',', &v), BANKSTMT_AMT_INVALID);
    /* INT64_MAX = 92233720368547.75807 at scale 5: 14 integer digits fit, 15 do not */
    ck_assert_int_eq(bankstmt_amount(&host, "92233720368547.75807", '.', &v), BANKSTMT_AMT_OK);
    ck_assert_int_eq(v, INT64_MAX);
    ck_assert_int_eq(bankstmt_amount(&host, "92233720368547.75808", '.', &v), BANKSTMT_AMT_OVERFLOW);
    ck_assert_int_eq(bankstmt_amount(&host, "100000000000000.00", '.', &v), BANKSTMT_AMT_OVERFLOW);
}
END_TEST

START_TEST(minor_units_round_half_away)
{
    int64_t m;
    int r;
    ck_assert_int_eq(bankstmt_to_minor(1234567, 2, &m, &r), 0);   /* 12.34567 EUR -> 12.35 */
    ck_assert_int_eq(m, 1235);
    ck_assert_int_eq(r, 1);
    ck_assert_int_eq(bankstmt_to_minor(-1234567, 2, &m, &r), 0);  /* overdraft rounds away from zero */
    ck_assert_int_eq(m, -1235);
    ck_assert_int_eq(bankstmt_to_minor(1234500, 2, &m, &r), 0);
    ck_assert_int_eq(m, 1235);
    ck_assert_int_eq(bankstmt_to_minor(1234499, 2, &m, &r), 0);
    ck_assert_int_eq(m, 1234);
    ck_assert_int_eq(bankstmt_to_minor(1500000, 2, &m, &r), 0);   /* exact */
    ck_assert_int_eq(m, 1500);
    ck_assert_int_eq(r, 0);
    ck_assert_int_eq(bankstmt_to_minor(150050000, 0, &m, &r), 0); /* JPY 1500.5 -> 1501 */
    ck_assert_int_eq(m, 1501);
    ck_assert_int_eq(bankstmt_to_minor(1234567, 3, &m, &r), 0);   /* KWD 12.34567 -> 12.346 */
    ck_assert_int_eq(m, 12346);
    ck_assert_int_eq(host.currency_exponent("KWD"), 3);
}
END_TEST

START_TEST(sums_overflow_flagged)
{
    bankstmt_sum s;
    int64_t big = 0;
    bankstmt_sum_init(&s);
    ck_assert_int_eq(bankstmt_amount(&host, "90000000000000.00", '.', &big), BANKSTMT_AMT_OK);
    bankstmt_sum_entry(&s, 'C', big);
    ck_assert_int_eq(s.overflow, 0);
    bankstmt_sum_entry(&s, 'C', big);    /* 2 x 90 trillion does not fit at scale 5 */
    ck_assert_int_eq(s.overflow, 1);
    ck_assert_int_eq(s.entry_count, 2);
    bankstmt_sum_reset(&s);
    ck_assert_int_eq(s.overflow, 0);
    ck_assert_int_eq(s.credits5, 0);
    ck_assert_uint_eq(s.account->len, 0);
    bankstmt_sum_free(&s);
}
END_TEST

START_TEST(calendar)
{
    ck_assert_int_eq(bankstmt_check_date(2026, 11, 25), 0);
    ck_assert_int_eq(bankstmt_check_date(2028, 2, 29), 0);     /* leap year */
    ck_assert_int_eq(bankstmt_check_date(2026, 2, 29), 1);     /* 30/360 day: warning */
    ck_assert_int_eq(bankstmt_check_date(2026, 2, 30), 1);
    ck_assert_int_eq(bankstmt_check_date(2026, 2, 31), -1);
    ck_assert_int_eq(bankstmt_check_date(2026, 4, 31), -1);
    ck_assert_int_eq(bankstmt_check_date(2026, 13, 1), -1);
    ck_assert_int_eq(bankstmt_check_date(2026, 0, 1), -1);
    ck_assert_int_eq(bankstmt_size("2K"), 2048);
    ck_assert_int_eq(bankstmt_size("1G"), 1073741824);
    ck_assert_int_eq(bankstmt_size(""), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bank_arith");
    TCase *tc = tcase_create("bank_arith");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, amounts_exact_and_strict);
    tcase_add_test(tc, minor_units_round_half_away);
    tcase_add_test(tc, sums_overflow_flagged);
    tcase_add_test(tc, calendar);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
