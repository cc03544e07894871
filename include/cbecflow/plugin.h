/**
 * @file plugin.h
 * @brief The cbecflow source-plugin ABI (header-only SDK).
 *
 * A plugin is a shared module exporting exactly one symbol,
 * cbec_plugin_entry().  It receives the host API table (host.h) and returns a
 * descriptor.  The descriptor starts with the ABI version and its own size and
 * ends with reserved slots; the ABI only grows by appending members.
 *
 * Life of an input:
 *   probe()  -- pure and cheap: score the first <= 4 KiB (0..100);
 *   open()   -- the winning plugin gets a byte stream (never a path);
 *   next()   -- pull one business record at a time (or EOF, or a status);
 *   close()  -- always called once after a successful open().
 */
#ifndef CBECFLOW_PLUGIN_H
#define CBECFLOW_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Graded statuses, libarchive style: >= 0 is success. */
typedef enum cbec_status {
    CBEC_OK = 0,               /**< a record was produced */
    CBEC_EOF = 1,              /**< no more records in this input */
    CBEC_WARN = -20,           /**< a record was produced, with a warning in err */
    CBEC_RECORD_ERROR = -25,   /**< this record is bad: the core quarantines it, next() goes on */
    CBEC_FATAL = -30           /**< the input cannot go on: the core quarantines the rest, calls close() */
} cbec_status;

/** Filled by the plugin on WARN / RECORD_ERROR / FATAL, read by the core. */
typedef struct cbec_error {
    int code;                  /**< plugin-specific number, 0 if none */
    uint64_t line;             /**< 1-based line (text formats) or 0 */
    uint64_t record;           /**< 1-based record ordinal within the input or 0 */
    char reason[48];           /**< stable reason code: MISSING_KEY, BAD_AMOUNT, MALFORMED_XML ... */
    char locator[256];         /**< element path, sheet!cell, "line 12" ... */
    char message[512];         /**< human sentence: what is wrong and what was seen */
} cbec_error;

/** Probe scores (any value 0..100 is allowed). */
enum {
    CBEC_SCORE_NONE = 0,
    CBEC_SCORE_EXTENSION = 10,
    CBEC_SCORE_HEURISTIC = 40,
    CBEC_SCORE_MAGIC = 80,
    CBEC_SCORE_CERTAIN = 100
};

/** What probe() sees: the head of the input, read once by the core. */
typedef struct cbec_probe_input {
    uint32_t struct_size;          /**< sizeof(cbec_probe_input) of the host */
    const char *name;              /**< display name; archive members as "a.zip!dir/x.xml" */
    const char *extension;         /**< lower-case extension without dot, "" if none */
    const unsigned char *head;     /**< first head_len bytes of the (decompressed) input */
    size_t head_len;               /**< <= 4096 */
    int64_t size;                  /**< total size, -1 when unknown */
    int best_score;                /**< best score so far: skip work that cannot beat it */
} cbec_probe_input;

/** Types of declarative configuration keys. */
typedef enum cbec_config_type {
    CBEC_CONF_END = 0,         /**< terminates a key table */
    CBEC_CONF_STRING = 1,
    CBEC_CONF_INT = 2,
    CBEC_CONF_BOOL = 3,
    CBEC_CONF_SIZE = 4,        /**< bytes, with optional K/M/G suffix */
    CBEC_CONF_PATH = 5
} cbec_config_type;

/** One config key of the plugin's INI section `[plugin.NAME]`. Tables end with {0}. */
typedef struct cbec_config_key {
    int type;                      /**< cbec_config_type */
    const char *name;              /**< key name, [a-z0-9_] */
    const char *default_value;     /**< NULL = required */
    const char *description;       /**< one sentence for `cbecflow plugins --verbose` */
} cbec_config_key;

typedef struct cbec_host cbec_host;       /**< API table, see host.h */
typedef struct cbec_input cbec_input;     /**< byte stream + config of one input, owned by the core */
typedef struct cbec_source cbec_source;   /**< the plugin's per-input state */
typedef struct cbec_record cbec_record;   /**< one business record, filled through host setters */

/** Plugin flags. */
enum {
    CBEC_PLUGIN_FLAG_NONE = 0,
    CBEC_PLUGIN_FLAG_TABULAR = 1 << 0   /**< reads through the host's tabular reader */
};

/** The descriptor a plugin returns from its entry point. */
typedef struct cbec_source_plugin {
    uint32_t abi_major;            /**< CBEC_PLUGIN_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;            /**< CBEC_PLUGIN_ABI_MINOR the plugin was built with */
    uint32_t struct_size;          /**< sizeof(cbec_source_plugin) the plugin was built with */
    uint32_t flags;                /**< CBEC_PLUGIN_FLAG_* */
    const char *name;              /**< must equal the module's file stem */
    const char *version;           /**< plugin version, recorded as lineage */
    const char *description;
    const char *license;
    const char *const *extensions; /**< NULL-terminated lower-case hints, may be NULL */
    const cbec_config_key *config_keys; /**< {0}-terminated, may be NULL */

    /** Score the head of an input (0 = not mine).  Pure: no I/O, no globals. */
    int (*probe)(const cbec_probe_input *in, const cbec_host *host);
    /** Start reading an input.  On failure return CBEC_FATAL and fill err. */
    cbec_status (*open)(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err);
    /** Produce the next record into rec (through host setters).  Runs on the core's
     *  reader thread, like open()/close(), never at the same time as them (DEVELOPERS.md). */
    cbec_status (*next)(cbec_source *src, cbec_record *rec, cbec_error *err);
    /** Release everything open() allocated. */
    void (*close)(cbec_source *src);

    void *reserved[8];             /**< zero; future members are appended before this */
} cbec_source_plugin;

/** Name of the one symbol a plugin exports. */
#define CBEC_PLUGIN_ENTRY_SYMBOL "cbec_plugin_entry"

/**
 * The plugin's entry point.
 * @param host    the host API table (valid for the life of the process)
 * @param why_not set to a static sentence when returning NULL
 * @return the plugin's descriptor, or NULL if it cannot run with this host
 */
typedef const cbec_source_plugin *(*cbec_plugin_entry_fn)(const cbec_host *host, const char **why_not);

#ifdef __cplusplus
}
#endif

#endif /* CBECFLOW_PLUGIN_H */
