/* The customs declarations of a trade (CEB311/303 orders, 411 payments and 403 receipts of
 * payment, 511/505 waybills, 621/603 lists) and the customs receipts of an import (312, 622),
 * each appended to its sender's open message. */
#include <string.h>
#include <glib.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

static void w_order_import(gen *g, GString *s, const trade *t, int app_type, int early_address)
{
    char b[32], id[37], ts[16];
    const person *c = &t->consignee;
    int i;

    demo_guid(g, id);
    g_string_append(s, "\t<ceb:Order>\n\t\t<ceb:OrderHead>\n");
    demo_el(s, 3, "ceb:", "guid", id);
    demo_elf(s, 3, "ceb:", "appType", "%d", app_type);
    demo_el(s, 3, "ceb:", "appTime", demo_stamp(g, ts, app_type == 2 ? t->t_ship : t->t_order));
    demo_el(s, 3, "ceb:", "appStatus", "2");
    demo_el(s, 3, "ceb:", "orderType", "I");
    demo_el(s, 3, "ceb:", "orderNo", t->order_no);
    demo_el(s, 3, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
    demo_el(s, 3, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
    demo_el(s, 3, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
    demo_el(s, 3, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
    demo_el(s, 3, "ceb:", "goodsValue", demo_money(b, t->goods));
    demo_el(s, 3, "ceb:", "freight", demo_money(b, t->freight));
    demo_el(s, 3, "ceb:", "discount", demo_money(b, t->discount));
    demo_el(s, 3, "ceb:", "taxTotal", demo_money(b, t->tax));
    demo_el(s, 3, "ceb:", "acturalPaid", demo_money(b, t->paid));
    demo_el(s, 3, "ceb:", "currency", "142");
    demo_el(s, 3, "ceb:", "buyerRegNo", t->buyer.regno);
    demo_el(s, 3, "ceb:", "buyerName", t->buyer.name);
    demo_el(s, 3, "ceb:", "buyerTelephone", t->buyer.phone);
    demo_el(s, 3, "ceb:", "buyerIdType", "1");
    demo_el(s, 3, "ceb:", "buyerIdNumber", t->buyer.id);
    demo_el(s, 3, "ceb:", "payCode", cbec_demo_paycos[t->payco].code);
    demo_el(s, 3, "ceb:", "payName", cbec_demo_paycos[t->payco].name);
    demo_el(s, 3, "ceb:", "payTransactionId", t->pay_tx);
    demo_el(s, 3, "ceb:", "consignee", c->name);
    demo_el(s, 3, "ceb:", "consigneeTelephone", c->phone);
    demo_el(s, 3, "ceb:", "consigneeAddress", early_address ? c->address_short : c->address);
    demo_el(s, 3, "ceb:", "consigneeDistrict", c->district);
    if (app_type == 2)
        demo_el(s, 3, "ceb:", "note", "变更申报：补全收货地址");
    g_string_append(s, "\t\t</ceb:OrderHead>\n");
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        g_string_append(s, "\t\t<ceb:OrderList>\n");
        demo_elf(s, 3, "ceb:", "gnum", "%d", i + 1);
        demo_elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
        demo_el(s, 3, "ceb:", "itemName", p->name);
        demo_el(s, 3, "ceb:", "gmodel", p->models[l->model]);
        demo_el(s, 3, "ceb:", "unit", p->unit);
        demo_elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
        demo_el(s, 3, "ceb:", "price", demo_money(b, l->price));
        demo_el(s, 3, "ceb:", "totalPrice", demo_money(b, l->total));
        demo_el(s, 3, "ceb:", "currency", "142");
        demo_el(s, 3, "ceb:", "country", t->country);
        g_string_append(s, "\t\t</ceb:OrderList>\n");
    }
    g_string_append(s, "\t</ceb:Order>\n");
}

static void w_order_export(gen *g, GString *s, const trade *t, int app_type, int64_t freight)
{
    char b[32], id[37], ts[16];
    int i;
    const char *type = strcmp(t->mode, "9710") == 0 ? "B" : strcmp(t->mode, "9810") == 0 ? "W" : "E";

    demo_guid(g, id);
    g_string_append(s, "\t<ceb:Order>\n\t\t<ceb:OrderHead>\n");
    demo_el(s, 3, "ceb:", "guid", id);
    demo_elf(s, 3, "ceb:", "appType", "%d", app_type);
    demo_el(s, 3, "ceb:", "appTime", demo_stamp(g, ts, app_type == 2 ? t->t_ship : t->t_order));
    demo_el(s, 3, "ceb:", "appStatus", "2");
    demo_el(s, 3, "ceb:", "orderType", type);
    demo_el(s, 3, "ceb:", "orderNo", t->order_no);
    demo_el(s, 3, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
    demo_el(s, 3, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
    demo_el(s, 3, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
    demo_el(s, 3, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
    demo_el(s, 3, "ceb:", "goodsValue", demo_money(b, t->goods));
    demo_el(s, 3, "ceb:", "freight", demo_money(b, freight));
    demo_el(s, 3, "ceb:", "currency", "142");
    if (app_type == 2)
        demo_el(s, 3, "ceb:", "note", "变更申报：更正运费");
    g_string_append(s, "\t\t</ceb:OrderHead>\n");
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        g_string_append(s, "\t\t<ceb:OrderList>\n");
        demo_elf(s, 3, "ceb:", "gnum", "%d", i + 1);
        demo_elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
        demo_el(s, 3, "ceb:", "itemName", p->name);
        demo_el(s, 3, "ceb:", "itemDescribe", p->models[l->model]);
        demo_el(s, 3, "ceb:", "unit", p->unit);
        demo_el(s, 3, "ceb:", "currency", "142");
        demo_elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
        demo_el(s, 3, "ceb:", "price", demo_money(b, l->price));
        demo_el(s, 3, "ceb:", "totalPrice", demo_money(b, l->total));
        g_string_append(s, "\t\t</ceb:OrderList>\n");
    }
    g_string_append(s, "\t</ceb:Order>\n");
}

int demo_emit_order(gen *g, const trade *t)
{
    mbuf *m = &g->buf[t->platform][t->import ? K311 : K303];
    mbuf *late = &g->late[t->platform][t->import ? 0 : 1];
    GString *s = demo_rec_begin(g, m);
    GString *copy = NULL;
    gsize from = s->len;

    if (t->import)
        w_order_import(g, s, t, 1, t->change);
    else
        w_order_export(g, s, t, 1, t->change ? t->freight + 1000 : t->freight);
    if (t->resend)
        copy = g_string_new_len(s->str + from, (gssize)(s->len - from));
    if (demo_rec_end(g, m) < 0)
        goto fail;
    if (t->resend || t->change) {
        /* the resend / change travels in a later message of the platform: flush the originals first */
        if (late->n + 1 >= MAX_PER_MESSAGE && demo_msg_flush(g, m) < 0)
            goto fail;
        s = demo_rec_begin(g, late);
        if (t->resend) {
            g_string_append_len(s, copy->str, (gssize)copy->len);
            g->c->resends++;
        } else {
            if (t->import)
                w_order_import(g, s, t, 2, 0);
            else
                w_order_export(g, s, t, 2, t->freight);
            g->c->changes++;
        }
        if (late->n >= MAX_PER_MESSAGE && (demo_msg_flush(g, m) < 0 || demo_msg_flush(g, late) < 0))
            goto fail;
    }
    if (copy)
        g_string_free(copy, TRUE);
    return 0;
fail:
    if (copy)
        g_string_free(copy, TRUE);
    return -1;
}

int demo_emit_payment(gen *g, const trade *t)
{
    char b[32], id[37], ts[16];
    mbuf *m = &g->buf[t->payco][t->import ? K411 : K403];
    GString *s = demo_rec_begin(g, m);

    demo_guid(g, id);
    if (t->import) {
        g_string_append(s, "\t<ceb:Payment>\n\t\t<ceb:PaymentHead>\n");
        demo_el(s, 3, "ceb:", "guid", id);
        demo_el(s, 3, "ceb:", "appType", "1");
        demo_el(s, 3, "ceb:", "appTime", demo_stamp(g, ts, t->t_pay + 5));
        demo_el(s, 3, "ceb:", "appStatus", "2");
        demo_el(s, 3, "ceb:", "payCode", cbec_demo_paycos[t->payco].code);
        demo_el(s, 3, "ceb:", "payName", cbec_demo_paycos[t->payco].name);
        demo_el(s, 3, "ceb:", "payTransactionId", t->pay_tx);
        demo_el(s, 3, "ceb:", "orderNo", t->order_no);
        demo_el(s, 3, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
        demo_el(s, 3, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
        demo_el(s, 3, "ceb:", "payerIdType", "1");
        demo_el(s, 3, "ceb:", "payerIdNumber", t->payer.id);
        demo_el(s, 3, "ceb:", "payerName", t->payer.name);
        demo_el(s, 3, "ceb:", "telephone", t->payer.phone);
        demo_el(s, 3, "ceb:", "amountPaid", demo_money(b, t->amount_paid));
        demo_el(s, 3, "ceb:", "currency", "142");
        demo_el(s, 3, "ceb:", "payTime", demo_stamp(g, ts, t->t_pay));
        g_string_append(s, "\t\t</ceb:PaymentHead>\n\t</ceb:Payment>\n");
    } else {
        g_string_append(s, "\t<ceb:Receipts>\n");
        demo_el(s, 2, "ceb:", "guid", id);
        demo_el(s, 2, "ceb:", "appType", "1");
        demo_el(s, 2, "ceb:", "appTime", demo_stamp(g, ts, t->t_pay + 5));
        demo_el(s, 2, "ceb:", "appStatus", "2");
        demo_el(s, 2, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
        demo_el(s, 2, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
        demo_el(s, 2, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
        demo_el(s, 2, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
        demo_el(s, 2, "ceb:", "orderNo", t->order_no);
        demo_el(s, 2, "ceb:", "payCode", cbec_demo_paycos[t->payco].code);
        demo_el(s, 2, "ceb:", "payName", cbec_demo_paycos[t->payco].name);
        demo_el(s, 2, "ceb:", "payNo", t->pay_tx);
        demo_el(s, 2, "ceb:", "charge", demo_money(b, t->amount_paid));
        demo_el(s, 2, "ceb:", "currency", "142");
        demo_el(s, 2, "ceb:", "accountingDate", demo_stamp(g, ts, t->t_pay));
        g_string_append(s, "\t</ceb:Receipts>\n");
    }
    /* settled in the payment company's batch credit of the night for this platform (N:1) */
    g->pay_sum[t->payco][t->platform] += t->amount_paid;
    g->pay_n[t->payco][t->platform]++;
    return demo_rec_end(g, m);
}

int demo_emit_waybill(gen *g, const trade *t)
{
    char b[32], id[37], ts[16];
    mbuf *m = &g->buf[t->carrier][t->import ? K511 : K505];
    GString *s = demo_rec_begin(g, m);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];

    demo_guid(g, id);
    if (t->import) {
        g_string_append(s, "\t<ceb:Logistics>\n\t\t<ceb:LogisticsHead>\n");
        demo_el(s, 3, "ceb:", "guid", id);
        demo_el(s, 3, "ceb:", "appType", "1");
        demo_el(s, 3, "ceb:", "appTime", demo_stamp(g, ts, t->t_ship));
        demo_el(s, 3, "ceb:", "appStatus", "2");
        demo_el(s, 3, "ceb:", "logisticsCode", cr->code);
        demo_el(s, 3, "ceb:", "logisticsName", cr->name);
        demo_el(s, 3, "ceb:", "logisticsNo", t->logistics_no);
        demo_el(s, 3, "ceb:", "billNo", t->bill_no);
        demo_el(s, 3, "ceb:", "orderNo", t->order_no);
        demo_el(s, 3, "ceb:", "freight", demo_money(b, t->freight));
        demo_el(s, 3, "ceb:", "insuredFee", "0.00");
        demo_el(s, 3, "ceb:", "currency", "142");
        demo_el(s, 3, "ceb:", "weight", demo_kg(b, t->gross_g));
        demo_el(s, 3, "ceb:", "packNo", "1");
        demo_el(s, 3, "ceb:", "goodsInfo", cbec_demo_products[t->lines[0].prod].goods_info);
        demo_el(s, 3, "ceb:", "consignee", t->ship_to.name);
        demo_el(s, 3, "ceb:", "consigneeAddress", t->ship_to.address);
        demo_el(s, 3, "ceb:", "consigneeTelephone", t->ship_to.phone);
        g_string_append(s, "\t\t</ceb:LogisticsHead>\n\t</ceb:Logistics>\n");
    } else {
        g_string_append(s, "\t<ceb:Logistics>\n");
        demo_el(s, 2, "ceb:", "guid", id);
        demo_el(s, 2, "ceb:", "appType", "1");
        demo_el(s, 2, "ceb:", "appTime", demo_stamp(g, ts, t->t_ship));
        demo_el(s, 2, "ceb:", "appStatus", "2");
        demo_el(s, 2, "ceb:", "logisticsCode", cr->code);
        demo_el(s, 2, "ceb:", "logisticsName", cr->name);
        demo_el(s, 2, "ceb:", "logisticsNo", t->logistics_no);
        demo_el(s, 2, "ceb:", "freight", demo_money(b, t->freight));
        demo_el(s, 2, "ceb:", "insuredFee", "0.00");
        demo_el(s, 2, "ceb:", "currency", "142");
        demo_el(s, 2, "ceb:", "grossWeight", demo_kg(b, t->gross_g));
        demo_el(s, 2, "ceb:", "packNo", "1");
        demo_el(s, 2, "ceb:", "goodsInfo", cbec_demo_products[t->lines[0].prod].goods_info);
        demo_el(s, 2, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
        demo_el(s, 2, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
        g_string_append(s, "\t</ceb:Logistics>\n");
    }
    return demo_rec_end(g, m);
}

static void list_qty1(GString *s, const line *l)
{
    const cbec_demo_product *p = &cbec_demo_products[l->prod];
    char b[32];
    if (p->qty1_kg)
        demo_el(s, 3, "ceb:", "qty1", demo_kg(b, l->qty * p->weight_g));
    else
        demo_elf(s, 3, "ceb:", "qty1", "%" G_GINT64_FORMAT, l->qty);
}

int demo_emit_list(gen *g, const trade *t)
{
    char b[32], id[37], ts[16];
    mbuf *m = &g->buf[t->carrier][t->import ? K621 : K603];
    GString *s = demo_rec_begin(g, m);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform], *sl = &cbec_demo_sellers[t->seller];
    int i;

    demo_guid(g, id);
    g_string_append(s, "\t<ceb:Inventory>\n\t\t<ceb:InventoryHead>\n");
    demo_el(s, 3, "ceb:", "guid", id);
    demo_el(s, 3, "ceb:", "appType", "1");
    demo_el(s, 3, "ceb:", "appTime", demo_stamp(g, ts, t->t_list));
    demo_el(s, 3, "ceb:", "appStatus", "2");
    if (t->import) {
        demo_el(s, 3, "ceb:", "orderNo", t->order_no);
        demo_el(s, 3, "ceb:", "ebpCode", pf->code);
        demo_el(s, 3, "ceb:", "ebpName", pf->name);
        demo_el(s, 3, "ceb:", "ebcCode", sl->code);
        demo_el(s, 3, "ceb:", "ebcName", sl->name);
        demo_el(s, 3, "ceb:", "logisticsNo", t->logistics_no);
        demo_el(s, 3, "ceb:", "logisticsCode", cr->code);
        demo_el(s, 3, "ceb:", "logisticsName", cr->name);
        demo_el(s, 3, "ceb:", "copNo", t->cop_no);
        demo_el(s, 3, "ceb:", "assureCode", pf->code);
        if (strcmp(t->mode, "1210") == 0)
            demo_elf(s, 3, "ceb:", "emsNo", "T%sW%06d", cr->customs, 1 + t->platform);
        demo_el(s, 3, "ceb:", "ieFlag", "I");
        demo_el(s, 3, "ceb:", "declTime", g->ymd);
        demo_el(s, 3, "ceb:", "customsCode", cr->customs);
        demo_el(s, 3, "ceb:", "portCode", cr->customs);
        demo_el(s, 3, "ceb:", "ieDate", g->ymd);
        demo_el(s, 3, "ceb:", "buyerIdType", "1");
        demo_el(s, 3, "ceb:", "buyerIdNumber", t->buyer.id);
        demo_el(s, 3, "ceb:", "buyerName", t->buyer.name);
        demo_el(s, 3, "ceb:", "buyerTelephone", t->buyer.phone);
        demo_el(s, 3, "ceb:", "consigneeAddress", t->consignee.address);
        demo_el(s, 3, "ceb:", "agentCode", cr->code);
        demo_el(s, 3, "ceb:", "agentName", cr->name);
        demo_el(s, 3, "ceb:", "tradeMode", t->mode);
        demo_el(s, 3, "ceb:", "trafMode", cr->traf);
        demo_el(s, 3, "ceb:", "billNo", t->bill_no);
        demo_el(s, 3, "ceb:", "country", t->country);
        demo_el(s, 3, "ceb:", "freight", demo_money(b, t->freight));
        demo_el(s, 3, "ceb:", "insuredFee", "0.00");
        demo_el(s, 3, "ceb:", "currency", "142");
        demo_el(s, 3, "ceb:", "packNo", "1");
        demo_el(s, 3, "ceb:", "grossWeight", demo_kg(b, t->gross_g));
        demo_el(s, 3, "ceb:", "netWeight", demo_kg(b, t->net_g));
        g_string_append(s, "\t\t</ceb:InventoryHead>\n");
        for (i = 0; i < t->nlines; i++) {
            const line *l = &t->lines[i];
            const cbec_demo_product *p = &cbec_demo_products[l->prod];
            g_string_append(s, "\t\t<ceb:InventoryList>\n");
            demo_elf(s, 3, "ceb:", "gnum", "%d", i + 1);
            demo_elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
            demo_el(s, 3, "ceb:", "itemName", p->name);
            demo_el(s, 3, "ceb:", "gcode", p->hs);
            demo_el(s, 3, "ceb:", "gname", p->name);
            demo_el(s, 3, "ceb:", "gmodel", p->models[l->model]);
            demo_el(s, 3, "ceb:", "country", t->country);
            demo_el(s, 3, "ceb:", "currency", "142");
            demo_elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
            demo_el(s, 3, "ceb:", "unit", p->unit);
            list_qty1(s, l);
            demo_el(s, 3, "ceb:", "unit1", p->unit1);
            demo_el(s, 3, "ceb:", "price", demo_money(b, l->price));
            demo_el(s, 3, "ceb:", "totalPrice", demo_money(b, l->total));
            g_string_append(s, "\t\t</ceb:InventoryList>\n");
        }
    } else {
        const cbec_demo_partner *pt = &cbec_demo_partners[t->partner];
        demo_el(s, 3, "ceb:", "customsCode", cr->customs);
        demo_el(s, 3, "ceb:", "ebpCode", pf->code);
        demo_el(s, 3, "ceb:", "ebpName", pf->name);
        demo_el(s, 3, "ceb:", "orderNo", t->order_no);
        demo_el(s, 3, "ceb:", "logisticsCode", cr->code);
        demo_el(s, 3, "ceb:", "logisticsName", cr->name);
        demo_el(s, 3, "ceb:", "logisticsNo", t->logistics_no);
        demo_el(s, 3, "ceb:", "copNo", t->cop_no);
        demo_el(s, 3, "ceb:", "ieFlag", "E");
        demo_el(s, 3, "ceb:", "portCode", cr->customs);
        demo_el(s, 3, "ceb:", "ieDate", g->ymd);
        demo_el(s, 3, "ceb:", "statisticsFlag", "A");
        demo_el(s, 3, "ceb:", "agentCode", cr->code);
        demo_el(s, 3, "ceb:", "agentName", cr->name);
        demo_el(s, 3, "ceb:", "ebcCode", sl->code);
        demo_el(s, 3, "ceb:", "ebcName", sl->name);
        demo_el(s, 3, "ceb:", "ownerCode", sl->code);
        demo_el(s, 3, "ceb:", "ownerName", sl->name);
        demo_el(s, 3, "ceb:", "tradeMode", t->mode);
        demo_el(s, 3, "ceb:", "trafMode", cr->traf);
        demo_el(s, 3, "ceb:", "billNo", t->bill_no);
        demo_el(s, 3, "ceb:", "country", pt->country);
        demo_el(s, 3, "ceb:", "POD", pt->pod);
        demo_el(s, 3, "ceb:", "freight", demo_money(b, t->freight));
        demo_el(s, 3, "ceb:", "fCurrency", "142");
        demo_el(s, 3, "ceb:", "fFlag", "3");
        demo_el(s, 3, "ceb:", "insuredFee", "0.00");
        demo_el(s, 3, "ceb:", "iCurrency", "142");
        demo_el(s, 3, "ceb:", "iFlag", "3");
        demo_el(s, 3, "ceb:", "wrapType", "2");
        demo_el(s, 3, "ceb:", "packNo", "1");
        demo_el(s, 3, "ceb:", "grossWeight", demo_kg(b, t->gross_g));
        demo_el(s, 3, "ceb:", "netWeight", demo_kg(b, t->net_g));
        g_string_append(s, "\t\t</ceb:InventoryHead>\n");
        for (i = 0; i < t->nlines; i++) {
            const line *l = &t->lines[i];
            const cbec_demo_product *p = &cbec_demo_products[l->prod];
            g_string_append(s, "\t\t<ceb:InventoryList>\n");
            demo_elf(s, 3, "ceb:", "gnum", "%d", i + 1);
            demo_elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
            demo_el(s, 3, "ceb:", "itemName", p->name);
            demo_el(s, 3, "ceb:", "gcode", p->hs);
            demo_el(s, 3, "ceb:", "gname", p->name);
            demo_el(s, 3, "ceb:", "gmodel", p->models[l->model]);
            demo_el(s, 3, "ceb:", "barCode", "无");
            demo_el(s, 3, "ceb:", "country", "142");
            demo_el(s, 3, "ceb:", "currency", "142");
            demo_elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
            list_qty1(s, l);
            demo_el(s, 3, "ceb:", "unit", p->unit);
            demo_el(s, 3, "ceb:", "unit1", p->unit1);
            demo_el(s, 3, "ceb:", "price", demo_money(b, l->price));
            demo_el(s, 3, "ceb:", "totalPrice", demo_money(b, l->total));
            g_string_append(s, "\t\t</ceb:InventoryList>\n");
        }
    }
    g_string_append(s, "\t</ceb:Inventory>\n");
    return demo_rec_end(g, m);
}

/* Customs receipts for an import trade: order accepted (120), list released (800). */
int demo_emit_receipts(gen *g, const trade *t)
{
    char id[37], ts[16];
    mbuf *m = &g->buf[t->platform][K312];
    GString *s = demo_rec_begin(g, m);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];

    demo_guid(g, id);
    g_string_append(s, "\t<OrderReturn>\n");
    demo_el(s, 2, "", "guid", id);
    demo_el(s, 2, "", "ebpCode", cbec_demo_platforms[t->platform].code);
    demo_el(s, 2, "", "ebcCode", cbec_demo_sellers[t->seller].code);
    demo_el(s, 2, "", "orderNo", t->order_no);
    demo_el(s, 2, "", "returnStatus", "120");
    demo_elf(s, 2, "", "returnTime", "%s%03d", demo_stamp(g, ts, t->t_order + 40), demo_rnd(g, 0, 999));
    demo_el(s, 2, "", "returnInfo", "[Code:1800;Desc:入库成功]");
    g_string_append(s, "\t</OrderReturn>\n");
    if (demo_rec_end(g, m) < 0)
        return -1;
    m = &g->buf[t->platform][K622];
    s = demo_rec_begin(g, m);
    demo_guid(g, id);
    g_string_append(s, "\t<InventoryReturn>\n");
    demo_el(s, 2, "", "guid", id);
    demo_el(s, 2, "", "customsCode", cr->customs);
    demo_el(s, 2, "", "ebpCode", cbec_demo_platforms[t->platform].code);
    demo_el(s, 2, "", "ebcCode", cbec_demo_sellers[t->seller].code);
    demo_el(s, 2, "", "agentCode", cr->code);
    demo_el(s, 2, "", "copNo", t->cop_no);
    demo_elf(s, 2, "", "preNo", "B%s%09" G_GINT64_FORMAT, g->ymd, t->idx + 1);
    demo_elf(s, 2, "", "invtNo", "%s%s%.4sI%09" G_GINT64_FORMAT, demo_prefix(g), cr->customs, g->ymd, t->idx + 1);
    demo_el(s, 2, "", "returnStatus", "800");
    demo_elf(s, 2, "", "returnTime", "%s%03d", demo_stamp(g, ts, t->t_list + 60), demo_rnd(g, 0, 999));
    demo_el(s, 2, "", "returnInfo", "[Code:2600;Desc:放行]");
    g_string_append(s, "\t</InventoryReturn>\n");
    return demo_rec_end(g, m);
}
