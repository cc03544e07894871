/**
 * @file sitekey.h
 * @brief A dataset remembers which site key made its personal hashes (table site_key).
 *
 * The *_key columns are HMAC-SHA256 hashes under the site key (core/base/personal.h).  An
 * ingest with another key (a lost key file recreated, a second machine's key) would store
 * hashes that never equal the earlier ones: the same buyer would become two.  So the first
 * ingest or run records the key's fingerprint, and a later one with another key is refused.
 */
#ifndef CBEC_SITEKEY_H
#define CBEC_SITEKEY_H

#include <stdint.h>

#include "core/base/error.h"
#include "core/store.h"

/**
 * Check the loaded site key against the fingerprint the dataset recorded.
 * @param why receives a malloc'd message (g_free) naming the key file in use and saying the
 *            dataset was built with another key
 * @return CBEC_ERR_NONE when they agree or the dataset recorded none yet; CBEC_ERR_CONFIG when
 *         another key built the dataset; CBEC_ERR_DB when the dataset cannot be read
 */
cbec_err cbec_sitekey_check(cbec_store *st, char **why);
/**
 * Record the loaded key's fingerprint when the dataset has none yet (first ingest or run, or
 * the first after an upgrade from a dataset older than the fingerprint); nothing otherwise.
 */
cbec_err cbec_sitekey_remember(cbec_store *st, int64_t run_id, char **why);

#endif
