/**
 * @file ebay_orders.c
 * @brief Source plugin `ebay_orders`: the eBay orders report (CSV).
 *
 * Quirks: a blank first line, trailer lines ("3 record(s) downloaded", "Seller ID : ...")
 * skipped by the reader's skip_rows, formatted money ($900.00, £12.50: the sign gives the
 * currency), dates like Jul-25-26.  Rows are grouped by Order Number into an `orders`
 * record (platform EBAY, direction export) with `order_item` children (Sold For is the
 * unit price); an order with a Tracking Number also gives a `shipment` (tracking_kind
 * s10 when the number is a valid UPU S10; logistics_code = the carrier's customs code
 * when carrier_codes lists the Shipping Service, else the service's name, so a listed
 * carrier's parcel is its CEB waybill).  The platform code and name are config keys:
 * a seller whose eBay trades are also declared to customs keys them by the ebpCode of
 * its CEB messages, so the report's orders are the same trades as the declarations.
 */
#include <stdlib.h>
#include <string.h>

#include "tabkit/tabkit.h"
#include "columns.h"   /* generated from columns.ini, in the build tree */

enum { F_RECORD, F_ORDER, F_BUYER, F_PHONE, F_COUNTRY, F_ITEMNO, F_TITLE, F_LABEL, F_QTY, F_SOLD, F_SHIP,
       F_STAX, F_ETAX, F_TOTAL, F_PAYMETHOD, F_SALE, F_PAID, F_SHIPPED, F_TRACKING, F_SERVICE, F_TXN, F_N };
static const char *const FIELDS[F_N] = {
    "sales_record", "order_no", "buyer_username", "ship_to_phone", "ship_to_country", "item_number",
    "item_title", "custom_label", "quantity", "sold_for", "shipping", "seller_tax", "ebay_tax", "total",
    "payment_method", "sale_date", "paid_date", "shipped_date", "tracking", "shipping_service", "transaction_id"};
static const int MONEY[] = {F_SOLD, F_SHIP, F_STAX, F_ETAX, F_TOTAL};
enum { K_ORDER = 0, K_SHIPMENT = 10 };

struct cbec_source {
    tk_src s;
    char platform[64];         /* platform_code / platform_name of the orders */
    char platform_name[256];
};

/* Currency from the way eBay formats money: "$900.00" USD, "C $5.00" CAD, "AU $" AUD, £ GBP, € EUR. */
static const char *ccy_of(tk_src *s, const char *money)
{
    if (!money || !*money)
        return s->currency;
    if (g_str_has_prefix(money, "C $") || g_str_has_prefix(money, "C$"))
        return "CAD";
    if (g_str_has_prefix(money, "AU $") || g_str_has_prefix(money, "AU$"))
        return "AUD";
    if (strstr(money, "\xc2\xa3"))
        return "GBP";
    if (strstr(money, "\xe2\x82\xac"))
        return "EUR";
    if (strchr(money, '$'))
        return "USD";
    return s->currency;
}

/* eBay writes dollars of other sites as "C $5.00", "AU $5.00", "US $900.00": the host's money
 * parser takes "$5.00", so drop the site prefix (the currency comes from ccy_of). */
static int eb_money(const cbec_host *h, const char *text, const char *ccy, int64_t *out)
{
    const char *d = text ? strchr(text, '$') : NULL;
    if (d && d > text) {
        const char *p;
        for (p = text; p < d; p++)
            if (!g_ascii_isupper(*p) && *p != ' ')
                break;
        if (p == d)
            text = d;
    }
    return tk_money(h, text, ccy, out);
}

static cbec_status eb_row(tk_src *s, cbec_error *err)
{
    const char *order = TK(s, F_ORDER);
    const char *ccy = ccy_of(s, *TK(s, F_TOTAL) ? TK(s, F_TOTAL) : TK(s, F_SOLD));
    int64_t v, q;
    size_t k;
    char iso[40];
    static const int D[] = {F_SALE, F_PAID, F_SHIPPED};

    if (!*order)
        return tk_fail(err, "MISSING_KEY", NULL, "no Order Number");
    if (*TK(s, F_QTY) && !tk_int(TK(s, F_QTY), &q))
        return tk_fail(err, "BAD_QTY", NULL, "Quantity \"%.40s\" is not a whole number", TK(s, F_QTY));
    for (k = 0; k < G_N_ELEMENTS(MONEY); k++)
        if (eb_money(s->h, TK(s, (guint)MONEY[k]), ccy, &v) < 0)
            return tk_fail(err, "BAD_AMOUNT", NULL, "%s \"%.40s\" is not an amount", FIELDS[MONEY[k]],
                           TK(s, (guint)MONEY[k]));
    for (k = 0; k < G_N_ELEMENTS(D); k++)
        if (*TK(s, (guint)D[k]) && !tk_time(TK(s, (guint)D[k]), s->tz, iso, sizeof iso))
            return tk_fail(err, "BAD_DATE", NULL, "%s \"%.40s\" not understood", FIELDS[D[k]], TK(s, (guint)D[k]));
    tk_group_row(s, K_ORDER, order);
    return CBEC_OK;
}

static void set_time(tk_src *s, cbec_record *rec, const char *field, const char *text)
{
    char iso[40];
    if (text && *text && tk_time(text, s->tz, iso, sizeof iso))
        s->h->rec_set_time(rec, field, iso);
}

static cbec_status build_shipment(tk_src *s, char **v, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    char no[64];
    int k = tk_s10(v[F_TRACKING], no, sizeof no);
    const char *loc = v[s->map.nfields], *code;

    g_strlcpy(err->locator, loc, sizeof err->locator);
    h->rec_begin(rec, CBEC_KIND_SHIPMENT);
    h->rec_set_locator(rec, loc);
    h->rec_set_text(rec, "logistics_no", no);
    /* The carrier's customs code when the site lists the service: the CEB waybill's key. */
    code = tk_carrier_code(s, v[F_SERVICE]);
    h->rec_set_text(rec, "logistics_code", code ? code : v[F_SERVICE][0] ? v[F_SERVICE] : "EBAY");
    h->rec_set_text(rec, "logistics_name", v[F_SERVICE]);
    h->rec_set_text(rec, "tracking_kind", k == 1 ? "s10" : "other");
    if (k < 0)
        h->rec_finding(rec, "BAD_S10", "tracking number %s looks like a UPU S10 id but its check digit is wrong", no);
    h->rec_set_text(rec, "order_no", v[F_ORDER]);
    h->rec_set_text(rec, "direction", "export");
    h->rec_set_text(rec, "destination_country", tk_country(v[F_COUNTRY]));
    set_time(s, rec, "ship_time", v[F_SHIPPED]);
    return CBEC_OK;
}

static cbec_status eb_build(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    const cbec_source *src = s->priv;
    tk_group *g = it->grp;
    const char *ccy;
    guint r;
    int64_t goods = 0, v, q, freight = 0, tax = 0, t2 = 0, total = 0;

    if (it->kind == K_SHIPMENT)
        return build_shipment(s, it->data, rec, err);
    ccy = ccy_of(s, tk_first(g, F_TOTAL)[0] ? tk_first(g, F_TOTAL) : tk_first(g, F_SOLD));
    g_strlcpy(err->locator, g->locator, sizeof err->locator);
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        if ((*row[F_TITLE] || *row[F_ITEMNO]) && eb_money(h, row[F_SOLD], ccy, &v) == 0 &&
            tk_int(row[F_QTY][0] ? row[F_QTY] : "1", &q))
            goods += v * q;
    }
    eb_money(h, tk_first(g, F_SHIP), ccy, &freight);
    eb_money(h, tk_first(g, F_STAX), ccy, &tax);
    eb_money(h, tk_first(g, F_ETAX), ccy, &t2);
    eb_money(h, tk_first(g, F_TOTAL), ccy, &total);
    h->rec_begin(rec, CBEC_KIND_ORDERS);
    h->rec_set_locator(rec, g->locator);
    h->rec_set_text(rec, "order_no", g->key);
    h->rec_set_text(rec, "platform_code", src->platform);
    h->rec_set_text(rec, "platform_name", src->platform_name);
    h->rec_set_text(rec, "direction", "export");
    h->rec_set_text(rec, "currency", ccy);
    set_time(s, rec, "order_time", tk_first(g, F_SALE));
    h->rec_set_text(rec, "pay_name", tk_first(g, F_PAYMETHOD));
    h->rec_set_text(rec, "consignee_country", tk_country(tk_first(g, F_COUNTRY)));
    h->rec_set_minor(rec, "goods_value", goods);
    h->rec_set_minor(rec, "freight", freight);
    h->rec_set_minor(rec, "tax_total", tax + t2);
    if (*tk_first(g, F_TOTAL))
        h->rec_set_minor(rec, "actual_paid", total);
    if (*tk_first(g, F_PHONE) &&
        h->rec_set_personal(rec, "consignee_key", CBEC_PERSONAL_PHONE, tk_first(g, F_PHONE)) != CBEC_OK)
        return tk_fail(err, "BAD_PERSONAL", g->locator, "%s", h->rec_error(rec));
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        if (!*row[F_TITLE] && !*row[F_ITEMNO])
            continue;                              /* the summary row of a multi-item order */
        h->rec_child(rec, CBEC_KIND_ORDER_ITEM);
        h->rec_set_text(rec, "sku", row[F_LABEL][0] ? row[F_LABEL] : row[F_ITEMNO]);
        h->rec_set_text(rec, "name", row[F_TITLE]);
        h->rec_set_text(rec, "qty", row[F_QTY][0] ? row[F_QTY] : "1");
        h->rec_set_text(rec, "currency", ccy);
        if (eb_money(h, row[F_SOLD], ccy, &v) == 0) {
            h->rec_set_minor(rec, "unit_price", v);
            if (tk_int(row[F_QTY][0] ? row[F_QTY] : "1", &q))
                h->rec_set_minor(rec, "total", v * q);
        }
    }
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        if (*row[F_TRACKING]) {
            /* The waybill of the order: the goods-flow key (tracking = S10 = CEB logisticsNo). */
            char **copy = g_strdupv(row);
            if (!*copy[F_ORDER]) {
                g_free(copy[F_ORDER]);
                copy[F_ORDER] = g_strdup(g->key);
            }
            tk_push(s, K_SHIPMENT, copy, (void (*)(void *))g_strfreev);
            break;
        }
    }
    return CBEC_OK;
}

static int eb_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    if (tk_head_has(in->head, in->head_len, "Sales Record Number") &&
        tk_head_has(in->head, in->head_len, "Order Number"))
        return 90;
    return CBEC_SCORE_NONE;
}

static const char *const SKIP[] = {"* record(s) downloaded*", "seller id*", NULL};

static cbec_status eb_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err);

static const tk_ops OPS = {eb_row, eb_build, NULL};

static cbec_status eb_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *src = g_new0(cbec_source, 1);
    cbec_tab_options opt;
    const char *pc = host->config(in, "platform_code"), *pn = host->config(in, "platform_name");
    memset(&opt, 0, sizeof opt);
    opt.min_header_hits = 4;
    opt.skip_rows = SKIP;
    g_strlcpy(src->platform, pc && *pc ? pc : "EBAY", sizeof src->platform);
    g_strlcpy(src->platform_name, pn && *pn ? pn : "eBay", sizeof src->platform_name);
    if (tk_open(&src->s, in, host, "ebay_orders", COLUMNS_INI, FIELDS, F_N, &opt, 1, &OPS, err) != CBEC_OK) {
        g_free(src);
        return CBEC_FATAL;
    }
    src->s.priv = src;
    *out = src;
    return CBEC_OK;
}

static cbec_status eb_next(cbec_source *src, cbec_record *rec, cbec_error *err) { return tk_next(&src->s, rec, err); }

static void eb_close(cbec_source *src)
{
    if (!src)
        return;
    tk_close(&src->s);
    g_free(src);
}

static const char *const EXTS[] = {"csv", NULL};
static const cbec_config_key KEYS[] = {
    {CBEC_CONF_STRING, "currency", "USD", "currency when money carries no sign"},
    {CBEC_CONF_STRING, "timezone", "-07:00", "offset of times written without one (eBay US: Pacific)"},
    {CBEC_CONF_STRING, "encoding", "WINDOWS-1252", "code page of exports that are not UTF-8"},
    {CBEC_CONF_STRING, "platform_code", "EBAY",
     "platform code of the orders (the ebpCode when the seller's trades are declared to customs)"},
    {CBEC_CONF_STRING, "platform_name", "eBay", "platform name of the orders"},
    {CBEC_CONF_STRING, "carrier_codes", "",
     "customs logistics codes of shipping services, \"China Post = 1501970001; ...\" (waybills join the CEB ones)"},
    {CBEC_CONF_PATH, "columns", "", "site column map overlaid on the built-in one (INI, see columns.ini)"},
    {CBEC_CONF_INT, "open_groups", "1000", "orders kept open while collecting their items (memory bound)"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin PLUGIN = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "ebay_orders",
    .version = "1.0.0",
    .description = "eBay orders report: orders with items, and shipments by tracking number",
    .license = "MIT",
    .extensions = EXTS,
    .config_keys = KEYS,
    .probe = eb_probe,
    .open = eb_open,
    .next = eb_next,
    .close = eb_close,
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
