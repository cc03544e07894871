/* Statistics definitions a bureau can defend (issue 18): the trade value is the value of the goods
 * (customs list first, else the order), taxes apart; retail and B2B apart, each with its own average;
 * the trade-mode table keyed by direction and mode.  Every figure is a hand sum of
 * tests/fixtures/statistics/definitions.sql. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/store.h"
#include "reports/model/model.h"
#include "reports/model/template.h"
#include "reports/providers/providers.h"
#include "reports/providers/statistics.h"
#include "reports/render/text.h"
#include "testutil.h"

#define DATE "2026-11-25"

static char *dir;
static cbec_store *st;
static cbec_rmodel *m;

static void setup(void)
{
    char *sql = NULL, *why = NULL, *fx = tu_src("tests/fixtures/statistics/definitions.sql"), *err = NULL, *db;
    cbec_report_ctx ctx = {0};

    dir = tu_tmpdir();
    db = tu_path(dir, "stats.db");
    ck_assert_int_eq(cbec_store_open(db, 0, &st, &why), CBEC_ERR_NONE);
    ck_assert(g_file_get_contents(fx, &sql, NULL, NULL));
    ck_assert_msg(sqlite3_exec(cbec_store_db(st), sql, NULL, NULL, &err) == SQLITE_OK, "fixture: %s", err);
    m = cbec_rmodel_new("statistics", "zh", DATE);
    ctx.db = cbec_store_db(st);
    ctx.date = DATE;
    ctx.lang = "zh";
    ctx.model = m;
    ck_assert_msg(cbec_report_provide_statistics(&ctx, &why) == CBEC_ERR_NONE, "statistics: %s", why);
    g_free(sql);
    g_free(fx);
    g_free(db);
}

static void teardown(void)
{
    cbec_rmodel_free(m);
    cbec_store_close(st);
    g_free(dir);
}

static int64_t si(const char *id)
{
    const cbec_rscalar *s = cbec_rmodel_get_scalar(m, id);
    ck_assert_msg(s != NULL, "no scalar %s", id);
    ck_assert_msg(!s->v[CBEC_P_CUR].null, "scalar %s is empty", id);
    return s->v[CBEC_P_CUR].i;
}

START_TEST(trade_value_is_goods_without_taxes)
{
    ck_assert_int_eq(si("trade_value"), 8289700);
    ck_assert_int_eq(si("import_value"), 101200 + 50500 + 30000 + 70000);
    ck_assert_int_eq(si("export_value"), 18000 + 5020000 + 3000000);
    ck_assert_int_eq(si("import_tax"), 16690);
    ck_assert_int_eq(si("trade_count"), 7);
}
END_TEST

START_TEST(retail_and_b2b_apart)
{
    ck_assert_int_eq(si("retail_count"), 4);
    ck_assert_int_eq(si("retail_value"), 199700);
    ck_assert_int_eq(si("retail_avg_value"), 49925);
    ck_assert_int_eq(si("b2b_count"), 2);
    ck_assert_int_eq(si("b2b_value"), 8020000);
    ck_assert_int_eq(si("b2b_avg_value"), 4010000);
    /* general trade is in the total but neither retail nor B2B */
    ck_assert_int_eq(si("trade_value") - si("retail_value") - si("b2b_value"), 70000);
    /* one average over both businesses would say nothing: it is gone */
    ck_assert_ptr_null(cbec_rmodel_get_scalar(m, "avg_order_value"));
}
END_TEST

static const cbec_rcell *row_of(const cbec_rtable *t, const char *key)
{
    for (guint i = 0; i < t->rows->len; i++) {
        const cbec_rcell *c = g_ptr_array_index(t->rows, i);
        if (!c[0].null && strcmp(c[0].s, key) == 0)
            return c;
    }
    return NULL;
}

START_TEST(trade_mode_table_by_direction_and_mode)
{
    const cbec_rtable *t = cbec_rmodel_get_table(m, "by_trade_mode");
    const cbec_rcell *imp, *exp;
    ck_assert_ptr_nonnull(t);
    imp = row_of(t, "import-9610");
    exp = row_of(t, "export-9610");
    ck_assert_ptr_nonnull(imp);
    ck_assert_ptr_nonnull(exp);   /* 9610 import is not 9610 export */
    ck_assert_int_eq(imp[2].i, 2);
    ck_assert_int_eq(imp[3].i, 101200 + 30000);
    ck_assert_int_eq(exp[3].i, 18000);
    ck_assert_str_eq(imp[1].s, "直购进口（9610）");
    ck_assert_str_eq(exp[1].s, "一般出口（9610）");
    ck_assert_int_eq(row_of(t, "import-1210")[3].i, 50500);
    ck_assert_int_eq(row_of(t, "export-9710")[3].i, 5020000);   /* the list's mode when the order has none */
    ck_assert_int_eq(row_of(t, "export-9810")[3].i, 3000000);
}
END_TEST

START_TEST(business_map_is_configurable)
{
    ck_assert_str_eq(cbec_stats_business(NULL, "9610"), "retail");
    ck_assert_str_eq(cbec_stats_business(NULL, "1239"), "retail");
    ck_assert_str_eq(cbec_stats_business(NULL, "9810"), "b2b");
    ck_assert_ptr_null(cbec_stats_business(NULL, "0110"));
    ck_assert_ptr_null(cbec_stats_business(NULL, ""));
}
END_TEST

/* The demo dataset has orders in November 2026 only (and none a year before). */
START_TEST(no_data_is_a_gap_not_zero)
{
    const cbec_rtable *t = cbec_rmodel_get_table(m, "month_series");
    const cbec_rcell *c;
    ck_assert_uint_eq(t->rows->len, 13);
    c = g_ptr_array_index(t->rows, 11);   /* October: no orders */
    ck_assert_str_eq(c[0].s, "2026-10");
    ck_assert(c[1].null && c[2].null);
    c = g_ptr_array_index(t->rows, 12);   /* the reporting month, to the 25th */
    ck_assert_str_eq(c[0].s, "11月1—25日");
    ck_assert(!c[2].null);
    ck_assert_int_eq(c[2].i, 8289700);
    t = cbec_rmodel_get_table(m, "day_series");
    ck_assert_uint_eq(t->rows->len, 25);
    c = g_ptr_array_index(t->rows, 0);    /* Nov 1: no orders */
    ck_assert(c[1].null && c[2].null);
    c = g_ptr_array_index(t->rows, 4);    /* Nov 5: R1 */
    ck_assert(!c[2].null);
    ck_assert_int_eq(c[2].i, 101200);
}
END_TEST

START_TEST(index_never_bases_on_the_period_itself)
{
    /* no orders a year before and no full month before November: no base, no index (it used to
     * say 100.0 against the reported period itself) */
    const cbec_rscalar *ci = cbec_rmodel_get_scalar(m, "composite_index");
    ck_assert(ci == NULL || ci->v[CBEC_P_CUR].null);
}
END_TEST

START_TEST(index_base_is_first_full_month)
{
    char *err = NULL, *why = NULL;
    cbec_rmodel *m2 = cbec_rmodel_new("statistics", "zh", DATE);
    cbec_report_ctx ctx = {0};
    const cbec_rscalar *ci;
    const char *bf = NULL, *bt = NULL;

    /* one order in mid-September: September is the first full month with data before November */
    ck_assert(sqlite3_exec(cbec_store_db(st),
                           "INSERT INTO orders(order_id, order_no, platform_code, direction, trade_mode, order_time,"
                           " currency, goods_value) VALUES (8, 'S1', 'P1', 'import', '9610',"
                           " '2026-09-15T10:00:00+08:00', 'CNY', 300000)",
                           NULL, NULL, &err) == SQLITE_OK);
    ctx.db = cbec_store_db(st);
    ctx.date = DATE;
    ctx.lang = "zh";
    ctx.model = m2;
    ck_assert_int_eq(cbec_report_provide_statistics(&ctx, &why), CBEC_ERR_NONE);
    ci = cbec_rmodel_get_scalar(m2, "composite_index");
    ck_assert(!ci->v[CBEC_P_CUR].null);
    bf = cbec_rmodel_get_meta(m2, "base_from");
    bt = cbec_rmodel_get_meta(m2, "base_to");
    ck_assert_str_eq(bf, "2026-09-01");
    ck_assert_str_eq(bt, "2026-09-30");
    /* value 0.35: (8289700/25)/(300000/30); count 0.25: (7/25)/(1/30) */
    ck_assert_double_eq_tol(ci->v[CBEC_P_CUR].d,
                            100.0 * (0.35 * ((8289700.0 / 25) / (300000.0 / 30)) + 0.25 * ((7.0 / 25) / (1.0 / 30))) / 0.6,
                            1e-9);
    cbec_rmodel_free(m2);
}
END_TEST

START_TEST(crafts_and_unmapped_codes)
{
    const cbec_rtable *t = cbec_rmodel_get_table(m, "by_featured");
    const cbec_rcell *c;
    /* the zone's own crafts: horse-head fiddle (9202) and silverware (7114) */
    c = row_of(t, "crafts");
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c[3].i, 100000);
    /* every HS chapter has its Chinese name */
    t = cbec_rmodel_get_table(m, "by_hs_chapter");
    ck_assert_str_eq(row_of(t, "92")[1].s, "乐器");
    ck_assert_str_eq(row_of(t, "71")[1].s, "珠宝、贵金属及其制品");
    /* a code outside every chapter and a missing code are listed, with their value */
    t = cbec_rmodel_get_table(m, "hs_unmapped");
    ck_assert_uint_eq(t->rows->len, 2);
    ck_assert_str_eq(row_of(t, "7799000000")[1].s, "不属于任何 HS 章");
    ck_assert_int_eq(row_of(t, "7799000000")[3].i, 50000);
    ck_assert_int_eq(row_of(t, "")[3].i, 20000);
    ck_assert_int_eq(si("hs_unmapped_lines"), 2);
}
END_TEST

/* The value of a period is exactly the value of the nights inside it (issue 18 item 5). */
static int64_t period_value(const char *kind, const char *scalar, int which)
{
    cbec_rmodel *m2 = cbec_rmodel_new("statistics", "zh", DATE);
    cbec_report_ctx ctx = {0};
    char *why = NULL;
    const cbec_rscalar *s;
    int64_t v;

    ctx.db = cbec_store_db(st);
    ctx.date = DATE;
    ctx.lang = "zh";
    ctx.model = m2;
    ctx.period = kind;
    ck_assert_msg(cbec_report_provide_statistics(&ctx, &why) == CBEC_ERR_NONE, "%s: %s", kind, why);
    s = cbec_rmodel_get_scalar(m2, scalar);
    v = s->v[which].null ? -1 : s->v[which].i;
    cbec_rmodel_free(m2);
    return v;
}

START_TEST(periods_hold_their_nights)
{
    char *err = NULL;
    /* one order in February, one on New Year's Eve 2025, one in last year's November, one on 2026-10-20 */
    ck_assert_msg(sqlite3_exec(cbec_store_db(st),
                               "INSERT INTO orders(order_id, order_no, platform_code, direction, trade_mode, order_time,"
                               " currency, goods_value) VALUES"
                               " (20, 'F1', 'P1', 'import', '9610', '2026-02-10T10:00:00+08:00', 'CNY', 10000),"
                               " (21, 'Y1', 'P1', 'import', '9610', '2025-12-31T10:00:00+08:00', 'CNY', 5000),"
                               " (22, 'L1', 'P1', 'import', '9610', '2025-11-05T10:00:00+08:00', 'CNY', 7000),"
                               " (23, 'O1', 'P1', 'import', '9610', '2026-10-20T10:00:00+08:00', 'CNY', 3000)",
                               NULL, NULL, &err) == SQLITE_OK, "%s", err);
    ck_assert_int_eq(period_value("month", "trade_value", CBEC_P_CUR), 8289700);
    ck_assert_int_eq(period_value("month", "trade_value", CBEC_P_LY), 7000);     /* 2025-11-01..25 */
    ck_assert_int_eq(period_value("month", "trade_value", CBEC_P_PREV), 3000);   /* 2026-10-01..25 */
    ck_assert_int_eq(period_value("quarter", "trade_value", CBEC_P_CUR), 8289700 + 3000);
    ck_assert_int_eq(period_value("quarter", "trade_value", CBEC_P_PREV), -1);   /* Jul 1 - Aug 25: no orders */
    ck_assert_int_eq(period_value("half", "trade_value", CBEC_P_CUR), 8289700 + 3000);
    ck_assert_int_eq(period_value("ytd", "trade_value", CBEC_P_CUR), 8289700 + 3000 + 10000);
    ck_assert_int_eq(period_value("ytd", "trade_value", CBEC_P_LY), 7000);       /* 2025-01-01..11-25 */
    ck_assert_int_eq(period_value("ytd", "trade_value", CBEC_P_PREV), -1);       /* no 环比 for a year */
    ck_assert_int_eq(period_value("year", "trade_value", CBEC_P_CUR), 8289700 + 3000 + 10000);
    ck_assert_int_eq(period_value("day", "trade_count", CBEC_P_CUR), 0);         /* nothing on the 25th */
    ck_assert_int_eq(period_value("day", "trade_value", CBEC_P_CUR), 0);
}
END_TEST

START_TEST(unknown_period_refused)
{
    cbec_rmodel *m2 = cbec_rmodel_new("statistics", "zh", DATE);
    cbec_report_ctx ctx = {0};
    char *why = NULL;
    ctx.db = cbec_store_db(st);
    ctx.date = DATE;
    ctx.lang = "zh";
    ctx.model = m2;
    ctx.period = "week";
    ck_assert_int_eq(cbec_report_provide_statistics(&ctx, &why), CBEC_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(why, "week"));
    g_free(why);
    cbec_rmodel_free(m2);
}
END_TEST

/* ---- what a bureau's readers look for next (issue 18 item 6): tests/fixtures/statistics/bureau.sql ---- */

static void load_bureau(void)
{
    char *sql = NULL, *err = NULL, *fx = tu_src("tests/fixtures/statistics/bureau.sql");
    ck_assert(g_file_get_contents(fx, &sql, NULL, NULL));
    ck_assert_msg(sqlite3_exec(cbec_store_db(st), sql, NULL, NULL, &err) == SQLITE_OK, "bureau fixture: %s", err);
    g_free(sql);
    g_free(fx);
}

/* The model of the period kind in lang with the indicator configuration conf (NULL: the sample file). */
static cbec_rmodel *model_with(const cbec_stats_conf *conf, const char *kind, const char *lang)
{
    cbec_rmodel *m2 = cbec_rmodel_new("statistics", lang, DATE);
    char *why = NULL;
    if (conf)
        ck_assert_msg(cbec_stats_build(cbec_store_db(st), conf, DATE, kind, m2, &why) == CBEC_ERR_NONE, "%s", why);
    else {
        cbec_report_ctx ctx = {0};
        ctx.db = cbec_store_db(st);
        ctx.date = DATE;
        ctx.lang = lang;
        ctx.model = m2;
        ctx.period = kind;
        ck_assert_msg(cbec_report_provide_statistics(&ctx, &why) == CBEC_ERR_NONE, "%s", why);
    }
    return m2;
}

static const cbec_rcell *scalar_of(const cbec_rmodel *m2, const char *id, int p)
{
    const cbec_rscalar *s = cbec_rmodel_get_scalar(m2, id);
    ck_assert_msg(s != NULL, "no scalar %s", id);
    return &s->v[p];
}

START_TEST(enterprises_active_and_new)
{
    cbec_rmodel *m2;
    load_bureau();
    m2 = model_with(NULL, "month", "zh");
    ck_assert_int_eq(scalar_of(m2, "active_sellers", CBEC_P_CUR)->i, 4);
    ck_assert_int_eq(scalar_of(m2, "new_sellers", CBEC_P_CUR)->i, 2);   /* S1, S2 sold before November */
    ck_assert_int_eq(scalar_of(m2, "active_sellers", CBEC_P_LY)->i, 1);
    ck_assert_int_eq(scalar_of(m2, "new_sellers", CBEC_P_LY)->i, 1);
    ck_assert(scalar_of(m2, "active_sellers", CBEC_P_PREV)->null == 0);   /* October: O10 of S1 */
    ck_assert_int_eq(scalar_of(m2, "active_sellers", CBEC_P_PREV)->i, 1);
    ck_assert_int_eq(scalar_of(m2, "new_sellers", CBEC_P_PREV)->i, 1);
    cbec_rmodel_free(m2);
    /* the day: nothing on the 25th, so no enterprise is active, and none new */
    m2 = model_with(NULL, "day", "zh");
    ck_assert_int_eq(scalar_of(m2, "active_sellers", CBEC_P_CUR)->i, 0);
    cbec_rmodel_free(m2);
}
END_TEST

START_TEST(parcels_next_to_orders)
{
    cbec_rmodel *m2;
    load_bureau();
    m2 = model_with(NULL, "month", "zh");
    ck_assert_int_eq(scalar_of(m2, "trade_count", CBEC_P_CUR)->i, 7);
    /* R1's two parcels, R3's, and B1's export waybill found through its customs list */
    ck_assert_int_eq(scalar_of(m2, "parcel_count", CBEC_P_CUR)->i, 4);
    ck_assert_int_eq(scalar_of(m2, "parcel_count", CBEC_P_PREV)->i, 1);   /* October: W10 */
    cbec_rmodel_free(m2);
}
END_TEST

START_TEST(clearance_declaration_to_release)
{
    cbec_rmodel *m2;
    load_bureau();
    m2 = model_with(NULL, "month", "zh");
    ck_assert_int_eq(scalar_of(m2, "lists_declared", CBEC_P_CUR)->i, 6);
    ck_assert_int_eq(scalar_of(m2, "lists_released", CBEC_P_CUR)->i, 5);
    ck_assert_int_eq(scalar_of(m2, "lists_unreleased", CBEC_P_CUR)->i, 1);   /* L7: another platform's receipt */
    ck_assert_int_eq(scalar_of(m2, "lists_untimed", CBEC_P_CUR)->i, 1);      /* L4: a date only, no 120 */
    ck_assert_double_eq_tol(scalar_of(m2, "clearance_median_hours", CBEC_P_CUR)->d, 2.75, 1e-9);
    ck_assert_double_eq_tol(scalar_of(m2, "clearance_p90_hours", CBEC_P_CUR)->d, 24.0, 1e-9);
    /* the order-to-waybill time is still there beside it: R1 10:00 -> 11:00 and 11:30, R3 10:00 -> 12:00 */
    ck_assert(!scalar_of(m2, "lead_time_hours", CBEC_P_CUR)->null);
    cbec_rmodel_free(m2);
}
END_TEST

/* A copy of the sample indicators file with targets set (万元). */
static cbec_stats_conf *conf_with_targets(const char *targets, char **why)
{
    char *src = tu_src("etc/indicators.conf"), *text = NULL, *path = tu_path(dir, "indicators.conf"), *with;
    cbec_stats_conf *c;
    ck_assert(g_file_get_contents(src, &text, NULL, NULL));
    ck_assert_ptr_nonnull(strstr(text, "\n[targets]\n"));
    with = g_strconcat("[targets]\n", targets, NULL);
    {
        char **parts = g_strsplit(text, "[targets]\n", 2);
        char *joined = g_strjoin(with, parts[0], parts[1], NULL);
        tu_write(path, joined, -1);
        g_free(joined);
        g_strfreev(parts);
    }
    c = cbec_stats_conf_load(path, why);
    g_free(with);
    g_free(text);
    g_free(src);
    g_free(path);
    return c;
}

static const char *summary_with(cbec_rmodel *m2, const char *needle)
{
    static char found[1024];
    char *tdir = tu_src("templates"), *why = NULL;
    cbec_template *t = cbec_template_load(tdir, "statistics", m2->lang, &why);
    const char *r = NULL;
    ck_assert_msg(t != NULL, "%s", why);
    for (guint i = 0; i < t->sections->len; i++) {
        const cbec_tsection *sec = g_ptr_array_index(t->sections, i);
        GPtrArray *lines;
        if (strcmp(sec->id, "summary") != 0)
            continue;
        lines = cbec_text_sentences(t, m2, sec);
        for (guint j = 0; j < lines->len; j++)
            if (strstr(g_ptr_array_index(lines, j), needle)) {
                g_strlcpy(found, g_ptr_array_index(lines, j), sizeof found);
                r = found;
            }
        g_ptr_array_unref(lines);
    }
    cbec_template_free(t);
    g_free(tdir);
    return r;
}

START_TEST(targets_against_actual)
{
    char *why = NULL;
    /* the year's target 10 万元 = 10,000,000 fen; the quarter's 8.2897 万元 = 8,289,700 fen exactly; 2025's is
     * another year's */
    cbec_stats_conf *conf = conf_with_targets("2026 = 10\n2026-Q4 = 8.2897\n2025 = 1\n", &why);
    cbec_rmodel *m2;
    const cbec_rtable *t;
    const cbec_rcell *c;
    const char *line;

    ck_assert_msg(conf != NULL, "%s", why);
    m2 = model_with(conf, "month", "zh");
    t = cbec_rmodel_get_table(m2, "targets");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->rows->len, 2);   /* the year and the quarter: no half-year, no month target */
    c = g_ptr_array_index(t->rows, 0);
    ck_assert_str_eq(c[0].s, "2026");
    ck_assert_str_eq(c[1].s, "2026年全年");
    ck_assert_int_eq(c[2].i, 10000000);
    ck_assert_int_eq(c[3].i, 8289700);     /* January to the 25th of November: November's orders only */
    ck_assert_double_eq_tol(c[4].d, 0.82897, 1e-12);
    c = g_ptr_array_index(t->rows, 1);
    ck_assert_str_eq(c[1].s, "2026年第4季度");
    ck_assert_int_eq(c[2].i, 8289700);
    ck_assert_double_eq_tol(c[4].d, 1.0, 1e-12);
    ck_assert_double_eq_tol(scalar_of(m2, "target_year_rate", CBEC_P_CUR)->d, 0.82897, 1e-12);
    ck_assert_ptr_null(cbec_rmodel_get_scalar(m2, "target_month_rate"));
    line = summary_with(m2, "完成年度目标");
    ck_assert_ptr_nonnull(line);
    ck_assert_msg(strstr(line, "完成年度目标（0.00 亿元）的 82.9%"), "%s", line);
    ck_assert_ptr_nonnull(summary_with(m2, "完成季度目标的 100.0%"));
    cbec_rmodel_free(m2);
    /* a ytd report measures the same year to date */
    m2 = model_with(conf, "ytd", "en");
    c = g_ptr_array_index(cbec_rmodel_get_table(m2, "targets")->rows, 0);
    ck_assert_str_eq(c[1].s, "Year 2026");
    ck_assert_int_eq(c[3].i, 8289700);
    ck_assert_ptr_nonnull(summary_with(m2, "82.9% of the year's target"));
    cbec_rmodel_free(m2);
    cbec_stats_conf_free(conf);

    /* no target: no table, no rate, no sentence -- never "0%" */
    m2 = model_with(NULL, "month", "zh");
    ck_assert_ptr_null(cbec_rmodel_get_table(m2, "targets"));
    ck_assert_ptr_null(cbec_rmodel_get_scalar(m2, "target_year_rate"));
    ck_assert_ptr_null(summary_with(m2, "目标"));
    cbec_rmodel_free(m2);
}
END_TEST

START_TEST(targets_refused_when_unreadable)
{
    char *why = NULL;
    ck_assert_ptr_null(conf_with_targets("2026-Q5 = 100\n", &why));
    ck_assert_msg(strstr(why, "2026-Q5"), "%s", why);
    g_free(why);
    why = NULL;
    ck_assert_ptr_null(conf_with_targets("2026 = 0\n", &why));
    ck_assert_msg(strstr(why, "[targets] 2026"), "%s", why);
    g_free(why);
    why = NULL;
    ck_assert_ptr_null(conf_with_targets("2026 = lots\n", &why));
    g_free(why);
}
END_TEST

START_TEST(partner_tables_with_last_year_and_codes)
{
    cbec_rmodel *m2;
    const cbec_rtable *t;
    const cbec_rcell *c;
    int ly, code, yoy;
    load_bureau();
    m2 = model_with(NULL, "month", "zh");
    t = cbec_rmodel_get_table(m2, "by_country");
    ly = cbec_rtable_col(t, "value_ly");
    code = cbec_rtable_col(t, "code");
    yoy = cbec_rtable_col(t, "yoy");
    ck_assert_int_ge(ly, 0);
    ck_assert_int_ge(code, 0);
    c = row_of(t, "RU");
    ck_assert_str_eq(c[1].s, "俄罗斯");
    ck_assert_str_eq(c[code].s, "RU");
    ck_assert_int_eq(c[3].i, 3018000);
    ck_assert_int_eq(c[ly].i, 5000);
    ck_assert_double_eq_tol(c[yoy].d, (3018000.0 - 5000.0) / 5000.0, 1e-12);
    c = row_of(t, "");   /* orders naming no country: no base last year, so "—", not -100% or 0 */
    ck_assert_str_eq(c[1].s, "国别不详");
    ck_assert(c[ly].null && c[yoy].null);
    /* the trade mode's code is the mode, beside the direction-and-mode name */
    t = cbec_rmodel_get_table(m2, "by_trade_mode");
    ck_assert_str_eq(row_of(t, "import-9610")[code].s, "9610");
    /* a row without a code says why: no customs list matched (B2), or a list without a port */
    t = cbec_rmodel_get_table(m2, "by_port");
    ck_assert_uint_eq(t->rows->len, 2);
    for (guint i = 0; i < t->rows->len; i++) {
        c = g_ptr_array_index(t->rows, i);
        ck_assert_msg(strcmp(c[1].s, c[2].i == 1 ? "未匹配清单" : "口岸不详") == 0, "%s %d", c[1].s, (int)c[2].i);
    }
    t = cbec_rmodel_get_table(m2, "by_carrier");
    ck_assert_ptr_nonnull(row_of(t, ""));
    cbec_rmodel_free(m2);
}
END_TEST

/* Definitions and notes in words: no table, column or configuration names in the Chinese report, the
 * sources note first, and the comparison entry that of the period reported (issue 19 item 1). */
START_TEST(definitions_speak_chinese)
{
    static const char *const kinds[] = {"month", "quarter", "ytd", "day"};
    static const char *const says[] = {"当月 1 日至业务日期", "本季度首日至业务日期", "1—11月累计", "业务日期当日"};
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        cbec_rmodel *m2 = model_with(NULL, kinds[k], "zh");
        const cbec_rdef *d = g_ptr_array_index(m2->defs, 0);
        ck_assert_str_eq(d->id, "sources");
        ck_assert_str_eq(d->name, "数据来源与口径");
        ck_assert_ptr_nonnull(strstr(d->definition, "单一窗口"));
        ck_assert_ptr_nonnull(strstr(d->definition, "不含代征税款"));
        ck_assert_ptr_nonnull(strstr(d->definition, "9610、1210、1239"));
        /* the headline's business sentence names the configured modes, not a fixed 9610、1210 */
        ck_assert_str_eq(cbec_rmodel_get_meta(m2, "retail_modes"), "9610、1210、1239");
        ck_assert_str_eq(cbec_rmodel_get_meta(m2, "b2b_modes"), "9710、9810");
        for (guint i = 0; i < m2->defs->len; i++) {
            d = g_ptr_array_index(m2->defs, i);
            ck_assert_msg(!strstr(d->definition, "etc/") && !strstr(d->definition, ".conf") &&
                              !strchr(d->definition, '[') && !strchr(d->definition, '_') &&
                              !strstr(d->definition, "flow") && !strstr(d->definition, "MATCHED") &&
                              !strstr(d->definition, "未申报"),
                          "%s: %s", d->id, d->definition);
            if (strcmp(d->id, "mom_yoy") == 0)
                ck_assert_msg(strstr(d->definition, says[k]), "%s: %s", kinds[k], d->definition);
        }
        if (strcmp(kinds[k], "quarter") == 0)
            ck_assert_ptr_nonnull(strstr(((cbec_rdef *)g_ptr_array_index(m2->defs, 0))->definition,
                                         "本期为2026年10月1日至11月25日"));
        cbec_rmodel_free(m2);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("statistics");
    TCase *tc = tcase_create("definitions");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, trade_value_is_goods_without_taxes);
    tcase_add_test(tc, retail_and_b2b_apart);
    tcase_add_test(tc, trade_mode_table_by_direction_and_mode);
    tcase_add_test(tc, business_map_is_configurable);
    tcase_add_test(tc, no_data_is_a_gap_not_zero);
    tcase_add_test(tc, index_never_bases_on_the_period_itself);
    tcase_add_test(tc, index_base_is_first_full_month);
    tcase_add_test(tc, crafts_and_unmapped_codes);
    tcase_add_test(tc, periods_hold_their_nights);
    tcase_add_test(tc, unknown_period_refused);
    tcase_add_test(tc, enterprises_active_and_new);
    tcase_add_test(tc, parcels_next_to_orders);
    tcase_add_test(tc, clearance_declaration_to_release);
    tcase_add_test(tc, targets_against_actual);
    tcase_add_test(tc, targets_refused_when_unreadable);
    tcase_add_test(tc, partner_tables_with_last_year_and_codes);
    tcase_add_test(tc, definitions_speak_chinese);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
