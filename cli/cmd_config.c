/* `cbecflow config check`: the configuration is valid (cli.c checked it before any command),
 * and here is every value in effect with where it came from. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/confmap.h"
#include "core/loader.h"

int cbec_cmd_config(cbec_global *g, int argc, char **argv)
{
    cbec_registry *reg = NULL;
    int errors;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "check") != 0
        || argc > 2) {
        FILE *f = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) ? stdout : stderr;
        fprintf(f, "usage: cbecflow config check [--config FILE] [-o SECTION.KEY=VALUE]...\n"
                   "Check the configuration (unknown sections and keys, wrong types and values) and print\n"
                   "every value in effect with its source: default, FILE:LINE or -o.  Exit 0 valid, 2 not.\n");
        return f == stdout ? CBEC_EXIT_OK : CBEC_EXIT_USAGE;
    }
    cbec_registry_load(NULL, &reg);
    /* cli.c refuses an invalid configuration before any command; checking again costs nothing
     * and keeps this command right when called on its own (tests, other front ends). */
    errors = cbec_config_validate(g->cfg, reg, stderr);
    if (errors == 0)
        cbec_config_print(g->cfg, reg, stdout);
    cbec_registry_free(reg);
    return errors ? CBEC_EXIT_USAGE : CBEC_EXIT_OK;
}
