/* `cbecflow`: global options, then a subcommand (cbecflow(1); exit codes: docs/exit-codes.md). */
#include "cbecflow-build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libxml/parser.h>

#include <cbecflow/version.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "core/base/dates.h"
#include "core/confmap.h"
#include "core/loader.h"
#include "core/base/log.h"
#include "core/base/progress.h"

typedef struct command {
    const char *name;
    int (*fn)(cbec_global *g, int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"run", cbec_cmd_run, "run a whole night: ingest, reconcile, analyse, report"},
    {"ingest", cbec_cmd_ingest, "store inputs (files, folders, archives) in the dataset"},
    {"forget", cbec_cmd_forget, "remove a file's rows from the dataset (by path or SHA-256)"},
    {"reconcile", cbec_cmd_reconcile, "match orders, payments, waybills, customs lists, bank credits"},
    {"analyse", cbec_cmd_analyse, "credit scores and risk alerts"},
    {"alert", cbec_cmd_alert, "list risk alerts with their handling; take one in hand (ack) or close it"},
    {"report", cbec_cmd_report, "render a report as XLSX or PDF"},
    {"export", cbec_cmd_export, "figures for a bank or a department as files with a manifest"},
    {"status", cbec_cmd_status, "last runs and their counts"},
    {"plugins", cbec_cmd_plugins, "list source plugins (ABI, version) and refused ones"},
    {"probe", cbec_cmd_probe, "show which plugin reads each input"},
    {"demo", cbec_cmd_demo, "generate a realistic demo night"},
    {"config", cbec_cmd_config, "check the configuration and print the values in effect"},
    {"publish", cbec_cmd_publish, "copy the dataset into the region's PostgreSQL warehouse"},
    {"schema", cbec_cmd_schema, "what the dataset's tables and columns mean (units, values, keys)"},
};

/* The configuration is checked once, here, before any command does any work: a mistyped
 * key must not fall back to a default in silence (issue 17).  The plugins are loaded only
 * when a [plugin.NAME] section needs their declared keys. */
static int config_valid(cbec_global *g)
{
    char **sections = cbec_config_sections(g->cfg);
    int errors;

    for (char **s = sections; *s && !g->reg; s++)
        if (g_str_has_prefix(*s, "plugin."))
            cbec_registry_load(NULL, &g->reg);
    errors = cbec_config_validate(g->cfg, g->reg, stderr);
    if (errors)
        fprintf(stderr, "cbecflow: %d configuration error%s: nothing done (`cbecflow config check` lists the keys)\n",
                errors, errors == 1 ? "" : "s");
    g_strfreev(sections);
    return errors == 0;
}

/* Every command's --date (demo: -d, the others: -D) is checked before the command runs. */
static int dates_valid(const char *cmd, int argc, char **argv)
{
    const char *shortopt = strcmp(cmd, "demo") == 0 ? "-d" : "-D";
    for (int j = 1; j < argc; j++) {
        const char *v = NULL;
        if ((strcmp(argv[j], "--date") == 0 || strcmp(argv[j], shortopt) == 0) && j + 1 < argc)
            v = argv[++j];
        else if (g_str_has_prefix(argv[j], "--date="))
            v = argv[j] + 7;
        else if (strcmp(argv[j], "--") == 0)
            break;
        if (v && !cbec_date_valid(v)) {   /* 2026-02-30 would become a night of its own */
            fprintf(stderr, "cbecflow %s: --date wants a calendar date YYYY-MM-DD, got \"%s\"\n", cmd, v);
            return 0;
        }
    }
    return 1;
}

static void usage(FILE *f)
{
    size_t i;
    fprintf(f, "usage: cbecflow [--config FILE] [-o SECTION.KEY=VALUE]... [-q|-v] [--no-progress] COMMAND [ARGS]\n\n"
               "commands:\n");
    for (i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n`cbecflow COMMAND --help` tells more.  Exit status: 0 everything stored; 3 finished but records\n"
               "were quarantined or a statement did not tie out; 2 usage or configuration error; 1 failed;\n"
               "75 another run holds the lock.\n");
}

int main(int argc, char **argv)
{
    cbec_global g = {0};
    const char *config_path = NULL;
    GPtrArray *overrides = g_ptr_array_new();
    int i, progress = 1, rc = CBEC_EXIT_USAGE;
    size_t k;
    char *why = NULL;

    LIBXML_TEST_VERSION;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("cbecflow %s (plugin ABI %d.%d)\n", PACKAGE_VERSION, CBEC_PLUGIN_ABI_MAJOR, CBEC_PLUGIN_ABI_MINOR);
            rc = CBEC_EXIT_OK;
            goto done;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            rc = CBEC_EXIT_OK;
            goto done;
        } else if ((strcmp(a, "--config") == 0 || strcmp(a, "-c") == 0) && i + 1 < argc)
            config_path = argv[++i];
        else if (g_str_has_prefix(a, "--config="))
            config_path = a + 9;
        else if (strcmp(a, "-o") == 0 && i + 1 < argc)
            g_ptr_array_add(overrides, argv[++i]);
        else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
            cbec_log_set_level(CBEC_L_WARN);
        else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
            cbec_log_set_level(CBEC_L_DEBUG);
        else if (strcmp(a, "--no-progress") == 0)
            progress = 0;
        else {
            fprintf(stderr, "cbecflow: unknown option %s\n", a);
            usage(stderr);
            goto done;
        }
    }
    if (i >= argc) {
        usage(stderr);
        goto done;
    }
    /* `cbecflow run --config F` is the documented form: accept global options after the command too. */
    {
        int j, out = i + 1;
        for (j = i + 1; j < argc; j++) {
            if ((strcmp(argv[j], "--config") == 0 || strcmp(argv[j], "-c") == 0) && j + 1 < argc)
                config_path = argv[++j];
            else if (g_str_has_prefix(argv[j], "--config="))
                config_path = argv[j] + 9;
            else if (strcmp(argv[j], "-o") == 0 && j + 1 < argc)
                g_ptr_array_add(overrides, argv[++j]);
            else
                argv[out++] = argv[j];
        }
        argc = out;
    }
    if (cbec_config_load(config_path, &g.cfg, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow: %s\n", why);
        goto done;
    }
    g.config_path = config_path;
    for (k = 0; k < overrides->len; k++)
        if (cbec_config_override(g.cfg, g_ptr_array_index(overrides, k)) != CBEC_ERR_NONE) {
            fprintf(stderr, "cbecflow: -o wants SECTION.KEY=VALUE, got \"%s\"\n",
                    (char *)g_ptr_array_index(overrides, k));
            goto done;
        }
    if (!config_valid(&g))
        goto done;
    cbec_progress_init(progress);
    for (k = 0; k < G_N_ELEMENTS(commands); k++)
        if (strcmp(argv[i], commands[k].name) == 0) {
            if (!dates_valid(argv[i], argc - i, argv + i))
                goto done;
            rc = commands[k].fn(&g, argc - i, argv + i);
            goto done;
        }
    fprintf(stderr, "cbecflow: unknown command \"%s\"\n", argv[i]);
    usage(stderr);
done:
    cbec_progress_done();
    cbec_registry_free(g.reg);
    cbec_config_free(g.cfg);
    g_free(why);
    g_ptr_array_free(overrides, TRUE);
    return rc;
}
