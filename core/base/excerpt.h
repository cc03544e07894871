/**
 * @file excerpt.h
 * @brief Personal data out of quarantine excerpts and messages.
 *
 * A refused record keeps a raw excerpt of its input (an XML element, a CSV row)
 * and a message, both stored in the dataset and logged.  They pass through the
 * same rule as records: no clear ID or phone number is stored.
 */
#ifndef CBEC_EXCERPT_H
#define CBEC_EXCERPT_H

#include <stddef.h>

#include "core/base/record.h"

/**
 * A copy of text (len bytes) with personal identifiers masked: every clear value the
 * record has seen (rec_set_personal, rec_mark_personal) by its masked form, and, as a
 * net under plugins that declare nothing, every token shaped like a resident ID
 * number (18 characters with a valid check digit).
 * @param rec the record (may be NULL: the net only)
 * @return g_malloc'ed NUL-terminated text, or NULL when text is NULL
 */
char *cbec_excerpt_scrub(const cbec_record *rec, const char *text, size_t len);

/**
 * Scrub in place what may leave with the record: its raw excerpt and error, and
 * err->message.  For records that cross a process boundary (isolation), where the
 * list of clear values stays behind.
 */
void cbec_excerpt_scrub_record(cbec_record *rec, cbec_error *err);

#endif
