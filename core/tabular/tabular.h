/**
 * @file tabular.h
 * @brief The shared tabular reader (CSV/TSV/semicolon/XLSX) behind the host's tab_* calls.
 *
 * One implementation for every tabular plugin.  Rows are streamed: a CSV is decoded
 * (BOM, strict UTF-8, else the configured code page through iconv) in chunks and split
 * by an RFC 4180 state machine; an XLSX is spooled to an unlinked temporary file (a zip
 * needs seeking and sharedStrings often follows the sheets), then every sheet is read
 * with libxml2's xmlTextReader, shared strings spilling to temporary files when large.
 * Nothing holds a whole sheet or a whole file in memory.
 */
#ifndef CBEC_TABULAR_H
#define CBEC_TABULAR_H

#include <cbecflow/host.h>

#include "core/tabular/values.h"   /* cbec_text_normalise, cbec_tab_number_text, cbec_tab_serial_to_iso */

/**
 * Open an input as a table and position it after the header row.
 * @return CBEC_OK, or CBEC_FATAL with err filled (NO_HEADER, BAD_FORMAT, INPUT_ERROR ...; a
 *         refused workbook: DOCTYPE_FORBIDDEN, ENTITY_FORBIDDEN, XLSX_TOO_LARGE, ARCHIVE_LIMIT)
 */
cbec_status cbec_tab_open(cbec_input *in, const cbec_tab_options *opt, cbec_table **out, cbec_error *err);
/**
 * Advance to the next non-empty data row.
 * @return CBEC_OK, CBEC_EOF, CBEC_RECORD_ERROR (bad row: BAD_ENCODING, ROW_TOO_LONG,
 *         UNTERMINATED_QUOTE (CSV: reading resumes at the line after the quote's opening
 *         line), CELL_TOO_LONG (XLSX: over 32,767 characters); the table goes on) or
 *         CBEC_FATAL (input error, or a sheet refused for the reasons of cbec_tab_open)
 */
cbec_status cbec_tab_next(cbec_table *t, cbec_error *err);
/**
 * The decimal mark the look-ahead rows (cbec_tab_options.decimal_lookahead) prove for a
 * column: ',' or '.' when its values prove only that one (cbec_decimal_evidence()), '?'
 * when they prove both, 0 when none does or there was no look-ahead.
 */
int cbec_tab_decimal_mark(cbec_table *t, size_t col);
/** Number of cells in the current row. */
size_t cbec_tab_ncols(cbec_table *t);
/** Cell text (UTF-8, trimmed, never NULL; "" when absent). */
const char *cbec_tab_cell(cbec_table *t, size_t col);
/** Normalised header of a column, or NULL past the last header. */
const char *cbec_tab_header(cbec_table *t, size_t col);
/** Index of the first header equal (normalised) to one of the NULL-terminated aliases, -1 if none. */
long cbec_tab_column(cbec_table *t, const char *const *aliases);
/** Locator of the current row: "line 12" (CSV, first physical line) or "Sheet1!row 12". */
const char *cbec_tab_locator(cbec_table *t);
/** Raw text of the current row (CSV: decoded text, XLSX: cells joined by TAB), at most 4 KiB. */
const char *cbec_tab_raw(cbec_table *t);
/** Release the table and its temporary files (NULL is fine). */
void cbec_tab_close(cbec_table *t);

#endif
