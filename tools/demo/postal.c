/* The post's e-packet manifest of the night: a GB18030 CSV row per item line of every parcel it
 * carries, exports and inbound imports alike. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

static const char *const post_header =
    "订单号,邮件号,物流商,收件人,收件人地址,寄达国,原寄国,重量(g),交寄日期,币种,中文品名,英文品名,海关编码,数量,单价\n";
enum { PM_N = 15 };

/* Chinese name of a partner country by its customs code ("" when none: never for the cast's origins). */
static const char *country_zh(const char *customs)
{
    int i;
    for (i = 0; i < cbec_demo_n_partners; i++)
        if (strcmp(cbec_demo_partners[i].country, customs) == 0)
            return cbec_demo_partners[i].name_zh;
    return "";
}

/* One parcel of the post's manifest.  Export: to the foreign consignee fc, posted in China.
 * Import (fc NULL): the inbound e-packet of a 9610 import, to the waybill's consignee in China,
 * posted in the goods' origin country; the same waybill as the CEB511 (number and carrier code). */
int demo_post_parcel(gen *g, const trade *t, const fperson *fc)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];
    char w[24], at[24], price[32], qty[24], *file = g_strdup_printf("%s_manifest_%s.csv", cr->code, g->ymd);
    int i, rc;

    g_snprintf(w, sizeof w, "%" G_GINT64_FORMAT, t->gross_g);
    demo_hms(g, at, t->t_ship);
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        /* one row per item line; the parcel's weight on its first row */
        const char *c[PM_N];
        g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
        demo_money(price, l->price);
        c[0] = t->order_no;
        c[1] = t->logistics_no;
        c[2] = cr->code;
        c[3] = fc ? fc->name : t->ship_to.name;
        c[4] = fc ? fc->address : t->ship_to.address;
        c[5] = fc ? cbec_demo_partners[t->partner].name_zh : "中国";
        c[6] = fc ? "中国" : country_zh(t->country);
        c[7] = i == 0 ? w : "";
        c[8] = at;
        c[9] = "CNY";
        c[10] = p->name;
        c[11] = p->name_en;
        c[12] = p->hs;
        c[13] = qty;
        c[14] = price;
        demo_csv_line(s, c, PM_N, 0);
    }
    g->post.gb18030 = 1;
    rc = demo_tab_write(g, &g->post, "postal", file, post_header, s);
    g->post.rows += t->nlines;
    g->c->manifest_parcels++;
    if (!fc)
        g->c->manifest_imports++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

