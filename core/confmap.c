/* The core's configuration keys in one table, and the strict check against it. */
#include <string.h>
#include <glib.h>

#include "core/confmap.h"

/* Every cbec_config_get* call of core/, reports/ and the analysis code reads one of these
 * keys: a key added there without an entry here is refused as unknown in every config. */
const cbec_conf_entry cbec_conf_table[] = {
    {"core", "db", CBEC_CK_PATH, "cbecflow.db", NULL, "the dataset (SQLite)"},
    {"core", "key_file", CBEC_CK_PATH, NULL, NULL,
     "site key for keyed hashes of personal identifiers, created (mode 0600) when missing"},
    {"core", "drop_dir", CBEC_CK_PATH, NULL, NULL, "each night's inputs: drop_dir/YYYY-MM-DD/"},
    {"core", "out_dir", CBEC_CK_PATH, NULL, NULL, "reports and the run manifest: out_dir/YYYY-MM-DD/"},
    {"core", "lock_file", CBEC_CK_PATH, NULL, NULL, "lock against overlapping writers (default: the dataset path + .lock)"},
    {"core", "lock_wait", CBEC_CK_SECONDS, "60", NULL, "seconds ingest, reconcile and analyse wait for the lock"},
    {"core", "max_expanded_bytes", CBEC_CK_SIZE, "8G", NULL, "bytes decompressed per top-level archive"},
    {"core", "max_ratio", CBEC_CK_INT, "200", NULL, "largest expansion ratio of an archive"},
    {"core", "max_depth", CBEC_CK_INT, "4", NULL, "deepest nesting of archives"},
    {"core", "isolation", CBEC_CK_BOOL, "off", NULL, "plugins parse in a child process (per plugin: [plugin.NAME] isolation)"},
    {"core", "plugin_timeout", CBEC_CK_SECONDS, "300", NULL, "seconds without progress before an isolated plugin is stopped"},
    {"core", "catch_up_days", CBEC_CK_INT, "7", NULL, "missed nights `run` without --date catches up at most"},
    {"core", "source_precedence", CBEC_CK_LIST, "ceb", NULL,
     "plugins whose copy of a business record wins, first one first"},
    {"reconcile", "rules", CBEC_CK_PATH, NULL, NULL, "reconciliation rule pack (default: the installed reconcile.rules)"},
    {"analyse", "credit_rules", CBEC_CK_PATH, NULL, NULL, "credit scorecard (default: the installed credit.rules)"},
    {"analyse", "risk_rules", CBEC_CK_PATH, NULL, NULL, "risk rule pack (default: the installed risk.rules)"},
    {"report", "lang", CBEC_CK_ENUM, "zh", "zh|en", "language of the reports"},
    {"report", "templates", CBEC_CK_PATH, NULL, NULL, "folder of report templates (default: the installed ones)"},
    {"report", "indicators", CBEC_CK_PATH, NULL, NULL, "statistical indicators file (default: the installed indicators.conf)"},
    {"report", "closing_periods", CBEC_CK_LIST, "quarter,half,year", NULL,
     "periods whose statistics the nightly run also writes on the night that closes them (quarter, half, year)"},
    {"report", "issuer", CBEC_CK_STRING, NULL, NULL,
     "issuing body named in the red header, the footers and the document properties of every report (default: the template's)"},
    {"publish", "to", CBEC_CK_STRING, NULL, NULL,
     "the region's PostgreSQL warehouse (libpq URI postgresql://...); when set, run publishes after each night"},
    {"publish", "zone", CBEC_CK_STRING, NULL, NULL, "this zone's code in the warehouse (1-32 letters, digits, _ or -)"},
    {"publish", "zone_name", CBEC_CK_STRING, NULL, NULL,
     "this zone's name for readers of the region's reports (the city or league, in Chinese); unset: the code is shown"},
    {"publish", "batch_rows", CBEC_CK_INT, "10000", NULL, "dataset rowids per batch sent (one transaction each)"},
    {"publish", "retries", CBEC_CK_INT, "3", NULL,
     "times a connection to the warehouse lost half-way is opened again before publish gives up (0: never)"},
    {NULL, NULL, 0, NULL, NULL, NULL}};

/* Sections whose keys are not in the table. */
#define ACCOUNTS "accounts"
#define PLUGIN_PREFIX "plugin."
/* The core reads [plugin.NAME] isolation itself (core/ingest.c), for every plugin. */
static const cbec_conf_entry plugin_isolation = {NULL, "isolation", CBEC_CK_BOOL, NULL, NULL,
                                                 "this plugin parses in a child process (default: [core] isolation)"};

static const char *const kind_names[] = {"a string", "a path", "an integer (0 or more)", "a size (123, 64K, 8M, 2G)",
                                         "on or off", "one of", "a number of seconds", "a comma-separated list of names"};

int cbec_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b), i, j;
    int *d, r;

    if (n > 64 || m > 64)
        return 99;
    d = g_new(int, (n + 1) * (m + 1));
#define D(x, y) d[(x) * (m + 1) + (y)]
    for (i = 0; i <= n; i++)
        D(i, 0) = (int)i;
    for (j = 0; j <= m; j++)
        D(0, j) = (int)j;
    for (i = 1; i <= n; i++)
        for (j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = MIN(MIN(D(i - 1, j) + 1, D(i, j - 1) + 1), D(i - 1, j - 1) + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = MIN(v, D(i - 2, j - 2) + 1);
            D(i, j) = v;
        }
    r = D(n, m);
#undef D
    g_free(d);
    return r;
}

/* The nearest of candidates within distance 2 (a typo, not another word), or NULL. */
static const char *nearest(const char *word, GPtrArray *candidates)
{
    const char *best = NULL;
    int best_d = 3;
    for (guint i = 0; i < candidates->len; i++) {
        int d = cbec_edit_distance(word, g_ptr_array_index(candidates, i));
        if (d < best_d) {
            best_d = d;
            best = g_ptr_array_index(candidates, i);
        }
    }
    return best;
}

static int map_plugin_type(int type)
{
    switch (type) {
    case CBEC_CONF_INT: return CBEC_CK_INT;
    case CBEC_CONF_BOOL: return CBEC_CK_BOOL;
    case CBEC_CONF_SIZE: return CBEC_CK_SIZE;
    case CBEC_CONF_PATH: return CBEC_CK_PATH;
    default: return CBEC_CK_STRING;
    }
}

/* Whether v reads as the kind; an empty value means "the default" and always passes. */
static int value_ok(cbec_conf_kind kind, const char *allowed, const char *v)
{
    if (!v || !*v)
        return 1;
    switch (kind) {
    case CBEC_CK_INT:
    case CBEC_CK_SECONDS:
        return g_regex_match_simple("^[0-9]{1,18}$", v, 0, 0);
    case CBEC_CK_SIZE:
        /* syntax only: a budget too large for int64 means "no limit" to its reader */
        return g_regex_match_simple("^[0-9]+ *([KMGT]i?)?B?$", v, G_REGEX_CASELESS, 0);
    case CBEC_CK_BOOL:
        return g_regex_match_simple("^(on|off|true|false|yes|no|1|0)$", v, G_REGEX_CASELESS, 0);
    case CBEC_CK_ENUM: {
        char **set = g_strsplit(allowed, "|", -1);
        int ok = g_strv_contains((const char *const *)set, v);
        g_strfreev(set);
        return ok;
    }
    case CBEC_CK_LIST:
        return g_regex_match_simple("^[A-Za-z0-9_.-]+( *, *[A-Za-z0-9_.-]+)*$", v, 0, 0);
    default:
        return 1;
    }
}

/* "FILE:LINE" of section.key, or "-o section.key" when the command line set it. */
static char *where(const cbec_config *cfg, const char *section, const char *key)
{
    int line = cbec_config_line(cfg, section, key);
    if (key && cbec_config_from_cli(cfg, section, key))
        return g_strdup_printf("-o %s.%s", section, key);
    if (line && cbec_config_file(cfg))
        return g_strdup_printf("%s:%d", cbec_config_file(cfg), line);
    if (!key)
        return g_strdup_printf("-o %s.*", section);
    return g_strdup(cbec_config_file(cfg) ? cbec_config_file(cfg) : "config");
}

static const cbec_conf_entry *core_entry(const char *section, const char *key)
{
    for (const cbec_conf_entry *e = cbec_conf_table; e->key; e++)
        if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
            return e;
    return NULL;
}

static int check_value(const cbec_config *cfg, const char *section, const cbec_conf_entry *e, FILE *err)
{
    const char *v = cbec_config_get(cfg, section, e->key);
    char *w;

    if (value_ok(e->kind, e->allowed, v))
        return 0;
    w = where(cfg, section, e->key);
    if (e->kind == CBEC_CK_ENUM)
        fprintf(err, "%s: [%s] %s = \"%s\": allowed values are %s\n", w, section, e->key, v, e->allowed);
    else
        fprintf(err, "%s: [%s] %s = \"%s\": wants %s\n", w, section, e->key, v, kind_names[e->kind]);
    g_free(w);
    return 1;
}

static void unknown_key(const cbec_config *cfg, const char *section, const char *key, GPtrArray *valid, FILE *err)
{
    char *w = where(cfg, section, key);
    const char *near = nearest(key, valid);
    fprintf(err, "%s: unknown key \"%s\" in [%s]", w, key, section);
    if (near)
        fprintf(err, "; did you mean %s?\n", near);
    else
        fprintf(err, "\n");
    g_free(w);
}

static int check_plugin_section(const cbec_config *cfg, const char *section, const cbec_registry *reg,
                                GPtrArray *sections, FILE *err)
{
    const cbec_plugin *p = reg ? cbec_registry_find(reg, section + strlen(PLUGIN_PREFIX)) : NULL;
    GPtrArray *valid;
    char **keys;
    int errors = 0;

    if (!p) {
        /* A site config may name a plugin installed later: that is not a mistake yet. */
        char *w = where(cfg, section, NULL);
        const char *near = nearest(section, sections);
        fprintf(err, "%s: warning: [%s]: no plugin %s is installed; its keys are not checked%s%s%s\n", w, section,
                section + strlen(PLUGIN_PREFIX), near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
        g_free(w);
        return 0;
    }
    valid = g_ptr_array_new();
    g_ptr_array_add(valid, (gpointer)plugin_isolation.key);
    for (const cbec_config_key *k = p->desc->config_keys; k && k->type != CBEC_CONF_END && k->name; k++)
        g_ptr_array_add(valid, (gpointer)k->name);
    keys = cbec_config_keys(cfg, section);
    for (char **k = keys; *k; k++) {
        const cbec_config_key *ck = NULL;
        if (strcmp(*k, plugin_isolation.key) == 0) {
            errors += check_value(cfg, section, &plugin_isolation, err);
            continue;
        }
        for (ck = p->desc->config_keys; ck && ck->type != CBEC_CONF_END && ck->name; ck++)
            if (strcmp(ck->name, *k) == 0)
                break;
        if (!ck || ck->type == CBEC_CONF_END || !ck->name) {
            unknown_key(cfg, section, *k, valid, err);
            errors++;
        } else {
            cbec_conf_entry e = {section, ck->name, map_plugin_type(ck->type), ck->default_value, NULL, ck->description};
            errors += check_value(cfg, section, &e, err);
        }
    }
    g_strfreev(keys);
    g_ptr_array_free(valid, TRUE);
    return errors;
}

/* Section names a mistyped one may have meant: the table's, [accounts], installed plugins'. */
static GPtrArray *known_sections(const cbec_registry *reg)
{
    GPtrArray *s = g_ptr_array_new_with_free_func(g_free);
    for (const cbec_conf_entry *e = cbec_conf_table; e->key; e++)
        if (s->len == 0 || strcmp(g_ptr_array_index(s, s->len - 1), e->section) != 0)
            g_ptr_array_add(s, g_strdup(e->section));
    g_ptr_array_add(s, g_strdup(ACCOUNTS));
    for (size_t i = 0; reg && i < reg->count; i++)
        g_ptr_array_add(s, g_strconcat(PLUGIN_PREFIX, reg->plugins[i].desc->name, NULL));
    return s;
}

int cbec_config_validate(const cbec_config *cfg, const cbec_registry *reg, FILE *err)
{
    char **sections = cbec_config_sections(cfg);
    GPtrArray *known = known_sections(reg);
    int errors = 0;

    for (char **s = sections; *s; s++) {
        char **keys = cbec_config_keys(cfg, *s);
        if (strcmp(*s, ACCOUNTS) == 0) {
            /* free keys: account number = enterprise code */
            for (char **k = keys; *k; k++) {
                const char *v = cbec_config_get(cfg, *s, *k);
                if (!v || !*v) {
                    char *w = where(cfg, *s, *k);
                    fprintf(err, "%s: [accounts] %s: wants the code of the enterprise holding the account\n", w, *k);
                    g_free(w);
                    errors++;
                }
            }
        } else if (g_str_has_prefix(*s, PLUGIN_PREFIX)) {
            errors += check_plugin_section(cfg, *s, reg, known, err);
        } else if (!g_ptr_array_find_with_equal_func(known, *s, g_str_equal, NULL)) {
            char *w = where(cfg, *s, NULL);
            const char *near = nearest(*s, known);
            fprintf(err, "%s: unknown section [%s]", w, *s);
            if (near)
                fprintf(err, "; did you mean [%s]?\n", near);
            else
                fprintf(err, "\n");
            g_free(w);
            errors++;
        } else {
            GPtrArray *valid = g_ptr_array_new();
            for (const cbec_conf_entry *e = cbec_conf_table; e->key; e++)
                if (strcmp(e->section, *s) == 0)
                    g_ptr_array_add(valid, (gpointer)e->key);
            for (char **k = keys; *k; k++) {
                const cbec_conf_entry *e = core_entry(*s, *k);
                if (!e) {
                    unknown_key(cfg, *s, *k, valid, err);
                    errors++;
                } else
                    errors += check_value(cfg, *s, e, err);
            }
            g_ptr_array_free(valid, TRUE);
        }
        g_strfreev(keys);
    }
    g_ptr_array_free(known, TRUE);
    g_strfreev(sections);
    return errors;
}

static void print_value(const cbec_config *cfg, const char *section, const char *key, const char *def,
                        const char *meaning, FILE *out)
{
    const char *v = cbec_config_get(cfg, section, key);
    char *src;

    if (v && (cbec_config_line(cfg, section, key) || cbec_config_from_cli(cfg, section, key)))
        src = where(cfg, section, key);
    else {
        v = def;
        src = g_strdup("default");
    }
    fprintf(out, "%s = %s\t# %s; %s\n", key, v ? v : "", src, meaning ? meaning : "");
    g_free(src);
}

void cbec_config_print(const cbec_config *cfg, const cbec_registry *reg, FILE *out)
{
    const char *section = "";
    char **keys;

    fprintf(out, "# effective configuration of %s\n", cbec_config_file(cfg) ? cbec_config_file(cfg) : "(no file)");
    for (const cbec_conf_entry *e = cbec_conf_table; e->key; e++) {
        if (strcmp(section, e->section) != 0) {
            section = e->section;
            fprintf(out, "\n[%s]\n", section);
        }
        print_value(cfg, e->section, e->key, e->def, e->meaning, out);
    }
    fprintf(out, "\n[%s]\n", ACCOUNTS);
    keys = cbec_config_keys(cfg, ACCOUNTS);
    for (char **k = keys; *k; k++)
        print_value(cfg, ACCOUNTS, *k, NULL, "enterprise holding the account", out);
    g_strfreev(keys);
    for (size_t i = 0; reg && i < reg->count; i++) {
        const cbec_source_plugin *d = reg->plugins[i].desc;
        char *sec = g_strconcat(PLUGIN_PREFIX, d->name, NULL);
        fprintf(out, "\n[%s]\n", sec);
        for (const cbec_config_key *k = d->config_keys; k && k->type != CBEC_CONF_END && k->name; k++)
            print_value(cfg, sec, k->name, k->default_value, k->description, out);
        if (cbec_config_get(cfg, sec, plugin_isolation.key))
            print_value(cfg, sec, plugin_isolation.key, NULL, plugin_isolation.meaning, out);
        g_free(sec);
    }
}
