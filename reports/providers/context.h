/**
 * @file context.h
 * @brief What a report data provider gets, and the provider's signature.
 *
 * Each provider (statistics.c, reconciliation.c, credit_risk.c) includes this header only;
 * providers.h is the table that names them all, used by reports/report.c.
 */
#ifndef CBEC_PROVIDER_CONTEXT_H
#define CBEC_PROVIDER_CONTEXT_H

#include <sqlite3.h>

#include "core/base/config.h"
#include "core/base/error.h"
#include "reports/model/model.h"
#include "reports/model/template.h"

/** What a data provider gets. */
typedef struct cbec_report_ctx {
    sqlite3 *db;                /**< the dataset (read it; TEMP tables are fine) */
    const cbec_config *cfg;     /**< the configuration ([report], [analyse] ...) */
    const char *date;           /**< business date YYYY-MM-DD */
    const char *lang;           /**< zh | en */
    cbec_template *tpl;         /**< the report's template (labels for codes) */
    cbec_rmodel *model;         /**< fill this */
    const char *period;         /**< day | month | quarter | half | year | ytd (NULL: month) */
} cbec_report_ctx;

/** A data provider: fill ctx->model; on failure set *why (g_malloc'd). */
typedef cbec_err (*cbec_report_provider)(cbec_report_ctx *ctx, char **why);


/* The providers, one file each in reports/providers/ (listed by name in providers.c). */
/** The providers (one file each in reports/providers/). */
cbec_err cbec_report_provide_statistics(cbec_report_ctx *ctx, char **why);
/** The reconciliation provider (exceptions with reasons, files and locators). */
cbec_err cbec_report_provide_reconciliation(cbec_report_ctx *ctx, char **why);
/** The credit report: scores, grades, factors (credit_risk.c). */
cbec_err cbec_report_provide_credit(cbec_report_ctx *ctx, char **why);
/** The risk report: alerts by rule, severity and enterprise (credit_risk.c). */
cbec_err cbec_report_provide_risk(cbec_report_ctx *ctx, char **why);

#endif
