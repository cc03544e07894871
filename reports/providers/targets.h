/**
 * @file targets.h
 * @brief Planned trade-value targets of the zone ([targets] of etc/indicators.conf) and the periods
 *        they are measured over.
 *
 * A target is a key naming a calendar period -- `2026` (the year), `2026-H2`, `2026-Q4`,
 * `2026-11` -- and the planned import and export value in 万元 (CNY 10,000), an exact decimal.
 * The statistics compare the value to date (the year from January, the quarter from its first day
 * ...) with the target of the period holding the business date.  A period without a key has no
 * target: it is never shown as 0% done.
 */
#ifndef CBEC_TARGETS_H
#define CBEC_TARGETS_H

#include <stdint.h>
#include <glib.h>

#include "core/base/dates.h"
#include "core/rules.h"

/** The kinds of target periods, longest first (the report's order). */
typedef enum cbec_target_kind { CBEC_TARGET_YEAR = 0, CBEC_TARGET_HALF, CBEC_TARGET_QUARTER, CBEC_TARGET_MONTH,
                                CBEC_TARGET_N } cbec_target_kind;

/** One target that applies to a business date. */
typedef struct cbec_target {
    cbec_target_kind kind;
    char key[16];                 /**< the key as configured: 2026, 2026-H2, 2026-Q4, 2026-11 */
    int year, part;               /**< the year; the half (1-2), quarter (1-4) or month (1-12) */
    char from[CBEC_DATE_LEN];     /**< first day of the target's period */
    int64_t fen;                  /**< the target in fen */
} cbec_target;

/** Check every key and value of [targets]; a bad one is recorded with cbec_rules_fail(). */
void cbec_targets_check(const cbec_rules *r);

/**
 * The targets configured for the periods holding date d (at most one per kind), longest first.
 * @return how many were written to out
 */
int cbec_targets_for(const cbec_rules *r, const GDate *d, cbec_target out[CBEC_TARGET_N]);

/** The scalar id stem of a kind: year, half, quarter, month. */
const char *cbec_target_kind_id(cbec_target_kind k);

#endif
