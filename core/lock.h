/**
 * @file lock.h
 * @brief A run lock (flock on a file) so two nightly runs never overlap.
 */
#ifndef CBEC_LOCK_H
#define CBEC_LOCK_H

#include "error.h"

/**
 * Take the lock without waiting.
 * @param path lock file (created if absent)
 * @param fd   receives the descriptor holding the lock
 * @return CBEC_ERR_NONE, CBEC_ERR_LOCKED when another process holds it, CBEC_ERR_IO
 */
cbec_err cbec_lock_take(const char *path, int *fd);
/** Release the lock. */
void cbec_lock_release(int fd);

#endif
