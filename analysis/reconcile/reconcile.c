/* Reconciliation of the three flows (analysis/reconcile/README.md).
 *
 * One pass, all set-based SQL inside one transaction:
 *   1. link orders to payments, customs lists and waybills: one trade per order (rc_t);
 *   2. plus one trade per group of documents without an order;
 *   3. bank credits matched to trades by the ordered stages of the rule pack;
 *   4. reasons, status, value in CNY and the customs pre-check per trade (one query);
 *   5. that query merged into `flow` by flow_key (UPSERT): unchanged rows are not touched,
 *      changes are logged in flow_change, new trades inserted, vanished ones removed (logged).
 * Nothing is held in C memory per trade: SQLite streams every step. */
#include "cbecflow-build.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib.h>

#include "core/base/decimal.h"
#include "core/base/log.h"
#include "analysis/reconcile/reconcile.h"
#include "analysis/reconcile/rerun.h"
#include "analysis/reconcile/rules.h"
#include "core/store.h"

typedef struct rc_ctx {
    sqlite3 *db;
    const cbec_rc_rules *r;
    char **why;
    int failed;
} rc_ctx;

/* ---- SQL functions -------------------------------------------------------------------------- */

/* Whitespace normalisation: runs of Unicode white space (incl. U+3000) become one ASCII space; trimmed. */
static char *norm_ws(const char *s, int fold)
{
    GString *out = g_string_sized_new(strlen(s));
    const char *p = s;
    int space = 0;
    char *res;

    if (!g_utf8_validate(s, -1, NULL)) {
        g_string_assign(out, s);
        return g_string_free(out, FALSE);
    }
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0x3000 || c == 0xA0) {
            space = 1;
            continue;
        }
        if (space && out->len)
            g_string_append_c(out, ' ');
        space = 0;
        g_string_append_unichar(out, c);
    }
    if (!fold)
        return g_string_free(out, FALSE);
    res = g_utf8_casefold(out->str, (gssize)out->len);
    g_string_free(out, TRUE);
    return res;
}

/* Already normal: no leading/trailing/double ASCII space, no control or Unicode space bytes. */
static int is_normal(const unsigned char *s)
{
    const unsigned char *p = s;
    if (*p == ' ')
        return 0;
    for (; *p; p++) {
        if (*p < 0x20 || (*p == ' ' && (p[1] == ' ' || p[1] == 0)) || *p == 0xC2 || *p == 0xE1 || *p == 0xE2 ||
            *p == 0xE3)
            return 0;
    }
    return 1;
}

static void fn_norm(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int fold = sqlite3_user_data(ctx) != NULL;
    char *n;
    (void)argc;
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    /* The common case: nothing to do (CJK names use 0xE4-0xE9 lead bytes, spaces 0xC2/0xE1-0xE3). */
    if (is_normal((const unsigned char *)s)) {
        const unsigned char *p = (const unsigned char *)s;
        char *low;
        if (!fold) {
            sqlite3_result_value(ctx, argv[0]);
            return;
        }
        /* Folding plain ASCII is lower-casing it (what g_utf8_casefold does to it). */
        while (*p && *p < 0x80)
            p++;
        if (!*p) {
            low = g_ascii_strdown(s, -1);
            sqlite3_result_text(ctx, low, -1, g_free);
            return;
        }
    }
    n = norm_ws(s, fold);
    sqlite3_result_text(ctx, n, -1, g_free);
}

/* rc_differs(a, b, currency): 1 when |a - b| exceeds the trade tolerance of b. */
static void fn_differs(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const cbec_rc_rules *r = sqlite3_user_data(ctx);
    int64_t a, b, d;
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    a = sqlite3_value_int64(argv[0]);
    b = sqlite3_value_int64(argv[1]);
    d = a > b ? a - b : b - a;
    sqlite3_result_int(ctx, d > cbec_rc_tolerance(r, RC_TOL_TRADE, (const char *)sqlite3_value_text(argv[2]), b));
}

/* rc_tolb(amount, currency): the bank tolerance. */
static void fn_tolb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const cbec_rc_rules *r = sqlite3_user_data(ctx);
    (void)argc;
    sqlite3_result_int64(ctx, cbec_rc_tolerance(r, RC_TOL_BANK, (const char *)sqlite3_value_text(argv[1]),
                                                sqlite3_value_int64(argv[0])));
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* rc_settles(credit, ccur, ccny, sum, scur, scny): does the credit settle that sum?
 * Same currency: within the bank tolerance, or smaller by at most the fee allowance.
 * Other currencies: compared in CNY within fx_pct (plus the fee allowance). */
static void fn_settles(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const cbec_rc_rules *r = sqlite3_user_data(ctx);
    const char *ccur = (const char *)sqlite3_value_text(argv[1]);
    const char *scur = (const char *)sqlite3_value_text(argv[4]);
    int64_t c, s, d, fee = 0;
    int ok = 0;
    (void)argc;
    if (ccur && scur && strcmp(ccur, scur) == 0) {
        if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[3]) == SQLITE_NULL)
            goto done;
        c = sqlite3_value_int64(argv[0]);
        s = sqlite3_value_int64(argv[3]);
        d = s - c;
        if (r->fees)
            fee = max64((int64_t)((__int128)(s < 0 ? -s : s) * r->fee_ppm / 1000000), r->fee_abs);
        ok = (d < 0 ? -d : d) <= cbec_rc_tolerance(r, RC_TOL_BANK, ccur, s) || (r->fees && d > 0 && d <= fee);
    } else {
        int64_t tol;
        if (sqlite3_value_type(argv[2]) == SQLITE_NULL || sqlite3_value_type(argv[5]) == SQLITE_NULL)
            goto done;
        c = sqlite3_value_int64(argv[2]);
        s = sqlite3_value_int64(argv[5]);
        d = s - c;
        tol = (int64_t)((__int128)(s < 0 ? -s : s) * r->fx_ppm / 1000000);
        if (r->fees)
            fee = (int64_t)((__int128)(s < 0 ? -s : s) * r->fee_ppm / 1000000);
        ok = (d < 0 ? -d : d) <= tol || (r->fees && d > 0 && d <= tol + fee);
    }
done:
    sqlite3_result_int(ctx, ok);
}

/* rc_note(credit, ccur, sum, scur, n): "N payments, fee X" -- how a match was explained. */
static void fn_note(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *ccur = (const char *)sqlite3_value_text(argv[1]);
    const char *scur = (const char *)sqlite3_value_text(argv[3]);
    int64_t n = sqlite3_value_int64(argv[4]);
    GString *s = g_string_new(NULL);
    (void)argc;
    if (n > 1)
        g_string_append_printf(s, "%lld payments", (long long)n);
    if (ccur && scur && strcmp(ccur, scur) == 0 && sqlite3_value_type(argv[0]) != SQLITE_NULL &&
        sqlite3_value_type(argv[2]) != SQLITE_NULL) {
        int64_t d = sqlite3_value_int64(argv[2]) - sqlite3_value_int64(argv[0]);
        if (d != 0) {
            char buf[48];
            int exp = cbec_currency_exponent(ccur);
            cbec_decimal_format(d < 0 ? -d : d, (unsigned)exp, buf, sizeof buf);
            g_string_append_printf(s, "%s%s %s %s", s->len ? ", " : "", d > 0 ? "fee" : "excess", buf, ccur);
        }
    } else if (ccur && scur)
        g_string_append_printf(s, "%s%s credit for %s payments", s->len ? ", " : "", ccur, scur);
    if (s->len)
        sqlite3_result_text(ctx, g_string_free(s, FALSE), -1, g_free);
    else {
        g_string_free(s, TRUE);
        sqlite3_result_null(ctx);
    }
}

/* rc_reasons(mask): the reason codes whose bit is set (bit i = the pack's i-th code), in
 * priority order, space-separated; one allocation instead of a concatenation per rule. */
static void fn_reasons(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const cbec_rc_rules *r = sqlite3_user_data(ctx);
    int64_t mask = sqlite3_value_int64(argv[0]);
    GString *s;
    (void)argc;
    if (mask == 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    s = g_string_new(NULL);
    for (int i = 0; r->order[i] && i < 63; i++)
        if (mask & ((int64_t)1 << i))
            g_string_append_printf(s, "%s%s", s->len ? " " : "", r->order[i]);
    sqlite3_result_text(ctx, g_string_free(s, FALSE), -1, g_free);
}

/* rc_status(mask): the first reason code whose bit is set, MATCHED when none. */
static void fn_status(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const cbec_rc_rules *r = sqlite3_user_data(ctx);
    int64_t mask = sqlite3_value_int64(argv[0]);
    (void)argc;
    for (int i = 0; r->order[i] && i < 63; i++)
        if (mask & ((int64_t)1 << i)) {
            sqlite3_result_text(ctx, r->order[i], -1, SQLITE_TRANSIENT);
            return;
        }
    sqlite3_result_text(ctx, "MATCHED", -1, SQLITE_STATIC);
}

/* rc_precheck(arithmetic, payer, consignee, single, annual): the pre-check words that hold. */
static void fn_precheck(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char *const words[] = {"ARITHMETIC", "PAYER", "CONSIGNEE", "SINGLE_LIMIT", "ANNUAL_LIMIT"};
    char buf[80];
    size_t n = 0;
    for (int i = 0; i < argc && i < 5; i++)
        if (sqlite3_value_int(argv[i]))
            n += (size_t)g_snprintf(buf + n, sizeof buf - n, "%s%s", n ? " " : "", words[i]);
    sqlite3_result_text(ctx, buf, (int)n, SQLITE_TRANSIENT);
}

static int register_functions(sqlite3 *db, const cbec_rc_rules *r)
{
    const int det = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    void *rp = (void *)r;
    int rc = SQLITE_OK;
    rc |= sqlite3_create_function(db, "rc_norm", 1, det, NULL, fn_norm, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_fold", 1, det, (void *)1, fn_norm, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_differs", 3, det, rp, fn_differs, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_tolb", 2, det, rp, fn_tolb, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_settles", 6, det, rp, fn_settles, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_note", 5, det, NULL, fn_note, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_reasons", 1, det, rp, fn_reasons, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_status", 1, det, rp, fn_status, NULL, NULL);
    rc |= sqlite3_create_function(db, "rc_precheck", 5, det, NULL, fn_precheck, NULL, NULL);
    return rc == SQLITE_OK ? 0 : -1;
}

/* ---- helpers -------------------------------------------------------------------------------- */

/* Run SQL (printf-formatted) with the store's helper; on the first error remember why and skip
 * the rest of the steps.  At debug level each statement's wall and CPU time is logged. */
static void X(rc_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void X(rc_ctx *c, const char *fmt, ...)
{
    va_list ap;
    char *sql;
    if (c->failed)
        return;
    va_start(ap, fmt);
    sql = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (cbec_db_exec_traced(c->db, "reconcile", sql, c->why) != CBEC_ERR_NONE)
        c->failed = 1;
    g_free(sql);
}

static int64_t scalar(sqlite3 *db, const char *sql) { return cbec_db_int(db, sql, -1); }

/* ---- the steps ------------------------------------------------------------------------------ */

#define FORMULA "(coalesce(o.goods_value,0)+coalesce(o.freight,0)+coalesce(o.tax_total,0)-coalesce(o.discount,0))"
#define SDATE(x) "date(" x ",'+8 hours')"

static const char *const temp_tables[] = {"rc_op", "rc_op1", "rc_ol", "rc_ol1",
                                          "rc_t", "rc_orph", "rc_dup", "rc_cr", "rc_pay", "rc_cand", "rc_grp",
                                          "rc_match", "rc_amb", "rc_done", "rc_setl", "rc_sg", "rc_dg", "rc_cc",
                                          "rc_gc", "rc_adopt", "rc_annual", "rc_refs", "rc_pco", "rc_pneed",
                                          "rc_own", "rc_oname", "rc_ename", "rc_oamb", "rc_b2b", "rc_tok", NULL};

static void drop_temp(rc_ctx *c)
{
    for (const char *const *t = temp_tables; *t; t++) {
        char *sql = g_strdup_printf("DROP TABLE IF EXISTS temp.%s", *t);
        sqlite3_exec(c->db, sql, NULL, NULL, NULL);
        g_free(sql);
    }
    sqlite3_exec(c->db, "DROP TRIGGER IF EXISTS temp.rc_log", NULL, NULL, NULL);
}

/* 1. Links, and one trade per order (rc_t, rowid = order_id).  The exact keys are looked up per
 * order through the dataset's indexes (one pass, no sort): (order_no, platform) for payments and
 * lists, the list's logistics keys (else order_no) for waybills.  Orders left without a payment
 * or list then try the fallback keys against the documents nobody took; there each document goes
 * to its best order and each order keeps its best document (priority, then id), so nothing is
 * linked twice.  The trade's mode and date, which depend on its list and payment, are refreshed
 * for the orders the fallback linked. */
#define TRADE_MODE(o, lid) "coalesce(nullif(" o ".trade_mode,''), (SELECT l.trade_mode FROM customs_list l" \
    " WHERE l.list_id=" lid "))"
#define TRADE_DATE(o, pid, d) "coalesce(" SDATE(o ".order_time") ", (SELECT " SDATE("p.pay_time") " FROM payment p" \
    " WHERE p.payment_id=" pid "), " d ")"
static void step_links(rc_ctx *c, const char *date)
{
    char win[256];
    char *d = sqlite3_mprintf("%Q", date);
    g_snprintf(win, sizeof win,
               "(o.order_time IS NULL OR p.pay_time IS NULL OR "
               "(julianday(p.pay_time)-julianday(o.order_time))*24 BETWEEN -%lld AND %lld)",
               (long long)c->r->pay_before_h, (long long)c->r->pay_after_h);
#define SHIP_BY_LIST(lid) "(SELECT max(s.shipment_id) FROM customs_list l JOIN shipment s ON s.logistics_no=l.logistics_no" \
    " AND (coalesce(l.logistics_code,'')='' OR s.logistics_code=l.logistics_code) WHERE l.list_id=" lid ")"
    X(c,
      "CREATE TEMP TABLE rc_t(rid INTEGER PRIMARY KEY, tkey TEXT NOT NULL, kind TEXT NOT NULL, order_no TEXT,"
      " platform_code TEXT, direction TEXT, trade_mode TEXT, bdate TEXT, order_id INTEGER, payment_id INTEGER,"
      " shipment_id INTEGER, list_id INTEGER, bank_txn_id INTEGER, amount INTEGER, currency TEXT, detail TEXT,"
      " seller TEXT, l_id INTEGER, l_currency, l_total_value);"
      "INSERT INTO rc_t(rid, tkey, kind, order_no, platform_code, direction, trade_mode, bdate, order_id, payment_id,"
      " shipment_id, list_id, seller, l_id, l_currency, l_total_value)"
      " SELECT q.order_id, 'O:'||q.platform_code||':'||q.order_no, 'T', q.order_no, q.platform_code, q.direction,"
      " coalesce(nullif(q.trade_mode,''), l.trade_mode), " TRADE_DATE("q", "q.payment_id", "%s") ","
      " q.order_id, q.payment_id,"
      " coalesce((SELECT max(s.shipment_id) FROM shipment s WHERE s.logistics_no=l.logistics_no"
      "  AND (coalesce(l.logistics_code,'')='' OR s.logistics_code=l.logistics_code)),"
      "  (SELECT max(s.shipment_id) FROM shipment s WHERE s.order_no=q.order_no)), q.list_id,"
      /* The e-commerce enterprise (bank matching by account owner), read here with the order and list rows
       * rather than fetched again per payment; NULL: the list a fallback links later, if any, tells. */
      " coalesce(q.seller_code, l.seller_code),"
      /* The list's currency and value for the reasons, taken here from the list row this pass reads
       * anyway (l_id: the list they belong to), so that the result query does not fetch the list
       * again: in trade key order that is a random page of customs_list per trade. */
      " l.list_id, l.currency, l.total_value"
      " FROM (SELECT o.order_id, o.order_no, o.platform_code, o.direction, o.trade_mode, o.order_time, o.seller_code,"
      "  (SELECT min(p.payment_id) FROM payment p WHERE p.order_no=o.order_no AND p.platform_code=o.platform_code)"
      "  AS payment_id,"
      "  (SELECT max(l.list_id) FROM customs_list l WHERE l.order_no=o.order_no AND l.platform_code=o.platform_code)"
      /* Rowid order (rc_t grows at its end); OFFSET 0 keeps q a co-routine, so each lookup runs
       * once per order; the list row is read once for the mode and the waybill. */
      "  AS list_id FROM orders o NOT INDEXED LIMIT -1 OFFSET 0) q LEFT JOIN customs_list l ON l.list_id=q.list_id;"
      "CREATE INDEX rc_t_p ON rc_t(payment_id); CREATE INDEX rc_t_l ON rc_t(list_id);"
      /* Payments: the order's payTransactionId, then payments that carry no platform (export 403). */
      "CREATE TEMP TABLE rc_op(order_id INTEGER, payment_id INTEGER, prio INTEGER);"
      "INSERT INTO rc_op SELECT o.order_id, p.payment_id, 2 FROM rc_t k JOIN orders o ON o.order_id=k.order_id"
      "  JOIN payment p ON p.pay_transaction_id=o.pay_transaction_id"
      "  WHERE k.payment_id IS NULL AND coalesce(o.pay_transaction_id,'')<>''"
      "  AND (coalesce(o.pay_code,'')='' OR p.pay_code=o.pay_code) AND coalesce(p.order_no,'') IN ('', o.order_no)"
      "  AND %s AND NOT EXISTS (SELECT 1 FROM rc_t x WHERE x.payment_id=p.payment_id);"
      "INSERT INTO rc_op SELECT o.order_id, p.payment_id, 3 FROM rc_t k JOIN orders o ON o.order_id=k.order_id"
      "  JOIN payment p ON p.order_no=o.order_no"
      "  WHERE k.payment_id IS NULL AND coalesce(p.platform_code,'')='' AND %s"
      "  AND NOT EXISTS (SELECT 1 FROM rc_t x WHERE x.payment_id=p.payment_id);"
      "CREATE INDEX rc_op_p ON rc_op(payment_id, prio, order_id); CREATE INDEX rc_op_o ON rc_op(order_id, prio, payment_id);"
      "CREATE TEMP TABLE rc_op1(order_id INTEGER PRIMARY KEY, payment_id INTEGER UNIQUE);"
      "INSERT OR IGNORE INTO rc_op1 SELECT a.order_id, a.payment_id FROM rc_op a"
      " WHERE NOT EXISTS (SELECT 1 FROM rc_op b WHERE b.payment_id=a.payment_id"
      "  AND (b.prio<a.prio OR (b.prio=a.prio AND b.order_id<a.order_id)))"
      " AND NOT EXISTS (SELECT 1 FROM rc_op b WHERE b.order_id=a.order_id"
      "  AND (b.prio<a.prio OR (b.prio=a.prio AND b.payment_id<a.payment_id)));"
      /* (rid IN ...: visit only the orders concerned, not every trade) */
      "UPDATE rc_t SET payment_id=x.payment_id FROM rc_op1 x WHERE x.order_id=rc_t.rid"
      " AND rc_t.rid IN (SELECT order_id FROM rc_op1);"
      /* Lists without a platform code. */
      "CREATE TEMP TABLE rc_ol(order_id INTEGER, list_id INTEGER);"
      "INSERT INTO rc_ol SELECT o.order_id, l.list_id FROM rc_t k JOIN orders o ON o.order_id=k.order_id"
      "  JOIN customs_list l ON l.order_no=o.order_no"
      "  WHERE k.list_id IS NULL AND coalesce(l.platform_code,'')=''"
      "  AND NOT EXISTS (SELECT 1 FROM rc_t x WHERE x.list_id=l.list_id);"
      "CREATE TEMP TABLE rc_ol1(order_id INTEGER PRIMARY KEY, list_id INTEGER UNIQUE);"
      "INSERT OR IGNORE INTO rc_ol1 SELECT a.order_id, a.list_id FROM rc_ol a"
      " WHERE NOT EXISTS (SELECT 1 FROM rc_ol b WHERE b.list_id=a.list_id AND b.order_id<a.order_id)"
      " AND NOT EXISTS (SELECT 1 FROM rc_ol b WHERE b.order_id=a.order_id AND b.list_id>a.list_id);"
      "UPDATE rc_t SET list_id=x.list_id, shipment_id=coalesce(" SHIP_BY_LIST("x.list_id") ", rc_t.shipment_id)"
      " FROM rc_ol1 x WHERE x.order_id=rc_t.rid AND rc_t.rid IN (SELECT order_id FROM rc_ol1);"
      "UPDATE rc_t SET trade_mode=" TRADE_MODE("o", "rc_t.list_id") ", bdate=" TRADE_DATE("o", "rc_t.payment_id", "%s")
      " FROM orders o WHERE o.order_id=rc_t.rid"
      " AND rc_t.rid IN (SELECT order_id FROM rc_op1 UNION SELECT order_id FROM rc_ol1);"
      "CREATE INDEX rc_t_s ON rc_t(shipment_id);",
      d, win, win, d);
#undef SHIP_BY_LIST
    sqlite3_free(d);
}

/* 2. Trades: one per order (step_links), then one per group of orphan documents (same order number). */
static void step_trades(rc_ctx *c, const char *date)
{
    char *d = sqlite3_mprintf("%Q", date);
    X(c,
      /* Built after the bulk insert (a sort), not row by row; it also refuses duplicate trades below. */
      "CREATE UNIQUE INDEX rc_t_key ON rc_t(tkey);"
      "CREATE TEMP TABLE rc_orph(okey TEXT, order_no TEXT, platform_code TEXT, direction TEXT, trade_mode TEXT,"
      " bdate TEXT, payment_id INTEGER, shipment_id INTEGER, list_id INTEGER);"
      "INSERT INTO rc_orph SELECT CASE WHEN coalesce(p.order_no,'')<>'' THEN 'N:'||p.order_no"
      " ELSE 'P:'||p.pay_code||':'||p.pay_transaction_id END, nullif(p.order_no,''), nullif(p.platform_code,''),"
      " p.direction, NULL, " SDATE("p.pay_time") ", p.payment_id, NULL, NULL FROM payment p"
      " WHERE NOT EXISTS (SELECT 1 FROM rc_t k WHERE k.payment_id=p.payment_id);"
      "INSERT INTO rc_orph SELECT CASE WHEN coalesce(l.order_no,'')<>'' THEN 'N:'||l.order_no"
      " ELSE 'L:'||l.platform_code||':'||l.cop_no END, nullif(l.order_no,''), nullif(l.platform_code,''),"
      " l.direction, l.trade_mode, coalesce(" SDATE("l.declared_at") ", l.ie_date), NULL, NULL, l.list_id"
      " FROM customs_list l WHERE NOT EXISTS (SELECT 1 FROM rc_t k WHERE k.list_id=l.list_id);"
      "INSERT INTO rc_orph SELECT x.okey, x.order_no, x.platform_code, s.direction, NULL, " SDATE("s.ship_time") ","
      " NULL, min(s.shipment_id), NULL FROM rc_orph x JOIN customs_list l ON l.list_id=x.list_id"
      " JOIN shipment s ON s.logistics_no=l.logistics_no"
      "  AND (coalesce(l.logistics_code,'')='' OR s.logistics_code=l.logistics_code)"
      " WHERE x.list_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rc_t k WHERE k.shipment_id=s.shipment_id)"
      " GROUP BY x.okey;"
      "CREATE INDEX rc_orph_ship ON rc_orph(shipment_id);"
      "INSERT INTO rc_orph SELECT CASE WHEN coalesce(s.order_no,'')<>'' THEN 'N:'||s.order_no"
      " ELSE 'W:'||s.logistics_code||':'||s.logistics_no END, nullif(s.order_no,''), NULL, s.direction, NULL,"
      " " SDATE("s.ship_time") ", NULL, s.shipment_id, NULL FROM shipment s"
      " WHERE NOT EXISTS (SELECT 1 FROM rc_t k WHERE k.shipment_id=s.shipment_id)"
      " AND NOT EXISTS (SELECT 1 FROM rc_orph y WHERE y.shipment_id=s.shipment_id);"
      /* A group collides with an order's trade only when a second document of that order was
       * not linked (e.g. a second payment): the trade keeps its own documents. */
      "INSERT OR IGNORE INTO rc_t(tkey, kind, order_no, platform_code, direction, trade_mode, bdate, payment_id,"
      " shipment_id, list_id)"
      " SELECT CASE WHEN okey LIKE 'N:%%' THEN 'O:'||coalesce(max(platform_code),'')||':'||max(order_no) ELSE okey END,"
      " 'T', max(order_no), coalesce(max(platform_code),''), max(direction), max(trade_mode),"
      " coalesce(min(bdate), %s), min(payment_id), min(shipment_id), min(list_id) FROM rc_orph GROUP BY okey;"
      "CREATE INDEX rc_t_order ON rc_t(order_no);"
      /* The list columns of the trades whose list the first pass did not read (linked by a fallback
       * key, or a group of documents without an order). */
      "UPDATE rc_t SET (l_id, l_currency, l_total_value)=(SELECT l.list_id, l.currency, l.total_value"
      " FROM customs_list l WHERE l.list_id=rc_t.list_id) WHERE list_id IS NOT l_id;"
      "CREATE TEMP TABLE rc_dup(kind TEXT, row_id INTEGER, PRIMARY KEY(kind, row_id)) WITHOUT ROWID;"
      "INSERT OR IGNORE INTO rc_dup SELECT kind, row_id FROM finding WHERE code='DUPLICATE_KEY' AND row_id IS NOT NULL;",
      d);
    sqlite3_free(d);
}

/* 3. Bank credits.  Each stage adds candidates (credit -> group of trades); a credit with exactly
 * one candidate group that no other credit claims is matched, the others are reported. */
static void resolve_stage(rc_ctx *c, const char *stage)
{
    X(c,
      "DROP TABLE IF EXISTS temp.rc_cc; DROP TABLE IF EXISTS temp.rc_gc;"
      "CREATE TEMP TABLE rc_cc AS SELECT txn_id, count(DISTINCT gkey) AS n FROM rc_cand WHERE stage='%s'"
      " GROUP BY txn_id;"
      "CREATE TEMP TABLE rc_gc AS SELECT gkey, count(DISTINCT txn_id) AS n FROM rc_cand WHERE stage='%s'"
      " GROUP BY gkey;"
      "CREATE INDEX rc_cc_i ON rc_cc(txn_id); CREATE INDEX rc_gc_i ON rc_gc(gkey);"
      "INSERT OR IGNORE INTO rc_match(txn_id, gkey, stage, note) SELECT x.txn_id, x.gkey, x.stage, x.note"
      " FROM rc_cand x JOIN rc_cc a ON a.txn_id=x.txn_id AND a.n=1 JOIN rc_gc b ON b.gkey=x.gkey AND b.n=1"
      " WHERE x.stage='%s';"
      "INSERT OR IGNORE INTO rc_amb SELECT DISTINCT txn_id, stage, gkey FROM rc_cand WHERE stage='%s'"
      " AND txn_id NOT IN (SELECT txn_id FROM rc_match);"
      "INSERT OR IGNORE INTO rc_done SELECT DISTINCT txn_id FROM rc_cand WHERE stage='%s';"
      "INSERT OR IGNORE INTO rc_setl(tkey, txn_id, stage, note) SELECT g.tkey, m.txn_id, m.stage, m.note"
      " FROM rc_match m JOIN rc_grp g ON g.gkey=m.gkey WHERE m.stage='%s';",
      stage, stage, stage, stage, stage, stage);
}

/* Tokens of a bank text, as order numbers are written in it: maximal runs of ASCII letters, digits
 * and - _ . (trimmed of those three at both ends), upper case; plus the whole text when it is one
 * identifier of its own (an end-to-end id equal to the order number).  Anything else separates, so
 * order A12 is not found in "A123" nor in "XA12", but is in "ORDER:A12," and "/A12/". */
static void add_tokens(sqlite3_stmt *ins, int64_t txn_id, const char *text)
{
    size_t n = strlen(text), i = 0;
    char *up = g_ascii_strup(text, (gssize)n);
    char *whole = g_strstrip(g_strdup(up));
#define TOKCH(ch) (g_ascii_isalnum(ch) || (ch) == '-' || (ch) == '_' || (ch) == '.')
#define TRIMCH(ch) ((ch) == '-' || (ch) == '_' || (ch) == '.')
    if (*whole) {
        sqlite3_bind_text(ins, 1, whole, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, txn_id);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    while (i < n) {
        size_t a, b;
        while (i < n && !TOKCH(up[i]))
            i++;
        a = i;
        while (i < n && TOKCH(up[i]))
            i++;
        b = i;
        while (a < b && TRIMCH(up[a]))
            a++;
        while (b > a && TRIMCH(up[b - 1]))
            b--;
        if (b > a) {
            sqlite3_bind_text(ins, 1, up + a, (int)(b - a), SQLITE_STATIC);
            sqlite3_bind_int64(ins, 2, txn_id);
            sqlite3_step(ins);
            sqlite3_reset(ins);
        }
    }
#undef TOKCH
#undef TRIMCH
    g_free(whole);
    g_free(up);
}

/* 8. Trades paid by a wire naming the order (B2B exports, [bank] wire_trade_modes: no payment
 * receipt is declared for them): the unpaid trades of those modes (rc_b2b, by upper-case order
 * number), the credits' reference and remittance cut into tokens once (rc_tok, only the tokens
 * that are such an order number), then one join adds the `reference` candidates whose amount
 * settles the trade's declared value (order goods + freight, else the customs list's total). */
static void step_wires(rc_ctx *c, const char *win)
{
    char *wire = cbec_rc_wire_cond(c->r, "t.trade_mode");
    char *scope = cbec_rc_scope(c->r, "bank", "t.direction", "t.trade_mode");
    sqlite3_stmt *q = NULL, *ins = NULL;

    X(c,
      "CREATE TEMP TABLE rc_b2b(tkey TEXT PRIMARY KEY, ono TEXT, amount INTEGER, currency TEXT, amt_cny INTEGER,"
      " pdate TEXT) WITHOUT ROWID;"
      "INSERT INTO rc_b2b SELECT tkey, upper(order_no), amt, cur,"
      " cny(amt, cur, bdate), bdate FROM ("
      " SELECT t.tkey, t.order_no, t.bdate,"
      "  CASE WHEN o.goods_value IS NOT NULL THEN o.goods_value+coalesce(o.freight,0) ELSE l.total_value END AS amt,"
      "  coalesce(nullif(CASE WHEN o.goods_value IS NOT NULL THEN o.currency ELSE l.currency END,''),'CNY') AS cur"
      "  FROM rc_t t LEFT JOIN orders o ON o.order_id=t.order_id LEFT JOIN customs_list l ON l.list_id=t.list_id"
      "  WHERE t.payment_id IS NULL AND t.kind='T' AND coalesce(t.order_no,'')<>'' AND %s AND %s)"
      " WHERE amt IS NOT NULL;"
      "CREATE INDEX rc_b2b_o ON rc_b2b(ono);"
      "CREATE TEMP TABLE rc_tok(tok TEXT, txn_id INTEGER, PRIMARY KEY(tok, txn_id)) WITHOUT ROWID;",
      wire, scope);
    g_free(wire);
    g_free(scope);
    if (c->failed || scalar(c->db, "SELECT count(*) FROM rc_b2b") == 0)
        return;
    if (sqlite3_prepare_v2(c->db, "SELECT txn_id, reference, remittance FROM rc_cr"
                                  " WHERE txn_id NOT IN (SELECT txn_id FROM rc_done)", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO rc_tok SELECT ?1, ?2"
                                  " WHERE EXISTS (SELECT 1 FROM rc_b2b WHERE ono=?1)", -1, &ins, NULL) != SQLITE_OK) {
        *c->why = g_strdup_printf("reconcile: %s", sqlite3_errmsg(c->db));
        c->failed = 1;
    } else {
        while (sqlite3_step(q) == SQLITE_ROW)
            for (int col = 1; col <= 2; col++)
                if (sqlite3_column_type(q, col) != SQLITE_NULL)
                    add_tokens(ins, sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, col));
    }
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    X(c,
      "INSERT INTO rc_cand(stage, txn_id, gkey, note)"
      " SELECT DISTINCT 'reference', cr.txn_id, 'T:'||p.tkey, rc_note(cr.amount, cr.currency, p.amount, p.currency, 1)"
      " FROM rc_tok k JOIN rc_b2b p ON p.ono=k.tok JOIN rc_cr cr ON cr.txn_id=k.txn_id"
      " WHERE p.tkey NOT IN (SELECT tkey FROM rc_setl)"
      " AND rc_settles(cr.amount, cr.currency, cr.amt_cny, p.amount, p.currency, p.amt_cny) AND %s;",
      win);
}

/* Whose money each credited account receives (a platform's or e-commerce enterprise's code), so that
 * counterparty_day matches a credit only against that enterprise's payments.  The explicit
 * [accounts] table wins; otherwise the statement's account holder (camt Acct/Ownr/Nm), folded,
 * must name exactly one enterprise (the enterprise register, or the ebpName/ebcName its orders
 * declare).  A name naming several is reported and the account is treated as of unknown owner.
 * Returns whether any credited account has an owner. */
static int step_owners(rc_ctx *c)
{
    GHashTableIter it;
    gpointer k, v;
    sqlite3_stmt *q;

    X(c, "CREATE TEMP TABLE rc_own(acct TEXT PRIMARY KEY, owner TEXT NOT NULL) WITHOUT ROWID;"
         "CREATE TEMP TABLE rc_oamb(acct TEXT PRIMARY KEY, n INTEGER, codes TEXT) WITHOUT ROWID;");
    g_hash_table_iter_init(&it, c->r->accounts);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        char *sql = sqlite3_mprintf("INSERT OR REPLACE INTO rc_own VALUES (%Q, %Q)", (const char *)k, (const char *)v);
        X(c, "%s", sql);
        sqlite3_free(sql);
    }
    X(c, "CREATE TEMP TABLE rc_oname(acct TEXT, fname TEXT, PRIMARY KEY(acct, fname)) WITHOUT ROWID;"
         "INSERT OR IGNORE INTO rc_oname SELECT a, rc_fold(owner_name) FROM (SELECT upper(replace(account,' ',''))"
         " AS a, owner_name FROM bank_statement WHERE coalesce(trim(owner_name),'')<>'')"
         " WHERE a IN (SELECT acct FROM rc_cr) AND a NOT IN (SELECT acct FROM rc_own);");
    if (c->failed || scalar(c->db, "SELECT count(*) FROM rc_oname") == 0)
        goto done;
    /* Names as declared: the register, and each distinct (name, code) of the orders' platforms and
     * e-commerce enterprises (distinct first, so only a few names are folded). */
    X(c, "CREATE TEMP TABLE rc_ename(fname TEXT, code TEXT, PRIMARY KEY(fname, code)) WITHOUT ROWID;"
         "INSERT OR IGNORE INTO rc_ename SELECT f, code FROM (SELECT rc_fold(n) AS f, code FROM ("
         "  SELECT name AS n, code FROM enterprise"
         /* One pass over orders for both enterprises of each order. */
         "  UNION SELECT CASE k WHEN 0 THEN pn ELSE sn END, CASE k WHEN 0 THEN pc ELSE sc END FROM"
         "  (SELECT DISTINCT platform_name AS pn, platform_code AS pc, seller_name AS sn, seller_code AS sc FROM orders),"
         "  (SELECT 0 AS k UNION ALL SELECT 1))"
         "  WHERE coalesce(trim(n),'')<>'' AND coalesce(code,'')<>'')"
         " WHERE f IN (SELECT fname FROM rc_oname);"
         "INSERT INTO rc_own SELECT a.acct, min(e.code) FROM rc_oname a JOIN rc_ename e ON e.fname=a.fname"
         " GROUP BY a.acct HAVING count(DISTINCT e.code)=1;"
         "INSERT INTO rc_oamb SELECT acct, count(*), group_concat(code, ', ') FROM (SELECT DISTINCT a.acct, e.code"
         " FROM rc_oname a JOIN rc_ename e ON e.fname=a.fname ORDER BY a.acct, e.code)"
         " GROUP BY acct HAVING count(*)>1;");
    if (!c->failed &&
        sqlite3_prepare_v2(c->db, "SELECT acct, n, codes FROM rc_oamb ORDER BY acct", -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW)
            cbec_warn("reconcile: the holder of account %s names %d enterprises (%s): its credits are matched as"
                      " of an unknown owner; map it in [accounts]",
                      (const char *)sqlite3_column_text(q, 0), sqlite3_column_int(q, 1),
                      (const char *)sqlite3_column_text(q, 2));
        sqlite3_finalize(q);
    }
done:
    X(c, "UPDATE rc_cr SET owner=(SELECT owner FROM rc_own o WHERE o.acct=rc_cr.acct)"
         " WHERE acct IN (SELECT acct FROM rc_own);");
    return !c->failed && scalar(c->db, "SELECT count(*) FROM rc_cr WHERE owner IS NOT NULL") > 0;
}

static void step_bank(rc_ctx *c)
{
    const cbec_rc_rules *r = c->r;
    GString *ign = g_string_new("''");
    char win_p[200], win_s[200], win_d[200];
    char *bscope;
    GString *need = g_string_new("0"), *tneed = g_string_new("");
    int owners;

    for (char **p = r->ignore_refs; *p; p++) {
        char *q = sqlite3_mprintf(",upper(%Q)", *p);
        g_string_append(ign, q);
        sqlite3_free(q);
    }
#define WIN(buf, d) g_snprintf(buf, sizeof buf, "(cr.bdate IS NULL OR %s IS NULL OR julianday(cr.bdate)-julianday(%s)" \
                               " BETWEEN -%lld AND %lld)", d, d, (long long)r->lead_days, (long long)r->window_days)
    WIN(win_p, "p.pdate");
    WIN(win_s, "g.ddate");
    WIN(win_d, "g.pdate");
#undef WIN
    X(c,
      "CREATE TEMP TABLE rc_cr(txn_id INTEGER PRIMARY KEY, amount INTEGER, currency TEXT, amt_cny INTEGER,"
      " bdate TEXT, cp TEXT, reference TEXT, remittance TEXT, batch_ref TEXT, tol INTEGER, acct TEXT, owner TEXT);"
      "INSERT INTO rc_cr SELECT txn_id, amount, cur, cny(amount, cur, bdate), bdate,"
      " rc_fold(counterparty), ref, rem, bat, rc_tolb(amount, cur), upper(replace(acc,' ','')), NULL FROM (SELECT b.*,"
      "  coalesce(nullif(b.account,''), (SELECT s.account FROM bank_statement s WHERE s.statement_id=b.statement_id))"
      "  AS acc,"
      "  coalesce(nullif(b.currency,''),'CNY') AS cur,"
      "  coalesce(" SDATE("b.booking_date") ", " SDATE("b.value_date") ") AS bdate,"
      "  CASE WHEN upper(trim(b.reference)) IN (%s) THEN NULL ELSE trim(b.reference) END AS ref,"
      "  CASE WHEN upper(trim(b.remittance)) IN (%s) THEN NULL ELSE trim(b.remittance) END AS rem,"
      "  nullif(trim(b.batch_ref),'') AS bat"
      "  FROM bank_txn b WHERE b.direction='C' AND b.reversal=0);"
      "CREATE TEMP TABLE rc_cand(stage TEXT, txn_id INTEGER, gkey TEXT, note TEXT);"
      "CREATE INDEX rc_cand_s ON rc_cand(stage, txn_id);"
      "CREATE TEMP TABLE rc_grp(gkey TEXT, tkey TEXT, PRIMARY KEY(gkey, tkey)) WITHOUT ROWID;"
      "CREATE TEMP TABLE rc_match(txn_id INTEGER PRIMARY KEY, gkey TEXT, stage TEXT, note TEXT);"
      "CREATE TEMP TABLE rc_amb(txn_id INTEGER, stage TEXT, gkey TEXT, PRIMARY KEY(txn_id, stage, gkey));"
      "CREATE TEMP TABLE rc_done(txn_id INTEGER PRIMARY KEY);"
      "CREATE TEMP TABLE rc_setl(tkey TEXT PRIMARY KEY, txn_id INTEGER, stage TEXT, note TEXT);",
      ign->str, ign->str);
    g_string_free(ign, TRUE);
    /* No bank credits (no statements this far): nothing to match, nothing to index. */
    if (c->failed || scalar(c->db, "SELECT count(*) FROM rc_cr") == 0) {
        g_string_free(need, TRUE);
        g_string_free(tneed, TRUE);
        return;
    }
    owners = step_owners(c);
    /* Only payments whose money reaches the zone's accounts ([bank] directions) can be settled. */
    bscope = cbec_rc_scope(r, "bank", "coalesce(t.direction, p.direction)", "t.trade_mode");
    /* Only the payments some enabled stage could use: named by a credit's reference, in a
     * settlement batch, of a company a credit's counterparty names (all of that company's payments,
     * so its day groups stay whole), or of a credit's amount within tolerance.  They are picked
     * from the payment table (rc_pneed), so the trades of the others are skipped without reading
     * their payment. */
    for (char **st = r->stages; *st; st++) {
        if (strcmp(*st, "reference") == 0) {
            X(c, "CREATE TEMP TABLE IF NOT EXISTS rc_refs(ref TEXT PRIMARY KEY) WITHOUT ROWID;"
                 "INSERT OR IGNORE INTO rc_refs SELECT reference FROM rc_cr WHERE reference IS NOT NULL"
                 " UNION SELECT remittance FROM rc_cr WHERE remittance IS NOT NULL;");
            g_string_append(need, " OR p.pay_transaction_id IN (SELECT ref FROM rc_refs)");
            g_string_assign(tneed, " OR t.order_no IN (SELECT ref FROM rc_refs)");
        } else if (strcmp(*st, "settlement_ref") == 0 || strcmp(*st, "settlement_amount") == 0)
            g_string_append(need, " OR p.settlement_id IS NOT NULL");
        else if (strcmp(*st, "counterparty_day") == 0) {
            X(c, "CREATE TEMP TABLE IF NOT EXISTS rc_pco(pay_code TEXT PRIMARY KEY) WITHOUT ROWID;"
                 /* Distinct (code, name) pairs first: a few hundred names folded, not two per payment. */
                 "INSERT OR IGNORE INTO rc_pco SELECT pay_code FROM (SELECT DISTINCT pay_code, pay_name FROM payment)"
                 " WHERE rc_fold(pay_name) IN (SELECT cp FROM rc_cr) OR rc_fold(pay_code) IN (SELECT cp FROM rc_cr);");
            g_string_append(need, " OR p.pay_code IN (SELECT pay_code FROM rc_pco)");
        } else if (strcmp(*st, "amount_window") == 0) {
            X(c, "CREATE INDEX IF NOT EXISTS rc_cr_amt ON rc_cr(currency, amount);");
            /* Cheap bounds first: a currency some credit has, within all credits' amount range. */
            g_string_append(need, " OR (p.cur IN (SELECT currency FROM rc_cr)"
                                  " AND p.amount BETWEEN (SELECT min(amount-tol) FROM rc_cr)"
                                  " AND (SELECT max(amount+tol) FROM rc_cr)"
                                  " AND EXISTS (SELECT 1 FROM rc_cr cr WHERE cr.currency=p.cur"
                                  " AND cr.amount BETWEEN p.amount-(SELECT max(tol) FROM rc_cr)"
                                  " AND p.amount+(SELECT max(tol) FROM rc_cr)"
                                  " AND p.amount BETWEEN cr.amount-cr.tol AND cr.amount+cr.tol))");
        }
    }
    X(c, "CREATE TEMP TABLE rc_pneed(payment_id INTEGER PRIMARY KEY);"
         "INSERT INTO rc_pneed SELECT payment_id FROM (SELECT payment_id, pay_transaction_id, pay_code, settlement_id,"
         " amount, coalesce(nullif(currency,''),'CNY') AS cur FROM payment) p WHERE %s;",
      need->str);
    X(c,
      "CREATE TEMP TABLE rc_pay(tkey TEXT NOT NULL, payment_id INTEGER, order_no TEXT, ptxn TEXT, pay_code TEXT,"
      " pay_name TEXT, amount INTEGER, currency TEXT, amt_cny INTEGER, pdate TEXT, settlement_id INTEGER,"
      " platform_code TEXT, seller_code TEXT);"
      "INSERT INTO rc_pay SELECT t.tkey, p.payment_id, t.order_no, p.pay_transaction_id, p.pay_code, p.pay_name,"
      " p.amount, cur, cny(p.amount, cur, pd), pd,"
      " p.settlement_id, t.platform_code,"
      /* The e-commerce enterprise, looked up only when some credited account has an owner. */
      " CASE WHEN %d THEN coalesce(t.seller,"
      "  (SELECT l.seller_code FROM customs_list l WHERE l.list_id=t.list_id)) END FROM rc_t t"
      " JOIN (SELECT payment.*, coalesce(nullif(currency,''),'CNY') AS cur, " SDATE("pay_time") " AS pd"
      "  FROM payment) p ON p.payment_id=t.payment_id"
      " WHERE (t.payment_id IN (SELECT payment_id FROM rc_pneed)%s) AND %s"
      /* Older or newer than any credit's window: no stage could match it (a settlement batch can). */
      "  AND (p.pd IS NULL OR p.settlement_id IS NOT NULL OR p.pd BETWEEN"
      "   date((SELECT min(bdate) FROM rc_cr), '-%lld days') AND date((SELECT max(bdate) FROM rc_cr), '+%lld days'));"
      "CREATE UNIQUE INDEX rc_pay_key ON rc_pay(tkey); CREATE INDEX rc_pay_order ON rc_pay(order_no); CREATE INDEX rc_pay_ptxn ON rc_pay(ptxn);"
      "CREATE INDEX rc_pay_sid ON rc_pay(settlement_id); CREATE INDEX rc_pay_co ON rc_pay(pay_code, pdate, currency);"
      "CREATE INDEX rc_pay_amt ON rc_pay(currency, amount);"
      /* Settlement batches with the unsettled trades they pay (payments linked to them, or the
       * orders named in their components). */
      "CREATE TEMP TABLE rc_sg(sid INTEGER PRIMARY KEY, ref TEXT, total INTEGER, cur TEXT, total_cny INTEGER,"
      " ddate TEXT);"
      "INSERT INTO rc_sg SELECT settlement_id, settlement_ref, total, cur, cny(total, cur, dd), dd"
      " FROM (SELECT s.settlement_id, s.settlement_ref, coalesce(s.total_amount,"
      "  (SELECT sum(p.amount) FROM rc_pay p WHERE p.settlement_id=s.settlement_id)) AS total,"
      "  coalesce(nullif(s.currency,''),'CNY') AS cur,"
      "  coalesce(" SDATE("s.deposit_date") ", " SDATE("s.period_end") ") AS dd FROM settlement s);"
      "CREATE INDEX rc_sg_ref ON rc_sg(ref);",
      owners, tneed->str, bscope, (long long)r->window_days, (long long)r->lead_days);
    g_free(bscope);
    g_string_free(need, TRUE);
    g_string_free(tneed, TRUE);

    for (char **st = r->stages; *st && !c->failed; st++) {
        if (strcmp(*st, "reference") == 0) {
            step_wires(c, win_p);
            X(c,
              "INSERT INTO rc_cand(stage, txn_id, gkey, note)"
              " WITH k(txn_id, ref) AS (SELECT txn_id, reference FROM rc_cr WHERE reference IS NOT NULL"
              "  AND txn_id NOT IN (SELECT txn_id FROM rc_done)"
              "  UNION SELECT txn_id, remittance FROM rc_cr WHERE remittance IS NOT NULL"
              "  AND txn_id NOT IN (SELECT txn_id FROM rc_done)),"
              " m(txn_id, tkey) AS (SELECT k.txn_id, p.tkey FROM k JOIN rc_pay p ON p.order_no=k.ref"
              "  UNION SELECT k.txn_id, p.tkey FROM k JOIN rc_pay p ON p.ptxn=k.ref)"
              " SELECT 'reference', cr.txn_id, 'T:'||p.tkey, rc_note(cr.amount, cr.currency, p.amount, p.currency, 1)"
              " FROM m JOIN rc_cr cr ON cr.txn_id=m.txn_id JOIN rc_pay p ON p.tkey=m.tkey"
              " WHERE p.tkey NOT IN (SELECT tkey FROM rc_setl)"
              " AND rc_settles(cr.amount, cr.currency, cr.amt_cny, p.amount, p.currency, p.amt_cny) AND %s;"
              "INSERT OR IGNORE INTO rc_grp SELECT DISTINCT gkey, substr(gkey, 3) FROM rc_cand"
              " WHERE stage='reference';",
              win_p);
        } else if (strcmp(*st, "settlement_ref") == 0 || strcmp(*st, "settlement_amount") == 0) {
            int byref = strcmp(*st, "settlement_ref") == 0;
            X(c,
              "INSERT INTO rc_cand(stage, txn_id, gkey, note)"
              " SELECT '%s', cr.txn_id, 'S:'||g.sid, rc_note(cr.amount, cr.currency, g.total, g.cur, 1)"
              " FROM rc_cr cr JOIN rc_sg g ON %s"
              " WHERE cr.txn_id NOT IN (SELECT txn_id FROM rc_done)"
              " AND 'S:'||g.sid NOT IN (SELECT gkey FROM rc_match)"
              " AND rc_settles(cr.amount, cr.currency, cr.amt_cny, g.total, g.cur, g.total_cny) AND %s;"
              "INSERT OR IGNORE INTO rc_grp SELECT 'S:'||p.settlement_id, p.tkey FROM rc_pay p"
              " WHERE 'S:'||p.settlement_id IN (SELECT gkey FROM rc_cand WHERE stage='%s')"
              " AND p.tkey NOT IN (SELECT tkey FROM rc_setl);"
              "INSERT OR IGNORE INTO rc_grp SELECT 'S:'||sc.settlement_id, t.tkey FROM settlement_component sc"
              " JOIN settlement s ON s.settlement_id=sc.settlement_id"
              " JOIN rc_t t ON t.order_no=sc.order_no AND t.platform_code=s.platform_code AND t.kind='T'"
              " WHERE 'S:'||sc.settlement_id IN (SELECT gkey FROM rc_cand WHERE stage='%s')"
              " AND t.tkey NOT IN (SELECT tkey FROM rc_setl);",
              *st,
              byref ? "g.ref IN (cr.reference, cr.remittance, cr.batch_ref)" : "1",
              win_s, *st, *st);
        } else if (strcmp(*st, "counterparty_day") == 0) {
            X(c,
              /* Day groups of a company (owner ''), for credits into accounts of unknown owner... */
              "DROP TABLE IF EXISTS temp.rc_dg;"
              "CREATE TEMP TABLE rc_dg AS SELECT 'D:'||pay_code||':'||pdate||':'||currency AS gkey, '' AS owner,"
              " pay_code, pdate, currency AS cur, rc_fold(max(pay_name)) AS pname, rc_fold(pay_code) AS pcode,"
              " sum(amount) AS total, sum(amt_cny) AS total_cny, count(*) AS n FROM rc_pay"
              " WHERE tkey NOT IN (SELECT tkey FROM rc_setl)"
              " AND coalesce(pay_code,'')<>'' AND pdate IS NOT NULL GROUP BY pay_code, pdate, currency;");
            /* ...and of a company for one enterprise (its trades' platform or e-commerce enterprise), for
             * credits into that enterprise's account: a company settles each platform's day apart. */
            if (owners)
                X(c,
                  "INSERT INTO rc_dg SELECT 'E:'||p.pay_code||':'||o.owner||':'||p.pdate||':'||p.currency, o.owner,"
                  " p.pay_code, p.pdate, p.currency, rc_fold(max(p.pay_name)), rc_fold(p.pay_code), sum(p.amount),"
                  " sum(p.amt_cny), count(*) FROM (SELECT DISTINCT owner FROM rc_cr WHERE owner IS NOT NULL) o"
                  " JOIN rc_pay p ON o.owner IN (p.platform_code, p.seller_code)"
                  " WHERE p.tkey NOT IN (SELECT tkey FROM rc_setl) AND coalesce(p.pay_code,'')<>''"
                  " AND p.pdate IS NOT NULL GROUP BY p.pay_code, o.owner, p.pdate, p.currency;");
            X(c,
              "CREATE INDEX rc_dg_k ON rc_dg(gkey); CREATE INDEX rc_dg_n ON rc_dg(pname, owner);"
              " CREATE INDEX rc_dg_c ON rc_dg(pcode, owner);"
              "INSERT INTO rc_cand(stage, txn_id, gkey, note)"
              " SELECT DISTINCT 'counterparty_day', cr.txn_id, g.gkey, rc_note(cr.amount, cr.currency, g.total, g.cur, g.n)"
              " FROM rc_cr cr JOIN rc_dg g ON g.gkey IN (SELECT gkey FROM rc_dg WHERE pname=cr.cp"
              "  AND owner=coalesce(cr.owner,'') UNION SELECT gkey FROM rc_dg WHERE pcode=cr.cp"
              "  AND owner=coalesce(cr.owner,''))"
              " WHERE cr.cp IS NOT NULL AND cr.txn_id NOT IN (SELECT txn_id FROM rc_done)"
              " AND rc_settles(cr.amount, cr.currency, cr.amt_cny, g.total, g.cur, g.total_cny) AND %s;"
              "INSERT OR IGNORE INTO rc_grp SELECT g.gkey, p.tkey FROM rc_dg g JOIN rc_pay p"
              " ON p.pay_code=g.pay_code AND p.pdate=g.pdate AND p.currency=g.cur"
              "  AND (g.owner='' OR g.owner IN (p.platform_code, p.seller_code))"
              " WHERE g.gkey IN (SELECT gkey FROM rc_cand WHERE stage='counterparty_day')"
              " AND p.tkey NOT IN (SELECT tkey FROM rc_setl);",
              win_d);
        } else if (strcmp(*st, "amount_window") == 0) {
            X(c,
              "INSERT INTO rc_cand(stage, txn_id, gkey, note)"
              " SELECT 'amount_window', cr.txn_id, 'T:'||p.tkey, rc_note(cr.amount, cr.currency, p.amount, p.currency, 1)"
              " FROM rc_cr cr JOIN rc_pay p ON p.currency=cr.currency"
              "  AND p.amount BETWEEN cr.amount - cr.tol AND cr.amount + cr.tol"
              " WHERE cr.txn_id NOT IN (SELECT txn_id FROM rc_done) AND p.tkey NOT IN (SELECT tkey FROM rc_setl)"
              " AND %s;"
              "INSERT OR IGNORE INTO rc_grp SELECT DISTINCT gkey, substr(gkey, 3) FROM rc_cand"
              " WHERE stage='amount_window';",
              win_p);
        }
        resolve_stage(c, *st);
    }

    /* Credits nothing explains get their own row.  (The trades' settling credit is read from rc_setl
     * by the result query, step_results: no second write of each settled trade.) */
    if (cbec_rc_enabled(r, "BANK_UNEXPLAINED"))
        X(c,
          "INSERT INTO rc_t(tkey, kind, bdate, bank_txn_id, amount, currency, detail)"
          " SELECT 'B:'||cr.txn_id, 'B', cr.bdate, cr.txn_id, cr.amount, cr.currency,"
          " coalesce((SELECT 'ambiguous: '||count(DISTINCT a.gkey)||' candidates ('||group_concat(DISTINCT a.stage)||')'"
          "  FROM rc_amb a WHERE a.txn_id=cr.txn_id),"
          "  (SELECT 'account owner ambiguous: '||o.n||' enterprises ('||o.codes||')' FROM rc_oamb o"
          "  WHERE o.acct=cr.acct))"
          " FROM rc_cr cr WHERE cr.txn_id NOT IN (SELECT txn_id FROM rc_match);");
}

/* The condition of one reason code over rc_t t (with its list's currency and value), orders o, payment p, shipment s. */
static char *reason_cond(const cbec_rc_rules *r, const char *code, const char *cov)
{
    char *sc = cbec_rc_scope(r, code, "t.direction", "t.trade_mode");
    char *res = NULL;
    if (!cbec_rc_enabled(r, code)) {
        g_free(sc);
        return NULL;
    }
    if (strcmp(code, "ORDER_MISSING") == 0)
        res = g_strdup("t.kind='T' AND t.order_id IS NULL");
    else if (strcmp(code, "DUPLICATE_KEY") == 0)
        /* Uncorrelated IN lists: built once, then a cheap membership test per trade. */
        res = g_strdup("(t.order_id IN (SELECT row_id FROM rc_dup WHERE kind='orders')"
                       " OR t.payment_id IN (SELECT row_id FROM rc_dup WHERE kind='payment')"
                       " OR t.shipment_id IN (SELECT row_id FROM rc_dup WHERE kind='shipment')"
                       " OR t.list_id IN (SELECT row_id FROM rc_dup WHERE kind='customs_list'))");
    else if (strcmp(code, "PAYMENT_MISSING") == 0) {
        /* A trade paid by wire (B2B) has no receipt to miss: its credit is the evidence; without
         * one it is missing once the bank data reaches grace_days past the trade date. */
        char *wire = cbec_rc_wire_cond(r, "t.trade_mode");
        res = g_strdup_printf("t.order_id IS NOT NULL AND t.payment_id IS NULL AND %s AND NOT coalesce(%s AND"
                              " (t.bank_txn_id IS NOT NULL OR (%s IS NOT NULL AND t.bdate > date(%s, '-%lld days'))), 0)",
                              sc, wire, cov, cov, (long long)r->wire_grace);
        g_free(wire);
    }
    else if (strcmp(code, "SHIPMENT_MISSING") == 0)
        res = g_strdup_printf("t.order_id IS NOT NULL AND t.shipment_id IS NULL AND %s", sc);
    else if (strcmp(code, "LIST_MISSING") == 0)
        res = g_strdup_printf("t.order_id IS NOT NULL AND t.list_id IS NULL AND %s", sc);
    else if (strcmp(code, "CURRENCY_MISMATCH") == 0)
        res = g_strdup_printf("t.order_id IS NOT NULL AND coalesce(o.currency,'')<>'' AND ("
                              "(coalesce(p.currency,'')<>'' AND p.currency<>o.currency)"
                              " OR (coalesce(t.l_currency,'')<>'' AND t.l_currency<>o.currency)) AND %s", sc);
    else if (strcmp(code, "AMOUNT_MISMATCH") == 0) {
        int formula = cbec_rc_bool(r, code, "check_formula", 1), list = cbec_rc_bool(r, code, "check_list", 0);
        res = g_strdup_printf(
            "t.order_id IS NOT NULL AND %s AND ("
            "(%d AND o.actual_paid IS NOT NULL AND o.goods_value IS NOT NULL"
            "  AND rc_differs(o.actual_paid, " FORMULA ", o.currency))"
            " OR (p.amount IS NOT NULL AND coalesce(nullif(p.currency,''), o.currency) IS o.currency"
            "  AND rc_differs(p.amount, coalesce(o.actual_paid, CASE WHEN o.goods_value IS NOT NULL THEN " FORMULA
            " END), o.currency))"
            " OR (%d AND t.l_total_value IS NOT NULL AND coalesce(nullif(t.l_currency,''), o.currency) IS o.currency"
            "  AND rc_differs(t.l_total_value, o.goods_value, o.currency)))",
            sc, formula, list);
    } else if (strcmp(code, "PAYER_NOT_BUYER") == 0) {
        int key = cbec_rc_list_has(r, code, "fields", "key", "key");
        int name = cbec_rc_list_has(r, code, "fields", "key", "name");
        res = g_strdup_printf("t.order_id IS NOT NULL AND t.payment_id IS NOT NULL AND %s AND ("
                              "(%d AND p.payer_key IS NOT NULL AND o.buyer_key IS NOT NULL AND p.payer_key<>o.buyer_key)"
                              " OR (%d AND coalesce(p.payer_name,'')<>'' AND coalesce(o.buyer_name,'')<>''"
                              "  AND rc_norm(p.payer_name)<>rc_norm(o.buyer_name)))",
                              sc, key, name);
    } else if (strcmp(code, "CONSIGNEE_MISMATCH") == 0) {
        int key = cbec_rc_list_has(r, code, "fields", "key;name", "key");
        int name = cbec_rc_list_has(r, code, "fields", "key;name", "name");
        int addr = cbec_rc_list_has(r, code, "fields", "key;name", "address");
        res = g_strdup_printf(
            "t.order_id IS NOT NULL AND t.shipment_id IS NOT NULL AND %s AND ("
            "(%d AND s.consignee_key IS NOT NULL AND o.consignee_key IS NOT NULL AND s.consignee_key<>o.consignee_key)"
            " OR (%d AND coalesce(s.consignee_name,'')<>'' AND coalesce(o.consignee_name,'')<>''"
            "  AND rc_norm(s.consignee_name)<>rc_norm(o.consignee_name))"
            " OR (%d AND coalesce(s.consignee_address,'')<>'' AND coalesce(o.consignee_address,'')<>''"
            "  AND rc_norm(s.consignee_address)<>rc_norm(o.consignee_address)))",
            sc, key, name, addr);
    } else if (strcmp(code, "UNSETTLED") == 0) {
        int64_t grace = cbec_rc_int(r, code, "grace_days", 3);
        res = g_strdup_printf("t.kind='T' AND t.payment_id IS NOT NULL AND t.bank_txn_id IS NULL AND %s AND"
                              " %s IS NOT NULL AND " SDATE("p.pay_time") " <= date(%s, '-%lld days')",
                              sc, cov, cov, (long long)grace);
    } else if (strcmp(code, "BANK_UNEXPLAINED") == 0)
        res = g_strdup("t.kind='B'");
    g_free(sc);
    return res;
}

/* 4. Reasons, status, value and pre-check: builds the annual-limit table and returns the result
 * query (one row per trade of rc_t, in tkey order; g_free), which step_merge writes straight
 * into flow -- the results are never copied into a temp table. */
#define PC_CNY "cny(x.pc_amount, x.currency, x.bdate)"
static char *step_results(rc_ctx *c, const char *date, int64_t run_id)
{
    const cbec_rc_rules *r = c->r;
    GString *reasons = g_string_new("0");
    char *pcs = cbec_rc_scope(r, "precheck", "t.direction", "t.trade_mode");
    char *ver = sqlite3_mprintf("%Q", r->version), *d = sqlite3_mprintf("%Q", date);
    char *cov = NULL, *res;
    sqlite3_stmt *q;
    int nodup;
    int64_t payer_bit = 0, cons_bit = 0;

    /* How far the bank data reaches: trades paid before that (minus grace) should be settled. */
    if (sqlite3_prepare_v2(c->db, "SELECT max(d) FROM (SELECT max(" SDATE("booking_date") ") AS d FROM bank_txn"
                                  " UNION ALL SELECT max(" SDATE("closing_date") ") FROM bank_statement)",
                           -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            cov = sqlite3_mprintf("%Q", (const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    if (!cov)
        cov = sqlite3_mprintf("NULL");
    nodup = scalar(c->db, "SELECT count(*) FROM rc_dup") == 0;
    /* The reasons as a bit mask (bit i = the pack's i-th code): rc_reasons and rc_status spell it. */
    for (int i = 0; r->order[i] && i < 63; i++) {
        const char *code = r->order[i];
        /* No DUPLICATE_KEY finding at all: that rule cannot fire, skip its four lookups per trade. */
        char *cond = nodup && strcmp(code, "DUPLICATE_KEY") == 0 ? NULL : reason_cond(r, code, cov);
        if (cond)
            g_string_append_printf(reasons, "|CASE WHEN %s THEN %lld ELSE 0 END", cond, (long long)1 << i);
        if (strcmp(code, "PAYER_NOT_BUYER") == 0)
            payer_bit = (int64_t)1 << i;
        else if (strcmp(code, "CONSIGNEE_MISMATCH") == 0)
            cons_bit = (int64_t)1 << i;
        g_free(cond);
    }
    /* Annual limit: the buyer's running total of transaction prices in the calendar year, this trade
     * included; only the orders past the limit are kept (integer keys, inserted in order). */
    X(c,
      "CREATE TEMP TABLE rc_annual(order_id INTEGER PRIMARY KEY);"
      "INSERT OR IGNORE INTO rc_annual SELECT order_id FROM (SELECT t.order_id,"
      "  sum(cny(amt, cur, t.bdate)) OVER (PARTITION BY o.buyer_key, substr(t.bdate,1,4)"
      "  ORDER BY o.order_time, o.order_id ROWS UNBOUNDED PRECEDING) AS run"
      " FROM rc_t t JOIN (SELECT order_id, buyer_key, order_time, coalesce(nullif(currency,''),'CNY') AS cur,"
      "  coalesce(goods_value,0)+coalesce(freight,0)-coalesce(discount,0) AS amt FROM orders"
      "  WHERE buyer_key IS NOT NULL AND goods_value IS NOT NULL) o ON o.order_id=t.order_id"
      " WHERE %s) WHERE run > %lld ORDER BY order_id;",
      pcs, (long long)r->annual_limit);
    /* The inner query x is kept a co-routine (OFFSET 0: not flattened), so that its reason and
     * amount expressions are evaluated once per trade, not once per use. */
    /* The inner query x is kept a co-routine (OFFSET 0: not flattened), so that its reason and
     * amount expressions are evaluated once per trade, not once per use.  The pre-check's PAYER
     * and CONSIGNEE are the reasons' conditions (their bits), within the pre-check's scope. */
    res = g_strdup_printf(
      "SELECT tkey, order_no, platform_code, direction, trade_mode, rc_status(rmask) AS status,"
      " rc_reasons(rmask) AS reasons, order_id, payment_id, shipment_id, list_id, bank_txn_id,"
      " cny(x.amount, x.currency, x.bdate)"
      " AS value_cny, bdate, rule_version, %s AS first_seen, NULL AS resolved_on, %lld AS updated_run_id,"
      " rc_precheck(pc_scope AND arith, pc_scope AND rmask&%lld, pc_scope AND rmask&%lld,"
      "  pc_scope AND " PC_CNY " > %lld, x.order_id IN (SELECT order_id FROM rc_annual)) AS precheck,"
      " detail, CASE WHEN rmask<>0 THEN %s END AS exception_since FROM (SELECT t.tkey, t.kind, t.order_no, t.platform_code,"
      " coalesce(t.direction, p.direction, s.direction) AS direction,"
      " t.trade_mode, t.bdate, t.order_id, t.payment_id, t.shipment_id, t.list_id, t.bank_txn_id, t.detail,"
      " %s AS rmask, %s AS rule_version,"
      " CASE WHEN t.kind='B' THEN t.amount"
      "  WHEN o.order_id IS NOT NULL THEN coalesce(o.actual_paid, CASE WHEN o.goods_value IS NOT NULL THEN " FORMULA
      "  END, p.amount)"
      "  WHEN p.payment_id IS NOT NULL THEN p.amount WHEN t.list_id IS NOT NULL THEN t.l_total_value"
      "  ELSE s.declared_value END AS amount,"
      " coalesce(nullif(CASE WHEN t.kind='B' THEN t.currency WHEN o.order_id IS NOT NULL THEN"
      "  coalesce(nullif(o.currency,''), p.currency) WHEN p.payment_id IS NOT NULL THEN p.currency"
      "  WHEN t.list_id IS NOT NULL THEN t.l_currency ELSE s.currency END,''),'CNY') AS currency,"
      " CASE WHEN o.order_id IS NOT NULL AND o.goods_value IS NOT NULL THEN"
      "  coalesce(o.goods_value,0)+coalesce(o.freight,0)-coalesce(o.discount,0) END AS pc_amount,"
      " CASE WHEN o.order_id IS NOT NULL AND %s THEN 1 ELSE 0 END AS pc_scope,"
      " o.actual_paid IS NOT NULL AND o.goods_value IS NOT NULL"
      "  AND rc_differs(o.actual_paid, " FORMULA ", o.currency) AS arith"
      " FROM (SELECT r.rid, r.tkey, r.kind, r.order_no, r.platform_code, r.direction, r.trade_mode, r.bdate,"
      "  r.order_id, r.payment_id, r.shipment_id, r.list_id, r.amount, r.currency, r.l_currency, r.l_total_value,"
      "  CASE WHEN s.tkey IS NULL THEN r.bank_txn_id ELSE s.txn_id END AS bank_txn_id,"
      "  CASE WHEN s.tkey IS NULL THEN r.detail ELSE 'bank '||s.stage||coalesce(' ('||s.note||')','') END AS detail"
      "  FROM rc_t r LEFT JOIN rc_setl s ON s.tkey=r.tkey) t"
      " LEFT JOIN orders o ON o.order_id=t.order_id"
      " LEFT JOIN payment p ON p.payment_id=t.payment_id LEFT JOIN shipment s ON s.shipment_id=t.shipment_id"
      " ORDER BY t.tkey LIMIT -1 OFFSET 0) x WHERE 1",
      d, (long long)run_id, (long long)payer_bit, (long long)cons_bit, (long long)r->single_limit, d,
      reasons->str, ver, pcs);
    sqlite3_free(ver);
    sqlite3_free(cov);
    sqlite3_free(d);
    g_string_free(reasons, TRUE);
    g_free(pcs);
    return res;
}

/* 5. Merge into flow: one UPSERT from the result query.  Unchanged rows are not written; a
 * temporary trigger logs each status or reason change (old and new) in flow_change. */
static void step_merge(rc_ctx *c, const char *results, const char *date, int64_t run_id, cbec_rc_stats *stats)
{
    char now[40];
    char *d, *n;
    int64_t max_flow, max_change, nt;
    cbec_now_iso(now, sizeof now);
    d = sqlite3_mprintf("%Q", date);
    n = sqlite3_mprintf("%Q", now);
    /* A trade first seen without its order (no platform known) keeps its row when the order arrives. */
    X(c,
      "CREATE TEMP TABLE rc_adopt AS SELECT f.flow_id, min(r.tkey) AS tkey, min(r.platform_code) AS pc"
      " FROM flow f JOIN rc_t r ON r.order_no=f.order_no AND r.kind='T'"
      " WHERE f.platform_code='' AND f.order_id IS NULL AND f.flow_key LIKE 'O::%%'"
      " AND NOT EXISTS (SELECT 1 FROM rc_t x WHERE x.tkey=f.flow_key)"
      " AND NOT EXISTS (SELECT 1 FROM flow g WHERE g.flow_key=r.tkey)"
      " GROUP BY f.flow_id HAVING count(*)=1;"
      "UPDATE flow SET flow_key=a.tkey, platform_code=a.pc FROM rc_adopt a WHERE a.flow_id=flow.flow_id;");
    if (c->failed)
        goto done;
    /* New rows get flow_ids above the current maximum, change rows rowids above theirs. */
    max_flow = scalar(c->db, "SELECT coalesce(max(flow_id),0) FROM flow");
    max_change = scalar(c->db, "SELECT coalesce(max(rowid),0) FROM flow_change");
    X(c,
      "CREATE TEMP TRIGGER rc_log AFTER UPDATE OF status, reasons ON flow"
      " WHEN old.status IS NOT new.status OR old.reasons IS NOT new.reasons BEGIN"
      " INSERT INTO flow_change(flow_id, changed_at, business_date, old_status, new_status, old_reasons,"
      " new_reasons, run_id) VALUES (old.flow_id, %s, %s, old.status, new.status, old.reasons, new.reasons, %lld);"
      " END;",
      n, d, (long long)run_id);
    X(c,
      "INSERT INTO flow(flow_key, order_no, platform_code, direction, trade_mode, status, reasons, order_id,"
      " payment_id, shipment_id, list_id, bank_txn_id, value_cny, business_date, rule_version, first_seen,"
      " resolved_on, updated_run_id, precheck, detail, exception_since) %s"
      " ON CONFLICT(flow_key) DO UPDATE SET order_no=excluded.order_no, platform_code=excluded.platform_code,"
      " direction=excluded.direction, trade_mode=excluded.trade_mode, status=excluded.status,"
      " reasons=excluded.reasons, order_id=excluded.order_id, payment_id=excluded.payment_id,"
      " shipment_id=excluded.shipment_id, list_id=excluded.list_id, bank_txn_id=excluded.bank_txn_id,"
      " value_cny=excluded.value_cny, business_date=excluded.business_date, rule_version=excluded.rule_version,"
      " precheck=excluded.precheck, detail=excluded.detail,"
      " resolved_on=CASE WHEN excluded.status='MATCHED' AND flow.status<>'MATCHED' THEN %s"
      "  WHEN excluded.status<>'MATCHED' THEN NULL ELSE flow.resolved_on END,"
      " exception_since=CASE WHEN excluded.status<>'MATCHED' AND (flow.status='MATCHED' OR flow.exception_since IS NULL)"
      "  THEN excluded.exception_since ELSE flow.exception_since END, updated_run_id=%lld"
      " WHERE flow.order_no IS NOT excluded.order_no OR flow.platform_code IS NOT excluded.platform_code"
      " OR flow.direction IS NOT excluded.direction OR flow.trade_mode IS NOT excluded.trade_mode"
      " OR flow.status IS NOT excluded.status OR flow.reasons IS NOT excluded.reasons"
      " OR flow.order_id IS NOT excluded.order_id OR flow.payment_id IS NOT excluded.payment_id"
      " OR flow.shipment_id IS NOT excluded.shipment_id OR flow.list_id IS NOT excluded.list_id"
      " OR flow.bank_txn_id IS NOT excluded.bank_txn_id OR flow.value_cny IS NOT excluded.value_cny"
      " OR flow.business_date IS NOT excluded.business_date OR flow.rule_version IS NOT excluded.rule_version"
      " OR flow.precheck IS NOT excluded.precheck OR flow.detail IS NOT excluded.detail;"
      "DROP TRIGGER temp.rc_log;",
      results, d, (long long)run_id);
    if (c->failed)
        goto done;
    {
        char *q = g_strdup_printf("SELECT count(*) FROM flow_change WHERE rowid>%lld", (long long)max_change);
        stats->changed = scalar(c->db, q);
        g_free(q);
        q = g_strdup_printf("SELECT count(*) FROM flow WHERE flow_id>%lld", (long long)max_flow);
        stats->inserted = scalar(c->db, q);
        g_free(q);
    }
    /* Every trade's key is now in flow; when flow holds no more rows than there are trades, nothing
     * else is left to remove (saves a pass over flow). */
    nt = scalar(c->db, "SELECT count(*) FROM rc_t");
    if (scalar(c->db, "SELECT count(*) FROM flow") != nt) {
        X(c,
          "INSERT INTO flow_change(flow_id, changed_at, business_date, old_status, new_status, old_reasons,"
          " new_reasons, run_id) SELECT f.flow_id, %s, %s, f.status, 'REMOVED', f.reasons, '', %lld FROM flow f"
          " WHERE f.flow_key IS NULL OR NOT EXISTS (SELECT 1 FROM rc_t r WHERE r.tkey=f.flow_key);"
          "DELETE FROM flow WHERE flow_key IS NULL OR NOT EXISTS (SELECT 1 FROM rc_t r WHERE r.tkey=flow.flow_key);",
          n, d, (long long)run_id);
        if (!c->failed)
            stats->removed = sqlite3_changes(c->db);
    }
    /* Ambiguous credits and their candidates, for the reconciliation report. */
    X(c,
      "DELETE FROM flow_candidate;"
      "INSERT OR IGNORE INTO flow_candidate(bank_txn_id, rule, flow_key, order_no, platform_code)"
      " SELECT a.txn_id, a.stage, t.tkey, t.order_no, t.platform_code FROM rc_amb a"
      " JOIN rc_grp g ON g.gkey=a.gkey JOIN rc_t t ON t.tkey=g.tkey"
      " WHERE a.txn_id NOT IN (SELECT txn_id FROM rc_match);");
done:
    sqlite3_free(d);
    sqlite3_free(n);
}

/* Nothing changed since the latest reconciliation (same key on the latest run row that has
 * one): its counts into stats, and 1.  Inside the write transaction, so nothing moves meanwhile. */
static int kept_as_is(sqlite3 *db, const char *key, cbec_rc_stats *stats)
{
    sqlite3_stmt *s = NULL;
    int kept = 0;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(finished_at, started_at), reconcile_credits, reconcile_explained,"
                               " reconcile_ambiguous FROM run WHERE run_id=(SELECT max(run_id) FROM run"
                               " WHERE reconcile_key IS NOT NULL) AND reconcile_key=?1", -1, &s, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        kept = 1;
        g_strlcpy(stats->since, sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "?",
                  sizeof stats->since);
        stats->credits = sqlite3_column_int64(s, 1);
        stats->credits_matched = sqlite3_column_int64(s, 2);
        stats->ambiguous = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    if (kept) {
        stats->kept = 1;
        stats->flows = scalar(db, "SELECT count(*) FROM flow");
        stats->matched = scalar(db, "SELECT count(*) FROM flow WHERE status='MATCHED'");
    }
    return kept;
}

/* The key of what this run read and left, with its bank counts, on its run row (for the next rerun). */
static void write_key(rc_ctx *c, const cbec_rc_rerun *inputs, int64_t run_id, const cbec_rc_stats *stats)
{
    char *key;
    if (c->failed || run_id <= 0)
        return;
    key = cbec_rc_rerun_key_now(inputs, c->db);
    if (key)
        X(c, "UPDATE run SET reconcile_key='%s', reconcile_credits=%lld, reconcile_explained=%lld,"
             " reconcile_ambiguous=%lld WHERE run_id=%lld",
          key, (long long)stats->credits, (long long)stats->credits_matched, (long long)stats->ambiguous,
          (long long)run_id);
    g_free(key);
}

cbec_err cbec_reconcile(sqlite3 *db, const cbec_rc_rules *rules, const char *date, int64_t run_id,
                        cbec_rc_stats *stats, char **why)
{
    return cbec_reconcile_opt(db, rules, date, run_id, 0, stats, why);
}

cbec_err cbec_reconcile_opt(sqlite3 *db, const cbec_rc_rules *rules, const char *date, int64_t run_id, int full,
                            cbec_rc_stats *stats, char **why)
{
    rc_ctx c = {db, rules, why, 0};
    cbec_rc_stats local;
    gint64 t0 = g_get_monotonic_time();
    int64_t old_cache;
    char *results;
    /* The key's input part, hashed once: the run changes only the flow tables. */
    cbec_rc_rerun *inputs = NULL;

    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (!full) {
        char *key;
        X(&c, "BEGIN IMMEDIATE");
        if (c.failed)
            return CBEC_ERR_DB;
        inputs = cbec_rc_rerun_inputs(db, rules, date);
        key = cbec_rc_rerun_key_now(inputs, db);
        if (key && kept_as_is(db, key, stats)) {
            g_free(key);
            cbec_rc_rerun_free(inputs);
            X(&c, "COMMIT");
            stats->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
            return c.failed ? CBEC_ERR_DB : CBEC_ERR_NONE;
        }
        g_free(key);
        X(&c, "COMMIT");
        if (c.failed) {
            cbec_rc_rerun_free(inputs);
            return CBEC_ERR_DB;
        }
    }
    if (register_functions(db, rules) != 0) {
        *why = g_strdup_printf("reconcile: cannot register SQL functions: %s", sqlite3_errmsg(db));
        cbec_rc_rerun_free(inputs);
        return CBEC_ERR_DB;
    }
    drop_temp(&c);
    /* A bounded page cache large enough that the sorts and temp tables of a night stay mostly in
     * memory.  The dataset is read through a bounded memory map (32 MiB) rather than 4 KB pread(2)
     * copies into the page cache: 50k-trade night, 0.3 s less CPU (most of it system time); the
     * mapped pages count in the resident size, so the main cache is halved (16 MiB) to keep the
     * peak near where it was (+15 MB measured at 50k trades; at most +16 MB on any night). */
    old_cache = scalar(db, "PRAGMA main.cache_size");
    /* temp.secure_delete is left as SQLite has it.  With it off (the pages of dropped temp
     * tables not zeroed: ~0.2 s less on a 50k-trade night), a second reconcile on one
     * connection at 1M trades once found its temp database "malformed" after the temp tables
     * had spilled to disk; with it on, the same run passed.  Correct first. */
    X(&c, "PRAGMA main.cache_size=-16384; PRAGMA main.mmap_size=33554432; PRAGMA temp.cache_size=-65536;");
    X(&c, "BEGIN IMMEDIATE");
    if (c.failed) {
        cbec_rc_rerun_free(inputs);
        return CBEC_ERR_DB;
    }
    if (full)
        inputs = cbec_rc_rerun_inputs(db, rules, date);
    step_links(&c, date);
    step_trades(&c, date);
    step_bank(&c);
    results = step_results(&c, date, run_id);
    step_merge(&c, results, date, run_id, stats);
    g_free(results);
    if (!c.failed) {
        stats->credits = scalar(db, "SELECT count(*) FROM rc_cr");
        stats->credits_matched = scalar(db, "SELECT count(*) FROM rc_match");
        stats->ambiguous = scalar(db, "SELECT count(DISTINCT txn_id) FROM rc_amb WHERE txn_id NOT IN "
                                      "(SELECT txn_id FROM rc_match)");
        stats->flows = scalar(db, "SELECT count(*) FROM flow");
        stats->matched = scalar(db, "SELECT count(*) FROM flow WHERE status='MATCHED'");
    }
    write_key(&c, inputs, run_id, stats);
    cbec_rc_rerun_free(inputs);
    X(&c, "COMMIT");
    if (c.failed)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    drop_temp(&c);
    {
        char *sql = g_strdup_printf("PRAGMA main.cache_size=%lld; PRAGMA main.mmap_size=0;"
                                    " PRAGMA temp.cache_size=-2000;", (long long)old_cache);
        sqlite3_exec(db, sql, NULL, NULL, NULL);
        g_free(sql);
    }
    stats->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
    return c.failed ? CBEC_ERR_DB : CBEC_ERR_NONE;
}
