/* SQLite's page cache memory.  Left to malloc, each cached page is a 4 KiB allocation that
 * faults in on first touch: on a 50k-trade ingest the 64 MiB cache of the storing thread
 * cost ~16k page faults, a tenth of that thread's CPU on a virtual machine, where a fault is
 * dear.  One region reserved up front and advised for transparent huge pages faults in 2 MiB
 * at a time (512 times fewer faults).  It is only reserved: what is never touched takes no
 * memory, so the peak RSS stays what the cache sizes (store.c) make it. */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sqlite3.h>

#include "core/pagecache.h"

/* Slots for the pages of every connection: the storing connection's 64 MiB in ingest mode
 * (cbec_store_ingest_mode) and the checkpoint connection's default 2 MiB, with room to
 * spare.  Pages beyond it, or bigger than a slot (a dataset of bigger pages), come from
 * malloc as before. */
#define PAGE_SLOTS 18432
#define SLOT_PAGE 4096
#define HUGE_PAGE ((size_t)2 << 20)

void cbec_pagecache_setup(void)
{
    int hdr = 0;
    size_t slot, len;
    char *p, *start;

    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK)
        return;
    slot = ((size_t)SLOT_PAGE + (size_t)hdr + 7) & ~(size_t)7;
    len = slot * PAGE_SLOTS;
    /* One huge page more, to start the region on a huge page boundary. */
    p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return;
    start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
#ifdef MADV_HUGEPAGE
    madvise(start, len, MADV_HUGEPAGE);   /* a hint: without THP the region works as it is */
#endif
    /* SQLite keeps the region until the process ends; so does cbecflow. */
    if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, start, (int)slot, PAGE_SLOTS) != SQLITE_OK)
        munmap(p, len + HUGE_PAGE);
}
