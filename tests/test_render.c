/* The PDF renderer read as a reader reads it (issue 19 items 4 and 6): chart numbers
 * (integer counts on integer ticks, grouped labels, bars by value, one unit for a chart and
 * its table), the layout (no table orphaned from its heading, long tables split with their
 * header repeated, the issuing body in every footer) and the Chinese date helper.  Models
 * are built by hand and templates written here, so no provider is involved. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "reports/model/model.h"
#include "reports/model/template.h"
#include "reports/render/chart.h"
#include "reports/render/render.h"
#include "reports/render/text.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
    dir = tu_tmpdir();
}

static void teardown(void)
{
    g_free(dir);
}

/* ---- chart numbers ------------------------------------------------------------------ */

START_TEST(count_axes_have_integer_ticks)
{
    double lo, hi, step;
    cbec_chart_scale(0, 4, 5, 1, &lo, &hi, &step);   /* 4 alerts: 0 1 2 3 4, not 0 0.8 1.6 */
    ck_assert_double_eq(step, 1);
    ck_assert_double_eq(hi, 4);
    cbec_chart_scale(0, 3, 5, 1, &lo, &hi, &step);
    ck_assert_double_eq(step, 1);
    cbec_chart_scale(0, 12, 5, 1, &lo, &hi, &step);  /* 2.5 is no step for a count */
    ck_assert_double_eq(step, 5);
    ck_assert_double_eq(hi, 15);
    cbec_chart_scale(0, 33, 5, 1, &lo, &hi, &step);
    ck_assert_double_eq(step, 10);
    ck_assert_double_eq(hi, 40);
    cbec_chart_scale(0, 0, 5, 1, &lo, &hi, &step);   /* nothing at all: one step, not a zero span */
    ck_assert_double_eq(step, 1);
    ck_assert_double_eq(hi, 1);
    cbec_chart_scale(0, 2.4, 5, 0, &lo, &hi, &step); /* money may have half steps */
    ck_assert_double_eq(step, 0.5);
    cbec_chart_scale(-30, 2759, 5, 0, &lo, &hi, &step);
    ck_assert_double_eq(step, 1000);
    ck_assert_double_eq(lo, -1000);
    ck_assert_double_eq(hi, 3000);
}
END_TEST

START_TEST(labels_are_grouped_and_counts_whole)
{
    cbec_rcell c = {0};
    char *s;
    s = cbec_chart_tick(3000, 1000);
    ck_assert_str_eq(s, "3,000");
    g_free(s);
    s = cbec_chart_tick(1.5, 0.5);
    ck_assert_str_eq(s, "1.5");
    g_free(s);
    s = cbec_chart_tick(0.75, 0.25);
    ck_assert_str_eq(s, "0.75");
    g_free(s);
    c.i = 4;
    s = cbec_chart_value(&c, CBEC_RT_INT, CBEC_RK_AUTO, 0);   /* a count: "4", never "4.00" */
    ck_assert_str_eq(s, "4");
    g_free(s);
    c.i = 1234567;
    s = cbec_chart_value(&c, CBEC_RT_INT, CBEC_RK_COUNT, 0);
    ck_assert_str_eq(s, "1,234,567");
    g_free(s);
    c.i = 0;
    c.d = 17.0;   /* a count a provider keeps as a double */
    s = cbec_chart_value(&c, CBEC_RT_NUM, CBEC_RK_COUNT, 0);
    ck_assert_str_eq(s, "17");
    g_free(s);
    c.i = 13140200;   /* 131,402.00 yuan in 万元: exact from fen, grouped like the tables */
    s = cbec_chart_value(&c, CBEC_RT_MONEY, CBEC_RK_AUTO, 4);
    ck_assert_str_eq(s, "13.14");
    g_free(s);
    c.i = INT64_C(13140200000);
    s = cbec_chart_value(&c, CBEC_RT_MONEY, CBEC_RK_AUTO, 4);
    ck_assert_str_eq(s, "13,140.20");
    g_free(s);
    c.d = 0.364;
    s = cbec_chart_value(&c, CBEC_RT_PCT, CBEC_RK_AUTO, 0);
    ck_assert_str_eq(s, "36.4%");
    g_free(s);
    c.null = 1;
    s = cbec_chart_value(&c, CBEC_RT_INT, CBEC_RK_AUTO, 0);
    ck_assert_str_eq(s, "—");
    g_free(s);
    s = cbec_text_number(-0.004, 2);
    ck_assert_str_eq(s, "0.00");
    g_free(s);
    s = cbec_text_number(-1234567.891, 2);
    ck_assert_str_eq(s, "-1,234,567.89");
    g_free(s);
}
END_TEST

START_TEST(money_units_and_order)
{
    const char *w = NULL;
    double v[] = {4, 1, 4, 9, 0};
    char nulls[] = {0, 0, 0, 0, 1};
    int order[5];
    ck_assert_int_eq(cbec_chart_money_digits("m", &w), 6);
    ck_assert_str_eq(w, "unit_m");
    ck_assert_int_eq(cbec_chart_money_digits("yuan", &w), 0);
    ck_assert_int_eq(cbec_chart_money_digits("wan", &w), 4);
    ck_assert_int_eq(cbec_chart_money_auto(INT64_C(27593200000), 0, &w), 8);   /* 2.76 亿元 */
    ck_assert_int_eq(cbec_chart_money_auto(INT64_C(275932000), 0, &w), 4);     /* 275.93 万元 */
    ck_assert_int_eq(cbec_chart_money_auto(INT64_C(275932000), 1, &w), 6);     /* CNY 2.76 million */
    ck_assert_int_eq(cbec_chart_money_auto(INT64_C(5000), 1, &w), 0);
    ck_assert(cbec_chart_ordered_category("2026-11"));
    ck_assert(cbec_chart_ordered_category("2026-12-06"));
    ck_assert(cbec_chart_ordered_category("2026-12 (1-6)"));
    ck_assert(cbec_chart_ordered_category("12月1—6日"));
    ck_assert(!cbec_chart_ordered_category("俄罗斯"));
    ck_assert(!cbec_chart_ordered_category("AAA"));
    cbec_chart_sort_desc(v, nulls, 5, order);   /* by value, ties in their order, no data last */
    ck_assert_int_eq(order[0], 3);
    ck_assert_int_eq(order[1], 0);
    ck_assert_int_eq(order[2], 2);
    ck_assert_int_eq(order[3], 1);
    ck_assert_int_eq(order[4], 4);
}
END_TEST

START_TEST(series_kind_is_set_or_inferred)
{
    cbec_rmodel *m = cbec_rmodel_new("t", "zh", "2026-12-06");
    cbec_rtable *t = cbec_rmodel_table(m, "x", "label:text;n:int;v:money;r:pct;h:num;k:num");
    ck_assert_int_eq(cbec_rtable_kind(t, 1), CBEC_RK_COUNT);
    ck_assert_int_eq(cbec_rtable_kind(t, 2), CBEC_RK_MONEY);
    ck_assert_int_eq(cbec_rtable_kind(t, 3), CBEC_RK_RATIO);
    ck_assert_int_eq(cbec_rtable_kind(t, 4), CBEC_RK_MEASURE);
    cbec_rtable_col_kind(t, "k", CBEC_RK_COUNT, "家");
    cbec_rtable_col_kind(t, "nope", CBEC_RK_COUNT, "家");   /* ignored */
    ck_assert_int_eq(cbec_rtable_kind(t, 5), CBEC_RK_COUNT);
    ck_assert_str_eq(cbec_rtable_unit(t, 5), "家");
    ck_assert_ptr_null(cbec_rtable_unit(t, 1));
    cbec_rmodel_free(m);
}
END_TEST

/* ---- PDFs of hand-made models ------------------------------------------------------- */

static char *run_text(const char *cmd, const char *pdf)
{
    char *line = g_strdup_printf("%s '%s' -", cmd, pdf), *out = NULL;
    int status = 0;
    ck_assert_msg(g_spawn_command_line_sync(line, &out, NULL, &status, NULL) && status == 0, "%s", line);
    g_free(line);
    return out;
}

/* Write dir/tpl/KIND.tpl (and an empty common.tpl) and load it. */
static cbec_template *template_of(const char *kind, const char *lang, const char *text)
{
    char *tdir = tu_path(dir, "tpl"), *path, *why = NULL;
    cbec_template *t;
    g_mkdir_with_parents(tdir, 0755);
    path = g_strdup_printf("%s/%s.tpl", tdir, kind);
    ck_assert(g_file_set_contents(path, text, -1, NULL));
    g_free(path);
    t = cbec_template_load(tdir, kind, lang, &why);
    ck_assert_msg(t != NULL, "%s", why ? why : "?");
    g_free(tdir);
    return t;
}

static char *render(cbec_template *t, cbec_rmodel *m, const char *name, cbec_render_stats *rs)
{
    char *out = tu_path(dir, name), *why = NULL;
    ck_assert_msg(cbec_render_pdf(t, m, out, rs, &why) == CBEC_ERR_NONE, "%s", why ? why : "?");
    return out;
}

/* Index of needle in hay after from, or -1. */
G_GNUC_NO_INLINE static long find(const char *hay, const char *needle, long from)
{
    const char *p = strstr(hay + from, needle);
    return p ? (long)(strlen(hay) - strlen(p)) : -1;
}

static const char charts_tpl[] =
    "[report]\n"
    "title = Chart check\n"
    "issuer = Test Zone Office\n"
    "pdf_money = m\n"
    "sections = alerts;value\n"
    "[words]\n"
    "orders = alerts\n"
    "[section.alerts]\n"
    "title = Alerts by rule\n"
    "table = by_rule\n"
    "columns = label;count\n"
    "chart = bar\n"
    "chart_category = label\n"
    "chart_series = count\n"
    "pdf_show = chart\n"
    "[section.value]\n"
    "title = Value by country\n"
    "table = by_country\n"
    "columns = label;value\n"
    "col.value = Value ({unit})\n"
    "chart = bar\n"
    "chart_category = label\n"
    "chart_series = value\n"
    "pdf_show = both\n";

START_TEST(charts_read_right)
{
    cbec_template *t = template_of("charts", "en", charts_tpl);
    cbec_rmodel *m = cbec_rmodel_new("charts", "en", "2026-12-06");
    cbec_rtable *a = cbec_rmodel_table(m, "by_rule", "label:text;count:int");
    cbec_rtable *v = cbec_rmodel_table(m, "by_country", "label:text;value:money");
    static const char *rules[] = {"Low value", "Split orders", "Annual limit"};
    static const int64_t counts[] = {4, 1, 4000};
    static const char *countries[] = {"Mongolia", "Russia"};
    static const int64_t fen[] = {98215000, 108063000};   /* 0.98 and 1.08 million yuan: 10k would read 98.22 */
    cbec_render_stats rs;
    char *pdf, *text;
    int i;

    for (i = 0; i < 3; i++) {
        cbec_rcell *r = cbec_rtable_row(a);
        r[0].null = r[1].null = 0;
        r[0].s = g_strdup(rules[i]);
        r[1].i = counts[i];
    }
    for (i = 0; i < 2; i++) {
        cbec_rcell *r = cbec_rtable_row(v);
        r[0].null = r[1].null = 0;
        r[0].s = g_strdup(countries[i]);
        r[1].i = fen[i];
    }
    pdf = render(t, m, "charts.pdf", &rs);
    ck_assert_int_eq(rs.overflows, 0);
    text = run_text("pdftotext -layout -enc UTF-8", pdf);
    /* counts are whole and grouped */
    ck_assert_msg(strstr(text, "4,000") && !strstr(text, "4.00") && !strstr(text, "1.00"), "%s", text);
    /* bars by value: Annual limit (4,000) first, then the two ties in their order */
    ck_assert_msg(find(text, "Annual limit", 0) >= 0 && find(text, "Annual limit", 0) < find(text, "Low value", 0) &&
                      find(text, "Low value", 0) < find(text, "Split orders", 0),
                  "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "Unit: alerts"));
    /* the chart and its table in the table's unit, and the header says which */
    ck_assert_msg(strstr(text, "Unit: CNY million") && strstr(text, "Value (CNY million)"), "%s", text);
    ck_assert_msg(strstr(text, "1.08") && strstr(text, "0.98") && !strstr(text, "108.06"), "%s", text);
    ck_assert(find(text, "Russia", 0) < find(text, "Mongolia", 0));
    g_free(text);
    g_free(pdf);
    cbec_rmodel_free(m);
    cbec_template_free(t);
}
END_TEST


/* ---- dates in prose ------------------------------------------------------------------ */

static void date_is(char *got, const char *want)
{
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    g_free(got);
}

START_TEST(dates_the_chinese_way)
{
    date_is(cbec_text_date("2026-12-06", 0), "2026年12月6日");
    date_is(cbec_text_date_range("2026-12-01", "2026-12-06", 0), "2026年12月1日至6日");
    date_is(cbec_text_date_range("2026-11-28", "2026-12-06", 0), "2026年11月28日至12月6日");
    date_is(cbec_text_date_range("2025-12-28", "2026-01-03", 0), "2025年12月28日至2026年1月3日");
    date_is(cbec_text_date_range("2026-12-06", "2026-12-06", 0), "2026年12月6日");
    date_is(cbec_text_month_range("2026-01", "2026-11", 0), "2026年1—11月");
    date_is(cbec_text_month_range("2026-01-01", "2026-11-30", 0), "2026年1—11月");
    date_is(cbec_text_month_range("2026-11", "2026-11", 0), "2026年11月");
    date_is(cbec_text_month_range("2025-12", "2026-02", 0), "2025年12月—2026年2月");
    date_is(cbec_text_date("2026-12-06", 1), "6 December 2026");
    date_is(cbec_text_date_range("2026-12-01", "2026-12-06", 1), "1-6 December 2026");
    date_is(cbec_text_month_range("2026-01", "2026-11", 1), "January-November 2026");
    ck_assert_ptr_null(cbec_text_date("2026-13-01", 0));
    ck_assert_ptr_null(cbec_text_date_range("2026-12-01", NULL, 0));
}
END_TEST

START_TEST(dates_in_sentences)
{
    cbec_template *t = template_of("dates", "zh", "[report]\ntitle = d\nsections = s\n[section.s]\ntype = text\n");
    cbec_rmodel *m = cbec_rmodel_new("dates", "zh", "2026-12-06");
    char *s;
    cbec_rmodel_meta(m, "period_from", "2026-12-01");
    cbec_rmodel_meta(m, "period_to", "2026-12-06");
    cbec_rmodel_meta(m, "ytd_from", "2026-01");
    s = cbec_text_sentence(t, m, "{dates:period_from,period_to}，{date:period_to}，{months:ytd_from,period_to}。");
    ck_assert_str_eq(s, "2026年12月1日至6日，2026年12月6日，2026年1—12月。");
    g_free(s);
    /* a date that is not there drops the sentence, as any missing value does */
    ck_assert_ptr_null(cbec_text_sentence(t, m, "{date:nowhere}"));
    cbec_rmodel_free(m);
    cbec_template_free(t);
}
END_TEST

/* ---- layout ---------------------------------------------------------------------------- */

static char *page_text(const char *pdf, int page)
{
    char *cmd = g_strdup_printf("pdftotext -enc UTF-8 -f %d -l %d", page, page), *t = run_text(cmd, pdf);
    g_free(cmd);
    return t;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

static const char layout_tpl[] =
    "[report]\n"
    "title = 版式检查\n"
    "issuer = 测试综试区管委会\n"
    "pdf_money = yuan\n"
    "sections = intro;small;long\n"
    "[section.intro]\n"
    "type = text\n"
    "title = 综述\n"
    "sentences = a\n"
    "[sentence.a]\n"
    "text = {meta:filler}\n"
    "[section.small]\n"
    "title = 小表\n"
    "table = small\n"
    "columns = label;count\n"
    "[section.long]\n"
    "title = 长表\n"
    "table = long\n"
    "columns = label;count\n";

static void fill(cbec_rtable *t, const char *prefix, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        cbec_rcell *r = cbec_rtable_row(t);
        r[0].null = r[1].null = 0;
        r[0].s = g_strdup_printf("%s%03d", prefix, i + 1);
        r[1].i = i + 1;
    }
}

START_TEST(tables_stay_with_their_headings)
{
    cbec_template *t = template_of("layout", "zh", layout_tpl);
    cbec_rmodel *m = cbec_rmodel_new("layout", "zh", "2026-12-06");
    GString *filler = g_string_new(NULL);
    cbec_render_stats rs;
    char *pdf, *p1, *p2;
    int page, rows_seen = 0, headers = 0;

    /* a paragraph that leaves about 60 pt at the foot of page 1: room for a heading and a
     * header row, not for two rows under them */
    while (filler->len < 3 * 1480)
        g_string_append(filler, "跨境电商进出口总额保持增长，");
    cbec_rmodel_meta(m, "filler", filler->str);
    fill(cbec_rmodel_table(m, "small", "label:text;count:int"), "S", 3);
    fill(cbec_rmodel_table(m, "long", "label:text;count:int"), "L", 90);
    pdf = render(t, m, "layout.pdf", &rs);
    ck_assert_int_eq(rs.overflows, 0);
    ck_assert_int_ge(rs.pages, 3);
    p1 = page_text(pdf, 1);
    p2 = page_text(pdf, 2);
    /* 小表's heading is where its rows are */
    ck_assert_msg((strstr(p1, "小表") != NULL) == (strstr(p1, "S001") != NULL), "page 1:\n%s", p1);
    ck_assert_msg(strstr(p1, "S001") || strstr(p2, "S001"), "%s", p2);
    for (page = 1; page <= rs.pages; page++) {
        char *pt = page_text(pdf, page);
        int rows = count_of(pt, "L0");
        /* every page names the issuing body in its footer */
        ck_assert_msg(strstr(pt, "测试综试区管委会"), "page %d has no issuer:\n%s", page, pt);
        if (rows > 0) {
            /* a page with rows of the long table has its header row and its heading */
            ck_assert_msg(strstr(pt, "序号"), "page %d: rows without a header row", page);
            ck_assert_msg(strstr(pt, "长表"), "page %d: rows without their heading:\n%s", page, pt);
            headers++;
        }
        rows_seen += rows;
        g_free(pt);
    }
    ck_assert_int_eq(rows_seen, 90);
    ck_assert_int_ge(headers, 2);   /* it was split, not moved whole */
    g_free(p1);
    g_free(p2);
    g_free(pdf);
    g_string_free(filler, TRUE);
    cbec_rmodel_free(m);
    cbec_template_free(t);
}
END_TEST

static const char shrink_tpl[] =
    "[report]\n"
    "title = 图表检查\n"
    "issuer = 测试综试区管委会\n"
    "sections = intro;trend\n"
    "[section.intro]\n"
    "type = text\n"
    "title = 综述\n"
    "sentences = a\n"
    "[sentence.a]\n"
    "text = {meta:filler}\n"
    "[section.trend]\n"
    "title = 月度走势\n"
    "table = trend\n"
    "columns = month;count\n"
    "chart = column\n"
    "chart_category = month\n"
    "chart_series = count\n"
    "chart_unit = 家\n"
    "pdf_show = chart\n";

START_TEST(charts_fill_the_page_and_the_period_reads_chinese)
{
    cbec_template *t = template_of("shrink", "zh", shrink_tpl);
    cbec_rmodel *m = cbec_rmodel_new("shrink", "zh", "2026-12-06");
    cbec_rtable *tb = cbec_rmodel_table(m, "trend", "month:date;count:int");
    GString *filler = g_string_new(NULL);
    cbec_render_stats rs;
    char *pdf, *p1;
    int i;

    /* a paragraph that leaves about 200 pt: less than the chart's 250, more than its least */
    while (filler->len < 2550)
        g_string_append(filler, "跨境电商进出口总额保持增长，");
    cbec_rmodel_meta(m, "filler", filler->str);
    cbec_rmodel_meta(m, "period_from", "2026-12-01");
    cbec_rmodel_meta(m, "period_to", "2026-12-06");
    for (i = 0; i < 6; i++) {
        cbec_rcell *r = cbec_rtable_row(tb);
        r[0].null = r[1].null = 0;
        r[0].s = g_strdup_printf("2026-%02d", 7 + i);
        r[1].i = (i + 1) * 3;
    }
    pdf = render(t, m, "shrink.pdf", &rs);
    ck_assert_int_eq(rs.overflows, 0);
    p1 = page_text(pdf, 1);
    ck_assert_msg(strstr(p1, "2026年12月1日至6日"), "%s", p1);
    /* the chart drew into the rest of page 1 instead of leaving it empty */
    ck_assert_int_eq(rs.pages, 1);
    ck_assert_msg(strstr(p1, "月度走势") && strstr(p1, "2026-12") && strstr(p1, "单位：家"), "%s", p1);
    g_free(p1);
    g_free(pdf);
    g_string_free(filler, TRUE);
    cbec_rmodel_free(m);
    cbec_template_free(t);
}
END_TEST

static const char pie_tpl[] =
    "[report]\n"
    "title = 饼图检查\n"
    "issuer = 测试综试区管委会\n"
    "sections = share\n"
    "[section.share]\n"
    "title = 结构\n"
    "table = share\n"
    "columns = label;count\n"
    "chart = pie\n"
    "chart_category = label\n"
    "chart_series = count\n"
    "pdf_show = chart\n";

/* ---- totals and missing figures ------------------------------------------------------ */

static const char totals_tpl[] =
    "[report]\n"
    "title = 合计检查\n"
    "issuer = 测试综试区管委会\n"
    "sections = headline;reasons\n"
    "[section.headline]\n"
    "type = figures\n"
    "title = 主要指标\n"
    "indicators = rate\n"
    "[section.reasons]\n"
    "title = 原因\n"
    "table = reasons\n"
    "columns = label;count\n";

/* A total row is not numbered as one more item, and a figure without a value reads "—" like an
 * empty table cell, never "-" (which reads as a minus or a hyphen). */
START_TEST(totals_unnumbered_and_missing_figures_dashed)
{
    cbec_template *t = template_of("totals", "zh", totals_tpl);
    cbec_rmodel *m = cbec_rmodel_new("totals", "zh", "2026-12-06");
    cbec_rtable *tb = cbec_rmodel_table(m, "reasons", "label:text;count:int");
    cbec_rscalar *rate = cbec_rmodel_scalar(m, "rate", CBEC_RT_PCT);
    static const char *labels[] = {"缺运单", "金额不符", "合计"};
    static const int64_t counts[] = {7, 5, 12};
    cbec_render_stats rs;
    char *pdf, *text, **lines;
    int seen = 0;

    ck_assert(rate->v[0].null);   /* a scalar's periods start without a value */
    for (int i = 0; i < 3; i++) {
        cbec_rcell *r = cbec_rtable_row(tb);
        r[0].null = r[1].null = 0;
        r[0].s = g_strdup(labels[i]);
        r[1].i = counts[i];
    }
    cbec_rtable_mark_total(tb);   /* as a provider marks the row that sums the others */
    pdf = render(t, m, "totals.pdf", &rs);
    text = run_text("pdftotext -layout -enc UTF-8", pdf);
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        const char *x = *l + strspn(*l, " ");
        if (strstr(x, "合计") && strstr(x, "12")) {
            ck_assert_msg(g_str_has_prefix(x, "合计"), "the total is numbered: %s", *l);
            seen++;
        }
        if (strstr(x, "缺运单"))
            ck_assert_msg(g_str_has_prefix(x, "1"), "an item lost its number: %s", *l);
    }
    ck_assert_int_eq(seen, 1);
    ck_assert_msg(strstr(text, "—"), "%s", text);
    ck_assert_msg(!g_regex_match_simple("(?m)^\\s*-\\s*$", text, 0, 0), "a lone '-' for a missing figure:\n%s", text);
    g_strfreev(lines);
    g_free(text);
    g_free(pdf);
    cbec_rmodel_free(m);
    cbec_template_free(t);
}
END_TEST

START_TEST(pie_slices_have_no_slivers)
{
    cbec_template *t = template_of("pie", "zh", pie_tpl);
    cbec_rmodel *m = cbec_rmodel_new("pie", "zh", "2026-12-06");
    cbec_rtable *tb = cbec_rmodel_table(m, "share", "label:text;count:int");
    cbec_rcell *r = cbec_rtable_row(tb);
    cbec_render_stats rs;
    char *pdf, *cmd, *base, *pgm, *img = NULL;
    gsize len = 0;
    int w = 0, h = 0, maxv = 0, x, y, minx = 1 << 30, maxx = -1, miny = 1 << 30, maxy = -1, off = 0, worst = 0;
    const double dpi = 144, k = dpi / 72;

    r[0].null = r[1].null = 0;
    r[0].s = g_strdup("出口");
    r[1].i = 100;   /* one slice: the whole ring is one colour */
    pdf = render(t, m, "pie.pdf", &rs);
    base = tu_path(dir, "pie");
    cmd = g_strdup_printf("pdftoppm -gray -r %.0f -f 1 -l 1 '%s' '%s'", dpi, pdf, base);
    ck_assert(g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL));
    pgm = g_strdup_printf("%s-1.pgm", base);
    ck_assert_msg(g_file_get_contents(pgm, &img, &len, NULL), "%s", pgm);
    ck_assert(sscanf(img, "P5 %d %d %d%n", &w, &h, &maxv, &off) == 3);
    off++;   /* the one whitespace after maxval */
    /* the slice: dark pixels left of the legend, below the chart title */
    for (y = (int)(220 * k); y < (int)(400 * k) && y < h; y++)
        for (x = 0; x < (int)(225 * k); x++)
            if ((unsigned char)img[off + (gsize)y * w + x] < 128) {
                minx = MIN(minx, x);
                maxx = MAX(maxx, x);
                miny = MIN(miny, y);
                maxy = MAX(maxy, y);
            }
    ck_assert_int_gt(maxx, minx);
    {
        double cx = (minx + maxx) / 2.0, cy = (miny + maxy) / 2.0, rad = (maxx - minx) / 2.0, f, a;
        /* every point of the ring between the hole (half the radius) and the rim is the
         * slice's dark blue (grey 69 here): no light sliver (122 when the hole's arc was
         * joined to the legend's text) */
        for (f = 0.6; f <= 0.9; f += 0.05)
            for (a = 0; a < 360; a += 0.25) {
                int px = (int)(cx + f * rad * cos(a * G_PI / 180)), py = (int)(cy + f * rad * sin(a * G_PI / 180));
                int v = (unsigned char)img[off + (gsize)py * w + px];
                worst = MAX(worst, v);
            }
    }
    ck_assert_msg(worst < 90, "a light pixel (%d) inside the slice (%d..%d x %d..%d)", worst, minx, maxx, miny, maxy);
    g_free(img);
    g_free(pgm);
    g_free(cmd);
    g_free(base);
    g_free(pdf);
    cbec_rmodel_free(m);
    cbec_template_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("render");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, count_axes_have_integer_ticks);
    tcase_add_test(tc, labels_are_grouped_and_counts_whole);
    tcase_add_test(tc, money_units_and_order);
    tcase_add_test(tc, series_kind_is_set_or_inferred);
    tcase_add_test(tc, charts_read_right);
    tcase_add_test(tc, dates_the_chinese_way);
    tcase_add_test(tc, dates_in_sentences);
    tcase_add_test(tc, tables_stay_with_their_headings);
    tcase_add_test(tc, charts_fill_the_page_and_the_period_reads_chinese);
    tcase_add_test(tc, pie_slices_have_no_slivers);
    tcase_add_test(tc, totals_unnumbered_and_missing_figures_dashed);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
