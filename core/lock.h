/**
 * @file lock.h
 * @brief The dataset lock (flock on a file) so two writing commands never overlap.
 */
#ifndef CBEC_LOCK_H
#define CBEC_LOCK_H

#include "core/base/error.h"

/**
 * Take the lock without waiting.
 * @param path lock file (created if absent)
 * @param fd   receives the descriptor holding the lock
 * @return CBEC_ERR_NONE, CBEC_ERR_LOCKED when another process holds it, CBEC_ERR_IO
 */
cbec_err cbec_lock_take(const char *path, int *fd);
/**
 * Take the lock, waiting up to wait_s seconds for its holder to let go.
 * @param holder receives the pid written by the holder when still locked (0 when unknown); may be NULL
 * @return CBEC_ERR_NONE, CBEC_ERR_LOCKED when still held after wait_s, CBEC_ERR_IO (errno set)
 */
cbec_err cbec_lock_wait(const char *path, double wait_s, int *fd, long *holder);
/** Release the lock. */
void cbec_lock_release(int fd);

#endif
