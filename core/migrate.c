/* The dataset's schema on disk: a new file gets core/schema.sql whole, an older one the
 * steps since its version, and an existing one a bounded damage check before writing. */
#include <string.h>
#include <glib.h>

#include "core/base/log.h"
#include "core/migrate.h"
#include "core/store_sql.h"

extern const char cbec_schema_sql[];

/* Schema migrations: migrations[i] takes a dataset from version i + 1 to i + 2.
 * core/schema.sql is always the newest schema (what a new dataset gets); a change to
 * it appends one entry here, never edits an earlier one, and CBEC_SCHEMA_VERSION is
 * 1 + the number of entries.  Each step runs in a transaction of its own with its
 * version bump, so an interrupted upgrade resumes at the step it stopped in.
 * An `ALTER TABLE t ADD COLUMN c` whose column the dataset already has is skipped: until
 * version 5, core/schema.sql gained columns without a step of their own (flow.flow_key ...),
 * so two datasets of one version may differ there; write other steps with IF NOT EXISTS. */
static const char *const migrations[] = {
    /* version 2: the account holder of a statement, to scope batch settlements by receiving account */
    "ALTER TABLE bank_statement ADD COLUMN owner_name TEXT;",
    /* version 3: a bank entry is keyed by its statement and its position there, no longer by
     * the bank's reference (not unique).  Rows of a known statement get the key the plugins
     * now give them, so a later file re-sending an old statement still finds its rows: the
     * statement's number|opening date and the row's place among the statement's rows (the
     * order they were stored in); a bank CSV export's row its reference, once.  Rows without
     * a statement keep NULL and are never matched. */
    "ALTER TABLE bank_txn ADD COLUMN statement_key TEXT;"
    "ALTER TABLE bank_txn ADD COLUMN entry_seq INTEGER;"
    "UPDATE bank_txn SET statement_key=k.sk, entry_seq=k.seq FROM (SELECT t.txn_id AS id,"
    " CASE WHEN s.format LIKE 'bankcsv:%' THEN 'ref:'||t.entry_ref ELSE s.statement_no||'|'||s.opening_date END AS sk,"
    " CASE WHEN s.format LIKE 'bankcsv:%' THEN 1 ELSE row_number() OVER (PARTITION BY t.statement_id ORDER BY t.txn_id)"
    " END AS seq FROM bank_txn t JOIN bank_statement s ON s.statement_id=t.statement_id) AS k"
    " WHERE bank_txn.txn_id=k.id AND k.sk IS NOT NULL;"
    "DROP INDEX IF EXISTS bank_txn_key;"
    "CREATE INDEX bank_txn_key ON bank_txn(account, statement_key, entry_seq);",
    /* version 4: the process of a run (pid + its start time), so that the next command
     * taking the lock sees a run whose process is gone and marks it aborted. */
    "ALTER TABLE run ADD COLUMN pid INTEGER;"
    "ALTER TABLE run ADD COLUMN pid_start INTEGER;",
    /* version 5: what reconcile used to add to the dataset itself on every run (the store owns
     * the schema now): a flow's stable identity, its customs pre-check and match detail, the
     * candidates of an ambiguous bank credit, and the indexes reconcile looks flows up by. */
    "ALTER TABLE flow ADD COLUMN flow_key TEXT;"
    "ALTER TABLE flow ADD COLUMN precheck TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE flow ADD COLUMN detail TEXT;"
    "CREATE UNIQUE INDEX IF NOT EXISTS flow_key_idx ON flow(flow_key);"
    "CREATE INDEX IF NOT EXISTS flow_bank ON flow(bank_txn_id);"
    "CREATE INDEX IF NOT EXISTS flow_change_flow ON flow_change(flow_id);"
    "CREATE TABLE IF NOT EXISTS flow_candidate (bank_txn_id INTEGER NOT NULL, rule TEXT NOT NULL,"
    " flow_key TEXT NOT NULL, order_no TEXT, platform_code TEXT, PRIMARY KEY (bank_txn_id, rule, flow_key));",
    /* version 6: a file can be re-read (`ingest --force`, an unrecognised file probed again)
     * or forgotten (`forget`): the earlier reading keeps its row, marked replaced|forgotten,
     * with when, by which run and how many rows per table were removed (core/reingest.c). */
    "ALTER TABLE source_file ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE source_file ADD COLUMN superseded_by INTEGER;"
    "ALTER TABLE source_file ADD COLUMN removed_at TEXT;"
    "ALTER TABLE source_file ADD COLUMN removed_run INTEGER;"
    "ALTER TABLE source_file ADD COLUMN removed_rows TEXT;"
    "CREATE INDEX IF NOT EXISTS orders_source ON orders(source_id);"
    "CREATE INDEX IF NOT EXISTS payment_source ON payment(source_id);"
    "CREATE INDEX IF NOT EXISTS shipment_source ON shipment(source_id);"
    "CREATE INDEX IF NOT EXISTS shipment_event_source ON shipment_event(source_id);"
    "CREATE INDEX IF NOT EXISTS customs_list_source ON customs_list(source_id);"
    "CREATE INDEX IF NOT EXISTS customs_receipt_source ON customs_receipt(source_id);"
    "CREATE INDEX IF NOT EXISTS settlement_source ON settlement(source_id);"
    "CREATE INDEX IF NOT EXISTS bank_statement_source ON bank_statement(source_id);"
    "CREATE INDEX IF NOT EXISTS bank_txn_source ON bank_txn(source_id);"
    "CREATE INDEX IF NOT EXISTS enterprise_source ON enterprise(source_id);"
    "CREATE INDEX IF NOT EXISTS enterprise_event_source ON enterprise_event(source_id);"
    "CREATE INDEX IF NOT EXISTS fx_rate_source ON fx_rate(source_id);"
    "CREATE INDEX IF NOT EXISTS quarantine_source ON quarantine(source_id);"
    "CREATE INDEX IF NOT EXISTS finding_source ON finding(source_id);",
    /* version 7: the site key's fingerprint (site_key), and views with the local calendar day
     * of each time (v_orders.order_date ...): the text of core/schema.sql. */
    "CREATE TABLE IF NOT EXISTS site_key (fingerprint TEXT NOT NULL, key_file TEXT, recorded_at TEXT NOT NULL,"
    " run_id INTEGER);"
    "CREATE VIEW IF NOT EXISTS v_orders AS SELECT orders.*, date(order_time, '+8 hours') AS order_date FROM orders;"
    "CREATE VIEW IF NOT EXISTS v_payments AS SELECT payment.*, date(pay_time, '+8 hours') AS pay_date FROM payment;"
    "CREATE VIEW IF NOT EXISTS v_shipments AS SELECT shipment.*, date(ship_time, '+8 hours') AS ship_date,"
    " date(status_time, '+8 hours') AS status_date FROM shipment;"
    "CREATE VIEW IF NOT EXISTS v_customs_lists AS SELECT customs_list.*, date(declared_at, '+8 hours') AS declared_date"
    " FROM customs_list;",
    /* version 8: when a trade's exception was first seen, so the reconciliation report can age open
     * exceptions and tell the resolution rate.  An existing trade gets what its history tells exactly:
     * the night of its last change from MATCHED to an exception (flow_change; changes logged before a
     * REMOVED row belong to an earlier trade that had the same flow_id), else its first night (it was an
     * exception from the start: an inserted trade is not logged).  Trades never an exception keep NULL. */
    "ALTER TABLE flow ADD COLUMN exception_since TEXT;"
    "UPDATE flow SET exception_since=coalesce((SELECT max(c.business_date) FROM flow_change c"
    " WHERE c.flow_id=flow.flow_id AND c.old_status='MATCHED' AND c.new_status NOT IN ('MATCHED','REMOVED')"
    " AND c.rowid>coalesce((SELECT max(r.rowid) FROM flow_change r WHERE r.flow_id=flow.flow_id"
    " AND r.new_status='REMOVED'),0)), first_seen)"
    " WHERE status<>'MATCHED' OR resolved_on IS NOT NULL;",
    /* version 9: how risk alerts were handled, `cbecflow alert ack|close` -- alert_action and v_alert_status,
     * the text of core/schema.sql. */
    "CREATE TABLE IF NOT EXISTS alert_action (action_id INTEGER PRIMARY KEY, alert_id INTEGER, rule_id TEXT NOT NULL,"
    " entity_kind TEXT NOT NULL, entity_key TEXT NOT NULL, business_date TEXT, evidence TEXT, action TEXT NOT NULL,"
    " note TEXT NOT NULL, actor TEXT NOT NULL, acted_at TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS alert_action_key ON alert_action(rule_id, entity_kind, entity_key, business_date);"
    "CREATE VIEW IF NOT EXISTS v_alert_status AS SELECT a.alert_id AS alert_id, CASE WHEN x.action_id IS NULL OR"
    " x.evidence IS NOT a.evidence THEN 'open' WHEN x.action = 'close' THEN 'closed' ELSE 'in_hand' END AS status,"
    " (x.action_id IS NOT NULL AND x.evidence IS NOT a.evidence) AS reopened, x.action_id AS action_id,"
    " x.actor AS actor, x.acted_at AS acted_at, x.note AS note FROM alert a LEFT JOIN alert_action x ON x.action_id ="
    " (SELECT max(y.action_id) FROM alert_action y WHERE y.rule_id = a.rule_id AND y.entity_kind = a.entity_kind"
    " AND y.entity_key = a.entity_key AND y.business_date IS a.business_date);",
    /* version 10: a region's dataset (the warehouse's zones merged for the region's report): the zone
     * each input came from, the zones and the rows counted once because two zones published them --
     * the text of core/schema.sql.  A zone's own dataset keeps them NULL and empty. */
    "ALTER TABLE source_file ADD COLUMN origin_zone TEXT;"
    "CREATE TABLE IF NOT EXISTS region_zone (code TEXT PRIMARY KEY, name TEXT, position INTEGER NOT NULL,"
    " published_at TEXT, rows_pulled INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS region_overlap (table_name TEXT NOT NULL, code TEXT NOT NULL,"
    " duplicates INTEGER NOT NULL DEFAULT 0, differing INTEGER NOT NULL DEFAULT 0, children INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (table_name, code));",
    /* version 11: the reconciliation's key and bank counts on its run row, so that a rerun of a night
     * with nothing changed since is recognised and kept instead of redone (analysis/reconcile/rerun.c);
     * the order-number indexes of payment and customs_list also hold the platform, so that linking
     * an order to them reads the index only (rebuilt once here). */
    "ALTER TABLE run ADD COLUMN reconcile_key TEXT;"
    "ALTER TABLE run ADD COLUMN reconcile_credits INTEGER;"
    "ALTER TABLE run ADD COLUMN reconcile_explained INTEGER;"
    "ALTER TABLE run ADD COLUMN reconcile_ambiguous INTEGER;"
    "DROP INDEX IF EXISTS payment_order;"
    "CREATE INDEX IF NOT EXISTS payment_order ON payment(order_no, platform_code);"
    "DROP INDEX IF EXISTS customs_list_order;"
    "CREATE INDEX IF NOT EXISTS customs_list_order ON customs_list(order_no, platform_code);",
    NULL /* end: the list may be empty */
};

/* The end of the SQL statement that starts at sql (after its ';'), or NULL when none is
 * complete: sqlite3_complete() knows the quoting, so a ';' inside a literal does not end it. */
static const char *statement_end(const char *sql)
{
    for (const char *p = strchr(sql, ';'); p; p = strchr(p + 1, ';')) {
        char *part = g_strndup(sql, (gsize)(p + 1 - sql));
        int whole = sqlite3_complete(part);
        g_free(part);
        if (whole)
            return p + 1;
    }
    return NULL;
}

/* 1 when stmt adds a column that its table already has (see the comment on migrations[]). */
static int adds_existing_column(sqlite3 *db, const char *stmt)
{
    GMatchInfo *m = NULL;
    int has = 0;
    /* compiled per statement: a handful of statements, once in a dataset's life */
    GRegex *re = g_regex_new("^\\s*ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+(?:COLUMN\\s+)?(\\w+)", G_REGEX_CASELESS, 0, NULL);
    if (g_regex_match(re, stmt, 0, &m)) {
        char *table = g_match_info_fetch(m, 1), *col = g_match_info_fetch(m, 2);
        char *sql = sqlite3_mprintf("SELECT count(*) FROM pragma_table_info(%Q) WHERE name=%Q COLLATE NOCASE",
                                    table, col);
        has = cbec_db_int(db, sql, 0) > 0;
        sqlite3_free(sql);
        g_free(table);
        g_free(col);
    }
    g_match_info_free(m);
    g_regex_unref(re);
    return has;
}

/* One step: its statements in one transaction with the version bump. */
static int run_step(sqlite3 *db, const char *step, int to, char **err)
{
    const char *p = step, *end;
    char *bump;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, err);

    while (rc == SQLITE_OK && (end = statement_end(p)) != NULL) {
        char *stmt = g_strndup(p, (gsize)(end - p));
        if (!adds_existing_column(db, stmt))
            rc = sqlite3_exec(db, stmt, NULL, NULL, err);
        g_free(stmt);
        p = end;
    }
    if (rc != SQLITE_OK)
        return rc;
    bump = g_strdup_printf("%s PRAGMA user_version=%d; COMMIT;", p, to); /* p: what follows the last ';' */
    rc = sqlite3_exec(db, bump, NULL, NULL, err);
    g_free(bump);
    return rc;
}

static int migrate(sqlite3 *db, const char *path, int version, char **why)
{
    char *err = NULL;

    G_STATIC_ASSERT(G_N_ELEMENTS(migrations) == CBEC_SCHEMA_VERSION); /* entries + the NULL end */
    for (; version < CBEC_SCHEMA_VERSION; version++) {
        if (run_step(db, migrations[version - 1], version + 1, &err) != SQLITE_OK) {
            *why = g_strdup_printf("cannot upgrade %s from schema version %d to %d: %s", path, version,
                                   version + 1, err ? err : sqlite3_errmsg(db));
            sqlite3_free(err);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
    }
    return 0;
}

/* A new dataset: the whole current schema, in one transaction.  Taken for writing first
 * and the version read again inside it: a second process that opened the same new file
 * meanwhile finds the schema there and leaves it be (instead of failing on "table run
 * already exists"), or upgrades it when that process was an older cbecflow. */
static int create(sqlite3 *db, const char *path, char **why)
{
    GString *sql = g_string_new(NULL);
    char *err = NULL;
    int version;

    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK) {
        *why = g_strdup_printf("cannot create the schema in %s: %s", path, err);
        sqlite3_free(err);
        g_string_free(sql, TRUE);
        return -1;
    }
    version = (int)cbec_db_int(db, "PRAGMA user_version", -1);
    if (version == 0) {
        g_string_append(sql, cbec_schema_sql);
        g_string_append_printf(sql, "PRAGMA user_version=%d;", CBEC_SCHEMA_VERSION);
    }
    g_string_append(sql, "COMMIT;");
    if (version < 0 || sqlite3_exec(db, sql->str, NULL, NULL, &err) != SQLITE_OK) {
        *why = g_strdup_printf("cannot create the schema in %s: %s", path, err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        g_string_free(sql, TRUE);
        return -1;
    }
    g_string_free(sql, TRUE);
    if (version > 0 && version < CBEC_SCHEMA_VERSION)
        return migrate(db, path, version, why);
    return 0;
}

int cbec_migrate(sqlite3 *db, const char *path, int version, char **why)
{
    if (version == 0)
        return create(db, path, why);
    return version < CBEC_SCHEMA_VERSION ? migrate(db, path, version, why) : 0;
}

/* How long the check of an existing dataset may take before the writing command goes on
 * unchecked: a few ms for a night's dataset, and on one of many GB (a check would then
 * take minutes) the pages read in 2 s -- the schema and the first tables -- are checked. */
#define CHECK_SECONDS 2.0

static int check_deadline(void *ud)
{
    return g_get_monotonic_time() > *(const gint64 *)ud;
}

/* PRAGMA quick_check on an existing dataset before a command writes to it: a damaged
 * file is then one clear refusal, instead of record after record quarantined with
 * "database disk image is malformed" and more written into a broken b-tree.
 * Returns 0 when fine (or when the check ran out of time), -1 with *why when damaged. */
int cbec_dataset_check(sqlite3 *db, const char *path, char **why)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)(CHECK_SECONDS * G_USEC_PER_SEC);
    sqlite3_stmt *s = NULL;
    GString *found = g_string_new(NULL);
    int rc, n = 0;

    sqlite3_progress_handler(db, 10000, check_deadline, &deadline);
    /* At most 5 problems: the first says enough, the rest are for whoever repairs it. */
    rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(5)", -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(s, 0);
        char **lines, *flat;
        if (!line || strcmp(line, "ok") == 0)
            continue;
        /* SQLite heads the first problem with "*** in database main ***" and a newline. */
        if (g_str_has_prefix(line, "*** ") && strchr(line, '\n'))
            line = strchr(line, '\n') + 1;
        lines = g_strsplit(line, "\n", -1);
        flat = g_strjoinv("; ", lines);
        g_strfreev(lines);
        g_string_append_printf(found, "%s%s", n++ ? "; " : "", flat);
        g_free(flat);
    }
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        rc = SQLITE_OK;
    sqlite3_finalize(s);
    sqlite3_progress_handler(db, 0, NULL, NULL);
    if (rc == SQLITE_INTERRUPT) {
        cbec_debug("dataset %s: the quick check stopped after %.0f s; going on", path, CHECK_SECONDS);
        rc = SQLITE_OK;
    } else if (rc != SQLITE_OK && !found->len)
        g_string_append(found, sqlite3_errmsg(db));
    if (found->len) {
        *why = g_strdup_printf("dataset %s is damaged: %s; restore it from a backup, or save what is readable with "
                               "`sqlite3 %s .recover | sqlite3 NEW.db` and use the new file",
                               path, found->str, path);
        g_string_free(found, TRUE);
        return -1;
    }
    g_string_free(found, TRUE);
    return 0;
}

