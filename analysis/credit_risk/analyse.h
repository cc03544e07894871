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

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/store.h"

/** A loaded rule file (GKeyFile) with its version. */
typedef struct cbec_rules cbec_rules;

/**
 * Load a rule file: the path in [analyse] <which>_rules, else the installed
 * pkgdatadir/<which>.rules, else $CBECFLOW_SRCDIR/etc/<which>.rules, else the
 * built-in defaults (version "builtin").
 * @param cfg   configuration (may be NULL)
 * @param which "risk" or "credit"
 * @param vgroup group holding `version` ("pack" or "scorecard")
 * @param out   receives the rules
 * @param why   receives a reason on failure (g_free)
 */
cbec_err cbec_rules_load(const cbec_config *cfg, const char *which, const char *vgroup, cbec_rules **out,
                         char **why);
/** Release rules. */
void cbec_rules_free(cbec_rules *r);
/** Version string of the rules (never NULL). */
const char *cbec_rules_version(const cbec_rules *r);
/** 1 when the group exists. */
int cbec_rules_has(const cbec_rules *r, const char *group);
/** Groups of the file (g_strfreev). */
char **cbec_rules_groups(const cbec_rules *r);
/** Text value or def (g_free the result; NULL only when def is NULL and the key is absent). */
char *cbec_rules_text(const cbec_rules *r, const char *group, const char *key, const char *def);
/** Boolean value or def. */
int cbec_rules_bool(const cbec_rules *r, const char *group, const char *key, int def);
/** Integer value or def; *bad set when unparsable. */
int64_t cbec_rules_int(const cbec_rules *r, const char *group, const char *key, int64_t def, int *bad);
/** Exact decimal scaled by 10^scale (money: scale 2 = fen) or def; *bad set when unparsable. */
int64_t cbec_rules_scaled(const cbec_rules *r, const char *group, const char *key, unsigned scale, int64_t def,
                          int *bad);
/** Decimal as double (weights, ratios; never money) or def. */
double cbec_rules_real(const cbec_rules *r, const char *group, const char *key, double def);

/** Register the SQL helpers cbec_to_cny(amount, currency, date) and cbec_money(amount[, currency]). */
cbec_err cbec_an_register(sqlite3 *db);
/** Forget the FX cache of cbec_to_cny (call when fx_rate may have changed). */
void cbec_an_fx_reset(void);
/** Execute SQL; on failure fill *why (g_free) with the message and the start of the statement. */
cbec_err cbec_an_exec(sqlite3 *db, const char *sql, char **why);

/** Counts the analysis reports. */
typedef struct cbec_an_stats {
    int64_t enterprises_added;   /**< enterprises created from trade data */
    int64_t negative_added;      /**< new negative-list entries */
    int64_t alerts;              /**< alerts raised by this pack (current) */
    int64_t alert_orders;        /**< orders behind them */
    int64_t scored;              /**< credit scores written */
} cbec_an_stats;

/** Build the shared temporary tables (an_trade, an_payx, an_ent_order ...). */
cbec_err cbec_an_prepare(sqlite3 *db, char **why);
/** Step 1 and 2: enterprises from trade, negative list from events up to date. */
cbec_err cbec_credit_prepare(sqlite3 *db, const cbec_rules *credit, const char *date, int64_t run_id,
                             cbec_an_stats *stats, char **why);
/** Step 3: the risk rule pack. */
cbec_err cbec_risk_run(sqlite3 *db, const cbec_rules *risk, int64_t run_id, cbec_an_stats *stats, char **why);
/** Step 4: credit scores as of date. */
cbec_err cbec_credit_score(sqlite3 *db, const cbec_rules *credit, const char *date, int64_t run_id,
                           cbec_an_stats *stats, char **why);
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
