/* Exact decimal arithmetic on int64 scaled integers.  Every step checks for
 * overflow: 14-digit amounts at 5 decimals are close to the int64 limit. */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "decimal.h"

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

int cbec_money_parse(const char *text, unsigned scale, int64_t *out)
{
    /* Longest first: "US $900.00" (eBay) must not leave a stray "US". */
    static const char *const signs[] = {"US $", "AU $", "C $", "HK $", "NZ $", "US$", "AU$", "CA$", "C$", "A$",
                                        "HK$", "NZ$", "$", "€", "£", "¥", "￥", "₽", "руб.", "руб", "CNY", "RMB", "USD",
                                        "EUR", "RUB", "MNT", "GBP", "元", NULL};
    GString *clean;
    const char *p;
    int neg = 0, rc;
    size_t i, n;
    long last_dot, last_comma, ndots = 0, ncommas = 0;
    char dec = 0;

    if (!text)
        return CBEC_DEC_INVALID;
    clean = g_string_new(NULL);
    for (p = text; *p;) {
        int sl = space_len(p), matched = 0;
        if (sl) {
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
        if (matched)
            continue;
        if (*p == '(' && clean->len == 0) {
            neg = 1;
            p++;
            continue;
        }
        if (*p == ')' && neg) {
            p++;
            continue;
        }
        if (*p == '-' && p[1] == 0 && clean->len > 0) {  /* trailing minus */
            neg = !neg;
            p++;
            continue;
        }
        g_string_append_c(clean, *p++);
    }
    /* Decide the decimal mark. */
    last_dot = last_comma = -1;
    for (i = 0; i < clean->len; i++) {
        if (clean->str[i] == '.') { last_dot = (long)i; ndots++; }
        if (clean->str[i] == ',') { last_comma = (long)i; ncommas++; }
    }
    if (last_dot >= 0 && last_comma >= 0)
        dec = last_dot > last_comma ? '.' : ',';
    else if (last_dot >= 0 || last_comma >= 0) {
        char c = last_dot >= 0 ? '.' : ',';
        long pos = last_dot >= 0 ? last_dot : last_comma;
        long cnt = last_dot >= 0 ? ndots : ncommas;
        size_t after = clean->len - (size_t)pos - 1;
        /* "1,234" / "1.234.567": one 3-digit group after a single mark repeated = grouping. */
        if (cnt > 1 || (after == 3 && c == ',' && pos > 0))
            dec = 0;
        else
            dec = c;
    }
    n = 0;
    for (i = 0; i < clean->len; i++) {
        char c = clean->str[i];
        if (c == '.' || c == ',') {
            if (c != dec)
                continue;
            clean->str[n++] = '.';
        } else
            clean->str[n++] = c;
    }
    g_string_truncate(clean, n);
    if (neg) {
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
