/* Error descriptions for cbec_err. */
#include "core/base/error.h"

const char *cbec_strerror(cbec_err err)
{
    static const char *const text[CBEC_ERR_MAX] = {
        [CBEC_ERR_NONE] = "no error",
        [CBEC_ERR_NOMEM] = "out of memory",
        [CBEC_ERR_IO] = "input/output error",
        [CBEC_ERR_USAGE] = "usage error",
        [CBEC_ERR_CONFIG] = "configuration error",
        [CBEC_ERR_DB] = "dataset error",
        [CBEC_ERR_PLUGIN] = "plugin error",
        [CBEC_ERR_FORMAT] = "unexpected input format",
        [CBEC_ERR_LIMIT] = "configured limit exceeded",
        [CBEC_ERR_UNSAFE] = "input refused as unsafe",
        [CBEC_ERR_LOCKED] = "another run holds the lock",
        [CBEC_ERR_NOT_FOUND] = "not found",
    };
    if ((int)err < 0 || err >= CBEC_ERR_MAX || !text[err])
        return "unknown error";
    return text[err];
}
