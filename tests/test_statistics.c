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
#include "reports/providers/providers.h"
#include "reports/providers/statistics.h"
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
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
