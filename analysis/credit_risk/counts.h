/**
 * @file counts.h
 * @brief What one analysis did (enterprises, negative list, alerts, scores): filled by
 * credit.c and risk.c, reported by analyse.c.  A header of its own so the two systems
 * need nothing of the orchestrator that calls them.
 */
#ifndef CBEC_AN_COUNTS_H
#define CBEC_AN_COUNTS_H

#include <stdint.h>

/** Counts the analysis reports. */
typedef struct cbec_an_stats {
    int64_t enterprises_added;   /**< enterprises created from trade data */
    int64_t negative_added;      /**< new negative-list entries */
    int64_t alerts;              /**< alerts raised by this pack (current) */
    int64_t alert_orders;        /**< orders behind them */
    int64_t scored;              /**< credit scores written */
} cbec_an_stats;

#endif
