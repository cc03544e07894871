/**
 * @file dates.h
 * @brief Calendar dates of the business: the one check of a YYYY-MM-DD date.
 */
#ifndef CBEC_DATES_H
#define CBEC_DATES_H

/** 1 when text is a real calendar day written YYYY-MM-DD (2026-02-30 is not), else 0. */
int cbec_date_valid(const char *text);

#endif
