/* A reconciliation's key: what it read and what it left, as one SHA-256 (analysis/reconcile/README.md,
 * "Reruns").  Two equal keys mean the full run would only rewrite what is there, so it is kept.
 *
 * What counts, and why it is enough:
 *   - the business date (first_seen, resolved_on, flow_change and the trades' default date);
 *   - this program's version and the dataset's schema version (the algorithm and the columns);
 *   - the rule pack's content (every group, key and value; comments and the file's path do not
 *     count) and the account table ([accounts] of the pack and of the configuration);
 *   - every reading of an input (source_file: id, SHA-256, status, revision, removal): the store
 *     changes business rows only by reading an input (a new row here) or by removing a reading
 *     (`forget`, `ingest --force`, a later probe: its status and removal change here);
 *   - each table reconcile reads, its highest rowid (a belt to those braces);
 *   - what the last reconciliation left: flow's rows and highest id, flow_change's and
 *     flow_candidate's rows, so that a flow table changed by anything else is reconciled again.
 * A row changed in place by hand (sqlite3 UPDATE) is not seen: `reconcile --full` redoes the work. */
#include "cbecflow-build.h"

#include <string.h>
#include <glib.h>

#include "analysis/reconcile/rerun.h"

/* Bump when the reconciliation's SQL changes its results: older keys then no longer match. */
#define RERUN_ALGORITHM "1"

static void add_text(GChecksum *h, const char *s)
{
    /* Length first: "ab"+"c" and "a"+"bc" must not hash alike. */
    char len[24];
    size_t n = s ? strlen(s) : 0;
    g_snprintf(len, sizeof len, "%c%zu:", s ? 'T' : 'N', n);
    g_checksum_update(h, (const guchar *)len, (gssize)strlen(len));
    if (n)
        g_checksum_update(h, (const guchar *)s, (gssize)n);
}

/* Every column of every row of sql, in its order; -1 when it cannot be read. */
static int add_rows(GChecksum *h, sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count(s); i++)
            add_text(h, (const char *)sqlite3_column_text(s, i));
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void add_rules(GChecksum *h, const cbec_rc_rules *r)
{
    char **groups = r->src ? cbec_rules_groups(r->src) : g_new0(char *, 1);
    GPtrArray *acc = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, v;

    add_text(h, r->version);
    /* Sorted, so that moving a group or key in the file does not count as a change. */
    qsort(groups, g_strv_length(groups), sizeof *groups, cmp_str);
    for (char **g = groups; *g; g++) {
        char **keys = cbec_rules_keys(r->src, *g);
        qsort(keys, g_strv_length(keys), sizeof *keys, cmp_str);
        for (char **key = keys; *key; key++) {
            char *val = cbec_rules_text(r->src, *g, *key, NULL);
            add_text(h, *g);
            add_text(h, *key);
            add_text(h, val);
            g_free(val);
        }
        g_strfreev(keys);
    }
    g_strfreev(groups);
    /* The account table as used (the pack's, overridden by the configuration's). */
    g_hash_table_iter_init(&it, r->accounts);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_ptr_array_add(acc, k);
    g_ptr_array_sort(acc, cmp_str);
    add_text(h, "accounts");
    for (guint i = 0; i < acc->len; i++) {
        add_text(h, acc->pdata[i]);
        add_text(h, g_hash_table_lookup(r->accounts, acc->pdata[i]));
    }
    g_ptr_array_free(acc, TRUE);
}

/* The input part of the key, hashed in the order the full key always had: the reconciliation
 * does not change it (it writes only the flow tables), so it is hashed once per run. */
static const char *const input_tables[] = {"orders", "payment", "shipment", "customs_list", "bank_txn",
                                           "bank_statement", "settlement", "settlement_component", "finding",
                                           "enterprise", "fx_rate", NULL};
static const char *const flow_tables[] = {"flow", "flow_change", "flow_candidate", NULL};

/* max(rowid) is one b-tree descent; count(*) a pass over the table's smallest index, so it is
 * taken only where rows may go without their input's reading changing (the flow tables). */
static int add_tables(GChecksum *h, sqlite3 *db, const char *const *tables, int count)
{
    int bad = 0;
    for (const char *const *t = tables; *t && !bad; t++) {
        char *sql = g_strdup_printf("SELECT %s max(rowid) FROM main.\"%s\"", count ? "count(*)," : "", *t);
        add_text(h, *t);
        bad |= add_rows(h, db, sql);
        g_free(sql);
    }
    return bad;
}

cbec_rc_rerun *cbec_rc_rerun_inputs(sqlite3 *db, const cbec_rc_rules *rules, const char *date)
{
    GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
    int bad = 0;

    add_text(h, "cbecflow reconcile " PACKAGE_VERSION " algorithm " RERUN_ALGORITHM);
    add_text(h, date);
    add_rules(h, rules);
    bad |= add_rows(h, db, "PRAGMA main.user_version");
    bad |= add_rows(h, db, "SELECT source_id, sha256, status, revision, superseded_by, removed_at, removed_run"
                           " FROM source_file ORDER BY source_id");
    bad |= add_tables(h, db, input_tables, 0);
    if (bad) {
        g_checksum_free(h);
        return NULL;
    }
    return (cbec_rc_rerun *)h;
}

char *cbec_rc_rerun_key_now(const cbec_rc_rerun *inputs, sqlite3 *db)
{
    GChecksum *h;
    char *key = NULL;
    if (!inputs)
        return NULL;
    h = g_checksum_copy((const GChecksum *)inputs);
    if (add_tables(h, db, flow_tables, 1) == 0)
        key = g_strdup(g_checksum_get_string(h));
    g_checksum_free(h);
    return key;
}

void cbec_rc_rerun_free(cbec_rc_rerun *inputs)
{
    if (inputs)
        g_checksum_free((GChecksum *)inputs);
}

char *cbec_rc_rerun_key(sqlite3 *db, const cbec_rc_rules *rules, const char *date)
{
    cbec_rc_rerun *in = cbec_rc_rerun_inputs(db, rules, date);
    char *key = cbec_rc_rerun_key_now(in, db);
    cbec_rc_rerun_free(in);
    return key;
}
