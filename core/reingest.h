/**
 * @file reingest.h
 * @brief Reading a file again on purpose, and forgetting one: which earlier readings
 * (source_file rows) a file has, when it is sealed, and removing a reading's rows.
 *
 * A reading's rows are every row of a table with a source_id column that carries its
 * source_id (orders, payments, shipments, customs lists, receipts, settlements, bank
 * statements and entries, enterprises, fx rates ...), their lines (tables that cascade
 * from them), the findings on them and its quarantine rows.  The reading's own
 * source_file row stays, marked `replaced` (with the reading that took its place) or
 * `forgotten`, with when, by which run and how many rows per table were removed.
 * Derived tables (flow, alert, credit_score) are not touched: the next reconcile and
 * analyse recompute them.
 */
#ifndef CBEC_REINGEST_H
#define CBEC_REINGEST_H

#include <stdint.h>
#include <glib.h>

#include "core/base/error.h"
#include "core/input/input.h"
#include "core/store.h"

/**
 * Is an input with this SHA-256 sealed (skipped as already ingested)?  Sealed: read
 * (status ok or partial) by an earlier run -- unless reread (`ingest --force`) -- or by
 * this run; or refused as unrecognised by this run.  A file refused as unrecognised by an
 * earlier run is probed again, so that a plugin installed since can read it.
 * @return 1 sealed, 0 not, -1 dataset error
 */
int cbec_reingest_sealed(cbec_store *st, const char *sha256, int64_t run_id, int reread);

/** What replacing earlier readings removed. */
typedef struct cbec_replaced {
    int readings;              /**< earlier readings replaced */
    int64_t rows;              /**< rows removed, over every table */
    int revision;              /**< the new reading's revision (1 + the highest replaced) */
    char *desc;                /**< rows per table, "orders 2, order_item 3" (g_free; NULL when none) */
} cbec_replaced;

/**
 * Inside the new reading's transaction: the new reading new_source (run run_id) takes
 * the place of earlier readings of the same SHA-256.  reread (`--force`): every live
 * reading of an earlier run; else only earlier refusals as unrecognised of the same
 * path and member (a file probed again).  Their rows are removed and they are marked
 * replaced; the new reading's revision is set.  out is filled (cbec_replaced_clear).
 */
cbec_err cbec_reingest_replace(cbec_store *st, const char *sha256, const char *path, const char *member, int reread,
                               int64_t run_id, int64_t new_source, cbec_replaced *out);
/** Free what cbec_reingest_replace put in r and zero it. */
void cbec_replaced_clear(cbec_replaced *r);

/**
 * Remove one reading's rows and mark it (status "replaced" with superseded_by, or
 * "forgotten"), inside the caller's transaction.
 * @param rows receives the number of rows removed
 * @param desc receives the rows per table (g_free), "" when it had none
 */
cbec_err cbec_reingest_remove(cbec_store *st, int64_t source_id, const char *status, int64_t run_id,
                              int64_t superseded_by, int64_t *rows, char **desc);

/**
 * The live readings (not replaced or forgotten) of a file named by its SHA-256 (64 hex
 * digits) or a path: a file or archive on disk is hashed (each archive member), else the
 * path is matched against the recorded paths (PATH or PATH!MEMBER).  Appends source ids
 * (int64_t) to ids, without duplicates.
 */
cbec_err cbec_reingest_find(cbec_store *st, const cbec_walk_opts *walk, const char *what, GArray *ids);

/** One input a walk met: its display name and SHA-256. */
typedef struct cbec_input_hash {
    char *display, *sha256;
} cbec_input_hash;

/**
 * Walk path as an ingest would and hash every input (archive members too), in the
 * order the walk meets them; inputs that cannot be read are left out.  Returns an array
 * of cbec_input_hash (g_ptr_array_unref frees it).
 */
GPtrArray *cbec_reingest_hash_walk(const char *path, const cbec_walk_opts *walk);

#endif
