/* The shared tabular reader: CSV/TSV/semicolon and XLSX, streamed.
 *
 * CSV: bytes come only through cbec_input_read().  They are decoded to UTF-8
 * before any splitting (a GB18030 trail byte may equal ',' or '"' in other
 * code pages' thinking, and UTF-16 has NULs everywhere): BOM first, else
 * strict UTF-8 decided on the first chunk holding non-ASCII bytes, else the
 * configured code page through iconv.  Chunk boundaries keep incomplete
 * sequences for the next chunk.  Undecodable bytes become U+FFFD and the row
 * holding them is a BAD_ENCODING record error: never "decode with ignore".
 *
 * XLSX: the member is spooled to an unlinked temporary file (a zip needs its
 * central directory, and sharedStrings.xml often comes after the sheets), then
 * read with libarchive's seekable zip reader; every XML part is streamed with
 * xmlTextReader.  Shared strings stay in memory up to SST_MEM_LIMIT bytes and
 * then spill to two temporary files (offsets, text) read back with pread.
 *
 * A workbook is an archive of XML someone else wrote, so it gets the customs
 * XML's guards (Debian's libxml2 2.9.14 has no XML_PARSE_NO_XXE): no
 * XML_PARSE_HUGE (it switches the entity amplification guard and the 10 MB text
 * node limit off), no NOENT/DTDLOAD; a DOCTYPE in a part's prolog is refused in
 * the read callback before libxml2 sees it, a DOCTYPE or entity node that gets
 * past that scan is refused by the reader, and a deny-all external entity
 * loader is set around every parse step.  Every part has a byte budget, and
 * all the parts together count against core.max_expanded_bytes and
 * core.max_ratio like the members of any other archive.  A cell or shared
 * string longer than Excel's own cell limit is a CELL_TOO_LONG record error. */
#include "cbecflow-build.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>

#include "core/base/decimal.h"
#include "core/input/input.h"
#include "core/base/log.h"
#include "core/tabular/tabular.h"

#define CHUNK (64 * 1024)
#define SNIFF_BYTES (64 * 1024)
#define MAX_ROW_BYTES (4 * 1024 * 1024)
/* A quoted field spanning more physical lines than this is taken for a quote that was
 * never closed (notes and addresses have a few lines, not hundreds). */
#define QUOTED_LINES_MAX 500
#define RAW_MAX 4096
#define SST_MEM_LIMIT (8 * 1024 * 1024)
#define SST_CACHE 4096
/* workbook.xml, its relationships and styles.xml: real ones are kilobytes; what they
 * declare (sheets, formats) is kept in memory, so their size bounds that memory. */
#define XML_PART_MAX (16 * 1024 * 1024)
/* Excel's own limit for the text of one cell, in characters; a UTF-8 character is at most
 * 4 bytes, so a value is collected up to CELL_MAX_BYTES and known too long past it. */
#define CELL_MAX_CHARS 32767
#define CELL_MAX_BYTES (4 * CELL_MAX_CHARS)
/* All shared strings of a workbook together (they spill to disk past SST_MEM_LIMIT). */
#define SST_TOTAL_MAX (1LL << 30)
/* Like core/input/input.c: the ratio is judged once this much was unpacked. */
#define RATIO_FLOOR (32LL << 20)
/* A shared string over CELL_MAX_CHARS is kept as this byte and its length in characters:
 * U+0001 cannot occur in XML 1.0 text, so no real string starts with it. */
#define SST_TOO_LONG '\x01'

enum { FMT_CSV = 1, FMT_XLSX = 2 };
enum { ENC_UNDECIDED = 0, ENC_UTF8 = 1, ENC_ICONV = 2 };
enum { DATE_NONE = 0, DATE_DATE = 1, DATE_DATETIME = 2, DATE_TIME = 3 };

/* ------------------------------------------------------------------ */
/* Shared strings: in memory while small, spilled to temp files after. */

typedef struct sst {
    GString *blob;             /* memory mode: strings, NUL-separated */
    GArray *offs;              /* memory mode: guint64 offsets into blob */
    int off_fd, txt_fd;        /* spill mode: guint64 pairs, text */
    guint64 count, txt_len;
    char *cache[SST_CACHE];    /* spill mode: direct-mapped cache of lookups */
    guint64 cache_idx[SST_CACHE];
    GString *tmp;
    GString *wtxt, *woff;      /* spill mode: write buffers (one write per 256 KiB, not per string) */
} sst;

static int tmp_fd(void)
{
    char *path = NULL;
    int fd = g_file_open_tmp("cbecflow-tab-XXXXXX", &path, NULL);
    if (fd >= 0)
        g_unlink(path);        /* gone when closed, whatever happens */
    g_free(path);
    return fd;
}

static int write_all(int fd, const void *buf, size_t len)
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

static void sst_init(sst *s)
{
    memset(s, 0, sizeof *s);
    s->blob = g_string_new(NULL);
    s->offs = g_array_new(FALSE, FALSE, sizeof(guint64));
    s->off_fd = s->txt_fd = -1;
    s->tmp = g_string_new(NULL);
    s->wtxt = g_string_new(NULL);
    s->woff = g_string_new(NULL);
}

static int sst_flush(sst *s)
{
    int r = 0;
    if (s->wtxt->len && write_all(s->txt_fd, s->wtxt->str, s->wtxt->len) < 0)
        r = -1;
    if (s->woff->len && write_all(s->off_fd, s->woff->str, s->woff->len) < 0)
        r = -1;
    g_string_truncate(s->wtxt, 0);
    g_string_truncate(s->woff, 0);
    return r;
}

static void sst_free(sst *s)
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
static int sst_spill(sst *s)
{
    s->off_fd = tmp_fd();
    s->txt_fd = tmp_fd();
    if (s->off_fd < 0 || s->txt_fd < 0)
        return -1;
    if (write_all(s->txt_fd, s->blob->str, s->blob->len) < 0)
        return -1;
    s->txt_len = s->blob->len;
    if (s->count && write_all(s->off_fd, s->offs->data, s->count * sizeof(guint64)) < 0)
        return -1;
    g_string_free(s->blob, TRUE);
    g_array_free(s->offs, TRUE);
    s->blob = NULL;
    s->offs = NULL;
    return 0;
}

static int sst_add(sst *s, const char *text, size_t len)
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

/* Bytes of text (with separators) held so far, in memory or spilled. */
static guint64 sst_bytes(const sst *s) { return s->blob ? s->blob->len : s->txt_len; }

/* String i, or NULL when out of range; valid until the next lookup of the same slot. */
static const char *sst_get(sst *s, guint64 i)
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

/* ------------------------------------------------------------------ */
/* The table. */

typedef struct sheet_ref {
    char *name;
    char *path;                /* zip member path, "xl/worksheets/sheet1.xml" */
} sheet_ref;

struct cbec_table {
    cbec_input *in;
    int fmt;
    /* options (copied) */
    char *encoding;
    char delim;
    char *sheet_filter;
    char **aliases;            /* normalised, NULL-terminated, or NULL */
    char **skip;               /* normalised globs, or NULL */
    unsigned min_hits, max_preamble;
    int no_header;

    /* the current row */
    GString *row;              /* cells, NUL-separated */
    GArray *cells;             /* gsize offsets into row */
    GString *raw;
    char locator[160];
    char **headers;
    size_t nheaders;
    int bad_row;               /* decoding error (CSV) or an over-long cell (XLSX) inside the row */
    char bad_reason[32];       /* XLSX: CELL_TOO_LONG, ROW_TOO_LONG */
    char bad_why[200];

    /* CSV */
    int enc;
    GIConv cd;
    unsigned char inbuf[CHUNK + 16];
    size_t in_len;
    int in_eof;
    int bom_done;
    int utf16;
    GString *dec;              /* decoded UTF-8 not yet split */
    size_t dec_pos;
    guint64 decode_errors;
    guint64 line;              /* physical line of the next character (1-based) */
    int after_cr;
    /* Resynchronisation after a quoted field that runs away (a quote never closed): the
     * point just after the first line end inside the latest multi-line quoted field of
     * the row.  dec_fill keeps the decoded text from there, so reading can go back to it. */
    int q_mark;
    size_t q_pos;              /* dec offset of the line after the field's opening line */
    guint64 q_line;            /* its line number */
    int q_after_cr;
    size_t q_raw_len;          /* raw up to the end of the opening line */
    size_t q_line_start;       /* dec offset of the physical line being read inside the field */
    guint64 q_lines;           /* line ends crossed inside the current quoted field */

    /* XLSX */
    int spool_fd;
    struct archive *ar;
    xmlTextReaderPtr rd;
    GPtrArray *sheets;         /* of sheet_ref* in workbook order */
    guint cur_sheet;
    int sheet_open;
    int date1904;
    GArray *xf_date;           /* per cellXfs index: DATE_* */
    sst strings;
    char *sst_path;
    guint64 xrow;              /* row number of the current XLSX row */
    int64_t xlsx_size;         /* bytes of the workbook file (the ratio's denominator) */
    int64_t expanded;          /* bytes unpacked from its parts so far */
    int64_t max_expanded, max_ratio;   /* core.max_expanded_bytes, core.max_ratio */
    char part_reason[32];      /* why a part was refused (the read callback or the reader) */
    char part_message[300];

    int started;               /* header done for the current sheet */
    int eof;
    char *input_error;

    struct tab_ahead *ahead;   /* decimal-mark look-ahead (see the end of this file), or NULL */
};

static void set_err(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void set_err(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return;
    g_strlcpy(err->reason, reason, sizeof err->reason);
    g_strlcpy(err->locator, locator ? locator : "", sizeof err->locator);
    va_start(ap, fmt);
    g_vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Normalisation. */

char *cbec_text_normalise(const char *text)
{
    GString *o = g_string_new(NULL);
    const char *p = text ? text : "";
    int space = 0;
    char *fold, *res;

    if (!g_utf8_validate(p, -1, NULL)) {
        g_string_free(o, TRUE);
        return g_strdup("");
    }
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D)
            continue;                              /* BOM and zero-width marks */
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;                           /* full-width forms -> ASCII */
        if (g_unichar_isspace(c) || c == 0x00A0 || c == 0x3000 || c == 0x2007 || c == 0x202F) {
            space = 1;
            continue;
        }
        if (c == 0x0401 || c == 0x0451)
            c = 0x0435;                            /* Ё ё -> е */
        if (space && o->len)
            g_string_append_c(o, ' ');
        space = 0;
        g_string_append_unichar(o, c);
    }
    fold = g_utf8_casefold(o->str, (gssize)o->len);
    g_string_free(o, TRUE);
    /* Case folding may not map ё again; do it once more on the folded text. */
    res = fold;
    if (strstr(fold, "\xd1\x91")) {
        GString *r = g_string_new(NULL);
        for (p = fold; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            g_string_append_unichar(r, c == 0x0451 ? 0x0435 : c);
        }
        g_free(fold);
        res = g_string_free(r, FALSE);
    }
    return res;
}

/* ------------------------------------------------------------------ */
/* Numbers and dates. */

char *cbec_tab_number_text(const char *v)
{
    const char *p = v, *e;
    GString *digits, *o;
    int neg = 0, point = -1;
    long exp = 0;
    long pos, i, n;

    if (!v)
        return g_strdup("");
    while (*p == ' ')
        p++;
    e = strpbrk(p, "eE");
    if (!e)
        return g_strdup(p);
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    digits = g_string_new(NULL);
    for (; p < e; p++) {
        if (g_ascii_isdigit(*p))
            g_string_append_c(digits, *p);
        else if (*p == '.' && point < 0)
            point = (int)digits->len;
        else {
            g_string_free(digits, TRUE);
            return g_strdup(v);                    /* not a number: leave it alone */
        }
    }
    if (point < 0)
        point = (int)digits->len;
    {
        char *end = NULL;
        exp = strtol(e + 1, &end, 10);
        if (!end || *end || e[1] == 0 || exp > 400 || exp < -400 || digits->len == 0) {
            g_string_free(digits, TRUE);
            return g_strdup(v);
        }
    }
    pos = point + exp;                             /* digits before the decimal point */
    n = (long)digits->len;
    o = g_string_new(neg ? "-" : "");
    if (pos <= 0) {
        g_string_append(o, "0.");
        for (i = 0; i < -pos; i++)
            g_string_append_c(o, '0');
        g_string_append(o, digits->str);
    } else {
        for (i = 0; i < pos; i++)
            g_string_append_c(o, i < n ? digits->str[i] : '0');
        if (pos < n) {
            g_string_append_c(o, '.');
            g_string_append(o, digits->str + pos);
        }
    }
    g_string_free(digits, TRUE);
    /* Drop leading zeros of the integer part and trailing zeros of the fraction. */
    {
        char *s = o->str + (neg ? 1 : 0);
        char *dot = strchr(s, '.');
        size_t lead = 0;
        if (dot) {
            size_t l = o->len;
            while (l > 0 && o->str[l - 1] == '0')
                l--;
            if (l > 0 && o->str[l - 1] == '.')
                l--;
            g_string_truncate(o, l);
            dot = strchr(s, '.');
        }
        while (s[lead] == '0' && s[lead + 1] && s[lead + 1] != '.')
            lead++;
        if (lead)
            g_string_erase(o, neg ? 1 : 0, (gssize)lead);
        if (strcmp(o->str, "-0") == 0)
            g_string_assign(o, "0");
    }
    return g_string_free(o, FALSE);
}

char *cbec_tab_serial_to_iso(const char *serial, int date1904, int kind)
{
    char *end = NULL;
    double v;
    long days;
    long secs;
    GDate d;

    if (!serial || !*serial)
        return NULL;
    v = g_ascii_strtod(serial, &end);
    if (!end || *end || !isfinite(v) || v < 0 || v > 2958465.0)
        return NULL;
    days = (long)floor(v);
    secs = lround((v - (double)days) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    if (kind == DATE_TIME)
        return g_strdup_printf("%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
    g_date_clear(&d, 1);
    if (date1904) {
        g_date_set_dmy(&d, 1, G_DATE_JANUARY, 1904);
    } else if (days >= 61 || days == 0) {
        g_date_set_dmy(&d, 30, G_DATE_DECEMBER, 1899);   /* Excel's fictitious 1900-02-29 */
    } else if (days == 60) {
        g_date_set_dmy(&d, 28, G_DATE_FEBRUARY, 1900);
        days = 0;
    } else {
        g_date_set_dmy(&d, 31, G_DATE_DECEMBER, 1899);
    }
    g_date_add_days(&d, (guint)days);
    if (kind == DATE_DATETIME)
        return g_strdup_printf("%04d-%02d-%02dT%02ld:%02ld:%02ld", g_date_get_year(&d), g_date_get_month(&d),
                               g_date_get_day(&d), secs / 3600, secs / 60 % 60, secs % 60);
    return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d), g_date_get_day(&d));
}

/* Classify a number format code: DATE_* */
static int numfmt_kind(const char *code)
{
    int date = 0, time = 0, q = 0;
    const char *p;
    for (p = code; p && *p; p++) {
        char c = *p;
        if (c == '"') {
            q = !q;
            continue;
        }
        if (q)
            continue;
        if (c == '\\' || c == '_' || c == '*') {
            if (p[1])
                p++;
            continue;
        }
        if (c == '[') {                            /* [Red], [$-409]; [h] [mm] [ss] are elapsed time */
            const char *e = strchr(p, ']');
            if (!e)
                break;
            if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' || p[1] == 'S')
                time = 1;
            p = e;
            continue;
        }
        if (c == ';')
            break;                                 /* first section decides */
        c = g_ascii_tolower(c);
        if (c == 'y' || c == 'd' || c == 'e')
            date = 1;
        else if (c == 'h' || c == 's')
            time = 1;
        else if (c == 'm')
            date = date ? date : 2;               /* m alone: month unless with h/s */
    }
    if (date == 2 && time)
        date = 0;
    if (date && time)
        return DATE_DATETIME;
    if (date)
        return DATE_DATE;
    if (time)
        return DATE_TIME;
    return DATE_NONE;
}

static int builtin_fmt_kind(long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
        return DATE_DATE;
    if (id == 22)
        return DATE_DATETIME;
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47))
        return DATE_TIME;
    return DATE_NONE;
}

/* ------------------------------------------------------------------ */
/* Rows. */

static void row_reset(cbec_table *t)
{
    g_string_truncate(t->row, 0);
    g_array_set_size(t->cells, 0);
    g_string_truncate(t->raw, 0);
    t->bad_row = 0;
    t->bad_reason[0] = 0;
}

static void row_add(cbec_table *t, const char *s, size_t len)
{
    gsize off;
    /* Trim ASCII blanks: exports pad with trailing spaces (Amazon), never meaningfully. */
    while (len && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    off = t->row->len;
    g_string_append_len(t->row, s, (gssize)len);
    g_string_append_c(t->row, 0);
    g_array_append_val(t->cells, off);
}

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
    if (!t || col >= t->cells->len)
        return "";
    return t->row->str + g_array_index(t->cells, gsize, col);
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
/* CSV: decoding. */

/* Append valid UTF-8 from p[0..len) to dec, U+FFFD for each bad byte; returns bytes used
 * (an incomplete sequence at the end is left unless at_eof). */
static size_t utf8_take(cbec_table *t, const char *p, size_t len, int at_eof)
{
    size_t used = 0;
    while (used < len) {
        const gchar *end;
        if (g_utf8_validate_len(p + used, len - used, &end)) {
            g_string_append_len(t->dec, p + used, (gssize)(len - used));
            return len;
        }
        g_string_append_len(t->dec, p + used, end - (p + used));
        used = (size_t)(end - p);
        /* Incomplete sequence at the very end: wait for more bytes. */
        if (!at_eof && len - used < 4) {
            gunichar c = g_utf8_get_char_validated(p + used, (gssize)(len - used));
            if (c == (gunichar)-2)
                return used;
        }
        g_string_append(t->dec, "\xEF\xBF\xBD");
        t->decode_errors++;
        used++;
    }
    return used;
}

static size_t iconv_take(cbec_table *t, const char *p, size_t len, int at_eof)
{
    gchar *inp = (gchar *)p;
    gsize inleft = len;
    char out[4 * CHUNK];

    while (inleft > 0) {
        gchar *outp = out;
        gsize outleft = sizeof out;
        gsize r = g_iconv(t->cd, &inp, &inleft, &outp, &outleft);
        g_string_append_len(t->dec, out, (gssize)(sizeof out - outleft));
        if (r != (gsize)-1)
            break;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && !at_eof)
            break;                                 /* incomplete sequence: next chunk */
        /* EILSEQ (or truncated at the end): mark and skip one unit. */
        g_string_append(t->dec, "\xEF\xBF\xBD");
        t->decode_errors++;
        {
            gsize skip = t->utf16 ? 2 : 1;
            if (skip > inleft)
                skip = inleft;
            inp += skip;
            inleft -= skip;
        }
        g_iconv(t->cd, NULL, NULL, NULL, NULL);
    }
    return len - inleft;
}

/* Read one more chunk and decode it; returns 1 when something was added or more may come,
 * 0 at end of input, -1 on a read or setup error. */
static int decode_more(cbec_table *t, cbec_error *err)
{
    ssize_t n = 0;
    size_t used, start = 0;

    if (t->in_eof && t->in_len == 0)
        return 0;
    if (!t->in_eof && t->in_len < CHUNK) {
        /* Never past the buffer: what is left from the last round stays in front. */
        n = cbec_input_read(t->in, t->inbuf + t->in_len, CHUNK - t->in_len);
        if (n < 0) {
            const char *e = cbec_input_error(t->in);
            set_err(err, "INPUT_ERROR", "", "%s", e ? e : "read error");
            return -1;
        }
        if (n == 0)
            t->in_eof = 1;
        t->in_len += (size_t)n;
    }
    if (!t->bom_done) {
        if (t->in_len < 3 && !t->in_eof)
            return 1;
        t->bom_done = 1;
        if (t->in_len >= 3 && memcmp(t->inbuf, "\xEF\xBB\xBF", 3) == 0) {
            start = 3;
            t->enc = ENC_UTF8;
        } else if (t->in_len >= 2 && (memcmp(t->inbuf, "\xFF\xFE", 2) == 0 || memcmp(t->inbuf, "\xFE\xFF", 2) == 0)) {
            int le = t->inbuf[0] == 0xFF;
            start = 2;
            t->utf16 = 1;
            t->cd = g_iconv_open("UTF-8", le ? "UTF-16LE" : "UTF-16BE");
            t->enc = ENC_ICONV;
        } else if (t->in_len >= 4 && t->inbuf[1] == 0 && t->inbuf[3] == 0 && t->inbuf[0] && t->inbuf[2]) {
            t->utf16 = 1;                          /* UTF-16LE without BOM: ASCII with NULs between */
            t->cd = g_iconv_open("UTF-8", "UTF-16LE");
            t->enc = ENC_ICONV;
        }
        if (t->enc == ENC_ICONV && t->cd == (GIConv)-1) {
            set_err(err, "BAD_ENCODING", "", "iconv cannot convert UTF-16 on this system");
            return -1;
        }
    }
    if (t->enc == ENC_UNDECIDED) {
        size_t i;
        int ascii = 1;
        for (i = start; i < t->in_len; i++)
            if (t->inbuf[i] >= 0x80) {
                ascii = 0;
                break;
            }
        if (!ascii) {
            /* Decide on the whole chunk: valid UTF-8 (an incomplete tail allowed) or the code page. */
            const gchar *end;
            size_t l = t->in_len - start;
            if (g_utf8_validate_len((const gchar *)t->inbuf + start, l, &end) ||
                (!t->in_eof && (size_t)((const gchar *)t->inbuf + t->in_len - end) < 4 &&
                 g_utf8_get_char_validated(end, (const gchar *)t->inbuf + t->in_len - end) == (gunichar)-2)) {
                t->enc = ENC_UTF8;
            } else {
                const char *cp = t->encoding ? t->encoding : "GB18030";
                if (g_ascii_strcasecmp(cp, "UTF-8") == 0 || g_ascii_strcasecmp(cp, "UTF8") == 0) {
                    t->enc = ENC_UTF8;             /* configured strict UTF-8: bad bytes are row errors */
                } else {
                    t->cd = g_iconv_open("UTF-8", cp);
                    if (t->cd == (GIConv)-1) {
                        set_err(err, "BAD_ENCODING", "", "the input is not UTF-8 and code page \"%s\" is unknown "
                                "to iconv (set encoding in the plugin's config section)", cp);
                        return -1;
                    }
                    t->enc = ENC_ICONV;
                }
            }
        } else if (t->in_len > start) {
            /* Pure ASCII so far: the same in every ASCII-compatible code page. */
            g_string_append_len(t->dec, (const char *)t->inbuf + start, (gssize)(t->in_len - start));
            t->in_len = 0;
            return 1;
        }
    }
    if (t->enc == ENC_UTF8)
        used = utf8_take(t, (const char *)t->inbuf + start, t->in_len - start, t->in_eof);
    else if (t->enc == ENC_ICONV)
        used = iconv_take(t, (const char *)t->inbuf + start, t->in_len - start, t->in_eof);
    else
        used = t->in_len - start;
    used += start;
    memmove(t->inbuf, t->inbuf + used, t->in_len - used);
    t->in_len -= used;
    if (t->in_eof && t->in_len) {
        /* A truncated sequence at the very end. */
        g_string_append(t->dec, "\xEF\xBF\xBD");
        t->decode_errors++;
        t->in_len = 0;
    }
    return 1;
}

/* Make sure at least want bytes (or everything) are decoded ahead of dec_pos. */
static int dec_fill(cbec_table *t, size_t want, cbec_error *err)
{
    /* Never drop what a resynchronisation may go back to (at most a row: MAX_ROW_BYTES). */
    size_t keep = t->q_mark ? t->q_pos : t->dec_pos;
    if (keep > CHUNK && keep * 2 > t->dec->len) {
        g_string_erase(t->dec, 0, (gssize)keep);
        t->dec_pos -= keep;
        if (t->q_mark) {
            t->q_pos -= keep;
            t->q_line_start -= keep;
        }
    }
    while (t->dec->len - t->dec_pos < want) {
        int r = decode_more(t, err);
        if (r <= 0)
            return r;
    }
    return 1;
}

/* Choose the delimiter from the first records of the sample: the candidate whose count
 * (outside quotes) is the same on most records wins. */
static char sniff_delim(const char *s, size_t len)
{
    static const char cand[] = {'\t', ';', ',', '|'};
    int counts[40][4];
    int nrec = 0, k, best = 2, best_score = -1, best_mode = 0;
    size_t i;
    int q = 0, cur[4] = {0, 0, 0, 0}, any = 0;

    for (i = 0; i < len && nrec < 40; i++) {
        char c = s[i];
        if (c == '"') {
            q = !q;
            any = 1;
        } else if (!q && (c == '\n' || c == '\r')) {
            if (any) {
                memcpy(counts[nrec++], cur, sizeof cur);
            }
            memset(cur, 0, sizeof cur);
            any = 0;
        } else if (!q) {
            for (k = 0; k < 4; k++)
                if (c == cand[k])
                    cur[k]++;
            if (c != ' ')
                any = 1;
        }
    }
    if (any && nrec < 40)
        memcpy(counts[nrec++], cur, sizeof cur);
    for (k = 0; k < 4; k++) {
        int r, r2, mode = 0, mode_n = 0;
        for (r = 0; r < nrec; r++) {
            int n = 0;
            if (counts[r][k] == 0)
                continue;
            for (r2 = 0; r2 < nrec; r2++)
                n += counts[r2][k] == counts[r][k];
            if (n > mode_n || (n == mode_n && counts[r][k] > mode)) {
                mode_n = n;
                mode = counts[r][k];
            }
        }
        if (mode_n > best_score || (mode_n == best_score && mode > best_mode)) {
            best_score = mode_n;
            best_mode = mode;
            best = k;
        }
    }
    return best_score > 0 ? cand[best] : ',';
}

/* Does one physical line read as a whole row by itself: exactly want cells, every quote
 * where RFC 4180 puts one?  A line like that inside a quoted field is the next record,
 * not more text of the field. */
static int line_is_row(const char *s, size_t len, char delim, size_t want)
{
    enum { L_START, L_UNQ, L_Q, L_QQ } st = L_START;
    size_t i, cells = 1;

    while (len && (s[0] == '\n' || s[0] == '\r'))
        s++, len--;
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (!len)
        return 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        switch (st) {
        case L_START:
            if (c == '"')
                st = L_Q;
            else if (c == delim)
                cells++;
            else
                st = L_UNQ;
            break;
        case L_UNQ:
            if (c == delim) {
                cells++;
                st = L_START;
            } else if (c == '"') {
                return 0;                          /* a stray quote: not a clean row */
            }
            break;
        case L_Q:
            if (c == '"')
                st = L_QQ;
            break;
        case L_QQ:
            if (c == '"') {
                st = L_Q;
            } else if (c == delim) {
                cells++;
                st = L_START;
            } else {
                return 0;
            }
            break;
        }
    }
    return st != L_Q && cells == want;
}

/* Give up a row whose quoted field does not end where a field can end: the row is an
 * UNTERMINATED_QUOTE record error at its first line, and reading resumes at the line
 * after the field's opening line, so the rows the field swallowed are read again. */
static cbec_status csv_give_up(cbec_table *t, cbec_error *err, guint64 start_line, const char *why)
{
    guint64 resume = t->q_mark ? t->q_line : t->line;
    if (t->q_mark) {
        t->dec_pos = t->q_pos;
        t->line = t->q_line;
        t->after_cr = t->q_after_cr;
        if (t->raw->len > t->q_raw_len)
            g_string_truncate(t->raw, t->q_raw_len);
        t->q_mark = 0;
    }
    g_string_truncate(t->row, 0);
    g_array_set_size(t->cells, 0);
    g_snprintf(t->locator, sizeof t->locator, "line %" G_GUINT64_FORMAT, start_line);
    set_err(err, "UNTERMINATED_QUOTE", t->locator,
            "the row starting on line %" G_GUINT64_FORMAT " has a quoted field that %s; the row is skipped and "
            "reading resumes at line %" G_GUINT64_FORMAT, start_line, why, resume);
    return CBEC_RECORD_ERROR;
}

/* Split the next record into t->row.  Returns CBEC_OK, CBEC_EOF, CBEC_RECORD_ERROR, CBEC_FATAL. */
static cbec_status csv_row(cbec_table *t, cbec_error *err)
{
    enum { F_START, F_UNQ, F_Q, F_QQ } st = F_START;
    GString *field = g_string_new(NULL);
    guint64 start_line;
    int got = 0, too_long = 0;
    cbec_status ret = CBEC_OK;
    char why[120];

    row_reset(t);
    t->q_mark = 0;
    start_line = t->line;
    for (;;) {
        char c;
        size_t raw_before;
        if (t->dec_pos >= t->dec->len) {
            int r = dec_fill(t, 1, err);
            if (r < 0) {
                ret = CBEC_FATAL;
                goto done;
            }
            if (r == 0 || t->dec_pos >= t->dec->len) {
                if (!got) {
                    ret = CBEC_EOF;
                    goto done;
                }
                if (st == F_Q) {
                    /* Kept as one long last field, the rows after the quote would vanish. */
                    ret = csv_give_up(t, err, start_line, "is never closed (the input ends inside it)");
                    goto done;
                }
                if (too_long) {
                    g_snprintf(t->locator, sizeof t->locator, "line %" G_GUINT64_FORMAT, start_line);
                    set_err(err, "ROW_TOO_LONG", t->locator, "row longer than %d bytes; skipped to the end of the "
                            "input", MAX_ROW_BYTES);
                    row_reset(t);
                    ret = CBEC_RECORD_ERROR;
                    goto done;
                }
                row_add(t, field->str, field->len);
                break;
            }
        }
        c = t->dec->str[t->dec_pos++];
        if (t->after_cr) {
            t->after_cr = 0;
            if (c == '\n')
                continue;
        }
        if (!got && (c == '\n' || c == '\r')) {
            /* Blank line: not a record. */
            t->line++;
            start_line = t->line;
            if (c == '\r')
                t->after_cr = 1;
            continue;
        }
        got = 1;
        raw_before = t->raw->len;
        if (t->raw->len < RAW_MAX)
            g_string_append_c(t->raw, c);
        if (field->len + t->row->len > MAX_ROW_BYTES)
            too_long = 1;
        if (too_long && st == F_Q && t->q_lines) {
            g_snprintf(why, sizeof why, "grows past %d bytes without being closed", MAX_ROW_BYTES);
            ret = csv_give_up(t, err, start_line, why);
            goto done;
        }
        if (too_long) {
            /* Runaway (unterminated quote?): drop up to the next line end and report. */
            if (c == '\n' || c == '\r') {
                t->line++;
                if (c == '\r')
                    t->after_cr = 1;
                g_snprintf(t->locator, sizeof t->locator, "line %" G_GUINT64_FORMAT, start_line);
                set_err(err, "ROW_TOO_LONG", t->locator, "row longer than %d bytes (unterminated quote?); "
                        "skipped to line %" G_GUINT64_FORMAT, MAX_ROW_BYTES, t->line);
                g_string_truncate(field, 0);
                row_reset(t);
                ret = CBEC_RECORD_ERROR;
                goto done;
            }
            continue;
        }
        if (c == 0) {
            /* A NUL is no text in any code page we read: the row is a BAD_ENCODING error. */
            g_string_append(field, "\xEF\xBF\xBD");
            t->decode_errors++;
            if (st == F_START)
                st = F_UNQ;
            continue;
        }
        switch (st) {
        case F_START:
            if (c == '"') {
                st = F_Q;
                t->q_lines = 0;
                break;
            }
            st = F_UNQ;
            /* fall through */
        case F_UNQ:
            if (c == t->delim) {
                row_add(t, field->str, field->len);
                g_string_truncate(field, 0);
                st = F_START;
            } else if (c == '\n' || c == '\r') {
                t->line++;
                if (c == '\r')
                    t->after_cr = 1;
                row_add(t, field->str, field->len);
                goto record_end;
            } else {
                g_string_append_c(field, c);
            }
            break;
        case F_Q:
            if (c == '"') {
                st = F_QQ;
            } else if (c == '\r' || c == '\n') {
                /* A line wholly inside the field that reads as a row of the header's width
                 * is the next record: the quote was never closed. */
                if (t->q_lines && t->nheaders >= 3 &&
                    line_is_row(t->dec->str + t->q_line_start, t->dec_pos - 1 - t->q_line_start, t->delim,
                                t->nheaders)) {
                    g_snprintf(why, sizeof why, "is still open at line %" G_GUINT64_FORMAT
                               ", which reads as a whole row", t->line);
                    ret = csv_give_up(t, err, start_line, why);
                    goto done;
                }
                t->line++;
                if (c == '\r')
                    t->after_cr = 1;
                if (!t->q_lines) {
                    t->q_mark = 1;
                    t->q_pos = t->dec_pos;
                    t->q_line = t->line;
                    t->q_after_cr = c == '\r';
                    t->q_raw_len = raw_before;
                }
                t->q_line_start = t->dec_pos;
                if (++t->q_lines > QUOTED_LINES_MAX) {
                    g_snprintf(why, sizeof why, "spans more than %d lines", QUOTED_LINES_MAX);
                    ret = csv_give_up(t, err, start_line, why);
                    goto done;
                }
                g_string_append_c(field, '\n');    /* quoted newline, CRLF kept as LF */
            } else {
                g_string_append_c(field, c);
            }
            break;
        case F_QQ:
            if (c == '"') {
                g_string_append_c(field, '"');
                st = F_Q;
            } else if (c == t->delim) {
                row_add(t, field->str, field->len);
                g_string_truncate(field, 0);
                st = F_START;
            } else if (c == '\n' || c == '\r') {
                t->line++;
                if (c == '\r')
                    t->after_cr = 1;
                row_add(t, field->str, field->len);
                goto record_end;
            } else if (t->q_lines) {
                /* A field over several lines "closed" by a quote with text after it: the
                 * quote opened a field of a later row (Go's encoding/csv: ErrQuote). */
                g_snprintf(why, sizeof why, "is closed on line %" G_GUINT64_FORMAT " by a quote followed by "
                           "more text", t->line);
                ret = csv_give_up(t, err, start_line, why);
                goto done;
            } else {
                g_string_append_c(field, c);       /* "abc"def on one line: lenient, kept as text */
                st = F_UNQ;
            }
            break;
        }
    }
record_end:
    if (t->q_mark && t->nheaders && t->cells->len > t->nheaders) {
        /* Wider than the header after a field over several lines: it swallowed line ends
         * of later rows and closed on one of their quotes. */
        g_snprintf(why, sizeof why, "ends in a row of %u cells where the header has %zu", t->cells->len,
                   t->nheaders);
        ret = csv_give_up(t, err, start_line, why);
        goto done;
    }
    g_snprintf(t->locator, sizeof t->locator, "line %" G_GUINT64_FORMAT, start_line);
    while (t->raw->len && (t->raw->str[t->raw->len - 1] == '\n' || t->raw->str[t->raw->len - 1] == '\r'))
        g_string_truncate(t->raw, t->raw->len - 1);
    if (t->decode_errors) {
        guint i;
        for (i = 0; i < t->cells->len; i++)
            if (strstr(cbec_tab_cell(t, i), "\xEF\xBF\xBD"))
                t->bad_row = 1;
    }
    if (t->bad_row) {
        set_err(err, "BAD_ENCODING", t->locator, "bytes that are not valid %s in this row (shown as U+FFFD)",
                t->enc == ENC_ICONV ? (t->utf16 ? "UTF-16" : t->encoding ? t->encoding : "GB18030") : "UTF-8");
        ret = CBEC_RECORD_ERROR;
    }
done:
    if (ret == CBEC_EOF)
        g_snprintf(t->locator, sizeof t->locator, "line %" G_GUINT64_FORMAT, t->line);
    g_string_free(field, TRUE);
    return ret;
}

/* ------------------------------------------------------------------ */
/* XLSX. */

/* One XML part being read: its byte count against its budget, and the prolog scan. */
typedef struct xml_part {
    cbec_table *t;
    struct archive *ar;
    char *name;
    int64_t bytes, budget;     /* budget < 0: only the workbook's total */
    int scan, dashes;
} xml_part;

enum { SCAN_TEXT = 0, SCAN_LT, SCAN_PI, SCAN_PI_Q, SCAN_BANG, SCAN_BANG_DASH, SCAN_COMMENT, SCAN_DONE };

static void part_refuse(cbec_table *t, const char *reason, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void part_refuse(cbec_table *t, const char *reason, const char *fmt, ...)
{
    va_list ap;
    if (t->part_reason[0])
        return;                                    /* the first cause is the one to report */
    g_strlcpy(t->part_reason, reason, sizeof t->part_reason);
    va_start(ap, fmt);
    g_vsnprintf(t->part_message, sizeof t->part_message, fmt, ap);
    va_end(ap);
}

/* The prolog may hold an XML declaration, PIs, comments and white space; "<!" other than
 * a comment is a DOCTYPE (no SpreadsheetML part has one) and is refused before libxml2
 * parses it, so no entity is ever declared.  NUL bytes are skipped: in UTF-16/32 the
 * ASCII of "<!DOCTYPE" still shows between them. */
static int scan_prolog(xml_part *p, const char *buf, int n)
{
    int i;
    for (i = 0; i < n && p->scan != SCAN_DONE; i++) {
        char ch = buf[i];
        if (ch == 0)
            continue;
        switch (p->scan) {
        case SCAN_TEXT:
            if (ch == '<')
                p->scan = SCAN_LT;
            break;
        case SCAN_LT:
            p->scan = ch == '?' ? SCAN_PI : ch == '!' ? SCAN_BANG : SCAN_DONE;
            break;
        case SCAN_PI:
            if (ch == '?')
                p->scan = SCAN_PI_Q;
            break;
        case SCAN_PI_Q:
            p->scan = ch == '>' ? SCAN_TEXT : ch == '?' ? SCAN_PI_Q : SCAN_PI;
            break;
        case SCAN_BANG:
            if (ch != '-')
                return -1;
            p->scan = SCAN_BANG_DASH;
            break;
        case SCAN_BANG_DASH:
            if (ch != '-')
                return -1;
            p->scan = SCAN_COMMENT;
            p->dashes = 0;
            break;
        case SCAN_COMMENT:
            if (ch == '-')
                p->dashes++;
            else if (ch == '>' && p->dashes >= 2)
                p->scan = SCAN_TEXT;
            else
                p->dashes = 0;
            break;
        default:
            break;
        }
    }
    return 0;
}

static int xml_read_cb(void *ctx, char *buf, int len)
{
    xml_part *p = ctx;
    cbec_table *t = p->t;
    la_ssize_t n;

    if (t->part_reason[0])
        return -1;
    n = archive_read_data(p->ar, buf, (size_t)len);
    if (n < 0)
        return -1;
    p->bytes += n;
    t->expanded += n;
    if (p->budget >= 0 && p->bytes > p->budget) {
        part_refuse(t, "XLSX_TOO_LARGE", "workbook part %s is larger than %lld bytes; refused as a possible "
                    "zip bomb", p->name, (long long)p->budget);
        return -1;
    }
    if (t->expanded > t->max_expanded) {
        part_refuse(t, "ARCHIVE_LIMIT", "the workbook's parts expand past the configured limit of %lld bytes "
                    "(core.max_expanded_bytes); refused as a possible zip bomb", (long long)t->max_expanded);
        return -1;
    }
    if (t->expanded > RATIO_FLOOR && t->xlsx_size > 0 && t->expanded / t->xlsx_size > t->max_ratio) {
        part_refuse(t, "ARCHIVE_LIMIT", "the workbook's parts expand more than %lld times its size of %lld "
                    "bytes (core.max_ratio); refused as a possible zip bomb", (long long)t->max_ratio,
                    (long long)t->xlsx_size);
        return -1;
    }
    if (p->scan != SCAN_DONE && n > 0 && scan_prolog(p, buf, (int)n) < 0) {
        part_refuse(t, "DOCTYPE_FORBIDDEN", "workbook part %s declares a DOCTYPE (DTD); refused before parsing "
                    "it (no entity is expanded, no external entity is loaded)", p->name);
        return -1;
    }
    return (int)n;
}

/* libxml2 hands the part to the reader, which calls this when it is freed. */
static int xml_close_cb(void *ctx)
{
    xml_part *p = ctx;
    g_free(p->name);
    g_free(p);
    return 0;
}

/* Nothing outside a part is ever read while a part is parsed. */
static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;                                   /* libxml2 reports "failed to load external entity" */
}

/* One step of a part's reader.  The external entity loader is process-wide: it is set
 * around the step and restored after (DEVELOPERS.md, threads), so another user of
 * libxml2 in this process keeps its own.  A DOCTYPE or entity node is refused. */
static int xml_next(cbec_table *t, xmlTextReaderPtr r)
{
    xmlExternalEntityLoader prev = xmlGetExternalEntityLoader();
    int rc, type;

    xmlSetExternalEntityLoader(deny_loader);
    rc = xmlTextReaderRead(r);
    xmlSetExternalEntityLoader(prev);
    if (rc != 1)
        return rc;
    type = xmlTextReaderNodeType(r);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
        part_refuse(t, "DOCTYPE_FORBIDDEN", "a workbook part declares a DOCTYPE (DTD); refused (no entity "
                    "expanded)");
        return -1;
    }
    if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY) {
        part_refuse(t, "ENTITY_FORBIDDEN", "entity references are not allowed in a workbook part");
        return -1;
    }
    return 1;
}

static struct archive *zip_open(cbec_table *t)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (lseek(t->spool_fd, 0, SEEK_SET) < 0 || archive_read_open_fd(a, t->spool_fd, 65536) != ARCHIVE_OK) {
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* Position a fresh archive on member name; NULL when absent. */
static struct archive *zip_find(cbec_table *t, const char *name)
{
    struct archive *a = zip_open(t);
    struct archive_entry *e;
    if (!a)
        return NULL;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        const char *p = archive_entry_pathname(e);
        if (p && (g_ascii_strcasecmp(p, name) == 0 || (p[0] == '/' && g_ascii_strcasecmp(p + 1, name) == 0)))
            return a;
        archive_read_data_skip(a);
    }
    archive_read_free(a);
    return NULL;
}

/* libxml2's own messages go to the table (reported in MALFORMED_XML), not to stderr. */
static void xml_error_cb(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
    cbec_table *t = arg;
    (void)loc;
    if (severity >= XML_PARSER_SEVERITY_ERROR && !t->input_error)
        t->input_error = g_strstrip(g_strdup(msg ? msg : "XML error"));
}

/* A reader over the part a is positioned on; budget < 0: the workbook's limits only.
 * Never XML_PARSE_HUGE, NOENT, DTDLOAD, DTDATTR, DTDVALID or XINCLUDE. */
static xmlTextReaderPtr xml_reader(cbec_table *t, struct archive *a, const char *name, int64_t budget)
{
    xml_part *p = g_new0(xml_part, 1);
    xmlTextReaderPtr r;

    p->t = t;
    p->ar = a;
    p->name = g_strdup(name);
    p->budget = budget;
    r = xmlReaderForIO(xml_read_cb, xml_close_cb, p, name, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);   /* frees p, even on failure */
    if (r)
        xmlTextReaderSetErrorHandler(r, xml_error_cb, t);
    return r;
}

/* Fill err for a part that could not be read: the refusal when there was one. */
static void part_error(cbec_table *t, cbec_error *err, const char *locator, const char *what)
{
    if (t->part_reason[0])
        set_err(err, t->part_reason, locator, "%s", t->part_message);
    else
        set_err(err, "MALFORMED_XML", locator, "%s is not well-formed XML (or the workbook is truncated): %s",
                what, t->input_error ? t->input_error : "parse error");
}

static const char *lname(xmlTextReaderPtr r) { return (const char *)xmlTextReaderConstLocalName(r); }

static char *attr(xmlTextReaderPtr r, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    char *s = v ? g_strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* Attribute by local name, whatever its namespace prefix (r:id). */
static char *attr_local(xmlTextReaderPtr r, const char *local)
{
    char *res = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            const char *ln = (const char *)xmlTextReaderConstLocalName(r);
            if (ln && strcmp(ln, local) == 0) {
                res = g_strdup((const char *)xmlTextReaderConstValue(r));
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    return res;
}

/* Resolve a relationship target against xl/. */
static char *rel_target(const char *target)
{
    if (target[0] == '/')
        return g_strdup(target + 1);
    if (g_str_has_prefix(target, "xl/"))
        return g_strdup(target);
    return g_strconcat("xl/", target, NULL);
}

static int xlsx_workbook(cbec_table *t, cbec_error *err)
{
    struct archive *a;
    xmlTextReaderPtr r;
    GHashTable *rels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *sst_target = NULL;
    int ret = -1, rc = 0;

    /* Relationships: r:id -> part path. */
    a = zip_find(t, "xl/_rels/workbook.xml.rels");
    if (a) {
        r = xml_reader(t, a, "xl/_rels/workbook.xml.rels", XML_PART_MAX);
        while (r && (rc = xml_next(t, r)) == 1) {
            if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && strcmp(lname(r), "Relationship") == 0) {
                char *id = attr(r, "Id"), *target = attr(r, "Target"), *type = attr(r, "Type");
                if (id && target)
                    g_hash_table_replace(rels, g_strdup(id), rel_target(target));
                if (type && target && g_str_has_suffix(type, "/sharedStrings")) {
                    g_free(sst_target);
                    sst_target = rel_target(target);
                }
                g_free(id);
                g_free(target);
                g_free(type);
            }
        }
        if (r)
            xmlFreeTextReader(r);
        archive_read_free(a);
        /* A broken relationships part only costs the sheet names' targets (the defaults
         * below are tried); a refused one stops the workbook. */
        if (rc < 0 && t->part_reason[0]) {
            part_error(t, err, "xl/_rels/workbook.xml.rels", "xl/_rels/workbook.xml.rels");
            goto done;
        }
    }
    t->sst_path = sst_target ? sst_target : g_strdup("xl/sharedStrings.xml");

    a = zip_find(t, "xl/workbook.xml");
    if (!a) {
        set_err(err, "BAD_FORMAT", "", "a zip without xl/workbook.xml: not an XLSX workbook");
        goto done;
    }
    r = xml_reader(t, a, "xl/workbook.xml", XML_PART_MAX);
    while (r && (rc = xml_next(t, r)) == 1) {
        const char *n;
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        n = lname(r);
        if (strcmp(n, "workbookPr") == 0) {
            char *d = attr(r, "date1904");
            t->date1904 = d && (strcmp(d, "1") == 0 || g_ascii_strcasecmp(d, "true") == 0);
            g_free(d);
        } else if (strcmp(n, "sheet") == 0) {
            char *name = attr(r, "name"), *rid = attr_local(r, "id"), *sid = attr(r, "sheetId");
            const char *path = rid ? g_hash_table_lookup(rels, rid) : NULL;
            sheet_ref *s = g_new0(sheet_ref, 1);
            s->name = name ? name : g_strdup("Sheet");
            s->path = path ? g_strdup(path) : g_strdup_printf("xl/worksheets/sheet%s.xml", sid ? sid : "1");
            g_ptr_array_add(t->sheets, s);
            g_free(rid);
            g_free(sid);
        }
    }
    if (r)
        xmlFreeTextReader(r);
    archive_read_free(a);
    if (!r || rc < 0) {
        /* Sheets after the break would be lost without a word. */
        part_error(t, err, "xl/workbook.xml", "xl/workbook.xml");
        goto done;
    }
    if (t->sheets->len == 0) {
        set_err(err, "BAD_FORMAT", "", "the workbook lists no sheets");
        goto done;
    }

    /* Styles: which cellXfs index carries a date format. */
    a = zip_find(t, "xl/styles.xml");
    if (a) {
        GHashTable *fmts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, NULL);
        int in_xfs = 0;
        rc = 0;
        r = xml_reader(t, a, "xl/styles.xml", XML_PART_MAX);
        while (r && (rc = xml_next(t, r)) == 1) {
            int type = xmlTextReaderNodeType(r);
            const char *n = lname(r);
            if (type == XML_READER_TYPE_END_ELEMENT && strcmp(n, "cellXfs") == 0)
                in_xfs = 0;
            if (type != XML_READER_TYPE_ELEMENT)
                continue;
            if (strcmp(n, "numFmt") == 0) {
                char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
                if (id && code)
                    g_hash_table_replace(fmts, GINT_TO_POINTER(atoi(id)), GINT_TO_POINTER(numfmt_kind(code) + 1));
                g_free(id);
                g_free(code);
            } else if (strcmp(n, "cellXfs") == 0) {
                in_xfs = !xmlTextReaderIsEmptyElement(r);
            } else if (in_xfs && strcmp(n, "xf") == 0) {
                char *id = attr(r, "numFmtId");
                long fid = id ? atol(id) : 0;
                int kind = builtin_fmt_kind(fid);
                gpointer custom = g_hash_table_lookup(fmts, GINT_TO_POINTER((int)fid));
                if (custom)
                    kind = GPOINTER_TO_INT(custom) - 1;
                g_array_append_val(t->xf_date, kind);
                g_free(id);
            }
        }
        if (r)
            xmlFreeTextReader(r);
        archive_read_free(a);
        g_hash_table_destroy(fmts);
        if (rc < 0 && t->part_reason[0]) {
            part_error(t, err, "xl/styles.xml", "xl/styles.xml");
            goto done;
        }
    }

    /* Shared strings, streamed into the store.  One string is collected up to CELL_MAX_BYTES
     * (15,000 rich-text runs or one huge run cost no memory past that); a longer one is
     * stored as its length only, and a cell using it is a CELL_TOO_LONG record error. */
    a = zip_find(t, t->sst_path);
    if (a) {
        GString *buf = g_string_new(NULL);
        int in_t = 0, in_rph = 0;
        guint64 chars = 0;                          /* of the current <si>, also past the cap */
        rc = 0;
        r = xml_reader(t, a, t->sst_path, -1);
        while (r && (rc = xml_next(t, r)) == 1) {
            int type = xmlTextReaderNodeType(r);
            const char *n = lname(r);
            int add = 0;
            if (type == XML_READER_TYPE_ELEMENT) {
                if (strcmp(n, "si") == 0) {
                    g_string_truncate(buf, 0);
                    chars = 0;
                    add = xmlTextReaderIsEmptyElement(r);
                } else if (strcmp(n, "rPh") == 0 && !xmlTextReaderIsEmptyElement(r)) {
                    in_rph = 1;                     /* phonetic guide: not part of the text */
                } else if (strcmp(n, "t") == 0 && !xmlTextReaderIsEmptyElement(r)) {
                    in_t = 1;
                }
            } else if (type == XML_READER_TYPE_END_ELEMENT) {
                if (strcmp(n, "t") == 0)
                    in_t = 0;
                else if (strcmp(n, "rPh") == 0)
                    in_rph = 0;
                else if (strcmp(n, "si") == 0)
                    add = 1;
            } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                        type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_CDATA) &&
                       in_t && !in_rph) {
                const char *v = (const char *)xmlTextReaderConstValue(r);
                size_t len = v ? strlen(v) : 0;
                chars += (guint64)g_utf8_strlen(v ? v : "", (gssize)len);
                if (buf->len + len <= CELL_MAX_BYTES)
                    g_string_append_len(buf, v, (gssize)len);
            }
            if (add) {
                int ar;
                if (chars > CELL_MAX_CHARS) {
                    char mark[32];
                    int ml = g_snprintf(mark, sizeof mark, "%c%" G_GUINT64_FORMAT, SST_TOO_LONG, chars);
                    ar = sst_add(&t->strings, mark, (size_t)ml);
                } else {
                    ar = sst_add(&t->strings, buf->str, buf->len);
                }
                if (ar < 0) {
                    set_err(err, "IO_ERROR", "", "cannot spill shared strings to a temporary file: %s",
                            g_strerror(errno));
                    rc = -2;
                    break;
                }
                if (sst_bytes(&t->strings) > SST_TOTAL_MAX) {
                    set_err(err, "XLSX_TOO_LARGE", "", "the shared strings of the workbook hold more than %lld "
                            "bytes of text; refused", (long long)SST_TOTAL_MAX);
                    rc = -2;
                    break;
                }
            }
        }
        if (rc == -1 || !r)
            part_error(t, err, t->sst_path, "the shared strings of the workbook");
        if (r)
            xmlFreeTextReader(r);
        archive_read_free(a);
        g_string_free(buf, TRUE);
        if (rc < 0 || !r)
            goto done;
    }
    ret = 0;
done:
    g_hash_table_destroy(rels);
    return ret;
}

static void xlsx_close_sheet(cbec_table *t)
{
    if (t->rd)
        xmlFreeTextReader(t->rd);
    t->rd = NULL;
    if (t->ar)
        archive_read_free(t->ar);
    t->ar = NULL;
    t->sheet_open = 0;
}

/* Open the next sheet to read (respecting the sheet filter).  0 ok, 1 none left, -1 error. */
static int xlsx_next_sheet(cbec_table *t, cbec_error *err)
{
    xlsx_close_sheet(t);
    while (t->cur_sheet < t->sheets->len) {
        sheet_ref *s = g_ptr_array_index(t->sheets, t->cur_sheet);
        char *nn = t->sheet_filter ? cbec_text_normalise(s->name) : NULL;
        int skip = nn && strcmp(nn, t->sheet_filter) != 0;
        g_free(nn);
        if (skip) {
            t->cur_sheet++;
            continue;
        }
        t->ar = zip_find(t, s->path);
        if (!t->ar) {
            set_err(err, "BAD_FORMAT", s->name, "sheet \"%s\": part %s missing from the workbook", s->name, s->path);
            t->cur_sheet++;
            return -1;
        }
        t->rd = xml_reader(t, t->ar, s->path, -1);
        t->sheet_open = 1;
        t->xrow = 0;
        t->started = 0;
        return 0;
    }
    return 1;
}

/* Column index of a reference like "AB12" (0-based), -1 when none. */
static long ref_col(const char *ref)
{
    long c = 0;
    int n = 0;
    for (; ref && g_ascii_isalpha(*ref); ref++, n++)
        c = c * 26 + (g_ascii_toupper(*ref) - 'A' + 1);
    return n ? c - 1 : -1;
}

/* Mark the row being read as a record error (the first cause is reported). */
static void xlsx_bad_row(cbec_table *t, const char *reason, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void xlsx_bad_row(cbec_table *t, const char *reason, const char *fmt, ...)
{
    va_list ap;
    if (t->bad_row)
        return;
    t->bad_row = 1;
    g_strlcpy(t->bad_reason, reason, sizeof t->bad_reason);
    va_start(ap, fmt);
    g_vsnprintf(t->bad_why, sizeof t->bad_why, fmt, ap);
    va_end(ap);
}

static void xlsx_put_cell(cbec_table *t, long col, const char *text)
{
    size_t len = strlen(text);
    if (col < 0)
        col = (long)t->cells->len;
    if ((gulong)col < t->cells->len)
        return;                                    /* out of order: keep the first */
    if (col > 16384)
        return;
    /* 16,384 cells of 32,767 characters would be 2 GB: the row is bounded like a CSV row. */
    if (t->row->len + (size_t)(col - (long)t->cells->len) + len > MAX_ROW_BYTES) {
        xlsx_bad_row(t, "ROW_TOO_LONG", "row longer than %d bytes", MAX_ROW_BYTES);
        return;
    }
    while ((long)t->cells->len < col)
        row_add(t, "", 0);
    row_add(t, text, len);
}

/* Column letters of a 0-based index: 0 -> "A", 27 -> "AB". */
static void col_name(long col, char *out, size_t size)
{
    char tmp[8];
    int i = 0;
    size_t o = 0;
    do {
        tmp[i++] = (char)('A' + col % 26);
        col = col / 26 - 1;
    } while (col >= 0 && i < (int)sizeof tmp);
    while (i > 0 && o + 1 < size)
        out[o++] = tmp[--i];
    out[o] = 0;
}

/* The cell's text is too long for Excel itself: the row is a CELL_TOO_LONG record error. */
static void xlsx_cell_too_long(cbec_table *t, long col, guint64 chars, const char *what)
{
    char ref[8];
    col_name(col >= 0 ? col : (long)t->cells->len, ref, sizeof ref);
    xlsx_bad_row(t, "CELL_TOO_LONG", "cell %s%" G_GUINT64_FORMAT " holds %s of %" G_GUINT64_FORMAT
                 " characters, over Excel's limit of %d", ref, t->xrow, what, chars, CELL_MAX_CHARS);
}

/* Read the next <row> of the open sheet.  CBEC_OK, CBEC_EOF (sheet done) or CBEC_FATAL. */
static cbec_status xlsx_row(cbec_table *t, cbec_error *err)
{
    xmlTextReaderPtr r = t->rd;
    GString *val = g_string_new(NULL);
    char *ctype = NULL, *cstyle = NULL;
    long ccol = -1;
    guint64 cchars = 0;                            /* characters of the cell's text, also past the cap */
    int in_row = 0, in_c = 0, collect = 0, in_rph = 0, rc;
    cbec_status ret = CBEC_EOF;
    sheet_ref *sh = g_ptr_array_index(t->sheets, t->cur_sheet);

    row_reset(t);
    while ((rc = r ? xml_next(t, r) : -1) == 1) {
        int type = xmlTextReaderNodeType(r);
        const char *n;
        if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
            type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_CDATA) {
            if (collect && !in_rph) {
                const char *v = (const char *)xmlTextReaderConstValue(r);
                size_t len = v ? strlen(v) : 0;
                cchars += (guint64)g_utf8_strlen(v ? v : "", (gssize)len);
                if (val->len + len <= CELL_MAX_BYTES)
                    g_string_append_len(val, v, (gssize)len);
            }
            continue;
        }
        n = lname(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(r);
            if (strcmp(n, "row") == 0) {
                char *rn = attr(r, "r");
                t->xrow = rn ? g_ascii_strtoull(rn, NULL, 10) : t->xrow + 1;
                g_free(rn);
                in_row = 1;
                if (empty) {
                    ret = CBEC_OK;
                    goto row_done;
                }
            } else if (in_row && strcmp(n, "c") == 0) {
                char *ref = attr(r, "r");
                g_free(ctype);
                g_free(cstyle);
                ctype = attr(r, "t");
                cstyle = attr(r, "s");
                ccol = ref ? ref_col(ref) : -1;
                g_free(ref);
                g_string_truncate(val, 0);
                cchars = 0;
                in_c = !empty;
                if (empty)
                    xlsx_put_cell(t, ccol, "");
            } else if (in_c && (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)) {
                collect = !empty;
            } else if (in_c && strcmp(n, "rPh") == 0 && !empty) {
                in_rph = 1;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
                collect = 0;
            } else if (strcmp(n, "rPh") == 0) {
                in_rph = 0;
            } else if (strcmp(n, "c") == 0 && in_c) {
                char *text = NULL;
                const char *out = val->str;
                in_c = 0;
                if (cchars > CELL_MAX_CHARS) {
                    xlsx_cell_too_long(t, ccol, cchars, "a value");
                    out = "";
                } else if (ctype && strcmp(ctype, "s") == 0) {
                    guint64 idx = g_ascii_strtoull(val->str, NULL, 10);
                    out = val->len ? sst_get(&t->strings, idx) : "";
                    if (!out)
                        out = "";
                    if (out[0] == SST_TOO_LONG) {
                        xlsx_cell_too_long(t, ccol, g_ascii_strtoull(out + 1, NULL, 10), "a shared string");
                        out = "";
                    }
                } else if (ctype && strcmp(ctype, "b") == 0) {
                    out = strcmp(val->str, "1") == 0 ? "TRUE" : "FALSE";
                } else if (!ctype || strcmp(ctype, "n") == 0) {
                    long xf = cstyle ? atol(cstyle) : 0;
                    int kind = xf >= 0 && (guint)xf < t->xf_date->len ? g_array_index(t->xf_date, int, xf) : 0;
                    if (kind && val->len)
                        text = cbec_tab_serial_to_iso(val->str, t->date1904, kind);
                    if (!text && val->len)
                        text = cbec_tab_number_text(val->str);   /* ids: the exact digits of <v> */
                    if (text)
                        out = text;
                }
                xlsx_put_cell(t, ccol, out);
                g_free(text);
            } else if (strcmp(n, "row") == 0 && in_row) {
                ret = CBEC_OK;
                goto row_done;
            } else if (strcmp(n, "sheetData") == 0) {
                break;
            }
        }
    }
    if (rc < 0) {
        if (t->part_reason[0])
            set_err(err, t->part_reason, sh->name, "sheet \"%s\", after row %" G_GUINT64_FORMAT ": %s", sh->name,
                    t->xrow, t->part_message);
        else
            set_err(err, "MALFORMED_XML", sh->name,
                    "sheet \"%s\" is not well-formed XML (or the workbook is truncated) after row %" G_GUINT64_FORMAT
                    ": %s", sh->name, t->xrow, t->input_error ? t->input_error : "parse error");
        ret = CBEC_FATAL;
    }
    goto done;
row_done:
    g_snprintf(t->locator, sizeof t->locator, "%s!row %" G_GUINT64_FORMAT, sh->name, t->xrow);
    if (t->bad_row) {
        set_err(err, t->bad_reason, t->locator, "%s", t->bad_why);
        ret = CBEC_RECORD_ERROR;
    }
    {
        guint i;
        for (i = 0; i < t->cells->len && t->raw->len < RAW_MAX; i++) {
            if (i)
                g_string_append_c(t->raw, '\t');
            g_string_append(t->raw, cbec_tab_cell(t, i));
        }
    }
done:
    g_free(ctype);
    g_free(cstyle);
    g_string_free(val, TRUE);
    return ret;
}

/* ------------------------------------------------------------------ */
/* Rows of either format, header detection, skipping. */

/* Next physical row of the current sheet/file (CBEC_EOF at the sheet's end). */
static cbec_status raw_row(cbec_table *t, cbec_error *err)
{
    if (t->fmt == FMT_CSV)
        return csv_row(t, err);
    if (!t->sheet_open)
        return CBEC_EOF;
    return xlsx_row(t, err);
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
    set_err(err, "NO_HEADER", t->locator,
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
        int r = xlsx_next_sheet(t, err);
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

static int spool(cbec_table *t, const unsigned char *first, size_t first_len, cbec_error *err)
{
    char *buf = g_malloc(CHUNK);
    ssize_t n;
    int ret = -1;

    t->spool_fd = tmp_fd();
    if (t->spool_fd < 0) {
        set_err(err, "IO_ERROR", "", "cannot create a temporary file for the workbook: %s", g_strerror(errno));
        goto done;
    }
    if (write_all(t->spool_fd, first, first_len) < 0)
        goto werr;
    t->xlsx_size = (int64_t)first_len;
    while ((n = cbec_input_read(t->in, buf, CHUNK)) > 0) {
        if (write_all(t->spool_fd, buf, (size_t)n) < 0)
            goto werr;
        t->xlsx_size += n;
    }
    if (n < 0) {
        const char *e = cbec_input_error(t->in);
        set_err(err, "INPUT_ERROR", "", "%s", e ? e : "read error");
        goto done;
    }
    ret = 0;
    goto done;
werr:
    set_err(err, "IO_ERROR", "", "cannot spool the workbook to a temporary file: %s", g_strerror(errno));
done:
    g_free(buf);
    return ret;
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
    sst_init(&t->strings);
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
            set_err(err, "INPUT_ERROR", "", "%s", e ? e : "read error");
            goto done;
        }
        if (n == 0)
            t->in_eof = 1;
    }
    if (t->in_len >= 8 && memcmp(t->inbuf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        set_err(err, "UNSUPPORTED", "", "a legacy Excel .xls (OLE2) file: save it as .xlsx or .csv");
        goto done;
    }
    if (fmt ? g_ascii_strcasecmp(fmt, "xlsx") == 0 : (t->in_len >= 4 && memcmp(t->inbuf, "PK\x03\x04", 4) == 0)) {
        const cbec_walk_opts *w = cbec_input_walk_opts(in);
        t->fmt = FMT_XLSX;
        /* The workbook is an archive too: its parts get the walk's budget and ratio. */
        t->max_expanded = w ? w->max_expanded : 8LL << 30;
        t->max_ratio = w ? w->max_ratio : 200;
        if (spool(t, t->inbuf, t->in_len, err) < 0)
            goto done;
        t->in_len = 0;
        if (xlsx_workbook(t, err) < 0)
            goto done;
        t->cur_sheet = 0;
        ret = start_next(t, err);
        if (ret == CBEC_EOF) {
            if (err && !err->reason[0])
                set_err(err, "NO_HEADER", "", "no sheet of the workbook has a header row%s%s%s",
                        t->sheet_filter ? " (sheet \"" : "", t->sheet_filter ? t->sheet_filter : "",
                        t->sheet_filter ? "\")" : "");
            ret = CBEC_FATAL;
            goto done;
        }
        if (ret != CBEC_OK)
            goto done;
    } else {
        t->fmt = FMT_CSV;
        if (dec_fill(t, SNIFF_BYTES, err) < 0)
            goto done;
        if (!t->delim)
            t->delim = sniff_delim(t->dec->str, t->dec->len);
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
    xlsx_close_sheet(t);
    if (t->spool_fd >= 0)
        close(t->spool_fd);
    if (t->cd != (GIConv)-1)
        g_iconv_close(t->cd);
    sst_free(&t->strings);
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
