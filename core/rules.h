/**
 * @file rules.h
 * @brief The one loader of rule files (etc/credit.rules, risk.rules, reconcile.rules,
 * indicators.conf): finding the file, its version, and typed reading of its keys.
 *
 * A rule file is a key file ([group], key = value, # comments).  Each module reads only
 * its own keys through the getters below; the loader knows none of them.  A value that
 * is present but cannot be read as the type asked for is never guessed: the getter
 * returns the default AND the rules remember the first such error, with file:line,
 * which the module turns into a refusal (cbec_rules_error()).
 */
#ifndef CBEC_RULES_H
#define CBEC_RULES_H

#include <stdint.h>

#include "core/base/config.h"
#include "core/base/error.h"

/** A loaded rule file (or the empty built-in one when none was found). */
typedef struct cbec_rules cbec_rules;

/**
 * Where a rule file is: the path in [section] key of the configuration when set (returned
 * even when missing: an explicit path must not fall back silently), else
 * $CBECFLOW_SRCDIR/etc/<name>, else pkgdatadir/<name>, else NULL.  g_free the result.
 */
char *cbec_rules_find(const cbec_config *cfg, const char *section, const char *key, const char *name);

/**
 * Load one rule file.
 * @param path   the file; NULL gives empty rules (every getter returns its default), version "builtin"
 * @param vgroup the group holding `version` (NULL: none); "unversioned" when a file has none
 * @param out    receives the rules
 * @param why    receives "path:line: reason" when the file cannot be read or parsed (g_free)
 */
cbec_err cbec_rules_load_file(const char *path, const char *vgroup, cbec_rules **out, char **why);

/**
 * cbec_rules_find() then cbec_rules_load_file(); when no file is found the built-in defaults
 * are used and a warning names the file that was looked for.
 */
cbec_err cbec_rules_load(const cbec_config *cfg, const char *section, const char *key, const char *name,
                         const char *vgroup, cbec_rules **out, char **why);

/** Release rules (NULL is fine). */
void cbec_rules_free(cbec_rules *r);
/** Version string (never NULL). */
const char *cbec_rules_version(const cbec_rules *r);
/** The file read, NULL for the built-in defaults. */
const char *cbec_rules_path(const cbec_rules *r);
/** 1 when the group exists. */
int cbec_rules_has(const cbec_rules *r, const char *group);
/** 1 when group.key exists. */
int cbec_rules_has_key(const cbec_rules *r, const char *group, const char *key);
/** Groups of the file in file order (g_strfreev; never NULL). */
char **cbec_rules_groups(const cbec_rules *r);
/** Keys of a group in file order (g_strfreev; an empty vector when the group is absent). */
char **cbec_rules_keys(const cbec_rules *r, const char *group);

/** Text value, trimmed, or a copy of def (g_free; NULL only when def is NULL and the key is absent). */
char *cbec_rules_text(const cbec_rules *r, const char *group, const char *key, const char *def);
/** Translated text key[lang] (falls back to the untranslated key), trimmed; NULL when absent (g_free). */
char *cbec_rules_text_lang(const cbec_rules *r, const char *group, const char *key, const char *lang);
/** A ';' list: items trimmed, empty ones dropped; def when the key is absent (g_strfreev; never NULL). */
char **cbec_rules_list(const cbec_rules *r, const char *group, const char *key, const char *def);
/** true/yes/1 or false/no/0 (any case); def when absent; anything else is an error (def returned). */
int cbec_rules_bool(const cbec_rules *r, const char *group, const char *key, int def);
/** An exact integer; def when absent; "3.5" or "ten" is an error (def returned). */
int64_t cbec_rules_int(const cbec_rules *r, const char *group, const char *key, int64_t def);
/** An exact decimal scaled by 10^scale, rounded half away from zero past scale (money: scale 2 = fen);
 * def when absent; a value that is not a decimal is an error (def returned). */
int64_t cbec_rules_scaled(const cbec_rules *r, const char *group, const char *key, unsigned scale, int64_t def);
/** A decimal as double, read to 6 decimals (weights and ratios, never money); def when absent. */
double cbec_rules_real(const cbec_rules *r, const char *group, const char *key, double def);

/** The first value a getter could not read ("path:line: [group] key: ..."), NULL when none. */
const char *cbec_rules_error(const cbec_rules *r);
/** Record an error found by a module's own check of a value (kept only when it is the first). */
void cbec_rules_fail(const cbec_rules *r, const char *group, const char *key, const char *what);

#endif
