/**
 * @file json.h
 * @brief The one JSON string writer (RFC 8259): every JSON cbecflow writes by hand
 * (ingest --json, the run manifest, credit factors) quotes its strings here.
 */
#ifndef CBEC_JSON_H
#define CBEC_JSON_H

#include <glib.h>

/**
 * Append v as a JSON string: `"` `\` and the control characters escaped, valid UTF-8
 * passed through as it is, each byte that is not valid UTF-8 written as \ufffd (so any
 * file name gives valid JSON).  NULL is written as null.
 */
void cbec_json_str(GString *s, const char *v);
/** Append `"key": ` (key through cbec_json_str). */
void cbec_json_key(GString *s, const char *key);

#endif
