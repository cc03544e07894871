/* `cbecflow run`: a night from config, manifest written, rerun idempotent, the lock. */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

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

/* A missed night never borrows another night's files: only drop/<date> is read. */
START_TEST(missed_night_ingests_nothing)
{
    char *other = tu_path(dir, "drop/2026-11-25"), *moved = tu_path(dir, "drop/2026-12-06");
    char *missing = tu_path(dir, "drop/2026-12-05"), *err = NULL;

    ck_assert_int_eq(g_rename(other, moved), 0);
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-12-05", NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, missing));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE command='run' AND business_date='2026-12-05' "
                                    "AND status='no input' AND finished_at IS NOT NULL"), 1);
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-12-06", NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE business_date='2026-12-06' AND status='ok'"), 1);
    g_free(err);
    g_free(other);
    g_free(moved);
    g_free(missing);
}
END_TEST

/* A night of n files of lines orders each, order numbers unique across the night. */
static void write_night(const char *date, int n, int lines)
{
    char *night = tu_path(dir, "drop"), *d = g_build_filename(night, date, NULL);
    int i, j;

    g_mkdir_with_parents(d, 0755);
    for (i = 0; i < n; i++) {
        GString *g = g_string_new("#testorders\n");
        char *name = g_strdup_printf("orders_%03d.txt", i), *f = g_build_filename(d, name, NULL);
        for (j = 0; j < lines; j++)
            g_string_append_printf(g, "K%s-%d-%06d-0123456789;P;%d;CNY;\n", date, i, j, j % 100 + 1);
        tu_write(f, g->str, (ssize_t)g->len);
        g_string_free(g, TRUE);
        g_free(name);
        g_free(f);
    }
    g_free(d);
    g_free(night);
}

/* Number of inputs in a manifest, parsed by a strict JSON parser (python3's json); -1 when it
 * does not parse.  names receives the input paths' base names, one a line, as python prints them. */
static int manifest_inputs(const char *manifest, char **names)
{
    char *argv[] = {"python3", "-c",
                    "import json,sys,os\n"
                    "d=json.load(open(sys.argv[1],encoding='utf-8'))\n"
                    "print(len(d['inputs']))\n"
                    "for i in d['inputs']: print(ascii(os.path.basename(i['path'])))\n",
                    (char *)manifest, NULL};
    char *out = NULL;
    int status = -1, n = -1;

    if (g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, NULL) &&
        WIFEXITED(status) && WEXITSTATUS(status) == 0)
        n = atoi(out);
    if (names)
        *names = out;
    else
        g_free(out);
    return n;
}

/* A run killed with SIGKILL is marked aborted by the next command taking the lock, and
 * the rerun's manifest still lists the inputs the killed run stored. */
START_TEST(killed_run_is_aborted_and_rerun_manifest_complete)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *bin = g_build_filename(b ? b : ".", "cbecflow", NULL), *key = tu_path(dir, "site.key");
    char *argv[] = {bin, "--no-progress", "run", "--config", conf, "--date", "2026-11-26", NULL};
    char *manifest = tu_path(dir, "out/2026-11-26/manifest.json"), *out = NULL, *err = NULL;
    GPid pid;
    int i, status, files = 4;
    int64_t stored = 0;

    g_setenv("CBECFLOW_KEY_FILE", key, TRUE);
    write_night("2026-11-26", files, 30000); /* 1.3 MB each: a commit per file */
    ck_assert(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                            G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL));
    /* Killed once its run row and some of its files are committed, before it ends. */
    for (i = 0; i < 3000; i++) {
        stored = tu_sql_int(db, "SELECT count(*) FROM source_file s JOIN run r USING(run_id) WHERE "
                                "r.status='running'");
        if (stored > 0)
            break;
        g_usleep(5000);
    }
    ck_assert_int_eq(kill(pid, SIGKILL), 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status), "the run ended before it could be killed: make the night bigger");
    ck_assert_int_gt(stored, 0);
    stored = tu_sql_int(db, "SELECT count(*) FROM source_file");
    ck_assert_int_lt(stored, files);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE status='running' AND pid IS NOT NULL AND "
                                    "pid_start IS NOT NULL"), 1);

    /* the next command taking the lock */
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-11-26", NULL), 0);
    ck_assert_ptr_nonnull(strstr(err, "marked aborted"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE status='running'"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE status='aborted' AND finished_at IS NOT NULL "
                                    "AND message LIKE '%aborted%'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT files_skipped FROM run WHERE status='ok'"), stored);
    ck_assert_int_eq(tu_run(&out, NULL, "status", "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "aborted"));
    ck_assert_int_eq(manifest_inputs(manifest, NULL), files);
    g_free(out);
    g_free(err);
    g_free(manifest);
    g_free(key);
    g_free(bin);
}
END_TEST

/* The manifest is valid JSON for any file name and lists every input. */
START_TEST(manifest_valid_json_for_any_name)
{
    static const char *const names[] = {"订单_二〇二六.txt", "Заказы_ноябрь.txt", "quote\"back\\slash.txt",
                                        "new\nline.txt", "latin1_\xe9t\xe9.txt"};
    char *night = tu_path(dir, "drop/2026-11-27"), *manifest = tu_path(dir, "out/2026-11-27/manifest.json");
    char *listed = NULL;
    guint i;

    g_mkdir_with_parents(night, 0755);
    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        char *f = g_build_filename(night, names[i], NULL), *text = g_strdup_printf("#testorders\nU%u;P;1;CNY;\n", i);
        tu_write(f, text, -1);
        g_free(text);
        g_free(f);
    }
    ck_assert_int_eq(tu_run(NULL, NULL, "run", "--config", conf, "--date", "2026-11-27", NULL), 0);
    ck_assert_int_eq(manifest_inputs(manifest, &listed), (int)G_N_ELEMENTS(names));
    ck_assert_ptr_nonnull(strstr(listed, "'\\u8ba2\\u5355_\\u4e8c\\u3007\\u4e8c\\u516d.txt'"));
    ck_assert_ptr_nonnull(strstr(listed, "'\\u0417\\u0430\\u043a\\u0430\\u0437\\u044b_\\u043d\\u043e\\u044f\\u0431\\u0440\\u044c.txt'"));
    ck_assert_ptr_nonnull(strstr(listed, "'quote\"back\\\\slash.txt'"));
    ck_assert_ptr_nonnull(strstr(listed, "'new\\nline.txt'"));
    ck_assert_ptr_nonnull(strstr(listed, "'latin1_\\ufffdt\\ufffd.txt'"));
    g_free(listed);
    g_free(manifest);
    g_free(night);
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
    tcase_add_test(tc, missed_night_ingests_nothing);
    tcase_add_test(tc, killed_run_is_aborted_and_rerun_manifest_complete);
    tcase_add_test(tc, manifest_valid_json_for_any_name);
    tcase_add_test(tc, overlapping_run_exits_at_once);
    tcase_add_test(tc, bad_usage_exits_2);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
