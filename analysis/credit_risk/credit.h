/**
 * @file credit.h
 * @brief The credit system (etc/credit.rules): enterprises from trade, the negative list,
 * credit scores.  Runs on the working set analyse.c built (temp tables an_*).
 */
#ifndef CBEC_CREDIT_H
#define CBEC_CREDIT_H

#include <stdint.h>
#include <sqlite3.h>

#include "analysis/credit_risk/counts.h"
#include "core/base/error.h"
#include "core/rules.h"

/** Step 1 and 2: enterprises from trade, negative list from events up to date. */
cbec_err cbec_credit_prepare(sqlite3 *db, const cbec_rules *credit, const char *date, int64_t run_id,
                             cbec_an_stats *stats, char **why);
/** Step 4: credit scores as of date. */
cbec_err cbec_credit_score(sqlite3 *db, const cbec_rules *credit, const char *date, int64_t run_id,
                           cbec_an_stats *stats, char **why);

#endif
