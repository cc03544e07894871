/* `cbecflow reconcile [--db F] [--date D]` and the reconcile step of `cbecflow run`. */
#include "cbecflow-build.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "core/base/decimal.h"
#include "core/lock.h"
#include "core/base/log.h"
#include "analysis/reconcile/rules.h"
#include "analysis/reconcile/reconcile.h"

/* A figure of the summary (0 when it cannot be read: the summary is for the eye, the dataset is the record). */
static int64_t q_int(sqlite3 *db, const char *sql, const char *date)
{
    int64_t v = 0;
    cbec_db_ints(db, sql, date, NULL, &v, 1, NULL);
    return v;
}

void cbec_reconcile_print_summary(sqlite3 *db, const char *date, FILE *out)
{
    sqlite3_stmt *s;
    int64_t total = 0, matched = 0;
    int64_t unsettled = 0, unexpl_n = 0, unexpl_v = 0, pre = 0, day[3] = {0, 0, 0};
    int64_t *by_code = NULL;
    int ncodes = 0;
    char buf[64];
    GString *sql;

    /* Three passes over flow for the whole summary: the statuses, the plain figures, the reasons. */
    GString *status = g_string_new(NULL);
    if (sqlite3_prepare_v2(db, "SELECT status, count(*), max(rule_version) FROM flow GROUP BY status "
                               "ORDER BY status='MATCHED' DESC, count(*) DESC, status", -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *st = (const char *)sqlite3_column_text(s, 0);
            int64_t n = sqlite3_column_int64(s, 1);
            total += n;
            if (st && strcmp(st, "MATCHED") == 0)
                matched += n;
            g_string_append_printf(status, "    %-20s %10lld\n", st, (long long)n);
        }
        sqlite3_finalize(s);
        fprintf(out, "reconciliation: %lld flows, %lld matched (%.1f %%)\n", (long long)total, (long long)matched,
                total ? 100.0 * (double)matched / (double)total : 0.0);
        fprintf(out, "  by status:\n%s", status->str);
    } else
        fprintf(out, "reconciliation: %lld flows, %lld matched (%.1f %%)\n", 0LL, 0LL, 0.0);
    g_string_free(status, TRUE);
    for (const char *const *c = cbec_rc_codes; *c; c++)
        ncodes++;
    by_code = g_new0(int64_t, ncodes);
    /* Every row: plain comparisons only. */
    if (sqlite3_prepare_v2(db, "SELECT coalesce(sum(status='BANK_UNEXPLAINED'),0),"
                               " coalesce(sum(CASE WHEN status='BANK_UNEXPLAINED' THEN value_cny END),0),"
                               " coalesce(sum(precheck<>''),0), coalesce(sum(business_date=?1),0),"
                               " coalesce(sum(first_seen=?1),0), coalesce(sum(resolved_on=?1),0) FROM flow",
                           -1, &s, NULL) == SQLITE_OK) {
        if (date)
            sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW) {
            unexpl_n = sqlite3_column_int64(s, 0);
            unexpl_v = sqlite3_column_int64(s, 1);
            pre = sqlite3_column_int64(s, 2);
            for (int i = 0; i < 3; i++)
                day[i] = sqlite3_column_int64(s, 3 + i);
        }
        sqlite3_finalize(s);
    }
    /* The rows with reasons only (a few per cent): each code's count and the unsettled amount. */
    sql = g_string_new("SELECT coalesce(sum(CASE WHEN instr(' '||reasons||' ', ' UNSETTLED ')>0 THEN value_cny END),0)");
    for (const char *const *c = cbec_rc_codes; *c; c++) {
        char *e = sqlite3_mprintf(",coalesce(sum(instr(' '||reasons||' ', ' %q ')>0),0)", *c);
        g_string_append(sql, e);
        sqlite3_free(e);
    }
    g_string_append(sql, " FROM flow WHERE reasons<>''");
    if (sqlite3_prepare_v2(db, sql->str, -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW) {
            unsettled = sqlite3_column_int64(s, 0);
            for (int i = 0; i < ncodes; i++)
                by_code[i] = sqlite3_column_int64(s, 1 + i);
        }
        sqlite3_finalize(s);
    }
    g_string_free(sql, TRUE);
    fprintf(out, "  by reason (a trade may have several):\n");
    for (int i = 0; i < ncodes; i++)
        if (by_code[i])
            fprintf(out, "    %-20s %10lld\n", cbec_rc_codes[i], (long long)by_code[i]);
    g_free(by_code);
    cbec_decimal_format(unsettled, 2, buf, sizeof buf);
    fprintf(out, "  unsettled amount:        %s CNY\n", buf);
    cbec_decimal_format(unexpl_v, 2, buf, sizeof buf);
    fprintf(out, "  unexplained bank credits: %lld (%s CNY), %lld with ambiguous candidates\n", (long long)unexpl_n,
            buf, (long long)q_int(db, "SELECT count(DISTINCT bank_txn_id) FROM flow_candidate", NULL));
    fprintf(out, "  customs pre-check: %lld trades likely rejected\n", (long long)pre);
    if (date)
        fprintf(out, "  night %s: %lld trades of the day, %lld first seen, %lld changed, %lld resolved\n", date,
                (long long)day[0], (long long)day[1],
                (long long)q_int(db, "SELECT count(*) FROM flow_change WHERE business_date=?", date),
                (long long)day[2]);
}

/* Run reconciliation on an open store; run_id 0 = attach to the latest run row. */
static int reconcile_store(cbec_store *st, const cbec_config *cfg, const char *date, int64_t run_id, int full,
                           int print)
{
    cbec_rc_rules *rules = NULL;
    cbec_rc_stats stats;
    char *why = NULL;
    int rc = CBEC_EXIT_OK;

    if (cbec_rc_rules_load(cfg, &rules, &why) != CBEC_ERR_NONE) {
        cbec_error("%s", why);
        rc = CBEC_EXIT_USAGE;
        goto done;
    }
    if (run_id == 0)
        run_id = q_int(cbec_store_db(st), "SELECT coalesce(max(run_id),0) FROM run", NULL);
    if (cbec_reconcile_opt(cbec_store_db(st), rules, date, run_id, full, &stats, &why) != CBEC_ERR_NONE) {
        cbec_error("%s", why);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    if (stats.kept)
        cbec_info("reconcile %s: nothing changed since the reconciliation of %s (rules %s): %lld flows kept; "
                  "bank credits %lld, explained %lld, ambiguous %lld; %.2f s",
                  date, stats.since, cbec_rc_rules_version(rules), (long long)stats.flows, (long long)stats.credits,
                  (long long)stats.credits_matched, (long long)stats.ambiguous, stats.seconds);
    else
        cbec_info("reconcile %s (rules %s): %lld flows, %lld matched, %lld new, %lld changed, %lld removed; "
              "bank credits %lld, explained %lld, ambiguous %lld; %.2f s",
              date, cbec_rc_rules_version(rules), (long long)stats.flows, (long long)stats.matched,
              (long long)stats.inserted, (long long)stats.changed, (long long)stats.removed, (long long)stats.credits,
              (long long)stats.credits_matched, (long long)stats.ambiguous, stats.seconds);
    if (print)
        cbec_reconcile_print_summary(cbec_store_db(st), date, stdout);
done:
    g_free(why);
    cbec_rc_rules_free(rules);
    return rc;
}

int cbec_step_reconcile(cbec_store *st, const cbec_config *cfg, const char *date)
{
    return reconcile_store(st, cfg, date, 0, 0, 0);
}

int cbec_cmd_reconcile(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"date", required_argument, NULL, 'D'},
                                             {"full", no_argument, NULL, 'F'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL, *date = NULL;
    char yesterday[16], *path = NULL, *why = NULL;
    cbec_store *st = NULL;
    cbec_counts none = {0};
    int64_t run_id;
    int c, rc = CBEC_EXIT_OK, lock_fd = -1, full = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:D:Fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 'D': date = optarg; break;
        case 'F': full = 1; break;
        case 'h':
            printf("usage: cbecflow reconcile [--db FILE] [--date YYYY-MM-DD] [--full]\n"
                   "Match orders, payments, waybills, customs lists and bank credits into the flow table\n"
                   "and print the summary.  Exceptions are data: the exit status is 0 when it ran.\n"
                   "When nothing changed since the latest reconciliation of that date, its flows are kept;\n"
                   "--full redoes the work anyway.\n");
            return CBEC_EXIT_OK;
        default: return CBEC_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "cbecflow reconcile: unexpected argument \"%s\"\n", argv[optind]);
        return CBEC_EXIT_USAGE;
    }
    if (date && !g_regex_match_simple("^\\d{4}-\\d{2}-\\d{2}$", date, 0, 0)) {
        fprintf(stderr, "cbecflow reconcile: --date wants YYYY-MM-DD, got \"%s\"\n", date);
        return CBEC_EXIT_USAGE;
    }
    if (!date) {
        cbec_business_yesterday(yesterday, sizeof yesterday);
        date = yesterday;
    }
    path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        fprintf(stderr, "cbecflow reconcile: no dataset %s (run cbecflow ingest first)\n", path);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    /* It rewrites the flow table: not while an ingest or a run writes the dataset. */
    rc = cbec_dataset_lock(g, path, "reconcile", -1, &lock_fd);
    if (rc != CBEC_EXIT_OK)
        goto done;
    if (cbec_store_open(path, 0, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow reconcile: %s\n", why);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    run_id = cbec_store_run_begin(st, "reconcile", date);
    rc = reconcile_store(st, g->cfg, date, run_id > 0 ? run_id : 0, full, 1);
    if (run_id > 0)
        cbec_store_run_finish(st, run_id, rc == CBEC_EXIT_OK ? "ok" : "failed", &none, 0, 0, 0, NULL);
done:
    cbec_store_close(st);
    cbec_lock_release(lock_fd);
    g_free(why);
    g_free(path);
    return rc;
}
