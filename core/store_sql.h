/**
 * @file store_sql.h
 * @brief The store's SQL helpers: run statements with a reason on failure, read one row of
 * integers.  The one family every layer uses (included by core/store.h), so no module keeps
 * its own copy of the prepare/step/finalize dance.
 */
#ifndef CBEC_STORE_SQL_H
#define CBEC_STORE_SQL_H

#include <stdint.h>
#include <sqlite3.h>

#include "core/base/error.h"

/**
 * Run every statement of sql, in order, stopping at the first error.
 * @param why when not NULL and still NULL, receives "message (in: failing statement)" (g_free)
 * @return CBEC_ERR_NONE, or CBEC_ERR_DB
 */
cbec_err cbec_db_exec(sqlite3 *db, const char *sql, char **why);
/**
 * cbec_db_exec() whose reason starts with "trace: ", and which at debug level logs each
 * statement's wall and CPU time (and, with CBECFLOW_SQL_EQP set, its query plan).
 */
cbec_err cbec_db_exec_traced(sqlite3 *db, const char *trace, const char *sql, char **why);
/**
 * First column of the first row of a statement (a count, a PRAGMA value).
 * @return the value; 0 when there is no row; on_error when the SQL cannot be prepared
 */
int64_t cbec_db_int(sqlite3 *db, const char *sql, int64_t on_error);
/**
 * The first n columns of the one row of a query, as integers, with ?1 = p1 and ?2 = p2
 * bound as text (a NULL parameter is left unbound).
 * @param why when still NULL, receives the reason on failure (g_free)
 * @return CBEC_ERR_NONE; CBEC_ERR_DB when the query fails or returns no row
 */
cbec_err cbec_db_ints(sqlite3 *db, const char *sql, const char *p1, const char *p2, int64_t *out, int n, char **why);

#endif
