/* The CSV reader of the tabular reader (CSV/TSV/semicolon).
 *
 * CSV: bytes come only through cbec_input_read().  They are decoded to UTF-8
 * before any splitting (a GB18030 trail byte may equal ',' or '"' in other
 * code pages' thinking, and UTF-16 has NULs everywhere): BOM first, else
 * strict UTF-8 decided on the first chunk holding non-ASCII bytes, else the
 * configured code page through iconv.  Chunk boundaries keep incomplete
 * sequences for the next chunk.  Undecodable bytes become U+FFFD and the row
 * holding them is a BAD_ENCODING record error: never "decode with ignore". */
#include "cbecflow-build.h"

#include <errno.h>
#include <string.h>
#include <glib.h>

#include "core/input/input.h"
#include "core/tabular/csv.h"
#include "core/tabular/table.h"

#define SNIFF_BYTES (64 * 1024)
/* A quoted field spanning more physical lines than this is taken for a quote that was
 * never closed (notes and addresses have a few lines, not hundreds). */
#define QUOTED_LINES_MAX 500

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
            tab_set_err(err, "INPUT_ERROR", "", "%s", e ? e : "read error");
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
            tab_set_err(err, "BAD_ENCODING", "", "iconv cannot convert UTF-16 on this system");
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
                        tab_set_err(err, "BAD_ENCODING", "", "the input is not UTF-8 and code page \"%s\" is unknown "
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
    tab_set_err(err, "UNTERMINATED_QUOTE", t->locator,
                "the row starting on line %" G_GUINT64_FORMAT " has a quoted field that %s; the row is skipped and "
                "reading resumes at line %" G_GUINT64_FORMAT, start_line, why, resume);
    return CBEC_RECORD_ERROR;
}

cbec_status tab_csv_row(cbec_table *t, cbec_error *err)
{
    enum { F_START, F_UNQ, F_Q, F_QQ } st = F_START;
    GString *field = g_string_new(NULL);
    guint64 start_line;
    int got = 0, too_long = 0;
    cbec_status ret = CBEC_OK;
    char why[120];

    tab_row_reset(t);
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
                    tab_set_err(err, "ROW_TOO_LONG", t->locator, "row longer than %d bytes; skipped to the end of the "
                                "input", MAX_ROW_BYTES);
                    tab_row_reset(t);
                    ret = CBEC_RECORD_ERROR;
                    goto done;
                }
                tab_row_add(t, field->str, field->len);
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
                tab_set_err(err, "ROW_TOO_LONG", t->locator, "row longer than %d bytes (unterminated quote?); "
                            "skipped to line %" G_GUINT64_FORMAT, MAX_ROW_BYTES, t->line);
                g_string_truncate(field, 0);
                tab_row_reset(t);
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
                tab_row_add(t, field->str, field->len);
                g_string_truncate(field, 0);
                st = F_START;
            } else if (c == '\n' || c == '\r') {
                t->line++;
                if (c == '\r')
                    t->after_cr = 1;
                tab_row_add(t, field->str, field->len);
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
                tab_row_add(t, field->str, field->len);
                g_string_truncate(field, 0);
                st = F_START;
            } else if (c == '\n' || c == '\r') {
                t->line++;
                if (c == '\r')
                    t->after_cr = 1;
                tab_row_add(t, field->str, field->len);
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
            if (strstr(tab_row_cell(t, i), "\xEF\xBF\xBD"))
                t->bad_row = 1;
    }
    if (t->bad_row) {
        tab_set_err(err, "BAD_ENCODING", t->locator, "bytes that are not valid %s in this row (shown as U+FFFD)",
                    t->enc == ENC_ICONV ? (t->utf16 ? "UTF-16" : t->encoding ? t->encoding : "GB18030") : "UTF-8");
        ret = CBEC_RECORD_ERROR;
    }
done:
    if (ret == CBEC_EOF)
        g_snprintf(t->locator, sizeof t->locator, "line %" G_GUINT64_FORMAT, t->line);
    g_string_free(field, TRUE);
    return ret;
}

int tab_csv_start(cbec_table *t, cbec_error *err)
{
    if (dec_fill(t, SNIFF_BYTES, err) < 0)
        return -1;
    if (!t->delim)
        t->delim = sniff_delim(t->dec->str, t->dec->len);
    return 0;
}
