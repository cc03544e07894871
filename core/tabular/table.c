/* The row buffer both readers fill, and their error reports (see table.h). */
#include "cbecflow-build.h"

#include <stdarg.h>
#include <string.h>
#include <glib.h>

#include "core/tabular/table.h"

void tab_set_err(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return;
    g_strlcpy(err->reason, reason, sizeof err->reason);
    g_strlcpy(err->locator, locator ? locator : "", sizeof err->locator);
    va_start(ap, fmt);
    g_vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

void tab_row_reset(cbec_table *t)
{
    g_string_truncate(t->row, 0);
    g_array_set_size(t->cells, 0);
    g_string_truncate(t->raw, 0);
    t->bad_row = 0;
    t->bad_reason[0] = 0;
}

void tab_row_add(cbec_table *t, const char *s, size_t len)
{
    gsize off;
    /* Trim ASCII blanks: exports pad with trailing spaces (Amazon), never meaningfully. */
    while (len && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    off = t->row->len;
    g_string_append_len(t->row, s, (gssize)len);
    g_string_append_c(t->row, 0);
    g_array_append_val(t->cells, off);
}

const char *tab_row_cell(const cbec_table *t, size_t col)
{
    if (col >= t->cells->len)
        return "";
    return t->row->str + g_array_index(t->cells, gsize, col);
}
