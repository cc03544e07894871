/* SQLite's page cache memory for the commands that ingest.  Left to malloc, each cached
 * page is a 4 KiB allocation that faults in on first touch: on a 50k-trade compact ingest
 * the storing connection's 64 MiB cache cost ~19k page faults, a tenth of the storing
 * thread's CPU on a virtual machine, where a fault is dear.  One region advised for
 * transparent huge pages faults in 2 MiB at a time.  SQLite links every slot of the region
 * into its free list when it starts, so the whole region is touched (and resident) at once:
 * sized for what an ingest fills anyway, and not set up by commands that only read, nor
 * by an ingest of a few small files (cbec_pagecache_worth: a one-file ingest would hold
 * 70 MB more than it needs). */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <glib.h>
#include <sqlite3.h>

#include "core/pagecache.h"

/* Slots for the storing connection's 64 MiB cache in ingest mode (cbec_store_ingest_mode:
 * ~15,800 pages of 4 KiB with their headers) and a few hundred of the checkpoint thread's
 * connection.  Pages beyond it, or bigger than a slot (a dataset of bigger pages), come
 * from malloc as before. */
#define PAGE_SLOTS 16384
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

/* Adds the sizes of the regular files under path to *total, until it reaches the minimum. */
static void add_sizes(const char *path, long long *total, int depth)
{
    struct stat sb;
    GDir *d;
    const char *name;

    if (*total >= CBEC_PAGECACHE_MIN_INPUT || depth > 32 || lstat(path, &sb) != 0)
        return;
    if (S_ISREG(sb.st_mode)) {
        *total += (long long)sb.st_size;
        return;
    }
    if (!S_ISDIR(sb.st_mode) || !(d = g_dir_open(path, 0, NULL)))
        return;
    while (*total < CBEC_PAGECACHE_MIN_INPUT && (name = g_dir_read_name(d)) != NULL) {
        char *sub = g_build_filename(path, name, NULL);
        add_sizes(sub, total, depth + 1);
        g_free(sub);
    }
    g_dir_close(d);
}

int cbec_pagecache_worth(const char *const *paths, int n)
{
    long long total = 0;
    for (int i = 0; i < n && total < CBEC_PAGECACHE_MIN_INPUT; i++)
        if (paths[i])
            add_sizes(paths[i], &total, 0);
    return total >= CBEC_PAGECACHE_MIN_INPUT;
}
