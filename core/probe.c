/* Scored bids, libarchive style: each plugin sees the same head, read once. */
#include <string.h>
#include <glib.h>

#include "core/crash.h"
#include "core/host.h"
#include "core/probe.h"

/* A UTF-16 head (byte-order mark, or "<" and the next character each beside a NUL
 * byte, as an XML file without a mark starts) as UTF-8, so that plugins looking for their markers by bytes
 * recognise UTF-16 files too; NULL for any other head.  The plugin still reads the
 * input's own bytes: its parser (libxml2) handles the encoding itself. */
static char *utf16_head(const unsigned char *h, size_t len)
{
    gunichar2 *units;
    size_t n, i, skip = 0;
    int be;
    char *out;

    if (len >= 2 && h[0] == 0xFF && h[1] == 0xFE)
        be = 0, skip = 2;
    else if (len >= 2 && h[0] == 0xFE && h[1] == 0xFF)
        be = 1, skip = 2;
    else if (len >= 4 && h[0] == '<' && h[1] == 0 && h[2] != 0 && h[3] == 0)
        be = 0;
    else if (len >= 4 && h[0] == 0 && h[1] == '<' && h[2] == 0 && h[3] != 0)
        be = 1;
    else
        return NULL;
    n = (len - skip) / 2;
    units = g_new(gunichar2, n + 1);
    for (i = 0; i < n; i++) {
        const unsigned char *p = h + skip + 2 * i;
        units[i] = (gunichar2)(be ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]));
    }
    /* The head ends where 4 KiB did: not inside a surrogate pair. */
    if (n && units[n - 1] >= 0xD800 && units[n - 1] <= 0xDBFF)
        n--;
    out = g_utf16_to_utf8(units, (glong)n, NULL, NULL, NULL);
    g_free(units);
    return out;
}

void cbec_probe(const cbec_registry *reg, cbec_input *in, cbec_probe_result *r)
{
    cbec_probe_bids(reg, in, r, NULL);
}

void cbec_probe_bids(const cbec_registry *reg, cbec_input *in, cbec_probe_result *r, int *bids)
{
    cbec_probe_input pi;
    size_t i;
    char *utf8;

    memset(r, 0, sizeof *r);
    memset(&pi, 0, sizeof pi);
    pi.struct_size = sizeof pi;
    pi.name = cbec_input_name(in);
    pi.extension = cbec_input_extension(in);
    pi.head = cbec_input_head(in, &pi.head_len);
    if ((utf8 = utf16_head(pi.head, pi.head_len)) != NULL) {
        pi.head = (const unsigned char *)utf8;
        pi.head_len = strlen(utf8);
    }
    pi.size = cbec_input_size(in);
    for (i = 0; i < reg->count; i++) {
        const cbec_plugin *p = &reg->plugins[i];
        int s;
        pi.best_score = r->best_score;
        cbec_crash_context(p->desc->name, "probing", pi.name);
        s = p->desc->probe(&pi, cbec_host_table());
        if (s > 100)
            s = 100;
        if (bids)
            bids[i] = s < 0 ? 0 : s;
        if (s <= 0)
            continue;
        if (s > r->best_score) {
            r->best = p;
            r->best_score = s;
            r->tie = NULL;
        } else if (s == r->best_score && !r->tie)
            r->tie = p;
    }
    cbec_crash_context(NULL, NULL, NULL);
    g_free(utf8);
}
