/**
 * @file ahead.h
 * @brief Parse ahead: the plugin's XML reader runs on a thread of its own and
 *        hands complete containers to next(), which turns them into records.
 *
 * Parsing is the slowest stage of an ingest; with this the core's reader thread
 * only builds records while the XML of the next containers is being parsed.  At
 * most 16 parsed containers wait (and at most 16 MiB of their values); the ones
 * next() is done with go back to the reader for reuse.  The container order and
 * the reader's EOF/FATAL semantics are unchanged.
 */
#ifndef CEB_AHEAD_H
#define CEB_AHEAD_H

#include "reader.h"

typedef struct ceb_ahead ceb_ahead;

/** Start parsing rd ahead; NULL when no thread can be started (then read rd directly). */
ceb_ahead *ceb_ahead_new(ceb_reader *rd);

/**
 * Like ceb_reader_next(): the next container (valid until ceb_ahead_release), or
 * CEB_READ_EOF, or CEB_READ_FATAL with err filled; EOF and FATAL repeat.
 */
int ceb_ahead_next(ceb_ahead *a, ceb_container **out, cbec_error *err);

/** Give a container from ceb_ahead_next() back for reuse. */
void ceb_ahead_release(ceb_ahead *a, ceb_container *c);

/** Stop the thread (the rest of the input is not parsed); before ceb_reader_free, which frees the containers. */
void ceb_ahead_free(ceb_ahead *a);

#endif
