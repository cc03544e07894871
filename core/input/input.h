/**
 * @file input.h
 * @brief Inputs as byte streams: files, folders (recursive, stable order) and
 * archives (zip, tar, tar.gz, 7z, nested) read through libarchive, never
 * extracted to disk.
 *
 * Members are named "archive!member" (nested: "a.zip!b.tar.gz!c.xml").  Member
 * paths are names only: absolute or ".." paths are reported, never used as
 * paths.  Symlinks are not followed inside folders or archives.  Expanded size
 * and nesting depth are bounded by the core's own running byte count.
 */
#ifndef CBEC_INPUT_H
#define CBEC_INPUT_H

#include <stdint.h>
#include <sys/types.h>

#include <cbecflow/plugin.h>

#include "core/base/config.h"
#include "core/base/error.h"

/** Bytes of every input read once for probing. */
#define CBEC_HEAD_SIZE 4096

/** Limits of one walk ([core] max_expanded_bytes, max_ratio, max_depth). */
typedef struct cbec_walk_opts {
    int64_t max_expanded;      /**< decompressed bytes per top-level archive (default 8 GiB) */
    int64_t max_ratio;         /**< expanded/compressed ratio once past 32 MiB (default 200) */
    int max_depth;             /**< archive nesting depth (default 4) */
} cbec_walk_opts;

/** Callbacks of a walk. */
typedef struct cbec_walk_ops {
    /** A leaf input: probe, parse, store.  Return < 0 to stop the whole walk. */
    int (*on_input)(cbec_input *in, void *ud);
    /** Something that could not be read as an input: quarantine it as a whole. */
    void (*on_error)(const char *display, const char *path, const char *member, const char *reason_code,
                     const char *message, void *ud);
} cbec_walk_ops;

/** Fill opts from config [core] (defaults when absent); returns CBEC_ERR_CONFIG on a bad value. */
cbec_err cbec_walk_opts_from_config(const cbec_config *cfg, cbec_walk_opts *opts, char **why);
/**
 * Walk a path (file, folder or archive) and call ops for every leaf input.
 * @return CBEC_ERR_NONE, or CBEC_ERR_NOT_FOUND when path does not exist (reported through on_error too)
 */
cbec_err cbec_walk(const char *path, const cbec_walk_opts *opts, const cbec_walk_ops *ops, void *ud);

/** Read up to len bytes: > 0 bytes, 0 at end, -1 on error (cbec_input_error). */
ssize_t cbec_input_read(cbec_input *in, void *buf, size_t len);
/** Display name ("night.zip!orders/a.xml"). */
const char *cbec_input_name(cbec_input *in);
/** Filesystem path of the file or outermost archive. */
const char *cbec_input_path(cbec_input *in);
/** Member path inside the archive chain ("b.tar.gz!c.xml"), or NULL for a plain file. */
const char *cbec_input_member(cbec_input *in);
/** Lower-case extension without dot (of the innermost name), "" if none. */
const char *cbec_input_extension(cbec_input *in);
/** The head (first <= 4096 bytes), read once. */
const unsigned char *cbec_input_head(cbec_input *in, size_t *len);
/** Size when known, else -1. */
int64_t cbec_input_size(cbec_input *in);
/** Last error, or NULL. */
const char *cbec_input_error(cbec_input *in);
/** Bytes delivered to the reader so far. */
int64_t cbec_input_bytes(cbec_input *in);
/** Read the rest (discarding) so the hash covers the whole input; -1 on error. */
int cbec_input_drain(cbec_input *in);
/** SHA-256 (hex) of everything delivered; call after cbec_input_drain. */
const char *cbec_input_sha256(cbec_input *in);
/** For a plain file: SHA-256 of the file read separately (before parsing), or NULL. */
char *cbec_input_prehash(cbec_input *in);
/** Attach the caller's per-input context (plugin, config) for host callbacks. */
void cbec_input_set_user(cbec_input *in, void *user);
/** Do not hash while reading (the caller already has the hash, e.g. from cbec_input_prehash). */
void cbec_input_skip_hash(cbec_input *in);
/** Isolation mode, in the child: read what follows the head from fd (see isolate.h). */
void cbec_input_use_pipe(cbec_input *in, int fd);
/** The caller's per-input context. */
void *cbec_input_user(cbec_input *in);
/** The limits of the walk the input belongs to (NULL outside a walk): a reader that unpacks a
 *  container of its own (an XLSX workbook's parts) holds it to the same budget and ratio. */
const cbec_walk_opts *cbec_input_walk_opts(cbec_input *in);

#endif
