/**
 * @file loader.h
 * @brief Finding, loading and checking source plugins (dlopen).
 *
 * The loader scans the plugin path (CBECFLOW_PLUGIN_PATH's colon-separated
 * folders, then the installed plugins-<ABI> folder) for *.so, loads each with
 * RTLD_LOCAL, calls cbec_plugin_entry() with the host table and refuses, with
 * the reason, a plugin whose ABI major differs, whose descriptor is shorter
 * than the 1.0 layout, whose name differs from its file stem, whose name is
 * already taken, which lacks a callback, or which cannot be loaded at all.
 */
#ifndef CBEC_LOADER_H
#define CBEC_LOADER_H

#include <cbecflow/plugin.h>

#include "core/base/error.h"

/** A loaded plugin. */
typedef struct cbec_plugin {
    const cbec_source_plugin *desc;
    char *path;
    void *handle;
} cbec_plugin;

/** A plugin that was refused, and why. */
typedef struct cbec_refusal {
    char *path;
    char *reason;
} cbec_refusal;

/** The set of plugins of this process. */
typedef struct cbec_registry {
    cbec_plugin *plugins;
    size_t count;
    cbec_refusal *refused;
    size_t refused_count;
} cbec_registry;

/**
 * Load every plugin on the path.
 * @param path colon-separated folders, or NULL for the environment/default
 * @param out  receives the registry (free with cbec_registry_free)
 */
cbec_err cbec_registry_load(const char *path, cbec_registry **out);
/** Unload all plugins and free the registry. */
void cbec_registry_free(cbec_registry *reg);
/** A plugin by name, or NULL. */
const cbec_plugin *cbec_registry_find(const cbec_registry *reg, const char *name);
/** The plugin path in effect: CBECFLOW_PLUGIN_PATH's folders, then the installed one. */
const char *cbec_plugin_path(void);

#endif
