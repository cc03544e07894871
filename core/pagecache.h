/**
 * @file pagecache.h
 * @brief Where SQLite keeps its page cache in the commands that ingest: one region of memory
 * reserved up front, which the kernel may back with huge pages.
 */
#ifndef CBEC_PAGECACHE_H
#define CBEC_PAGECACHE_H

/**
 * Give SQLite its page cache memory (about 70 MiB, resident from the start: call it only
 * where an ingest fills the cache anyway).  Call it before SQLite's first use; a no-op when
 * SQLite is already initialised or the memory cannot be reserved (SQLite then takes its
 * pages from malloc, as it does for pages beyond the region).
 */
void cbec_pagecache_setup(void);

/**
 * Whether the inputs under paths (files, or folders walked without following links) hold at
 * least CBEC_PAGECACHE_MIN_INPUT bytes: enough for an ingest to fill the region, so that its
 * cost (resident from the start) pays.  The walk stops as soon as it has seen that much.
 */
int cbec_pagecache_worth(const char *const *paths, int n);

/** 16 MiB of input (compressed as delivered) make about 60 MB of dataset pages. */
#define CBEC_PAGECACHE_MIN_INPUT ((long long)16 << 20)

#endif
