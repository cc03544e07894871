/* The CSV reader (csv.c): what tabular.c calls. */
#ifndef CBEC_TABULAR_CSV_H
#define CBEC_TABULAR_CSV_H

#include "core/tabular/table.h"

/** Decode the first SNIFF_BYTES and choose the delimiter unless one is configured; 0 or -1 (err). */
int tab_csv_start(cbec_table *t, cbec_error *err);
/** Split the next record into the row: CBEC_OK, CBEC_EOF, CBEC_RECORD_ERROR, CBEC_FATAL. */
cbec_status tab_csv_row(cbec_table *t, cbec_error *err);

#endif
