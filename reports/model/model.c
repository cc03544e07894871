/* The in-memory report model (model.h): small, aggregated, language-resolved. */
#include <stdarg.h>
#include <string.h>

#include "reports/model/model.h"

static void cell_clear(cbec_rcell *c)
{
    g_free(c->s);
    memset(c, 0, sizeof *c);
    c->null = 1;
}

static void scalar_free(gpointer p)
{
    cbec_rscalar *s = p;
    int i;
    for (i = 0; i < CBEC_P_N; i++)
        cell_clear(&s->v[i]);
    g_free(s->id);
    g_free(s);
}

static void table_free(gpointer p)
{
    cbec_rtable *t = p;
    guint r;
    int c;
    for (r = 0; r < t->rows->len; r++) {
        cbec_rcell *cells = g_ptr_array_index(t->rows, r);
        for (c = 0; c < t->ncols; c++)
            cell_clear(&cells[c]);
        g_free(cells);
    }
    g_ptr_array_free(t->rows, TRUE);
    g_free(t->col_kinds);
    for (c = 0; c < t->ncols; c++)
        g_free(t->col_units[c]);
    g_free(t->col_units);
    g_strfreev(t->col_ids);
    g_free(t->col_types);
    g_free(t->id);
    g_free(t);
}

static void detail_free(gpointer p)
{
    cbec_rdetail *d = p;
    g_strfreev(d->col_ids);
    g_free(d->col_types);
    g_free(d->sql);
    g_free(d->id);
    g_ptr_array_free(d->params, TRUE);
    g_free(d);
}

static void def_free(gpointer p)
{
    cbec_rdef *d = p;
    g_free(d->id);
    g_free(d->name);
    g_free(d->unit);
    g_free(d->dims);
    g_free(d->definition);
    g_free(d);
}

cbec_rmodel *cbec_rmodel_new(const char *kind, const char *lang, const char *date)
{
    cbec_rmodel *m = g_new0(cbec_rmodel, 1);
    m->kind = g_strdup(kind);
    m->lang = g_strdup(lang ? lang : "zh");
    m->date = g_strdup(date);
    m->meta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    m->scalars = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, scalar_free);
    m->tables = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, table_free);
    m->details = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, detail_free);
    m->defs = g_ptr_array_new_with_free_func(def_free);
    return m;
}

void cbec_rmodel_free(cbec_rmodel *m)
{
    if (!m)
        return;
    g_hash_table_destroy(m->meta);
    g_hash_table_destroy(m->scalars);
    g_hash_table_destroy(m->tables);
    g_hash_table_destroy(m->details);
    g_ptr_array_free(m->defs, TRUE);
    g_free(m->kind);
    g_free(m->lang);
    g_free(m->date);
    g_free(m);
}

void cbec_rmodel_meta(cbec_rmodel *m, const char *key, const char *value)
{
    g_hash_table_replace(m->meta, g_strdup(key), g_strdup(value ? value : ""));
}

const char *cbec_rmodel_get_meta(const cbec_rmodel *m, const char *key)
{
    return g_hash_table_lookup(m->meta, key);
}

cbec_rscalar *cbec_rmodel_scalar(cbec_rmodel *m, const char *id, cbec_rtype type)
{
    cbec_rscalar *s = g_new0(cbec_rscalar, 1);
    int i;
    s->id = g_strdup(id);
    s->type = type;
    for (i = 0; i < CBEC_P_N; i++)
        s->v[i].null = 1;
    g_hash_table_replace(m->scalars, s->id, s);
    return s;
}

void cbec_rscalar_set_i(cbec_rscalar *s, int period, int64_t v)
{
    s->v[period].null = 0;
    s->v[period].i = v;
    s->v[period].d = (double)v;
}

void cbec_rscalar_set_d(cbec_rscalar *s, int period, double v)
{
    s->v[period].null = 0;
    s->v[period].d = v;
}

const cbec_rscalar *cbec_rmodel_get_scalar(const cbec_rmodel *m, const char *id)
{
    return g_hash_table_lookup(m->scalars, id);
}

double cbec_rcell_as_double(const cbec_rcell *c, cbec_rtype t)
{
    if (c->null)
        return 0;
    if (t == CBEC_RT_MONEY)
        return (double)c->i / 100.0;
    if (t == CBEC_RT_INT)
        return (double)c->i;
    return c->d;
}

int cbec_rscalar_change(const cbec_rscalar *s, int p, double *out)
{
    double cur, base;
    if (s->v[CBEC_P_CUR].null || s->v[p].null)
        return 0;
    cur = cbec_rcell_as_double(&s->v[CBEC_P_CUR], s->type);
    base = cbec_rcell_as_double(&s->v[p], s->type);
    if (base == 0)
        return 0;
    *out = (cur - base) / base;
    return 1;
}

int cbec_rtype_parse(const char *name)
{
    static const char *const names[] = {"text", "int", "money", "pct", "num", "date"};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

/* "id:type;id:type" into ids and types. */
static int parse_cols(const char *cols, char ***ids, cbec_rtype **types)
{
    char **parts = g_strsplit(cols, ";", -1);
    int n = (int)g_strv_length(parts), i;
    *ids = g_new0(char *, n + 1);
    *types = g_new0(cbec_rtype, n > 0 ? n : 1);
    for (i = 0; i < n; i++) {
        char *colon = strchr(parts[i], ':');
        int t = colon ? cbec_rtype_parse(colon + 1) : CBEC_RT_TEXT;
        (*ids)[i] = colon ? g_strndup(parts[i], (gsize)(colon - parts[i])) : g_strdup(parts[i]);
        (*types)[i] = t < 0 ? CBEC_RT_TEXT : (cbec_rtype)t;
    }
    g_strfreev(parts);
    return n;
}

cbec_rtable *cbec_rmodel_table(cbec_rmodel *m, const char *id, const char *cols)
{
    cbec_rtable *t = g_new0(cbec_rtable, 1);
    t->id = g_strdup(id);
    t->ncols = parse_cols(cols, &t->col_ids, &t->col_types);
    t->rows = g_ptr_array_new();
    t->col_kinds = g_new0(cbec_rkind, t->ncols > 0 ? t->ncols : 1);
    t->col_units = g_new0(char *, t->ncols > 0 ? t->ncols : 1);
    g_hash_table_replace(m->tables, t->id, t);
    return t;
}

cbec_rcell *cbec_rtable_row(cbec_rtable *t)
{
    cbec_rcell *cells = g_new0(cbec_rcell, t->ncols);
    int c;
    for (c = 0; c < t->ncols; c++)
        cells[c].null = 1;
    g_ptr_array_add(t->rows, cells);
    t->last_is_total = 0;   /* a total is the last row only */
    return cells;
}

int cbec_rtable_col(const cbec_rtable *t, const char *col_id)
{
    int c;
    for (c = 0; c < t->ncols; c++)
        if (strcmp(t->col_ids[c], col_id) == 0)
            return c;
    return -1;
}

const cbec_rtable *cbec_rmodel_get_table(const cbec_rmodel *m, const char *id)
{
    return g_hash_table_lookup(m->tables, id);
}

void cbec_rtable_mark_total(cbec_rtable *t)
{
    t->last_is_total = t->rows->len > 0;
}

void cbec_rtable_col_kind(cbec_rtable *t, const char *col_id, cbec_rkind kind, const char *unit)
{
    int c = cbec_rtable_col(t, col_id);
    if (c < 0)
        return;
    t->col_kinds[c] = kind;
    g_free(t->col_units[c]);
    t->col_units[c] = unit && *unit ? g_strdup(unit) : NULL;
}

cbec_rkind cbec_rkind_of_type(cbec_rtype type)
{
    switch (type) {
    case CBEC_RT_INT:
        return CBEC_RK_COUNT;
    case CBEC_RT_MONEY:
        return CBEC_RK_MONEY;
    case CBEC_RT_PCT:
        return CBEC_RK_RATIO;
    default:
        return CBEC_RK_MEASURE;
    }
}

cbec_rkind cbec_rtable_kind(const cbec_rtable *t, int col)
{
    if (col < 0 || col >= t->ncols)
        return CBEC_RK_MEASURE;
    return t->col_kinds[col] != CBEC_RK_AUTO ? t->col_kinds[col] : cbec_rkind_of_type(t->col_types[col]);
}

const char *cbec_rtable_unit(const cbec_rtable *t, int col)
{
    return col >= 0 && col < t->ncols ? t->col_units[col] : NULL;
}

cbec_rdetail *cbec_rmodel_detail(cbec_rmodel *m, const char *id, const char *cols, const char *sql, ...)
{
    cbec_rdetail *d = g_new0(cbec_rdetail, 1);
    va_list ap;
    const char *p;
    d->id = g_strdup(id);
    d->sql = g_strdup(sql);
    d->ncols = parse_cols(cols, &d->col_ids, &d->col_types);
    d->params = g_ptr_array_new_with_free_func(g_free);
    va_start(ap, sql);
    while ((p = va_arg(ap, const char *)) != NULL)
        g_ptr_array_add(d->params, g_strdup(p));
    va_end(ap);
    g_hash_table_replace(m->details, d->id, d);
    return d;
}

const cbec_rdetail *cbec_rmodel_get_detail(const cbec_rmodel *m, const char *id)
{
    return g_hash_table_lookup(m->details, id);
}

void cbec_rmodel_def(cbec_rmodel *m, const char *id, const char *name, const char *unit, const char *dims,
                     const char *definition)
{
    cbec_rdef *d = g_new0(cbec_rdef, 1);
    d->id = g_strdup(id);
    d->name = g_strdup(name ? name : id);
    d->unit = g_strdup(unit ? unit : "");
    d->dims = g_strdup(dims ? dims : "");
    d->definition = g_strdup(definition ? definition : "");
    g_ptr_array_add(m->defs, d);
}

static void scale_cell(cbec_rcell *c, cbec_rtype t, int k)
{
    if (c->null)
        return;
    if (t == CBEC_RT_MONEY || t == CBEC_RT_INT) {
        c->i *= k;
        c->d = (double)c->i;
    }
}

void cbec_rmodel_scale(cbec_rmodel *m, int k)
{
    GHashTableIter it;
    gpointer v;
    guint r;
    int c, p;

    g_hash_table_iter_init(&it, m->scalars);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        cbec_rscalar *s = v;
        for (p = 0; p < CBEC_P_N; p++)
            scale_cell(&s->v[p], s->type, k);
    }
    g_hash_table_iter_init(&it, m->tables);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        cbec_rtable *t = v;
        for (r = 0; r < t->rows->len; r++) {
            cbec_rcell *cells = g_ptr_array_index(t->rows, r);
            for (c = 0; c < t->ncols; c++)
                scale_cell(&cells[c], t->col_types[c], k);
        }
    }
}
