/* Re-reading a file on purpose and forgetting one (issue 17 item 4).
 *
 * A file's identity in the dataset is its SHA-256; each time it is read it gets a
 * source_file row of its own (a reading), and its rows carry that reading's source_id.
 * Replacing or forgetting a reading removes those rows but keeps the reading's row,
 * marked, so that runs, manifests and `status` still say what happened to it.
 *
 * Which tables hold a reading's rows is read from the live schema (every table with a
 * source_id column, the tables that cascade from them), not listed here: a table added
 * later is covered without touching this file. */
#include <string.h>
#include <glib.h>

#include "core/base/log.h"
#include "core/reingest.h"

/* Statuses of a live reading: one whose rows are (or may be) in the dataset. */
#define LIVE "status NOT IN ('replaced','forgotten','loading')"

int cbec_reingest_sealed(cbec_store *st, const char *sha256, int64_t run_id, int reread)
{
    static const char sql[] =
        "SELECT 1 FROM source_file WHERE sha256=?1 AND ((status IN ('ok','partial') AND (?3=0 OR run_id=?2))"
        " OR (status='unrecognised' AND run_id=?2)) LIMIT 1";
    /* Asked once per input: from the store's statement cache (preparing it each time was
     * 2% of the storing thread on a night of 2,000 files). */
    sqlite3_stmt *s = cbec_store_prepare(st, sql);
    int rc;

    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, run_id);
    sqlite3_bind_int(s, 3, reread);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Run sql (a sqlite3_mprintf result, freed here) with source_id bound to ?1; *changes gets
 * the rows it changed. */
static int run_sql(sqlite3 *db, char *sql, int64_t source_id, int64_t *changes)
{
    sqlite3_stmt *s;
    int rc = -1;

    if (sql && sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, source_id);
        if (sqlite3_step(s) == SQLITE_DONE) {
            rc = 0;
            if (changes)
                *changes = sqlite3_changes64(db);
        }
        sqlite3_finalize(s);
    }
    if (rc != 0)
        cbec_error("dataset: cannot remove the rows of source %lld: %s", (long long)source_id, sqlite3_errmsg(db));
    sqlite3_free(sql);
    return rc;
}

static void add_count(GString *desc, const char *table, int64_t n)
{
    if (n > 0)
        g_string_append_printf(desc, "%s%s %lld", desc->len ? ", " : "", table, (long long)n);
}

/* The tables that hold rows of a source: a source_id column (quarantine and finding are
 * handled apart: they also hold rows about the rows removed). */
static GPtrArray *source_tables(sqlite3 *db)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    sqlite3_stmt *s;

    if (sqlite3_prepare_v2(db,
                           "SELECT m.name FROM sqlite_master m WHERE m.type='table' AND m.name NOT IN "
                           "('source_file','quarantine','finding') AND EXISTS (SELECT 1 FROM "
                           "pragma_table_info(m.name) c WHERE c.name='source_id') ORDER BY m.name",
                           -1, &s, NULL) != SQLITE_OK)
        return a;
    while (sqlite3_step(s) == SQLITE_ROW)
        g_ptr_array_add(a, g_strdup((const char *)sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    return a;
}

/* Remove the rows of table t that source_id stored, with what hangs off them. */
static int remove_table_rows(sqlite3 *db, const char *t, int64_t source_id, GString *desc, int64_t *rows,
                             int64_t *findings)
{
    sqlite3_stmt *s;
    int64_t n = 0;
    int rc = 0;
    char *q = sqlite3_mprintf("SELECT 1 FROM \"%w\" WHERE source_id=?1 LIMIT 1", t);

    /* Most files have rows in one or two tables: the others cost one index probe, not the
     * passes over their references below. */
    if (!q || sqlite3_prepare_v2(db, q, -1, &s, NULL) != SQLITE_OK) {
        sqlite3_free(q);
        return -1;
    }
    sqlite3_free(q);
    sqlite3_bind_int64(s, 1, source_id);
    n = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    if (!n)
        return 0;
    /* Rows of other tables pointing at these: lines (ON DELETE CASCADE) go with them and
     * are counted; other references (a payment's settlement, an entry's statement stored
     * by another file) are unlinked, or the foreign key would refuse the delete. */
    if (sqlite3_prepare_v2(db,
                           "SELECT m.name, f.\"from\", coalesce(f.\"to\",'rowid'), f.on_delete FROM sqlite_master m, "
                           "pragma_foreign_key_list(m.name) f WHERE m.type='table' AND f.\"table\"=?1",
                           -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
    while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
        const char *child = (const char *)sqlite3_column_text(s, 0);
        const char *from = (const char *)sqlite3_column_text(s, 1);
        const char *to = (const char *)sqlite3_column_text(s, 2);
        int cascade = g_ascii_strcasecmp((const char *)sqlite3_column_text(s, 3), "CASCADE") == 0;

        if (cascade) {
            rc = run_sql(db, sqlite3_mprintf("DELETE FROM \"%w\" WHERE \"%w\" IN (SELECT \"%w\" FROM \"%w\" "
                                             "WHERE source_id=?1)", child, from, to, t), source_id, &n);
            add_count(desc, child, n);
            *rows += n;
        } else
            rc = run_sql(db, sqlite3_mprintf("UPDATE \"%w\" SET \"%w\"=NULL WHERE \"%w\" IN (SELECT \"%w\" FROM "
                                             "\"%w\" WHERE source_id=?1)", child, from, from, to, t), source_id, NULL);
    }
    sqlite3_finalize(s);
    if (rc != 0)
        return rc;
    /* Findings on these rows, whichever file's records raised them. */
    if (run_sql(db, sqlite3_mprintf("DELETE FROM finding WHERE kind=%Q AND row_id IN (SELECT rowid FROM \"%w\" "
                                    "WHERE source_id=?1)", t, t), source_id, &n) != 0)
        return -1;
    *findings += n;
    if (run_sql(db, sqlite3_mprintf("DELETE FROM \"%w\" WHERE source_id=?1", t), source_id, &n) != 0)
        return -1;
    add_count(desc, t, n);
    *rows += n;
    return 0;
}

cbec_err cbec_reingest_remove(cbec_store *st, int64_t source_id, const char *status, int64_t run_id,
                              int64_t superseded_by, int64_t *rows, char **desc)
{
    sqlite3 *db = cbec_store_db(st);
    GPtrArray *tables = source_tables(db);
    GString *d = g_string_new(NULL);
    int64_t findings = 0, n = 0;
    sqlite3_stmt *s = NULL;
    char now[40];
    guint i;
    int rc = 0;

    *rows = 0;
    for (i = 0; rc == 0 && i < tables->len; i++)
        rc = remove_table_rows(db, g_ptr_array_index(tables, i), source_id, d, rows, &findings);
    if (rc == 0)
        rc = run_sql(db, sqlite3_mprintf("DELETE FROM finding WHERE source_id=?1"), source_id, &n);
    findings += n;
    add_count(d, "finding", findings);
    *rows += findings;
    if (rc == 0)
        rc = run_sql(db, sqlite3_mprintf("DELETE FROM quarantine WHERE source_id=?1"), source_id, &n);
    if (rc == 0) {
        add_count(d, "quarantine", n);
        *rows += n;
    }
    if (rc == 0 && sqlite3_prepare_v2(db, "UPDATE source_file SET status=?1, superseded_by=?2, removed_at=?3, "
                                          "removed_run=?4, removed_rows=?5 WHERE source_id=?6",
                                      -1, &s, NULL) == SQLITE_OK) {
        cbec_now_iso(now, sizeof now);
        sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
        if (superseded_by > 0)
            sqlite3_bind_int64(s, 2, superseded_by);
        sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, run_id);
        sqlite3_bind_text(s, 5, d->str, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, source_id);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = -1;
    } else
        rc = -1;
    sqlite3_finalize(s);
    g_ptr_array_unref(tables);
    if (rc != 0) {
        cbec_error("dataset: cannot mark source %lld %s: %s", (long long)source_id, status, sqlite3_errmsg(db));
        g_string_free(d, TRUE);
        return CBEC_ERR_DB;
    }
    *desc = g_string_free(d, FALSE);
    return CBEC_ERR_NONE;
}

void cbec_replaced_clear(cbec_replaced *r)
{
    g_free(r->desc);
    memset(r, 0, sizeof *r);
}

cbec_err cbec_reingest_replace(cbec_store *st, const char *sha256, const char *path, const char *member, int reread,
                               int64_t run_id, int64_t new_source, cbec_replaced *out)
{
    static const char earlier_readings[] =
        "SELECT source_id, revision FROM source_file WHERE sha256=?1 AND source_id<>?2 AND run_id<>?3 AND " LIVE
        " AND (?4 OR (status='unrecognised' AND path=?5 AND member IS ?6)) ORDER BY source_id";
    sqlite3 *db = cbec_store_db(st);
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GString *all = g_string_new(NULL);
    sqlite3_stmt *s;
    int revision = 0;
    cbec_err rc = CBEC_ERR_NONE;
    guint i;

    memset(out, 0, sizeof *out);
    if (!sha256 || !*sha256)
        goto done;
    /* --force: every earlier reading whose rows may still be here; a file probed again:
     * only its earlier refusals as unrecognised at the same place (a copy of it in another
     * night's folder was an input of that night, and stays one). */
    /* Asked once per input: a cached statement (see cbec_reingest_sealed). */
    if (!(s = cbec_store_prepare(st, earlier_readings))) {
        rc = CBEC_ERR_DB;
        goto done;
    }
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, new_source);
    sqlite3_bind_int64(s, 3, run_id);
    sqlite3_bind_int(s, 4, reread);
    sqlite3_bind_text(s, 5, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, member, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        g_array_append_val(ids, id);
        revision = MAX(revision, sqlite3_column_int(s, 1));
    }
    sqlite3_reset(s);
    for (i = 0; i < ids->len && rc == CBEC_ERR_NONE; i++) {
        int64_t rows = 0;
        char *desc = NULL;
        rc = cbec_reingest_remove(st, g_array_index(ids, int64_t, i), "replaced", run_id, new_source, &rows, &desc);
        if (rc == CBEC_ERR_NONE) {
            out->readings++;
            out->rows += rows;
            if (desc && *desc)
                g_string_append_printf(all, "%s%s", all->len ? "; " : "", desc);
        }
        g_free(desc);
    }
    if (rc == CBEC_ERR_NONE && out->readings) {
        out->revision = revision + 1;
        if (sqlite3_prepare_v2(db, "UPDATE source_file SET revision=?1 WHERE source_id=?2", -1, &s, NULL) !=
            SQLITE_OK)
            rc = CBEC_ERR_DB;
        else {
            sqlite3_bind_int(s, 1, out->revision);
            sqlite3_bind_int64(s, 2, new_source);
            if (sqlite3_step(s) != SQLITE_DONE)
                rc = CBEC_ERR_DB;
            sqlite3_finalize(s);
        }
        out->desc = g_strdup(all->str);
    }
done:
    g_array_free(ids, TRUE);
    g_string_free(all, TRUE);
    return rc;
}

/* ---- naming a file: by hash, by what is on disk, by its recorded path ---- */

static void hash_free(gpointer p)
{
    cbec_input_hash *h = p;
    g_free(h->display);
    g_free(h->sha256);
    g_free(h);
}

static int hash_input(cbec_input *in, void *ud)
{
    GPtrArray *out = ud;
    char *sha = cbec_input_prehash(in);
    cbec_input_hash *h;

    if (!sha) {
        if (cbec_input_drain(in) != 0)
            return 0;          /* unreadable: the ingest reports it, nothing to match */
        sha = g_strdup(cbec_input_sha256(in));
    }
    h = g_new0(cbec_input_hash, 1);
    h->display = g_strdup(cbec_input_name(in));
    h->sha256 = sha;
    g_ptr_array_add(out, h);
    return 0;
}

static void hash_error(const char *display, const char *path, const char *member, const char *reason_code,
                       const char *message, void *ud)
{
    /* Not an input (a link, a damaged archive): the ingest itself reports it. */
    (void)display, (void)path, (void)member, (void)reason_code, (void)message, (void)ud;
}

GPtrArray *cbec_reingest_hash_walk(const char *path, const cbec_walk_opts *walk)
{
    static const cbec_walk_ops ops = {hash_input, hash_error};
    GPtrArray *out = g_ptr_array_new_with_free_func(hash_free);
    cbec_walk(path, walk, &ops, out);
    return out;
}

static int is_sha256(const char *s)
{
    size_t i;
    for (i = 0; s[i]; i++)
        if (!g_ascii_isxdigit(s[i]))
            return 0;
    return i == 64;
}

static void add_id(GArray *ids, int64_t id)
{
    guint i;
    for (i = 0; i < ids->len; i++)
        if (g_array_index(ids, int64_t, i) == id)
            return;
    g_array_append_val(ids, id);
}

/* Append the live readings sql (one text parameter) finds. */
static cbec_err find_live(sqlite3 *db, const char *sql, const char *arg, GArray *ids)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return CBEC_ERR_DB;
    sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW)
        add_id(ids, sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    return CBEC_ERR_NONE;
}

cbec_err cbec_reingest_find(cbec_store *st, const cbec_walk_opts *walk, const char *what, GArray *ids)
{
    static const char by_sha[] = "SELECT source_id FROM source_file WHERE sha256=lower(?1) AND " LIVE;
    sqlite3 *db = cbec_store_db(st);
    cbec_err rc = CBEC_ERR_NONE;

    if (is_sha256(what))
        return find_live(db, by_sha, what, ids);
    if (g_file_test(what, G_FILE_TEST_EXISTS)) {
        /* What is there now: a file is its content, an archive its members' contents. */
        GPtrArray *hashes = cbec_reingest_hash_walk(what, walk);
        guint i;
        for (i = 0; i < hashes->len && rc == CBEC_ERR_NONE; i++)
            rc = find_live(db, by_sha, ((cbec_input_hash *)g_ptr_array_index(hashes, i))->sha256, ids);
        g_ptr_array_unref(hashes);
        /* A file there whose content was never read is unknown, even if an earlier
         * content at that path was (a daily export reuses its name). */
        return rc;
    }
    /* Gone from disk: the path it was read from, an archive's members. */
    return find_live(db,
                     "SELECT source_id FROM source_file WHERE (path=?1 OR (member IS NOT NULL AND "
                     "path||'!'||member=?1)) AND " LIVE " ORDER BY source_id",
                     what, ids);
}
