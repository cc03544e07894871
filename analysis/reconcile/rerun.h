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

#endif
