/* --for stats (issue 21 item 6): the statistics report's indicator tables as flat files with the
 * definitions.  The figures are the report's own model, built by its provider
 * (reports/providers): there is one copy of the definitions, and the export and the XLSX/PDF
 * report cannot disagree.  The model is loaded into temp tables so that the shared writer
 * streams it like every other table. */
#include <string.h>
#include <glib.h>

#include "core/store.h"
#include "exports/target.h"
#include "reports/model/model.h"
#include "reports/providers/providers.h"

static const char *type_name(cbec_rtype t)
{
    static const char *const names[] = {"text", "int", "money", "pct", "num", "date"};
    return (unsigned)t < G_N_ELEMENTS(names) ? names[t] : "text";
}

/* A cell with its type: counts and fen as integers, ratios and numbers as reals, else text. */
static void bind_cell(sqlite3_stmt *q, int i, const cbec_rcell *c, cbec_rtype t)
{
    if (c->null)
        sqlite3_bind_null(q, i);
    else if (t == CBEC_RT_INT || t == CBEC_RT_MONEY)
        sqlite3_bind_int64(q, i, c->i);
    else if (t == CBEC_RT_PCT || t == CBEC_RT_NUM)
        sqlite3_bind_double(q, i, c->d);
    else
        sqlite3_bind_text(q, i, c->s, -1, SQLITE_TRANSIENT);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The keys of a model hash table, sorted: the files list them in the same order every time. */
static GPtrArray *sorted_keys(GHashTable *h)
{
    GPtrArray *a = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(a, k);
    qsort(a->pdata, a->len, sizeof(gpointer), cmp_str);
    return a;
}

static cbec_err load_model(cbec_xctx *c, const cbec_rmodel *m, GPtrArray *tables, char **why)
{
    sqlite3_stmt *q = NULL;
    GPtrArray *keys;
    cbec_err rc = CBEC_ERR_DB;

    if (cbec_db_exec(c->db,
                     "CREATE TEMP TABLE x_st_indicators(indicator_id TEXT, type TEXT, current, previous_period,"
                     " last_year, period_from TEXT, period_to TEXT);"
                     "CREATE TEMP TABLE x_st_definitions(indicator_id TEXT, name TEXT, unit TEXT, dimensions TEXT,"
                     " definition TEXT)",
                     why) != CBEC_ERR_NONE)
        return rc;
    if (sqlite3_prepare_v2(c->db, "INSERT INTO x_st_indicators VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &q, NULL) !=
        SQLITE_OK)
        goto sqlerr;
    keys = sorted_keys(m->scalars);
    for (guint i = 0; i < keys->len; i++) {
        const cbec_rscalar *s = g_hash_table_lookup(m->scalars, g_ptr_array_index(keys, i));
        sqlite3_bind_text(q, 1, s->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, type_name(s->type), -1, SQLITE_STATIC);
        for (int p = 0; p < CBEC_P_N; p++)
            bind_cell(q, 3 + p, &s->v[p], s->type);
        sqlite3_bind_text(q, 6, cbec_rmodel_get_meta(m, "period_from"), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 7, cbec_rmodel_get_meta(m, "period_to"), -1, SQLITE_TRANSIENT);
        sqlite3_step(q);
        sqlite3_reset(q);
    }
    g_ptr_array_free(keys, TRUE);
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(c->db, "INSERT INTO x_st_definitions VALUES (?1, ?2, ?3, ?4, ?5)", -1, &q, NULL) !=
        SQLITE_OK)
        goto sqlerr;
    for (guint i = 0; i < m->defs->len; i++) {
        const cbec_rdef *d = g_ptr_array_index(m->defs, i);
        sqlite3_bind_text(q, 1, d->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, d->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 3, d->unit, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 4, d->dims, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 5, d->definition, -1, SQLITE_TRANSIENT);
        sqlite3_step(q);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    q = NULL;
    /* each aggregated table of the model: temp.x_st_<id> with the model's column ids */
    keys = sorted_keys(m->tables);
    for (guint i = 0; i < keys->len; i++) {
        const cbec_rtable *t = g_hash_table_lookup(m->tables, g_ptr_array_index(keys, i));
        GString *ddl = g_string_new(NULL), *ins = g_string_new(NULL);
        char *qid = sqlite3_mprintf("x_st_%w", t->id);
        g_string_printf(ddl, "CREATE TEMP TABLE \"%s\"(", qid);
        g_string_printf(ins, "INSERT INTO \"%s\" VALUES (", qid);
        for (int k = 0; k < t->ncols; k++) {
            char *col = sqlite3_mprintf("\"%w\"", t->col_ids[k]);
            g_string_append_printf(ddl, "%s%s", k ? ", " : "", col);
            g_string_append_printf(ins, "%s?%d", k ? ", " : "", k + 1);
            sqlite3_free(col);
        }
        g_string_append(ddl, ")");
        g_string_append(ins, ")");
        if (cbec_db_exec(c->db, ddl->str, why) != CBEC_ERR_NONE ||
            sqlite3_prepare_v2(c->db, ins->str, -1, &q, NULL) != SQLITE_OK) {
            g_string_free(ddl, TRUE);
            g_string_free(ins, TRUE);
            sqlite3_free(qid);
            g_ptr_array_free(keys, TRUE);
            goto sqlerr;
        }
        for (guint r = 0; r < t->rows->len; r++) {
            const cbec_rcell *cells = g_ptr_array_index(t->rows, r);
            for (int k = 0; k < t->ncols; k++)
                bind_cell(q, k + 1, &cells[k], t->col_types[k]);
            sqlite3_step(q);
            sqlite3_reset(q);
        }
        sqlite3_finalize(q);
        q = NULL;
        g_ptr_array_add(tables, g_strdup(t->id));
        g_string_free(ddl, TRUE);
        g_string_free(ins, TRUE);
        sqlite3_free(qid);
    }
    g_ptr_array_free(keys, TRUE);
    return CBEC_ERR_NONE;
sqlerr:
    if (!*why)
        *why = g_strdup_printf("stats: %s", sqlite3_errmsg(c->db));
    sqlite3_finalize(q);
    return rc;
}

cbec_err cbec_export_stats(cbec_xctx *c, char **why)
{
    cbec_report_provider provide = cbec_report_find_provider("statistics");
    cbec_report_ctx rc_ctx = {0};
    cbec_rmodel *m;
    GPtrArray *tables = g_ptr_array_new_with_free_func(g_free);
    const char *lang = cbec_config_get_def(c->cfg, "report", "lang", "zh");
    cbec_err rc;

    if (c->o->enterprise) {
        *why = g_strdup("--enterprise: the statistics are the zone's, not one enterprise's");
        g_ptr_array_free(tables, TRUE);
        return CBEC_ERR_USAGE;
    }
    m = cbec_rmodel_new("statistics", lang, c->date);
    rc_ctx.db = c->db;
    rc_ctx.cfg = c->cfg;
    rc_ctx.date = c->date;
    rc_ctx.lang = lang;
    rc_ctx.model = m;
    rc_ctx.period = c->period;
    if (!provide) {
        *why = g_strdup("the statistics provider is not registered");
        rc = CBEC_ERR_NOT_FOUND;
    } else {
        rc = provide(&rc_ctx, why);
    }
    if (rc == CBEC_ERR_NONE)
        rc = load_model(c, m, tables, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "stats_indicators", "SELECT * FROM x_st_indicators ORDER BY indicator_id", why);
    for (guint i = 0; rc == CBEC_ERR_NONE && i < tables->len; i++) {
        const char *id = g_ptr_array_index(tables, i);
        char *name = g_strdup_printf("stats_%s", id), *sql = sqlite3_mprintf("SELECT * FROM \"x_st_%w\"", id);
        rc = cbec_x_table(c, name, sql, why);
        g_free(name);
        sqlite3_free(sql);
    }
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "stats_definitions", "SELECT * FROM x_st_definitions", why);
    cbec_rmodel_free(m);
    g_ptr_array_free(tables, TRUE);
    return rc;
}
