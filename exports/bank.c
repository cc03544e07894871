/* --for bank: the verified-trade statement a bank lends on (issue 21 item 1).  Per e-commerce
 * enterprise, for the period and each of the last 12 months: its trades, how many of them have
 * all three flows matched, how many were settled by a bank credit, the exceptions by reason,
 * its credit grade and negative-list status today, and the input files behind the figures. */
#include <glib.h>

#include "core/store.h"
#include "exports/target.h"

/* The enterprises: the one asked for, else every enterprise with a trade in the 12 months or
 * the period.  Then their figures per span: one statement, materialised because the
 * certificates read it too. */
static const char statement_sql[] =
    "CREATE TEMP TABLE x_bank_ent AS"
    " SELECT :ent AS code WHERE :ent IS NOT NULL"
    " UNION SELECT DISTINCT ent FROM x_trade WHERE :ent IS NULL AND ent IS NOT NULL AND bdate >= min(:win_from, :from);"
    "CREATE TEMP TABLE x_bank AS"
    " SELECT e.code AS enterprise_code,"
    "  (SELECT name FROM enterprise WHERE enterprise.code = e.code) AS enterprise_name,"
    "  p.span, p.label, p.d_from AS date_from, p.d_to AS date_to,"
    "  count(t.flow_id) AS trades,"
    "  count(t.value_cny) AS valued_trades,"
    "  coalesce(sum(t.value_cny), 0) AS value_cny,"
    "  count(CASE WHEN t.status = 'MATCHED' THEN 1 END) AS matched_trades,"
    "  coalesce(sum(CASE WHEN t.status = 'MATCHED' THEN t.value_cny END), 0) AS matched_value_cny,"
    "  count(t.bank_txn_id) AS bank_settled_trades,"
    "  coalesce(sum(CASE WHEN t.bank_txn_id IS NOT NULL THEN t.value_cny END), 0) AS bank_settled_value_cny,"
    "  p.ord"
    " FROM x_bank_ent e CROSS JOIN x_span p"
    " LEFT JOIN x_trade t ON t.ent = e.code AND t.bdate BETWEEN p.d_from AND p.d_to"
    " WHERE p.span IN ('period', 'month')"
    " GROUP BY e.code, p.ord;"
    /* grade and negative list as they stand on the date */
    "CREATE TEMP TABLE x_bank_credit AS"
    " SELECT e.code AS enterprise_code,"
    "  (SELECT name FROM enterprise WHERE enterprise.code = e.code) AS enterprise_name,"
    "  (SELECT role FROM enterprise WHERE enterprise.code = e.code) AS role,"
    "  cs.grade AS credit_grade, cs.score AS credit_score, cs.as_of AS credit_as_of,"
    "  EXISTS(SELECT 1 FROM negative_list n WHERE n.code = e.code AND n.listed_on <= :date"
    "         AND (n.expires_on IS NULL OR n.expires_on > :date)) AS on_negative_list,"
    "  (SELECT group_concat(reason || ' ' || listed_on, '; ') FROM (SELECT reason, listed_on FROM negative_list n"
    "    WHERE n.code = e.code AND n.listed_on <= :date AND (n.expires_on IS NULL OR n.expires_on > :date)"
    "    ORDER BY listed_on, reason)) AS negative_listings"
    " FROM x_bank_ent e"
    " LEFT JOIN credit_score cs ON cs.code = e.code"
    "  AND cs.as_of = (SELECT max(as_of) FROM credit_score c2 WHERE c2.code = e.code AND c2.as_of <= :date);";

/* Every reason a trade has counts (reasons is a space-separated list): cut with a recursive CTE. */
static const char exceptions_sql[] =
    "WITH RECURSIVE cut(flow_id, ent, bdate, value_cny, rest, reason) AS ("
    "  SELECT flow_id, ent, bdate, value_cny, reasons || ' ', NULL FROM x_trade"
    "   WHERE reasons <> '' AND ent IN (SELECT code FROM x_bank_ent) AND bdate >= min(:win_from, :from)"
    "  UNION ALL SELECT flow_id, ent, bdate, value_cny, substr(rest, instr(rest, ' ') + 1),"
    "   substr(rest, 1, instr(rest, ' ') - 1) FROM cut WHERE rest <> '')"
    " SELECT c.ent AS enterprise_code, p.span, p.label, p.d_from AS date_from, p.d_to AS date_to,"
    "  c.reason, count(*) AS trades, coalesce(sum(c.value_cny), 0) AS value_cny"
    " FROM cut c JOIN x_span p ON p.span IN ('period', 'month') AND c.bdate BETWEEN p.d_from AND p.d_to"
    " WHERE c.reason IS NOT NULL AND c.reason <> ''"
    " GROUP BY c.ent, p.ord, c.reason ORDER BY c.ent, p.ord, c.reason";

/* The input files whose rows the figures rest on: the order, payment, waybill, customs list and
 * bank credit of every counted trade in the 12 months and the period. */
static const char sources_sql[] =
    "WITH doc(ent, source_id) AS ("
    "  SELECT t.ent, o.source_id FROM x_trade t JOIN orders o ON o.order_id = t.order_id"
    "   WHERE t.ent IN (SELECT code FROM x_bank_ent) AND t.bdate >= min(:win_from, :from)"
    "  UNION ALL SELECT t.ent, p.source_id FROM x_trade t JOIN payment p ON p.payment_id = t.payment_id"
    "   WHERE t.ent IN (SELECT code FROM x_bank_ent) AND t.bdate >= min(:win_from, :from)"
    "  UNION ALL SELECT t.ent, s.source_id FROM x_trade t JOIN shipment s ON s.shipment_id = t.shipment_id"
    "   WHERE t.ent IN (SELECT code FROM x_bank_ent) AND t.bdate >= min(:win_from, :from)"
    "  UNION ALL SELECT t.ent, l.source_id FROM x_trade t JOIN customs_list l ON l.list_id = t.list_id"
    "   WHERE t.ent IN (SELECT code FROM x_bank_ent) AND t.bdate >= min(:win_from, :from)"
    "  UNION ALL SELECT t.ent, b.source_id FROM x_trade t JOIN bank_txn b ON b.txn_id = t.bank_txn_id"
    "   WHERE t.ent IN (SELECT code FROM x_bank_ent) AND t.bdate >= min(:win_from, :from))"
    " SELECT d.ent AS enterprise_code, f.sha256, f.path, f.member, f.plugin, count(*) AS documents"
    " FROM doc d JOIN source_file f ON f.source_id = d.source_id"
    " GROUP BY d.ent, f.source_id ORDER BY d.ent, f.sha256, f.source_id";

static cbec_err certificates(cbec_xctx *c, char **why)
{
    sqlite3_stmt *q;
    cbec_err rc = CBEC_ERR_NONE;
    if (sqlite3_prepare_v2(c->db, "SELECT code FROM x_bank_ent WHERE code IS NOT NULL ORDER BY code", -1, &q, NULL) != SQLITE_OK) {
        *why = g_strdup(sqlite3_errmsg(c->db));
        return CBEC_ERR_DB;
    }
    while (rc == CBEC_ERR_NONE && sqlite3_step(q) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(q, 0);
        char *safe = g_strdup(code), *file;
        for (char *p = safe; *p; p++)
            if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
                *p = '_';
        file = g_strdup_printf("bank_certificate_%s.pdf", safe);
        rc = cbec_export_certificate(c, code, file, why);
        if (rc == CBEC_ERR_NONE)
            rc = cbec_xset_add_file(c->set, file, "pdf", 1, why);
        g_free(safe);
        g_free(file);
    }
    sqlite3_finalize(q);
    return rc;
}

cbec_err cbec_export_bank(cbec_xctx *c, char **why)
{
    cbec_err rc;

    if ((rc = cbec_x_exec(c, statement_sql, why)) != CBEC_ERR_NONE)
        return rc;
    if ((rc = cbec_x_table(c, "bank_statement",
                           "SELECT enterprise_code, enterprise_name, span, label, date_from, date_to, trades,"
                           " valued_trades, value_cny, matched_trades, matched_value_cny, bank_settled_trades,"
                           " bank_settled_value_cny FROM x_bank ORDER BY enterprise_code, ord",
                           why)) != CBEC_ERR_NONE ||
        (rc = cbec_x_table(c, "bank_exceptions", exceptions_sql, why)) != CBEC_ERR_NONE ||
        (rc = cbec_x_table(c, "bank_credit", "SELECT * FROM x_bank_credit ORDER BY enterprise_code", why)) !=
            CBEC_ERR_NONE ||
        (rc = cbec_x_table(c, "bank_sources", sources_sql, why)) != CBEC_ERR_NONE)
        return rc;
    if (cbec_xset_formats_of(c->set) & CBEC_XF_PDF)
        rc = certificates(c, why);
    return rc;
}
