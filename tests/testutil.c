/* Test helpers; see testutil.h. */
#include <archive.h>
#include <check.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <linux/capability.h>
#include <glib.h>

#include "testutil.h"

static char *key_file;

static GPtrArray *tmpdirs;

/* Remove the test's temporary folders at exit, unless CBECFLOW_TEST_KEEP is set. */
static void remove_tmpdirs(void)
{
    guint i;
    if (g_getenv("CBECFLOW_TEST_KEEP"))
        return;
    for (i = 0; i < tmpdirs->len; i++) {
        char *argv[] = {"rm", "-rf", g_ptr_array_index(tmpdirs, i), NULL};
        g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
}

char *tu_tmpdir(void)
{
    char *d = g_dir_make_tmp("cbectest-XXXXXX", NULL);
    if (!tmpdirs) {
        tmpdirs = g_ptr_array_new_with_free_func(g_free);
        atexit(remove_tmpdirs);
    }
    g_ptr_array_add(tmpdirs, g_strdup(d));
    return d;
}

char *tu_src(const char *rel)
{
    const char *s = g_getenv("CBECFLOW_SRCDIR");
    return g_build_filename(s ? s : ".", rel, NULL);
}

char *tu_path(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

/* For tests of unreadable files as root: drop the capabilities that let root
 * ignore permission bits, in the child only. */
static void drop_dac(gpointer ud)
{
    /* exec as root refills the capability sets from the bounding set: drop them there. */
    (void)ud;
    prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0);
    prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0);
}

int tu_runv(char **out, char **err, char **args)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    char **envp;
    int status = -1, i;
    GError *gerr = NULL;

    if (!key_file) {
        char *d = tu_tmpdir();
        key_file = g_build_filename(d, "site.key", NULL);
        g_free(d);
    }
    g_ptr_array_add(argv, g_build_filename(b ? b : ".", "cbecflow", NULL));
    g_ptr_array_add(argv, g_strdup("--no-progress"));
    for (i = 0; args[i]; i++)
        g_ptr_array_add(argv, g_strdup(args[i]));
    g_ptr_array_add(argv, NULL);
    envp = g_get_environ();
    if (!g_environ_getenv(envp, "CBECFLOW_KEY_FILE"))
        envp = g_environ_setenv(envp, "CBECFLOW_KEY_FILE", key_file, TRUE);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT,
                      geteuid() == 0 && g_getenv("CBECFLOW_TEST_DROP_DAC") ? drop_dac : NULL, NULL, out, err,
                      &status, &gerr)) {
        fprintf(stderr, "cannot run cbecflow: %s\n", gerr->message);
        g_error_free(gerr);
        status = -1;
    } else if (WIFEXITED(status))
        status = WEXITSTATUS(status);
    else
        status = -1;
    g_strfreev(envp);
    g_ptr_array_free(argv, TRUE);
    return status;
}

int tu_run(char **out, char **err, ...)
{
    GPtrArray *a = g_ptr_array_new();
    va_list ap;
    const char *s;
    int rc;

    va_start(ap, err);
    while ((s = va_arg(ap, const char *)))
        g_ptr_array_add(a, (gpointer)s);
    va_end(ap);
    g_ptr_array_add(a, NULL);
    rc = tu_runv(out, err, (char **)a->pdata);
    g_ptr_array_free(a, TRUE);
    return rc;
}

static sqlite3_stmt *query(const char *db, const char *sql, sqlite3 **h)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_open_v2(db, h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return NULL;
    if (sqlite3_prepare_v2(*h, sql, -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "SQL error in \"%s\": %s\n", sql, sqlite3_errmsg(*h));
        return NULL;
    }
    return s;
}

int64_t tu_sql_int(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = query(db, sql, &h);
    int64_t v = -999999;
    if (s && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

char *tu_sql_text(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = query(db, sql, &h);
    char *v = NULL;
    if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = g_strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

void tu_assert_sql_text(const char *db, const char *sql, const char *want)
{
    char *v = tu_sql_text(db, sql);
    if (want == NULL)
        ck_assert_msg(v == NULL, "%s: expected NULL, got %s", sql, v);
    else {
        ck_assert_msg(v != NULL, "%s: expected %s, got NULL", sql, want);
        ck_assert_str_eq(v, want);
    }
    g_free(v);
}

void tu_write(const char *path, const char *data, ssize_t len)
{
    g_file_set_contents(path, data, len, NULL);
}

static struct archive *open_writer(const char *path, const char *format)
{
    struct archive *a = archive_write_new();
    if (strcmp(format, "zip") == 0)
        archive_write_set_format_zip(a);
    else if (strcmp(format, "7z") == 0)
        archive_write_set_format_7zip(a);
    else {
        archive_write_set_format_pax_restricted(a);
        if (strcmp(format, "tar.gz") == 0)
            archive_write_add_filter_gzip(a);
    }
    archive_write_open_filename(a, path);
    return a;
}

static void add_member(struct archive *a, const char *name, const void *data, size_t len)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, data, len);
    archive_entry_free(e);
}

void tu_archive(const char *path, const char *format, ...)
{
    struct archive *a = open_writer(path, format);
    va_list ap;
    const char *name;

    va_start(ap, format);
    while ((name = va_arg(ap, const char *))) {
        const char *data = va_arg(ap, const char *);
        add_member(a, name, data, strlen(data));
    }
    va_end(ap);
    archive_write_close(a);
    archive_write_free(a);
}

void tu_archive1(const char *path, const char *format, const char *name, const void *data, size_t len)
{
    struct archive *a = open_writer(path, format);
    add_member(a, name, data, len);
    archive_write_close(a);
    archive_write_free(a);
}

void tu_assert_children_under_mb(long max_mb)
{
    struct rusage ru;
    long bound = max_mb * (g_getenv("CBECFLOW_SANITIZED") ? 2 : 1);

    ck_assert_int_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
    ck_assert_msg(ru.ru_maxrss / 1024 < bound, "a child peaked at %ld MB, bound %ld MB", ru.ru_maxrss / 1024, bound);
}
