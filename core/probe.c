/* Scored bids, libarchive style: each plugin sees the same head, read once. */
#include <string.h>

#include "host.h"
#include "probe.h"

void cbec_probe(const cbec_registry *reg, cbec_input *in, cbec_probe_result *r)
{
    cbec_probe_input pi;
    size_t i;

    memset(r, 0, sizeof *r);
    memset(&pi, 0, sizeof pi);
    pi.struct_size = sizeof pi;
    pi.name = cbec_input_name(in);
    pi.extension = cbec_input_extension(in);
    pi.head = cbec_input_head(in, &pi.head_len);
    pi.size = cbec_input_size(in);
    for (i = 0; i < reg->count; i++) {
        const cbec_plugin *p = &reg->plugins[i];
        int s;
        pi.best_score = r->best_score;
        s = p->desc->probe(&pi, cbec_host_table());
        if (s > 100)
            s = 100;
        if (s <= 0)
            continue;
        if (s > r->best_score) {
            r->best = p;
            r->best_score = s;
            r->tie = NULL;
        } else if (s == r->best_score && !r->tie)
            r->tie = p;
    }
}
