/* Cell values as text (values.c); tabular.h includes this header, so its callers see them. */
#ifndef CBEC_TABULAR_VALUES_H
#define CBEC_TABULAR_VALUES_H

/* The kind argument of cbec_tab_serial_to_iso (what an XLSX number format says of a cell). */
enum { DATE_NONE = 0, DATE_DATE = 1, DATE_DATETIME = 2, DATE_TIME = 3 };

/** Normalise a header/label: trim, case-fold, collapse spaces, ё→е, full-width→ASCII (g_free). */
char *cbec_text_normalise(const char *text);
/**
 * Convert an Excel serial date to ISO 8601 text without offset.
 * @param serial   the cell's numeric text ("45863.5")
 * @param date1904 1 for workbooks with the 1904 base
 * @param kind     1 date, 2 date and time, 3 time of day
 * @return "2025-07-25", "2025-07-25T12:00:00" or "12:00:00" (g_free), NULL when not a number
 */
char *cbec_tab_serial_to_iso(const char *serial, int date1904, int kind);
/** Expand a numeric cell's text ("1.2345E+17") to plain decimal digits without floating point (g_free). */
char *cbec_tab_number_text(const char *v);

#endif
