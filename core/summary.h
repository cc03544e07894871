/**
 * @file summary.h
 * @brief The one closing line of `run` and `ingest`, for operators and grep:
 *
 *     cbecflow: summary: run night 2026-12-06 duration 12.3s files 5 (1 skipped)
 *       read 100 = stored 90 + quarantined 8 + duplicate 2, statements not tying out 0, exit 3
 *
 * (one line).  "night" is the business date, a range FIRST..LAST when a run
 * caught up several nights, "-" for an ingest; the counts are summed over the
 * nights; exit is the command's exit status.
 */
#ifndef CBEC_SUMMARY_H
#define CBEC_SUMMARY_H

#include <glib.h>

#include "core/ingest.h"

/** Totals of one command, summed over its nights. */
typedef struct cbec_summary {
    const char *command;          /**< "run", "ingest" (static) */
    gint64 start_us;              /**< monotonic start */
    char *first_night, *last_night;
    cbec_ingest_totals t;
} cbec_summary;

/** Start the clock for command (a static string). */
void cbec_summary_begin(cbec_summary *s, const char *command);
/** Add one ingest's totals; night is its business date or NULL. */
void cbec_summary_add(cbec_summary *s, const char *night, const cbec_ingest_totals *t);
/** Log the summary line with exit status rc and free what s holds. */
void cbec_summary_end(cbec_summary *s, int rc);

#endif
