/* The store's SQL helpers (store_sql.h). */
#include <stdlib.h>
#include <time.h>
#include <glib.h>

#include "core/base/log.h"
#include "core/store_sql.h"

static void set_why(char **why, const char *trace, const char *msg, const char *stmt)
{
    if (why && !*why)
        *why = g_strdup_printf("%s%s%s (in: %.300s)", trace ? trace : "", trace ? ": " : "", msg, stmt);
}

static void explain(sqlite3 *db, const char *stmt, int len)
{
    char *q = g_strdup_printf("EXPLAIN QUERY PLAN %.*s", len, stmt);
    sqlite3_stmt *e;
    if (sqlite3_prepare_v2(db, q, -1, &e, NULL) == SQLITE_OK) {
        while (sqlite3_step(e) == SQLITE_ROW)
            cbec_debug("  plan %d<%d %s", sqlite3_column_int(e, 0), sqlite3_column_int(e, 1),
                       (const char *)sqlite3_column_text(e, 3));
        sqlite3_finalize(e);
    }
    g_free(q);
}

cbec_err cbec_db_exec_traced(sqlite3 *db, const char *trace, const char *sql, char **why)
{
    /* Statement by statement (what sqlite3_exec does), so a failure names the statement that
     * failed, not the start of a long script, and a slow statement can be timed. */
    int debug = trace && cbec_log_get_level() >= CBEC_L_DEBUG;
    const char *tail;
    for (const char *p = sql; *p; p = tail) {
        gint64 t0 = g_get_monotonic_time();
        clock_t c0 = clock();
        sqlite3_stmt *s = NULL;
        int rc;
        if (sqlite3_prepare_v2(db, p, -1, &s, &tail) != SQLITE_OK) {
            set_why(why, trace, sqlite3_errmsg(db), p);
            return CBEC_ERR_DB;
        }
        if (!s) /* white space or a comment */
            continue;
        if (debug && getenv("CBECFLOW_SQL_EQP"))
            explain(db, p, (int)(tail - p));
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE) {
            set_why(why, trace, sqlite3_errmsg(db), p);
            sqlite3_finalize(s);
            return CBEC_ERR_DB;
        }
        if (debug)
            cbec_debug("%s: %.3f s (cpu %.3f s)  %.90s", trace, (double)(g_get_monotonic_time() - t0) / 1e6,
                       (double)(clock() - c0) / CLOCKS_PER_SEC, p);
        sqlite3_finalize(s);
        while (*tail == ' ' || *tail == '\n' || *tail == ';')
            tail++;
    }
    return CBEC_ERR_NONE;
}

cbec_err cbec_db_exec(sqlite3 *db, const char *sql, char **why) { return cbec_db_exec_traced(db, NULL, sql, why); }

int64_t cbec_db_int(sqlite3 *db, const char *sql, int64_t on_error)
{
    sqlite3_stmt *s;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return on_error;
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

cbec_err cbec_db_ints(sqlite3 *db, const char *sql, const char *p1, const char *p2, int64_t *out, int n, char **why)
{
    sqlite3_stmt *s = NULL;
    cbec_err rc = CBEC_ERR_DB;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        set_why(why, NULL, sqlite3_errmsg(db), sql);
        return CBEC_ERR_DB;
    }
    if (p1)
        sqlite3_bind_text(s, 1, p1, -1, SQLITE_STATIC);
    if (p2)
        sqlite3_bind_text(s, 2, p2, -1, SQLITE_STATIC);
    switch (sqlite3_step(s)) {
    case SQLITE_ROW:
        for (int i = 0; i < n; i++)
            out[i] = sqlite3_column_int64(s, i);
        rc = CBEC_ERR_NONE;
        break;
    case SQLITE_DONE:
        set_why(why, NULL, "no row", sql);
        break;
    default:
        set_why(why, NULL, sqlite3_errmsg(db), sql);
    }
    sqlite3_finalize(s);
    return rc;
}
