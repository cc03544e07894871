/**
 * @file fx.h
 * @brief The one conversion of an amount to CNY fen, in C and as the SQL function cny().
 *
 * Every figure in CNY (flow.value_cny, the analysis' values and alert evidence, the
 * statistics) is converted here, by one rule set:
 *
 * - **CNY is not converted.**  NULL, "", "CNY", "RMB" and "142" (the customs code of the
 *   renminbi) name CNY: the amount in fen is returned as it is, whatever the date.
 * - **The rate** is a row of `fx_rate` (filled by the `fx_rates` plugin from the PBoC
 *   central parity): the rate of the business date itself, else the most recent one
 *   published before it (a weekend or holiday takes the last business day's parity).
 *   Never a later rate, never a configured constant: an amount with no rate on or before
 *   its date, or with no date, is *not converted* (NULL in SQL) and stays visible as
 *   such -- never 0, never a guess.
 * - **The arithmetic** is exact: the rate is read as an integer scaled by 10^10 (the most
 *   decimals `fx_rates` accepts), the amount in the currency's minor units (its ISO 4217
 *   exponent, cbec_currency_exponent(): JPY 0, USD 2, KWD 3), the product in 128 bits,
 *   rounded once to the fen, half away from zero.
 */
#ifndef CBEC_FX_H
#define CBEC_FX_H

#include <stdint.h>
#include <sqlite3.h>

/** Decimals of a rate that are read exactly (plugins/fx_rates refuses more than 10). */
#define CBEC_FX_RATE_SCALE 10

/** Whether a currency code names CNY (NULL, "", "CNY", "RMB", "142"). */
int cbec_fx_is_cny(const char *currency);

/**
 * Parse a rate (decimal text, CNY per unit) into rate * 10^CBEC_FX_RATE_SCALE.
 * @return 0, or -1 when the text is not a positive decimal
 */
int cbec_fx_parse_rate(const char *text, int64_t *rate);

/**
 * amount_minor (minor units of currency) x rate (scaled by 10^CBEC_FX_RATE_SCALE) -> fen,
 * rounded half away from zero.
 * @return 0, or -1 when rate <= 0 or the result does not fit int64
 */
int cbec_fx_apply(int64_t amount_minor, const char *currency, int64_t rate, int64_t *fen);

/**
 * The rate that applies to currency on date (YYYY-MM-DD): that day's fx_rate, else the most
 * recent earlier one.
 * @return 1 found (*rate scaled by 10^CBEC_FX_RATE_SCALE), 0 none (or no date), -1 SQL error
 */
int cbec_fx_rate(sqlite3 *db, const char *currency, const char *date, int64_t *rate);

/**
 * Convert amount_minor of currency on date to CNY fen by the rules above.
 * @return 1 converted, 0 not converted (no rate, no date, out of range), -1 SQL error
 */
int cbec_fx_to_fen(sqlite3 *db, int64_t amount_minor, const char *currency, const char *date, int64_t *fen);

/**
 * Register on db the SQL function cny(amount_minor, currency, date) -> fen, NULL when the
 * amount is NULL or is not converted.  The store does this on every connection it opens.
 * @return 0, or -1 on an SQLite error
 */
int cbec_fx_register(sqlite3 *db);

/** Drop cny() from db before it is closed (it holds a prepared statement on db). */
void cbec_fx_unregister(sqlite3 *db);

#endif
