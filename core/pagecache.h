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

#endif
