/* Shared command set-up. */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "common.h"
#include "decimal.h"
#include "log.h"
#include "personal.h"

char *cbec_db_path(cbec_global *g, const char *db_opt)
{
    char *p;
    if (db_opt)
        return g_strdup(db_opt);
    p = cbec_config_get_path(g->cfg, "core", "db");
    return p ? p : g_strdup("cbecflow.db");
}

int cbec_session_open(cbec_global *g, const char *db_opt, cbec_session *ses)
{
    char *why = NULL;

    memset(ses, 0, sizeof *ses);
    ses->db_path = cbec_db_path(g, db_opt);
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
    cbec_registry_load(NULL, &ses->reg);
    if (ses->reg->count == 0)
        cbec_warn("no plugins loaded from %s (set CBECFLOW_PLUGIN_PATH?)", cbec_plugin_path());
    return CBEC_EXIT_OK;
}

void cbec_session_close(cbec_session *ses)
{
    cbec_store_close(ses->st);
    cbec_registry_free(ses->reg);
    g_free(ses->db_path);
    memset(ses, 0, sizeof *ses);
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
