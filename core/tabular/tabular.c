/* The shared tabular reader: CSV/TSV/semicolon (csv.c) and XLSX (xlsx.c, its shared strings in
 * sst.c), streamed.  This file is the API of tabular.h: opening and telling the format, the
 * rows a plugin sees (header detection, skipped rows, the decimal-mark look-ahead), header and
 * column lookup.  Below it: table.c (the reader state and row buffer both formats fill) and
 * values.c (labels, numbers and Excel dates as text). */
#include "cbecflow-build.h"

#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "core/base/decimal.h"
#include "core/input/input.h"
#include "core/base/log.h"
#include "core/tabular/csv.h"
#include "core/tabular/table.h"
#include "core/tabular/tabular.h"
#include "core/tabular/xlsx.h"

/* ------------------------------------------------------------------ */
/* Rows. */

static int row_empty(cbec_table *t)
{
    guint i;
    for (i = 0; i < t->cells->len; i++)
        if (t->row->str[g_array_index(t->cells, gsize, i)])
            return 0;
    return 1;
}

size_t cbec_tab_ncols(cbec_table *t) { return t ? t->cells->len : 0; }

const char *cbec_tab_cell(cbec_table *t, size_t col)
{
    return t ? tab_row_cell(t, col) : "";
}

const char *cbec_tab_header(cbec_table *t, size_t col)
{
    if (!t || col >= t->nheaders)
        return NULL;
    return t->headers[col];
}

long cbec_tab_column(cbec_table *t, const char *const *aliases)
{
    size_t c;
    long found = -1;
    const char *const *a;

    if (!t || !aliases)
        return -1;
    for (a = aliases; *a && found < 0; a++) {
        char *n = cbec_text_normalise(*a);
        for (c = 0; c < t->nheaders; c++)
            if (strcmp(t->headers[c], n) == 0) {
                found = (long)c;
                break;
            }
        g_free(n);
    }
    return found;
}

const char *cbec_tab_locator(cbec_table *t) { return t ? t->locator : ""; }
const char *cbec_tab_raw(cbec_table *t) { return t ? t->raw->str : ""; }

/* ------------------------------------------------------------------ */
/* Rows of either format, header detection, skipping. */

/* Next physical row of the current sheet/file (CBEC_EOF at the sheet's end). */
static cbec_status raw_row(cbec_table *t, cbec_error *err)
{
    if (t->fmt == FMT_CSV)
        return tab_csv_row(t, err);
    if (!t->sheet_open)
        return CBEC_EOF;
    return tab_xlsx_row(t, err);
}

static char *row_joined_norm(cbec_table *t)
{
    GString *j = g_string_new(NULL);
    guint i;
    char *n;
    for (i = 0; i < t->cells->len; i++) {
        const char *c = cbec_tab_cell(t, i);
        if (!*c)
            continue;
        if (j->len)
            g_string_append_c(j, ' ');
        g_string_append(j, c);
    }
    n = cbec_text_normalise(j->str);
    g_string_free(j, TRUE);
    return n;
}

static int row_skipped(cbec_table *t)
{
    char **g;
    char *j;
    int hit = 0;
    if (!t->skip)
        return 0;
    j = row_joined_norm(t);
    for (g = t->skip; *g && !hit; g++)
        hit = g_pattern_match_simple(*g, j);
    g_free(j);
    return hit;
}

static void free_headers(cbec_table *t)
{
    size_t i;
    for (i = 0; i < t->nheaders; i++)
        g_free(t->headers[i]);
    g_free(t->headers);
    t->headers = NULL;
    t->nheaders = 0;
}

static void take_headers(cbec_table *t)
{
    size_t i;
    free_headers(t);
    t->nheaders = t->cells->len;
    t->headers = g_new0(char *, t->nheaders + 1);
    for (i = 0; i < t->nheaders; i++)
        t->headers[i] = t->no_header ? g_strdup_printf("%zu", i + 1) : cbec_text_normalise(cbec_tab_cell(t, i));
}

static unsigned alias_hits(cbec_table *t)
{
    unsigned hits = 0;
    guint i;
    for (i = 0; i < t->cells->len; i++) {
        char *n;
        char **a;
        if (!*cbec_tab_cell(t, i))
            continue;
        n = cbec_text_normalise(cbec_tab_cell(t, i));
        for (a = t->aliases; *a; a++)
            if (strcmp(*a, n) == 0) {
                hits++;
                break;
            }
        g_free(n);
    }
    return hits;
}

/* Find the header of the current sheet/file.  CBEC_OK (headers set), CBEC_EOF (none in this
 * sheet: message in err), CBEC_FATAL. */
static cbec_status find_header(cbec_table *t, cbec_error *err)
{
    unsigned seen = 0, best = 0;
    char best_loc[160] = "";
    cbec_status s;

    if (t->no_header) {
        t->started = 1;
        return CBEC_OK;
    }
    for (;;) {
        s = raw_row(t, err);
        if (s == CBEC_FATAL)
            return s;
        if (s == CBEC_EOF)
            break;
        if (s == CBEC_RECORD_ERROR && !t->cells->len)
            continue;
        if (row_empty(t))
            continue;
        if (!t->aliases) {
            take_headers(t);
            t->started = 1;
            return CBEC_OK;
        }
        {
            unsigned h = alias_hits(t);
            if (h >= t->min_hits) {
                take_headers(t);
                t->started = 1;
                return CBEC_OK;
            }
            if (h > best) {
                best = h;
                g_strlcpy(best_loc, t->locator, sizeof best_loc);
            }
        }
        if (++seen >= t->max_preamble)
            break;
    }
    tab_set_err(err, "NO_HEADER", t->locator,
                "no header row found in the first %u rows (need %u known column names%s%s%s)", t->max_preamble,
                t->min_hits, best ? "; best candidate at " : "", best_loc, best ? "" : "");
    return CBEC_EOF;
}

/* Position on the first sheet (XLSX: the next sheet) with a header. */
static cbec_status start_next(cbec_table *t, cbec_error *err)
{
    cbec_status s;
    if (t->fmt == FMT_CSV) {
        s = find_header(t, err);
        if (s == CBEC_EOF)
            return CBEC_FATAL;
        return s;
    }
    for (;;) {
        int r = tab_xlsx_next_sheet(t, err);
        if (r == 1)
            return CBEC_EOF;
        if (r < 0)
            continue;
        s = find_header(t, err);
        if (s == CBEC_OK)
            return s;
        if (s == CBEC_FATAL)
            return s;
        cbec_logf(CBEC_L_INFO, NULL, cbec_input_name(t->in), "sheet \"%s\" skipped: %s",
                  ((sheet_ref *)g_ptr_array_index(t->sheets, t->cur_sheet))->name, err ? err->message : "no header");
        t->cur_sheet++;
    }
}

static int ahead_stops_at_sheet_end(cbec_table *t);

/* The next data row from the input (cbec_tab_next() replays the look-ahead first). */
static cbec_status next_row(cbec_table *t, cbec_error *err)
{
    cbec_status s;
    if (!t || t->eof)
        return CBEC_EOF;
    for (;;) {
        s = raw_row(t, err);
        if (s == CBEC_EOF) {
            if (ahead_stops_at_sheet_end(t))
                return CBEC_EOF;    /* the next sheet has its own header: not read ahead */
            if (t->fmt == FMT_XLSX) {
                cbec_error tmp;
                memset(&tmp, 0, sizeof tmp);
                t->cur_sheet++;
                s = start_next(t, &tmp);
                if (s == CBEC_OK)
                    continue;
                if (s == CBEC_FATAL) {
                    if (err)
                        *err = tmp;
                    return s;
                }
            }
            t->eof = 1;
            return CBEC_EOF;
        }
        if (s == CBEC_FATAL)
            return s;
        if (s == CBEC_RECORD_ERROR)
            return s;
        if (row_empty(t) || row_skipped(t))
            continue;
        if (err) {
            g_strlcpy(err->locator, t->locator, sizeof err->locator);
            if (t->fmt == FMT_CSV)
                err->line = g_ascii_strtoull(t->locator + 5, NULL, 10);
        }
        return CBEC_OK;
    }
}

/* ------------------------------------------------------------------ */
/* Open / close. */

static void ahead_fill(cbec_table *t, unsigned max_rows);
static void ahead_free(cbec_table *t);

static char **norm_list(const char *const *l)
{
    GPtrArray *a;
    if (!l)
        return NULL;
    a = g_ptr_array_new();
    for (; *l; l++)
        g_ptr_array_add(a, cbec_text_normalise(*l));
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

static void free_sheet(gpointer p)
{
    sheet_ref *s = p;
    g_free(s->name);
    g_free(s->path);
    g_free(s);
}

cbec_status cbec_tab_open(cbec_input *in, const cbec_tab_options *opt, cbec_table **out, cbec_error *err)
{
    cbec_table *t = g_new0(cbec_table, 1);
    cbec_status ret = CBEC_FATAL;
    const char *fmt = NULL;
    size_t osz = opt ? opt->struct_size : 0;
    unsigned want_ahead = 0;

    *out = NULL;
    t->in = in;
    t->row = g_string_new(NULL);
    t->cells = g_array_new(FALSE, FALSE, sizeof(gsize));
    t->raw = g_string_new(NULL);
    t->dec = g_string_new(NULL);
    t->cd = (GIConv)-1;
    t->spool_fd = -1;
    t->line = 1;
    t->sheets = g_ptr_array_new_with_free_func(free_sheet);
    t->xf_date = g_array_new(FALSE, FALSE, sizeof(int));
    tab_sst_init(&t->strings);
    t->min_hits = 2;
    t->max_preamble = 30;
    if (opt && osz >= offsetof(cbec_tab_options, no_header) + sizeof opt->no_header) {
        fmt = opt->format;
        t->encoding = g_strdup(opt->encoding);
        t->delim = opt->delimiter;
        t->sheet_filter = opt->sheet ? cbec_text_normalise(opt->sheet) : NULL;
        t->aliases = norm_list(opt->header_aliases);
        if (opt->min_header_hits)
            t->min_hits = opt->min_header_hits;
        if (opt->max_preamble)
            t->max_preamble = opt->max_preamble;
        t->no_header = opt->no_header;
    }
    if (opt && osz >= offsetof(cbec_tab_options, skip_rows) + sizeof opt->skip_rows)
        t->skip = norm_list(opt->skip_rows);
    if (opt && osz >= offsetof(cbec_tab_options, decimal_lookahead) + sizeof opt->decimal_lookahead)
        want_ahead = opt->decimal_lookahead;

    /* Read the first chunk to tell a zip from text. */
    {
        ssize_t n = 0;
        while (t->in_len < 8) {
            n = cbec_input_read(in, t->inbuf + t->in_len, CHUNK - t->in_len);
            if (n <= 0)
                break;
            t->in_len += (size_t)n;
        }
        if (n < 0) {
            const char *e = cbec_input_error(in);
            tab_set_err(err, "INPUT_ERROR", "", "%s", e ? e : "read error");
            goto done;
        }
        if (n == 0)
            t->in_eof = 1;
    }
    if (t->in_len >= 8 && memcmp(t->inbuf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        tab_set_err(err, "UNSUPPORTED", "", "a legacy Excel .xls (OLE2) file: save it as .xlsx or .csv");
        goto done;
    }
    if (fmt ? g_ascii_strcasecmp(fmt, "xlsx") == 0 : (t->in_len >= 4 && memcmp(t->inbuf, "PK\x03\x04", 4) == 0)) {
        t->fmt = FMT_XLSX;
        if (tab_xlsx_open(t, err) < 0)
            goto done;
        t->cur_sheet = 0;
        ret = start_next(t, err);
        if (ret == CBEC_EOF) {
            if (err && !err->reason[0])
                tab_set_err(err, "NO_HEADER", "", "no sheet of the workbook has a header row%s%s%s",
                            t->sheet_filter ? " (sheet \"" : "", t->sheet_filter ? t->sheet_filter : "",
                            t->sheet_filter ? "\")" : "");
            ret = CBEC_FATAL;
            goto done;
        }
        if (ret != CBEC_OK)
            goto done;
    } else {
        t->fmt = FMT_CSV;
        if (tab_csv_start(t, err) < 0)
            goto done;
        ret = start_next(t, err);
        if (ret != CBEC_OK)
            goto done;
    }
    if (want_ahead)
        ahead_fill(t, want_ahead);
    ret = CBEC_OK;
done:
    if (ret != CBEC_OK) {
        cbec_tab_close(t);
        return CBEC_FATAL;
    }
    *out = t;
    return CBEC_OK;
}

void cbec_tab_close(cbec_table *t)
{
    if (!t)
        return;
    ahead_free(t);
    tab_xlsx_close_sheet(t);
    if (t->spool_fd >= 0)
        close(t->spool_fd);
    if (t->cd != (GIConv)-1)
        g_iconv_close(t->cd);
    tab_sst_free(&t->strings);
    g_ptr_array_free(t->sheets, TRUE);
    g_array_free(t->xf_date, TRUE);
    free_headers(t);
    g_strfreev(t->aliases);
    g_strfreev(t->skip);
    g_free(t->encoding);
    g_free(t->sheet_filter);
    g_free(t->sst_path);
    g_free(t->input_error);
    g_string_free(t->row, TRUE);
    g_array_free(t->cells, TRUE);
    g_string_free(t->raw, TRUE);
    g_string_free(t->dec, TRUE);
    g_free(t);
}

/* ------------------------------------------------------------------ */
/* Decimal-mark look-ahead.  "1,250" means 1250 in a US export and 1.25 in a Russian
 * one: only other values of the same column tell.  On request the reader reads up to
 * max_rows data rows (and at most AHEAD_MAX_BYTES, XLSX: of the first sheet) at open,
 * keeps them, counts per column the values that prove a decimal comma or point, and
 * then hands the kept rows out first: memory stays bounded, and the evidence is there
 * before the first row a plugin stores. */

#define AHEAD_MAX_BYTES (4 * 1024 * 1024)

typedef struct ahead_row {
    cbec_status st;
    cbec_error *err;           /* a row error's reason and message, NULL for a good row */
    GString *row;
    GArray *cells;
    GString *raw;
    char locator[160];
} ahead_row;

typedef struct mark_count {
    guint32 comma, point;
} mark_count;

struct tab_ahead {
    GQueue rows;               /* of ahead_row*, in input order */
    GArray *marks;             /* of mark_count, per column */
    int filling;               /* stop at the end of an XLSX sheet instead of opening the next */
};

static int ahead_stops_at_sheet_end(cbec_table *t)
{
    return t->ahead && t->ahead->filling && t->fmt == FMT_XLSX;
}

static void ahead_row_free(ahead_row *r)
{
    g_free(r->err);
    g_string_free(r->row, TRUE);
    g_array_free(r->cells, TRUE);
    g_string_free(r->raw, TRUE);
    g_free(r);
}

static void ahead_fill(cbec_table *t, unsigned max_rows)
{
    struct tab_ahead *a = g_new0(struct tab_ahead, 1);
    size_t bytes = 0;
    unsigned n;

    g_queue_init(&a->rows);
    a->marks = g_array_new(FALSE, TRUE, sizeof(mark_count));
    a->filling = 1;
    t->ahead = a;
    for (n = 0; n < max_rows && bytes < AHEAD_MAX_BYTES; n++) {
        cbec_error e;
        ahead_row *r;
        cbec_status st;
        guint i;

        memset(&e, 0, sizeof e);
        st = next_row(t, &e);
        if (st == CBEC_EOF)
            break;
        r = g_new0(ahead_row, 1);
        r->st = st;
        if (st != CBEC_OK)
            r->err = g_memdup2(&e, sizeof e);
        /* Take the row's buffers; the table gets fresh ones for the next row. */
        r->row = t->row;
        r->cells = t->cells;
        r->raw = t->raw;
        g_strlcpy(r->locator, t->locator, sizeof r->locator);
        t->row = g_string_new(NULL);
        t->cells = g_array_new(FALSE, FALSE, sizeof(gsize));
        t->raw = g_string_new(NULL);
        g_queue_push_tail(&a->rows, r);
        bytes += r->row->len + r->raw->len + sizeof *r;
        if (st == CBEC_FATAL)
            break;
        if (st != CBEC_OK)
            continue;
        if (a->marks->len < r->cells->len)
            g_array_set_size(a->marks, r->cells->len);
        for (i = 0; i < r->cells->len; i++) {
            mark_count *m = &g_array_index(a->marks, mark_count, i);
            int ev = cbec_decimal_evidence(r->row->str + g_array_index(r->cells, gsize, i));
            if (ev == ',')
                m->comma++;
            else if (ev == '.')
                m->point++;
        }
    }
    a->filling = 0;
}

/* Hand out the next kept row; 0 when none is left. */
static int ahead_take(cbec_table *t, cbec_status *st, cbec_error *err)
{
    ahead_row *r = t->ahead ? g_queue_pop_head(&t->ahead->rows) : NULL;
    if (!r)
        return 0;
    g_string_free(t->row, TRUE);
    g_array_free(t->cells, TRUE);
    g_string_free(t->raw, TRUE);
    t->row = r->row;
    t->cells = r->cells;
    t->raw = r->raw;
    g_strlcpy(t->locator, r->locator, sizeof t->locator);
    *st = r->st;
    if (err) {
        if (r->err)
            *err = *r->err;
        else {
            g_strlcpy(err->locator, t->locator, sizeof err->locator);
            if (t->fmt == FMT_CSV)
                err->line = g_ascii_strtoull(t->locator + 5, NULL, 10);
        }
    }
    g_free(r->err);
    g_free(r);
    return 1;
}

static void ahead_free(cbec_table *t)
{
    ahead_row *r;
    if (!t->ahead)
        return;
    while ((r = g_queue_pop_head(&t->ahead->rows)) != NULL)
        ahead_row_free(r);
    g_array_free(t->ahead->marks, TRUE);
    g_free(t->ahead);
    t->ahead = NULL;
}

cbec_status cbec_tab_next(cbec_table *t, cbec_error *err)
{
    cbec_status st;
    if (t && ahead_take(t, &st, err))
        return st;
    return next_row(t, err);
}

int cbec_tab_decimal_mark(cbec_table *t, size_t col)
{
    const mark_count *m;
    if (!t || !t->ahead || col >= t->ahead->marks->len)
        return 0;
    m = &g_array_index(t->ahead->marks, mark_count, col);
    if (m->comma && m->point)
        return '?';
    return m->comma ? ',' : m->point ? '.' : 0;
}

