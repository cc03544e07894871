/* Report templates: GKeyFile INI read at run time (template.h). */
#include <string.h>

#include "reports/model/template.h"

#ifndef CBEC_PKGDATADIR
#define CBEC_PKGDATADIR "/usr/local/share/cbecflow"
#endif

char *cbec_template_dir(const char *configured)
{
    const char *env = g_getenv("CBECFLOW_TEMPLATES"), *src = g_getenv("CBECFLOW_SRCDIR");
    if (configured && *configured)
        return g_strdup(configured);
    if (env && *env)
        return g_strdup(env);
    if (src && *src) {
        char *d = g_build_filename(src, "templates", NULL);
        if (g_file_test(d, G_FILE_TEST_IS_DIR))
            return d;
        g_free(d);
    }
    return g_build_filename(CBEC_PKGDATADIR, "templates", NULL);
}

/* Localised lookup in one key file: KEY[lang], else KEY (GKeyFile does the fallback). */
static char *lookup(GKeyFile *kf, const char *group, const char *key, const char *lang)
{
    if (!kf || !g_key_file_has_key(kf, group, key, NULL))
        return NULL;
    return g_key_file_get_locale_string(kf, group, key, lang, NULL);
}

const char *cbec_template_label(cbec_template *t, const char *group, const char *key, const char *def)
{
    char *ck = g_strconcat(group, "\x1f", key, NULL), *v;
    const char *hit = g_hash_table_lookup(t->cache, ck);

    if (hit) {
        g_free(ck);
        return hit;
    }
    v = lookup(t->kf, group, key, t->lang);
    if (!v)
        v = lookup(t->common, group, key, t->lang);
    if (!v) {
        g_free(ck);
        return def;
    }
    g_strstrip(v);
    g_hash_table_insert(t->cache, ck, v);
    return v;
}

const char *cbec_template_word(cbec_template *t, const char *key, const char *def)
{
    return cbec_template_label(t, "words", key, def);
}

const char *cbec_template_indicator(cbec_template *t, const char *id, const char *def)
{
    return cbec_template_label(t, "indicators", id, def);
}

const char *cbec_template_column(cbec_template *t, const cbec_tsection *s, const char *col_id)
{
    char *group = g_strconcat("section.", s->id, NULL), *key = g_strconcat("col.", col_id, NULL);
    const char *v = cbec_template_label(t, group, key, NULL);
    g_free(group);
    g_free(key);
    if (!v)
        v = cbec_template_label(t, "columns", col_id, col_id);
    return v;
}

static void section_free(gpointer p)
{
    cbec_tsection *s = p;
    g_free(s->id);
    g_free(s->title);
    g_free(s->sheet);
    g_free(s->note);
    g_strfreev(s->indicators);
    g_strfreev(s->sentences);
    g_strfreev(s->fallbacks);
    g_free(s->table);
    g_strfreev(s->columns);
    g_free(s->chart);
    g_free(s->chart_category);
    g_strfreev(s->chart_series);
    g_free(s->chart_title);
    g_free(s->chart_unit);
    g_free(s->detail);
    g_free(s);
}

void cbec_template_free(cbec_template *t)
{
    if (!t)
        return;
    if (t->sections)
        g_ptr_array_free(t->sections, TRUE);
    if (t->kf)
        g_key_file_free(t->kf);
    if (t->common)
        g_key_file_free(t->common);
    if (t->cache)
        g_hash_table_destroy(t->cache);
    g_free(t->kind);
    g_free(t->lang);
    g_free(t->dir);
    g_free(t->provider);
    g_free(t->title);
    g_free(t->subtitle);
    g_free(t->issuer);
    g_free(t->file_stem);
    g_free(t);
}

static char **list(GKeyFile *kf, const char *group, const char *key)
{
    char **v = g_key_file_get_string_list(kf, group, key, NULL, NULL);
    guint i;
    if (!v)
        return g_new0(char *, 1);
    for (i = 0; v[i]; i++)
        g_strstrip(v[i]);
    return v;
}

static char *str(GKeyFile *kf, const char *group, const char *key, const char *def)
{
    char *v = g_key_file_get_string(kf, group, key, NULL);
    if (!v)
        return def ? g_strdup(def) : NULL;
    return g_strstrip(v);
}

static int flag(GKeyFile *kf, const char *group, const char *key, int def)
{
    char *v = str(kf, group, key, NULL);
    int r = def;
    if (v)
        r = (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
    g_free(v);
    return r;
}

static char *loc(cbec_template *t, const char *group, const char *key, const char *def)
{
    const char *v = cbec_template_label(t, group, key, def);
    return v ? g_strdup(v) : NULL;
}

static int parse_section(cbec_template *t, const char *id, char **why)
{
    char *group = g_strconcat("section.", id, NULL), *type = NULL, *where = NULL, *show = NULL;
    cbec_tsection *s = NULL;
    int ok = 0;

    if (!g_key_file_has_group(t->kf, group)) {
        *why = g_strdup_printf("template %s: section '%s' is listed but [%s] is missing", t->kind, id, group);
        goto done;
    }
    s = g_new0(cbec_tsection, 1);
    s->id = g_strdup(id);
    type = str(t->kf, group, "type", "table");
    if (strcmp(type, "figures") == 0)
        s->type = CBEC_SEC_FIGURES;
    else if (strcmp(type, "text") == 0)
        s->type = CBEC_SEC_TEXT;
    else if (strcmp(type, "table") == 0)
        s->type = CBEC_SEC_TABLE;
    else if (strcmp(type, "detail") == 0)
        s->type = CBEC_SEC_DETAIL;
    else if (strcmp(type, "definitions") == 0)
        s->type = CBEC_SEC_DEFINITIONS;
    else {
        *why = g_strdup_printf("template %s: section '%s' has unknown type '%s'", t->kind, id, type);
        goto done;
    }
    s->title = loc(t, group, "title", id);
    s->sheet = loc(t, group, "sheet", s->title);
    s->note = loc(t, group, "note", NULL);
    where = str(t->kf, group, "where", s->type == CBEC_SEC_DETAIL ? "xlsx" : "both");
    s->in_xlsx = strcmp(where, "pdf") != 0;
    s->in_pdf = strcmp(where, "xlsx") != 0;
    s->indicators = list(t->kf, group, "indicators");
    s->columns = list(t->kf, group, "columns");
    s->table = str(t->kf, group, "table", NULL);
    s->detail = str(t->kf, group, "detail", NULL);
    s->top = g_key_file_get_integer(t->kf, group, "top", NULL);
    s->pdf_count = g_key_file_get_integer(t->kf, group, "pdf_count", NULL);
    s->chart = str(t->kf, group, "chart", "none");
    s->chart_category = str(t->kf, group, "chart_category", NULL);
    s->chart_series = list(t->kf, group, "chart_series");
    s->chart_title = loc(t, group, "chart_title", s->title);
    s->page_break = flag(t->kf, group, "page_break", 0);
    s->chart_unit = loc(t, group, "chart_unit", NULL);
    {
        char *sort = str(t->kf, group, "chart_sort", strcmp(s->chart, "bar") == 0 ? "value" : "none");
        s->chart_sort = strcmp(sort, "value") == 0;
        g_free(sort);
    }
    show = str(t->kf, group, "pdf_show", "both");
    s->pdf_table = strcmp(show, "chart") != 0;
    s->pdf_chart = strcmp(show, "table") != 0 && strcmp(s->chart, "none") != 0;
    if (s->type == CBEC_SEC_TEXT) {
        /* Sentences: sentence.N keys, localised, in key order given by the list "sentences". */
        char **ids = list(t->kf, group, "sentences");
        GPtrArray *out = g_ptr_array_new(), *fb = g_ptr_array_new();
        guint i;
        for (i = 0; ids[i]; i++) {
            char *sg = g_strconcat("sentence.", ids[i], NULL);
            const char *text = cbec_template_label(t, sg, "text", NULL);
            const char *alt = cbec_template_label(t, sg, "fallback", "");
            if (text) {
                g_ptr_array_add(out, g_strdup(text));
                g_ptr_array_add(fb, g_strdup(alt));
            }
            g_free(sg);
        }
        g_ptr_array_add(out, NULL);
        g_ptr_array_add(fb, NULL);
        s->sentences = (char **)g_ptr_array_free(out, FALSE);
        s->fallbacks = (char **)g_ptr_array_free(fb, FALSE);
        g_strfreev(ids);
    }
    if (s->type == CBEC_SEC_TABLE && !s->table) {
        *why = g_strdup_printf("template %s: table section '%s' names no table", t->kind, id);
        goto done;
    }
    if (s->type == CBEC_SEC_DETAIL && !s->detail) {
        *why = g_strdup_printf("template %s: detail section '%s' names no detail", t->kind, id);
        goto done;
    }
    g_ptr_array_add(t->sections, s);
    s = NULL;
    ok = 1;
done:
    if (s)
        section_free(s);
    g_free(group);
    g_free(type);
    g_free(where);
    g_free(show);
    return ok;
}

cbec_template *cbec_template_load(const char *dir, const char *kind, const char *lang, char **why)
{
    cbec_template *t = g_new0(cbec_template, 1);
    char *path = NULL, *cpath = NULL, **ids = NULL;
    GError *gerr = NULL;
    guint i;
    int ok = 0;

    t->kind = g_strdup(kind);
    t->lang = g_strdup(lang && strcmp(lang, "en") == 0 ? "en" : "zh");
    t->dir = g_strdup(dir);
    t->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    t->sections = g_ptr_array_new_with_free_func(section_free);
    t->kf = g_key_file_new();
    t->common = g_key_file_new();
    path = g_strdup_printf("%s/%s.tpl", dir, kind);
    if (!g_key_file_load_from_file(t->kf, path, G_KEY_FILE_KEEP_TRANSLATIONS, &gerr)) {
        *why = g_strdup_printf("cannot read template %s: %s", path, gerr->message);
        goto done;
    }
    cpath = g_build_filename(dir, "common.tpl", NULL);
    if (g_file_test(cpath, G_FILE_TEST_EXISTS) &&
        !g_key_file_load_from_file(t->common, cpath, G_KEY_FILE_KEEP_TRANSLATIONS, &gerr)) {
        *why = g_strdup_printf("cannot read template %s: %s", cpath, gerr->message);
        goto done;
    }
    t->provider = str(t->kf, "report", "provider", kind);
    t->title = loc(t, "report", "title", kind);
    t->subtitle = loc(t, "report", "subtitle", "");
    t->issuer = loc(t, "report", "issuer", "");
    t->file_stem = str(t->kf, "report", "file", kind);
    t->detail_rows = (long)g_key_file_get_int64(t->kf, "report", "detail_rows", NULL);
    if (t->detail_rows <= 0 || t->detail_rows > 1048575)
        t->detail_rows = 1048575;   /* Excel: 1,048,576 rows including the header */
    ids = list(t->kf, "report", "sections");
    if (!ids[0]) {
        *why = g_strdup_printf("template %s lists no sections ([report] sections = a;b;c)", path);
        goto done;
    }
    for (i = 0; ids[i]; i++)
        if (!parse_section(t, ids[i], why))
            goto done;
    ok = 1;
done:
    if (gerr)
        g_error_free(gerr);
    g_strfreev(ids);
    g_free(path);
    g_free(cpath);
    if (!ok) {
        cbec_template_free(t);
        return NULL;
    }
    return t;
}
