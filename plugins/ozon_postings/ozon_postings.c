/**
 * @file ozon_postings.c
 * @brief Source plugin `ozon_postings`: the Ozon seller postings export (CSV or XLSX).
 *
 * One row per product per posting.  Rows are grouped twice (bounded, see tabkit):
 * by posting number into a `shipment` with `shipment_item` children, and by order
 * number into an `orders` record (platform_code config key, default OZON, direction
 * export) with `order_item` children; the order's freight is the postings' delivery cost
 * (Стоимость доставки, once per posting) when the export has it, and what the buyer paid
 * (actual_paid) its goods plus that freight.  The shipment is keyed by the carrier's tracking
 * number when the export has one (logistics_code = the carrier's customs code from the
 * carrier_codes config key, else the delivery service's name; the posting number goes
 * to bill_no), else by the posting number with its -N suffix and logistics_code OZON
 * (for cross-border aggregators the posting number is the tracking number).
 * CSV exports are UTF-8 with BOM, ';' and decimal commas (older ones Windows-1251);
 * header names drift: see columns.ini.
 */
#include <stdlib.h>
#include <string.h>

#include "tabkit/tabkit.h"
#include "columns.h"   /* generated from columns.ini, in the build tree */

enum { F_ORDER, F_POSTING, F_ACCEPTED, F_SHIPPED, F_STATUS, F_POSTING_SUM, F_POSTING_CCY, F_NAME, F_SKU,
       F_OZON_SKU, F_QTY, F_ITEM_TOTAL, F_ITEM_CCY, F_COUNTRY, F_TRACKING, F_CARRIER, F_DELIVERY, F_N };
static const char *const FIELDS[F_N] = {"order_no", "posting_no", "accepted_at", "shipped_at", "status",
                                        "posting_sum", "posting_currency", "product_name", "sku", "ozon_sku",
                                        "qty", "item_total", "item_currency", "country", "tracking_no", "carrier",
                                        "delivery_cost"};
enum { G_POSTING = 0, G_ORDER = 1 };

struct cbec_source {
    tk_src s;
    char platform[64], platform_name[128];   /* platform_code / platform_name of the orders */
};

static const char *ccy_of(tk_src *s, const char *v)
{
    /* Ozon writes ISO codes (RUB, CNY); a blank means the seller's default. */
    return v && *v ? v : s->currency;
}

static cbec_status oz_row(tk_src *s, cbec_error *err)
{
    const char *order = TK(s, F_ORDER), *posting = TK(s, F_POSTING);
    int64_t q, v;
    char iso[40];

    if (!*posting)
        return tk_fail(err, "MISSING_KEY", NULL, "no posting number (Номер отправления)");
    if (!*order)
        return tk_fail(err, "MISSING_KEY", NULL, "no order number (Номер заказа) for posting %s", posting);
    if (!tk_int(TK(s, F_QTY), &q))
        return tk_fail(err, "BAD_QTY", NULL, "quantity \"%.40s\" is not a whole number", TK(s, F_QTY));
    if (tk_money_field(s, F_ITEM_TOTAL, TK(s, F_ITEM_TOTAL), ccy_of(s, TK(s, F_ITEM_CCY)), &v, NULL) < 0)
        return tk_fail(err, "BAD_AMOUNT", NULL, "item total \"%.40s\" is not an amount", TK(s, F_ITEM_TOTAL));
    if (tk_money_field(s, F_POSTING_SUM, TK(s, F_POSTING_SUM), ccy_of(s, TK(s, F_POSTING_CCY)), &v, NULL) < 0)
        return tk_fail(err, "BAD_AMOUNT", NULL, "posting amount \"%.40s\" is not an amount", TK(s, F_POSTING_SUM));
    if (tk_money_field(s, F_DELIVERY, TK(s, F_DELIVERY), ccy_of(s, TK(s, F_POSTING_CCY)), &v, NULL) < 0)
        return tk_fail(err, "BAD_AMOUNT", NULL, "delivery cost \"%.40s\" is not an amount", TK(s, F_DELIVERY));
    if (*TK(s, F_ACCEPTED) && !tk_time(TK(s, F_ACCEPTED), s->tz, iso, sizeof iso))
        return tk_fail(err, "BAD_DATE", NULL, "date \"%.40s\" not understood", TK(s, F_ACCEPTED));
    if (*TK(s, F_SHIPPED) && !tk_time(TK(s, F_SHIPPED), s->tz, iso, sizeof iso))
        return tk_fail(err, "BAD_DATE", NULL, "date \"%.40s\" not understood", TK(s, F_SHIPPED));
    tk_group_row(s, G_POSTING, posting);
    tk_group_row(s, G_ORDER, order);
    return CBEC_OK;
}

static void set_time(tk_src *s, cbec_record *rec, const char *field, const char *text)
{
    char iso[40];
    if (*text && tk_time(text, s->tz, iso, sizeof iso))
        s->h->rec_set_time(rec, field, iso);
}

static cbec_status oz_build(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->h;
    tk_group *g = it->grp;
    guint r;
    int64_t sum = 0, v, q, freight = 0;
    int has_freight = 0;
    const char *ccy;

    g_strlcpy(err->locator, g->locator, sizeof err->locator);
    if (it->kind == G_POSTING) {
        const char *track = tk_first(g, F_TRACKING), *carrier = tk_first(g, F_CARRIER), *code;
        ccy = ccy_of(s, tk_first(g, F_POSTING_CCY));
        if (*track) {
            /* A carrier's tracking number: the parcel is that carrier's waybill (the one its
             * CEB message declares, when carrier_codes names the carrier's customs code). */
            char no[64];
            int k = tk_s10(track, no, sizeof no);
            code = tk_carrier_code(s, carrier);
            h->rec_begin(rec, CBEC_KIND_SHIPMENT);
            h->rec_set_text(rec, "logistics_no", no);
            h->rec_set_text(rec, "logistics_code", code ? code : *carrier ? carrier : "OZON");
            h->rec_set_text(rec, "logistics_name", *carrier ? carrier : "Ozon");
            h->rec_set_text(rec, "tracking_kind", k == 1 ? "s10" : "other");
            if (k < 0)
                h->rec_finding(rec, "BAD_S10", "tracking number %s looks like a UPU S10 id but its check digit is wrong",
                               no);
            h->rec_set_text(rec, "bill_no", g->key);   /* the posting number */
        } else {
            h->rec_begin(rec, CBEC_KIND_SHIPMENT);
            h->rec_set_text(rec, "logistics_no", g->key);
            h->rec_set_text(rec, "logistics_code", "OZON");
            h->rec_set_text(rec, "logistics_name", "Ozon");
            h->rec_set_text(rec, "tracking_kind", "other");
        }
        h->rec_set_locator(rec, g->locator);
        h->rec_set_text(rec, "order_no", tk_first(g, F_ORDER));
        h->rec_set_text(rec, "direction", "export");
        h->rec_set_text(rec, "status", tk_first(g, F_STATUS));
        h->rec_set_text(rec, "destination_country", tk_country(tk_first(g, F_COUNTRY)));
        set_time(s, rec, "ship_time", tk_first(g, F_SHIPPED));
        h->rec_set_text(rec, "currency", ccy);
        if (tk_money_field(s, F_POSTING_SUM, tk_first(g, F_POSTING_SUM), ccy, &v, rec) == 0)
            h->rec_set_minor(rec, "declared_value", v);
        for (r = 0; r < g->rows->len; r++) {
            char **row = g_ptr_array_index(g->rows, r);
            h->rec_child(rec, CBEC_KIND_SHIPMENT_ITEM);
            h->rec_set_text(rec, "name", row[F_NAME]);
            h->rec_set_text(rec, "qty", row[F_QTY]);
            h->rec_set_text(rec, "currency", ccy_of(s, row[F_ITEM_CCY]));
            if (tk_money_field(s, F_ITEM_TOTAL, row[F_ITEM_TOTAL], ccy_of(s, row[F_ITEM_CCY]), &v, rec) == 0 && tk_int(row[F_QTY], &q) &&
                q > 0 && v % q == 0)
                h->rec_set_minor(rec, "unit_value", v / q);
        }
        return CBEC_OK;
    }
    ccy = ccy_of(s, tk_first(g, F_ITEM_CCY)[0] ? tk_first(g, F_ITEM_CCY) : tk_first(g, F_POSTING_CCY));
    h->rec_begin(rec, CBEC_KIND_ORDERS);
    h->rec_set_locator(rec, g->locator);
    h->rec_set_text(rec, "order_no", g->key);
    h->rec_set_text(rec, "platform_code", ((const cbec_source *)s->priv)->platform);
    h->rec_set_text(rec, "platform_name", ((const cbec_source *)s->priv)->platform_name);
    h->rec_set_text(rec, "direction", "export");
    h->rec_set_text(rec, "status", tk_first(g, F_STATUS));
    h->rec_set_text(rec, "currency", ccy);
    h->rec_set_text(rec, "consignee_country", tk_country(tk_first(g, F_COUNTRY)));
    set_time(s, rec, "order_time", tk_first(g, F_ACCEPTED));
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        guint k;
        if (tk_money_field(s, F_ITEM_TOTAL, row[F_ITEM_TOTAL], ccy, &v, rec) == 0)
            sum += v;
        /* the delivery cost is a posting's column, repeated on each of its product rows:
         * count it on the posting's first row of the order (an order has few postings) */
        for (k = 0; k < r; k++)
            if (!strcmp(((char **)g_ptr_array_index(g->rows, k))[F_POSTING], row[F_POSTING]))
                break;
        if (k == r && *row[F_DELIVERY] && tk_money_field(s, F_DELIVERY, row[F_DELIVERY], ccy, &v, rec) == 0) {
            freight += v;
            has_freight = 1;
        }
    }
    h->rec_set_minor(rec, "goods_value", sum);
    if (has_freight)
        h->rec_set_minor(rec, "freight", freight);
    h->rec_set_minor(rec, "actual_paid", sum + freight);
    for (r = 0; r < g->rows->len; r++) {
        char **row = g_ptr_array_index(g->rows, r);
        h->rec_child(rec, CBEC_KIND_ORDER_ITEM);
        h->rec_set_text(rec, "sku", row[F_SKU][0] ? row[F_SKU] : row[F_OZON_SKU]);
        h->rec_set_text(rec, "name", row[F_NAME]);
        h->rec_set_text(rec, "qty", row[F_QTY]);
        h->rec_set_text(rec, "currency", ccy);
        if (tk_money_field(s, F_ITEM_TOTAL, row[F_ITEM_TOTAL], ccy, &v, NULL) == 0) {
            h->rec_set_minor(rec, "total", v);
            if (tk_int(row[F_QTY], &q) && q > 0 && v % q == 0)
                h->rec_set_minor(rec, "unit_price", v / q);
        }
    }
    return CBEC_OK;
}

static const tk_ops OPS = {oz_row, oz_build, NULL};

/* "Номер отправления" in UTF-8 and in Windows-1251. */
static const char HDR_UTF8[] = "\xd0\x9d\xd0\xbe\xd0\xbc\xd0\xb5\xd1\x80 \xd0\xbe\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0"
                               "\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb8\xd1\x8f";
static const char HDR_1251[] = "\xcd\xee\xec\xe5\xf0 \xee\xf2\xef\xf0\xe0\xe2\xeb\xe5\xed\xe8\xff";

static int oz_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    if (tk_head_has(in->head, in->head_len, HDR_UTF8) || tk_head_has(in->head, in->head_len, HDR_1251))
        return 85;
    if (in->head_len >= 4 && memcmp(in->head, "PK\x03\x04", 4) == 0 && in->name) {
        char *n = g_utf8_casefold(in->name, -1);
        int hit = strstr(n, "ozon") != NULL || strstr(n, "posting") != NULL;
        g_free(n);
        if (hit)
            return 60;
    }
    return CBEC_SCORE_NONE;
}

static cbec_status oz_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *src = g_new0(cbec_source, 1);
    cbec_tab_options opt;
    const char *pc = host->config(in, "platform_code"), *pn = host->config(in, "platform_name");
    memset(&opt, 0, sizeof opt);
    opt.min_header_hits = 3;
    g_strlcpy(src->platform, pc && *pc ? pc : "OZON", sizeof src->platform);
    g_strlcpy(src->platform_name, pn && *pn ? pn : "Ozon", sizeof src->platform_name);
    if (tk_open(&src->s, in, host, "ozon_postings", COLUMNS_INI, FIELDS, F_N, &opt, 2, &OPS, err) != CBEC_OK) {
        g_free(src);
        return CBEC_FATAL;
    }
    src->s.priv = src;
    *out = src;
    return CBEC_OK;
}

static cbec_status oz_next(cbec_source *src, cbec_record *rec, cbec_error *err) { return tk_next(&src->s, rec, err); }

static void oz_close(cbec_source *src)
{
    if (!src)
        return;
    tk_close(&src->s);
    g_free(src);
}

static const char *const EXTS[] = {"csv", "xlsx", NULL};
static const cbec_config_key KEYS[] = {
    {CBEC_CONF_STRING, "encoding", "WINDOWS-1251", "code page of CSV exports that are not UTF-8"},
    {CBEC_CONF_STRING, "timezone", "+03:00", "offset of export times (Moscow)"},
    {CBEC_CONF_STRING, "currency", "RUB", "currency when a row names none"},
    {CBEC_CONF_STRING, "platform_code", "OZON",
     "platform code of the orders (the ebpCode when the seller's trades are declared to customs)"},
    {CBEC_CONF_STRING, "platform_name", "Ozon", "platform name of the orders"},
    {CBEC_CONF_STRING, "carrier_codes", "",
     "customs logistics codes of delivery services, \"Почта России = 1501970001; ...\" (parcels with a tracking "
     "number join the carrier's CEB waybills)"},
    {CBEC_CONF_PATH, "columns", "", "site column map overlaid on the built-in one (INI, see columns.ini)"},
    {CBEC_CONF_INT, "open_groups", "1000", "orders/postings kept open while reading (memory bound)"},
    {CBEC_CONF_STRING, "decimal_mark", "",
     "decimal mark of the amounts: . , or auto (decided per column from the first 1000 rows); "
     "unset = the column map's [decimal_mark]"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin PLUGIN = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "ozon_postings",
    .version = "1.0.0",
    .description = "Ozon postings export (orders + shipments per posting number)",
    .license = "MIT",
    .extensions = EXTS,
    .config_keys = KEYS,
    .probe = oz_probe,
    .open = oz_open,
    .next = oz_next,
    .close = oz_close,
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
