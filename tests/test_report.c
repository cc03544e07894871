/* Reports read back like a reader would: XLSX cells through libarchive + libxml2,
 * PDF through poppler's pdfinfo / pdffonts / pdftotext.  Expected figures are the
 * hand sums written at the top of tests/fixtures/report/dataset.sql. */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libxml/xmlreader.h>

#include "reports/providers/catalogue.h"
#include "reports/providers/statistics.h"
#include "core/base/decimal.h"
#include "reports/report.h"
#include "reports/render/text.h"
#include "core/store.h"
#include "testutil.h"

#define DATE "2026-11-25"

static char *dir, *db;
static cbec_store *st;

static void setup(void)
{
    char *sql = NULL, *why = NULL, *fx = tu_src("tests/fixtures/report/dataset.sql"), *err = NULL;
    dir = tu_tmpdir();
    db = tu_path(dir, "report.db");
    ck_assert_int_eq(cbec_store_open(db, 0, &st, &why), CBEC_ERR_NONE);
    ck_assert(g_file_get_contents(fx, &sql, NULL, NULL));
    ck_assert_msg(sqlite3_exec(cbec_store_db(st), sql, NULL, NULL, &err) == SQLITE_OK, "fixture: %s", err);
    g_free(sql);
    g_free(fx);
    cbec_report_cache_clear();
}

static void teardown(void)
{
    cbec_report_cache_clear();
    cbec_store_close(st);
    g_free(dir);
    g_free(db);
}

/* Render one report; returns its path (g_free). */
static char *render(const char *kind, const char *format, const char *lang, const char *templates, int scale,
                    cbec_render_stats *stats, const char *out)
{
    cbec_report_opts o = {kind, format, lang, DATE, out ? out : dir, templates, scale, 0, NULL};
    char *written = NULL, *why = NULL;
    cbec_err rc = cbec_report_render(st, NULL, &o, &written, stats, &why);
    ck_assert_msg(rc == CBEC_ERR_NONE, "render %s %s: %s", kind, format, why ? why : "?");
    return written;
}

/* ---- a small XLSX reader: zip member -> cells ------------------------------------------ */

static char *zip_member(const char *zip, const char *name)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    GString *s = NULL;
    archive_read_support_format_zip(a);
    ck_assert_int_eq(archive_read_open_filename(a, zip, 16384), ARCHIVE_OK);
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        if (strcmp(archive_entry_pathname(e), name) == 0) {
            char buf[8192];
            la_ssize_t n;
            s = g_string_new(NULL);
            while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
                g_string_append_len(s, buf, n);
            break;
        }
    }
    archive_read_free(a);
    return s ? g_string_free(s, FALSE) : NULL;
}

static int zip_count_prefix(const char *zip, const char *prefix)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    int n = 0;
    archive_read_support_format_zip(a);
    ck_assert_int_eq(archive_read_open_filename(a, zip, 16384), ARCHIVE_OK);
    while (archive_read_next_header(a, &e) == ARCHIVE_OK)
        if (g_str_has_prefix(archive_entry_pathname(e), prefix))
            n++;
    archive_read_free(a);
    return n;
}

typedef struct sheet {
    GHashTable *cells;   /* "C6" -> "n:2446.9" (number) or "s:text" (string) */
    int formulas;        /* <f> elements seen */
    int frozen, autofilter;
} sheet;

static void sheet_free(sheet *s)
{
    g_hash_table_destroy(s->cells);
    g_free(s);
}

/* Parse xl/worksheets/sheetN.xml with the streaming reader. */
static sheet *read_sheet(const char *zip, int n)
{
    char *name = g_strdup_printf("xl/worksheets/sheet%d.xml", n), *xml = zip_member(zip, name), *ref = NULL;
    sheet *s = g_new0(sheet, 1);
    xmlTextReaderPtr r;
    int inline_str = 0;
    GString *text = NULL;

    ck_assert_msg(xml != NULL, "no %s", name);
    s->cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    r = xmlReaderForMemory(xml, (int)strlen(xml), name, NULL, XML_PARSE_NONET);
    while (xmlTextReaderRead(r) == 1) {
        const char *ln = (const char *)xmlTextReaderConstLocalName(r);
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            if (strcmp(ln, "c") == 0) {
                xmlChar *rr = xmlTextReaderGetAttribute(r, BAD_CAST "r"), *t = xmlTextReaderGetAttribute(r, BAD_CAST "t");
                g_free(ref);
                ref = g_strdup((char *)rr);
                inline_str = t && (strcmp((char *)t, "inlineStr") == 0 || strcmp((char *)t, "s") == 0 ||
                                   strcmp((char *)t, "str") == 0);
                xmlFree(rr);
                xmlFree(t);
            } else if (strcmp(ln, "v") == 0 || strcmp(ln, "t") == 0) {
                text = g_string_new(NULL);
            } else if (strcmp(ln, "f") == 0)
                s->formulas++;
            else if (strcmp(ln, "pane") == 0)
                s->frozen = 1;
            else if (strcmp(ln, "autoFilter") == 0)
                s->autofilter = 1;
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && text) {
            g_string_append(text, (const char *)xmlTextReaderConstValue(r));
        } else if (type == XML_READER_TYPE_END_ELEMENT && text && (strcmp(ln, "v") == 0 || strcmp(ln, "t") == 0)) {
            g_hash_table_replace(s->cells, g_strdup(ref), g_strconcat(inline_str ? "s:" : "n:", text->str, NULL));
            g_string_free(text, TRUE);
            text = NULL;
        }
    }
    xmlFreeTextReader(r);
    g_free(ref);
    g_free(xml);
    g_free(name);
    return s;
}

/* Index (1-based) of the sheet called name in xl/workbook.xml. */
static int sheet_index(const char *zip, const char *name)
{
    char *wb = zip_member(zip, "xl/workbook.xml"), *p, *want = g_strdup_printf("<sheet name=\"%s\"", name);
    int i = 0, found = 0;
    for (p = wb; (p = strstr(p, "<sheet ")) != NULL; p++) {
        i++;
        if (strncmp(p, want, strlen(want)) == 0) {
            found = i;
            break;
        }
    }
    g_free(wb);
    g_free(want);
    ck_assert_msg(found > 0, "no sheet %s", name);
    return found;
}

/* A numeric cell's value in fen (exact decimal parse of the stored number). */
static int64_t cell_fen(sheet *s, const char *ref)
{
    const char *v = g_hash_table_lookup(s->cells, ref);
    int64_t fen = 0;
    ck_assert_msg(v != NULL, "cell %s is empty", ref);
    ck_assert_msg(g_str_has_prefix(v, "n:"), "cell %s is not a number: %s", ref, v);
    ck_assert_int_ge(cbec_decimal_parse(v + 2, 2, &fen), 0);
    return fen;
}

static const char *cell_text(sheet *s, const char *ref)
{
    const char *v = g_hash_table_lookup(s->cells, ref);
    ck_assert_msg(v != NULL, "cell %s is empty", ref);
    ck_assert_msg(g_str_has_prefix(v, "s:"), "cell %s is not text: %s", ref, v);
    return v + 2;
}

/* Find the first cell holding exactly text; its ref or NULL. */
static const char *find_text(sheet *s, const char *text)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->cells);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (g_str_has_prefix(v, "s:") && strcmp((char *)v + 2, text) == 0)
            return k;
    return NULL;
}

/* ---- statistics figures -------------------------------------------------------------- */

START_TEST(figures_equal_the_dataset)
{
    cbec_render_stats rs;
    char *x = render("statistics", "xlsx", "zh", NULL, 0, &rs, NULL);
    sheet *sum = read_sheet(x, 1), *country;
    ck_assert_int_eq(rs.detail_rows, 4);
    /* summary rows: 6 = trade_value, 7 = retail value, 8 = B2B value, 9 = trade_count */
    ck_assert_int_eq(cell_fen(sum, "C6"), 244690);
    ck_assert_int_eq(cell_fen(sum, "D6"), 100000);
    ck_assert_int_eq(cell_fen(sum, "F6"), 217890);
    ck_assert_int_eq(cell_fen(sum, "C7"), 173456);  /* retail: O1 9610 + O3 1210 (O5 has no rate) */
    ck_assert_int_eq(cell_fen(sum, "C8"), 71234);   /* B2B: O2 9710 */
    ck_assert_int_eq(cell_fen(sum, "C9"), 400);     /* 4 orders */
    ck_assert_str_eq(cell_text(sum, "A6"), "进出口总额");
    /* generated sentences: both bases known, then the fallback where exports have no base last year */
    ck_assert_ptr_nonnull(find_text(sum, "2026年11月1日至25日，跨境电商进出口总额 0.00 亿元，同比增长 12.3%，"
                                         "环比增长 144.7%。"));
    ck_assert_ptr_nonnull(find_text(sum, "其中进口 0.17 万元，出口 0.07 万元。"));
    country = read_sheet(x, sheet_index(x, "国别地区"));
    /* the name, then its code in a column of its own (issue 18 item 7), then the figures */
    ck_assert_str_eq(cell_text(country, "A5"), "俄罗斯");
    ck_assert_str_eq(cell_text(country, "B5"), "RU");
    ck_assert_int_eq(cell_fen(country, "C5"), 200);
    ck_assert_int_eq(cell_fen(country, "D5"), 173456);
    ck_assert_str_eq(cell_text(country, "A6"), "蒙古");
    ck_assert_int_eq(cell_fen(country, "D6"), 71234);
    ck_assert(country->frozen && country->autofilter);
    sheet_free(sum);
    sheet_free(country);
    g_free(x);
}
END_TEST

START_TEST(model_indicators)
{
    cbec_report_opts o = {"statistics", "xlsx", "zh", DATE, NULL, NULL, 0, 0, NULL};
    cbec_rmodel *m = cbec_rmodel_new("statistics", "zh", DATE);
    cbec_report_ctx ctx = {cbec_store_db(st), NULL, DATE, "zh", NULL, m, NULL};
    const cbec_rscalar *s;
    const cbec_rtable *t;
    char *why = NULL;
    (void)o;
    ck_assert_int_eq(cbec_report_provide_statistics(&ctx, &why), CBEC_ERR_NONE);
#define SI(id, p) (cbec_rmodel_get_scalar(m, id)->v[p].i)
#define SD(id, p) (cbec_rmodel_get_scalar(m, id)->v[p].d)
    ck_assert_int_eq(SI("trade_value", CBEC_P_CUR), 244690);
    ck_assert_int_eq(SI("trade_count", CBEC_P_CUR), 4);
    ck_assert_int_eq(SI("import_count", CBEC_P_CUR), 3);
    ck_assert_int_eq(SI("import_value", CBEC_P_CUR), 173456);
    ck_assert_int_eq(SI("export_value", CBEC_P_CUR), 71234);
    ck_assert_int_eq(SI("retail_avg_value", CBEC_P_CUR), 86728);   /* O1 + O3 over 2 valued retail orders (O5 has no rate) */
    ck_assert_int_eq(SI("b2b_avg_value", CBEC_P_CUR), 71234);
    ck_assert_int_eq(SI("unconverted_count", CBEC_P_CUR), 1);
    ck_assert_int_eq(SI("featured_value", CBEC_P_CUR), 194690);
    ck_assert_int_eq(SI("day_value", CBEC_P_CUR), 50000);
    ck_assert_int_eq(SI("day_count", CBEC_P_CUR), 1);
    ck_assert_int_eq(SI("trade_value", CBEC_P_PREV), 100000);
    ck_assert_int_eq(SI("trade_value", CBEC_P_LY), 217890);
    ck_assert_double_eq_tol(SD("lead_time_hours", CBEC_P_CUR), 9.0, 1e-6);
    ck_assert_double_eq_tol(SD("match_rate", CBEC_P_CUR), 0.5, 1e-12);
    ck_assert_double_eq_tol(SD("featured_share", CBEC_P_CUR), 194690.0 / 244690.0, 1e-12);
    /* composite index against the same days of 2025 (Nov 1-25, O7 only): value and count per day, weights
     * 0.35 / 0.25; match rate, featured share and lead time have no base figure and drop out */
    ck_assert_double_eq_tol(SD("composite_index", CBEC_P_CUR),
                            100.0 * (0.35 * ((244690.0 / 25) / (217890.0 / 25)) + 0.25 * ((4.0 / 25) / (1.0 / 25))) / 0.6,
                            1e-9);
    s = cbec_rmodel_get_scalar(m, "match_rate");
    ck_assert(s->v[CBEC_P_PREV].null);   /* no flows last month: no base */
    t = cbec_rmodel_get_table(m, "by_featured");
    ck_assert_uint_eq(t->rows->len, 6);
    ck_assert_str_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 0))[0].s, "cashmere");
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 0))[3].i, 100000);
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 2))[3].i, 23456);   /* dairy */
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 5))[3].i, 71234);   /* auto parts */
    t = cbec_rmodel_get_table(m, "by_hs_chapter");
    ck_assert_str_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 0))[0].s, "51");
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 0))[3].i, 100000);
    t = cbec_rmodel_get_table(m, "month_series");
    ck_assert_uint_eq(t->rows->len, 13);
    ck_assert_str_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 12))[0].s, "11月1—25日");   /* partial month, marked */
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 12))[2].i, 244690);
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 11))[2].i, 100000);
    ck_assert_int_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 0))[2].i, 217890);
    t = cbec_rmodel_get_table(m, "by_trade_mode");
    ck_assert_str_eq(((cbec_rcell *)g_ptr_array_index(t->rows, 0))[1].s, "直购进口（9610）");
    cbec_rmodel_free(m);
}
END_TEST

/* ---- XLSX safety ---------------------------------------------------------------------- */

START_TEST(formula_text_stays_text_and_long_text_is_cut)
{
    cbec_render_stats rs;
    char *x = render("statistics", "xlsx", "zh", NULL, 0, &rs, NULL), *props;
    sheet *plat = read_sheet(x, sheet_index(x, "电商平台")), *sel = read_sheet(x, sheet_index(x, "电商企业"));
    sheet *det = read_sheet(x, sheet_index(x, "明细"));
    const char *ref, *loc;
    int i, n = zip_count_prefix(x, "xl/worksheets/sheet");

    ck_assert_ptr_nonnull(find_text(plat, "=1+1"));
    ck_assert_ptr_nonnull(find_text(plat, "@platform"));
    ck_assert_ptr_nonnull(find_text(sel, "=HYPERLINK(\"http://x\",\"y\")"));
    ck_assert_ptr_nonnull(find_text(sel, "-seller"));
    for (i = 1; i <= n; i++) {
        sheet *s = read_sheet(x, i);
        ck_assert_int_eq(s->formulas, 0);
        sheet_free(s);
    }
    /* O3 is the 4th detail row (row 5); its 40,001-character locator is column Q */
    ck_assert_str_eq(cell_text(det, "B5"), "O3");
    ref = "Q5";
    loc = cell_text(det, ref);
    ck_assert_int_eq(g_utf8_strlen(loc, -1), 32767);
    ck_assert(g_str_has_suffix(loc, "…[truncated]"));
    ck_assert(g_str_has_prefix(loc, "/abab"));
    ck_assert_int_eq(rs.truncated, 1);
    ck_assert(det->frozen && det->autofilter);
    ck_assert_int_eq(cell_fen(det, "M3"), 71234);   /* O2 in CNY */
    ck_assert_int_eq(cell_fen(det, "L3"), 10000); /* USD paid 100.00: a number in its own currency, not text */
    /* charts, definitions sheet and document properties */
    ck_assert_int_ge(zip_count_prefix(x, "xl/charts/chart"), 5);
    ck_assert_int_gt(sheet_index(x, "指标定义"), 0);
    props = zip_member(x, "docProps/core.xml");
    ck_assert_ptr_nonnull(strstr(props, "跨境电子商务统计快报"));
    g_free(props);
    sheet_free(plat);
    sheet_free(sel);
    sheet_free(det);
    g_free(x);
}
END_TEST

START_TEST(detail_continues_on_a_next_sheet)
{
    /* the same code path as Excel's 1,048,575-row limit, with a limit of 3 rows per sheet */
    cbec_report_opts o = {"statistics", "xlsx", "zh", DATE, dir, NULL, 0, 3, NULL};
    cbec_render_stats rs;
    char *written = NULL, *why = NULL;
    sheet *a, *b;
    ck_assert_int_eq(cbec_report_render(st, NULL, &o, &written, &rs, &why), CBEC_ERR_NONE);
    ck_assert_int_eq(rs.detail_rows, 4);
    a = read_sheet(written, sheet_index(written, "明细"));
    b = read_sheet(written, sheet_index(written, "明细 2"));
    ck_assert_str_eq(cell_text(a, "B1"), "订单编号");   /* each part has its header row */
    ck_assert_str_eq(cell_text(a, "B4"), "O5");
    ck_assert_ptr_null(g_hash_table_lookup(a->cells, "B5"));
    ck_assert_str_eq(cell_text(b, "B1"), "订单编号");
    ck_assert_str_eq(cell_text(b, "B2"), "O3");
    ck_assert(b->frozen && b->autofilter);
    sheet_free(a);
    sheet_free(b);
    g_free(written);
}
END_TEST

START_TEST(cell_text_cut)
{
    int tr = 0;
    char *s = cbec_xlsx_cell_text("short", 32767, &tr), *big, *cut;
    GString *g = g_string_new(NULL);
    ck_assert_str_eq(s, "short");
    ck_assert_int_eq(tr, 0);
    g_free(s);
    while (g->len < 40000 * 3)
        g_string_append(g, "汉");
    big = g_string_free(g, FALSE);
    cut = cbec_xlsx_cell_text(big, 32767, &tr);
    ck_assert_int_eq(tr, 1);
    ck_assert_int_eq(g_utf8_strlen(cut, -1), 32767);
    ck_assert(g_utf8_validate(cut, -1, NULL));
    g_free(cut);
    g_free(big);
}
END_TEST

/* ---- templates are data ---------------------------------------------------------------- */

static void copy(const char *from, const char *to, const char *a, const char *b)
{
    char *text = NULL, *out;
    GString *g;
    ck_assert(g_file_get_contents(from, &text, NULL, NULL));
    g = g_string_new(text);
    while (a && strstr(g->str, a))
        g_string_replace(g, a, b, 1);
    out = g_string_free(g, FALSE);
    ck_assert(g_file_set_contents(to, out, -1, NULL));
    g_free(text);
    g_free(out);
}

START_TEST(template_change_needs_no_rebuild)
{
    char *tdir = tu_path(dir, "tpl"), *src = tu_src("templates"), *a, *b, *x, *out = tu_path(dir, "out2");
    cbec_render_stats rs;
    sheet *first;
    int charts_before;

    x = render("statistics", "xlsx", "zh", NULL, 0, &rs, out);
    charts_before = zip_count_prefix(x, "xl/charts/chart");
    g_free(x);
    g_mkdir_with_parents(tdir, 0755);
    a = g_build_filename(src, "common.tpl", NULL);
    b = g_build_filename(tdir, "common.tpl", NULL);
    copy(a, b, NULL, NULL);
    g_free(a);
    g_free(b);
    a = g_build_filename(src, "statistics.tpl", NULL);
    b = g_build_filename(tdir, "statistics.tpl", NULL);
    /* relabel, move the definitions to the front, drop the monthly chart */
    copy(a, b, "title[zh] = 主要指标", "title[zh] = 核心数据");
    {
        char *t2 = g_strconcat(b, ".2", NULL);
        copy(b, t2, "sections = headline;", "sections = definitions;headline;");
        copy(t2, b, "chart = line\n", "chart = none\n");
        g_free(t2);
    }
    cbec_report_cache_clear();
    x = render("statistics", "xlsx", "zh", tdir, 0, &rs, out);
    ck_assert_int_eq(sheet_index(x, "指标定义"), 1);
    first = read_sheet(x, 2);
    ck_assert_ptr_nonnull(find_text(first, "核心数据"));
    ck_assert_ptr_null(find_text(first, "主要指标"));
    ck_assert_int_eq(zip_count_prefix(x, "xl/charts/chart"), charts_before - 1);
    sheet_free(first);
    g_free(x);
    g_free(a);
    g_free(b);
    g_free(src);
    g_free(tdir);
    g_free(out);
}
END_TEST

/* ---- PDF ---------------------------------------------------------------------------- */

static char *run_tool(const char *cmd, const char *pdf)
{
    char *line = g_strdup_printf("%s '%s' -", cmd, pdf), *out = NULL;
    int status = -1;
    if (g_str_has_prefix(cmd, "pdfinfo") || g_str_has_prefix(cmd, "pdffonts")) {
        g_free(line);
        line = g_strdup_printf("%s '%s'", cmd, pdf);
    }
    ck_assert(g_spawn_command_line_sync(line, &out, NULL, &status, NULL));
    ck_assert_msg(status == 0, "%s failed", line);
    g_free(line);
    return out;
}

static int pages(const char *pdf)
{
    char *info = run_tool("pdfinfo", pdf), *p = strstr(info, "Pages:");
    int n;
    ck_assert_ptr_nonnull(p);
    n = atoi(p + 6);
    g_free(info);
    return n;
}

static char *squeeze(char *s)
{
    char *r = s, *w = s;
    for (; *r; r++)
        if (!g_ascii_isspace(*r))
            *w++ = *r;
    *w = '\0';
    return s;
}

START_TEST(pdf_bulletin_zh)
{
    cbec_render_stats rs;
    char *p = render("statistics", "pdf", "zh", NULL, 0, &rs, NULL), *fonts, *text;
    int n = pages(p);
    ck_assert_int_ge(n, 2);
    ck_assert_int_le(n, 6);
    ck_assert_int_eq(rs.pages, n);
    ck_assert_int_eq(rs.overflows, 0);
    fonts = run_tool("pdffonts", p);
    ck_assert_msg(strstr(fonts, "NotoSansCJK") && strstr(fonts, "yes yes"), "fonts: %s", fonts);
    text = squeeze(run_tool("pdftotext -enc UTF-8", p));
    ck_assert_ptr_nonnull(strstr(text, "呼和浩特跨境电子商务综合试验区"));
    ck_assert_ptr_nonnull(strstr(text, "跨境电子商务统计快报"));
    ck_assert_ptr_nonnull(strstr(text, "2026年第11期"));
    /* 244,690 fen against 217,890 last year: +12.3%; against 100,000 last month: +144.7% */
    ck_assert_msg(strstr(text, "进出口总额0.00亿元，同比增长12.3%，环比增长144.7%"), "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "2,446.90元"));   /* the headline box */
    ck_assert_ptr_nonnull(strstr(text, "俄罗斯"));
    ck_assert_ptr_nonnull(strstr(text, "第1页共"));
    g_free(fonts);
    g_free(text);
    g_free(p);
}
END_TEST

START_TEST(pdf_bulletin_en)
{
    cbec_render_stats rs;
    char *p = render("statistics", "pdf", "en", NULL, 0, &rs, NULL), *text;
    ck_assert(g_str_has_suffix(p, "statistics-2026-11-25-en.pdf"));
    text = squeeze(run_tool("pdftotext -enc UTF-8", p));
    ck_assert_msg(strstr(text, "up12.3%yearonyearandup144.7%onlastmonth"), "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "Russia"));
    g_free(text);
    g_free(p);
}
END_TEST

START_TEST(pdf_fits_at_ten_times_the_figures)
{
    static const int scales[] = {10, 1000, 100000};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(scales); i++) {
        cbec_render_stats rs;
        char *p = render("statistics", "pdf", i == 2 ? "en" : "zh", NULL, scales[i], &rs, NULL);
        ck_assert_msg(rs.overflows == 0, "x%d: %d boxes overflowed", scales[i], rs.overflows);
        ck_assert_int_ge(rs.pages, 2);
        ck_assert_int_le(rs.pages, 6);
        cbec_report_cache_clear();
        g_free(p);
    }
}
END_TEST

/* ---- reconciliation, atomic writes, CLI ------------------------------------------------- */

START_TEST(reconciliation_report)
{
    cbec_render_stats rs;
    char *x = render("reconciliation", "xlsx", "zh", NULL, 0, &rs, NULL), *p;
    sheet *ex = read_sheet(x, sheet_index(x, "异常明细")), *q = read_sheet(x, sheet_index(x, "隔离记录"));
    ck_assert_str_eq(cell_text(ex, "B2"), "O3");
    /* codes in columns of their own, beside their names */
    ck_assert_str_eq(cell_text(ex, "F2"), "缺支付单");
    ck_assert_str_eq(cell_text(ex, "G2"), "PAYMENT_MISSING");
    ck_assert_str_eq(cell_text(ex, "H2"), "缺支付单；金额不符");
    ck_assert_str_eq(cell_text(ex, "I2"), "PAYMENT_MISSING AMOUNT_MISMATCH");
    ck_assert_int_eq(cell_fen(ex, "J2"), 50000);
    ck_assert_str_eq(cell_text(ex, "N2"), "/drop/2026-11-25/orders.zip!ceb311.xml");
    ck_assert_str_eq(cell_text(q, "D2"), "+=cmd text stays text");
    ck_assert_int_eq(q->formulas, 0);
    sheet_free(ex);
    sheet_free(q);
    p = render("reconciliation", "pdf", "zh", NULL, 0, &rs, NULL);
    /* the bulletin: figures, summary, main and further reasons, days open, bank credits, definitions */
    ck_assert_int_eq(pages(p), 2);
    g_free(p);
    g_free(x);
}
END_TEST

START_TEST(atomic_and_cli)
{
    char *out = tu_path(dir, "cli"), *err = NULL, *o = NULL, *bad = tu_path(dir, "nothing");
    GDir *d;
    const char *name;
    int files = 0;

    ck_assert_int_eq(tu_run(&o, &err, "report", "--db", db, "--kind", "statistics", "--format", "xlsx", "--date",
                            DATE, "--out", out, NULL),
                     0);
    ck_assert_msg(strstr(o, "statistics-2026-11-25.xlsx"), "%s %s", o, err);
    ck_assert_int_eq(tu_run(NULL, NULL, "report", "--db", db, "--kind", "statistics", "--format", "pdf", "--date",
                            DATE, "--out", out, NULL),
                     0);
    ck_assert_int_eq(tu_run(NULL, NULL, "report", "--db", db, "--kind", "nosuch", "--format", "pdf", "--date", DATE,
                            "--out", out, NULL),
                     2);
    ck_assert_int_eq(tu_run(NULL, NULL, "report", "--db", db, "--kind", "statistics", "--format", "doc", "--date",
                            DATE, "--out", out, NULL),
                     2);
    ck_assert_int_eq(tu_run(NULL, NULL, "report", "--db", db, "--kind", "statistics", "--format", "pdf", "--date",
                            "2026-13-40", "--out", out, NULL),
                     2);
    ck_assert_int_eq(tu_run(NULL, NULL, "report", "--db", db, "--kind", "statistics", "--format", "pdf", "--date",
                            DATE, "--templates", bad, "--out", out, NULL),
                     2);
    /* only the two finished files: no temporary names left behind */
    d = g_dir_open(out, 0, NULL);
    while ((name = g_dir_read_name(d)) != NULL) {
        ck_assert_msg(name[0] != '.', "left over: %s", name);
        files++;
    }
    g_dir_close(d);
    ck_assert_int_eq(files, 2);
    g_free(out);
    g_free(bad);
    g_free(o);
    g_free(err);
}
END_TEST

START_TEST(conversion_and_categories)
{
    char *path = tu_src("etc/indicators.conf"), *why = NULL;
    cbec_stats_conf *c = cbec_stats_conf_load(path, &why);
    size_t n, i;
    const cbec_indicator *cat = cbec_stats_catalogue(&n);

    ck_assert_ptr_nonnull(c);
    /* (the conversion to CNY is tested in test_fx: core/fx.h) */
    ck_assert_str_eq(cbec_stats_featured(c, "6110.12.00"), "cashmere");
    ck_assert_str_eq(cbec_stats_featured(c, "1901101000"), "dairy");
    ck_assert_ptr_null(cbec_stats_featured(c, "1901900000"));
    ck_assert_str_eq(cbec_stats_featured(c, "8708999999"), "autoparts");
    ck_assert_str_eq(cbec_stats_conf_label(c, "country", "344", "zh"), "俄罗斯");
    ck_assert_str_eq(cbec_stats_conf_label(c, "country", "MN", "en"), "Mongolia");
    ck_assert_double_eq_tol(cbec_stats_weight(c, "trade_value") + cbec_stats_weight(c, "trade_count") +
                                cbec_stats_weight(c, "match_rate") + cbec_stats_weight(c, "featured_share") +
                                cbec_stats_weight(c, "lead_time"),
                            1.0, 1e-9);
    /* every catalogue entry has both languages written out */
    for (i = 0; i < n; i++)
        ck_assert(*cat[i].def_en && *cat[i].def_zh && *cat[i].name_zh && *cat[i].unit_en);
    ck_assert_ptr_nonnull(cbec_stats_indicator("composite_index"));
    cbec_stats_conf_free(c);
    g_free(path);
}
END_TEST

START_TEST(number_text)
{
    char *s;
    s = cbec_text_yuan(123456789);
    ck_assert_str_eq(s, "1,234,567.89");
    g_free(s);
    s = cbec_text_yuan(-5);
    ck_assert_str_eq(s, "-0.05");
    g_free(s);
    s = cbec_text_money_scaled(INT64_C(12345678901), 8);   /* 123,456,789.01 yuan = 1.23 亿 */
    ck_assert_str_eq(s, "1.23");
    g_free(s);
    s = cbec_text_money_scaled(INT64_C(1235000000), 8);    /* 0.1235 亿 -> 0.12 (half away at the 3rd place) */
    ck_assert_str_eq(s, "0.12");
    g_free(s);
    s = cbec_text_money_scaled(INT64_C(1250000), 6);       /* 0.0125 million -> 0.01 */
    ck_assert_str_eq(s, "0.01");
    g_free(s);
    s = cbec_text_money_scaled(INT64_C(150000000), 8);     /* 0.015 亿 -> 0.02 */
    ck_assert_str_eq(s, "0.02");
    g_free(s);
    s = cbec_text_int(-1234567);
    ck_assert_str_eq(s, "-1,234,567");
    g_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, figures_equal_the_dataset);
    tcase_add_test(tc, model_indicators);
    tcase_add_test(tc, formula_text_stays_text_and_long_text_is_cut);
    tcase_add_test(tc, cell_text_cut);
    tcase_add_test(tc, detail_continues_on_a_next_sheet);
    tcase_add_test(tc, template_change_needs_no_rebuild);
    tcase_add_test(tc, pdf_bulletin_zh);
    tcase_add_test(tc, pdf_bulletin_en);
    tcase_add_test(tc, pdf_fits_at_ten_times_the_figures);
    tcase_add_test(tc, reconciliation_report);
    tcase_add_test(tc, atomic_and_cli);
    tcase_add_test(tc, number_text);
    tcase_add_test(tc, conversion_and_categories);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
