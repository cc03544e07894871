/* `cbecflow analyse`: credit scores, negative list and risk alerts from the dataset.
 * This file orchestrates: it loads the two rule files (core/rules.h), registers the SQL
 * functions, builds the shared temporary tables and calls credit.c and risk.c, which hold
 * the two systems and call nothing back here. */
#include "cbecflow-build.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "analysis/credit_risk/analyse.h"
#include "analysis/credit_risk/credit.h"
#include "analysis/credit_risk/risk.h"
#include "core/base/decimal.h"
#include "core/lock.h"
#include "core/base/log.h"
#include "core/rules.h"
#include "core/store.h"

/* ---- SQL helpers ---- */

/* cbec_money(amount_minor[, currency]): exact decimal text "5200.00". */
static void sql_money(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char buf[64];
    const char *cur = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : NULL;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    cbec_decimal_format(sqlite3_value_int64(argv[0]), (unsigned)(cur && *cur ? cbec_currency_exponent(cur) : 2),
                        buf, sizeof buf);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

cbec_err cbec_an_register(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    if (sqlite3_create_function(db, "cbec_money", 1, flags, NULL, sql_money, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "cbec_money", 2, flags, NULL, sql_money, NULL, NULL) != SQLITE_OK)
        return CBEC_ERR_DB;
    return CBEC_ERR_NONE;
}

/* The shared working set.  Dates are Asia/Shanghai business dates. */
static const char prepare_sql[] =
    "DROP TABLE IF EXISTS temp.an_trade; DROP TABLE IF EXISTS temp.an_paylink;"
    "DROP TABLE IF EXISTS temp.an_payx; DROP TABLE IF EXISTS temp.an_ent_order;"
    /* One row per order: its CNY value (dutiable price: goods + freight - discount, else
     * what was paid) and its trade mode (from the customs list when the order has none). */
    "CREATE TEMP TABLE an_trade AS SELECT o.order_id, o.order_no, o.platform_code,"
    " coalesce(o.seller_code,'') AS seller_code, o.direction,"
    " coalesce(nullif(o.trade_mode,''), (SELECT c.trade_mode FROM customs_list c WHERE c.order_no=o.order_no"
    "   AND coalesce(c.platform_code,'') IN ('', o.platform_code) AND coalesce(c.trade_mode,'')<>'' LIMIT 1), '')"
    "   AS trade_mode,"
    " o.order_time, julianday(o.order_time) AS jd,"
    " coalesce(date(o.order_time,'+8 hours'), (SELECT r.business_date FROM run r WHERE r.run_id=o.run_id), '')"
    "   AS bdate,"
    " o.buyer_key, o.buyer_mask, o.consignee_key, o.consignee_mask, coalesce(o.pay_code,'') AS pay_code,"
    " o.pay_transaction_id, coalesce(nullif(o.currency,''),'CNY') AS currency,"
    " cny(CASE WHEN o.goods_value IS NOT NULL"
    "   THEN o.goods_value + coalesce(o.freight,0) - coalesce(o.discount,0) ELSE o.actual_paid END,"
    "   coalesce(nullif(o.currency,''),'CNY'), date(o.order_time,'+8 hours')) AS value_cny,"
    " o.source_id"
    " FROM orders o;"
    "CREATE INDEX temp.an_trade_no ON an_trade(order_no);"
    "CREATE INDEX temp.an_trade_id ON an_trade(order_id);"
    /* Payments to orders: by order number (and platform when the payment names one), or by
     * the order's payment transaction id. */
    "CREATE TEMP TABLE an_paylink AS"
    " SELECT p.payment_id, t.order_id FROM an_trade t JOIN payment p ON p.order_no=t.order_no"
    "  AND (coalesce(p.platform_code,'')='' OR p.platform_code=t.platform_code)"
    /* (only for orders no payment names: no duplicate pairs, so no dedupe sort) */
    " UNION ALL SELECT p.payment_id, t.order_id FROM an_trade t JOIN payment p"
    "  ON p.pay_transaction_id=t.pay_transaction_id AND (t.pay_code='' OR p.pay_code=t.pay_code)"
    "  WHERE coalesce(t.pay_transaction_id,'')<>'' AND NOT EXISTS (SELECT 1 FROM payment q"
    "  WHERE q.order_no=t.order_no AND (coalesce(q.platform_code,'')='' OR q.platform_code=t.platform_code));"
    "CREATE INDEX temp.an_paylink_p ON an_paylink(payment_id);"
    "CREATE TEMP TABLE an_payx AS SELECT p.payment_id, t.order_id,"
    " coalesce(t.order_no, nullif(p.order_no,'')) AS order_no,"
    " coalesce(t.platform_code, nullif(p.platform_code,''), '') AS platform_code,"
    " coalesce(nullif(t.bdate,''), date(p.pay_time,'+8 hours'), '') AS bdate,"
    " coalesce(t.direction, p.direction) AS direction, coalesce(t.trade_mode,'') AS trade_mode,"
    " t.buyer_key, t.buyer_mask, p.payer_key, p.payer_mask, p.pay_transaction_id, p.pay_code, p.amount, p.currency,"
    " cny(p.amount, coalesce(nullif(p.currency,''),'CNY'), date(p.pay_time,'+8 hours')) AS amount_cny,"
    " p.source_id"
    " FROM payment p LEFT JOIN an_paylink l ON l.payment_id=p.payment_id LEFT JOIN an_trade t ON t.order_id=l.order_id;"
    "CREATE INDEX temp.an_payx_no ON an_payx(order_no);"
    "CREATE INDEX temp.an_payx_order ON an_payx(order_id);"
    /* Which enterprise took part in which order, in which role, from which file. */
    "CREATE TEMP TABLE an_ent_order(code TEXT, role TEXT, order_id INTEGER, order_no TEXT, platform_code TEXT,"
    " bdate TEXT, source_id INTEGER);"
    "INSERT INTO an_ent_order SELECT platform_code, 'platform', order_id, order_no, platform_code, bdate, source_id"
    " FROM an_trade WHERE platform_code<>'';"
    "INSERT INTO an_ent_order SELECT seller_code, 'seller', order_id, order_no, platform_code, bdate, source_id"
    " FROM an_trade WHERE seller_code<>'';"
    /* The payment company from its own payment files; from the order only when no payment arrived. */
    "INSERT INTO an_ent_order SELECT t.pay_code, 'payment_company', t.order_id, t.order_no, t.platform_code,"
    " t.bdate, t.source_id FROM an_trade t WHERE t.pay_code<>'' AND NOT EXISTS (SELECT 1 FROM an_payx x"
    " WHERE x.order_id=t.order_id AND x.pay_code=t.pay_code);"
    "INSERT INTO an_ent_order SELECT x.pay_code, 'payment_company', x.order_id, x.order_no, x.platform_code,"
    " x.bdate, x.source_id FROM an_payx x WHERE coalesce(x.pay_code,'')<>'' AND x.order_id IS NOT NULL;"
    "INSERT INTO an_ent_order SELECT s.logistics_code, 'carrier', t.order_id, t.order_no, t.platform_code, t.bdate,"
    " s.source_id FROM shipment s JOIN an_trade t ON t.order_no=s.order_no WHERE s.logistics_code<>'';"
    "INSERT INTO an_ent_order SELECT c.logistics_code, 'carrier', t.order_id, t.order_no, t.platform_code, t.bdate,"
    " c.source_id FROM customs_list c JOIN an_trade t ON t.order_no=c.order_no"
    " AND coalesce(c.platform_code,'') IN ('', t.platform_code) WHERE coalesce(c.logistics_code,'')<>''"
    " AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.order_no=c.order_no AND s.logistics_code=c.logistics_code);"
    "CREATE INDEX temp.an_ent_order_code ON an_ent_order(code, order_id, source_id);"
    "CREATE INDEX temp.an_ent_order_id ON an_ent_order(order_id);";

cbec_err cbec_an_prepare(sqlite3 *db, char **why)
{
    return cbec_db_exec(db, prepare_sql, why);
}

cbec_err cbec_analyse_db(sqlite3 *db, const cbec_config *cfg, const char *date, int64_t run_id,
                         cbec_an_stats *stats, char **why)
{
    cbec_rules *risk = NULL, *credit = NULL;
    cbec_an_stats local = {0};
    cbec_err rc;
    gint64 t0;
    int in_tx = 0;
    int64_t main_cache = cbec_db_int(db, "PRAGMA main.cache_size", 0);
    int64_t temp_cache = cbec_db_int(db, "PRAGMA temp.cache_size", 0);

    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if ((rc = cbec_rules_load(cfg, "analyse", "risk_rules", "risk.rules", "pack", &risk, why)) != CBEC_ERR_NONE ||
        (rc = cbec_rules_load(cfg, "analyse", "credit_rules", "credit.rules", "scorecard", &credit, why)) !=
            CBEC_ERR_NONE)
        goto done;
    if ((rc = cbec_an_register(db)) != CBEC_ERR_NONE) {
        *why = g_strdup_printf("cannot register SQL functions: %s", sqlite3_errmsg(db));
        goto done;
    }
    /* Bounded memory: the working set lives in temp tables, paged through a fixed cache
     * (16 MiB each for the dataset and the temp store) and spilled to disk beyond it; the
     * dataset's cache size also caps each sorter's buffer.  At 100k trades 16 MiB gives a
     * 77 MB peak against 111 MB with 32 MiB, and no more CPU (the spills stay in the OS cache). */
    cbec_db_exec(db, "PRAGMA cache_size=-16384; PRAGMA temp.cache_size=-16384; PRAGMA temp_store=FILE", NULL);
    /* One transaction: readers see the old analysis or the new one, never half of it. */
    if ((rc = cbec_db_exec(db, "BEGIN IMMEDIATE", why)) != CBEC_ERR_NONE)
        goto done;
    in_tx = 1;
    t0 = g_get_monotonic_time();
    if ((rc = cbec_an_prepare(db, why)) != CBEC_ERR_NONE)
        goto done;
    cbec_debug("analyse: working set %.1f s", (double)(g_get_monotonic_time() - t0) / 1e6);
    t0 = g_get_monotonic_time();
    if ((rc = cbec_credit_prepare(db, credit, date, run_id, stats, why)) != CBEC_ERR_NONE)
        goto done;
    cbec_debug("analyse: enterprises and negative list %.1f s", (double)(g_get_monotonic_time() - t0) / 1e6);
    t0 = g_get_monotonic_time();
    if ((rc = cbec_risk_run(db, risk, run_id, stats, why)) != CBEC_ERR_NONE)
        goto done;
    cbec_debug("analyse: risk rules %.1f s", (double)(g_get_monotonic_time() - t0) / 1e6);
    t0 = g_get_monotonic_time();
    if ((rc = cbec_credit_score(db, credit, date, run_id, stats, why)) != CBEC_ERR_NONE)
        goto done;
    cbec_debug("analyse: credit scores %.1f s", (double)(g_get_monotonic_time() - t0) / 1e6);
    /* A rule value that could not be read refuses the analysis (rolled back): no guessed threshold. */
    if (cbec_rules_error(risk) || cbec_rules_error(credit)) {
        *why = g_strdup(cbec_rules_error(risk) ? cbec_rules_error(risk) : cbec_rules_error(credit));
        rc = CBEC_ERR_CONFIG;
        goto done;
    }
    if ((rc = cbec_db_exec(db, "COMMIT", why)) != CBEC_ERR_NONE)
        goto done;
    in_tx = 0;
done:
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    /* Temp tables live per connection: drop them so a long-lived store does not keep them. */
    sqlite3_exec(db,
                 "DROP TABLE IF EXISTS temp.an_trade; DROP TABLE IF EXISTS temp.an_paylink;"
                 "DROP TABLE IF EXISTS temp.an_payx; DROP TABLE IF EXISTS temp.an_ent_order;",
                 NULL, NULL, NULL);
    /* Give the connection its page caches back as they were: in `cbecflow run` the same
     * connection goes on to the reports, which must not inherit the analysis's temp cache. */
    if (main_cache && temp_cache) {
        char *sql = g_strdup_printf("PRAGMA main.cache_size=%lld; PRAGMA temp.cache_size=%lld", (long long)main_cache,
                                    (long long)temp_cache);
        sqlite3_exec(db, sql, NULL, NULL, NULL);
        g_free(sql);
    }
    cbec_rules_free(risk);
    cbec_rules_free(credit);
    return rc;
}

static int64_t last_run_id(sqlite3 *db)
{
    sqlite3_stmt *s;
    int64_t id = 0;
    if (sqlite3_prepare_v2(db, "SELECT max(run_id) FROM run", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            id = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    return id;
}

int cbec_step_analyse(cbec_store *st, const cbec_config *cfg, const char *date)
{
    cbec_an_stats stats;
    char *why = NULL;
    int rc = CBEC_EXIT_OK;

    if (cbec_analyse_db(cbec_store_db(st), cfg, date, last_run_id(cbec_store_db(st)), &stats, &why) !=
        CBEC_ERR_NONE) {
        cbec_error("analyse %s: %s", date, why ? why : "failed");
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    cbec_info("analyse %s: %lld enterprises scored (%lld new from trade), %lld new negative-list entries, "
              "%lld risk alerts over %lld orders",
              date, (long long)stats.scored, (long long)stats.enterprises_added, (long long)stats.negative_added,
              (long long)stats.alerts, (long long)stats.alert_orders);
done:
    g_free(why);
    return rc;
}

/* One summary table on stdout, for the person at the terminal. */
