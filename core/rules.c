/* The one rule-file loader (rules.h): finding, parsing with line numbers, typed getters. */
#include "cbecflow-build.h"

#include <string.h>
#include <glib.h>

#include "core/base/decimal.h"
#include "core/base/log.h"
#include "core/rules.h"

#ifndef CBEC_PKGDATADIR
#define CBEC_PKGDATADIR "/usr/local/share/cbecflow"
#endif

struct cbec_rules {
    GKeyFile *kf;
    char *path;
    char *version;
    GHashTable *line;   /* "group\x1fkey" -> line number, so an error can point at the line */
    char *error;        /* the first value a getter could not read */
};

char *cbec_rules_find(const cbec_config *cfg, const char *section, const char *key, const char *name)
{
    char *path = cfg && section && key ? cbec_config_get_path(cfg, section, key) : NULL;
    const char *srcdir = g_getenv("CBECFLOW_SRCDIR");
    char *cand[2];

    if (path)
        return path;
    /* The source tree named in the environment wins over an installed copy: a developer who
     * sets CBECFLOW_SRCDIR means that tree's files. */
    cand[0] = srcdir && *srcdir ? g_build_filename(srcdir, "etc", name, NULL) : NULL;
    cand[1] = g_build_filename(CBEC_PKGDATADIR, name, NULL);
    for (int i = 0; i < 2 && !path; i++)
        if (cand[i] && g_file_test(cand[i], G_FILE_TEST_IS_REGULAR))
            path = g_strdup(cand[i]);
    g_free(cand[0]);
    g_free(cand[1]);
    return path;
}

static char *line_key(const char *group, const char *key) { return g_strconcat(group, "\x1f", key, NULL); }

/* GKeyFile says what is wrong but not where: one pass over the lines finds the line of each
 * key and refuses, with its number, a line that is neither a group, a key nor a comment. */
static int index_lines(cbec_rules *r, const char *text, char **why)
{
    char **lines = g_strsplit(text, "\n", -1);
    char *group = NULL;
    int ok = 1;

    for (int n = 0; lines[n] && ok; n++) {
        char *l = g_strstrip(lines[n]);
        char *eq;
        if (!*l || *l == '#')
            continue;
        if (*l == '[') {
            char *end = strrchr(l, ']');
            if (!end || end[1]) {
                *why = g_strdup_printf("%s:%d: \"%s\" is not a [group] line", r->path, n + 1, l);
                ok = 0;
                break;
            }
            g_free(group);
            group = g_strndup(l + 1, (gsize)(end - l - 1));
            continue;
        }
        eq = strchr(l, '=');
        if (!eq || eq == l) {
            *why = g_strdup_printf("%s:%d: \"%s\" is not \"key = value\", a [group] or a # comment", r->path, n + 1, l);
            ok = 0;
        } else if (!group) {
            *why = g_strdup_printf("%s:%d: \"%s\" comes before any [group]", r->path, n + 1, l);
            ok = 0;
        } else {
            *eq = '\0';
            g_hash_table_replace(r->line, line_key(group, g_strchomp(l)), GINT_TO_POINTER(n + 1));
        }
    }
    g_free(group);
    g_strfreev(lines);
    return ok;
}

static cbec_rules *rules_new(void)
{
    cbec_rules *r = g_new0(cbec_rules, 1);
    r->kf = g_key_file_new();
    r->line = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return r;
}

cbec_err cbec_rules_load_file(const char *path, const char *vgroup, cbec_rules **out, char **why)
{
    cbec_rules *r = rules_new();
    GError *gerr = NULL;
    char *text = NULL;
    gsize len = 0;

    *out = NULL;
    if (path) {
        r->path = g_strdup(path);
        if (!g_file_get_contents(path, &text, &len, &gerr)) {
            *why = g_strdup_printf("cannot read rules %s: %s", path, gerr->message);
            goto fail;
        }
        if (!index_lines(r, text, why))
            goto fail;
        /* Translations (name[zh]) are kept whatever the process locale: reports choose the language. */
        if (!g_key_file_load_from_data(r->kf, text, len, G_KEY_FILE_KEEP_TRANSLATIONS, &gerr)) {
            *why = g_strdup_printf("cannot read rules %s: %s", path, gerr->message);
            goto fail;
        }
    }
    r->version = vgroup ? cbec_rules_text(r, vgroup, "version", NULL) : NULL;
    if (!r->version || !*r->version) {
        g_free(r->version);
        r->version = g_strdup(path ? "unversioned" : "builtin");
    }
    g_free(text);
    *out = r;
    return CBEC_ERR_NONE;
fail:
    if (gerr)
        g_error_free(gerr);
    g_free(text);
    cbec_rules_free(r);
    return CBEC_ERR_CONFIG;
}

cbec_err cbec_rules_load(const cbec_config *cfg, const char *section, const char *key, const char *name,
                         const char *vgroup, cbec_rules **out, char **why)
{
    char *path = cbec_rules_find(cfg, section, key, name);
    cbec_err rc;
    if (!path)
        cbec_warn("no %s found; using built-in defaults", name);
    rc = cbec_rules_load_file(path, vgroup, out, why);
    if (rc == CBEC_ERR_NONE && path)
        cbec_debug("rules %s (version %s)", path, (*out)->version);
    g_free(path);
    return rc;
}

void cbec_rules_free(cbec_rules *r)
{
    if (!r)
        return;
    g_key_file_free(r->kf);
    g_hash_table_destroy(r->line);
    g_free(r->path);
    g_free(r->version);
    g_free(r->error);
    g_free(r);
}

const char *cbec_rules_version(const cbec_rules *r) { return r->version; }

const char *cbec_rules_path(const cbec_rules *r) { return r->path; }

int cbec_rules_has(const cbec_rules *r, const char *group) { return g_key_file_has_group(r->kf, group); }

int cbec_rules_has_key(const cbec_rules *r, const char *group, const char *key)
{
    return g_key_file_has_key(r->kf, group, key, NULL);
}

char **cbec_rules_groups(const cbec_rules *r) { return g_key_file_get_groups(r->kf, NULL); }

char **cbec_rules_keys(const cbec_rules *r, const char *group)
{
    char **keys = g_key_file_get_keys(r->kf, group, NULL, NULL);
    return keys ? keys : g_new0(char *, 1);
}

const char *cbec_rules_error(const cbec_rules *r) { return r->error; }

void cbec_rules_fail(const cbec_rules *r, const char *group, const char *key, const char *what)
{
    /* The getters take const rules: remembering an error is bookkeeping, not a change of the rules. */
    cbec_rules *w = (cbec_rules *)r;
    char *k;
    int line;
    if (w->error)
        return;
    k = line_key(group, key);
    line = GPOINTER_TO_INT(g_hash_table_lookup(w->line, k));
    g_free(k);
    if (line)
        w->error = g_strdup_printf("%s:%d: [%s] %s: %s", w->path, line, group, key, what);
    else
        w->error = g_strdup_printf("%s: [%s] %s: %s", w->path ? w->path : "rules", group, key, what);
}

char *cbec_rules_text(const cbec_rules *r, const char *group, const char *key, const char *def)
{
    char *v = g_key_file_get_string(r->kf, group, key, NULL);
    if (!v)
        return g_strdup(def);
    return g_strstrip(v);
}

char *cbec_rules_text_lang(const cbec_rules *r, const char *group, const char *key, const char *lang)
{
    char *v;
    if (!g_key_file_has_key(r->kf, group, key, NULL))
        return NULL;
    v = g_key_file_get_locale_string(r->kf, group, key, lang, NULL);
    return v ? g_strstrip(v) : NULL;
}

char **cbec_rules_list(const cbec_rules *r, const char *group, const char *key, const char *def)
{
    char *text = cbec_rules_text(r, group, key, def);
    char **raw = g_strsplit(text ? text : "", ";", -1);
    GPtrArray *out = g_ptr_array_new();
    for (char **p = raw; *p; p++) {
        char *s = g_strstrip(*p);
        if (*s)
            g_ptr_array_add(out, g_strdup(s));
    }
    g_ptr_array_add(out, NULL);
    g_strfreev(raw);
    g_free(text);
    return (char **)g_ptr_array_free(out, FALSE);
}

int cbec_rules_bool(const cbec_rules *r, const char *group, const char *key, int def)
{
    static const char *const yes[] = {"true", "yes", "1"}, *const no[] = {"false", "no", "0"};
    char *v = cbec_rules_text(r, group, key, NULL);
    int res = -1;
    if (!v)
        return def;
    for (size_t i = 0; i < G_N_ELEMENTS(yes) && res < 0; i++)
        if (g_ascii_strcasecmp(v, yes[i]) == 0)
            res = 1;
        else if (g_ascii_strcasecmp(v, no[i]) == 0)
            res = 0;
    if (res < 0) {
        char *what = g_strdup_printf("\"%s\" is not true or false", v);
        cbec_rules_fail(r, group, key, what);
        g_free(what);
        res = def;
    }
    g_free(v);
    return res;
}

int64_t cbec_rules_int(const cbec_rules *r, const char *group, const char *key, int64_t def)
{
    char *v = cbec_rules_text(r, group, key, NULL);
    int64_t out = def;
    if (v && cbec_decimal_parse(v, 0, &out) != CBEC_DEC_EXACT) {
        char *what = g_strdup_printf("\"%s\" is not an integer", v);
        cbec_rules_fail(r, group, key, what);
        g_free(what);
        out = def;
    }
    g_free(v);
    return out;
}

int64_t cbec_rules_scaled(const cbec_rules *r, const char *group, const char *key, unsigned scale, int64_t def)
{
    char *v = cbec_rules_text(r, group, key, NULL);
    int64_t out = def;
    if (v) {
        int pr = cbec_decimal_parse(v, scale, &out);
        if (pr != CBEC_DEC_EXACT && pr != CBEC_DEC_ROUNDED) {
            char *what = g_strdup_printf("\"%s\" is not a decimal number", v);
            cbec_rules_fail(r, group, key, what);
            g_free(what);
            out = def;
        }
    }
    g_free(v);
    return out;
}

double cbec_rules_real(const cbec_rules *r, const char *group, const char *key, double def)
{
    /* Ratios and weights only: 6 decimals keep them exact enough and locale-free. */
    int64_t micro = cbec_rules_scaled(r, group, key, 6, (int64_t)(def * 1e6 + (def < 0 ? -0.5 : 0.5)));
    return (double)micro / 1e6;
}
