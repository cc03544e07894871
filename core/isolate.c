/* Isolation mode; see isolate.h.  Parent and child are the same program image,
 * so frames carry plain structs (cbec_error) and length-prefixed strings. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "core/base/excerpt.h"
#include "core/isolate.h"
#include "core/base/record.h"

#define NO_STRING 0xFFFFFFFFu

/* ---- frames ---- */

static void put_u32(GByteArray *b, guint32 v) { g_byte_array_append(b, (const guint8 *)&v, sizeof v); }

static void put_str(GByteArray *b, const char *s)
{
    if (!s) {
        put_u32(b, NO_STRING);
        return;
    }
    put_u32(b, (guint32)strlen(s));
    g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s));
}

static void put_row(GByteArray *b, const cbec_row *row)
{
    guint i;
    put_str(b, row->kind);
    put_u32(b, row->fields->len);
    for (i = 0; i < row->fields->len; i++) {
        const cbec_field *f = &g_array_index(row->fields, cbec_field, i);
        put_str(b, f->name);
        put_u32(b, (guint32)f->type);
        if (f->type == CBEC_FIELD_INT)
            g_byte_array_append(b, (const guint8 *)&f->ival, sizeof f->ival);
        else
            put_str(b, f->text);
    }
}

static GByteArray *encode(cbec_status s, const cbec_error *err, const cbec_record *rec)
{
    GByteArray *b = g_byte_array_new();
    guint i;
    gint32 st = s;

    put_u32(b, 0);                                   /* length, patched below */
    g_byte_array_append(b, (const guint8 *)&st, sizeof st);
    g_byte_array_append(b, (const guint8 *)err, sizeof *err);
    put_str(b, rec->locator);
    put_str(b, rec->raw->len ? rec->raw->str : NULL);
    put_str(b, rec->error);
    put_u32(b, (guint32)rec->begun);
    put_row(b, &rec->main);
    put_u32(b, rec->children->len);
    for (i = 0; i < rec->children->len; i++)
        put_row(b, g_ptr_array_index(rec->children, i));
    put_u32(b, rec->findings->len);
    for (i = 0; i < rec->findings->len; i++) {
        const cbec_finding *f = &g_array_index(rec->findings, cbec_finding, i);
        put_str(b, f->code);
        put_str(b, f->message);
    }
    *(guint32 *)b->data = b->len - 4;
    return b;
}

typedef struct reader {
    const guint8 *p, *end;
    int bad;
} reader;

static guint32 get_u32(reader *r)
{
    guint32 v = 0;
    if (r->end - r->p < 4) {
        r->bad = 1;
        return 0;
    }
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}

/* A string of the frame, copied (g_free) or NULL. */
static char *get_str(reader *r)
{
    guint32 n = get_u32(r);
    char *s;
    if (r->bad || n == NO_STRING)
        return NULL;
    if ((guint32)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    s = g_strndup((const char *)r->p, n);
    r->p += n;
    return s;
}

static void get_row(reader *r, cbec_record *rec)
{
    guint32 n, i;
    n = get_u32(r);
    for (i = 0; i < n && !r->bad; i++) {
        char *name = get_str(r);
        guint32 type = get_u32(r);
        if (type == CBEC_FIELD_INT) {
            gint64 v = 0;
            if (r->end - r->p < 8)
                r->bad = 1;
            else {
                memcpy(&v, r->p, 8);
                r->p += 8;
            }
            if (name)
                cbec_record_set_int(rec, name, v);
        } else {
            char *text = get_str(r);
            if (name)
                cbec_record_set_text(rec, name, text);
            g_free(text);
        }
        g_free(name);
    }
}

static int decode(const guint8 *p, size_t len, cbec_status *s, cbec_error *err, cbec_record *rec)
{
    reader r = {p, p + len, 0};
    gint32 st;
    char *kind, *str;
    guint32 n, i;

    cbec_record_reset(rec);
    if (len < sizeof st + sizeof *err)
        return -1;
    memcpy(&st, r.p, sizeof st);
    r.p += sizeof st;
    memcpy(err, r.p, sizeof *err);
    r.p += sizeof *err;
    *s = (cbec_status)st;
    str = get_str(&r);
    cbec_record_set_locator(rec, str);
    g_free(str);
    str = get_str(&r);
    if (str)
        g_string_assign(rec->raw, str);
    g_free(str);
    str = get_str(&r);
    if (str)
        g_strlcpy(rec->error, str, sizeof rec->error);
    g_free(str);
    n = get_u32(&r);
    kind = get_str(&r);
    if (n && kind)
        cbec_record_begin(rec, kind);
    g_free(kind);
    get_row(&r, rec);
    n = get_u32(&r);
    for (i = 0; i < n && !r.bad; i++) {
        kind = get_str(&r);
        cbec_record_child(rec, kind ? kind : "?");
        g_free(kind);
        get_row(&r, rec);
    }
    n = get_u32(&r);
    for (i = 0; i < n && !r.bad; i++) {
        char *code = get_str(&r), *msg = get_str(&r);
        cbec_record_add_finding(rec, code ? code : "?", msg ? msg : "");
        g_free(code);
        g_free(msg);
    }
    rec->cur = &rec->main;
    return r.bad ? -1 : 0;
}

static int write_all(int fd, const guint8 *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* ---- the child ---- */

static void child_main(cbec_input *in, const cbec_plugin *p, const cbec_host *host, int data_fd, int out_fd)
{
    const cbec_source_plugin *d = p->desc;
    cbec_source *src = NULL;
    cbec_record rec;
    cbec_error err;
    cbec_status s;
    GByteArray *b;

    signal(SIGPIPE, SIG_DFL);
    cbec_input_use_pipe(in, data_fd);
    cbec_record_init(&rec);
    memset(&err, 0, sizeof err);
    s = d->open(&src, in, host, &err);
    if (s < 0 && s != CBEC_WARN) {
        if (!err.reason[0])
            g_strlcpy(err.reason, "OPEN_FAILED", sizeof err.reason);
        b = encode(CBEC_FATAL, &err, &rec);
        write_all(out_fd, b->data, b->len);
        _exit(0);
    }
    for (;;) {
        cbec_record_reset(&rec);
        memset(&err, 0, sizeof err);
        s = cbec_record_settle(&rec, d->next(src, &rec, &err), &err);   /* see read_input() */
        if (s != CBEC_EOF && (s != CBEC_OK || rec.raw->len))
            cbec_excerpt_scrub_record(&rec, &err);   /* the clear values do not cross the pipe */
        b = encode(s, &err, &rec);
        if (write_all(out_fd, b->data, b->len) != 0)
            _exit(3);
        g_byte_array_free(b, TRUE);
        if (s == CBEC_EOF || (s < 0 && s != CBEC_WARN && s != CBEC_RECORD_ERROR))
            break;
    }
    d->close(src);
    _exit(0);
}

/* ---- the parent ---- */

int cbec_isolate_run(cbec_input *in, const cbec_plugin *p, const cbec_host *host, int timeout, cbec_record *rec,
                     cbec_result_fn fn, void *ud, char *why, size_t whylen)
{
    int data[2] = {-1, -1}, out[2] = {-1, -1}, status = 0, rc = 0, stopped = 0, saw_end = 0, killed = 0;
    pid_t pid;
    GByteArray *inbuf = g_byte_array_new();
    char feed[65536];
    size_t feed_len = 0, feed_pos = 0, head_len;
    int64_t offered = 0;
    gint64 last_progress = g_get_monotonic_time();

    cbec_input_head(in, &head_len);
    if (pipe(data) != 0 || pipe(out) != 0) {
        g_snprintf(why, whylen, "cannot create pipes for isolation: %s", g_strerror(errno));
        rc = -1;
        goto done;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        g_snprintf(why, whylen, "cannot fork for isolation: %s", g_strerror(errno));
        rc = -1;
        goto done;
    }
    if (pid == 0) {
        close(data[1]);
        close(out[0]);
        child_main(in, p, host, data[0], out[1]);
    }
    close(data[0]);
    close(out[1]);
    data[0] = out[1] = -1;
    fcntl(data[1], F_SETFL, O_NONBLOCK);
    signal(SIGPIPE, SIG_IGN);

    while (!stopped) {
        struct pollfd pf[2];
        int nf = 0, r;

        pf[nf].fd = out[0];
        pf[nf].events = POLLIN;
        nf++;
        if (data[1] >= 0) {
            pf[nf].fd = data[1];
            pf[nf].events = POLLOUT;
            nf++;
        }
        r = poll(pf, (nfds_t)nf, 1000);
        if (r < 0 && errno == EINTR)
            continue;
        if (nf > 1 && (pf[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            if (feed_pos == feed_len) {
                /* Next bytes of the input; the head is already in the child's memory. */
                ssize_t n = cbec_input_read(in, feed, sizeof feed);
                feed_pos = feed_len = 0;
                if (n <= 0) {
                    close(data[1]);
                    data[1] = -1;
                } else {
                    size_t skip = offered < (int64_t)head_len ? (size_t)MIN((int64_t)n, (int64_t)head_len - offered) : 0;
                    offered += n;
                    feed_pos = skip;
                    feed_len = (size_t)n;
                }
            }
            if (data[1] >= 0 && feed_pos < feed_len) {
                ssize_t w = write(data[1], feed + feed_pos, feed_len - feed_pos);
                if (w > 0) {
                    feed_pos += (size_t)w;
                    last_progress = g_get_monotonic_time();
                } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
                    close(data[1]);       /* the child stopped reading */
                    data[1] = -1;
                }
            }
        }
        if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            guint8 buf[65536];
            ssize_t n = read(out[0], buf, sizeof buf);
            if (n <= 0) {
                if (n < 0 && errno == EINTR)
                    continue;
                break;                    /* the child closed its end: finished or died */
            }
            g_byte_array_append(inbuf, buf, (guint)n);
            last_progress = g_get_monotonic_time();
            while (inbuf->len >= 4 && !stopped) {
                guint32 len;
                cbec_status s;
                cbec_error err;
                memcpy(&len, inbuf->data, 4);
                if (inbuf->len < 4 + len)
                    break;
                if (decode(inbuf->data + 4, len, &s, &err, rec) != 0) {
                    g_snprintf(why, whylen, "isolated plugin %s sent a malformed frame", p->desc->name);
                    stopped = 1;
                    rc = 1;
                    break;
                }
                g_byte_array_remove_range(inbuf, 0, 4 + len);
                if (s == CBEC_EOF || (s < 0 && s != CBEC_WARN && s != CBEC_RECORD_ERROR))
                    saw_end = 1;
                if (fn(ud, s, &err, rec))
                    stopped = 1;
            }
        }
        if (!stopped && timeout > 0 && g_get_monotonic_time() - last_progress > (gint64)timeout * 1000000) {
            g_snprintf(why, whylen, "plugin %s made no progress for %d s (core.plugin_timeout); stopped",
                       p->desc->name, timeout);
            kill(pid, SIGKILL);
            killed = 1;
            rc = 1;
            break;
        }
    }
    if (stopped && !saw_end) {
        kill(pid, SIGKILL);
        killed = 1;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (rc == 0 && !saw_end) {
        if (WIFSIGNALED(status) && !killed)
            g_snprintf(why, whylen, "plugin %s crashed (signal %d: %s)", p->desc->name, WTERMSIG(status),
                       g_strsignal(WTERMSIG(status)));
        else
            g_snprintf(why, whylen, "plugin %s ended without finishing the input (exit status %d)",
                       p->desc->name, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        rc = 1;
    }
done:
    if (data[0] >= 0)
        close(data[0]);
    if (data[1] >= 0)
        close(data[1]);
    if (out[0] >= 0)
        close(out[0]);
    if (out[1] >= 0)
        close(out[1]);
    g_byte_array_free(inbuf, TRUE);
    return rc;
}
