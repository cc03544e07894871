/* `cbecflow report`: render one report of a night (reports/). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "core/base/log.h"
#include "reports/report.h"
#include "warehouse/publish.h"
#include "warehouse/pull.h"
#include "warehouse/region.h"

static void usage(void)
{
    fprintf(stderr,
            "usage: cbecflow report [--db F | --db postgresql://... [--zone CODE | --zones A,B,...]]\n"
            "                       --kind statistics|credit|risk|reconciliation --format xlsx|pdf\n"
            "                       [--lang zh|en] [--date YYYY-MM-DD] [--period day|month|quarter|half|year|ytd]\n"
            "                       [--templates DIR] --out DIR\n"
            "Render one report atomically into DIR (default date: yesterday, Asia/Shanghai).\n"
            "--period (statistics): the period to the date, default the month; ytd is January to date.\n"
            "--db postgresql://... --zone CODE: the zone's report from the region's warehouse;\n"
            "without --zone the region's report over every zone (--zones A,B,...: those zones).\n");
}

int cbec_cmd_report(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},        {"kind", required_argument, NULL, 'k'},
        {"format", required_argument, NULL, 'f'},    {"lang", required_argument, NULL, 'l'},
        {"date", required_argument, NULL, 'D'},      {"out", required_argument, NULL, 'o'},
        {"templates", required_argument, NULL, 't'}, {"scale", required_argument, NULL, 's'},
        {"period", required_argument, NULL, 'p'},   {"zone", required_argument, NULL, 'z'},
        {"zones", required_argument, NULL, 'Z'},     {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0}};
    cbec_report_opts o = {0};
    const char *db_opt = NULL, *zone = NULL, *zones_opt = NULL;
    char **zones = NULL;
    char date[16], *path = NULL, *why = NULL, *written = NULL, *pulled = NULL;
    cbec_store *st = NULL;
    cbec_render_stats stats;
    cbec_err rc;
    int c, ret = CBEC_EXIT_USAGE;

    o.lang = cbec_config_get_def(g->cfg, "report", "lang", "zh");
    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:k:f:l:D:o:t:s:p:z:Z:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 'k': o.kind = optarg; break;
        case 'f': o.format = optarg; break;
        case 'l': o.lang = optarg; break;
        case 'D': o.date = optarg; break;
        case 'o': o.outdir = optarg; break;
        case 't': o.templates = optarg; break;
        case 's': o.scale = atoi(optarg); break;
        case 'p': o.period = optarg; break;
        case 'z': zone = optarg; break;
        case 'Z': zones_opt = optarg; break;
        case 'h': usage(); return CBEC_EXIT_OK;
        default: usage(); return CBEC_EXIT_USAGE;
        }
    }
    if (optind < argc || !o.kind || !o.format || !o.outdir) {
        usage();
        return CBEC_EXIT_USAGE;
    }
    if (!o.date) {
        cbec_business_yesterday(date, sizeof date);
        o.date = date;
    }
    if (cbec_wh_is_uri(db_opt)) {
        /* The zone's rows pulled into a dataset of their own: the providers' one set of
         * queries renders them, number for number as from the zone's SQLite file.  Without
         * --zone every zone (or --zones) merged into one region's dataset (warehouse/region.h). */
        int region = !zone;
        if (zone && zones_opt) {
            fprintf(stderr, "cbecflow report: --zone (one zone's report) or --zones (the region's over some zones), not both\n");
            goto done;
        }
        if (region && (strcmp(o.kind, "credit") == 0 || strcmp(o.kind, "risk") == 0)) {
            /* Credit scores and risk alerts are each zone's judgement on its own data (its rules,
             * its site key's hashes): merged, an enterprise active in two zones would show one
             * zone's score and alerts, never the region's.  Refused rather than half right. */
            fprintf(stderr, "cbecflow report: the %s report is made per zone (scores and alerts are each zone's, "
                            "from its own data and site key); give --zone CODE\n", o.kind);
            goto done;
        }
        if (zones_opt) {
            zones = g_strsplit(zones_opt, ",", -1);
            for (char **z = zones; *z; z++)
                if (!cbec_publish_zone_valid(g_strstrip(*z))) {
                    fprintf(stderr, "cbecflow report: --zones: \"%s\" is not a zone code\n", *z);
                    goto done;
                }
        }
        if (!(pulled = g_dir_make_tmp("cbecflow-report-XXXXXX", NULL))) {
            fprintf(stderr, "cbecflow report: cannot create a temporary folder\n");
            ret = CBEC_EXIT_FAILED;
            goto done;
        }
        path = g_build_filename(pulled, region ? "region.db" : "zone.db", NULL);
        if (region) {
            cbec_region_totals t;
            if (cbec_wh_pull_zones(db_opt, (const char *const *)zones, 1, path, &t, &why) != 0) {
                fprintf(stderr, "cbecflow report: the region: %s\n", why);
                ret = CBEC_EXIT_FAILED;
                goto done;
            }
            if (t.orders_overlap)
                fprintf(stderr, "cbecflow report: %" PRId64 " order(s) published by two or more zones, counted once "
                                "(the first zone in code order); the report says so, the log lists every table\n",
                        t.orders_overlap);
        } else if (cbec_wh_pull(db_opt, zone, path, &why) != 0) {
            fprintf(stderr, "cbecflow report: zone %s: %s\n", zone, why);
            ret = CBEC_EXIT_FAILED;
            goto done;
        }
    } else if (zone || zones_opt) {
        fprintf(stderr, "cbecflow report: --zone and --zones go with --db postgresql://... (the region's warehouse)\n");
        goto done;
    } else
        path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "cbecflow report: no dataset at %s\n", path);
        ret = CBEC_EXIT_USAGE;
        goto done;
    }
    if (cbec_store_open(path, 1, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow report: %s\n", why);
        ret = CBEC_EXIT_FAILED;
        goto done;
    }
    rc = cbec_report_render(st, g->cfg, &o, &written, &stats, &why);
    if (rc == CBEC_ERR_NONE) {
        printf("%s\n", written);
        if (stats.overflows)
            cbec_warn("%d text boxes had to be cut to fit", stats.overflows);
        ret = CBEC_EXIT_OK;
    } else {
        fprintf(stderr, "cbecflow report: %s\n", why ? why : cbec_strerror(rc));
        ret = (rc == CBEC_ERR_USAGE || rc == CBEC_ERR_NOT_FOUND || rc == CBEC_ERR_CONFIG) ? CBEC_EXIT_USAGE
                                                                                          : CBEC_EXIT_FAILED;
    }
done:
    cbec_report_cache_clear();
    if (st)
        cbec_store_close(st);
    if (pulled) {
        /* the pulled dataset and its WAL companions */
        const char *suffix[] = {"", "-wal", "-shm"};
        for (size_t i = 0; path && i < G_N_ELEMENTS(suffix); i++) {
            char *f = g_strconcat(path, suffix[i], NULL);
            g_remove(f);
            g_free(f);
        }
        g_rmdir(pulled);
        g_free(pulled);
    }
    g_free(path);
    g_free(why);
    g_free(written);
    g_strfreev(zones);
    return ret;
}
