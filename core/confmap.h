/**
 * @file confmap.h
 * @brief The one table of the core's configuration keys, and the strict check of a
 *        configuration against it and against each loaded plugin's declared keys.
 *
 * Modelled on Fluent Bit's config maps: every key the core reads is declared here
 * with its type, default and meaning, so a mistyped key or value stops the command
 * (exit 2) before any work instead of silently falling back to a default.
 */
#ifndef CBEC_CONFMAP_H
#define CBEC_CONFMAP_H

#include <stdio.h>

#include "core/base/config.h"
#include "core/loader.h"

/** Value types of the core's keys (plugin keys map onto them). */
typedef enum cbec_conf_kind {
    CBEC_CK_STRING, CBEC_CK_PATH, CBEC_CK_INT, CBEC_CK_SIZE, CBEC_CK_BOOL, CBEC_CK_ENUM,
    CBEC_CK_SECONDS, CBEC_CK_LIST
} cbec_conf_kind;

/** One known key; a NULL key ends the table. */
typedef struct cbec_conf_entry {
    const char *section;
    const char *key;
    cbec_conf_kind kind;
    const char *def;      /**< default as text; NULL = none (feature off or derived) */
    const char *allowed;  /**< CBEC_CK_ENUM: values separated by '|' */
    const char *meaning;  /**< one sentence */
} cbec_conf_entry;

/** The core's keys ([core], [reconcile], [analyse], [report]); [accounts] and [plugin.NAME] are checked apart. */
extern const cbec_conf_entry cbec_conf_table[];

/**
 * Check every section and key of cfg (file and `-o`): unknown ones, wrong types and values
 * outside their set are errors printed to err as "FILE:LINE: ..." with the nearest valid
 * name; a [plugin.NAME] section of a plugin not in reg is only a warning.
 * @return the number of errors (0 = valid)
 */
int cbec_config_validate(const cbec_config *cfg, const cbec_registry *reg, FILE *err);
/** Print the effective configuration, each value with where it came from (default, FILE:LINE, -o). */
void cbec_config_print(const cbec_config *cfg, const cbec_registry *reg, FILE *out);
/** Optimal string alignment (Damerau-Levenshtein) distance of a and b. */
int cbec_edit_distance(const char *a, const char *b);

#endif
