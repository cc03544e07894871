/* Calendar dates of the business (dates.h). */
#include <string.h>
#include <glib.h>

#include "core/base/dates.h"

/* Exactly N digits at text: no sign, no space (sscanf("%4d") would take " 12" or "+1"). */
static int digits(const char *text, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!g_ascii_isdigit(text[i]))
            return 0;
        v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return 1;
}

int cbec_month_parse(const char *text, int *y, int *m)
{
    int yy, mm;
    if (!text || strlen(text) != 7 || text[4] != '-' || !digits(text, 4, &yy) || !digits(text + 5, 2, &mm) ||
        yy < 1 || mm < 1 || mm > 12)
        return 0;
    if (y)
        *y = yy;
    if (m)
        *m = mm;
    return 1;
}

int cbec_date_parse(const char *text, int *y, int *m, int *d)
{
    int yy, mm, dd;
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 4, &yy) ||
        !digits(text + 5, 2, &mm) || !digits(text + 8, 2, &dd) || yy < 1 || mm < 1 || mm > 12 || dd < 1 ||
        !g_date_valid_dmy((GDateDay)dd, (GDateMonth)mm, (GDateYear)yy))
        return 0;
    if (y)
        *y = yy;
    if (m)
        *m = mm;
    if (d)
        *d = dd;
    return 1;
}

int cbec_date_valid(const char *text) { return cbec_date_parse(text, NULL, NULL, NULL); }

int cbec_date_to_gdate(const char *text, GDate *d)
{
    int y, m, dd;
    g_date_clear(d, 1);
    if (!cbec_date_parse(text, &y, &m, &dd))
        return 0;
    g_date_set_dmy(d, (GDateDay)dd, (GDateMonth)m, (GDateYear)y);
    return 1;
}

void cbec_date_format(int y, int m, int d, char out[CBEC_DATE_LEN])
{
    g_snprintf(out, CBEC_DATE_LEN, "%04d-%02d-%02d", y, m, d);
}

void cbec_date_from_gdate(const GDate *d, char out[CBEC_DATE_LEN])
{
    cbec_date_format(g_date_get_year(d), g_date_get_month(d), g_date_get_day(d), out);
}

int cbec_date_add_days(const char *date, int days, char out[CBEC_DATE_LEN])
{
    GDate d, last;
    gint64 j;
    if (!cbec_date_to_gdate(date, &d))
        return 0;
    /* GDate's own add/subtract stop the program on leaving years 1..9999: check before. */
    g_date_clear(&last, 1);
    g_date_set_dmy(&last, 31, G_DATE_DECEMBER, 9999);
    j = (gint64)g_date_get_julian(&d) + days;
    if (j < 1 || j > (gint64)g_date_get_julian(&last))
        return 0;
    g_date_set_julian(&d, (guint32)j);
    cbec_date_from_gdate(&d, out);
    return 1;
}

int cbec_date_first_of_month(const char *date, char out[CBEC_DATE_LEN])
{
    int y, m;
    if (!cbec_date_parse(date, &y, &m, NULL))
        return 0;
    cbec_date_format(y, m, 1, out);
    return 1;
}

int cbec_date_days_between(const char *a, const char *b, int *out)
{
    GDate da, db;
    if (!cbec_date_to_gdate(a, &da) || !cbec_date_to_gdate(b, &db))
        return 0;
    *out = g_date_days_between(&da, &db);
    return 1;
}
