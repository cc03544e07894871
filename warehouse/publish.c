/* `cbecflow publish`: a zone's dataset into the region's PostgreSQL, batch by batch (publish.h). */
#include "cbecflow-build.h"

#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libpq-fe.h>

#include "core/base/digest.h"
#include "core/base/error.h"
#include "core/base/log.h"
#include "warehouse/copyrow.h"
#include "warehouse/pq.h"
#include "warehouse/publish.h"
#include "warehouse/schema.h"

/* pg_try_advisory_lock(ZONE_LOCK_CLASS, hashtext(zone)): one publish per zone at a time, zones
 * never wait for each other (two codes with the same 32-bit hash would share a lock: harmless). */
#define ZONE_LOCK_CLASS 20201

/* The server's notices (CREATE ... IF NOT EXISTS "already exists, skipping") at debug level:
 * libpq would print them on stderr, between the log lines. */
static void notice(void *arg, const char *message)
{
    (void)arg;
    cbec_debug("warehouse: %.*s", (int)strcspn(message, "\n"), message);
}

int cbec_publish_zone_valid(const char *zone)
{
    return zone && g_regex_match_simple("^[A-Za-z0-9_-]{1,32}$", zone, 0, 0);
}

/* The range a rowid falls in: floor division, also right for a negative rowid. */
static int64_t range_of(int64_t rowid, int64_t width)
{
    return rowid >= 0 ? rowid / width : -((-rowid - 1) / width) - 1;
}

typedef struct pub {
    PGconn *c;
    sqlite3 *db;
    const cbec_publish_opts *o;
    cbec_publish_totals *t;
    int64_t width;
    long kill_after;     /* test hook: SIGKILL after this many batches were committed (0: never) */
    long drop_after;     /* test hook: the server drops the connection after this many batches (0: never) */
    long committed;
} pub;

static char *cols_list(const cbec_wh_table *t, const char *prefix, int with_rowid)
{
    GString *s = g_string_new(NULL);
    if (with_rowid)
        g_string_append_printf(s, "%s\"src_rowid\"", prefix);
    for (guint i = 0; i < t->cols->len; i++) {
        char *q = cbec_pq_ident(g_ptr_array_index(t->cols, i));
        g_string_append_printf(s, "%s%s%s", s->len ? ", " : "", prefix, q);
        g_free(q);
    }
    return g_string_free(s, FALSE);
}

/* One batch in one transaction: the rows of [lo, hi) in copy (COPY text), nrows of them;
 * in_warehouse: the warehouse has rows of the zone in the range. */
static int send_batch(pub *p, const cbec_wh_table *t, int64_t lo, int64_t hi, const GString *copy, int64_t nrows,
                      int in_warehouse, const char *hash, char **why)
{
    char *qt = cbec_pq_ident(t->name), *cols = cols_list(t, "", 1), *wcols = cols_list(t, "w.", 1),
         *xcols = cols_list(t, "EXCLUDED.", 1), *sql = NULL;
    char slo[24], shi[24], srows[24];
    const char *params[5];
    GString *set = g_string_new(NULL), *match = g_string_new(NULL), *key = g_string_new(NULL);
    PGresult *r = NULL;
    int rc = -1;

    g_snprintf(slo, sizeof slo, "%" PRId64, lo);
    g_snprintf(shi, sizeof shi, "%" PRId64, hi);
    g_snprintf(srows, sizeof srows, "%" PRId64, nrows);
    g_string_append(set, "\"src_rowid\" = EXCLUDED.\"src_rowid\"");
    for (guint i = 0; i < t->cols->len; i++) {
        char *q = cbec_pq_ident(g_ptr_array_index(t->cols, i));
        g_string_append_printf(set, ", %s = EXCLUDED.%s", q, q);
        g_free(q);
    }
    if (t->key->len)
        for (guint i = 0; i < t->key->len; i++) {
            char *q = cbec_pq_ident(g_ptr_array_index(t->key, i));
            g_string_append_printf(match, " AND s.%s = w.%s", q, q);
            g_string_append_printf(key, ", %s", q);
            g_free(q);
        }
    else {
        g_string_append(match, " AND s.\"src_rowid\" = w.\"src_rowid\"");
        g_string_append(key, ", \"src_rowid\"");
    }

    if (cbec_pq_exec(p->c, "BEGIN", why))
        goto out;
    sql = g_strdup_printf("CREATE TEMP TABLE cbec_stage (LIKE %s) ON COMMIT DROP", qt);
    if (cbec_pq_exec(p->c, sql, why))
        goto fail;
    g_free(sql);
    sql = NULL;
    if (nrows) {
        sql = g_strdup_printf("COPY cbec_stage (\"zone\", %s) FROM STDIN", cols);
        r = PQexec(p->c, sql);
        if (PQresultStatus(r) != PGRES_COPY_IN) {
            *why = g_strchomp(g_strdup(PQresultErrorMessage(r)));
            goto fail;
        }
        PQclear(r);
        r = NULL;
        if (PQputCopyData(p->c, copy->str, (int)copy->len) != 1 || PQputCopyEnd(p->c, NULL) != 1) {
            *why = g_strchomp(g_strdup(PQerrorMessage(p->c)));
            goto fail;
        }
        r = PQgetResult(p->c);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            *why = g_strdup_printf("COPY %s: %s", t->name, g_strchomp(PQresultErrorMessage(r)));
            goto fail;
        }
        PQclear(r);
        while ((r = PQgetResult(p->c)))
            PQclear(r);
        g_free(sql);
        sql = NULL;
        /* Only rows that differ are written: publishing an unchanged row leaves it (and its
         * tuple) alone. */
        sql = g_strdup_printf("INSERT INTO %s AS w (\"zone\", %s) SELECT \"zone\", %s FROM cbec_stage"
                              " ON CONFLICT (\"zone\"%s) DO UPDATE SET %s WHERE (%s) IS DISTINCT FROM (%s)",
                              qt, cols, cols, key->str, set->str, wcols, xcols);
        if (!(r = cbec_pq_query(p->c, sql, 0, NULL, why)))
            goto fail;
        p->t->rows_changed += g_ascii_strtoll(PQcmdTuples(r), NULL, 10);
        PQclear(r);
        g_free(sql);
        sql = NULL;
    }
    /* Rows of the range the dataset no longer has (forgotten files, a reading replaced) -- none
     * when the warehouse has no row in the range yet.  Without statistics of the fresh staging
     * table (or of a freshly filled warehouse table) the planner takes one side for tiny and
     * checks every warehouse row of the range against all of the other (a nested loop, 10k x
     * 10k rows, a second per batch): the anti-join is made a hash join for this transaction. */
    if (!in_warehouse)
        goto recorded;
    if (cbec_pq_exec(p->c, "SET LOCAL enable_nestloop = off", why))
        goto fail;
    sql = g_strdup_printf("DELETE FROM %s AS w WHERE w.\"zone\" = $1 AND w.\"src_rowid\" >= $2 AND w.\"src_rowid\" < $3"
                          " AND NOT EXISTS (SELECT 1 FROM cbec_stage s WHERE true%s)",
                          qt, match->str);
    params[0] = p->o->zone, params[1] = slo, params[2] = shi;
    if (!(r = cbec_pq_query(p->c, sql, 3, params, why)))
        goto fail;
    p->t->rows_deleted += g_ascii_strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    g_free(sql);
    sql = NULL;
recorded:
    params[0] = p->o->zone, params[1] = t->name, params[2] = slo, params[3] = shi, params[4] = NULL;
    if (nrows) {
        const char *up[6] = {p->o->zone, t->name, slo, shi, srows, hash};
        sql = g_strdup("INSERT INTO cbec_publish (zone, tbl, batch_lo, batch_hi, rows, hash) VALUES ($1, $2, $3, $4, $5, $6)"
                       " ON CONFLICT (zone, tbl, batch_lo) DO UPDATE SET batch_hi = EXCLUDED.batch_hi,"
                       " rows = EXCLUDED.rows, hash = EXCLUDED.hash, published_at = now()");
        r = cbec_pq_query(p->c, sql, 6, up, why);
    } else {
        sql = g_strdup("DELETE FROM cbec_publish WHERE zone = $1 AND tbl = $2 AND batch_lo = $3");
        r = cbec_pq_query(p->c, sql, 3, params, why);
    }
    if (!r)
        goto fail;
    PQclear(r);
    r = NULL;
    if (cbec_pq_exec(p->c, "COMMIT", why))
        goto out;
    p->t->batches_sent++;
    p->t->rows_sent += nrows;
    rc = 0;
    p->committed++;
    if (p->kill_after && p->committed == p->kill_after) {
        cbec_warn("CBECFLOW_PUBLISH_KILL_AFTER=%ld: killing this publish after its batch %s [%s, %s)", p->kill_after,
                  t->name, slo, shi);
        raise(SIGKILL);
    }
    if (p->drop_after && p->committed == p->drop_after) {
        /* The server ends this session as it would on a restart, a failover or an idle
         * timeout: the next statement finds the connection gone. */
        cbec_warn("CBECFLOW_PUBLISH_DROP_AFTER=%ld: the server drops this connection after batch %s [%s, %s)",
                  p->drop_after, t->name, slo, shi);
        p->drop_after = 0;
        PQclear(PQexec(p->c, "SELECT pg_terminate_backend(pg_backend_pid())"));
    }
    goto out;
fail:
    PQclear(r);
    r = NULL;
    if (PQstatus(p->c) == CONNECTION_OK)
        cbec_pq_exec(p->c, "ROLLBACK", NULL);
out:
    PQclear(r);
    g_free(sql);
    sql = NULL;
    g_free(qt), g_free(cols), g_free(wcols), g_free(xcols);
    g_string_free(set, TRUE), g_string_free(match, TRUE), g_string_free(key, TRUE);
    return rc;
}

/* What the warehouse holds of this table for this zone: the batches' recorded hashes by range
 * (those of another batch width are dropped: their ranges are sent again), and every range
 * it has rows in -- a range whose rows all left the dataset must be visited to delete them. */
static int warehouse_state(pub *p, const cbec_wh_table *t, GHashTable *hashes, GArray *ranges, char **why)
{
    char w[24], *qt = cbec_pq_ident(t->name), *sql;
    const char *params[3] = {p->o->zone, t->name, w};
    PGresult *r;

    g_snprintf(w, sizeof w, "%" PRId64, p->width);
    r = cbec_pq_query(p->c, "DELETE FROM cbec_publish WHERE zone = $1 AND tbl = $2 AND batch_hi - batch_lo <> $3",
                      3, params, why);
    if (!r)
        goto fail;
    PQclear(r);
    r = cbec_pq_query(p->c, "SELECT batch_lo, hash FROM cbec_publish WHERE zone = $1 AND tbl = $2", 2, params, why);
    if (!r)
        goto fail;
    for (int i = 0; i < PQntuples(r); i++) {
        int64_t *k = g_new(int64_t, 1);
        *k = range_of(g_ascii_strtoll(PQgetvalue(r, i, 0), NULL, 10), p->width);
        g_hash_table_insert(hashes, k, g_strdup(PQgetvalue(r, i, 1)));
    }
    PQclear(r);
    sql = g_strdup_printf("SELECT DISTINCT (\"src_rowid\" - ((\"src_rowid\" %% $2::bigint) + $2::bigint) %% $2::bigint)"
                          " / $2::bigint FROM %s WHERE \"zone\" = $1 ORDER BY 1", qt);
    params[1] = w;
    r = cbec_pq_query(p->c, sql, 2, params, why);
    g_free(sql);
    sql = NULL;
    if (!r)
        goto fail;
    for (int i = 0; i < PQntuples(r); i++) {
        int64_t k = g_ascii_strtoll(PQgetvalue(r, i, 0), NULL, 10);
        g_array_append_val(ranges, k);
    }
    PQclear(r);
    g_free(qt);
    return 0;
fail:
    g_free(qt);
    return -1;
}

static int publish_table(pub *p, const cbec_wh_table *t, char **why)
{
    GHashTable *hashes = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    GArray *ranges = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GString *copy = g_string_new(NULL);
    char *cols = NULL, *sql = NULL;
    sqlite3_stmt *s = NULL;
    guint wi = 0;
    int have, in_warehouse, rc = -1;
    int64_t before_sent = p->t->batches_sent, before_rows = p->t->rows_read;

    if (warehouse_state(p, t, hashes, ranges, why))
        goto out;
    {
        GString *q = g_string_new("SELECT rowid");
        for (guint i = 0; i < t->cols->len; i++) {
            char *qc = cbec_pq_ident(g_ptr_array_index(t->cols, i));
            g_string_append_printf(q, ", %s", qc);
            g_free(qc);
        }
        g_string_append_printf(q, " FROM \"%s\" ORDER BY rowid", t->name);
        sql = g_string_free(q, FALSE);
    }
    cols = cols_list(t, "", 1);
    if (sqlite3_prepare_v2(p->db, sql, -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("cannot read table %s: %s", t->name, sqlite3_errmsg(p->db));
        goto out;
    }
    have = sqlite3_step(s) == SQLITE_ROW;
    for (;;) {
        int64_t k = INT64_MAX, nrows = 0;
        char hex[65];
        const char *recorded;
        cbec_sha256 h;

        if (have)
            k = range_of(sqlite3_column_int64(s, 0), p->width);
        if (wi < ranges->len && g_array_index(ranges, int64_t, wi) < k)
            k = g_array_index(ranges, int64_t, wi);
        if (!have && wi >= ranges->len)
            break;
        g_string_truncate(copy, 0);
        while (have && range_of(sqlite3_column_int64(s, 0), p->width) == k) {
            if (cbec_copy_row(copy, p->o->zone, s, (int)t->cols->len, t->name, why))
                goto out;
            nrows++;
            have = sqlite3_step(s) == SQLITE_ROW;
        }
        in_warehouse = 0;
        while (wi < ranges->len && g_array_index(ranges, int64_t, wi) <= k)
            in_warehouse |= g_array_index(ranges, int64_t, wi++) == k;
        /* The hash covers the column list too: a column a new dataset schema added sends the
         * batch again. */
        cbec_sha256_init(&h);
        cbec_sha256_update(&h, cols, strlen(cols) + 1);
        cbec_sha256_update(&h, copy->str, copy->len);
        cbec_sha256_hex(&h, hex);
        p->t->batches++;
        p->t->rows_read += nrows;
        recorded = g_hash_table_lookup(hashes, &k);
        if (!(recorded && nrows && strcmp(recorded, hex) == 0) &&
            send_batch(p, t, k * p->width, (k + 1) * p->width, copy, nrows, in_warehouse, hex, why)) {
            char *w = *why;
            *why = g_strdup_printf("table %s, rowids [%" PRId64 ", %" PRId64 "): %s", t->name, k * p->width,
                                   (k + 1) * p->width, w);
            g_free(w);
            goto out;
        }
        g_hash_table_remove(hashes, &k);
    }
    /* Recorded batches with no rows on either side: bookkeeping only. */
    if (g_hash_table_size(hashes)) {
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, hashes);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            char slo[24];
            const char *params[3] = {p->o->zone, t->name, slo};
            PGresult *r;
            g_snprintf(slo, sizeof slo, "%" PRId64, *(int64_t *)key * p->width);
            r = cbec_pq_query(p->c, "DELETE FROM cbec_publish WHERE zone = $1 AND tbl = $2 AND batch_lo = $3", 3,
                              params, why);
            if (!r)
                goto out;
            PQclear(r);
        }
    }
    if (sqlite3_errcode(p->db) != SQLITE_OK && sqlite3_errcode(p->db) != SQLITE_DONE &&
        sqlite3_errcode(p->db) != SQLITE_ROW) {
        *why = g_strdup_printf("reading table %s: %s", t->name, sqlite3_errmsg(p->db));
        goto out;
    }
    cbec_debug("publish: %s: %" PRId64 " rows, %" PRId64 " batches sent", t->name, p->t->rows_read - before_rows,
               p->t->batches_sent - before_sent);
    p->t->tables++;
    rc = 0;
out:
    sqlite3_finalize(s);
    g_hash_table_destroy(hashes);
    g_array_free(ranges, TRUE);
    g_string_free(copy, TRUE);
    g_free(cols);
    g_free(sql);
    sql = NULL;
    return rc;
}

static int zone_row(pub *p, int finished, char **why)
{
    char schema[24];
    const char *params[5] = {p->o->zone, p->o->dataset ? p->o->dataset : "", schema, PACKAGE_VERSION,
                             p->o->zone_name ? p->o->zone_name : ""};
    PGresult *r;
    sqlite3_stmt *s;

    g_snprintf(schema, sizeof schema, "0");
    if (sqlite3_prepare_v2(p->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            g_snprintf(schema, sizeof schema, "%d", sqlite3_column_int(s, 0));
        sqlite3_finalize(s);
    }
    r = finished ? cbec_pq_query(p->c, "UPDATE cbec_zone SET publish_finished = now() WHERE zone = $1", 1, params, why)
                 : cbec_pq_query(p->c, "INSERT INTO cbec_zone (zone, dataset, dataset_schema, cbecflow_version,"
                                       " publish_started, name) VALUES ($1, $2, $3, $4, now(), nullif($5, ''))"
                                       " ON CONFLICT (zone) DO UPDATE SET dataset = $2, dataset_schema = $3,"
                                       " cbecflow_version = $4, publish_started = now(), publish_finished = NULL,"
                                       " name = nullif($5, '')",
                                 5, params, why);
    PQclear(r);
    return r ? 0 : -1;
}

/* The session's settings and the zone's lock, on a new connection and on one opened again.
 * Returns 0, CBEC_EXIT_LOCKED when another publish of the zone holds the lock, or -1 (why). */
static int session_begin(pub *p, char **why)
{
    const char *params[1] = {p->o->zone};
    PGresult *r;
    int held;

    PQsetNoticeProcessor(p->c, notice, NULL);
    if (PQsetClientEncoding(p->c, "UTF8") != 0) {
        *why = g_strdup_printf("cannot set the client encoding: %s", g_strchomp(PQerrorMessage(p->c)));
        return -1;
    }
    if (cbec_pq_exec(p->c, "SET application_name = 'cbecflow publish'", why))
        return -1;
    r = cbec_pq_query(p->c, "SELECT pg_try_advisory_lock(" G_STRINGIFY(ZONE_LOCK_CLASS) ", hashtext($1))", 1, params,
                      why);
    if (!r)
        return -1;
    held = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    return held ? 0 : CBEC_EXIT_LOCKED;
}

/* After a step failed: when the cause is a lost connection and retries are left, the
 * connection is opened again (after 1, 2, 4 ... up to 30 s) and the zone's lock taken again;
 * 1 then means "do the step again" (its transaction was rolled back with the connection).
 * A publish of the same zone that took the lock meanwhile ends this one (CBEC_EXIT_LOCKED). */
static int reconnect(pub *p, int *attempts, char **why, int *locked)
{
    unsigned wait = 1;

    while (PQstatus(p->c) == CONNECTION_BAD && *attempts < p->o->retries) {
        int rc;
        (*attempts)++;
        cbec_warn("publish: zone %s: the connection to the warehouse was lost (%s); opening it again in %u s"
                  " (attempt %d of %d)",
                  p->o->zone, *why ? *why : "no reason given", wait, *attempts, p->o->retries);
        g_usleep((gulong)wait * G_USEC_PER_SEC);
        wait = wait >= 16 ? 30 : wait * 2;
        PQreset(p->c);
        if (PQstatus(p->c) != CONNECTION_OK) {
            g_free(*why);
            *why = g_strdup_printf("cannot connect to the warehouse again: %s", g_strchomp(PQerrorMessage(p->c)));
            continue;
        }
        g_clear_pointer(why, g_free);
        rc = session_begin(p, why);
        if (rc == CBEC_EXIT_LOCKED) {
            *locked = 1;
            return 0;
        }
        if (rc == 0) {
            cbec_info("publish: zone %s: connected again; going on from the last committed batch", p->o->zone);
            return 1;
        }
    }
    return 0;
}

int cbec_publish(sqlite3 *db, const cbec_publish_opts *o, cbec_publish_totals *totals)
{
    pub p = {0};
    GPtrArray *tables = NULL;
    char *why = NULL;
    const char *kill = getenv("CBECFLOW_PUBLISH_KILL_AFTER"), *drop = getenv("CBECFLOW_PUBLISH_DROP_AFTER");
    int rc = CBEC_EXIT_FAILED, snapshot = 0, attempts = 0, locked = 0, begun;
    gint64 t0 = g_get_monotonic_time();

    memset(totals, 0, sizeof *totals);
    p.db = db, p.o = o, p.t = totals;
    p.width = o->batch_rows > 0 ? o->batch_rows : CBEC_PUBLISH_BATCH_ROWS;
    p.kill_after = kill ? strtol(kill, NULL, 10) : 0;
    p.drop_after = drop ? strtol(drop, NULL, 10) : 0;
    if (!cbec_publish_zone_valid(o->zone)) {
        cbec_error("publish: zone \"%s\" is not a zone code (1-32 letters, digits, _ or -)", o->zone ? o->zone : "");
        return CBEC_EXIT_USAGE;
    }
    p.c = PQconnectdb(o->uri);
    if (PQstatus(p.c) != CONNECTION_OK) {
        /* libpq's message names host and database, never the password. */
        cbec_error("publish: cannot connect to the warehouse: %s", g_strchomp(PQerrorMessage(p.c)));
        goto out;
    }
    if ((begun = session_begin(&p, &why)) < 0)
        goto fail;
    if (begun == CBEC_EXIT_LOCKED) {
        cbec_error("publish: zone %s: another publish of this zone is running; nothing done", o->zone);
        rc = CBEC_EXIT_LOCKED;
        goto out;
    }
    /* One snapshot of the dataset for every table: flow's order_id finds its order. */
    if (sqlite3_exec(db, "SAVEPOINT cbec_publish_read", NULL, NULL, NULL) != SQLITE_OK) {
        why = g_strdup_printf("cannot read the dataset: %s", sqlite3_errmsg(db));
        goto fail;
    }
    snapshot = 1;
    if (!(tables = cbec_wh_tables(db, &why)))
        goto fail;
    /* Each step again after a lost connection: a table starts over from the warehouse's
     * record of its batches, so what was committed before is skipped, not sent twice. */
    while (cbec_wh_ensure(p.c, db, tables, &why) || zone_row(&p, 0, &why))
        if (!reconnect(&p, &attempts, &why, &locked))
            goto fail;
    for (guint i = 0; i < tables->len; i++) {
        cbec_publish_totals before = *totals;
        int64_t sent = totals->batches_sent;
        while (publish_table(&p, g_ptr_array_index(tables, i), &why)) {
            /* what was read is read again; what was sent stays sent */
            totals->batches = before.batches, totals->rows_read = before.rows_read;
            if (totals->batches_sent > sent)
                attempts = 0, sent = totals->batches_sent;
            if (!reconnect(&p, &attempts, &why, &locked))
                goto fail;
        }
    }
    while (zone_row(&p, 1, &why))
        if (!reconnect(&p, &attempts, &why, &locked))
            goto fail;
    rc = CBEC_EXIT_OK;
    {
        double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
        cbec_info("publish: zone %s: %" PRId64 " tables, %" PRId64 " rows in %" PRId64 " batches; sent %" PRId64
                  " batches (%" PRId64 " rows): %" PRId64 " rows inserted or changed, %" PRId64 " deleted; %.1f s"
                  " (%.0f rows/s read)",
                  o->zone, totals->tables, totals->rows_read, totals->batches, totals->batches_sent, totals->rows_sent,
                  totals->rows_changed, totals->rows_deleted, secs, secs > 0 ? (double)totals->rows_read / secs : 0.0);
    }
    goto out;
fail:
    if (locked) {
        cbec_error("publish: zone %s: another publish of this zone took the zone while the connection was lost;"
                   " this one stops (its committed batches stay)", o->zone);
        rc = CBEC_EXIT_LOCKED;
        goto out;
    }
    cbec_error("publish: zone %s: %s (batches committed before stay; publishing again goes on from them)", o->zone,
               why ? why : "failed");
out:
    if (snapshot)
        sqlite3_exec(db, "RELEASE cbec_publish_read", NULL, NULL, NULL);
    if (tables)
        g_ptr_array_free(tables, TRUE);
    g_free(why);
    PQfinish(p.c);
    return rc;
}
