/* SHA-256 hex output over nettle. */
#include <stdio.h>

#include "core/base/digest.h"

void cbec_sha256_hex(cbec_sha256 *h, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t d[SHA256_DIGEST_SIZE];
    int i;

    sha256_digest(&h->ctx, sizeof d, d);
    for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = 0;
}
