/* `cbecflow probe [-v] PATH...`: one line per input: name, tab, plugin, tab,
 * score; with -v each input's line is followed by one line per plugin, tab,
 * plugin, tab, its bid, so an operator sees why a plugin lost, not only who won. */
#include <stdio.h>
#include <glib.h>

#include "cli/commands.h"
#include "core/input/input.h"
#include "core/loader.h"
#include "core/base/log.h"
#include "core/probe.h"

typedef struct probe_ctx {
    cbec_registry *reg;
    int problems;
    int verbose;
} probe_ctx;

static int probe_one(cbec_input *in, void *ud)
{
    probe_ctx *pc = ud;
    cbec_probe_result r;
    int *bids = pc->verbose ? g_new0(int, pc->reg->count + 1) : NULL;
    size_t i;

    cbec_probe_bids(pc->reg, in, &r, bids);
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
    /* Indented by a tab so that a script reading NAME<TAB>PLUGIN<TAB>SCORE
     * lines can tell the bids apart (their first field is empty). */
    for (i = 0; bids && i < pc->reg->count; i++)
        printf("\t%s\t%d\n", pc->reg->plugins[i].desc->name, bids[i]);
    g_free(bids);
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
    probe_ctx pc = {NULL, 0, 0};
    cbec_walk_opts wo;
    char *why = NULL;
    int i, first = 1;

    /* The global -v (debug level) shows the bids too. */
    pc.verbose = cbec_log_get_level() >= CBEC_L_DEBUG;
    if (argc > 1 && (g_str_equal(argv[1], "-v") || g_str_equal(argv[1], "--verbose")))
        pc.verbose = 1, first = 2;
    if (argc <= first || g_str_equal(argv[first], "--help")) {
        fprintf(argc <= first ? stderr : stdout,
                "usage: cbecflow probe [-v] PATH...\n"
                "Print input, plugin and score for every input under PATH;\n"
                "-v: then every plugin's bid, one line each (TAB plugin TAB bid).\n");
        return argc <= first ? CBEC_EXIT_USAGE : CBEC_EXIT_OK;
    }
    if (cbec_walk_opts_from_config(g->cfg, &wo, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow: %s\n", why);
        g_free(why);
        return CBEC_EXIT_USAGE;
    }
    cbec_registry_load(NULL, &pc.reg);
    for (i = first; i < argc; i++)
        cbec_walk(argv[i], &wo, &ops, &pc);
    fflush(stdout);
    cbec_registry_free(pc.reg);
    return pc.problems ? CBEC_EXIT_QUARANTINE : CBEC_EXIT_OK;
}
