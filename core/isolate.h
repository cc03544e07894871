/**
 * @file isolate.h
 * @brief Isolation mode: a plugin parses in a child process, so a crashing or
 * hanging plugin cannot take the night down (docs/plugin-abi.md "Isolation").
 *
 * The parent keeps everything that matters -- the input stream with its byte
 * budget and hash, the dataset -- and feeds the input's bytes to the child
 * through a pipe; the child runs open/next/close and sends each result back as
 * a frame.  A child that dies or makes no progress for timeout seconds is
 * killed; what it produced before stays stored, the rest of the input is
 * quarantined by the caller.
 */
#ifndef CBEC_ISOLATE_H
#define CBEC_ISOLATE_H

#include <stddef.h>

#include <cbecflow/host.h>

#include "core/input/input.h"
#include "core/loader.h"

/** Called in the parent for every result of next() (and for EOF); return 1 to stop. */
typedef int (*cbec_result_fn)(void *ud, cbec_status s, cbec_error *err, cbec_record *rec);

/**
 * Parse in with plugin p in a child process.
 * @param rec     record the parent fills from each frame before calling fn
 * @param why     receives the reason when the child crashed, hung or could not start
 * @return 0 the child finished (fn saw EOF or asked to stop), 1 it crashed or hung, -1 it could not start
 */
int cbec_isolate_run(cbec_input *in, const cbec_plugin *p, const cbec_host *host, int timeout, cbec_record *rec,
                     cbec_result_fn fn, void *ud, char *why, size_t whylen);

#endif
