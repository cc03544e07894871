/* The reconciliation report's data: the night's three-flow figures and every open exception (report.h). */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "core/base/dates.h"
#include "core/store.h"
#include "reports/providers/context.h"

typedef struct rdef {
    const char *id, *name_en, *name_zh, *unit_en, *unit_zh, *def_en, *def_zh;
} rdef;

static const rdef defs[] = {
    {"flow_total", "Trades reconciled", "对碰交易数", "trades", "笔",
     "Rows of the three-flow view (flow table) whose business date is the day.",
     "业务日期为当日的三单对碰视图（flow 表）记录数。"},
    {"flow_matched", "Matched trades", "对碰一致交易数", "trades", "笔",
     "Trades of the day with status MATCHED: order, payment and waybill / customs list agree within tolerance.",
     "当日状态为 MATCHED（订单、支付单、运单/清单在容差内一致）的交易数。"},
    {"match_rate", "Match rate", "对碰率", "%", "%", "flow_matched / flow_total.", "对碰一致交易数 / 对碰交易数。"},
    {"exceptions", "Exceptions of the day", "当日异常交易", "trades", "笔",
     "Trades of the day whose status is not MATCHED.", "当日状态不是 MATCHED 的交易。"},
    {"exception_value", "Value of the day's exceptions", "当日异常交易金额", "CNY", "元",
     "Sum of flow.value_cny over the day's exceptions (trades without a CNY value add nothing).",
     "当日异常交易 flow.value_cny 之和（无人民币金额的交易不计金额）。"},
    {"open_exceptions", "Open exceptions", "未结异常交易", "trades", "笔",
     "Trades not MATCHED with a business date on or before the day and not resolved by then (resolved_on "
     "empty or later). Every one is listed on the exceptions sheet with its reasons, source files and locators.",
     "业务日期不晚于当日、截至当日仍未解决（resolved_on 为空或晚于当日）的非 MATCHED 交易；异常明细表逐笔列出原因、"
     "来源文件与定位。"},
    {"quarantined", "Quarantined records", "隔离记录", "records", "条",
     "Records refused at ingestion by runs of the business date (bad format, missing key ...), with file, locator "
     "and reason on the quarantine sheet.",
     "当日业务日期运行中入库被拒的记录（格式错误、缺少关键字段等），隔离表列出文件、定位与原因。"},
    {"periods", "Comparisons", "比较口径", "", "",
     "Figures of the business date, compared with the day before and with the same weekday a week earlier.",
     "当日数据，与前一日及上周同日比较。"},
};

/* Aggregate a space-separated reasons column (bounded: one entry per reason code). */
static int reasons_table(cbec_report_ctx *ctx, const char *day, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(ctx->model, "by_reason", "key:text;label:text;count:int;value:money;share:pct");
    GHashTable *agg = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GList *keys = NULL, *l;
    sqlite3_stmt *s = NULL;
    int64_t total = 0;
    int ok = 0;

    if (sqlite3_prepare_v2(ctx->db,
                           "SELECT CASE WHEN reasons='' THEN status ELSE reasons END, coalesce(value_cny,0) FROM flow "
                           "WHERE status<>'MATCHED' AND business_date<=?1 AND (resolved_on IS NULL OR resolved_on>?1)",
                           -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("reconciliation report: %s", sqlite3_errmsg(ctx->db));
        goto done;
    }
    sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        char **codes = g_strsplit((const char *)sqlite3_column_text(s, 0), " ", -1);
        int64_t v = sqlite3_column_int64(s, 1);
        guint i;
        total++;
        for (i = 0; codes[i]; i++) {
            int64_t *a;
            if (!*codes[i])
                continue;
            a = g_hash_table_lookup(agg, codes[i]);
            if (!a) {
                a = g_new0(int64_t, 2);
                g_hash_table_insert(agg, g_strdup(codes[i]), a);
            }
            a[0]++;
            a[1] += v;
        }
        g_strfreev(codes);
    }
    keys = g_list_sort(g_hash_table_get_keys(agg), (GCompareFunc)strcmp);
    /* most frequent first */
    for (;;) {
        const char *best = NULL;
        int64_t *bv = NULL;
        for (l = keys; l; l = l->next) {
            int64_t *a = g_hash_table_lookup(agg, l->data);
            if (a[0] >= 0 && (!bv || a[0] > bv[0]))
                best = l->data, bv = a;
        }
        if (!best)
            break;
        {
            cbec_rcell *c = cbec_rtable_row(t);
            c[0].null = c[1].null = c[2].null = c[3].null = 0;
            c[0].s = g_strdup(best);
            c[1].s = g_strdup(cbec_template_label(ctx->tpl, "reasons", best, best));
            c[2].i = bv[0];
            c[3].i = bv[1];
            if (total > 0) {
                c[4].null = 0;
                c[4].d = (double)bv[0] / (double)total;
            }
        }
        bv[0] = -1;
    }
    ok = 1;
done:
    g_list_free(keys);
    g_hash_table_destroy(agg);
    sqlite3_finalize(s);
    return ok;
}

static int group_table(cbec_report_ctx *ctx, const char *id, const char *sql, const char *label_group,
                       const char *day, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(ctx->model, id, "key:text;label:text;count:int;value:money");
    sqlite3_stmt *s = NULL;
    int rows = 0;
    if (sqlite3_prepare_v2(ctx->db, sql, -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("reconciliation report: %s", sqlite3_errmsg(ctx->db));
        return 0;
    }
    sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW && rows++ < 2000) {
        const char *k = (const char *)sqlite3_column_text(s, 0);
        cbec_rcell *c = cbec_rtable_row(t);
        c[0].null = c[1].null = c[2].null = c[3].null = 0;
        c[0].s = g_strdup(k ? k : "");
        {
            /* a status may be a reason code too: [statuses], then [reasons], then the code */
            const char *lab = label_group ? cbec_template_label(ctx->tpl, label_group, k ? k : "", NULL) : NULL;
            if (!lab && label_group)
                lab = cbec_template_label(ctx->tpl, "reasons", k ? k : "", NULL);
            c[1].s = g_strdup(lab ? lab : (k ? k : ""));
        }
        c[2].i = sqlite3_column_int64(s, 1);
        c[3].i = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    return 1;
}

#define SRC(alias, table, idcol, fk)                                                                               \
    "coalesce((SELECT CASE WHEN sf.member IS NOT NULL THEN sf.path || '!' || sf.member ELSE sf.path END "       \
    " FROM " table " x JOIN source_file sf ON sf.source_id=x.source_id WHERE x." idcol "=f." fk "),''), "          \
    "coalesce((SELECT x.locator FROM " table " x WHERE x." idcol "=f." fk "),'')"

cbec_err cbec_report_provide_reconciliation(cbec_report_ctx *ctx, char **why)
{
    cbec_rmodel *m = ctx->model;
    const char *days[CBEC_P_N];
    char d0[CBEC_DATE_LEN], d1[CBEC_DATE_LEN], d7[CBEC_DATE_LEN];
    int p, zh = strcmp(ctx->lang, "en") != 0;
    size_t i;
    cbec_rscalar *ft = cbec_rmodel_scalar(m, "flow_total", CBEC_RT_INT);
    cbec_rscalar *fm = cbec_rmodel_scalar(m, "flow_matched", CBEC_RT_INT);
    cbec_rscalar *mr = cbec_rmodel_scalar(m, "match_rate", CBEC_RT_PCT);
    cbec_rscalar *ex = cbec_rmodel_scalar(m, "exceptions", CBEC_RT_INT);
    cbec_rscalar *ev = cbec_rmodel_scalar(m, "exception_value", CBEC_RT_MONEY);
    cbec_rscalar *op = cbec_rmodel_scalar(m, "open_exceptions", CBEC_RT_INT);
    cbec_rscalar *qu = cbec_rmodel_scalar(m, "quarantined", CBEC_RT_INT);

    if (!cbec_date_add_days(ctx->date, 0, d0) || !cbec_date_add_days(ctx->date, -1, d1) ||
        !cbec_date_add_days(ctx->date, -7, d7)) {
        *why = g_strdup_printf("bad business date '%s'", ctx->date);
        return CBEC_ERR_USAGE;
    }
    days[CBEC_P_CUR] = d0;
    days[CBEC_P_PREV] = d1;
    days[CBEC_P_LY] = d7;
    for (p = 0; p < CBEC_P_N; p++) {
        int64_t n = 0, k = 0, v = 0, x = 0, o = 0, q = 0;
        int64_t nk[2], xv[2];
        if (cbec_db_ints(ctx->db, "SELECT count(*), coalesce(sum(status='MATCHED'),0) FROM flow WHERE business_date=?1",
                         days[p], NULL, nk, 2, why) ||
            cbec_db_ints(ctx->db,
                         "SELECT count(*), coalesce(sum(value_cny),0) FROM flow WHERE business_date=?1 AND "
                         "status<>'MATCHED'",
                         days[p], NULL, xv, 2, why) ||
            cbec_db_ints(ctx->db,
                         "SELECT count(*) FROM flow WHERE status<>'MATCHED' AND business_date<=?1 AND "
                         "(resolved_on IS NULL OR resolved_on>?1)",
                         days[p], NULL, &o, 1, why) ||
            cbec_db_ints(ctx->db,
                         "SELECT count(*) FROM quarantine WHERE run_id IN (SELECT run_id FROM run WHERE business_date=?1)",
                         days[p], NULL, &q, 1, why))
            return CBEC_ERR_DB;
        n = nk[0], k = nk[1], x = xv[0], v = xv[1];
        if (p != CBEC_P_CUR && n == 0 && o == 0 && q == 0)
            continue;
        cbec_rscalar_set_i(ft, p, n);
        cbec_rscalar_set_i(fm, p, k);
        if (n > 0)
            cbec_rscalar_set_d(mr, p, (double)k / (double)n);
        cbec_rscalar_set_i(ex, p, x);
        cbec_rscalar_set_i(ev, p, v);
        cbec_rscalar_set_i(op, p, o);
        cbec_rscalar_set_i(qu, p, q);
    }
    if (!group_table(ctx, "by_status",
                     "SELECT status, count(*), coalesce(sum(value_cny),0) FROM flow WHERE business_date=?1 "
                     "GROUP BY status ORDER BY 2 DESC, 1",
                     "statuses", d0, why) ||
        !reasons_table(ctx, d0, why) ||
        !group_table(ctx, "by_platform",
                     "SELECT coalesce(platform_code,''), count(*), coalesce(sum(value_cny),0) FROM flow "
                     "WHERE status<>'MATCHED' AND business_date<=?1 AND (resolved_on IS NULL OR resolved_on>?1) "
                     "GROUP BY 1 ORDER BY 2 DESC, 1",
                     NULL, d0, why))
        return CBEC_ERR_DB;
    cbec_rmodel_detail(m, "exceptions",
                       "business_date:date;order_no:text;platform:text;direction:text;trade_mode:text;status:text;"
                       "reasons:text;value:money;first_seen:text;order_source:text;order_locator:text;"
                       "payment_source:text;payment_locator:text;shipment_source:text;shipment_locator:text;"
                       "list_source:text;list_locator:text",
                       "SELECT f.business_date, coalesce(f.order_no,''), coalesce(f.platform_code,''), "
                       " coalesce(f.direction,''), coalesce(f.trade_mode,''), f.status, f.reasons, f.value_cny, "
                       " coalesce(f.first_seen,''), " SRC("o", "orders", "order_id", "order_id") ", "
                       SRC("p", "payment", "payment_id", "payment_id") ", "
                       SRC("s", "shipment", "shipment_id", "shipment_id") ", "
                       SRC("l", "customs_list", "list_id", "list_id") " "
                       "FROM flow f WHERE f.status<>'MATCHED' AND f.business_date<=?1 "
                       " AND (f.resolved_on IS NULL OR f.resolved_on>?1) ORDER BY f.business_date, f.flow_id",
                       d0, NULL);
    cbec_rmodel_detail(m, "quarantine", "path:text;locator:text;reason:text;message:text;excerpt:text",
                       "SELECT q.path, coalesce(q.locator,''), q.reason_code, q.message, coalesce(q.raw_excerpt,'') "
                       "FROM quarantine q WHERE q.run_id IN (SELECT run_id FROM run WHERE business_date=?1) "
                       "ORDER BY q.quarantine_id",
                       d0, NULL);
    cbec_rmodel_meta(m, "period_from", d0);
    cbec_rmodel_meta(m, "period_to", d0);
    cbec_rmodel_meta(m, "prev_from", d1);
    cbec_rmodel_meta(m, "ly_from", d7);
    for (i = 0; i < G_N_ELEMENTS(defs); i++)
        cbec_rmodel_def(m, defs[i].id, zh ? defs[i].name_zh : defs[i].name_en, zh ? defs[i].unit_zh : defs[i].unit_en,
                        zh ? "日" : "day", zh ? defs[i].def_zh : defs[i].def_en);
    return CBEC_ERR_NONE;
}
