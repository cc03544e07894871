/* Helpers shared by the tabular plugins (see tabkit.h).  No core symbols: host table only. */
#define _GNU_SOURCE 1   /* memmem */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tabkit.h"

/* ---------------- column maps ---------------- */

static char **split_aliases(const char *v)
{
    char **parts = g_strsplit(v ? v : "", "|", -1);
    GPtrArray *a = g_ptr_array_new();
    char **p;
    for (p = parts; *p; p++) {
        char *s = g_strstrip(*p);
        if (*s)
            g_ptr_array_add(a, g_strdup(s));
    }
    g_strfreev(parts);
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

int tk_mark_of(const char *text)
{
    char *t = g_strstrip(g_ascii_strdown(text ? text : "", -1));
    int r = -1;
    if (strcmp(t, ".") == 0 || strcmp(t, "point") == 0)
        r = '.';
    else if (strcmp(t, ",") == 0 || strcmp(t, "comma") == 0)
        r = ',';
    else if (strcmp(t, "auto") == 0)
        r = 0;
    g_free(t);
    return r;
}

/* [decimal_mark] field = . | , | auto: the number fields and their convention. */
static int apply_marks(tk_map *m, GKeyFile *kf, const char *where, cbec_error *err)
{
    guint i;
    for (i = 0; i < m->nfields; i++) {
        char *v = g_key_file_get_string(kf, "decimal_mark", m->fields[i], NULL);
        int mk;
        if (!v)
            continue;
        mk = tk_mark_of(v);
        if (mk < 0) {
            tk_fail(err, "BAD_CONFIG", "", "%s: [decimal_mark] %s = \"%.20s\" is none of . , auto", where,
                    m->fields[i], v);
            g_free(v);
            return -1;
        }
        m->mark[i] = mk;
        g_free(v);
    }
    return 0;
}

static void apply_ini(tk_map *m, GKeyFile *kf, int prepend)
{
    guint i;
    for (i = 0; i < m->nfields; i++) {
        char *v = g_key_file_get_string(kf, "columns", m->fields[i], NULL);
        if (v) {
            char **add = split_aliases(v);
            if (prepend) {
                /* Site aliases first, then the built-in ones. */
                guint na = g_strv_length(add), nb = g_strv_length(m->aliases[i]), k;
                char **all = g_new0(char *, na + nb + 1);
                for (k = 0; k < na; k++)
                    all[k] = add[k];
                for (k = 0; k < nb; k++)
                    all[na + k] = m->aliases[i][k];
                g_free(add);
                g_free(m->aliases[i]);
                m->aliases[i] = all;
            } else {
                g_strfreev(m->aliases[i]);
                m->aliases[i] = add;
            }
        }
        g_free(v);
    }
    if (!prepend) {
        /* Which fields hold personal identifiers is the plugin's to say, not a site map's. */
        static const struct {
            const char *key;
            int kind;
        } kinds[] = {{"id", CBEC_PERSONAL_ID}, {"phone", CBEC_PERSONAL_PHONE}};
        guint k;
        for (k = 0; k < G_N_ELEMENTS(kinds); k++) {
            char *v = g_key_file_get_string(kf, "personal", kinds[k].key, NULL);
            char **names = v ? split_aliases(v) : NULL, **p;
            for (p = names; p && *p; p++)
                for (i = 0; i < m->nfields; i++)
                    if (strcmp(*p, m->fields[i]) == 0)
                        m->personal[i] = kinds[k].kind;
            g_strfreev(names);
            g_free(v);
        }
    }
    {
        char *req = g_key_file_get_string(kf, "required", "fields", NULL);
        if (req) {
            char **r = split_aliases(req), **p;
            for (i = 0; i < m->nfields; i++)
                m->required[i] = FALSE;
            for (p = r; *p; p++)
                for (i = 0; i < m->nfields; i++)
                    if (strcmp(*p, m->fields[i]) == 0)
                        m->required[i] = TRUE;
            g_strfreev(r);
        }
        g_free(req);
    }
}

int tk_map_load(tk_map *m, const cbec_host *h, cbec_input *in, const char *plugin, const char *builtin_ini,
                const char *const *fields, guint nfields, cbec_error *err)
{
    GKeyFile *kf = g_key_file_new();
    GError *ge = NULL;
    const char *path = h->config(in, "columns");
    GPtrArray *all;
    guint i;
    int ret = -1;

    memset(m, 0, sizeof *m);
    m->fields = fields;
    m->nfields = nfields;
    m->aliases = g_new0(char **, nfields);
    m->required = g_new0(gboolean, nfields);
    m->col = g_new0(long, nfields);
    m->header_hint = g_new0(char *, nfields);
    m->mark = g_new0(int, nfields);
    m->evidence = g_new0(int, nfields);
    m->personal = g_new0(int, nfields);
    for (i = 0; i < nfields; i++) {
        m->aliases[i] = g_new0(char *, 1);
        m->col[i] = -1;
        m->mark[i] = -1;
    }
    m->source = g_strdup_printf("plugins/%s/columns.ini (built in)", plugin);
    if (!g_key_file_load_from_data(kf, builtin_ini, (gsize)-1, G_KEY_FILE_NONE, &ge)) {
        tk_fail(err, "BAD_CONFIG", "", "%s: %s", m->source, ge->message);
        goto done;
    }
    apply_ini(m, kf, 0);
    if (apply_marks(m, kf, m->source, err) < 0)
        goto done;
    if (path && *path) {
        g_key_file_free(kf);
        kf = g_key_file_new();
        if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &ge)) {
            tk_fail(err, "BAD_CONFIG", "", "[plugin.%s] columns = %s: %s", plugin, path, ge->message);
            goto done;
        }
        apply_ini(m, kf, 1);
        if (apply_marks(m, kf, path, err) < 0)
            goto done;
        g_free(m->source);
        m->source = g_strdup_printf("%s (over plugins/%s/columns.ini)", path, plugin);
    }
    all = g_ptr_array_new();
    for (i = 0; i < nfields; i++) {
        char **a;
        for (a = m->aliases[i]; *a; a++)
            g_ptr_array_add(all, g_strdup(*a));
    }
    g_ptr_array_add(all, NULL);
    m->all = (char **)g_ptr_array_free(all, FALSE);
    ret = 0;
done:
    if (ge)
        g_error_free(ge);
    g_key_file_free(kf);
    return ret;
}

/* Levenshtein distance over Unicode characters. */
static guint distance(const char *a, const char *b)
{
    glong la, lb, i, j;
    gunichar *ua = g_utf8_to_ucs4_fast(a, -1, &la), *ub = g_utf8_to_ucs4_fast(b, -1, &lb);
    guint *prev = g_new(guint, lb + 1), *cur = g_new(guint, lb + 1), *tmp, d;
    for (j = 0; j <= lb; j++)
        prev[j] = (guint)j;
    for (i = 1; i <= la; i++) {
        cur[0] = (guint)i;
        for (j = 1; j <= lb; j++) {
            guint c = prev[j - 1] + (ua[i - 1] != ub[j - 1]);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            cur[j] = c;
        }
        tmp = prev;
        prev = cur;
        cur = tmp;
    }
    d = prev[lb];
    g_free(ua);
    g_free(ub);
    g_free(prev);
    g_free(cur);
    return d;
}

int tk_map_bind(tk_map *m, const cbec_host *h, cbec_table *t, cbec_error *err)
{
    guint i;
    for (i = 0; i < m->nfields; i++) {
        const char *hd;
        m->col[i] = h->tab_column(t, (const char *const *)m->aliases[i]);
        hd = m->col[i] >= 0 ? h->tab_header(t, (size_t)m->col[i]) : NULL;
        g_free(m->header_hint[i]);
        m->header_hint[i] = g_strdup(hd);
        if (m->col[i] < 0 && m->required[i]) {
            /* Name the map, the expected header and the nearest header found. */
            const char *best = NULL;
            guint bestd = G_MAXUINT;
            size_t c;
            char *want = m->aliases[i][0] ? h->text_normalise(m->aliases[i][0]) : g_strdup(m->fields[i]);
            for (c = 0; (hd = h->tab_header(t, c)) != NULL; c++) {
                guint d = distance(want, hd);
                if (*hd && d < bestd) {
                    bestd = d;
                    best = hd;
                }
            }
            tk_fail(err, "MISSING_COLUMN", "header",
                    "column map %s: required column \"%s\" (expected header \"%s\") not found; nearest header: \"%s\"",
                    m->source, m->fields[i], m->aliases[i][0] ? m->aliases[i][0] : m->fields[i],
                    best ? best : "(none)");
            h->free(want);
            return -1;
        }
    }
    return 0;
}

const char *tk_cell(const tk_map *m, const cbec_host *h, cbec_table *t, guint field)
{
    if (field >= m->nfields || m->col[field] < 0)
        return "";
    return h->tab_cell(t, (size_t)m->col[field]);
}

void tk_map_free(tk_map *m)
{
    guint i;
    if (!m->aliases)
        return;
    for (i = 0; i < m->nfields; i++) {
        g_strfreev(m->aliases[i]);
        g_free(m->header_hint[i]);
    }
    g_free(m->aliases);
    g_free(m->header_hint);
    g_free(m->personal);
    g_free(m->required);
    g_free(m->col);
    g_free(m->mark);
    g_free(m->evidence);
    g_strfreev(m->all);
    g_free(m->source);
    memset(m, 0, sizeof *m);
}

/* ---------------- grouping ---------------- */

void tk_grouper_init(tk_grouper *g, guint nfields, guint cap)
{
    g->open = g_hash_table_new(g_str_hash, g_str_equal);
    g_queue_init(&g->order);
    g->cap = cap ? cap : 1000;
    g->nfields = nfields;
}

char **tk_snapshot(const tk_map *m, const cbec_host *h, cbec_table *t)
{
    char **v = g_new0(char *, m->nfields + 2);
    guint i;
    for (i = 0; i < m->nfields; i++)
        v[i] = g_strdup(tk_cell(m, h, t, i));
    v[m->nfields] = g_strdup(h->tab_locator(t));
    return v;
}

tk_group *tk_grouper_add(tk_grouper *g, const char *key, const char *locator, char **vals)
{
    tk_group *grp = g_hash_table_lookup(g->open, key);
    if (!grp) {
        grp = g_new0(tk_group, 1);
        grp->key = g_strdup(key);
        grp->locator = g_strdup(locator);
        grp->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
        g_hash_table_insert(g->open, grp->key, grp);
        g_queue_push_tail(&g->order, grp);
    }
    g_ptr_array_add(grp->rows, vals);
    return grp;
}

tk_group *tk_grouper_take(tk_grouper *g, int flush_all)
{
    tk_group *grp;
    if (g->order.length == 0 || (!flush_all && g->order.length <= g->cap))
        return NULL;
    grp = g_queue_pop_head(&g->order);
    g_hash_table_remove(g->open, grp->key);
    return grp;
}

guint tk_grouper_size(const tk_grouper *g) { return g->order.length; }

void tk_group_free(tk_group *grp, guint nfields)
{
    (void)nfields;
    if (!grp)
        return;
    g_ptr_array_free(grp->rows, TRUE);
    g_free(grp->key);
    g_free(grp->locator);
    g_free(grp);
}

void tk_grouper_free(tk_grouper *g)
{
    tk_group *grp;
    if (!g->open)
        return;
    while ((grp = g_queue_pop_head(&g->order)) != NULL)
        tk_group_free(grp, g->nfields);
    g_hash_table_destroy(g->open);
    g->open = NULL;
}

const char *tk_first(const tk_group *grp, guint field)
{
    guint r;
    for (r = 0; r < grp->rows->len; r++) {
        char **v = g_ptr_array_index(grp->rows, r);
        if (v[field] && *v[field])
            return v[field];
    }
    return "";
}

/* ---------------- dates, money ---------------- */

static int num(const char **p, int min, int max, int *out)
{
    int n = 0, v = 0;
    while (g_ascii_isdigit(**p) && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n < min)
        return 0;
    *out = v;
    return 1;
}

static const char *const MONTHS[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

int tk_time(const char *text, const char *default_offset, char *out, size_t outlen)
{
    const char *p = text;
    int y = 0, mo = 0, d = 0, hh = 0, mi = 0, ss = 0, has_time = 0;
    char off[8] = "";

    if (!p)
        return 0;
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    if (g_ascii_isalpha(p[0])) {
        /* Jul-25-26, Jul-25-2026 (eBay), also "Jul 25, 2026". */
        int k;
        for (k = 0; k < 12; k++)
            if (g_ascii_strncasecmp(p, MONTHS[k], 3) == 0)
                break;
        if (k == 12)
            return 0;
        mo = k + 1;
        p += 3;
        while (g_ascii_isalpha(*p))
            p++;
        if (*p != '-' && *p != ' ')
            return 0;
        p++;
        if (!num(&p, 1, 2, &d))
            return 0;
        if (*p == ',')
            p++;
        if (*p != '-' && *p != ' ')
            return 0;
        p++;
        {
            const char *s = p;
            if (!num(&p, 2, 4, &y))
                return 0;
            if (p - s == 2)
                y += 2000;
            else if (p - s != 4)
                return 0;
        }
    } else {
        const char *s = p;
        if (!num(&p, 1, 4, &y))
            return 0;
        if (p - s == 4 && (*p == '-' || *p == '/' || *p == '.')) {
            char sep = *p++;
            if (!num(&p, 1, 2, &mo) || *p++ != sep || !num(&p, 1, 2, &d))
                return 0;
        } else if (p - s <= 2 && (*p == '.' || *p == '/')) {
            /* DD.MM.YYYY (and DD/MM/YYYY: the European order these exports use). */
            char sep = *p++;
            d = y;
            if (!num(&p, 1, 2, &mo) || *p++ != sep || !num(&p, 4, 4, &y))
                return 0;
        } else if (p - s == 4 && g_ascii_isdigit(*p)) {
            /* YYYYMMDD[hhmmss] */
            p = s;
            if (!num(&p, 4, 4, &y) || !num(&p, 2, 2, &mo) || !num(&p, 2, 2, &d))
                return 0;
            if (g_ascii_isdigit(*p)) {
                if (!num(&p, 2, 2, &hh) || !num(&p, 2, 2, &mi) || !num(&p, 2, 2, &ss))
                    return 0;
                has_time = 1;
            }
        } else {
            return 0;
        }
    }
    if (!has_time && (*p == 'T' || *p == ' ') && g_ascii_isdigit(p[1])) {
        p++;
        if (!num(&p, 1, 2, &hh) || *p++ != ':' || !num(&p, 2, 2, &mi))
            return 0;
        if (*p == ':') {
            p++;
            if (!num(&p, 2, 2, &ss))
                return 0;
        }
        if (*p == '.')
            for (p++; g_ascii_isdigit(*p); p++)
                ;
        has_time = 1;
    }
    while (*p == ' ')
        p++;
    if (*p == 'Z' && !p[1]) {
        g_strlcpy(off, "+00:00", sizeof off);
        p++;
    } else if ((g_ascii_strncasecmp(p, "UTC", 3) == 0 || g_ascii_strncasecmp(p, "GMT", 3) == 0)) {
        p += 3;
        if (!*p)
            g_strlcpy(off, "+00:00", sizeof off);
    }
    if ((*p == '+' || *p == '-') && g_ascii_isdigit(p[1])) {
        int oh = 0, om = 0;
        char sign = *p++;
        if (!num(&p, 2, 2, &oh))
            return 0;
        if (*p == ':')
            p++;
        if (g_ascii_isdigit(*p) && !num(&p, 2, 2, &om))
            return 0;
        g_snprintf(off, sizeof off, "%c%02d:%02d", sign, oh, om);
    } else if (*p && g_ascii_isalpha(*p)) {
        /* PDT, MSK and friends: known few, else refuse. */
        static const struct { const char *n, *o; } z[] = {{"PDT", "-07:00"}, {"PST", "-08:00"}, {"EDT", "-04:00"},
                                                         {"EST", "-05:00"}, {"MSK", "+03:00"}, {"CST", "+08:00"},
                                                         {"CET", "+01:00"}, {"CEST", "+02:00"}, {"BST", "+01:00"}};
        size_t k;
        for (k = 0; k < G_N_ELEMENTS(z); k++)
            if (g_ascii_strcasecmp(p, z[k].n) == 0)
                break;
        if (k == G_N_ELEMENTS(z))
            return 0;
        g_strlcpy(off, z[k].o, sizeof off);
        p += strlen(p);
    }
    while (*p == ' ')
        p++;
    if (*p)
        return 0;
    if (!g_date_valid_dmy((GDateDay)d, (GDateMonth)mo, (GDateYear)y) || y < 1900 || hh > 23 || mi > 59 || ss > 60)
        return 0;
    if (!has_time) {
        g_snprintf(out, outlen, "%04d-%02d-%02d", y, mo, d);
        return 1;
    }
    g_snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, hh, mi, ss,
               off[0] ? off : default_offset ? default_offset : "+08:00");
    return 2;
}

int tk_money(const cbec_host *h, const char *text, const char *currency, int64_t *out)
{
    int r;
    *out = 0;
    if (!text || !*text)
        return 1;
    r = h->money_parse(text, (unsigned)h->currency_exponent(currency), out);
    return r >= 0 ? 0 : -1;
}

/* value / 10^scale as plain decimal text, for messages. */
static void format_scaled(int64_t v, unsigned scale, char *buf, size_t len)
{
    uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v, div = 1;
    unsigned i;
    for (i = 0; i < scale; i++)
        div *= 10;
    if (scale == 0)
        g_snprintf(buf, len, "%s%" G_GUINT64_FORMAT, v < 0 ? "-" : "", a);
    else
        g_snprintf(buf, len, "%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, v < 0 ? "-" : "", a / div, (int)scale,
                   a % div);
}

int tk_number(tk_src *s, guint field, const char *text, unsigned scale, int64_t *out, cbec_record *rec)
{
    const cbec_host *h = s->h;
    const tk_map *m = &s->map;
    int mark, ambiguous = 0, r;

    *out = 0;
    if (!text || !*text)
        return 1;
    if (field >= m->nfields || m->mark[field] < 0 || !CBEC_HOST_HAS(h, money_parse_mark))
        return h->money_parse(text, scale, out) >= 0 ? 0 : -1;
    mark = m->mark[field];
    if (mark == 0) {
        /* auto: the value's own evidence, else the column's, else ambiguous */
        mark = h->decimal_evidence(text);
        if (!mark && (m->evidence[field] == ',' || m->evidence[field] == '.'))
            mark = m->evidence[field];
        else if (!mark && (strchr(text, ',') || strchr(text, '.')))
            ambiguous = 1;
    }
    r = h->money_parse_mark(text, scale, mark, out);
    if (r < 0)
        return -1;
    if (ambiguous && rec) {
        char val[48];
        format_scaled(*out, scale, val, sizeof val);
        h->rec_finding(rec, "AMBIGUOUS_DECIMAL",
                       "column \"%s\" (%s): \"%s\" read as %s with ',' grouping and '.' decimal; %s; set "
                       "decimal_mark = . or , for this source",
                       m->header_hint[field] ? m->header_hint[field] : m->fields[field], m->fields[field], text, val,
                       m->evidence[field] == '?' ? "the column's first rows prove both marks"
                                                 : "neither the value nor the column's first rows prove a mark");
    }
    return 0;
}

int tk_money_field(tk_src *s, guint field, const char *text, const char *currency, int64_t *out, cbec_record *rec)
{
    return tk_number(s, field, text, (unsigned)s->h->currency_exponent(currency), out, rec);
}

int tk_int(const char *text, int64_t *q)
{
    int64_t v = 0;
    const char *p = text;
    if (!p || !*p)
        return 0;
    for (; *p; p++) {
        if (!g_ascii_isdigit(*p) || v > (INT64_MAX - 9) / 10)
            return 0;
        v = v * 10 + (*p - '0');
    }
    *q = v;
    return 1;
}

/* ---------------- countries ---------------- */

typedef struct country {
    const char *iso2, *iso3, *en, *zh, *ru, *alt;
} country;

/* The zone's partner countries and the usual destinations of e-packets. */
static const country COUNTRIES[] = {
    {"CN", "CHN", "China", "中国", "Китай", "People's Republic of China"},
    {"RU", "RUS", "Russia", "俄罗斯", "Россия", "Russian Federation"},
    {"MN", "MNG", "Mongolia", "蒙古", "Монголия", "蒙古国"},
    {"KZ", "KAZ", "Kazakhstan", "哈萨克斯坦", "Казахстан", NULL},
    {"BY", "BLR", "Belarus", "白俄罗斯", "Беларусь", "Республика Беларусь"},
    {"KG", "KGZ", "Kyrgyzstan", "吉尔吉斯斯坦", "Кыргызстан", "Киргизия"},
    {"UZ", "UZB", "Uzbekistan", "乌兹别克斯坦", "Узбекистан", NULL},
    {"AM", "ARM", "Armenia", "亚美尼亚", "Армения", NULL},
    {"US", "USA", "United States", "美国", "США", "United States of America"},
    {"GB", "GBR", "United Kingdom", "英国", "Великобритания", "UK"},
    {"DE", "DEU", "Germany", "德国", "Германия", "Deutschland"},
    {"FR", "FRA", "France", "法国", "Франция", NULL},
    {"IT", "ITA", "Italy", "意大利", "Италия", NULL},
    {"ES", "ESP", "Spain", "西班牙", "Испания", NULL},
    {"NL", "NLD", "Netherlands", "荷兰", "Нидерланды", "Holland"},
    {"BE", "BEL", "Belgium", "比利时", "Бельгия", NULL},
    {"PL", "POL", "Poland", "波兰", "Польша", NULL},
    {"CZ", "CZE", "Czech Republic", "捷克", "Чехия", "Czechia"},
    {"SK", "SVK", "Slovakia", "斯洛伐克", "Словакия", NULL},
    {"HU", "HUN", "Hungary", "匈牙利", "Венгрия", NULL},
    {"RO", "ROU", "Romania", "罗马尼亚", "Румыния", NULL},
    {"BG", "BGR", "Bulgaria", "保加利亚", "Болгария", NULL},
    {"RS", "SRB", "Serbia", "塞尔维亚", "Сербия", NULL},
    {"HR", "HRV", "Croatia", "克罗地亚", "Хорватия", NULL},
    {"SI", "SVN", "Slovenia", "斯洛文尼亚", "Словения", NULL},
    {"LT", "LTU", "Lithuania", "立陶宛", "Литва", NULL},
    {"LV", "LVA", "Latvia", "拉脱维亚", "Латвия", NULL},
    {"EE", "EST", "Estonia", "爱沙尼亚", "Эстония", NULL},
    {"UA", "UKR", "Ukraine", "乌克兰", "Украина", NULL},
    {"GR", "GRC", "Greece", "希腊", "Греция", NULL},
    {"AT", "AUT", "Austria", "奥地利", "Австрия", NULL},
    {"CH", "CHE", "Switzerland", "瑞士", "Швейцария", NULL},
    {"SE", "SWE", "Sweden", "瑞典", "Швеция", NULL},
    {"NO", "NOR", "Norway", "挪威", "Норвегия", NULL},
    {"FI", "FIN", "Finland", "芬兰", "Финляндия", NULL},
    {"DK", "DNK", "Denmark", "丹麦", "Дания", NULL},
    {"IE", "IRL", "Ireland", "爱尔兰", "Ирландия", NULL},
    {"PT", "PRT", "Portugal", "葡萄牙", "Португалия", NULL},
    {"TR", "TUR", "Turkey", "土耳其", "Турция", "Türkiye"},
    {"JP", "JPN", "Japan", "日本", "Япония", NULL},
    {"KR", "KOR", "South Korea", "韩国", "Южная Корея", "Korea, Republic of"},
    {"HK", "HKG", "Hong Kong", "香港", "Гонконг", NULL},
    {"SG", "SGP", "Singapore", "新加坡", "Сингапур", NULL},
    {"MY", "MYS", "Malaysia", "马来西亚", "Малайзия", NULL},
    {"TH", "THA", "Thailand", "泰国", "Таиланд", NULL},
    {"VN", "VNM", "Vietnam", "越南", "Вьетнам", "Viet Nam"},
    {"IN", "IND", "India", "印度", "Индия", NULL},
    {"AU", "AUS", "Australia", "澳大利亚", "Австралия", NULL},
    {"NZ", "NZL", "New Zealand", "新西兰", "Новая Зеландия", NULL},
    {"CA", "CAN", "Canada", "加拿大", "Канада", NULL},
    {"MX", "MEX", "Mexico", "墨西哥", "Мексика", NULL},
    {"BR", "BRA", "Brazil", "巴西", "Бразилия", NULL},
    {"AE", "ARE", "United Arab Emirates", "阿联酋", "ОАЭ", "阿拉伯联合酋长国"},
    {"SA", "SAU", "Saudi Arabia", "沙特阿拉伯", "Саудовская Аравия", NULL},
    {"IL", "ISR", "Israel", "以色列", "Израиль", NULL},
};

const char *tk_country(const char *text)
{
    char *t;
    const char *res = NULL;
    size_t i;
    if (!text || !*text)
        return NULL;
    t = g_utf8_casefold(text, -1);
    g_strstrip(t);
    for (i = 0; i < G_N_ELEMENTS(COUNTRIES) && !res; i++) {
        const country *c = &COUNTRIES[i];
        const char *names[] = {c->iso2, c->iso3, c->en, c->zh, c->ru, c->alt};
        size_t k;
        for (k = 0; k < G_N_ELEMENTS(names); k++) {
            char *n;
            if (!names[k])
                continue;
            n = g_utf8_casefold(names[k], -1);
            if (strcmp(n, t) == 0)
                res = c->iso2;
            g_free(n);
            if (res)
                break;
        }
    }
    g_free(t);
    return res;
}

/* ---------------- misc ---------------- */

cbec_status tk_fail(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
{
    va_list ap;
    g_strlcpy(err->reason, reason, sizeof err->reason);
    if (locator)
        g_strlcpy(err->locator, locator, sizeof err->locator);
    va_start(ap, fmt);
    g_vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return CBEC_RECORD_ERROR;
}

int tk_head_has(const unsigned char *head, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    return n > 0 && memmem(head, len, needle, n) != NULL;
}

/* ---------------- driver ---------------- */

cbec_status tk_open(tk_src *s, cbec_input *in, const cbec_host *h, const char *plugin, const char *ini,
                    const char *const *fields, guint nfields, cbec_tab_options *opt, int ngroupers,
                    const tk_ops *ops, cbec_error *err)
{
    const char *v;
    int i;

    memset(s, 0, sizeof *s);
    s->h = h;
    s->in = in;
    s->ops = ops;
    g_queue_init(&s->ready);
    v = h->config(in, "timezone");
    g_strlcpy(s->tz, v && *v ? v : "+08:00", sizeof s->tz);
    v = h->config(in, "currency");
    g_strlcpy(s->currency, v && *v ? v : "USD", sizeof s->currency);
    if (tk_map_load(&s->map, h, in, plugin, ini, fields, nfields, err) < 0)
        goto fail;
    opt->struct_size = sizeof *opt;
    opt->header_aliases = (const char *const *)s->map.all;
    /* The plugin's decimal_mark key is the site's word for every number field of the map. */
    v = h->config(in, "decimal_mark");
    if (v && *v) {
        int mk = tk_mark_of(v);
        guint f;
        if (mk < 0) {
            tk_fail(err, "BAD_CONFIG", "", "[plugin.%s] decimal_mark = \"%.20s\" is none of . , auto", plugin, v);
            goto fail;
        }
        for (f = 0; f < nfields; f++)
            if (s->map.mark[f] >= 0)
                s->map.mark[f] = mk;
    }
    if (CBEC_HOST_HAS(h, tab_decimal_mark) && !opt->decimal_lookahead) {
        guint f;
        for (f = 0; f < nfields; f++)
            if (s->map.mark[f] == 0)
                opt->decimal_lookahead = TK_DECIMAL_LOOKAHEAD;
    }
    if (!opt->encoding) {
        v = h->config(in, "encoding");
        opt->encoding = v && *v ? v : NULL;
    }
    if (h->tab_open(in, opt, &s->t, err) != CBEC_OK)
        goto fail;
    if (tk_map_bind(&s->map, h, s->t, err) < 0)
        goto fail;
    if (CBEC_HOST_HAS(h, tab_decimal_mark)) {
        guint f;
        for (f = 0; f < nfields; f++)
            if (s->map.mark[f] == 0 && s->map.col[f] >= 0)
                s->map.evidence[f] = h->tab_decimal_mark(s->t, (size_t)s->map.col[f]);
    }
    v = h->config(in, "open_groups");
    s->ngroupers = ngroupers;
    for (i = 0; i < ngroupers; i++)
        tk_grouper_init(&s->g[i], nfields, v ? (guint)atoi(v) : 1000);
    return CBEC_OK;
fail:
    tk_close(s);
    return CBEC_FATAL;
}

void tk_group_row(tk_src *s, int gi, const char *key)
{
    tk_group *grp;
    tk_grouper_add(&s->g[gi], key, s->h->tab_locator(s->t), tk_snapshot(&s->map, s->h, s->t));
    while ((grp = tk_grouper_take(&s->g[gi], 0)) != NULL) {
        tk_item *it = g_new0(tk_item, 1);
        it->kind = gi;
        it->grp = grp;
        g_queue_push_tail(&s->ready, it);
    }
}

void tk_push(tk_src *s, int kind, void *data, void (*free_data)(void *))
{
    tk_item *it = g_new0(tk_item, 1);
    it->kind = kind;
    it->data = data;
    it->free_data = free_data;
    g_queue_push_tail(&s->ready, it);
}

static void item_free(tk_src *s, tk_item *it)
{
    if (!it)
        return;
    tk_group_free(it->grp, s->map.nfields);
    if (it->data && it->free_data)
        it->free_data(it->data);
    g_free(it);
}

/* The row is refused with its raw text: its personal cells are declared so that the
 * core masks them in the excerpt (the row never reached rec_set_personal). */
static void mark_personal(tk_src *s, cbec_record *rec)
{
    guint f;

    if (!s->map.personal || !CBEC_HOST_HAS(s->h, rec_mark_personal))
        return;
    for (f = 0; f < s->map.nfields; f++)
        if (s->map.personal[f] && s->map.col[f] >= 0)
            s->h->rec_mark_personal(rec, s->map.personal[f], TK(s, f));
}

cbec_status tk_next(tk_src *s, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    for (;;) {
        tk_item *it = g_queue_pop_head(&s->ready);
        cbec_status st;
        if (it) {
            st = s->ops->build(s, it, rec, err);
            item_free(s, it);
            return st;
        }
        if (s->eof) {
            int i, any = 0;
            for (i = 0; i < s->ngroupers; i++) {
                tk_group *grp;
                while ((grp = tk_grouper_take(&s->g[i], 1)) != NULL) {
                    tk_item *n = g_new0(tk_item, 1);
                    n->kind = i;
                    n->grp = grp;
                    g_queue_push_tail(&s->ready, n);
                    any = 1;
                }
            }
            if (any)
                continue;
            if (!s->finished) {
                s->finished = 1;
                if (s->ops->finish)
                    s->ops->finish(s);
                continue;
            }
            return CBEC_EOF;
        }
        st = h->tab_next(s->t, err);
        if (st == CBEC_EOF) {
            s->eof = 1;
            continue;
        }
        if (st != CBEC_OK) {
            const char *raw = h->tab_raw(s->t);
            mark_personal(s, rec);
            h->rec_set_raw(rec, raw, strlen(raw));
            return st;
        }
        st = s->ops->row(s, err);
        if (st != CBEC_OK) {
            const char *raw = h->tab_raw(s->t);
            mark_personal(s, rec);
            if (!err->locator[0])
                g_strlcpy(err->locator, h->tab_locator(s->t), sizeof err->locator);
            h->rec_set_raw(rec, raw, strlen(raw));
            return st;
        }
    }
}

const char *tk_carrier_code(tk_src *s, const char *name)
{
    char *key;
    const char *code;

    if (!name || !*name)
        return NULL;
    if (!s->carriers) {
        const char *v = s->h->config(s->in, "carrier_codes");
        char **pairs = g_strsplit(v ? v : "", ";", -1);
        int i;
        s->carriers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        for (i = 0; pairs[i]; i++) {
            char *eq = strchr(pairs[i], '=');
            if (!eq)
                continue;
            *eq = 0;
            g_strstrip(pairs[i]);
            g_strstrip(eq + 1);
            if (*pairs[i] && eq[1])
                g_hash_table_replace(s->carriers, g_utf8_casefold(pairs[i], -1), g_strdup(eq + 1));
        }
        g_strfreev(pairs);
    }
    key = g_utf8_casefold(name, -1);
    g_strstrip(key);
    code = g_hash_table_lookup(s->carriers, key);
    g_free(key);
    return code;
}

void tk_close(tk_src *s)
{
    tk_item *it;
    int i;
    while ((it = g_queue_pop_head(&s->ready)) != NULL)
        item_free(s, it);
    for (i = 0; i < s->ngroupers; i++)
        tk_grouper_free(&s->g[i]);
    if (s->t)
        s->h->tab_close(s->t);
    s->t = NULL;
    tk_map_free(&s->map);
    if (s->carriers)
        g_hash_table_destroy(s->carriers);
    s->carriers = NULL;
}

/* ---------------- tracking numbers ---------------- */

int tk_s10(const char *text, char *out, size_t outlen)
{
    static const int W[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    size_t n = 0;
    const char *p;
    int i, sum = 0, c;

    for (p = text ? text : ""; *p && n + 1 < outlen; p++) {
        if (*p == ' ' || *p == '-' || *p == '\t')
            continue;
        out[n++] = g_ascii_toupper(*p);
    }
    out[n] = 0;
    if (n != 13 || !g_ascii_isalpha(out[0]) || !g_ascii_isalpha(out[1]) || !g_ascii_isalpha(out[11]) ||
        !g_ascii_isalpha(out[12]))
        return 0;
    for (i = 2; i < 11; i++)
        if (!g_ascii_isdigit(out[i]))
            return 0;
    for (i = 0; i < 8; i++)
        sum += (out[2 + i] - '0') * W[i];
    c = 11 - sum % 11;
    if (c == 10)
        c = 0;
    else if (c == 11)
        c = 5;
    return out[10] - '0' == c ? 1 : -1;
}
