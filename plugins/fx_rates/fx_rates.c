/**
 * @file fx_rates.c
 * @brief Source plugin `fx_rates`: daily exchange rates to CNY, and the SDK's worked example.
 *
 * Input: a text file whose first line is the header `rate_date,currency,cny_per_unit`
 * (comma or semicolon), then one rate per line, e.g. `2026-11-25,USD,7.1234`.  The
 * People's Bank of China central parity quotes some currencies per 100 units; write
 * those as the per-unit rate.  Each line becomes an `fx_rate` record; a malformed line is
 * a record error with its line number, and the file goes on.
 *
 * Everything a plugin needs is here: the descriptor, a cheap probe, pull-style next()
 * reading through host->read (plugins never open files), graded statuses, a locator on
 * every record, and a declarative config key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbecflow/host.h>
#include <cbecflow/record.h>

#define LINE_MAX_BYTES 1024

struct cbec_source {
    const cbec_host *host;
    cbec_input *in;
    char buf[16384];
    size_t len, pos;
    unsigned long line;
    int eof;
    char sep;
    int max_scale;
};

static const char HEADER[] = "rate_date";

static int fx_probe(const cbec_probe_input *in, const cbec_host *host)
{
    size_t skip = 0;
    (void)host;
    if (in->head_len >= 3 && memcmp(in->head, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;                                  /* UTF-8 BOM */
    if (in->head_len >= skip + sizeof HEADER - 1 && memcmp(in->head + skip, HEADER, sizeof HEADER - 1) == 0 &&
        memchr(in->head, '\n', in->head_len) && strstr((const char *)in->head, "cny_per_unit"))
        return CBEC_SCORE_MAGIC;
    return CBEC_SCORE_NONE;
}

static cbec_status fx_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *s = calloc(1, sizeof *s);
    const char *scale = host->config(in, "max_decimals");

    if (!s) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return CBEC_FATAL;
    }
    s->host = host;
    s->in = in;
    s->max_scale = scale ? atoi(scale) : 6;
    if (s->max_scale < 0 || s->max_scale > 10) {
        snprintf(err->reason, sizeof err->reason, "BAD_CONFIG");
        snprintf(err->message, sizeof err->message, "[plugin.fx_rates] max_decimals must be 0..10, got %s", scale);
        free(s);
        return CBEC_FATAL;
    }
    *out = s;
    return CBEC_OK;
}

/* Read one line (without its end) through the host; 0 at end, -1 on a read error. */
static int read_line(cbec_source *s, char *line, size_t cap, int *too_long)
{
    size_t n = 0;
    int got = 0;

    *too_long = 0;
    for (;;) {
        char c;
        if (s->pos == s->len) {
            ssize_t r = s->eof ? 0 : s->host->read(s->in, s->buf, sizeof s->buf);
            if (r < 0)
                return -1;
            if (r == 0) {
                s->eof = 1;
                break;
            }
            s->len = (size_t)r;
            s->pos = 0;
        }
        c = s->buf[s->pos++];
        got = 1;
        if (c == '\n')
            break;
        if (c == '\r')
            continue;
        if (n + 1 < cap)
            line[n++] = c;
        else
            *too_long = 1;
    }
    line[n] = 0;
    if (got)
        s->line++;
    return got;
}

static cbec_status fx_next(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->host;
    char line[LINE_MAX_BYTES], *date, *ccy, *rate, *p;
    int r, too_long;
    int64_t scaled;

    for (;;) {
        r = read_line(s, line, sizeof line, &too_long);
        if (r < 0) {
            snprintf(err->reason, sizeof err->reason, "INPUT_ERROR");
            snprintf(err->message, sizeof err->message, "%s", h->input_error(s->in));
            return CBEC_FATAL;
        }
        if (r == 0)
            return CBEC_EOF;
        p = line;
        if (s->line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3;
        if (s->line == 1) {                        /* the header: learn the separator */
            s->sep = strchr(p, ';') ? ';' : ',';
            continue;
        }
        if (*p)
            break;
    }
    err->line = s->line;
    snprintf(err->locator, sizeof err->locator, "line %lu", s->line);
    h->rec_set_raw(rec, line, strlen(line));
    if (too_long) {
        snprintf(err->reason, sizeof err->reason, "LINE_TOO_LONG");
        snprintf(err->message, sizeof err->message, "line longer than %d bytes", LINE_MAX_BYTES);
        return CBEC_RECORD_ERROR;
    }
    date = p;
    ccy = strchr(date, s->sep);
    rate = ccy ? strchr(ccy + 1, s->sep) : NULL;
    if (!ccy || !rate) {
        snprintf(err->reason, sizeof err->reason, "BAD_LINE");
        snprintf(err->message, sizeof err->message, "expected rate_date%ccurrency%ccny_per_unit", s->sep, s->sep);
        return CBEC_RECORD_ERROR;
    }
    *ccy++ = 0;
    *rate++ = 0;
    if (strlen(ccy) != 3 || h->decimal_parse(rate, (unsigned)s->max_scale, &scaled) != 0 || scaled <= 0) {
        snprintf(err->reason, sizeof err->reason, "BAD_RATE");
        snprintf(err->message, sizeof err->message, "currency \"%.10s\" / rate \"%.40s\" not a 3-letter code and a "
                 "positive decimal with at most %d decimals", ccy, rate, s->max_scale);
        return CBEC_RECORD_ERROR;
    }
    h->rec_begin(rec, CBEC_KIND_FX_RATE);
    h->rec_set_locator(rec, err->locator);
    if (h->rec_set_time(rec, "rate_date", date) != CBEC_OK) {
        snprintf(err->reason, sizeof err->reason, "BAD_DATE");
        snprintf(err->message, sizeof err->message, "%s", h->rec_error(rec));
        return CBEC_RECORD_ERROR;
    }
    h->rec_set_text(rec, "currency", ccy);
    h->rec_set_text(rec, "cny_per_unit", rate);    /* exact decimal text, never a float */
    return CBEC_OK;
}

static void fx_close(cbec_source *s)
{
    free(s);
}

static const char *const fx_extensions[] = {"csv", "txt", NULL};

static const cbec_config_key fx_keys[] = {
    {CBEC_CONF_INT, "max_decimals", "6", "most decimals accepted in a rate"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin fx_plugin = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .name = "fx_rates",
    .version = "1.0.0",
    .description = "daily exchange rates to CNY (rate_date,currency,cny_per_unit)",
    .license = "MIT",
    .extensions = fx_extensions,
    .config_keys = fx_keys,
    .probe = fx_probe,
    .open = fx_open,
    .next = fx_next,
    .close = fx_close,
};

/** The plugin's one exported symbol. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    return &fx_plugin;
}
