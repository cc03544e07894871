/* --for forex (issue 21 item 4): per exporting enterprise and month, the export value against
 * the value a bank credit collected; the collections still outstanding after 90 and 180 days;
 * the share priced in renminbi by partner country. */
#include "exports/target.h"

/* "Collected" = the trade is linked to a bank credit by the reconciliation (flow.bank_txn_id). */
static const char collection_sql[] =
    "SELECT t.ent AS enterprise_code, p.label AS month, p.d_from AS date_from, p.d_to AS date_to,"
    " count(*) AS export_trades, coalesce(sum(t.value_cny), 0) AS export_value_cny,"
    " count(t.bank_txn_id) AS collected_trades,"
    " coalesce(sum(CASE WHEN t.bank_txn_id IS NOT NULL THEN t.value_cny END), 0) AS collected_value_cny,"
    " count(*) - count(t.bank_txn_id) AS outstanding_trades,"
    " coalesce(sum(CASE WHEN t.bank_txn_id IS NULL THEN t.value_cny END), 0) AS outstanding_value_cny"
    " FROM x_span p JOIN x_trade t ON t.bdate BETWEEN p.d_from AND p.d_to"
    " WHERE p.span = 'period_month' AND t.direction = 'export' AND (:ent IS NULL OR t.ent = :ent)"
    " GROUP BY t.ent, p.ord ORDER BY t.ent, p.ord";

/* Every export trade up to the date still without its credit, by age on the date: a trade of
 * day d is over 90 days outstanding when d <= date - 91 (more than 90 whole days have passed). */
static const char outstanding_sql[] =
    "SELECT t.ent AS enterprise_code, :date AS as_of,"
    " count(*) AS outstanding_trades, coalesce(sum(t.value_cny), 0) AS outstanding_value_cny,"
    " count(CASE WHEN t.bdate <= date(:date, '-91 days') THEN 1 END) AS over_90_trades,"
    " coalesce(sum(CASE WHEN t.bdate <= date(:date, '-91 days') THEN t.value_cny END), 0) AS over_90_value_cny,"
    " count(CASE WHEN t.bdate <= date(:date, '-181 days') THEN 1 END) AS over_180_trades,"
    " coalesce(sum(CASE WHEN t.bdate <= date(:date, '-181 days') THEN t.value_cny END), 0) AS over_180_value_cny,"
    " min(t.bdate) AS oldest_trade_date"
    " FROM x_trade t WHERE t.direction = 'export' AND t.bank_txn_id IS NULL AND (:ent IS NULL OR t.ent = :ent)"
    " GROUP BY t.ent ORDER BY t.ent";

/* The partner country is the customs list's destination, else the order's consignee country,
 * else the waybill's; renminbi-priced = the order (else the list) is in CNY. */
static const char rmb_sql[] =
    "SELECT t.ent AS enterprise_code, p.label AS month, coalesce(t.country, '') AS country,"
    " count(*) AS export_trades, coalesce(sum(t.value_cny), 0) AS export_value_cny,"
    " count(CASE WHEN t.currency IN ('CNY', 'RMB') THEN 1 END) AS rmb_trades,"
    " coalesce(sum(CASE WHEN t.currency IN ('CNY', 'RMB') THEN t.value_cny END), 0) AS rmb_value_cny,"
    " CASE WHEN sum(t.value_cny) > 0 THEN printf('%.4f',"
    "  1.0 * coalesce(sum(CASE WHEN t.currency IN ('CNY', 'RMB') THEN t.value_cny END), 0) / sum(t.value_cny))"
    " END AS rmb_share"
    " FROM x_span p JOIN x_trade t ON t.bdate BETWEEN p.d_from AND p.d_to"
    " WHERE p.span = 'period_month' AND t.direction = 'export' AND (:ent IS NULL OR t.ent = :ent)"
    " GROUP BY t.ent, p.ord, coalesce(t.country, '') ORDER BY t.ent, p.ord, country";

cbec_err cbec_export_forex(cbec_xctx *c, char **why)
{
    cbec_err rc = cbec_x_table(c, "forex_collection", collection_sql, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "forex_outstanding", outstanding_sql, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "forex_rmb_share", rmb_sql, why);
    return rc;
}
