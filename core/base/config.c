/* Configuration: a GKeyFile plus a table of command-line overrides. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/config.h"

struct cbec_config {
    GKeyFile *kf;
    GHashTable *overrides;   /* "section\x1fkey" -> value */
    char *path;
    char *dir;
    GHashTable *lines;       /* "section\x1fkey" -> line in the file (GINT_TO_POINTER) */
    GHashTable *cli;         /* "section\x1fkey" set by -o (a set) */
};

static char *override_key(const char *section, const char *key)
{
    return g_strconcat(section, "\x1f", key, NULL);
}

/* GKeyFile keeps no line numbers, and a config error must name file:line: one pass over
 * the text records where each [section] and key = line is (the last one wins, as in GKeyFile).
 * A section's own line is stored under "section\x1f". */
static void scan_lines(cbec_config *cfg, const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    char *section = g_strdup("");

    for (int i = 0; lines[i]; i++) {
        char *l = g_strstrip(lines[i]);
        char *eq;
        if (*l == '[') {
            char *end = strchr(l, ']');
            if (end) {
                g_free(section);
                section = g_strndup(l + 1, (gsize)(end - l - 1));
                g_hash_table_insert(cfg->lines, override_key(section, ""), GINT_TO_POINTER(i + 1));
            }
        } else if (*l && *l != '#' && (eq = strchr(l, '='))) {
            char *key = g_strstrip(g_strndup(l, (gsize)(eq - l)));
            g_hash_table_insert(cfg->lines, override_key(section, key), GINT_TO_POINTER(i + 1));
            g_free(key);
        }
    }
    g_free(section);
    g_strfreev(lines);
}

cbec_err cbec_config_load(const char *path, cbec_config **out, char **why)
{
    cbec_config *cfg = g_new0(cbec_config, 1);
    GError *gerr = NULL;

    cfg->kf = g_key_file_new();
    cfg->overrides = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    cfg->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    cfg->cli = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (path) {
        char *text = NULL;
        if (!g_key_file_load_from_file(cfg->kf, path, G_KEY_FILE_NONE, &gerr)) {
            *why = g_strdup_printf("cannot read config %s: %s", path, gerr->message);
            g_error_free(gerr);
            cbec_config_free(cfg);
            *out = NULL;
            return CBEC_ERR_CONFIG;
        }
        cfg->path = g_canonicalize_filename(path, NULL);
        cfg->dir = g_path_get_dirname(cfg->path);
        if (g_file_get_contents(path, &text, NULL, NULL))
            scan_lines(cfg, text);
        g_free(text);
    }
    *out = cfg;
    return CBEC_ERR_NONE;
}

void cbec_config_free(cbec_config *cfg)
{
    if (!cfg)
        return;
    g_key_file_free(cfg->kf);
    g_hash_table_destroy(cfg->overrides);
    g_hash_table_destroy(cfg->lines);
    g_hash_table_destroy(cfg->cli);
    g_free(cfg->path);
    g_free(cfg->dir);
    g_free(cfg);
}

const char *cbec_config_get(const cbec_config *cfg, const char *section, const char *key)
{
    char *k, *v;
    const char *o;

    if (!cfg)
        return NULL;
    k = override_key(section, key);
    o = g_hash_table_lookup(cfg->overrides, k);
    g_free(k);
    if (o)
        return o;
    v = g_key_file_get_string(cfg->kf, section, key, NULL);
    if (!v)
        return NULL;
    /* Keep the trimmed value alive for the config's lifetime. */
    g_strstrip(v);
    g_hash_table_insert(cfg->overrides, override_key(section, key), v);
    return v;
}

const char *cbec_config_get_def(const cbec_config *cfg, const char *section, const char *key, const char *def)
{
    const char *v = cbec_config_get(cfg, section, key);
    return v && *v ? v : def;
}

int64_t cbec_parse_size(const char *text)
{
    char *end;
    double mult = 1;
    long long v;

    if (!text || !*text)
        return -1;
    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno || end == text || v < 0)
        return -1;
    while (*end == ' ')
        end++;
    switch (g_ascii_toupper(*end)) {
    case 0: break;
    case 'K': mult = 1024.0; end++; break;
    case 'M': mult = 1048576.0; end++; break;
    case 'G': mult = 1073741824.0; end++; break;
    case 'T': mult = 1099511627776.0; end++; break;
    default: return -1;
    }
    if (*end == 'i' || *end == 'I')
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end)
        return -1;
    if ((double)v * mult > 9.0e18)
        return -1;
    return (int64_t)v * (int64_t)mult;
}

int64_t cbec_config_get_int(const cbec_config *cfg, const char *section, const char *key, int64_t def, int *bad)
{
    const char *v = cbec_config_get(cfg, section, key);
    int64_t n;

    if (!v || !*v)
        return def;
    n = cbec_parse_size(v);
    if (n < 0) {
        if (bad)
            *bad = 1;
        return def;
    }
    return n;
}

char *cbec_config_get_path(const cbec_config *cfg, const char *section, const char *key)
{
    const char *v = cbec_config_get(cfg, section, key);

    if (!v || !*v)
        return NULL;
    if (g_path_is_absolute(v) || !cfg->dir)
        return g_strdup(v);
    return g_build_filename(cfg->dir, v, NULL);
}

void cbec_config_set(cbec_config *cfg, const char *section, const char *key, const char *value)
{
    g_hash_table_insert(cfg->overrides, override_key(section, key), g_strdup(value));
}

cbec_err cbec_config_override(cbec_config *cfg, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    const char *dot;
    char *section, *key;

    if (!eq)
        return CBEC_ERR_USAGE;
    dot = eq;
    while (dot > assignment && *dot != '.')
        dot--;
    if (dot == assignment || dot + 1 >= eq)
        return CBEC_ERR_USAGE;
    section = g_strndup(assignment, (gsize)(dot - assignment));
    key = g_strndup(dot + 1, (gsize)(eq - dot - 1));
    cbec_config_set(cfg, section, key, eq + 1);
    g_hash_table_add(cfg->cli, override_key(section, key));
    g_free(section);
    g_free(key);
    return CBEC_ERR_NONE;
}

char **cbec_config_keys(const cbec_config *cfg, const char *section)
{
    GPtrArray *out = g_ptr_array_new();
    char **file = cfg ? g_key_file_get_keys(cfg->kf, section, NULL, NULL) : NULL;
    char *prefix = g_strconcat(section, "\x1f", NULL);
    size_t plen = strlen(prefix);
    GHashTableIter it;
    gpointer k;

    for (char **p = file; p && *p; p++)
        g_ptr_array_add(out, g_strdup(*p));
    if (cfg) {
        /* The overrides table also caches file values: add only keys the file does not have. */
        g_hash_table_iter_init(&it, cfg->overrides);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            const char *key = (const char *)k + plen;
            if (strncmp(k, prefix, plen) == 0 && !(file && g_strv_contains((const char *const *)file, key)))
                g_ptr_array_add(out, g_strdup(key));
        }
    }
    g_ptr_array_add(out, NULL);
    g_strfreev(file);
    g_free(prefix);
    return (char **)g_ptr_array_free(out, FALSE);
}

const char *cbec_config_file(const cbec_config *cfg)
{
    return cfg ? cfg->path : NULL;
}

int cbec_config_line(const cbec_config *cfg, const char *section, const char *key)
{
    char *k;
    int line;

    if (!cfg)
        return 0;
    k = override_key(section, key ? key : "");
    line = GPOINTER_TO_INT(g_hash_table_lookup(cfg->lines, k));
    g_free(k);
    return line;
}

int cbec_config_from_cli(const cbec_config *cfg, const char *section, const char *key)
{
    char *k;
    int yes;

    if (!cfg)
        return 0;
    k = override_key(section, key);
    yes = g_hash_table_contains(cfg->cli, k);
    g_free(k);
    return yes;
}

char **cbec_config_sections(const cbec_config *cfg)
{
    GPtrArray *out = g_ptr_array_new();
    char **file = cfg ? g_key_file_get_groups(cfg->kf, NULL) : NULL;
    GHashTableIter it;
    gpointer k;

    for (char **p = file; p && *p; p++)
        g_ptr_array_add(out, g_strdup(*p));
    if (cfg) {
        g_hash_table_iter_init(&it, cfg->cli);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            char *sec = g_strndup(k, strcspn(k, "\x1f"));
            gboolean seen = FALSE;
            for (guint i = 0; i < out->len && !seen; i++)
                seen = strcmp(g_ptr_array_index(out, i), sec) == 0;
            if (seen)
                g_free(sec);
            else
                g_ptr_array_add(out, sec);
        }
    }
    g_ptr_array_add(out, NULL);
    g_strfreev(file);
    return (char **)g_ptr_array_free(out, FALSE);
}
