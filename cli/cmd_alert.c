/* `cbecflow alert list|ack|close`: who handles which risk alert (analysis/credit_risk/handling.h).
 * ack takes an alert in hand, close closes it; both need a note and record who and when. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "analysis/credit_risk/handling.h"
#include "cli/commands.h"
#include "cli/session.h"
#include "core/lock.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: cbecflow alert list [--db F] [--status open|in_hand|closed]\n"
                 "       cbecflow alert ack ID --note TEXT [--by NAME] [--db F]\n"
                 "       cbecflow alert close ID --note TEXT [--by NAME] [--db F]\n"
                 "list: every risk alert with its handling status, one tab-separated line each.\n"
                 "ack: the alert is in hand; close: it is closed.  --by defaults to $USER.  The status\n"
                 "stays when analyse raises the alert again on a later night with the same evidence;\n"
                 "changed evidence opens it again.\n");
}

static const char *cell(sqlite3_stmt *s, int i)
{
    const unsigned char *v = sqlite3_column_text(s, i);
    return v ? (const char *)v : "";
}

/* One line per alert, oldest business date first; rows streamed, never held. */
static int list(cbec_global *g, const char *db_opt, const char *status)
{
    char *path = cbec_db_path(g, db_opt), *why = NULL;
    cbec_store *st = NULL;
    sqlite3_stmt *s = NULL;
    int rc = CBEC_EXIT_OK;

    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "cbecflow alert: no dataset at %s\n", path);
        g_free(path);
        return CBEC_EXIT_FAILED;
    }
    if (cbec_store_open(path, 1, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow alert: %s\n", why);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    if (sqlite3_prepare_v2(cbec_store_db(st),
                           "SELECT a.alert_id, coalesce(a.business_date,''), a.rule_id, a.severity, a.entity_kind,"
                           " a.entity_key, v.status, coalesce(v.actor,''), coalesce(v.acted_at,''),"
                           " replace(replace(coalesce(v.note,''), char(9), ' '), char(10), ' '),"
                           " (SELECT count(*) FROM alert_order o WHERE o.alert_id=a.alert_id)"
                           " FROM alert a JOIN v_alert_status v ON v.alert_id=a.alert_id"
                           " WHERE ?1 IS NULL OR v.status=?1 ORDER BY a.business_date, a.alert_id",
                           -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "cbecflow alert: %s (a dataset older than this cbecflow: run analyse once to upgrade it)\n",
                sqlite3_errmsg(cbec_store_db(st)));
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    if (status)
        sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
    printf("id\tdate\trule\tseverity\tentity_kind\tentity\torders\tstatus\tby\tat\tnote\n");
    while (sqlite3_step(s) == SQLITE_ROW)
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%lld\t%s\t%s\t%s\t%s\n", (long long)sqlite3_column_int64(s, 0), cell(s, 1),
               cell(s, 2), cell(s, 3), cell(s, 4), cell(s, 5), (long long)sqlite3_column_int64(s, 10), cell(s, 6),
               cell(s, 7), cell(s, 8), cell(s, 9));
done:
    sqlite3_finalize(s);
    if (st)
        cbec_store_close(st);
    g_free(path);
    g_free(why);
    return rc;
}

static int act(cbec_global *g, const char *db_opt, const char *id_text, cbec_alert_verb verb, const char *note,
               const char *by)
{
    char *path = NULL, *why = NULL, *end = NULL;
    cbec_store *st = NULL;
    long long id = strtoll(id_text, &end, 10);
    int rc = CBEC_EXIT_OK, lock_fd = -1;
    cbec_err err;

    if (!*id_text || *end || id <= 0) {
        fprintf(stderr, "cbecflow alert: ID wants an alert number (cbecflow alert list), got \"%s\"\n", id_text);
        return CBEC_EXIT_USAGE;
    }
    path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "cbecflow alert: no dataset at %s\n", path);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    /* analyse rewrites alerts: an action waits for it instead of naming a row being replaced */
    rc = cbec_dataset_lock(g, path, "alert", -1, &lock_fd);
    if (rc != CBEC_EXIT_OK)
        goto done;
    if (cbec_store_open(path, 0, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow alert: %s\n", why);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    err = cbec_alert_act(cbec_store_db(st), (int64_t)id, verb, note, by, &why);
    if (err != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow alert: %s\n", why);
        rc = err == CBEC_ERR_DB ? CBEC_EXIT_FAILED : CBEC_EXIT_USAGE;
        goto done;
    }
    printf("alert %lld %s by %s\n", id, verb == CBEC_ALERT_CLOSE ? "closed" : "in hand", by);
done:
    if (st)
        cbec_store_close(st);
    cbec_lock_release(lock_fd);
    g_free(path);
    g_free(why);
    return rc;
}

int cbec_cmd_alert(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"note", required_argument, NULL, 'n'},
                                             {"by", required_argument, NULL, 'b'},
                                             {"status", required_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL, *note = NULL, *by = NULL, *status = NULL, *sub;
    int c;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CBEC_EXIT_USAGE : CBEC_EXIT_OK;
    }
    sub = argv[1];
    argc--;
    argv++;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:n:b:s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 'n': note = optarg; break;
        case 'b': by = optarg; break;
        case 's': status = optarg; break;
        case 'h': usage(stdout); return CBEC_EXIT_OK;
        default: return CBEC_EXIT_USAGE;
        }
    }
    if (strcmp(sub, "list") == 0) {
        if (optind < argc || note || by) {
            fprintf(stderr, "cbecflow alert list: takes only --db and --status\n");
            return CBEC_EXIT_USAGE;
        }
        if (status && strcmp(status, "in-hand") == 0)
            status = "in_hand";
        if (status && strcmp(status, "open") != 0 && strcmp(status, "in_hand") != 0 && strcmp(status, "closed") != 0) {
            fprintf(stderr, "cbecflow alert list: --status wants open, in_hand or closed, got \"%s\"\n", status);
            return CBEC_EXIT_USAGE;
        }
        return list(g, db_opt, status);
    }
    if (strcmp(sub, "ack") == 0 || strcmp(sub, "close") == 0) {
        if (optind + 1 != argc || status) {
            fprintf(stderr, "cbecflow alert %s: give one alert ID (and --note TEXT)\n", sub);
            return CBEC_EXIT_USAGE;
        }
        if (!note) {
            fprintf(stderr, "cbecflow alert %s: --note TEXT is required (what was done or found)\n", sub);
            return CBEC_EXIT_USAGE;
        }
        if (!by)
            by = g_getenv("USER");
        if (!by || !*by) {
            fprintf(stderr, "cbecflow alert %s: who acts is unknown ($USER is not set): give --by NAME\n", sub);
            return CBEC_EXIT_USAGE;
        }
        return act(g, db_opt, argv[optind], strcmp(sub, "close") == 0 ? CBEC_ALERT_CLOSE : CBEC_ALERT_ACK, note, by);
    }
    fprintf(stderr, "cbecflow alert: unknown action \"%s\" (list, ack or close)\n", sub);
    return CBEC_EXIT_USAGE;
}
