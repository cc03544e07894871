/**
 * @file decimal.h
 * @brief Exact decimal parsing into scaled integers (money never touches floating point).
 */
#ifndef CBEC_DECIMAL_H
#define CBEC_DECIMAL_H

#include <stdint.h>

/** Results of the parsers. */
enum {
    CBEC_DEC_EXACT = 0,      /**< parsed exactly */
    CBEC_DEC_ROUNDED = 1,    /**< digits beyond the scale were rounded half away from zero */
    CBEC_DEC_INVALID = -1,   /**< not a decimal */
    CBEC_DEC_OVERFLOW = -2   /**< does not fit int64 at this scale */
};

/**
 * Parse a plain decimal ("-123.45", "+7", ".5", "1e3" is refused) into value * 10^scale.
 * Surrounding ASCII spaces are ignored.
 * @return CBEC_DEC_* (out untouched on error)
 */
int cbec_decimal_parse(const char *text, unsigned scale, int64_t *out);
/**
 * Parse a human-formatted amount without locale: grouping by space, NBSP, thin
 * space, apostrophe, comma or dot; the decimal mark is the last of ',' '.' when
 * followed by 1-5 digits (or a lone ',' / '.' with 3 digits is taken as
 * grouping only when another separator of the other kind precedes it);
 * currency signs ($ € £ ¥ ₽, "US $", "C $", "AU $" ...) and ISO codes before
 * or after; "(12.00)" and a trailing '-' are negative.  A lone ',' followed by
 * exactly three digits is ambiguous ("1,250"): it is read as grouping (1250),
 * as in US and Chinese exports; sources that write a decimal comma with three
 * decimals must say so by normalising before calling.
 * @return CBEC_DEC_*
 */
int cbec_money_parse(const char *text, unsigned scale, int64_t *out);
/** Minor-unit exponent of an ISO 4217 currency code (2 when unknown). */
int cbec_currency_exponent(const char *iso);
/** Format value (scaled by 10^scale) as a plain decimal into buf. */
void cbec_decimal_format(int64_t value, unsigned scale, char *buf, unsigned long len);

#endif
