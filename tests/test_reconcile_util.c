/* See test_reconcile_util.h. */
#include <stdarg.h>
#include <string.h>
#include <check.h>
#include <glib.h>

#include "test_reconcile_util.h"
#include "testutil.h"

rt_db *rt_open(void)
{
    rt_db *t = g_new0(rt_db, 1);
    char *why = NULL, *rules = tu_src("etc/reconcile.rules");
    t->dir = tu_tmpdir();
    t->path = tu_path(t->dir, "rc.db");
    ck_assert_msg(cbec_store_open(t->path, 0, &t->st, &why) == CBEC_ERR_NONE, "%s", why);
    t->db = cbec_store_db(t->st);
    ck_assert_msg(cbec_rc_rules_load_file(rules, &t->rules, &why) == CBEC_ERR_NONE, "%s", why);
    g_free(rules);
    return t;
}

void rt_close(rt_db *t)
{
    cbec_rc_rules_free(t->rules);
    cbec_store_close(t->st);
    if (t->texts)
        g_ptr_array_free(t->texts, TRUE);
    g_free(t->dir);
    g_free(t->path);
    g_free(t);
}

void rt_exec(rt_db *t, const char *fmt, ...)
{
    va_list ap;
    char *sql, *err = NULL;
    va_start(ap, fmt);
    sql = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ck_assert_msg(sqlite3_exec(t->db, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql, err);
    g_free(sql);
}

static sqlite3_stmt *prep(rt_db *t, const char *fmt, va_list ap)
{
    char *sql = g_strdup_vprintf(fmt, ap);
    sqlite3_stmt *s = NULL;
    ck_assert_msg(sqlite3_prepare_v2(t->db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(t->db));
    g_free(sql);
    return s;
}

int64_t rt_int(rt_db *t, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *s;
    int64_t v = -999;
    va_start(ap, fmt);
    s = prep(t, fmt, ap);
    va_end(ap);
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_type(s, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

const char *rt_text(rt_db *t, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *s;
    char *v = NULL;
    va_start(ap, fmt);
    s = prep(t, fmt, ap);
    va_end(ap);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        v = g_strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (v) {
        if (!t->texts)
            t->texts = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(t->texts, v);
    }
    return v;
}

void rt_reconcile(rt_db *t, const char *date)
{
    char *why = NULL;
    cbec_err rc = cbec_reconcile(t->db, t->rules, date, 0, NULL, &why);
    ck_assert_msg(rc == CBEC_ERR_NONE, "reconcile failed: %s", why);
}

const char *rt_status(rt_db *t, const char *order_no)
{
    return rt_text(t, "SELECT status FROM flow WHERE order_no='%s'", order_no);
}

const char *rt_reasons(rt_db *t, const char *order_no)
{
    return rt_text(t, "SELECT reasons FROM flow WHERE order_no='%s'", order_no);
}

void rt_import_trade(rt_db *t, const char *no)
{
    rt_exec(t,
            "INSERT INTO orders(order_no, platform_code, direction, order_time, currency, goods_value, freight,"
            " tax_total, discount, actual_paid, buyer_key, buyer_name, consignee_key, consignee_name,"
            " consignee_address, pay_code, pay_transaction_id)"
            " VALUES ('%s', 'EBP1', 'import', '2026-11-25T10:00:00+08:00', 'CNY', 10000, 1000, 910, 0, 11910,"
            " 'BK-%s', 'Buyer %s', 'CK-%s', '张 三', '呼和浩特市 新城区 1号', 'PAY1', 'PT-%s');"
            "INSERT INTO payment(pay_transaction_id, pay_code, pay_name, order_no, platform_code, direction,"
            " payer_key, payer_name, amount, currency, pay_time)"
            " VALUES ('PT-%s', 'PAY1', 'Pay One', '%s', 'EBP1', 'import', 'BK-%s', 'Buyer %s', 11910, 'CNY',"
            " '2026-11-25T10:05:00+08:00');"
            "INSERT INTO shipment(logistics_no, logistics_code, order_no, direction, consignee_key, consignee_name,"
            " consignee_address, currency, ship_time)"
            " VALUES ('LN-%s', 'LOG1', '%s', 'import', 'CK-%s', ' 张\u3000 三 ', '呼和浩特市  新城区 1号', 'CNY',"
            " '2026-11-25T18:00:00+08:00');"
            "INSERT INTO customs_list(cop_no, order_no, platform_code, logistics_no, logistics_code, direction,"
            " trade_mode, total_value, currency, declared_at)"
            " VALUES ('COP-%s', '%s', 'EBP1', 'LN-%s', 'LOG1', 'import', '9610', 10000, 'CNY',"
            " '2026-11-25T19:00:00+08:00');",
            no, no, no, no, no, no, no, no, no, no, no, no, no, no, no);
}

void rt_export_trade(rt_db *t, const char *no)
{
    rt_exec(t,
            "INSERT INTO orders(order_no, platform_code, direction, order_type, trade_mode, order_time, currency,"
            " goods_value, freight) VALUES ('%s', 'EBP2', 'export', 'E', '9610', '2026-11-25T09:00:00+08:00', 'USD',"
            " 5000, 500);"
            "INSERT INTO payment(pay_transaction_id, pay_code, pay_name, order_no, direction, amount, currency,"
            " pay_time) VALUES ('PN-%s', 'PP', 'PingPong', '%s', 'export', 5500, 'USD', '2026-11-25T12:00:00+08:00');"
            "INSERT INTO shipment(logistics_no, logistics_code, direction, weight_g, ship_time)"
            " VALUES ('EL-%s', 'LOG2', 'export', 1200, '2026-11-25T15:00:00+08:00');"
            "INSERT INTO customs_list(cop_no, order_no, platform_code, logistics_no, logistics_code, direction,"
            " trade_mode, currency, declared_at)"
            " VALUES ('ECOP-%s', '%s', 'EBP2', 'EL-%s', 'LOG2', 'export', '9610', 'USD', '2026-11-25T16:00:00+08:00');",
            no, no, no, no, no, no, no);
}

void rt_assert_trade(rt_db *t, const char *no, const char *status, const char *reasons)
{
    const char *s = rt_status(t, no), *r = rt_reasons(t, no);
    ck_assert_msg(s && strcmp(s, status) == 0, "%s: status %s, expected %s", no, s, status);
    ck_assert_msg(r && strcmp(r, reasons) == 0, "%s: reasons \"%s\", expected \"%s\"", no, r, reasons);
}
