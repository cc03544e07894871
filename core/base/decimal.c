/* Exact decimal arithmetic on int64 scaled integers.  Every step checks for
 * overflow: 14-digit amounts at 5 decimals are close to the int64 limit. */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "core/base/decimal.h"

int cbec_decimal_parse(const char *text, unsigned scale, int64_t *out)
{
    const char *p = text;
    int neg = 0, digits = 0, rounded = 0;
    unsigned frac = 0;
    int64_t v = 0;
    int round_up = 0;

    if (!p || scale > 18)
        return CBEC_DEC_INVALID;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    for (; g_ascii_isdigit(*p); p++, digits++) {
        if (v > (INT64_MAX - (*p - '0')) / 10)
            return CBEC_DEC_OVERFLOW;
        v = v * 10 + (*p - '0');
    }
    if (*p == '.') {
        p++;
        for (; g_ascii_isdigit(*p); p++, digits++) {
            if (frac < scale) {
                if (v > (INT64_MAX - (*p - '0')) / 10)
                    return CBEC_DEC_OVERFLOW;
                v = v * 10 + (*p - '0');
                frac++;
            } else {
                if (frac == scale && !rounded)
                    round_up = *p >= '5';
                if (*p != '0')
                    rounded = 1;
                frac = scale + 1;
            }
        }
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p || digits == 0)
        return CBEC_DEC_INVALID;
    for (; frac < scale; frac++) {
        if (v > INT64_MAX / 10)
            return CBEC_DEC_OVERFLOW;
        v *= 10;
    }
    if (round_up) {
        if (v == INT64_MAX)
            return CBEC_DEC_OVERFLOW;
        v++;
    }
    *out = neg ? -v : v;
    return rounded ? CBEC_DEC_ROUNDED : CBEC_DEC_EXACT;
}

/* Skip one grouping space (ASCII, NBSP U+00A0, narrow NBSP U+202F, thin U+2009); returns bytes. */
static int space_len(const char *p)
{
    if (*p == ' ' || *p == '\'' || *p == '\t')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xAF || (unsigned char)p[2] == 0x89))
        return 3;
    return 0;
}

/* A human-formatted amount reduced to sign, digits and the separators '.' ','. */
typedef struct money_text {
    GString *clean;            /* digits, '.', ',', sign */
    int neg;                   /* "(12.00)" or a trailing '-' */
    int space_grouped;         /* a space/NBSP/apostrophe stood between two digits */
} money_text;

static void money_clean(const char *text, money_text *m)
{
    /* Longest first: "US $900.00" (eBay) must not leave a stray "US". */
    static const char *const signs[] = {"US $", "AU $", "C $", "HK $", "NZ $", "US$", "AU$", "CA$", "C$", "A$",
                                        "HK$", "NZ$", "$", "€", "£", "¥", "￥", "₽", "руб.", "руб", "CNY", "RMB", "USD",
                                        "EUR", "RUB", "MNT", "GBP", "元", NULL};
    const char *p;
    size_t i;
    int space_after_digit = 0;

    m->clean = g_string_new(NULL);
    m->neg = 0;
    m->space_grouped = 0;
    for (p = text; *p;) {
        int sl = space_len(p), matched = 0;
        if (sl) {
            space_after_digit = m->clean->len && g_ascii_isdigit(m->clean->str[m->clean->len - 1]);
            p += sl;
            continue;
        }
        for (i = 0; signs[i]; i++) {
            size_t l = strlen(signs[i]);
            if (strncmp(p, signs[i], l) == 0) {
                p += l;
                matched = 1;
                break;
            }
        }
        if (matched) {
            space_after_digit = 0;
            continue;
        }
        if (*p == '(' && m->clean->len == 0) {
            m->neg = 1;
            p++;
            continue;
        }
        if (*p == ')' && m->neg) {
            p++;
            continue;
        }
        if (*p == '-' && p[1] == 0 && m->clean->len > 0) {  /* trailing minus */
            m->neg = !m->neg;
            p++;
            continue;
        }
        if (space_after_digit && g_ascii_isdigit(*p))
            m->space_grouped = 1;
        space_after_digit = 0;
        g_string_append_c(m->clean, *p++);
    }
}

/* What the separators of a cleaned amount prove about its decimal mark ('.', ',' or 0). */
static int mark_evidence(const money_text *m)
{
    const char *s = m->clean->str;
    size_t len = m->clean->len, i, int_digits = 0;
    long last_dot = -1, last_comma = -1, ndots = 0, ncommas = 0, pos;
    int c, lead_zero;

    for (i = 0; i < len; i++) {
        if (s[i] == '.') { last_dot = (long)i; ndots++; }
        else if (s[i] == ',') { last_comma = (long)i; ncommas++; }
        else if (!g_ascii_isdigit(s[i]) && !(i == 0 && (s[i] == '-' || s[i] == '+')))
            return 0;                               /* not a number: "03.07.2025 10:00", "No. 5" */
    }
    if (last_dot >= 0 && last_comma >= 0)
        return last_dot > last_comma ? '.' : ',';  /* "1,234.56" / "1.234,56": the last one is the mark */
    if (last_dot < 0 && last_comma < 0)
        return 0;                                   /* "1250": nothing to decide */
    c = last_dot >= 0 ? '.' : ',';
    pos = last_dot >= 0 ? last_dot : last_comma;
    if ((c == '.' ? ndots : ncommas) > 1)
        return c == '.' ? ',' : '.';                /* "1.234.567": a repeated mark groups */
    if (len - (size_t)pos - 1 != 3)
        return c;                                   /* "12,5" "0,48" "0.5" "1 250,00": not a 3-digit group */
    for (i = 0; i < (size_t)pos; i++)
        if (g_ascii_isdigit(s[i]))
            int_digits++;
    lead_zero = int_digits > 0 && s[pos - (long)int_digits] == '0';
    /* A group separator never follows a leading zero, nothing, more than three digits, or
     * another (space) grouping: "0,480" ",480" "1250,000" "1 250,000" have a decimal mark. */
    if (int_digits == 0 || int_digits > 3 || lead_zero || m->space_grouped)
        return c;
    return 0;                                       /* "1,250" / "1.250" alone: ambiguous */
}

int cbec_decimal_evidence(const char *text)
{
    money_text m;
    int e;
    if (!text)
        return 0;
    money_clean(text, &m);
    e = mark_evidence(&m);
    g_string_free(m.clean, TRUE);
    return e;
}

int cbec_money_parse_mark(const char *text, unsigned scale, int mark, int64_t *out)
{
    money_text m;
    GString *clean;
    int rc, e;
    size_t i, n, nmarks = 0;
    char dec;

    if (!text || (mark && mark != '.' && mark != ','))
        return CBEC_DEC_INVALID;
    money_clean(text, &m);
    clean = m.clean;
    e = mark_evidence(&m);
    if (mark && e && e != mark) {
        /* The value itself proves the other convention ("12,5" where '.' was declared):
         * reading it by the declared one would scale it by powers of ten. */
        g_string_free(clean, TRUE);
        return CBEC_DEC_INVALID;
    }
    if (mark)
        dec = (char)mark;
    else if (e)
        dec = (char)e;
    else {
        /* Ambiguous "1,250" / "1.250": the reading of US and Chinese exports, where
         * ',' groups and '.' is the decimal point (callers that know better pass mark). */
        dec = '.';
    }
    n = 0;
    for (i = 0; i < clean->len; i++) {
        char c = clean->str[i];
        if (c == '.' || c == ',') {
            if (c != dec)
                continue;
            nmarks++;
            clean->str[n++] = '.';
        } else
            clean->str[n++] = c;
    }
    g_string_truncate(clean, n);
    if (nmarks > 1) {
        g_string_free(clean, TRUE);
        return CBEC_DEC_INVALID;
    }
    if (m.neg) {
        if (clean->len && (clean->str[0] == '-' || clean->str[0] == '+')) {
            g_string_free(clean, TRUE);
            return CBEC_DEC_INVALID;
        }
        g_string_prepend_c(clean, '-');
    }
    rc = cbec_decimal_parse(clean->str, scale, out);
    g_string_free(clean, TRUE);
    return rc;
}

int cbec_money_parse(const char *text, unsigned scale, int64_t *out)
{
    return cbec_money_parse_mark(text, scale, 0, out);
}

int cbec_currency_exponent(const char *iso)
{
    /* ISO 4217 minor units other than 2; codes packed as "JPY KRW ..." so one
     * pass of three-letter compares answers (hot: every amount asks). */
    static const char zero[] = "JPY KRW VND CLP ISK XOF XAF PYG UGX RWF KMF GNF DJF VUV XPF ";
    static const char three[] = "KWD BHD OMR JOD IQD LYD TND ";
    char up[4];
    const char *p;
    int i;

    if (!iso)
        return 2;
    for (i = 0; i < 3; i++) {
        if (!iso[i])
            return 2;
        up[i] = g_ascii_toupper(iso[i]);
    }
    if (iso[3])
        return 2;
    if (up[0] == 'C' && up[1] == 'N' && up[2] == 'Y')
        return 2;
    for (p = zero; *p; p += 4)
        if (p[0] == up[0] && p[1] == up[1] && p[2] == up[2])
            return 0;
    for (p = three; *p; p += 4)
        if (p[0] == up[0] && p[1] == up[1] && p[2] == up[2])
            return 3;
    return 2;
}

void cbec_decimal_format(int64_t value, unsigned scale, char *buf, unsigned long len)
{
    uint64_t a = value < 0 ? (uint64_t)(-(value + 1)) + 1 : (uint64_t)value;
    uint64_t div = 1;
    unsigned i;

    for (i = 0; i < scale; i++)
        div *= 10;
    if (scale == 0)
        snprintf(buf, len, "%s%llu", value < 0 ? "-" : "", (unsigned long long)a);
    else
        snprintf(buf, len, "%s%llu.%0*llu", value < 0 ? "-" : "", (unsigned long long)(a / div),
                 (int)scale, (unsigned long long)(a % div));
}
