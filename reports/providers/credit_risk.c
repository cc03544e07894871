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
#include "core/rules.h"
#include "core/store.h"
#include "reports/providers/context.h"
#include "reports/providers/credit_risk_words.h"

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
     "Mean of the scores (0-100). A score is the sum of its factor contributions (weights in the credit rules, "
     "credit.rules).",
     "信用分（0-100）的平均值；信用分为各因子贡献之和（权重见信用评价规则）。"},
    {"negative_active", "On the negative list", "列入负面清单", "enterprises", "家",
     "Enterprises with a negative-list entry in force on the date (serious violation, fraud, counterfeit, repeated "
     "IP infringement); they are graded D. Entries expire only by rule.",
     "当日负面清单有效（严重违法、欺诈、假冒、多次侵犯知识产权）的企业，信用等级为 D；清单条目仅按规则到期。"},
    {"grade_changes", "Grade changes", "等级变动", "enterprises", "家",
     "Enterprises whose grade differs from the previous analysis; none is shown (—) when there was no previous "
     "analysis.",
     "与上一次分析相比信用等级发生变化的企业数；无上期分析时显示“—”。"},
    {"downgrades", "Downgrades", "等级下调", "enterprises", "家",
     "Enterprises graded lower than in the previous analysis.", "信用等级较上一次分析下调的企业数。"},
    {"low_grade", "Graded BB or D", "BB 级及 D 级企业", "enterprises", "家",
     "Enterprises graded BB (score below the BBB threshold) or D.", "信用等级为 BB（低于 BBB 门槛）或 D 的企业数。"},
    {"by_grade", "Enterprises by grade", "各等级企业数", "enterprises", "家",
     "Every grade AAA to D is listed; 0 means no enterprise has that grade. The previous column is empty (—) when "
     "there was no previous analysis.",
     "列出 AAA 至 D 全部等级；0 表示该等级没有企业。无上期分析时“上期”一列显示“—”。"},
    {"inspection", "Supervision by grade", "分级监管", "", "",
     "Recommended inspection rate of every grade, from the supervision settings of the credit rules (the rate "
     "recorded with the day's scores where a grade has any).",
     "各信用等级的建议查验比例，取自信用评价规则的分级监管设置（有评分的等级取当日评分记录的比例）。"},
    {"firms", "Enterprises by grade and change", "分等级企业名单", "", "",
     "Every enterprise scored on the date by grade, with its grade in the previous analysis and the change: "
     "up, down, new (not scored then), or — (unchanged, or no previous analysis).",
     "当日参评企业按信用等级列示，附上期等级及变动：上调、下调、新增（上期未参评），未变动或无上期分析时为“—”。"},
};

#define GRADE_ORDER                                                                                               \
    "CASE grade WHEN 'AAA' THEN 1 WHEN 'AA' THEN 2 WHEN 'A' THEN 3 WHEN 'BBB' THEN 4 WHEN 'BB' THEN 5 ELSE 6 END"
/* The rank of a grade (1 = AAA ... 6 = D) of column g. */
#define GRADE_RANK(g)                                                                                             \
    "CASE " g " WHEN 'AAA' THEN 1 WHEN 'AA' THEN 2 WHEN 'A' THEN 3 WHEN 'BBB' THEN 4 WHEN 'BB' THEN 5 ELSE 6 END"

/* Factor contribution columns of the scores detail, from the factors JSON. */
#define FACTOR(f) "(SELECT json_extract(j.value,'$.contribution') FROM json_each(c.factors) j" \
                  " WHERE json_extract(j.value,'$.factor')='" f "')"
#define EVENTS "(SELECT coalesce(sum(json_extract(j.value,'$.contribution')),0) FROM json_each(c.factors) j" \
               " WHERE json_extract(j.value,'$.factor') LIKE 'event:%' OR json_extract(j.value,'$.factor')" \
               " LIKE '%_adjustment')"

/* Every grade's recommended inspection rate: the one recorded with the day's scores, else the credit rules'
 * [supervision] (a grade nobody has today still has its rate). */
static int supervision_rates(cbec_report_ctx *ctx, char **why)
{
    cbec_rtable *t = (cbec_rtable *)cbec_rmodel_get_table(ctx->model, "by_grade");
    int k = t ? cbec_rtable_col(t, "key") : -1, r = t ? cbec_rtable_col(t, "inspection_rate") : -1;
    cbec_rules *rules = NULL;
    if (k < 0 || r < 0)
        return 1;
    if (cbec_rules_load(ctx->cfg, "analyse", "credit_rules", "credit.rules", "scorecard", &rules, why) !=
        CBEC_ERR_NONE)
        return 0;
    for (guint i = 0; i < t->rows->len; i++) {
        cbec_rcell *c = g_ptr_array_index(t->rows, i);
        if (!c[r].null || c[k].null || !cbec_rules_has_key(rules, "supervision", c[k].s))
            continue;
        c[r].null = 0;
        c[r].d = cbec_rules_real(rules, "supervision", c[k].s, 0.0);
    }
    cbec_rules_free(rules);
    return 1;
}

/* Every enterprise scored on the date by grade, with its change since the previous analysis in words. */
static int firms_table(cbec_report_ctx *ctx, const char *prev, char **why)
{
    char *role_case = cbec_words_case_sql(ctx->tpl, "roles", "coalesce(e.role,'')");
    char *grade_case = cbec_words_case_sql(ctx->tpl, "grades", "c.grade");
    const char *up = cbec_template_word(ctx->tpl, "change_up", "up"), *down = cbec_template_word(ctx->tpl,
                                                                                                  "change_down", "down");
    const char *neu = cbec_template_word(ctx->tpl, "change_new", "new");
    char *sql = sqlite3_mprintf(
        "SELECT c.grade, %s, c.code, coalesce(e.name,''), coalesce(e.role,''), %s, c.score, b.grade, b.score,"
        " CASE WHEN ?2 = '' THEN '—' WHEN b.grade IS NULL THEN %Q"
        " WHEN b.grade = c.grade THEN '—' WHEN %s < %s THEN %Q ELSE %Q END"
        " FROM credit_score c LEFT JOIN credit_score b ON b.code=c.code AND b.as_of=?2"
        " LEFT JOIN enterprise e ON e.code=c.code WHERE c.as_of=?1 ORDER BY " GRADE_RANK("c.grade") ", c.score DESC, c.code",
        grade_case, role_case, neu, "(" GRADE_RANK("c.grade") ")", "(" GRADE_RANK("b.grade") ")", up, down);
    int ok = fill_table(ctx, "firms",
                        "grade:text;grade_label:text;code:text;name:text;role:text;role_label:text;score:num;"
                        "prev_grade:text;prev_score:num;change:text",
                        sql, ctx->date, prev ? prev : "", 100000, why);
    sqlite3_free(sql);
    g_free(role_case);
    g_free(grade_case);
    return ok;
}

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
    int zh = strcmp(ctx->lang, "en") != 0;
    char *role_case = cbec_words_case_sql(ctx->tpl, "roles", "coalesce(e.role,'')");
    char *origin_case = cbec_words_case_sql(ctx->tpl, "origins", "coalesce(e.origin,'')");
    char *reason_case = cbec_words_case_sql(ctx->tpl, "reasons", "n.reason");
    char *event_case = cbec_words_case_sql(ctx->tpl, "events", "v.kind");
    char *day = cbec_words_day(ctx->date, zh), *sql = NULL;
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
                    /* no previous analysis: nothing to compare, not 0 firms */
                    " CASE WHEN ?2 <> '' THEN (SELECT count(*) FROM credit_score c WHERE c.as_of=?2 AND"
                    " c.grade=g.grade) END"
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
    if (!supervision_rates(ctx, why) || !firms_table(ctx, prev, why))
        goto done;
    /* concatenated, not printf'd: the factor expressions hold LIKE patterns with '%' */
    sql = g_strconcat("SELECT c.code, coalesce(e.name,''), coalesce(e.role,''), ", role_case, ", coalesce(e.region,''),"
                      " coalesce(e.origin,''), ", origin_case, ", c.grade, c.score, coalesce((SELECT b.grade FROM"
                      " credit_score b WHERE b.code=c.code AND b.as_of=?2),''), c.on_negative_list, c.inspection_rate, "
                      FACTOR("match_rate") ", " FACTOR("exception_rate") ", " FACTOR("quarantine_rate") ", "
                      FACTOR("customs_rejection_rate") ", " FACTOR("risk_alert_rate") ", "
                      FACTOR("settlement_reliability") ", " FACTOR("volume") ", " FACTOR("tenure") ", " EVENTS ","
                      " coalesce(c.rule_version,''), c.factors"
                      " FROM credit_score c LEFT JOIN enterprise e ON e.code=c.code WHERE c.as_of=?1"
                      " ORDER BY " GRADE_RANK("c.grade") ", c.score, c.code", NULL);
    cbec_rmodel_detail(m, "scores",
                       "code:text;name:text;role:text;role_label:text;region:text;origin:text;origin_label:text;"
                       "grade:text;score:num;prev_grade:text;"
                       "on_negative_list:int;inspection_rate:pct;match_rate:num;exception_rate:num;"
                       "quarantine_rate:num;customs_rejection_rate:num;risk_alert_rate:num;"
                       "settlement_reliability:num;volume:num;tenure:num;events:num;rule_version:text;factors_json:text",
                       sql, ctx->date, prev ? prev : "", NULL);
    g_free(sql);
    sql = g_strdup_printf("SELECT n.code, coalesce(e.name,''), n.reason, %s, n.listed_on, coalesce(n.expires_on,''),"
                       " n.listed_on <= ?1 AND (n.expires_on IS NULL OR n.expires_on > ?1), coalesce(n.rule_version,''),"
                       " coalesce((SELECT group_concat(v.event_date||' '||%s||' '||coalesce(v.detail,''), '; ')"
                       "  FROM enterprise_event v WHERE v.code=n.code AND v.event_date <= n.listed_on),'')"
                       " FROM negative_list n LEFT JOIN enterprise e ON e.code=n.code ORDER BY n.listed_on DESC, n.code",
                       reason_case, event_case);
    cbec_rmodel_detail(m, "negative_list",
                       "code:text;name:text;reason:text;reason_label:text;listed_on:date;expires_on:date;in_force:int;"
                       "rule_version:text;events:text",
                       sql, ctx->date, NULL);
    cbec_rmodel_meta(m, "period_from", ctx->date);
    cbec_rmodel_meta(m, "period_to", ctx->date);
    if (prev)
        cbec_rmodel_meta(m, "prev_from", prev);
    if (month)
        cbec_rmodel_meta(m, "ly_from", month);
    if (day)
        cbec_rmodel_meta(m, "date_words", day);
    add_defs(ctx, credit_defs, G_N_ELEMENTS(credit_defs));
    rc = CBEC_ERR_NONE;
done:
    g_free(prev);
    g_free(month);
    g_free(sql);
    g_free(role_case);
    g_free(origin_case);
    g_free(reason_case);
    g_free(event_case);
    g_free(day);
    return rc;
}

/* ---------------- risk ---------------- */

static const rdef risk_defs[] = {
    {"alerts_day", "New alerts of the day", "当日新增预警", "alerts", "条",
     "Risk alerts whose business date (the date of the activity that raised them) is the day.",
     "业务日期（触发预警的业务活动日期）为当日的风险预警数。"},
    {"alerts_total", "Alerts up to the day", "截至当日预警", "alerts", "条",
     "Every alert of the rule pack with a business date on or before the day, whatever its handling; an alert "
     "whose condition no longer holds (e.g. the goods arrived) is removed by the next analysis.",
     "业务日期不晚于当日的全部风险预警（不论处理状态）；触发条件不再成立（如货物后到）的预警在下次分析时撤销。"},
    {"alerts_open", "Alerts not handled", "未处理预警", "alerts", "条",
     "Of the alerts up to the day, those nobody has taken in hand or closed (cbecflow alert ack|close), and those "
     "whose evidence changed after they were handled.",
     "截至当日的预警中尚无人受理或办结（cbecflow alert ack|close）的预警，以及办理后证据又发生变化的预警。"},
    {"alerts_in_hand", "Alerts in hand", "处理中预警", "alerts", "条",
     "Of the alerts up to the day, those taken in hand (cbecflow alert ack) and not closed.",
     "截至当日的预警中已受理（cbecflow alert ack）尚未办结的预警。"},
    {"alerts_closed", "Alerts closed", "已办结预警", "alerts", "条",
     "Of the alerts up to the day, those closed (cbecflow alert close) on the evidence they still show.",
     "截至当日的预警中已办结（cbecflow alert close）且证据未再变化的预警。"},
    {"alerts_high", "High-severity alerts", "高风险预警", "alerts", "条",
     "Of the alerts up to the day, those of high severity.", "截至当日的预警中风险等级为高的预警。"},
    {"alert_orders", "Orders behind alerts", "涉及订单", "orders", "单",
     "Distinct orders behind the alerts up to the day; each is traceable to its source files and locators on the "
     "Alert orders sheet.",
     "截至当日的预警涉及的不同订单数，预警订单表逐单列出来源文件与定位。"},
    {"alert_value", "Value of orders behind alerts", "涉及订单金额", "CNY", "元",
     "Sum of the goods value (goods + freight - discount, CNY) of those orders.",
     "上述订单货值（商品 + 运费 - 优惠，人民币）之和。"},
    {"enterprises", "Alerts by enterprise", "分企业预警", "", "",
     "Each alert counts once, for one enterprise: the enterprise itself for a negative-list alert, else the seller "
     "(the platform when the order names no seller) of most of its orders, the lowest code on a tie. Alerts without "
     "orders (bank credits) have a row of their own, so the rows add up to the alerts up to the day.",
     "每条预警只计入一家企业：负面清单预警计入该企业，其余计入其多数订单的电商企业（订单无电商企业时计入平台），"
     "订单数相同时取代码最小者；不涉及订单的预警（如不明银行入账）单列一行，各行之和等于截至当日预警数。"},
    {"cases", "Top cases", "重点案件", "", "",
     "Alerts not closed first, then by severity and by the value of their orders; each with the enterprise, the "
     "rule, the evidence in words and the source file and locator of its first record.",
     "未办结的预警在前，再按风险等级和涉及订单货值排序；列出企业、规则、证据及首条记录的来源文件与定位。"},
    {"rules", "Rule pack", "规则包", "", "",
     "Rules and thresholds in the risk rule pack (version recorded on every alert); evidence holds the numbers that "
     "triggered each alert.",
     "规则及阈值见风险规则包（每条预警记录规则版本）；证据列给出触发预警的数值。"},
};

/* Goods value in CNY (fen) of the orders behind alert a (the expression alert_value sums). */
#define ALERT_VALUE(a)                                                                                            \
    "(SELECT sum(CASE WHEN coalesce(o.currency,'CNY') IN ('CNY','') THEN coalesce(o.goods_value +"                \
    " coalesce(o.freight,0) - coalesce(o.discount,0), o.actual_paid) END) FROM alert_order x JOIN orders o ON"    \
    " o.order_no=x.order_no AND coalesce(x.platform_code,'') IN ('', o.platform_code) WHERE x.alert_id=" a ")"

/* Source file and locator of the first record behind alert a: its waybill for a waybill alert, its bank
 * entry for a bank alert, else its first order. */
#define CASE_SRC(a, what)                                                                                         \
    "coalesce((SELECT " what " FROM shipment x JOIN source_file sf ON sf.source_id=x.source_id WHERE "            \
    a ".entity_kind='shipment' AND x.logistics_code=substr(" a ".entity_key,1,instr(" a ".entity_key,'|')-1) AND" \
    " x.logistics_no=substr(" a ".entity_key,instr(" a ".entity_key,'|')+1) LIMIT 1),"                           \
    " (SELECT " what " FROM bank_txn x JOIN source_file sf ON sf.source_id=x.source_id WHERE " a                  \
    ".entity_kind='bank_txn' AND x.account IS json_extract(" a ".evidence,'$.account') AND x.entry_ref IS"         \
    " json_extract(" a ".evidence,'$.entry_ref') AND x.direction='C' LIMIT 1),"                                   \
    " (SELECT " what " FROM alert_order ao JOIN orders x ON x.order_no=ao.order_no AND"                            \
    " coalesce(ao.platform_code,'') IN ('', x.platform_code) JOIN source_file sf ON sf.source_id=x.source_id"      \
    " WHERE ao.alert_id=" a ".alert_id ORDER BY ao.order_no LIMIT 1), '')"
#define SF_NAME "CASE WHEN sf.member IS NOT NULL THEN sf.path||'!'||sf.member ELSE sf.path END"

/* The enterprise each alert up to the day counts for (definition "enterprises"): temp.rk_owner. */
static int owners(cbec_report_ctx *ctx, char **why)
{
    sqlite3_stmt *s = NULL;
    int ok;
    if (sqlite3_exec(ctx->db, "DROP TABLE IF EXISTS temp.rk_owner;"
                              "CREATE TEMP TABLE rk_owner (alert_id INTEGER PRIMARY KEY, code TEXT, severity TEXT)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ctx->db,
                           "INSERT INTO temp.rk_owner WITH ao AS (SELECT x.alert_id, coalesce(nullif(o.seller_code,''),"
                           " nullif(o.platform_code,'')) AS code FROM alert a JOIN alert_order x ON x.alert_id=a.alert_id"
                           " JOIN orders o ON o.order_no=x.order_no AND coalesce(x.platform_code,'') IN ('',"
                           " o.platform_code) WHERE a.business_date<=?1 AND a.entity_kind<>'enterprise'),"
                           " n AS (SELECT alert_id, code, count(*) AS k FROM ao WHERE code IS NOT NULL"
                           "  GROUP BY alert_id, code),"
                           " pick AS (SELECT alert_id, code FROM (SELECT alert_id, code, row_number() OVER (PARTITION BY"
                           "  alert_id ORDER BY k DESC, code) AS r FROM n) WHERE r=1)"
                           " SELECT a.alert_id, CASE WHEN a.entity_kind='enterprise' THEN a.entity_key ELSE p.code END,"
                           " a.severity FROM alert a LEFT JOIN pick p ON p.alert_id=a.alert_id WHERE a.business_date<=?1",
                           -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("risk report: %s", sqlite3_errmsg(ctx->db));
        return 0;
    }
    sqlite3_bind_text(s, 1, ctx->date, -1, SQLITE_STATIC);
    ok = sqlite3_step(s) == SQLITE_DONE;
    if (!ok)
        *why = g_strdup_printf("risk report: %s", sqlite3_errmsg(ctx->db));
    sqlite3_finalize(s);
    return ok;
}

/* Words with {n} replaced by a count. */
static char *word_n(cbec_report_ctx *ctx, const char *key, const char *def, int64_t n)
{
    const char *w = cbec_template_word(ctx->tpl, key, def);
    char num[32], **parts, *out;
    g_snprintf(num, sizeof num, "%lld", (long long)n);
    parts = g_strsplit(w, "{n}", -1);
    out = g_strjoinv(num, parts);
    g_strfreev(parts);
    return out;
}

/* Alerts by enterprise: the ten with most alerts, one row for the other enterprises and one for the alerts
 * that concern none, so the rows add up to the alerts up to the day (streamed: any number of enterprises). */
static int enterprises_table(cbec_report_ctx *ctx, const char *role_case, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(ctx->model, "top_enterprises",
                                       "code:text;name:text;role:text;role_label:text;alerts:int;high:int;orders:int");
    char *sql = g_strdup_printf(
        "SELECT w.code, coalesce(e.name,''), coalesce(e.role,''), %s, count(*), sum(w.severity='high'),"
        " (SELECT count(DISTINCT x.order_no||'|'||coalesce(x.platform_code,'')) FROM alert_order x JOIN temp.rk_owner"
        "  v ON v.alert_id=x.alert_id WHERE v.code IS w.code)"
        " FROM temp.rk_owner w LEFT JOIN enterprise e ON e.code=w.code GROUP BY w.code"
        " ORDER BY w.code IS NULL, count(*) DESC, sum(w.severity='high') DESC, w.code",
        role_case);
    sqlite3_stmt *s = NULL;
    int64_t rest[3] = {0, 0, 0}, rest_n = 0, none[3] = {0, 0, 0}, shown = 0;
    int has_none = 0;

    if (sqlite3_prepare_v2(ctx->db, sql, -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("report table top_enterprises: %s", sqlite3_errmsg(ctx->db));
        g_free(sql);
        return 0;
    }
    g_free(sql);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t v[3] = {sqlite3_column_int64(s, 4), sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 6)};
        if (sqlite3_column_type(s, 0) == SQLITE_NULL) {
            has_none = 1;
            memcpy(none, v, sizeof v);
        } else if (shown < 10) {
            cbec_rcell *c = cbec_rtable_row(t);
            for (int i = 0; i < 4; i++) {
                c[i].null = 0;
                c[i].s = g_strdup((const char *)sqlite3_column_text(s, i));
            }
            for (int i = 0; i < 3; i++) {
                c[4 + i].null = 0;
                c[4 + i].i = v[i];
            }
            shown++;
        } else {
            rest_n++;
            for (int i = 0; i < 3; i++)
                rest[i] += v[i];
        }
    }
    sqlite3_finalize(s);
    for (int k = 0; k < 2; k++) {
        cbec_rcell *c;
        if ((k == 0 && rest_n == 0) || (k == 1 && !has_none))
            continue;
        c = cbec_rtable_row(t);
        c[1].null = 0;
        c[1].s = k == 0 ? (rest_n == 1 ? word_n(ctx, "other_enterprise", "{n} other enterprise", rest_n)
                                       : word_n(ctx, "other_enterprises", "{n} other enterprises", rest_n))
                        : g_strdup(cbec_template_word(ctx->tpl, "no_enterprise", "Concerning no enterprise"));
        for (int i = 0; i < 3; i++) {
            c[4 + i].null = 0;
            c[4 + i].i = k == 0 ? rest[i] : none[i];
        }
    }
    return 1;
}

/* The top cases: one row each, with the evidence and the source in words. */
static int cases_table(cbec_report_ctx *ctx, const char *rule_case, const char *sev_case, const char *status_case,
                       char **why)
{
    int zh = strcmp(ctx->lang, "en") != 0;
    cbec_rtable *t = cbec_rmodel_table(ctx->model, "cases",
                                       "alert_id:int;business_date:date;rule_id:text;rule:text;severity:text;"
                                       "severity_label:text;code:text;enterprise:text;value:money;evidence:text;"
                                       "source:text;locator:text;status:text;status_label:text;handled_by:text;"
                                       "handled_at:text;note:text;summary:text");
    char *sql = g_strdup_printf(
        "SELECT a.alert_id, a.business_date, a.rule_id, %s, a.severity, %s, w.code, coalesce(e.name,''), "
        ALERT_VALUE("a.alert_id") ", a.evidence, " CASE_SRC("a", SF_NAME) ", " CASE_SRC("a", "x.locator") ","
        " v.status, %s, coalesce(v.actor,''), coalesce(replace(substr(v.acted_at,1,16),'T',' '),''), coalesce(v.note,'')"
        " FROM alert a JOIN temp.rk_owner w ON w.alert_id=a.alert_id JOIN v_alert_status v ON v.alert_id=a.alert_id"
        " LEFT JOIN enterprise e ON e.code=w.code"
        " ORDER BY v.status='closed', CASE a.severity WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,"
        " " ALERT_VALUE("a.alert_id") " DESC NULLS LAST, a.business_date DESC, a.alert_id LIMIT 10",
        rule_case, sev_case, status_case);
    sqlite3_stmt *s = NULL;
    int rank = 0;

    if (sqlite3_prepare_v2(ctx->db, sql, -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("report table cases: %s", sqlite3_errmsg(ctx->db));
        g_free(sql);
        return 0;
    }
    g_free(sql);
    while (sqlite3_step(s) == SQLITE_ROW) {
        cbec_rcell *c = cbec_rtable_row(t);
        const char *txt[17];
        char *words, *file, *loc, *who, *when = NULL;
        for (int i = 0; i < 17; i++)
            txt[i] = (const char *)sqlite3_column_text(s, i);
        c[0].null = 0;
        c[0].i = sqlite3_column_int64(s, 0);
        for (int i = 1; i < 8; i++)
            if (txt[i]) {
                c[i].null = 0;
                c[i].s = g_strdup(txt[i]);
            }
        if (!txt[7] || !*txt[7]) {   /* an alert without an enterprise (a bank credit) */
            g_free(c[7].s);
            c[7].null = 0;
            c[7].s = g_strdup(cbec_template_word(ctx->tpl, "no_enterprise", "Concerning no enterprise"));
        }
        if (sqlite3_column_type(s, 8) != SQLITE_NULL) {
            c[8].null = 0;
            c[8].i = sqlite3_column_int64(s, 8);
        }
        words = cbec_words_evidence(ctx->tpl, ctx->db, txt[2], txt[9]);
        c[9].null = 0;
        c[9].s = words;
        for (int i = 10; i < 17; i++) {
            c[i].null = 0;
            c[i].s = g_strdup(txt[i] ? txt[i] : "");
        }
        /* The bulletin's sentence: the file's own name (the full path is in the workbook), its locator in words. */
        file = txt[10] && *txt[10] ? g_path_get_basename(txt[10]) : g_strdup("—");
        loc = cbec_words_locator(txt[11], zh);
        if (txt[15] && strlen(txt[15]) >= 16) {   /* acted_at: the day in prose and the time of day */
            char d[CBEC_DATE_LEN], *dw;
            g_strlcpy(d, txt[15], sizeof d);
            dw = cbec_words_day(d, zh);
            when = g_strdup_printf("%s %s", dw ? dw : d, txt[15] + 11);
            g_free(dw);
        }
        who = strcmp(txt[12] ? txt[12] : "open", "open") == 0 || !when
                  ? g_strdup(txt[13])
                  : g_strdup_printf(zh ? "%s（%s，%s）" : "%s (%s, %s)", txt[13], txt[14], when);
        g_free(when);
        c[17].null = 0;
        /* each case on a line of its own in the bulletin's paragraph */
        c[17].s = g_strdup_printf(zh ? "%s（%d）%s · %s（%s风险）：%s。来源：%s %s。状态：%s。"
                                     : "%s(%d) %s · %s (%s severity): %s. Source: %s %s. Status: %s.",
                                  rank ? (zh ? "\n\u3000\u3000" : "\n") : "", rank + 1, c[7].s, txt[3], txt[5], words, file, loc, who);
        rank++;
        g_free(file);
        g_free(loc);
        g_free(who);
    }
    sqlite3_finalize(s);
    return 1;
}

/* "The most frequent rule is X (n alerts)" -- or, on a tie, every rule with that count. */
static void top_rules(cbec_report_ctx *ctx)
{
    const cbec_rtable *t = cbec_rmodel_get_table(ctx->model, "by_rule");
    int lab = t ? cbec_rtable_col(t, "label") : -1, cnt = t ? cbec_rtable_col(t, "count") : -1;
    GString *names = g_string_new(NULL);
    const char *and_w = cbec_template_word(ctx->tpl, "and", " and "), *sep = cbec_template_word(ctx->tpl,
                                                                                                "list_separator", ", ");
    guint n = 0;
    int64_t top;
    char num[32];

    if (!t || lab < 0 || cnt < 0 || t->rows->len == 0) {
        g_string_free(names, TRUE);
        return;
    }
    top = ((cbec_rcell *)g_ptr_array_index(t->rows, 0))[cnt].i;
    while (n < t->rows->len && ((cbec_rcell *)g_ptr_array_index(t->rows, n))[cnt].i == top)
        n++;
    for (guint r = 0; r < n; r++) {
        const cbec_rcell *c = g_ptr_array_index(t->rows, r);
        /* template words come stripped: English puts the spaces back around "and" and after "," */
        if (r && strcmp(ctx->lang, "en") == 0)
            g_string_append_printf(names, r + 1 == n ? " %s " : "%s ", r + 1 == n ? and_w : sep);
        else if (r)
            g_string_append(names, r + 1 == n ? and_w : sep);
        g_string_append_printf(names, "%s%s%s", cbec_template_word(ctx->tpl, "quote_open", "“"), c[lab].s,
                               cbec_template_word(ctx->tpl, "quote_close", "”"));
    }
    g_snprintf(num, sizeof num, "%lld", (long long)top);
    cbec_rmodel_meta(ctx->model, n > 1 ? "top_rules_tied" : "top_rule", names->str);
    cbec_rmodel_meta(ctx->model, "top_rule_count", num);
    g_string_free(names, TRUE);
}

/** The risk report's data. */
cbec_err cbec_report_provide_risk(cbec_report_ctx *ctx, char **why);
cbec_err cbec_report_provide_risk(cbec_report_ctx *ctx, char **why)
{
    cbec_rmodel *m = ctx->model;
    int zh = strcmp(ctx->lang, "en") != 0;
    char d1[CBEC_DATE_LEN], d7[CBEC_DATE_LEN], d30[CBEC_DATE_LEN];
    const char *days[CBEC_P_N];
    cbec_rscalar *ad = cbec_rmodel_scalar(m, "alerts_day", CBEC_RT_INT);
    cbec_rscalar *at = cbec_rmodel_scalar(m, "alerts_total", CBEC_RT_INT);
    cbec_rscalar *ao = cbec_rmodel_scalar(m, "alerts_open", CBEC_RT_INT);
    cbec_rscalar *ai = cbec_rmodel_scalar(m, "alerts_in_hand", CBEC_RT_INT);
    cbec_rscalar *ac = cbec_rmodel_scalar(m, "alerts_closed", CBEC_RT_INT);
    cbec_rscalar *ah = cbec_rmodel_scalar(m, "alerts_high", CBEC_RT_INT);
    cbec_rscalar *ord = cbec_rmodel_scalar(m, "alert_orders", CBEC_RT_INT);
    cbec_rscalar *av = cbec_rmodel_scalar(m, "alert_value", CBEC_RT_MONEY);
    char *rule_case = cbec_words_case_sql(ctx->tpl, "rules", "a.rule_id");
    char *sev_case = cbec_words_case_sql(ctx->tpl, "severities", "a.severity");
    char *kind_case = cbec_words_case_sql(ctx->tpl, "entity_kinds", "a.entity_kind");
    char *status_case = cbec_words_case_sql(ctx->tpl, "statuses", "v.status");
    char *role_case = cbec_words_case_sql(ctx->tpl, "roles", "coalesce(e.role,'')");
    char *day = cbec_words_day(ctx->date, zh), *sql = NULL;
    cbec_err rc = CBEC_ERR_DB;

    if (!cbec_date_add_days(ctx->date, -1, d1) || !cbec_date_add_days(ctx->date, -7, d7) ||
        !cbec_date_add_days(ctx->date, -29, d30)) {
        *why = g_strdup_printf("bad business date '%s'", ctx->date);
        rc = CBEC_ERR_USAGE;
        goto done;
    }
    /* A dataset older than alert handling, opened read-only by `cbecflow report` (only a writing command
     * upgrades it): nobody can have acted on its alerts, so every one is open. */
    if (cbec_db_int(ctx->db, "SELECT count(*) FROM sqlite_master WHERE name='v_alert_status'", 0) == 0 &&
        sqlite3_exec(ctx->db, "CREATE TEMP VIEW IF NOT EXISTS v_alert_status AS SELECT alert_id, 'open' AS status,"
                              " 0 AS reopened, NULL AS action_id, NULL AS actor, NULL AS acted_at, NULL AS note"
                              " FROM alert", NULL, NULL, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("risk report: %s", sqlite3_errmsg(ctx->db));
        goto done;
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
            goto done;
        if (p != CBEC_P_CUR && o == 0)
            continue;
        cbec_rscalar_set_i(ad, p, n);
        cbec_rscalar_set_i(at, p, o);
        cbec_rscalar_set_i(ah, p, h);
        cbec_rscalar_set_i(ord, p, k);
        cbec_rscalar_set_i(av, p, v);
    }
    {
        /* Handling is known as it stands now, not as it stood on earlier days: only the current period. */
        int64_t st[3];
        static const char *const states[3] = {"open", "in_hand", "closed"};
        cbec_rscalar *sc[3] = {ao, ai, ac};
        for (int i = 0; i < 3; i++) {
            if (cbec_db_ints(ctx->db, "SELECT count(*) FROM alert a JOIN v_alert_status v ON v.alert_id=a.alert_id"
                                      " WHERE a.business_date<=?1 AND v.status=?2", ctx->date, states[i], &st[i], 1,
                             why))
                goto done;
            cbec_rscalar_set_i(sc[i], CBEC_P_CUR, st[i]);
        }
    }
    if (!owners(ctx, why))
        goto done;
    sql = g_strdup_printf("SELECT a.rule_id, %s, max(a.severity), %s, count(*), sum(a.business_date=?1),"
                          " (SELECT count(*) FROM alert_order ao JOIN alert b ON b.alert_id=ao.alert_id WHERE"
                          "  b.rule_id=a.rule_id AND b.business_date<=?1)"
                          " FROM alert a WHERE a.business_date<=?1 GROUP BY a.rule_id ORDER BY count(*) DESC, a.rule_id",
                          rule_case,
                          /* the rule's severity in words (one severity per rule in the pack) */
                          strstr(sev_case, "CASE") ? sev_case : "max(a.severity)");
    if (!fill_table(ctx, "by_rule", "key:text;label:text;severity:text;severity_label:text;count:int;day:int;orders:int",
                    sql, ctx->date, NULL, 50, why) ||
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
        !fill_table(ctx, "handling", "key:text;label:text;count:int;high:int",
                    "WITH s(st, o) AS (VALUES ('open',1),('in_hand',2),('closed',3))"
                    " SELECT s.st, s.st, (SELECT count(*) FROM alert a JOIN v_alert_status v ON v.alert_id=a.alert_id"
                    " WHERE a.business_date<=?1 AND v.status=s.st), (SELECT count(*) FROM alert a JOIN v_alert_status v"
                    " ON v.alert_id=a.alert_id WHERE a.business_date<=?1 AND v.status=s.st AND a.severity='high')"
                    " FROM s ORDER BY s.o",
                    ctx->date, NULL, 10, why) ||
        !enterprises_table(ctx, role_case, why) ||
        !cases_table(ctx, rule_case, sev_case, status_case, why))
        goto done;
    g_free(sql);
    sql = g_strdup_printf("SELECT a.alert_id, %s, %s, v.status, %s, v.actor, replace(substr(v.acted_at,1,16),'T',' '), v.note"
                          " FROM alert a JOIN v_alert_status v ON v.alert_id=a.alert_id WHERE a.business_date<=?1 AND"
                          " v.status<>'open' ORDER BY v.acted_at DESC, a.alert_id",
                          rule_case, sev_case, status_case);
    if (!fill_table(ctx, "actions", "alert_id:int;rule:text;severity_label:text;status:text;status_label:text;actor:text;"
                                    "acted_at:text;note:text",
                    sql, ctx->date, NULL, 20, why))
        goto done;
    label_column(ctx, "by_severity", "key", "label", "severities");
    label_column(ctx, "handling", "key", "label", "statuses");
    top_rules(ctx);
    g_free(sql);
    sql = g_strdup_printf(
        "SELECT a.alert_id, a.rule_id, %s, a.severity, %s, a.business_date, a.entity_kind, %s, a.entity_key,"
        " (SELECT count(*) FROM alert_order ao WHERE ao.alert_id=a.alert_id), coalesce(a.evidence,''),"
        " v.status, %s, coalesce(v.actor,''), coalesce(v.acted_at,''), coalesce(v.note,''),"
        " coalesce(a.rule_version,'') FROM alert a JOIN v_alert_status v ON v.alert_id=a.alert_id"
        " WHERE a.business_date<=?1"
        " ORDER BY a.business_date DESC, CASE a.severity WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3"
        " END, a.rule_id, a.alert_id",
        rule_case, sev_case, kind_case, status_case);
    cbec_rmodel_detail(m, "alerts",
                       "alert_id:int;rule_id:text;rule:text;severity:text;severity_label:text;business_date:date;"
                       "entity_kind:text;entity_kind_label:text;entity_key:text;orders:int;evidence:text;status:text;"
                       "status_label:text;actor:text;acted_at:text;note:text;rule_version:text",
                       sql, ctx->date, NULL);
    g_free(sql);
    sql = g_strdup_printf(
        "SELECT ao.alert_id, a.rule_id, %s, ao.order_no, coalesce(ao.platform_code,''), "
        SRC("orders", "x.order_no=ao.order_no AND coalesce(ao.platform_code,'') IN ('', x.platform_code)")
        ", " SRC("payment", "x.order_no=ao.order_no") ", " SRC("shipment", "x.order_no=ao.order_no")
        ", " SRC("customs_list", "x.order_no=ao.order_no")
        " FROM alert_order ao JOIN alert a ON a.alert_id=ao.alert_id WHERE a.business_date<=?1"
        " ORDER BY ao.alert_id, ao.order_no",
        rule_case);
    cbec_rmodel_detail(m, "alert_orders",
                       "alert_id:int;rule_id:text;rule:text;order_no:text;platform:text;order_source:text;"
                       "order_locator:text;payment_source:text;payment_locator:text;shipment_source:text;"
                       "shipment_locator:text;list_source:text;list_locator:text",
                       sql, ctx->date, NULL);
    cbec_rmodel_meta(m, "period_from", ctx->date);
    cbec_rmodel_meta(m, "period_to", ctx->date);
    cbec_rmodel_meta(m, "prev_from", d1);
    cbec_rmodel_meta(m, "ly_from", d7);
    if (day)
        cbec_rmodel_meta(m, "date_words", day);
    add_defs(ctx, risk_defs, G_N_ELEMENTS(risk_defs));
    rc = CBEC_ERR_NONE;
done:
    sqlite3_exec(ctx->db, "DROP TABLE IF EXISTS temp.rk_owner", NULL, NULL, NULL);
    g_free(sql);
    g_free(rule_case);
    g_free(sev_case);
    g_free(kind_case);
    g_free(status_case);
    g_free(role_case);
    g_free(day);
    return rc;
}
