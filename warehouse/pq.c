/* libpq calls with their errors as reasons: the warehouse code reads as a list of statements. */
#include <string.h>
#include <glib.h>

#include "warehouse/pq.h"

static char *server_error(PGconn *c, PGresult *r)
{
    const char *m = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
    char *why = g_strdup(m && *m ? m : "the server connection failed");
    return g_strchomp(why);
}

PGresult *cbec_pq_query(PGconn *c, const char *sql, int nparams, const char *const *params, char **why)
{
    PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return r;
    if (why)
        *why = server_error(c, r);
    PQclear(r);
    return NULL;
}

int cbec_pq_exec(PGconn *c, const char *sql, char **why)
{
    /* PQexec, not PQexecParams: a setup step may hold several statements. */
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        PQclear(r);
        return 0;
    }
    if (why)
        *why = server_error(c, r);
    PQclear(r);
    return -1;
}

char *cbec_pq_ident(const char *name)
{
    GString *s = g_string_new("\"");
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            g_string_append_c(s, '"');
        g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
    return g_string_free(s, FALSE);
}
