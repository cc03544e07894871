/* The ceb plugin's customs code tables and ID check (plugins/ceb/codes.c, compiled in). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/ceb/codes.h"

START_TEST(currency_codes)
{
    /* Customs currency codes (币制代码) are not ISO 4217 numeric codes. */
    ck_assert_str_eq(ceb_currency_iso("142"), "CNY");
    ck_assert_str_eq(ceb_currency_iso("502"), "USD");
    ck_assert_str_eq(ceb_currency_iso("110"), "HKD");
    ck_assert_str_eq(ceb_currency_iso("116"), "JPY");
    ck_assert_str_eq(ceb_currency_iso("300"), "EUR");
    ck_assert_str_eq(ceb_currency_iso("303"), "GBP");
    ck_assert_str_eq(ceb_currency_iso("344"), "RUB");
    ck_assert_str_eq(ceb_currency_iso("133"), "KRW");
    ck_assert_str_eq(ceb_currency_iso("USD"), "USD");       /* ISO alpha accepted as is */
    ck_assert_ptr_null(ceb_currency_iso("840"));            /* ISO numeric USD is not a customs code */
    ck_assert_ptr_null(ceb_currency_iso("aaa"));
    ck_assert_ptr_null(ceb_currency_iso(""));
}
END_TEST

START_TEST(country_codes)
{
    static const char *const pairs[][2] = {
        {"142", "CN"}, {"124", "MN"}, {"344", "RU"}, {"502", "US"}, {"304", "DE"}, {"116", "JP"}, {"133", "KR"},
        {"110", "HK"}, {"327", "PL"}, {"352", "CZ"}, {"321", "HU"}, {"328", "RO"}, {"316", "BG"}, {"353", "SK"},
        {"145", "KZ"}, {"340", "BY"}, {"347", "UA"}, {"315", "AT"}, {"303", "GB"}, {"305", "FR"}};
    size_t i;
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        ck_assert_msg(ceb_country_iso(pairs[i][0]) && strcmp(ceb_country_iso(pairs[i][0]), pairs[i][1]) == 0,
                      "%s -> %s", pairs[i][0], pairs[i][1]);
    ck_assert_ptr_null(ceb_country_iso("001"));
    ck_assert_ptr_null(ceb_country_iso("643"));              /* ISO numeric Russia */
    ck_assert_ptr_null(ceb_country_iso("RU"));
}
END_TEST

START_TEST(placeholders)
{
    ck_assert(ceb_code_is_placeholder("aaa"));
    ck_assert(ceb_code_is_placeholder("001"));
    ck_assert(ceb_code_is_placeholder("000"));
    ck_assert(ceb_code_is_placeholder("111"));
    ck_assert(!ceb_code_is_placeholder("142"));
    ck_assert(!ceb_code_is_placeholder("USD"));
    ck_assert(!ceb_code_is_placeholder(""));
}
END_TEST

START_TEST(resident_id_check)
{
    ck_assert(ceb_id_checksum_ok("150102199003074518"));
    ck_assert(ceb_id_checksum_ok("11010519491231002X"));
    ck_assert(ceb_id_checksum_ok("11010519491231002x"));
    ck_assert(!ceb_id_checksum_ok("130681136250023332"));   /* the official samples' synthetic number */
    ck_assert(!ceb_id_checksum_ok("150102199003074517"));
    ck_assert(!ceb_id_checksum_ok("15010219900307451"));
    ck_assert(!ceb_id_checksum_ok("1501021990030745A8"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ceb_codes");
    TCase *tc = tcase_create("ceb_codes");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, currency_codes);
    tcase_add_test(tc, country_codes);
    tcase_add_test(tc, placeholders);
    tcase_add_test(tc, resident_id_check);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
