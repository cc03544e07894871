/* Platform exports: the Shopify orders, the eBay orders report and the Ozon postings of the
 * platforms that also declare these orders to customs (the post's manifest: postal.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

/* Three platforms also sell their 9610 exports through a foreign marketplace and hand the
 * zone its export as well as the CEB303: the Shopify store of 1501968002, the eBay shop of
 * 1501968001 and the Ozon store of 1501968003 (its sales to Russia).  Their order numbers are
 * the CEB orderNo and cbecflow.conf gives each plugin that platform's code, so the rows join
 * the declared orders (the same trades).  The tracking numbers of eBay and Ozon are the CEB505
 * logisticsNo, their shipping services mapped to the carrier's customs code (carrier_codes in
 * cbecflow.conf), so the parcels join the declared waybills.  The post (1501970001) hands over
 * its e-packet manifest of the night's parcels: tracking number = the 505/511 logisticsNo (S10),
 * carrier = its customs code. */
#define OZON_COUNTRY "344" /* Russia */

/* The carriers of 9610 exports (the post, the Erenhot forwarder: carrier 0 or 1, new_trade) as
 * the marketplaces name their services: cbecflow.conf maps each name to the carrier's customs code. */
const char *const demo_ebay_service[2] = {"ePacket delivery from China", "Standard International Shipping"};
const char *const demo_ozon_service[2] = {"Почта России", "Эрлянь Экспресс"};

static const char *const shop_header =
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,"
    "Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,"
    "Lineitem fulfillment status,Billing Name,Shipping Name,Shipping Country,Shipping Phone,Notes,Payment Method,"
    "Payment Reference,Vendor,Id,Payment ID\n";
enum { SH_N = 34 };
static const char *const ebay_header =
    "\"Sales Record Number\",\"Order Number\",\"Buyer Username\",\"Buyer Name\",\"Ship To Name\",\"Ship To Phone\","
    "\"Ship To Country\",\"Item Number\",\"Item Title\",\"Custom Label\",\"Quantity\",\"Sold For\","
    "\"Shipping And Handling\",\"Seller Collected Tax\",\"eBay Collected Tax\",\"Total Price\",\"Payment Method\","
    "\"Sale Date\",\"Paid On Date\",\"Shipped On Date\",\"Tracking Number\",\"Shipping Service\",\"Transaction ID\"\n";
enum { EB_N = 23 };
/* Ozon's postings export (FBS/rFBS "Отправления"): UTF-8 with a BOM, ';', decimal commas,
 * Moscow times; one row per product of a posting, the posting's columns repeated. */
static const char *const ozon_header =
    "\xef\xbb\xbf"
    "Номер заказа;Номер отправления;Принят в обработку;Дата отгрузки;Статус;Служба доставки;Трек-номер;"
    "Сумма отправления;Код валюты отправления;Стоимость доставки;Наименование товара;OZON id;Артикул;"
    "Количество;Итоговая стоимость товара;Код валюты товара;Страна доставки\n";
enum { OZ_N = 17 };
static void foreign_person(gen *g, const trade *t, fperson *p)
{
    const cbec_demo_partner *pt = &cbec_demo_partners[t->partner];
    /* given and family names of the same parity agree in gender (Russian and Kazakh family names do) */
    int k = g_rand_int_range(g->r2, 0, 4), c = g_rand_int_range(g->r2, 0, 2);
    const char *given = pt->given[k], *family = pt->family[2 * g_rand_int_range(g->r2, 0, 2) + k % 2];
    char *low;

    g_snprintf(p->name, sizeof p->name, "%s %s", given, family);
    g_snprintf(p->address, sizeof p->address, "%s %d-%d, %s", pt->street[c], g_rand_int_range(g->r2, 1, 120),
               g_rand_int_range(g->r2, 1, 90), pt->city[c]);
    low = g_ascii_strdown(family, -1);
    g_snprintf(p->user, sizeof p->user, "%c.%s_%02d", g_ascii_tolower(given[0]), low, g_rand_int_range(g->r2, 1, 99));
    g_strdelimit(p->user, " ", '_');
    g_free(low);
}

/* eBay's date: Nov-25-26. */
static const char *ebay_date(const gen *g, char *b)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    g_snprintf(b, 16, "%s-%02d-%02d", mon[g->o->month - 1], g->o->day, g->o->year % 100);
    return b;
}

static int shop_order(gen *g, const trade *t, const fperson *fc)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform];
    char sub[32], ship[32], tot[32], paid_at[32], created[32], fulfilled[32], price[32], qty[24], sku[40], id[24];
    char name[160], *file = g_strdup_printf("%s_shopify_orders_%s.csv", pf->code, g->ymd);
    int i, rc;

    g_snprintf(paid_at, sizeof paid_at, "%s +0800", demo_hms(g, sub, t->t_pay));
    g_snprintf(created, sizeof created, "%s +0800", demo_hms(g, sub, t->t_order));
    g_snprintf(fulfilled, sizeof fulfilled, "%s +0800", demo_hms(g, sub, t->t_ship));
    g_snprintf(id, sizeof id, "%" G_GINT64_FORMAT, (gint64)5210000000000 + t->idx * 37);
    demo_money(sub, t->goods);
    demo_money(ship, t->freight);
    demo_money(tot, t->goods + t->freight);
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        const char *c[SH_N] = {NULL};
        g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
        g_snprintf(sku, sizeof sku, "%s-%d", p->sku, l->model + 1);
        g_snprintf(name, sizeof name, "%s - %d", p->name_en, l->model + 1);
        demo_money(price, l->price);
        c[0] = t->order_no;
        if (i == 0) {
            /* order-level columns on the first row only, as Shopify writes them */
            c[2] = t->emit_payment ? "paid" : "pending";
            c[3] = t->emit_payment ? paid_at : "";
            c[4] = t->emit_waybill ? "fulfilled" : "unfulfilled";
            c[5] = t->emit_waybill ? fulfilled : "";
            c[6] = "no";
            c[7] = "CNY";
            c[8] = sub;
            c[9] = ship;
            c[10] = "0.00";
            c[11] = tot;
            c[13] = "0.00";
            c[14] = "International Standard";
            c[15] = created;
            c[24] = fc->name;
            c[25] = fc->name;
            c[26] = cbec_demo_partners[t->partner].iso2;
            c[29] = cbec_demo_paycos[t->payco].name;
            c[31] = cbec_demo_sellers[t->seller].name;
            c[32] = id;
        }
        c[16] = qty;
        c[17] = name;
        c[18] = price;
        c[20] = sku;
        c[21] = "true";
        c[22] = "false";
        c[23] = t->emit_waybill ? "fulfilled" : "pending";
        demo_csv_line(s, c, SH_N, 0);
    }
    rc = demo_tab_write(g, &g->shop, "stores", file, shop_header, s);
    g->shop.rows += t->nlines;
    g->c->shop_orders++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

static int ebay_order(gen *g, const trade *t, const fperson *fc)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform];
    char rec[24], ship[32], tot[32], date[16], price[32], qty[24], sku[40], item[24], txn[24];
    char *file = g_strdup_printf("%s_ebay_orders_%s.csv", pf->code, g->ymd);
    int i, rc;

    g_snprintf(rec, sizeof rec, "%" G_GINT64_FORMAT, g->c->ebay_orders + 1);
    g_snprintf(txn, sizeof txn, "%" G_GINT64_FORMAT, (gint64)2400000000000 + t->idx * 53);
    demo_money(ship, t->freight);
    demo_money(tot, t->goods + t->freight);
    ebay_date(g, date);
    for (i = -1; i < t->nlines; i++) {
        const char *c[EB_N] = {NULL};
        /* one row per order; an order of several items gets a summary row, then one row per item */
        int summary = i < 0 && t->nlines > 1, first = (i < 0) || t->nlines == 1;
        if (i < 0 && !summary)
            continue;
        c[0] = rec;
        c[1] = t->order_no;
        if (first) {
            c[2] = fc->user;
            c[3] = fc->name;
            c[4] = fc->name;
            c[6] = cbec_demo_partners[t->partner].name_en;
            c[12] = ship;
            c[13] = "0.00";
            c[14] = "0.00";
            c[15] = tot;
            c[16] = "Managed";
            c[18] = t->emit_payment ? date : "";
            c[22] = txn;
        }
        c[17] = date;
        if (t->emit_waybill) {
            /* shipped: the tracking number is the CEB505 logisticsNo, the service the one the
             * seller books with that carrier (cbecflow.conf maps it to the carrier's customs code) */
            c[19] = date;
            c[20] = t->logistics_no;
            c[21] = demo_ebay_service[t->carrier];
        }
        if (i >= 0) {
            const line *l = &t->lines[i];
            const cbec_demo_product *p = &cbec_demo_products[l->prod];
            g_snprintf(item, sizeof item, "3944%02d%06d", l->prod, l->model + 1);
            g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
            g_snprintf(sku, sizeof sku, "%s-%d", p->sku, l->model + 1);
            demo_money(price, l->price);
            c[7] = item;
            c[8] = p->name_en;
            c[9] = sku;
            c[10] = qty;
            c[11] = price;
        }
        demo_csv_line(s, c, EB_N, 1);
        g->ebay.rows++;
    }
    rc = demo_tab_write(g, &g->ebay, "stores", file, ebay_header, s);
    g->c->ebay_orders++;
    if (t->emit_waybill)
        g->c->ebay_tracked++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

/* Money with a decimal comma, as Ozon's Russian exports write it: 1234,50. */
static const char *money_comma(char *b, int64_t fen)
{
    char *dot;
    demo_money(b, fen);
    if ((dot = strchr(b, '.')))
        *dot = ',';
    return b;
}

/* "YYYY-MM-DD hh:mm:ss" Moscow time (UTC+3) of second t of the business date in Shanghai
 * (UTC+8): five hours earlier, the day before for the night's first five hours. */
static const char *msk(const gen *g, char *b, int t)
{
    if (t > 86399)
        t = 86399;
    t -= 5 * 3600;
    g_snprintf(b, 24, "%s %02d:%02d:%02d", t < 0 ? g->prev_iso : g->iso, (t + 86400) % 86400 / 3600,
               (t + 86400) / 60 % 60, (t + 86400) % 60);
    return b;
}

/* A 9610 export of the Ozon platform to Russia, handed to its carrier: one posting of the
 * order (number = orderNo "-1"), one row per product, amounts in CNY as declared (item total
 * = the line's totalPrice, posting sum = goodsValue, delivery cost = freight: the buyer paid
 * their sum, the 403 charge), tracking number = the CEB505 logisticsNo. */
static int ozon_posting(gen *g, const trade *t)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform];
    char posting[48], accepted[24], shipped[24], sum[32], freight[32], total[32], qty[24], sku[40], oid[24];
    char *file = g_strdup_printf("%s_ozon_postings_%s.csv", pf->code, g->ymd);
    int i, rc;

    g_snprintf(posting, sizeof posting, "%s-1", t->order_no);
    msk(g, accepted, t->t_order);
    msk(g, shipped, t->t_ship);
    money_comma(sum, t->goods);
    money_comma(freight, t->freight);
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        const char *c[OZ_N];
        g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
        g_snprintf(sku, sizeof sku, "%s-%d", p->sku, l->model + 1);
        /* Ozon's own SKU of the listing: one per product model */
        g_snprintf(oid, sizeof oid, "%d", 1480200000 + l->prod * 100 + l->model + 1);
        money_comma(total, l->total);
        c[0] = t->order_no;
        c[1] = posting;
        c[2] = accepted;
        c[3] = shipped;
        c[4] = "Доставляется";
        c[5] = demo_ozon_service[t->carrier];
        c[6] = t->logistics_no;
        c[7] = sum;
        c[8] = "CNY";
        c[9] = freight;
        c[10] = p->name_ru;
        c[11] = oid;
        c[12] = sku;
        c[13] = qty;
        c[14] = total;
        c[15] = "CNY";
        c[16] = "Россия";
        demo_csv_line_sep(s, c, OZ_N, 0, ';');
    }
    rc = demo_tab_write(g, &g->ozon, "stores", file, ozon_header, s);
    g->ozon.rows += t->nlines;
    g->c->ozon_postings++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

/* The trade's rows in the platform exports and the post's manifest, if it has any. */
int demo_emit_exports(gen *g, const trade *t)
{
    int shop, ebay, post;
    fperson fc;

    if (t->import) {
        /* the post's inbound e-packets: their own rows, no random draw (the exports' stream is untouched) */
        if (t->emit_waybill && t->carrier == CBEC_DEMO_CARRIER_POST)
            return demo_post_parcel(g, t, NULL);
        return 0;
    }
    if (strcmp(t->mode, "9610") != 0)
        return 0;
    /* Ozon: the postings handed to a carrier (with a tracking number); a posting still awaiting
     * shipment would be a parcel no carrier declared.  No random draw. */
    if (t->emit_order && t->emit_waybill && t->platform == OZON_PLATFORM && !strcmp(t->country, OZON_COUNTRY) &&
        ozon_posting(g, t) < 0)
        return -1;
    shop = t->emit_order && t->platform == SHOPIFY_PLATFORM;
    ebay = t->emit_order && t->platform == EBAY_PLATFORM;
    post = t->emit_waybill && t->carrier == CBEC_DEMO_CARRIER_POST;
    if (!shop && !ebay && !post)
        return 0;
    foreign_person(g, t, &fc);
    if (shop && shop_order(g, t, &fc) < 0)
        return -1;
    if (ebay && ebay_order(g, t, &fc) < 0)
        return -1;
    if (post && demo_post_parcel(g, t, &fc) < 0)
        return -1;
    return 0;
}

/* eBay's trailer, then close the table files. */
int demo_close_tables(gen *g)
{
    tabout *all[] = {&g->shop, &g->ebay, &g->post, &g->ozon};
    int i, rc = 0;

    if (g->ebay.f) {
        GString *s = g_string_new(NULL);
        const char *c[EB_N] = {NULL};
        char n[24];
        demo_csv_line(s, c, EB_N, 1);
        g_snprintf(n, sizeof n, "%" G_GINT64_FORMAT, g->c->ebay_orders);
        c[0] = n;
        c[1] = "record(s) downloaded";
        demo_csv_line(s, c, EB_N, 1);
        g_string_append_printf(s, "\"Seller ID : %s_steppe_store\"\n", cbec_demo_platforms[EBAY_PLATFORM].tag);
        rc = demo_tab_write(g, &g->ebay, "stores", NULL, NULL, s);
        g_string_free(s, TRUE);
    }
    for (i = 0; i < (int)G_N_ELEMENTS(all); i++)
        if (all[i]->f) {
            if (fclose(all[i]->f) != 0 && rc == 0)
                rc = demo_fail(g, "%s: %s", all[i]->path, g_strerror(errno));
            all[i]->f = NULL;
        }
    return rc;
}
