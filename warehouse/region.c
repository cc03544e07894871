/* Zones of the warehouse into one SQLite dataset, row numbers moved per zone (region.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libpq-fe.h>

#include "core/base/log.h"
#include "core/store.h"
#include "warehouse/pq.h"
#include "warehouse/region.h"
#include "warehouse/schema.h"

/* Every column that holds another row's number.  A new one in core/schema.sql goes here (or in
 * not_ids): tests/test_units.c walks the schema and fails on an INTEGER *_id / *_run column that
 * is in neither. */
_Static_assert(CBEC_REGION_SPAN == (int64_t)1 << CBEC_REGION_SHIFT, "CBEC_REGION_SPAN is 1 << CBEC_REGION_SHIFT");

static const cbec_region_ref refs[] = {
    {"*", "source_id", "source_file", CBEC_REF_POINTS},
    {"*", "run_id", "run", CBEC_REF_POINTS},
    {"source_file", "removed_run", "run", CBEC_REF_POINTS},
    {"source_file", "superseded_by", "source_file", CBEC_REF_POINTS},
    {"flow", "updated_run_id", "run", CBEC_REF_POINTS},
    {"order_item", "order_id", "orders", CBEC_REF_OWNED},
    {"shipment_item", "shipment_id", "shipment", CBEC_REF_OWNED},
    {"customs_list_item", "list_id", "customs_list", CBEC_REF_OWNED},
    {"settlement_component", "settlement_id", "settlement", CBEC_REF_OWNED},
    {"bank_txn", "statement_id", "bank_statement", CBEC_REF_OWNED},
    {"payment", "settlement_id", "settlement", CBEC_REF_POINTS},
    {"flow", "order_id", "orders", CBEC_REF_POINTS},
    {"flow", "payment_id", "payment", CBEC_REF_POINTS},
    {"flow", "shipment_id", "shipment", CBEC_REF_POINTS},
    {"flow", "list_id", "customs_list", CBEC_REF_POINTS},
    {"flow", "bank_txn_id", "bank_txn", CBEC_REF_POINTS},
    {"flow", "flow_key", "bank_txn", CBEC_REF_BKEY},
    {"flow_change", "flow_id", "flow", CBEC_REF_OWNED},
    {"flow_candidate", "bank_txn_id", "bank_txn", CBEC_REF_POINTS},
    {"flow_candidate", "flow_key", "bank_txn", CBEC_REF_BKEY},
    {"alert_order", "alert_id", "alert", CBEC_REF_OWNED},
    {"alert_action", "alert_id", "alert", CBEC_REF_POINTS},
    {"finding", "row_id", "@kind", CBEC_REF_OWNED},
};

/* Integer columns named like row numbers that are none (today: none). */
static const char *const not_ids[] = {NULL};

/* Business keys the schema does not declare UNIQUE: a bank entry is its statement's row
 * (account, statement, position), as the store's own dedupe reads it (bank_txn_key). */
static const struct {
    const char *table, *cols;
} declared_keys[] = {{"bank_txn", "account,statement_key,entry_seq"}};

/* Tables filled by the pull itself, never read from the warehouse. */
static const char *const own_tables[] = {"region_zone", "region_overlap"};

const cbec_region_ref *cbec_region_refs(size_t *n)
{
    *n = G_N_ELEMENTS(refs);
    return refs;
}

const char *const *cbec_region_not_ids(void) { return not_ids; }

const cbec_region_ref *cbec_region_ref_of(const char *table, const char *column)
{
    const cbec_region_ref *any = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(refs); i++)
        if (strcmp(refs[i].column, column) == 0) {
            if (strcmp(refs[i].table, table) == 0)
                return &refs[i];
            if (strcmp(refs[i].table, "*") == 0)
                any = &refs[i];
        }
    return any;
}

/* ---- one table's pull state ------------------------------------------------------------ */

enum { C_PLAIN, C_OFFSET, C_REF, C_KIND_REF, C_BKEY, C_ORIGIN };

typedef struct tstate {
    const cbec_wh_table *t;
    int there;               /* the warehouse has the table */
    int ipk;                 /* column of the INTEGER PRIMARY KEY, -1 when none */
    int hash_col, kind_col;  /* content_hash, finding.kind; -1 when none */
    int *ckind;              /* per column: C_* */
    int *ctarget;            /* per column: the target's index in the tables array (C_REF, C_BKEY) */
    int *cowned;             /* per column: an owned reference */
    GPtrArray *keys;         /* business keys: GArray of column indexes each */
    GHashTable *dropped;     /* moved id of a left-out row -> the kept row's id (0: none) */
    int targeted;            /* some reference points here: record left-out ids */
    sqlite3_stmt *ins;
    GPtrArray *lookups;      /* per key: SELECT rowid, content_hash ... WHERE key IS ... */
    int64_t dup, differ, children, read; /* this zone's counts */
} tstate;

typedef struct val {
    int null, is_int;
    int64_t i;
    const char *s;
    char *own;               /* a rewritten text (flow_key) */
} val;

static void tstate_free(tstate *s)
{
    g_free(s->ckind);
    g_free(s->ctarget);
    g_free(s->cowned);
    if (s->keys)
        g_ptr_array_free(s->keys, TRUE);
    if (s->dropped)
        g_hash_table_destroy(s->dropped);
    sqlite3_finalize(s->ins);
    if (s->lookups) {
        for (guint i = 0; i < s->lookups->len; i++)
            sqlite3_finalize(g_ptr_array_index(s->lookups, i));
        g_ptr_array_free(s->lookups, TRUE);
    }
}

static int col_index(const cbec_wh_table *t, const char *name)
{
    for (guint i = 0; i < t->cols->len; i++)
        if (strcmp(g_ptr_array_index(t->cols, i), name) == 0)
            return (int)i;
    return -1;
}

static int table_index(GPtrArray *tables, const char *name)
{
    for (guint i = 0; i < tables->len; i++)
        if (strcmp(((cbec_wh_table *)g_ptr_array_index(tables, i))->name, name) == 0)
            return (int)i;
    return -1;
}

static void add_key(tstate *s, GArray *cols)
{
    if (cols->len)
        g_ptr_array_add(s->keys, cols);
    else
        g_array_free(cols, TRUE);
}

/* The table's business keys: its UNIQUE indexes and a primary key that is not the row number,
 * then a declared key. */
static void read_keys(sqlite3 *db, tstate *s)
{
    sqlite3_stmt *l, *c;
    char *sql = sqlite3_mprintf("PRAGMA index_list(%Q)", s->t->name);
    s->keys = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    if (sqlite3_prepare_v2(db, sql, -1, &l, NULL) == SQLITE_OK) {
        while (sqlite3_step(l) == SQLITE_ROW) {
            char *isql;
            GArray *cols = g_array_new(FALSE, FALSE, sizeof(int));
            int expression = 0;
            if (!sqlite3_column_int(l, 2)) {
                g_array_free(cols, TRUE);
                continue;
            }
            isql = sqlite3_mprintf("PRAGMA index_info(%Q)", (const char *)sqlite3_column_text(l, 1));
            if (sqlite3_prepare_v2(db, isql, -1, &c, NULL) == SQLITE_OK) {
                while (sqlite3_step(c) == SQLITE_ROW) {
                    int k = sqlite3_column_type(c, 2) == SQLITE_NULL
                                ? -1
                                : col_index(s->t, (const char *)sqlite3_column_text(c, 2));
                    if (k < 0)
                        expression = 1;
                    else
                        g_array_append_val(cols, k);
                }
                sqlite3_finalize(c);
            }
            sqlite3_free(isql);
            if (expression)
                g_array_set_size(cols, 0);
            add_key(s, cols);
        }
        sqlite3_finalize(l);
    }
    sqlite3_free(sql);
    for (size_t i = 0; i < G_N_ELEMENTS(declared_keys); i++)
        if (strcmp(declared_keys[i].table, s->t->name) == 0) {
            char **names = g_strsplit(declared_keys[i].cols, ",", -1);
            GArray *cols = g_array_new(FALSE, FALSE, sizeof(int));
            for (char **n = names; *n; n++) {
                int k = col_index(s->t, *n);
                if (k >= 0)
                    g_array_append_val(cols, k);
            }
            if (cols->len != g_strv_length(names))
                g_array_set_size(cols, 0);
            g_strfreev(names);
            add_key(s, cols);
        }
}

/* The INTEGER PRIMARY KEY (the rowid's alias), -1 when the table has none. */
static int rowid_column(sqlite3 *db, const cbec_wh_table *t)
{
    sqlite3_stmt *c;
    char *sql = sqlite3_mprintf("PRAGMA table_info(%Q)", t->name);
    int npk = 0, col = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &c, NULL) == SQLITE_OK) {
        while (sqlite3_step(c) == SQLITE_ROW)
            if (sqlite3_column_int(c, 5) > 0) {
                npk++;
                if (g_ascii_strcasecmp((const char *)sqlite3_column_text(c, 2), "INTEGER") == 0)
                    col = col_index(t, (const char *)sqlite3_column_text(c, 1));
            }
        sqlite3_finalize(c);
    }
    sqlite3_free(sql);
    return npk == 1 ? col : -1;
}

/* Parents before the rows that refer to them; a table referring to "@kind" after every other. */
static GArray *table_order(GPtrArray *tables)
{
    GArray *order = g_array_new(FALSE, FALSE, sizeof(int));
    int *placed = g_new0(int, tables->len);
    guint n = tables->len;
    for (int pass = 0; order->len < n && pass < (int)n + 2; pass++)
        for (guint i = 0; i < n; i++) {
            const cbec_wh_table *t = g_ptr_array_index(tables, i);
            int ready = 1;
            if (placed[i])
                continue;
            for (guint c = 0; c < t->cols->len && ready; c++) {
                const cbec_region_ref *r = cbec_region_ref_of(t->name, g_ptr_array_index(t->cols, c));
                int k;
                if (!r || strcmp(r->target, t->name) == 0)
                    continue;
                if (strcmp(r->target, "@kind") == 0) {
                    /* after every table that does not itself wait for "@kind" */
                    for (guint j = 0; j < n && ready; j++)
                        if (j != i && !placed[j])
                            ready = 0;
                    continue;
                }
                k = table_index(tables, r->target);
                if (k >= 0 && !placed[k])
                    ready = 0;
            }
            if (ready || pass == (int)n + 1) {
                placed[i] = 1;
                g_array_append_val(order, i);
            }
        }
    g_free(placed);
    return order;
}

static int setup(sqlite3 *db, GPtrArray *tables, tstate *st, int region, char **why)
{
    for (guint i = 0; i < tables->len; i++) {
        tstate *s = &st[i];
        const cbec_wh_table *t = g_ptr_array_index(tables, i);
        GString *ins = g_string_new(NULL), *qs = g_string_new(NULL);
        s->t = t;
        s->ipk = rowid_column(db, t);
        s->hash_col = col_index(t, "content_hash");
        s->kind_col = col_index(t, "kind");
        s->ckind = g_new0(int, t->cols->len);
        s->ctarget = g_new0(int, t->cols->len);
        s->cowned = g_new0(int, t->cols->len);
        s->dropped = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
        s->lookups = g_ptr_array_new();
        read_keys(db, s);
        g_string_append_printf(ins, "INSERT INTO \"%s\" (", t->name);
        for (guint c = 0; c < t->cols->len; c++) {
            const char *col = g_ptr_array_index(t->cols, c);
            const cbec_region_ref *r = cbec_region_ref_of(t->name, col);
            g_string_append_printf(ins, "%s\"%s\"", c ? ", " : "", col);
            g_string_append_printf(qs, "%s?", c ? ", " : "");
            if ((int)c == s->ipk)
                s->ckind[c] = C_OFFSET;
            else if (region && strcmp(t->name, "source_file") == 0 && strcmp(col, "origin_zone") == 0)
                s->ckind[c] = C_ORIGIN;
            else if (r && strcmp(r->target, "@kind") == 0)
                s->ckind[c] = C_KIND_REF, s->cowned[c] = r->kind == CBEC_REF_OWNED;
            else if (r) {
                s->ckind[c] = r->kind == CBEC_REF_BKEY ? C_BKEY : C_REF;
                s->cowned[c] = r->kind == CBEC_REF_OWNED;
                s->ctarget[c] = table_index(tables, r->target);
                if (s->ctarget[c] < 0) {
                    *why = g_strdup_printf("table %s column %s refers to %s, which the dataset lacks", t->name, col,
                                           r->target);
                    g_string_free(ins, TRUE), g_string_free(qs, TRUE);
                    return -1;
                }
            }
        }
        g_string_append_printf(ins, ") VALUES (%s)", qs->str);
        g_string_free(qs, TRUE);
        if (sqlite3_prepare_v2(db, ins->str, -1, &s->ins, NULL) != SQLITE_OK) {
            *why = g_strdup_printf("table %s: %s", t->name, sqlite3_errmsg(db));
            g_string_free(ins, TRUE);
            return -1;
        }
        g_string_free(ins, TRUE);
        for (guint k = 0; k < s->keys->len; k++) {
            GArray *cols = g_ptr_array_index(s->keys, k);
            GString *q = g_string_new(NULL);
            sqlite3_stmt *ls = NULL;
            g_string_append_printf(q, "SELECT %s, %s FROM \"%s\" WHERE ", s->ipk >= 0 ? "rowid" : "NULL",
                                   s->hash_col >= 0 ? "content_hash" : "NULL", t->name);
            for (guint j = 0; j < cols->len; j++)
                g_string_append_printf(q, "%s\"%s\" IS ?%u", j ? " AND " : "",
                                       (char *)g_ptr_array_index(t->cols, g_array_index(cols, int, j)), j + 1);
            g_string_append(q, " LIMIT 1");
            if (sqlite3_prepare_v2(db, q->str, -1, &ls, NULL) != SQLITE_OK) {
                *why = g_strdup_printf("table %s: %s", t->name, sqlite3_errmsg(db));
                g_string_free(q, TRUE);
                return -1;
            }
            g_string_free(q, TRUE);
            g_ptr_array_add(s->lookups, ls);
        }
    }
    /* Only a table some reference points at needs its left-out rows remembered. */
    for (guint i = 0; i < tables->len; i++)
        for (guint c = 0; c < st[i].t->cols->len; c++)
            if (st[i].ckind[c] == C_REF || st[i].ckind[c] == C_BKEY)
                st[st[i].ctarget[c]].targeted = 1;
            else if (st[i].ckind[c] == C_KIND_REF)
                for (guint j = 0; j < tables->len; j++)
                    st[j].targeted = 1;
    return 0;
}

/* ---- one row ---------------------------------------------------------------------------- */

static void bind_val(sqlite3_stmt *s, int i, const val *v)
{
    if (v->null)
        sqlite3_bind_null(s, i);
    else if (v->is_int)
        sqlite3_bind_int64(s, i, v->i);
    else
        sqlite3_bind_text(s, i, v->own ? v->own : v->s, -1, SQLITE_STATIC);
}

static int parse_id(const char *text, int64_t *out)
{
    char *end;
    if (!text || !*text)
        return 0;
    *out = g_ascii_strtoll(text, &end, 10);
    return *end == '\0';
}

/* The kept row with the same business key as v (any key of the table whose values are all
 * known): 1 and its id (0 when the table has no row number) and whether its content differs. */
static int find_kept(tstate *s, const val *v, int64_t *kept, int *differs)
{
    for (guint k = 0; k < s->keys->len; k++) {
        GArray *cols = g_ptr_array_index(s->keys, k);
        sqlite3_stmt *l = g_ptr_array_index(s->lookups, k);
        int complete = 1, found;
        for (guint j = 0; j < cols->len; j++) {
            const val *x = &v[g_array_index(cols, int, j)];
            if (x->null)
                complete = 0;
            bind_val(l, (int)j + 1, x);
        }
        found = complete && sqlite3_step(l) == SQLITE_ROW;
        if (found) {
            const char *h = (const char *)sqlite3_column_text(l, 1);
            *kept = sqlite3_column_int64(l, 0);
            *differs = s->hash_col >= 0 && h && !v[s->hash_col].null &&
                       strcmp(h, v[s->hash_col].own ? v[s->hash_col].own : v[s->hash_col].s) != 0;
        }
        sqlite3_reset(l);
        sqlite3_clear_bindings(l);
        if (found)
            return 1;
    }
    return 0;
}

static void remember_left_out(tstate *s, const val *v, int64_t kept)
{
    int64_t *k, *x;
    if (!s->targeted || s->ipk < 0 || v[s->ipk].null)
        return;
    k = g_new(int64_t, 1);
    x = g_new(int64_t, 1);
    *k = v[s->ipk].i;
    *x = kept;
    g_hash_table_replace(s->dropped, k, x);
}

/* A reference to a moved id of target: 1 and the id to store, 0 when the row goes (its target
 * was left out and the row is owned by it, or no row was kept in its place). */
static int follow(tstate *target, int64_t id, int owned, int64_t *out)
{
    int64_t *kept = g_hash_table_lookup(target->dropped, &id);
    if (!kept) {
        *out = id;
        return 1;
    }
    if (owned || *kept == 0)
        return 0;
    *out = *kept;
    return 1;
}

typedef struct pull {
    PGconn *c;
    sqlite3 *db;
    GPtrArray *tables;
    tstate *st;
    int region;
    GHashTable *have;   /* "table.column" the warehouse has */
} pull;

/* One row of zone (moved by off) into the dataset, or left out and counted. */
static int put_row(pull *p, tstate *s, char **f, int64_t off, const char *zone, char **why)
{
    const cbec_wh_table *t = s->t;
    guint n = t->cols->len;
    val *v = g_newa(val, n);
    int leave = 0, rc = 0;

    memset(v, 0, sizeof(val) * n);
    for (guint c = 0; c < n && !leave; c++) {
        int64_t id, out;
        v[c].s = f[c];
        v[c].null = f[c] == NULL;
        switch (s->ckind[c]) {
        case C_ORIGIN:
            v[c].null = 0;
            v[c].s = zone;
            break;
        case C_OFFSET:
        case C_REF:
        case C_KIND_REF:
            if (v[c].null)
                break;
            if (!parse_id(f[c], &id)) {
                *why = g_strdup_printf("table %s column %s: \"%s\" is not a row number", t->name,
                                       (char *)g_ptr_array_index(t->cols, c), f[c]);
                return -1;
            }
            v[c].is_int = 1;
            v[c].i = id + off;
            if (s->ckind[c] == C_REF && !follow(&p->st[s->ctarget[c]], id + off, s->cowned[c], &out))
                leave = 1;
            else if (s->ckind[c] == C_REF)
                v[c].i = out;
            break;
        case C_BKEY:
            if (!v[c].null && g_str_has_prefix(f[c], "B:") && parse_id(f[c] + 2, &id)) {
                if (!follow(&p->st[s->ctarget[c]], id + off, 0, &out))
                    leave = 1;
                else
                    v[c].own = g_strdup_printf("B:%" PRId64, out);
            }
            break;
        default:
            break;
        }
    }
    /* finding.row_id: a row of the table its kind names */
    for (guint c = 0; c < n && !leave; c++)
        if (s->ckind[c] == C_KIND_REF && !v[c].null && s->kind_col >= 0 && !v[s->kind_col].null) {
            int k = table_index(p->tables, v[s->kind_col].s);
            int64_t out;
            if (k >= 0 && p->st[k].ipk >= 0) {
                if (!follow(&p->st[k], v[c].i, s->cowned[c], &out))
                    leave = 1;
                else
                    v[c].i = out;
            }
        }
    if (leave) {
        int64_t kept = 0;
        int differs = 0;
        s->children++;
        /* a left-out row others refer to: where its kept twin is, when its key finds one */
        if (s->targeted && s->ipk >= 0 && !find_kept(s, v, &kept, &differs))
            kept = 0;
        remember_left_out(s, v, kept);
        goto out;
    }
    {
        int64_t kept = 0;
        int differs = 0, r, ext;
        for (guint c = 0; c < n; c++)
            bind_val(s->ins, (int)c + 1, &v[c]);
        /* the store turns on extended result codes: SQLITE_CONSTRAINT_UNIQUE comes back itself */
        r = sqlite3_step(s->ins) & 0xff;
        ext = sqlite3_extended_errcode(p->db);
        if (r != SQLITE_DONE && !(r == SQLITE_CONSTRAINT && (ext == SQLITE_CONSTRAINT_UNIQUE ||
                                                             ext == SQLITE_CONSTRAINT_PRIMARYKEY)))
            *why = g_strdup_printf("table %s: %s", t->name, sqlite3_errmsg(p->db));
        sqlite3_reset(s->ins);
        sqlite3_clear_bindings(s->ins);
        if (r == SQLITE_CONSTRAINT && !*why) {
            if (!find_kept(s, v, &kept, &differs))
                kept = 0;
            s->dup++;
            s->differ += differs;
            remember_left_out(s, v, kept);
        } else if (r != SQLITE_DONE)
            rc = -1;
    }
out:
    for (guint c = 0; c < n; c++)
        g_free(v[c].own);
    return rc;
}

/* COPY text to a value in place: the escapes of copyrow.c undone; NULL for \N. */
static char *unescape(char *f)
{
    char *r = f, *w = f;
    if (strcmp(f, "\\N") == 0)
        return NULL;
    while (*r) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
            r++;
        } else
            *w++ = *r++;
    }
    *w = '\0';
    return f;
}

/* Declared keys are not constraints: a row whose declared key an earlier zone has is a twin. */
static int declared_twin(tstate *s, char **f, int64_t off, int64_t *kept, int *differs)
{
    val *v;
    guint n = s->t->cols->len;
    int found;
    if (!s->keys->len)
        return 0;
    for (size_t i = 0; i < G_N_ELEMENTS(declared_keys); i++)
        if (strcmp(declared_keys[i].table, s->t->name) == 0)
            goto declared;
    return 0;
declared:
    v = g_newa(val, n);
    memset(v, 0, sizeof(val) * n);
    for (guint c = 0; c < n; c++) {
        v[c].s = f[c];
        v[c].null = f[c] == NULL;
    }
    /* a twin of an earlier zone only: this zone's rows have ids from off on */
    found = find_kept(s, v, kept, differs) && *kept < off;
    return found;
}

static int pull_table_zone(pull *p, tstate *s, const char *zone, int64_t off, char **why)
{
    const cbec_wh_table *t = s->t;
    GString *sel = g_string_new("COPY (SELECT ");
    char *qt = g_strdup_printf("\"%s\"", t->name), *qz = PQescapeLiteral(p->c, zone, strlen(zone)), *line = NULL;
    /* one row's values, for every row of the table (not on the stack: a g_newa in the loop
     * would grow the stack by a row per row until it overflows) */
    char **vals = g_new0(char *, t->cols->len + 1);
    PGresult *r = NULL;
    int rc = -1, n;

    for (guint i = 0; i < t->cols->len; i++) {
        const char *col = g_ptr_array_index(t->cols, i);
        char *qc = cbec_pq_ident(col), *probe = g_strdup_printf("%s.%s", t->name, col);
        /* A column of a newer dataset schema than the zone published: NULL, as a migration gives it. */
        g_string_append_printf(sel, "%s%s", i ? ", " : "", g_hash_table_contains(p->have, probe) ? qc : "NULL");
        g_free(qc);
        g_free(probe);
    }
    g_string_append_printf(sel, " FROM %s WHERE \"zone\" = %s ORDER BY \"src_rowid\") TO STDOUT", qt, qz);
    r = PQexec(p->c, sel->str);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        *why = g_strdup_printf("table %s: %s", t->name, g_strchomp(PQresultErrorMessage(r)));
        goto out;
    }
    PQclear(r);
    r = NULL;
    while ((n = PQgetCopyData(p->c, &line, 0)) > 0) {
        char **f;
        guint nf;
        int64_t kept;
        int differs = 0;
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        f = g_strsplit(line, "\t", -1);
        nf = g_strv_length(f);
        PQfreemem(line);
        line = NULL;
        if (nf != t->cols->len) {
            *why = g_strdup_printf("table %s: a row of %u fields, %u expected", t->name, nf, t->cols->len);
            g_strfreev(f);
            goto drain;
        }
        {
            for (guint i = 0; i < nf; i++)
                vals[i] = unescape(f[i]);
            s->read++;
            if (p->region && declared_twin(s, vals, off, &kept, &differs)) {
                /* the row's own id, moved, points at the kept twin */
                val idv = {0};
                s->dup++;
                s->differ += differs;
                if (s->ipk >= 0 && vals[s->ipk] && parse_id(vals[s->ipk], &idv.i) && s->targeted) {
                    int64_t *k = g_new(int64_t, 1), *x = g_new(int64_t, 1);
                    *k = idv.i + off;
                    *x = kept;
                    g_hash_table_replace(s->dropped, k, x);
                }
            } else if (put_row(p, s, vals, off, zone, why)) {
                g_strfreev(f);
                goto drain;
            }
        }
        g_strfreev(f);
    }
    if (n == -2) {
        *why = g_strdup_printf("table %s: %s", t->name, g_strchomp(PQerrorMessage(p->c)));
        goto out;
    }
    r = PQgetResult(p->c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        *why = g_strdup_printf("table %s: %s", t->name, g_strchomp(PQresultErrorMessage(r)));
        goto out;
    }
    rc = 0;
    goto out;
drain:
    /* The rest of the COPY is read and dropped: the connection must be usable to close it. */
    while (PQgetCopyData(p->c, &line, 0) > 0) {
        PQfreemem(line);
        line = NULL;
    }
out:
    if (line)
        PQfreemem(line);
    PQclear(r);
    while ((r = PQgetResult(p->c)))
        PQclear(r);
    PQfreemem(qz);
    g_free(qt);
    g_free(vals);
    g_string_free(sel, TRUE);
    return rc;
}

/* ---- the zones ------------------------------------------------------------------------- */

typedef struct zone_row {
    char *code, *name, *published;
} zone_row;

static void zone_row_free(gpointer p)
{
    zone_row *z = p;
    g_free(z->code), g_free(z->name), g_free(z->published);
    g_free(z);
}

/* The zones to pull, in code order (byte order of the codes): every zone, or those asked for. */
static GPtrArray *zone_list(PGconn *c, const char *const *want, char **why)
{
    /* cbec_zone.name came with warehouse version 2: read through to_jsonb, so that a warehouse a
     * version-1 cbecflow keeps publishing to (no such column) still reports, with codes. */
    PGresult *r = cbec_pq_query(c, "SELECT zone, to_jsonb(z)->>'name', to_char(publish_finished AT TIME ZONE"
                                   " 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS+08:00') FROM cbec_zone z"
                                   " ORDER BY zone COLLATE \"C\"",
                                0, NULL, why);
    GPtrArray *zones;
    if (!r)
        return NULL;
    zones = g_ptr_array_new_with_free_func(zone_row_free);
    for (int i = 0; i < PQntuples(r); i++) {
        const char *code = PQgetvalue(r, i, 0);
        int wanted = !want;
        for (const char *const *w = want; w && *w && !wanted; w++)
            wanted = strcmp(*w, code) == 0;
        if (wanted) {
            zone_row *z = g_new0(zone_row, 1);
            z->code = g_strdup(code);
            z->name = PQgetisnull(r, i, 1) || !*PQgetvalue(r, i, 1) ? NULL : g_strdup(PQgetvalue(r, i, 1));
            z->published = PQgetisnull(r, i, 2) ? NULL : g_strdup(PQgetvalue(r, i, 2));
            g_ptr_array_add(zones, z);
        }
    }
    for (const char *const *w = want; w && *w; w++) {
        int found = 0;
        for (guint i = 0; i < zones->len && !found; i++)
            found = strcmp(((zone_row *)g_ptr_array_index(zones, i))->code, *w) == 0;
        if (!found) {
            *why = g_strdup_printf("the warehouse has no zone %s", *w);
            g_ptr_array_free(zones, TRUE);
            PQclear(r);
            return NULL;
        }
    }
    PQclear(r);
    if (!zones->len) {
        *why = g_strdup("the warehouse has no zone yet (nothing was published)");
        g_ptr_array_free(zones, TRUE);
        return NULL;
    }
    return zones;
}

static int own_table(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(own_tables); i++)
        if (strcmp(own_tables[i], name) == 0)
            return 1;
    return 0;
}

static int record_zone(sqlite3 *db, const zone_row *z, int position, int64_t rows, char **why)
{
    sqlite3_stmt *s;
    int ok;
    if (sqlite3_prepare_v2(db, "INSERT INTO region_zone (code, name, position, published_at, rows_pulled)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("cannot record the zones: %s", sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(s, 1, z->code, -1, SQLITE_STATIC);
    if (z->name)
        sqlite3_bind_text(s, 2, z->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, position);
    if (z->published)
        sqlite3_bind_text(s, 4, z->published, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, rows);
    ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_finalize(s);
    if (!ok)
        *why = g_strdup_printf("cannot record the zones: %s", sqlite3_errmsg(db));
    return ok ? 0 : -1;
}

static int record_overlap(sqlite3 *db, const char *table, const char *zone, const tstate *s, char **why)
{
    sqlite3_stmt *q;
    int ok;
    if (sqlite3_prepare_v2(db, "INSERT INTO region_overlap (table_name, code, duplicates, differing, children)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &q, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("cannot record the overlap: %s", sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, zone, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, s->dup);
    sqlite3_bind_int64(q, 4, s->differ);
    sqlite3_bind_int64(q, 5, s->children);
    ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    if (!ok)
        *why = g_strdup_printf("cannot record the overlap: %s", sqlite3_errmsg(db));
    return ok ? 0 : -1;
}

int cbec_wh_pull_zones(const char *uri, const char *const *want, int region, const char *path,
                       cbec_region_totals *totals, char **why)
{
    pull p = {0};
    cbec_store *st = NULL;
    GPtrArray *zones = NULL;
    GArray *order = NULL;
    PGresult *r = NULL;
    int64_t *zone_rows = NULL;
    GString *per_table = g_string_new(NULL);
    int rc = -1;
    gint64 t0 = g_get_monotonic_time();

    memset(totals, 0, sizeof *totals);
    p.region = region;
    p.have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p.c = PQconnectdb(uri);
    if (PQstatus(p.c) != CONNECTION_OK) {
        *why = g_strdup_printf("cannot connect to the warehouse: %s", g_strchomp(PQerrorMessage(p.c)));
        goto out;
    }
    /* One snapshot of the warehouse: a zone publishing meanwhile is read before or after. */
    if (PQsetClientEncoding(p.c, "UTF8") != 0 ||
        cbec_pq_exec(p.c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", why))
        goto out;
    if (!(zones = zone_list(p.c, want, why)))
        goto out;
    if (!(r = cbec_pq_query(p.c, "SELECT table_name || '.' || column_name FROM information_schema.columns"
                                 " WHERE table_schema = current_schema()", 0, NULL, why)))
        goto out;
    for (int i = 0; i < PQntuples(r); i++)
        g_hash_table_add(p.have, g_strdup(PQgetvalue(r, i, 0)));
    PQclear(r);
    r = NULL;
    if (cbec_store_open(path, 0, &st, why) != CBEC_ERR_NONE)
        goto out;
    p.db = cbec_store_db(st);
    sqlite3_exec(p.db, "PRAGMA foreign_keys=OFF; BEGIN", NULL, NULL, NULL);
    if (!(p.tables = cbec_wh_tables(p.db, why)))
        goto out;
    p.st = g_new0(tstate, p.tables->len);
    if (setup(p.db, p.tables, p.st, region, why))
        goto out;
    order = table_order(p.tables);
    totals->zones = (int)zones->len;
    zone_rows = g_new0(int64_t, zones->len);
    for (guint oi = 0; oi < order->len; oi++) {
        tstate *s = &p.st[g_array_index(order, int, oi)];
        char *probe = g_strdup_printf("%s.zone", s->t->name);
        int64_t kept_before = 0, read = 0;
        s->there = g_hash_table_contains(p.have, probe) && !own_table(s->t->name);
        g_free(probe);
        if (!s->there)
            continue;
        for (guint zi = 0; zi < zones->len; zi++) {
            const zone_row *z = g_ptr_array_index(zones, zi);
            int64_t off = region ? (int64_t)(zi + 1) << CBEC_REGION_SHIFT : 0;
            s->dup = s->differ = s->children = s->read = 0;
            kept_before = sqlite3_total_changes64(p.db);
            if (pull_table_zone(&p, s, z->code, off, why)) {
                char *w = *why;
                *why = g_strdup_printf("zone %s: %s", z->code, w);
                g_free(w);
                goto out;
            }
            read += s->read;
            totals->rows_read += s->read;
            totals->rows_kept += sqlite3_total_changes64(p.db) - kept_before;
            totals->duplicates += s->dup;
            totals->differing += s->differ;
            totals->children += s->children;
            if (strcmp(s->t->name, "orders") == 0)
                totals->orders_overlap += s->dup;
            zone_rows[zi] += s->read;
            if (s->dup || s->children) {
                cbec_info("pull: zone %s: %s: %" PRId64 " of %" PRId64 " rows left out (%" PRId64
                          " published by an earlier zone too, %" PRId64 " of them different; %" PRId64
                          " belonging to those)",
                          z->code, s->t->name, s->dup + s->children, s->read, s->dup, s->differ, s->children);
                if (region && record_overlap(p.db, s->t->name, z->code, s, why))
                    goto out;
            }
        }
        g_string_append_printf(per_table, "%s%s %" PRId64, per_table->len ? ", " : "", s->t->name, read);
    }
    if (region)
        for (guint zi = 0; zi < zones->len; zi++) {
            const zone_row *z = g_ptr_array_index(zones, zi);
            if (record_zone(p.db, z, (int)zi + 1, zone_rows[zi], why))
                goto out;
        }
    if (sqlite3_exec(p.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("cannot store the zones' rows: %s", sqlite3_errmsg(p.db));
        goto out;
    }
    cbec_info("pull: %d zone(s) in %.1f s: %" PRId64 " rows read, %" PRId64 " stored, %" PRId64
              " left out as published by an earlier zone too (%" PRId64 " of them different) and %" PRId64
              " with them; rows read per table: %s",
              totals->zones, (double)(g_get_monotonic_time() - t0) / 1e6, totals->rows_read, totals->rows_kept,
              totals->duplicates, totals->differing, totals->children, per_table->str);
    rc = 0;
out:
    PQclear(r);
    g_free(zone_rows);
    g_string_free(per_table, TRUE);
    if (p.st) {
        for (guint i = 0; i < p.tables->len; i++)
            tstate_free(&p.st[i]);
        g_free(p.st);
    }
    if (order)
        g_array_free(order, TRUE);
    if (p.tables)
        g_ptr_array_free(p.tables, TRUE);
    if (zones)
        g_ptr_array_free(zones, TRUE);
    if (st)
        cbec_store_close(st);
    g_hash_table_destroy(p.have);
    PQfinish(p.c);
    return rc;
}
