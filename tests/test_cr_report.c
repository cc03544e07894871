/* The credit and risk reports' tables agree with their headlines and speak the reader's words
 * (issue 19 items 1, 3, 5): alerts by enterprise add up to the alerts, a tie is said as a tie,
 * the top cases carry the evidence in words and their source, the handling counts follow
 * `cbecflow alert`; every grade with its inspection rate, "—" without a previous analysis, the
 * enterprises by grade with their change.  Hand-built datasets (test_risk_data.h), the providers
 * called directly with the source tree's templates. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "analysis/credit_risk/handling.h"
#include "reports/providers/context.h"
#include "test_risk_data.h"
#include "testutil.h"

#define DATE "2026-11-26"

static cbec_store *st;
static char *db;

static void setup(void)
{
    st = rd_open(&db);
    rd_clean(st);
}

static void teardown(void)
{
    cbec_store_close(st);
    g_free(db);
}

/* The model of kind for DATE in lang (the caller frees model and template). */
static cbec_rmodel *provide(const char *kind, const char *lang, cbec_template **tpl_out)
{
    char *dir = tu_src("templates"), *why = NULL, *rules = tu_src("etc/credit.rules");
    cbec_template *tpl = cbec_template_load(dir, kind, lang, &why);
    cbec_rmodel *m = cbec_rmodel_new(kind, lang, DATE);
    cbec_config *cfg = NULL;
    cbec_report_ctx ctx = {cbec_store_db(st), NULL, DATE, lang, tpl, m, NULL};
    cbec_err rc;

    ck_assert_msg(tpl != NULL, "template %s: %s", kind, why);
    ck_assert(cbec_config_load(NULL, &cfg, &why) == CBEC_ERR_NONE);
    cbec_config_set(cfg, "analyse", "credit_rules", rules);
    ctx.cfg = cfg;
    rc = strcmp(kind, "risk") == 0 ? cbec_report_provide_risk(&ctx, &why) : cbec_report_provide_credit(&ctx, &why);
    ck_assert_msg(rc == CBEC_ERR_NONE, "%s: %s", kind, why);
    cbec_config_free(cfg);
    g_free(rules);
    g_free(dir);
    *tpl_out = tpl;
    return m;
}

static const cbec_rcell *cell(const cbec_rmodel *m, const char *table, guint row, const char *col)
{
    const cbec_rtable *t = cbec_rmodel_get_table(m, table);
    int c;
    ck_assert_msg(t != NULL, "no table %s", table);
    c = cbec_rtable_col(t, col);
    ck_assert_msg(c >= 0, "no column %s.%s", table, col);
    ck_assert_msg(row < t->rows->len, "%s has %u rows, not %u", table, t->rows->len, row + 1);
    return &((const cbec_rcell *)g_ptr_array_index(t->rows, row))[c];
}

static guint rows(const cbec_rmodel *m, const char *table)
{
    const cbec_rtable *t = cbec_rmodel_get_table(m, table);
    ck_assert_msg(t != NULL, "no table %s", table);
    return t->rows->len;
}

/* Two over-limit purchases of SELL2 and one of SELL1, a payer who is not the buyer (SELL2), a bank credit
 * nobody explains: 5 alerts, of which the bank credit concerns no enterprise. */
static void risky_night(void)
{
    rd_trade a = {.order_no = "S1", .seller = "SELL1", .hs = "8471300000", .unit_fen = 520000, .qty = 1,
                  .weight_g = 2000};
    rd_trade b = {.order_no = "S2", .seller = "SELL2", .hs = "8471300000", .unit_fen = 530000, .qty = 1,
                  .weight_g = 2000};
    rd_trade c = {.order_no = "S3", .seller = "SELL2", .hs = "8471300000", .unit_fen = 510000, .qty = 1,
                  .weight_g = 2000};
    rd_trade n = {.order_no = "N1", .seller = "SELL2", .payer = "SOMEONE-ELSE"};
    rd_trade_add(st, &a);
    rd_trade_add(st, &b);
    rd_trade_add(st, &c);
    rd_trade_add(st, &n);
    rd_sql(st, "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " reference, counterparty) VALUES (1,'ACC1','E2','2026-11-25',98765,'CNY','C','GIFT','Unknown LLC');"
               /* S2's order came from line 7 of a platform export */
               "INSERT INTO run(run_id, command, started_at, status) VALUES (77, 'ingest', '2026-11-26T01:00:00+08:00',"
               " 'ok');"
               "INSERT INTO source_file(source_id, sha256, path, run_id, status, ingested_at) VALUES (77, 'x',"
               " '/drop/2026-11-25/plat1_orders.csv', 77, 'ok', '2026-11-26T01:00:00+08:00');"
               "UPDATE orders SET source_id=77, locator='line 7' WHERE order_no='S2'");
    rd_analyse(st, DATE);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert"), 5);
}

START_TEST(alerts_by_enterprise_add_up_to_the_total)
{
    cbec_template *tpl;
    cbec_rmodel *m;
    int64_t sum = 0;

    risky_night();
    m = provide("risk", "zh", &tpl);
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "alerts_total")->v[CBEC_P_CUR].i, 5);
    for (guint r = 0; r < rows(m, "top_enterprises"); r++)
        sum += cell(m, "top_enterprises", r, "alerts")->i;
    ck_assert_int_eq(sum, 5);
    /* each alert once: SELL2 three (S2, S3, N1), SELL1 one, the bank credit in a row of its own */
    ck_assert_str_eq(cell(m, "top_enterprises", 0, "code")->s, "SELL2");
    ck_assert_int_eq(cell(m, "top_enterprises", 0, "alerts")->i, 3);
    ck_assert_str_eq(cell(m, "top_enterprises", 1, "code")->s, "SELL1");
    ck_assert_int_eq(cell(m, "top_enterprises", 1, "alerts")->i, 1);
    ck_assert_str_eq(cell(m, "top_enterprises", 2, "name")->s, "不涉及企业（银行入账等）");
    ck_assert_int_eq(cell(m, "top_enterprises", 2, "alerts")->i, 1);
    /* the role in words beside its code */
    ck_assert_str_eq(cell(m, "top_enterprises", 0, "role_label")->s, "电商企业");
    cbec_rmodel_free(m);
    cbec_template_free(tpl);
}
END_TEST

START_TEST(most_frequent_rule_and_tie)
{
    cbec_template *tpl;
    cbec_rmodel *m;

    risky_night();
    m = provide("risk", "zh", &tpl);
    /* three over-limit purchases: one rule leads */
    ck_assert_str_eq(cbec_rmodel_get_meta(m, "top_rule"), "“超单次交易限值”");
    ck_assert_str_eq(cbec_rmodel_get_meta(m, "top_rule_count"), "3");
    ck_assert_ptr_null(cbec_rmodel_get_meta(m, "top_rules_tied"));
    cbec_rmodel_free(m);
    cbec_template_free(tpl);

    /* two more payers who are not the buyer: two rules with three alerts each, said as a tie */
    {
        rd_trade n2 = {.order_no = "N2", .payer = "OTHER-2"}, n3 = {.order_no = "N3", .payer = "OTHER-3"};
        rd_trade_add(st, &n2);
        rd_trade_add(st, &n3);
    }
    rd_analyse(st, DATE);
    m = provide("risk", "zh", &tpl);
    ck_assert_ptr_null(cbec_rmodel_get_meta(m, "top_rule"));
    ck_assert_str_eq(cbec_rmodel_get_meta(m, "top_rules_tied"), "“支付人与订购人不一致”与“超单次交易限值”");
    ck_assert_str_eq(cbec_rmodel_get_meta(m, "top_rule_count"), "3");
    cbec_rmodel_free(m);
    cbec_template_free(tpl);
    m = provide("risk", "en", &tpl);
    ck_assert_str_eq(cbec_rmodel_get_meta(m, "top_rules_tied"), "“Payer is not the buyer” and “Single purchase over "
                                                                 "the limit”");
    cbec_rmodel_free(m);
    cbec_template_free(tpl);
}
END_TEST

START_TEST(cases_in_words_with_source_and_handling)
{
    cbec_template *tpl;
    cbec_rmodel *m;
    char *why = NULL, *s2 = NULL;
    int64_t id;

    risky_night();
    m = provide("risk", "zh", &tpl);
    /* the largest open high-severity case first: S2, 5,300.00, from line 7 of its file */
    ck_assert_str_eq(cell(m, "cases", 0, "rule")->s, "超单次交易限值");
    ck_assert_str_eq(cell(m, "cases", 0, "rule_id")->s, "R-SINGLE-LIMIT");
    ck_assert_str_eq(cell(m, "cases", 0, "severity_label")->s, "高");
    ck_assert_str_eq(cell(m, "cases", 0, "evidence")->s, "订单金额 5,300.00 元，超过单次交易限值 5,000.00 元");
    ck_assert_int_eq(cell(m, "cases", 0, "value")->i, 530000);
    ck_assert_str_eq(cell(m, "cases", 0, "source")->s, "/drop/2026-11-25/plat1_orders.csv");
    ck_assert_str_eq(cell(m, "cases", 0, "locator")->s, "line 7");
    ck_assert_str_eq(cell(m, "cases", 0, "status_label")->s, "未处理");
    ck_assert_ptr_nonnull(strstr(cell(m, "cases", 0, "summary")->s,
                                 "来源：plat1_orders.csv 第 7 行。状态：未处理。"));
    /* the bank credit's evidence in words, without an enterprise */
    s2 = rd_text(st, "SELECT alert_id FROM alert WHERE rule_id='R-SINGLE-LIMIT' AND entity_key='PLAT1|S2'");
    id = g_ascii_strtoll(s2, NULL, 10);
    ck_assert_int_eq(cbec_alert_act(cbec_store_db(st), id, CBEC_ALERT_CLOSE, "checked", "王芳", &why), CBEC_ERR_NONE);
    cbec_rmodel_free(m);
    cbec_template_free(tpl);

    m = provide("risk", "zh", &tpl);
    /* closed cases go last; the handling counts follow */
    ck_assert_int_eq(cell(m, "cases", rows(m, "cases") - 1, "alert_id")->i, id);
    ck_assert_ptr_nonnull(strstr(cell(m, "cases", rows(m, "cases") - 1, "summary")->s, "状态：已办结（王芳，"));
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "alerts_open")->v[CBEC_P_CUR].i, 4);
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "alerts_closed")->v[CBEC_P_CUR].i, 1);
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "alerts_in_hand")->v[CBEC_P_CUR].i, 0);
    ck_assert_str_eq(cell(m, "handling", 2, "label")->s, "已办结");
    ck_assert_int_eq(cell(m, "handling", 2, "count")->i, 1);
    ck_assert_str_eq(cell(m, "actions", 0, "actor")->s, "王芳");
    ck_assert_str_eq(cell(m, "actions", 0, "note")->s, "checked");
    {
        /* the bank credit's case: no enterprise, its evidence in words */
        gboolean seen = FALSE;
        for (guint r = 0; r < rows(m, "cases"); r++)
            if (strcmp(cell(m, "cases", r, "rule_id")->s, "R-BANK-UNEXPLAINED") == 0) {
                seen = TRUE;
                ck_assert_str_eq(cell(m, "cases", r, "enterprise")->s, "不涉及企业（银行入账等）");
                ck_assert_ptr_nonnull(strstr(cell(m, "cases", r, "evidence")->s, "银行入账 987.65（CNY），付款人 Unknown LLC"));
            }
        ck_assert(seen);
    }
    g_free(s2);
    cbec_rmodel_free(m);
    cbec_template_free(tpl);
}
END_TEST

START_TEST(credit_every_grade_and_no_previous_analysis)
{
    cbec_template *tpl;
    cbec_rmodel *m;
    static const char *const grades[] = {"AAA", "AA", "A", "BBB", "BB", "D"};
    static const double rates[] = {0.005, 0.01, 0.03, 0.05, 0.10, 1.00};

    rd_analyse(st, DATE);
    m = provide("credit", "zh", &tpl);
    ck_assert_int_eq(rows(m, "by_grade"), 6);
    for (guint r = 0; r < 6; r++) {
        ck_assert_str_eq(cell(m, "by_grade", r, "key")->s, grades[r]);
        ck_assert(!cell(m, "by_grade", r, "count")->null);   /* a count of firms: 0, not missing */
        /* every grade's rate from the rules, also for a grade nobody has */
        ck_assert_msg(!cell(m, "by_grade", r, "inspection_rate")->null, "no rate for %s", grades[r]);
        ck_assert_int_eq((int)(cell(m, "by_grade", r, "inspection_rate")->d * 1000 + 0.5), (int)(rates[r] * 1000 + 0.5));
        /* no previous analysis: "—", not 0 */
        ck_assert(cell(m, "by_grade", r, "prev")->null);
    }
    ck_assert(cbec_rmodel_get_scalar(m, "grade_changes")->v[CBEC_P_CUR].null);
    /* the date in prose */
    ck_assert_str_eq(cbec_rmodel_get_meta(m, "date_words"), "2026年11月26日");
    /* every firm listed by grade, the change "—" (nothing to compare with) */
    ck_assert_int_eq(rows(m, "firms"), rd_int(st, "SELECT count(*) FROM credit_score WHERE as_of='" DATE "'"));
    for (guint r = 0; r < rows(m, "firms"); r++)
        ck_assert_str_eq(cell(m, "firms", r, "change")->s, "—");
    cbec_rmodel_free(m);
    cbec_template_free(tpl);
}
END_TEST

START_TEST(credit_changes_since_the_previous_analysis)
{
    cbec_template *tpl;
    cbec_rmodel *m;
    int64_t firms;

    rd_analyse(st, "2026-11-25");
    rd_analyse(st, DATE);
    firms = rd_int(st, "SELECT count(*) FROM credit_score WHERE as_of='" DATE "'");
    ck_assert_int_ge(firms, 3);
    /* the previous analysis graded PLAT1 lower, SELL1 higher, and did not know the third */
    rd_sql(st, "UPDATE credit_score SET grade='BB' WHERE as_of='2026-11-25' AND code='PLAT1';"
               "UPDATE credit_score SET grade='AAA' WHERE as_of='2026-11-25' AND code='SELL1';"
               "DELETE FROM credit_score WHERE as_of='2026-11-25' AND code NOT IN ('PLAT1','SELL1') AND code ="
               " (SELECT min(code) FROM credit_score WHERE as_of='2026-11-25' AND code NOT IN ('PLAT1','SELL1'))");
    m = provide("credit", "zh", &tpl);
    for (guint r = 0; r < rows(m, "firms"); r++) {
        const char *code = cell(m, "firms", r, "code")->s, *change = cell(m, "firms", r, "change")->s;
        if (strcmp(code, "PLAT1") == 0)
            ck_assert_str_eq(change, "上调");
        else if (strcmp(code, "SELL1") == 0)
            ck_assert_str_eq(change, "下调");
        else if (cell(m, "firms", r, "prev_grade")->null)
            ck_assert_str_eq(change, "新增");
        else
            ck_assert_str_eq(change, "—");
    }
    /* firms listed by grade: AAA first ... D last */
    for (guint r = 1; r < rows(m, "firms"); r++) {
        static const char *const order = "AAA AA A BBB BB D";
        char *a = g_strdup_printf(" %s ", cell(m, "firms", r - 1, "grade")->s),
             *b = g_strdup_printf(" %s ", cell(m, "firms", r, "grade")->s), *all = g_strdup_printf(" %s ", order);
        ck_assert_int_le(strstr(all, a) - all, strstr(all, b) - all);
        g_free(a);
        g_free(b);
        g_free(all);
    }
    /* a previous analysis: the previous counts are numbers (0 included) */
    for (guint r = 0; r < 6; r++)
        ck_assert(!cell(m, "by_grade", r, "prev")->null);
    ck_assert_int_eq(cbec_rmodel_get_scalar(m, "grade_changes")->v[CBEC_P_CUR].i, 2);
    cbec_rmodel_free(m);
    cbec_template_free(tpl);
}
END_TEST

/* `cbecflow report` opens a dataset read-only and never upgrades it: one from before alert handling
 * (schema 7: no alert_action, no v_alert_status) still gets its risk report, every alert open. */
START_TEST(risk_report_of_an_older_dataset)
{
    char *tmp = tu_tmpdir(), *out = tu_path(tmp, "out"), *err = NULL;
    int rc;

    risky_night();
    rd_sql(st, "DROP VIEW v_alert_status; DROP TABLE alert_action; PRAGMA user_version=8");
    rc = tu_run(NULL, &err, "-q", "report", "--db", db, "--kind", "risk", "--format", "xlsx", "--date", DATE, "--out",
                out, NULL);
    ck_assert_msg(rc == 0, "report: %d %s", rc, err);
    ck_assert_int_eq(rd_int(st, "PRAGMA user_version"), 8);   /* left as it was */
    g_free(err);
    g_free(out);
    g_free(tmp);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("credit and risk reports");
    TCase *tc = tcase_create("tables");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, alerts_by_enterprise_add_up_to_the_total);
    tcase_add_test(tc, most_frequent_rule_and_tie);
    tcase_add_test(tc, cases_in_words_with_source_and_handling);
    tcase_add_test(tc, credit_every_grade_and_no_previous_analysis);
    tcase_add_test(tc, credit_changes_since_the_previous_analysis);
    tcase_add_test(tc, risk_report_of_an_older_dataset);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
