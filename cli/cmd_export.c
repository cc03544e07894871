/* `cbecflow export --for TARGET`: the dataset's figures for a bank or a department, as a
 * documented, versioned file set with a manifest, written atomically (exports/, docs/exports.md). */
#include <getopt.h>
#include <stdio.h>
#include <glib.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "core/base/dates.h"
#include "exports/export.h"

static void usage(void)
{
    fprintf(stderr,
            "usage: cbecflow export [--db F] --for bank|customs|tax|forex|market|stats [--date YYYY-MM-DD]\n"
            "                       [--period day|month|quarter|half|year|ytd] [--enterprise CODE]\n"
            "                       [--format csv,json,xlsx,pdf] --out DIR\n"
            "Write the target's file set and manifest.json into DIR/TARGET-DATE-PERIOD[-CODE] atomically\n"
            "(default date: yesterday, Asia/Shanghai; period: month; format: csv,json, and pdf certificates\n"
            "for bank).  The columns of every file: docs/exports.md.\n");
}

int cbec_cmd_export(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},         {"for", required_argument, NULL, 'F'},
        {"date", required_argument, NULL, 'D'},       {"period", required_argument, NULL, 'p'},
        {"enterprise", required_argument, NULL, 'e'}, {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cbec_export_opts o = {0};
    const char *db_opt = NULL;
    char date[16], *path = NULL, *why = NULL, *written = NULL;
    cbec_store *st = NULL;
    cbec_err rc;
    int c, ret = CBEC_EXIT_USAGE;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:F:D:p:e:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 'F': o.target = optarg; break;
        case 'D': o.date = optarg; break;
        case 'p': o.period = optarg; break;
        case 'e': o.enterprise = optarg; break;
        case 'f': o.formats = optarg; break;
        case 'o': o.outdir = optarg; break;
        case 'h': usage(); return CBEC_EXIT_OK;
        default: usage(); return CBEC_EXIT_USAGE;
        }
    }
    if (optind < argc || !o.target || !o.outdir) {
        usage();
        return CBEC_EXIT_USAGE;
    }
    if (!cbec_export_target_valid(o.target)) {
        fprintf(stderr, "cbecflow export: unknown target \"%s\" (bank, customs, tax, forex, market, stats)\n",
                o.target);
        return CBEC_EXIT_USAGE;
    }
    if (!o.date) {
        cbec_business_yesterday(date, sizeof date);
        o.date = date;
    } else if (!cbec_date_valid(o.date)) {
        fprintf(stderr, "cbecflow export: --date %s is not a calendar date (YYYY-MM-DD)\n", o.date);
        return CBEC_EXIT_USAGE;
    }
    path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "cbecflow export: no dataset at %s\n", path);
        goto done;
    }
    /* read-only: an export never changes the dataset, and may run while a night is stored */
    if (cbec_store_open(path, 1, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow export: %s\n", why);
        ret = CBEC_EXIT_FAILED;
        goto done;
    }
    rc = cbec_export_write(st, g->cfg, &o, &written, &why);
    if (rc == CBEC_ERR_NONE) {
        printf("%s\n", written);
        ret = CBEC_EXIT_OK;
    } else {
        fprintf(stderr, "cbecflow export: %s\n", why ? why : cbec_strerror(rc));
        ret = (rc == CBEC_ERR_USAGE || rc == CBEC_ERR_NOT_FOUND || rc == CBEC_ERR_CONFIG) ? CBEC_EXIT_USAGE
                                                                                          : CBEC_EXIT_FAILED;
    }
done:
    if (st)
        cbec_store_close(st);
    g_free(path);
    g_free(why);
    g_free(written);
    return ret;
}
