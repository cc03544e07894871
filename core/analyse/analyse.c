/* Placeholder until credit and risk analysis lands (issue 8). */
#include <stdio.h>
#include "commands.h"
#include "log.h"

int cbec_step_analyse(cbec_store *st, const cbec_config *cfg, const char *date)
{
    (void)st; (void)cfg; (void)date;
    cbec_info("analyse: not available in this build, step skipped");
    return CBEC_EXIT_OK;
}

int cbec_cmd_analyse(cbec_global *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    fprintf(stderr, "cbecflow analyse: not available in this build\n");
    return CBEC_EXIT_USAGE;
}
