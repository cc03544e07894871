/* Display text for numbers and sentences generated from the model (text.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/dates.h"
#include "reports/render/text.h"

/* Group the digits of an unsigned decimal string with commas. */
static void group_digits(GString *out, const char *digits)
{
    size_t n = strlen(digits), i;
    for (i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            g_string_append_c(out, ',');
        g_string_append_c(out, digits[i]);
    }
}

char *cbec_text_int(int64_t v)
{
    GString *s = g_string_new(NULL);
    char digits[32];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (v < 0)
        g_string_append_c(s, '-');
    g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, u);
    group_digits(s, digits);
    return g_string_free(s, FALSE);
}

char *cbec_text_number(double v, int decimals)
{
    GString *s = g_string_new(NULL);
    char buf[64], *dot;
    if (!isfinite(v)) {
        g_string_free(s, TRUE);
        return g_strdup("-");
    }
    g_snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, fabs(v));
    if (v < 0 && strspn(buf, "0.") != strlen(buf))
        g_string_append_c(s, '-');   /* a value that rounds to zero is "0", not "-0" */
    dot = strchr(buf, '.');
    if (dot)
        *dot = '\0';
    group_digits(s, buf);
    if (dot) {
        g_string_append_c(s, '.');
        g_string_append(s, dot + 1);
    }
    return g_string_free(s, FALSE);
}

char *cbec_text_money_scaled(int64_t fen, int div_digits)
{
    /* value in hundredths of the unit = fen / 10^div_digits, rounded half away from zero */
    uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen, d = 1, q;
    GString *s = g_string_new(NULL);
    char digits[32];
    int i;
    for (i = 0; i < div_digits; i++)
        d *= 10;
    q = (u + d / 2) / d;
    if (fen < 0 && q > 0)
        g_string_append_c(s, '-');
    g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, q / 100);
    group_digits(s, digits);
    g_string_append_printf(s, ".%02u", (unsigned)(q % 100));
    return g_string_free(s, FALSE);
}

char *cbec_text_yuan(int64_t fen)
{
    return cbec_text_money_scaled(fen, 0);
}

/* Replace "{}" in a word pattern with the number. */
static char *fill(const char *pattern, const char *num)
{
    const char *p = strstr(pattern, "{}");
    if (!p)
        return g_strconcat(num, " ", pattern, NULL);
    return g_strdup_printf("%.*s%s%s", (int)(p - pattern), pattern, num, p + 2);
}

char *cbec_text_money_auto(cbec_template *t, int64_t fen)
{
    int64_t a = fen < 0 ? -fen : fen;
    int en = strcmp(t->lang, "en") == 0;
    const char *pat;
    char *num, *r;
    int div;

    if (!en && a >= INT64_C(10000000000)) {          /* >= 1 亿元 */
        div = 8;
        pat = cbec_template_word(t, "money_yi", "{} 亿元");
    } else if (!en && a >= INT64_C(1000000)) {       /* >= 1 万元 */
        div = 4;
        pat = cbec_template_word(t, "money_wan", "{} 万元");
    } else if (en && a >= INT64_C(100000000)) {      /* >= 1 million yuan */
        div = 6;
        pat = cbec_template_word(t, "money_m", "CNY {} million");
    } else {
        div = 0;
        pat = cbec_template_word(t, "money_yuan", en ? "CNY {}" : "{} 元");
    }
    num = cbec_text_money_scaled(fen, div);
    r = fill(pat, num);
    g_free(num);
    return r;
}

static char *fmt_double(double v, int decimals)
{
    char buf[64];
    if (!isfinite(v))
        return g_strdup("-");
    g_snprintf(buf, sizeof buf, "%.*f", decimals, v);
    if (strcmp(buf, "-0.0") == 0 || strcmp(buf, "-0") == 0)
        memmove(buf, buf + 1, strlen(buf));
    return g_strdup(buf);
}

char *cbec_text_cell(cbec_template *t, const cbec_rcell *c, cbec_rtype type)
{
    const char *unit;
    if (c->null)
        return g_strdup("—");   /* no data: a dash as published tables print it, never a 0 */
    switch (type) {
    case CBEC_RT_INT:
        return cbec_text_int(c->i);
    case CBEC_RT_MONEY:
        unit = cbec_template_label(t, "report", "pdf_money", "wan");
        if (strcmp(unit, "yuan") == 0)
            return cbec_text_yuan(c->i);
        if (strcmp(unit, "yi") == 0)
            return cbec_text_money_scaled(c->i, 8);
        if (strcmp(unit, "m") == 0)
            return cbec_text_money_scaled(c->i, 6);
        return cbec_text_money_scaled(c->i, 4);
    case CBEC_RT_PCT: {
        char *n = fmt_double(c->d * 100.0, 1), *r = g_strconcat(n, "%", NULL);
        g_free(n);
        return r;
    }
    case CBEC_RT_NUM:
        return fmt_double(c->d, 1);
    default:
        return g_strdup(c->s ? c->s : "");
    }
}

char *cbec_text_scalar(cbec_template *t, const cbec_rscalar *s, int period)
{
    const cbec_rcell *c = &s->v[period];
    const char *unit;
    char *n, *r;
    if (c->null)
        return g_strdup("—");   /* no figure, like the tables' empty cells, never a minus sign */
    if (s->type == CBEC_RT_MONEY)
        return cbec_text_money_auto(t, c->i);
    n = cbec_text_cell(t, c, s->type);
    if (s->type == CBEC_RT_PCT || s->type == CBEC_RT_TEXT || s->type == CBEC_RT_DATE)
        return n;
    unit = cbec_template_label(t, "units", s->id, NULL);
    if (!unit || !*unit)
        return n;
    r = strstr(unit, "{}") ? fill(unit, n) : g_strconcat(n, " ", unit, NULL);
    g_free(n);
    return r;
}

char *cbec_text_change(cbec_template *t, const cbec_rscalar *s, int p)
{
    char *n, *r;
    const char *w;
    double ch;

    if (s->type == CBEC_RT_PCT) {
        /* ratios change in percentage points */
        double pp;
        if (s->v[CBEC_P_CUR].null || s->v[p].null)
            return NULL;
        pp = (s->v[CBEC_P_CUR].d - s->v[p].d) * 100.0;
        n = fmt_double(fabs(pp), 1);
        if (strcmp(n, "0.0") == 0)
            r = g_strdup(cbec_template_word(t, "flat", "flat"));
        else
            r = fill(cbec_template_word(t, pp > 0 ? "up_pp" : "down_pp", pp > 0 ? "up {} pp" : "down {} pp"), n);
        g_free(n);
        return r;
    }
    if (!cbec_rscalar_change(s, p, &ch))
        return NULL;
    n = fmt_double(fabs(ch) * 100.0, 1);
    if (strcmp(n, "0.0") == 0) {
        g_free(n);
        return g_strdup(cbec_template_word(t, "flat", "flat"));
    }
    w = cbec_template_word(t, ch > 0 ? "up" : "down", ch > 0 ? "up {}%" : "down {}%");
    r = fill(w, n);
    g_free(n);
    return r;
}

/* Format a cell by an explicit FMT of the placeholder. */
static char *fmt_cell(cbec_template *t, const cbec_rcell *c, cbec_rtype type, const char *fmt)
{
    if (c->null)
        return NULL;
    if (!fmt)
        return type == CBEC_RT_MONEY ? cbec_text_money_auto(t, c->i) : cbec_text_cell(t, c, type);
    if (strcmp(fmt, "yi") == 0)
        return cbec_text_money_scaled(type == CBEC_RT_MONEY ? c->i : c->i * 100, 8);
    if (strcmp(fmt, "wan") == 0)
        return cbec_text_money_scaled(type == CBEC_RT_MONEY ? c->i : c->i * 100, 4);
    if (strcmp(fmt, "m") == 0)
        return cbec_text_money_scaled(type == CBEC_RT_MONEY ? c->i : c->i * 100, 6);
    if (strcmp(fmt, "yuan") == 0)
        return cbec_text_yuan(c->i);
    if (strcmp(fmt, "int") == 0)
        return cbec_text_int(type == CBEC_RT_INT || type == CBEC_RT_MONEY ? c->i : (int64_t)llround(c->d));
    if (strcmp(fmt, "pct") == 0)
        return fmt_double(c->d * 100.0, 1);
    if (strcmp(fmt, "num") == 0)
        return fmt_double(type == CBEC_RT_INT ? (double)c->i : c->d, 1);
    return cbec_text_cell(t, c, type);
}

/* Resolve one placeholder body; NULL when it has no value (strict: also a change without a base). */
static char *resolve(cbec_template *t, const cbec_rmodel *m, const char *body, int strict)
{
    char *b = g_strdup(body), *fmt = strchr(b, '|'), *r = NULL, *dot, *br;
    if (fmt)
        *fmt++ = '\0';
    if (g_str_has_prefix(b, "meta:")) {
        const char *v = cbec_rmodel_get_meta(m, b + 5);
        r = v ? g_strdup(v) : NULL;
        goto done;
    }
    if (g_str_has_prefix(b, "date:") || g_str_has_prefix(b, "dates:") || g_str_has_prefix(b, "months:")) {
        /* dates in prose from meta values: {date:KEY} {dates:FROM,TO} {months:FROM,TO} */
        char *colon = strchr(b, ':'), *comma = strchr(colon + 1, ',');
        int en = strcmp(t->lang, "en") == 0;
        if (comma)
            *comma++ = '\0';
        if (b[0] == 'd' && b[4] == ':')
            r = cbec_text_date(cbec_rmodel_get_meta(m, colon + 1), en);
        else if (comma && b[0] == 'd')
            r = cbec_text_date_range(cbec_rmodel_get_meta(m, colon + 1), cbec_rmodel_get_meta(m, comma), en);
        else if (comma)
            r = cbec_text_month_range(cbec_rmodel_get_meta(m, colon + 1), cbec_rmodel_get_meta(m, comma), en);
        goto done;
    }
    br = strchr(b, '[');
    if (br) {
        /* TABLE[N].COL */
        char *end = strchr(br, ']');
        const cbec_rtable *tb;
        long row;
        int col;
        *br = '\0';
        if (!end || end[1] != '.')
            goto done;
        row = strtol(br + 1, NULL, 10);
        tb = cbec_rmodel_get_table(m, b);
        if (!tb || row < 1 || (guint)row > tb->rows->len)
            goto done;
        col = cbec_rtable_col(tb, end + 2);
        if (col < 0)
            goto done;
        r = fmt_cell(t, &((cbec_rcell *)g_ptr_array_index(tb->rows, row - 1))[col], tb->col_types[col], fmt);
        goto done;
    }
    dot = strchr(b, '.');
    if (dot)
        *dot++ = '\0';
    {
        const cbec_rscalar *s = cbec_rmodel_get_scalar(m, b);
        if (!s)
            goto done;
        if (!dot) {
            if (s->v[CBEC_P_CUR].null)
                goto done;
            r = fmt ? fmt_cell(t, &s->v[CBEC_P_CUR], s->type, fmt) : cbec_text_scalar(t, s, CBEC_P_CUR);
        } else if (strcmp(dot, "yoy") == 0 || strcmp(dot, "mom") == 0) {
            r = cbec_text_change(t, s, dot[0] == 'y' ? CBEC_P_LY : CBEC_P_PREV);
            if (!r && !strict)
                r = g_strdup(cbec_template_word(t, "nobase", "(no comparable figure)"));
        } else if (strcmp(dot, "prev") == 0 || strcmp(dot, "ly") == 0) {
            int p = dot[0] == 'p' ? CBEC_P_PREV : CBEC_P_LY;
            if (!s->v[p].null)
                r = fmt ? fmt_cell(t, &s->v[p], s->type, fmt) : cbec_text_scalar(t, s, p);
        }
    }
done:
    g_free(b);
    return r;
}

static char *expand(cbec_template *t, const cbec_rmodel *m, const char *pattern, int strict)
{
    GString *out = g_string_new(NULL);
    const char *p = pattern;

    while (*p) {
        const char *open = strchr(p, '{'), *close;
        char *body, *val;
        if (!open) {
            g_string_append(out, p);
            break;
        }
        close = strchr(open, '}');
        if (!close) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, open - p);
        body = g_strndup(open + 1, (gsize)(close - open - 1));
        val = resolve(t, m, body, strict);
        g_free(body);
        if (!val) {
            g_string_free(out, TRUE);
            return NULL;
        }
        g_string_append(out, val);
        g_free(val);
        p = close + 1;
    }
    return g_string_free(out, FALSE);
}

char *cbec_text_sentence(cbec_template *t, const cbec_rmodel *m, const char *pattern)
{
    return expand(t, m, pattern, 0);
}

GPtrArray *cbec_text_sentences(cbec_template *t, const cbec_rmodel *m, const cbec_tsection *s)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    guint i;
    for (i = 0; s->sentences && s->sentences[i]; i++) {
        const char *fb = s->fallbacks ? s->fallbacks[i] : NULL;
        char *line = expand(t, m, s->sentences[i], fb && *fb);
        if (!line && fb && *fb)
            line = expand(t, m, fb, 0);
        if (line)
            g_ptr_array_add(out, line);
    }
    return out;
}

const char *cbec_text_indicator_name(cbec_template *t, const cbec_rmodel *m, const char *id)
{
    guint i;
    const char *v = cbec_template_indicator(t, id, NULL);
    if (v)
        return v;
    for (i = 0; i < m->defs->len; i++) {
        const cbec_rdef *d = g_ptr_array_index(m->defs, i);
        if (strcmp(d->id, id) == 0)
            return d->name;
    }
    return id;
}

/* ---- dates in prose ------------------------------------------------------------------ */

static const char *const month_en[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

char *cbec_text_date(const char *date, int en)
{
    int y, m, d;
    if (!date || !cbec_date_parse(date, &y, &m, &d))
        return NULL;
    return en ? g_strdup_printf("%d %s %d", d, month_en[m - 1], y) : g_strdup_printf("%d年%d月%d日", y, m, d);
}

char *cbec_text_date_range(const char *from, const char *to, int en)
{
    int y1, m1, d1, y2, m2, d2;
    if (!from || !to || !cbec_date_parse(from, &y1, &m1, &d1) || !cbec_date_parse(to, &y2, &m2, &d2))
        return NULL;
    if (y1 == y2 && m1 == m2 && d1 == d2)
        return cbec_text_date(from, en);
    /* the second date leaves out what it shares with the first: 2026年12月1日至6日 */
    if (en) {
        if (y1 == y2 && m1 == m2)
            return g_strdup_printf("%d-%d %s %d", d1, d2, month_en[m1 - 1], y1);
        if (y1 == y2)
            return g_strdup_printf("%d %s - %d %s %d", d1, month_en[m1 - 1], d2, month_en[m2 - 1], y1);
        return g_strdup_printf("%d %s %d - %d %s %d", d1, month_en[m1 - 1], y1, d2, month_en[m2 - 1], y2);
    }
    if (y1 == y2 && m1 == m2)
        return g_strdup_printf("%d年%d月%d日至%d日", y1, m1, d1, d2);
    if (y1 == y2)
        return g_strdup_printf("%d年%d月%d日至%d月%d日", y1, m1, d1, m2, d2);
    return g_strdup_printf("%d年%d月%d日至%d年%d月%d日", y1, m1, d1, y2, m2, d2);
}

/* YYYY-MM or YYYY-MM-DD: its year and month */
static int month_of(const char *s, int *y, int *m)
{
    int d;
    if (!s)
        return 0;
    return strlen(s) == 7 ? cbec_month_parse(s, y, m) : cbec_date_parse(s, y, m, &d);
}

char *cbec_text_month_range(const char *from, const char *to, int en)
{
    int y1, m1, y2, m2;
    if (!month_of(from, &y1, &m1) || !month_of(to, &y2, &m2))
        return NULL;
    if (y1 == y2 && m1 == m2)
        return en ? g_strdup_printf("%s %d", month_en[m1 - 1], y1) : g_strdup_printf("%d年%d月", y1, m1);
    /* the em dash joins months in Chinese statistics: 2026年1—11月 */
    if (en)
        return y1 == y2 ? g_strdup_printf("%s-%s %d", month_en[m1 - 1], month_en[m2 - 1], y1)
                        : g_strdup_printf("%s %d - %s %d", month_en[m1 - 1], y1, month_en[m2 - 1], y2);
    return y1 == y2 ? g_strdup_printf("%d年%d—%d月", y1, m1, m2) : g_strdup_printf("%d年%d月—%d年%d月", y1, m1, y2, m2);
}
