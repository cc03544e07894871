/* The CSV files of the night (platform exports, the post's manifest): records quoted as RFC 4180
 * wants, written to a file that is opened with its header on its first row. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

/* "YYYY-MM-DD hh:mm:ss" of second t of the business date (clamped like demo_stamp()). */
const char *demo_hms(const gen *g, char *b, int t)
{
    if (t > 86399)
        t = 86399;
    g_snprintf(b, 24, "%s %02d:%02d:%02d", g->iso, t / 3600, t / 60 % 60, t % 60);
    return b;
}

/* One CSV record separated by sep: RFC 4180 quoting when needed (always when quote_all, as eBay writes). */
void demo_csv_line_sep(GString *s, const char *const *cells, int n, int quote_all, char sep)
{
    const char special[] = {sep, '"', '\r', '\n', 0};
    int i;
    for (i = 0; i < n; i++) {
        const char *v = cells[i] ? cells[i] : "";
        if (i)
            g_string_append_c(s, sep);
        if (quote_all || strpbrk(v, special)) {
            const char *p;
            g_string_append_c(s, '"');
            for (p = v; *p; p++) {
                if (*p == '"')
                    g_string_append_c(s, '"');
                g_string_append_c(s, *p);
            }
            g_string_append_c(s, '"');
        } else
            g_string_append(s, v);
    }
    g_string_append_c(s, '\n');
}

void demo_csv_line(GString *s, const char *const *cells, int n, int quote_all)
{
    demo_csv_line_sep(s, cells, n, quote_all, ',');
}

/* Write text to a table file, opening it (folder, header) on its first row: nights without
 * such trades get no empty file.  The manifest is GB18030, as China Post uploads are. */
int demo_tab_write(gen *g, tabout *o, const char *sub, const char *name, const char *head, const GString *text)
{
    const char *data = text->str;
    gsize len = text->len;
    char *conv = NULL;
    int rc = 0;

    if (!o->f) {
        char *d = g_build_filename(g->night_tmp, sub, NULL);
        o->path = g_build_filename(d, name, NULL);
        if (g_mkdir_with_parents(d, 0755) != 0 || !(o->f = fopen(o->path, "wb"))) {
            g_free(d);
            return demo_fail(g, "%s: %s", o->path, g_strerror(errno));
        }
        g_free(d);
        if (head) {
            GString *h = g_string_new(head);
            rc = demo_tab_write(g, o, sub, name, NULL, h);
            g_string_free(h, TRUE);
            if (rc < 0)
                return rc;
        }
    }
    if (o->gb18030) {
        GError *e = NULL;
        conv = g_convert(data, (gssize)len, "GB18030", "UTF-8", NULL, &len, &e);
        if (!conv) {
            rc = demo_fail(g, "%s: %s", o->path, e->message);
            g_error_free(e);
            return rc;
        }
        data = conv;
    }
    if (fwrite(data, 1, len, o->f) != len)
        rc = demo_fail(g, "%s: %s", o->path, g_strerror(errno));
    g_free(conv);
    return rc;
}
