/**
 * @file probe.h
 * @brief Choosing the plugin for an input: every plugin scores the head, the best wins.
 */
#ifndef CBEC_PROBE_H
#define CBEC_PROBE_H

#include "core/input/input.h"
#include "core/loader.h"

/** Outcome of probing one input. */
typedef struct cbec_probe_result {
    const cbec_plugin *best;   /**< highest scorer (first of them on a tie), NULL when all scored 0 */
    const cbec_plugin *tie;    /**< another plugin with the same top score, or NULL */
    int best_score;
} cbec_probe_result;

/** Ask every plugin of reg to score in; fills r.  A winner exists when best && !tie. */
void cbec_probe(const cbec_registry *reg, cbec_input *in, cbec_probe_result *r);
/** Same, and when bids is not NULL stores every plugin's bid (0..100, in
 * reg->plugins order; reg->count entries) there, for `probe -v`. */
void cbec_probe_bids(const cbec_registry *reg, cbec_input *in, cbec_probe_result *r, int *bids);

#endif
