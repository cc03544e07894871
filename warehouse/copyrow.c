/* A dataset row as a COPY text line (PostgreSQL "COPY ... FROM STDIN", text format). */
#include <inttypes.h>
#include <string.h>

#include "warehouse/copyrow.h"

/* Backslash, tab, newline and carriage return are the characters COPY text gives a meaning. */
static void append_text(GString *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (p[i]) {
        case '\\': g_string_append(out, "\\\\"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        default: g_string_append_c(out, p[i]);
        }
    }
}

int cbec_copy_row(GString *out, const char *zone, sqlite3_stmt *s, int ncols, const char *table, char **why)
{
    int64_t rowid = sqlite3_column_int64(s, 0);

    append_text(out, zone, strlen(zone));
    g_string_append_printf(out, "\t%" PRId64, rowid);
    for (int i = 1; i <= ncols; i++) {
        g_string_append_c(out, '\t');
        switch (sqlite3_column_type(s, i)) {
        case SQLITE_NULL: g_string_append(out, "\\N"); break;
        case SQLITE_INTEGER: g_string_append_printf(out, "%" PRId64, (int64_t)sqlite3_column_int64(s, i)); break;
        case SQLITE_FLOAT:
            /* 17 significant digits give the same double back. */
            g_string_append_printf(out, "%.17g", sqlite3_column_double(s, i));
            break;
        case SQLITE_BLOB: {
            const unsigned char *b = sqlite3_column_blob(s, i);
            int n = sqlite3_column_bytes(s, i);
            g_string_append(out, "\\\\x");
            for (int j = 0; j < n; j++)
                g_string_append_printf(out, "%02x", b[j]);
            break;
        }
        default: {
            const char *t = (const char *)sqlite3_column_text(s, i);
            int n = sqlite3_column_bytes(s, i);
            if (memchr(t, '\0', (size_t)n) || !g_utf8_validate(t, n, NULL)) {
                *why = g_strdup_printf("table %s, rowid %" PRId64 ", column %s: text that is not valid UTF-8 "
                                       "(or holds a NUL): not published",
                                       table, rowid, sqlite3_column_name(s, i));
                return -1;
            }
            append_text(out, t, (size_t)n);
        }
        }
    }
    g_string_append_c(out, '\n');
    return 0;
}
