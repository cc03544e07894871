/**
 * @file codes.h
 * @brief Customs code tables of the ceb plugin: the three-digit currency and
 * country codes of China Customs mapped to ISO 4217 / ISO 3166-1 alpha-2,
 * placeholder detection, and the GB 11643 check of resident ID numbers.
 */
#ifndef CEB_CODES_H
#define CEB_CODES_H

/**
 * ISO 4217 code of a customs currency code ("142" -> "CNY", "502" -> "USD").
 * An ISO alpha code that some senders put instead ("USD") is accepted as is.
 * @return a static string, or NULL when the code is unknown
 */
const char *ceb_currency_iso(const char *code);

/**
 * ISO 3166-1 alpha-2 code of a customs country/region code ("142" -> "CN",
 * "344" -> "RU", "124" -> "MN").
 * @return a static string, or NULL when the code is unknown
 */
const char *ceb_country_iso(const char *code);

/**
 * True for filler values that stand in for a real code in test and sample
 * messages: letters where digits are due ("aaa"), one character repeated
 * ("000", "111"), or a three-digit code below 100 ("001", "002").
 */
int ceb_code_is_placeholder(const char *code);

/**
 * GB 11643-1999 check of an 18-character resident ID number: weights
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over the first 17 digits, sum mod 11
 * indexes "10X98765432".
 * @return 1 valid, 0 invalid (wrong length, non-digits or wrong check character)
 */
int ceb_id_checksum_ok(const char *id);

#endif
