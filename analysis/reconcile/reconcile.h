/**
 * @file reconcile.h
 * @brief Reconciliation of the three flows (analysis/reconcile/README.md): orders, payments,
 * waybills, customs lists and bank credits into the `flow` table.
 *
 * Everything runs as set-based SQL on the dataset (temporary tables,
 * INSERT ... SELECT, window functions), so memory stays bounded whatever the
 * number of trades.  A run recomputes every trade from the dataset and merges
 * the result into `flow` by a stable key (`flow.flow_key`), so a trade keeps
 * its row across nights and a rerun on the same data changes nothing.
 */
#ifndef CBEC_RECONCILE_H
#define CBEC_RECONCILE_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/store.h"
#include "analysis/reconcile/rules.h"

/** What one reconciliation did. */
typedef struct cbec_rc_stats {
    int64_t flows;        /**< flow rows after the run */
    int64_t matched;      /**< of which MATCHED */
    int64_t inserted;     /**< new flow rows */
    int64_t changed;      /**< rows whose status or reasons changed (flow_change rows) */
    int64_t removed;      /**< rows no longer produced (their documents now belong to another trade) */
    int64_t credits;      /**< bank credits considered */
    int64_t credits_matched; /**< of which explained */
    int64_t ambiguous;    /**< credits left unmatched because of several candidates */
    double seconds;       /**< wall time */
    int kept;             /**< 1: nothing changed since the reconciliation of `since`: flows kept, nothing redone */
    char since[40];       /**< kept: when that reconciliation's run finished (local time with offset) */
} cbec_rc_stats;

/**
 * Reconcile the whole dataset into `flow` in one transaction.
 * @param db     the dataset
 * @param rules  rule pack
 * @param date   business date of this run (YYYY-MM-DD): first_seen, resolved_on, flow_change
 * @param run_id run row of this reconciliation (0 when none)
 * @param stats  receives counters (may be NULL)
 * @param why    receives a malloc'd reason on failure (g_free)
 * @return CBEC_ERR_NONE or CBEC_ERR_DB (nothing written)
 */
cbec_err cbec_reconcile(sqlite3 *db, const cbec_rc_rules *rules, const char *date, int64_t run_id,
                        cbec_rc_stats *stats, char **why);

/**
 * cbec_reconcile(), which keeps the flows as they are when nothing it depends on changed since the
 * latest reconciliation (analysis/reconcile/rerun.c: same key on the latest run row that has one);
 * `full` redoes the work anyway.  The key of a full run is written on the run row `run_id` (none
 * when 0 or no such row).
 */
cbec_err cbec_reconcile_opt(sqlite3 *db, const cbec_rc_rules *rules, const char *date, int64_t run_id, int full,
                            cbec_rc_stats *stats, char **why);

/**
 * Print the reconciliation summary: flows per status, each reason's count,
 * matched %, the unsettled amount (CNY) and the changes of that date.
 * @param db   the dataset (read only is enough)
 * @param date business date whose changes and new trades are shown (may be NULL)
 * @param out  stream to print to
 */
void cbec_reconcile_print_summary(sqlite3 *db, const char *date, FILE *out);

/** The reconcile step of `cbecflow run` for one business date; a CBEC_EXIT_* code. */
int cbec_step_reconcile(cbec_store *st, const cbec_config *cfg, const char *date);

#endif
