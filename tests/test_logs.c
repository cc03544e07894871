/* Logs an operator can read (issue 17 item 5): timestamps on a redirected
 * stderr, the closing summary line, the crash line of an unisolated plugin,
 * `probe -v`, CBECFLOW_PLUGIN_PATH before the installed folder, the unit file. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "testutil.h"

static char *dir, *db, *good;

static void setup(void)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL);
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
}

static void teardown(void)
{
    g_free(dir);
    g_free(db);
    g_free(good);
}

/* The first line of text that contains needle (g_free), or NULL. */
static char *line_with(const char *text, const char *needle)
{
    const char *p = text ? strstr(text, needle) : NULL, *start, *end;
    if (!p)
        return NULL;
    for (start = p; start > text && start[-1] != '\n'; start--)
        ;
    end = strchr(p, '\n');
    return g_strndup(start, end ? (size_t)(end - start) : strlen(start));
}

START_TEST(redirected_stderr_lines_carry_local_time_with_offset)
{
    char *f = tu_path(dir, "o.txt"), *err = NULL, **lines;
    int i, n = 0;

    tu_write(f, "#testorders\nT1;P;1;CNY;\n", -1);
    /* tu_run captures stderr through a pipe: not a terminal. */
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, f, NULL), 0);
    lines = g_strsplit(err, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (!*lines[i])
            continue;
        ck_assert_msg(g_regex_match_simple("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d cbecflow: ",
                                           lines[i], 0, 0),
                      "no ISO 8601 local time with offset: %s", lines[i]);
        n++;
    }
    ck_assert_int_gt(n, 0);
    g_strfreev(lines);
    g_free(err);
    g_free(f);
}
END_TEST

/* The summary's numbers are the dataset's: the run's counters and its files. */
START_TEST(summary_line_equals_the_dataset)
{
    char *drop = tu_path(dir, "drop"), *a, *b, *c, *err = NULL, *line, *want;
    int64_t rd, st, qu, du;

    g_mkdir_with_parents(drop, 0755);
    a = tu_path(drop, "a.txt");
    b = tu_path(drop, "b.txt");
    c = tu_path(drop, "c.txt");
    tu_write(a, "#testorders\nS1;P;1;CNY;\nS2;P;2,x;CNY;\nS3;P;3;CNY;\n", -1);
    tu_write(b, "#testorders\nS1;P;1;CNY;\nS4;P;4;CNY;\n", -1);
    tu_write(c, "not for any plugin\n", -1);
    ck_assert_int_eq(tu_run(NULL, &err, "-q", "ingest", "--db", db, drop, NULL), 3);
    line = line_with(err, "cbecflow: summary: ");
    ck_assert_msg(line != NULL, "no summary line (even with -q): %s", err);
    ck_assert_msg(g_str_has_suffix(err, "\n") && strstr(err, line) + strlen(line) + 1 == err + strlen(err),
                  "the summary is not the last line: %s", err);
    rd = tu_sql_int(db, "SELECT sum(records_read) FROM source_file");
    st = tu_sql_int(db, "SELECT sum(records_stored) FROM source_file");
    qu = tu_sql_int(db, "SELECT sum(records_quarantined) FROM source_file");
    du = tu_sql_int(db, "SELECT sum(records_duplicate) FROM source_file");
    ck_assert_int_eq(rd, st + qu + du);
    ck_assert_int_gt(qu, 0);
    ck_assert_int_gt(du, 0);
    want = g_strdup_printf("cbecflow: summary: ingest night - duration ");
    ck_assert_msg(strstr(line, want) != NULL, "%s", line);
    g_free(want);
    want = g_strdup_printf(" files %lld (0 skipped) read %lld = stored %lld + quarantined %lld + duplicate %lld, "
                           "statements not tying out 0, exit 3",
                           (long long)tu_sql_int(db, "SELECT count(*) FROM source_file"), (long long)rd,
                           (long long)st, (long long)qu, (long long)du);
    ck_assert_msg(g_str_has_suffix(line, want), "summary %s\nwanted ...%s", line, want);
    g_free(want);
    g_free(line);
    g_free(err);
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(drop);
}
END_TEST

START_TEST(run_ends_with_one_summary_line)
{
    char *conf = tu_path(dir, "cbecflow.conf"), *night = tu_path(dir, "drop/2026-11-25"), *f, *err = NULL, *line;
    char *p;
    int n = 0;

    tu_write(conf, "[core]\ndb = t.db\ndrop_dir = drop\nout_dir = out\nkey_file = site.key\n", -1);
    g_mkdir_with_parents(night, 0755);
    f = tu_path(night, "orders.txt");
    tu_write(f, "#testorders\nR1;P;1;CNY;\nR2;P;2;CNY;\n", -1);
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-11-25", NULL), 0);
    for (p = err; (p = strstr(p, "cbecflow: summary: ")) != NULL; p++)
        n++;
    ck_assert_int_eq(n, 1);
    line = line_with(err, "cbecflow: summary: ");
    ck_assert_ptr_nonnull(strstr(line, "summary: run night 2026-11-25 duration "));
    ck_assert_msg(g_str_has_suffix(line, " files 1 (0 skipped) read 2 = stored 2 + quarantined 0 + duplicate 0, "
                                         "statements not tying out 0, exit 0"),
                  "%s", line);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_stored FROM run WHERE command='run'"), 2);
    g_free(line);
    g_free(err);
    g_free(f);
    g_free(night);
    g_free(conf);
}
END_TEST

/* Without isolation a plugin's crash takes cbecflow down; its last words name the
 * plugin and the input, and it still dies of the signal (a shell sees 128+11). */
START_TEST(unisolated_crash_names_plugin_and_input)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *f = tu_path(dir, "crashing.txt"), *key = tu_path(dir, "site.key"), *err = NULL;
    char *argv[] = {g_build_filename(b ? b : ".", "cbecflow", NULL), "--no-progress", "ingest", "--db", db, f, NULL};
    char **envp = g_environ_setenv(g_get_environ(), "CBECFLOW_KEY_FILE", key, TRUE);
    int status = 0;

    tu_write(f, "#testorders\nX1;P;1;CNY;\nCRASH\n", -1);
    ck_assert(g_spawn_sync(NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, NULL));
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == 11, "status %d: %s", status, err);
    ck_assert_msg(strstr(err, "cbecflow: fatal: signal 11 in plugin testorders while reading ") != NULL, "%s", err);
    ck_assert_msg(strstr(err, "crashing.txt\n") != NULL, "%s", err);
    g_strfreev(envp);
    g_free(argv[0]);
    g_free(err);
    g_free(key);
    g_free(f);
}
END_TEST

START_TEST(probe_verbose_lists_every_bid)
{
    char *f = tu_path(dir, "o.txt"), *out = NULL, *line;

    tu_write(f, "#testorders\nT1;P;1;CNY;\n", -1);
    ck_assert_int_eq(tu_run(&out, NULL, "probe", "-v", f, NULL), 0);
    line = g_strdup_printf("%s\ttestorders\t100\n", f);
    ck_assert_msg(strstr(out, line) != NULL, "%s", out);
    ck_assert_msg(strstr(out, "\n\ttestorders\t100\n") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "\n\ttesttie\t0\n") != NULL, "the loser's bid: %s", out);
    g_free(out);
    /* without -v only the winner */
    ck_assert_int_eq(tu_run(&out, NULL, "probe", f, NULL), 0);
    ck_assert_ptr_null(strstr(out, "testtie"));
    g_free(out);
    g_free(line);
    g_free(f);
}
END_TEST

/* Two folders before the installed one: the first copy of a name wins, the later
 * one is refused as a duplicate, and the installed folder is still searched. */
START_TEST(plugin_path_folders_come_before_the_installed_one)
{
    char *first = tu_path(dir, "site"), *src = tu_path(good, "testorders.so"), *dst, *path, *out = NULL, *line;
    char *bytes = NULL, *want;
    gsize len = 0;

    g_mkdir_with_parents(first, 0755);
    dst = tu_path(first, "testorders.so");
    ck_assert(g_file_get_contents(src, &bytes, &len, NULL));
    tu_write(dst, bytes, (ssize_t)len);
    path = g_strconcat(first, ":", good, NULL);
    g_setenv("CBECFLOW_PLUGIN_PATH", path, TRUE);
    ck_assert_int_eq(tu_run(&out, NULL, "plugins", "-v", NULL), 0);
    line = line_with(out, "plugin path: ");
    want = g_strdup_printf("plugin path: %s:", path);
    ck_assert_msg(g_str_has_prefix(line, want) && strlen(line) > strlen(want), "not followed by the installed "
                  "folder: %s", line);
    g_free(want);
    want = g_strdup_printf("    file: %s\n", dst);
    ck_assert_msg(strstr(out, want) != NULL, "the first folder's copy wins: %s", out);
    g_free(want);
    want = g_strdup_printf("refused: %s: a plugin named \"testorders\" is already loaded from %s", src, dst);
    ck_assert_msg(strstr(out, want) != NULL, "the later copy is refused: %s", out);
    ck_assert_ptr_nonnull(strstr(out, "testtie"));
    g_free(want);
    g_free(line);
    g_free(out);
    g_free(path);
    g_free(bytes);
    g_free(dst);
    g_free(src);
    g_free(first);
}
END_TEST

START_TEST(unit_treats_exit_3_as_success)
{
    char *unit = tu_src("etc/cbecflow.service"), *text = NULL;

    ck_assert(g_file_get_contents(unit, &text, NULL, NULL));
    ck_assert_msg(g_regex_match_simple("^SuccessExitStatus=.*\\b3\\b", text, G_REGEX_MULTILINE, 0), "%s", text);
    ck_assert(g_regex_match_simple("^SuccessExitStatus=.*\\b75\\b", text, G_REGEX_MULTILINE, 0));
    g_free(text);
    g_free(unit);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("logs");
    TCase *tc = tcase_create("logs");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, redirected_stderr_lines_carry_local_time_with_offset);
    tcase_add_test(tc, summary_line_equals_the_dataset);
    tcase_add_test(tc, run_ends_with_one_summary_line);
    tcase_add_test(tc, unisolated_crash_names_plugin_and_input);
    tcase_add_test(tc, probe_verbose_lists_every_bid);
    tcase_add_test(tc, plugin_path_folders_come_before_the_installed_one);
    tcase_add_test(tc, unit_treats_exit_3_as_success);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
