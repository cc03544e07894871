/* The credit system (analysis/credit_risk/README.md, "one database, three systems"): the credit
 * database (enterprises, from the register and from trade), the scorecard
 * (etc/credit.rules), supervision by grade and the negative list.
 *
 * A score is the sum of its factor contributions, each held in exact hundredths,
 * so the factors stored with a score always add up to it. */
#include "cbecflow-build.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "analysis/credit_risk/credit.h"
#include "core/base/dates.h"
#include "core/base/json.h"
#include "core/base/log.h"
#include "core/store.h"

/* Days between the dates (the first 10 characters: timestamps count by their day) of a and b
 * (b - a), or G_MININT when either is not a YYYY-MM-DD date. */
static int days_between(const char *a, const char *b)
{
    char x[CBEC_DATE_LEN] = "", y[CBEC_DATE_LEN] = "";
    int days;
    if (!a || !b)
        return G_MININT;
    g_strlcpy(x, a, sizeof x);
    g_strlcpy(y, b, sizeof y);
    return cbec_date_days_between(x, y, &days) ? days : G_MININT;
}

/* One negative-list reason: list an enterprise on the date its min_events-th event of the
 * kind falls within within_days; a new entry only once the previous one has expired. */
static cbec_err negative_reason(sqlite3 *db, const cbec_rules *credit, const char *group, const char *date,
                                int64_t *added, char **why)
{
    const char *reason = group + strlen("negative.");
    char *event = cbec_rules_text(credit, group, "event", reason);
    int64_t min_events = cbec_rules_int(credit, group, "min_events", 1);
    int64_t within = cbec_rules_int(credit, group, "within_days", 0);
    int64_t expire = cbec_rules_int(credit, group, "expire_days", 0);
    sqlite3_stmt *q = NULL, *ins = NULL, *last = NULL;
    GArray *dates = g_array_new(FALSE, FALSE, sizeof(char *));
    char *code = NULL;
    cbec_err rc = CBEC_ERR_DB;

    if (min_events < 1)
        min_events = 1;
    if (sqlite3_prepare_v2(db,
                           "SELECT code, substr(event_date,1,10) FROM enterprise_event WHERE kind=?1"
                           " AND substr(event_date,1,10) <= ?2 ORDER BY code, event_date",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT OR IGNORE INTO negative_list(code, reason, listed_on, expires_on, rule_version)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT max(coalesce(expires_on, '9999-12-31')) FROM negative_list WHERE code=?1"
                           " AND reason=?2 AND listed_on <= ?3",
                           -1, &last, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("negative list: %s", sqlite3_errmsg(db));
        goto done;
    }
    sqlite3_bind_text(q, 1, event, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, date, -1, SQLITE_STATIC);
    for (;;) {
        int st = sqlite3_step(q);
        const char *c = st == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
        const char *d = st == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 1) : NULL;
        if (st != SQLITE_ROW && st != SQLITE_DONE) {
            *why = g_strdup_printf("negative list: %s", sqlite3_errmsg(db));
            goto done;
        }
        if (!c || !code || strcmp(c, code) != 0) {
            for (guint i = 0; i < dates->len; i++)
                g_free(g_array_index(dates, char *, i));
            g_array_set_size(dates, 0);
            g_free(code);
            code = c ? g_strdup(c) : NULL;
        }
        if (!c)
            break;
        if (!d || days_between(d, d) == G_MININT)
            continue;
        {
            char *dd = g_strdup(d);
            guint first;
            g_array_append_val(dates, dd);
            if (dates->len < (guint)min_events)
                continue;
            first = dates->len - (guint)min_events;
            if (within > 0 && days_between(g_array_index(dates, char *, first), d) > within)
                continue;
        }
        /* Listed already and not expired at this date: nothing new. */
        sqlite3_reset(last);
        sqlite3_bind_text(last, 1, c, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(last, 2, reason, -1, SQLITE_STATIC);
        sqlite3_bind_text(last, 3, d, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(last) == SQLITE_ROW && sqlite3_column_text(last, 0) &&
            strcmp((const char *)sqlite3_column_text(last, 0), d) > 0)
            continue;
        {
            char day[CBEC_DATE_LEN], exp[CBEC_DATE_LEN];
            g_strlcpy(day, d, sizeof day);
            /* (d is a date: days_between(d, d) above read it) */
            if (expire > 0 && !cbec_date_add_days(day, (int)expire, exp))
                g_strlcpy(exp, "9999-12-31", sizeof exp);   /* past the calendar's end: it never expires */
            sqlite3_reset(ins);
            sqlite3_bind_text(ins, 1, c, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 2, reason, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 3, d, -1, SQLITE_TRANSIENT);
            if (expire > 0)
                sqlite3_bind_text(ins, 4, exp, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(ins, 4);
            sqlite3_bind_text(ins, 5, cbec_rules_version(credit), -1, SQLITE_STATIC);
            if (sqlite3_step(ins) != SQLITE_DONE) {
                *why = g_strdup_printf("negative list: %s", sqlite3_errmsg(db));
                goto done;
            }
            *added += sqlite3_changes(db);
        }
    }
    rc = CBEC_ERR_NONE;
done:
    for (guint i = 0; i < dates->len; i++)
        g_free(g_array_index(dates, char *, i));
    g_array_free(dates, TRUE);
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    sqlite3_finalize(last);
    g_free(code);
    g_free(event);
    return rc;
}

cbec_err cbec_credit_prepare(sqlite3 *db, const cbec_rules *credit, const char *date, int64_t run_id,
                             cbec_an_stats *stats, char **why)
{
    char **groups = cbec_rules_groups(credit);
    /* Enterprises seen in trade data but not in the register: the store writes the keys. */
    cbec_err rc = cbec_store_enterprises_from_trade(db, run_id, &stats->enterprises_added, why);

    if (rc != CBEC_ERR_NONE)
        goto done;
    for (char **g = groups; *g && rc == CBEC_ERR_NONE; g++)
        if (g_str_has_prefix(*g, "negative."))
            rc = negative_reason(db, credit, *g, date, &stats->negative_added, why);
done:
    g_strfreev(groups);
    return rc;
}

/* Facts per enterprise, set-based; one row per enterprise code. */
static const char facts_sql[] =
    "DROP TABLE IF EXISTS temp.an_ofact; DROP TABLE IF EXISTS temp.an_eo; DROP TABLE IF EXISTS temp.an_estat;"
    "DROP TABLE IF EXISTS temp.an_flow; DROP TABLE IF EXISTS temp.an_rej; DROP TABLE IF EXISTS temp.an_alerted;"
    "CREATE TEMP TABLE an_flow AS SELECT order_id, max(status='MATCHED') AS matched,"
    " max(instr(' '||reasons||' ', ' UNSETTLED ')>0) AS unsettled FROM flow WHERE order_id IS NOT NULL"
    " GROUP BY order_id;"
    "CREATE INDEX temp.an_flow_id ON an_flow(order_id);"
    /* Customs rejections: return status 100 (refused) or negative (error), by order or by list. */
    "CREATE TEMP TABLE an_rej AS SELECT DISTINCT order_no FROM (SELECT r.order_no FROM customs_receipt r"
    "  WHERE coalesce(r.order_no,'')<>'' AND (r.return_status='100' OR r.return_status LIKE '-%')"
    " UNION SELECT l.order_no FROM customs_receipt r JOIN customs_list l ON l.cop_no=r.cop_no"
    "  WHERE coalesce(r.order_no,'')='' AND coalesce(r.cop_no,'')<>'' AND coalesce(l.order_no,'')<>''"
    "  AND (r.return_status='100' OR r.return_status LIKE '-%'));"
    "CREATE INDEX temp.an_rej_no ON an_rej(order_no);"
    "CREATE TEMP TABLE an_alerted AS SELECT DISTINCT ao.order_no, ao.platform_code FROM alert_order ao"
    " JOIN alert a ON a.alert_id=ao.alert_id WHERE a.rule_id<>'R-NEGATIVE-LIST';"
    "CREATE INDEX temp.an_alerted_no ON an_alerted(order_no);"
    "CREATE TEMP TABLE an_ofact AS SELECT t.order_id, t.bdate,"
    " f.order_id IS NOT NULL AS has_flow, coalesce(f.matched,0) AS matched, coalesce(f.unsettled,0) AS unsettled,"
    " EXISTS (SELECT 1 FROM finding g WHERE g.kind='orders' AND g.row_id=t.order_id) AS finding,"
    " EXISTS (SELECT 1 FROM an_rej r WHERE r.order_no=t.order_no) AS rejected,"
    " EXISTS (SELECT 1 FROM an_alerted a WHERE a.order_no=t.order_no AND coalesce(a.platform_code,'')"
    "  IN ('', t.platform_code)) AS alerted"
    " FROM an_trade t LEFT JOIN an_flow f ON f.order_id=t.order_id;"
    "CREATE INDEX temp.an_ofact_id ON an_ofact(order_id);"
    "CREATE TEMP TABLE an_eo AS SELECT DISTINCT code, order_id FROM an_ent_order;"
    "CREATE TEMP TABLE an_estat AS SELECT eo.code, count(*) AS n, sum(f.has_flow) AS flows,"
    " sum(f.matched) AS matched, sum(f.has_flow AND NOT f.unsettled) AS settled, sum(f.finding) AS findings,"
    " sum(f.rejected) AS rejected, sum(f.alerted) AS alerted, min(nullif(f.bdate,'')) AS first_date"
    " FROM an_eo eo JOIN an_ofact f ON f.order_id=eo.order_id GROUP BY eo.code;"
    "CREATE INDEX temp.an_estat_code ON an_estat(code);"
    "DROP TABLE IF EXISTS temp.an_esrc;"
    "CREATE TEMP TABLE an_esrc AS SELECT e.code, sum(s.records_read) AS rd, sum(s.records_quarantined) AS qu"
    " FROM (SELECT DISTINCT code, source_id FROM an_ent_order WHERE source_id IS NOT NULL) e"
    " JOIN source_file s ON s.source_id=e.source_id GROUP BY e.code;"
    "CREATE INDEX temp.an_esrc_code ON an_esrc(code);";

static const char facts_drop_sql[] =
    "DROP TABLE IF EXISTS temp.an_ofact; DROP TABLE IF EXISTS temp.an_eo; DROP TABLE IF EXISTS temp.an_estat;"
    "DROP TABLE IF EXISTS temp.an_flow; DROP TABLE IF EXISTS temp.an_rej; DROP TABLE IF EXISTS temp.an_alerted;"
    "DROP TABLE IF EXISTS temp.an_esrc;";

/** Factor names in scorecard order; their values come from the facts row. */
static const char *const factor_names[] = {"match_rate", "exception_rate", "quarantine_rate",
                                           "customs_rejection_rate", "risk_alert_rate", "settlement_reliability",
                                           "volume", "tenure", NULL};

static const char *const event_kinds[] = {"penalty", "abnormal_operation", "serious_violation", "ip_infringement",
                                          "counterfeit", "fraud", "complaint", NULL};

/* Quality in [0,1] of a factor value under its kind. */
static double quality(const cbec_rules *r, const char *group, double value)
{
    char *kind = cbec_rules_text(r, group, "kind", "good_ratio");
    double full = cbec_rules_real(r, group, strcmp(kind, "bad_ratio") == 0 ? "bad_at" : "full_at", 1.0);
    double q;

    if (strcmp(kind, "bad_ratio") == 0)
        q = full > 0 ? 1.0 - value / full : (value > 0 ? 0.0 : 1.0);
    else if (strcmp(kind, "log_volume") == 0)
        q = full > 0 ? log10(1.0 + value) / log10(1.0 + full) : 1.0;
    else if (strcmp(kind, "days") == 0)
        q = full > 0 ? value / full : 1.0;
    else
        q = value;
    g_free(kind);
    return q < 0 ? 0 : q > 1 ? 1 : q;
}

static void json_num(GString *s, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    /* Locale-free, short: ratios to 6 places are plenty for an explanation. */
    g_ascii_formatd(buf, sizeof buf, "%.6g", v);
    g_string_append(s, buf);
}

static void json_hundredths(GString *s, int64_t h)
{
    int64_t a = h < 0 ? -h : h;
    g_string_append_printf(s, "%s%lld.%02lld", h < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

static void add_factor(GString *js, const char *name, int have, double value, double weight, int64_t contrib)
{
    g_string_append(js, js->len > 1 ? ",{\"factor\":" : "{\"factor\":");
    cbec_json_str(js, name);
    g_string_append(js, ",\"value\":");
    if (have)
        json_num(js, value);
    else
        g_string_append(js, "null");
    g_string_append(js, ",\"weight\":");
    json_num(js, weight);
    g_string_append(js, ",\"contribution\":");
    json_hundredths(js, contrib);
    g_string_append(js, "}");
}

/* Grade from the score in hundredths (D handled by the caller). */
static const char *grade_of(const cbec_rules *r, int64_t score)
{
    static const char *const grades[] = {"AAA", "AA", "A", "BBB", NULL};
    static const int64_t defaults[] = {9000, 8000, 7000, 6000};
    for (int i = 0; grades[i]; i++)
        if (score >= cbec_rules_scaled(r, "grades", grades[i], 2, defaults[i]))
            return grades[i];
    return "BB";
}

cbec_err cbec_credit_score(sqlite3 *db, const cbec_rules *credit, const char *date, int64_t run_id,
                           cbec_an_stats *stats, char **why)
{
    sqlite3_stmt *q = NULL, *ev = NULL, *neg = NULL, *up = NULL;
    cbec_err rc = cbec_db_exec(db, facts_sql, why);
    GString *js = g_string_new(NULL);

    if (rc != CBEC_ERR_NONE)
        goto done;
    rc = CBEC_ERR_DB;
    if (sqlite3_prepare_v2(db,
                           "SELECT e.code, coalesce(s.n,0), coalesce(s.flows,0), coalesce(s.matched,0),"
                           " coalesce(s.settled,0), coalesce(s.findings,0), coalesce(s.rejected,0),"
                           " coalesce(s.alerted,0), s.first_date, coalesce(q.rd,0), coalesce(q.qu,0)"
                           " FROM enterprise e LEFT JOIN an_estat s ON s.code=e.code"
                           " LEFT JOIN an_esrc q ON q.code=e.code ORDER BY e.code",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM enterprise_event WHERE code=?1 AND kind=?2"
                           " AND substr(event_date,1,10) <= ?3 AND julianday(?3) - julianday(substr(event_date,1,10))"
                           " < ?4",
                           -1, &ev, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM negative_list WHERE code=?1 AND listed_on <= ?2"
                           " AND (expires_on IS NULL OR expires_on > ?2)",
                           -1, &neg, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO credit_score(code, as_of, score, grade, factors, on_negative_list,"
                           " rule_version, run_id, inspection_rate) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"
                           " ON CONFLICT(code, as_of) DO UPDATE SET score=excluded.score, grade=excluded.grade,"
                           " factors=excluded.factors, on_negative_list=excluded.on_negative_list,"
                           " rule_version=excluded.rule_version, run_id=excluded.run_id,"
                           " inspection_rate=excluded.inspection_rate WHERE credit_score.score IS NOT excluded.score"
                           " OR credit_score.grade IS NOT excluded.grade OR credit_score.factors IS NOT"
                           " excluded.factors OR credit_score.rule_version IS NOT excluded.rule_version"
                           " OR credit_score.inspection_rate IS NOT excluded.inspection_rate",
                           -1, &up, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("credit score: %s", sqlite3_errmsg(db));
        goto done;
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(q, 0);
        int64_t n = sqlite3_column_int64(q, 1), flows = sqlite3_column_int64(q, 2);
        int64_t matched = sqlite3_column_int64(q, 3), settled = sqlite3_column_int64(q, 4);
        int64_t findings = sqlite3_column_int64(q, 5), rejected = sqlite3_column_int64(q, 6);
        int64_t alerted = sqlite3_column_int64(q, 7), rd = sqlite3_column_int64(q, 9);
        int64_t qu = sqlite3_column_int64(q, 10);
        const char *first = (const char *)sqlite3_column_text(q, 8);
        int64_t total = 0, onneg = 0;
        const char *grade;
        char *gkey;
        int fi;

        g_string_assign(js, "[");
        for (fi = 0; factor_names[fi]; fi++) {
            char *group = g_strconcat("factor.", factor_names[fi], NULL);
            double w = cbec_rules_real(credit, group, "weight", 0.0), value = 0, qv;
            int have = 1, days;
            int64_t contrib;

            switch (fi) {
            case 0: have = flows > 0; value = have ? (double)matched / (double)flows : 0; break;
            case 1: have = n > 0; value = have ? (double)findings / (double)n : 0; break;
            case 2: have = rd > 0; value = have ? (double)qu / (double)rd : 0; break;
            case 3: have = n > 0; value = have ? (double)rejected / (double)n : 0; break;
            case 4: have = n > 0; value = have ? (double)alerted / (double)n : 0; break;
            case 5: have = flows > 0; value = have ? (double)settled / (double)flows : 0; break;
            case 6: have = n > 0; value = (double)n; break;
            default:
                days = days_between(first, date);
                have = days != G_MININT;
                value = have ? (days < 0 ? 0 : days) : 0;
                break;
            }
            if (!cbec_rules_has(credit, group)) {
                g_free(group);
                continue;
            }
            qv = have ? quality(credit, group, value) : cbec_rules_real(credit, group, "missing", 1.0);
            /* Exact hundredths per factor: the stored contributions are what is summed. */
            contrib = (int64_t)llround(w * qv * 100.0);
            total += contrib;
            add_factor(js, factor_names[fi], have, value, w, contrib);
            g_free(group);
        }
        for (fi = 0; event_kinds[fi]; fi++) {
            char *group = g_strconcat("event.", event_kinds[fi], NULL);
            int64_t pts = cbec_rules_scaled(credit, group, "points", 2, 0);
            int64_t cap = cbec_rules_scaled(credit, group, "cap", 2, INT64_MIN / 4);
            int64_t within = cbec_rules_int(credit, group, "within_days", 36500);
            int64_t cnt = 0, contrib;
            if (!cbec_rules_has(credit, group)) {
                g_free(group);
                continue;
            }
            sqlite3_reset(ev);
            sqlite3_bind_text(ev, 1, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ev, 2, event_kinds[fi], -1, SQLITE_STATIC);
            sqlite3_bind_text(ev, 3, date, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ev, 4, within);
            if (sqlite3_step(ev) == SQLITE_ROW)
                cnt = sqlite3_column_int64(ev, 0);
            contrib = pts * cnt;
            if (contrib < cap)
                contrib = cap;
            total += contrib;
            {
                char *factor = g_strconcat("event:", event_kinds[fi], NULL);
                g_string_append(js, js->len > 1 ? ",{\"factor\":" : "{\"factor\":");
                cbec_json_str(js, factor);
                g_string_append_printf(js, ",\"value\":%lld,\"weight\":", (long long)cnt);
                g_free(factor);
            }
            json_hundredths(js, pts);
            g_string_append(js, ",\"contribution\":");
            json_hundredths(js, contrib);
            g_string_append(js, "}");
            g_free(group);
        }
        /* Keep the score within 0..100 with an explicit, explainable adjustment. */
        if (total < 0 || total > 10000) {
            int64_t adj = total < 0 ? -total : 10000 - total;
            add_factor(js, total < 0 ? "floor_adjustment" : "ceiling_adjustment", 1, (double)adj / 100.0, 1, adj);
            total += adj;
        }
        g_string_append(js, "]");

        sqlite3_reset(neg);
        sqlite3_bind_text(neg, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(neg, 2, date, -1, SQLITE_STATIC);
        if (sqlite3_step(neg) == SQLITE_ROW)
            onneg = sqlite3_column_int64(neg, 0) > 0;
        grade = onneg ? "D" : grade_of(credit, total);
        gkey = g_strdup(grade);

        sqlite3_reset(up);
        sqlite3_bind_text(up, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, date, -1, SQLITE_STATIC);
        sqlite3_bind_double(up, 3, (double)total / 100.0);
        sqlite3_bind_text(up, 4, grade, -1, SQLITE_STATIC);
        sqlite3_bind_text(up, 5, js->str, (int)js->len, SQLITE_TRANSIENT);
        sqlite3_bind_int(up, 6, (int)onneg);
        sqlite3_bind_text(up, 7, cbec_rules_version(credit), -1, SQLITE_STATIC);
        sqlite3_bind_int64(up, 8, run_id);
        {
            /* Supervision by grade: the recommended inspection rate, when configured. */
            char *sv = cbec_rules_text(credit, "supervision", gkey, NULL);
            if (sv)
                sqlite3_bind_double(up, 9, cbec_rules_real(credit, "supervision", gkey, 0.0));
            else
                sqlite3_bind_null(up, 9);
            g_free(sv);
        }
        g_free(gkey);
        if (sqlite3_step(up) != SQLITE_DONE) {
            *why = g_strdup_printf("credit score of %s: %s", code, sqlite3_errmsg(db));
            goto done;
        }
        stats->scored++;
    }
    rc = CBEC_ERR_NONE;
done:
    sqlite3_finalize(q);
    sqlite3_finalize(ev);
    sqlite3_finalize(neg);
    sqlite3_finalize(up);
    sqlite3_exec(db, facts_drop_sql, NULL, NULL, NULL);
    g_string_free(js, TRUE);
    return rc;
}
