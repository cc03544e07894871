/* `cbecflow schema [TABLE]`: what the dataset's tables and columns mean (issue 17 item 7). */
#include <getopt.h>
#include <stdio.h>
#include <glib.h>

#include "cli/commands.h"
#include "core/base/error.h"
#include "core/schema_doc.h"

int cbec_cmd_schema(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    cbec_schema_doc *d;
    int c, rc = CBEC_EXIT_OK;

    (void)g;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        if (c != 'h')
            return CBEC_EXIT_USAGE;
        printf("usage: cbecflow schema [TABLE]\n"
               "Print the dataset's tables and views (or one of them): each column with its meaning,\n"
               "unit, allowed values and keys.  Read from the schema this cbecflow creates; no dataset needed.\n");
        return CBEC_EXIT_OK;
    }
    if (argc - optind > 1) {
        fprintf(stderr, "cbecflow schema: give at most one TABLE\n");
        return CBEC_EXIT_USAGE;
    }
    d = cbec_schema_doc_parse(NULL);
    if (cbec_schema_doc_print(d, optind < argc ? argv[optind] : NULL, stdout) != 0) {
        char *names = cbec_schema_doc_names(d);
        fprintf(stderr, "cbecflow schema: no table or view \"%s\"; the dataset has: %s\n", argv[optind], names);
        g_free(names);
        rc = CBEC_EXIT_USAGE;
    }
    cbec_schema_doc_free(d);
    return rc;
}
