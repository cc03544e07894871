/* `cbecflow probe PATH...`: one line per input: name, tab, plugin, tab, score. */
#include <stdio.h>
#include <glib.h>

#include "commands.h"
#include "input.h"
#include "loader.h"
#include "log.h"
#include "probe.h"

typedef struct probe_ctx {
    cbec_registry *reg;
    int problems;
} probe_ctx;

static int probe_one(cbec_input *in, void *ud)
{
    probe_ctx *pc = ud;
    cbec_probe_result r;

    cbec_probe(pc->reg, in, &r);
    if (r.best && r.tie) {
        printf("%s\t%s|%s\t%d\n", cbec_input_name(in), r.best->desc->name, r.tie->desc->name, r.best_score);
        cbec_logf(CBEC_L_WARN, NULL, cbec_input_name(in), "tie between %s and %s; ingest it with --source NAME",
                  r.best->desc->name, r.tie->desc->name);
        pc->problems++;
    } else if (r.best)
        printf("%s\t%s\t%d\n", cbec_input_name(in), r.best->desc->name, r.best_score);
    else {
        printf("%s\t-\t0\n", cbec_input_name(in));
        pc->problems++;
    }
    return 0;
}

static void probe_error(const char *display, const char *path, const char *member, const char *reason,
                        const char *message, void *ud)
{
    probe_ctx *pc = ud;
    (void)path;
    (void)member;
    cbec_logf(CBEC_L_ERROR, NULL, display, "%s (%s)", message, reason);
    pc->problems++;
}

int cbec_cmd_probe(cbec_global *g, int argc, char **argv)
{
    static const cbec_walk_ops ops = {probe_one, probe_error};
    probe_ctx pc = {NULL, 0};
    cbec_walk_opts wo;
    char *why = NULL;
    int i;

    if (argc < 2 || g_str_equal(argv[1], "--help")) {
        fprintf(argc < 2 ? stderr : stdout, "usage: cbecflow probe PATH...\n"
                                            "Print input, plugin and score for every input under PATH.\n");
        return argc < 2 ? CBEC_EXIT_USAGE : CBEC_EXIT_OK;
    }
    if (cbec_walk_opts_from_config(g->cfg, &wo, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow: %s\n", why);
        g_free(why);
        return CBEC_EXIT_USAGE;
    }
    cbec_registry_load(NULL, &pc.reg);
    for (i = 1; i < argc; i++)
        cbec_walk(argv[i], &wo, &ops, &pc);
    fflush(stdout);
    cbec_registry_free(pc.reg);
    return pc.problems ? CBEC_EXIT_QUARANTINE : CBEC_EXIT_OK;
}
