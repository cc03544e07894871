/* --for customs (issue 21 item 2): the risk alerts of the period with the orders behind them,
 * their evidence and where each order came from (file hash and locator), and the pre-check
 * findings of the period's trades (what customs would likely reject). */
#include "exports/target.h"

/* The open alerts dated in the period (alert.business_date is the day of the activity): not closed
 * by `cbecflow alert close` (v_alert_status; an alert in hand is still open to customs, with who
 * took it and when).  entity_key is the dataset's keyed hash for a person, never a clear ID number. */
static const char alerts_sql[] =
    "SELECT a.alert_id, a.rule_id, a.severity, a.entity_kind, a.entity_key, a.business_date, a.evidence,"
    " a.rule_version, (SELECT count(*) FROM alert_order ao WHERE ao.alert_id = a.alert_id) AS orders,"
    " s.status AS handling, s.actor AS handled_by, s.acted_at AS handled_at"
    " FROM alert a JOIN v_alert_status s ON s.alert_id = a.alert_id"
    " WHERE s.status <> 'closed' AND a.business_date BETWEEN :from AND :date"
    " AND (:ent IS NULL OR (a.entity_kind IN ('seller', 'enterprise') AND a.entity_key = :ent)"
    "  OR EXISTS(SELECT 1 FROM alert_order ao JOIN x_trade t ON t.order_no = ao.order_no"
    "   AND t.platform_code = coalesce(ao.platform_code, t.platform_code) WHERE ao.alert_id = a.alert_id"
    "   AND t.ent = :ent))"
    " ORDER BY a.business_date, a.rule_id, a.entity_kind, a.entity_key";

static const char alert_orders_sql[] =
    "SELECT a.alert_id, a.rule_id, ao.order_no, ao.platform_code,"
    " coalesce(nullif(o.seller_code, ''), nullif(l.seller_code, '')) AS enterprise_code,"
    " f.status AS flow_status, f.reasons AS flow_reasons, f.value_cny,"
    " sf.sha256 AS order_file_sha256, sf.path AS order_file, sf.member AS order_member, o.locator AS order_locator,"
    " lf.sha256 AS list_file_sha256, l.locator AS list_locator"
    " FROM alert a JOIN v_alert_status s ON s.alert_id = a.alert_id AND s.status <> 'closed'"
    " JOIN alert_order ao ON ao.alert_id = a.alert_id"
    " LEFT JOIN orders o ON o.order_no = ao.order_no AND o.platform_code = coalesce(ao.platform_code, '')"
    " LEFT JOIN flow f ON f.order_id = o.order_id"
    " LEFT JOIN source_file sf ON sf.source_id = o.source_id"
    " LEFT JOIN customs_list l ON l.list_id = f.list_id"
    " LEFT JOIN source_file lf ON lf.source_id = l.source_id"
    " WHERE a.business_date BETWEEN :from AND :date"
    " AND (:ent IS NULL OR coalesce(nullif(o.seller_code, ''), nullif(l.seller_code, '')) = :ent"
    "  OR (a.entity_kind IN ('seller', 'enterprise') AND a.entity_key = :ent))"
    " ORDER BY a.business_date, a.rule_id, a.entity_kind, a.entity_key, ao.order_no, ao.platform_code";

static const char precheck_sql[] =
    "SELECT t.flow_key, t.order_no, t.platform_code, t.ent AS enterprise_code, t.trade_mode, t.bdate AS business_date,"
    " t.precheck, t.status, t.value_cny, o.locator AS order_locator, sf.sha256 AS order_file_sha256,"
    " l.locator AS list_locator, lf.sha256 AS list_file_sha256"
    " FROM x_trade t LEFT JOIN orders o ON o.order_id = t.order_id"
    " LEFT JOIN source_file sf ON sf.source_id = o.source_id"
    " LEFT JOIN customs_list l ON l.list_id = t.list_id LEFT JOIN source_file lf ON lf.source_id = l.source_id"
    " WHERE t.precheck <> '' AND t.bdate BETWEEN :from AND :date AND (:ent IS NULL OR t.ent = :ent)"
    " ORDER BY t.bdate, t.flow_key";

cbec_err cbec_export_customs(cbec_xctx *c, char **why)
{
    cbec_err rc = cbec_x_table(c, "customs_alerts", alerts_sql, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "customs_alert_orders", alert_orders_sql, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "customs_precheck", precheck_sql, why);
    return rc;
}
