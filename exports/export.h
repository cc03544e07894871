/**
 * @file export.h
 * @brief `cbecflow export --for TARGET`: the dataset's figures for a bank or a department as a
 * documented, versioned file set with a manifest (docs/exports.md).  Only cli/ includes this.
 */
#ifndef CBEC_EXPORT_H
#define CBEC_EXPORT_H

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/store.h"

/** The version of every export's file set (docs/exports.md): grows when a column changes. */
#define CBEC_EXPORT_FORMAT_VERSION "1.0"

/** What to export. */
typedef struct cbec_export_opts {
    const char *target;     /**< bank | customs | tax | forex | market | stats */
    const char *date;       /**< business date YYYY-MM-DD (the figures run to it) */
    const char *period;     /**< day | month | quarter | half | year | ytd (NULL: month) */
    const char *enterprise; /**< one enterprise code, or NULL for all */
    const char *formats;    /**< "csv,json,xlsx,pdf" subset, or NULL for the target's default */
    const char *outdir;     /**< the folder the export's folder is written into */
} cbec_export_opts;

/** 1 when name is an export target. */
int cbec_export_target_valid(const char *name);

/**
 * Write one export atomically: a folder TARGET-DATE-PERIOD[-ENTERPRISE] in o->outdir holding
 * the target's files and manifest.json.  The dataset is only read (one snapshot).
 * @param written receives the folder's path (g_free)
 * @return CBEC_ERR_NONE; CBEC_ERR_USAGE for a bad request (*why says which); others on failure
 */
cbec_err cbec_export_write(cbec_store *st, const cbec_config *cfg, const cbec_export_opts *o, char **written,
                           char **why);

#endif
