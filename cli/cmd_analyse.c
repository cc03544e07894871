/* `cbecflow analyse`: credit scores, negative list and risk alerts of a night (analysis/credit_risk). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "analysis/credit_risk/analyse.h"
#include "core/base/log.h"
#include "core/lock.h"

static void print_summary(sqlite3 *db, const char *date)
{
    sqlite3_stmt *s;
    printf("alerts by rule and severity:\n");
    if (sqlite3_prepare_v2(db,
                           "SELECT rule_id, severity, count(*), (SELECT count(*) FROM alert_order ao JOIN alert b"
                           " USING(alert_id) WHERE b.rule_id=a.rule_id AND b.severity=a.severity)"
                           " FROM alert a GROUP BY rule_id, severity ORDER BY rule_id, severity",
                           -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW)
            printf("  %-22s %-7s %8lld alerts %8lld orders\n", sqlite3_column_text(s, 0),
                   sqlite3_column_text(s, 1), (long long)sqlite3_column_int64(s, 2),
                   (long long)sqlite3_column_int64(s, 3));
        sqlite3_finalize(s);
    }
    printf("credit grades as of %s:\n", date);
    if (sqlite3_prepare_v2(db,
                           "SELECT grade, count(*) FROM credit_score WHERE as_of=?1 GROUP BY grade ORDER BY"
                           " CASE grade WHEN 'AAA' THEN 1 WHEN 'AA' THEN 2 WHEN 'A' THEN 3 WHEN 'BBB' THEN 4"
                           " WHEN 'BB' THEN 5 ELSE 6 END",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
        while (sqlite3_step(s) == SQLITE_ROW)
            printf("  %-4s %8lld\n", sqlite3_column_text(s, 0), (long long)sqlite3_column_int64(s, 1));
        sqlite3_finalize(s);
    }
}

int cbec_cmd_analyse(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"date", required_argument, NULL, 'D'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL;
    char date[16] = "", *path = NULL, *why = NULL;
    cbec_store *st = NULL;
    cbec_an_stats stats;
    cbec_counts zero = {0};
    int64_t run_id = -1;
    cbec_err err;
    int c, rc = CBEC_EXIT_OK, lock_fd = -1;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:D:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 'D': g_strlcpy(date, optarg, sizeof date); break;
        case 'h':
            printf("usage: cbecflow analyse [--db F] [--date YYYY-MM-DD]\n"
                   "Credit scores (as of the date, default yesterday), the negative list and risk alerts.\n"
                   "Rules: [analyse] risk_rules / credit_rules, default %s/{risk,credit}.rules.\n",
                   CBEC_PKGDATADIR);
            return CBEC_EXIT_OK;
        default: return CBEC_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "cbecflow analyse: unexpected argument \"%s\"\n", argv[optind]);
        return CBEC_EXIT_USAGE;
    }
    if (!*date)
        cbec_business_yesterday(date, sizeof date);
    else if (!g_regex_match_simple("^\\d{4}-\\d{2}-\\d{2}$", date, 0, 0)) {
        fprintf(stderr, "cbecflow analyse: --date wants YYYY-MM-DD, got \"%s\"\n", date);
        return CBEC_EXIT_USAGE;
    }
    path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "cbecflow analyse: no dataset at %s (run cbecflow ingest first)\n", path);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    /* It rewrites scores and alerts: not while an ingest or a run writes the dataset. */
    rc = cbec_dataset_lock(g, path, "analyse", -1, &lock_fd);
    if (rc != CBEC_EXIT_OK)
        goto done;
    if (cbec_store_open(path, 0, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow analyse: %s\n", why);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    run_id = cbec_store_run_begin(st, "analyse", date);
    err = cbec_analyse_db(cbec_store_db(st), g->cfg, date, run_id, &stats, &why);
    if (err != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow analyse: %s\n", why ? why : "failed");
        rc = err == CBEC_ERR_CONFIG ? CBEC_EXIT_USAGE : CBEC_EXIT_FAILED;
        cbec_store_run_finish(st, run_id, "failed", &zero, 0, 0, 0, why);
        goto done;
    }
    cbec_store_run_finish(st, run_id, "ok", &zero, 0, 0, 0, NULL);
    printf("analyse %s: %lld enterprises scored (%lld new from trade), %lld new negative-list entries, "
           "%lld risk alerts over %lld orders\n",
           date, (long long)stats.scored, (long long)stats.enterprises_added, (long long)stats.negative_added,
           (long long)stats.alerts, (long long)stats.alert_orders);
    print_summary(cbec_store_db(st), date);
done:
    if (st)
        cbec_store_close(st);
    cbec_lock_release(lock_fd);
    g_free(path);
    g_free(why);
    return rc;
}
