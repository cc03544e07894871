/* `cbecflow publish [--db F] [--zone CODE] [--to URI]`: the zone's dataset into the region's
 * PostgreSQL warehouse (warehouse/publish.h; README "The region's warehouse"). */
#include <getopt.h>
#include <stdio.h>
#include <glib.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "core/base/log.h"
#include "warehouse/publish.h"

int cbec_publish_settings(cbec_global *g, const char *zone_opt, const char *to_opt, const char **zone,
                          const char **to)
{
    *zone = zone_opt ? zone_opt : cbec_config_get(g->cfg, "publish", "zone");
    *to = to_opt ? to_opt : cbec_config_get(g->cfg, "publish", "to");
    if (*to && !**to)
        *to = NULL;
    if (*to && !cbec_publish_zone_valid(*zone)) {
        cbec_error("publish: %s: the zone's code ([publish] zone or --zone) must be 1-32 letters, digits, _ or -",
                   *zone ? *zone : "no zone given");
        return CBEC_EXIT_USAGE;
    }
    return CBEC_EXIT_OK;
}

int cbec_publish_dataset(cbec_global *g, sqlite3 *db, const char *path, const char *zone, const char *to)
{
    int bad = 0;
    cbec_publish_opts o = {.uri = to, .zone = zone, .dataset = path};
    const char *name = cbec_config_get(g->cfg, "publish", "zone_name");
    cbec_publish_totals t;

    o.batch_rows = cbec_config_get_int(g->cfg, "publish", "batch_rows", CBEC_PUBLISH_BATCH_ROWS, &bad);
    if (bad || o.batch_rows < 1) {
        cbec_error("publish: [publish] batch_rows must be a number of rows (1 or more)");
        return CBEC_EXIT_USAGE;
    }
    o.retries = (int)cbec_config_get_int(g->cfg, "publish", "retries", CBEC_PUBLISH_RETRIES, &bad);
    if (bad || o.retries < 0 || o.retries > 100) {
        cbec_error("publish: [publish] retries must be a number from 0 to 100");
        return CBEC_EXIT_USAGE;
    }
    o.zone_name = name && *name ? name : NULL;
    return cbec_publish(db, &o, &t);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: cbecflow publish [--db F] [--zone CODE] [--to URI]\n"
               "Copy the zone's dataset into the region's PostgreSQL warehouse ([publish] to, zone, batch_rows):\n"
               "only the batches that changed since the last publish are sent, one transaction each.\n");
}

int cbec_cmd_publish(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"zone", required_argument, NULL, 'z'},
                                             {"to", required_argument, NULL, 't'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL, *zone_opt = NULL, *to_opt = NULL, *zone, *to;
    char *path = NULL, *why = NULL;
    cbec_store *st = NULL;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:z:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 'z': zone_opt = optarg; break;
        case 't': to_opt = optarg; break;
        case 'h': usage(stdout); return CBEC_EXIT_OK;
        default: usage(stderr); return CBEC_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return CBEC_EXIT_USAGE;
    }
    rc = cbec_publish_settings(g, zone_opt, to_opt, &zone, &to);
    if (rc != CBEC_EXIT_OK)
        return rc;
    if (!to) {
        fprintf(stderr, "cbecflow publish: no warehouse: give --to URI or set [publish] to\n");
        return CBEC_EXIT_USAGE;
    }
    path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "cbecflow publish: no dataset at %s\n", path);
        g_free(path);
        return CBEC_EXIT_USAGE;
    }
    /* Read-only and without the dataset's lock, as a report: the publish reads one snapshot
     * (SQLite's WAL lets the night go on writing meanwhile). */
    if (cbec_store_open(path, 1, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow publish: %s\n", why);
        g_free(why);
        g_free(path);
        return CBEC_EXIT_FAILED;
    }
    rc = cbec_publish_dataset(g, cbec_store_db(st), path, zone, to);
    cbec_store_close(st);
    g_free(path);
    return rc;
}
