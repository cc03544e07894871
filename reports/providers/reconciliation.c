/* The reconciliation report's data (report.h): the night's three-flow figures; every open exception
 * counted once under its main reason, its further reasons apart, and its days open; the resolution
 * rate of earlier nights' exceptions; and the bank credits no trade explains, kept apart from trade
 * amounts.  Every name a reader sees comes from the template; codes go to columns of their own. */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "core/base/dates.h"
#include "core/store.h"
#include "reports/providers/context.h"

/* A flow row is a trade, or a bank credit that no trade explains (its own row, key B:txn_id):
 * the credits are money received, never added to trade counts or amounts. */
#define IS_BANK "substr(coalesce(f.flow_key,''),1,2)='B:'"
#define IS_TRADE "substr(coalesce(f.flow_key,''),1,2)<>'B:'"
/* Open on day ?1: not matched, of that day or earlier, not resolved by then. */
#define OPEN                                                                                                        \
    "f.status<>'MATCHED' AND f.business_date<=?1 AND (f.resolved_on IS NULL OR f.resolved_on>?1) AND " IS_TRADE
/* A trade's reasons (space-separated codes) as rows of json_each: json_quote escapes whatever a
 * code could hold, so the array is always valid JSON. */
#define REASON_LIST "json_each('['||replace(json_quote(f.reasons),' ','\",\"')||']')"
/* Why a bank credit matches no trade, from reconcile's note on its row ([bank_reasons] names it). */
#define BANK_WHY                                                                                                    \
    "CASE WHEN f.detail LIKE 'ambiguous:%' THEN 'AMBIGUOUS' WHEN f.detail LIKE 'account owner ambiguous%'"        \
    " THEN 'OWNER_UNCLEAR' ELSE 'NO_TRADE' END"

/* Definitions, in catalogue order; names, units and texts are the template's
 * ([indicators], [xlsx_units], [definitions]). */
static const char *const def_ids[] = {"flow_total",      "flow_matched",    "match_rate",      "exceptions",
                                      "open_exceptions", "main_reason",     "further_reasons", "days_open",
                                      "resolution_rate", "bank_unexplained", "quarantined"};

/* Bands of days open: the upper bound of each, and the template key of its name ([age_bands]). */
static const struct {
    int max_days;
    const char *key;
} bands[] = {{1, "1"}, {7, "7"}, {30, "30"}, {-1, "over"}};

/* One group of a GROUP BY: its key, rows and CNY value (fen). */
typedef struct grp {
    char *key;
    int64_t count, value;
} grp;

static void grp_clear(gpointer p)
{
    g_free(((grp *)p)->key);
}

/* The rows of a "SELECT key, count, value ... ?1" query (bounded: at most 2000 groups). */
static GArray *groups(cbec_report_ctx *ctx, const char *sql, const char *day, char **why)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(grp));
    sqlite3_stmt *s = NULL;
    int rc;
    g_array_set_clear_func(a, grp_clear);
    if (sqlite3_prepare_v2(ctx->db, sql, -1, &s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("reconciliation report: %s", sqlite3_errmsg(ctx->db));
        g_array_free(a, TRUE);
        return NULL;
    }
    sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && a->len < 2000) {
        const char *k = (const char *)sqlite3_column_text(s, 0);
        grp g = {g_strdup(k ? k : ""), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2)};
        g_array_append_val(a, g);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        *why = g_strdup_printf("reconciliation report: %s", sqlite3_errmsg(ctx->db));
        g_array_free(a, TRUE);
        a = NULL;
    }
    sqlite3_finalize(s);
    return a;
}

/* Shares of total in tenths of a percent that add up to exactly 100.0%: rounding each share on
 * its own can give 33.3 + 33.3 + 33.3 = 99.9, so the tenths left over go to the largest remainders
 * (on a tie the earlier row, which has the larger count). */
static void shares(const GArray *a, int64_t total, int64_t *permille)
{
    int64_t given = 0, *rem = g_new(int64_t, a->len ? a->len : 1);
    guint i;
    for (i = 0; i < a->len; i++) {
        int64_t c = g_array_index(a, grp, i).count;
        permille[i] = total > 0 ? c * 1000 / total : 0;
        rem[i] = total > 0 ? c * 1000 % total : -1;
        given += permille[i];
    }
    while (total > 0 && given < 1000) {
        guint best = 0;
        for (i = 1; i < a->len; i++)
            if (rem[i] > rem[best])
                best = i;
        permille[best]++;
        rem[best] = -1;
        given++;
    }
    g_free(rem);
}

/* A code's name: the template's group, then the other groups given, then the code itself. */
static const char *name_of(cbec_report_ctx *ctx, const char *code, const char *group, const char *other)
{
    const char *v = cbec_template_label(ctx->tpl, group, code, NULL);
    if (!v && other)
        v = cbec_template_label(ctx->tpl, other, code, NULL);
    return v ? v : code;
}

/* Append a row: key (NULL: none), label, count, value and share (permille, < 0: none). */
static void row(cbec_rtable *t, const char *key, const char *label, int64_t count, int64_t value, int64_t permille)
{
    cbec_rcell *c = cbec_rtable_row(t);
    int k = cbec_rtable_col(t, "key"), l = cbec_rtable_col(t, "label"), n = cbec_rtable_col(t, "count"),
        v = cbec_rtable_col(t, "value"), s = cbec_rtable_col(t, "share");
    if (v < 0)
        v = cbec_rtable_col(t, "amount");   /* money received, not a trade value */
    if (k >= 0 && key) {
        c[k].null = 0;
        c[k].s = g_strdup(key);
    }
    if (l >= 0) {
        c[l].null = 0;
        c[l].s = g_strdup(label);
    }
    c[n].null = c[v].null = 0;
    c[n].i = count;
    c[v].i = value;
    if (s >= 0 && permille >= 0) {
        c[s].null = 0;
        c[s].d = (double)permille / 1000.0;
    }
}

/* A table of groups with shares and a total row; empty (no total either) when there is nothing. */
static void shared_table(cbec_report_ctx *ctx, const char *id, const char *cols, GArray *a, const char *group,
                         const char *other)
{
    cbec_rtable *t = cbec_rmodel_table(ctx->model, id, cols);
    int64_t total = 0, value = 0, *pm = g_new0(int64_t, a->len ? a->len : 1);
    guint i;
    for (i = 0; i < a->len; i++) {
        total += g_array_index(a, grp, i).count;
        value += g_array_index(a, grp, i).value;
    }
    shares(a, total, pm);
    if (total > 0) {
        for (i = 0; i < a->len; i++) {
            const grp *g = &g_array_index(a, grp, i);
            row(t, g->key, name_of(ctx, g->key, group, other), g->count, g->value, pm[i]);
        }
        row(t, "", cbec_template_word(ctx->tpl, "total", "Total"), total, value, 1000);
        cbec_rtable_mark_total(t);
    }
    g_free(pm);
}

/* Open exceptions by main reason (each once: the totals are the headline's) and by further reasons
 * (overlapping), by days open, and the unexplained bank credits. */
static int reason_tables(cbec_report_ctx *ctx, const char *day, char **why)
{
    GArray *main_r = NULL, *further = NULL, *age = NULL, *bank = NULL, *bands_a = NULL;
    int ok = 0;
    guint i;

    main_r = groups(ctx,
                    "SELECT f.status, count(*), coalesce(sum(f.value_cny),0) FROM flow f WHERE " OPEN
                    " GROUP BY f.status ORDER BY 2 DESC, 1",
                    day, why);
    /* the reasons after the main one */
    further = main_r ? groups(ctx,
                              "SELECT j.value, count(*), coalesce(sum(f.value_cny),0) FROM flow f, " REASON_LIST " j"
                              " WHERE " OPEN " AND j.value<>'' AND j.value<>f.status"
                              " GROUP BY j.value ORDER BY 2 DESC, 1",
                              day, why)
                     : NULL;
    age = further ? groups(ctx,
                           "SELECT CASE WHEN julianday(f.exception_since) IS NULL THEN 'unknown'"
                           " WHEN julianday(?1)-julianday(f.exception_since)<=1 THEN '1'"
                           " WHEN julianday(?1)-julianday(f.exception_since)<=7 THEN '7'"
                           " WHEN julianday(?1)-julianday(f.exception_since)<=30 THEN '30' ELSE 'over' END,"
                           " count(*), coalesce(sum(f.value_cny),0) FROM flow f WHERE " OPEN " GROUP BY 1",
                           day, why)
                  : NULL;
    bank = age ? groups(ctx,
                        "SELECT " BANK_WHY ", count(*), coalesce(sum(f.value_cny),0) FROM flow f WHERE " IS_BANK
                        " AND f.business_date<=?1 GROUP BY 1 ORDER BY 2 DESC, 1",
                        day, why)
               : NULL;
    if (!bank)
        goto done;
    shared_table(ctx, "by_reason", "key:text;label:text;count:int;value:money;share:pct", main_r, "reasons",
                 "statuses");
    {
        cbec_rtable *t = cbec_rmodel_table(ctx->model, "by_secondary", "key:text;label:text;count:int;value:money");
        for (i = 0; i < further->len; i++) {
            const grp *g = &g_array_index(further, grp, i);
            row(t, g->key, name_of(ctx, g->key, "reasons", "statuses"), g->count, g->value, -1);
        }
    }
    /* the bands in their order, every band shown (a zero is information here); 'unknown' only when
     * a trade has no first night recorded (rows not written by reconcile) */
    bands_a = g_array_new(FALSE, TRUE, sizeof(grp));
    g_array_set_clear_func(bands_a, grp_clear);
    for (i = 0; i <= G_N_ELEMENTS(bands); i++) {
        const char *k = i < G_N_ELEMENTS(bands) ? bands[i].key : "unknown";
        grp g = {g_strdup(k), 0, 0};
        guint j;
        for (j = 0; j < age->len; j++)
            if (strcmp(g_array_index(age, grp, j).key, k) == 0) {
                g.count = g_array_index(age, grp, j).count;
                g.value = g_array_index(age, grp, j).value;
            }
        if (i < G_N_ELEMENTS(bands) || g.count > 0)
            g_array_append_val(bands_a, g);
        else
            g_free(g.key);
    }
    shared_table(ctx, "by_age", "key:text;label:text;count:int;value:money;share:pct", bands_a, "age_bands", NULL);
    shared_table(ctx, "by_bank", "key:text;label:text;count:int;amount:money;share:pct", bank, "bank_reasons", NULL);
    {
        /* one row when some credit is unexplained: the bulletin's sentence about them needs it */
        cbec_rtable *t = cbec_rmodel_table(ctx->model, "bank_sum", "count:int;amount:money");
        int64_t n = 0, v = 0;
        for (i = 0; i < bank->len; i++) {
            n += g_array_index(bank, grp, i).count;
            v += g_array_index(bank, grp, i).value;
        }
        if (n > 0)
            row(t, NULL, NULL, n, v, -1);
    }
    ok = 1;
done:
    if (main_r)
        g_array_free(main_r, TRUE);
    if (further)
        g_array_free(further, TRUE);
    if (age)
        g_array_free(age, TRUE);
    if (bank)
        g_array_free(bank, TRUE);
    if (bands_a)
        g_array_free(bands_a, TRUE);
    return ok;
}

static int group_table(cbec_report_ctx *ctx, const char *id, const char *sql, const char *label_group,
                       const char *day, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(ctx->model, id, "key:text;label:text;count:int;value:money");
    GArray *a = groups(ctx, sql, day, why);
    guint i;
    if (!a)
        return 0;
    for (i = 0; i < a->len; i++) {
        const grp *g = &g_array_index(a, grp, i);
        /* a status may be a reason code too: [statuses], then [reasons], then the code */
        row(t, g->key, label_group ? name_of(ctx, g->key, label_group, "reasons") : g->key, g->count, g->value, -1);
    }
    g_array_free(a, TRUE);
    return 1;
}

/* "('code','name'),..." for every code of a template group (its plain keys), names in the
 * report's language: the detail queries spell codes with them. */
static void values_of(cbec_report_ctx *ctx, GString *out, const char *group, GHashTable *seen)
{
    gchar **keys = ctx->tpl->kf ? g_key_file_get_keys(ctx->tpl->kf, group, NULL, NULL) : NULL;
    guint i;
    for (i = 0; keys && keys[i]; i++) {
        char *v;
        if (strchr(keys[i], '[') || g_hash_table_contains(seen, keys[i]))
            continue;
        g_hash_table_add(seen, g_strdup(keys[i]));
        v = sqlite3_mprintf(",(%Q,%Q)", keys[i], cbec_template_label(ctx->tpl, group, keys[i], keys[i]));
        g_string_append(out, v);
        sqlite3_free(v);
    }
    g_strfreev(keys);
}

/* WITH lab(code, name): the reason and status names; dir(code, name): the directions' names. */
static char *labels_cte(cbec_report_ctx *ctx)
{
    GString *s = g_string_new("WITH lab(code, name) AS (VALUES ('',NULL)");
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    values_of(ctx, s, "reasons", seen);
    values_of(ctx, s, "statuses", seen);
    g_hash_table_remove_all(seen);
    g_string_append(s, "), dir(code, name) AS (VALUES ('',NULL)");
    values_of(ctx, s, "directions", seen);
    g_hash_table_remove_all(seen);
    g_string_append(s, "), why(code, name) AS (VALUES ('',NULL)");
    values_of(ctx, s, "bank_reasons", seen);
    g_string_append(s, ") ");
    g_hash_table_destroy(seen);
    return g_string_free(s, FALSE);
}

/* A date in prose: 2026年12月6日 in Chinese, the ISO date in English. */
static char *prose_date(const char *iso, int zh)
{
    int y, m, d;
    if (zh && cbec_date_parse(iso, &y, &m, &d))
        return g_strdup_printf("%d年%d月%d日", y, m, d);
    return g_strdup(iso);
}

#define SRC(alias, table, idcol, fk)                                                                               \
    "coalesce((SELECT CASE WHEN sf.member IS NOT NULL THEN sf.path || '!' || sf.member ELSE sf.path END "       \
    " FROM " table " x JOIN source_file sf ON sf.source_id=x.source_id WHERE x." idcol "=f." fk "),''), "          \
    "coalesce((SELECT x.locator FROM " table " x WHERE x." idcol "=f." fk "),'')"

/* The workbook's lists: every open exception, every unexplained credit, every quarantined record. */
static void details(cbec_report_ctx *ctx, const char *day, int zh)
{
    char *cte = labels_cte(ctx), *sql, *q_sep = sqlite3_mprintf("%Q", zh ? "；" : "; ");

    sql = g_strconcat(
        cte,
        "SELECT f.business_date, coalesce(f.order_no,''), coalesce(f.platform_code,''),"
        " coalesce((SELECT name FROM dir WHERE code=f.direction), f.direction, ''), coalesce(f.trade_mode,''),"
        " coalesce((SELECT name FROM lab WHERE code=f.status), f.status), f.status,"
        " (SELECT group_concat(n, ", q_sep, ") FROM (SELECT coalesce(l.name, j.value) AS n FROM " REASON_LIST " j"
        "  LEFT JOIN lab l ON l.code=j.value WHERE j.value<>'' ORDER BY j.key)), f.reasons, f.value_cny,"
        " f.exception_since, CASE WHEN julianday(f.exception_since) IS NOT NULL"
        "  THEN CAST(julianday(?1)-julianday(f.exception_since) AS INTEGER) END, f.first_seen, "
        SRC("o", "orders", "order_id", "order_id") ", " SRC("p", "payment", "payment_id", "payment_id") ", "
        SRC("s", "shipment", "shipment_id", "shipment_id") ", " SRC("l", "customs_list", "list_id", "list_id") " "
        "FROM flow f WHERE " OPEN " ORDER BY f.business_date, f.flow_id",
        NULL);
    cbec_rmodel_detail(ctx->model, "exceptions",
                       "business_date:date;order_no:text;platform:text;direction:text;trade_mode:text;"
                       "status_name:text;status:text;reason_names:text;reasons:text;value:money;"
                       "exception_since:date;days_open:int;first_seen:date;order_source:text;order_locator:text;"
                       "payment_source:text;payment_locator:text;shipment_source:text;shipment_locator:text;"
                       "list_source:text;list_locator:text",
                       sql, day, NULL);
    g_free(sql);
    sql = g_strconcat(
        cte,
        "SELECT x.business_date, coalesce(b.booking_date,''), coalesce(b.account,''), x.value_cny,"
        " coalesce(b.currency,''), coalesce(b.reference,''), (SELECT name FROM why WHERE code=x.k), x.k,"
        " coalesce(x.detail,''), coalesce((SELECT CASE WHEN sf.member IS NOT NULL THEN sf.path||'!'||sf.member"
        "  ELSE sf.path END FROM source_file sf WHERE sf.source_id=b.source_id),''), coalesce(b.locator,'')"
        " FROM (SELECT f.flow_id, f.business_date, f.value_cny, f.detail, f.bank_txn_id, " BANK_WHY " AS k"
        "  FROM flow f WHERE " IS_BANK " AND f.business_date<=?1) x LEFT JOIN bank_txn b ON b.txn_id=x.bank_txn_id"
        " ORDER BY x.business_date, x.flow_id",
        NULL);
    cbec_rmodel_detail(ctx->model, "bank_credits",
                       "business_date:date;booking_date:date;account:text;amount:money;currency:text;reference:text;"
                       "why:text;why_code:text;match_note:text;source:text;locator:text",
                       sql, day, NULL);
    g_free(sql);
    cbec_rmodel_detail(ctx->model, "quarantine", "path:text;locator:text;reason:text;message:text;excerpt:text",
                       "SELECT q.path, coalesce(q.locator,''), q.reason_code, q.message, coalesce(q.raw_excerpt,'') "
                       "FROM quarantine q WHERE q.run_id IN (SELECT run_id FROM run WHERE business_date=?1) "
                       "ORDER BY q.quarantine_id",
                       day, NULL);
    sqlite3_free(q_sep);
    g_free(cte);
}

/* By zone (盟市), only in a region's dataset (region_zone, warehouse/region.h; a zone's own report
 * has no such table): the day's trades, matched and not, and the zone's open exceptions.  A trade
 * is the zone's whose row numbers it carries: the merge moved each zone's by position x
 * CBEC_REGION_SPAN (core/store.h). */
static int zone_table(cbec_report_ctx *ctx, const char *day, char **why)
{
    cbec_rtable *t;
    sqlite3_stmt *s = NULL;
    int64_t n = 0;
    int ok = 0;
    if (cbec_db_ints(ctx->db, "SELECT count(*) FROM region_zone", NULL, NULL, &n, 1, why))
        return 0;
    if (n == 0)
        return 1;
    /* said first in the summary: the reader knows the figures are the region's */
    cbec_rscalar_set_i(cbec_rmodel_scalar(ctx->model, "region_zones", CBEC_RT_INT), CBEC_P_CUR, n);
    t = cbec_rmodel_table(ctx->model, "by_zone",
                          "key:text;label:text;count:int;matched:int;exceptions:int;value:money;open:int");
    if (sqlite3_prepare_v2(ctx->db,
                           "SELECT z.code, coalesce(nullif(z.name,''), z.code), count(f.flow_id),"
                           " coalesce(sum(f.status='MATCHED'),0), coalesce(sum(f.status<>'MATCHED'),0),"
                           " coalesce(sum(CASE WHEN f.status<>'MATCHED' THEN f.value_cny END),0),"
                           " (SELECT count(*) FROM flow f WHERE f.flow_id / " G_STRINGIFY(CBEC_REGION_SPAN) " = z.position AND " OPEN ")"
                           " FROM region_zone z LEFT JOIN flow f ON f.flow_id / " G_STRINGIFY(CBEC_REGION_SPAN) " = z.position"
                           " AND f.business_date=?1 AND " IS_TRADE " GROUP BY z.code ORDER BY z.position",
                           -1, &s, NULL) != SQLITE_OK)
        goto done;
    sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        cbec_rcell *c = cbec_rtable_row(t);
        for (int i = 0; i < 7; i++)
            c[i].null = 0;
        c[0].s = g_strdup((const char *)sqlite3_column_text(s, 0));
        c[1].s = g_strdup((const char *)sqlite3_column_text(s, 1));
        for (int i = 2; i < 7; i++)
            c[i].i = sqlite3_column_int64(s, i);
    }
    ok = 1;
done:
    if (!ok)
        *why = g_strdup_printf("reconciliation by zone: %s", sqlite3_errmsg(ctx->db));
    sqlite3_finalize(s);
    return ok;
}

cbec_err cbec_report_provide_reconciliation(cbec_report_ctx *ctx, char **why)
{
    cbec_rmodel *m = ctx->model;
    const char *days[CBEC_P_N];
    char d0[CBEC_DATE_LEN], d1[CBEC_DATE_LEN], d7[CBEC_DATE_LEN], *text;
    int p, zh = strcmp(ctx->lang, "en") != 0;
    size_t i;
    cbec_rscalar *ft = cbec_rmodel_scalar(m, "flow_total", CBEC_RT_INT);
    cbec_rscalar *fm = cbec_rmodel_scalar(m, "flow_matched", CBEC_RT_INT);
    cbec_rscalar *mr = cbec_rmodel_scalar(m, "match_rate", CBEC_RT_PCT);
    cbec_rscalar *ex = cbec_rmodel_scalar(m, "exceptions", CBEC_RT_INT);
    cbec_rscalar *ev = cbec_rmodel_scalar(m, "exception_value", CBEC_RT_MONEY);
    cbec_rscalar *op = cbec_rmodel_scalar(m, "open_exceptions", CBEC_RT_INT);
    cbec_rscalar *se = cbec_rmodel_scalar(m, "exceptions_seen", CBEC_RT_INT);
    cbec_rscalar *rs = cbec_rmodel_scalar(m, "exceptions_resolved", CBEC_RT_INT);
    cbec_rscalar *rr = cbec_rmodel_scalar(m, "resolution_rate", CBEC_RT_PCT);
    cbec_rscalar *bu = cbec_rmodel_scalar(m, "bank_unexplained", CBEC_RT_INT);
    cbec_rscalar *bv = cbec_rmodel_scalar(m, "bank_unexplained_value", CBEC_RT_MONEY);
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
        int64_t o = 0, q = 0, nk[2], xv[2], sr[2], bk[2];
        if (cbec_db_ints(ctx->db,
                         "SELECT count(*), coalesce(sum(f.status='MATCHED'),0) FROM flow f WHERE f.business_date=?1"
                         " AND " IS_TRADE,
                         days[p], NULL, nk, 2, why) ||
            cbec_db_ints(ctx->db,
                         "SELECT count(*), coalesce(sum(f.value_cny),0) FROM flow f WHERE f.business_date=?1 AND "
                         "f.status<>'MATCHED' AND " IS_TRADE,
                         days[p], NULL, xv, 2, why) ||
            cbec_db_ints(ctx->db, "SELECT count(*) FROM flow f WHERE " OPEN, days[p], NULL, &o, 1, why) ||
            /* exceptions first found before the day (in their latest spell), and those matched by then */
            cbec_db_ints(ctx->db,
                         "SELECT count(*), coalesce(sum(f.status='MATCHED' AND f.resolved_on<=?1),0) FROM flow f"
                         " WHERE f.exception_since<?1 AND (f.status<>'MATCHED' OR f.resolved_on IS NOT NULL) AND "
                         IS_TRADE,
                         days[p], NULL, sr, 2, why) ||
            cbec_db_ints(ctx->db,
                         "SELECT count(*), coalesce(sum(f.value_cny),0) FROM flow f WHERE " IS_BANK
                         " AND f.business_date<=?1",
                         days[p], NULL, bk, 2, why) ||
            cbec_db_ints(ctx->db,
                         "SELECT count(*) FROM quarantine WHERE run_id IN (SELECT run_id FROM run WHERE business_date=?1)",
                         days[p], NULL, &q, 1, why))
            return CBEC_ERR_DB;
        if (p != CBEC_P_CUR && nk[0] == 0 && o == 0 && q == 0)
            continue;
        cbec_rscalar_set_i(ft, p, nk[0]);
        cbec_rscalar_set_i(fm, p, nk[1]);
        if (nk[0] > 0)
            cbec_rscalar_set_d(mr, p, (double)nk[1] / (double)nk[0]);
        cbec_rscalar_set_i(ex, p, xv[0]);
        cbec_rscalar_set_i(ev, p, xv[1]);
        cbec_rscalar_set_i(op, p, o);
        cbec_rscalar_set_i(se, p, sr[0]);
        cbec_rscalar_set_i(rs, p, sr[1]);
        /* no exception found before: no rate (not 0%, not 100%) */
        if (sr[0] > 0)
            cbec_rscalar_set_d(rr, p, (double)sr[1] / (double)sr[0]);
        cbec_rscalar_set_i(bu, p, bk[0]);
        cbec_rscalar_set_i(bv, p, bk[1]);
        cbec_rscalar_set_i(qu, p, q);
    }
    if (!group_table(ctx, "by_status",
                     "SELECT f.status, count(*), coalesce(sum(f.value_cny),0) FROM flow f WHERE f.business_date=?1"
                     " AND " IS_TRADE " GROUP BY f.status ORDER BY 2 DESC, 1",
                     "statuses", d0, why) ||
        !reason_tables(ctx, d0, why) ||
        !group_table(ctx, "by_platform",
                     "SELECT coalesce(f.platform_code,''), count(*), coalesce(sum(f.value_cny),0) FROM flow f "
                     "WHERE " OPEN " GROUP BY 1 ORDER BY 2 DESC, 1",
                     NULL, d0, why) ||
        !zone_table(ctx, d0, why))
        return CBEC_ERR_DB;
    details(ctx, d0, zh);
    cbec_rmodel_meta(m, "period_from", d0);
    cbec_rmodel_meta(m, "period_to", d0);
    cbec_rmodel_meta(m, "prev_from", d1);
    cbec_rmodel_meta(m, "ly_from", d7);
    text = prose_date(d0, zh);
    cbec_rmodel_meta(m, "day_text", text);
    g_free(text);
    for (i = 0; i < G_N_ELEMENTS(def_ids); i++)
        cbec_rmodel_def(m, def_ids[i], cbec_template_indicator(ctx->tpl, def_ids[i], def_ids[i]),
                        cbec_template_label(ctx->tpl, "xlsx_units", def_ids[i], ""),
                        cbec_template_word(ctx->tpl, "dims", zh ? "日" : "day"),
                        cbec_template_label(ctx->tpl, "definitions", def_ids[i], ""));
    return CBEC_ERR_NONE;
}
