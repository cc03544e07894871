/* Inputs: files, folders and archive members as one kind of byte stream.
 *
 * Archives are opened with libarchive over a read callback, so a member is
 * streamed straight from the compressed bytes of its parent (file or member);
 * nothing is extracted to disk.  libarchive has no size cap of its own: every
 * decompressed byte is counted here against the walk's budget and ratio. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "core/base/digest.h"
#include "core/input/input.h"
#include "core/base/log.h"
#include "core/input/pump.h"
#include "core/input/tartail.h"

enum { IN_FILE = 1, IN_MEMBER = 2 };

/* Budget shared by everything under one top-level archive. */
typedef struct walk_ctx {
    const cbec_walk_opts *opts;
    const cbec_walk_ops *ops;
    void *ud;
    int64_t compressed;        /* bytes read from the top-level file */
    int64_t expanded;          /* bytes decompressed from members, all levels */
    char *limit_error;         /* set once the budget is blown: the archive stops */
    int stop;                  /* on_input asked to stop */
    cbec_pump *pump;           /* inflates and hashes the member being parsed (created on first use) */
    int no_pump;               /* no pump thread could be started: read directly */
} walk_ctx;

struct cbec_input {
    int kind;
    char *display, *path, *member;
    char ext[16];
    int64_t size;
    unsigned char head[CBEC_HEAD_SIZE];
    size_t head_len, head_pos;
    int fd;
    struct archive *ar;        /* IN_MEMBER: the archive positioned on this entry */
    walk_ctx *ctx;
    int depth;
    cbec_sha256 sha;
    char sha_hex[65];
    int64_t delivered;         /* under delivered_lock: a plugin may read on a thread of its own */
    pthread_mutex_t delivered_lock;
    int raw_eof;
    char *error;
    void *user;
    int pipe_fd;               /* isolation mode (child): bytes after the head come from this pipe */
    int no_hash;               /* read as an archive: only its members' hashes matter */
    int leaf;                  /* handed to on_input (an archive being walked is not a leaf) */
    int pumping, pumped;       /* its bytes after the head come from ctx->pump; the pump job ended */
    struct arc_walk *walk;     /* IN_MEMBER: the walk of its archive (reads the next entry ahead) */
};

static void prefetch_next(void *ud);

/* ---- reading ---- */

static void set_error(cbec_input *in, char *msg)
{
    if (!in->error)
        in->error = msg;
    else
        g_free(msg);
}

/* Read the input's own bytes; on error -1 and *error (g_malloc'ed).  Runs on the pump's
 * thread for a leaf member (it touches the input, its parents and the walk's budget). */
static ssize_t raw_fill(cbec_input *in, void *buf, size_t len, char **error)
{
    ssize_t n;

    if (in->raw_eof)
        return 0;
    if (in->pipe_fd >= 0) {
        do
            n = read(in->pipe_fd, buf, len);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            *error = g_strdup_printf("read error: %s", g_strerror(errno));
            return -1;
        }
    } else if (in->kind == IN_FILE) {
        do
            n = read(in->fd, buf, len);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            *error = g_strdup_printf("read error: %s", g_strerror(errno));
            return -1;
        }
        if (in->ctx)
            in->ctx->compressed += n;
    } else {
        walk_ctx *c = in->ctx;
        if (c->limit_error) {
            *error = g_strdup(c->limit_error);
            return -1;
        }
        n = archive_read_data(in->ar, buf, len);
        if (n < 0) {
            *error = g_strdup_printf("cannot decompress: %s", archive_error_string(in->ar)
                                                                      ? archive_error_string(in->ar)
                                                                      : "archive error");
            return -1;
        }
        c->expanded += n;
        if (c->expanded > c->opts->max_expanded) {
            c->limit_error = g_strdup_printf(
                "archive expands past the configured limit of %lld bytes (core.max_expanded_bytes); "
                "refused as a possible archive bomb",
                (long long)c->opts->max_expanded);
        } else if (c->expanded > (32LL << 20) && c->compressed > 0 &&
                   c->expanded / c->compressed > c->opts->max_ratio) {
            c->limit_error = g_strdup_printf(
                "archive expands more than %lld times its compressed size (core.max_ratio); "
                "refused as a possible archive bomb",
                (long long)c->opts->max_ratio);
        }
        if (c->limit_error) {
            *error = g_strdup(c->limit_error);
            return -1;
        }
    }
    if (n == 0)
        in->raw_eof = 1;
    return n;
}

static ssize_t raw_read(cbec_input *in, void *buf, size_t len)
{
    char *error = NULL;
    ssize_t n = raw_fill(in, buf, len, &error);
    if (n < 0)
        set_error(in, error ? error : g_strdup("read error"));
    return n;
}

static ssize_t pump_fill(void *ud, void *buf, size_t len, char **error)
{
    return raw_fill(ud, buf, len, error);
}

/* A leaf member is inflated and hashed on the walk's pump thread while it is parsed. */
static int use_pump(cbec_input *in)
{
    walk_ctx *c = in->ctx;
    if (!in->leaf || in->kind != IN_MEMBER || in->pipe_fd >= 0 || !c || c->no_pump)
        return 0;
    if (!c->pump && !(c->pump = cbec_pump_new())) {
        c->no_pump = 1;
        return 0;
    }
    return 1;
}

static void add_delivered(cbec_input *in, ssize_t n)
{
    pthread_mutex_lock(&in->delivered_lock);
    in->delivered += n;
    pthread_mutex_unlock(&in->delivered_lock);
}

ssize_t cbec_input_read(cbec_input *in, void *buf, size_t len)
{
    ssize_t n;

    if (in->error)
        return -1;
    if (len == 0)
        return 0;
    if (in->head_pos < in->head_len) {
        size_t avail = in->head_len - in->head_pos;
        n = (ssize_t)(avail < len ? avail : len);
        memcpy(buf, in->head + in->head_pos, (size_t)n);
        in->head_pos += (size_t)n;
    } else if (in->pumped) {
        return 0;
    } else if (in->pumping || use_pump(in)) {
        char *error = NULL;
        if (!in->pumping) {
            /* The head was delivered (and hashed) here; the pump hashes the rest in order. */
            in->pumping = 1;
            cbec_pump_start(in->ctx->pump, pump_fill, in, in->no_hash ? NULL : &in->sha,
                            in->walk ? prefetch_next : NULL, in->walk);
        }
        n = cbec_pump_read(in->ctx->pump, buf, len, &error);
        if (n <= 0) {
            in->pumping = 0;
            in->pumped = 1;
            if (n < 0)
                set_error(in, error);
            return n;
        }
        add_delivered(in, n);
        return n;
    } else {
        n = raw_read(in, buf, len);
        if (n <= 0)
            return n;
    }
    if (!in->no_hash)
        cbec_sha256_update(&in->sha, buf, (size_t)n);
    add_delivered(in, n);
    return n;
}

static int fill_head(cbec_input *in)
{
    while (in->head_len < CBEC_HEAD_SIZE) {
        ssize_t n = raw_read(in, in->head + in->head_len, CBEC_HEAD_SIZE - in->head_len);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        in->head_len += (size_t)n;
    }
    return 0;
}

int cbec_input_drain(cbec_input *in)
{
    char buf[65536];
    ssize_t n;
    while ((n = cbec_input_read(in, buf, sizeof buf)) > 0)
        ;
    return n < 0 ? -1 : 0;
}

const char *cbec_input_sha256(cbec_input *in)
{
    if (!in->sha_hex[0])
        cbec_sha256_hex(&in->sha, in->sha_hex);
    return in->sha_hex;
}

char *cbec_input_prehash(cbec_input *in)
{
    cbec_sha256 h;
    char buf[1 << 16], hex[65];
    ssize_t n;
    int fd;
    char *out = NULL;

    if (in->kind != IN_FILE)
        return NULL;
    fd = open(in->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    cbec_sha256_init(&h);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        cbec_sha256_update(&h, buf, (size_t)n);
    if (n == 0) {
        cbec_sha256_hex(&h, hex);
        out = g_strdup(hex);
    }
    close(fd);
    return out;
}

const char *cbec_input_name(cbec_input *in) { return in->display; }
const char *cbec_input_path(cbec_input *in) { return in->path; }
const char *cbec_input_member(cbec_input *in) { return in->member; }
const char *cbec_input_extension(cbec_input *in) { return in->ext; }
int64_t cbec_input_size(cbec_input *in) { return in->size; }
const char *cbec_input_error(cbec_input *in) { return in->error; }
int64_t cbec_input_bytes(cbec_input *in)
{
    int64_t n;
    pthread_mutex_lock(&in->delivered_lock);
    n = in->delivered;
    pthread_mutex_unlock(&in->delivered_lock);
    return n;
}
void cbec_input_set_user(cbec_input *in, void *user) { in->user = user; }

void cbec_input_skip_hash(cbec_input *in)
{
    in->no_hash = 1;
}

void cbec_input_use_pipe(cbec_input *in, int fd)
{
    /* The head is already in memory (read before the fork); everything after it comes from fd. */
    in->pipe_fd = fd;
    in->raw_eof = 0;
}
void *cbec_input_user(cbec_input *in) { return in->user; }
const cbec_walk_opts *cbec_input_walk_opts(cbec_input *in) { return in->ctx ? in->ctx->opts : NULL; }

const unsigned char *cbec_input_head(cbec_input *in, size_t *len)
{
    *len = in->head_len;
    return in->head;
}

/* ---- construction ---- */

static void set_ext(cbec_input *in, const char *name)
{
    const char *base = strrchr(name, '/');
    const char *dot;
    size_t i;

    base = base ? base + 1 : name;
    dot = strrchr(base, '.');
    in->ext[0] = 0;
    if (!dot || !dot[1] || strlen(dot + 1) >= sizeof in->ext)
        return;
    for (i = 0; dot[1 + i]; i++)
        in->ext[i] = g_ascii_tolower(dot[1 + i]);
    in->ext[i] = 0;
}

static cbec_input *input_new(int kind, const char *display, const char *path, const char *member)
{
    cbec_input *in = g_new0(cbec_input, 1);
    in->kind = kind;
    in->display = g_strdup(display);
    in->path = g_strdup(path);
    in->member = member ? g_strdup(member) : NULL;
    in->size = -1;
    in->fd = -1;
    in->pipe_fd = -1;
    pthread_mutex_init(&in->delivered_lock, NULL);
    cbec_sha256_init(&in->sha);
    set_ext(in, member ? member : path);
    return in;
}

static void input_free(cbec_input *in)
{
    if (!in)
        return;
    if (in->pumping)
        cbec_pump_stop(in->ctx->pump);   /* the consumer left early: the walk needs the archive back */
    if (in->fd >= 0)
        close(in->fd);
    g_free(in->display);
    g_free(in->path);
    g_free(in->member);
    g_free(in->error);
    pthread_mutex_destroy(&in->delivered_lock);
    g_free(in);
}

/* ---- archive detection ---- */

static int has_bytes(const unsigned char *h, size_t n, size_t off, const char *magic, size_t mlen)
{
    return n >= off + mlen && memcmp(h + off, magic, mlen) == 0;
}

/* Office documents are zips too, but they are inputs for the tabular reader, not archives. */
static int is_office_zip(const cbec_input *in)
{
    static const char *const office[] = {"xlsx", "xlsm", "xltx", "docx", "ods", "odt", NULL};
    int i;
    for (i = 0; office[i]; i++)
        if (strcmp(in->ext, office[i]) == 0)
            return 1;
    return g_strstr_len((const char *)in->head, (gssize)in->head_len, "[Content_Types].xml") != NULL ||
           g_strstr_len((const char *)in->head, (gssize)in->head_len, "mimetypeapplication/vnd.oasis") != NULL;
}

static int is_archive(const cbec_input *in)
{
    const unsigned char *h = in->head;
    size_t n = in->head_len;

    if (has_bytes(h, n, 0, "PK\x03\x04", 4) || has_bytes(h, n, 0, "PK\x05\x06", 4))
        return !is_office_zip(in);
    return has_bytes(h, n, 0, "\x1f\x8b", 2) ||                       /* gzip */
           has_bytes(h, n, 0, "BZh", 3) ||                            /* bzip2 */
           has_bytes(h, n, 0, "\xfd" "7zXZ\x00", 6) ||                /* xz */
           has_bytes(h, n, 0, "\x28\xb5\x2f\xfd", 4) ||               /* zstd */
           has_bytes(h, n, 0, "7z\xbc\xaf\x27\x1c", 6) ||             /* 7z */
           has_bytes(h, n, 257, "ustar", 5);                          /* tar */
}

/* ---- archives ---- */

typedef struct arc_src {
    cbec_input *parent;        /* stream source (members) */
    int fd;                    /* seekable source (files, spooled members), else -1 */
    walk_ctx *ctx;
    char buf[65536];
} arc_src;

/* Seekable path: 7z keeps its index at the end and zip's central directory is
 * more robust than its local headers, so a file on disk is read with seeks. */
static la_ssize_t fd_read_cb(struct archive *a, void *ud, const void **out)
{
    arc_src *src = ud;
    ssize_t n;
    do
        n = read(src->fd, src->buf, sizeof src->buf);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        archive_set_error(a, errno, "read error: %s", g_strerror(errno));
        return -1;
    }
    src->ctx->compressed += n;
    *out = src->buf;
    return n;
}

static la_int64_t fd_seek_cb(struct archive *a, void *ud, la_int64_t offset, int whence)
{
    arc_src *src = ud;
    off_t r = lseek(src->fd, (off_t)offset, whence);
    (void)a;
    return r < 0 ? ARCHIVE_FATAL : (la_int64_t)r;
}

/* A nested 7z cannot be streamed: copy the member to an unlinked temporary file
 * (through the budgeted reader, so a bomb still stops) and read that with seeks. */
static int spool_member(cbec_input *in)
{
    char *path = NULL;
    char buf[65536];
    ssize_t n;
    int fd = g_file_open_tmp("cbecflow-7z-XXXXXX", &path, NULL);

    if (fd < 0)
        return -1;
    unlink(path);
    g_free(path);
    while ((n = cbec_input_read(in, buf, sizeof buf)) > 0)
        if (write(fd, buf, (size_t)n) != n) {
            close(fd);
            return -1;
        }
    if (n < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static la_ssize_t arc_read_cb(struct archive *a, void *ud, const void **out)
{
    arc_src *src = ud;
    ssize_t n = cbec_input_read(src->parent, src->buf, sizeof src->buf);
    if (n < 0) {
        archive_set_error(a, EIO, "%s", cbec_input_error(src->parent) ? cbec_input_error(src->parent) : "read error");
        return -1;
    }
    *out = src->buf;
    return n;
}

static int visit_input(cbec_input *in, walk_ctx *ctx);

static char *display_member(const char *name)
{
    /* Member names are names only: show them as stored, but without control bytes. */
    GString *s = g_string_new(NULL);
    const char *p;
    char *valid;
    for (p = name; *p; p++)
        g_string_append_c(s, (unsigned char)*p < 0x20 ? '?' : *p);
    valid = g_utf8_make_valid(s->str, -1);
    g_string_free(s, TRUE);
    return valid;
}

/* An archive being walked.  When a member has been read to its end on the pump's
 * thread, the pump reads the next entry's header and head too (prefetch_next), while
 * the consumer still works on the member's last records: the walk is then not a gap
 * between two members.  The walk waits for the pump (cbec_pump_wait) before it
 * touches the archive again. */
typedef struct arc_walk {
    struct archive *a;
    cbec_input *parent;
    walk_ctx *ctx;
    int compressed_only;
    /* the next entry, when read ahead */
    int ready;
    int r;                     /* archive_read_next_header's result */
    char *error;               /* its archive error text, when not ARCHIVE_OK */
    struct archive_entry *e;
    cbec_input *in;            /* a regular member, its head read (head_rc), else NULL */
    int head_rc;
} arc_walk;

/* The member's name as shown: as stored, or for a lone compressed file its container's. */
static char *member_shown(const arc_walk *w, struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);
    if (!name)
        name = archive_entry_pathname(e);
    if (w->compressed_only && (!name || strcmp(name, "data") == 0)) {
        /* raw format: name the member after its container without the compression suffix */
        char *base = g_path_get_basename(w->parent->member ? w->parent->member : w->parent->path);
        char *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = 0;
        return base;
    }
    return display_member(name ? name : "(unnamed)");
}

static int is_regular(const arc_walk *w, struct archive_entry *e)
{
    /* A tar hard link is typed as a regular file but carries no bytes of its own. */
    return w->compressed_only || (archive_entry_filetype(e) == AE_IFREG && !archive_entry_hardlink(e));
}

/* A member that is not a file: links are never followed, devices and FIFOs never read,
 * but each leaves a quarantine row naming it (a log line alone is easily missed). */
static void skip_member(arc_walk *w, struct archive_entry *e, const char *shown)
{
    cbec_input *parent = w->parent;
    mode_t type = archive_entry_filetype(e);
    int link = type == AE_IFLNK || archive_entry_hardlink(e);
    char *display = g_strdup_printf("%s!%s", parent->display, shown);
    char *member = parent->member ? g_strdup_printf("%s!%s", parent->member, shown) : g_strdup(shown);
    char *msg = g_strdup_printf("%s; skipped, links are never followed and only regular files are read",
                                type == AE_IFLNK        ? "symbolic link"
                                : link                  ? "hard link"
                                : type == AE_IFCHR      ? "character device"
                                : type == AE_IFBLK      ? "block device"
                                : type == AE_IFIFO      ? "FIFO"
                                : type == AE_IFSOCK     ? "socket"
                                                        : "special entry, not a regular file");

    w->ctx->ops->on_error(display, parent->path, member, link ? "SKIPPED_LINK" : "SKIPPED_SPECIAL", msg,
                          w->ctx->ud);
    g_free(display);
    g_free(member);
    g_free(msg);
}

/* A member as an input, with its head read (*head_rc: fill_head's result). */
static cbec_input *member_input(arc_walk *w, struct archive_entry *e, const char *shown, int *head_rc)
{
    cbec_input *parent = w->parent;
    char *display = g_strdup_printf("%s!%s", parent->display, shown);
    char *member = parent->member ? g_strdup_printf("%s!%s", parent->member, shown) : g_strdup(shown);
    cbec_input *in = input_new(IN_MEMBER, display, parent->path, member);

    in->ar = w->a;
    in->ctx = w->ctx;
    in->walk = w;
    in->depth = parent->depth + 1;
    in->size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
    *head_rc = fill_head(in);
    g_free(display);
    g_free(member);
    return in;
}

/* On the pump's thread, after the member before was read to its end. */
static void prefetch_next(void *ud)
{
    arc_walk *w = ud;

    if (w->ctx->limit_error)
        return;
    w->r = archive_read_next_header(w->a, &w->e);
    w->ready = 1;
    w->in = NULL;
    w->error = NULL;
    if (w->r != ARCHIVE_OK) {
        const char *msg = archive_error_string(w->a);
        w->error = msg ? g_strdup(msg) : NULL;
    } else if (is_regular(w, w->e)) {
        char *shown = member_shown(w, w->e);
        w->in = member_input(w, w->e, shown, &w->head_rc);
        g_free(shown);
    }
}

typedef struct tail_ctx {
    cbec_input *parent;
    walk_ctx *ctx;
    int entries;               /* headers read before the end-of-archive mark */
} tail_ctx;

static void on_tail(const char *name, const char *message, void *ud)
{
    tail_ctx *t = ud;
    cbec_input *parent = t->parent;
    char *shown = name ? display_member(name) : NULL;
    char *display = shown ? g_strdup_printf("%s!%s", parent->display, shown) : g_strdup(parent->display);
    char *member = !shown ? g_strdup(parent->member)
                   : parent->member ? g_strdup_printf("%s!%s", parent->member, shown)
                                    : g_strdup(shown);

    if (!name && t->entries == 0)
        /* Nothing before the mark, no member after it: e.g. a gzip of a file starting with NULs. */
        t->ctx->ops->on_error(display, parent->path, member, "EMPTY_INPUT",
                              "the archive yields no input: its content starts with NUL blocks (an empty tar) "
                              "and what follows them is not a tar member",
                              t->ctx->ud);
    else
        t->ctx->ops->on_error(display, parent->path, member, "TRAILING_DATA", message, t->ctx->ud);
    g_free(shown);
    g_free(display);
    g_free(member);
}

/* Members after the first end-of-archive mark of a tar read from a file (seekable: read
 * again; a nested tar is a stream and is not). */
static int tar_tail(cbec_input *parent, walk_ctx *ctx, int entries)
{
    tail_ctx t = {parent, ctx, entries};
    return cbec_tar_tail(parent->fd, entries, ctx->opts->max_expanded, on_tail, &t);
}

static int walk_archive(cbec_input *parent, walk_ctx *ctx)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    arc_src *src = g_new0(arc_src, 1);
    arc_walk w;
    int r, rc = 0, members = 0, skipped = 0, entries = 0, retries = 0, at_end = 0;

    memset(&w, 0, sizeof w);
    w.a = a;
    w.parent = parent;
    w.ctx = ctx;
    src->parent = parent;
    src->ctx = ctx;
    src->fd = -1;
    archive_read_support_filter_all(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_cpio(a);
    /* A lone compressed file (x.xml.gz) is read as one member ("raw"). */
    w.compressed_only = !has_bytes(parent->head, parent->head_len, 0, "PK", 2) &&
                        !has_bytes(parent->head, parent->head_len, 0, "7z\xbc\xaf", 4) &&
                        !has_bytes(parent->head, parent->head_len, 257, "ustar", 5);
    if (w.compressed_only)
        archive_read_support_format_raw(a);
    if (parent->kind == IN_FILE && lseek(parent->fd, 0, SEEK_SET) == 0) {
        ctx->compressed = 0;
        src->fd = parent->fd;
    } else if (has_bytes(parent->head, parent->head_len, 0, "7z\xbc\xaf", 4)) {
        src->fd = spool_member(parent);
        if (src->fd < 0) {
            ctx->ops->on_error(parent->display, parent->path, parent->member,
                               ctx->limit_error ? "ARCHIVE_LIMIT" : "BAD_ARCHIVE",
                               ctx->limit_error ? ctx->limit_error : "cannot buffer the nested 7z archive", ctx->ud);
            goto done;
        }
    }
    if (src->fd >= 0) {
        archive_read_set_read_callback(a, fd_read_cb);
        archive_read_set_seek_callback(a, fd_seek_cb);
        archive_read_set_callback_data(a, src);
    } else {
        archive_read_set_read_callback(a, arc_read_cb);
        archive_read_set_callback_data(a, src);
    }
    if (archive_read_open1(a) != ARCHIVE_OK) {
        ctx->ops->on_error(parent->display, parent->path, parent->member, "BAD_ARCHIVE",
                           archive_error_string(a) ? archive_error_string(a) : "cannot open the archive", ctx->ud);
        goto done;
    }
    for (;;) {
        char *shown = NULL, *error = NULL;
        const char *arc_error;
        cbec_input *in = NULL;
        int head_rc = 0, prefetched = w.ready;
        mode_t type;

        if (prefetched) {
            r = w.r;
            e = w.e;
            in = w.in;
            head_rc = w.head_rc;
            error = w.error;
            w.ready = 0;
            w.in = NULL;
            w.error = NULL;
        } else
            r = archive_read_next_header(a, &e);
        arc_error = prefetched ? error : archive_error_string(a);
        if (r == ARCHIVE_EOF) {
            g_free(error);
            at_end = 1;
            break;
        }
        if (r == ARCHIVE_RETRY && ++retries < 3) {
            g_free(error);
            continue;
        }
        if (r < ARCHIVE_WARN || r == ARCHIVE_RETRY) {
            const char *msg = ctx->limit_error ? ctx->limit_error : arc_error;
            char *full = g_strdup_printf("archive is damaged or truncated after %d member(s): %s", members,
                                         msg ? msg : "unreadable header");
            ctx->ops->on_error(parent->display, parent->path, parent->member,
                               ctx->limit_error ? "ARCHIVE_LIMIT" : "BAD_ARCHIVE", full, ctx->ud);
            g_free(full);
            g_free(error);
            break;
        }
        if (r == ARCHIVE_WARN)
            cbec_logf(CBEC_L_WARN, NULL, parent->display, "%s", arc_error ? arc_error : "archive warning");
        g_free(error);
        retries = 0;
        entries++;
        shown = member_shown(&w, e);
        type = archive_entry_filetype(e);
        if (type == AE_IFDIR) {
            /* folders carry nothing */
        } else if (!is_regular(&w, e)) {
            skip_member(&w, e, shown);
            skipped++;
        } else {
            members++;
            if (!in)
                in = member_input(&w, e, shown, &head_rc);
            if (shown[0] == '/' || strstr(shown, "..") || (g_ascii_isalpha(shown[0]) && shown[1] == ':'))
                cbec_logf(CBEC_L_WARN, NULL, in->display,
                          "member path is absolute or climbs out of the archive; treated as a name only");
            if (head_rc != 0) {
                ctx->ops->on_error(in->display, parent->path, in->member,
                                   ctx->limit_error ? "ARCHIVE_LIMIT" : "BAD_MEMBER", in->error, ctx->ud);
            } else if (visit_input(in, ctx) < 0)
                rc = -1;
            cbec_pump_wait(ctx->pump);   /* the next entry may be being read ahead */
            input_free(in);
            in = NULL;
        }
        if (in)
            input_free(in);          /* read ahead, but not a member after all */
        g_free(shown);
        if (rc < 0 || ctx->stop)
            break;
        if (ctx->limit_error) {
            ctx->ops->on_error(parent->display, parent->path, parent->member, "ARCHIVE_LIMIT", ctx->limit_error,
                               ctx->ud);
            break;
        }
    }
    if (at_end && rc == 0 && !ctx->stop) {
        int trailing = 0;
        cbec_pump_wait(ctx->pump);
        /* tar stops at its first end-of-archive mark: what follows is looked for, not lost. */
        if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR && src->fd >= 0 &&
            src->fd == parent->fd)
            trailing = tar_tail(parent, ctx, entries);
        if (members == 0 && skipped == 0 && trailing == 0)
            ctx->ops->on_error(parent->display, parent->path, parent->member, "EMPTY_INPUT",
                               entries > 0 ? "the archive yields no input: it holds folders only"
                               : (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR
                                   ? "the archive yields no input: its tar ends before any member (it starts "
                                     "with an end-of-archive mark of NUL blocks)"
                                   : "the archive yields no input: it holds no member",
                               ctx->ud);
    }
done:
    cbec_pump_wait(ctx->pump);
    if (w.ready) {
        input_free(w.in);            /* read ahead, not visited: the walk stopped */
        g_free(w.error);
    }
    archive_read_free(a);
    if (src->fd >= 0 && src->fd != parent->fd)
        close(src->fd);
    g_free(src);
    return rc;
}

static int visit_input(cbec_input *in, walk_ctx *ctx)
{
    if (is_archive(in)) {
        if (in->depth >= ctx->opts->max_depth) {
            char *msg = g_strdup_printf("archive nested deeper than %d levels (core.max_depth); not opened",
                                        ctx->opts->max_depth);
            ctx->ops->on_error(in->display, in->path, in->member, "NESTING_LIMIT", msg, ctx->ud);
            g_free(msg);
            return 0;
        }
        in->no_hash = 1;
        return walk_archive(in, ctx);
    }
    in->leaf = 1;
    if (ctx->ops->on_input(in, ctx->ud) < 0) {
        ctx->stop = 1;
        return -1;
    }
    return 0;
}

/* ---- files and folders ---- */

static int walk_file(const char *path, const struct stat *sb, const cbec_walk_opts *opts, const cbec_walk_ops *ops,
                     void *ud)
{
    walk_ctx ctx = {opts, ops, ud, 0, 0, NULL, 0, NULL, 0};
    cbec_input *in = input_new(IN_FILE, path, path, NULL);
    int rc = 0;

    in->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (in->fd < 0) {
        char *msg = g_strdup_printf("cannot open: %s", g_strerror(errno));
        ops->on_error(path, path, NULL, "UNREADABLE", msg, ud);
        g_free(msg);
        goto done;
    }
    in->size = sb->st_size;
    in->ctx = &ctx;
    if (fill_head(in) != 0) {
        ops->on_error(path, path, NULL, "UNREADABLE", in->error, ud);
        goto done;
    }
    rc = visit_input(in, &ctx);
done:
    input_free(in);
    cbec_pump_free(ctx.pump);
    g_free(ctx.limit_error);
    return rc;
}

static int name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int walk_path(const char *path, int top, const cbec_walk_opts *opts, const cbec_walk_ops *ops, void *ud)
{
    struct stat sb;
    int rc = 0;

    /* Named on the command line: follow a link; found in a folder: never. */
    if ((top ? stat(path, &sb) : lstat(path, &sb)) != 0) {
        char *msg = g_strdup_printf("cannot read: %s", g_strerror(errno));
        ops->on_error(path, path, NULL, errno == ENOENT ? "NOT_FOUND" : "UNREADABLE", msg, ud);
        g_free(msg);
        return 0;
    }
    if (S_ISLNK(sb.st_mode)) {
        ops->on_error(path, path, NULL, "SKIPPED_LINK", "symbolic link inside a folder; not followed", ud);
        return 0;
    }
    if (S_ISDIR(sb.st_mode)) {
        GError *gerr = NULL;
        GDir *d = g_dir_open(path, 0, &gerr);
        GPtrArray *names;
        const char *n;
        guint i;

        if (!d) {
            ops->on_error(path, path, NULL, "UNREADABLE", gerr->message, ud);
            g_error_free(gerr);
            return 0;
        }
        names = g_ptr_array_new_with_free_func(g_free);
        while ((n = g_dir_read_name(d)))
            if (n[0] != '.')    /* hidden files: editors' and transfer tools' temporaries */
                g_ptr_array_add(names, g_strdup(n));
        g_dir_close(d);
        g_ptr_array_sort(names, name_cmp);
        for (i = 0; i < names->len && rc == 0; i++) {
            char *child = g_build_filename(path, g_ptr_array_index(names, i), NULL);
            rc = walk_path(child, 0, opts, ops, ud);
            g_free(child);
        }
        g_ptr_array_free(names, TRUE);
        return rc;
    }
    if (!S_ISREG(sb.st_mode)) {
        /* Never opened: a FIFO would block the night, a device could be endless. */
        char *msg = g_strdup_printf("%s, not a regular file; skipped without opening it",
                                    S_ISFIFO(sb.st_mode)   ? "FIFO"
                                    : S_ISCHR(sb.st_mode)  ? "character device"
                                    : S_ISBLK(sb.st_mode)  ? "block device"
                                    : S_ISSOCK(sb.st_mode) ? "socket"
                                                           : "special file");
        ops->on_error(path, path, NULL, "SKIPPED_SPECIAL", msg, ud);
        g_free(msg);
        return 0;
    }
    return walk_file(path, &sb, opts, ops, ud);
}

cbec_err cbec_walk(const char *path, const cbec_walk_opts *opts, const cbec_walk_ops *ops, void *ud)
{
    if (access(path, F_OK) != 0) {
        char *msg = g_strdup_printf("no such file or folder");
        ops->on_error(path, path, NULL, "NOT_FOUND", msg, ud);
        g_free(msg);
        return CBEC_ERR_NOT_FOUND;
    }
    walk_path(path, 1, opts, ops, ud);
    return CBEC_ERR_NONE;
}

cbec_err cbec_walk_opts_from_config(const cbec_config *cfg, cbec_walk_opts *o, char **why)
{
    int bad = 0;
    o->max_expanded = cbec_config_get_int(cfg, "core", "max_expanded_bytes", 8LL << 30, &bad);
    o->max_ratio = cbec_config_get_int(cfg, "core", "max_ratio", 200, &bad);
    o->max_depth = (int)cbec_config_get_int(cfg, "core", "max_depth", 4, &bad);
    if (bad || o->max_ratio < 1 || o->max_depth < 1) {
        *why = g_strdup("core.max_expanded_bytes, core.max_ratio and core.max_depth must be positive numbers "
                        "(sizes may end in K, M or G)");
        return CBEC_ERR_CONFIG;
    }
    return CBEC_ERR_NONE;
}
