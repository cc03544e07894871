/* The shared strings of a workbook (internal to core/tabular): in memory while small, spilled
 * to two unlinked temporary files (offsets, text) past SST_MEM_LIMIT and read back with pread
 * through a small direct-mapped cache.  The temporary-file helpers serve the workbook's spool too. */
#ifndef CBEC_TABULAR_SST_H
#define CBEC_TABULAR_SST_H

#include <stddef.h>
#include <glib.h>

#define SST_CACHE 4096

typedef struct tab_sst {
    GString *blob;             /* memory mode: strings, NUL-separated */
    GArray *offs;              /* memory mode: guint64 offsets into blob */
    int off_fd, txt_fd;        /* spill mode: guint64 pairs, text */
    guint64 count, txt_len;
    char *cache[SST_CACHE];    /* spill mode: direct-mapped cache of lookups */
    guint64 cache_idx[SST_CACHE];
    GString *tmp;
    GString *wtxt, *woff;      /* spill mode: write buffers (one write per 256 KiB, not per string) */
} tab_sst;

/** A temporary file already unlinked (gone when closed, whatever happens), or -1. */
int tab_tmp_fd(void);
/** Write all of buf (EINTR retried); 0 or -1. */
int tab_write_all(int fd, const void *buf, size_t len);

void tab_sst_init(tab_sst *s);
/** Append one string; 0, or -1 when spilling to the temporary files failed (errno). */
int tab_sst_add(tab_sst *s, const char *text, size_t len);
/** Bytes of text (with separators) held so far, in memory or spilled. */
guint64 tab_sst_bytes(const tab_sst *s);
/** String i, or NULL when out of range; valid until the next lookup of the same slot. */
const char *tab_sst_get(tab_sst *s, guint64 i);
void tab_sst_free(tab_sst *s);

#endif
