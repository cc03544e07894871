/* The risk rule pack (analysis/credit_risk/README.md): each rule is set-based SQL
 * over the working set of analyse.c, writing candidate alerts into temp.an_cand and
 * the orders behind them into temp.an_cand_order.  The candidates are then upserted into `alert`
 * on its UNIQUE (rule_id, entity_kind, entity_key, business_date) key, so a rerun
 * keeps the same rows and ids; alerts whose condition no longer holds are removed.
 * An alert's business_date is the date of the activity that raised it (not the
 * run date), which keeps its key stable from one night to the next. */
#include "cbecflow-build.h"

#include <string.h>
#include <glib.h>

#include "analysis/credit_risk/risk.h"
#include "core/base/log.h"
#include "core/store.h"

/** Rule ids of the pack, in evaluation order (a contract: docs/dataset.md "Derived tables"). */
static const char *const rule_ids[] = {
    "R-SINGLE-LIMIT", "R-ANNUAL-LIMIT", "R-ORDER-SPLIT", "R-PAYER-NOT-BUYER", "R-PAYER-MANY-BUYERS",
    "R-MONEY-WITHOUT-GOODS", "R-GOODS-WITHOUT-MONEY", "R-UNDERVALUATION", "R-WEIGHT-VALUE", "R-BANK-UNEXPLAINED",
    "R-NEGATIVE-LIST", NULL};

/* Everything one rule needs to build its SQL. */
typedef struct rule_ctx {
    const cbec_rules *r;
    const char *id;
    char *severity;   /* quoted SQL literal */
} rule_ctx;

/* Quoted SQL list "'a','b'" from a ';'-separated rule key appended to out ("" when empty). */
static void in_list(GString *out, const cbec_rules *r, const char *rule, const char *key)
{
    char *v = cbec_rules_text(r, rule, key, "");
    char **parts = g_strsplit_set(v, ";,", -1);

    for (char **p = parts; *p; p++) {
        char *q;
        g_strstrip(*p);
        if (!**p)
            continue;
        q = sqlite3_mprintf("%Q", *p);
        g_string_append_printf(out, "%s%s", out->len ? "," : "", q);
        sqlite3_free(q);
    }
    g_strfreev(parts);
    g_free(v);
}

/* The scope of a rule: directions and trade modes, as SQL on the given columns. */
static char *scope(const rule_ctx *c, const char *dir_col, const char *mode_col)
{
    GString *s = g_string_new("");
    static const char *const keys[3] = {"directions", "trade_modes", "skip_trade_modes"};
    for (int i = 0; i < 3; i++) {
        GString *l = g_string_new("");
        const char *col = i == 0 ? dir_col : mode_col;
        in_list(l, c->r, c->id, keys[i]);
        if (l->len && col)
            g_string_append_printf(s, " AND coalesce(%s,'') %sIN (%s)", col, i == 2 ? "NOT " : "", l->str);
        g_string_free(l, TRUE);
    }
    return g_string_free(s, FALSE);
}

static cbec_err run_sql(sqlite3 *db, char *sql, char **why)
{
    cbec_err rc = cbec_db_exec(db, sql, why);
    g_free(sql);
    return rc;
}

/* Every single-order rule: candidate rows with order_no set give their alert_order row. */
#define CAND_COLS "(rule_id, severity, entity_kind, entity_key, business_date, evidence, order_no, platform_code)"

static cbec_err r_single_limit(sqlite3 *db, const rule_ctx *c, char **why)
{
    int64_t limit = cbec_rules_scaled(c->r, c->id, "limit", 2, 500000);
    char *sc = scope(c, "t.direction", "t.trade_mode");
    char *sql = g_strdup_printf(
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'order', t.platform_code||'|'||t.order_no, t.bdate,"
        " json_object('order_no', t.order_no, 'value_cny', cbec_money(t.value_cny), 'limit_cny',"
        " cbec_money(%lld), 'trade_mode', t.trade_mode), t.order_no, t.platform_code"
        " FROM an_trade t WHERE t.value_cny > %lld%s",
        c->id, c->severity, (long long)limit, (long long)limit, sc);
    g_free(sc);
    return run_sql(db, sql, why);
}

static cbec_err r_annual_limit(sqlite3 *db, const rule_ctx *c, char **why)
{
    int64_t limit = cbec_rules_scaled(c->r, c->id, "limit", 2, 2600000);
    char *sc = scope(c, "t.direction", "t.trade_mode");
    cbec_err rc;
    /* Running total per buyer and calendar year; the alert dates from the order that crossed. */
    char *sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_annual;"
        "CREATE TEMP TABLE an_annual AS WITH b AS (SELECT t.buyer_key, t.buyer_mask, t.order_time, t.order_id,"
        "  t.order_no, t.platform_code, t.bdate, t.value_cny, substr(t.bdate,1,4) AS yr FROM an_trade t"
        "  WHERE t.buyer_key IS NOT NULL AND t.value_cny IS NOT NULL AND t.bdate<>''%s),"
        " r AS (SELECT b.*, sum(value_cny) OVER (PARTITION BY buyer_key, yr ORDER BY order_time, order_id"
        "  ROWS UNBOUNDED PRECEDING) AS run, sum(value_cny) OVER (PARTITION BY buyer_key, yr) AS tot,"
        "  count(*) OVER (PARTITION BY buyer_key, yr) AS n FROM b)"
        " SELECT * FROM r WHERE tot > %lld;"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'buyer', buyer_key||'|'||yr, min(CASE WHEN run > %lld THEN bdate END),"
        " json_object('buyer_mask', max(buyer_mask), 'year', yr, 'total_cny', cbec_money(max(tot)), 'limit_cny',"
        " cbec_money(%lld), 'orders', count(*)), NULL, NULL FROM an_annual GROUP BY buyer_key, yr;"
        "INSERT OR IGNORE INTO an_cand_order SELECT c.rule_id, c.entity_kind, c.entity_key, c.business_date,"
        " a.order_no, a.platform_code FROM an_annual a JOIN an_cand c ON c.rule_id='%s' AND c.entity_kind='buyer'"
        " AND c.entity_key=a.buyer_key||'|'||a.yr;"
        "DROP TABLE temp.an_annual;",
        sc, (long long)limit, c->id, c->severity, (long long)limit, (long long)limit, c->id);
    rc = run_sql(db, sql, why);
    g_free(sc);
    return rc;
}

static cbec_err r_order_split(sqlite3 *db, const rule_ctx *c, char **why)
{
    int64_t limit = cbec_rules_scaled(c->r, c->id, "limit", 2, 500000);
    int64_t hours = cbec_rules_scaled(c->r, c->id, "window_hours", 3, 24000);
    int64_t min_orders = cbec_rules_int(c->r, c->id, "min_orders", 2);
    char *sc = scope(c, "t.direction", "t.trade_mode");
    cbec_err rc;
    /* Chains of one consignee's orders each under the limit and less than the window apart.
     * Orders with no neighbour within the window (nearly all) are dropped after one
     * window pass; only the rest are chained. */
    char *sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_split0; DROP TABLE IF EXISTS temp.an_split;"
        "CREATE TEMP TABLE an_split0 AS SELECT * FROM (SELECT t.order_id, t.order_no, t.platform_code,"
        " t.consignee_key, t.consignee_mask, t.order_time, t.jd, t.bdate, t.value_cny,"
        " (t.jd - lag(t.jd) OVER w) * 24000.0 AS gp, (lead(t.jd) OVER w - t.jd) * 24000.0 AS gn"
        " FROM an_trade t WHERE t.consignee_key IS NOT NULL AND t.value_cny IS NOT NULL AND t.value_cny <= %lld"
        " AND t.jd IS NOT NULL%s WINDOW w AS (PARTITION BY t.consignee_key ORDER BY t.jd, t.order_id))"
        " WHERE gp <= %lld OR gn <= %lld;"
        "CREATE TEMP TABLE an_split AS"
        " WITH g AS (SELECT s.*, sum(CASE WHEN gp <= %lld THEN 0 ELSE 1 END) OVER (PARTITION BY consignee_key"
        "   ORDER BY jd, order_id ROWS UNBOUNDED PRECEDING) AS grp FROM an_split0 s),"
        " h AS (SELECT g.*, count(*) OVER k AS n, sum(value_cny) OVER k AS tot, min(order_time) OVER k AS t0,"
        "   min(bdate) OVER k AS d0, max(order_time) OVER k AS t1 FROM g"
        "   WINDOW k AS (PARTITION BY consignee_key, grp))"
        " SELECT * FROM h WHERE n >= %lld AND tot > %lld;"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'consignee', consignee_key||'|'||t0, d0, json_object('consignee_mask',"
        " max(consignee_mask), 'orders', count(*), 'total_cny', cbec_money(sum(value_cny)), 'max_order_cny',"
        " cbec_money(max(value_cny)), 'limit_cny', cbec_money(%lld), 'first', t0, 'last', max(t1),"
        " 'window_hours', %lld / 1000.0), NULL, NULL FROM an_split GROUP BY consignee_key, grp;"
        "INSERT OR IGNORE INTO an_cand_order SELECT '%s', 'consignee', consignee_key||'|'||t0, d0, order_no,"
        " platform_code FROM an_split;"
        "DROP TABLE temp.an_split; DROP TABLE temp.an_split0;",
        (long long)limit, sc, (long long)hours, (long long)hours, (long long)hours, (long long)min_orders,
        (long long)limit, c->id, c->severity, (long long)limit, (long long)hours, c->id);
    rc = run_sql(db, sql, why);
    g_free(sc);
    return rc;
}

static cbec_err r_payer_not_buyer(sqlite3 *db, const rule_ctx *c, char **why)
{
    char *sc = scope(c, "x.direction", "x.trade_mode");
    char *sql = g_strdup_printf(
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'order', x.platform_code||'|'||x.order_no, x.bdate, json_object('order_no',"
        " x.order_no, 'buyer_mask', x.buyer_mask, 'payer_mask', x.payer_mask, 'pay_transaction_id',"
        " x.pay_transaction_id), x.order_no, x.platform_code FROM an_payx x WHERE x.order_id IS NOT NULL"
        " AND x.payer_key IS NOT NULL AND x.buyer_key IS NOT NULL AND x.payer_key <> x.buyer_key%s",
        c->id, c->severity, sc);
    g_free(sc);
    return run_sql(db, sql, why);
}

static cbec_err r_payer_many_buyers(sqlite3 *db, const rule_ctx *c, char **why)
{
    int64_t k = cbec_rules_int(c->r, c->id, "min_buyers", 3);
    char *sc = scope(c, "x.direction", "x.trade_mode");
    cbec_err rc;
    /* The alert dates from the day the k-th distinct buyer first appeared. */
    char *sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_many;"
        "CREATE TEMP TABLE an_many AS"
        " WITH pb AS (SELECT x.payer_key, x.buyer_key, min(x.bdate) AS d FROM an_payx x"
        "   WHERE x.order_id IS NOT NULL AND x.payer_key IS NOT NULL AND x.buyer_key IS NOT NULL%s"
        "   GROUP BY x.payer_key, x.buyer_key),"
        " r AS (SELECT pb.*, row_number() OVER (PARTITION BY payer_key ORDER BY d, buyer_key) AS rn,"
        "   count(*) OVER (PARTITION BY payer_key) AS nb FROM pb)"
        " SELECT payer_key, max(nb) AS nb, max(CASE WHEN rn=%lld THEN d END) AS d FROM r WHERE nb >= %lld"
        " GROUP BY payer_key;"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'payer', m.payer_key, m.d, json_object('payer_mask', max(x.payer_mask), 'buyers', m.nb,"
        " 'orders', count(DISTINCT x.order_id), 'total_cny', cbec_money(sum(x.amount_cny)), 'min_buyers', %lld),"
        " NULL, NULL FROM an_many m JOIN an_payx x ON x.payer_key=m.payer_key AND x.order_id IS NOT NULL%s"
        " GROUP BY m.payer_key;"
        "INSERT OR IGNORE INTO an_cand_order SELECT '%s', 'payer', m.payer_key, m.d, x.order_no, x.platform_code"
        " FROM an_many m JOIN an_payx x ON x.payer_key=m.payer_key AND x.order_id IS NOT NULL"
        " AND x.buyer_key IS NOT NULL%s;"
        "DROP TABLE temp.an_many;",
        sc, (long long)k, (long long)k, c->id, c->severity, (long long)k, sc, c->id, sc);
    rc = run_sql(db, sql, why);
    g_free(sc);
    return rc;
}

static cbec_err r_money_without_goods(sqlite3 *db, const rule_ctx *c, char **why)
{
    char *sc = scope(c, "x.direction", "x.trade_mode");
    char *sql = g_strdup_printf(
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'order', x.platform_code||'|'||x.order_no, x.bdate, json_object('order_no', x.order_no,"
        " 'pay_transaction_id', x.pay_transaction_id, 'amount', cbec_money(x.amount, x.currency), 'currency',"
        " x.currency, 'waybills', 0, 'customs_lists', 0), x.order_no, x.platform_code"
        " FROM an_payx x WHERE x.order_no IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.order_no=x.order_no)"
        " AND NOT EXISTS (SELECT 1 FROM customs_list l WHERE l.order_no=x.order_no)%s",
        c->id, c->severity, sc);
    g_free(sc);
    return run_sql(db, sql, why);
}

static cbec_err r_goods_without_money(sqlite3 *db, const rule_ctx *c, char **why)
{
    char *sc = scope(c, "g.direction", "g.trade_mode");
    cbec_err rc;
    char *sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_goods;"
        "CREATE TEMP TABLE an_goods AS SELECT u.order_no,"
        " coalesce(t.platform_code, max(u.platform_code), '') AS platform_code,"
        " coalesce(nullif(t.bdate,''), min(u.d), '') AS bdate,"
        " coalesce(nullif(t.trade_mode,''), max(u.tm), '') AS trade_mode,"
        " coalesce(t.direction, max(u.dir)) AS direction, sum(u.ship) AS waybills, sum(1-u.ship) AS lists"
        " FROM (SELECT s.order_no, NULL AS platform_code, date(s.ship_time,'+8 hours') AS d, NULL AS tm,"
        "   s.direction AS dir, 1 AS ship FROM shipment s WHERE coalesce(s.order_no,'')<>''"
        "   AND NOT EXISTS (SELECT 1 FROM an_payx x WHERE x.order_no=s.order_no)"
        "  UNION ALL SELECT l.order_no, nullif(l.platform_code,''), date(coalesce(l.declared_at, l.ie_date),"
        "   '+8 hours'), l.trade_mode, l.direction, 0 FROM customs_list l WHERE coalesce(l.order_no,'')<>''"
        "   AND NOT EXISTS (SELECT 1 FROM an_payx x WHERE x.order_no=l.order_no)) u"
        " LEFT JOIN an_trade t ON t.order_no=u.order_no GROUP BY u.order_no, t.order_id;"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'order', g.platform_code||'|'||g.order_no, g.bdate, json_object('order_no', g.order_no,"
        " 'waybills', g.waybills, 'customs_lists', g.lists, 'payments', 0), g.order_no, g.platform_code"
        " FROM an_goods g WHERE NOT EXISTS (SELECT 1 FROM an_payx x WHERE x.order_no=g.order_no)%s;"
        "DROP TABLE temp.an_goods;",
        c->id, c->severity, sc);
    rc = run_sql(db, sql, why);
    g_free(sc);
    return rc;
}

/* Median of column v per group hs of table src into dst(hs, n, med), groups of at least min_n. */
static char *median_sql(const char *dst, const char *src, const char *v, int64_t min_n)
{
    return g_strdup_printf(
        "DROP TABLE IF EXISTS temp.%s;"
        "CREATE TEMP TABLE %s AS WITH r AS (SELECT hs, %s AS v, row_number() OVER (PARTITION BY hs ORDER BY %s)"
        " AS rn, count(*) OVER (PARTITION BY hs) AS n FROM %s)"
        " SELECT hs, max(n) AS n, (max(CASE WHEN rn=(n+1)/2 THEN v END) + max(CASE WHEN rn=(n+2)/2 THEN v END)) / 2"
        " AS med FROM r GROUP BY hs HAVING max(n) >= %lld;"
        "CREATE INDEX temp.%s_hs ON %s(hs);",
        dst, dst, v, v, src, (long long)min_n, dst, dst);
}

static cbec_err r_undervaluation(sqlite3 *db, const rule_ctx *c, char **why)
{
    int64_t digits = cbec_rules_int(c->r, c->id, "hs_digits", 6);
    int64_t min_n = cbec_rules_int(c->r, c->id, "min_sample", 10);
    int64_t ratio = cbec_rules_scaled(c->r, c->id, "max_ratio", 4, 3000);   /* basis points */
    int64_t k = cbec_rules_scaled(c->r, c->id, "mad_k", 2, 300);            /* hundredths */
    char *sc = scope(c, "t.direction", "t.trade_mode");
    char *med = median_sql("an_hs", "an_item", "up", min_n);
    char *sql;
    cbec_err rc;

    /* Median and MAD (median absolute deviation) of the CNY unit price per HS group; an item is
     * undervalued below ratio x median and more than k x 1.4826 x MAD under it (MAD 0: ratio only). */
    sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_item;"
        "CREATE TEMP TABLE an_item AS SELECT * FROM (SELECT t.order_id, t.order_no, t.platform_code, t.bdate,"
        " i.line_no, i.hs_code, substr(replace(replace(i.hs_code,'.',''),' ',''),1,%lld) AS hs,"
        " cny(i.unit_price, coalesce(nullif(i.currency,''), t.currency), nullif(t.bdate,'')) AS up"
        " FROM order_item i JOIN an_trade t ON t.order_id=i.order_id WHERE coalesce(i.hs_code,'')<>''"
        " AND i.unit_price > 0%s"
        /* Orders whose lines carry no HS code (CEB orders do not): the customs list's lines. */
        " UNION ALL SELECT t.order_id, t.order_no, t.platform_code, t.bdate, li.line_no, li.hs_code,"
        " substr(replace(replace(li.hs_code,'.',''),' ',''),1,%lld),"
        " cny(li.unit_price, coalesce(nullif(li.currency,''), nullif(l.currency,''), t.currency),"
        " nullif(t.bdate,'')) FROM customs_list l JOIN customs_list_item li ON li.list_id=l.list_id"
        " JOIN an_trade t ON t.order_no=l.order_no AND coalesce(l.platform_code,'') IN ('', t.platform_code)"
        " WHERE coalesce(li.hs_code,'')<>'' AND li.unit_price > 0 AND NOT EXISTS (SELECT 1 FROM order_item i"
        " WHERE i.order_id=t.order_id AND coalesce(i.hs_code,'')<>'')%s) WHERE up > 0;"
        "%s"
        "DROP TABLE IF EXISTS temp.an_dev;"
        "CREATE TEMP TABLE an_dev AS SELECT i.hs, abs(i.up - h.med) AS dev FROM an_item i JOIN an_hs h ON h.hs=i.hs;"
        "DROP TABLE IF EXISTS temp.an_mad;"
        "CREATE TEMP TABLE an_mad AS WITH r AS (SELECT hs, dev, row_number() OVER (PARTITION BY hs ORDER BY dev)"
        " AS rn, count(*) OVER (PARTITION BY hs) AS n FROM an_dev)"
        " SELECT hs, (max(CASE WHEN rn=(n+1)/2 THEN dev END) + max(CASE WHEN rn=(n+2)/2 THEN dev END)) / 2 AS mad"
        " FROM r GROUP BY hs;"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'order', i.platform_code||'|'||i.order_no, i.bdate, json_object('order_no', i.order_no,"
        " 'items', json_group_array(json_object('line', i.line_no, 'hs_code', i.hs_code, 'unit_price_cny',"
        " cbec_money(i.up), 'median_cny', cbec_money(h.med), 'mad_cny', cbec_money(m.mad), 'sample', h.n)),"
        " 'max_ratio', %lld / 10000.0, 'mad_k', %lld / 100.0), i.order_no, i.platform_code"
        " FROM an_item i JOIN an_hs h ON h.hs=i.hs JOIN an_mad m ON m.hs=i.hs"
        " WHERE i.up * 10000 < h.med * %lld AND (m.mad = 0 OR (h.med - i.up) * 1000000 > %lld * 14826 * m.mad)"
        " GROUP BY i.order_id;"
        "DROP TABLE temp.an_item; DROP TABLE temp.an_hs; DROP TABLE temp.an_dev; DROP TABLE temp.an_mad;",
        (long long)digits, sc, (long long)digits, sc, med, c->id, c->severity, (long long)ratio, (long long)k,
        (long long)ratio, (long long)k);
    rc = run_sql(db, sql, why);
    g_free(med);
    g_free(sc);
    return rc;
}

static cbec_err r_weight_value(sqlite3 *db, const rule_ctx *c, char **why)
{
    int64_t digits = cbec_rules_int(c->r, c->id, "hs_digits", 4);
    int64_t min_n = cbec_rules_int(c->r, c->id, "min_sample", 10);
    int64_t factor = cbec_rules_int(c->r, c->id, "factor", 10);
    char *sc = scope(c, "t.direction", "t.trade_mode");
    char *med = median_sql("an_wvm", "an_wv", "vpk", min_n);
    char *sql;
    cbec_err rc;

    /* Value per kilogram (fen/kg) of each waybill, against the median of its HS group. */
    sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_wv;"
        "CREATE TEMP TABLE an_wv AS SELECT *, v * 1000 / weight_g AS vpk FROM (SELECT s.shipment_id,"
        " s.logistics_code, s.logistics_no, s.order_no, coalesce(t.platform_code,'') AS platform_code,"
        " coalesce(nullif(t.bdate,''), date(s.ship_time,'+8 hours'), '') AS bdate, s.weight_g,"
        " coalesce(cny(s.declared_value, coalesce(nullif(s.currency,''), t.currency, 'CNY'),"
        "  coalesce(nullif(t.bdate,''), date(s.ship_time,'+8 hours'))), t.value_cny) AS v,"
        " coalesce((SELECT substr(replace(i.hs_code,'.',''),1,%lld) FROM order_item i WHERE i.order_id=t.order_id"
        "  AND coalesce(i.hs_code,'')<>'' ORDER BY i.line_no LIMIT 1),"
        "  (SELECT substr(replace(i.hs_code,'.',''),1,%lld) FROM customs_list l JOIN customs_list_item i"
        "  ON i.list_id=l.list_id WHERE l.order_no=s.order_no AND coalesce(i.hs_code,'')<>''"
        "  ORDER BY l.list_id, i.line_no LIMIT 1),"
        "  (SELECT substr(replace(i.hs_code,'.',''),1,%lld) FROM shipment_item i WHERE i.shipment_id=s.shipment_id"
        "  AND coalesce(i.hs_code,'')<>'' ORDER BY i.line_no LIMIT 1)) AS hs"
        " FROM shipment s LEFT JOIN an_trade t ON t.order_no=s.order_no WHERE s.weight_g > 0%s)"
        " WHERE v > 0 AND hs IS NOT NULL AND order_no IS NOT NULL GROUP BY shipment_id;"
        "%s"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'shipment', w.logistics_code||'|'||w.logistics_no, w.bdate, json_object('logistics_no',"
        " w.logistics_no, 'order_no', w.order_no, 'weight_g', w.weight_g, 'value_cny', cbec_money(w.v),"
        " 'value_per_kg_cny', cbec_money(w.vpk), 'median_per_kg_cny', cbec_money(m.med), 'hs_group', w.hs,"
        " 'sample', m.n, 'factor', %lld), w.order_no, w.platform_code"
        " FROM an_wv w JOIN an_wvm m ON m.hs=w.hs WHERE w.vpk * %lld < m.med OR w.vpk > m.med * %lld;"
        "DROP TABLE temp.an_wv; DROP TABLE temp.an_wvm;",
        (long long)digits, (long long)digits, (long long)digits, sc, med, c->id, c->severity, (long long)factor,
        (long long)factor, (long long)factor);
    rc = run_sql(db, sql, why);
    g_free(med);
    g_free(sc);
    return rc;
}

static cbec_err r_bank_unexplained(sqlite3 *db, const rule_ctx *c, char **why)
{
    int64_t min_amount = cbec_rules_scaled(c->r, c->id, "min_amount", 2, 1);
    /* A credit is explained by a reconciled trade that links it (without BANK_UNEXPLAINED),
     * or by a reference naming a settlement batch, a payment or an order. */
    char *sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_flowbank;"
        "CREATE TEMP TABLE an_flowbank AS SELECT bank_txn_id, max(instr(' '||reasons||' ',' BANK_UNEXPLAINED ')=0)"
        " AS explains, max(instr(' '||reasons||' ',' BANK_UNEXPLAINED ')>0) AS unexplained FROM flow"
        " WHERE bank_txn_id IS NOT NULL GROUP BY bank_txn_id;"
        "CREATE INDEX temp.an_flowbank_id ON an_flowbank(bank_txn_id);"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        /* the bank's reference is not unique (one AcctSvcrRef for a batch): the entry's place in
         * its statement tells two credits apart */
        " SELECT '%s', %s, 'bank_txn', coalesce(b.account,'')||'|'||coalesce(b.entry_ref, 'txn:'||b.txn_id)"
        "||coalesce('|'||b.statement_key||'#'||b.entry_seq, ''),"
        " coalesce(b.booking_date, b.value_date, ''), json_object('account', b.account, 'entry_ref', b.entry_ref,"
        " 'booking_date', b.booking_date, 'amount', cbec_money(b.amount, b.currency), 'currency', b.currency,"
        " 'counterparty', b.counterparty, 'reference', b.reference, 'remittance', b.remittance), NULL, NULL"
        " FROM bank_txn b LEFT JOIN an_flowbank f ON f.bank_txn_id=b.txn_id"
        " WHERE b.direction='C' AND b.reversal=0"
        " AND coalesce(cny(b.amount, coalesce(nullif(b.currency,''),'CNY'), b.booking_date), b.amount) >= %lld"
        " AND (f.unexplained = 1 OR (f.bank_txn_id IS NULL"
        "  AND NOT EXISTS (SELECT 1 FROM settlement s WHERE s.settlement_ref IN (b.reference, b.remittance, b.batch_ref))"
        "  AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.pay_transaction_id IN (b.reference, b.remittance))"
        "  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_no IN (b.reference, b.remittance))));"
        "DROP TABLE temp.an_flowbank;",
        c->id, c->severity, (long long)min_amount);
    return run_sql(db, sql, why);
}

static cbec_err r_negative_list(sqlite3 *db, const rule_ctx *c, char **why)
{
    char *sql = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.an_neg;"
        "CREATE TEMP TABLE an_neg AS SELECT DISTINCT e.code, e.role, e.order_no, e.platform_code, e.bdate,"
        " n.reason, n.listed_on FROM negative_list n CROSS JOIN an_ent_order e ON e.code=n.code AND n.listed_on <= e.bdate"
        " AND (n.expires_on IS NULL OR e.bdate < n.expires_on) WHERE e.bdate<>'';"
        "INSERT OR IGNORE INTO an_cand " CAND_COLS
        " SELECT '%s', %s, 'enterprise', n.code, n.bdate, json_object('code', n.code, 'name', (SELECT name FROM"
        " enterprise WHERE code=n.code), 'roles', group_concat(DISTINCT n.role), 'reasons',"
        " (SELECT group_concat(reason||' '||listed_on, '; ') FROM (SELECT DISTINCT reason, listed_on FROM an_neg m"
        " WHERE m.code=n.code AND m.bdate=n.bdate)), 'orders', count(DISTINCT n.order_no||'|'||n.platform_code)),"
        " NULL, NULL FROM an_neg n GROUP BY n.code, n.bdate;"
        "INSERT OR IGNORE INTO an_cand_order SELECT '%s', 'enterprise', code, bdate, order_no, platform_code"
        " FROM an_neg;"
        "DROP TABLE temp.an_neg;",
        c->id, c->severity, c->id);
    return run_sql(db, sql, why);
}

typedef cbec_err (*rule_fn)(sqlite3 *db, const rule_ctx *c, char **why);

static const rule_fn rule_fns[] = {r_single_limit,        r_annual_limit,        r_order_split,
                                   r_payer_not_buyer,     r_payer_many_buyers,   r_money_without_goods,
                                   r_goods_without_money, r_undervaluation,      r_weight_value,
                                   r_bank_unexplained,    r_negative_list};

/* Drop the alerts of rule id whose every order is already behind an alert of a rule in by. */
static cbec_err suppress(sqlite3 *db, const cbec_rules *r, const char *id, char **why)
{
    GString *l = g_string_new("");
    cbec_err rc = CBEC_ERR_NONE;

    in_list(l, r, id, "suppressed_by");
    if (l->len) {
        char *sql = g_strdup_printf(
            "DELETE FROM an_cand WHERE rule_id='%s' AND EXISTS (SELECT 1 FROM an_cand_order o WHERE o.rule_id="
            "an_cand.rule_id AND o.entity_kind=an_cand.entity_kind AND o.entity_key=an_cand.entity_key AND"
            " o.business_date=an_cand.business_date) AND NOT EXISTS (SELECT 1 FROM an_cand_order o WHERE"
            " o.rule_id=an_cand.rule_id AND o.entity_kind=an_cand.entity_kind AND o.entity_key=an_cand.entity_key"
            " AND o.business_date=an_cand.business_date AND NOT EXISTS (SELECT 1 FROM an_cand_order y WHERE"
            " y.order_no=o.order_no AND y.platform_code IS o.platform_code AND y.rule_id IN (%s)));"
            "DELETE FROM an_cand_order WHERE rule_id='%s' AND NOT EXISTS (SELECT 1 FROM an_cand c WHERE"
            " c.rule_id=an_cand_order.rule_id AND c.entity_kind=an_cand_order.entity_kind AND"
            " c.entity_key=an_cand_order.entity_key AND c.business_date=an_cand_order.business_date);",
            id, l->str, id);
        rc = run_sql(db, sql, why);
    }
    g_string_free(l, TRUE);
    return rc;
}

static int64_t scalar(sqlite3 *db, const char *sql) { return cbec_db_int(db, sql, 0); }

cbec_err cbec_risk_run(sqlite3 *db, const cbec_rules *risk, int64_t run_id, cbec_an_stats *stats, char **why)
{
    GString *ids = g_string_new("");
    char *sql = NULL, *vq = NULL;
    gint64 t0;
    cbec_err rc;
    size_t i;

    rc = cbec_db_exec(db,
                      "DROP TABLE IF EXISTS temp.an_cand; DROP TABLE IF EXISTS temp.an_cand_order;"
                      "CREATE TEMP TABLE an_cand(rule_id TEXT NOT NULL, severity TEXT NOT NULL, entity_kind TEXT"
                      " NOT NULL, entity_key TEXT NOT NULL, business_date TEXT NOT NULL, evidence TEXT,"
                      " order_no TEXT, platform_code TEXT,"
                      " PRIMARY KEY (rule_id, entity_kind, entity_key, business_date));"
                      "CREATE TEMP TABLE an_cand_order(rule_id TEXT, entity_kind TEXT, entity_key TEXT,"
                      " business_date TEXT, order_no TEXT, platform_code TEXT,"
                      " PRIMARY KEY (rule_id, entity_kind, entity_key, business_date, order_no, platform_code));"
                      "CREATE INDEX temp.an_cand_order_no ON an_cand_order(order_no, rule_id);",
                      why);
    if (rc != CBEC_ERR_NONE)
        goto done;
    for (i = 0; rule_ids[i]; i++) {
        rule_ctx c = {risk, rule_ids[i], NULL};
        char *sev = cbec_rules_text(risk, rule_ids[i], "severity", "medium");
        g_string_append_printf(ids, "%s'%s'", i ? "," : "", rule_ids[i]);
        if (!cbec_rules_bool(risk, rule_ids[i], "enabled", 1)) {
            g_free(sev);
            continue;
        }
        c.severity = sqlite3_mprintf("%Q", sev);
        g_free(sev);
        t0 = g_get_monotonic_time();
        rc = rule_fns[i](db, &c, why);
        sqlite3_free(c.severity);
        if (rc != CBEC_ERR_NONE)
            goto done;
        cbec_debug("risk %s: %.1f s, %lld candidates so far", rule_ids[i],
                   (double)(g_get_monotonic_time() - t0) / 1e6, (long long)scalar(db, "SELECT count(*) FROM an_cand"));
    }
    /* Single-order rules name their order on the candidate row. */
    rc = cbec_db_exec(db,
                      "INSERT OR IGNORE INTO an_cand_order SELECT rule_id, entity_kind, entity_key, business_date,"
                      " order_no, platform_code FROM an_cand WHERE order_no IS NOT NULL;",
                      why);
    for (i = 0; rule_ids[i] && rc == CBEC_ERR_NONE; i++)
        rc = suppress(db, risk, rule_ids[i], why);
    if (rc != CBEC_ERR_NONE)
        goto done;

    /* Upsert on the UNIQUE key: unchanged alerts keep their row, id and run. */
    vq = sqlite3_mprintf("%Q", cbec_rules_version(risk));
    sql = g_strdup_printf(
        "INSERT INTO alert(rule_id, severity, entity_kind, entity_key, business_date, evidence, rule_version, run_id)"
        " SELECT rule_id, severity, entity_kind, entity_key, business_date, evidence, %s, %lld FROM an_cand WHERE 1"
        " ON CONFLICT(rule_id, entity_kind, entity_key, business_date) DO UPDATE SET severity=excluded.severity,"
        " evidence=excluded.evidence, rule_version=excluded.rule_version, run_id=excluded.run_id"
        " WHERE alert.severity IS NOT excluded.severity OR alert.evidence IS NOT excluded.evidence"
        " OR alert.rule_version IS NOT excluded.rule_version;"
        "DELETE FROM alert WHERE rule_id IN (%s) AND NOT EXISTS (SELECT 1 FROM an_cand c WHERE"
        " c.rule_id=alert.rule_id AND c.entity_kind=alert.entity_kind AND c.entity_key=alert.entity_key"
        " AND c.business_date=alert.business_date);"
        "DROP TABLE IF EXISTS temp.an_ao;"
        "CREATE TEMP TABLE an_ao AS SELECT DISTINCT a.alert_id, o.order_no, o.platform_code FROM an_cand_order o"
        " JOIN alert a ON a.rule_id=o.rule_id AND a.entity_kind=o.entity_kind AND a.entity_key=o.entity_key"
        " AND a.business_date=o.business_date WHERE o.order_no IS NOT NULL;"
        "CREATE INDEX temp.an_ao_id ON an_ao(alert_id, order_no);"
        "DELETE FROM alert_order WHERE alert_id NOT IN (SELECT alert_id FROM alert)"
        " OR (alert_id IN (SELECT alert_id FROM alert WHERE rule_id IN (%s)) AND NOT EXISTS (SELECT 1 FROM an_ao x"
        " WHERE x.alert_id=alert_order.alert_id AND x.order_no=alert_order.order_no"
        " AND x.platform_code IS alert_order.platform_code));"
        "INSERT OR IGNORE INTO alert_order(alert_id, order_no, platform_code) SELECT alert_id, order_no,"
        " platform_code FROM an_ao;",
        vq, (long long)run_id, ids->str, ids->str);
    rc = cbec_db_exec(db, sql, why);
    if (rc != CBEC_ERR_NONE)
        goto done;
    stats->alerts = scalar(db, "SELECT count(*) FROM an_cand");
    stats->alert_orders = scalar(db, "SELECT count(*) FROM an_ao");
done:
    sqlite3_exec(db, "DROP TABLE IF EXISTS temp.an_ao; DROP TABLE IF EXISTS temp.an_cand;"
                     "DROP TABLE IF EXISTS temp.an_cand_order;",
                 NULL, NULL, NULL);
    sqlite3_free(vq);
    g_free(sql);
    g_string_free(ids, TRUE);
    return rc;
}
