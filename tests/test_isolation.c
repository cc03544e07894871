/* Isolation mode: a plugin that crashes or hangs loses only the rest of its own
 * input; the night goes on.  Results equal the in-process ones otherwise. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"

static char *dir, *db;

static void setup(void)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL);
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    g_free(good);
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
}

static void teardown(void)
{
    g_free(dir);
    g_free(db);
}

START_TEST(crash_quarantines_rest_and_night_goes_on)
{
    char *drop = tu_path(dir, "drop"), *a, *b, *err = NULL, *msg;

    g_mkdir_with_parents(drop, 0755);
    a = tu_path(drop, "a.txt");
    b = tu_path(drop, "b.txt");
    tu_write(a, "#testorders\nK1;P;1;CNY;\nK2;P;2;CNY;\nCRASH\nK3;P;3;CNY;\n", -1);
    tu_write(b, "#testorders\nK4;P;4;CNY;\n", -1);
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.isolation=on", "ingest", "--db", db, drop, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no IN ('K1','K2','K4')"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='K3'"), 0);
    msg = tu_sql_text(db, "SELECT message FROM quarantine WHERE reason_code='PLUGIN_CRASHED'");
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "signal 11"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT sum(records_read - records_stored - records_quarantined - "
                                    "records_duplicate) FROM source_file"), 0);
    g_free(msg);
    g_free(err);
    g_free(a);
    g_free(b);
    g_free(drop);
}
END_TEST

/* Without isolation a crashing plugin takes the process down.  Each file is one
 * transaction: the file being read is simply not there (no half file, no file marked
 * as seen), and the next run reads it again — nothing lost, nothing counted twice. */
START_TEST(in_process_crash_loses_nothing_on_rerun)
{
    char *drop = tu_path(dir, "drop"), *a, *b, *c, *err = NULL;

    g_mkdir_with_parents(drop, 0755);
    a = tu_path(drop, "a.txt");
    b = tu_path(drop, "b.txt");
    c = tu_path(drop, "c.txt");
    tu_write(a, "#testorders\nC1;P;1;CNY;\nC2;P;2;CNY;\n", -1);
    tu_write(b, "#testorders\nC3;P;3;CNY;\nCRASH\n", -1);
    tu_write(c, "#testorders\nC4;P;4;CNY;\n", -1);
    ck_assert_int_ne(tu_run(NULL, &err, "ingest", "--db", db, drop, NULL), 0);
    /* a whole file or nothing of it */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='C3'"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no IN ('C1','C2')") % 2, 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='loading'"), 0);
    /* the broken file is fixed; the rerun stores everything exactly once */
    tu_write(b, "#testorders\nC3;P;3;CNY;\n", -1);
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, drop, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 4);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE path LIKE '%a.txt'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT sum(records_stored) FROM source_file"), 4);
    ck_assert_int_eq(tu_sql_int(db, "SELECT sum(records_read - records_stored - records_quarantined - "
                                    "records_duplicate) FROM source_file"), 0);
    g_free(err);
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(drop);
}
END_TEST

START_TEST(hang_is_stopped_after_timeout)
{
    char *f = tu_path(dir, "h.txt"), *err = NULL;
    gint64 t0 = g_get_monotonic_time();

    tu_write(f, "#testorders\nH1;P;1;CNY;\nHANG\n", -1);
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.isolation=on", "-o", "core.plugin_timeout=2", "ingest", "--db",
                            db, f, NULL), 3);
    ck_assert_int_lt(g_get_monotonic_time() - t0, 20 * G_USEC_PER_SEC);
    ck_assert_ptr_nonnull(strstr(err, "no progress"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='H1'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='PLUGIN_CRASHED'"), 1);
    g_free(err);
    g_free(f);
}
END_TEST

START_TEST(same_results_as_in_process)
{
    static const char text[] = "#testorders\nA1;P1;12.34;CNY;130681136250023332\nA4;P1;12,x;CNY;\nA5;P1;7;CNY;\n";
    char *f = tu_path(dir, "o.txt"), *db2 = tu_path(dir, "t2.db"), *m1, *m2;
    GString *big = g_string_new("#testorders\n");
    char *fb = tu_path(dir, "big.txt");
    int i;

    tu_write(f, text, -1);
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "core.isolation=on", "ingest", "--db", db, f, NULL), 3);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db2, f, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT sum(actual_paid) FROM orders"), tu_sql_int(db2, "SELECT sum(actual_paid) FROM orders"));
    m1 = tu_sql_text(db, "SELECT group_concat(locator||reason_code||raw_excerpt) FROM quarantine");
    m2 = tu_sql_text(db2, "SELECT group_concat(locator||reason_code||raw_excerpt) FROM quarantine");
    ck_assert_str_eq(m1, m2);
    g_free(m1);
    g_free(m2);
    m1 = tu_sql_text(db, "SELECT buyer_mask FROM orders WHERE order_no='A1'");
    ck_assert_str_eq(m1, "130681********3332");
    g_free(m1);
    /* more than a pipe's worth of input, so the parent really streams it */
    for (i = 0; i < 20000; i++)
        g_string_append_printf(big, "Z%d;P;%d.%02d;CNY;\n", i, i, i % 100);
    tu_write(fb, big->str, (ssize_t)big->len);
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "core.isolation=on", "ingest", "--db", db, fb, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no LIKE 'Z%'"), 20000);
    ck_assert_int_eq(tu_sql_int(db, "SELECT sum(actual_paid) FROM orders WHERE order_no LIKE 'Z%'"),
                     (int64_t)20000 * 19999 / 2 * 100 + (int64_t)200 * 4950);
    g_string_free(big, TRUE);
    g_free(fb);
    g_free(f);
    g_free(db2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("isolation");
    TCase *tc = tcase_create("isolation");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, crash_quarantines_rest_and_night_goes_on);
    tcase_add_test(tc, in_process_crash_loses_nothing_on_rerun);
    tcase_add_test(tc, hang_is_stopped_after_timeout);
    tcase_add_test(tc, same_results_as_in_process);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
