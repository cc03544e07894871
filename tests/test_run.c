/* `cbecflow run`: a night from config, manifest written, rerun idempotent, the lock. */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib.h>

#include "testutil.h"

static char *dir, *conf, *db;

static void setup(void)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL), *night, *f, *text;
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    g_free(good);
    dir = tu_tmpdir();
    db = tu_path(dir, "night.db");
    conf = tu_path(dir, "cbecflow.conf");
    text = g_strdup_printf("[core]\ndb = night.db\ndrop_dir = drop\nout_dir = out\nkey_file = site.key\n");
    tu_write(conf, text, -1);
    night = tu_path(dir, "drop/2026-11-25");
    g_mkdir_with_parents(night, 0755);
    f = tu_path(night, "orders.txt");
    tu_write(f, "#testorders\nR1;P;1;CNY;\nR2;P;2;CNY;\n", -1);
    g_free(f);
    g_free(night);
    g_free(text);
}

static void teardown(void)
{
    g_free(dir);
    g_free(db);
    g_free(conf);
}

START_TEST(night_manifest_and_rerun)
{
    char *manifest = tu_path(dir, "out/2026-11-25/manifest.json"), *m = NULL, *err = NULL;

    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-11-25", NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE command='run' AND business_date='2026-11-25' "
                                    "AND status='ok'"), 1);
    ck_assert(g_file_get_contents(manifest, &m, NULL, NULL));
    ck_assert_ptr_nonnull(strstr(m, "\"business_date\": \"2026-11-25\""));
    ck_assert_ptr_nonnull(strstr(m, "\"sha256\": \""));
    ck_assert_ptr_nonnull(strstr(m, "orders.txt"));
    {
        char *key = tu_path(dir, "site.key");
        ck_assert(g_file_test(key, G_FILE_TEST_EXISTS));
        g_free(key);
    }
    /* the same night again stores nothing twice */
    ck_assert_int_eq(tu_run(NULL, NULL, "run", "--config", conf, "--date", "2026-11-25", NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT files_skipped FROM run ORDER BY run_id DESC LIMIT 1"), 1);
    g_free(m);
    g_free(err);
    g_free(manifest);
}
END_TEST

START_TEST(overlapping_run_exits_at_once)
{
    char *lock = tu_path(dir, "night.db.lock"), *err = NULL;
    int fd = open(lock, O_RDWR | O_CREAT, 0644);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-11-25", NULL), 75);
    ck_assert_ptr_nonnull(strstr(err, "another cbecflow run holds the lock"));
    /* The lock is taken before the dataset is opened: nothing was written, not even a new dataset. */
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    close(fd);
    g_free(err);
    g_free(lock);
}
END_TEST

START_TEST(bad_usage_exits_2)
{
    ck_assert_int_eq(tu_run(NULL, NULL, "run", "--config", conf, "--date", "yesterday", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "frobnicate", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "--config", "/nonexistent.conf", "status", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "nodot", "status", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "--version", NULL), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("run");
    TCase *tc = tcase_create("run");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, night_manifest_and_rerun);
    tcase_add_test(tc, overlapping_run_exits_at_once);
    tcase_add_test(tc, bad_usage_exits_2);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
