/**
 * @file digest.h
 * @brief SHA-256 for input fingerprints and record content hashes (nettle:
 * hardware SHA extensions where the CPU has them, several times GLib's speed).
 */
#ifndef CBEC_DIGEST_H
#define CBEC_DIGEST_H

#include <stddef.h>
#include <nettle/sha2.h>

/** A running SHA-256. */
typedef struct cbec_sha256 {
    struct sha256_ctx ctx;
} cbec_sha256;

/** Start a hash. */
static inline void cbec_sha256_init(cbec_sha256 *h) { sha256_init(&h->ctx); }
/** Add bytes. */
static inline void cbec_sha256_update(cbec_sha256 *h, const void *p, size_t n)
{
    sha256_update(&h->ctx, n, (const uint8_t *)p);
}
/** Finish into 64 lower-case hex digits + NUL (hex >= 65 bytes); the hash restarts. */
void cbec_sha256_hex(cbec_sha256 *h, char *hex);

#endif
