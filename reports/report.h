/**
 * @file report.h
 * @brief Report assembly: template + data provider -> model -> XLSX / PDF, written atomically.
 *
 * A report kind is a template (templates/KIND.tpl) plus a data provider
 * registered in reports/providers.c.  The provider fills the model once; both
 * renderers read it.  See reports/README.md.
 */
#ifndef CBEC_REPORT_H
#define CBEC_REPORT_H

#include <sqlite3.h>

#include "config.h"
#include "error.h"
#include "model.h"
#include "render.h"
#include "store.h"
#include "template.h"

/** What a data provider gets. */
typedef struct cbec_report_ctx {
    sqlite3 *db;                /**< the dataset (read it; TEMP tables are fine) */
    const cbec_config *cfg;     /**< the configuration ([report], [analyse] ...) */
    const char *date;           /**< business date YYYY-MM-DD */
    const char *lang;           /**< zh | en */
    cbec_template *tpl;         /**< the report's template (labels for codes) */
    cbec_rmodel *model;         /**< fill this */
} cbec_report_ctx;

/** A data provider: fill ctx->model; on failure set *why (g_malloc'd). */
typedef cbec_err (*cbec_report_provider)(cbec_report_ctx *ctx, char **why);

/** The provider registered under name (reports/providers.c), or NULL. */
cbec_report_provider cbec_report_find_provider(const char *name);

/** Providers of this module. */
cbec_err cbec_report_provide_statistics(cbec_report_ctx *ctx, char **why);
/** The reconciliation provider (exceptions with reasons, files and locators). */
cbec_err cbec_report_provide_reconciliation(cbec_report_ctx *ctx, char **why);

/** Options of one render. */
typedef struct cbec_report_opts {
    const char *kind;           /**< statistics | reconciliation | credit | risk ... */
    const char *format;         /**< xlsx | pdf */
    const char *lang;           /**< zh | en (default zh) */
    const char *date;           /**< business date */
    const char *outdir;         /**< output folder */
    const char *templates;      /**< templates folder override, or NULL */
    int scale;                  /**< multiply money and counts (layout tests); 0 or 1 = as is */
    long detail_rows;           /**< data rows per detail sheet before the next one (0 = Excel's limit) */
} cbec_report_opts;

/**
 * Build (or reuse) the model and render one report atomically into o->outdir.
 * @param written receives the final path (g_free) on success
 * @param stats   receives render counts (may be NULL)
 * @param why     receives a reason on failure (g_free)
 * @return CBEC_ERR_NONE; CBEC_ERR_USAGE / CBEC_ERR_NOT_FOUND / CBEC_ERR_CONFIG for bad requests
 */
cbec_err cbec_report_render(cbec_store *st, const cbec_config *cfg, const cbec_report_opts *o, char **written,
                            cbec_render_stats *stats, char **why);

/** Drop the cached model (the last model is reused when the next render asks for the same one). */
void cbec_report_cache_clear(void);

#endif
