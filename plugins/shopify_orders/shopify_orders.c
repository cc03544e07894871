/**
 * @file shopify_orders.c
 * @brief Source plugin `shopify_orders`: the Shopify orders export (CSV).
 *
 * One row per line item; order-level columns (Financial Status, Paid at, Currency,
 * Subtotal, Shipping, Taxes, Total ...) are filled on the first row of each order only,
 * and notes carry quoted newlines.  Rows are grouped by Name (#1001) into an `orders`
 * record (platform SHOPIFY, direction export) with `order_item` children; a paid order
 * with a Payment ID (or Payment Reference) also gives a `payment` (pay_code SHOPIFY).
 * The platform code and name are config keys: a store whose trades are also declared to
 * customs is keyed by the platform code of its CEB messages (ebpCode), so the export's
 * orders are the same trades as the declarations, not new ones.
 * The shipping phone is stored only as a keyed hash and a mask.
 */
#include <stdlib.h>
#include <string.h>

#include "tabkit/tabkit.h"
#include "columns.h"   /* generated from columns.ini, in the build tree */

enum { F_NAME, F_FIN, F_PAID, F_FUL, F_CCY, F_SUBTOTAL, F_SHIPPING, F_TAXES, F_TOTAL, F_DISCOUNT, F_CREATED,
       F_QTY, F_LNAME, F_LPRICE, F_LSKU, F_COUNTRY, F_PHONE, F_PAYMETHOD, F_PAYID, F_PAYREF, F_VENDOR, F_N };
static const char *const FIELDS[F_N] = {
    "name", "financial_status", "paid_at", "fulfillment_status", "currency", "subtotal", "shipping", "taxes",
    "total", "discount_amount", "created_at", "lineitem_quantity", "lineitem_name", "lineitem_price",
    "lineitem_sku", "shipping_country", "shipping_phone", "payment_method", "payment_id", "payment_reference",
    "vendor"};
static const int MONEY[] = {F_SUBTOTAL, F_SHIPPING, F_TAXES, F_TOTAL, F_DISCOUNT, F_LPRICE};
enum { K_ORDER = 0, K_PAYMENT = 10 };

struct cbec_source {
    tk_src s;
    char platform[64];         /* platform_code / platform_name of the orders and payments */
    char platform_name[256];
};

/* A payment waiting to be emitted after its order. */
typedef struct pay {
    char *txn, *method, *order, *ccy, *time, *locator;
    int64_t amount;
} pay;

static void pay_free(void *p)
{
    pay *y = p;
    g_free(y->txn);
    g_free(y->method);
    g_free(y->order);
    g_free(y->ccy);
    g_free(y->time);
    g_free(y->locator);
    g_free(y);
}

static cbec_status sh_row(tk_src *s, cbec_error *err)
{
    const char *name = TK(s, F_NAME), *ccy = *TK(s, F_CCY) ? TK(s, F_CCY) : s->currency;
    int64_t v, q;
    size_t k;
    char iso[40];

    if (!*name)
        return tk_fail(err, "MISSING_KEY", NULL, "no order Name");
    if (*TK(s, F_QTY) && !tk_int(TK(s, F_QTY), &q))
        return tk_fail(err, "BAD_QTY", NULL, "Lineitem quantity \"%.40s\" is not a whole number", TK(s, F_QTY));
    for (k = 0; k < G_N_ELEMENTS(MONEY); k++)
        if (tk_money(s->h, TK(s, (guint)MONEY[k]), ccy, &v) < 0)
            return tk_fail(err, "BAD_AMOUNT", NULL, "%s \"%.40s\" is not an amount", FIELDS[MONEY[k]],
                           TK(s, (guint)MONEY[k]));
    if (*TK(s, F_CREATED) && !tk_time(TK(s, F_CREATED), s->tz, iso, sizeof iso))
        return tk_fail(err, "BAD_DATE", NULL, "Created at \"%.40s\" not understood", TK(s, F_CREATED));
    if (*TK(s, F_PAID) && !tk_time(TK(s, F_PAID), s->tz, iso, sizeof iso))
        return tk_fail(err, "BAD_DATE", NULL, "Paid at \"%.40s\" not understood", TK(s, F_PAID));
    tk_group_row(s, K_ORDER, name);
    return CBEC_OK;
}

static void money(tk_src *s, cbec_record *rec, const char *field, const char *text, const char *ccy)
{
    int64_t v;
    if (*text && tk_money(s->h, text, ccy, &v) == 0)
        s->h->rec_set_minor(rec, field, v);
}

static cbec_status build_payment(tk_src *s, pay *y, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    const cbec_source *src = s->priv;
    g_strlcpy(err->locator, y->locator, sizeof err->locator);
    h->rec_begin(rec, CBEC_KIND_PAYMENT);
    h->rec_set_locator(rec, y->locator);
    h->rec_set_text(rec, "pay_transaction_id", y->txn);
    h->rec_set_text(rec, "pay_code", "SHOPIFY");
    h->rec_set_text(rec, "pay_name", y->method);
    h->rec_set_text(rec, "order_no", y->order);
    h->rec_set_text(rec, "platform_code", src->platform);
    h->rec_set_text(rec, "direction", "export");
    h->rec_set_minor(rec, "amount", y->amount);
    h->rec_set_text(rec, "currency", y->ccy);
    if (y->time)
        h->rec_set_time(rec, "pay_time", y->time);
    return CBEC_OK;
}

static cbec_status sh_build(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    const cbec_source *src = s->priv;
    tk_group *g = it->grp;
    const char *ccy, *txn;
    guint r;
    int64_t v, q;
    char iso[40];

    if (it->kind == K_PAYMENT)
        return build_payment(s, it->data, rec, err);
    ccy = tk_first(g, F_CCY)[0] ? tk_first(g, F_CCY) : s->currency;
    g_strlcpy(err->locator, g->locator, sizeof err->locator);
    h->rec_begin(rec, CBEC_KIND_ORDERS);
    h->rec_set_locator(rec, g->locator);
    h->rec_set_text(rec, "order_no", g->key);
    h->rec_set_text(rec, "platform_code", src->platform);
    h->rec_set_text(rec, "platform_name", src->platform_name);
    h->rec_set_text(rec, "seller_name", tk_first(g, F_VENDOR));
    h->rec_set_text(rec, "direction", "export");
    h->rec_set_text(rec, "status", tk_first(g, F_FIN));
    h->rec_set_text(rec, "currency", ccy);
    if (tk_time(tk_first(g, F_CREATED), s->tz, iso, sizeof iso))
        h->rec_set_time(rec, "order_time", iso);
    money(s, rec, "goods_value", tk_first(g, F_SUBTOTAL), ccy);
    money(s, rec, "freight", tk_first(g, F_SHIPPING), ccy);
    money(s, rec, "tax_total", tk_first(g, F_TAXES), ccy);
    money(s, rec, "discount", tk_first(g, F_DISCOUNT), ccy);
    money(s, rec, "actual_paid", tk_first(g, F_TOTAL), ccy);
    h->rec_set_text(rec, "pay_name", tk_first(g, F_PAYMETHOD));
    txn = tk_first(g, F_PAYID)[0] ? tk_first(g, F_PAYID) : tk_first(g, F_PAYREF);
    h->rec_set_text(rec, "pay_transaction_id", txn);
    h->rec_set_text(rec, "consignee_country", tk_country(tk_first(g, F_COUNTRY)));
    if (*tk_first(g, F_PHONE) &&
        h->rec_set_personal(rec, "consignee_key", CBEC_PERSONAL_PHONE, tk_first(g, F_PHONE)) != CBEC_OK)
        return tk_fail(err, "BAD_PERSONAL", g->locator, "%s", h->rec_error(rec));
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        if (!*row[F_LNAME] && !*row[F_QTY])
            continue;
        h->rec_child(rec, CBEC_KIND_ORDER_ITEM);
        h->rec_set_text(rec, "sku", row[F_LSKU]);
        h->rec_set_text(rec, "name", row[F_LNAME]);
        h->rec_set_text(rec, "qty", row[F_QTY]);
        h->rec_set_text(rec, "currency", ccy);
        if (tk_money(h, row[F_LPRICE], ccy, &v) == 0) {
            h->rec_set_minor(rec, "unit_price", v);
            if (tk_int(row[F_QTY], &q))
                h->rec_set_minor(rec, "total", v * q);
        }
    }
    if (*txn && *tk_first(g, F_PAID)) {
        pay *y = g_new0(pay, 1);
        y->txn = g_strdup(txn);
        y->method = g_strdup(tk_first(g, F_PAYMETHOD));
        y->order = g_strdup(g->key);
        y->ccy = g_strdup(ccy);
        y->time = tk_time(tk_first(g, F_PAID), s->tz, iso, sizeof iso) ? g_strdup(iso) : NULL;
        y->locator = g_strdup(g->locator);
        tk_money(h, tk_first(g, F_TOTAL), ccy, &y->amount);
        tk_push(s, K_PAYMENT, y, pay_free);
    }
    return CBEC_OK;
}

static const tk_ops OPS = {sh_row, sh_build, NULL};

static int sh_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    if (tk_head_has(in->head, in->head_len, "Lineitem quantity") &&
        tk_head_has(in->head, in->head_len, "Financial Status"))
        return 90;
    return CBEC_SCORE_NONE;
}

static cbec_status sh_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *src = g_new0(cbec_source, 1);
    cbec_tab_options opt;
    const char *pc = host->config(in, "platform_code"), *pn = host->config(in, "platform_name");
    memset(&opt, 0, sizeof opt);
    opt.min_header_hits = 4;
    g_strlcpy(src->platform, pc && *pc ? pc : "SHOPIFY", sizeof src->platform);
    g_strlcpy(src->platform_name, pn && *pn ? pn : "Shopify", sizeof src->platform_name);
    if (tk_open(&src->s, in, host, "shopify_orders", COLUMNS_INI, FIELDS, F_N, &opt, 1, &OPS, err) != CBEC_OK) {
        g_free(src);
        return CBEC_FATAL;
    }
    src->s.priv = src;
    *out = src;
    return CBEC_OK;
}

static cbec_status sh_next(cbec_source *src, cbec_record *rec, cbec_error *err) { return tk_next(&src->s, rec, err); }

static void sh_close(cbec_source *src)
{
    if (!src)
        return;
    tk_close(&src->s);
    g_free(src);
}

static const char *const EXTS[] = {"csv", NULL};
static const cbec_config_key KEYS[] = {
    {CBEC_CONF_STRING, "currency", "USD", "currency when an order names none"},
    {CBEC_CONF_STRING, "timezone", "+08:00", "offset of times written without one"},
    {CBEC_CONF_STRING, "platform_code", "SHOPIFY",
     "platform code of the orders and payments (the ebpCode when the store's trades are declared to customs)"},
    {CBEC_CONF_STRING, "platform_name", "Shopify", "platform name of the orders"},
    {CBEC_CONF_PATH, "columns", "", "site column map overlaid on the built-in one (INI, see columns.ini)"},
    {CBEC_CONF_INT, "open_groups", "1000", "orders kept open while collecting their items (memory bound)"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin PLUGIN = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "shopify_orders",
    .version = "1.0.0",
    .description = "Shopify orders export: orders with items, and their payments",
    .license = "MIT",
    .extensions = EXTS,
    .config_keys = KEYS,
    .probe = sh_probe,
    .open = sh_open,
    .next = sh_next,
    .close = sh_close,
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
