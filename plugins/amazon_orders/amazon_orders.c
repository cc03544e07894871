/**
 * @file amazon_orders.c
 * @brief Source plugin `amazon_orders`: the Amazon All Orders report (tab-separated).
 *
 * One row per item.  Rows are grouped per amazon-order-id (bounded, tabkit) into an
 * `orders` record (platform AMAZON, direction export) with `order_item` children:
 * goods_value = sum of item-price (the line amount), freight = shipping-price (+ gift
 * wrap), tax_total = item-tax + shipping-tax + gift-wrap-tax, discount = item and ship
 * promotions (written negative or positive, taken as their magnitude), actual_paid =
 * goods + freight + tax - discount.  The report has no tracking number.
 */
#include <stdlib.h>
#include <string.h>

#include "tabkit/tabkit.h"
#include "columns.h"   /* generated from columns.ini, in the build tree */

enum { F_ORDER, F_MORDER, F_DATE, F_STATUS, F_CHANNEL, F_NAME, F_SKU, F_ASIN, F_QTY, F_CCY, F_PRICE, F_TAX,
       F_SHIP, F_SHIP_TAX, F_GIFT, F_GIFT_TAX, F_PROMO, F_SHIP_PROMO, F_COUNTRY, F_N };
static const char *const FIELDS[F_N] = {"order_id", "merchant_order_id", "purchase_date", "status", "sales_channel",
                                        "product_name", "sku", "asin", "quantity", "currency", "item_price",
                                        "item_tax", "shipping_price", "shipping_tax", "gift_wrap_price",
                                        "gift_wrap_tax", "item_promotion", "ship_promotion", "ship_country"};
static const int MONEY[] = {F_PRICE, F_TAX, F_SHIP, F_SHIP_TAX, F_GIFT, F_GIFT_TAX, F_PROMO, F_SHIP_PROMO};

struct cbec_source {
    tk_src s;
};

static const char *ccy_of(tk_src *s, const char *v) { return v && *v ? v : s->currency; }

static cbec_status ao_row(tk_src *s, cbec_error *err)
{
    const char *order = TK(s, F_ORDER), *ccy = ccy_of(s, TK(s, F_CCY));
    int64_t q, v;
    size_t k;
    char iso[40];

    if (!*order)
        return tk_fail(err, "MISSING_KEY", NULL, "no amazon-order-id");
    if (*TK(s, F_QTY) && !tk_int(TK(s, F_QTY), &q))
        return tk_fail(err, "BAD_QTY", NULL, "quantity \"%.40s\" is not a whole number", TK(s, F_QTY));
    for (k = 0; k < G_N_ELEMENTS(MONEY); k++)
        if (tk_money(s->h, TK(s, (guint)MONEY[k]), ccy, &v) < 0)
            return tk_fail(err, "BAD_AMOUNT", NULL, "%s \"%.40s\" is not an amount", FIELDS[MONEY[k]],
                           TK(s, (guint)MONEY[k]));
    if (!tk_time(TK(s, F_DATE), "+00:00", iso, sizeof iso))
        return tk_fail(err, "BAD_DATE", NULL, "purchase-date \"%.40s\" not understood", TK(s, F_DATE));
    tk_group_row(s, 0, order);
    return CBEC_OK;
}

static int64_t col_sum(tk_src *s, tk_group *g, int f, const char *ccy, int magnitude)
{
    int64_t sum = 0, v;
    guint r;
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        if (tk_money(s->h, row[f], ccy, &v) == 0)
            sum += magnitude && v < 0 ? -v : v;
    }
    return sum;
}

static cbec_status ao_build(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    tk_group *g = it->grp;
    const char *ccy = ccy_of(s, tk_first(g, F_CCY));
    int64_t goods, freight, tax, disc, v, q;
    guint r;
    char iso[40];

    g_strlcpy(err->locator, g->locator, sizeof err->locator);
    goods = col_sum(s, g, F_PRICE, ccy, 0);
    freight = col_sum(s, g, F_SHIP, ccy, 0) + col_sum(s, g, F_GIFT, ccy, 0);
    tax = col_sum(s, g, F_TAX, ccy, 0) + col_sum(s, g, F_SHIP_TAX, ccy, 0) + col_sum(s, g, F_GIFT_TAX, ccy, 0);
    disc = col_sum(s, g, F_PROMO, ccy, 1) + col_sum(s, g, F_SHIP_PROMO, ccy, 1);
    h->rec_begin(rec, CBEC_KIND_ORDERS);
    h->rec_set_locator(rec, g->locator);
    h->rec_set_text(rec, "order_no", g->key);
    h->rec_set_text(rec, "platform_code", "AMAZON");
    h->rec_set_text(rec, "platform_name", tk_first(g, F_CHANNEL)[0] ? tk_first(g, F_CHANNEL) : "Amazon");
    h->rec_set_text(rec, "direction", "export");
    h->rec_set_text(rec, "status", tk_first(g, F_STATUS));
    if (tk_time(tk_first(g, F_DATE), "+00:00", iso, sizeof iso))
        h->rec_set_time(rec, "order_time", iso);
    h->rec_set_text(rec, "currency", ccy);
    h->rec_set_minor(rec, "goods_value", goods);
    h->rec_set_minor(rec, "freight", freight);
    h->rec_set_minor(rec, "tax_total", tax);
    h->rec_set_minor(rec, "discount", disc);
    h->rec_set_minor(rec, "actual_paid", goods + freight + tax - disc);
    h->rec_set_text(rec, "consignee_country", tk_country(tk_first(g, F_COUNTRY)));
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        h->rec_child(rec, CBEC_KIND_ORDER_ITEM);
        h->rec_set_text(rec, "sku", row[F_SKU][0] ? row[F_SKU] : row[F_ASIN]);
        h->rec_set_text(rec, "name", row[F_NAME]);
        h->rec_set_text(rec, "qty", row[F_QTY]);
        h->rec_set_text(rec, "currency", ccy);
        if (tk_money(h, row[F_PRICE], ccy, &v) == 0) {
            h->rec_set_minor(rec, "total", v);
            if (tk_int(row[F_QTY], &q) && q > 0 && v % q == 0)
                h->rec_set_minor(rec, "unit_price", v / q);
        }
    }
    return CBEC_OK;
}

static const tk_ops OPS = {ao_row, ao_build, NULL};

static int ao_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    if (tk_head_has(in->head, in->head_len, "amazon-order-id") &&
        tk_head_has(in->head, in->head_len, "purchase-date") && !tk_head_has(in->head, in->head_len, "settlement-id"))
        return 90;
    return CBEC_SCORE_NONE;
}

static cbec_status ao_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *src = g_new0(cbec_source, 1);
    cbec_tab_options opt;
    memset(&opt, 0, sizeof opt);
    opt.min_header_hits = 4;
    if (tk_open(&src->s, in, host, "amazon_orders", COLUMNS_INI, FIELDS, F_N, &opt, 1, &OPS, err) != CBEC_OK) {
        g_free(src);
        return CBEC_FATAL;
    }
    src->s.priv = src;
    *out = src;
    return CBEC_OK;
}

static cbec_status ao_next(cbec_source *src, cbec_record *rec, cbec_error *err) { return tk_next(&src->s, rec, err); }

static void ao_close(cbec_source *src)
{
    if (!src)
        return;
    tk_close(&src->s);
    g_free(src);
}

static const char *const EXTS[] = {"txt", "tsv", "csv", NULL};
static const cbec_config_key KEYS[] = {
    {CBEC_CONF_STRING, "encoding", "WINDOWS-1252", "code page of reports that are not UTF-8"},
    {CBEC_CONF_STRING, "currency", "USD", "currency when a row names none"},
    {CBEC_CONF_PATH, "columns", "", "site column map overlaid on the built-in one (INI, see columns.ini)"},
    {CBEC_CONF_INT, "open_groups", "1000", "orders kept open while collecting their items (memory bound)"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin PLUGIN = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "amazon_orders",
    .version = "1.0.0",
    .description = "Amazon All Orders report: orders with their items",
    .license = "MIT",
    .extensions = EXTS,
    .config_keys = KEYS,
    .probe = ao_probe,
    .open = ao_open,
    .next = ao_next,
    .close = ao_close,
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
