/* What follows a tar's first end-of-archive mark (see tartail.h).
 *
 * libarchive's tar reader skips NUL blocks instead of stopping at them when its
 * read_concatenated_archives option is set: reading the archive once more that way
 * and skipping the headers seen the first time leaves exactly those after the mark. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "core/input/tartail.h"

typedef struct tail_src {
    int fd;
    int64_t max_expanded;
    int over;                  /* the budget was reached */
    char buf[65536];
} tail_src;

static la_ssize_t tail_read(struct archive *a, void *ud, const void **out)
{
    tail_src *s = ud;
    ssize_t n;

    /* Checked where compressed bytes are asked for: NUL blocks compress to almost
     * nothing, so the count that matters is the decompressed one. */
    if (archive_filter_bytes(a, 0) > s->max_expanded) {
        s->over = 1;
        archive_set_error(a, EFBIG, "scan stopped at the expansion limit");
        return -1;
    }
    do
        n = read(s->fd, s->buf, sizeof s->buf);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        archive_set_error(a, errno, "read error: %s", g_strerror(errno));
        return -1;
    }
    *out = s->buf;
    return n;
}

/* A plain tar's members are skipped by seeking, not read. */
static la_int64_t tail_skip(struct archive *a, void *ud, la_int64_t request)
{
    tail_src *s = ud;
    struct stat sb;
    off_t at = lseek(s->fd, 0, SEEK_CUR);
    (void)a;
    if (at < 0 || fstat(s->fd, &sb) != 0)
        return 0;
    if (request > (la_int64_t)(sb.st_size - at))
        request = sb.st_size > at ? (la_int64_t)(sb.st_size - at) : 0;
    if (lseek(s->fd, (off_t)request, SEEK_CUR) < 0)
        return 0;
    return request;
}

int cbec_tar_tail(int fd, int entries, int64_t max_expanded, cbec_tar_tail_fn fn, void *ud)
{
    struct archive *a;
    struct archive_entry *e;
    tail_src *s;
    int seen = 0, reports = 0, r;

    if (lseek(fd, 0, SEEK_SET) != 0)
        return 0;
    s = g_new0(tail_src, 1);
    s->fd = fd;
    s->max_expanded = max_expanded;
    a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_set_format_option(a, "tar", "read_concatenated_archives", "1");
    archive_read_set_read_callback(a, tail_read);
    archive_read_set_skip_callback(a, tail_skip);
    archive_read_set_callback_data(a, s);
    if (archive_read_open1(a) != ARCHIVE_OK)
        goto done;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        if (++seen <= entries)
            continue;
        if (archive_entry_filetype(e) == AE_IFDIR)
            continue;
        fn(archive_entry_pathname_utf8(e) ? archive_entry_pathname_utf8(e) : archive_entry_pathname(e),
           "member after the tar's end-of-archive mark (NUL blocks): tar stops reading there, so it was "
           "not read; repack the archive",
           ud);
        reports++;
    }
    if (r != ARCHIVE_EOF && seen >= entries) {
        fn(NULL,
           s->over ? "data after the tar's end-of-archive mark was not scanned to its end "
                     "(core.max_expanded_bytes)"
                   : "unreadable data after the tar's end-of-archive mark: not read",
           ud);
        reports++;
    }
done:
    archive_read_free(a);
    g_free(s);
    return reports;
}
