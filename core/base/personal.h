/**
 * @file personal.h
 * @brief Personal identifiers: the site key, keyed hashes and masked forms (docs/dataset.md "Personal data").
 *
 * The key lives outside the dataset, in a key file named by [core] key_file;
 * without one, cbecflow creates a random key (mode 0600) in
 * $XDG_CONFIG_HOME/cbecflow/site.key (root: /etc/cbecflow/site.key), says so
 * once, and uses it from then on.
 */
#ifndef CBEC_PERSONAL_H
#define CBEC_PERSONAL_H

#include <stddef.h>

#include "core/base/config.h"
#include "core/base/error.h"

/**
 * Load (or create) the site key.
 * @param cfg config ([core] key_file), may be NULL
 * @param why receives a malloc'd reason on failure (g_free)
 */
cbec_err cbec_personal_init(const cbec_config *cfg, char **why);
/** 1 when a site key is loaded. */
int cbec_personal_ready(void);
/** Path of the key file in use (for messages). */
const char *cbec_personal_key_path(void);
/**
 * Keyed hash of a normalised identifier as 64 hex digits (g_free).
 * @param kind CBEC_PERSONAL_ID or CBEC_PERSONAL_PHONE (domain-separated)
 */
char *cbec_personal_hash(int kind, const char *value);
/**
 * Fingerprint of the loaded site key: HMAC-SHA256(key, "cbecflow site key fingerprint") as 64
 * hex digits (g_free), NULL without a key.  Datasets remember it (core/sitekey.h); it does not
 * reveal the key.
 */
char *cbec_personal_fingerprint(void);
/**
 * Both forms of one identifier, normalised once (a personal field stores both): the keyed
 * hash into hash (64 hex digits and a NUL) and the masked form returned (g_free); NULL
 * without a key or value.
 */
char *cbec_personal_hash_mask(int kind, const char *value, char hash[65]);
/** Masked form: ID "130681********3332", phone "188****5940" (g_free). */
char *cbec_personal_mask(int kind, const char *value);
/** Forget the key (tests). */
void cbec_personal_reset(void);

#endif
