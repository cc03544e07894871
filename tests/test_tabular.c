/* The shared tabular reader (core/tabular): CSV dialects, encodings, headers, XLSX. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <xlsxwriter.h>

#include "core/input/input.h"
#include "core/tabular/tabular.h"
#include "testutil.h"

/* What a read produced: rows as "cell|cell|...", locators, statuses of bad rows. */
typedef struct got {
    cbec_tab_options opt;
    int open_status;
    cbec_error open_err;
    GPtrArray *rows, *locs, *errors;   /* errors: "REASON@locator" */
    GPtrArray *headers;
    int marks[8];                      /* cbec_tab_decimal_mark of the first columns after open */
} got;

static int on_input(cbec_input *in, void *ud)
{
    got *g = ud;
    cbec_table *t = NULL;
    cbec_error err;
    cbec_status s;
    size_t c;

    memset(&err, 0, sizeof err);
    g->open_status = cbec_tab_open(in, &g->opt, &t, &g->open_err);
    if (g->open_status != CBEC_OK)
        return 0;
    for (c = 0; cbec_tab_header(t, c); c++)
        g_ptr_array_add(g->headers, g_strdup(cbec_tab_header(t, c)));
    for (c = 0; c < G_N_ELEMENTS(g->marks); c++)
        g->marks[c] = cbec_tab_decimal_mark(t, c);
    for (;;) {
        memset(&err, 0, sizeof err);
        s = cbec_tab_next(t, &err);
        if (s == CBEC_EOF || s == CBEC_FATAL)
            break;
        if (s == CBEC_RECORD_ERROR) {
            g_ptr_array_add(g->errors, g_strdup_printf("%s@%s", err.reason, err.locator));
            continue;
        }
        {
            GString *r = g_string_new(NULL);
            for (c = 0; c < cbec_tab_ncols(t); c++) {
                if (c)
                    g_string_append_c(r, '|');
                g_string_append(r, cbec_tab_cell(t, c));
            }
            g_ptr_array_add(g->rows, g_string_free(r, FALSE));
            g_ptr_array_add(g->locs, g_strdup(cbec_tab_locator(t)));
        }
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

static void got_init(got *g)
{
    memset(g, 0, sizeof *g);
    g->opt.struct_size = sizeof g->opt;
    g->rows = g_ptr_array_new_with_free_func(g_free);
    g->locs = g_ptr_array_new_with_free_func(g_free);
    g->errors = g_ptr_array_new_with_free_func(g_free);
    g->headers = g_ptr_array_new_with_free_func(g_free);
}

static void got_free(got *g)
{
    g_ptr_array_free(g->rows, TRUE);
    g_ptr_array_free(g->locs, TRUE);
    g_ptr_array_free(g->errors, TRUE);
    g_ptr_array_free(g->headers, TRUE);
}

static void read_path(const char *path, got *g)
{
    static const cbec_walk_ops ops = {on_input, on_error};
    cbec_walk_opts w = {8LL << 30, 200, 4};
    ck_assert_int_eq(cbec_walk(path, &w, &ops, g), CBEC_ERR_NONE);
}

/* Write bytes to a new temp file and read it as a table. */
static void read_bytes(const char *name, const void *data, size_t len, got *g)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, name);
    tu_write(p, data, (ssize_t)len);
    read_path(p, g);
    g_free(p);
    g_free(dir);
}

#define ROW(g, i) ((const char *)g_ptr_array_index((g)->rows, (i)))
#define LOC(g, i) ((const char *)g_ptr_array_index((g)->locs, (i)))

START_TEST(csv_quoted_newlines_and_locators)
{
    got g;
    const char csv[] = "Name,Notes,Total\r\n#1,\"gift wrap\r\nleave at door, \"\"thanks\"\"\",10.00\r\n"
                       "#2,,20.00\r\n\r\n#3,\"a\nb\nc\",30.00\n";
    got_init(&g);
    read_bytes("s.csv", csv, sizeof csv - 1, &g);
    ck_assert_int_eq(g.open_status, CBEC_OK);
    ck_assert_uint_eq(g.rows->len, 3);
    ck_assert_str_eq(ROW(&g, 0), "#1|gift wrap\nleave at door, \"thanks\"|10.00");
    ck_assert_str_eq(LOC(&g, 0), "line 2");
    ck_assert_str_eq(LOC(&g, 1), "line 4");
    ck_assert_str_eq(ROW(&g, 2), "#3|a\nb\nc|30.00");
    ck_assert_str_eq(LOC(&g, 2), "line 6");   /* the blank line 5 is not a record */
    ck_assert_str_eq(g_ptr_array_index(g.headers, 2), "total");
    got_free(&g);
}
END_TEST

START_TEST(sniff_semicolon_bom_tab)
{
    got g;
    const char semi[] = "\xEF\xBB\xBFOrder;Amount;Note\n1;1 234,56;\"x;y\"\n2;7,00;z\n";
    const char tsv[] = "a\tb\tc\n1,5\t2,5\t3\n4\t5\t6\n";
    got_init(&g);
    read_bytes("s.csv", semi, sizeof semi - 1, &g);
    ck_assert_uint_eq(g.rows->len, 2);
    ck_assert_str_eq(g_ptr_array_index(g.headers, 0), "order");   /* BOM gone */
    ck_assert_str_eq(ROW(&g, 0), "1|1 234,56|x;y");
    got_free(&g);
    got_init(&g);
    read_bytes("t.txt", tsv, sizeof tsv - 1, &g);
    ck_assert_str_eq(ROW(&g, 0), "1,5|2,5|3");
    got_free(&g);
}
END_TEST

/* The decimal-mark look-ahead: evidence per column from the first rows only (bounded),
 * and the rows read ahead are still all returned, in order, with their locators. */
START_TEST(decimal_lookahead_per_column)
{
    static const char csv[] = "w;v;n;mixed\n"
                              "1,250;980;a;0,5\n"
                              "0,480;1,234.56;b;0.5\n"
                              "12,5;7;c;1\n"
                              "2,000;0,5;d;2\n";   /* past a 3-row window: its "0,5" is not seen */
    got g;
    got_init(&g);
    g.opt.decimal_lookahead = 3;
    read_bytes("m.csv", csv, sizeof csv - 1, &g);
    ck_assert_uint_eq(g.rows->len, 4);
    ck_assert_str_eq(ROW(&g, 0), "1,250|980|a|0,5");
    ck_assert_str_eq(ROW(&g, 3), "2,000|0,5|d|2");
    ck_assert_str_eq(LOC(&g, 0), "line 2");
    ck_assert_str_eq(LOC(&g, 3), "line 5");
    ck_assert_int_eq(g.marks[0], ',');
    ck_assert_int_eq(g.marks[1], '.');
    ck_assert_int_eq(g.marks[2], 0);
    ck_assert_int_eq(g.marks[3], '?');
    got_free(&g);
    /* without the option: no evidence, rows the same */
    got_init(&g);
    read_bytes("m.csv", csv, sizeof csv - 1, &g);
    ck_assert_uint_eq(g.rows->len, 4);
    ck_assert_int_eq(g.marks[0], 0);
    got_free(&g);
}
END_TEST

START_TEST(utf16le_with_bom)
{
    got g;
    const char *text = "Номер;Сумма\r\n7;12,50\r\n";
    gsize n = 0;
    char *u16 = g_convert(text, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
    GString *b = g_string_new_len("\xFF\xFE", 2);
    g_string_append_len(b, u16, (gssize)n);
    got_init(&g);
    read_bytes("u.csv", b->str, b->len, &g);
    ck_assert_int_eq(g.open_status, CBEC_OK);
    ck_assert_str_eq(g_ptr_array_index(g.headers, 0), "номер");
    ck_assert_uint_eq(g.rows->len, 1);
    ck_assert_str_eq(ROW(&g, 0), "7|12,50");
    got_free(&g);
    g_string_free(b, TRUE);
    g_free(u16);
}
END_TEST

/* GB18030 over several 64 KiB chunks: odd offsets put 2-byte characters across every boundary. */
START_TEST(gb18030_across_chunks)
{
    got g;
    GString *u = g_string_new("订单号,品名,国家\n");
    char *gb;
    gsize n = 0;
    int i;
    for (i = 0; i < 12000; i++)
        g_string_append_printf(u, "HH%05d,%s羊绒围巾%d,俄罗斯\n", i, i % 3 ? "驼" : "", i);
    gb = g_convert(u->str, (gssize)u->len, "GB18030", "UTF-8", NULL, &n, NULL);
    ck_assert_ptr_nonnull(gb);
    ck_assert_uint_gt(n, 3 * 65536);
    got_init(&g);
    read_bytes("gb.csv", gb, n, &g);
    ck_assert_int_eq(g.open_status, CBEC_OK);
    ck_assert_uint_eq(g.errors->len, 0);
    ck_assert_uint_eq(g.rows->len, 12000);
    ck_assert_str_eq(g_ptr_array_index(g.headers, 1), "品名");
    for (i = 0; i < 12000; i++) {
        char *want = g_strdup_printf("HH%05d|%s羊绒围巾%d|俄罗斯", i, i % 3 ? "驼" : "", i);
        ck_assert_str_eq(ROW(&g, i), want);
        g_free(want);
    }
    got_free(&g);
    g_free(gb);
    g_string_free(u, TRUE);
}
END_TEST

START_TEST(windows1251_configured)
{
    got g;
    const char *text = "Номер заказа;Количество;Статус\r\n0123-1;2;Доставлен\r\n";
    gsize n = 0;
    char *cp = g_convert(text, -1, "WINDOWS-1251", "UTF-8", NULL, &n, NULL);
    got_init(&g);
    g.opt.encoding = "WINDOWS-1251";
    read_bytes("r.csv", cp, n, &g);
    ck_assert_int_eq(g.open_status, CBEC_OK);
    ck_assert_str_eq(g_ptr_array_index(g.headers, 0), "номер заказа");
    ck_assert_str_eq(ROW(&g, 0), "0123-1|2|Доставлен");
    got_free(&g);
    g_free(cp);
}
END_TEST

/* A UTF-8 file (decided on its first chunk) with a broken byte further on: that row is an
 * error, the rest goes on.  A file whose first non-ASCII chunk is not UTF-8 is the code page. */
START_TEST(bad_utf8_row_is_an_error_the_rest_goes_on)
{
    got g;
    GString *b = g_string_new("name,qty\n");
    int i;
    for (i = 0; i < 4000; i++)
        g_string_append_printf(b, "Шарф кашемировый %d,1\n", i);
    g_string_append(b, "bad\xC3\x28 byte,2\nВаленки,3\n");
    got_init(&g);
    read_bytes("b.csv", b->str, b->len, &g);
    ck_assert_uint_eq(g.rows->len, 4001);
    ck_assert_uint_eq(g.errors->len, 1);
    ck_assert_str_eq(g_ptr_array_index(g.errors, 0), "BAD_ENCODING@line 4002");
    ck_assert_str_eq(ROW(&g, 4000), "Валенки|3");
    got_free(&g);
    g_string_free(b, TRUE);
}
END_TEST

START_TEST(preamble_header_by_aliases_and_trailer_skipped)
{
    got g;
    static const char *const aliases[] = {"交易日期", "金额", "对方户名", NULL};
    static const char *const skip[] = {"人民币合计*", "* record(s) downloaded*", NULL};
    const char csv[] = "中国工商银行 账户明细\n账号: 6222 0000 1111\n\n交易日期,金额,对方户名\n"
                       "20261125,\"1,234.50\",呼和浩特羊绒\n20261125,-20.00,邮政\n人民币合计,1214.50,\n"
                       "2,record(s) downloaded,\n";
    got_init(&g);
    g.opt.header_aliases = aliases;
    g.opt.skip_rows = skip;
    read_bytes("p.csv", csv, sizeof csv - 1, &g);
    ck_assert_int_eq(g.open_status, CBEC_OK);
    ck_assert_uint_eq(g.rows->len, 2);
    ck_assert_str_eq(ROW(&g, 0), "20261125|1,234.50|呼和浩特羊绒");
    ck_assert_str_eq(LOC(&g, 0), "line 5");
    got_free(&g);
    /* No header among the first rows: the open fails and says so. */
    got_init(&g);
    g.opt.header_aliases = aliases;
    g.opt.max_preamble = 2;
    read_bytes("p.csv", csv, sizeof csv - 1, &g);
    ck_assert_int_eq(g.open_status, CBEC_FATAL);
    ck_assert_str_eq(g.open_err.reason, "NO_HEADER");
    got_free(&g);
}
END_TEST

START_TEST(runaway_quote_is_bounded)
{
    got g;
    GString *b = g_string_new("a,b\n1,\"never closed");
    g_string_append_len(b, "", 0);
    while (b->len < 5 * 1024 * 1024)
        g_string_append(b, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    g_string_append(b, "\n2,ok\n");
    got_init(&g);
    read_bytes("r.csv", b->str, b->len, &g);
    ck_assert_uint_eq(g.errors->len, 1);
    ck_assert_str_eq(g_ptr_array_index(g.errors, 0), "ROW_TOO_LONG@line 2");
    ck_assert_uint_eq(g.rows->len, 1);
    ck_assert_str_eq(ROW(&g, 0), "2|ok");
    got_free(&g);
    g_string_free(b, TRUE);
}
END_TEST

START_TEST(normalise_numbers_dates)
{
    char *s = cbec_text_normalise("  Ёлка\xe3\x80\x80 ＡＢＣ\xc2\xa0 Total ");
    ck_assert_str_eq(s, "елка abc total");
    g_free(s);
    s = cbec_text_normalise("\xEF\xBB\xBFНомер  отчёта");
    ck_assert_str_eq(s, "номер отчета");
    g_free(s);
#define NT(in, out) do { char *x = cbec_tab_number_text(in); ck_assert_str_eq(x, out); g_free(x); } while (0)
    NT("1.23457E+17", "123457000000000000");
    NT("1.2345678901234567E+17", "123456789012345670");
    NT("123456789012345678", "123456789012345678");
    NT("4.5E-3", "0.0045");
    NT("-1.5E+2", "-150");
    NT("12.50", "12.50");
#define SD(in, b, k, out) do { char *x = cbec_tab_serial_to_iso(in, b, k); ck_assert_str_eq(x, out); g_free(x); } while (0)
    SD("45863", 0, 1, "2025-07-25");
    SD("44401", 1, 1, "2025-07-25");      /* 1904 base: 1462 days later */
    SD("1", 0, 1, "1900-01-01");
    SD("59", 0, 1, "1900-02-28");
    SD("61", 0, 1, "1900-03-01");         /* after Excel's fictitious 1900-02-29 */
    SD("45863.75", 0, 2, "2025-07-25T18:00:00");
    SD("0.5", 0, 3, "12:00:00");
    ck_assert_ptr_null(cbec_tab_serial_to_iso("abc", 0, 1));
}
END_TEST

/* A workbook written by hand: 1904 base, sharedStrings after the sheets, rich text with a
 * phonetic run, inline strings, sparse cells, a numeric id, dates by custom and built-in
 * formats, booleans, and a second sheet with a preamble. */
START_TEST(xlsx_by_hand)
{
    got g;
    char *dir = tu_tmpdir(), *p = tu_path(dir, "hand.xlsx");
    const char *ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
    const char *wb =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<workbookPr date1904=\"1\"/><sheets><sheet name=\"Orders\" sheetId=\"1\" r:id=\"rId7\"/>"
        "<sheet name=\"Второй\" sheetId=\"2\" r:id=\"rId8\"/></sheets></workbook>";
    const char *rels =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/a.xml\"/>"
        "<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/b.xml\"/>"
        "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"strings.xml\"/>"
        "</Relationships>";
    const char *styles =
        "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd\\.mm\\.yyyy\"/></numFmts>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"22\"/><xf numFmtId=\"4\"/></cellXfs>"
        "</styleSheet>";
    const char *sheet1 =
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c><c r=\"D1\" t=\"inlineStr\"><is><t>Paid</t></is></c>"
        "<c r=\"E1\" t=\"s\"><v>2</v></c></row>"
        "<row r=\"3\"><c r=\"A3\"><v>123456789012345678</v></c><c r=\"C3\" s=\"1\"><v>44401</v></c>"
        "<c r=\"D3\" t=\"b\"><v>1</v></c><c r=\"E3\" s=\"3\"><v>1.25E+3</v></c></row>"
        "<row r=\"4\"/>"
        "<row r=\"5\"><c r=\"B5\" t=\"s\"><v>3</v></c><c r=\"C5\" s=\"2\"><v>44401.5</v></c></row>"
        "</sheetData></worksheet>";
    const char *sheet2 =
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Отчет за неделю</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"str\"><v>X-9</v></c><c r=\"B3\" s=\"1\"><v>0</v></c></row>"
        "</sheetData></worksheet>";
    const char *sst =
        "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"4\">"
        "<si><t>Order ID</t></si><si><r><t>Order </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">date</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>ｵｰﾀﾞｰ</t></rPh></si><si><t>Amount</t></si><si><t>B-only</t></si></sst>";
    static const char *const aliases[] = {"order id", "order date", NULL};

    tu_archive(p, "zip", "[Content_Types].xml", ct, "xl/workbook.xml", wb, "xl/_rels/workbook.xml.rels", rels,
               "xl/worksheets/a.xml", sheet1, "xl/worksheets/b.xml", sheet2, "xl/styles.xml", styles,
               "xl/strings.xml", sst, NULL);
    got_init(&g);
    g.opt.header_aliases = aliases;
    read_path(p, &g);
    ck_assert_int_eq(g.open_status, CBEC_OK);
    ck_assert_str_eq(g_ptr_array_index(g.headers, 0), "order id");
    ck_assert_str_eq(g_ptr_array_index(g.headers, 1), "");          /* B1 absent */
    ck_assert_str_eq(g_ptr_array_index(g.headers, 2), "order date"); /* runs joined, phonetic dropped */
    ck_assert_uint_eq(g.rows->len, 3);
    ck_assert_str_eq(ROW(&g, 0), "123456789012345678||2025-07-25|TRUE|1250");
    ck_assert_str_eq(LOC(&g, 0), "Orders!row 3");
    ck_assert_str_eq(ROW(&g, 1), "|B-only|2025-07-25T12:00:00");
    ck_assert_str_eq(LOC(&g, 1), "Orders!row 5");
    /* Second sheet: its own header after a preamble row; serial 0 in 1904 = 1904-01-01. */
    ck_assert_str_eq(ROW(&g, 2), "X-9|1904-01-01");
    ck_assert_str_eq(LOC(&g, 2), "Второй!row 3");
    got_free(&g);
    /* Only the named sheet. */
    got_init(&g);
    g.opt.header_aliases = aliases;
    g.opt.sheet = "второй";
    read_path(p, &g);
    ck_assert_uint_eq(g.rows->len, 1);
    got_free(&g);
    /* With the decimal-mark look-ahead: it stops at the end of the first sheet (the next
     * one has its own header), and every row still comes out once, in order. */
    got_init(&g);
    g.opt.header_aliases = aliases;
    g.opt.decimal_lookahead = 1000;
    read_path(p, &g);
    ck_assert_uint_eq(g.rows->len, 3);
    ck_assert_str_eq(ROW(&g, 0), "123456789012345678||2025-07-25|TRUE|1250");
    ck_assert_str_eq(LOC(&g, 1), "Orders!row 5");
    ck_assert_str_eq(ROW(&g, 2), "X-9|1904-01-01");
    ck_assert_str_eq(LOC(&g, 2), "Второй!row 3");
    ck_assert_str_eq(g_ptr_array_index(g.headers, 2), "order date");
    got_free(&g);
    g_free(p);
    g_free(dir);
}
END_TEST

static void write_book(const char *path, int constant_memory)
{
    lxw_workbook_options o = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    lxw_worksheet *a = workbook_add_worksheet(wb, "Данные");
    lxw_format *date = workbook_add_format(wb);
    lxw_datetime dt = {2026, 11, 25, 0, 0, 0};
    int r;
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_string(a, 0, 0, "Srid", NULL);
    worksheet_write_string(a, 0, 1, "Дата продажи", NULL);
    worksheet_write_string(a, 0, 3, "Сумма", NULL);
    for (r = 1; r <= 300; r++) {
        char id[32];
        g_snprintf(id, sizeof id, "d.%08d.0.0", r);
        worksheet_write_string(a, (lxw_row_t)r, 0, id, NULL);
        worksheet_write_datetime(a, (lxw_row_t)r, 1, &dt, date);
        worksheet_write_number(a, (lxw_row_t)r, 3, r * 1.25, NULL);
    }
    workbook_close(wb);
}

/* libxlsxwriter books: shared strings (default) and inline strings (constant_memory) read the same. */
START_TEST(xlsx_writer_both_modes)
{
    char *dir = tu_tmpdir();
    int mode;
    for (mode = 0; mode < 2; mode++) {
        got g;
        char *p = tu_path(dir, mode ? "cm.xlsx" : "sst.xlsx");
        write_book(p, mode);
        got_init(&g);
        read_path(p, &g);
        ck_assert_int_eq(g.open_status, CBEC_OK);
        ck_assert_str_eq(g_ptr_array_index(g.headers, 1), "дата продажи");
        ck_assert_uint_eq(g.rows->len, 300);
        ck_assert_str_eq(ROW(&g, 0), "d.00000001.0.0|2026-11-25||1.25");
        ck_assert_str_eq(ROW(&g, 299), "d.00000300.0.0|2026-11-25||375");
        ck_assert_str_eq(LOC(&g, 299), "Данные!row 301");
        got_free(&g);
        g_free(p);
    }
    g_free(dir);
}
END_TEST

/* A workbook cut short never looks complete: the open fails, or the sheet ends in a FATAL. */
START_TEST(xlsx_truncated_is_fatal)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, "full.xlsx"), *q = tu_path(dir, "cut.xlsx"), *data = NULL;
    gsize len = 0;
    got g;
    write_book(p, 1);
    ck_assert(g_file_get_contents(p, &data, &len, NULL));
    tu_write(q, data, (ssize_t)(len * 6 / 10));
    got_init(&g);
    read_path(q, &g);
    ck_assert(g.open_status == CBEC_FATAL ||
              (g.errors->len == 1 && strcmp(g_ptr_array_index(g.errors, 0), "FATAL:MALFORMED_XML") == 0));
    ck_assert_uint_lt(g.rows->len, 300);
    got_free(&g);
    g_free(data);
    g_free(q);
    g_free(p);
    g_free(dir);
}
END_TEST

START_TEST(nul_byte_is_a_bad_row)
{
    got g;
    const char csv[] = "a,b\n1,x\0y\n2,3\n";
    got_init(&g);
    read_bytes("n.csv", csv, sizeof csv - 1, &g);
    ck_assert_uint_eq(g.rows->len, 1);
    ck_assert_str_eq(ROW(&g, 0), "2|3");
    ck_assert_str_eq(g_ptr_array_index(g.errors, 0), "BAD_ENCODING@line 2");
    got_free(&g);
}
END_TEST

/* More than 8 MiB of distinct shared strings: the table spills them to temporary files and
 * still finds every one by index. */
START_TEST(xlsx_shared_strings_spill)
{
    char *dir = tu_tmpdir(), *p = tu_path(dir, "many.xlsx");
    lxw_workbook *wb = workbook_new(p);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "S");
    got g;
    int r;
    worksheet_write_string(ws, 0, 0, "Srid", NULL);
    worksheet_write_string(ws, 0, 1, "Название", NULL);
    for (r = 1; r <= 320000; r++) {
        char id[64];
        g_snprintf(id, sizeof id, "srid-%07d-shared-string-padding", r);
        worksheet_write_string(ws, (lxw_row_t)r, 0, id, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 1, r % 2 ? "Шарф" : "Варежки", NULL);
    }
    workbook_close(wb);
    got_init(&g);
    read_path(p, &g);
    ck_assert_int_eq(g.open_status, CBEC_OK);
    ck_assert_uint_eq(g.rows->len, 320000);
    ck_assert_str_eq(ROW(&g, 0), "srid-0000001-shared-string-padding|Шарф");
    ck_assert_str_eq(ROW(&g, 159999), "srid-0160000-shared-string-padding|Варежки");
    ck_assert_str_eq(ROW(&g, 319999), "srid-0320000-shared-string-padding|Варежки");
    for (r = 0; r < 320000; r += 997) {
        char want[80];
        g_snprintf(want, sizeof want, "srid-%07d-shared-string-padding|%s", r + 1, (r + 1) % 2 ? "Шарф" : "Варежки");
        ck_assert_str_eq(ROW(&g, r), want);
    }
    got_free(&g);
    g_free(p);
    g_free(dir);
}
END_TEST

START_TEST(legacy_xls_refused)
{
    got g;
    got_init(&g);
    read_bytes("old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, &g);
    ck_assert_int_eq(g.open_status, CBEC_FATAL);
    ck_assert_str_eq(g.open_err.reason, "UNSUPPORTED");
    got_free(&g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tabular");
    TCase *tc = tcase_create("reader");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, csv_quoted_newlines_and_locators);
    tcase_add_test(tc, sniff_semicolon_bom_tab);
    tcase_add_test(tc, decimal_lookahead_per_column);
    tcase_add_test(tc, utf16le_with_bom);
    tcase_add_test(tc, gb18030_across_chunks);
    tcase_add_test(tc, windows1251_configured);
    tcase_add_test(tc, bad_utf8_row_is_an_error_the_rest_goes_on);
    tcase_add_test(tc, preamble_header_by_aliases_and_trailer_skipped);
    tcase_add_test(tc, runaway_quote_is_bounded);
    tcase_add_test(tc, normalise_numbers_dates);
    tcase_add_test(tc, xlsx_by_hand);
    tcase_add_test(tc, xlsx_writer_both_modes);
    tcase_add_test(tc, xlsx_truncated_is_fatal);
    tcase_add_test(tc, nul_byte_is_a_bad_row);
    tcase_add_test(tc, xlsx_shared_strings_spill);
    tcase_add_test(tc, legacy_xls_refused);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
