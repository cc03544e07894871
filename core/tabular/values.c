/* Cell values as text, for both formats and for callers of tabular.h: labels normalised for
 * comparison, numbers in E notation expanded without floating point, Excel serial dates. */
#include "cbecflow-build.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "core/tabular/values.h"

char *cbec_text_normalise(const char *text)
{
    GString *o = g_string_new(NULL);
    const char *p = text ? text : "";
    int space = 0;
    char *fold, *res;

    if (!g_utf8_validate(p, -1, NULL)) {
        g_string_free(o, TRUE);
        return g_strdup("");
    }
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D)
            continue;                              /* BOM and zero-width marks */
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;                           /* full-width forms -> ASCII */
        if (g_unichar_isspace(c) || c == 0x00A0 || c == 0x3000 || c == 0x2007 || c == 0x202F) {
            space = 1;
            continue;
        }
        if (c == 0x0401 || c == 0x0451)
            c = 0x0435;                            /* Ё ё -> е */
        if (space && o->len)
            g_string_append_c(o, ' ');
        space = 0;
        g_string_append_unichar(o, c);
    }
    fold = g_utf8_casefold(o->str, (gssize)o->len);
    g_string_free(o, TRUE);
    /* Case folding may not map ё again; do it once more on the folded text. */
    res = fold;
    if (strstr(fold, "\xd1\x91")) {
        GString *r = g_string_new(NULL);
        for (p = fold; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            g_string_append_unichar(r, c == 0x0451 ? 0x0435 : c);
        }
        g_free(fold);
        res = g_string_free(r, FALSE);
    }
    return res;
}

char *cbec_tab_number_text(const char *v)
{
    const char *p = v, *e;
    GString *digits, *o;
    int neg = 0, point = -1;
    long exp = 0;
    long pos, i, n;

    if (!v)
        return g_strdup("");
    while (*p == ' ')
        p++;
    e = strpbrk(p, "eE");
    if (!e)
        return g_strdup(p);
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    digits = g_string_new(NULL);
    for (; p < e; p++) {
        if (g_ascii_isdigit(*p))
            g_string_append_c(digits, *p);
        else if (*p == '.' && point < 0)
            point = (int)digits->len;
        else {
            g_string_free(digits, TRUE);
            return g_strdup(v);                    /* not a number: leave it alone */
        }
    }
    if (point < 0)
        point = (int)digits->len;
    {
        char *end = NULL;
        exp = strtol(e + 1, &end, 10);
        if (!end || *end || e[1] == 0 || exp > 400 || exp < -400 || digits->len == 0) {
            g_string_free(digits, TRUE);
            return g_strdup(v);
        }
    }
    pos = point + exp;                             /* digits before the decimal point */
    n = (long)digits->len;
    o = g_string_new(neg ? "-" : "");
    if (pos <= 0) {
        g_string_append(o, "0.");
        for (i = 0; i < -pos; i++)
            g_string_append_c(o, '0');
        g_string_append(o, digits->str);
    } else {
        for (i = 0; i < pos; i++)
            g_string_append_c(o, i < n ? digits->str[i] : '0');
        if (pos < n) {
            g_string_append_c(o, '.');
            g_string_append(o, digits->str + pos);
        }
    }
    g_string_free(digits, TRUE);
    /* Drop leading zeros of the integer part and trailing zeros of the fraction. */
    {
        char *s = o->str + (neg ? 1 : 0);
        char *dot = strchr(s, '.');
        size_t lead = 0;
        if (dot) {
            size_t l = o->len;
            while (l > 0 && o->str[l - 1] == '0')
                l--;
            if (l > 0 && o->str[l - 1] == '.')
                l--;
            g_string_truncate(o, l);
            dot = strchr(s, '.');
        }
        while (s[lead] == '0' && s[lead + 1] && s[lead + 1] != '.')
            lead++;
        if (lead)
            g_string_erase(o, neg ? 1 : 0, (gssize)lead);
        if (strcmp(o->str, "-0") == 0)
            g_string_assign(o, "0");
    }
    return g_string_free(o, FALSE);
}

char *cbec_tab_serial_to_iso(const char *serial, int date1904, int kind)
{
    char *end = NULL;
    double v;
    long days;
    long secs;
    GDate d;

    if (!serial || !*serial)
        return NULL;
    v = g_ascii_strtod(serial, &end);
    if (!end || *end || !isfinite(v) || v < 0 || v > 2958465.0)
        return NULL;
    days = (long)floor(v);
    secs = lround((v - (double)days) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    if (kind == DATE_TIME)
        return g_strdup_printf("%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
    g_date_clear(&d, 1);
    if (date1904) {
        g_date_set_dmy(&d, 1, G_DATE_JANUARY, 1904);
    } else if (days >= 61 || days == 0) {
        g_date_set_dmy(&d, 30, G_DATE_DECEMBER, 1899);   /* Excel's fictitious 1900-02-29 */
    } else if (days == 60) {
        g_date_set_dmy(&d, 28, G_DATE_FEBRUARY, 1900);
        days = 0;
    } else {
        g_date_set_dmy(&d, 31, G_DATE_DECEMBER, 1899);
    }
    g_date_add_days(&d, (guint)days);
    if (kind == DATE_DATETIME)
        return g_strdup_printf("%04d-%02d-%02dT%02ld:%02ld:%02ld", g_date_get_year(&d), g_date_get_month(&d),
                               g_date_get_day(&d), secs / 3600, secs / 60 % 60, secs % 60);
    return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
}
