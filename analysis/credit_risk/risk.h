/**
 * @file risk.h
 * @brief The risk rule pack (etc/risk.rules): alerts upserted on their UNIQUE key.  Runs on
 * the working set analyse.c built (temp tables an_*).
 */
#ifndef CBEC_RISK_H
#define CBEC_RISK_H

#include <stdint.h>
#include <sqlite3.h>

#include "analysis/credit_risk/counts.h"
#include "core/base/error.h"
#include "core/rules.h"

/** Step 3: the risk rule pack. */
cbec_err cbec_risk_run(sqlite3 *db, const cbec_rules *risk, int64_t run_id, cbec_an_stats *stats, char **why);

#endif
