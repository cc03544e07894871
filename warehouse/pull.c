/* One zone of the warehouse back into a SQLite dataset (pull.h). */
#include <inttypes.h>
#include <string.h>
#include <glib.h>
#include <libpq-fe.h>

#include "core/store.h"
#include "warehouse/pq.h"
#include "warehouse/pull.h"
#include "warehouse/schema.h"

int cbec_wh_is_uri(const char *db)
{
    return db && (g_str_has_prefix(db, "postgresql://") || g_str_has_prefix(db, "postgres://"));
}

/* COPY text to a value in place: the escapes of copyrow.c undone; NULL for \N. */
static char *unescape(char *f)
{
    char *r = f, *w = f;
    if (strcmp(f, "\\N") == 0)
        return NULL;
    while (*r) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
            r++;
        } else
            *w++ = *r++;
    }
    *w = '\0';
    return f;
}

static int pull_table(PGconn *c, sqlite3 *db, const cbec_wh_table *t, const char *zone, GHashTable *have,
                      int64_t *rows, char **why)
{
    GString *sel = g_string_new("COPY (SELECT "), *ins = g_string_new(NULL), *qs = g_string_new(NULL);
    char *qt = cbec_pq_ident(t->name), *qz = PQescapeLiteral(c, zone, strlen(zone)), *line = NULL;
    sqlite3_stmt *s = NULL;
    PGresult *r = NULL;
    int rc = -1, n;

    g_string_append_printf(ins, "INSERT INTO \"%s\" (", t->name);
    for (guint i = 0; i < t->cols->len; i++) {
        const char *col = g_ptr_array_index(t->cols, i);
        char *qc = cbec_pq_ident(col), *probe = g_strdup_printf("%s.%s", t->name, col);
        /* A column of a newer dataset schema than the zone published: NULL, as a migration gives it. */
        g_string_append_printf(sel, "%s%s", i ? ", " : "", g_hash_table_contains(have, probe) ? qc : "NULL");
        g_string_append_printf(ins, "%s%s", i ? ", " : "", qc);
        g_string_append_printf(qs, "%s?", i ? ", " : "");
        g_free(qc);
        g_free(probe);
    }
    g_string_append_printf(sel, " FROM %s WHERE \"zone\" = %s ORDER BY \"src_rowid\") TO STDOUT", qt, qz);
    g_string_append_printf(ins, ") VALUES (%s)", qs->str);
    if (sqlite3_prepare_v2(db, ins->str, -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("table %s: %s", t->name, sqlite3_errmsg(db));
        goto out;
    }
    r = PQexec(c, sel->str);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        *why = g_strdup_printf("table %s: %s", t->name, g_strchomp(PQresultErrorMessage(r)));
        goto out;
    }
    PQclear(r);
    r = NULL;
    while ((n = PQgetCopyData(c, &line, 0)) > 0) {
        char **f;
        guint nf;
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        f = g_strsplit(line, "\t", -1);
        nf = g_strv_length(f);
        PQfreemem(line);
        line = NULL;
        if (nf != t->cols->len) {
            *why = g_strdup_printf("table %s: a row of %u fields, %u expected", t->name, nf, t->cols->len);
            g_strfreev(f);
            goto drain;
        }
        for (guint i = 0; i < nf; i++) {
            const char *v = unescape(f[i]);
            if (v)
                sqlite3_bind_text(s, (int)i + 1, v, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(s, (int)i + 1);
        }
        g_strfreev(f);
        if (sqlite3_step(s) != SQLITE_DONE) {
            *why = g_strdup_printf("table %s: %s", t->name, sqlite3_errmsg(db));
            goto drain;
        }
        sqlite3_reset(s);
        (*rows)++;
    }
    if (n == -2) {
        *why = g_strdup_printf("table %s: %s", t->name, g_strchomp(PQerrorMessage(c)));
        goto out;
    }
    r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        *why = g_strdup_printf("table %s: %s", t->name, g_strchomp(PQresultErrorMessage(r)));
        goto out;
    }
    rc = 0;
    goto out;
drain:
    /* The rest of the COPY is read and dropped: the connection must be usable to close it. */
    while (PQgetCopyData(c, &line, 0) > 0) {
        PQfreemem(line);
        line = NULL;
    }
out:
    if (line)
        PQfreemem(line);
    PQclear(r);
    while ((r = PQgetResult(c)))
        PQclear(r);
    sqlite3_finalize(s);
    PQfreemem(qz);
    g_free(qt);
    g_string_free(sel, TRUE), g_string_free(ins, TRUE), g_string_free(qs, TRUE);
    return rc;
}

int cbec_wh_pull(const char *uri, const char *zone, const char *path, char **why)
{
    PGconn *c = PQconnectdb(uri);
    cbec_store *st = NULL;
    GPtrArray *tables = NULL;
    GHashTable *have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    PGresult *r = NULL;
    const char *params[1] = {zone};
    int64_t rows = 0;
    int rc = -1;

    if (PQstatus(c) != CONNECTION_OK) {
        *why = g_strdup_printf("cannot connect to the warehouse: %s", g_strchomp(PQerrorMessage(c)));
        goto out;
    }
    if (PQsetClientEncoding(c, "UTF8") != 0 ||
        !(r = cbec_pq_query(c, "SELECT 1 FROM cbec_zone WHERE zone = $1", 1, params, why)))
        goto out;
    if (PQntuples(r) == 0) {
        *why = g_strdup_printf("the warehouse has no zone %s", zone);
        goto out;
    }
    PQclear(r);
    if (!(r = cbec_pq_query(c, "SELECT table_name || '.' || column_name FROM information_schema.columns"
                               " WHERE table_schema = current_schema()", 0, NULL, why)))
        goto out;
    for (int i = 0; i < PQntuples(r); i++)
        g_hash_table_add(have, g_strdup(PQgetvalue(r, i, 0)));
    /* One snapshot of the warehouse: a zone publishing meanwhile is read before or after. */
    if (cbec_pq_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", why))
        goto out;
    if (cbec_store_open(path, 0, &st, why) != CBEC_ERR_NONE)
        goto out;
    sqlite3_exec(cbec_store_db(st), "PRAGMA foreign_keys=OFF; BEGIN", NULL, NULL, NULL);
    if (!(tables = cbec_wh_tables(cbec_store_db(st), why)))
        goto out;
    for (guint i = 0; i < tables->len; i++) {
        const cbec_wh_table *t = g_ptr_array_index(tables, i);
        char *probe = g_strdup_printf("%s.zone", t->name);
        int there = g_hash_table_contains(have, probe);
        g_free(probe);
        if (there && pull_table(c, cbec_store_db(st), t, zone, have, &rows, why))
            goto out;
    }
    if (sqlite3_exec(cbec_store_db(st), "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("cannot store the zone's rows: %s", sqlite3_errmsg(cbec_store_db(st)));
        goto out;
    }
    rc = 0;
out:
    PQclear(r);
    if (tables)
        g_ptr_array_free(tables, TRUE);
    if (st)
        cbec_store_close(st);
    g_hash_table_destroy(have);
    PQfinish(c);
    return rc;
}
