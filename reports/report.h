/**
 * @file report.h
 * @brief Report assembly: template + data provider -> model -> XLSX / PDF, written atomically.
 *
 * A report kind is a template (templates/KIND.tpl) plus a data provider
 * registered in reports/providers/providers.c.  The provider fills the model once; both
 * renderers read it.  See reports/README.md.
 */
#ifndef CBEC_REPORT_H
#define CBEC_REPORT_H

#include <sqlite3.h>

#include "core/base/config.h"
#include "core/base/error.h"
#include "reports/model/model.h"
#include "reports/render/render.h"
#include "core/store.h"
#include "reports/model/template.h"
#include "reports/providers/providers.h"

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
    const char *period;         /**< day | month | quarter | half | year | ytd (NULL: month) */
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

/** Render one report into outdir (atomically); kind statistics|credit|risk|reconciliation, format xlsx|pdf,
 *  lang zh|en: the report step of `cbecflow run`.  Returns a CBEC_EXIT_* code. */
int cbec_step_report(cbec_store *st, const cbec_config *cfg, const char *kind, const char *format,
                     const char *lang, const char *date, const char *outdir, char **written_path);
/** The same over a period (day | month | quarter | half | year | ytd; NULL = month). */
int cbec_step_report_period(cbec_store *st, const cbec_config *cfg, const char *kind, const char *format,
                            const char *lang, const char *date, const char *period, const char *outdir,
                            char **written_path);
/**
 * The periods that close on date among wanted (a list of quarter, half, year): quarter on
 * 03-31, 06-30, 09-30 and 12-31, half on 06-30 and 12-31, year on 12-31.  The month closes on
 * its last day too, but the nightly month-to-date report of that night is the month's report.
 * Returns a NULL-terminated array of the names in wanted (g_free the array, not its names).
 */
const char **cbec_report_closing_periods(const char *date, char **wanted);

#endif
