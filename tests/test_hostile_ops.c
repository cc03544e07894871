/* Failures that must not lie (issue 15, items 6, 7, 8, 11): two writers on one
 * dataset, a full disk, a damaged dataset file, a PDF without its CJK fonts.  Each
 * case runs the real binary and checks the exit status, the message and that the
 * dataset says only what is true. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "testutil.h"
#include "core/dataset_mark.h"

#define FILES 120   /* two groups of small files and some (ingest groups up to 64) */
#define LINES 20

static char *dir, *db, *drop;

static void setup(void)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL), *key;
    int i;

    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    g_free(good);
    dir = tu_tmpdir();
    db = tu_path(dir, "ops.db");
    drop = tu_path(dir, "drop");
    /* One site key for every process, also those forked below. */
    key = tu_path(dir, "site.key");
    g_setenv("CBECFLOW_KEY_FILE", key, TRUE);
    g_free(key);
    g_mkdir_with_parents(drop, 0755);
    for (i = 0; i < FILES; i++) {
        GString *s = g_string_new("#testorders\n");
        char name[32], *f;
        int l;
        for (l = 0; l < LINES; l++)
            g_string_append_printf(s, "F%03d-%02d;P;%d.%02d;CNY;\n", i, l, i + 1, l);
        snprintf(name, sizeof name, "orders%03d.txt", i);
        f = tu_path(drop, name);
        tu_write(f, s->str, (ssize_t)s->len);
        g_free(f);
        g_string_free(s, TRUE);
    }
}

static void teardown(void)
{
    g_free(dir);
    g_free(db);
    g_free(drop);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every input stored once: one ok source_file row per file, every order once. */
static void assert_each_file_once(void)
{
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='ok'"), FILES);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(DISTINCT sha256) FROM source_file"), FILES);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), FILES * LINES);
    ck_assert_int_eq(tu_sql_int(db, "SELECT coalesce(sum(records_stored),0) FROM run"), FILES * LINES);
}

/* ---- 15.7: two writers on one dataset ---- */

START_TEST(concurrent_ingests_count_each_file_once)
{
    pid_t kid[2];
    int st[2], i, round;

    /* A fresh dataset each round: the race was on creating its schema, then on the files. */
    for (round = 0; round < 3; round++) {
        char *wal = g_strconcat(db, "-wal", NULL), *shm = g_strconcat(db, "-shm", NULL);
        unlink(db);
        unlink(wal);
        unlink(shm);
        g_free(wal);
        g_free(shm);
        for (i = 0; i < 2; i++) {
            kid[i] = fork();
            ck_assert_int_ge(kid[i], 0);
            if (kid[i] == 0)
                _exit(tu_run(NULL, NULL, "ingest", "--db", db, drop, NULL));
        }
        for (i = 0; i < 2; i++) {
            ck_assert_int_eq(waitpid(kid[i], &st[i], 0), kid[i]);
            ck_assert(WIFEXITED(st[i]));
            /* one waited for the other (0, its files then skipped as known) or gave up (75) */
            ck_assert_msg(WEXITSTATUS(st[i]) == 0 || WEXITSTATUS(st[i]) == 75, "ingest %d exited %d", i,
                          WEXITSTATUS(st[i]));
        }
        ck_assert(WEXITSTATUS(st[0]) == 0 || WEXITSTATUS(st[1]) == 0);
        assert_each_file_once();
    }
}
END_TEST

/* Hold the dataset's lock as another cbecflow would: flock plus our pid in the file. */
static int hold_lock(void)
{
    char *lock = g_strconcat(db, ".lock", NULL), pid[32];
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644), n;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
    n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    ck_assert_int_eq(write(fd, pid, (size_t)n), n);
    g_free(lock);
    return fd;
}

START_TEST(holder_longer_than_the_wait_gives_75)
{
    char *err = NULL, pid[32];
    int fd = hold_lock();
    double t0 = now_s(), took;

    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.lock_wait=1", "ingest", "--db", db, drop, NULL), 75);
    took = now_s() - t0;
    ck_assert_msg(took >= 1.0 && took < 10.0, "waited %.1f s", took);
    ck_assert_ptr_nonnull(strstr(err, "holds the lock"));
    snprintf(pid, sizeof pid, "pid %ld", (long)getpid());
    ck_assert_msg(strstr(err, pid) != NULL, "the message names the holder: %s", err);
    /* nothing was done: not even the dataset was created */
    ck_assert(!g_file_test(db, G_FILE_TEST_EXISTS));
    /* the other writing commands wait for the same lock */
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "core.lock_wait=0", "reconcile", "--db", db, NULL), 1); /* no dataset */
    close(fd);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, drop, NULL), 0);
    fd = hold_lock();
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.lock_wait=0", "reconcile", "--db", db, NULL), 75);
    ck_assert_ptr_nonnull(strstr(err, "holds the lock"));
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "core.lock_wait=0", "analyse", "--db", db, NULL), 75);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE command IN ('reconcile','analyse')"), 0);
    close(fd);
    g_free(err);
}
END_TEST

START_TEST(ingest_waits_for_a_short_holder)
{
    pid_t kid;
    int fd = hold_lock(), st;

    /* The holder lets go after a second; the ingest (lock_wait 30) then does its work. */
    kid = fork();
    ck_assert_int_ge(kid, 0);
    if (kid == 0) {
        close(fd); /* the lock belongs to the open file: a forked copy would hold it too */
        _exit(tu_run(NULL, NULL, "-o", "core.lock_wait=30", "ingest", "--db", db, drop, NULL));
    }
    sleep(1);
    close(fd);
    ck_assert_int_eq(waitpid(kid, &st, 0), kid);
    ck_assert(WIFEXITED(st));
    ck_assert_int_eq(WEXITSTATUS(st), 0);
    assert_each_file_once();
}
END_TEST

START_TEST(lock_wait_must_be_seconds)
{
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "core.lock_wait=soon", "ingest", "--db", db, drop, NULL), 2);
}
END_TEST

/* ---- 15.8: a full disk ---- */

/* Ingest path with writes to the WAL failing once after `after` bytes (tests/plugins/enospc.c). */
static int ingest_on_full_disk(const char *path, long after, char **err)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *shim = g_build_filename(b ? b : ".", "tests/preload/.libs/enospc.so", NULL), num[32], *empty;
    char *asan_was = g_strdup(g_getenv("ASAN_OPTIONS")), *asan;
    int rc;

    ck_assert_msg(g_file_test(shim, G_FILE_TEST_EXISTS), "%s not built", shim);
    /* the dataset exists before: creating it is not what fails */
    empty = tu_path(dir, "empty");
    g_mkdir_with_parents(empty, 0755);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, empty, NULL), 0);
    g_free(empty);
    snprintf(num, sizeof num, "%ld", after);
    g_setenv("LD_PRELOAD", shim, TRUE);
    /* a sanitizer build wants its runtime first; the shim only wraps three libc calls */
    asan = g_strconcat(asan_was ? asan_was : "", asan_was ? ":" : "", "verify_asan_link_order=0", NULL);
    g_setenv("ASAN_OPTIONS", asan, TRUE);
    g_setenv("CBECFLOW_TEST_ENOSPC_AFTER", num, TRUE);
    rc = tu_run(NULL, err, "ingest", "--db", db, path, NULL);
    g_unsetenv("LD_PRELOAD");
    if (asan_was)
        g_setenv("ASAN_OPTIONS", asan_was, TRUE);
    else
        g_unsetenv("ASAN_OPTIONS");
    g_free(asan_was);
    g_free(asan);
    g_unsetenv("CBECFLOW_TEST_ENOSPC_AFTER");
    g_free(shim);
    return rc;
}

/* The run row says what the dataset holds, not what was counted before the commit failed. */
static void assert_run_row_true(void)
{
    const char *run = "(SELECT max(run_id) FROM run WHERE command='ingest')";
    char *sql;

    sql = g_strdup_printf("SELECT status FROM run WHERE run_id=%s", run);
    tu_assert_sql_text(db, sql, "failed");
    g_free(sql);
    sql = g_strdup_printf("SELECT records_stored - (SELECT count(*) FROM orders) FROM run WHERE run_id=%s", run);
    ck_assert_int_eq(tu_sql_int(db, sql), 0);
    g_free(sql);
    sql = g_strdup_printf("SELECT records_read - (SELECT coalesce(sum(records_read),0) FROM source_file) "
                          "FROM run WHERE run_id=%s", run);
    ck_assert_int_eq(tu_sql_int(db, sql), 0);
    g_free(sql);
    ck_assert_int_lt(tu_sql_int(db, "SELECT count(*) FROM orders"), FILES * LINES);
}

START_TEST(full_disk_in_a_group_commit)
{
    char *err = NULL;

    /* About 24 WAL frames: the run row goes in, the first group of 64 files does not. */
    ck_assert_int_eq(ingest_on_full_disk(drop, 100000, &err), 1);
    ck_assert_msg(strstr(err, "disk is full") != NULL, "%s", err);
    assert_run_row_true();
    g_free(err);
}
END_TEST

START_TEST(full_disk_in_the_last_commit)
{
    char *err = NULL, *few = tu_path(dir, "few");
    int i;

    /* Ten small files: one group, committed when the ingest ends (not only at 64 files). */
    g_mkdir_with_parents(few, 0755);
    for (i = 0; i < 10; i++) {
        char name[32], *from, *to, *data = NULL;
        gsize len;
        snprintf(name, sizeof name, "orders%03d.txt", i);
        from = tu_path(drop, name);
        to = tu_path(few, name);
        ck_assert(g_file_get_contents(from, &data, &len, NULL));
        tu_write(to, data, (ssize_t)len);
        g_free(data);
        g_free(from);
        g_free(to);
    }
    ck_assert_int_eq(ingest_on_full_disk(few, 20000, &err), 1);
    ck_assert_msg(strstr(err, "disk is full") != NULL, "%s", err);
    assert_run_row_true();
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 0);
    g_free(err);
    g_free(few);
}
END_TEST

/* The damage check is skipped only for a file exactly as the last clean close left it: the
 * mark follows the file's status-change time, so any write after it -- even of the same
 * bytes -- brings the check back; a log with frames beside the file does too. */
START_TEST(unchanged_dataset_skips_the_check)
{
    char *err = NULL, *data = NULL, *wal = g_strconcat(db, "-wal", NULL);
    int64_t root, page;
    gsize len;

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, drop, NULL), 0);
    ck_assert_int_eq(cbec_dataset_unchanged(db), 1);
    /* The same bytes written again: a write all the same. */
    ck_assert(g_file_get_contents(db, &data, &len, NULL));
    tu_write(db, data, (ssize_t)len);
    ck_assert_int_eq(cbec_dataset_unchanged(db), 0);
    cbec_dataset_mark(db);
    ck_assert_int_eq(cbec_dataset_unchanged(db), 1);
    tu_write(wal, "not empty", -1);
    ck_assert_int_eq(cbec_dataset_unchanged(db), 0);
    cbec_dataset_mark(db); /* refused while the log has frames */
    unlink(wal);
    ck_assert_int_eq(cbec_dataset_unchanged(db), 0);
    /* A damaged file whose mark was (wrongly) left matching: no check, so no refusal --
     * what shows the check is skipped. */
    root = tu_sql_int(db, "SELECT rootpage FROM sqlite_master WHERE name='orders'");
    page = tu_sql_int(db, "PRAGMA page_size");
    memset(data + (root - 1) * page + page / 2, 0x55, (size_t)page / 2);
    tu_write(db, data, (ssize_t)len);
    cbec_dataset_mark(db);
    tu_run(NULL, &err, "reconcile", "--db", db, "--date", "2026-11-25", NULL);
    ck_assert_msg(!err || !strstr(err, "is damaged"), "%s", err);
    g_free(err);
    g_free(data);
    g_free(wal);
}
END_TEST

/* ---- 15.11: a damaged dataset ---- */

START_TEST(damaged_dataset_refused_before_any_work)
{
    char *err = NULL, *extra = tu_path(dir, "extra.txt"), *data = NULL;
    int64_t root, page, quarantined;
    gsize len;

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, drop, NULL), 0);
    root = tu_sql_int(db, "SELECT rootpage FROM sqlite_master WHERE name='orders'");
    page = tu_sql_int(db, "PRAGMA page_size");
    quarantined = tu_sql_int(db, "SELECT count(*) FROM quarantine");
    ck_assert_int_gt(root, 1);
    /* The orders table's root page: its second half (the cells pointing to the
     * leaves) overwritten, as a bad sector or a stray write would. */
    ck_assert(g_file_get_contents(db, &data, &len, NULL));
    ck_assert_int_ge((int64_t)len, root * page);
    memset(data + (root - 1) * page + page / 2, 0x55, (size_t)page / 2);
    tu_write(db, data, (ssize_t)len);
    g_free(data);

    tu_write(extra, "#testorders\nX1;P;1;CNY;\nX2;P;2;CNY;\n", -1);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, extra, NULL), 1);
    ck_assert_msg(strstr(err, "is damaged") && strstr(err, "restore it from a backup"), "%s", err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine"), quarantined);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run"), 1);
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, &err, "reconcile", "--db", db, "--date", "2026-11-25", NULL), 1);
    ck_assert_msg(strstr(err, "is damaged"), "%s", err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run"), 1);
    g_free(err);
    g_free(extra);
}
END_TEST

/* ---- 15.6: a PDF bulletin without its CJK fonts ---- */

/* `report --format pdf` with fontconfig limited to fontdir (NULL: no font at all). */
static int report_with_fonts(const char *fontdir, const char *out, char **err)
{
    char *conf = tu_path(dir, "fonts.conf"), *cache = tu_path(dir, "fccache"), *text;
    int rc;

    text = g_strdup_printf("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
                           "<fontconfig>%s%s%s<cachedir>%s</cachedir></fontconfig>\n",
                           fontdir ? "<dir>" : "", fontdir ? fontdir : "", fontdir ? "</dir>" : "", cache);
    tu_write(conf, text, -1);
    g_setenv("FONTCONFIG_FILE", conf, TRUE);
    rc = tu_run(NULL, err, "report", "--db", db, "--kind", "statistics", "--format", "pdf", "--date", "2026-11-25",
                "--out", out, NULL);
    g_unsetenv("FONTCONFIG_FILE");
    g_free(text);
    g_free(cache);
    g_free(conf);
    return rc;
}

static void assert_no_pdf(const char *out)
{
    GDir *d = g_dir_open(out, 0, NULL);
    const char *name;
    if (!d)
        return;
    while ((name = g_dir_read_name(d)))
        ck_assert_msg(!g_str_has_suffix(name, ".pdf") && !strstr(name, ".pdf."), "%s/%s written", out, name);
    g_dir_close(d);
}

START_TEST(pdf_without_cjk_fonts_fails)
{
    char *err = NULL, *out = tu_path(dir, "out");
    const char *latin = "/usr/share/fonts/truetype/dejavu";

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, drop, NULL), 0);
    /* no font at all */
    ck_assert_int_eq(report_with_fonts(NULL, out, &err), 1);
    ck_assert_msg(strstr(err, "Noto Sans CJK SC") && strstr(err, "fonts-noto-cjk"), "%s", err);
    assert_no_pdf(out);
    g_free(err);
    err = NULL;
    /* fonts, but none with Chinese characters (what a Debian without fonts-noto-cjk has) */
    if (g_file_test(latin, G_FILE_TEST_IS_DIR)) {
        ck_assert_int_eq(report_with_fonts(latin, out, &err), 1);
        ck_assert_msg(strstr(err, "Noto Sans CJK SC") && strstr(err, "fonts-noto-cjk"), "%s", err);
        assert_no_pdf(out);
        g_free(err);
    }
    /* with the system's fonts (fonts-noto-cjk, a build dependency) the bulletin is written */
    ck_assert_int_eq(tu_run(NULL, NULL, "report", "--db", db, "--kind", "statistics", "--format", "pdf", "--date",
                            "2026-11-25", "--out", out, NULL), 0);
    g_free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hostile_ops");
    TCase *tc = tcase_create("lock");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, concurrent_ingests_count_each_file_once);
    tcase_add_test(tc, holder_longer_than_the_wait_gives_75);
    tcase_add_test(tc, ingest_waits_for_a_short_holder);
    tcase_add_test(tc, lock_wait_must_be_seconds);
    suite_add_tcase(s, tc);
    tc = tcase_create("disk_full");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, full_disk_in_a_group_commit);
    tcase_add_test(tc, full_disk_in_the_last_commit);
    suite_add_tcase(s, tc);
    tc = tcase_create("damaged");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, damaged_dataset_refused_before_any_work);
    tcase_add_test(tc, unchanged_dataset_skips_the_check);
    suite_add_tcase(s, tc);
    tc = tcase_create("fonts");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, pdf_without_cjk_fonts_fails);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
