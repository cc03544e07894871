/**
 * @file tartail.h
 * @brief What follows a tar's first end-of-archive mark.
 *
 * tar (and libarchive) stop reading at the first end-of-archive mark (two NUL
 * blocks), so members of a second tar appended to the first, or a whole tar
 * behind leading NUL blocks, would vanish without a trace.  This scan reads the
 * archive again past those marks and names what it finds there.
 */
#ifndef CBEC_TARTAIL_H
#define CBEC_TARTAIL_H

#include <stdint.h>

/** Called for each member found after the end-of-archive mark (name as stored), or
 * once with name NULL when unreadable data follows it. */
typedef void (*cbec_tar_tail_fn)(const char *name, const char *message, void *ud);

/**
 * Read the tar in fd from offset 0 (any compression), skip its first `entries`
 * headers (those read before the mark) and report every later one.
 * @param max_expanded decompressed bytes read at most (the walk's budget): a tail of NUL
 *        blocks is never scanned without bound
 * @return the number of reports made
 */
int cbec_tar_tail(int fd, int entries, int64_t max_expanded, cbec_tar_tail_fn fn, void *ud);

#endif
