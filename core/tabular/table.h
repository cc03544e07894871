/* The table behind cbec_table (internal to core/tabular): the state of the CSV reader (csv.c),
 * the XLSX reader (xlsx.c) and the API over both (tabular.c), with the row buffer they fill (table.c). */
#ifndef CBEC_TABULAR_TABLE_H
#define CBEC_TABULAR_TABLE_H

#include <glib.h>
#include <libxml/xmlreader.h>

#include <cbecflow/host.h>

#include "core/tabular/sst.h"

struct archive;

#define CHUNK (64 * 1024)
#define MAX_ROW_BYTES (4 * 1024 * 1024)
#define RAW_MAX 4096

enum { FMT_CSV = 1, FMT_XLSX = 2 };
enum { ENC_UNDECIDED = 0, ENC_UTF8 = 1, ENC_ICONV = 2 };

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
    tab_sst strings;
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

    struct tab_ahead *ahead;   /* decimal-mark look-ahead (end of tabular.c), or NULL */
};

/* table.c */
void tab_set_err(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/** Empty the current row. */
void tab_row_reset(cbec_table *t);
/** Append a cell (ASCII blanks trimmed) to the current row. */
void tab_row_add(cbec_table *t, const char *s, size_t len);
/** Cell col of the current row, "" past its last cell. */
const char *tab_row_cell(const cbec_table *t, size_t col);

#endif
