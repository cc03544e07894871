/**
 * @file pump.h
 * @brief Byte pump: a helper thread reads (decompresses) and hashes a stream
 *        ahead of its consumer, through a small ring of chunks.
 *
 * Used for archive members: inflating and hashing a member then overlaps
 * parsing it.  One job at a time; the consumer reads the job's bytes in order
 * and ends it by reading to its end (or error) or with cbec_pump_stop().  The
 * fill callback and the hash run on the pump's thread only while a job runs,
 * so what they touch must not be used by anyone else until the job has ended.
 */
#ifndef CBEC_PUMP_H
#define CBEC_PUMP_H

#include <stdint.h>
#include <sys/types.h>

#include "core/base/digest.h"

typedef struct cbec_pump cbec_pump;

/** Read up to len bytes into buf: > 0, 0 at the end, -1 with *error (g_malloc'ed) set. */
typedef ssize_t (*cbec_pump_fill)(void *ud, void *buf, size_t len, char **error);

/** Work run on the pump's thread after a job's last byte was handed over (see cbec_pump_start). */
typedef void (*cbec_pump_after)(void *ud);

/** A pump with its thread; NULL when no thread can be started (then read directly). */
cbec_pump *cbec_pump_new(void);

/**
 * Start pumping: fill(ud) is called on the pump's thread until it returns 0 or
 * -1; every byte it returns is added to sha (unless sha is NULL) in order.
 * When fill reached its end cleanly (0, not stopped) and after is not NULL,
 * after(after_ud) then runs on the pump's thread, while the consumer finishes
 * with the bytes; cbec_pump_wait() waits for it.  Waits for the previous job's
 * follow-up first.
 */
void cbec_pump_start(cbec_pump *p, cbec_pump_fill fill, void *ud, cbec_sha256 *sha, cbec_pump_after after,
                     void *after_ud);

/**
 * Consumer: the next bytes of the job, blocking until they are ready.
 * @return > 0 bytes, 0 at the end of the job, -1 on error with *error set (the
 *         caller frees it); after 0 or -1 the job has ended.
 */
ssize_t cbec_pump_read(cbec_pump *p, void *buf, size_t len, char **error);

/** Consumer: end the current job early (its remaining bytes are not read); waits for the thread. */
void cbec_pump_stop(cbec_pump *p);

/** Wait until the thread is idle: the current job, and its follow-up, have ended. */
void cbec_pump_wait(cbec_pump *p);

/** How many times the thread waited for free chunks or the consumer for filled ones: each
 *  is a futex call and a context switch, so a side sleeps until half the ring is ready. */
int64_t cbec_pump_sleeps(cbec_pump *p);

/** 1 while a job runs (started, not yet ended by the consumer). */
int cbec_pump_busy(const cbec_pump *p);

/** Stop the thread and free the pump (no job may run). */
void cbec_pump_free(cbec_pump *p);

#endif
