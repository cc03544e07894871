/* Placeholder until the report engine lands (issue 7). */
#include <stdio.h>
#include "commands.h"
#include "log.h"

int cbec_step_report(cbec_store *st, const cbec_config *cfg, const char *kind, const char *format,
                     const char *lang, const char *date, const char *outdir, char **written_path)
{
    (void)st; (void)cfg; (void)kind; (void)format; (void)lang; (void)date; (void)outdir;
    if (written_path)
        *written_path = NULL;
    cbec_info("report: not available in this build, step skipped");
    return CBEC_EXIT_OK;
}

int cbec_cmd_report(cbec_global *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    fprintf(stderr, "cbecflow report: not available in this build\n");
    return CBEC_EXIT_USAGE;
}
