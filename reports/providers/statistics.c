/* Statistics: indicator configuration, exact FX conversion, the computed model (stats.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/dates.h"
#include "core/base/decimal.h"
#include "core/base/log.h"
#include "core/rules.h"
#include "core/store.h"
#include "reports/providers/catalogue.h"
#include "reports/providers/context.h"
#include "reports/providers/statistics.h"
#include "reports/providers/targets.h"

/* Breakdown tables keep at most this many rows (the rest is summed into one "other" row). */
#define STATS_MAX_ROWS 2000

struct cbec_stats_conf {
    cbec_rules *src;       /* the file (core/rules.h) */
    GHashTable *prefix;    /* HS prefix -> category id */
    char **featured;       /* category ids in report order */
    int max_prefix;
    GHashTable *business;  /* trade mode -> "retail" | "b2b" ([business] of indicators.conf) */
};

/* Retail e-commerce (9610 direct, 1210/1239 bonded) and B2B (9710 direct export, 9810 overseas
 * warehouse) are different businesses: their figures are never mixed into one average.  Built-in
 * when the configuration does not say otherwise. */
static const char *const default_business[][2] = {
    {"9610", "retail"}, {"1210", "retail"}, {"1239", "retail"}, {"9710", "b2b"}, {"9810", "b2b"}};

static void load_business(cbec_stats_conf *c)
{
    static const char *const classes[] = {"retail", "b2b"};
    guint i, j;
    int configured = cbec_rules_has(c->src, "business");

    c->business = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!configured) {
        for (i = 0; i < G_N_ELEMENTS(default_business); i++)
            g_hash_table_replace(c->business, g_strdup(default_business[i][0]), (gpointer)default_business[i][1]);
        return;
    }
    for (i = 0; i < G_N_ELEMENTS(classes); i++) {
        char **modes = cbec_rules_list(c->src, "business", classes[i], NULL);
        for (j = 0; modes && modes[j]; j++)
            if (*g_strstrip(modes[j]))
                g_hash_table_replace(c->business, g_strdup(modes[j]), (gpointer)classes[i]);
        g_strfreev(modes);
    }
}

const char *cbec_stats_business(const cbec_stats_conf *c, const char *trade_mode)
{
    if (!trade_mode || !*trade_mode)
        return NULL;
    if (!c) {
        for (guint i = 0; i < G_N_ELEMENTS(default_business); i++)
            if (strcmp(default_business[i][0], trade_mode) == 0)
                return default_business[i][1];
        return NULL;
    }
    return g_hash_table_lookup(c->business, trade_mode);
}

/* ---- configuration ---------------------------------------------------------------- */

cbec_stats_conf *cbec_stats_conf_load(const char *path, char **why)
{
    cbec_stats_conf *c = g_new0(cbec_stats_conf, 1);
    char **weights;

    c->prefix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (cbec_rules_load_file(path, NULL, &c->src, why) != CBEC_ERR_NONE) {
        cbec_stats_conf_free(c);
        return NULL;
    }
    c->featured = cbec_rules_list(c->src, "featured", "order", NULL);
    for (guint i = 0; c->featured[i]; i++) {
        char **pre = cbec_rules_list(c->src, "featured", c->featured[i], NULL);
        for (guint j = 0; pre[j]; j++) {
            g_hash_table_replace(c->prefix, g_strdup(pre[j]), g_strdup(c->featured[i]));
            if ((int)strlen(pre[j]) > c->max_prefix)
                c->max_prefix = (int)strlen(pre[j]);
        }
        g_strfreev(pre);
    }
    /* Every weight is read now, so an unreadable or negative one refuses the configuration
     * instead of dropping its component from the index without a word. */
    weights = cbec_rules_keys(c->src, "index");
    for (char **k = weights; *k; k++)
        if (strcmp(*k, "base_month") != 0 && cbec_rules_real(c->src, "index", *k, 0) < 0)
            cbec_rules_fail(c->src, "index", *k, "is not a non-negative weight");
    g_strfreev(weights);
    {
        char *base = cbec_rules_text(c->src, "index", "base_month", NULL);
        if (base && !cbec_month_parse(base, NULL, NULL))
            cbec_rules_fail(c->src, "index", "base_month", "is not a month YYYY-MM");
        g_free(base);
    }
    load_business(c);
    cbec_targets_check(c->src);
    if (cbec_rules_error(c->src)) {
        *why = g_strdup_printf("indicator configuration %s", cbec_rules_error(c->src));
        cbec_stats_conf_free(c);
        return NULL;
    }
    return c;
}

void cbec_stats_conf_free(cbec_stats_conf *c)
{
    if (!c)
        return;
    cbec_rules_free(c->src);
    g_hash_table_destroy(c->prefix);
    if (c->business)
        g_hash_table_destroy(c->business);
    g_strfreev(c->featured);
    g_free(c);
}

char *cbec_stats_conf_path(const cbec_config *cfg)
{
    return cbec_rules_find(cfg, "report", "indicators", "indicators.conf");
}

const char *cbec_stats_featured(const cbec_stats_conf *c, const char *hs)
{
    char buf[16];
    int n;
    if (!hs || !c)
        return NULL;
    /* HS codes may carry dots or spaces ("6110.12"): keep the digits. */
    for (n = 0; *hs && n < (int)sizeof buf - 1; hs++)
        if (g_ascii_isdigit(*hs))
            buf[n++] = *hs;
    buf[n] = '\0';
    if (n > c->max_prefix)
        n = c->max_prefix;
    for (; n >= 2; n--) {
        const char *cat;
        buf[n] = '\0';
        cat = g_hash_table_lookup(c->prefix, buf);
        if (cat)
            return cat;
    }
    return NULL;
}

const char *cbec_stats_conf_label(const cbec_stats_conf *c, const char *group, const char *code, const char *lang)
{
    static GHashTable *cache;   /* interned results: labels live as long as the process */
    char *v, *k;
    const char *hit;
    if (!c || !code || !*code)
        return NULL;
    v = cbec_rules_text_lang(c->src, group, code, lang && strcmp(lang, "en") == 0 ? "en" : "zh");
    if (!v)
        return NULL;
    if (!cache)
        cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    k = v;
    hit = g_hash_table_lookup(cache, k);
    if (hit) {
        g_free(v);
        return hit;
    }
    g_hash_table_insert(cache, k, k);
    return k;
}

double cbec_stats_weight(const cbec_stats_conf *c, const char *component)
{
    double w;
    if (!c)
        return 0;
    w = cbec_rules_real(c->src, "index", component, 0);
    return w < 0 ? 0 : w;
}

static void sql_featured(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *cat = cbec_stats_featured(sqlite3_user_data(ctx), (const char *)sqlite3_value_text(argv[0]));
    (void)argc;
    if (cat)
        sqlite3_result_text(ctx, cat, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(ctx);
}

static void sql_business(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *b = cbec_stats_business(sqlite3_user_data(ctx), (const char *)sqlite3_value_text(argv[0]));
    (void)argc;
    if (b)
        sqlite3_result_text(ctx, b, -1, SQLITE_STATIC);
    else
        sqlite3_result_null(ctx);
}

static void sql_amount(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char buf[48];
    const char *cur = (const char *)sqlite3_value_text(argv[1]);
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    cbec_decimal_format(sqlite3_value_int64(argv[0]), (unsigned)cbec_currency_exponent(cur ? cur : "CNY"), buf,
                        sizeof buf);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* An amount in its currency's minor units rescaled to 2 decimals, so the detail sheet
 * can write it as a number with a 2-decimal format (exact for exponents 0..2). */
static void sql_amount_c2(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *cur = (const char *)sqlite3_value_text(argv[1]);
    int e = cbec_currency_exponent(cur ? cur : "CNY");
    int64_t v;
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    v = sqlite3_value_int64(argv[0]);
    for (; e < 2; e++)
        v *= 10;
    for (; e > 2; e--)
        v = (v >= 0 ? v + 5 : v - 5) / 10;
    sqlite3_result_int64(ctx, v);
}

void cbec_stats_register(sqlite3 *db, const cbec_stats_conf *conf)
{
    sqlite3_create_function_v2(db, "cbec_amount_c2", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_amount_c2,
                               NULL, NULL, NULL);
    sqlite3_create_function_v2(db, "cbec_featured", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, (void *)conf,
                               sql_featured, NULL, NULL, NULL);
    sqlite3_create_function_v2(db, "cbec_business", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, (void *)conf,
                               sql_business, NULL, NULL, NULL);
    sqlite3_create_function_v2(db, "cbec_amount", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_amount, NULL,
                               NULL, NULL);
}

/* ---- periods ---------------------------------------------------------------------- */

typedef struct period {
    char from[CBEC_DATE_LEN], to[CBEC_DATE_LEN];
    int days;
} period;

static void set_period(period *p, const GDate *from, const GDate *to)
{
    cbec_date_from_gdate(from, p->from);
    cbec_date_from_gdate(to, p->to);
    p->days = (int)g_date_days_between(from, to) + 1;
}

/* The periods a report can cover, each to the business date: its length in months (0: the day
 * itself; a period starts on a multiple of its length: quarters in Jan/Apr/Jul/Oct) and whether it
 * has a 环比 -- a year has no "previous period" a reader compares with. */
static const struct {
    const char *id;
    int months, has_prev;
} period_kinds[] = {{"day", 0, 1}, {"month", 1, 1}, {"quarter", 3, 1}, {"half", 6, 1}, {"year", 12, 0}, {"ytd", 12, 0}};

int cbec_stats_period_months(const char *kind)
{
    for (size_t i = 0; i < G_N_ELEMENTS(period_kinds); i++)
        if (kind && strcmp(kind, period_kinds[i].id) == 0)
            return period_kinds[i].months;
    return -1;
}

int cbec_stats_period_valid(const char *kind) { return cbec_stats_period_months(kind) >= 0; }

/* cur = the period to date; prev = the same stretch one period earlier (clipped to month ends;
 * the day before for a day; empty for year and ytd); ly = the same days a year earlier. */
static void make_periods(const GDate *d, const char *kind, period *cur, period *prev, period *ly, period *base,
                         const char *base_month)
{
    GDate m0 = *d, a, b;
    int months = 1, has_prev = 1;

    for (size_t i = 0; i < G_N_ELEMENTS(period_kinds); i++)
        if (strcmp(kind, period_kinds[i].id) == 0)
            months = period_kinds[i].months, has_prev = period_kinds[i].has_prev;
    if (months > 0) {
        g_date_set_day(&m0, 1);
        g_date_set_month(&m0, (GDateMonth)((g_date_get_month(d) - 1) / months * months + 1));
    }
    set_period(cur, &m0, d);
    if (months == 0) {
        a = *d;
        g_date_subtract_days(&a, 1);
        set_period(prev, &a, &a);
    } else if (has_prev) {
        a = m0;
        g_date_subtract_months(&a, (guint)months);
        b = *d;
        g_date_subtract_months(&b, (guint)months);
        set_period(prev, &a, &b);
    } else {
        /* no 环比: an empty period (no orders fall in it, so no comparison is shown) */
        g_strlcpy(prev->from, "9999-12-31", sizeof prev->from);
        g_strlcpy(prev->to, "0000-01-01", sizeof prev->to);
        prev->days = 0;
    }
    a = m0;
    g_date_subtract_years(&a, 1);
    b = *d;
    g_date_subtract_years(&b, 1);
    set_period(ly, &a, &b);
    /* base: a configured YYYY-MM, else the same days a year before (the index then reads like a
     * year-on-year change; never the reported period itself, which would always say 100) */
    *base = *ly;
    if (base_month) {
        int y, mo;
        if (cbec_month_parse(base_month, &y, &mo) && y > 1900) {
            g_date_clear(&a, 1);
            g_date_set_dmy(&a, 1, (GDateMonth)mo, (GDateYear)y);
            b = a;
            g_date_set_day(&b, g_date_get_days_in_month(g_date_get_month(&a), g_date_get_year(&a)));
            set_period(base, &a, &b);
        }
    }
}

/* ---- queries ---------------------------------------------------------------------- */

typedef struct figs {
    int ok;
    int64_t count, valued, value, imp_count, imp_value, exp_count, exp_value, lead_n, items_value, feat_value;
    int64_t flows, matched, unconverted;
    /* retail and B2B apart: orders, orders with a CNY value, value; import taxes (代征税款) */
    int64_t ret_count, ret_valued, ret_value, b2b_count, b2b_valued, b2b_value, tax_value;
    /* parcels (waybills) of the period's orders; sellers with orders, of which new; customs lists of
     * the orders, released (with a release receipt), timed (a declaration time and a release not
     * before it) */
    int64_t parcels, sellers, new_sellers, lists, released, timed;
    double lead_sum, clear_median, clear_p90;   /* hours; valid when timed > 0 */
    int days;
} figs;

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **s, char **why)
{
    if (sqlite3_prepare_v2(db, sql, -1, s, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("statistics query failed: %s", sqlite3_errmsg(db));
        return 0;
    }
    return 1;
}

/* The store's helper, with the provider's words on failure. */
static int exec(sqlite3 *db, const char *sql, char **why)
{
    return cbec_db_exec_traced(db, "statistics query failed", sql, why) == CBEC_ERR_NONE;
}

/* One order = one row of temp.cbec_trade with its dimensions and CNY values, for the whole window.
 *
 * value_fen is the value of the goods traded (进出口总额), taxes excluded: from the customs list when
 * the order has one (the lines' goods value + freight + insurance, as declared to customs), else from
 * the order: goods + freight, less the discount of an import; an order without goods value counts
 * its payment less the taxes in it.  tax_fen is the import taxes collected on behalf of customs
 * (代征税款: the list's, else the order's tax_total); paid_fen what the buyer paid (the reconciled
 * flow value, else actual_paid).  business is retail | b2b by trade mode (cbec_business). */
static const char *const TRADE_SQL =
    "CREATE TEMP TABLE cbec_trade AS "
    "WITH o AS (SELECT o1.*, date(o1.order_time,'+8 hours') AS bdate, "
    "   coalesce(nullif(o1.currency,''),'CNY') AS cur, "
    "   CASE WHEN o1.goods_value IS NOT NULL THEN o1.goods_value + coalesce(o1.freight,0) "
    "     - CASE WHEN o1.direction='import' THEN coalesce(o1.discount,0) ELSE 0 END "
    "     WHEN o1.actual_paid IS NOT NULL THEN o1.actual_paid - coalesce(o1.tax_total,0) END AS goods_basis "
    "  FROM orders o1 WHERE date(o1.order_time,'+8 hours') BETWEEN ?1 AND ?2), "
    "t AS (SELECT o.*, f.value_cny AS flow_value, f.status AS flow_status, f.trade_mode AS flow_mode, "
    "   cl.list_id AS list_id, cl.trade_mode AS list_mode, cl.country AS list_country, "
    "   cl.port_code AS list_port, cl.customs_code AS list_customs, "
    "   cl.total_value + coalesce(cl.freight,0) + coalesce(cl.insured_fee,0) AS list_basis, cl.tax AS list_tax, "
    "   coalesce(nullif(cl.currency,''), o.cur) AS lcur, "
    "   sh.logistics_code AS sh_code, sh.logistics_name AS sh_name, sh.destination_country AS sh_country, "
    "   sh.ship_time AS ship_time, sh.shipment_id AS sh_id "
    "  FROM o "
    "  LEFT JOIN flow f ON f.flow_id = (SELECT flow_id FROM flow WHERE order_no=o.order_no "
    "     AND platform_code=o.platform_code ORDER BY flow_id LIMIT 1) "
    "  LEFT JOIN customs_list cl ON cl.list_id = coalesce(f.list_id, (SELECT list_id FROM customs_list "
    "     WHERE order_no=o.order_no AND coalesce(platform_code,o.platform_code)=o.platform_code "
    "     ORDER BY list_id LIMIT 1)) "
    "  LEFT JOIN shipment sh ON sh.shipment_id = coalesce(f.shipment_id, (SELECT shipment_id FROM shipment "
    "     WHERE order_no=o.order_no ORDER BY shipment_id LIMIT 1))) "
    "SELECT r.order_id AS order_id, r.order_no AS order_no, r.bdate AS bdate, r.direction AS direction, "
    " coalesce(nullif(r.trade_mode,''), nullif(r.list_mode,''), nullif(r.flow_mode,''), '') AS trade_mode, "
    " cbec_business(coalesce(nullif(r.trade_mode,''), nullif(r.list_mode,''), nullif(r.flow_mode,''))) AS business, "
    " coalesce(nullif(r.list_country,''), nullif(r.consignee_country,''), nullif(r.sh_country,''), "
    "   (SELECT nullif(i.origin_country,'') FROM order_item i WHERE i.order_id=r.order_id ORDER BY line_no LIMIT 1),"
    "   '') AS country, "
    " coalesce(r.list_port,'') AS port, coalesce(r.list_customs,'') AS customs, r.list_id AS list_id, "
    " coalesce(r.platform_code,'') AS platform, coalesce(r.platform_name,'') AS platform_name, "
    " coalesce(r.seller_code,'') AS seller, coalesce(r.seller_name,'') AS seller_name, "
    " coalesce(r.sh_code,'') AS carrier, coalesce(r.sh_name,'') AS carrier_name, r.sh_id AS shipment_id, "
    " r.cur AS currency, "
    " CASE WHEN r.list_basis IS NOT NULL THEN cny(r.list_basis, r.lcur, r.bdate) "
    "      ELSE cny(r.goods_basis, r.cur, r.bdate) END AS value_fen, "
    " CASE WHEN r.direction='import' THEN CASE WHEN r.list_tax IS NOT NULL THEN cny(r.list_tax, r.lcur, r.bdate) "
    "      ELSE cny(r.tax_total, r.cur, r.bdate) END END AS tax_fen, "
    " coalesce(r.flow_value, cny(r.actual_paid, r.cur, r.bdate)) AS paid_fen, "
    " r.flow_status AS flow_status, "
    " (SELECT sf.origin_zone FROM source_file sf WHERE sf.source_id=r.source_id) AS zone, "
    " CASE WHEN (julianday(r.ship_time)-julianday(r.order_time)) >= 0 "
    "      THEN (julianday(r.ship_time)-julianday(r.order_time))*24.0 END AS lead_h "
    "FROM t r";

/* Clearance time: one row per customs list of an order of the window, on the order's business date
 * (as every other figure), with the seconds from its declaration to its first release receipt.
 * The declaration time is declared_at when it has a time of day; CEB declTime is often a date only
 * (YYYYMMDD), and then customs' 120 receipt (海关入库: the declaration registered) is the start.  A
 * list with neither has no time (secs NULL, start NULL) rather than a guessed midnight; NULL
 * release = not yet released.  Two lookups rather than one OR so that each uses its index. */
static int clearance_table(sqlite3 *db, char **why)
{
    return exec(db,
                "DROP TABLE IF EXISTS temp.cbec_clear; "
                "CREATE TEMP TABLE cbec_clear AS SELECT list_id, ddate, rel IS NOT NULL AS released, "
                " CAST(round((rel - js) * 86400) AS INTEGER) AS secs FROM ("
                "SELECT list_id, ddate, min(coalesce(jc, ji), coalesce(ji, jc)) AS rel, "
                " coalesce(jd, min(coalesce(ac, ai), coalesce(ai, ac))) AS js FROM ("
                "SELECT l.list_id AS list_id, t.bdate AS ddate, "
                " CASE WHEN length(l.declared_at) > 10 THEN julianday(l.declared_at) END AS jd, "
                " (SELECT min(r.jt) FROM cbec_release r WHERE r.status='800' AND l.cop_no<>'' AND r.cop_no=l.cop_no "
                "   AND r.platform IN ('', coalesce(l.platform_code,''))) AS jc, "
                " (SELECT min(r.jt) FROM cbec_release r WHERE r.status='800' AND coalesce(l.invt_no,'')<>'' "
                "   AND r.invt_no=l.invt_no) AS ji, "
                " (SELECT min(r.jt) FROM cbec_release r WHERE r.status='120' AND l.cop_no<>'' AND r.cop_no=l.cop_no "
                "   AND r.platform IN ('', coalesce(l.platform_code,''))) AS ac, "
                " (SELECT min(r.jt) FROM cbec_release r WHERE r.status='120' AND coalesce(l.invt_no,'')<>'' "
                "   AND r.invt_no=l.invt_no) AS ai "
                "FROM cbec_trade t JOIN customs_list l ON l.list_id=t.list_id)); "
                "CREATE INDEX temp.cbec_clear_d ON cbec_clear(ddate)",
                why);
}

static int build_trades(sqlite3 *db, const char *from, const char *to, char **why)
{
    sqlite3_stmt *s = NULL;
    int ok = 0;
    if (!exec(db, "DROP TABLE IF EXISTS temp.cbec_trade", why))
        goto done;
    if (!prep(db, TRADE_SQL, &s, why))
        goto done;
    sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        *why = g_strdup_printf("statistics: cannot collect the trades: %s", sqlite3_errmsg(db));
        goto done;
    }
    if (!exec(db, "CREATE INDEX temp.cbec_trade_d ON cbec_trade(bdate); "
                  "CREATE INDEX temp.cbec_trade_o ON cbec_trade(order_id)", why))
        goto done;
    /* order lines once, converted and classified: every HS breakdown reads this */
    if (!exec(db, "DROP TABLE IF EXISTS temp.cbec_item; "
                  "CREATE TEMP TABLE cbec_item AS SELECT order_id, bdate, coalesce(substr(hs,1,2),'') AS chapter, "
                  " cbec_featured(hs) AS feat, value, hs FROM ("
                  "SELECT t.order_id AS order_id, t.bdate AS bdate, "
                  " coalesce(nullif(i.hs_code,''), (SELECT nullif(c.hs_code,'') FROM customs_list_item c "
                  "   WHERE c.list_id=t.list_id AND c.line_no=i.line_no)) AS hs, "
                  " cny(i.total, coalesce(nullif(i.currency,''), t.currency), t.bdate) AS value "
                  "FROM cbec_trade t JOIN order_item i ON i.order_id=t.order_id); "
                  "CREATE INDEX temp.cbec_item_d ON cbec_item(bdate)", why))
        goto done;
    /* Parcels (件): every waybill of an order, on the order's business date -- an order split into
     * two parcels is two, orders consolidated on one waybill are one.  A waybill names its order
     * (import CEB511), or only its customs list does (export CEB505 has no orderNo), or the
     * reconciliation matched it.  Sellers: the first business date each seller of the window has in
     * the whole dataset, so "new" means never before. */
    if (!exec(db, "DROP TABLE IF EXISTS temp.cbec_parcel; "
                  "CREATE TEMP TABLE cbec_parcel AS SELECT t.bdate AS bdate, s.shipment_id AS shipment_id "
                  " FROM cbec_trade t JOIN shipment s ON s.order_no=t.order_no "
                  "UNION SELECT bdate, shipment_id FROM cbec_trade WHERE shipment_id IS NOT NULL "
                  "UNION SELECT t.bdate, s.shipment_id FROM cbec_trade t JOIN customs_list l ON l.list_id=t.list_id "
                  " JOIN shipment s ON s.logistics_no=l.logistics_no "
                  "  AND (coalesce(l.logistics_code,'')='' OR s.logistics_code=l.logistics_code); "
                  "CREATE INDEX temp.cbec_parcel_d ON cbec_parcel(bdate); "
                  "DROP TABLE IF EXISTS temp.cbec_seller; "
                  "CREATE TEMP TABLE cbec_seller AS SELECT seller_code AS seller, "
                  " min(date(order_time,'+8 hours')) AS first FROM orders "
                  " WHERE seller_code IN (SELECT seller FROM cbec_trade WHERE seller<>'') GROUP BY seller_code; "
                  "CREATE UNIQUE INDEX temp.cbec_seller_s ON cbec_seller(seller); "
                  /* the receipts of customs lists that time a clearance: 120 (海关入库, the declaration
                   * registered) and 800 (放行, released), keyed as a list is: by copNo and platform, else
                   * by the list number customs assigned */
                  "DROP TABLE IF EXISTS temp.cbec_release; "
                  "CREATE TEMP TABLE cbec_release AS SELECT return_status AS status, coalesce(cop_no,'') AS cop_no, "
                  " coalesce(platform_code,'') AS platform, coalesce(invt_no,'') AS invt_no, "
                  " min(julianday(return_time)) AS jt FROM customs_receipt "
                  " WHERE doc_kind='customs_list' AND return_status IN ('120','800') "
                  " AND julianday(return_time) IS NOT NULL GROUP BY 1, 2, 3, 4; "
                  "CREATE INDEX temp.cbec_release_c ON cbec_release(cop_no, status); "
                  "CREATE INDEX temp.cbec_release_i ON cbec_release(invt_no, status)", why))
        goto done;
    if (!clearance_table(db, why))
        goto done;
    ok = 1;
done:
    sqlite3_finalize(s);
    return ok;
}

/* One integer of a query over a period (?1..?2), with ?3 bound to extra when extra >= 0. */
static int period_int(sqlite3 *db, const char *sql, const period *p, int64_t extra, int64_t *out, int *found,
                      char **why)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (!prep(db, sql, &s, why))
        return 0;
    sqlite3_bind_text(s, 1, p->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, p->to, -1, SQLITE_STATIC);
    if (extra >= 0)
        sqlite3_bind_int64(s, 3, extra);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        *why = g_strdup_printf("statistics query failed: %s", sqlite3_errmsg(db));
        sqlite3_finalize(s);
        return 0;
    }
    if (found)
        *found = rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL;
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return 1;
}

/* The k-th (1-based) shortest clearance of the period, in seconds. */
static int clear_rank(sqlite3 *db, const period *p, int64_t k, int64_t *secs, char **why)
{
    return period_int(db,
                      "SELECT secs FROM cbec_clear WHERE ddate BETWEEN ?1 AND ?2 AND secs >= 0 "
                      "ORDER BY secs LIMIT 1 OFFSET ?3",
                      p, k - 1, secs, NULL, why);
}

/* What the bureau's readers look for next to the value: parcels, enterprises, clearance time. */
static int ops_figs(sqlite3 *db, const period *p, figs *f, char **why)
{
    int64_t a, b;
    if (!period_int(db, "SELECT count(DISTINCT shipment_id) FROM cbec_parcel WHERE bdate BETWEEN ?1 AND ?2", p, -1,
                    &f->parcels, NULL, why) ||
        !period_int(db, "SELECT count(DISTINCT seller) FROM cbec_trade WHERE bdate BETWEEN ?1 AND ?2 AND seller<>''",
                    p, -1, &f->sellers, NULL, why) ||
        !period_int(db,
                    "SELECT count(DISTINCT t.seller) FROM cbec_trade t JOIN cbec_seller s ON s.seller=t.seller "
                    "WHERE t.bdate BETWEEN ?1 AND ?2 AND s.first >= ?1",
                    p, -1, &f->new_sellers, NULL, why) ||
        !period_int(db, "SELECT count(*) FROM cbec_clear WHERE ddate BETWEEN ?1 AND ?2", p, -1, &f->lists, NULL, why) ||
        !period_int(db, "SELECT count(*) FROM cbec_clear WHERE ddate BETWEEN ?1 AND ?2 AND released", p, -1,
                    &f->released, NULL, why) ||
        !period_int(db, "SELECT count(*) FROM cbec_clear WHERE ddate BETWEEN ?1 AND ?2 AND secs >= 0", p, -1,
                    &f->timed, NULL, why))
        return 0;
    if (f->timed == 0)
        return 1;
    /* the median: the middle value, or the mean of the two middle values; P90: the nearest rank,
     * the shortest time within which 90% of the released lists were released */
    if (!clear_rank(db, p, (f->timed + 1) / 2, &a, why) || !clear_rank(db, p, f->timed / 2 + 1, &b, why))
        return 0;
    f->clear_median = (f->timed % 2 ? (double)a : ((double)a + (double)b) / 2.0) / 3600.0;
    if (!clear_rank(db, p, (9 * f->timed + 9) / 10, &a, why))
        return 0;
    f->clear_p90 = (double)a / 3600.0;
    return 1;
}

static int period_figs(sqlite3 *db, const period *p, figs *f, char **why)
{
    sqlite3_stmt *s = NULL;
    int ok = 0;
    memset(f, 0, sizeof *f);
    f->days = p->days;
    if (!prep(db,
              "SELECT count(*), count(value_fen), coalesce(sum(value_fen),0), "
              " coalesce(sum(direction='import'),0), coalesce(sum(CASE WHEN direction='import' THEN value_fen END),0),"
              " coalesce(sum(direction='export'),0), coalesce(sum(CASE WHEN direction='export' THEN value_fen END),0),"
              " count(lead_h), coalesce(sum(lead_h),0), "
              " coalesce(sum(business='retail'),0), count(CASE WHEN business='retail' THEN value_fen END), "
              " coalesce(sum(CASE WHEN business='retail' THEN value_fen END),0), "
              " coalesce(sum(business='b2b'),0), count(CASE WHEN business='b2b' THEN value_fen END), "
              " coalesce(sum(CASE WHEN business='b2b' THEN value_fen END),0), coalesce(sum(tax_fen),0) "
              "FROM cbec_trade WHERE bdate BETWEEN ?1 AND ?2",
              &s, why))
        goto done;
    sqlite3_bind_text(s, 1, p->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, p->to, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW)
        goto fail;
    f->count = sqlite3_column_int64(s, 0);
    f->valued = sqlite3_column_int64(s, 1);
    f->value = sqlite3_column_int64(s, 2);
    f->imp_count = sqlite3_column_int64(s, 3);
    f->imp_value = sqlite3_column_int64(s, 4);
    f->exp_count = sqlite3_column_int64(s, 5);
    f->exp_value = sqlite3_column_int64(s, 6);
    f->lead_n = sqlite3_column_int64(s, 7);
    f->lead_sum = sqlite3_column_double(s, 8);
    f->ret_count = sqlite3_column_int64(s, 9);
    f->ret_valued = sqlite3_column_int64(s, 10);
    f->ret_value = sqlite3_column_int64(s, 11);
    f->b2b_count = sqlite3_column_int64(s, 12);
    f->b2b_valued = sqlite3_column_int64(s, 13);
    f->b2b_value = sqlite3_column_int64(s, 14);
    f->tax_value = sqlite3_column_int64(s, 15);
    f->unconverted = f->count - f->valued;
    sqlite3_finalize(s);
    s = NULL;
    if (!prep(db,
              "SELECT coalesce(sum(value),0), coalesce(sum(CASE WHEN feat IS NOT NULL THEN value END),0) "
              "FROM cbec_item WHERE bdate BETWEEN ?1 AND ?2",
              &s, why))
        goto done;
    sqlite3_bind_text(s, 1, p->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, p->to, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW)
        goto fail;
    f->items_value = sqlite3_column_int64(s, 0);
    f->feat_value = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
    s = NULL;
    if (!prep(db, "SELECT count(*), coalesce(sum(status='MATCHED'),0) FROM flow WHERE business_date BETWEEN ?1 AND ?2",
              &s, why))
        goto done;
    sqlite3_bind_text(s, 1, p->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, p->to, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW)
        goto fail;
    f->flows = sqlite3_column_int64(s, 0);
    f->matched = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
    s = NULL;
    if (!ops_figs(db, p, f, why))
        goto done;
    f->ok = 1;
    ok = 1;
    goto done;
fail:
    *why = g_strdup_printf("statistics query failed: %s", sqlite3_errmsg(db));
done:
    sqlite3_finalize(s);
    return ok;
}

/* Integer division rounded half away from zero. */
static int64_t div_round(int64_t a, int64_t b)
{
    if (b == 0)
        return 0;
    if ((a >= 0) == (b > 0))
        return (a + (b > 0 ? b : -b) / 2) / b;
    return -((-a + (b > 0 ? b : -b) / 2) / b);
}

/* A period "has data" when it saw at least one order: empty periods give no base for changes. */
static void put_scalars(cbec_rmodel *m, const figs f[CBEC_P_N])
{
    cbec_rscalar *tv = cbec_rmodel_scalar(m, "trade_value", CBEC_RT_MONEY);
    cbec_rscalar *tc = cbec_rmodel_scalar(m, "trade_count", CBEC_RT_INT);
    cbec_rscalar *iv = cbec_rmodel_scalar(m, "import_value", CBEC_RT_MONEY);
    cbec_rscalar *ev = cbec_rmodel_scalar(m, "export_value", CBEC_RT_MONEY);
    cbec_rscalar *ic = cbec_rmodel_scalar(m, "import_count", CBEC_RT_INT);
    cbec_rscalar *ec = cbec_rmodel_scalar(m, "export_count", CBEC_RT_INT);
    cbec_rscalar *rv = cbec_rmodel_scalar(m, "retail_value", CBEC_RT_MONEY);
    cbec_rscalar *rc = cbec_rmodel_scalar(m, "retail_count", CBEC_RT_INT);
    cbec_rscalar *ra = cbec_rmodel_scalar(m, "retail_avg_value", CBEC_RT_MONEY);
    cbec_rscalar *bv = cbec_rmodel_scalar(m, "b2b_value", CBEC_RT_MONEY);
    cbec_rscalar *bc = cbec_rmodel_scalar(m, "b2b_count", CBEC_RT_INT);
    cbec_rscalar *ba = cbec_rmodel_scalar(m, "b2b_avg_value", CBEC_RT_MONEY);
    cbec_rscalar *tx = cbec_rmodel_scalar(m, "import_tax", CBEC_RT_MONEY);
    cbec_rscalar *mr = cbec_rmodel_scalar(m, "match_rate", CBEC_RT_PCT);
    cbec_rscalar *fl = cbec_rmodel_scalar(m, "flow_count", CBEC_RT_INT);
    cbec_rscalar *lt = cbec_rmodel_scalar(m, "lead_time_hours", CBEC_RT_NUM);
    cbec_rscalar *fv = cbec_rmodel_scalar(m, "featured_value", CBEC_RT_MONEY);
    cbec_rscalar *fs = cbec_rmodel_scalar(m, "featured_share", CBEC_RT_PCT);
    cbec_rscalar *uc = cbec_rmodel_scalar(m, "unconverted_count", CBEC_RT_INT);
    cbec_rscalar *pc = cbec_rmodel_scalar(m, "parcel_count", CBEC_RT_INT);
    cbec_rscalar *as = cbec_rmodel_scalar(m, "active_sellers", CBEC_RT_INT);
    cbec_rscalar *ns = cbec_rmodel_scalar(m, "new_sellers", CBEC_RT_INT);
    cbec_rscalar *ld = cbec_rmodel_scalar(m, "lists_declared", CBEC_RT_INT);
    cbec_rscalar *lu = cbec_rmodel_scalar(m, "lists_unreleased", CBEC_RT_INT);
    cbec_rscalar *lr = cbec_rmodel_scalar(m, "lists_released", CBEC_RT_INT);
    cbec_rscalar *ln = cbec_rmodel_scalar(m, "lists_untimed", CBEC_RT_INT);
    cbec_rscalar *cm = cbec_rmodel_scalar(m, "clearance_median_hours", CBEC_RT_NUM);
    cbec_rscalar *c9 = cbec_rmodel_scalar(m, "clearance_p90_hours", CBEC_RT_NUM);
    int p;

    for (p = 0; p < CBEC_P_N; p++) {
        const figs *x = &f[p];
        if (!x->ok || (p != CBEC_P_CUR && x->count == 0 && x->flows == 0))
            continue;
        cbec_rscalar_set_i(tc, p, x->count);
        cbec_rscalar_set_i(ic, p, x->imp_count);
        cbec_rscalar_set_i(ec, p, x->exp_count);
        cbec_rscalar_set_i(uc, p, x->unconverted);
        cbec_rscalar_set_i(tv, p, x->value);
        cbec_rscalar_set_i(iv, p, x->imp_value);
        cbec_rscalar_set_i(ev, p, x->exp_value);
        cbec_rscalar_set_i(fv, p, x->feat_value);
        cbec_rscalar_set_i(rc, p, x->ret_count);
        cbec_rscalar_set_i(rv, p, x->ret_value);
        cbec_rscalar_set_i(bc, p, x->b2b_count);
        cbec_rscalar_set_i(bv, p, x->b2b_value);
        cbec_rscalar_set_i(tx, p, x->tax_value);
        /* an average per business: one B2B container is not a retail parcel */
        if (x->ret_valued > 0)
            cbec_rscalar_set_i(ra, p, div_round(x->ret_value, x->ret_valued));
        if (x->b2b_valued > 0)
            cbec_rscalar_set_i(ba, p, div_round(x->b2b_value, x->b2b_valued));
        if (x->flows > 0) {
            cbec_rscalar_set_d(mr, p, (double)x->matched / (double)x->flows);
            cbec_rscalar_set_i(fl, p, x->flows);
        }
        if (x->lead_n > 0)
            cbec_rscalar_set_d(lt, p, x->lead_sum / (double)x->lead_n);
        if (x->items_value > 0)
            cbec_rscalar_set_d(fs, p, (double)x->feat_value / (double)x->items_value);
        cbec_rscalar_set_i(pc, p, x->parcels);
        cbec_rscalar_set_i(as, p, x->sellers);
        cbec_rscalar_set_i(ns, p, x->new_sellers);
        /* lists declared and still without release: counted, never dropped from the time */
        if (x->lists > 0) {
            cbec_rscalar_set_i(ld, p, x->lists);
            cbec_rscalar_set_i(lu, p, x->lists - x->released);
            cbec_rscalar_set_i(lr, p, x->released);
            /* released, but no time of day to start from (or a release before it): said, not timed */
            cbec_rscalar_set_i(ln, p, x->released - x->timed);
        }
        if (x->timed > 0) {
            cbec_rscalar_set_d(cm, p, x->clear_median);
            cbec_rscalar_set_d(c9, p, x->clear_p90);
        }
    }
}

/* Composite index of period x against base b; 0 when nothing is comparable. */
static int composite(const cbec_stats_conf *conf, const figs *x, const figs *b, double *out)
{
    double sw = 0, acc = 0, w;
    if (!x->ok || !b->ok || x->days <= 0 || b->days <= 0)
        return 0;
#define COMPONENT(name, cond, ratio)                                                                                 \
    do {                                                                                                             \
        w = cbec_stats_weight(conf, name);                                                                           \
        if (w > 0 && (cond)) {                                                                                       \
            acc += w * (ratio);                                                                                      \
            sw += w;                                                                                                 \
        }                                                                                                            \
    } while (0)
    COMPONENT("trade_value", b->value > 0, ((double)x->value / x->days) / ((double)b->value / b->days));
    COMPONENT("trade_count", b->count > 0, ((double)x->count / x->days) / ((double)b->count / b->days));
    COMPONENT("match_rate", b->flows > 0 && b->matched > 0 && x->flows > 0,
              ((double)x->matched / x->flows) / ((double)b->matched / b->flows));
    COMPONENT("featured_share", b->items_value > 0 && b->feat_value > 0 && x->items_value > 0,
              ((double)x->feat_value / x->items_value) / ((double)b->feat_value / b->items_value));
    COMPONENT("lead_time", b->lead_n > 0 && x->lead_n > 0 && x->lead_sum > 0,
              (b->lead_sum / b->lead_n) / (x->lead_sum / x->lead_n));
#undef COMPONENT
    if (sw <= 0)
        return 0;
    *out = 100.0 * acc / sw;
    return 1;
}

/* The label of a breakdown key: from group of the configuration; a composed group "a-b" (e.g.
 * direction-trade_mode, key "import-9610") names the pair when the configuration does (9610 is
 * 直购进口 one way and 一般出口 the other), else the two labels side by side. */
static const char *label_of(const cbec_stats_conf *conf, const char *group, const char *key, const char *lang,
                            char *buf, size_t len)
{
    const char *dash = strchr(group, '-'), *kdash = key ? strchr(key, '-') : NULL;
    char g1[64], k1[64];
    const char *l1, *l2, *whole = cbec_stats_conf_label(conf, group, key, lang);

    if (!dash || !kdash || whole)
        return whole;
    g_strlcpy(g1, group, MIN(sizeof g1, (size_t)(dash - group) + 1));
    g_strlcpy(k1, key, MIN(sizeof k1, (size_t)(kdash - key) + 1));
    l1 = cbec_stats_conf_label(conf, g1, k1, lang);
    l2 = cbec_stats_conf_label(conf, dash + 1, kdash + 1, lang);
    if (!*(kdash + 1))
        l2 = strcmp(lang, "en") == 0 ? "(trade mode not stated)" : "监管方式不详";
    g_snprintf(buf, len, "%s %s", l1 ? l1 : k1, l2 ? l2 : kdash + 1);
    return buf;
}

/* A row without a code, in words that say why: a NULL key means the document the code comes from
 * was not matched (no customs list, no waybill), '' that the document does not state it.  Never
 * "未申报", which a customs reader takes for "undeclared goods". */
static const struct {
    const char *group, *null_zh, *null_en, *empty_zh, *empty_en;
} unknowns[] = {
    {"direction", "方向不详", "(direction not stated)", "方向不详", "(direction not stated)"},
    {"country", "国别不详", "(country not stated)", "国别不详", "(country not stated)"},
    {"port", "未匹配清单", "(no customs list matched)", "口岸不详", "(port not stated)"},
    {"customs", "未匹配清单", "(no customs list matched)", "关区不详", "(customs office not stated)"},
    {"platform", "平台不详", "(platform not stated)", "平台不详", "(platform not stated)"},
    {"seller", "电商企业不详", "(seller not stated)", "电商企业不详", "(seller not stated)"},
    {"carrier", "未匹配运单", "(no waybill matched)", "物流企业不详", "(carrier not stated)"},
    {"hs_chapter", "无商品编码", "(no HS code)", "无商品编码", "(no HS code)"},
};

static const char *unknown_label(const char *group, const char *key, const char *lang)
{
    int en = strcmp(lang, "en") == 0;
    for (size_t i = 0; i < G_N_ELEMENTS(unknowns); i++)
        if (group && strcmp(group, unknowns[i].group) == 0)
            return key ? (en ? unknowns[i].empty_en : unknowns[i].empty_zh)
                       : (en ? unknowns[i].null_en : unknowns[i].null_zh);
    return en ? "(not stated)" : "不详";
}

/* The code a reader looks up: the key, or for a composed key "import-9610" the trade mode 9610. */
static char *code_of(const char *group, const char *key)
{
    const char *dash = key && group && strchr(group, '-') ? strchr(key, '-') : NULL;
    if (!key || strcmp(key, "*") == 0)
        return g_strdup("");
    return g_strdup(dash ? dash + 1 : key);
}

/* A breakdown of the current period with the value of the same days last year and the year-on-year
 * change ("—" where last year has no value: no base).  A sequential scan: "+bdate" keeps SQLite from
 * a million random index lookups.  key_sql / label_sql are expressions over cbec_trade (or the item
 * join when items != 0). */
static int breakdown(sqlite3 *db, const cbec_stats_conf *conf, cbec_rmodel *m, const char *id, const char *key_sql,
                     const char *label_sql, const char *label_group, int items, const period *cur,
                     const period *ly, int64_t total, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(
        m, id, "key:text;label:text;count:int;value:money;share:pct;yoy:pct;value_ly:money;code:text");
    sqlite3_stmt *s = NULL;
    char *sql;
    int ok = 0, rows = 0;
    int64_t other_n = 0, other_v = 0, other_ly = 0;
    int other_ly_known = 0;
    char lab_buf[256];
    const char *other = strcmp(m->lang, "en") == 0 ? "Other" : "其他";

    if (items)
        sql = g_strdup_printf(
            "SELECT %s AS k, max(%s), count(DISTINCT CASE WHEN bdate BETWEEN ?1 AND ?2 THEN order_id END), "
            " sum(CASE WHEN bdate BETWEEN ?1 AND ?2 THEN value END), "
            " sum(CASE WHEN bdate BETWEEN ?3 AND ?4 THEN value END) "
            "FROM cbec_item WHERE (+bdate BETWEEN ?1 AND ?2 OR +bdate BETWEEN ?3 AND ?4) AND k IS NOT NULL "
            "GROUP BY k HAVING count(CASE WHEN bdate BETWEEN ?1 AND ?2 THEN 1 END) > 0 "
            "ORDER BY 4 DESC, 3 DESC, 1",
            key_sql, label_sql);
    else
        sql = g_strdup_printf(
            "SELECT %s AS k, max(%s), sum(bdate BETWEEN ?1 AND ?2), "
            " sum(CASE WHEN bdate BETWEEN ?1 AND ?2 THEN value_fen END), "
            " sum(CASE WHEN bdate BETWEEN ?3 AND ?4 THEN value_fen END) "
            "FROM cbec_trade t WHERE +bdate BETWEEN ?1 AND ?2 OR +bdate BETWEEN ?3 AND ?4 "
            "GROUP BY k HAVING sum(bdate BETWEEN ?1 AND ?2) > 0 ORDER BY 4 DESC, 3 DESC, 1",
            key_sql, label_sql);
    if (!prep(db, sql, &s, why))
        goto done;
    sqlite3_bind_text(s, 1, cur->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, cur->to, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, ly->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, ly->to, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(s, 0), *lab = (const char *)sqlite3_column_text(s, 1);
        int64_t n = sqlite3_column_int64(s, 2), v = sqlite3_column_int64(s, 3), vly = sqlite3_column_int64(s, 4);
        int ly_known = sqlite3_column_type(s, 4) != SQLITE_NULL && vly != 0;
        cbec_rcell *c;
        if (rows >= STATS_MAX_ROWS) {
            other_n += n;
            other_v += v;
            other_ly += vly;
            other_ly_known |= ly_known;
            continue;
        }
        c = cbec_rtable_row(t);
        rows++;
        c[0].null = 0;
        c[0].s = g_strdup(k ? k : "");
        if (label_group && (!lab || !*lab))
            lab = label_of(conf, label_group, k, m->lang, lab_buf, sizeof lab_buf);
        if (!lab || !*lab)
            lab = (k && *k) ? k : unknown_label(label_group, k, m->lang);
        c[1].null = 0;
        c[1].s = g_strdup(lab);
        c[2].null = 0;
        c[2].i = n;
        c[3].null = 0;
        c[3].i = v;
        if (total > 0) {
            c[4].null = 0;
            c[4].d = (double)v / (double)total;
        }
        if (ly_known) {
            c[5].null = 0;
            c[5].d = (double)(v - vly) / (double)vly;
        }
        c[6].null = sqlite3_column_type(s, 4) == SQLITE_NULL;
        c[6].i = vly;
        c[7].null = 0;
        c[7].s = code_of(label_group, k);
    }
    if (other_n > 0) {
        cbec_rcell *c = cbec_rtable_row(t);
        c[0].null = c[1].null = c[2].null = c[3].null = 0;
        c[0].s = g_strdup("*");
        c[1].s = g_strdup(other);
        c[2].i = other_n;
        c[3].i = other_v;
        if (total > 0) {
            c[4].null = 0;
            c[4].d = (double)other_v / (double)total;
        }
        if (other_ly_known && other_ly != 0) {
            c[5].null = 0;
            c[5].d = (double)(other_v - other_ly) / (double)other_ly;
        }
        c[6].null = !other_ly_known;
        c[6].i = other_ly;
        c[7].null = 0;
        c[7].s = g_strdup("");
    }
    ok = 1;
done:
    sqlite3_finalize(s);
    g_free(sql);
    return ok;
}

/* Featured categories: every configured category appears (zero rows too), in configured order. */
static int featured_table(sqlite3 *db, const cbec_stats_conf *conf, cbec_rmodel *m, const period *cur,
                          const period *ly, int64_t items_total, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(m, "by_featured", "key:text;label:text;count:int;value:money;share:pct;yoy:pct");
    sqlite3_stmt *s = NULL;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    int ok = 0;
    guint i;

    if (!prep(db,
              "SELECT feat AS k, count(DISTINCT CASE WHEN bdate BETWEEN ?1 AND ?2 THEN order_id END), "
              " coalesce(sum(CASE WHEN bdate BETWEEN ?1 AND ?2 THEN value END),0), "
              " sum(CASE WHEN bdate BETWEEN ?3 AND ?4 THEN value END) "
              "FROM cbec_item WHERE (+bdate BETWEEN ?1 AND ?2 OR +bdate BETWEEN ?3 AND ?4) AND feat IS NOT NULL "
              "GROUP BY feat",
              &s, why))
        goto done;
    sqlite3_bind_text(s, 1, cur->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, cur->to, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, ly->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, ly->to, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t *v = g_new0(int64_t, 4);
        v[0] = sqlite3_column_int64(s, 1);
        v[1] = sqlite3_column_int64(s, 2);
        v[2] = sqlite3_column_int64(s, 3);
        v[3] = sqlite3_column_type(s, 3) != SQLITE_NULL;
        g_hash_table_replace(seen, g_strdup((const char *)sqlite3_column_text(s, 0)), v);
    }
    for (i = 0; conf && conf->featured[i]; i++) {
        const char *k = conf->featured[i], *lab = cbec_stats_conf_label(conf, "featured.names", k, m->lang);
        int64_t *v = g_hash_table_lookup(seen, k);
        cbec_rcell *c = cbec_rtable_row(t);
        c[0].null = c[1].null = c[2].null = c[3].null = 0;
        c[0].s = g_strdup(k);
        c[1].s = g_strdup(lab ? lab : k);
        c[2].i = v ? v[0] : 0;
        c[3].i = v ? v[1] : 0;
        if (items_total > 0) {
            c[4].null = 0;
            c[4].d = (double)c[3].i / (double)items_total;
        }
        if (v && v[3] && v[2] != 0) {
            c[5].null = 0;
            c[5].d = (double)(v[1] - v[2]) / (double)v[2];
        }
    }
    ok = 1;
done:
    sqlite3_finalize(s);
    g_hash_table_destroy(seen);
    return ok;
}

/* Order lines whose HS code is missing or names no chapter of the configuration: listed with
 * their lines and value (a table and a note) instead of vanishing into an unnamed row. */
static int unmapped_hs(sqlite3 *db, const cbec_stats_conf *conf, cbec_rmodel *m, const period *cur, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(m, "hs_unmapped", "key:text;label:text;count:int;value:money");
    cbec_rscalar *n = cbec_rmodel_scalar(m, "hs_unmapped_lines", CBEC_RT_INT);
    const char *none = strcmp(m->lang, "en") == 0 ? "(no HS code)" : "无商品编码";
    const char *bad = strcmp(m->lang, "en") == 0 ? "not an HS chapter" : "不属于任何 HS 章";
    sqlite3_stmt *s = NULL;
    int64_t lines = 0;

    if (!prep(db,
              "SELECT coalesce(hs,''), chapter, count(*), sum(value) FROM cbec_item "
              "WHERE bdate BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 4 DESC, 3 DESC, 1",
              &s, why))
        return 0;
    sqlite3_bind_text(s, 1, cur->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, cur->to, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *hs = (const char *)sqlite3_column_text(s, 0), *ch = (const char *)sqlite3_column_text(s, 1);
        cbec_rcell *c;
        if (*hs && cbec_stats_conf_label(conf, "hs_chapter", ch, m->lang))
            continue;
        c = cbec_rtable_row(t);
        c[0].null = c[1].null = c[2].null = 0;
        c[0].s = g_strdup(hs);
        c[1].s = g_strdup(*hs ? bad : none);
        c[2].i = sqlite3_column_int64(s, 2);
        c[3].null = sqlite3_column_type(s, 3) == SQLITE_NULL;
        c[3].i = sqlite3_column_int64(s, 3);
        lines += c[2].i;
    }
    sqlite3_finalize(s);
    /* the note is written only when there is something to say */
    if (lines > 0)
        cbec_rscalar_set_i(n, CBEC_P_CUR, lines);
    return 1;
}

/* Month series: the 13 months ending with the reporting month (the last one month to date). */
static int month_series(sqlite3 *db, cbec_rmodel *m, const GDate *d, char **why)
/* A month without orders is a gap, not a zero; the reporting month, when the business date is not
 * its last day, is marked as partial ("11月1—20日"). */
{
    cbec_rtable *t = cbec_rmodel_table(m, "month_series",
                                       "month:date;count:int;value:money;import_value:money;export_value:money");
    sqlite3_stmt *s = NULL;
    GDate first = *d;
    int k, ok = 0;

    g_date_set_day(&first, 1);
    g_date_subtract_months(&first, 12);
    if (!prep(db,
              "SELECT count(*), coalesce(sum(value_fen),0), "
              " coalesce(sum(CASE WHEN direction='import' THEN value_fen END),0), "
              " coalesce(sum(CASE WHEN direction='export' THEN value_fen END),0) "
              "FROM cbec_trade WHERE bdate BETWEEN ?1 AND ?2",
              &s, why))
        goto done;
    for (k = 0; k < 13; k++) {
        GDate a = first, b;
        char from[CBEC_DATE_LEN], to[CBEC_DATE_LEN], label[32];
        cbec_rcell *c;
        g_date_add_months(&a, (guint)k);
        b = a;
        g_date_set_day(&b, g_date_get_days_in_month(g_date_get_month(&a), g_date_get_year(&a)));
        if (g_date_compare(&b, d) > 0)
            b = *d;
        cbec_date_from_gdate(&a, from);
        cbec_date_from_gdate(&b, to);
        if (k == 12 && g_date_get_day(&b) != g_date_get_days_in_month(g_date_get_month(&b), g_date_get_year(&b))) {
            if (strcmp(m->lang, "en") == 0)
                g_snprintf(label, sizeof label, "%.7s (1-%d)", from, g_date_get_day(&b));
            else
                g_snprintf(label, sizeof label, "%d月1—%d日", g_date_get_month(&b), g_date_get_day(&b));
        } else
            g_snprintf(label, sizeof label, "%.7s", from);
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_ROW) {
            *why = g_strdup_printf("statistics query failed: %s", sqlite3_errmsg(db));
            goto done;
        }
        c = cbec_rtable_row(t);
        c[0].null = 0;
        c[0].s = g_strdup(label);
        for (int j = 1; j <= 4; j++) {
            c[j].null = sqlite3_column_int64(s, 0) == 0;
            c[j].i = sqlite3_column_int64(s, j - 1);
        }
    }
    ok = 1;
done:
    sqlite3_finalize(s);
    return ok;
}

/* Day series: every day of the month to date. */
static int day_series(sqlite3 *db, cbec_rmodel *m, const period *cur, char **why)
{
    cbec_rtable *t = cbec_rmodel_table(m, "day_series", "date:date;count:int;value:money");
    sqlite3_stmt *s = NULL;
    GHashTable *got = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GDate a;
    int k, ok = 0;

    if (!prep(db,
              "SELECT bdate, count(*), coalesce(sum(value_fen),0) FROM cbec_trade "
              "WHERE bdate BETWEEN ?1 AND ?2 GROUP BY bdate",
              &s, why))
        goto done;
    sqlite3_bind_text(s, 1, cur->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, cur->to, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t *v = g_new(int64_t, 2);
        v[0] = sqlite3_column_int64(s, 1);
        v[1] = sqlite3_column_int64(s, 2);
        g_hash_table_replace(got, g_strdup((const char *)sqlite3_column_text(s, 0)), v);
    }
    cbec_date_to_gdate(cur->from, &a);
    for (k = 0; k < cur->days; k++) {
        char ds[CBEC_DATE_LEN];
        int64_t *v;
        cbec_rcell *c = cbec_rtable_row(t);
        cbec_date_from_gdate(&a, ds);
        v = g_hash_table_lookup(got, ds);
        /* a day without orders is a gap ("—", no bar), not a zero */
        c[0].null = 0;
        c[0].s = g_strdup(ds);
        c[1].null = c[2].null = !v;
        c[1].i = v ? v[0] : 0;
        c[2].i = v ? v[1] : 0;
        g_date_add_days(&a, 1);
    }
    ok = 1;
done:
    sqlite3_finalize(s);
    g_hash_table_destroy(got);
    return ok;
}

/* Without a configured base month and with no data a year ago, the base is the first full
 * calendar month with orders before the reporting month (a young zone's first month).  When there
 * is none, there is no base (fb->ok = 0) and no index: the reporting period is never its own base. */
static int earliest_base(sqlite3 *db, const period *cur, period *base, figs *fb, char **why)
{
    sqlite3_stmt *s = NULL;
    int ok = 0, y, mo;
    GDate a, b;

    memset(fb, 0, sizeof *fb);
    if (!prep(db, "SELECT min(bdate) FROM cbec_trade WHERE bdate < ?1", &s, why))
        goto done;
    sqlite3_bind_text(s, 1, cur->from, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_type(s, 0) == SQLITE_NULL ||
        !cbec_date_parse((const char *)sqlite3_column_text(s, 0), &y, &mo, NULL)) {
        base->from[0] = base->to[0] = '\0';
        ok = 1;   /* no orders before the period: no base, no index */
        goto done;
    }
    g_date_clear(&a, 1);
    g_date_set_dmy(&a, 1, (GDateMonth)mo, (GDateYear)y);
    b = a;
    g_date_set_day(&b, g_date_get_days_in_month(g_date_get_month(&a), g_date_get_year(&a)));
    set_period(base, &a, &b);
    ok = period_figs(db, base, fb, why);
done:
    sqlite3_finalize(s);
    return ok;
}

/* Targets against the value to date: one row per configured target of a period holding the business
 * date (the year from January, the half-year, quarter or month from its first day), and the scalars
 * target_KIND, target_KIND_actual, target_KIND_rate for the bulletin.  No target: no table, no
 * scalar, so no "0%" is ever printed for a target nobody set. */
static int targets_table(sqlite3 *db, const cbec_stats_conf *conf, cbec_rmodel *m, const GDate *d, const char *to,
                         char **why)
{
    cbec_target tg[CBEC_TARGET_N];
    int n = conf ? cbec_targets_for(conf->src, d, tg) : 0, en = strcmp(m->lang, "en") == 0;
    cbec_rtable *t;

    if (n == 0)
        return 1;
    t = cbec_rmodel_table(m, "targets", "key:text;label:text;target:money;actual:money;rate:pct;from:date;to:date");
    for (int i = 0; i < n; i++) {
        period p;
        int64_t actual;
        char id[48], label[64];
        cbec_rcell *c;
        const char *k = cbec_target_kind_id(tg[i].kind);
        g_strlcpy(p.from, tg[i].from, sizeof p.from);
        g_strlcpy(p.to, to, sizeof p.to);
        if (!period_int(db, "SELECT coalesce(sum(value_fen),0) FROM cbec_trade WHERE bdate BETWEEN ?1 AND ?2", &p, -1,
                        &actual, NULL, why))
            return 0;
        switch (tg[i].kind) {
        case CBEC_TARGET_YEAR:
            g_snprintf(label, sizeof label, en ? "Year %d" : "%d年全年", tg[i].year);
            break;
        case CBEC_TARGET_HALF:
            if (en)
                g_snprintf(label, sizeof label, "%d H%d", tg[i].year, tg[i].part);
            else
                g_snprintf(label, sizeof label, "%d年%s半年", tg[i].year, tg[i].part == 1 ? "上" : "下");
            break;
        case CBEC_TARGET_QUARTER:
            g_snprintf(label, sizeof label, en ? "%d Q%d" : "%d年第%d季度", tg[i].year, tg[i].part);
            break;
        default:
            g_snprintf(label, sizeof label, en ? "%d-%02d" : "%d年%d月", tg[i].year, tg[i].part);
            break;
        }
        c = cbec_rtable_row(t);
        c[0].null = c[1].null = c[2].null = c[3].null = c[4].null = c[5].null = c[6].null = 0;
        c[0].s = g_strdup(tg[i].key);
        c[1].s = g_strdup(label);
        c[2].i = tg[i].fen;
        c[3].i = actual;
        c[4].d = (double)actual / (double)tg[i].fen;
        c[5].s = g_strdup(p.from);
        c[6].s = g_strdup(p.to);
        g_snprintf(id, sizeof id, "target_%s", k);
        cbec_rscalar_set_i(cbec_rmodel_scalar(m, id, CBEC_RT_MONEY), CBEC_P_CUR, tg[i].fen);
        g_snprintf(id, sizeof id, "target_%s_actual", k);
        cbec_rscalar_set_i(cbec_rmodel_scalar(m, id, CBEC_RT_MONEY), CBEC_P_CUR, actual);
        g_snprintf(id, sizeof id, "target_%s_rate", k);
        cbec_rscalar_set_d(cbec_rmodel_scalar(m, id, CBEC_RT_PCT), CBEC_P_CUR, c[4].d);
    }
    return 1;
}

/* A region's dataset (warehouse/region.h): the zones merged and what two zones both published. */
typedef struct region_info {
    int zones;
    int64_t orders, rows, differing;
} region_info;

static int64_t one_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* By zone (盟市), only in a region's dataset: a zone's own report has no such table.  Each order
 * is its input's zone's (source_file.origin_zone); a zone without a published name shows its code. */
static int zone_table(sqlite3 *db, cbec_rmodel *m, region_info *ri, const period *cur, const period *ly,
                      int64_t total, char **why)
{
    ri->zones = (int)one_int(db, "SELECT count(*) FROM region_zone");
    if (ri->zones == 0)
        return 1;
    ri->orders = one_int(db, "SELECT coalesce(sum(duplicates),0) FROM region_overlap WHERE table_name='orders'");
    ri->rows = one_int(db, "SELECT coalesce(sum(duplicates),0) FROM region_overlap");
    ri->differing = one_int(db, "SELECT coalesce(sum(differing),0) FROM region_overlap");
    cbec_rscalar_set_i(cbec_rmodel_scalar(m, "region_zones", CBEC_RT_INT), CBEC_P_CUR, ri->zones);
    if (ri->orders > 0)
        cbec_rscalar_set_i(cbec_rmodel_scalar(m, "region_overlap_orders", CBEC_RT_INT), CBEC_P_CUR, ri->orders);
    return breakdown(db, NULL, m, "by_zone", "zone",
                     "(SELECT coalesce(nullif(z.name,''), z.code) FROM region_zone z WHERE z.code=t.zone)", NULL, 0,
                     cur, ly, total, why);
}

/* When the newest input of the dataset was ingested, for "data as of" (NULL when none was). */
static char *data_as_of(sqlite3 *db, const char *lang)
{
    sqlite3_stmt *s = NULL;
    char *r = NULL;
    int y, mo, d, h, mi;
    if (sqlite3_prepare_v2(db, "SELECT max(ingested_at) FROM source_file", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        if (sscanf(t, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5)
            r = strcmp(lang, "en") == 0 ? g_strdup_printf("%.16s%s", t, strlen(t) > 19 ? t + 19 : "")
                                        : g_strdup_printf("%d年%d月%d日 %02d:%02d", y, mo, d, h, mi);
    }
    sqlite3_finalize(s);
    return r;
}

/* The trade modes of a business ("9610、1210、1239"), in the configuration's order. */
static char *modes_of(const cbec_stats_conf *conf, const char *business, const char *sep)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    char *r;
    if (conf && cbec_rules_has(conf->src, "business")) {
        char **modes = cbec_rules_list(conf->src, "business", business, NULL);
        for (char **k = modes; *k; k++)
            g_ptr_array_add(a, g_strdup(*k));
        g_strfreev(modes);
    } else
        for (guint i = 0; i < G_N_ELEMENTS(default_business); i++)
            if (strcmp(default_business[i][1], business) == 0)
                g_ptr_array_add(a, g_strdup(default_business[i][0]));
    g_ptr_array_add(a, NULL);
    r = g_strjoinv(sep, (char **)a->pdata);
    g_ptr_array_free(a, TRUE);
    return r;
}

cbec_err cbec_stats_build(sqlite3 *db, const cbec_stats_conf *conf, const char *date, const char *kind,
                          cbec_rmodel *m, char **why)
{
    period cur, prev, ly, base, day[CBEC_P_N];
    region_info region = {0};
    figs f[CBEC_P_N], fb, fd[CBEC_P_N];
    GDate d, from, x;
    char *base_month = NULL, buf[64];
    cbec_err rc = CBEC_ERR_DB;
    int p;
    double idx;
    int64_t total;
    GTimer *timer = g_timer_new();

    if (!cbec_date_to_gdate(date, &d)) {
        g_timer_destroy(timer);
        *why = g_strdup_printf("statistics: bad business date '%s' (want YYYY-MM-DD)", date ? date : "");
        return CBEC_ERR_USAGE;
    }
    if (!kind)
        kind = "month";
    if (!cbec_stats_period_valid(kind)) {
        g_timer_destroy(timer);
        *why = g_strdup_printf("statistics: unknown period '%s' (day, month, quarter, half, year or ytd)", kind);
        return CBEC_ERR_USAGE;
    }
    cbec_stats_register(db, conf);
    if (conf)
        base_month = cbec_rules_text(conf->src, "index", "base_month", NULL);
    if (base_month)
        g_strstrip(base_month);
    make_periods(&d, kind, &cur, &prev, &ly, &base, base_month);
    /* the day itself, the same day last month and last year */
    set_period(&day[CBEC_P_CUR], &d, &d);
    x = d;
    g_date_subtract_months(&x, 1);
    set_period(&day[CBEC_P_PREV], &x, &x);
    x = d;
    g_date_subtract_years(&x, 1);
    set_period(&day[CBEC_P_LY], &x, &x);

    /* window: 12 months before the reporting month (or the base month when earlier) up to the date */
    from = d;
    g_date_set_day(&from, 1);
    g_date_subtract_months(&from, 12);
    {
        char fs[CBEC_DATE_LEN];
        cbec_date_from_gdate(&from, fs);
        if (strcmp(base.from, fs) < 0)
            memcpy(fs, base.from, sizeof fs);
        if (strcmp(ly.from, fs) < 0)   /* a year to date reaches back to January of last year */
            memcpy(fs, ly.from, sizeof fs);
        if (!build_trades(db, fs, cur.to, why))
            goto done;
        cbec_debug("statistics: trades collected in %.1f s", g_timer_elapsed(timer, NULL));
    }
    if (!period_figs(db, &cur, &f[CBEC_P_CUR], why) || !period_figs(db, &prev, &f[CBEC_P_PREV], why) ||
        !period_figs(db, &ly, &f[CBEC_P_LY], why) || !period_figs(db, &base, &fb, why))
        goto done;
    if (fb.count == 0 && !(base_month && *base_month) && !earliest_base(db, &cur, &base, &fb, why))
        goto done;
    for (p = 0; p < CBEC_P_N; p++)
        if (!period_figs(db, &day[p], &fd[p], why))
            goto done;
    cbec_debug("statistics: period figures in %.1f s", g_timer_elapsed(timer, NULL));
    put_scalars(m, f);
    {
        cbec_rscalar *dv = cbec_rmodel_scalar(m, "day_value", CBEC_RT_MONEY);
        cbec_rscalar *dc = cbec_rmodel_scalar(m, "day_count", CBEC_RT_INT);
        cbec_rscalar *ci = cbec_rmodel_scalar(m, "composite_index", CBEC_RT_NUM);
        for (p = 0; p < CBEC_P_N; p++) {
            if (p == CBEC_P_CUR || fd[p].count > 0) {
                cbec_rscalar_set_i(dv, p, fd[p].value);
                cbec_rscalar_set_i(dc, p, fd[p].count);
            }
            if ((p == CBEC_P_CUR || f[p].count > 0) && composite(conf, &f[p], &fb, &idx))
                cbec_rscalar_set_d(ci, p, idx);
        }
    }
    total = f[CBEC_P_CUR].value;
    if (!breakdown(db, conf, m, "by_direction", "direction", "''", "direction", 0, &cur, &ly, total, why) ||
        !breakdown(db, conf, m, "by_trade_mode", "direction || '-' || trade_mode", "''", "direction-trade_mode", 0,
                   &cur, &ly, total, why) ||
        !breakdown(db, conf, m, "by_country", "country", "''", "country", 0, &cur, &ly, total, why) ||
        !breakdown(db, conf, m, "by_port", "CASE WHEN list_id IS NOT NULL THEN port END", "''", "port", 0, &cur,
                   &ly, total, why) ||
        !breakdown(db, conf, m, "by_customs", "CASE WHEN list_id IS NOT NULL THEN customs END", "''", "customs", 0,
                   &cur, &ly, total, why) ||
        !breakdown(db, conf, m, "by_platform", "platform", "platform_name", "platform", 0, &cur, &ly, total, why) ||
        !breakdown(db, conf, m, "by_seller", "seller", "seller_name", "seller", 0, &cur, &ly, total, why) ||
        !breakdown(db, conf, m, "by_carrier", "CASE WHEN shipment_id IS NOT NULL THEN carrier END", "carrier_name",
                   "carrier", 0, &cur, &ly, total, why) ||
        !breakdown(db, conf, m, "by_hs_chapter", "chapter", "''",
                   "hs_chapter", 1, &cur, &ly, f[CBEC_P_CUR].items_value, why) ||
        !featured_table(db, conf, m, &cur, &ly, f[CBEC_P_CUR].items_value, why) ||
        !unmapped_hs(db, conf, m, &cur, why) ||
        !month_series(db, m, &d, why) || !day_series(db, m, &cur, why) ||
        !targets_table(db, conf, m, &d, cur.to, why) || !zone_table(db, m, &region, &cur, &ly, total, why))
        goto done;
    cbec_debug("statistics: breakdowns in %.1f s", g_timer_elapsed(timer, NULL));
    cbec_rmodel_detail(m, "trades",
                       "date:date;order_no:text;platform:text;seller:text;direction:text;trade_mode:text;"
                       "country:text;customs:text;port:text;carrier:text;currency:text;amount:money;value:money;"
                       "tax:money;flow_status:text;source:text;locator:text",
                       "SELECT t.bdate, o.order_no, t.platform, t.seller, t.direction, t.trade_mode, t.country, "
                       " t.customs, t.port, t.carrier, t.currency, cbec_amount_c2(o.actual_paid, t.currency), "
                       " t.value_fen, t.tax_fen, coalesce(t.flow_status,''), "
                       " coalesce((SELECT CASE WHEN sf.member IS NOT NULL THEN sf.path || '!' || sf.member "
                       "   ELSE sf.path END FROM source_file sf WHERE sf.source_id=o.source_id),''), "
                       " coalesce(o.locator,'') "
                       "FROM cbec_trade t JOIN orders o ON o.order_id=t.order_id "
                       "WHERE t.bdate BETWEEN ?1 AND ?2 ORDER BY t.bdate, t.order_id",
                       cur.from, cur.to, NULL);
    cbec_rmodel_meta(m, "period", kind);
    {
        /* what the period is, for the title block: the template's subtitle says it for a month */
        static const char *const notes[][3] = {
            {"day", "the business day, with the day before and the same day last year", "当日，与上日、上年同日比较"},
            {"quarter", "quarter to date, with the same days of the last quarter and of last year",
             "季度累计，与上季同期、上年同期比较"},
            {"half", "half-year to date, with the same days of the last half-year and of last year",
             "半年累计，与上半年同期、上年同期比较"},
            {"year", "the year to date, with the same days of last year", "年度累计，与上年同期比较"},
            {"ytd", "January to date, with the same days of last year", "1—%d月累计，与上年同期比较"}};
        for (size_t i = 0; i < G_N_ELEMENTS(notes); i++)
            if (strcmp(kind, notes[i][0]) == 0) {
                char note[128];
                if (strcmp(m->lang, "en") == 0)
                    g_strlcpy(note, notes[i][1], sizeof note);
                else
                    g_snprintf(note, sizeof note, notes[i][2], g_date_get_month(&d));
                cbec_rmodel_meta(m, "period_note", note);
            }
    }
    cbec_rmodel_meta(m, "period_from", cur.from);
    cbec_rmodel_meta(m, "period_to", cur.to);
    cbec_rmodel_meta(m, "prev_from", prev.from);
    cbec_rmodel_meta(m, "prev_to", prev.to);
    cbec_rmodel_meta(m, "ly_from", ly.from);
    cbec_rmodel_meta(m, "ly_to", ly.to);
    cbec_rmodel_meta(m, "base_from", base.from);
    cbec_rmodel_meta(m, "base_to", base.to);
    g_snprintf(buf, sizeof buf, "%d", g_date_get_year(&d));
    cbec_rmodel_meta(m, "year", buf);
    g_snprintf(buf, sizeof buf, "%d", g_date_get_month(&d));
    cbec_rmodel_meta(m, "month", buf);
    g_snprintf(buf, sizeof buf, "%d", g_date_get_day(&d));
    cbec_rmodel_meta(m, "day", buf);
    {
        int en = strcmp(m->lang, "en") == 0;
        char *as_of = data_as_of(db, m->lang), *retail = modes_of(conf, "retail", en ? ", " : "、"),
             *b2b = modes_of(conf, "b2b", en ? ", " : "、");
        cbec_stats_scope scope = {kind, g_date_get_month(&d), cur.from, cur.to, as_of, retail, b2b,
                                  region.zones, region.orders, region.rows, region.differing};
        cbec_stats_add_definitions(m, m->lang, &scope);
        if (as_of)
            cbec_rmodel_meta(m, "data_as_of", as_of);
        /* the headline sentence names the modes of each business as configured in [business] */
        cbec_rmodel_meta(m, "retail_modes", retail);
        cbec_rmodel_meta(m, "b2b_modes", b2b);
        g_free(as_of);
        g_free(retail);
        g_free(b2b);
    }
    m->db = db;
    rc = CBEC_ERR_NONE;
done:
    g_timer_destroy(timer);
    g_free(base_month);
    return rc;
}

/* The statistics provider: the indicator configuration, then the figures of the period of date. */
cbec_err cbec_report_provide_statistics(cbec_report_ctx *ctx, char **why)
{
    char *path = cbec_stats_conf_path(ctx->cfg);
    cbec_stats_conf *conf = cbec_stats_conf_load(path, why);
    cbec_err rc;
    static cbec_stats_conf *live;   /* the SQL functions keep a pointer to it: keep the last one alive */

    g_free(path);
    if (!conf)
        return CBEC_ERR_CONFIG;
    rc = cbec_stats_build(ctx->db, conf, ctx->date, ctx->period, ctx->model, why);
    cbec_stats_conf_free(live);
    live = conf;
    return rc;
}
