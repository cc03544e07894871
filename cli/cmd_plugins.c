/* `cbecflow plugins [--verbose]`: loaded plugins with ABI and version; refused ones with the reason. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/loader.h"

int cbec_cmd_plugins(cbec_global *g, int argc, char **argv)
{
    cbec_registry *reg;
    size_t i;
    int verbose = argc > 1 && (strcmp(argv[1], "--verbose") == 0 || strcmp(argv[1], "-v") == 0);
    (void)g;

    cbec_registry_load(NULL, &reg);
    printf("plugin path: %s\n", cbec_plugin_path());
    printf("%-20s %-5s %-9s %s\n", "NAME", "ABI", "VERSION", "DESCRIPTION");
    for (i = 0; i < reg->count; i++) {
        const cbec_source_plugin *d = reg->plugins[i].desc;
        printf("%-20s %u.%-3u %-9s %s\n", d->name, d->abi_major, d->abi_minor, d->version ? d->version : "?",
               d->description ? d->description : "");
        if (verbose) {
            const cbec_config_key *k;
            const char *const *e;
            printf("    file: %s\n    licence: %s\n", reg->plugins[i].path, d->license ? d->license : "?");
            if (d->extensions) {
                printf("    extensions:");
                for (e = d->extensions; *e; e++)
                    printf(" .%s", *e);
                printf("\n");
            }
            for (k = d->config_keys; k && k->type != CBEC_CONF_END && k->name; k++)
                printf("    [plugin.%s] %s = %s  -- %s\n", d->name, k->name,
                       k->default_value ? k->default_value : "(required)", k->description ? k->description : "");
        }
    }
    for (i = 0; i < reg->refused_count; i++)
        printf("refused: %s: %s\n", reg->refused[i].path, reg->refused[i].reason);
    cbec_registry_free(reg);
    return CBEC_EXIT_OK;
}
