/* The shared strings of a workbook: see sst.h. */
#include "cbecflow-build.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "core/tabular/sst.h"

#define SST_MEM_LIMIT (8 * 1024 * 1024)

int tab_tmp_fd(void)
{
    char *path = NULL;
    int fd = g_file_open_tmp("cbecflow-tab-XXXXXX", &path, NULL);
    if (fd >= 0)
        g_unlink(path);        /* gone when closed, whatever happens */
    g_free(path);
    return fd;
}

int tab_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int pread_all(int fd, void *buf, size_t len, off_t off)
{
    char *p = buf;
    while (len) {
        ssize_t n = pread(fd, p, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
        off += n;
    }
    return 0;
}

void tab_sst_init(tab_sst *s)
{
    memset(s, 0, sizeof *s);
    s->blob = g_string_new(NULL);
    s->offs = g_array_new(FALSE, FALSE, sizeof(guint64));
    s->off_fd = s->txt_fd = -1;
    s->tmp = g_string_new(NULL);
    s->wtxt = g_string_new(NULL);
    s->woff = g_string_new(NULL);
}

static int sst_flush(tab_sst *s)
{
    int r = 0;
    if (s->wtxt->len && tab_write_all(s->txt_fd, s->wtxt->str, s->wtxt->len) < 0)
        r = -1;
    if (s->woff->len && tab_write_all(s->off_fd, s->woff->str, s->woff->len) < 0)
        r = -1;
    g_string_truncate(s->wtxt, 0);
    g_string_truncate(s->woff, 0);
    return r;
}

void tab_sst_free(tab_sst *s)
{
    int i;
    if (s->blob)
        g_string_free(s->blob, TRUE);
    if (s->offs)
        g_array_free(s->offs, TRUE);
    if (s->off_fd >= 0)
        close(s->off_fd);
    if (s->txt_fd >= 0)
        close(s->txt_fd);
    for (i = 0; i < SST_CACHE; i++)
        g_free(s->cache[i]);
    if (s->tmp)
        g_string_free(s->tmp, TRUE);
    if (s->wtxt)
        g_string_free(s->wtxt, TRUE);
    if (s->woff)
        g_string_free(s->woff, TRUE);
    memset(s, 0, sizeof *s);
    s->off_fd = s->txt_fd = -1;
}

/* Move the in-memory strings to the temp files. */
static int sst_spill(tab_sst *s)
{
    s->off_fd = tab_tmp_fd();
    s->txt_fd = tab_tmp_fd();
    if (s->off_fd < 0 || s->txt_fd < 0)
        return -1;
    if (tab_write_all(s->txt_fd, s->blob->str, s->blob->len) < 0)
        return -1;
    s->txt_len = s->blob->len;
    if (s->count && tab_write_all(s->off_fd, s->offs->data, s->count * sizeof(guint64)) < 0)
        return -1;
    g_string_free(s->blob, TRUE);
    g_array_free(s->offs, TRUE);
    s->blob = NULL;
    s->offs = NULL;
    return 0;
}

int tab_sst_add(tab_sst *s, const char *text, size_t len)
{
    guint64 o;
    if (s->blob) {
        o = s->blob->len;
        g_string_append_len(s->blob, text, (gssize)len);
        g_string_append_c(s->blob, 0);
        g_array_append_val(s->offs, o);
        s->count++;
        /* The offsets count too: a million empty <si/> are 8 MB of offsets and no text. */
        if (s->blob->len + s->offs->len * sizeof(guint64) > SST_MEM_LIMIT)
            return sst_spill(s);
        return 0;
    }
    o = s->txt_len;
    g_string_append_len(s->wtxt, text, (gssize)len);
    g_string_append_c(s->wtxt, 0);
    g_string_append_len(s->woff, (const char *)&o, sizeof o);
    s->txt_len += len + 1;
    s->count++;
    if (s->wtxt->len > 256 * 1024 || s->woff->len > 256 * 1024)
        return sst_flush(s);
    return 0;
}

guint64 tab_sst_bytes(const tab_sst *s) { return s->blob ? s->blob->len : s->txt_len; }

const char *tab_sst_get(tab_sst *s, guint64 i)
{
    guint64 o[2];
    size_t slot;
    if (i >= s->count)
        return NULL;
    if (s->blob)
        return s->blob->str + g_array_index(s->offs, guint64, i);
    if ((s->wtxt->len || s->woff->len) && sst_flush(s) < 0)
        return NULL;
    slot = (size_t)(i % SST_CACHE);
    if (s->cache[slot] && s->cache_idx[slot] == i)
        return s->cache[slot];
    if (pread_all(s->off_fd, o, i + 1 < s->count ? 2 * sizeof(guint64) : sizeof(guint64),
                  (off_t)(i * sizeof(guint64))) < 0)
        return NULL;
    if (i + 1 >= s->count)
        o[1] = s->txt_len;
    g_free(s->cache[slot]);
    s->cache[slot] = g_malloc(o[1] - o[0] + 1);
    if (pread_all(s->txt_fd, s->cache[slot], o[1] - o[0], (off_t)o[0]) < 0) {
        g_free(s->cache[slot]);
        s->cache[slot] = NULL;
        return NULL;
    }
    s->cache[slot][o[1] - o[0]] = 0;
    s->cache_idx[slot] = i;
    return s->cache[slot];
}

