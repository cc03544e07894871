/* --for tax (issue 21 item 3): per e-commerce enterprise and month of the period, the export
 * value by trade mode (what rebates and the 免征不退 regime are judged on), and the import taxes
 * the e-commerce enterprise's orders declare as withheld (CEB311 taxTotal). */
#include "exports/target.h"

/* Export trades by enterprise, month and trade mode; value_cny as the reconciliation valued the
 * trade (flow.value_cny, fen): a trade without a rate is counted in trades, not in the value. */
static const char export_sql[] =
    "SELECT t.ent AS enterprise_code, p.label AS month, p.d_from AS date_from, p.d_to AS date_to,"
    " coalesce(t.trade_mode, '') AS trade_mode, count(*) AS trades, count(t.value_cny) AS valued_trades,"
    " coalesce(sum(t.value_cny), 0) AS value_cny"
    " FROM x_span p JOIN x_trade t ON t.bdate BETWEEN p.d_from AND p.d_to"
    " WHERE p.span = 'period_month' AND t.direction = 'export' AND (:ent IS NULL OR t.ent = :ent)"
    " GROUP BY t.ent, p.ord, coalesce(t.trade_mode, '') ORDER BY t.ent, p.ord, trade_mode";

/* Import orders by enterprise and month: the tax declared as collected on the order, converted to
 * CNY fen with cny() on the order's day; a foreign-currency tax without a rate is counted apart. */
static const char import_sql[] =
    "SELECT t.ent AS enterprise_code, p.label AS month, p.d_from AS date_from, p.d_to AS date_to,"
    " count(*) AS orders, count(o.tax_total) AS orders_with_tax,"
    " coalesce(sum(cny(o.tax_total, o.currency, t.bdate)), 0) AS tax_withheld_cny,"
    " count(CASE WHEN o.tax_total IS NOT NULL AND cny(o.tax_total, o.currency, t.bdate) IS NULL THEN 1 END)"
    "  AS tax_not_converted,"
    " coalesce(sum(t.value_cny), 0) AS value_cny"
    " FROM x_span p JOIN x_trade t ON t.bdate BETWEEN p.d_from AND p.d_to"
    " JOIN orders o ON o.order_id = t.order_id"
    " WHERE p.span = 'period_month' AND t.direction = 'import' AND (:ent IS NULL OR t.ent = :ent)"
    " GROUP BY t.ent, p.ord ORDER BY t.ent, p.ord";

cbec_err cbec_export_tax(cbec_xctx *c, char **why)
{
    cbec_err rc = cbec_x_table(c, "tax_export_by_mode", export_sql, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "tax_import_withheld", import_sql, why);
    return rc;
}
