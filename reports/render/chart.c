/* The numbers of a chart: scales, labels, units, bar order (chart.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "reports/render/chart.h"
#include "reports/render/text.h"

void cbec_chart_scale(double vmin, double vmax, int ticks, int integral, double *lo, double *hi, double *step)
{
    double span, raw, mag, f, s;

    if (vmin > 0)
        vmin = 0;
    if (vmax < 0)
        vmax = 0;
    if (vmax - vmin <= 0)
        vmax = vmin + 1;
    span = vmax - vmin;
    raw = span / (ticks > 0 ? ticks : 5);
    mag = pow(10, floor(log10(raw)));
    f = raw / mag;
    s = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    if (integral) {
        /* a count has no half: steps 1, 2, 5, 10 ... (2.5 becomes 5 below 10) */
        if (s < 1)
            s = 1;
        if (fabs(s - round(s)) > 1e-9)
            s = ceil(s / mag / 5) * 5 * mag;
        s = round(s);
    }
    *step = s;
    *hi = ceil(vmax / s - 1e-9) * s;
    *lo = floor(vmin / s + 1e-9) * s;
    if (*hi <= *lo)
        *hi = *lo + s;
}

char *cbec_chart_tick(double v, double step)
{
    int decimals = 0;
    double s = fabs(step);
    /* as many decimals as the step has (0.5 -> 1, 0.25 -> 2), at most 3 */
    while (decimals < 3 && s > 0 && fabs(s - round(s)) > 1e-9 * (s > 1 ? s : 1)) {
        s *= 10;
        decimals++;
    }
    return cbec_text_number(v, decimals);
}

char *cbec_chart_value(const cbec_rcell *c, cbec_rtype type, cbec_rkind kind, int money_digits)
{
    if (c->null)
        return g_strdup("—");
    if (kind == CBEC_RK_AUTO)
        kind = cbec_rkind_of_type(type);
    switch (kind) {
    case CBEC_RK_COUNT:
        return cbec_text_int(type == CBEC_RT_INT || type == CBEC_RT_MONEY ? c->i : (int64_t)llround(c->d));
    case CBEC_RK_MONEY:
        if (type == CBEC_RT_MONEY)
            return cbec_text_money_scaled(c->i, money_digits);
        return cbec_text_number(type == CBEC_RT_INT ? (double)c->i : c->d, 2);
    case CBEC_RK_RATIO: {
        char *n = cbec_text_number((type == CBEC_RT_INT ? (double)c->i : c->d) * 100.0, 1);
        char *r = g_strconcat(n, "%", NULL);
        g_free(n);
        return r;
    }
    default:
        return cbec_text_number(type == CBEC_RT_INT || type == CBEC_RT_MONEY ? (double)c->i : c->d, 1);
    }
}

int cbec_chart_money_digits(const char *unit, const char **word_key)
{
    static const struct {
        const char *name, *word;
        int digits;
    } units[] = {{"yuan", "unit_yuan", 0}, {"wan", "unit_wan", 4}, {"m", "unit_m", 6}, {"yi", "unit_yi", 8}};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(units); i++)
        if (unit && strcmp(unit, units[i].name) == 0) {
            *word_key = units[i].word;
            return units[i].digits;
        }
    *word_key = "unit_wan";
    return 4;
}

int cbec_chart_money_auto(int64_t max_fen, int en, const char **word_key)
{
    int64_t a = max_fen < 0 ? -max_fen : max_fen;
    if (!en && a >= INT64_C(10000000000))
        return cbec_chart_money_digits("yi", word_key);
    if (!en && a >= INT64_C(1000000))
        return cbec_chart_money_digits("wan", word_key);
    if (en && a >= INT64_C(100000000))
        return cbec_chart_money_digits("m", word_key);
    return cbec_chart_money_digits("yuan", word_key);
}

int cbec_chart_ordered_category(const char *s)
{
    if (!s)
        return 0;
    /* YYYY-MM or YYYY-MM-DD, with anything after it ("2026-12 (1-6)") */
    if (strlen(s) >= 7 && g_ascii_isdigit(s[0]) && g_ascii_isdigit(s[3]) && s[4] == '-' && g_ascii_isdigit(s[5]) &&
        g_ascii_isdigit(s[6]))
        return 1;
    /* Chinese months and days: "11月", "12月1—6日", "6日" */
    return g_ascii_isdigit(s[0]) && (strstr(s, "月") || strstr(s, "日"));
}

/* a before b in the bar order: values descending, nulls last */
static int before(const double *v, const char *nulls, int a, int b)
{
    int na = nulls && nulls[a], nb = nulls && nulls[b];
    if (na != nb)
        return nb;
    return !na && v[a] > v[b];
}

void cbec_chart_sort_desc(const double *values, const char *nulls, int n, int *order)
{
    int i, j;
    /* insertion sort: stable (ties keep the provider's order), no shared state, and a chart's
     * table is small (aggregated rows) */
    for (i = 0; i < n; i++) {
        int k = i;
        for (j = i; j > 0 && before(values, nulls, k, order[j - 1]); j--)
            order[j] = order[j - 1];
        order[j] = k;
    }
}
