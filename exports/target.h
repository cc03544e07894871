/**
 * @file target.h
 * @brief What an export target gets (exports/export.c sets it up), and the targets, one file
 * each: bank.c, customs.c, tax.c, forex.c, market.c, stats.c.
 *
 * Before a target runs, export.c has opened one read snapshot of the dataset and filled:
 * - temp.x_trade: one row per trade attributable to an e-commerce enterprise up to the date
 *   (flow_id, ent, bdate, status, reasons, precheck, value_cny, bank_txn_id, direction,
 *   trade_mode, currency, country, order_id, payment_id, shipment_id, list_id);
 * - temp.x_span: the spans a target reports on (span 'period' = the period to the date; span
 *   'month' = each calendar month of the 12 ending with the date's, clipped to the date;
 *   span 'period_month' = each month of the period, clipped): span, label, d_from, d_to, ord;
 * - the query parameters :date, :from (the period's first day), :to (= :date), :win_from
 *   (the first day of the 12 months), :ent (the --enterprise code or NULL), :period.
 */
#ifndef CBEC_EXPORT_TARGET_H
#define CBEC_EXPORT_TARGET_H

#include <sqlite3.h>
#include <glib.h>

#include "core/base/config.h"
#include "core/base/dates.h"
#include "core/base/error.h"
#include "exports/export.h"
#include "exports/fileset.h"

/** One export in progress. */
typedef struct cbec_xctx {
    sqlite3 *db;
    const cbec_config *cfg;
    const cbec_export_opts *o;
    const char *date;          /**< the business date */
    const char *period;        /**< the period kind */
    char from[CBEC_DATE_LEN];  /**< the period's first day */
    GHashTable *params;        /**< query parameters by name (without ':') */
    cbec_xset *set;            /**< the file set */
} cbec_xctx;

/** A target: write its tables into c->set. */
typedef cbec_err (*cbec_xtarget_fn)(cbec_xctx *c, char **why);

/** A table of the target: NAME.csv / .json / a sheet (cbec_xset_table with the context's parameters). */
cbec_err cbec_x_table(cbec_xctx *c, const char *name, const char *sql, char **why);

/** Run every statement of sql with the context's parameters bound (temp tables of a target). */
cbec_err cbec_x_exec(cbec_xctx *c, const char *sql, char **why);

cbec_err cbec_export_bank(cbec_xctx *c, char **why);
cbec_err cbec_export_customs(cbec_xctx *c, char **why);
cbec_err cbec_export_tax(cbec_xctx *c, char **why);
cbec_err cbec_export_forex(cbec_xctx *c, char **why);
cbec_err cbec_export_market(cbec_xctx *c, char **why);
cbec_err cbec_export_stats(cbec_xctx *c, char **why);

/**
 * The one-page Chinese PDF certificate of one enterprise's verified trade (certificate.c):
 * the rows of temp.x_bank (the statement) and temp.x_bank_ent (grade, negative list) of code.
 * @param file the file name inside cbec_xset_dir()
 */
cbec_err cbec_export_certificate(cbec_xctx *c, const char *code, const char *file, char **why);

#endif
