/* --for market (issue 21 item 5): for market regulation, the enterprise register with each
 * enterprise's credit grade on the date, its credit events, and the negative list with reasons
 * and dates. */
#include "exports/target.h"

static const char enterprises_sql[] =
    "SELECT e.code AS enterprise_code, e.name, e.role, e.region, e.origin,"
    " cs.grade AS credit_grade, cs.score AS credit_score, cs.as_of AS credit_as_of,"
    " EXISTS(SELECT 1 FROM negative_list n WHERE n.code = e.code AND n.listed_on <= :date"
    "  AND (n.expires_on IS NULL OR n.expires_on > :date)) AS on_negative_list"
    " FROM enterprise e LEFT JOIN credit_score cs ON cs.code = e.code"
    "  AND cs.as_of = (SELECT max(as_of) FROM credit_score c2 WHERE c2.code = e.code AND c2.as_of <= :date)"
    " WHERE :ent IS NULL OR e.code = :ent ORDER BY e.code";

static const char events_sql[] =
    "SELECT ev.code AS enterprise_code, ev.event_date, ev.kind, ev.detail, sf.sha256 AS source_sha256,"
    " ev.locator FROM enterprise_event ev LEFT JOIN source_file sf ON sf.source_id = ev.source_id"
    " WHERE ev.event_date <= :date AND (:ent IS NULL OR ev.code = :ent)"
    " ORDER BY ev.code, ev.event_date, ev.kind, ev.detail";

static const char negative_sql[] =
    "SELECT n.code AS enterprise_code, (SELECT name FROM enterprise e WHERE e.code = n.code) AS name,"
    " n.reason, n.listed_on, n.expires_on,"
    " (n.expires_on IS NULL OR n.expires_on > :date) AS in_force, n.rule_version"
    " FROM negative_list n WHERE n.listed_on <= :date AND (:ent IS NULL OR n.code = :ent)"
    " ORDER BY n.code, n.listed_on, n.reason";

cbec_err cbec_export_market(cbec_xctx *c, char **why)
{
    cbec_err rc = cbec_x_table(c, "market_enterprises", enterprises_sql, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "market_credit_events", events_sql, why);
    if (rc == CBEC_ERR_NONE)
        rc = cbec_x_table(c, "market_negative_list", negative_sql, why);
    return rc;
}
