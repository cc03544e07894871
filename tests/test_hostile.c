/* Hostile tabular inputs (issue 15, items 1, 2 and 4): XLSX entity and shared-string
 * bombs and CSV quotes that never close.  Every workbook is built here; each case runs
 * the real `cbecflow ingest` in a forked child and asserts the exit status, the counts,
 * the quarantine row, the time taken and the child's peak memory (RUSAGE_CHILDREN). */
#include <check.h>
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "core/input/input.h"
#include "core/tabular/tabular.h"
#include "testutil.h"

#define PEAK_MAX_KB (300L * 1024)
#define SECONDS_MAX 20.0

/* ------------------------------------------------------------------ */
/* Running an ingest in a child and measuring it. */

typedef struct ingest_run {
    int exit_status;
    double seconds;
    long peak_kb;              /* ru_maxrss of the waited-for children (the cbecflow process) */
} ingest_run;

static ingest_run ingest_measured(const char *db, const char *source, const char *path)
{
    ingest_run r = {-1, 0, 0};
    gint64 t0 = g_get_monotonic_time();
    struct rusage ru;
    int status = 0;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int rc = source ? tu_run(NULL, NULL, "ingest", "--db", db, "--source", source, path, NULL)
                        : tu_run(NULL, NULL, "ingest", "--db", db, path, NULL);
        _exit(rc < 0 ? 255 : rc);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    r.seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
    r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    getrusage(RUSAGE_CHILDREN, &ru);
    r.peak_kb = ru.ru_maxrss;
    return r;
}

static void assert_bounded(const ingest_run *r, int want_exit)
{
    fprintf(stderr, "hostile: exit %d in %.2f s, peak RSS %ld KB\n", r->exit_status, r->seconds, r->peak_kb);
    ck_assert_msg(r->exit_status == want_exit, "exit %d, wanted %d", r->exit_status, want_exit);
    ck_assert_msg(r->seconds < SECONDS_MAX, "took %.1f s", r->seconds);
    ck_assert_msg(r->peak_kb < PEAK_MAX_KB, "peak RSS %ld KB", r->peak_kb);
}

/* The one quarantine row's reason and locator, as "REASON@locator". */
static void assert_quarantine(const char *db, const char *want)
{
    char *v = tu_sql_text(db, "SELECT group_concat(reason_code || '@' || coalesce(locator, ''), ';') FROM quarantine");
    ck_assert_msg(v && strcmp(v, want) == 0, "quarantine: got \"%s\", wanted \"%s\"", v ? v : "(null)", want);
    g_free(v);
}

/* read = stored + quarantined + duplicate, for every file. */
static void assert_counts_conserved(const char *db)
{
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE records_read != records_stored + "
                                    "records_quarantined + records_duplicate"),
                     0);
}

/* ------------------------------------------------------------------ */
/* Workbooks. */

static const char CT[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char WB[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Orders\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/></Relationships>";
#define SHEET_HEAD                                                                                                  \
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" \
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Name</t></is></c>"                                          \
    "<c r=\"B1\" t=\"inlineStr\"><is><t>Lineitem quantity</t></is></c>"                                           \
    "<c r=\"C1\" t=\"inlineStr\"><is><t>Lineitem name</t></is></c>"                                               \
    "<c r=\"D1\" t=\"inlineStr\"><is><t>Lineitem price</t></is></c>"                                              \
    "<c r=\"E1\" t=\"inlineStr\"><is><t>Total</t></is></c>"                                                       \
    "<c r=\"F1\" t=\"inlineStr\"><is><t>Currency</t></is></c></row>"
#define SHEET_TAIL "</sheetData></worksheet>"

/* One order row; name_cell is the <c> of column C (the line item's name). */
static void order_row(GString *s, int row, const char *name_cell)
{
    g_string_append_printf(s,
                           "<row r=\"%d\"><c r=\"A%d\" t=\"inlineStr\"><is><t>#%d</t></is></c>"
                           "<c r=\"B%d\"><v>1</v></c>%s<c r=\"D%d\"><v>12.5</v></c><c r=\"E%d\"><v>12.5</v></c>"
                           "<c r=\"F%d\" t=\"inlineStr\"><is><t>USD</t></is></c></row>",
                           row, row, 1000 + row, row, name_cell, row, row, row);
}

static char *sheet_of_orders(int rows)
{
    GString *s = g_string_new(SHEET_HEAD);
    int r;
    for (r = 2; r < 2 + rows; r++)
        order_row(s, r, "<c t=\"inlineStr\"><is><t>Cashmere beanie</t></is></c>");
    g_string_append(s, SHEET_TAIL);
    return g_string_free(s, FALSE);
}

/* The classic: ten entities of ten references each, 10^9 "lol"s from a 1 KB part. */
static const char LOL_DTD[] =
    "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";

/* Item 1: entities in xl/workbook.xml (the sheet name expands to 3 GB of "lol"). */
START_TEST(xlsx_billion_laughs_in_workbook)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, "laughs.xlsx"), *db = tu_path(dir, "t.db");
    char *sheet = sheet_of_orders(3);
    char *wb = g_strconcat("<?xml version=\"1.0\"?>", LOL_DTD,
                           "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                           "<sheets><sheet name=\"&lol9;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                           NULL);
    ingest_run r;

    tu_archive(p, "zip", "[Content_Types].xml", CT, "xl/workbook.xml", wb, "xl/_rels/workbook.xml.rels", RELS,
               "xl/worksheets/sheet1.xml", sheet, NULL);
    r = ingest_measured(db, "shopify_orders", p);
    assert_bounded(&r, 3);
    assert_quarantine(db, "DOCTYPE_FORBIDDEN@whole input");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE path LIKE '%laughs.xlsx'"), 1);
    g_free(wb);
    g_free(sheet);
    g_free(db);
    g_free(p);
    g_free(dir);
}
END_TEST

/* Item 1, the prolog scan past an encoding: the entities in a UTF-16 shared-strings part. */
START_TEST(xlsx_billion_laughs_utf16_shared_strings)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, "laughs16.xlsx"), *db = tu_path(dir, "t.db");
    char *sheet = sheet_of_orders(3);
    char *sst8 = g_strconcat("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", LOL_DTD,
                             "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                             "<si><t>&lol9;</t></si></sst>",
                             NULL);
    glong n = 0;
    gunichar2 *u16 = g_utf8_to_utf16(sst8, -1, NULL, &n, NULL);
    GString *sst = g_string_new_len("\xFF\xFE", 2);     /* little-endian BOM */
    struct archive *a = archive_write_new();
    struct archive_entry *e;
    const char *names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};
    const char *texts[] = {CT, WB, RELS, sheet, NULL};
    glong i;
    int m;
    ingest_run r;

    for (i = 0; i < n; i++) {
        g_string_append_c(sst, (char)(u16[i] & 0xFF));
        g_string_append_c(sst, (char)(u16[i] >> 8));
    }
    archive_write_set_format_zip(a);
    ck_assert_int_eq(archive_write_open_filename(a, p), ARCHIVE_OK);
    for (m = 0; m < 5; m++) {
        const char *data = texts[m] ? texts[m] : sst->str;
        size_t len = texts[m] ? strlen(texts[m]) : sst->len;
        e = archive_entry_new();
        archive_entry_set_pathname(e, names[m]);
        archive_entry_set_size(e, (la_int64_t)len);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_write_header(a, e);
        archive_write_data(a, data, len);
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);

    r = ingest_measured(db, "shopify_orders", p);
    assert_bounded(&r, 3);
    assert_quarantine(db, "DOCTYPE_FORBIDDEN@whole input");
    g_string_free(sst, TRUE);
    g_free(u16);
    g_free(sst8);
    g_free(sheet);
    g_free(db);
    g_free(p);
    g_free(dir);
}
END_TEST

/* Write a workbook whose shared strings are written in pieces by fill() (a part too large
 * to hold in memory here); the other parts are small. */
typedef void (*part_writer)(struct archive *a, void *ud);

static void write_book_streamed(const char *path, const char *sheet, la_int64_t sst_len, part_writer fill, void *ud)
{
    struct archive *a = archive_write_new();
    struct archive_entry *e;
    const char *names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/worksheets/sheet1.xml"};
    const char *texts[] = {CT, WB, RELS, sheet};
    int m;

    archive_write_set_format_zip(a);
    archive_write_set_options(a, "zip:compression=deflate");
    ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (m = 0; m < 4; m++) {
        e = archive_entry_new();
        archive_entry_set_pathname(e, names[m]);
        archive_entry_set_size(e, (la_int64_t)strlen(texts[m]));
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_write_header(a, e);
        archive_write_data(a, texts[m], strlen(texts[m]));
        archive_entry_free(e);
    }
    e = archive_entry_new();
    archive_entry_set_pathname(e, "xl/sharedStrings.xml");
    archive_entry_set_size(e, sst_len);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    fill(a, ud);
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
}

#define SST_OPEN "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si>"
#define SST_CLOSE "</si></sst>"
#define RUNS 15000
#define RUN_TEXT 16384

static la_int64_t runs_len(void) { return (la_int64_t)(strlen(SST_OPEN) + strlen(SST_CLOSE)) + (la_int64_t)RUNS * (RUN_TEXT + 14); }

/* One <si> of 15,000 rich-text runs of 16 KiB each: 246 MB of text from a ~250 KB workbook. */
static void write_runs(struct archive *a, void *ud)
{
    char *run = g_malloc(RUN_TEXT + 14);
    int i;
    (void)ud;
    memcpy(run, "<r><t>", 6);
    memset(run + 6, 'x', RUN_TEXT);
    memcpy(run + 6 + RUN_TEXT, "</t></r>", 8);
    archive_write_data(a, SST_OPEN, strlen(SST_OPEN));
    for (i = 0; i < RUNS; i++)
        archive_write_data(a, run, RUN_TEXT + 14);
    archive_write_data(a, SST_CLOSE, strlen(SST_CLOSE));
    g_free(run);
}

/* Item 2: the whole workbook is over budget (it unpacks ~1000 times its size): refused
 * with a clear reason, quickly and in bounded memory, not a 6 GB night that aborts. */
START_TEST(xlsx_shared_strings_bomb_refused)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, "bomb.xlsx"), *db = tu_path(dir, "t.db");
    GString *sheet = g_string_new(SHEET_HEAD);
    ingest_run r;
    char *msg;

    order_row(sheet, 2, "<c t=\"s\"><v>0</v></c>");
    g_string_append(sheet, SHEET_TAIL);
    write_book_streamed(p, sheet->str, runs_len(), write_runs, NULL);
    r = ingest_measured(db, "shopify_orders", p);
    assert_bounded(&r, 3);
    assert_quarantine(db, "ARCHIVE_LIMIT@whole input");
    msg = tu_sql_text(db, "SELECT message FROM quarantine");
    ck_assert_msg(msg && strstr(msg, "core.max_ratio"), "message: %s", msg ? msg : "(null)");
    g_free(msg);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 0);
    g_string_free(sheet, TRUE);
    g_free(db);
    g_free(p);
    g_free(dir);
}
END_TEST

/* Item 2: a shared string and an inline string over Excel's 32,767 characters in a workbook
 * that is otherwise fine: those two rows are CELL_TOO_LONG records with their sheet and row,
 * the other rows are stored. */
START_TEST(xlsx_cell_too_long_is_a_record_error)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, "long.xlsx"), *db = tu_path(dir, "t.db");
    GString *sheet = g_string_new(SHEET_HEAD), *sst = g_string_new(SST_OPEN), *inl = g_string_new(NULL);
    ingest_run r;
    char *msg;
    int i;

    /* Shared string 0: 40 runs of 1,000 characters (40,000 > 32,767). */
    for (i = 0; i < 40; i++) {
        g_string_append(sst, "<r><t>");
        g_string_append_printf(sst, "%01000d", i);
        g_string_append(sst, "</t></r>");
    }
    g_string_append(sst, "</si><si><t>Yak wool gloves</t>" SST_CLOSE);
    /* An inline string of 32,768 Cyrillic characters (65,536 bytes of UTF-8). */
    g_string_append(inl, "<c r=\"C5\" t=\"inlineStr\"><is><t>");
    for (i = 0; i < 32768; i++)
        g_string_append(inl, "ж");
    g_string_append(inl, "</t></is></c>");
    order_row(sheet, 2, "<c r=\"C2\" t=\"s\"><v>1</v></c>");
    order_row(sheet, 3, "<c r=\"C3\" t=\"s\"><v>0</v></c>");
    order_row(sheet, 4, "<c r=\"C4\" t=\"inlineStr\"><is><t>ж</t></is></c>");
    order_row(sheet, 5, inl->str);
    order_row(sheet, 6, "<c r=\"C6\" t=\"s\"><v>1</v></c>");
    g_string_append(sheet, SHEET_TAIL);
    tu_archive(p, "zip", "[Content_Types].xml", CT, "xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS,
               "xl/worksheets/sheet1.xml", sheet->str, "xl/sharedStrings.xml", sst->str, NULL);

    r = ingest_measured(db, "shopify_orders", p);
    assert_bounded(&r, 3);
    assert_quarantine(db, "CELL_TOO_LONG@Orders!row 3;CELL_TOO_LONG@Orders!row 5");
    msg = tu_sql_text(db, "SELECT message FROM quarantine WHERE locator = 'Orders!row 3'");
    ck_assert_msg(msg && strstr(msg, "cell C3") && strstr(msg, "40000 characters"), "message: %s",
                  msg ? msg : "(null)");
    g_free(msg);
    msg = tu_sql_text(db, "SELECT message FROM quarantine WHERE locator = 'Orders!row 5'");
    ck_assert_msg(msg && strstr(msg, "cell C5") && strstr(msg, "32768 characters"), "message: %s",
                  msg ? msg : "(null)");
    g_free(msg);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_quarantined FROM source_file"), 2);
    assert_counts_conserved(db);
    g_string_free(inl, TRUE);
    g_string_free(sst, TRUE);
    g_string_free(sheet, TRUE);
    g_free(db);
    g_free(p);
    g_free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* CSV: a quote that never closes. */

static const char SHOPIFY_HEADER[] =
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,"
    "Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,"
    "Lineitem fulfillment status,Billing Name,Shipping Name,Shipping Country,Shipping Phone,Notes,Payment Method,"
    "Payment Reference,Vendor,Id,Payment ID\n";

/* 11 orders of one line item each; order 3's Notes opens a quote that never closes.  The
 * next quote is the inch mark in order 8's Notes: a runaway field "closed" there would
 * make a row of exactly the header's width out of orders 3 to 8, so only the line of
 * order 4 (a whole row inside the field) shows that the quote was never closed.  Order
 * 10's Notes is properly quoted, after the resynchronisation. */
static char *shopify_unterminated(void)
{
    GString *s = g_string_new(SHOPIFY_HEADER);
    int i;
    for (i = 1; i <= 11; i++)
        g_string_append_printf(s,
                               "#10%02d,c%d@example.com,paid,2026-11-20 09:55:16 -0400,fulfilled,,no,USD,50.00,0.00,"
                               "0.00,50.00,,0.00,Standard,2026-11-20 09:50:00 -0400,1,Cashmere beanie,50.00,,"
                               "BEANIE-01,true,true,fulfilled,Ann Lee,Ann Lee,US,+1 555 010 01%02d,%s,"
                               "Shopify Payments,c%d.1,Hohhot Cashmere,55500%02d,pay_%d\n",
                               i, i, i, i == 3 ? "\"Please call first" : i == 8 ? "Pipe 12\"" : i == 10 ? "\"Gift, wrap\"" : "", i, i, i);
    return g_string_free(s, FALSE);
}

/* Item 4: 10 orders stored, order 3 quarantined at its line (4: the header is line 1),
 * exit 3, counts conserved. */
START_TEST(csv_unterminated_quote_resyncs)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, "orders_export.csv"), *db = tu_path(dir, "t.db");
    char *csv = shopify_unterminated();
    ingest_run r;

    tu_write(p, csv, -1);
    r = ingest_measured(db, "shopify_orders", p);
    assert_bounded(&r, 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 10);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no = '#1003'"), 0);
    assert_quarantine(db, "UNTERMINATED_QUOTE@line 4");
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_quarantined FROM source_file"), 1);
    assert_counts_conserved(db);
    g_free(csv);
    g_free(db);
    g_free(p);
    g_free(dir);
}
END_TEST

/* The reader alone on CSV text: rows as "a|b", errors as "REASON@locator". */
typedef struct got {
    GPtrArray *rows, *errors;
    int open_status;
} got;

static int on_input(cbec_input *in, void *ud)
{
    got *g = ud;
    cbec_tab_options opt;
    cbec_table *t = NULL;
    cbec_error err;
    cbec_status s;

    memset(&opt, 0, sizeof opt);
    opt.struct_size = sizeof opt;
    memset(&err, 0, sizeof err);
    g->open_status = cbec_tab_open(in, &opt, &t, &err);
    if (g->open_status != CBEC_OK)
        return 0;
    for (;;) {
        memset(&err, 0, sizeof err);
        s = cbec_tab_next(t, &err);
        if (s == CBEC_EOF || s == CBEC_FATAL)
            break;
        if (s == CBEC_RECORD_ERROR) {
            g_ptr_array_add(g->errors, g_strdup_printf("%s@%s", err.reason, err.locator));
            continue;
        }
        g_ptr_array_add(g->rows, g_strdup_printf("%s|%s", cbec_tab_cell(t, 0), cbec_tab_cell(t, 1)));
    }
    if (s == CBEC_FATAL)
        g_ptr_array_add(g->errors, g_strdup_printf("FATAL:%s", err.reason));
    cbec_tab_close(t);
    return 0;
}

static void on_error(const char *display, const char *path, const char *member, const char *reason,
                     const char *message, void *ud)
{
    (void)display; (void)path; (void)member; (void)reason; (void)ud;
    ck_abort_msg("walk error: %s", message);
}

static void read_csv(const char *text, size_t len, got *g)
{
    static const cbec_walk_ops ops = {on_input, on_error};
    cbec_walk_opts w = {8LL << 30, 200, 4};
    char *dir = tu_tmpdir(), *p = tu_path(dir, "t.csv");
    g->rows = g_ptr_array_new_with_free_func(g_free);
    g->errors = g_ptr_array_new_with_free_func(g_free);
    tu_write(p, text, (ssize_t)len);
    ck_assert_int_eq(cbec_walk(p, &w, &ops, g), CBEC_ERR_NONE);
    ck_assert_int_eq(g->open_status, CBEC_OK);
    g_free(p);
    g_free(dir);
}

static char *joined(GPtrArray *a)
{
    g_ptr_array_add(a, NULL);
    return g_strjoinv(";", (char **)a->pdata);
}

static void assert_read(const char *text, const char *want_rows, const char *want_errors)
{
    got g;
    char *rows, *errors;
    read_csv(text, strlen(text), &g);
    rows = joined(g.rows);
    errors = joined(g.errors);
    ck_assert_str_eq(rows, want_rows);
    ck_assert_str_eq(errors, want_errors);
    g_free(rows);
    g_free(errors);
    g_ptr_array_free(g.rows, TRUE);
    g_ptr_array_free(g.errors, TRUE);
}

/* Narrow tables (no "whole row" test below three columns): the other ways to give up. */
START_TEST(csv_unterminated_quote_other_triggers)
{
    /* The input ends inside the field: the rows it swallowed are read again. */
    assert_read("id,note\n1,\"call me\n2,b\n3,c\n", "2|b;3|c", "UNTERMINATED_QUOTE@line 2");
    /* "Closed" by the opening quote of a later row's field, followed by text. */
    assert_read("id,note\r\n1,\"call me\r\n2,b\r\n3,\"c\"\r\n4,d\r\n", "2|b;3|c;4|d", "UNTERMINATED_QUOTE@line 2");
    /* Wider than the header once "closed" (by the inch mark of a later row). */
    assert_read("id,note\n1,\"x\n2,y\",z\n3,w\n", "2|y\";3|w", "UNTERMINATED_QUOTE@line 2");
    /* Still fine: a real multi-line note, and "abc"def on one line (kept, as before). */
    assert_read("id,note\n1,\"two\nlines\"\n2,\"ab\"cd\n", "1|two\nlines;2|abcd", "");
    /* The last line opens a quote: an error, not a value. */
    assert_read("id,note\n1,a\n2,\"b\n", "1|a", "UNTERMINATED_QUOTE@line 3");
}
END_TEST

/* Past 500 lines inside one field: the inch mark on line 701 would "close" it into a
 * row of two cells, the header's width. */
START_TEST(csv_unterminated_quote_too_many_lines)
{
    GString *s = g_string_new("id,note\n1,\"x\n");
    int i;
    got g;
    for (i = 2; i <= 700; i++)
        g_string_append_printf(s, i == 700 ? "%d,12\"\n" : "%d,y\n", i);
    g_string_append(s, "701,z\n");
    read_csv(s->str, s->len, &g);
    ck_assert_uint_eq(g.errors->len, 1);
    ck_assert_str_eq(g_ptr_array_index(g.errors, 0), "UNTERMINATED_QUOTE@line 2");
    ck_assert_uint_eq(g.rows->len, 700);
    ck_assert_str_eq(g_ptr_array_index(g.rows, 698), "700|12\"");
    ck_assert_str_eq(g_ptr_array_index(g.rows, 699), "701|z");
    g_ptr_array_free(g.rows, TRUE);
    g_ptr_array_free(g.errors, TRUE);
    g_string_free(s, TRUE);
}
END_TEST

/* Item 4, the 4 MiB row limit: a quote opened on line 2 and 300 rows of 20 KB after it
 * (6 MB).  Before, the field ran to 4 MiB and the ~210 rows inside it were one
 * ROW_TOO_LONG error; now they are read again from line 3. */
START_TEST(csv_unterminated_quote_past_row_limit)
{
    GString *s = g_string_new("id,note\n1,\"x\n");
    char *pad = g_strnfill(20000, 'p');
    int i;
    got g;
    for (i = 2; i <= 301; i++)
        g_string_append_printf(s, "%d,%s\n", i, pad);
    read_csv(s->str, s->len, &g);
    ck_assert_uint_eq(g.errors->len, 1);
    ck_assert_str_eq(g_ptr_array_index(g.errors, 0), "UNTERMINATED_QUOTE@line 2");
    ck_assert_uint_eq(g.rows->len, 300);
    ck_assert(g_str_has_prefix(g_ptr_array_index(g.rows, 0), "2|ppp"));
    ck_assert(g_str_has_prefix(g_ptr_array_index(g.rows, 299), "301|ppp"));
    g_ptr_array_free(g.rows, TRUE);
    g_ptr_array_free(g.errors, TRUE);
    g_free(pad);
    g_string_free(s, TRUE);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("xlsx_csv");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, xlsx_billion_laughs_in_workbook);
    tcase_add_test(tc, xlsx_billion_laughs_utf16_shared_strings);
    tcase_add_test(tc, xlsx_shared_strings_bomb_refused);
    tcase_add_test(tc, xlsx_cell_too_long_is_a_record_error);
    tcase_add_test(tc, csv_unterminated_quote_resyncs);
    tcase_add_test(tc, csv_unterminated_quote_other_triggers);
    tcase_add_test(tc, csv_unterminated_quote_too_many_lines);
    tcase_add_test(tc, csv_unterminated_quote_past_row_limit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    int failed;
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
