/**
 * @file copyrow.h
 * @brief A row of the zone's dataset as a line of PostgreSQL's COPY text format.
 */
#ifndef CBEC_WH_COPYROW_H
#define CBEC_WH_COPYROW_H

#include <glib.h>
#include <sqlite3.h>

/**
 * Append the current row of s -- column 0 the rowid, then ncols values -- as one COPY text
 * line: zone, rowid, the values (NULL as \N; text escaped; a blob as bytea hex).
 * @return 0, or -1 with *why when a value cannot travel as it is (text that is not UTF-8 or
 *         holds a NUL: PostgreSQL would refuse or cut it; the row is named, nothing guessed)
 */
int cbec_copy_row(GString *out, const char *zone, sqlite3_stmt *s, int ncols, const char *table, char **why);

#endif
