/* Calendar dates of the business (dates.h). */
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/dates.h"

int cbec_date_valid(const char *text)
{
    int y, m, d;

    if (!text || strlen(text) != 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit(text[i]))
            return 0;
    y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}
