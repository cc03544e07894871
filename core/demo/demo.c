/* Placeholder until the demo generator lands (issue 3). */
#include <stdio.h>
#include "commands.h"
#include "error.h"

int cbec_cmd_demo(cbec_global *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    fprintf(stderr, "cbecflow demo: not available in this build\n");
    return CBEC_EXIT_USAGE;
}
