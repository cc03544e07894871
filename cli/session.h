/**
 * @file common.h
 * @brief What most commands set up: the dataset, the site key, the plugins.
 */
#ifndef CBEC_COMMON_H
#define CBEC_COMMON_H

#include "cli/commands.h"
#include "core/ingest.h"
#include "core/loader.h"
#include "core/store.h"

/** An open dataset plus loaded plugins. */
typedef struct cbec_session {
    cbec_store *st;
    cbec_registry *reg;
    int reg_borrowed;       /**< reg is the cli's (cbec_global.reg): not freed here */
    char *db_path;
    int lock_fd;            /**< the dataset lock (lock.h), held until cbec_session_close */
} cbec_session;

/** The dataset path: --db, else [core] db, else ./cbecflow.db (g_free). */
char *cbec_db_path(cbec_global *g, const char *db_opt);
/**
 * Take the dataset's lock ([core] lock_file, default the dataset path + ".lock"), waiting
 * up to wait_s seconds (< 0: [core] lock_wait, default 60) for another writer to finish.
 * @param command what this process is, for the message ("ingest", "run")
 * @return CBEC_EXIT_OK, CBEC_EXIT_LOCKED (logged, naming the holder's pid), CBEC_EXIT_FAILED, CBEC_EXIT_USAGE
 */
int cbec_dataset_lock(cbec_global *g, const char *db_path, const char *command, double wait_s, int *fd);
/**
 * Take the dataset's lock (cbec_dataset_lock with lock_wait), then open the dataset
 * (creating it), load the site key and the plugins; returns a CBEC_EXIT_* status.
 */
int cbec_session_open(cbec_global *g, const char *db_opt, const char *command, double lock_wait,
                      cbec_session *ses);
/**
 * The dataset records the fingerprint of the site key in use when it has none yet (core/sitekey.h):
 * called by the commands that store personal hashes (ingest, run) once their run has begun --
 * not by a dry run, which leaves nothing behind.  cbec_session_open refuses another key (exit 2).
 */
void cbec_session_remember_key(cbec_session *ses, int64_t run_id);
/** Close what cbec_session_open opened. */
void cbec_session_close(cbec_session *ses);
/** Log the one-line totals of an ingest. */
void cbec_session_log_totals(const cbec_ingest_totals *t, int dry_run);

/** Log, for every bank statement stored by run_id, whether it ties out (and by how much not). */
void cbec_session_log_statements(cbec_store *st, int64_t run_id);


#endif
