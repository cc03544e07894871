/* `cbecflow demo`: options of the demo night generator (tools/demo). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "cli/commands.h"
#include "core/base/dates.h"
#include "core/base/log.h"
#include "tools/demo/catalog.h"
#include "tools/demo/demo.h"

/* ------------------------------------------------------------------ */
/* The command                                                         */

static void demo_usage(FILE *f)
{
    fprintf(f, "usage: cbecflow demo --out DIR [--trades N] [--seed S] [--date YYYY-MM-DD] [--compact]\n"
               "                     [--prefix P]\n"
               "Generate a realistic, deterministic night of the pilot zone into DIR:\n"
               "  drop/DATE/  customs messages (CEB311/411/511/621, 303/403/505/603, receipts 312/622)\n"
               "              zipped per platform and carrier, tar.gz per payment company,\n"
               "              bank/: the zone settlement account's camt.053 (B2B wires) and its second\n"
               "              account's MT940, one camt.053 per platform's settlement account (batch credits);\n"
               "              stores/: three platforms' Shopify, eBay and Ozon exports of their 9610 export orders,\n"
               "              postal/: the post's manifest of its parcels, export and import (GB18030 CSV)\n"
               "              credit/: the enterprise register of the cast and its credit events (CSV)\n"
               "  truth.tsv   the injected anomalies: expected status, reasons and risk rules per trade\n"
               "  cbecflow.conf  runs the night: cbecflow run --config DIR/cbecflow.conf --date DATE\n"
               "--compact writes the customs messages without indentation, as the single window does.\n"
               "--prefix P (1-8 letters or digits) starts every order, payment, waybill, list, bill and bank\n"
               "account number with P, so several zones' demo nights never share one (the region's report).\n"
               "Defaults: 1000 trades, seed 1, date = yesterday in Asia/Shanghai, indented messages.\n");
}

/* The demo writes dates of this millennium only (its file names and sequences assume 4 digits). */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    return cbec_date_parse(s, y, m, d) && *y >= 2000 && *y <= 2999;
}

int cbec_cmd_demo(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"out", required_argument, NULL, 'o'},
                                             {"trades", required_argument, NULL, 'n'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"date", required_argument, NULL, 'd'},
                                             {"compact", no_argument, NULL, 'c'},
                                             {"prefix", required_argument, NULL, 'p'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cbec_demo_opts o;
    cbec_demo_counts c;
    char *why = NULL, *end = NULL;
    int opt, rc = CBEC_EXIT_USAGE, i;
    gint64 v;
    cbec_demo_err err;

    (void)g;
    memset(&o, 0, sizeof o);
    o.trades = 1000;
    o.seed = 1;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+o:n:s:d:p:ch", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            o.out_dir = optarg;
            break;
        case 'n':
            errno = 0;
            v = g_ascii_strtoll(optarg, &end, 10);
            if (errno || !*optarg || *end || v < 1 || v > G_GINT64_CONSTANT(100000000)) {
                fprintf(stderr, "cbecflow demo: --trades wants a number from 1 to 100000000, got \"%s\"\n", optarg);
                goto done;
            }
            o.trades = v;
            break;
        case 's':
            errno = 0;
            v = g_ascii_strtoll(optarg, &end, 10);
            if (errno || !*optarg || *end || v < 0 || v > G_MAXUINT32) {
                fprintf(stderr, "cbecflow demo: --seed wants a number from 0 to %u, got \"%s\"\n", G_MAXUINT32, optarg);
                goto done;
            }
            o.seed = (uint32_t)v;
            break;
        case 'd':
            if (!parse_date(optarg, &o.year, &o.month, &o.day)) {
                fprintf(stderr, "cbecflow demo: --date wants YYYY-MM-DD, got \"%s\"\n", optarg);
                goto done;
            }
            break;
        case 'c':
            o.compact = 1;
            break;
        case 'p':
            /* letters and digits only: the prefix goes into numbers that customs, banks and
             * carriers keep as plain codes */
            if (!g_regex_match_simple("^[A-Za-z0-9]{1,8}$", optarg, 0, 0)) {
                fprintf(stderr, "cbecflow demo: --prefix wants 1-8 letters or digits, got \"%s\"\n", optarg);
                goto done;
            }
            o.prefix = optarg;
            break;
        case 'h':
            demo_usage(stdout);
            rc = CBEC_EXIT_OK;
            goto done;
        default:
            fprintf(stderr, "cbecflow demo: unknown or incomplete option %s\n", argv[optind - 1]);
            demo_usage(stderr);
            goto done;
        }
    }
    if (optind < argc || !o.out_dir || !*o.out_dir) {
        if (optind < argc)
            fprintf(stderr, "cbecflow demo: unexpected argument %s\n", argv[optind]);
        else
            fprintf(stderr, "cbecflow demo: --out DIR is required\n");
        demo_usage(stderr);
        goto done;
    }
    if (!o.year) {
        /* yesterday in Asia/Shanghai (UTC+8, no daylight saving) */
        GTimeZone *tz = g_time_zone_new_offset(8 * 3600);
        GDateTime *now = g_date_time_new_now(tz), *y = g_date_time_add_days(now, -1);
        o.year = g_date_time_get_year(y);
        o.month = g_date_time_get_month(y);
        o.day = g_date_time_get_day_of_month(y);
        g_date_time_unref(y);
        g_date_time_unref(now);
        g_time_zone_unref(tz);
    }
    /* zip stores DOS times in local time: fix the zone so the bytes do not depend on the machine */
    setenv("TZ", "CST-8", 1);
    tzset();
    if (g_mkdir_with_parents(o.out_dir, 0755) != 0) {
        fprintf(stderr, "cbecflow demo: cannot create %s: %s\n", o.out_dir, g_strerror(errno));
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    err = cbec_demo_generate(&o, &c, &why);
    if (err != CBEC_DEMO_OK) {
        cbec_error("demo: %s", why);
        rc = err == CBEC_DEMO_EXISTS ? CBEC_EXIT_USAGE : CBEC_EXIT_FAILED;
        goto done;
    }
    cbec_info("demo night %04d-%02d-%02d (seed %u) in %s: %" G_GINT64_FORMAT " trades, %" G_GINT64_FORMAT
              " with an injected anomaly; %" G_GINT64_FORMAT " messages in %" G_GINT64_FORMAT " archives",
              o.year, o.month, o.day, o.seed, o.out_dir, c.trades, c.anomalies, c.messages, c.archives);
    for (i = 0; i < 10; i++)
        if (c.ceb[i])
            cbec_info("  CEB%s: %" G_GINT64_FORMAT " records", cbec_demo_types[i], c.ceb[i]);
    cbec_info("  platform exports: %" G_GINT64_FORMAT " Shopify and %" G_GINT64_FORMAT " eBay orders (%" G_GINT64_FORMAT
              " with a tracking number), %" G_GINT64_FORMAT " Ozon postings; post manifest: %" G_GINT64_FORMAT
              " parcels (%" G_GINT64_FORMAT " inbound)", c.shop_orders, c.ebay_orders, c.ebay_tracked, c.ozon_postings,
              c.manifest_parcels, c.manifest_imports);
    cbec_info("  enterprise register: %d enterprises, %" G_GINT64_FORMAT " credit events", cbec_demo_n_platforms +
              cbec_demo_n_sellers + cbec_demo_n_paycos + cbec_demo_n_carriers, c.credit_events);
    cbec_info("  bank: %" G_GINT64_FORMAT " camt.053 entries (the zone's account and %" G_GINT64_FORMAT
              " platform accounts) and %" G_GINT64_FORMAT " MT940 entries; %" G_GINT64_FORMAT
              " B2B exports paid by wire, %" G_GINT64_FORMAT " not paid yet",
              c.bank_entries, c.platform_statements, c.mt940_entries, c.b2b_wires, c.b2b_unpaid);
    cbec_info("  run it with: cbecflow run --config %s/cbecflow.conf --date %04d-%02d-%02d", o.out_dir, o.year,
              o.month, o.day);
    rc = CBEC_EXIT_OK;
done:
    g_free(why);
    return rc;
}
