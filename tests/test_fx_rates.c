/* The fx_rates plugin (the SDK example) end to end. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"

START_TEST(rates_stored_exactly_bad_lines_quarantined)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db"), *f = tu_path(dir, "rates.csv"), *v, *out = NULL;

    tu_write(f, "\xEF\xBB\xBFrate_date;currency;cny_per_unit\r\n2026-11-25;USD;7.1234\r\n2026-11-25;RUB;0.0712\r\n"
                "2026-11-25;MNT;abc\r\n25.11.2026;EUR;7.70\r\n\r\n2026-11-25;EUR;7.7012345678901\r\n", -1);
    ck_assert_int_eq(tu_run(&out, NULL, "probe", f, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "\tfx_rates\t80"));
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    v = tu_sql_text(db, "SELECT cny_per_unit FROM fx_rate WHERE currency='USD' AND rate_date='2026-11-25'");
    ck_assert_str_eq(v, "7.1234");
    g_free(v);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM fx_rate"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE locator='line 4' AND reason_code='BAD_RATE'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE locator='line 5' AND reason_code='BAD_DATE'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE locator='line 7' AND reason_code='BAD_RATE'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_read FROM source_file"), 5);
    g_free(out);
    g_free(f);
    g_free(db);
    g_free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fx_rates");
    TCase *tc = tcase_create("fx_rates");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, rates_stored_exactly_bad_lines_quarantined);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
