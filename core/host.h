/**
 * @file host.h (core)
 * @brief The core's instance of the host API table and the per-input context it reads.
 */
#ifndef CBEC_CORE_HOST_H
#define CBEC_CORE_HOST_H

#include <cbecflow/host.h>

#include "core/base/config.h"

struct cbec_plugin;

/** What host callbacks need to know about the input a plugin reads. */
typedef struct cbec_input_ctx {
    const struct cbec_plugin *plugin;
    const cbec_config *cfg;
} cbec_input_ctx;

/** The host table handed to every plugin (static, lives for the process). */
const cbec_host *cbec_host_table(void);

#endif
