/* `cbecflow status [--db F] [--runs N]`: last runs and their counts, dataset totals. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "analysis/reconcile/reconcile.h"

static void print_count(sqlite3 *db, const char *label, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(s) == SQLITE_ROW)
        printf("  %-22s %lld\n", label, (long long)sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
}

int cbec_cmd_status(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"runs", required_argument, NULL, 'n'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL;
    char *path, *why = NULL;
    cbec_store *st = NULL;
    sqlite3_stmt *s;
    int c, runs = 10;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:n:", longopts, NULL)) != -1) {
        if (c == 'd')
            db_opt = optarg;
        else if (c == 'n')
            runs = atoi(optarg);
        else
            return CBEC_EXIT_USAGE;
    }
    path = cbec_db_path(g, db_opt);
    if (cbec_store_open(path, 1, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow status: %s\n", why);
        g_free(why);
        g_free(path);
        return CBEC_EXIT_FAILED;
    }
    printf("dataset: %s\n", path);
    printf("%-5s %-9s %-10s %-25s %-11s %6s %8s %8s %8s %8s\n", "RUN", "COMMAND", "DATE", "STARTED", "STATUS",
           "FILES", "READ", "STORED", "QUAR", "DUP");
    if (sqlite3_prepare_v2(cbec_store_db(st),
                           "SELECT run_id, command, coalesce(business_date,''), started_at, status, files_seen, "
                           "records_read, records_stored, records_quarantined, records_duplicate FROM run "
                           "ORDER BY run_id DESC LIMIT ?",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_int(s, 1, runs);
        while (sqlite3_step(s) == SQLITE_ROW)
            printf("%-5lld %-9s %-10s %-25s %-11s %6lld %8lld %8lld %8lld %8lld\n",
                   (long long)sqlite3_column_int64(s, 0), sqlite3_column_text(s, 1), sqlite3_column_text(s, 2),
                   sqlite3_column_text(s, 3), sqlite3_column_text(s, 4), (long long)sqlite3_column_int64(s, 5),
                   (long long)sqlite3_column_int64(s, 6), (long long)sqlite3_column_int64(s, 7),
                   (long long)sqlite3_column_int64(s, 8), (long long)sqlite3_column_int64(s, 9));
        sqlite3_finalize(s);
    }
    printf("dataset totals:\n");
    /* A reading replaced by a later one (--force) or forgotten has no rows left: not a file
     * the dataset holds.  Its row stays for the history; counted apart when there are any. */
    print_count(cbec_store_db(st), "source files",
                "SELECT count(*) FROM source_file WHERE status NOT IN ('replaced','forgotten')");
    if (cbec_db_int(cbec_store_db(st), "SELECT count(*) FROM source_file WHERE status='forgotten'", 0) > 0)
        print_count(cbec_store_db(st), "forgotten files", "SELECT count(*) FROM source_file WHERE status='forgotten'");
    if (cbec_db_int(cbec_store_db(st), "SELECT count(*) FROM source_file WHERE status='replaced'", 0) > 0)
        print_count(cbec_store_db(st), "replaced readings", "SELECT count(*) FROM source_file WHERE status='replaced'");
    print_count(cbec_store_db(st), "quarantined records", "SELECT count(*) FROM quarantine");
    print_count(cbec_store_db(st), "orders", "SELECT count(*) FROM orders");
    print_count(cbec_store_db(st), "payments", "SELECT count(*) FROM payment");
    print_count(cbec_store_db(st), "shipments", "SELECT count(*) FROM shipment");
    print_count(cbec_store_db(st), "customs lists", "SELECT count(*) FROM customs_list");
    print_count(cbec_store_db(st), "bank entries", "SELECT count(*) FROM bank_txn");
    print_count(cbec_store_db(st), "unbalanced statements", "SELECT count(*) FROM bank_statement WHERE balanced=0");
    print_count(cbec_store_db(st), "flows", "SELECT count(*) FROM flow");
    print_count(cbec_store_db(st), "alerts", "SELECT count(*) FROM alert");
    /* The reconciliation summary of the latest reconciled night (issue 6 item 7). */
    if (sqlite3_prepare_v2(cbec_store_db(st), "SELECT max(business_date) FROM run WHERE command IN ('run','reconcile')"
                                              " AND EXISTS (SELECT 1 FROM flow)", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            cbec_reconcile_print_summary(cbec_store_db(st), (const char *)sqlite3_column_text(s, 0), stdout);
        sqlite3_finalize(s);
    }
    cbec_store_close(st);
    g_free(path);
    return CBEC_EXIT_OK;
}
