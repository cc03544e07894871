/**
 * @file testutil.h
 * @brief Helpers for the Check suites: temp folders, running the built
 * `cbecflow`, SQL scalars on a dataset, writing files and archives.
 */
#ifndef CBEC_TESTUTIL_H
#define CBEC_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/** A new temporary folder (g_free); removed at exit unless CBECFLOW_TEST_KEEP is set. */
char *tu_tmpdir(void);
/** $CBECFLOW_SRCDIR/rel (g_free). */
char *tu_src(const char *rel);
/** Join dir and name (g_free). */
char *tu_path(const char *dir, const char *name);
/**
 * Run the built cbecflow with the NULL-terminated arguments; stdout/stderr
 * captured into *out / *err when not NULL (g_free).  The site key is a
 * per-process temporary file (CBECFLOW_KEY_FILE).
 * @return the exit status, or -1 when it did not exit normally
 */
int tu_run(char **out, char **err, ...) __attribute__((sentinel));
/** Same with an argv array (NULL-terminated, without the program name). */
int tu_runv(char **out, char **err, char **args);
/** First column of the first row of sql on the dataset db, as an integer (-999999 on error). */
int64_t tu_sql_int(const char *db, const char *sql);
/** Same as text (g_free), NULL on error or SQL NULL. */
char *tu_sql_text(const char *db, const char *sql);
/** Check assertion: the first column of sql on db equals want (NULL = SQL NULL expected). */
void tu_assert_sql_text(const char *db, const char *sql, const char *want);
/** Write len bytes (len < 0: strlen) to path. */
void tu_write(const char *path, const char *data, ssize_t len);
/**
 * Write an archive: format "zip", "tar", "tar.gz", "7z"; then pairs of
 * (member name, NUL-terminated content), ending with NULL.
 */
void tu_archive(const char *path, const char *format, ...) __attribute__((sentinel));
/** Write an archive with one member of len bytes (binary content). */
void tu_archive1(const char *path, const char *format, const char *name, const void *data, size_t len);
/**
 * Assert that every cbecflow this test ran (tu_run, waited for) peaked under max_mb of
 * resident memory (getrusage RUSAGE_CHILDREN: the largest child's peak).  Under the
 * sanitizers (CBECFLOW_SANITIZED) the bound is doubled for ASan's shadow memory.
 */
void tu_assert_children_under_mb(long max_mb);

#endif
