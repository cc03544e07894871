/* The dataset's record of its site key (sitekey.h). */
#include <string.h>
#include <glib.h>
#include <sqlite3.h>

#include "core/base/log.h"
#include "core/base/personal.h"
#include "core/sitekey.h"

/* The recorded fingerprint and key file (g_free), or 0 with *fp NULL when none. */
static int recorded(sqlite3 *db, char **fp, char **file)
{
    sqlite3_stmt *s = NULL;
    int rc;

    *fp = *file = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fingerprint, key_file FROM site_key ORDER BY rowid LIMIT 1", -1, &s, NULL) !=
        SQLITE_OK)
        return -1;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *fp = g_strdup((const char *)sqlite3_column_text(s, 0));
        *file = g_strdup((const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

cbec_err cbec_sitekey_check(cbec_store *st, char **why)
{
    sqlite3 *db = cbec_store_db(st);
    char *fp = NULL, *file = NULL, *mine = cbec_personal_fingerprint();
    cbec_err rc = CBEC_ERR_NONE;

    if (recorded(db, &fp, &file) != 0) {
        *why = g_strdup_printf("dataset %s: cannot read its site key fingerprint: %s", cbec_store_path(st),
                               sqlite3_errmsg(db));
        rc = CBEC_ERR_DB;
    } else if (fp && mine && strcmp(fp, mine) != 0) {
        /* 16 hex digits of each fingerprint are enough to tell keys apart in a message. */
        *why = g_strdup_printf("dataset %s was built with another site key (fingerprint %.16s, key file %s) than "
                               "the key file in use, %s (fingerprint %.16s): its personal hashes would never match "
                               "the earlier ones, so nothing is done. Use the dataset's key file ([core] key_file "
                               "or CBECFLOW_KEY_FILE), or start a new dataset for this key",
                               cbec_store_path(st), fp, file ? file : "?", cbec_personal_key_path(), mine);
        rc = CBEC_ERR_CONFIG;
    }
    g_free(fp);
    g_free(file);
    g_free(mine);
    return rc;
}

cbec_err cbec_sitekey_remember(cbec_store *st, int64_t run_id, char **why)
{
    sqlite3 *db = cbec_store_db(st);
    sqlite3_stmt *s = NULL;
    char *mine = cbec_personal_fingerprint(), now[40];
    int rc;

    if (!mine)
        return CBEC_ERR_NONE;
    cbec_now_iso(now, sizeof now);
    /* One row: written only when the table is empty (a check before found none or the same). */
    rc = sqlite3_prepare_v2(db,
                            "INSERT INTO site_key(fingerprint, key_file, recorded_at, run_id) SELECT ?1, ?2, ?3, ?4 "
                            "WHERE NOT EXISTS (SELECT 1 FROM site_key)",
                            -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, mine, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, cbec_personal_key_path(), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, run_id);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        *why = g_strdup_printf("dataset %s: cannot record the site key's fingerprint: %s", cbec_store_path(st),
                               sqlite3_errmsg(db));
        g_free(mine);
        return CBEC_ERR_DB;
    }
    if (sqlite3_changes(db) > 0)
        cbec_info("dataset %s: personal hashes are made with the site key %s (fingerprint %.16s); later ingests "
                  "must use the same key", cbec_store_path(st), cbec_personal_key_path(), mine);
    g_free(mine);
    return CBEC_ERR_NONE;
}
