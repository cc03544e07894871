/* A reconciliation's key (rerun.c): what it read and what it left, as one SHA-256, so that a
 * rerun of a night with nothing changed since is recognised and its flows kept as they are. */
#ifndef CBEC_RC_RERUN_H
#define CBEC_RC_RERUN_H

#include <sqlite3.h>

#include "analysis/reconcile/rules.h"

/**
 * The key of reconciling `date` with `rules` on the dataset as it is now (g_free; NULL when the
 * dataset could not be read: then no key, and the reconciliation runs in full).
 */
char *cbec_rc_rerun_key(sqlite3 *db, const cbec_rc_rules *rules, const char *date);

/** The key's part that the reconciliation itself does not change (all but the flow tables). */
typedef struct cbec_rc_rerun cbec_rc_rerun;

/** That part, hashed now (cbec_rc_rerun_free; NULL when the dataset could not be read). */
cbec_rc_rerun *cbec_rc_rerun_inputs(sqlite3 *db, const cbec_rc_rules *rules, const char *date);

/** The whole key with the flow tables as they are now: equal to cbec_rc_rerun_key while the
 * inputs have not changed since cbec_rc_rerun_inputs (g_free; NULL when inputs is NULL). */
char *cbec_rc_rerun_key_now(const cbec_rc_rerun *inputs, sqlite3 *db);

void cbec_rc_rerun_free(cbec_rc_rerun *inputs);

#endif
