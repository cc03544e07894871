/**
 * @file ingest.h
 * @brief Ingesting inputs: discover, probe, parse, store -- each file whole or not at all.
 */
#ifndef CBEC_INGEST_H
#define CBEC_INGEST_H

#include <stdio.h>

#include "core/base/config.h"
#include "core/loader.h"
#include "core/store.h"

/** Options of an ingest. */
typedef struct cbec_ingest_opts {
    const char *force_source;  /**< --source NAME: skip probing */
    int dry_run;               /**< parse and count, store nothing */
    FILE *json;                /**< write a JSON summary here at the end, or NULL */
    int reread;                /**< --force: read known files again, replacing their earlier rows */
} cbec_ingest_opts;

typedef struct cbec_ingest cbec_ingest;

/** Totals of an ingest. */
typedef struct cbec_ingest_totals {
    cbec_counts records;
    int64_t files_seen, files_skipped, files_quarantined, bytes, statements_unbalanced;
    int db_failed;
} cbec_ingest_totals;

/** Create an ingest over an open store (run_id from cbec_store_run_begin, 0 for dry runs). */
cbec_ingest *cbec_ingest_new(cbec_store *st, const cbec_registry *reg, const cbec_config *cfg,
                             const cbec_ingest_opts *opts, int64_t run_id);
/** Ingest one path (file, folder or archive); inputs that fail are quarantined, not fatal. */
cbec_err cbec_ingest_path(cbec_ingest *ig, const char *path);
/** Ingest several paths in order, read ahead across them (one reader thread for all); the
 *  first error of their walks is returned. */
cbec_err cbec_ingest_paths(cbec_ingest *ig, const char *const *paths, int n);
/** After the last path: commit what is stored and give back the ingest's memory and tuning. */
void cbec_ingest_end(cbec_ingest *ig);
/** Totals so far. */
const cbec_ingest_totals *cbec_ingest_get_totals(cbec_ingest *ig);
/** Exit status for these totals: 0, 3 (quarantine / unbalanced) or 1 (dataset failure). */
int cbec_ingest_exit_status(cbec_ingest *ig);
/** Print the JSON summary (when opts.json) and free. */
void cbec_ingest_free(cbec_ingest *ig);

#endif
