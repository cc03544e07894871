/* The XLSX reader of the tabular reader.
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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>

#include "core/input/input.h"
#include "core/tabular/xlsx.h"
#include "core/tabular/table.h"
#include "core/tabular/values.h"

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
        tab_set_err(err, t->part_reason, locator, "%s", t->part_message);
    else
        tab_set_err(err, "MALFORMED_XML", locator, "%s is not well-formed XML (or the workbook is truncated): %s",
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
        tab_set_err(err, "BAD_FORMAT", "", "a zip without xl/workbook.xml: not an XLSX workbook");
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
        tab_set_err(err, "BAD_FORMAT", "", "the workbook lists no sheets");
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
                    ar = tab_sst_add(&t->strings, mark, (size_t)ml);
                } else {
                    ar = tab_sst_add(&t->strings, buf->str, buf->len);
                }
                if (ar < 0) {
                    tab_set_err(err, "IO_ERROR", "", "cannot spill shared strings to a temporary file: %s",
                                g_strerror(errno));
                    rc = -2;
                    break;
                }
                if (tab_sst_bytes(&t->strings) > SST_TOTAL_MAX) {
                    tab_set_err(err, "XLSX_TOO_LARGE", "", "the shared strings of the workbook hold more than %lld "
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

void tab_xlsx_close_sheet(cbec_table *t)
{
    if (t->rd)
        xmlFreeTextReader(t->rd);
    t->rd = NULL;
    if (t->ar)
        archive_read_free(t->ar);
    t->ar = NULL;
    t->sheet_open = 0;
}

int tab_xlsx_next_sheet(cbec_table *t, cbec_error *err)
{
    tab_xlsx_close_sheet(t);
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
            tab_set_err(err, "BAD_FORMAT", s->name, "sheet \"%s\": part %s missing from the workbook", s->name, s->path);
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
        tab_row_add(t, "", 0);
    tab_row_add(t, text, len);
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

cbec_status tab_xlsx_row(cbec_table *t, cbec_error *err)
{
    xmlTextReaderPtr r = t->rd;
    GString *val = g_string_new(NULL);
    char *ctype = NULL, *cstyle = NULL;
    long ccol = -1;
    guint64 cchars = 0;                            /* characters of the cell's text, also past the cap */
    int in_row = 0, in_c = 0, collect = 0, in_rph = 0, rc;
    cbec_status ret = CBEC_EOF;
    sheet_ref *sh = g_ptr_array_index(t->sheets, t->cur_sheet);

    tab_row_reset(t);
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
                    out = val->len ? tab_sst_get(&t->strings, idx) : "";
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
            tab_set_err(err, t->part_reason, sh->name, "sheet \"%s\", after row %" G_GUINT64_FORMAT ": %s", sh->name,
                        t->xrow, t->part_message);
        else
            tab_set_err(err, "MALFORMED_XML", sh->name,
                        "sheet \"%s\" is not well-formed XML (or the workbook is truncated) after row %" G_GUINT64_FORMAT
                        ": %s", sh->name, t->xrow, t->input_error ? t->input_error : "parse error");
        ret = CBEC_FATAL;
    }
    goto done;
row_done:
    g_snprintf(t->locator, sizeof t->locator, "%s!row %" G_GUINT64_FORMAT, sh->name, t->xrow);
    if (t->bad_row) {
        tab_set_err(err, t->bad_reason, t->locator, "%s", t->bad_why);
        ret = CBEC_RECORD_ERROR;
    }
    {
        guint i;
        for (i = 0; i < t->cells->len && t->raw->len < RAW_MAX; i++) {
            if (i)
                g_string_append_c(t->raw, '\t');
            g_string_append(t->raw, tab_row_cell(t, i));
        }
    }
done:
    g_free(ctype);
    g_free(cstyle);
    g_string_free(val, TRUE);
    return ret;
}

static int spool(cbec_table *t, const unsigned char *first, size_t first_len, cbec_error *err)
{
    char *buf = g_malloc(CHUNK);
    ssize_t n;
    int ret = -1;

    t->spool_fd = tab_tmp_fd();
    if (t->spool_fd < 0) {
        tab_set_err(err, "IO_ERROR", "", "cannot create a temporary file for the workbook: %s", g_strerror(errno));
        goto done;
    }
    if (tab_write_all(t->spool_fd, first, first_len) < 0)
        goto werr;
    t->xlsx_size = (int64_t)first_len;
    while ((n = cbec_input_read(t->in, buf, CHUNK)) > 0) {
        if (tab_write_all(t->spool_fd, buf, (size_t)n) < 0)
            goto werr;
        t->xlsx_size += n;
    }
    if (n < 0) {
        const char *e = cbec_input_error(t->in);
        tab_set_err(err, "INPUT_ERROR", "", "%s", e ? e : "read error");
        goto done;
    }
    ret = 0;
    goto done;
werr:
    tab_set_err(err, "IO_ERROR", "", "cannot spool the workbook to a temporary file: %s", g_strerror(errno));
done:
    g_free(buf);
    return ret;
}

int tab_xlsx_open(cbec_table *t, cbec_error *err)
{
    const cbec_walk_opts *w = cbec_input_walk_opts(t->in);
    /* The workbook is an archive too: its parts get the walk's budget and ratio. */
    t->max_expanded = w ? w->max_expanded : 8LL << 30;
    t->max_ratio = w ? w->max_ratio : 200;
    if (spool(t, t->inbuf, t->in_len, err) < 0)
        return -1;
    t->in_len = 0;
    return xlsx_workbook(t, err);
}
