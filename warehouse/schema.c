/* The warehouse's tables from the zone's SQLite schema, created and migrated in PostgreSQL. */
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/log.h"
#include "warehouse/pq.h"
#include "warehouse/schema.h"

/* The advisory lock every setup transaction takes (pg_advisory_xact_lock(class, 0)): DDL of two
 * zones starting together would otherwise race on CREATE TABLE IF NOT EXISTS. */
#define SETUP_LOCK_CLASS 20200

/* The warehouse's own tables, one step per version (CBEC_WAREHOUSE_VERSION).  Never edit a step
 * that was released: append one. */
static const char *const steps[] = {
    /* 1: what each zone published, batch by batch (a batch is a range of the SQLite table's
     * rowids: [batch_lo, batch_hi)), with the SHA-256 of the batch's rows as sent -- the next
     * publish sends a batch again only when the hash of its rows changed; the zones; and the
     * Asia/Shanghai day of an ISO 8601 time, as SQLite's date(t, '+8 hours') gives it. */
    "CREATE TABLE cbec_publish (zone text NOT NULL, tbl text NOT NULL, batch_lo bigint NOT NULL,"
    " batch_hi bigint NOT NULL, rows integer NOT NULL, hash text NOT NULL,"
    " published_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (zone, tbl, batch_lo));"
    "COMMENT ON TABLE cbec_publish IS 'what each zone published: per table, rowid ranges [batch_lo, batch_hi)"
    " of its dataset with the SHA-256 of their rows as sent';"
    "CREATE TABLE cbec_zone (zone text PRIMARY KEY, dataset text, dataset_schema integer,"
    " cbecflow_version text, publish_started timestamptz, publish_finished timestamptz);"
    "COMMENT ON TABLE cbec_zone IS 'the zones publishing here: their dataset, its schema version, the last publish';"
    "CREATE FUNCTION cbec_local_date(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $f$"
    " SELECT CASE"
    "  WHEN t ~ '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?$'"
    "   THEN to_char(t::timestamp + interval '8 hours', 'YYYY-MM-DD')"
    "  WHEN t ~ '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)$'"
    "   THEN to_char(timezone('UTC', t::timestamptz) + interval '8 hours', 'YYYY-MM-DD')"
    " END $f$;"
    "COMMENT ON FUNCTION cbec_local_date(text) IS 'the Asia/Shanghai day (YYYY-MM-DD) of an ISO 8601 time with"
    " offset; a time without one is UTC and a bare date stays that date, as SQLite date(t, ''+8 hours'')';",
    /* 2: each zone's name for the readers of the region's reports ([publish] zone_name). */
    "ALTER TABLE cbec_zone ADD COLUMN name text;"
    "COMMENT ON COLUMN cbec_zone.name IS 'the zone''s name for readers ([publish] zone_name, e.g. 呼和浩特市); NULL: none given, its code is shown';",
};

static void table_free(gpointer p)
{
    cbec_wh_table *t = p;
    g_free(t->name);
    g_ptr_array_free(t->cols, TRUE);
    g_ptr_array_free(t->types, TRUE);
    g_ptr_array_free(t->key, TRUE);
    g_ptr_array_free(t->index_names, TRUE);
    g_ptr_array_free(t->index_cols, TRUE);
    g_free(t);
}

/* SQLite's type affinity rules (datatype3.html 3.1), in their order. */
static const char *pg_type(const char *decl)
{
    char *u = g_ascii_strup(decl ? decl : "", -1);
    const char *t;
    if (strstr(u, "INT"))
        t = "bigint";
    else if (strstr(u, "CHAR") || strstr(u, "CLOB") || strstr(u, "TEXT"))
        t = "text";
    else if (strstr(u, "BLOB"))
        t = "bytea";
    else if (!*u)
        t = "text"; /* no declared type: every value is sent as its text */
    else if (strstr(u, "REAL") || strstr(u, "FLOA") || strstr(u, "DOUB"))
        t = "double precision";
    else
        t = "numeric";
    g_free(u);
    return t;
}

static char *quoted_list(GPtrArray *names, const char *lead)
{
    GString *s = g_string_new(lead);
    for (guint i = 0; i < names->len; i++) {
        char *q = cbec_pq_ident(g_ptr_array_index(names, i));
        if (s->len)
            g_string_append(s, ", ");
        g_string_append(s, q);
        g_free(q);
    }
    return g_string_free(s, FALSE);
}

/* The table's SQLite indexes (those of its UNIQUE constraints too, not of its primary key),
 * as warehouse indexes led by zone: the region's queries are per zone or grouped by it. */
static void table_indexes(sqlite3 *db, cbec_wh_table *t)
{
    sqlite3_stmt *s, *c;
    char *sql = sqlite3_mprintf("PRAGMA index_list(%Q)", t->name);
    int unique_no = 0;

    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *iname = (const char *)sqlite3_column_text(s, 1);
            const char *origin = (const char *)sqlite3_column_text(s, 3);
            GPtrArray *cols = g_ptr_array_new_with_free_func(g_free);
            char *isql = sqlite3_mprintf("PRAGMA index_info(%Q)", iname);
            int expression = 0;
            if (origin && strcmp(origin, "pk") == 0) {
                g_ptr_array_free(cols, TRUE);
                sqlite3_free(isql);
                continue;
            }
            if (sqlite3_prepare_v2(db, isql, -1, &c, NULL) == SQLITE_OK) {
                while (sqlite3_step(c) == SQLITE_ROW) {
                    if (sqlite3_column_type(c, 2) == SQLITE_NULL)
                        expression = 1; /* an index on an expression: SQLite's dialect, not mirrored */
                    else
                        g_ptr_array_add(cols, g_strdup((const char *)sqlite3_column_text(c, 2)));
                }
                sqlite3_finalize(c);
            }
            sqlite3_free(isql);
            if (!expression && cols->len) {
                /* An autoindex (sqlite_autoindex_orders_1) is named after its table here. */
                char *name = origin && strcmp(origin, "u") == 0 ? g_strdup_printf("%s_key%d", t->name, ++unique_no)
                                                                 : g_strdup(iname);
                if (strlen(name) > 63)
                    name[63] = '\0';
                g_ptr_array_add(t->index_names, name);
                g_ptr_array_add(t->index_cols, quoted_list(cols, "\"zone\""));
            }
            g_ptr_array_free(cols, TRUE);
        }
        sqlite3_finalize(s);
    }
    sqlite3_free(sql);
}

GPtrArray *cbec_wh_tables(sqlite3 *db, char **why)
{
    GPtrArray *tables = g_ptr_array_new_with_free_func(table_free);
    sqlite3_stmt *s, *c;

    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite\\_%' "
                               "ESCAPE '\\' ORDER BY name", -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("cannot read the dataset's tables: %s", sqlite3_errmsg(db));
        g_ptr_array_free(tables, TRUE);
        return NULL;
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        cbec_wh_table *t = g_new0(cbec_wh_table, 1);
        char *sql;
        int npk = 0;
        t->name = g_strdup((const char *)sqlite3_column_text(s, 0));
        t->cols = g_ptr_array_new_with_free_func(g_free);
        t->types = g_ptr_array_new_with_free_func(g_free);
        t->key = g_ptr_array_new_with_free_func(g_free);
        t->index_names = g_ptr_array_new_with_free_func(g_free);
        t->index_cols = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(tables, t);
        sql = sqlite3_mprintf("PRAGMA table_info(%Q)", t->name);
        if (sqlite3_prepare_v2(db, sql, -1, &c, NULL) == SQLITE_OK) {
            while (sqlite3_step(c) == SQLITE_ROW)
                if (sqlite3_column_int(c, 5) > npk)
                    npk = sqlite3_column_int(c, 5);
            g_ptr_array_set_size(t->key, npk);
            sqlite3_reset(c);
            while (sqlite3_step(c) == SQLITE_ROW) {
                const char *name = (const char *)sqlite3_column_text(c, 1);
                int pk = sqlite3_column_int(c, 5);
                if (strcmp(name, "zone") == 0 || strcmp(name, "src_rowid") == 0) {
                    *why = g_strdup_printf("table %s has a column %s, the name of a warehouse column", t->name, name);
                    sqlite3_finalize(c);
                    sqlite3_free(sql);
                    sqlite3_finalize(s);
                    g_ptr_array_free(tables, TRUE);
                    return NULL;
                }
                g_ptr_array_add(t->cols, g_strdup(name));
                g_ptr_array_add(t->types, g_strdup(pg_type((const char *)sqlite3_column_text(c, 2))));
                if (pk > 0)
                    g_ptr_array_index(t->key, pk - 1) = g_strdup(name);
            }
            sqlite3_finalize(c);
        }
        sqlite3_free(sql);
        table_indexes(db, t);
    }
    sqlite3_finalize(s);
    return tables;
}

/* A set of names from the first column of a query. */
static GHashTable *name_set(PGconn *c, const char *sql, char **why)
{
    PGresult *r = cbec_pq_query(c, sql, 0, NULL, why);
    GHashTable *set;
    if (!r)
        return NULL;
    set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < PQntuples(r); i++)
        g_hash_table_add(set, g_strdup(PQgetvalue(r, i, 0)));
    PQclear(r);
    return set;
}

static int migrate(PGconn *c, char **why)
{
    PGresult *r;
    int version;

    if (cbec_pq_exec(c, "CREATE TABLE IF NOT EXISTS cbec_warehouse_version (version integer NOT NULL);"
                        "COMMENT ON TABLE cbec_warehouse_version IS 'the warehouse schema version cbecflow migrated it to'",
                     why))
        return -1;
    r = cbec_pq_query(c, "SELECT coalesce(max(version), 0) FROM cbec_warehouse_version", 0, NULL, why);
    if (!r)
        return -1;
    version = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    if (version > (int)G_N_ELEMENTS(steps)) {
        *why = g_strdup_printf("the warehouse has schema version %d, newer than this cbecflow's %d: upgrade cbecflow",
                               version, (int)G_N_ELEMENTS(steps));
        return -1;
    }
    for (; version < (int)G_N_ELEMENTS(steps); version++) {
        char *bump = g_strdup_printf("DELETE FROM cbec_warehouse_version; INSERT INTO cbec_warehouse_version VALUES (%d)",
                                     version + 1);
        int bad = cbec_pq_exec(c, steps[version], why) || cbec_pq_exec(c, bump, why);
        g_free(bump);
        if (bad)
            return -1;
        cbec_info("warehouse: schema version %d", version + 1);
    }
    return 0;
}

/* A SQLite view in PostgreSQL's dialect: the local day date(t, '+8 hours') is cbec_local_date(t). */
static char *view_sql(const char *sqlite_sql)
{
    static GRegex *create, *day;
    char *a, *b;
    if (!create) {
        create = g_regex_new("^\\s*CREATE\\s+VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?", G_REGEX_CASELESS, 0, NULL);
        day = g_regex_new("\\bdate\\(\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*,\\s*'\\+8 hours'\\s*\\)", G_REGEX_CASELESS, 0, NULL);
    }
    a = g_regex_replace(create, sqlite_sql, -1, 0, "CREATE VIEW ", 0, NULL);
    b = g_regex_replace(day, a, -1, 0, "cbec_local_date(\\1)", 0, NULL);
    g_free(a);
    return b;
}

/* The SQLite views, each in a savepoint: a view PostgreSQL cannot read is left out with a
 * warning, not a failed publish.  A view that joins tables is left out on purpose: its join
 * keys (alert_action to alert by rule and entity) are unique within a zone only, and in the
 * warehouse it would match one zone's rows with another's. */
static int views(PGconn *c, sqlite3 *db, int recreate, GHashTable *present, char **why)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master WHERE type='view' ORDER BY name", -1, &s, NULL) !=
        SQLITE_OK)
        return 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        char *q, *drop, *create;
        char *err = NULL;
        if (!recreate && g_hash_table_contains(present, name))
            continue;
        if (g_regex_match_simple("\\bJOIN\\b", (const char *)sqlite3_column_text(s, 1), G_REGEX_CASELESS, 0)) {
            cbec_debug("warehouse: view %s left out: it joins tables on keys unique within a zone only", name);
            continue;
        }
        q = cbec_pq_ident(name);
        drop = g_strdup_printf("DROP VIEW IF EXISTS %s", q);
        create = view_sql((const char *)sqlite3_column_text(s, 1));
        if (cbec_pq_exec(c, "SAVEPOINT view", why) || cbec_pq_exec(c, drop, why)) {
            g_free(q), g_free(drop), g_free(create);
            sqlite3_finalize(s);
            return -1;
        }
        if (cbec_pq_exec(c, create, &err)) {
            cbec_warn("warehouse: view %s left out, PostgreSQL cannot read it: %s", name, err);
            g_free(err);
            if (cbec_pq_exec(c, "ROLLBACK TO SAVEPOINT view", why)) {
                g_free(q), g_free(drop), g_free(create);
                sqlite3_finalize(s);
                return -1;
            }
        }
        cbec_pq_exec(c, "RELEASE SAVEPOINT view", NULL);
        g_free(q), g_free(drop), g_free(create);
    }
    sqlite3_finalize(s);
    return 0;
}

static int ensure(PGconn *c, sqlite3 *db, GPtrArray *tables, char **why)
{
    GHashTable *cols = NULL, *indexes = NULL, *vnames = NULL;
    int changed = 0, rc = -1;
    char *lock = g_strdup_printf("SELECT pg_advisory_xact_lock(%d, 0)", SETUP_LOCK_CLASS);

    if (cbec_pq_exec(c, lock, why) || migrate(c, why))
        goto out;
    /* What is there, read after the lock: another zone may just have created it. */
    cols = name_set(c, "SELECT table_name || '.' || column_name FROM information_schema.columns"
                       " WHERE table_schema = current_schema()", why);
    indexes = cols ? name_set(c, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()", why) : NULL;
    vnames = indexes ? name_set(c, "SELECT viewname FROM pg_views WHERE schemaname = current_schema()", why) : NULL;
    if (!vnames)
        goto out;
    for (guint i = 0; i < tables->len; i++) {
        cbec_wh_table *t = g_ptr_array_index(tables, i);
        char *qt = cbec_pq_ident(t->name), *probe = g_strdup_printf("%s.zone", t->name);
        GString *ddl = g_string_new(NULL);
        if (!g_hash_table_contains(cols, probe)) {
            char *key = t->key->len ? quoted_list(t->key, "\"zone\"") : g_strdup("\"zone\", \"src_rowid\"");
            g_string_append_printf(ddl, "CREATE TABLE %s (\"zone\" text NOT NULL, \"src_rowid\" bigint NOT NULL", qt);
            for (guint j = 0; j < t->cols->len; j++) {
                char *qc = cbec_pq_ident(g_ptr_array_index(t->cols, j));
                g_string_append_printf(ddl, ", %s %s", qc, (char *)g_ptr_array_index(t->types, j));
                g_free(qc);
            }
            g_string_append_printf(ddl, ", PRIMARY KEY (%s));", key);
            g_free(key);
        } else
            for (guint j = 0; j < t->cols->len; j++) {
                char *name = g_strdup_printf("%s.%s", t->name, (char *)g_ptr_array_index(t->cols, j));
                if (!g_hash_table_contains(cols, name)) {
                    /* A zone on a newer dataset schema: the column is added, older zones' rows keep NULL. */
                    char *qc = cbec_pq_ident(g_ptr_array_index(t->cols, j));
                    g_string_append_printf(ddl, "ALTER TABLE %s ADD COLUMN %s %s;", qt, qc,
                                           (char *)g_ptr_array_index(t->types, j));
                    g_free(qc);
                }
                g_free(name);
            }
        {
            /* Batches are rowid ranges of the zone: every publish reads and deletes by them. */
            char *src = g_strdup_printf("%s_src", t->name);
            if (!g_hash_table_contains(indexes, src))
                g_string_append_printf(ddl, "CREATE INDEX %s_src ON %s (\"zone\", \"src_rowid\");", t->name, qt);
            g_free(src);
        }
        for (guint j = 0; j < t->index_names->len; j++) {
            const char *iname = g_ptr_array_index(t->index_names, j);
            if (!g_hash_table_contains(indexes, iname)) {
                char *qi = cbec_pq_ident(iname);
                g_string_append_printf(ddl, "CREATE INDEX %s ON %s (%s);", qi, qt,
                                       (char *)g_ptr_array_index(t->index_cols, j));
                g_free(qi);
            }
        }
        if (ddl->len) {
            cbec_info("warehouse: table %s: %s", t->name, ddl->str);
            changed = 1;
        }
        rc = ddl->len ? cbec_pq_exec(c, ddl->str, why) : 0;
        g_string_free(ddl, TRUE);
        g_free(qt);
        g_free(probe);
        if (rc)
            goto out;
    }
    rc = views(c, db, changed, vnames, why);
out:
    if (cols)
        g_hash_table_destroy(cols);
    if (indexes)
        g_hash_table_destroy(indexes);
    if (vnames)
        g_hash_table_destroy(vnames);
    g_free(lock);
    return rc;
}

int cbec_wh_ensure(PGconn *c, sqlite3 *db, GPtrArray *tables, char **why)
{
    if (cbec_pq_exec(c, "BEGIN", why))
        return -1;
    if (ensure(c, db, tables, why)) {
        cbec_pq_exec(c, "ROLLBACK", NULL);
        return -1;
    }
    return cbec_pq_exec(c, "COMMIT", why);
}
