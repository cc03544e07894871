/**
 * @file pq.h
 * @brief The few libpq calls the warehouse makes, each turning a server error into a reason.
 */
#ifndef CBEC_WH_PQ_H
#define CBEC_WH_PQ_H

#include <libpq-fe.h>

/** Run a command (no rows expected); 0 when done, else -1 with *why (g_free). */
int cbec_pq_exec(PGconn *c, const char *sql, char **why);
/** Run a query with text parameters; the result (PQclear) when it returned rows or a command
 *  status, else NULL with *why (g_free). */
PGresult *cbec_pq_query(PGconn *c, const char *sql, int nparams, const char *const *params, char **why);
/** name as a quoted SQL identifier ("order" -> "\"order\""), g_free. */
char *cbec_pq_ident(const char *name);

#endif
