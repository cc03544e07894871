/* Placeholder until the tabular reader lands (issue 5). */
#include <string.h>
#include <glib.h>

#include "tabular/tabular.h"

cbec_status cbec_tab_open(cbec_input *in, const cbec_tab_options *opt, cbec_table **out, cbec_error *err)
{
    (void)in; (void)opt;
    *out = NULL;
    g_strlcpy(err->reason, "UNSUPPORTED", sizeof err->reason);
    g_strlcpy(err->message, "the tabular reader is not available in this build", sizeof err->message);
    return CBEC_FATAL;
}
cbec_status cbec_tab_next(cbec_table *t, cbec_error *err) { (void)t; (void)err; return CBEC_EOF; }
size_t cbec_tab_ncols(cbec_table *t) { (void)t; return 0; }
const char *cbec_tab_cell(cbec_table *t, size_t col) { (void)t; (void)col; return ""; }
const char *cbec_tab_header(cbec_table *t, size_t col) { (void)t; (void)col; return NULL; }
long cbec_tab_column(cbec_table *t, const char *const *aliases) { (void)t; (void)aliases; return -1; }
const char *cbec_tab_locator(cbec_table *t) { (void)t; return ""; }
const char *cbec_tab_raw(cbec_table *t) { (void)t; return ""; }
void cbec_tab_close(cbec_table *t) { (void)t; }
char *cbec_text_normalise(const char *text) { return g_utf8_casefold(text ? text : "", -1); }
