/**
 * @file tabular.h
 * @brief The shared tabular reader (CSV/TSV/XLSX) behind the host's tab_* calls.
 */
#ifndef CBEC_TABULAR_H
#define CBEC_TABULAR_H

#include <cbecflow/host.h>

cbec_status cbec_tab_open(cbec_input *in, const cbec_tab_options *opt, cbec_table **out, cbec_error *err);
cbec_status cbec_tab_next(cbec_table *t, cbec_error *err);
size_t cbec_tab_ncols(cbec_table *t);
const char *cbec_tab_cell(cbec_table *t, size_t col);
const char *cbec_tab_header(cbec_table *t, size_t col);
long cbec_tab_column(cbec_table *t, const char *const *aliases);
const char *cbec_tab_locator(cbec_table *t);
const char *cbec_tab_raw(cbec_table *t);
void cbec_tab_close(cbec_table *t);
/** Normalise a header/label: trim, case-fold, collapse spaces, ё→е, full-width→ASCII (g_free). */
char *cbec_text_normalise(const char *text);

#endif
