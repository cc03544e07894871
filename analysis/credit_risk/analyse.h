/**
 * @file analyse.h
 * @brief Credit scorecard, negative list and risk rule pack (analysis/credit_risk/README.md), internal API.
 *
 * `cbecflow analyse` runs, in one transaction on the dataset:
 *   1. enterprises seen only in trade data are added (origin 'trade');
 *   2. the negative list grows from enterprise events (entries expire only by rule);
 *   3. the risk rule pack (etc/risk.rules) raises alerts, upserted on their
 *      UNIQUE key so reruns keep the same rows;
 *   4. every enterprise gets a credit score (etc/credit.rules) as of the date.
 * Everything is set-based SQL over temporary tables (prefix an_), so memory
 * stays bounded by SQLite's page cache whatever the dataset size.
 */
#ifndef CBEC_ANALYSE_H
#define CBEC_ANALYSE_H

#include <stdint.h>
#include <sqlite3.h>

#include "analysis/credit_risk/counts.h"
#include "core/base/config.h"
#include "core/base/error.h"
#include "core/store.h"

/** Register the SQL helper cbec_money(amount[, currency]); CNY values use the store's cny() (core/fx.h). */
cbec_err cbec_an_register(sqlite3 *db);

/** Build the shared temporary tables (an_trade, an_payx, an_ent_order ...). */
cbec_err cbec_an_prepare(sqlite3 *db, char **why);
/**
 * The whole analysis in one transaction.
 * @param db     dataset handle
 * @param cfg    configuration (rule file paths), may be NULL
 * @param date   business date YYYY-MM-DD (credit as-of date)
 * @param run_id run recorded on new rows
 * @param stats  receives the counts (may be NULL)
 * @param why    receives a reason on failure (g_free)
 */
cbec_err cbec_analyse_db(sqlite3 *db, const cbec_config *cfg, const char *date, int64_t run_id,
                         cbec_an_stats *stats, char **why);

/** The analyse step of `cbecflow run` (credit, negative list, risk) for one date; a CBEC_EXIT_* code. */
int cbec_step_analyse(cbec_store *st, const cbec_config *cfg, const char *date);

#endif
