/* The bankcsv plugin end to end (Chinese bank CSV exports of ICBC, BOC, CMB, ABC and
 * BOCOM, written by hand after the banks' export layouts), and a mixed folder of bank
 * statements from all three bank plugins reporting per statement whether it ties out.
 * Expected figures are computed by hand from the fixtures. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <xlsxwriter.h>

#include "testutil.h"

static char *dir, *db;

static void setup(void)
{
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
}

static void teardown(void)
{
    g_free(db);
    g_free(dir);
}

static int ingest(const char *name, const char *override)
{
    char *rel = g_strconcat("tests/fixtures/bank/csv/", name, NULL), *path = tu_src(rel);
    char *with[] = {"-o", (char *)override, "ingest", "--db", db, path, NULL};
    char *without[] = {"ingest", "--db", db, path, NULL};
    int rc = tu_runv(NULL, NULL, override ? with : without);
    g_free(rel);
    g_free(path);
    return rc;
}

static int64_t q(const char *sql)
{
    return tu_sql_int(db, sql);
}

static void text_eq(const char *sql, const char *want)
{
    tu_assert_sql_text(db, sql, want);
}

START_TEST(probe_scores)
{
    char *out = NULL, *f1 = tu_src("tests/fixtures/bank/csv/icbc_20261125.csv"),
         *f2 = tu_src("tests/fixtures/bank/csv/boc_20261125.csv");
    ck_assert_int_eq(tu_run(&out, NULL, "probe", f1, f2, NULL), 0);
    /* GB18030 header words are found past the preamble */
    ck_assert_ptr_nonnull(strstr(out, "icbc_20261125.csv\tbankcsv\t85"));
    ck_assert_ptr_nonnull(strstr(out, "boc_20261125.csv\tbankcsv\t85"));
    g_free(out);
    g_free(f1);
    g_free(f2);
}
END_TEST

/* GB18030, preamble account and currency, debit/credit columns, footer totals skipped. */
START_TEST(icbc_preamble_footer)
{
    ck_assert_int_eq(ingest("icbc_20261125.csv", NULL), 0);
    /* opening = 112500.00 - 12500.00 = 100000.00; + 20500.00 - 1200.50 = 119299.50 */
    text_eq("SELECT account||'|'||bank||'|'||format||'|'||currency||'|'||opening_balance||'|'||closing_balance||'|'||"
            "credits_total||'|'||debits_total||'|'||entry_count||'|'||balanced||'|'||opening_date||'|'||closing_date "
            "FROM bank_statement",
            "0200001209020123456|ICBC|bankcsv:icbc|CNY|10000000|11929950|2050000|120050|3|1|2026-11-24|2026-11-25");
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE statement_id IS NOT NULL"), 3);
    text_eq("SELECT counterparty||'|'||counterparty_account||'|'||amount||direction||'|'||remittance FROM bank_txn "
            "WHERE entry_ref='ICBC0001'", "俄罗斯Ozon平台|6222020200001111|1250000C|货款 / 订单结算 ORD-2001");
    text_eq("SELECT amount||direction FROM bank_txn WHERE entry_ref='ICBC0002'", "120050D");
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine"), 0);
}
END_TEST

/* UTF-8 BOM, account column, signed amounts, YYYY/MM/DD, newest first. */
START_TEST(boc_newest_first)
{
    ck_assert_int_eq(ingest("boc_20261125.csv", NULL), 0);
    /* oldest row: balance 45000.00 after -1000.00 -> opening 46000.00; newest balance 50700.00 */
    text_eq("SELECT account||'|'||opening_balance||'|'||closing_balance||'|'||credits_total||'|'||debits_total||'|'||"
            "balanced FROM bank_statement", "1234567890123|4600000|5070000|600000|130000|1");
    text_eq("SELECT booking_date||'|'||amount||direction FROM bank_txn WHERE entry_ref='BOC20261124009'",
            "2026-11-24|100000D");
}
END_TEST

/* YYYYMMDD, value date column, masked balances: stored, not checkable. */
START_TEST(cmb_masked_balance)
{
    ck_assert_int_eq(ingest("cmb_20261125.csv", NULL), 0);
    text_eq("SELECT account||'|'||credits_total||'|'||debits_total||'|'||entry_count FROM bank_statement",
            "471900012310888|350000|2500|2");
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement WHERE balanced IS NULL AND opening_balance IS NULL"), 1);
    text_eq("SELECT booking_date||'|'||value_date||'|'||counterparty FROM bank_txn WHERE entry_ref='CMB0001'",
            "2026-11-25|2026-11-26|乌兰巴托贸易公司");
}
END_TEST

/* Explicit "+" signs, YYYYMMDD, no reference column: entry_ref from date, amount, balance. */
START_TEST(abc_signed_plus)
{
    ck_assert_int_eq(ingest("abc_20261125.csv", NULL), 0);
    /* 12000.00 - 2000.00 = 10000.00; + 3000.50 - 150.00 = 12850.50 */
    text_eq("SELECT account||'|'||opening_balance||'|'||closing_balance||'|'||credits_total||'|'||debits_total||'|'||"
            "balanced FROM bank_statement", "6228480012345678901|1000000|1285050|300050|15000|1");
    text_eq("SELECT amount||direction||'|'||counterparty FROM bank_txn WHERE entry_ref='2026-11-25/D/150.00000/11850.00'",
            "15000D|国网电力");
}
END_TEST

/* 借/贷 direction column with unsigned amounts; "人民币合计" footer skipped. */
START_TEST(bocom_direction_column)
{
    ck_assert_int_eq(ingest("bocom_20261125.csv", NULL), 0);
    /* 80000.00 - 30000.00 = 50000.00; + 30000.00 - 1500.00 = 78500.00 */
    text_eq("SELECT account||'|'||opening_balance||'|'||closing_balance||'|'||credits_total||'|'||debits_total||'|'||"
            "entry_count||'|'||balanced FROM bank_statement", "151000123456789|5000000|7850000|3000000|150000|3|1");
    text_eq("SELECT group_concat(entry_ref||direction, ',') FROM (SELECT * FROM bank_txn ORDER BY entry_ref)",
            "BC001C,BC002D,BC003D");
}
END_TEST

/* A row missing: the running balance does not tie out by 500.00. */
START_TEST(missing_row_does_not_tie_out)
{
    ck_assert_int_eq(ingest("icbc_missing_row.csv", NULL), 3);
    text_eq("SELECT opening_balance||'|'||closing_balance||'|'||balanced||'|'||difference FROM bank_statement",
            "1000000|1200000|0|50000");
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='BALANCE_MISMATCH'"), 1);
}
END_TEST

START_TEST(refusals)
{
    ck_assert_int_eq(ingest("icbc_refusals.csv", NULL), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='line 3' AND reason_code='BAD_DATE'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='line 4' AND reason_code='BAD_AMOUNT'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='line 5' AND reason_code='BAD_AMOUNT'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 1);
    ck_assert_int_eq(ingest("bocom_bad_mark.csv", NULL), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='line 3' AND reason_code='BAD_DIRECTION'"), 1);
}
END_TEST

/* A layout forced by configuration that does not match: the input is refused as a whole. */
START_TEST(forced_layout_mismatch)
{
    ck_assert_int_eq(ingest("boc_20261125.csv", "plugin.bankcsv.layout=bocom"), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE reason_code='NO_HEADER'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 0);
    ck_assert_int_eq(ingest("boc_20261125.csv", "plugin.bankcsv.layout=nosuchbank"), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE reason_code='BAD_CONFIG'"), 1);
}
END_TEST

/* An XLSX export of the ICBC layout, forced with --source: same column map, numeric cells. */
START_TEST(icbc_xlsx_forced)
{
    char *path = tu_path(dir, "icbc.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "明细");
    static const char *const head[] = {"交易日期", "凭证号", "摘要", "借方发生额", "贷方发生额", "余额", "对方账号",
                                       "对方户名", "用途"};
    int c;

    worksheet_write_string(ws, 0, 0, "账号：0200001209020555555", NULL);
    for (c = 0; c < 9; c++)
        worksheet_write_string(ws, 1, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(ws, 2, 0, "2026-11-25", NULL);
    worksheet_write_string(ws, 2, 1, "XL1", NULL);
    worksheet_write_number(ws, 2, 4, 2500, NULL);
    worksheet_write_number(ws, 2, 5, 7500, NULL);
    worksheet_write_string(ws, 3, 0, "2026-11-25", NULL);
    worksheet_write_string(ws, 3, 1, "XL2", NULL);
    worksheet_write_string(ws, 3, 3, "120.25", NULL);
    worksheet_write_string(ws, 3, 5, "7379.75", NULL);
    ck_assert_int_eq(workbook_close(wb), LXW_NO_ERROR);
    {
        char *args[] = {"ingest", "--source", "bankcsv", "--db", db, path, NULL};
        ck_assert_int_eq(tu_runv(NULL, NULL, args), 0);
    }
    /* 7500 - 2500 = 5000.00 opening; + 2500.00 - 120.25 = 7379.75 */
    text_eq("SELECT account||'|'||opening_balance||'|'||closing_balance||'|'||entry_count||'|'||balanced FROM "
            "bank_statement", "0200001209020555555|500000|737975|2|1");
    g_free(path);
}
END_TEST

/* One night's bank folder: camt (4 banks), MT940 (3 banks), CSV (5 banks), in a zip too. */
START_TEST(mixed_folder_per_statement)
{
    static const char *const files[] = {
        "camt/de_sparkasse_v08.xml", "camt/nl_ing_v02.xml", "camt/ch_ubs_v04.xml", "camt/cz_csob_v03.xml",
        "mt940/de_deutsche_bank.sta", "mt940/nl_ing_fin.swi", "mt940/mn_khanbank_940.txt",
        "csv/icbc_20261125.csv", "csv/boc_20261125.csv", "csv/cmb_20261125.csv", "csv/abc_20261125.csv",
        "csv/bocom_20261125.csv", "csv/icbc_missing_row.csv", NULL};
    char *night = tu_path(dir, "night"), *zip, *khan942, *data = NULL, *out = NULL;
    gsize len;
    int i;

    g_mkdir_with_parents(night, 0700);
    for (i = 0; files[i]; i++) {
        char *rel = g_strconcat("tests/fixtures/bank/", files[i], NULL), *src = tu_src(rel);
        char *base = g_path_get_basename(files[i]), *dst = tu_path(night, base);
        ck_assert(g_file_get_contents(src, &data, &len, NULL));
        tu_write(dst, data, (ssize_t)len);
        g_free(data);
        g_free(rel);
        g_free(src);
        g_free(base);
        g_free(dst);
    }
    /* the Khan Bank MT942 interim report arrives zipped */
    khan942 = tu_src("tests/fixtures/bank/mt940/mn_khanbank_942.txt");
    ck_assert(g_file_get_contents(khan942, &data, &len, NULL));
    zip = tu_path(night, "interim.zip");
    tu_archive1(zip, "zip", "khan/942.txt", data, len);
    g_free(data);
    {
        char *args[] = {"ingest", "--db", db, night, NULL};
        /* two statements do not tie out (CSOB camt, ICBC export with a missing row): exit 3 */
        ck_assert_int_eq(tu_runv(&out, NULL, args), 3);
    }
    /* 2 + 1 + 1 + 1 camt, 2 + 1 + 1 MT940, 1 MT942, 6 CSV exports */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 16);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement WHERE balanced=1"), 13);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement WHERE balanced=0"), 2);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement WHERE balanced IS NULL"), 1);   /* CMB masked */
    text_eq("SELECT group_concat(account||'='||difference, ',') FROM (SELECT * FROM bank_statement WHERE balanced=0 "
            "ORDER BY account)", "0200001209020999999=50000,CZ6508000000192000145399=10000");
    /* every entry belongs to a statement of its own account */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE statement_id IS NULL"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn t JOIN bank_statement s USING(statement_id) "
                       "WHERE s.account<>t.account"), 0);
    /* entries: camt 4+3+4+2, MT940 5+2+4, MT942 3, CSV 3+3+2+3+3+2 */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 43);
    ck_assert_int_eq(q("SELECT count(DISTINCT format) FROM bank_statement"), 11);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine"), 0);
    /* the same folder again: nothing new, nothing twice */
    {
        char *args[] = {"ingest", "--db", db, night, NULL};
        tu_runv(NULL, NULL, args);
    }
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 43);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 16);
    g_free(out);
    g_free(khan942);
    g_free(zip);
    g_free(night);
}
END_TEST

/* CMB books a batch's two fees under one serial number.  Both are kept, and a later export
 * covering one more day re-sends them: the overlapping rows are duplicates (nothing booked
 * twice, no CHANGED_RESEND), only the new day's row is stored. */
START_TEST(shared_serial_reexported)
{
    ck_assert_int_eq(ingest("cmb_shared_serial_1125.csv", NULL), 0);
    text_eq("SELECT group_concat(entry_ref||'='||amount||'@'||statement_key||'#'||entry_seq, ',') FROM "
            "(SELECT * FROM bank_txn ORDER BY txn_id)",
            "CMB2501=350000@ref:CMB2501#1,CMB2502=2500@ref:CMB2502#1,CMB2502#2=1200@ref:CMB2502#2");
    ck_assert_int_eq(ingest("cmb_shared_serial_1124_1125.csv", NULL), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 4);
    text_eq("SELECT records_stored||'+'||records_duplicate FROM source_file WHERE path LIKE '%1124_1125.csv'",
            "2+3");   /* the 24th's row and the export's statement; the 25th's three rows */
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='CHANGED_RESEND'"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bankcsv");
    TCase *tc = tcase_create("bankcsv");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, probe_scores);
    tcase_add_test(tc, icbc_preamble_footer);
    tcase_add_test(tc, boc_newest_first);
    tcase_add_test(tc, cmb_masked_balance);
    tcase_add_test(tc, shared_serial_reexported);
    tcase_add_test(tc, abc_signed_plus);
    tcase_add_test(tc, bocom_direction_column);
    tcase_add_test(tc, missing_row_does_not_tie_out);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, forced_layout_mismatch);
    tcase_add_test(tc, icbc_xlsx_forced);
    tcase_add_test(tc, mixed_folder_per_statement);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
