/**
 * @file fileset.h
 * @brief The writer every export target shares: the files of one export (CSV, JSON, one XLSX
 * workbook, PDFs) written into a temporary folder under --out, each file's rows and SHA-256
 * booked for manifest.json, and the folder renamed into place only when it is complete.
 *
 * A table is a query: its column names are the file's header, its rows are streamed from
 * SQLite into every format asked for (never held in memory).  Values keep their SQLite
 * types: an INTEGER (money in fen, counts) stays an integer, TEXT stays text, NULL is an
 * empty CSV field and a JSON null.
 */
#ifndef CBEC_EXPORT_FILESET_H
#define CBEC_EXPORT_FILESET_H

#include <stdint.h>
#include <glib.h>
#include <sqlite3.h>

#include "core/base/error.h"

/** Formats of the data files (a bit set). */
enum {
    CBEC_XF_CSV = 1 << 0,  /**< one RFC 4180 CSV per table (UTF-8, CRLF) */
    CBEC_XF_JSON = 1 << 1, /**< one JSON array of objects per table */
    CBEC_XF_XLSX = 1 << 2, /**< one workbook per export, a sheet per table */
    CBEC_XF_PDF = 1 << 3   /**< documents a target renders itself (bank certificates) */
};

/** One export being written. */
typedef struct cbec_xset cbec_xset;

/**
 * Parse a format list ("csv,json") into CBEC_XF_* bits.
 * @return the bits, or 0 when an item is not a format (*bad receives it, g_free)
 */
unsigned cbec_xset_formats(const char *list, char **bad);

/**
 * Start an export of target into a temporary folder inside outdir (created when missing).
 * @param name the final folder's name inside outdir
 * @return the set, or NULL with *why
 */
cbec_xset *cbec_xset_new(const char *outdir, const char *name, const char *target, unsigned formats, char **why);
/** The business date (YYYY-MM-DD) stamped as the workbook's creation time instead of the clock:
 *  the same dataset gives the same bytes. */
void cbec_xset_stamp(cbec_xset *x, const char *date);
/** The temporary folder files are written into (a target's own PDFs go there). */
const char *cbec_xset_dir(const cbec_xset *x);
/** The formats asked for. */
unsigned cbec_xset_formats_of(const cbec_xset *x);

/**
 * Bind the named parameters of q (:date, :from ...) present in params (name without the
 * colon -> text value; a missing one stays NULL).
 */
void cbec_xset_bind(sqlite3_stmt *q, GHashTable *params);

/**
 * Write one table in every data format asked for: NAME.csv, NAME.json, and a sheet NAME of
 * the workbook.  The query is prepared on db and its parameters bound from params.
 * @return CBEC_ERR_NONE, or CBEC_ERR_DB / CBEC_ERR_IO with *why
 */
cbec_err cbec_xset_table(cbec_xset *x, sqlite3 *db, const char *name, const char *sql, GHashTable *params,
                         char **why);

/** Book a file a target wrote itself into cbec_xset_dir() (rows: what it holds, e.g. 1 certificate). */
cbec_err cbec_xset_add_file(cbec_xset *x, const char *file, const char *format, int64_t rows, char **why);

/** Add a JSON member to the manifest ("key": value, value already JSON text). */
void cbec_xset_manifest_raw(cbec_xset *x, const char *key, const char *json_value);

/**
 * Close the workbook, write manifest.json (files with rows, bytes and SHA-256, then the
 * members added, then generated_at), and rename the folder to its final name, replacing an
 * earlier export of the same name.
 * @param final_dir receives the folder's path (g_free)
 */
cbec_err cbec_xset_finish(cbec_xset *x, char **final_dir, char **why);

/** Free the set; an unfinished one's temporary folder is removed. */
void cbec_xset_free(cbec_xset *x);

#endif
