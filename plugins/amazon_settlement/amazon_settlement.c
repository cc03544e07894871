/**
 * @file amazon_settlement.c
 * @brief Source plugin `amazon_settlement`: the Amazon settlement report flat file.
 *
 * Layouts: V2 (24 columns, one amount per row: amount-type / amount-description /
 * amount) and the older flat file (33-36 columns, typed pairs such as price-type /
 * price-amount, item-related-fee-type / item-related-fee-amount ...: a row's amount is
 * the sum of its amount columns).
 *
 * - The summary row (settlement-id with total-amount, no transaction-type) opens a
 *   `settlement` (platform AMAZON); it is emitted after its rows, so it can carry the
 *   check: component rows must add up to total-amount, else a SUM_MISMATCH finding.
 * - Rows with an order-id are summed per (order-id, transaction-type) into `payment`
 *   records (pay_code AMAZON, settlement_ref = settlement-id; pay_transaction_id =
 *   "<settlement-id>-<order-id>-<transaction-type>"), bounded grouping (tabkit).
 * - Rows without an order (fees, transfers, reserves) become `settlement_component`
 *   children of the settlement.
 */
#include <stdlib.h>
#include <string.h>

#include "tabkit/tabkit.h"
#include "columns.h"   /* generated from columns.ini, in the build tree */

enum { F_SID, F_START, F_END, F_DEPOSIT, F_TOTAL, F_CCY, F_TYPE, F_ORDER, F_MORDER, F_ADJ, F_MARKET, F_ATYPE,
       F_ADESC, F_AMOUNT, F_POSTED, F_POSTED_DT, F_SKU, F_QTY, F_SHIPFEE_T, F_SHIPFEE_A, F_ORDFEE_T, F_ORDFEE_A,
       F_PRICE_T, F_PRICE_A, F_ITEMFEE_T, F_ITEMFEE_A, F_MISC_A, F_OTHERFEE_A, F_OTHERFEE_R, F_PROMO_T,
       F_PROMO_A, F_DIRECT_T, F_DIRECT_A, F_OTHER_A, F_N };
static const char *const FIELDS[F_N] = {
    "settlement_id", "start_date", "end_date", "deposit_date", "total_amount", "currency", "transaction_type",
    "order_id", "merchant_order_id", "adjustment_id", "marketplace", "amount_type", "amount_description",
    "amount", "posted_date", "posted_date_time", "sku", "quantity", "shipment_fee_type", "shipment_fee_amount",
    "order_fee_type", "order_fee_amount", "price_type", "price_amount", "item_fee_type", "item_fee_amount",
    "misc_fee_amount", "other_fee_amount", "other_fee_reason", "promotion_type", "promotion_amount",
    "direct_payment_type", "direct_payment_amount", "other_amount"};
/* Amount columns (V2: amount; old layout: the typed pairs), with the type column naming each. */
static const int AMOUNTS[][2] = {{F_AMOUNT, F_ATYPE},       {F_SHIPFEE_A, F_SHIPFEE_T}, {F_ORDFEE_A, F_ORDFEE_T},
                                 {F_PRICE_A, F_PRICE_T},    {F_ITEMFEE_A, F_ITEMFEE_T}, {F_MISC_A, -1},
                                 {F_OTHERFEE_A, F_OTHERFEE_R}, {F_PROMO_A, F_PROMO_T},  {F_DIRECT_A, F_DIRECT_T},
                                 {F_OTHER_A, -1}};

enum { K_PAYMENT = 0, K_SETTLEMENT = 10 };

typedef struct component {
    char *type, *atype, *desc, *posted;
    int64_t amount;
} component;

/* One settlement being read. */
typedef struct settle {
    char *ref, *start, *end, *deposit, *total, *ccy, *locator;
    int64_t sum;
    guint64 rows;
    GArray *comps;             /* of component */
} settle;

struct cbec_source {
    tk_src s;
    settle *cur;
};

static void comp_clear(gpointer p)
{
    component *c = p;
    g_free(c->type);
    g_free(c->atype);
    g_free(c->desc);
    g_free(c->posted);
}

static void settle_free(void *p)
{
    settle *st = p;
    if (!st)
        return;
    g_free(st->ref);
    g_free(st->start);
    g_free(st->end);
    g_free(st->deposit);
    g_free(st->total);
    g_free(st->ccy);
    g_free(st->locator);
    g_array_free(st->comps, TRUE);
    g_free(st);
}

static settle *settle_new(const char *ref, const char *locator)
{
    settle *st = g_new0(settle, 1);
    st->ref = g_strdup(ref);
    st->locator = g_strdup(locator);
    st->comps = g_array_new(FALSE, TRUE, sizeof(component));
    g_array_set_clear_func(st->comps, comp_clear);
    return st;
}

static const char *ccy_of(tk_src *s, const char *row_ccy)
{
    cbec_source *src = s->priv;
    if (row_ccy && *row_ccy)
        return row_ccy;
    if (src->cur && src->cur->ccy && *src->cur->ccy)
        return src->cur->ccy;
    return s->currency;
}

/* Sum of a row's amount columns; -1 with err when one is not an amount. */
static int row_amount(tk_src *s, const char *ccy, int64_t *sum, int *any, cbec_error *err)
{
    size_t k;
    *sum = 0;
    *any = 0;
    for (k = 0; k < G_N_ELEMENTS(AMOUNTS); k++) {
        const char *t = TK(s, (guint)AMOUNTS[k][0]);
        int64_t v;
        if (!*t)
            continue;
        if (tk_money(s->h, t, ccy, &v) < 0) {
            tk_fail(err, "BAD_AMOUNT", NULL, "%s \"%.40s\" is not an amount", FIELDS[AMOUNTS[k][0]], t);
            return -1;
        }
        if ((v > 0 && *sum > INT64_MAX - v) || (v < 0 && *sum < INT64_MIN - v)) {
            tk_fail(err, "BAD_AMOUNT", NULL, "amounts of the row overflow");
            return -1;
        }
        *sum += v;
        *any = 1;
    }
    return 0;
}

static cbec_status as_row(tk_src *s, cbec_error *err)
{
    cbec_source *src = s->priv;
    const char *sid = TK(s, F_SID), *type = TK(s, F_TYPE), *order = TK(s, F_ORDER);
    const char *ccy = ccy_of(s, TK(s, F_CCY));
    int64_t amount;
    int any;
    char iso[40];

    if (row_amount(s, ccy, &amount, &any, err) < 0)
        return CBEC_RECORD_ERROR;
    if (*sid && *TK(s, F_TOTAL) && !*type && !any) {
        /* The summary row: a new settlement (the previous one, if any, is complete). */
        int64_t total;
        if (tk_money(s->h, TK(s, F_TOTAL), ccy, &total) < 0)
            return tk_fail(err, "BAD_AMOUNT", NULL, "total-amount \"%.40s\" is not an amount", TK(s, F_TOTAL));
        if (src->cur && (src->cur->total || strcmp(src->cur->ref, sid) != 0)) {
            tk_push(s, K_SETTLEMENT, src->cur, settle_free);
            src->cur = NULL;
        }
        if (!src->cur)
            src->cur = settle_new(sid, s->h->tab_locator(s->t));
        g_free(src->cur->locator);
        src->cur->locator = g_strdup(s->h->tab_locator(s->t));
        src->cur->start = g_strdup(TK(s, F_START));
        src->cur->end = g_strdup(TK(s, F_END));
        src->cur->deposit = g_strdup(TK(s, F_DEPOSIT));
        src->cur->total = g_strdup(TK(s, F_TOTAL));
        src->cur->ccy = g_strdup(ccy);
        return CBEC_OK;
    }
    if (!any)
        return tk_fail(err, "MISSING_AMOUNT", NULL, "a %s row without any amount", *type ? type : "settlement");
    {
        const char *posted = *TK(s, F_POSTED_DT) ? TK(s, F_POSTED_DT) : TK(s, F_POSTED);
        if (*posted && !tk_time(posted, "+00:00", iso, sizeof iso))
            return tk_fail(err, "BAD_DATE", NULL, "posted date \"%.40s\" not understood", posted);
    }
    if (!src->cur)
        src->cur = settle_new(*sid ? sid : "", s->h->tab_locator(s->t));
    src->cur->sum += amount;
    src->cur->rows++;
    if (*order) {
        char *key = g_strconcat(order, "\t", type, NULL);
        tk_group_row(s, K_PAYMENT, key);
        g_free(key);
    } else {
        component c;
        size_t k;
        memset(&c, 0, sizeof c);
        c.type = g_strdup(type);
        for (k = 0; k < G_N_ELEMENTS(AMOUNTS) && !c.atype; k++)
            if (AMOUNTS[k][1] >= 0 && *TK(s, (guint)AMOUNTS[k][1]))
                c.atype = g_strdup(TK(s, (guint)AMOUNTS[k][1]));
        c.desc = g_strdup(*TK(s, F_ADESC) ? TK(s, F_ADESC) : TK(s, F_OTHERFEE_R));
        c.posted = g_strdup(*TK(s, F_POSTED_DT) ? TK(s, F_POSTED_DT) : TK(s, F_POSTED));
        c.amount = amount;
        g_array_append_val(src->cur->comps, c);
    }
    return CBEC_OK;
}

static void set_time(tk_src *s, cbec_record *rec, const char *field, const char *text)
{
    char iso[40];
    if (text && *text && tk_time(text, "+00:00", iso, sizeof iso))
        s->h->rec_set_time(rec, field, iso);
}

static cbec_status build_payment(tk_src *s, tk_group *g, cbec_record *rec, cbec_error *err)
{
    cbec_source *src = s->priv;
    const cbec_host *h = s->h;
    const char *order = tk_first(g, F_ORDER), *type = tk_first(g, F_TYPE), *sid = tk_first(g, F_SID);
    const char *ccy, *posted = "";
    char *txn;
    int64_t sum = 0;
    guint r;

    if (!*sid && src->cur)
        sid = src->cur->ref;
    ccy = *tk_first(g, F_CCY) ? tk_first(g, F_CCY) : ccy_of(s, NULL);
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        size_t k;
        for (k = 0; k < G_N_ELEMENTS(AMOUNTS); k++) {
            int64_t v;
            if (tk_money(h, row[AMOUNTS[k][0]], ccy, &v) == 0)
                sum += v;
        }
        if (*row[F_POSTED_DT])
            posted = row[F_POSTED_DT];
        else if (*row[F_POSTED])
            posted = row[F_POSTED];
    }
    g_strlcpy(err->locator, g->locator, sizeof err->locator);
    txn = g_strdup_printf("%s-%s-%s", sid, order, *type ? type : "Order");
    h->rec_begin(rec, CBEC_KIND_PAYMENT);
    h->rec_set_locator(rec, g->locator);
    h->rec_set_text(rec, "pay_transaction_id", txn);
    h->rec_set_text(rec, "pay_code", "AMAZON");
    h->rec_set_text(rec, "pay_name", "Amazon Payments");
    h->rec_set_text(rec, "order_no", order);
    h->rec_set_text(rec, "platform_code", "AMAZON");
    h->rec_set_text(rec, "direction", "export");
    h->rec_set_minor(rec, "amount", sum);
    h->rec_set_text(rec, "currency", ccy);
    set_time(s, rec, "pay_time", posted);
    h->rec_set_text(rec, "settlement_ref", sid);
    g_free(txn);
    return CBEC_OK;
}

static cbec_status build_settlement(tk_src *s, settle *st, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    int64_t total = 0;
    guint i;

    g_strlcpy(err->locator, st->locator, sizeof err->locator);
    if (!st->total) {
        return tk_fail(err, "MISSING_SUMMARY", st->locator,
                       "settlement %s: no summary row (settlement-id with total-amount) before its %" G_GUINT64_FORMAT
                       " rows", st->ref, st->rows);
    }
    tk_money(h, st->total, st->ccy, &total);
    h->rec_begin(rec, CBEC_KIND_SETTLEMENT);
    h->rec_set_locator(rec, st->locator);
    h->rec_set_text(rec, "settlement_ref", st->ref);
    h->rec_set_text(rec, "platform_code", "AMAZON");
    h->rec_set_text(rec, "pay_code", "AMAZON");
    set_time(s, rec, "period_start", st->start);
    set_time(s, rec, "period_end", st->end);
    set_time(s, rec, "deposit_date", st->deposit);
    h->rec_set_minor(rec, "total_amount", total);
    h->rec_set_text(rec, "currency", st->ccy);
    if (st->sum != total)
        h->rec_finding(rec, "SUM_MISMATCH",
                       "settlement %s: the %" G_GUINT64_FORMAT " rows add up to %" G_GINT64_FORMAT
                       " minor units of %s, total-amount says %" G_GINT64_FORMAT " (difference %" G_GINT64_FORMAT ")",
                       st->ref, st->rows, st->sum, st->ccy, total, total - st->sum);
    for (i = 0; i < st->comps->len; i++) {
        component *c = &g_array_index(st->comps, component, i);
        char *type = c->atype && *c->atype ? g_strdup_printf("%s/%s", c->type, c->atype) : g_strdup(c->type);
        h->rec_child(rec, CBEC_KIND_SETTLEMENT_COMPONENT);
        h->rec_set_text(rec, "amount_type", type);
        h->rec_set_text(rec, "description", c->desc);
        h->rec_set_minor(rec, "amount", c->amount);
        set_time(s, rec, "posted_at", c->posted);
        g_free(type);
    }
    return CBEC_OK;
}

static cbec_status as_build(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err)
{
    if (it->kind == K_SETTLEMENT)
        return build_settlement(s, it->data, rec, err);
    return build_payment(s, it->grp, rec, err);
}

static void as_finish(tk_src *s)
{
    cbec_source *src = s->priv;
    if (src->cur)
        tk_push(s, K_SETTLEMENT, src->cur, settle_free);
    src->cur = NULL;
}

static const tk_ops OPS = {as_row, as_build, as_finish};

static int as_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    if (tk_head_has(in->head, in->head_len, "settlement-id") &&
        tk_head_has(in->head, in->head_len, "total-amount") &&
        tk_head_has(in->head, in->head_len, "transaction-type"))
        return 90;
    return CBEC_SCORE_NONE;
}

static cbec_status as_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *src = g_new0(cbec_source, 1);
    cbec_tab_options opt;
    memset(&opt, 0, sizeof opt);
    opt.min_header_hits = 4;
    if (tk_open(&src->s, in, host, "amazon_settlement", COLUMNS_INI, FIELDS, F_N, &opt, 1, &OPS, err) != CBEC_OK) {
        g_free(src);
        return CBEC_FATAL;
    }
    src->s.priv = src;
    *out = src;
    return CBEC_OK;
}

static cbec_status as_next(cbec_source *src, cbec_record *rec, cbec_error *err) { return tk_next(&src->s, rec, err); }

static void as_close(cbec_source *src)
{
    if (!src)
        return;
    tk_close(&src->s);
    settle_free(src->cur);
    g_free(src);
}

static const char *const EXTS[] = {"txt", "tsv", "csv", NULL};
static const cbec_config_key KEYS[] = {
    {CBEC_CONF_STRING, "encoding", "WINDOWS-1252", "code page of reports that are not UTF-8"},
    {CBEC_CONF_STRING, "currency", "USD", "currency when the report names none"},
    {CBEC_CONF_PATH, "columns", "", "site column map overlaid on the built-in one (INI, see columns.ini)"},
    {CBEC_CONF_INT, "open_groups", "1000", "orders kept open while summing their rows (memory bound)"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin PLUGIN = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "amazon_settlement",
    .version = "1.0.0",
    .description = "Amazon settlement report flat file (V2 and older): settlement + payments per order",
    .license = "MIT",
    .extensions = EXTS,
    .config_keys = KEYS,
    .probe = as_probe,
    .open = as_open,
    .next = as_next,
    .close = as_close,
};

/** The plugin's one exported symbol. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    return &PLUGIN;
}
