/* The reconciliation report read as its readers read it: tables that add up to their headlines
 * (tests/fixtures/report/reconciliation.sql, counted by hand at its top), bank credits kept
 * apart from trades, exceptions aged and the resolution rate over three reconciled nights, and
 * a Chinese bulletin without a program code in it (pdftotext) while the workbook keeps the codes
 * in columns of their own. */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "reports/providers/context.h"
#include "reports/report.h"
#include "core/store.h"
#include "test_reconcile_util.h"
#include "testutil.h"

#define DATE "2026-12-06"

static char *dir, *db;
static cbec_store *st;

static void setup(void)
{
    char *sql = NULL, *why = NULL, *fx = tu_src("tests/fixtures/report/reconciliation.sql"), *err = NULL;
    dir = tu_tmpdir();
    db = tu_path(dir, "recon.db");
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

/* The provider's model of one day, as both renderers get it. */
typedef struct built {
    cbec_template *tpl;
    cbec_rmodel *m;
} built;

static built build(sqlite3 *dbh, const char *date, const char *lang)
{
    char *why = NULL, *tdir = tu_src("templates");
    built b;
    cbec_report_ctx ctx = {0};
    b.tpl = cbec_template_load(tdir, "reconciliation", lang, &why);
    ck_assert_msg(b.tpl != NULL, "%s", why);
    b.m = cbec_rmodel_new("reconciliation", lang, date);
    ctx.db = dbh;
    ctx.date = date;
    ctx.lang = lang;
    ctx.tpl = b.tpl;
    ctx.model = b.m;
    ck_assert_msg(cbec_report_provide_reconciliation(&ctx, &why) == CBEC_ERR_NONE, "%s", why);
    g_free(tdir);
    return b;
}

static void built_free(built *b)
{
    cbec_rmodel_free(b->m);
    cbec_template_free(b->tpl);
}

static int64_t scalar_i(const built *b, const char *id)
{
    const cbec_rscalar *s = cbec_rmodel_get_scalar(b->m, id);
    ck_assert_msg(s && !s->v[CBEC_P_CUR].null, "no %s", id);
    return s->v[CBEC_P_CUR].i;
}

static double scalar_d(const built *b, const char *id)
{
    const cbec_rscalar *s = cbec_rmodel_get_scalar(b->m, id);
    ck_assert_msg(s && !s->v[CBEC_P_CUR].null, "no %s", id);
    return s->v[CBEC_P_CUR].d;
}

/* Each row of a table as "key|label|count|value|share‰" (absent columns empty), rows joined by ", ". */
static char *rows_of(const built *b, const char *id)
{
    const cbec_rtable *t = cbec_rmodel_get_table(b->m, id);
    GString *s = g_string_new(NULL);
    int k, l, n, v, sh;
    guint r;
    ck_assert_msg(t != NULL, "no table %s", id);
    k = cbec_rtable_col(t, "key"), l = cbec_rtable_col(t, "label"), n = cbec_rtable_col(t, "count");
    v = cbec_rtable_col(t, "value") >= 0 ? cbec_rtable_col(t, "value") : cbec_rtable_col(t, "amount");
    sh = cbec_rtable_col(t, "share");
    for (r = 0; r < t->rows->len; r++) {
        const cbec_rcell *c = g_ptr_array_index(t->rows, r);
        g_string_append_printf(s, "%s%s|%s|%lld|%lld|", r ? ", " : "", k >= 0 && c[k].s ? c[k].s : "",
                               l >= 0 && c[l].s ? c[l].s : "", (long long)c[n].i, (long long)c[v].i);
        if (sh >= 0 && !c[sh].null)
            g_string_append_printf(s, "%.0f", c[sh].d * 1000.0);
    }
    return g_string_free(s, FALSE);
}

/* The sum of a table's rows but the total (the last, whose key is empty) in one column. */
static int64_t sum_but_total(const built *b, const char *id, const char *col)
{
    const cbec_rtable *t = cbec_rmodel_get_table(b->m, id);
    int c = cbec_rtable_col(t, col);
    int64_t sum = 0;
    guint r;
    for (r = 0; r + 1 < t->rows->len; r++)
        sum += ((const cbec_rcell *)g_ptr_array_index(t->rows, r))[c].i;
    return sum;
}

/* ---- tables agree with their headlines ---------------------------------------------------- */

START_TEST(tables_add_up)
{
    built b = build(cbec_store_db(st), DATE, "zh");
    char *s;
    const cbec_rtable *t;
    double share = 0;
    guint r;

    /* trades of the day: the bank credit of the day is not one of them */
    ck_assert_int_eq(scalar_i(&b, "flow_total"), 3);
    ck_assert_int_eq(scalar_i(&b, "flow_matched"), 2);
    ck_assert_int_eq(scalar_i(&b, "exceptions"), 1);
    ck_assert_int_eq(scalar_i(&b, "exception_value"), 10000);
    ck_assert_int_eq(scalar_i(&b, "open_exceptions"), 7);
    /* every open exception once, under its main reason: the total is the headline, shares add to 100.0% */
    s = rows_of(&b, "by_reason");
    ck_assert_str_eq(s, "PAYER_NOT_BUYER|支付人与订购人不一致|2|100000|286, PAYMENT_MISSING|缺支付单|2|30000|285, "
                        "AMOUNT_MISMATCH|金额不符|1|70000|143, SHIPMENT_MISSING|缺运单|1|30000|143, "
                        "UNSETTLED|未结算|1|50000|143, |合计|7|280000|1000");
    g_free(s);
    ck_assert_int_eq(sum_but_total(&b, "by_reason", "count"), scalar_i(&b, "open_exceptions"));
    t = cbec_rmodel_get_table(b.m, "by_reason");
    for (r = 0; r + 1 < t->rows->len; r++)
        share += ((const cbec_rcell *)g_ptr_array_index(t->rows, r))[4].d;
    ck_assert_double_eq_tol(share, 1.0, 1e-9);
    /* further reasons apart: they overlap (4 mentions for 3 trades), no total, no share */
    s = rows_of(&b, "by_secondary");
    ck_assert_str_eq(s, "AMOUNT_MISMATCH|金额不符|2|50000|, CONSIGNEE_MISMATCH|收货人不一致|1|40000|, "
                        "LIST_MISSING|缺清单|1|30000|");
    g_free(s);
    /* bank credits in a table of their own, with their own amounts */
    s = rows_of(&b, "by_bank");
    ck_assert_str_eq(s, "AMBIGUOUS|多笔交易均可对应|1|250000|500, NO_TRADE|无对应交易|1|500000|500, |合计|2|750000|1000");
    g_free(s);
    ck_assert_int_eq(scalar_i(&b, "bank_unexplained"), 2);
    ck_assert_int_eq(scalar_i(&b, "bank_unexplained_value"), 750000);
    ck_assert_int_eq(scalar_i(&b, "quarantined"), 1);
    built_free(&b);
}
END_TEST

START_TEST(exceptions_aged_and_resolved)
{
    built b = build(cbec_store_db(st), DATE, "zh");
    char *s = rows_of(&b, "by_age");
    ck_assert_str_eq(s, "1|0–1 天|2|30000|286, 7|2–7 天|1|30000|143, 30|8–30 天|2|100000|286, "
                        "over|30 天以上|2|120000|285, |合计|7|280000|1000");
    g_free(s);
    ck_assert_int_eq(sum_but_total(&b, "by_age", "count"), scalar_i(&b, "open_exceptions"));
    ck_assert_int_eq(scalar_i(&b, "exceptions_seen"), 8);
    ck_assert_int_eq(scalar_i(&b, "exceptions_resolved"), 2);
    ck_assert_double_eq_tol(scalar_d(&b, "resolution_rate"), 0.25, 1e-12);
    /* the date in prose the Chinese way */
    ck_assert_str_eq(cbec_rmodel_get_meta(b.m, "day_text"), "2026年12月6日");
    built_free(&b);
}
END_TEST

/* ---- no program words in the Chinese bulletin; codes beside their names in the workbook ---------- */

static char *pdf_text(const char *pdf)
{
    char *line = g_strdup_printf("pdftotext -enc UTF-8 '%s' -", pdf), *out = NULL;
    int status = -1;
    ck_assert(g_spawn_command_line_sync(line, &out, NULL, &status, NULL));
    ck_assert_msg(status == 0, "%s failed", line);
    g_free(line);
    return out;
}

static char *render(const char *format, const char *lang)
{
    cbec_report_opts o = {"reconciliation", format, lang, DATE, dir, NULL, 0, 0, NULL};
    char *written = NULL, *why = NULL;
    ck_assert_msg(cbec_report_render(st, NULL, &o, &written, NULL, &why) == CBEC_ERR_NONE, "render: %s", why);
    return written;
}

/* A member of a zip file, whole (g_free); NULL when absent. */
static char *zip_member(const char *zip, const char *name)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    GString *s = NULL;
    archive_read_support_format_zip(a);
    ck_assert_int_eq(archive_read_open_filename(a, zip, 16384), ARCHIVE_OK);
    while (archive_read_next_header(a, &e) == ARCHIVE_OK)
        if (strcmp(archive_entry_pathname(e), name) == 0) {
            char buf[8192];
            la_ssize_t n;
            s = g_string_new(NULL);
            while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
                g_string_append_len(s, buf, n);
            break;
        }
    archive_read_free(a);
    return s ? g_string_free(s, FALSE) : NULL;
}

/* The XML of the workbook's sheet named name (sheets are numbered in workbook order). */
static char *sheet_xml(const char *xlsx, const char *name)
{
    char *wb = zip_member(xlsx, "xl/workbook.xml"), *p, *want = g_strdup_printf("name=\"%s\"", name), *member, *xml;
    int n = 0;
    ck_assert_ptr_nonnull(wb);
    p = strstr(wb, want);
    ck_assert_msg(p != NULL, "no sheet %s", name);
    for (char *q = strstr(wb, "<sheet "); q && q <= p; q = strstr(q + 1, "<sheet "))
        n++;
    member = g_strdup_printf("xl/worksheets/sheet%d.xml", n);
    xml = zip_member(xlsx, member);
    ck_assert_ptr_nonnull(xml);
    g_free(member);
    g_free(want);
    g_free(wb);
    return xml;
}

START_TEST(no_program_words_in_chinese_pdf)
{
    char *pdf = render("pdf", "zh"), *text = pdf_text(pdf), *x, *xml;
    GRegex *code = g_regex_new("[A-Z_]{4,}", 0, 0, NULL);
    GMatchInfo *mi = NULL;
    int found = g_regex_match(code, text, 0, &mi);
    ck_assert_msg(!found, "program code in the Chinese PDF: %s", found ? g_match_info_fetch(mi, 0) : "");
    g_match_info_free(mi);
    /* the names are there instead, and the figures that add up */
    ck_assert_ptr_nonnull(strstr(text, "支付人与订购人不一致"));
    ck_assert_ptr_nonnull(strstr(text, "多笔交易均可对应"));
    ck_assert_ptr_nonnull(strstr(text, "合计"));
    ck_assert_ptr_nonnull(strstr(text, "2026年12月6日"));
    ck_assert_ptr_nonnull(strstr(text, "解决率 25.0%"));
    ck_assert_ptr_nonnull(strstr(text, "未找到对应交易"));
    g_free(text);
    g_free(pdf);
    /* the English bulletin names them in English, no codes either */
    pdf = render("pdf", "en");
    text = pdf_text(pdf);
    ck_assert_ptr_nonnull(strstr(text, "Payer is not the buyer"));
    ck_assert_ptr_null(strstr(text, "PAYER_NOT_BUYER"));
    ck_assert_ptr_null(strstr(text, "BANK_UNEXPLAINED"));
    g_free(text);
    g_free(pdf);
    /* the workbook keeps each code in a column of its own beside its name */
    x = render("xlsx", "zh");
    xml = sheet_xml(x, "主要原因");
    ck_assert_ptr_nonnull(strstr(xml, ">代码<"));
    ck_assert_ptr_nonnull(strstr(xml, ">PAYER_NOT_BUYER<"));
    ck_assert_ptr_nonnull(strstr(xml, ">支付人与订购人不一致<"));
    g_free(xml);
    xml = sheet_xml(x, "异常明细");
    ck_assert_ptr_nonnull(strstr(xml, ">主要原因代码<"));
    ck_assert_ptr_nonnull(strstr(xml, ">PAYER_NOT_BUYER AMOUNT_MISMATCH CONSIGNEE_MISMATCH<"));
    ck_assert_ptr_nonnull(strstr(xml, ">支付人与订购人不一致；金额不符；收货人不一致<"));
    g_free(xml);
    xml = sheet_xml(x, "未匹配入账明细");
    ck_assert_ptr_nonnull(strstr(xml, ">NO_TRADE<"));
    ck_assert_ptr_nonnull(strstr(xml, ">Stmt[1]/Ntry[1]<"));
    g_free(xml);
    g_free(x);
    g_regex_unref(code);
}
END_TEST

/* ---- three nights reconciled: ageing and the resolution rate from what reconcile recorded --------- */

START_TEST(three_nights)
{
    rt_db *t = rt_open();
    built b;
    char *s;
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_import_trade(t, "I3");
    rt_import_trade(t, "I4");
    rt_exec(t, "CREATE TEMP TABLE held AS SELECT * FROM payment WHERE order_no IN ('I3','I4');"
               "DELETE FROM payment WHERE order_no IN ('I1','I3')");
    /* night one (2026-11-25): I1 and I3 miss their payments */
    rt_reconcile(t, "2026-11-25");
    /* night two: I3's payment arrives (resolved), I4's is taken back (a new exception) */
    rt_exec(t, "INSERT INTO payment SELECT * FROM held WHERE order_no='I3'; DELETE FROM payment WHERE order_no='I4'");
    rt_reconcile(t, "2026-11-26");
    b = build(t->db, "2026-11-26", "zh");
    s = rows_of(&b, "by_age");
    ck_assert_str_eq(s, "1|0–1 天|2|23820|1000, 7|2–7 天|0|0|0, 30|8–30 天|0|0|0, over|30 天以上|0|0|0, "
                        "|合计|2|23820|1000");
    g_free(s);
    /* found before night two: I1, I3; resolved: I3 */
    ck_assert_int_eq(scalar_i(&b, "exceptions_seen"), 2);
    ck_assert_int_eq(scalar_i(&b, "exceptions_resolved"), 1);
    ck_assert_double_eq_tol(scalar_d(&b, "resolution_rate"), 0.5, 1e-12);
    built_free(&b);
    /* night three (2026-11-28, nothing new): I1 open 3 days, I4 2 days; I1, I3, I4 found before, I3 resolved */
    rt_reconcile(t, "2026-11-28");
    b = build(t->db, "2026-11-28", "zh");
    s = rows_of(&b, "by_age");
    ck_assert_str_eq(s, "1|0–1 天|0|0|0, 7|2–7 天|2|23820|1000, 30|8–30 天|0|0|0, over|30 天以上|0|0|0, "
                        "|合计|2|23820|1000");
    g_free(s);
    ck_assert_int_eq(scalar_i(&b, "open_exceptions"), 2);
    ck_assert_int_eq(scalar_i(&b, "exceptions_seen"), 3);
    ck_assert_int_eq(scalar_i(&b, "exceptions_resolved"), 1);
    ck_assert_double_eq_tol(scalar_d(&b, "resolution_rate"), 1.0 / 3.0, 1e-12);
    built_free(&b);
    rt_close(t);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("report_recon");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tables_add_up);
    tcase_add_test(tc, exceptions_aged_and_resolved);
    tcase_add_test(tc, no_program_words_in_chinese_pdf);
    tcase_add_test(tc, three_nights);
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
