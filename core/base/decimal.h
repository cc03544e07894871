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
 * space, apostrophe, comma or dot; currency signs ($ € £ ¥ ₽, "US $", "C $",
 * "AU $" ...) and ISO codes before or after; "(12.00)" and a trailing '-' are
 * negative.  The decimal mark is what the value proves (cbec_decimal_evidence());
 * a value that proves nothing ("1,250", "1.250") is read the way US and Chinese
 * exports write: ',' groups, '.' is the decimal point.  Sources that may write a
 * decimal comma use cbec_money_parse_mark() with the column's convention.
 * @return CBEC_DEC_*
 */
int cbec_money_parse(const char *text, unsigned scale, int64_t *out);
/**
 * What a human-formatted amount proves about its decimal mark.
 * "12,5", "0,48", "0,480", "1 250,00", "1.234,56", "1.234.567" prove a decimal comma;
 * "0.5", "12.50", "1,234.56", "1,234,567", "0.480" a decimal point.  A single ',' or '.'
 * followed by exactly three digits after a 1-3 digit integer part without a leading
 * zero or space grouping ("1,250", "1.250") proves nothing, nor does an integer.
 * @return '.', ',' or 0 (no evidence)
 */
int cbec_decimal_evidence(const char *text);
/**
 * cbec_money_parse() with a known decimal mark: mark '.' or ',' (the other one and
 * spaces group); a value proving the other mark ("12,5" with '.') is CBEC_DEC_INVALID,
 * never rescaled.  mark 0 behaves as cbec_money_parse().
 * @return CBEC_DEC_*
 */
int cbec_money_parse_mark(const char *text, unsigned scale, int mark, int64_t *out);
/** Minor-unit exponent of an ISO 4217 currency code (2 when unknown). */
int cbec_currency_exponent(const char *iso);
/** Format value (scaled by 10^scale) as a plain decimal into buf. */
void cbec_decimal_format(int64_t value, unsigned scale, char *buf, unsigned long len);

#endif
