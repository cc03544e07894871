/* Strict configuration (issue 17): a mistyped section, key or value, or a plugin key the
 * plugin does not declare, stops any command with exit 2 before any work, naming file:line
 * and the nearest valid key; `config check` prints each value with its source; --date is a
 * calendar date. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"

static char *dir, *conf, *db, *real_plugins;

/* The test plugins (testorders declares greeting and on_refusal). */
static void use_test_plugins(void)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL);
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    g_free(good);
}

static void setup(void)
{
    const char *p = g_getenv("CBECFLOW_PLUGIN_PATH");
    real_plugins = g_strdup(p ? p : "");
    use_test_plugins();
    dir = tu_tmpdir();
    db = tu_path(dir, "night.db");
    conf = tu_path(dir, "cbecflow.conf");
}

static void teardown(void)
{
    g_setenv("CBECFLOW_PLUGIN_PATH", real_plugins, TRUE);
    g_free(real_plugins);
    g_free(dir);
    g_free(db);
    g_free(conf);
}

/* Writes the config and a night with two orders, so a run that went ahead would store them. */
static void write_conf(const char *text)
{
    char *night = tu_path(dir, "drop/2026-11-25"), *f = tu_path(night, "orders.txt");
    g_mkdir_with_parents(night, 0755);
    tu_write(f, "#testorders\nR1;P;1;CNY;\nR2;P;2;CNY;\n", -1);
    tu_write(conf, text, -1);
    g_free(f);
    g_free(night);
}

#define BASE "[core]\ndb = night.db\ndrop_dir = drop\nout_dir = out\nkey_file = site.key\n"

START_TEST(valid_config_runs)
{
    write_conf(BASE "[report]\nlang = en\n[plugin.testorders]\ngreeting = hi\n");
    ck_assert_int_eq(tu_run(NULL, NULL, "run", "--config", conf, "--date", "2026-11-25", NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
}
END_TEST

START_TEST(mistyped_key_stops_before_any_work)
{
    char *err = NULL, *want;

    write_conf("[core]\ndb = night.db\ndrop_dri = drop\nout_dir = out\n");
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-11-25", NULL), 2);
    want = g_strdup_printf("%s:3: unknown key \"drop_dri\" in [core]; did you mean drop_dir?", conf);
    ck_assert_msg(strstr(err, want), "%s", err);
    /* nothing ingested: the dataset is not even created */
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    g_free(want);
    g_free(err);
    err = NULL;
    /* the same through ingest, and through -o */
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.out_dri=x", "ingest", "--db", db, dir, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "-o core.out_dri: unknown key \"out_dri\" in [core]; did you mean out_dir?"));
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    g_free(err);
}
END_TEST

START_TEST(unknown_section_suggests)
{
    char *err = NULL, *want;

    write_conf(BASE "[reprot]\nlang = zh\n");
    ck_assert_int_eq(tu_run(NULL, &err, "config", "check", "--config", conf, NULL), 2);
    want = g_strdup_printf("%s:6: unknown section [reprot]; did you mean [report]?", conf);
    ck_assert_msg(strstr(err, want), "%s", err);
    g_free(want);
    g_free(err);
}
END_TEST

START_TEST(value_outside_its_set)
{
    char *err = NULL, *want;

    write_conf(BASE "[report]\nlang = fr\n");
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-11-25", NULL), 2);
    want = g_strdup_printf("%s:7: [report] lang = \"fr\": allowed values are zh|en", conf);
    ck_assert_msg(strstr(err, want), "%s", err);
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    g_free(want);
    g_free(err);
    err = NULL;
    /* wrong types */
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.max_depth=deep", "config", "check", NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "[core] max_depth = \"deep\": wants an integer"));
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.isolation=maybe", "config", "check", NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "wants on or off"));
    g_free(err);
    err = NULL;
    /* [accounts]: account number = enterprise code, never empty */
    write_conf(BASE "[accounts]\nCN001 =\n");
    ck_assert_int_eq(tu_run(NULL, &err, "config", "check", "--config", conf, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, ":7: [accounts] CN001"));
    g_free(err);
}
END_TEST

START_TEST(undeclared_plugin_key)
{
    char *err = NULL, *want;

    write_conf(BASE "[plugin.testorders]\ngreting = hi\n");
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-11-25", NULL), 2);
    want = g_strdup_printf("%s:7: unknown key \"greting\" in [plugin.testorders]; did you mean greeting?", conf);
    ck_assert_msg(strstr(err, want), "%s", err);
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    g_free(want);
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "plugin.testorders.colour=red", "ingest", "--db", db, dir, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "unknown key \"colour\" in [plugin.testorders]"));
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    g_free(err);
    err = NULL;
    /* isolation is the core's key of every plugin section */
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "plugin.testorders.isolation=on", "config", "check", NULL), 0);
    /* a plugin not installed (yet): a warning, not an error */
    write_conf(BASE "[plugin.installed_later]\nanything = 1\n");
    ck_assert_int_eq(tu_run(NULL, &err, "config", "check", "--config", conf, NULL), 0);
    ck_assert_ptr_nonnull(strstr(err, "warning: [plugin.installed_later]: no plugin installed_later is installed"));
    g_free(err);
}
END_TEST

START_TEST(check_prints_sources)
{
    char *out = NULL, *want;

    write_conf(BASE "[plugin.testorders]\ngreeting = hi\n");
    ck_assert_int_eq(tu_run(&out, NULL, "config", "check", "--config", conf, "-o", "core.lock_wait=5", NULL), 0);
    want = g_strdup_printf("drop_dir = drop\t# %s:3;", conf);
    ck_assert_msg(strstr(out, want), "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "lock_wait = 5\t# -o core.lock_wait;"));
    ck_assert_ptr_nonnull(strstr(out, "max_depth = 4\t# default;"));
    ck_assert_ptr_nonnull(strstr(out, "lang = zh\t# default;"));
    ck_assert_ptr_nonnull(strstr(out, "[plugin.testorders]\ngreeting = hi\t#"));
    ck_assert_ptr_nonnull(strstr(out, "on_refusal = error\t# default;"));
    g_free(want);
    g_free(out);
}
END_TEST

START_TEST(impossible_dates)
{
    static const char *const cmds[] = {"run", "reconcile", "analyse", "report"};
    char *err = NULL, *out = tu_path(dir, "demo");

    write_conf(BASE);
    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        ck_assert_int_eq(tu_run(NULL, &err, "--config", conf, cmds[i], "--date", "2026-02-30", NULL), 2);
        ck_assert_msg(strstr(err, "wants a calendar date"), "%s: %s", cmds[i], err);
        g_free(err);
        err = NULL;
    }
    ck_assert_int_eq(tu_run(NULL, NULL, "--config", conf, "run", "--date=2026-13-01", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "--config", conf, "report", "-D", "2025-02-29", NULL), 2);
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    ck_assert_int_eq(tu_run(NULL, NULL, "demo", "--out", out, "--date", "2026-04-31", NULL), 2);
    ck_assert(!g_file_test(out, G_FILE_TEST_EXISTS));
    /* a leap day is a date (what the run then finds in its night folder is not this test's concern) */
    ck_assert_int_ne(tu_run(NULL, NULL, "--config", conf, "run", "--date", "2028-02-29", NULL), 2);
    g_free(out);
}
END_TEST

/* The shipped config and the demo's generated one pass, with the real plugins. */
START_TEST(shipped_and_demo_configs_pass)
{
    char *etc = tu_src("etc/cbecflow.conf"), *out = tu_path(dir, "demo"), *demo_conf = tu_path(out, "cbecflow.conf");
    char *err = NULL;

    g_setenv("CBECFLOW_PLUGIN_PATH", real_plugins, TRUE);
    ck_assert_int_eq(tu_run(NULL, &err, "config", "check", "--config", etc, NULL), 0);
    ck_assert_msg(!strstr(err, "warning"), "%s", err);
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "demo", "--out", out, "--trades", "20", "--date", "2026-11-25", NULL), 0);
    ck_assert_int_eq(tu_run(NULL, &err, "config", "check", "--config", demo_conf, NULL), 0);
    ck_assert_msg(!strstr(err, "warning"), "%s", err);
    g_free(err);
    g_free(etc);
    g_free(out);
    g_free(demo_conf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("strict");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, valid_config_runs);
    tcase_add_test(tc, mistyped_key_stops_before_any_work);
    tcase_add_test(tc, unknown_section_suggests);
    tcase_add_test(tc, value_outside_its_set);
    tcase_add_test(tc, undeclared_plugin_key);
    tcase_add_test(tc, check_prints_sources);
    tcase_add_test(tc, impossible_dates);
    tcase_add_test(tc, shipped_and_demo_configs_pass);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
