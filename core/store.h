/**
 * @file store.h
 * @brief The SQLite dataset: runs, files, records, quarantine (its schema and migrations:
 * core/migrate.c, the one place that changes the dataset's tables).
 *
 * Each input file is stored whole or not at all: cbec_store_file_begin() ...
 * _commit() or _rollback().  In ingest mode small files share a transaction,
 * each one a savepoint in it (see cbec_store_ingest_mode).  Records are
 * validated against the live schema (PRAGMA table_info), so plugins can only
 * write columns that exist.
 */
#ifndef CBEC_STORE_H
#define CBEC_STORE_H

/* A region's dataset (warehouse/region.h, schema.sql region_zone.position) moves the zone at
 * position N's row numbers by N << CBEC_REGION_SHIFT; a report finds a row's zone as
 * rowid / CBEC_REGION_SPAN.  One definition for the merge and the reports. */
#define CBEC_REGION_SHIFT 40
#define CBEC_REGION_SPAN 1099511627776 /* 1 << CBEC_REGION_SHIFT, spelled out for SQL text */

#include <sqlite3.h>
#include <stdint.h>

#include "core/base/error.h"
#include "core/migrate.h"
#include "core/store_sql.h"

typedef struct cbec_store cbec_store;
struct cbec_record;


/** What happened to a stored record. */
typedef enum cbec_store_result {
    CBEC_STORED_NEW = 0,     /**< a new row */
    CBEC_STORED_UPDATE = 1,  /**< an existing business key got new content (resend/change) */
    CBEC_STORED_DUP = 2,     /**< identical to a stored row: counted as duplicate */
    CBEC_STORED_INVALID = 3  /**< refused (unknown field, missing key): quarantine it */
} cbec_store_result;

/** Per-file counters; read = stored + quarantined + duplicate. */
typedef struct cbec_counts {
    int64_t read, stored, quarantined, duplicate, findings;
} cbec_counts;

/**
 * Open (creating and migrating) a dataset.
 * @param path     SQLite file
 * @param readonly 1 to open without creating or migrating
 * @param out      receives the store
 * @param why      receives a malloc'd reason on failure (g_free)
 */
cbec_err cbec_store_open(const char *path, int readonly, cbec_store **out, char **why);
/** Close the store (rolls back an open file transaction). */
void cbec_store_close(cbec_store *st);
/** The SQLite handle, for modules that query the dataset directly. */
sqlite3 *cbec_store_db(cbec_store *st);
/** Path of the dataset file. */
const char *cbec_store_path(cbec_store *st);
/**
 * A statement of the store's cache for a SQL string literal, reset and unbound: prepared
 * once per store (cached by the literal's address), for statements run once per input file
 * or more often.  The store owns it (do not finalize it); reset it when done, since an
 * active statement blocks other modules' DDL.  NULL on a SQL error (logged).
 */
sqlite3_stmt *cbec_store_prepare(cbec_store *st, const char *sql_literal);

/** Start a run row (with this process's pid and start time) after marking aborted every `running` run
 * whose process is gone; call it holding the dataset lock.  Returns its id (> 0) or -1. */
int64_t cbec_store_run_begin(cbec_store *st, const char *command, const char *business_date);
/** Finish a run: status ok|quarantined|failed, totals, message (may be NULL). */
cbec_err cbec_store_run_finish(cbec_store *st, int64_t run_id, const char *status,
                               const cbec_counts *totals, int64_t files_seen,
                               int64_t files_skipped, int64_t bytes, const char *message);

/**
 * What the dataset holds of a run's files: the sums of their committed source_file
 * rows (records, files with quarantined records, bytes).  After a failed commit the
 * counts kept while storing include files that are not there; these do not.
 */
cbec_err cbec_store_run_committed(cbec_store *st, int64_t run_id, cbec_counts *c, int64_t *files_quarantined,
                                  int64_t *bytes);

/** Delete a run row that stored nothing (dry runs). */
void cbec_store_run_forget(cbec_store *st, int64_t run_id);

/** Source id of a file already ingested with this SHA-256 (status not failed), or 0. */
int64_t cbec_store_known_sha(cbec_store *st, const char *sha256);

/**
 * Begin storing one input; creates its source_file row (status 'loading').
 * @param size the input's size when known before reading it, else -1: in
 *             ingest mode an input of at most 1 MiB joins the open group
 *             transaction, a bigger or unknown one gets a transaction of its own.
 */
cbec_err cbec_store_file_begin(cbec_store *st, int64_t run_id, const char *path, const char *member,
                               int64_t size, int64_t *source_id);
/**
 * Which plugins' rows others may not overwrite.  When a record has the business
 * key of a row another plugin stored, it replaces that row only when its plugin
 * comes earlier in this list; otherwise it only fills the row's empty columns
 * (and its lines when it has none).  Plugins not listed rank after all listed.
 * @param list comma- or space-separated plugin names, most trusted first
 *             (default "ceb": the customs declarations)
 */
void cbec_store_set_precedence(cbec_store *st, const char *list);
/**
 * Tune the connection for ingest (on = 1: savepoint journals in memory, a bigger
 * page cache, small files grouped into one transaction of up to 64 files or 8 MiB)
 * or commit the open group and give the connection back its defaults (on = 0)
 * before the steps that build temp tables.
 * @return CBEC_ERR_DB when the open group could not be committed (its files are not stored)
 */
cbec_err cbec_store_ingest_mode(cbec_store *st, int on);
/** Set the plugin that reads the current file. */
void cbec_store_file_plugin(cbec_store *st, const char *plugin, const char *version);
/**
 * Store one record of the current file, whole with its lines or not at all: a
 * refused line takes a new row out again, a change to a stored row is undone
 * with a savepoint.  Fills why (quarantine reason) when the result is
 * CBEC_STORED_INVALID.
 */
cbec_store_result cbec_store_record(cbec_store *st, struct cbec_record *rec, char *why, size_t whylen);
/** Add a quarantine row to the current file (or a stand-alone row when no file is open). */
cbec_err cbec_store_quarantine(cbec_store *st, int64_t run_id, const char *path, const char *locator,
                               const char *reason_code, const char *message, const char *raw,
                               size_t raw_len);
/** Commit the current file with its final counts, sha256, size and status. */
cbec_err cbec_store_file_commit(cbec_store *st, const char *sha256, int64_t size,
                                const cbec_counts *c, const char *status, const char *message);
/** Roll back the current file (nothing of it remains). */
void cbec_store_file_rollback(cbec_store *st);

/**
 * Enter every enterprise the stored trade names (platform, seller, payment company and
 * carrier codes of orders, payments, shipments and customs lists, and the codes of
 * enterprise events) into the register, once: a code already there keeps its row.
 * Set-based, in the caller's transaction (if any); run_id is recorded on the new rows.
 * @param added receives the number of rows entered (may be NULL)
 */
cbec_err cbec_store_enterprises_from_trade(sqlite3 *db, int64_t run_id, int64_t *added, char **why);

/** Current time as ISO 8601 with the Asia/Shanghai offset (+08:00); buf >= 32. */
void cbec_now_iso(char *buf, size_t len);
/** Yesterday's business date (Asia/Shanghai) as YYYY-MM-DD; buf >= 11. */
void cbec_business_yesterday(char *buf, size_t len);

#endif
