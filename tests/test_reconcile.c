/* Reconciliation: every reason code, links, FX, pre-check, the rule pack and the command.
 * Datasets are built with SQL inserts into a fresh store; expected values are worked out
 * by hand from the inserted rows and the shipped rule pack (etc/reconcile.rules). */
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "analysis/reconcile/rerun.h"
#include "test_reconcile_util.h"
#include "testutil.h"

#define D1 "2026-11-25"

START_TEST(all_matched)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_export_trade(t, "E1");
    rt_reconcile(t, D1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow"), 3);
    rt_assert_trade(t, "I1", "MATCHED", "");
    rt_assert_trade(t, "I2", "MATCHED", "");
    rt_assert_trade(t, "E1", "MATCHED", "");
    /* Every document linked to its trade; the export waybill through the 603 list. */
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow f JOIN orders o ON o.order_id=f.order_id"
                               " JOIN payment p ON p.payment_id=f.payment_id AND p.pay_transaction_id='PT-'||f.order_no"
                               " JOIN shipment s ON s.shipment_id=f.shipment_id AND s.logistics_no='LN-'||f.order_no"
                               " JOIN customs_list l ON l.list_id=f.list_id AND l.cop_no='COP-'||f.order_no"
                               " WHERE o.order_no=f.order_no"), 2);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow f JOIN shipment s ON s.shipment_id=f.shipment_id"
                               " JOIN payment p ON p.payment_id=f.payment_id WHERE f.order_no='E1'"
                               " AND s.logistics_no='EL-E1' AND p.pay_transaction_id='PN-E1'"), 1);
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(DISTINCT rule_version) FROM flow"), "reconcile-2026.12.1");
    ck_assert_str_eq(rt_text(t, "SELECT direction||' '||trade_mode||' '||business_date FROM flow WHERE order_no='I1'"),
                     "import 9610 " D1);
    /* value_cny of an import trade is its actual payment: 119.10 CNY. */
    ck_assert_int_eq(rt_int(t, "SELECT value_cny FROM flow WHERE order_no='I1'"), 11910);
    ck_assert_str_eq(rt_text(t, "SELECT first_seen FROM flow WHERE order_no='I1'"), D1);
    ck_assert_int_eq(rt_int(t, "SELECT resolved_on FROM flow WHERE order_no='I1'"), -1);
    rt_close(t);
}
END_TEST

START_TEST(payment_missing)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_export_trade(t, "E1");
    rt_exec(t, "DELETE FROM payment");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "I1", "PAYMENT_MISSING", "PAYMENT_MISSING");
    rt_assert_trade(t, "E1", "PAYMENT_MISSING", "PAYMENT_MISSING");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow"), 2);
    rt_close(t);
}
END_TEST

START_TEST(shipment_missing)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_export_trade(t, "E1");
    rt_exec(t, "DELETE FROM shipment");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "I1", "SHIPMENT_MISSING", "SHIPMENT_MISSING");
    rt_assert_trade(t, "E1", "SHIPMENT_MISSING", "SHIPMENT_MISSING");
    rt_close(t);
}
END_TEST

START_TEST(list_missing)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_exec(t, "DELETE FROM customs_list WHERE order_no='I1'");
    rt_reconcile(t, D1);
    /* The 311 order carries no trade mode: an import trade of unknown mode needs its list. */
    rt_assert_trade(t, "I1", "LIST_MISSING", "LIST_MISSING");
    rt_assert_trade(t, "I2", "MATCHED", "");
    rt_close(t);
}
END_TEST

START_TEST(order_missing)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_exec(t, "DELETE FROM orders WHERE order_no='I1'");
    /* A lone export waybill that no list names. */
    rt_exec(t, "INSERT INTO shipment(logistics_no, logistics_code, direction) VALUES ('EL-X', 'LOG2', 'export')");
    rt_reconcile(t, D1);
    /* Payment, waybill and list of I1 form one trade without its order. */
    rt_assert_trade(t, "I1", "ORDER_MISSING", "ORDER_MISSING");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE order_no='I1' AND order_id IS NULL AND"
                               " payment_id IS NOT NULL AND shipment_id IS NOT NULL AND list_id IS NOT NULL"
                               " AND platform_code='EBP1'"), 1);
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow f JOIN shipment s ON s.shipment_id=f.shipment_id"
                               " WHERE f.order_no IS NULL AND s.logistics_no='EL-X' AND f.status='ORDER_MISSING'"), 1);
    rt_assert_trade(t, "I2", "MATCHED", "");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow"), 3);
    rt_close(t);
}
END_TEST

START_TEST(amount_mismatch)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_import_trade(t, "I3");
    rt_import_trade(t, "I4");
    /* I1: paid 119.00 for an order of 119.10. */
    rt_exec(t, "UPDATE payment SET amount=11900 WHERE order_no='I1'");
    /* I2: one fen off is within the CNY tolerance (0 %%, 1 fen). */
    rt_exec(t, "UPDATE payment SET amount=11911 WHERE order_no='I2'");
    /* I3: the order's own arithmetic is wrong: 100.00 + 10.00 + 9.00 - 0 = 119.00 <> 119.10. */
    rt_exec(t, "UPDATE orders SET tax_total=900 WHERE order_no='I3'");
    /* I4: a discount makes it right again: 100 + 10 + 9.10 - 5 = 114.10 = paid. */
    rt_exec(t, "UPDATE orders SET discount=500, actual_paid=11410 WHERE order_no='I4';"
               "UPDATE payment SET amount=11410 WHERE order_no='I4'");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "I1", "AMOUNT_MISMATCH", "AMOUNT_MISMATCH");
    rt_assert_trade(t, "I2", "MATCHED", "");
    rt_assert_trade(t, "I3", "AMOUNT_MISMATCH", "AMOUNT_MISMATCH");
    rt_assert_trade(t, "I4", "MATCHED", "");
    ck_assert_str_eq(rt_text(t, "SELECT precheck FROM flow WHERE order_no='I3'"), "ARITHMETIC");
    ck_assert_str_eq(rt_text(t, "SELECT precheck FROM flow WHERE order_no='I1'"), "");
    rt_close(t);
}
END_TEST

START_TEST(payer_consignee)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_import_trade(t, "I3");
    rt_export_trade(t, "E1");
    rt_exec(t, "UPDATE payment SET payer_key='SOMEONE-ELSE' WHERE order_no='I1'");
    rt_exec(t, "UPDATE shipment SET consignee_key='CK-OTHER' WHERE order_no='I2'");
    rt_exec(t, "UPDATE shipment SET consignee_name='李四' WHERE order_no='I3'");
    /* Export receipts are paid by the foreign buyer: payer = buyer is not checked. */
    rt_exec(t, "UPDATE payment SET payer_key='FOREIGN' WHERE order_no='E1'");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "I1", "PAYER_NOT_BUYER", "PAYER_NOT_BUYER");
    rt_assert_trade(t, "I2", "CONSIGNEE_MISMATCH", "CONSIGNEE_MISMATCH");
    rt_assert_trade(t, "I3", "CONSIGNEE_MISMATCH", "CONSIGNEE_MISMATCH");
    rt_assert_trade(t, "E1", "MATCHED", "");
    ck_assert_str_eq(rt_text(t, "SELECT precheck FROM flow WHERE order_no='I1'"), "PAYER");
    ck_assert_str_eq(rt_text(t, "SELECT precheck FROM flow WHERE order_no='I2'"), "CONSIGNEE");
    rt_close(t);
}
END_TEST

START_TEST(duplicate_and_currency)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_import_trade(t, "I3");
    rt_exec(t, "INSERT INTO finding(kind, row_id, code, message) SELECT 'orders', order_id, 'DUPLICATE_KEY', 'x'"
               " FROM orders WHERE order_no='I1'");
    rt_exec(t, "INSERT INTO finding(kind, row_id, code, message) SELECT 'shipment', shipment_id, 'DUPLICATE_KEY', 'x'"
               " FROM shipment WHERE order_no='I3';"
               "INSERT INTO finding(kind, row_id, code, message) SELECT 'payment', payment_id, 'LINE_TOTAL', 'x'"
               " FROM payment WHERE order_no='I3'");
    /* I2 paid in USD for a CNY order: the amounts are not compared. */
    rt_exec(t, "UPDATE payment SET currency='USD', amount=1677 WHERE order_no='I2'");
    rt_reconcile(t, D1);
    rt_assert_trade(t, "I1", "DUPLICATE_KEY", "DUPLICATE_KEY");
    rt_assert_trade(t, "I2", "CURRENCY_MISMATCH", "CURRENCY_MISMATCH");
    rt_assert_trade(t, "I3", "DUPLICATE_KEY", "DUPLICATE_KEY");
    rt_close(t);
}
END_TEST

/* The list's currency and value reach the reasons and the trade's value whichever way the list was
 * linked: by (order number, platform), by the fallback for lists without a platform, or grouped
 * into a trade without an order. */
START_TEST(list_columns_from_any_link)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_import_trade(t, "I3");
    rt_exec(t, "UPDATE customs_list SET platform_code='', currency='USD' WHERE order_no='I1';"
               "DELETE FROM orders WHERE order_no='I2'; DELETE FROM payment WHERE order_no='I2';"
               "UPDATE customs_list SET total_value=4321 WHERE order_no='I2';"
               "UPDATE customs_list SET currency='USD' WHERE order_no='I3'");
    rt_reconcile(t, D1);
    ck_assert_int_eq(rt_int(t, "SELECT f.list_id=l.list_id FROM flow f JOIN orders o ON o.order_id=f.order_id"
                               " JOIN customs_list l ON l.order_no=o.order_no WHERE o.order_no='I1'"), 1);
    rt_assert_trade(t, "I1", "CURRENCY_MISMATCH", "CURRENCY_MISMATCH");
    rt_assert_trade(t, "I3", "CURRENCY_MISMATCH", "CURRENCY_MISMATCH");
    ck_assert_int_eq(rt_int(t, "SELECT value_cny FROM flow WHERE order_no='I2' AND order_id IS NULL"), 4321);
    rt_close(t);
}
END_TEST

START_TEST(several_reasons)
{
    rt_db *t = rt_open();
    rt_import_trade(t, "I1");
    rt_exec(t, "DELETE FROM payment; UPDATE shipment SET consignee_key='CK-OTHER';"
               "DELETE FROM customs_list");
    rt_reconcile(t, D1);
    /* Status = the first code of the pack's order; reasons = all, in that order. */
    rt_assert_trade(t, "I1", "PAYMENT_MISSING", "PAYMENT_MISSING LIST_MISSING CONSIGNEE_MISMATCH");
    rt_close(t);
}
END_TEST

START_TEST(precheck_limits)
{
    rt_db *t = rt_open();
    int i;
    /* S1: 5,900.00 CNY in one purchase (goods 5,800 + freight 100) > 5,000. */
    rt_import_trade(t, "S1");
    rt_exec(t, "UPDATE orders SET goods_value=580000, freight=10000, tax_total=0, actual_paid=590000"
               " WHERE order_no='S1'; UPDATE payment SET amount=590000 WHERE order_no='S1'");
    /* One buyer, six purchases of 4,500.00 on six days: totals 4.5k ... 27k; only the sixth passes 26k. */
    for (i = 1; i <= 6; i++) {
        char no[8];
        g_snprintf(no, sizeof no, "A%d", i);
        rt_import_trade(t, no);
        rt_exec(t, "UPDATE orders SET goods_value=440000, freight=10000, tax_total=0, actual_paid=450000,"
                   " buyer_key='BK-ANNUAL', order_time='2026-0%d-10T10:00:00+08:00' WHERE order_no='%s';"
                   "UPDATE payment SET amount=450000, payer_key='BK-ANNUAL', pay_time='2026-0%d-10T10:01:00+08:00'"
                   " WHERE order_no='%s'",
                i, no, i, no);
    }
    rt_reconcile(t, D1);
    ck_assert_str_eq(rt_text(t, "SELECT precheck FROM flow WHERE order_no='S1'"), "SINGLE_LIMIT");
    ck_assert_str_eq(rt_text(t, "SELECT group_concat(order_no) FROM flow WHERE precheck='ANNUAL_LIMIT'"), "A6");
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE precheck<>''"), 2);
    /* The pre-check is not a reconciliation reason: the trades reconcile. */
    ck_assert_int_eq(rt_int(t, "SELECT count(*) FROM flow WHERE status='MATCHED'"), 7);
    ck_assert_str_eq(rt_text(t, "SELECT business_date FROM flow WHERE order_no='A3'"), "2026-03-10");
    rt_close(t);
}
END_TEST

START_TEST(fx_value)
{
    rt_db *t = rt_open();
    rt_export_trade(t, "E1");
    rt_export_trade(t, "E2");
    rt_exec(t, "UPDATE orders SET order_time='2026-11-20T09:00:00+08:00' WHERE order_no='E2'");
    /* A rate on the day before E1 applies to E1; none exists on or before E2's day, and a later
     * one (9.9999) never applies: E2 is not converted (no guessed rate, core/fx.h). */
    rt_exec(t, "INSERT INTO fx_rate(rate_date, currency, cny_per_unit) VALUES ('2026-11-24', 'USD', '7.1234'),"
               " ('2026-11-26', 'USD', '9.9999')");
    rt_reconcile(t, D1);
    /* 55.00 USD x 7.1234 = 391.787 CNY -> 391.79. */
    ck_assert_int_eq(rt_int(t, "SELECT value_cny FROM flow WHERE order_no='E1'"), 39179);
    ck_assert_int_eq(rt_int(t, "SELECT value_cny IS NULL FROM flow WHERE order_no='E2'"), 1);
    rt_close(t);
}
END_TEST

START_TEST(rule_pack)
{
    rt_db *t = rt_open();
    cbec_rc_rules *r = NULL;
    char *why = NULL, *path = tu_path(t->dir, "custom.rules");
    rt_import_trade(t, "I1");
    rt_exec(t, "DELETE FROM customs_list; UPDATE payment SET amount=11920");
    tu_write(path,
             "[pack]\nversion = test-7\norder = AMOUNT_MISMATCH;LIST_MISSING\n"
             "[LIST_MISSING]\nenabled = false\n"
             "[tolerance.trade]\nCNY = 0;10\n", -1);
    ck_assert(cbec_rc_rules_load_file(path, &r, &why) == CBEC_ERR_NONE);
    cbec_rc_rules_free(t->rules);
    t->rules = r;
    rt_reconcile(t, D1);
    /* 10 fen off is within the custom tolerance; LIST_MISSING is switched off. */
    rt_assert_trade(t, "I1", "MATCHED", "");
    ck_assert_str_eq(rt_text(t, "SELECT rule_version FROM flow"), "test-7");
    tu_write(path, "[tolerance.trade]\nCNY = 0;5\n", -1);
    ck_assert(cbec_rc_rules_load_file(path, &r, &why) == CBEC_ERR_NONE);
    cbec_rc_rules_free(t->rules);
    t->rules = r;
    rt_reconcile(t, D1);
    rt_assert_trade(t, "I1", "LIST_MISSING", "LIST_MISSING AMOUNT_MISMATCH");
    ck_assert_str_eq(rt_text(t, "SELECT rule_version FROM flow"), "unversioned");
    /* Invalid packs are refused with a reason. */
    tu_write(path, "[pack]\norder = PAYMENT_MISSING;NO_SUCH_CODE\n", -1);
    ck_assert(cbec_rc_rules_load_file(path, &r, &why) == CBEC_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(why, "NO_SUCH_CODE"));
    g_free(why);
    why = NULL;
    tu_write(path, "[tolerance.bank]\nUSD = lots\n", -1);
    ck_assert(cbec_rc_rules_load_file(path, &r, &why) == CBEC_ERR_CONFIG);
    g_free(why);
    g_free(path);
    rt_close(t);
}
END_TEST

START_TEST(command)
{
    rt_db *t = rt_open();
    char *out = NULL, *err = NULL, *rules = tu_src("etc/reconcile.rules"), *ov = g_strconcat("reconcile.rules=", rules, NULL);
    int rc;
    rt_import_trade(t, "I1");
    rt_import_trade(t, "I2");
    rt_exec(t, "DELETE FROM payment WHERE order_no='I2'");
    rc = tu_run(&out, &err, "-o", ov, "reconcile", "--db", t->path, "--date", D1, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
    ck_assert_ptr_nonnull(strstr(out, "2 flows, 1 matched (50.0 %)"));
    ck_assert_ptr_nonnull(strstr(out, "PAYMENT_MISSING"));
    ck_assert_int_eq(tu_sql_int(t->path, "SELECT count(*) FROM run WHERE command='reconcile' AND status='ok'"), 1);
    ck_assert_int_eq(tu_sql_int(t->path, "SELECT count(*) FROM flow WHERE updated_run_id="
                                         "(SELECT run_id FROM run WHERE command='reconcile')"), 2);
    g_free(out);
    g_free(err);
    /* `cbecflow status` shows the night's reconciliation summary. */
    ck_assert_int_eq(tu_run(&out, &err, "status", "--db", t->path, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "reconciliation: 2 flows, 1 matched (50.0 %)"));
    ck_assert_ptr_nonnull(strstr(out, "unsettled amount:        0.00 CNY"));
    ck_assert_ptr_nonnull(strstr(out, "night " D1 ": 2 trades of the day, 2 first seen"));
    g_free(out);
    g_free(err);
    /* Usage errors: exit 2. */
    ck_assert_int_eq(tu_run(NULL, NULL, "reconcile", "--db", t->path, "--date", "25.11.2026", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "reconcile.rules=/nonexistent.rules", "reconcile", "--db", t->path,
                            "--date", D1, NULL), 2);
    g_free(rules);
    g_free(ov);
    rt_close(t);
}
END_TEST

/* The rerun key's input part is hashed once per run (the run writes only the flow tables):
 * the key completed from it later sees the flow tables as they are then, and equals the key
 * hashed whole at that moment, as before the split. */
START_TEST(rerun_key_inputs_once)
{
    rt_db *t = rt_open();
    cbec_rc_rerun *in;
    char *before, *after, *whole;
    rt_import_trade(t, "I1");
    in = cbec_rc_rerun_inputs(t->db, t->rules, D1);
    ck_assert_ptr_nonnull(in);
    before = cbec_rc_rerun_key_now(in, t->db);
    whole = cbec_rc_rerun_key(t->db, t->rules, D1);
    ck_assert_str_eq(before, whole);
    g_free(whole);
    rt_reconcile(t, D1);
    after = cbec_rc_rerun_key_now(in, t->db);
    whole = cbec_rc_rerun_key(t->db, t->rules, D1);
    ck_assert_str_ne(before, after);
    ck_assert_str_eq(after, whole);
    ck_assert_ptr_null(cbec_rc_rerun_key_now(NULL, t->db));
    g_free(before);
    g_free(after);
    g_free(whole);
    cbec_rc_rerun_free(in);
    rt_close(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reconcile");
    TCase *tc = tcase_create("reasons");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, all_matched);
    tcase_add_test(tc, payment_missing);
    tcase_add_test(tc, shipment_missing);
    tcase_add_test(tc, list_missing);
    tcase_add_test(tc, order_missing);
    tcase_add_test(tc, list_columns_from_any_link);
    tcase_add_test(tc, amount_mismatch);
    tcase_add_test(tc, payer_consignee);
    tcase_add_test(tc, duplicate_and_currency);
    tcase_add_test(tc, several_reasons);
    tcase_add_test(tc, precheck_limits);
    tcase_add_test(tc, fx_value);
    tcase_add_test(tc, rule_pack);
    tcase_add_test(tc, command);
    tcase_add_test(tc, rerun_key_inputs_once);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
