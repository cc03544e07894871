/* `cbecflow forget [--db F] PATH|SHA256...`: remove files' rows from the dataset.
 *
 * Every argument must name a file the dataset holds, or nothing is done (exit 2): a
 * mistyped hash must not half-apply a list.  The rows go in one transaction; each
 * reading's source_file row stays, status forgotten, with what was removed, and a run
 * row (command "forget") records when.  A forgotten file is no longer sealed: the next
 * ingest of it reads it as new. */
#include <getopt.h>
#include <stdio.h>
#include <glib.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "core/base/log.h"
#include "core/lock.h"
#include "core/reingest.h"

/* The reading's name for the log: path, or path!member. */
static char *reading_name(sqlite3 *db, int64_t id, char **sha)
{
    sqlite3_stmt *s;
    char *name = NULL;

    *sha = NULL;
    if (sqlite3_prepare_v2(db, "SELECT path || coalesce('!' || member, ''), sha256 FROM source_file WHERE source_id=?",
                           -1, &s, NULL) != SQLITE_OK)
        return g_strdup("?");
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) == SQLITE_ROW) {
        name = g_strdup((const char *)sqlite3_column_text(s, 0));
        *sha = g_strdup((const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    return name ? name : g_strdup("?");
}

static int forget_all(cbec_store *st, GArray *ids, int64_t run_id, int64_t *total)
{
    sqlite3 *db = cbec_store_db(st);
    guint i;

    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        cbec_error("dataset: cannot start forgetting: %s", sqlite3_errmsg(db));
        return CBEC_EXIT_FAILED;
    }
    for (i = 0; i < ids->len; i++) {
        int64_t id = g_array_index(ids, int64_t, i), rows = 0;
        char *sha, *name = reading_name(db, id, &sha), *desc = NULL;

        if (cbec_reingest_remove(st, id, "forgotten", run_id, 0, &rows, &desc) != CBEC_ERR_NONE) {
            g_free(name);
            g_free(sha);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return CBEC_EXIT_FAILED;
        }
        cbec_logf(CBEC_L_INFO, NULL, name, "forgotten (source %lld, SHA-256 %s): %lld row(s) removed%s%s%s",
                  (long long)id, sha ? sha : "-", (long long)rows, *desc ? " (" : "", desc, *desc ? ")" : "");
        *total += rows;
        g_free(desc);
        g_free(name);
        g_free(sha);
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        cbec_error("dataset: cannot commit: %s", sqlite3_errmsg(db));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return CBEC_EXIT_FAILED;
    }
    return CBEC_EXIT_OK;
}

int cbec_cmd_forget(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL;
    cbec_walk_opts walk;
    cbec_store *st = NULL;
    GArray *ids = NULL;
    char *path = NULL, *why = NULL;
    int c, i, fd = -1, rc = CBEC_EXIT_USAGE;
    int64_t run_id, total = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:h", longopts, NULL)) != -1) {
        if (c == 'd')
            db_opt = optarg;
        else if (c == 'h') {
            printf("usage: cbecflow forget [--db FILE] PATH|SHA256...\n"
                   "Remove the rows of files from the dataset: a file or archive on disk (its content,\n"
                   "each member), a path it was ingested from, or its SHA-256.  The next reconcile\n"
                   "recomputes the flows.  Exit 2, nothing removed, when one of them is not in the dataset.\n");
            return CBEC_EXIT_OK;
        } else
            return CBEC_EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "cbecflow forget: give at least one PATH or SHA-256\n");
        return CBEC_EXIT_USAGE;
    }
    if (cbec_walk_opts_from_config(g->cfg, &walk, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow forget: %s\n", why);
        g_free(why);
        return CBEC_EXIT_USAGE;
    }
    path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        fprintf(stderr, "cbecflow forget: no dataset %s: nothing to forget\n", path);
        g_free(path);
        return CBEC_EXIT_USAGE;
    }
    rc = cbec_dataset_lock(g, path, "forget", -1, &fd);
    if (rc != CBEC_EXIT_OK)
        goto done;
    if (cbec_store_open(path, 0, &st, &why) != CBEC_ERR_NONE) {
        cbec_error("%s", why);
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    for (i = optind; i < argc; i++) {
        guint before = ids->len;
        if (cbec_reingest_find(st, &walk, argv[i], ids) != CBEC_ERR_NONE) {
            cbec_error("dataset: cannot look %s up: %s", argv[i], sqlite3_errmsg(cbec_store_db(st)));
            rc = CBEC_EXIT_FAILED;
            goto done;
        }
        if (ids->len == before) {
            fprintf(stderr, "cbecflow forget: %s: no such file in the dataset (never ingested, or already "
                            "forgotten or replaced); nothing forgotten\n", argv[i]);
            rc = CBEC_EXIT_USAGE;
            goto done;
        }
    }
    run_id = cbec_store_run_begin(st, "forget", NULL);
    if (run_id < 0) {
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    rc = forget_all(st, ids, run_id, &total);
    {
        cbec_counts none = {0, 0, 0, 0, 0};
        char *msg = g_strdup_printf("forgot %u file reading(s), %lld row(s)", ids->len, (long long)total);
        cbec_store_run_finish(st, run_id, rc == CBEC_EXIT_OK ? "ok" : "failed", &none, 0, 0, 0,
                              rc == CBEC_EXIT_OK ? msg : "nothing forgotten: the dataset refused the change");
        if (rc == CBEC_EXIT_OK)
            cbec_info("%s; flows, alerts and credit scores follow at the next reconcile and analyse", msg);
        g_free(msg);
    }
done:
    if (ids)
        g_array_free(ids, TRUE);
    cbec_store_close(st);
    cbec_lock_release(fd);
    g_free(why);
    g_free(path);
    return rc;
}
