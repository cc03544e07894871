/* The XLSX reader (xlsx.c): what tabular.c calls. */
#ifndef CBEC_TABULAR_XLSX_H
#define CBEC_TABULAR_XLSX_H

#include "core/tabular/table.h"

/** Spool the workbook (the bytes in inbuf first), read its relationships, sheets, styles and
 * shared strings; 0 or -1 (err). */
int tab_xlsx_open(cbec_table *t, cbec_error *err);
/** Open the next sheet to read (respecting the sheet filter): 0 ok, 1 none left, -1 error. */
int tab_xlsx_next_sheet(cbec_table *t, cbec_error *err);
void tab_xlsx_close_sheet(cbec_table *t);
/** Read the next row of the open sheet: CBEC_OK, CBEC_RECORD_ERROR, CBEC_EOF (sheet done), CBEC_FATAL. */
cbec_status tab_xlsx_row(cbec_table *t, cbec_error *err);

#endif
