/**
 * @file dates.h
 * @brief Calendar dates of the business, written YYYY-MM-DD: the one parser, formatter and
 * day arithmetic every layer above the plugins uses (plugins read their source formats'
 * dates themselves).  Strict: "2026-2-3", "2026/02/03" and 2026-02-30 are not dates.
 */
#ifndef CBEC_DATES_H
#define CBEC_DATES_H

#include <glib.h>

/** Room for "YYYY-MM-DD" and its NUL. */
#define CBEC_DATE_LEN 11

/** 1 when text is a real calendar day written YYYY-MM-DD (2026-02-30 is not), else 0. */
int cbec_date_valid(const char *text);
/** Parse YYYY-MM-DD into year, month, day (each may be NULL); 1 on success, 0 when not a date. */
int cbec_date_parse(const char *text, int *y, int *m, int *d);
/** Parse YYYY-MM (a month, e.g. a configured base month); 1 on success. */
int cbec_month_parse(const char *text, int *y, int *m);
/** Parse YYYY-MM-DD into a GDate (for GLib's month and year arithmetic); 1 on success, d cleared on failure. */
int cbec_date_to_gdate(const char *text, GDate *d);
/** Write a valid GDate as YYYY-MM-DD. */
void cbec_date_from_gdate(const GDate *d, char out[CBEC_DATE_LEN]);
/** Write year, month, day as YYYY-MM-DD (the caller checked them). */
void cbec_date_format(int y, int m, int d, char out[CBEC_DATE_LEN]);
/** out = date + days (negative: earlier); 1 on success, 0 when date is not a date or the result leaves years 1..9999. */
int cbec_date_add_days(const char *date, int days, char out[CBEC_DATE_LEN]);
/** The first day of date's month; 1 on success. */
int cbec_date_first_of_month(const char *date, char out[CBEC_DATE_LEN]);
/** *out = b - a in days; 1 on success, 0 when either is not a date. */
int cbec_date_days_between(const char *a, const char *b, int *out);

#endif
