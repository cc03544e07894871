/**
 * @file codepage.h
 * @brief Best guess of the single-byte code page of an MT940 narrative nobody configured.
 *
 * SWIFT's character set X is ASCII, but Hungarian, Czech, German or Russian banks
 * write their customers' names and purposes in the Windows code page of their country
 * and never say so.  A money line must not be lost for that: its text is decoded by a
 * guess that is recorded with the record (ENCODING_GUESSED), never silently.
 */
#ifndef CBEC_MT940_CODEPAGE_H
#define CBEC_MT940_CODEPAGE_H

#include <stddef.h>
#include <glib.h>

/** What the statement says about where it comes from (any member may be NULL or ""). */
typedef struct mt_cp_evidence {
    const char *bic;          /**< BIC of the bank that wrote the message (its sender) */
    const char *bic_from;     /**< where bic was found ("{2:}"), for the note */
    const char *bic2;         /**< the other BIC of the envelope (its receiver) */
    const char *bic2_from;
    const char *account;      /**< :25: as written: "BIC/account", an IBAN, or a local number */
    const char *currency;     /**< the statement's currency, when known */
} mt_cp_evidence;

/**
 * Decode bytes that are not UTF-8 with the code page the evidence points to (the BIC's
 * country, else the IBAN's, else the national currency's, else the bytes themselves,
 * else CP1252).  The evidence of origin is trusted over the bytes: a byte that code page
 * does not define becomes U+FFFD (counted in the note) rather than switching script.
 * @param note  set to a newly allocated sentence naming the code page and why
 * @return newly allocated UTF-8 text (never NULL)
 */
char *mt_cp_guess_decode(const char *bytes, size_t len, const mt_cp_evidence *ev, char **note);

#endif
