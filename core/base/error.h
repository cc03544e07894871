/**
 * @file error.h
 * @brief Core error codes (one enum, one strerror) and the exit-status contract.
 */
#ifndef CBEC_ERROR_H
#define CBEC_ERROR_H

/** Core error codes.  0 is success; every function returning cbec_err uses these. */
typedef enum cbec_err {
    CBEC_ERR_NONE = 0,
    CBEC_ERR_NOMEM,          /**< out of memory */
    CBEC_ERR_IO,             /**< a read or write failed */
    CBEC_ERR_USAGE,          /**< bad command line or argument */
    CBEC_ERR_CONFIG,         /**< bad or missing configuration */
    CBEC_ERR_DB,             /**< SQLite reported an error */
    CBEC_ERR_PLUGIN,         /**< a plugin failed or was refused */
    CBEC_ERR_FORMAT,         /**< the input is not in the expected format */
    CBEC_ERR_LIMIT,          /**< a configured limit (bytes, depth, ratio) was hit */
    CBEC_ERR_UNSAFE,         /**< the input was refused as unsafe (path traversal, entity trick) */
    CBEC_ERR_LOCKED,         /**< another run holds the lock */
    CBEC_ERR_NOT_FOUND,      /**< a named thing does not exist */
    CBEC_ERR_MAX
} cbec_err;

/** Exit statuses of the `cbecflow` command (a contract: docs/exit-codes.md). */
enum {
    CBEC_EXIT_OK = 0,            /**< everything stored */
    CBEC_EXIT_FAILED = 1,        /**< failed: nothing half-written left visible */
    CBEC_EXIT_USAGE = 2,         /**< usage or configuration error */
    CBEC_EXIT_QUARANTINE = 3,    /**< finished, but records were quarantined or a statement did not tie out */
    CBEC_EXIT_PUBLISH = 4,       /**< run: the night is in the dataset, publishing it to the warehouse failed */
    CBEC_EXIT_LOCKED = 75        /**< another run holds the lock (EX_TEMPFAIL) */
};

/**
 * Describe an error code.
 * @param err the code
 * @return a static English sentence fragment, never NULL
 */
const char *cbec_strerror(cbec_err err);

#endif
