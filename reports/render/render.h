/**
 * @file render.h
 * @brief The two renderers: one template + one model -> XLSX or PDF.
 *
 * Both write to the path they are given (the caller writes to a temporary
 * name and renames it into place).  Neither queries the dataset except the
 * XLSX detail sheets, which stream the model's detail queries row by row.
 */
#ifndef CBEC_RENDER_H
#define CBEC_RENDER_H

#include <stdint.h>

#include "core/base/error.h"
#include "reports/model/model.h"
#include "reports/model/template.h"

/** What a render did (for logs and tests). */
typedef struct cbec_render_stats {
    int pages;              /**< PDF pages */
    int overflows;          /**< PDF: text that did not fit its box even at the smallest size */
    int sheets;             /**< XLSX worksheets */
    int64_t detail_rows;    /**< XLSX detail rows streamed */
    int truncated;          /**< XLSX cells truncated at 32,767 characters */
} cbec_render_stats;

/** Longest text a cell holds; longer text is cut and ends with CBEC_XLSX_TRUNC_MARK. */
#define CBEC_XLSX_MAX_TEXT 32767
/** Marker at the end of truncated cell text. */
#define CBEC_XLSX_TRUNC_MARK "…[truncated]"
/** Data rows per detail sheet before the next sheet starts (Excel holds 1,048,576 rows with the header). */
#define CBEC_XLSX_DETAIL_ROWS 1048575

/**
 * Render the XLSX workbook (libxlsxwriter, constant-memory mode).
 * @param t     the template
 * @param m     the model (its detail queries run on m->db)
 * @param path  file to write
 * @param stats receives counts (may be NULL)
 * @param why   receives a g_malloc'd reason on failure
 */
cbec_err cbec_render_xlsx(cbec_template *t, const cbec_rmodel *m, const char *path, cbec_render_stats *stats,
                          char **why);

/**
 * Render the PDF bulletin (cairo + Pango, A4, CJK font embedded and subset).
 * @param t     the template
 * @param m     the model
 * @param path  file to write
 * @param stats receives pages and overflows (may be NULL)
 * @param why   receives a g_malloc'd reason on failure
 */
cbec_err cbec_render_pdf(cbec_template *t, const cbec_rmodel *m, const char *path, cbec_render_stats *stats,
                         char **why);

/**
 * Check that a PDF font family resolves (fontconfig, through Pango) to a font with
 * Chinese characters (reports/fonts.c).
 * @param family the family asked for ("Noto Sans CJK SC")
 * @param key    the template key that named it ("font_sans"), for the message
 * @param why    receives a g_malloc'd reason naming the family and fonts-noto-cjk
 * @return CBEC_ERR_NONE, or CBEC_ERR_IO when it does not (the report fails: exit 1)
 */
cbec_err cbec_pdf_font_check(const char *family, const char *key, char **why);

/** Cut text to at most max characters (UTF-8), ending with the marker when cut (g_free). */
char *cbec_xlsx_cell_text(const char *text, size_t max, int *truncated);

#endif
