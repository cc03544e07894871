/* The SQLite dataset.  Records are written generically: a record kind is a
 * table, its fields are columns checked against PRAGMA table_info, and a small
 * table of kind definitions says which columns form the business key and which
 * child tables hang off it.  Statements are cached per distinct SQL text. */
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "core/checkpoint.h"
#include "core/fx.h"
#include "core/base/digest.h"
#include "core/base/log.h"
#include "core/base/proc.h"
#include "core/base/record.h"
#include "core/dataset_mark.h"
#include "core/migrate.h"
#include "core/store.h"

/** How a record kind is stored. */
typedef struct kind_def {
    const char *kind;          /* table */
    const char *id;            /* INTEGER PRIMARY KEY column, NULL when none */
    const char *keys[6];       /* business key columns */
    int key_optional;          /* 1: no dedupe when a key column is unset */
    const char *children[2];   /* child tables (their fk column = id) */
    const char *legacy_keys[3]; /* the kind's earlier key: for a record without keys[] (a plugin
                                 * built before them), matched among rows stored without them */
} kind_def;

static const kind_def kinds[] = {
    {"orders", "order_id", {"order_no", "platform_code"}, 0, {"order_item"}, {NULL}},
    {"payment", "payment_id", {"pay_transaction_id", "pay_code"}, 0, {NULL}, {NULL}},
    {"shipment", "shipment_id", {"logistics_no", "logistics_code"}, 0, {"shipment_item"}, {NULL}},
    {"shipment_event", "event_id", {"logistics_no", "logistics_code", "event", "event_time", "reference"}, 1, {NULL},
     {NULL}},
    {"customs_list", "list_id", {"cop_no", "platform_code"}, 0, {"customs_list_item"}, {NULL}},
    {"customs_receipt", "receipt_id", {"message_type", "guid", "return_status", "return_time"}, 1, {NULL},
     {NULL}},
    {"settlement", "settlement_id", {"settlement_ref", "platform_code"}, 0, {"settlement_component"}, {NULL}},
    {"bank_statement", "statement_id", {"account", "statement_no", "opening_date"}, 0, {NULL}, {NULL}},
    /* A bank entry is its position in its statement, not its reference: banks book several
     * entries under one reference (ESR batches, NONREF), and only a later file re-sending the
     * statement may reach the same row. */
    {"bank_txn", "txn_id", {"account", "statement_key", "entry_seq"}, 1, {NULL}, {"account", "entry_ref"}},
    {"enterprise", NULL, {"code"}, 0, {NULL}, {NULL}},
    {"enterprise_event", "event_id", {"code", "event_date", "kind", "detail"}, 1, {NULL}, {NULL}},
    {"fx_rate", NULL, {"rate_date", "currency"}, 0, {NULL}, {NULL}},
};

/* Columns the core fills; a plugin may not set them. */
static const char *const lineage_cols[] = {"source_id", "locator", "run_id", "content_hash", "revision", NULL};

#define NO_DEFAULT "\x01"   /* column without a DEFAULT clause */
#define LINEAGE_COL '\x02'  /* first byte of a lineage column's entry: plugins may not set it */

typedef struct col_info {
    GHashTable *cols;          /* name -> default text or "" */
} col_info;

struct cbec_store {
    sqlite3 *db;
    char *path;
    GHashTable *stmts;         /* sql -> sqlite3_stmt* */
    GHashTable *literal_stmts; /* address of a SQL literal -> its statement in stmts */
    GHashTable *shapes;        /* row_shape -> itself: row shapes seen */
    GPtrArray *child_shapes;   /* reused: the shapes of a record's child rows */
    GHashTable *tables;        /* table -> col_info* */
    int in_file;
    int grouping;              /* ingest mode: small files share a transaction */
    cbec_checkpointer *ckpt;   /* ingest mode: WAL checkpoints on a thread of their own */
    int in_group;              /* a group transaction is open */
    int file_savepoint;        /* the current file is a savepoint in the group */
    int rec_savepoint;         /* a savepoint "rec" is open for the record being stored */
    int file_broken;           /* a refused record could not be undone: the file is not committed */
    int group_files;
    int64_t group_bytes;
    int64_t source_id, run_id;
    char *file_path;
    GString *scratch;          /* reused buffer for content hashes */
    GArray *lens;              /* reused: the text lengths of a record's fields, its main row's first
                                * (serialise_row), then each child row's from child_at[] */
    GArray *child_at;          /* reused: where each child row's lengths start in lens */
    GString *sql, *vals;       /* reused buffers for the SQL text of a row's statement */
    GString *key_sql, *key;    /* reused: business-key lookup SQL, the key as text */
    sqlite3_stmt *key_stmts[G_N_ELEMENTS(kinds)]; /* business-key lookup per kind (in stmts) */
    int key_unique[G_N_ELEMENTS(kinds)]; /* the kind's key is a UNIQUE index: 1 yes, -1 no, 0 not asked */
    int events_stored;         /* shipment_event rows: -1 none, 1 maybe, 0 not asked (per file) */
    char *plugin;              /* plugin reading the current file */
    char **precedence;         /* plugins whose rows others may not overwrite, most trusted first */
    GHashTable *source_plugin; /* source_id -> plugin that stored it */
    int mark_on_close;         /* opened for writing: leave the clean-close mark (core/dataset_mark.h) */
};

static void finalize_stmt(gpointer p) { sqlite3_finalize(p); }
static guint shape_hash(gconstpointer p);
static gboolean shape_equal(gconstpointer a, gconstpointer b);
static void free_shape(gpointer p);
static int group_commit(cbec_store *st);

static void free_col_info(gpointer p)
{
    col_info *ci = p;
    g_hash_table_destroy(ci->cols);
    g_free(ci);
}

void cbec_now_iso(char *buf, size_t len)
{
    GTimeZone *tz = g_time_zone_new_offset(8 * 3600);
    GDateTime *now = g_date_time_new_now(tz);
    char *s = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S+08:00");
    g_strlcpy(buf, s, len);
    g_free(s);
    g_date_time_unref(now);
    g_time_zone_unref(tz);
}

void cbec_business_yesterday(char *buf, size_t len)
{
    GTimeZone *tz = g_time_zone_new_offset(8 * 3600);
    GDateTime *now = g_date_time_new_now(tz);
    GDateTime *y = g_date_time_add_days(now, -1);
    char *s = g_date_time_format(y, "%Y-%m-%d");
    g_strlcpy(buf, s, len);
    g_free(s);
    g_date_time_unref(y);
    g_date_time_unref(now);
    g_time_zone_unref(tz);
}

/* A statement for SQL text built at run time, cached by its text. */
static sqlite3_stmt *prep_text(cbec_store *st, const char *sql)
{
    sqlite3_stmt *s = g_hash_table_lookup(st->stmts, sql);
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        cbec_error("dataset: cannot prepare \"%s\": %s", sql, sqlite3_errmsg(st->db));
        return NULL;
    }
    g_hash_table_insert(st->stmts, g_strdup(sql), s);
    return s;
}

/* A statement for a string literal: cached by its address too, so that the
 * per-record statements do not hash their text every time. */
static sqlite3_stmt *prep(cbec_store *st, const char *literal)
{
    sqlite3_stmt *s = g_hash_table_lookup(st->literal_stmts, literal);
    if (!s) {
        s = prep_text(st, literal);
        if (s)
            g_hash_table_insert(st->literal_stmts, (gpointer)literal, s);
        return s;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

sqlite3_stmt *cbec_store_prepare(cbec_store *st, const char *sql_literal) { return prep(st, sql_literal); }

static int exec(cbec_store *st, const char *sql)
{
    char *why = NULL;
    if (cbec_db_exec(st->db, sql, &why) != CBEC_ERR_NONE) {
        cbec_error("dataset: %s", why);
        g_free(why);
        return -1;
    }
    return 0;
}

/* Run a statement through the statement cache (hot path: per-record savepoints). */
static int step_cached(cbec_store *st, const char *sql)
{
    sqlite3_stmt *s = prep(st, sql);
    int rc = s ? sqlite3_step(s) : SQLITE_ERROR;
    if (s)
        sqlite3_reset(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* Before SQLite's first use: no allocation statistics (cbecflow never reads them, and
 * keeping them takes a global mutex on every malloc and free of every thread's connection).
 * A no-op (SQLITE_MISUSE) when SQLite was already initialised by someone else. */
static gpointer sqlite_setup(gpointer unused)
{
    (void)unused;
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return NULL;
}

cbec_err cbec_store_open(const char *path, int readonly, cbec_store **out, char **why)
{
    static GOnce once = G_ONCE_INIT;
    cbec_store *st = g_new0(cbec_store, 1);
    /* One thread uses a connection (ingest's reader thread never touches SQLite): no
     * per-call connection mutex (Debian builds SQLite serialized by default). */
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    sqlite3_stmt *s = NULL;
    int version = 0;
    char *err = NULL;
    cbec_err rc = CBEC_ERR_DB;

    g_once(&once, sqlite_setup, NULL);
    *out = NULL;
    st->path = g_strdup(path);
    st->stmts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt);
    st->literal_stmts = g_hash_table_new(g_direct_hash, g_direct_equal);
    st->shapes = g_hash_table_new_full(shape_hash, shape_equal, free_shape, NULL);
    st->child_shapes = g_ptr_array_new();
    st->scratch = g_string_new(NULL);
    st->lens = g_array_new(FALSE, FALSE, sizeof(int));
    st->child_at = g_array_new(FALSE, FALSE, sizeof(guint));
    st->sql = g_string_new(NULL);
    st->vals = g_string_new(NULL);
    st->key_sql = g_string_new(NULL);
    st->key = g_string_new(NULL);
    st->precedence = g_strsplit("ceb", ",", -1);
    st->source_plugin = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    st->tables = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_col_info);
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("cannot open dataset %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "?");
        goto done;
    }
    sqlite3_busy_timeout(st->db, 30000);
    sqlite3_extended_result_codes(st->db, 1);
    /* cny(): every query of the dataset converts to CNY by the one rule (core/fx.h). */
    if (cbec_fx_register(st->db) != 0) {
        *why = g_strdup_printf("dataset %s: cannot register cny(): %s", path, sqlite3_errmsg(st->db));
        goto done;
    }
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW) {
        *why = g_strdup_printf("%s is not a cbecflow dataset: %s", path, sqlite3_errmsg(st->db));
        goto done;
    }
    version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    s = NULL;
    if (version > CBEC_SCHEMA_VERSION) {
        *why = g_strdup_printf("dataset %s has schema version %d; this cbecflow knows up to %d", path, version,
                               CBEC_SCHEMA_VERSION);
        goto done;
    }
    if (!readonly) {
        /* The damage check is skipped for a file as the last clean close left it. */
        if (version > 0 && cbec_dataset_unchanged(path))
            cbec_debug("dataset %s: unchanged since the last clean close; quick check skipped", path);
        else if (version > 0 && cbec_dataset_check(st->db, path, why) != 0)
            goto done;
        if (sqlite3_exec(st->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                         /* 32 MiB of page cache keeps the key indexes hot on big nights (bounded). */
                         "PRAGMA cache_size=-32768;",
                         NULL, NULL, &err) != SQLITE_OK) {
            *why = g_strdup_printf("dataset %s: %s", path, err);
            goto done;
        }
        if (cbec_migrate(st->db, path, version, why) != 0)
            goto done;
    } else if (version == 0) {
        *why = g_strdup_printf("%s is not a cbecflow dataset (empty schema)", path);
        goto done;
    }
    sqlite3_exec(st->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
    st->mark_on_close = !readonly;
    *out = st;
    st = NULL;
    rc = CBEC_ERR_NONE;
done:
    sqlite3_free(err);
    if (st)
        cbec_store_close(st);
    return rc;
}

void cbec_store_close(cbec_store *st)
{
    if (!st)
        return;
    if (st->in_file)
        cbec_store_file_rollback(st);
    group_commit(st);       /* the files in it are complete */
    cbec_checkpointer_stop(st->ckpt);
    g_hash_table_destroy(st->shapes);
    g_ptr_array_free(st->child_shapes, TRUE);
    g_hash_table_destroy(st->literal_stmts);
    g_hash_table_destroy(st->stmts);
    g_hash_table_destroy(st->tables);
    if (st->db) {
        cbec_fx_unregister(st->db);
        if (sqlite3_close_v2(st->db) == SQLITE_OK && st->mark_on_close)
            cbec_dataset_mark(st->path);
    }
    g_free(st->path);
    g_free(st->file_path);
    g_string_free(st->scratch, TRUE);
    g_array_free(st->lens, TRUE);
    g_array_free(st->child_at, TRUE);
    g_string_free(st->sql, TRUE);
    g_string_free(st->vals, TRUE);
    g_string_free(st->key_sql, TRUE);
    g_string_free(st->key, TRUE);
    g_free(st->plugin);
    g_strfreev(st->precedence);
    g_hash_table_destroy(st->source_plugin);
    g_free(st);
}

sqlite3 *cbec_store_db(cbec_store *st) { return st->db; }

const char *cbec_store_path(cbec_store *st) { return st->path; }

/* Every command that starts a run holds the dataset lock, so a run still `running` belongs
 * either to a live process (this one) or to one that was killed (-9, power cut) before it
 * could finish its row: those are marked aborted here, never left running forever.  The pid
 * alone could have been given to another process since; with its start time it cannot. */
static void reap_dead_runs(cbec_store *st)
{
    sqlite3_stmt *q;
    GArray *dead = g_array_new(FALSE, FALSE, sizeof(int64_t));
    char now[40];
    guint i;

    if (sqlite3_prepare_v2(st->db, "SELECT run_id, command, coalesce(business_date,''), pid, pid_start FROM run "
                                   "WHERE status='running'", -1, &q, NULL) != SQLITE_OK) {
        g_array_free(dead, TRUE);
        return;
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        long pid = (long)sqlite3_column_int64(q, 3);
        int64_t start = sqlite3_column_type(q, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 4);
        if (cbec_proc_alive(pid, start))
            continue;
        cbec_warn("run %lld (%s %s) was left running by process %ld, which is gone: marked aborted", (long long)id,
                  (const char *)sqlite3_column_text(q, 1), (const char *)sqlite3_column_text(q, 2), pid);
        g_array_append_val(dead, id);
    }
    sqlite3_finalize(q);
    cbec_now_iso(now, sizeof now);
    for (i = 0; i < dead->len; i++) {
        sqlite3_stmt *u = prep(st, "UPDATE run SET status='aborted', finished_at=?, message=coalesce(message||'; ','')"
                                   "||'aborted: its process ended without finishing the run (killed?)' WHERE run_id=?");
        if (!u)
            break;
        sqlite3_bind_text(u, 1, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(u, 2, g_array_index(dead, int64_t, i));
        if (sqlite3_step(u) != SQLITE_DONE)
            cbec_warn("dataset: cannot mark run %lld aborted: %s", (long long)g_array_index(dead, int64_t, i),
                      sqlite3_errmsg(st->db));
    }
    g_array_free(dead, TRUE);
}

int64_t cbec_store_run_begin(cbec_store *st, const char *command, const char *business_date)
{
    char now[40];
    sqlite3_stmt *s;

    reap_dead_runs(st);
    s = prep(st, "INSERT INTO run(command, started_at, business_date, pid, pid_start) VALUES (?,?,?,?,?)");
    if (!s)
        return -1;
    cbec_now_iso(now, sizeof now);
    sqlite3_bind_text(s, 1, command, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, business_date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)getpid());
    if (cbec_proc_start_time((long)getpid()) >= 0)
        sqlite3_bind_int64(s, 5, cbec_proc_start_time((long)getpid()));
    if (sqlite3_step(s) != SQLITE_DONE) {
        cbec_error("dataset: cannot start a run: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    return sqlite3_last_insert_rowid(st->db);
}

cbec_err cbec_store_run_finish(cbec_store *st, int64_t run_id, const char *status, const cbec_counts *t,
                               int64_t files_seen, int64_t files_skipped, int64_t bytes, const char *message)
{
    char now[40];
    sqlite3_stmt *s = prep(st, "UPDATE run SET finished_at=?, status=?, files_seen=?, files_skipped=?, "
                               "records_read=?, records_stored=?, records_quarantined=?, records_duplicate=?, "
                               "bytes_read=?, message=? WHERE run_id=?");
    if (!s)
        return CBEC_ERR_DB;
    cbec_now_iso(now, sizeof now);
    sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, files_seen);
    sqlite3_bind_int64(s, 4, files_skipped);
    sqlite3_bind_int64(s, 5, t->read);
    sqlite3_bind_int64(s, 6, t->stored);
    sqlite3_bind_int64(s, 7, t->quarantined);
    sqlite3_bind_int64(s, 8, t->duplicate);
    sqlite3_bind_int64(s, 9, bytes);
    sqlite3_bind_text(s, 10, message, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 11, run_id);
    return sqlite3_step(s) == SQLITE_DONE ? CBEC_ERR_NONE : CBEC_ERR_DB;
}

cbec_err cbec_store_run_committed(cbec_store *st, int64_t run_id, cbec_counts *c, int64_t *files_quarantined,
                                  int64_t *bytes)
{
    sqlite3_stmt *s = prep(st, "SELECT coalesce(sum(records_read),0), coalesce(sum(records_stored),0), "
                               "coalesce(sum(records_quarantined),0), coalesce(sum(records_duplicate),0), "
                               "coalesce(sum(records_quarantined > 0),0), coalesce(sum(size),0) "
                               "FROM source_file WHERE run_id=?");
    cbec_err rc = CBEC_ERR_DB;

    if (!s)
        return CBEC_ERR_DB;
    sqlite3_bind_int64(s, 1, run_id);
    if (sqlite3_step(s) == SQLITE_ROW) {
        memset(c, 0, sizeof *c);
        c->read = sqlite3_column_int64(s, 0);
        c->stored = sqlite3_column_int64(s, 1);
        c->quarantined = sqlite3_column_int64(s, 2);
        c->duplicate = sqlite3_column_int64(s, 3);
        *files_quarantined = sqlite3_column_int64(s, 4);
        *bytes = sqlite3_column_int64(s, 5);
        rc = CBEC_ERR_NONE;
    }
    sqlite3_reset(s);
    return rc;
}

void cbec_store_run_forget(cbec_store *st, int64_t run_id)
{
    sqlite3_stmt *s = prep(st, "DELETE FROM run WHERE run_id=?");
    if (!s)
        return;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_step(s);
}

int64_t cbec_store_known_sha(cbec_store *st, const char *sha256)
{
    sqlite3_stmt *s = prep(st, "SELECT source_id FROM source_file WHERE sha256=? AND status IN "
                               "('ok','partial','unrecognised') LIMIT 1");
    if (!s)
        return 0;
    int64_t id;

    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_TRANSIENT);
    id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);   /* an active statement would block other modules' DDL (DROP TABLE) */
    return id;
}

/* Small files share a transaction: a COMMIT writes every page the transaction touched
 * to the WAL (about 1.6 ms for a file of 100 records: 40% of storing a 100k-trade night
 * went to 4,355 commits), and hot index pages are then written once per group, not once
 * per file.  Each file is a savepoint in the group, so it is still stored whole or not
 * at all; a crash loses at most the open group, whose files are ingested again next time
 * (nothing of them was committed). */
#define GROUP_FILES 64
#define GROUP_BYTES (8 << 20)
#define GROUP_FILE_MAX (1 << 20)   /* bigger (or unknown) inputs get a transaction of their own */

static int group_commit(cbec_store *st)
{
    int rc = 0;
    if (st->in_group) {
        rc = exec(st, "COMMIT");
        if (rc != 0) {
            /* The files already reported as stored in this group are not: say so. */
            cbec_error("dataset: the %d file(s) of the open group (up to %s) are not stored", st->group_files,
                       st->file_path ? st->file_path : "?");
            if (!sqlite3_get_autocommit(st->db))
                exec(st, "ROLLBACK");
        }
        st->in_group = 0;
    }
    st->group_files = 0;
    st->group_bytes = 0;
    return rc;
}

cbec_err cbec_store_ingest_mode(cbec_store *st, int on)
{
    cbec_err rc = CBEC_ERR_NONE;
    if (!on) {
        if (st->in_file)
            cbec_store_file_rollback(st);
        if (group_commit(st) != 0)
            rc = CBEC_ERR_DB;
    }
    st->grouping = on;
    if (on && !st->ckpt) {
        /* The storing thread then never stops for a checkpoint (1M trades: the reader
         * waited 7.5-8.4 s on a full queue while SQLite checkpointed on this thread). */
        st->ckpt = cbec_checkpointer_start(st->db, st->path, 1000, 16384);
    } else if (!on && st->ckpt) {
        int64_t frames = cbec_checkpointer_stop(st->ckpt);
        cbec_debug("dataset: %lld page(s) checkpointed on the checkpoint thread", (long long)frames);
        st->ckpt = NULL;
    }
    /* A file in a group, and a record that changes a stored row, are savepoints; SQLite
     * journals the pages they change so that they can be undone.  In a temp file (the
     * default) that is a write(2) per page for a journal discarded a moment later; in
     * memory it is a copy.  Bounded: the pages of one small file (at most 1 MiB of
     * input; a bigger file is a transaction, not a savepoint).  Temp tables of the
     * later steps go back to the default. */
    exec(st, on ? "PRAGMA temp_store=MEMORY" : "PRAGMA temp_store=DEFAULT");
    /* The key indexes of a big night outgrow 32 MiB; a page not cached is a pread(2)
     * (1M trades: 217 s with 32 MiB, 201 s with 64, 198 s with 96 MiB). */
    exec(st, on ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-32768");
    return rc;
}

cbec_err cbec_store_file_begin(cbec_store *st, int64_t run_id, const char *path, const char *member,
                               int64_t size, int64_t *source_id)
{
    char now[40];
    sqlite3_stmt *s;
    int small = st->grouping && size >= 0 && size <= GROUP_FILE_MAX;

    if (st->in_file)
        cbec_store_file_rollback(st);
    if (st->in_group && !small && group_commit(st) != 0)
        return CBEC_ERR_DB;
    if (small && !st->in_group) {
        if (exec(st, "BEGIN IMMEDIATE") != 0)
            return CBEC_ERR_DB;
        st->in_group = 1;
    }
    if (st->in_group ? step_cached(st, "SAVEPOINT file") != 0 : exec(st, "BEGIN IMMEDIATE") != 0) {
        cbec_error("dataset: cannot start file %s: %s", path, sqlite3_errmsg(st->db));
        return CBEC_ERR_DB;
    }
    st->file_savepoint = st->in_group;
    st->file_broken = 0;
    st->in_file = 1;
    st->events_stored = 0;
    s = prep(st, "INSERT INTO source_file(sha256, path, member, run_id, status, ingested_at) "
                 "VALUES ('', ?, ?, ?, 'loading', ?)");
    if (!s)
        goto fail;
    cbec_now_iso(now, sizeof now);
    sqlite3_bind_text(s, 1, path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, member, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, run_id);
    sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE)
        goto fail;
    st->run_id = run_id;
    st->source_id = *source_id = sqlite3_last_insert_rowid(st->db);
    g_free(st->file_path);
    st->file_path = g_strdup(member ? member : path);
    return CBEC_ERR_NONE;
fail:
    cbec_error("dataset: cannot start file %s: %s", path, sqlite3_errmsg(st->db));
    cbec_store_file_rollback(st);
    return CBEC_ERR_DB;
}

void cbec_store_set_precedence(cbec_store *st, const char *list)
{
    char **v = g_strsplit_set(list ? list : "", ", ", -1);
    GPtrArray *a = g_ptr_array_new();
    int i;

    for (i = 0; v[i]; i++)
        if (*v[i])
            g_ptr_array_add(a, g_strdup(v[i]));
    g_ptr_array_add(a, NULL);
    g_strfreev(v);
    g_strfreev(st->precedence);
    st->precedence = (char **)g_ptr_array_free(a, FALSE);
}

/* Rank of a plugin: its place in the precedence list, the list's length when unlisted. */
static int plugin_rank(const cbec_store *st, const char *plugin)
{
    int i;
    for (i = 0; st->precedence[i]; i++)
        if (plugin && strcmp(st->precedence[i], plugin) == 0)
            return i;
    return i;
}

/* The plugin that stored a source file ("" when unknown); cached: a night has few files. */
static const char *source_plugin(cbec_store *st, int64_t source_id)
{
    const char *v = g_hash_table_lookup(st->source_plugin, &source_id);
    sqlite3_stmt *s;
    char *name;

    if (v)
        return v;
    s = prep(st, "SELECT plugin FROM source_file WHERE source_id=?");
    if (!s)
        return "";
    sqlite3_bind_int64(s, 1, source_id);
    name = g_strdup(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)
                        ? (const char *)sqlite3_column_text(s, 0) : "");
    sqlite3_reset(s);
    g_hash_table_insert(st->source_plugin, g_memdup2(&source_id, sizeof source_id), name);
    return name;
}

void cbec_store_file_plugin(cbec_store *st, const char *plugin, const char *version)
{
    g_free(st->plugin);
    st->plugin = g_strdup(plugin);
    sqlite3_stmt *s = prep(st, "UPDATE source_file SET plugin=?, plugin_version=? WHERE source_id=?");
    if (!s)
        return;
    sqlite3_bind_text(s, 1, plugin, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, version, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, st->source_id);
    sqlite3_step(s);
}

cbec_err cbec_store_file_commit(cbec_store *st, const char *sha256, int64_t size, const cbec_counts *c,
                                const char *status, const char *message)
{
    sqlite3_stmt *s;

    if (st->file_broken) {
        cbec_error("dataset: %s: a refused record could not be taken out again", st->file_path);
        goto fail;
    }
    s = prep(st, "UPDATE source_file SET sha256=?, size=?, records_read=?, records_stored=?, "
                 "records_quarantined=?, records_duplicate=?, status=?, message=? WHERE source_id=?");
    if (!s)
        goto fail;
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, size);
    sqlite3_bind_int64(s, 3, c->read);
    sqlite3_bind_int64(s, 4, c->stored);
    sqlite3_bind_int64(s, 5, c->quarantined);
    sqlite3_bind_int64(s, 6, c->duplicate);
    sqlite3_bind_text(s, 7, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 8, message, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 9, st->source_id);
    if (sqlite3_step(s) != SQLITE_DONE)
        goto fail;
    if (st->file_savepoint) {
        if (step_cached(st, "RELEASE file") != 0)
            goto fail;
        st->in_file = 0;
        st->group_files++;
        st->group_bytes += size > 0 ? size : 0;
        if ((st->group_files >= GROUP_FILES || st->group_bytes >= GROUP_BYTES) && group_commit(st) != 0) {
            cbec_error("dataset: cannot commit the files up to %s: %s", st->file_path, sqlite3_errmsg(st->db));
            return CBEC_ERR_DB;
        }
        return CBEC_ERR_NONE;
    }
    if (exec(st, "COMMIT") != 0)
        goto fail;
    st->in_file = 0;
    return CBEC_ERR_NONE;
fail:
    cbec_error("dataset: cannot commit %s: %s", st->file_path, sqlite3_errmsg(st->db));
    cbec_store_file_rollback(st);
    return CBEC_ERR_DB;
}

void cbec_store_file_rollback(cbec_store *st)
{
    if (st->in_file) {
        if (st->file_savepoint) {
            step_cached(st, "ROLLBACK TO file");
            step_cached(st, "RELEASE file");
        } else
            exec(st, "ROLLBACK");
        /* SQLite may hand this file's source_id to the next file: forget whose it was. */
        g_hash_table_remove(st->source_plugin, &st->source_id);
    }
    st->in_file = 0;
}

cbec_err cbec_store_quarantine(cbec_store *st, int64_t run_id, const char *path, const char *locator,
                               const char *reason_code, const char *message, const char *raw, size_t raw_len)
{
    sqlite3_stmt *s = prep(st, "INSERT INTO quarantine(source_id, path, locator, reason_code, message, "
                               "raw_excerpt, run_id) VALUES (?,?,?,?,?,?,?)");
    char *excerpt = NULL;

    if (!s)
        return CBEC_ERR_DB;
    if (st->in_file)
        sqlite3_bind_int64(s, 1, st->source_id);
    sqlite3_bind_text(s, 2, path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, locator, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, reason_code && *reason_code ? reason_code : "RECORD_ERROR", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, message && *message ? message : "no reason given", -1, SQLITE_TRANSIENT);
    if (raw && raw_len) {
        /* Keep at most 2 KiB, cut on a UTF-8 boundary, invalid bytes replaced. */
        size_t n = raw_len > 2048 ? 2048 : raw_len;
        excerpt = g_utf8_make_valid(raw, (gssize)n);
        sqlite3_bind_text(s, 6, excerpt, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(s, 7, run_id);
    g_free(excerpt);
    return sqlite3_step(s) == SQLITE_DONE ? CBEC_ERR_NONE : CBEC_ERR_DB;
}

/* ---- generic record storage ---- */

static const kind_def *find_kind(const char *kind)
{
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(kinds); i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return &kinds[i];
    return NULL;
}

static int is_lineage(const char *name)
{
    int i;
    for (i = 0; lineage_cols[i]; i++)
        if (strcmp(lineage_cols[i], name) == 0)
            return 1;
    return 0;
}

static col_info *table_cols(cbec_store *st, const char *table)
{
    col_info *ci = g_hash_table_lookup(st->tables, table);
    sqlite3_stmt *s = NULL;
    char *sql;

    if (ci)
        return ci;
    sql = g_strdup_printf("PRAGMA table_info(\"%s\")", table);
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        g_free(sql);
        return NULL;
    }
    g_free(sql);
    ci = g_new0(col_info, 1);
    ci->cols = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 1);
        const char *dflt = (const char *)sqlite3_column_text(s, 4);
        char *d = is_lineage(name) ? g_strdup("\x02") : g_strdup(dflt ? dflt : NO_DEFAULT);
        /* Defaults come quoted: '' or 'import'. */
        if (d[0] == '\'' && strlen(d) >= 2) {
            memmove(d, d + 1, strlen(d));
            d[strlen(d) - 1] = 0;
        }
        g_hash_table_insert(ci->cols, g_strdup(name), d);
    }
    sqlite3_finalize(s);
    if (g_hash_table_size(ci->cols) == 0) {
        free_col_info(ci);
        return NULL;
    }
    g_hash_table_insert(st->tables, g_strdup(table), ci);
    return ci;
}

/* Check a row's fields exist in its table and are plugin-settable. */
static int check_row(cbec_store *st, const cbec_row *row, const char *id_col, char *why, size_t whylen)
{
    col_info *ci = table_cols(st, row->kind);
    guint i;

    if (!ci) {
        g_snprintf(why, whylen, "unknown record kind \"%s\"", row->kind);
        return -1;
    }
    for (i = 0; i < row->fields->len; i++) {
        const cbec_field *f = &g_array_index(row->fields, cbec_field, i);
        const char *d = g_hash_table_lookup(ci->cols, f->name);
        if (!d || d[0] == LINEAGE_COL ||
            (id_col && strcmp(f->name, id_col) == 0)) {
            g_snprintf(why, whylen, "field \"%s\" is not a column a plugin may set in %s", f->name, row->kind);
            return -1;
        }
    }
    return 0;
}

/* Append "sep\"name\"" without printf: SQL text is rebuilt per record to find its cached statement. */
static void append_ident(GString *sql, const char *sep, const char *name)
{
    g_string_append(sql, sep);
    g_string_append_c(sql, '"');
    g_string_append(sql, name);
    g_string_append_c(sql, '"');
}

/* len: the text's length when measured already, else -1. */
static void bind_field_len(sqlite3_stmt *s, int idx, const cbec_field *f, int len)
{
    if (f->type == CBEC_FIELD_INT)
        sqlite3_bind_int64(s, idx, f->ival);
    else
        sqlite3_bind_text(s, idx, f->text, len, SQLITE_STATIC);
}

static void bind_field(sqlite3_stmt *s, int idx, const cbec_field *f) { bind_field_len(s, idx, f, -1); }

/* Room for n more bytes at the end of buf: where to write them. */
static char *buf_extend(GString *buf, size_t n)
{
    size_t at = buf->len;
    g_string_set_size(buf, at + n);
    return buf->str + at;
}

/* Serialise a row for the content hash: one buffer, hashed once (many tiny
 * g_checksum_update calls cost more than the hashing itself).  Each field is measured once
 * and written with one call (an append per piece was a tenth of the storing thread's
 * instructions outside SQLite); the text lengths go to lens, one per field, for the binds. */
static void serialise_row(GString *buf, int *lens, const cbec_row *row)
{
    size_t klen = strlen(row->kind);
    guint i;

    /* Field order is the plugin's set order, stable for a given plugin version. */
    memcpy(buf_extend(buf, klen), row->kind, klen);
    for (i = 0; i < row->fields->len; i++) {
        const cbec_field *f = &g_array_index(row->fields, cbec_field, i);
        size_t nlen = strlen(f->name), vlen;
        char num[24], *v, *p;
        if (f->type == CBEC_FIELD_INT) {
            /* "#%lld", without printf (hot path) */
            guint64 x = f->ival < 0 ? 0 - (guint64)f->ival : (guint64)f->ival;
            v = num + sizeof num;
            do
                *--v = (char)('0' + x % 10);
            while ((x /= 10) != 0);
            if (f->ival < 0)
                *--v = '-';
            *--v = '#';
            vlen = (size_t)(num + sizeof num - v);
            lens[i] = -1;
        } else {
            v = (char *)f->text;
            vlen = strlen(v);
            lens[i] = (int)vlen;
        }
        p = buf_extend(buf, 2 + nlen + vlen);
        *p++ = '\x1e';
        memcpy(p, f->name, nlen);
        p += nlen;
        *p++ = '\x1f';
        memcpy(p, v, vlen);
    }
    g_string_append_c(buf, '\x1d');
}

/* shipment_event.event values that are movements of a waybill, not its status. */
#define SHIPMENT_MOVES "'departure','warehouse_entry'"

/* Links that depend on rows stored earlier (see include/cbecflow/record.h), run after a
 * row of the kind is stored: ?1 = its rowid, ?2 = the current source file.  A link whose
 * statement cannot change anything is not run (a statement per payment and per waybill
 * of a night otherwise): `needs` names the column it needs set, and a row that does not
 * set it leaves the column NULL (its default); `needs_events` links need shipment_event
 * rows, and none is stored yet on most nights. */
static const struct {
    const char *kind, *sql;
    const char *needs;
    int needs_events;
} post_links[] = {
    {"bank_statement", "UPDATE bank_txn SET statement_id=?1 WHERE source_id=?2 AND statement_id IS NULL", NULL, 0},
    {"payment", "UPDATE payment SET settlement_id=(SELECT settlement_id FROM settlement WHERE "
                "settlement_ref=payment.settlement_ref ORDER BY settlement_id DESC LIMIT 1) "
                "WHERE payment_id=?1 AND settlement_ref IS NOT NULL", "settlement_ref", 0},
    {"settlement", "UPDATE payment SET settlement_id=?1 WHERE settlement_ref=(SELECT settlement_ref FROM "
                   "settlement WHERE settlement_id=?1)", NULL, 0},
    /* A status event (CEB513) is the waybill's latest status unless a later one is known;
     * departures (509) and warehouse entries (711) are movements, not statuses. */
    {"shipment_event", "UPDATE shipment SET status=e.event, status_time=e.event_time FROM "
                       "(SELECT logistics_no, logistics_code, event, event_time FROM shipment_event WHERE event_id=?1 "
                       "AND event NOT IN (" SHIPMENT_MOVES ")) AS e WHERE shipment.logistics_no=e.logistics_no AND "
                       "shipment.logistics_code=e.logistics_code AND (shipment.status_time IS NULL OR "
                       "shipment.status_time<=e.event_time OR e.event_time IS NULL)", NULL, 0},
    /* ... and a status that arrived before its waybill. */
    {"shipment", "UPDATE shipment SET (status, status_time)=(SELECT e.event, e.event_time FROM shipment_event e "
                 "WHERE e.logistics_no=shipment.logistics_no AND e.logistics_code=shipment.logistics_code AND "
                 "e.event NOT IN (" SHIPMENT_MOVES ") ORDER BY e.event_time DESC, e.event_id DESC LIMIT 1) "
                 "WHERE shipment_id=?1 AND status IS NULL AND EXISTS (SELECT 1 FROM shipment_event e WHERE "
                 "e.logistics_no=shipment.logistics_no AND e.logistics_code=shipment.logistics_code AND "
                 "e.event NOT IN (" SHIPMENT_MOVES "))", NULL, 1},
};

/* ---- row shapes ----
 * Plugins set a kind's fields in a stable order, so a night has a few dozen
 * distinct row shapes (kind, field names in order, main row or child row).  A
 * shape is checked against its table and gets its INSERT statement once; a row
 * of a known shape skips the column checks and the SQL text. */

/* Distinct shapes kept (each also holds a statement); past it the cache starts over. */
#define MAX_SHAPES 4096

typedef struct row_shape {
    guint64 hash;
    const cbec_row *row;           /* lookup probes only: the row to compare with */
    const kind_def *kd;            /* the record's kind (a child row's: its parent's) */
    int child;                     /* 1: a child row, its foreign key column is kd->id */
    char *kind;
    guint n;
    char **names;                  /* field names in order */
    sqlite3_stmt *insert;          /* owned by the statement cache */
    sqlite3_stmt *upsert;          /* main rows that set every key column of a kind whose key is a UNIQUE
                                    * index: the INSERT that does nothing on a stored key, else NULL */
    int has_line;                  /* child rows: the plugin set line_no */
    int key_idx[G_N_ELEMENTS(((kind_def *)0)->keys)]; /* main rows: field index of each key column, -1: unset */
    const char *key_default[G_N_ELEMENTS(((kind_def *)0)->keys)]; /* its column default when unset */
    const char *missing_key;       /* main rows: first unset key column without a default */
    unsigned post_links;           /* main rows: bit i = post_links[i] applies */
} row_shape;

static guint64 shape_hash_of(const cbec_row *row, const kind_def *parent)
{
    guint64 h = row->shape ^ ((guint64)g_str_hash(row->kind) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
    return parent ? h ^ (((guint64)g_str_hash(parent->kind) << 1) | 1) : h;
}

static guint shape_hash(gconstpointer p)
{
    const row_shape *sh = p;
    return (guint)(sh->hash ^ (sh->hash >> 32));
}

/* Compares a cached shape with a probe (a row); two cached shapes are never equal. */
static gboolean shape_equal(gconstpointer a, gconstpointer b)
{
    const row_shape *x = a, *y = b;
    const row_shape *probe = x->row ? x : y, *sh = x->row ? y : x;
    const cbec_row *row = probe->row;
    guint i;

    if (!row || sh->row)
        return x == y;
    if (sh->hash != probe->hash || sh->child != probe->child || sh->n != row->fields->len ||
        (sh->child && sh->kd != probe->kd) || strcmp(sh->kind, row->kind) != 0)
        return FALSE;
    for (i = 0; i < sh->n; i++)
        if (strcmp(sh->names[i], g_array_index(row->fields, cbec_field, i).name) != 0)
            return FALSE;
    return TRUE;
}

static void free_shape(gpointer p)
{
    row_shape *sh = p;
    g_free(sh->kind);
    g_strfreev(sh->names);
    g_free(sh);
}

static int field_index(const cbec_row *row, const char *name)
{
    const cbec_field *f = cbec_row_get(row, name);
    return f ? (int)(f - &g_array_index(row->fields, cbec_field, 0)) : -1;
}

/* The INSERT of a shape: the row's fields, then the foreign key (and line number
 * when the plugin set none) of a child row, or the lineage columns of a main row. */
static sqlite3_stmt *shape_insert(cbec_store *st, const cbec_row *row, const char *fk_col, int has_line,
                                  const kind_def *on_conflict)
{
    GString *sql = st->sql, *vals = st->vals;
    guint i;

    g_string_truncate(sql, 0);
    g_string_truncate(vals, 0);
    append_ident(sql, "INSERT INTO ", row->kind);
    g_string_append_c(sql, '(');
    for (i = 0; i < row->fields->len; i++) {
        append_ident(sql, i ? "," : "", g_array_index(row->fields, cbec_field, i).name);
        g_string_append(vals, i ? ",?" : "?");
    }
    if (fk_col) {
        append_ident(sql, row->fields->len ? "," : "", fk_col);
        g_string_append(vals, row->fields->len ? ",?" : "?");
        if (!has_line) {
            g_string_append(sql, ",line_no");
            g_string_append(vals, ",?");
        }
    } else {
        g_string_append(sql, row->fields->len ? ",source_id,locator,run_id,content_hash"
                                              : "source_id,locator,run_id,content_hash");
        g_string_append(vals, row->fields->len ? ",?,?,?,?" : "?,?,?,?");
    }
    g_string_append(sql, ") VALUES (");
    g_string_append(sql, vals->str);
    g_string_append_c(sql, ')');
    if (on_conflict) {
        for (i = 0; on_conflict->keys[i]; i++)
            append_ident(sql, i ? "," : " ON CONFLICT(", on_conflict->keys[i]);
        g_string_append(sql, ") DO NOTHING");
    }
    return prep_text(st, sql->str);
}

/* Whether a kind's business key is exactly the columns of a UNIQUE index (not partial) of its
 * table, asked of the live schema once per kind. */
static int key_unique(cbec_store *st, const kind_def *kd)
{
    int *known = &st->key_unique[kd - kinds];
    sqlite3_stmt *s;

    if (*known)
        return *known > 0;
    *known = -1;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT il.name, (SELECT count(*) FROM pragma_index_info(il.name)), "
                           "(SELECT group_concat(ii.name, ',') FROM pragma_index_info(il.name) ii) "
                           "FROM pragma_index_list(?1) il WHERE il.\"unique\" AND NOT il.partial",
                           -1, &s, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(s, 1, kd->kind, -1, SQLITE_STATIC);
    while (*known < 0 && sqlite3_step(s) == SQLITE_ROW) {
        char **cols = g_strsplit(sqlite3_column_text(s, 2) ? (const char *)sqlite3_column_text(s, 2) : "", ",", -1);
        int n = 0, match = 1;
        while (kd->keys[n])
            n++;
        if (sqlite3_column_int(s, 1) != n || (int)g_strv_length(cols) != n)
            match = 0;
        for (int i = 0; match && i < n; i++)
            match = g_strv_contains((const char *const *)cols, kd->keys[i]);
        if (match)
            *known = 1;
        g_strfreev(cols);
    }
    sqlite3_finalize(s);
    return *known > 0;
}

/* Check a new shape and cache it; NULL (why filled) when its rows cannot be stored. */
static const row_shape *shape_new(cbec_store *st, const cbec_row *row, const kind_def *parent, guint64 hash,
                                  char *why, size_t whylen)
{
    const kind_def *kd = parent ? parent : find_kind(row->kind);
    row_shape *sh;
    col_info *ci;
    guint i;
    int all_keys = 1;

    if (!kd) {
        g_snprintf(why, whylen, "\"%s\" is not a record kind (see cbecflow/record.h)", row->kind);
        return NULL;
    }
    if (parent && (!kd->children[0] || (strcmp(row->kind, kd->children[0]) != 0 &&
                                        !(kd->children[1] && strcmp(row->kind, kd->children[1]) == 0)))) {
        g_snprintf(why, whylen, "\"%s\" rows cannot belong to a %s record", row->kind, kd->kind);
        return NULL;
    }
    if (check_row(st, row, kd->id, why, whylen) != 0)
        return NULL;
    sh = g_new0(row_shape, 1);
    sh->hash = hash;
    sh->kd = kd;
    sh->child = parent != NULL;
    sh->kind = g_strdup(row->kind);
    sh->n = row->fields->len;
    sh->names = g_new0(char *, sh->n + 1);
    for (i = 0; i < sh->n; i++)
        sh->names[i] = g_strdup(g_array_index(row->fields, cbec_field, i).name);
    sh->has_line = field_index(row, "line_no") >= 0;
    sh->insert = shape_insert(st, row, parent ? kd->id : NULL, sh->has_line, NULL);
    if (!sh->insert) {
        g_snprintf(why, whylen, "dataset error: %s", sqlite3_errmsg(st->db));
        free_shape(sh);
        return NULL;
    }
    if (!parent) {
        ci = table_cols(st, kd->kind);
        for (i = 0; kd->keys[i]; i++) {
            const char *dflt = g_hash_table_lookup(ci->cols, kd->keys[i]);
            sh->key_idx[i] = field_index(row, kd->keys[i]);
            if (sh->key_idx[i] < 0 && dflt && strcmp(dflt, NO_DEFAULT) != 0)
                sh->key_default[i] = dflt;
            else if (sh->key_idx[i] < 0 && !sh->missing_key)
                sh->missing_key = kd->keys[i];
            if (sh->key_idx[i] < 0)
                all_keys = 0;
        }
        /* Every key column set (a set value is never NULL: rec_set_text skips empty ones) and
         * the key a UNIQUE index: a conflict on that index is exactly the lookup's match. */
        if (all_keys && key_unique(st, kd))
            sh->upsert = shape_insert(st, row, NULL, 0, kd);
        for (i = 0; i < G_N_ELEMENTS(post_links); i++) {
            const char *d = post_links[i].needs ? g_hash_table_lookup(ci->cols, post_links[i].needs) : NULL;
            if (strcmp(post_links[i].kind, kd->kind) != 0)
                continue;
            if (post_links[i].needs && field_index(row, post_links[i].needs) < 0 && d && strcmp(d, NO_DEFAULT) == 0)
                continue;   /* the column stays NULL: the link changes nothing */
            sh->post_links |= 1u << i;
        }
    }
    g_hash_table_add(st->shapes, sh);
    return sh;
}

/* The shape of a row (parent: the main row's kind for a child row, else NULL). */
static const row_shape *shape_of(cbec_store *st, const cbec_row *row, const kind_def *parent, char *why,
                                 size_t whylen)
{
    row_shape probe;
    const row_shape *sh;

    memset(&probe, 0, sizeof probe);
    probe.row = row;
    probe.kd = parent;
    probe.child = parent != NULL;
    probe.hash = shape_hash_of(row, parent);
    sh = g_hash_table_lookup(st->shapes, &probe);
    return sh ? sh : shape_new(st, row, parent, probe.hash, why, whylen);
}

/* Run the INSERT s of a row of a known shape; returns the last rowid inserted or -1. */
static int64_t insert_with(cbec_store *st, sqlite3_stmt *s, const row_shape *sh, const cbec_row *row,
                           const int *lens, int64_t fk, const char *content_hash, const char *locator, int auto_line)
{
    guint i;
    int idx = 1;
    int64_t id = -1;

    for (i = 0; i < row->fields->len; i++)
        bind_field_len(s, idx++, &g_array_index(row->fields, cbec_field, i), lens ? lens[i] : -1);
    if (sh->child) {
        sqlite3_bind_int64(s, idx++, fk);
        if (!sh->has_line)
            sqlite3_bind_int(s, idx++, auto_line);
    } else {
        sqlite3_bind_int64(s, idx++, st->source_id);
        sqlite3_bind_text(s, idx++, locator, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, idx++, st->run_id);
        sqlite3_bind_text(s, idx++, content_hash, -1, SQLITE_STATIC);
    }
    if (sqlite3_step(s) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid(st->db);
    else
        cbec_debug("dataset: insert into %s: %s", row->kind, sqlite3_errmsg(st->db));
    sqlite3_reset(s);
    return id;
}

/* Insert a row of a known shape; returns its rowid or -1. */
static int64_t insert_row(cbec_store *st, const row_shape *sh, const cbec_row *row, const int *lens, int64_t fk,
                          const char *content_hash, const char *locator, int auto_line)
{
    return insert_with(st, sh->insert, sh, row, lens, fk, content_hash, locator, auto_line);
}

/* The business key as text ("order_no=A platform_code=B"), for findings and messages. */
static const char *key_text(cbec_store *st, const row_shape *sh, const cbec_row *row)
{
    GString *key = st->key;
    int i;

    g_string_truncate(key, 0);
    for (i = 0; sh->kd->keys[i]; i++) {
        const cbec_field *f;
        if (sh->key_idx[i] < 0)
            continue;
        f = &g_array_index(row->fields, cbec_field, sh->key_idx[i]);
        if (i)
            g_string_append_c(key, ' ');
        g_string_append(key, sh->kd->keys[i]);
        g_string_append_c(key, '=');
        g_string_append(key, f->type == CBEC_FIELD_TEXT ? f->text : "#");
    }
    return key->str;
}

/* The business-key lookup of a kind (one statement per kind). */
static sqlite3_stmt *key_lookup(cbec_store *st, const kind_def *kd)
{
    sqlite3_stmt **s = &st->key_stmts[kd - kinds];
    GString *sql = st->key_sql;
    int i;

    if (*s) {
        sqlite3_reset(*s);
        return *s;
    }
    g_string_truncate(sql, 0);
    append_ident(sql, "SELECT rowid, content_hash, source_id FROM ", kd->kind);
    g_string_append(sql, " WHERE ");
    for (i = 0; kd->keys[i]; i++) {
        append_ident(sql, i ? " AND " : "", kd->keys[i]);
        g_string_append(sql, " IS ?");
    }
    *s = prep_text(st, sql->str);
    return *s;
}

/* The lookup by the kind's earlier key for a record that lacks a key column: among the
 * rows where those columns are NULL too, so a row keyed the new way is never reached by
 * an old-style record.  NULL when the record lacks an earlier key column (no dedupe). */
static sqlite3_stmt *legacy_lookup(cbec_store *st, const kind_def *kd, const row_shape *sh, const cbec_row *row)
{
    GString *sql = st->key_sql;
    const cbec_field *f[G_N_ELEMENTS(kd->legacy_keys)];
    sqlite3_stmt *s;
    int i, n;

    for (n = 0; n < (int)G_N_ELEMENTS(kd->legacy_keys) && kd->legacy_keys[n]; n++)
        if (!(f[n] = cbec_row_get(row, kd->legacy_keys[n])))
            return NULL;
    g_string_truncate(sql, 0);
    append_ident(sql, "SELECT rowid, content_hash, source_id FROM ", kd->kind);
    g_string_append(sql, " WHERE ");
    for (i = 0; i < n; i++) {
        append_ident(sql, i ? " AND " : "", kd->legacy_keys[i]);
        g_string_append(sql, " IS ?");
    }
    for (i = 0; kd->keys[i]; i++)
        if (sh->key_idx[i] < 0 && !sh->key_default[i]) {
            append_ident(sql, " AND ", kd->keys[i]);
            g_string_append(sql, " IS NULL");
        }
    if (!(s = prep_text(st, sql->str)))
        return NULL;
    for (i = 0; i < n; i++)
        bind_field(s, i + 1, f[i]);
    return s;
}

/* Kinds whose rows count their revisions (event-like kinds are never revised). */
static int has_revision(const kind_def *kd)
{
    return kd->id && strcmp(kd->kind, "bank_txn") != 0 && strcmp(kd->kind, "shipment_event") != 0 &&
           strcmp(kd->kind, "customs_receipt") != 0 && strcmp(kd->kind, "enterprise_event") != 0;
}

/* Another, at least as trusted source holds this row: fill only its empty columns, and
 * its lines when it has none.  Returns 1 when something was added, 0 when not, -1 on error. */
static int enrich_row(cbec_store *st, const kind_def *kd, const cbec_record *rec, int64_t rowid)
{
    const cbec_row *row = &rec->main;
    GString *sql = st->sql, *cond = st->vals;
    sqlite3_stmt *s;
    guint i, c;
    int changed = 0, has_children = 0;

    if (row->fields->len) {
        g_string_truncate(sql, 0);
        g_string_truncate(cond, 0);
        append_ident(sql, "UPDATE ", row->kind);
        g_string_append(sql, " SET ");
        for (i = 0; i < row->fields->len; i++) {
            const char *n = g_array_index(row->fields, cbec_field, i).name;
            append_ident(sql, i ? "," : "", n);
            g_string_append(sql, "=CASE WHEN ");
            append_ident(sql, "", n);
            g_string_append(sql, " IS NULL OR ");
            append_ident(sql, "", n);
            g_string_append_printf(sql, "='' THEN ?%u ELSE ", i + 1);
            append_ident(sql, "", n);
            g_string_append(sql, " END");
            append_ident(cond, i ? " OR " : "", n);
            g_string_append(cond, " IS NULL OR ");
            append_ident(cond, "", n);
            g_string_append(cond, "=''");
        }
        if (has_revision(kd))
            g_string_append(sql, ",revision=revision+1");
        g_string_append_printf(sql, " WHERE rowid=?%u AND (%s)", row->fields->len + 1, cond->str);
        s = prep_text(st, sql->str);
        if (!s)
            return -1;
        for (i = 0; i < row->fields->len; i++)
            bind_field(s, (int)i + 1, &g_array_index(row->fields, cbec_field, i));
        sqlite3_bind_int64(s, (int)row->fields->len + 1, rowid);
        if (sqlite3_step(s) != SQLITE_DONE)
            return -1;
        changed = sqlite3_changes(st->db) > 0;
    }
    if (rec->children->len == 0)
        return changed;
    for (i = 0; i < 2 && kd->children[i]; i++) {
        char *q = g_strdup_printf("SELECT 1 FROM \"%s\" WHERE \"%s\"=? LIMIT 1", kd->children[i], kd->id);
        s = prep_text(st, q);
        g_free(q);
        if (!s)
            return -1;
        sqlite3_bind_int64(s, 1, rowid);
        has_children |= sqlite3_step(s) == SQLITE_ROW;
        sqlite3_reset(s);
    }
    if (has_children)
        return changed;
    for (c = 0; c < rec->children->len; c++) {
        const cbec_row *child = g_ptr_array_index(rec->children, c);
        char why[300];
        const row_shape *csh = shape_of(st, child, kd, why, sizeof why);
        if (!csh || insert_row(st, csh, child, NULL, rowid, NULL, NULL, (int)c + 1) < 0)
            return -1;
    }
    return 1;
}

static int update_row(cbec_store *st, const kind_def *kd, const cbec_row *row, int64_t rowid,
                      const char *content_hash, const char *locator)
{
    GString *sql = st->sql;
    sqlite3_stmt *s;
    guint i;
    int idx = 1, rc = -1;

    g_string_truncate(sql, 0);
    append_ident(sql, "UPDATE ", row->kind);
    g_string_append(sql, " SET ");
    for (i = 0; i < row->fields->len; i++) {
        append_ident(sql, "", g_array_index(row->fields, cbec_field, i).name);
        g_string_append(sql, "=?,");
    }
    g_string_append(sql, "source_id=?,locator=?,run_id=?,content_hash=?");
    if (has_revision(kd))
        g_string_append(sql, ",revision=revision+1");
    g_string_append(sql, " WHERE rowid=?");
    s = prep_text(st, sql->str);
    if (!s)
        goto done;
    for (i = 0; i < row->fields->len; i++)
        bind_field(s, idx++, &g_array_index(row->fields, cbec_field, i));
    sqlite3_bind_int64(s, idx++, st->source_id);
    sqlite3_bind_text(s, idx++, locator, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, idx++, st->run_id);
    sqlite3_bind_text(s, idx++, content_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, idx++, rowid);
    if (sqlite3_step(s) == SQLITE_DONE)
        rc = 0;
    else
        cbec_debug("dataset: update %s: %s", row->kind, sqlite3_errmsg(st->db));
done:
    return rc;
}

static void add_finding(cbec_store *st, const char *kind, int64_t rowid, const char *key, const char *locator,
                        const char *code, const char *message)
{
    sqlite3_stmt *s = prep(st, "INSERT INTO finding(source_id, kind, row_id, business_key, locator, code, "
                               "message, run_id) VALUES (?,?,?,?,?,?,?,?)");
    if (!s)
        return;
    sqlite3_bind_int64(s, 1, st->source_id);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, rowid);
    sqlite3_bind_text(s, 4, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, locator, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, message, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, st->run_id);
    sqlite3_step(s);
}

/* add_finding unless the row already has a finding of this code. */
static void add_finding_once(cbec_store *st, const char *kind, int64_t rowid, const char *key, const char *locator,
                             const char *code, const char *message)
{
    sqlite3_stmt *s = prep(st, "SELECT 1 FROM finding WHERE kind=? AND row_id=? AND code=?");
    if (!s)
        return;
    sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, rowid);
    sqlite3_bind_text(s, 3, code, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        sqlite3_reset(s);
        return;
    }
    sqlite3_reset(s);
    add_finding(st, kind, rowid, key, locator, code, message);
}

/* Whether shipment_event may hold rows: asked once per file (a dataset error says "maybe"),
 * and yes once one is stored. */
static int events_stored(cbec_store *st)
{
    if (!st->events_stored) {
        sqlite3_stmt *s = prep(st, "SELECT EXISTS (SELECT 1 FROM shipment_event)");
        st->events_stored = s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0 ? -1 : 1;
        if (s)
            sqlite3_reset(s);
    }
    return st->events_stored > 0;
}

static void post_link(cbec_store *st, unsigned mask, int64_t rowid)
{
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(post_links); i++) {
        sqlite3_stmt *s;
        if (!(mask & (1u << i)) || (post_links[i].needs_events && !events_stored(st)) ||
            !(s = prep(st, post_links[i].sql)))
            continue;
        sqlite3_bind_int64(s, 1, rowid);
        if (sqlite3_bind_parameter_count(s) >= 2)
            sqlite3_bind_int64(s, 2, st->source_id);
        sqlite3_step(s);
    }
}

/* A record with lines is stored whole or not at all.  Changing a stored row (update,
 * enrich) runs under a savepoint "rec", opened here on first need; a new row does not:
 * a savepoint copies every page the record touches (a third of the storing thread on a
 * night of orders), and a new row is cheaply taken out again (undo_insert). */
static int rec_savepoint(cbec_store *st)
{
    if (st->rec_savepoint)
        return 0;
    if (step_cached(st, "SAVEPOINT rec") != 0)
        return -1;
    st->rec_savepoint = 1;
    return 0;
}

/* Delete the lines (child rows) of a row; 0 when done, -1 on a dataset error. */
static int delete_lines(cbec_store *st, const kind_def *kd, int64_t rowid)
{
    int i, rc = 0;

    for (i = 0; i < 2 && kd->children[i]; i++) {
        char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE \"%s\"=?", kd->children[i], kd->id);
        sqlite3_stmt *s = prep_text(st, sql);
        g_free(sql);
        if (!s) {
            rc = -1;
            continue;
        }
        sqlite3_bind_int64(s, 1, rowid);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = -1;
        sqlite3_reset(s);
    }
    return rc;
}

/* Take out a new row and the lines stored with it, after one of its lines was refused. */
static void undo_insert(cbec_store *st, const kind_def *kd, int64_t rowid)
{
    char *sql;
    sqlite3_stmt *s;
    int ok = delete_lines(st, kd, rowid) == 0;

    sql = g_strdup_printf("DELETE FROM \"%s\" WHERE rowid=?", kd->kind);
    s = prep_text(st, sql);
    g_free(sql);
    if (s) {
        sqlite3_bind_int64(s, 1, rowid);
        ok &= sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1;
        sqlite3_reset(s);
    } else
        ok = 0;
    if (!ok) {
        /* The dataset would keep half a refused record: the whole file is not committed. */
        cbec_error("dataset: cannot take out the refused %s record: %s", kd->kind, sqlite3_errmsg(st->db));
        st->file_broken = 1;
    }
}

static cbec_store_result store_record(cbec_store *st, cbec_record *rec, char *why, size_t whylen)
{
    const kind_def *kd;
    const row_shape *sh;
    GPtrArray *child_shapes = st->child_shapes;
    cbec_sha256 h;
    char hash[65];
    sqlite3_stmt *s;
    int64_t rowid = 0, owner_source = 0;
    int i, found = 0, idx, other_source = 0, *lens;
    guint c, nfields;
    const char *locator = rec->locator, *key;
    cbec_store_result res = CBEC_STORED_INVALID;
    const cbec_field *app;

    g_ptr_array_set_size(child_shapes, 0);
    if (!rec->begun || !rec->main.kind) {
        g_snprintf(why, whylen, "the plugin produced a record without a kind");
        goto done;
    }
    if (g_hash_table_size(st->shapes) > MAX_SHAPES)
        g_hash_table_remove_all(st->shapes);
    if (!(sh = shape_of(st, &rec->main, NULL, why, whylen)))
        goto done;
    kd = sh->kd;
    for (c = 0; c < rec->children->len; c++) {
        const row_shape *csh = shape_of(st, g_ptr_array_index(rec->children, c), kd, why, whylen);
        if (!csh)
            goto done;
        g_ptr_array_add(child_shapes, (gpointer)csh);
    }
    if (sh->missing_key && !kd->key_optional) {
        g_snprintf(why, whylen, "%s record without its key field %s", kd->kind, sh->missing_key);
        goto done;
    }

    /* Content hash over the main row and its children. */
    g_string_truncate(st->scratch, 0);
    nfields = rec->main.fields->len;
    g_array_set_size(st->child_at, rec->children->len);
    for (c = 0; c < rec->children->len; c++) {
        g_array_index(st->child_at, guint, c) = nfields;
        nfields += ((const cbec_row *)g_ptr_array_index(rec->children, c))->fields->len;
    }
    g_array_set_size(st->lens, nfields);
    lens = (int *)(void *)st->lens->data;
    serialise_row(st->scratch, lens, &rec->main);
    for (c = 0; c < rec->children->len; c++)
        serialise_row(st->scratch, lens + g_array_index(st->child_at, guint, c), g_ptr_array_index(rec->children, c));
    cbec_sha256_init(&h);
    cbec_sha256_update(&h, st->scratch->str, st->scratch->len);
    cbec_sha256_hex(&h, hash);

    if (strcmp(kd->kind, "shipment_event") == 0)
        st->events_stored = 1;   /* (an undone one leaves it at "maybe": the links then only run) */
    if (sh->upsert) {
        /* Most records are new: their INSERT finds the key free (one statement, where a lookup
         * first is two).  It does nothing on a stored key, and a failed INSERT may be one the
         * lookup would have turned into an update: both go the lookup's way. */
        rowid = insert_with(st, sh->upsert, sh, &rec->main, lens, 0, hash, locator, 0);
        if (rowid > 0 && sqlite3_changes(st->db) == 1) {
            res = CBEC_STORED_NEW;
            goto lines;
        }
        rowid = 0;
    }
    s = NULL;
    if (!sh->missing_key) {
        /* Business key: an unset key column matches its default. */
        s = key_lookup(st, kd);
        if (!s) {
            g_snprintf(why, whylen, "dataset error: %s", sqlite3_errmsg(st->db));
            goto done;
        }
        for (i = 0, idx = 1; kd->keys[i]; i++) {
            if (sh->key_idx[i] >= 0)
                bind_field(s, idx++, &g_array_index(rec->main.fields, cbec_field, sh->key_idx[i]));
            else
                sqlite3_bind_text(s, idx++, sh->key_default[i], -1, SQLITE_STATIC);
        }
    } else if (kd->legacy_keys[0]) {
        s = legacy_lookup(st, kd, sh, &rec->main);
    }
    if (s) {
        if (sqlite3_step(s) == SQLITE_ROW) {
            const char *old_text = (const char *)sqlite3_column_text(s, 1);
            int same = old_text && strcmp(old_text, hash) == 0;
            found = 1;
            rowid = sqlite3_column_int64(s, 0);
            owner_source = sqlite3_column_int64(s, 2);
            sqlite3_reset(s);
            if (same) {
                /* A duplicate can carry a finding its first copy did not (a message-level
                 * defect reported on a message's last record): keep it on the stored row. */
                for (c = 0; c < rec->findings->len; c++) {
                    const cbec_finding *f = &g_array_index(rec->findings, cbec_finding, c);
                    add_finding_once(st, kd->kind, rowid, key_text(st, sh, &rec->main), locator, f->code,
                                     f->message);
                }
                res = CBEC_STORED_DUP;
                goto done;
            }
        } else
            sqlite3_reset(s);
    }

    if (found) {
        /* The same business record from another plugin (a platform export of a declared
         * order, a manifest of a declared waybill): the more trusted source's values win. */
        const char *owner;
        if (rec_savepoint(st) != 0) {
            g_snprintf(why, whylen, "dataset error: %s", sqlite3_errmsg(st->db));
            goto done;
        }
        owner = source_plugin(st, owner_source);
        other_source = st->plugin && *owner && strcmp(owner, st->plugin) != 0;
        if (other_source && plugin_rank(st, st->plugin) >= plugin_rank(st, owner)) {
            int r = enrich_row(st, kd, rec, rowid);
            if (r < 0) {
                g_snprintf(why, whylen, "cannot add to %s: %s", kd->kind, sqlite3_errmsg(st->db));
                goto done;
            }
            for (c = 0; c < rec->findings->len; c++) {
                const cbec_finding *f = &g_array_index(rec->findings, cbec_finding, c);
                add_finding_once(st, kd->kind, rowid, key_text(st, sh, &rec->main), locator, f->code, f->message);
            }
            res = r > 0 ? CBEC_STORED_UPDATE : CBEC_STORED_DUP;
            goto done;
        }
        if (update_row(st, kd, &rec->main, rowid, hash, locator) != 0) {
            g_snprintf(why, whylen, "cannot update %s: %s", kd->kind, sqlite3_errmsg(st->db));
            goto done;
        }
        delete_lines(st, kd, rowid);
        app = cbec_row_get(&rec->main, "app_type");
        if (!other_source && (strcmp(kd->kind, "bank_statement") == 0 || strcmp(kd->kind, "bank_txn") == 0))
            /* Banks correct by new entries, never by re-issuing one: make the change visible. */
            add_finding(st, kd->kind, rowid, key_text(st, sh, &rec->main), locator, "CHANGED_RESEND",
                        "the bank sent this statement or entry again with different content; the later one is "
                        "kept, compare it with the earlier file");
        if (!other_source && app && app->type == CBEC_FIELD_TEXT && strcmp(app->text, "2") != 0)
            add_finding(st, kd->kind, rowid, key_text(st, sh, &rec->main), locator, "DUPLICATE_KEY",
                        "a record with the same business key but different content was sent again "
                        "without appType 2 (change); the later one is kept");
        res = CBEC_STORED_UPDATE;
    } else {
        rowid = insert_row(st, sh, &rec->main, lens, 0, hash, locator, 0);
        if (rowid < 0) {
            g_snprintf(why, whylen, "cannot store %s: %s", kd->kind, sqlite3_errmsg(st->db));
            goto done;
        }
        res = CBEC_STORED_NEW;
    }
lines:
    for (c = 0; c < rec->children->len; c++) {
        const cbec_row *child = g_ptr_array_index(rec->children, c);
        if (insert_row(st, g_ptr_array_index(child_shapes, c), child, lens + g_array_index(st->child_at, guint, c),
                       rowid, NULL, NULL, (int)c + 1) < 0) {
            g_snprintf(why, whylen, "cannot store %s line %u: %s", child->kind, c + 1, sqlite3_errmsg(st->db));
            if (res == CBEC_STORED_NEW && !st->rec_savepoint)
                undo_insert(st, kd, rowid);
            res = CBEC_STORED_INVALID;
            goto done;
        }
    }
    key = rec->findings->len ? key_text(st, sh, &rec->main) : NULL;
    for (c = 0; c < rec->findings->len; c++) {
        const cbec_finding *f = &g_array_index(rec->findings, cbec_finding, c);
        add_finding(st, kd->kind, rowid, key, locator, f->code, f->message);
    }
    post_link(st, sh->post_links, rowid);
done:
    return res;
}

cbec_store_result cbec_store_record(cbec_store *st, cbec_record *rec, char *why, size_t whylen)
{
    cbec_store_result res;

    /* A record is stored whole (with its lines) or not at all: see rec_savepoint.  Its
     * findings and links are best effort and need no undo. */
    st->rec_savepoint = 0;
    res = store_record(st, rec, why, whylen);
    if (st->rec_savepoint) {
        if (res == CBEC_STORED_INVALID)
            step_cached(st, "ROLLBACK TO rec");
        step_cached(st, "RELEASE rec");
        st->rec_savepoint = 0;
    }
    return res;
}
