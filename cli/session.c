/* Shared command set-up. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "cli/session.h"
#include "core/base/decimal.h"
#include "core/lock.h"
#include "core/base/log.h"
#include "core/base/personal.h"
#include "core/sitekey.h"

char *cbec_db_path(cbec_global *g, const char *db_opt)
{
    char *p;
    if (db_opt)
        return g_strdup(db_opt);
    p = cbec_config_get_path(g->cfg, "core", "db");
    return p ? p : g_strdup("cbecflow.db");
}

int cbec_dataset_lock(cbec_global *g, const char *db_path, const char *command, double wait_s, int *fd)
{
    char *path = cbec_config_get_path(g->cfg, "core", "lock_file");
    long holder = 0;
    int bad = 0, rc = CBEC_EXIT_OK;

    if (!path)
        path = g_strconcat(db_path, ".lock", NULL);
    if (wait_s < 0) {
        int64_t v = cbec_config_get_int(g->cfg, "core", "lock_wait", 60, &bad);
        if (bad || v < 0) {
            cbec_error("[core] lock_wait wants a number of seconds (0 or more), got \"%s\"",
                       cbec_config_get(g->cfg, "core", "lock_wait"));
            g_free(path);
            return CBEC_EXIT_USAGE;
        }
        wait_s = (double)v;
    }
    switch (cbec_lock_wait(path, wait_s, fd, &holder)) {
    case CBEC_ERR_NONE: break;
    case CBEC_ERR_LOCKED:
        if (wait_s > 0)
            cbec_error("another cbecflow run holds the lock %s (pid %ld) after %.0f s of waiting ([core] lock_wait); "
                       "this %s exits without doing anything",
                       path, holder, wait_s, command);
        else
            cbec_error("another cbecflow run holds the lock %s (pid %ld); this %s exits without doing anything", path,
                       holder, command);
        rc = CBEC_EXIT_LOCKED;
        break;
    default:
        cbec_error("cannot take the lock %s: %s", path, g_strerror(errno));
        rc = CBEC_EXIT_FAILED;
    }
    g_free(path);
    return rc;
}

int cbec_session_open(cbec_global *g, const char *db_opt, const char *command, double lock_wait,
                      cbec_session *ses)
{
    char *why = NULL;
    int rc;

    memset(ses, 0, sizeof *ses);
    ses->lock_fd = -1;
    ses->db_path = cbec_db_path(g, db_opt);
    /* The lock first: a new dataset's schema is then created by one process only,
     * and no file is read by two ingests at once. */
    rc = cbec_dataset_lock(g, ses->db_path, command, lock_wait, &ses->lock_fd);
    if (rc != CBEC_EXIT_OK) {
        cbec_session_close(ses);
        return rc;
    }
    if (cbec_personal_init(g->cfg, &why) != CBEC_ERR_NONE) {
        cbec_error("%s", why);
        g_free(why);
        cbec_session_close(ses);
        return CBEC_EXIT_USAGE;
    }
    if (cbec_store_open(ses->db_path, 0, &ses->st, &why) != CBEC_ERR_NONE) {
        cbec_error("%s", why);
        g_free(why);
        cbec_session_close(ses);
        return CBEC_EXIT_FAILED;
    }
    /* Before any work: hashes of two site keys in one dataset would never match. */
    switch (cbec_sitekey_check(ses->st, &why)) {
    case CBEC_ERR_NONE: break;
    case CBEC_ERR_CONFIG:
        cbec_error("%s", why);
        g_free(why);
        cbec_session_close(ses);
        return CBEC_EXIT_USAGE;
    default:
        cbec_error("%s", why);
        g_free(why);
        cbec_session_close(ses);
        return CBEC_EXIT_FAILED;
    }
    if (g->reg) {
        ses->reg = g->reg;
        ses->reg_borrowed = 1;
    } else
        cbec_registry_load(NULL, &ses->reg);
    if (ses->reg->count == 0)
        cbec_warn("no plugins loaded from %s (set CBECFLOW_PLUGIN_PATH?)", cbec_plugin_path());
    return CBEC_EXIT_OK;
}

void cbec_session_remember_key(cbec_session *ses, int64_t run_id)
{
    char *why = NULL;
    if (cbec_sitekey_remember(ses->st, run_id, &why) != CBEC_ERR_NONE) {
        /* The night goes on: only the guard against a later wrong key is missing. */
        cbec_warn("%s", why);
        g_free(why);
    }
}

void cbec_session_close(cbec_session *ses)
{
    cbec_store_close(ses->st);
    if (!ses->reg_borrowed)
        cbec_registry_free(ses->reg);
    g_free(ses->db_path);
    /* After the store: its last group commit and WAL clean-up happen under the lock. */
    cbec_lock_release(ses->lock_fd);
    memset(ses, 0, sizeof *ses);
    ses->lock_fd = -1;
}

void cbec_session_log_totals(const cbec_ingest_totals *t, int dry_run)
{
    cbec_info("%s%lld input(s), %lld skipped as already ingested: read %lld = stored %lld + quarantined %lld + "
              "duplicate %lld%s",
              dry_run ? "dry run, nothing stored: " : "", (long long)t->files_seen, (long long)t->files_skipped,
              (long long)t->records.read, (long long)t->records.stored, (long long)t->records.quarantined,
              (long long)t->records.duplicate,
              t->statements_unbalanced ? "; some bank statements do not tie out" : "");
}

void cbec_session_log_statements(cbec_store *st, int64_t run_id)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(cbec_store_db(st),
                           "SELECT account, statement_no, coalesce(currency,''), balanced, coalesce(difference,0) "
                           "FROM bank_statement WHERE run_id=? ORDER BY statement_id",
                           -1, &s, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(s, 1, run_id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *acct = (const char *)sqlite3_column_text(s, 0), *no = (const char *)sqlite3_column_text(s, 1);
        const char *ccy = (const char *)sqlite3_column_text(s, 2);
        if (sqlite3_column_type(s, 3) == SQLITE_NULL)
            cbec_info("statement %s of %s: balances not given, cannot be checked", no, acct);
        else if (sqlite3_column_int(s, 3))
            cbec_info("statement %s of %s: ties out", no, acct);
        else {
            char diff[40];
            cbec_decimal_format(sqlite3_column_int64(s, 4), (unsigned)cbec_currency_exponent(ccy), diff, sizeof diff);
            cbec_warn("statement %s of %s: does NOT tie out, closing - (opening + credits - debits) = %s %s", no,
                      acct, diff, ccy);
        }
    }
    sqlite3_finalize(s);
}
