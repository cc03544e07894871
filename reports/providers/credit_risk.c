/* Data providers of the credit and risk reports (templates/credit.tpl, templates/risk.tpl),
 * registered in reports/providers/providers.c.  Figures come straight from credit_score, negative_list,
 * alert and alert_order, so the XLSX and the PDF agree with the dataset; the full lists are
 * detail queries streamed into the XLSX, the PDF shows the bounded top rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "analysis/credit_risk/analyse.h"
#include "core/base/dates.h"
#include "core/store.h"
#include "reports/providers/context.h"

/* Source file and locator of the first row of table matching the alert order. */
#define SRC(table, cond)                                                                                          \
    "coalesce((SELECT CASE WHEN sf.member IS NOT NULL THEN sf.path||'!'||sf.member ELSE sf.path END FROM " table \
    " x JOIN source_file sf ON sf.source_id=x.source_id WHERE " cond " LIMIT 1),''),"                            \
    " coalesce((SELECT x.locator FROM " table " x WHERE " cond " LIMIT 1),'')"

typedef struct rdef {
    const char *id, *name_en, *name_zh, *unit_en, *unit_zh, *def_en, *def_zh;
} rdef;

static char *q1_text(sqlite3 *db, const char *sql, const char *a)
{
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return NULL;
    if (a)
        sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = g_strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

/* Fill a model table from a query: columns typed by the table, ?1..?2 bound; at most max rows. */
static int fill_table(cbec_report_ctx *ctx, const char *id, const char *cols, const char *sql, const char *a,
                      const char *b, int max, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(ctx->model, id, cols);
    sqlite3_stmt *s = NULL;
    int rows = 0;

    if (sqlite3_prepare_v2(ctx->db, sql, -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("report table %s: %s", id, sqlite3_errmsg(ctx->db));
        return 0;
    }
    if (a)
        sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
    while (rows < max && sqlite3_step(s) == SQLITE_ROW) {
        cbec_rcell *c = cbec_rtable_row(t);
        rows++;
        for (int i = 0; i < t->ncols; i++) {
            if (sqlite3_column_type(s, i) == SQLITE_NULL)
                continue;
            c[i].null = 0;
            switch (t->col_types[i]) {
            case CBEC_RT_INT:
            case CBEC_RT_MONEY: c[i].i = sqlite3_column_int64(s, i); break;
            case CBEC_RT_PCT:
            case CBEC_RT_NUM: c[i].d = sqlite3_column_double(s, i); break;
            default: c[i].s = g_strdup((const char *)sqlite3_column_text(s, i)); break;
            }
        }
    }
    sqlite3_finalize(s);
    return 1;
}

/* Replace the key column's codes by the template's labels in column lab (same table). */
static void label_column(cbec_report_ctx *ctx, const char *table, const char *key_col, const char *lab_col,
                         const char *group)
{
    cbec_rtable *t = (cbec_rtable *)cbec_rmodel_get_table(ctx->model, table);
    int k = t ? cbec_rtable_col(t, key_col) : -1, l = t ? cbec_rtable_col(t, lab_col) : -1;
    if (k < 0 || l < 0)
        return;
    for (guint r = 0; r < t->rows->len; r++) {
        cbec_rcell *c = g_ptr_array_index(t->rows, r);
        const char *key = c[k].null ? "" : c[k].s;
        g_free(c[l].s);
        c[l].null = 0;
        c[l].s = g_strdup(cbec_template_label(ctx->tpl, group, key, key));
    }
}

typedef struct lost_factor {
    const char *key;
    double lost;
    const char *text;
} lost_factor;

static int by_lost_desc(const void *a, const void *b)
{
    const lost_factor *x = a, *y = b;
    return x->lost < y->lost ? 1 : x->lost > y->lost ? -1 : strcmp(x->key, y->key);
}

/* "match_rate=0.9;tenure=8.0;event:penalty=5.0" -> "经营时长 −8.0、行政处罚 −5.0、三单对碰率 −0.9":
 * the template's factor words ([factors], events by [events]), the three largest losses. */
static void label_factors(cbec_report_ctx *ctx, const char *table, const char *col)
{
    cbec_rtable *t = (cbec_rtable *)cbec_rmodel_get_table(ctx->model, table);
    int k = t ? cbec_rtable_col(t, col) : -1;
    const char *sep = cbec_template_word(ctx->tpl, "list_separator", "; ");
    if (k < 0)
        return;
    for (guint r = 0; r < t->rows->len; r++) {
        cbec_rcell *c = g_ptr_array_index(t->rows, r);
        char **parts;
        lost_factor f[64];
        GString *out;
        int n = 0, i;
        if (c[k].null || !c[k].s)
            continue;
        parts = g_strsplit(c[k].s, ";", -1);
        for (i = 0; parts[i] && n < 64; i++) {
            char *eq = strchr(parts[i], '=');
            if (!eq)
                continue;
            *eq = 0;
            f[n].key = parts[i];
            f[n].text = eq + 1;
            f[n].lost = g_ascii_strtod(eq + 1, NULL);
            n++;
        }
        qsort(f, (size_t)n, sizeof f[0], by_lost_desc);
        out = g_string_new(NULL);
        for (i = 0; i < n && i < 3; i++) {
            const char *key = g_str_has_prefix(f[i].key, "event:")
                                  ? cbec_template_label(ctx->tpl, "events", f[i].key + 6, f[i].key + 6)
                                  : cbec_template_label(ctx->tpl, "factors", f[i].key, f[i].key);
            g_string_append_printf(out, "%s%s −%s", i ? sep : "", key, f[i].text);
        }
        if (n > 3)
            g_string_append_printf(out, "%s…", sep);
        g_strfreev(parts);
        g_free(c[k].s);
        c[k].s = g_string_free(out, FALSE);
    }
}

static void add_defs(cbec_report_ctx *ctx, const rdef *d, size_t n)
{
    int zh = strcmp(ctx->lang, "en") != 0;
    for (size_t i = 0; i < n; i++)
        cbec_rmodel_def(ctx->model, d[i].id, zh ? d[i].name_zh : d[i].name_en, zh ? d[i].unit_zh : d[i].unit_en,
                        zh ? "企业" : "enterprise", zh ? d[i].def_zh : d[i].def_en);
}

/* ---------------- credit ---------------- */

static const rdef credit_defs[] = {
    {"enterprises", "Enterprises scored", "参评企业", "enterprises", "家",
     "Enterprises of the credit database (register and trade data) with a score as of the date.",
     "信用数据库中（登记名录及交易数据所见）截至当日有信用评分的企业数。"},
    {"avg_score", "Average score", "平均信用分", "points", "分",
     "Mean of the scores (0-100). A score is the sum of its factor contributions (weights in etc/credit.rules).",
     "信用分（0-100）的平均值；信用分为各因子贡献之和（权重见 etc/credit.rules）。"},
    {"negative_active", "On the negative list", "列入负面清单", "enterprises", "家",
     "Enterprises with a negative-list entry in force on the date (serious violation, fraud, counterfeit, repeated "
     "IP infringement); they are graded D. Entries expire only by rule.",
     "当日负面清单有效（严重违法、欺诈、假冒、多次侵犯知识产权）的企业，信用等级为 D；清单条目仅按规则到期。"},
    {"grade_changes", "Grade changes", "等级变动", "enterprises", "家",
     "Enterprises whose grade differs from the previous analysis.", "与上一次分析相比信用等级发生变化的企业数。"},
    {"downgrades", "Downgrades", "等级下调", "enterprises", "家",
     "Enterprises graded lower than in the previous analysis.", "信用等级较上一次分析下调的企业数。"},
    {"low_grade", "Graded BB or D", "BB 级及 D 级企业", "enterprises", "家",
     "Enterprises graded BB (score below the BBB threshold) or D.", "信用等级为 BB（低于 BBB 门槛）或 D 的企业数。"},
    {"inspection", "Supervision by grade", "分级监管", "", "",
     "Recommended inspection rate per grade, from [supervision] in etc/credit.rules.",
     "各信用等级的建议查验比例，见 etc/credit.rules 的 [supervision]。"},
};

#define GRADE_ORDER                                                                                               \
    "CASE grade WHEN 'AAA' THEN 1 WHEN 'AA' THEN 2 WHEN 'A' THEN 3 WHEN 'BBB' THEN 4 WHEN 'BB' THEN 5 ELSE 6 END"

/* Factor contribution columns of the scores detail, from the factors JSON. */
#define FACTOR(f) "(SELECT json_extract(j.value,'$.contribution') FROM json_each(c.factors) j" \
                  " WHERE json_extract(j.value,'$.factor')='" f "')"
#define EVENTS "(SELECT coalesce(sum(json_extract(j.value,'$.contribution')),0) FROM json_each(c.factors) j" \
               " WHERE json_extract(j.value,'$.factor') LIKE 'event:%' OR json_extract(j.value,'$.factor')" \
               " LIKE '%_adjustment')"

/** The credit report's data. */
cbec_err cbec_report_provide_credit(cbec_report_ctx *ctx, char **why);
cbec_err cbec_report_provide_credit(cbec_report_ctx *ctx, char **why)
{
    cbec_rmodel *m = ctx->model;
    char *prev = q1_text(ctx->db, "SELECT max(as_of) FROM credit_score WHERE as_of < ?1", ctx->date);
    /* The third period is the analysis of about a month earlier. */
    char *month = q1_text(ctx->db, "SELECT max(as_of) FROM credit_score WHERE as_of <= date(?1, '-30 days')",
                          ctx->date);
    const char *days[CBEC_P_N] = {ctx->date, prev, month};
    cbec_rscalar *en = cbec_rmodel_scalar(m, "enterprises", CBEC_RT_INT);
    cbec_rscalar *av = cbec_rmodel_scalar(m, "avg_score", CBEC_RT_NUM);
    cbec_rscalar *ng = cbec_rmodel_scalar(m, "negative_active", CBEC_RT_INT);
    cbec_rscalar *lo = cbec_rmodel_scalar(m, "low_grade", CBEC_RT_INT);
    cbec_rscalar *ch = cbec_rmodel_scalar(m, "grade_changes", CBEC_RT_INT);
    cbec_rscalar *dn = cbec_rmodel_scalar(m, "downgrades", CBEC_RT_INT);
    cbec_err rc = CBEC_ERR_DB;

    for (int p = 0; p < CBEC_P_N; p++) {
        int64_t n, s100, neg, low;
        if (!days[p])
            continue;
        if (cbec_db_ints(ctx->db, "SELECT count(*) FROM credit_score WHERE as_of=?1", days[p], NULL, &n, 1, why) ||
            cbec_db_ints(ctx->db,
                         "SELECT coalesce(CAST(round(avg(score)*100) AS INTEGER),0) FROM credit_score WHERE as_of=?1",
                         days[p], NULL, &s100, 1, why) ||
            cbec_db_ints(ctx->db, "SELECT count(*) FROM credit_score WHERE as_of=?1 AND on_negative_list=1", days[p],
                         NULL, &neg, 1, why) ||
            cbec_db_ints(ctx->db, "SELECT count(*) FROM credit_score WHERE as_of=?1 AND grade IN ('BB','D')",
                         days[p], NULL, &low, 1, why))
            goto done;
        cbec_rscalar_set_i(en, p, n);
        if (n > 0)
            cbec_rscalar_set_d(av, p, (double)s100 / 100.0);
        cbec_rscalar_set_i(ng, p, neg);
        cbec_rscalar_set_i(lo, p, low);
    }
    if (prev) {
        int64_t c, d;
        if (cbec_db_ints(ctx->db, "SELECT count(*) FROM credit_score a JOIN credit_score b ON b.code=a.code AND"
                                  " b.as_of=?2 WHERE a.as_of=?1 AND a.grade<>b.grade", ctx->date, prev, &c, 1, why) ||
            cbec_db_ints(ctx->db, "SELECT count(*) FROM credit_score a JOIN credit_score b ON b.code=a.code AND"
                                  " b.as_of=?2 WHERE a.as_of=?1 AND (CASE a.grade WHEN 'AAA' THEN 1 WHEN 'AA' THEN 2"
                                  " WHEN 'A' THEN 3 WHEN 'BBB' THEN 4 WHEN 'BB' THEN 5 ELSE 6 END) > (CASE b.grade"
                                  " WHEN 'AAA' THEN 1 WHEN 'AA' THEN 2 WHEN 'A' THEN 3 WHEN 'BBB' THEN 4 WHEN 'BB'"
                                  " THEN 5 ELSE 6 END)", ctx->date, prev, &d, 1, why))
            goto done;
        cbec_rscalar_set_i(ch, CBEC_P_CUR, c);
        cbec_rscalar_set_i(dn, CBEC_P_CUR, d);
    }
    if (!fill_table(ctx, "by_grade", "key:text;label:text;count:int;share:pct;avg_score:num;inspection_rate:pct;prev:int",
                    "WITH g(grade, o) AS (VALUES ('AAA',1),('AA',2),('A',3),('BBB',4),('BB',5),('D',6))"
                    " SELECT g.grade, g.grade, (SELECT count(*) FROM credit_score c WHERE c.as_of=?1 AND"
                    " c.grade=g.grade), (SELECT CAST(count(*) AS REAL) / max(1, (SELECT count(*) FROM credit_score"
                    " WHERE as_of=?1)) FROM credit_score c WHERE c.as_of=?1 AND c.grade=g.grade),"
                    " (SELECT round(avg(score),1) FROM credit_score c WHERE c.as_of=?1 AND c.grade=g.grade),"
                    " (SELECT max(inspection_rate) FROM credit_score c WHERE c.as_of=?1 AND c.grade=g.grade),"
                    " (SELECT count(*) FROM credit_score c WHERE c.as_of=?2 AND c.grade=g.grade)"
                    " FROM g ORDER BY g.o",
                    ctx->date, prev ? prev : "", 10, why) ||
        !fill_table(ctx, "lowest", "code:text;name:text;role:text;grade:text;score:num;factors:text",
                    "SELECT c.code, coalesce(e.name,''), coalesce(e.role,''), c.grade, c.score,"
                    /* factor=points lost; label_factors() sorts and words them */
                    " (SELECT group_concat(f || '=' || printf('%.1f', lost), ';') FROM (SELECT"
                    "  json_extract(j.value,'$.factor') AS f, CASE WHEN json_extract(j.value,'$.factor') LIKE 'event:%'"
                    "  THEN -json_extract(j.value,'$.contribution') ELSE json_extract(j.value,'$.weight') -"
                    "  json_extract(j.value,'$.contribution') END AS lost FROM json_each(c.factors) j)"
                    "  WHERE lost >= 0.05)"
                    " FROM credit_score c LEFT JOIN enterprise e ON e.code=c.code WHERE c.as_of=?1"
                    " ORDER BY c.score, c.code",
                    ctx->date, NULL, 10, why) ||
        !fill_table(ctx, "changes", "code:text;name:text;prev_grade:text;grade:text;prev_score:num;score:num",
                    "SELECT a.code, coalesce(e.name,''), b.grade, a.grade, b.score, a.score FROM credit_score a"
                    " JOIN credit_score b ON b.code=a.code AND b.as_of=?2 LEFT JOIN enterprise e ON e.code=a.code"
                    " WHERE a.as_of=?1 AND a.grade<>b.grade ORDER BY a.score - b.score, a.code",
                    ctx->date, prev ? prev : "", 50, why) ||
        !fill_table(ctx, "negative", "code:text;name:text;reason:text;reason_label:text;listed_on:date;expires_on:date",
                    "SELECT n.code, coalesce(e.name,''), n.reason, n.reason, n.listed_on, coalesce(n.expires_on,'')"
                    " FROM negative_list n LEFT JOIN enterprise e ON e.code=n.code WHERE n.listed_on <= ?1"
                    " AND (n.expires_on IS NULL OR n.expires_on > ?1) ORDER BY n.listed_on DESC, n.code",
                    ctx->date, NULL, 50, why))
        goto done;
    label_column(ctx, "by_grade", "key", "label", "grades");
    label_factors(ctx, "lowest", "factors");
    label_column(ctx, "negative", "reason", "reason_label", "reasons");
    cbec_rmodel_detail(m, "scores",
                       "code:text;name:text;role:text;region:text;origin:text;grade:text;score:num;prev_grade:text;"
                       "on_negative_list:int;inspection_rate:pct;match_rate:num;exception_rate:num;"
                       "quarantine_rate:num;customs_rejection_rate:num;risk_alert_rate:num;"
                       "settlement_reliability:num;volume:num;tenure:num;events:num;rule_version:text;factors_json:text",
                       "SELECT c.code, coalesce(e.name,''), coalesce(e.role,''), coalesce(e.region,''),"
                       " coalesce(e.origin,''), c.grade, c.score, coalesce((SELECT b.grade FROM credit_score b WHERE"
                       " b.code=c.code AND b.as_of=?2),''), c.on_negative_list, c.inspection_rate, "
                       FACTOR("match_rate") ", " FACTOR("exception_rate") ", " FACTOR("quarantine_rate") ", "
                       FACTOR("customs_rejection_rate") ", " FACTOR("risk_alert_rate") ", "
                       FACTOR("settlement_reliability") ", " FACTOR("volume") ", " FACTOR("tenure") ", " EVENTS ","
                       " coalesce(c.rule_version,''), c.factors"
                       " FROM credit_score c LEFT JOIN enterprise e ON e.code=c.code WHERE c.as_of=?1"
                       " ORDER BY " GRADE_ORDER ", c.score, c.code",
                       ctx->date, prev ? prev : "", NULL);
    cbec_rmodel_detail(m, "negative_list",
                       "code:text;name:text;reason:text;listed_on:date;expires_on:date;in_force:int;rule_version:text;"
                       "events:text",
                       "SELECT n.code, coalesce(e.name,''), n.reason, n.listed_on, coalesce(n.expires_on,''),"
                       " n.listed_on <= ?1 AND (n.expires_on IS NULL OR n.expires_on > ?1), coalesce(n.rule_version,''),"
                       " coalesce((SELECT group_concat(v.event_date||' '||v.kind||' '||coalesce(v.detail,''), '; ')"
                       "  FROM enterprise_event v WHERE v.code=n.code AND v.event_date <= n.listed_on),'')"
                       " FROM negative_list n LEFT JOIN enterprise e ON e.code=n.code ORDER BY n.listed_on DESC, n.code",
                       ctx->date, NULL);
    cbec_rmodel_meta(m, "period_from", ctx->date);
    cbec_rmodel_meta(m, "period_to", ctx->date);
    if (prev)
        cbec_rmodel_meta(m, "prev_from", prev);
    if (month)
        cbec_rmodel_meta(m, "ly_from", month);
    add_defs(ctx, credit_defs, G_N_ELEMENTS(credit_defs));
    rc = CBEC_ERR_NONE;
done:
    g_free(prev);
    g_free(month);
    return rc;
}

/* ---------------- risk ---------------- */

static const rdef risk_defs[] = {
    {"alerts_day", "Alerts of the day", "当日预警", "alerts", "条",
     "Risk alerts whose business date (the date of the activity that raised them) is the day.",
     "业务日期（触发预警的业务活动日期）为当日的风险预警数。"},
    {"alerts_open", "Alerts in the dataset", "预警总数", "alerts", "条",
     "Alerts of the rule pack with a business date on or before the day; an alert whose condition no longer "
     "holds (e.g. the goods arrived) is removed by the next analysis.",
     "业务日期不晚于当日的风险预警；触发条件不再成立（如货物后到）的预警在下次分析时撤销。"},
    {"alerts_high", "High-severity alerts", "高风险预警", "alerts", "条", "Alerts of severity high.",
     "严重程度为 high 的预警。"},
    {"alert_orders", "Orders behind alerts", "涉及订单", "orders", "单",
     "Distinct orders behind the alerts (alert_order); each is traceable to its source files and locators on the "
     "Alert orders sheet.",
     "预警涉及的不同订单数（alert_order），预警订单表逐单列出来源文件与定位。"},
    {"alert_value", "Value of orders behind alerts", "涉及订单金额", "CNY", "元",
     "Sum of the goods value (goods + freight - discount, CNY) of those orders.",
     "上述订单货值（商品 + 运费 - 优惠，人民币）之和。"},
    {"rules", "Rule pack", "规则包", "", "",
     "Rules and thresholds in etc/risk.rules (version recorded on every alert); evidence holds the numbers that "
     "triggered each alert.",
     "规则及阈值见 etc/risk.rules（每条预警记录规则版本）；证据列给出触发预警的数值。"},
};

/** The risk report's data. */
cbec_err cbec_report_provide_risk(cbec_report_ctx *ctx, char **why);
cbec_err cbec_report_provide_risk(cbec_report_ctx *ctx, char **why)
{
    cbec_rmodel *m = ctx->model;
    char d1[CBEC_DATE_LEN], d7[CBEC_DATE_LEN], d30[CBEC_DATE_LEN];
    const char *days[CBEC_P_N];
    cbec_rscalar *ad = cbec_rmodel_scalar(m, "alerts_day", CBEC_RT_INT);
    cbec_rscalar *ao = cbec_rmodel_scalar(m, "alerts_open", CBEC_RT_INT);
    cbec_rscalar *ah = cbec_rmodel_scalar(m, "alerts_high", CBEC_RT_INT);
    cbec_rscalar *ord = cbec_rmodel_scalar(m, "alert_orders", CBEC_RT_INT);
    cbec_rscalar *av = cbec_rmodel_scalar(m, "alert_value", CBEC_RT_MONEY);

    if (!cbec_date_add_days(ctx->date, -1, d1) || !cbec_date_add_days(ctx->date, -7, d7) ||
        !cbec_date_add_days(ctx->date, -29, d30)) {
        *why = g_strdup_printf("bad business date '%s'", ctx->date);
        return CBEC_ERR_USAGE;
    }
    days[CBEC_P_CUR] = ctx->date;
    days[CBEC_P_PREV] = d1;
    days[CBEC_P_LY] = d7;
    for (int p = 0; p < CBEC_P_N; p++) {
        int64_t n, o, h, k, v;
        if (cbec_db_ints(ctx->db, "SELECT count(*) FROM alert WHERE business_date=?1", days[p], NULL, &n, 1, why) ||
            cbec_db_ints(ctx->db, "SELECT count(*) FROM alert WHERE business_date<=?1", days[p], NULL, &o, 1, why) ||
            cbec_db_ints(ctx->db, "SELECT count(*) FROM alert WHERE business_date<=?1 AND severity='high'", days[p],
                         NULL, &h, 1, why) ||
            cbec_db_ints(ctx->db, "SELECT count(*) FROM (SELECT DISTINCT ao.order_no, ao.platform_code FROM"
                                  " alert_order ao JOIN alert a ON a.alert_id=ao.alert_id WHERE a.business_date<=?1)",
                         days[p], NULL, &k, 1, why) ||
            /* Driven from the (few) alert orders through orders' (order_no, platform_code) key: an EXISTS
             * per order scanned alert_order for every order of the dataset (quadratic: 100 s at 100k trades). */
            cbec_db_ints(ctx->db, "SELECT coalesce(sum(CASE WHEN coalesce(o.currency,'CNY') IN ('CNY','') THEN"
                                  " coalesce(o.goods_value + coalesce(o.freight,0) - coalesce(o.discount,0),"
                                  " o.actual_paid) END),0) FROM orders o WHERE o.order_id IN (SELECT x.order_id FROM"
                                  " alert_order ao JOIN alert a ON a.alert_id=ao.alert_id JOIN orders x ON"
                                  " x.order_no=ao.order_no AND coalesce(ao.platform_code,'') IN ('', x.platform_code)"
                                  " WHERE a.business_date<=?1)",
                         days[p], NULL, &v, 1, why))
            return CBEC_ERR_DB;
        if (p != CBEC_P_CUR && o == 0)
            continue;
        cbec_rscalar_set_i(ad, p, n);
        cbec_rscalar_set_i(ao, p, o);
        cbec_rscalar_set_i(ah, p, h);
        cbec_rscalar_set_i(ord, p, k);
        cbec_rscalar_set_i(av, p, v);
    }
    if (!fill_table(ctx, "by_rule", "key:text;label:text;severity:text;count:int;day:int;orders:int",
                    "SELECT a.rule_id, a.rule_id, max(a.severity), count(*), sum(a.business_date=?1),"
                    " (SELECT count(*) FROM alert_order ao JOIN alert b ON b.alert_id=ao.alert_id WHERE"
                    "  b.rule_id=a.rule_id AND b.business_date<=?1)"
                    " FROM alert a WHERE a.business_date<=?1 GROUP BY a.rule_id ORDER BY count(*) DESC, a.rule_id",
                    ctx->date, NULL, 50, why) ||
        !fill_table(ctx, "by_severity", "key:text;label:text;count:int;day:int",
                    "WITH s(sev, o) AS (VALUES ('high',1),('medium',2),('low',3))"
                    " SELECT s.sev, s.sev, (SELECT count(*) FROM alert a WHERE a.severity=s.sev AND"
                    " a.business_date<=?1), (SELECT count(*) FROM alert a WHERE a.severity=s.sev AND"
                    " a.business_date=?1) FROM s ORDER BY s.o",
                    ctx->date, NULL, 10, why) ||
        !fill_table(ctx, "trend", "date:date;count:int;high:int",
                    "WITH RECURSIVE d(day) AS (SELECT ?2 UNION ALL SELECT date(day,'+1 day') FROM d WHERE day < ?1)"
                    " SELECT d.day, (SELECT count(*) FROM alert a WHERE a.business_date=d.day),"
                    " (SELECT count(*) FROM alert a WHERE a.business_date=d.day AND a.severity='high') FROM d",
                    ctx->date, d30, 40, why) ||
        !fill_table(ctx, "top_enterprises", "code:text;name:text;role:text;alerts:int;orders:int",
                    "WITH x AS (SELECT DISTINCT a.alert_id, ao.order_no, ao.platform_code FROM alert a JOIN alert_order"
                    "  ao ON ao.alert_id=a.alert_id WHERE a.business_date<=?1),"
                    " e AS (SELECT o.seller_code AS code, x.alert_id, x.order_no FROM x JOIN orders o ON"
                    "  o.order_no=x.order_no AND coalesce(x.platform_code,'') IN ('', o.platform_code)"
                    "  WHERE coalesce(o.seller_code,'')<>''"
                    "  UNION SELECT o.platform_code, x.alert_id, x.order_no FROM x JOIN orders o ON o.order_no=x.order_no"
                    "  AND coalesce(x.platform_code,'') IN ('', o.platform_code) WHERE o.platform_code<>'')"
                    " SELECT e.code, coalesce(n.name,''), coalesce(n.role,''), count(DISTINCT e.alert_id),"
                    " count(DISTINCT e.order_no) FROM e LEFT JOIN enterprise n ON n.code=e.code GROUP BY e.code"
                    " ORDER BY 4 DESC, 5 DESC, e.code",
                    ctx->date, NULL, 10, why))
        return CBEC_ERR_DB;
    label_column(ctx, "by_rule", "key", "label", "rules");
    label_column(ctx, "by_severity", "key", "label", "severities");
    cbec_rmodel_detail(m, "alerts",
                       "alert_id:int;rule_id:text;severity:text;business_date:date;entity_kind:text;entity_key:text;"
                       "orders:int;evidence:text;rule_version:text",
                       "SELECT a.alert_id, a.rule_id, a.severity, a.business_date, a.entity_kind, a.entity_key,"
                       " (SELECT count(*) FROM alert_order ao WHERE ao.alert_id=a.alert_id), coalesce(a.evidence,''),"
                       " coalesce(a.rule_version,'') FROM alert a WHERE a.business_date<=?1"
                       " ORDER BY a.business_date DESC, CASE a.severity WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3"
                       " END, a.rule_id, a.alert_id",
                       ctx->date, NULL);
    cbec_rmodel_detail(m, "alert_orders",
                       "alert_id:int;rule_id:text;order_no:text;platform:text;order_source:text;order_locator:text;"
                       "payment_source:text;payment_locator:text;shipment_source:text;shipment_locator:text;"
                       "list_source:text;list_locator:text",
                       "SELECT ao.alert_id, a.rule_id, ao.order_no, coalesce(ao.platform_code,''), "
                       SRC("orders", "x.order_no=ao.order_no AND coalesce(ao.platform_code,'') IN ('', x.platform_code)")
                       ", " SRC("payment", "x.order_no=ao.order_no") ", " SRC("shipment", "x.order_no=ao.order_no")
                       ", " SRC("customs_list", "x.order_no=ao.order_no")
                       " FROM alert_order ao JOIN alert a ON a.alert_id=ao.alert_id WHERE a.business_date<=?1"
                       " ORDER BY ao.alert_id, ao.order_no",
                       ctx->date, NULL);
    cbec_rmodel_meta(m, "period_from", ctx->date);
    cbec_rmodel_meta(m, "period_to", ctx->date);
    cbec_rmodel_meta(m, "prev_from", d1);
    cbec_rmodel_meta(m, "ly_from", d7);
    add_defs(ctx, risk_defs, G_N_ELEMENTS(risk_defs));
    return CBEC_ERR_NONE;
}
