/**
 * @file stats.h
 * @brief The statistics indicator catalogue and its computation from the dataset.
 *
 * Every indicator has an id, a name, a unit, its dimensions and a written
 * definition (what is counted, which status counts, how currencies are
 * converted); the catalogue is printed in the XLSX definitions sheet and in the
 * PDF notes.  Figures are computed once from orders, order_item, shipment,
 * customs_list, flow and fx_rate into a bounded in-memory model
 * (reports/model/model.h): aggregated tables only, detail rows stay in SQLite.
 *
 * Data that is policy rather than code -- the HS-prefix mapping of the zone's
 * featured categories, the composite-index weights and base period, display
 * names of countries, customs offices and trade modes -- lives in
 * etc/indicators.conf.
 */
#ifndef CBEC_STATS_H
#define CBEC_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "core/base/config.h"
#include "core/base/error.h"
#include "reports/model/model.h"

/** The indicator configuration (etc/indicators.conf). */
typedef struct cbec_stats_conf cbec_stats_conf;

/**
 * Load the indicator configuration.
 * @param path file, or NULL for built-in defaults only
 * @param why  receives a g_malloc'd reason on failure
 */
cbec_stats_conf *cbec_stats_conf_load(const char *path, char **why);
/** Free a configuration. */
void cbec_stats_conf_free(cbec_stats_conf *c);
/**
 * Where the indicator configuration is: config [report] indicators, else
 * $CBECFLOW_SRCDIR/etc/indicators.conf, else $(pkgdatadir)/indicators.conf;
 * NULL when none exists.  g_free.
 */
char *cbec_stats_conf_path(const cbec_config *cfg);
/** Featured category id of an HS code (longest configured prefix wins), or NULL. */
const char *cbec_stats_featured(const cbec_stats_conf *c, const char *hs_code);
/** The business of a trade mode: "retail" (9610, 1210, 1239), "b2b" (9710, 9810) or NULL; [business]
 *  of the configuration overrides the built-in map.  c may be NULL (built-in map). */
const char *cbec_stats_business(const cbec_stats_conf *c, const char *trade_mode);
/** Display name of a code in a [group] of the configuration (country, customs, trade_mode ...), or NULL. */
const char *cbec_stats_conf_label(const cbec_stats_conf *c, const char *group, const char *code, const char *lang);
/** Composite-index weight of a component (0 when absent). */
double cbec_stats_weight(const cbec_stats_conf *c, const char *component);

/**
 * Register the SQL functions the statistics use on db: cbec_featured(hs_code)
 * -> category id, cbec_amount(amount, currency) -> decimal text, cbec_amount_c2.
 * CNY values come from the store's cny() (core/fx.h).
 */
void cbec_stats_register(sqlite3 *db, const cbec_stats_conf *conf);

/** 1 when kind is a period a statistics report can cover: day, month, quarter, half, year, ytd. */
int cbec_stats_period_valid(const char *kind);
/** The length of a period in months (0 for day, 12 for year and ytd), -1 when kind is none. */
int cbec_stats_period_months(const char *kind);

/**
 * Compute the statistics model for business date (YYYY-MM-DD) over the period kind
 * (NULL = month): the period to date (the day; the month, quarter or half-year to date; the
 * year from January), compared with the same stretch one period earlier (环比: none for year
 * and ytd) and the same days a year earlier (同比).  Leaves the temp table temp.cbec_trade on
 * db for the detail query.
 * @return CBEC_ERR_NONE, or CBEC_ERR_DB / CBEC_ERR_USAGE with *why set
 */
cbec_err cbec_stats_build(sqlite3 *db, const cbec_stats_conf *conf, const char *date, const char *kind,
                          cbec_rmodel *m, char **why);

#endif
