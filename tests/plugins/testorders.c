/* A minimal, well-behaved test plugin: lines "order_no;platform;amount;currency;buyer_id"
 * after a "#testorders" first line.  "FATAL" stops the input; a bad amount is a record error. */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>

#include <cbecflow/host.h>
#include <cbecflow/record.h>

struct cbec_source {
    const cbec_host *host;
    cbec_input *in;
    char buf[8192];
    size_t len, pos;
    unsigned long line;
    int eof;
    int stuck;
};

static int probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
#ifndef TEST_TIE_ONLY
    if (in->head_len >= 11 && memcmp(in->head, "#testorders", 11) == 0)
        return CBEC_SCORE_CERTAIN;
#endif
    if (in->head_len >= 4 && memcmp(in->head, "#tie", 4) == 0)
        return CBEC_SCORE_HEURISTIC;
    return CBEC_SCORE_NONE;
}

static cbec_status src_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *s = calloc(1, sizeof *s);
    (void)err;
    s->host = host;
    s->in = in;
    *out = s;
    return CBEC_OK;
}

/* Next line into line[]; 0 at end. */
static int get_line(cbec_source *s, char *line, size_t cap)
{
    size_t n = 0;
    for (;;) {
        if (s->pos == s->len) {
            ssize_t r;
            if (s->eof)
                break;
            r = s->host->read(s->in, s->buf, sizeof s->buf);
            if (r <= 0) {
                s->eof = 1;
                if (r < 0)
                    return -1;
                break;
            }
            s->len = (size_t)r;
            s->pos = 0;
        }
        if (s->buf[s->pos] == '\n') {
            s->pos++;
            break;
        }
        if (n + 1 < cap)
            line[n++] = s->buf[s->pos];
        s->pos++;
    }
    line[n] = 0;
    s->line++;
    return n > 0 || !s->eof ? 1 : 0;
}

static cbec_status src_next(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    char line[1024], *f[5] = {0}, *p;
    int i, r;
    const cbec_host *h = s->host;

    if (s->stuck) {                              /* a plugin that errs forever without reading */
        snprintf(err->reason, sizeof err->reason, "STUCK");
        snprintf(err->locator, sizeof err->locator, "line %lu", s->line);
        return CBEC_RECORD_ERROR;
    }
    do {
        r = get_line(s, line, sizeof line);
        if (r < 0) {
            snprintf(err->message, sizeof err->message, "%s", h->input_error(s->in));
            return CBEC_FATAL;
        }
        if (r == 0)
            return CBEC_EOF;
    } while (line[0] == '#' || line[0] == 0);
    err->line = s->line;
    if (strcmp(line, "STUCK") == 0)
        s->stuck = 1;
    if (strcmp(line, "CRASH") == 0)
        raise(SIGSEGV);                          /* isolation-mode tests */
    if (strcmp(line, "HANG") == 0)
        for (;;)
            pause();
    if (strcmp(line, "FATAL") == 0) {
        snprintf(err->reason, sizeof err->reason, "TEST_FATAL");
        snprintf(err->message, sizeof err->message, "fatal marker");
        return CBEC_FATAL;
    }
    h->rec_set_raw(rec, line, strlen(line));
    for (i = 0, p = line; i < 5 && p; i++) {
        f[i] = p;
        p = strchr(p, ';');
        if (p)
            *p++ = 0;
    }
    snprintf(err->locator, sizeof err->locator, "line %lu", s->line);
    h->rec_begin(rec, CBEC_KIND_ORDERS);
    h->rec_set_locator(rec, err->locator);
    h->rec_set_text(rec, "order_no", f[0]);
    h->rec_set_text(rec, "platform_code", f[1]);
    h->rec_set_text(rec, "currency", f[3]);
    if (h->rec_set_money(rec, "actual_paid", f[2], f[3]) != CBEC_OK) {
        /* on_refusal: "ignore" goes on as a careless plugin would (the core must still
         * quarantine the record); "finding" reports the refusal and keeps the record. */
        const char *how = h->config(s->in, "on_refusal");
        if (how && strcmp(how, "ignore") == 0)
            return CBEC_OK;
        if (how && strcmp(how, "finding") == 0) {
            h->rec_finding(rec, "AMOUNT_UNREADABLE", "%s", h->rec_error(rec));
            return CBEC_OK;
        }
        snprintf(err->reason, sizeof err->reason, "BAD_AMOUNT");
        snprintf(err->message, sizeof err->message, "%s", h->rec_error(rec));
        return CBEC_RECORD_ERROR;
    }
    h->rec_set_personal(rec, "buyer_key", CBEC_PERSONAL_ID, f[4]);
    h->rec_child(rec, CBEC_KIND_ORDER_ITEM);
    h->rec_set_text(rec, "name", "item");
    return CBEC_OK;
}

static void src_close(cbec_source *s)
{
    free(s);
}

static const char *const exts[] = {"txt", NULL};
static const cbec_config_key keys[] = {
    {CBEC_CONF_STRING, "greeting", "hello", "a test key"},
    {CBEC_CONF_STRING, "on_refusal", "error", "a refused amount: error (record error), ignore, finding"},
    {0, NULL, NULL, NULL}};

static const cbec_source_plugin desc = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
#ifdef TEST_PLUGIN_NAME
    .name = TEST_PLUGIN_NAME,
#else
    .name = "testorders",
#endif
    .version = "1.0",
    .description = "test orders",
    .license = "MIT",
    .extensions = exts,
    .config_keys = keys,
    .probe = probe,
    .open = src_open,
    .next = src_next,
    .close = src_close,
};

const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    (void)host;
    (void)why_not;
    return &desc;
}
