/* Hand-built datasets for the credit and risk tests. */
#include <check.h>
#include <stdarg.h>
#include <string.h>
#include <glib.h>

#include "core/base/config.h"
#include "test_risk_data.h"
#include "testutil.h"

cbec_store *rd_open(char **path)
{
    char *dir = tu_tmpdir(), *why = NULL;
    cbec_store *st = NULL;
    *path = tu_path(dir, "risk.db");
    ck_assert_msg(cbec_store_open(*path, 0, &st, &why) == CBEC_ERR_NONE, "open: %s", why);
    g_free(dir);
    return st;
}

void rd_sql(cbec_store *st, const char *fmt, ...)
{
    va_list ap;
    char *sql, *err = NULL;
    va_start(ap, fmt);
    sql = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ck_assert_msg(sqlite3_exec(cbec_store_db(st), sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql, err);
    g_free(sql);
}

int64_t rd_int(cbec_store *st, const char *sql)
{
    sqlite3_stmt *s;
    int64_t v = -999999;
    if (sqlite3_prepare_v2(cbec_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        return v;
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

char *rd_text(cbec_store *st, const char *sql)
{
    sqlite3_stmt *s;
    char *v = NULL;
    ck_assert_msg(sqlite3_prepare_v2(cbec_store_db(st), sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(cbec_store_db(st)));
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = g_strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

#define D(x, d) ((x) ? (x) : (d))

void rd_trade_add(cbec_store *st, const rd_trade *t)
{
    const char *plat = D(t->platform, "PLAT1"), *time = D(t->time, "2026-11-25T10:00:00+08:00");
    char *buyer = t->buyer ? g_strdup(t->buyer) : g_strconcat("B-", t->order_no, NULL);
    char *cons = t->consignee ? g_strdup(t->consignee) : g_strconcat("C-", t->order_no, NULL);
    const char *payer = t->payer ? t->payer : buyer;
    int64_t unit = t->unit_fen ? t->unit_fen : 10000;
    int qty = t->qty ? t->qty : 2;
    int64_t weight = t->weight_g ? t->weight_g : 500;

    rd_sql(st,
           "INSERT INTO orders(order_no, platform_code, platform_name, seller_code, seller_name, direction,"
           " trade_mode, order_time, currency, goods_value, freight, discount, tax_total, actual_paid, buyer_key,"
           " buyer_mask, consignee_key, consignee_mask, pay_code, pay_transaction_id)"
           " VALUES ('%s','%s','Platform %s','%s','Seller %s','import','%s','%s','CNY',%lld,0,0,0,%lld,'%s',"
           " 'mask-%s','%s','mask-%s','PAY1','TX-%s');"
           "INSERT INTO order_item(order_id, line_no, name, hs_code, qty, unit, unit_price, total, currency)"
           " VALUES (last_insert_rowid(), 1, 'goods', '%s', '%d', '011', %lld, %lld, 'CNY');",
           t->order_no, plat, plat, D(t->seller, "SELL1"), D(t->seller, "SELL1"), D(t->trade_mode, "9610"), time,
           (long long)(unit * qty), (long long)(unit * qty), buyer, buyer, cons, cons, t->order_no,
           D(t->hs, "6109100000"), qty, (long long)unit, (long long)(unit * qty));
    if (strcmp(payer, "-") != 0)
        rd_sql(st,
               "INSERT INTO payment(pay_transaction_id, pay_code, pay_name, order_no, platform_code, payer_key,"
               " payer_mask, amount, currency, pay_time, settlement_ref)"
               " VALUES ('TX-%s','PAY1','Pay One','%s','%s','%s','mask-%s',%lld,'CNY','%s','SET-1')",
               t->order_no, t->order_no, plat, payer, payer, (long long)(unit * qty), time);
    if (weight > 0)
        rd_sql(st,
               "INSERT INTO shipment(logistics_no, logistics_code, logistics_name, order_no, consignee_key,"
               " weight_g, declared_value, currency, ship_time)"
               " VALUES ('W-%s','LOG1','Carrier One','%s','%s',%lld,%lld,'CNY','%s')",
               t->order_no, t->order_no, cons, (long long)weight, (long long)(unit * qty), time);
    if (!t->no_list)
        rd_sql(st,
               "INSERT INTO customs_list(cop_no, order_no, platform_code, seller_code, logistics_no, logistics_code,"
               " trade_mode, declared_at, total_value, currency, gross_weight_g)"
               " VALUES ('L-%s','%s','%s','%s','W-%s','LOG1','%s','%s',%lld,'CNY',%lld)",
               t->order_no, t->order_no, plat, D(t->seller, "SELL1"), t->order_no, D(t->trade_mode, "9610"), time,
               (long long)(unit * qty), (long long)(weight > 0 ? weight : 0));
    g_free(buyer);
    g_free(cons);
}

void rd_clean(cbec_store *st)
{
    for (int i = 1; i <= 10; i++) {
        char no[16], time[40];
        rd_trade t = {0};
        g_snprintf(no, sizeof no, "CLEAN%02d", i);
        /* One a day: no consignee or buyer repeats, so no split or limit can fire. */
        g_snprintf(time, sizeof time, "2026-11-%02dT09:%02d:00+08:00", 10 + i, i);
        t.order_no = no;
        t.time = time;
        rd_trade_add(st, &t);
    }
    /* The platform's payout arrives in the bank under its settlement reference: explained. */
    rd_sql(st, "INSERT INTO settlement(settlement_ref, platform_code, pay_code, total_amount, currency)"
               " VALUES ('SET-1','PLAT1','PAY1',200000,'CNY');"
               "INSERT INTO bank_statement(account, statement_no, currency, opening_date) VALUES"
               " ('ACC1','1','CNY','2026-11-25');"
               "INSERT INTO bank_txn(statement_id, account, entry_ref, booking_date, amount, currency, direction,"
               " reference) VALUES (1, 'ACC1', 'E1', '2026-11-25', 200000, 'CNY', 'C', 'SET-1');");
}

void rd_analyse(cbec_store *st, const char *date)
{
    cbec_config *cfg = NULL;
    char *why = NULL, *risk = tu_src("etc/risk.rules"), *credit = tu_src("etc/credit.rules");
    cbec_an_stats stats;

    ck_assert(cbec_config_load(NULL, &cfg, &why) == CBEC_ERR_NONE);
    cbec_config_set(cfg, "analyse", "risk_rules", risk);
    cbec_config_set(cfg, "analyse", "credit_rules", credit);
    ck_assert_msg(cbec_analyse_db(cbec_store_db(st), cfg, date, 1, &stats, &why) == CBEC_ERR_NONE, "analyse: %s",
                  why);
    cbec_config_free(cfg);
    g_free(risk);
    g_free(credit);
}

char *rd_alerts(cbec_store *st)
{
    char *s = rd_text(st, "SELECT group_concat(x, ' ') FROM (SELECT a.rule_id||'='||coalesce((SELECT"
                          " group_concat(order_no, ',') FROM (SELECT order_no FROM alert_order o WHERE"
                          " o.alert_id=a.alert_id ORDER BY order_no)),'') AS x FROM alert a ORDER BY x)");
    return s ? s : g_strdup("");
}
