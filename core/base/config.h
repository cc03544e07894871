/**
 * @file config.h
 * @brief The INI-style configuration (GKeyFile), with command-line overrides.
 *
 * Sections: [core] (db, key_file, drop_dir, out_dir, limits), [plugin.NAME]
 * (the plugin's declared keys), [reconcile], [analyse], [report].  Every value
 * can be overridden with `-o section.key=value`; relative paths in the file are
 * resolved against the file's folder.
 */
#ifndef CBEC_CONFIG_H
#define CBEC_CONFIG_H

#include <stdint.h>

#include "core/base/error.h"

typedef struct cbec_config cbec_config;

/**
 * Load a configuration file, or an empty configuration when path is NULL.
 * @param path file to read, or NULL
 * @param out  receives the configuration
 * @param why  receives a malloc'd reason on failure (free with g_free)
 */
cbec_err cbec_config_load(const char *path, cbec_config **out, char **why);
/** Release a configuration. */
void cbec_config_free(cbec_config *cfg);
/** Value of section.key (overrides first), or NULL. */
const char *cbec_config_get(const cbec_config *cfg, const char *section, const char *key);
/** Value of section.key or def. */
const char *cbec_config_get_def(const cbec_config *cfg, const char *section, const char *key, const char *def);
/** Integer value (K/M/G suffixes accepted) or def when absent; *bad set to 1 when unparsable. */
int64_t cbec_config_get_int(const cbec_config *cfg, const char *section, const char *key, int64_t def, int *bad);
/** A path value resolved against the config file's folder; malloc'd (g_free), or NULL. */
char *cbec_config_get_path(const cbec_config *cfg, const char *section, const char *key);
/** Override section.key (command line). */
void cbec_config_set(cbec_config *cfg, const char *section, const char *key, const char *value);
/** Parse and apply "section.key=value"; returns CBEC_ERR_USAGE when malformed. */
cbec_err cbec_config_override(cbec_config *cfg, const char *assignment);
/**
 * Keys of a section, from the file and the overrides (each once, file order first);
 * NULL-terminated, g_strfreev.  For sections whose keys are data, e.g. [accounts].
 */
char **cbec_config_keys(const cbec_config *cfg, const char *section);
/** Path of the loaded file, or NULL. */
const char *cbec_config_file(const cbec_config *cfg);
/** Line of section.key in the loaded file (key NULL: the [section] line), 0 when absent. */
int cbec_config_line(const cbec_config *cfg, const char *section, const char *key);
/** 1 when section.key was set by `-o` on the command line. */
int cbec_config_from_cli(const cbec_config *cfg, const char *section, const char *key);
/** Sections of the file and of the `-o` overrides, each once; NULL-terminated, g_strfreev. */
char **cbec_config_sections(const cbec_config *cfg);
/** Parse "10M", "4G", "512k", "123" into bytes; -1 on error. */
int64_t cbec_parse_size(const char *text);

#endif
