/* The night's trades: fictitious people with valid check digits, goods and prices from the
 * cast (catalog.c), the amounts customs checks, business numbers and times.  Everything is
 * drawn from the main stream g->r, in the same order as always (the files depend on it). */
#include <string.h>
#include <glib.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

#define CLEAN_IMPORT_MAX 400000

char cbec_demo_id_check(const char *first17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    int i, sum = 0;
    for (i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
    return map[sum % 11];
}

int cbec_demo_s10_check(const char *serial8)
{
    static const int w[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    int i, sum = 0, c;
    for (i = 0; i < 8; i++)
        sum += (serial8[i] - '0') * w[i];
    c = 11 - sum % 11;
    return c == 10 ? 0 : c == 11 ? 5 : c;
}

int demo_rnd(gen *g, int lo, int hi) { return g_rand_int_range(g->r, lo, hi + 1); }
int demo_chance(gen *g, int percent) { return g_rand_int_range(g->r, 0, 100) < percent; }

/* A new person: unique phone and ID number within the night (both derived
 * injectively from a person counter).  ID numbers use the fictitious area
 * 1599xx (Inner Mongolia prefix, no such prefecture) with a valid GB 11643
 * check character, phones the 140/141/144 data-only ranges: nobody real. */
void demo_new_person(gen *g, person *p)
{
    static const char *const pfx[] = {"140", "141", "144"};
    uint64_t k = (uint64_t)g->persons++;
    uint64_t u = (k * 387420489ULL + g->phone_b) % 100000000ULL;
    /* ID: area (12) x birth day (16436 days from 1960) x sequence (1000), an injective map of k */
    const uint64_t M = 12ULL * 16436ULL * 1000ULL;
    uint64_t v = (k * 1000003ULL + g->id_b) % M;
    int area = (int)(v % 12), days = (int)(v / 12 % 16436), seq = (int)(v / 12 / 16436);
    GDate *d = g_date_new_dmy(1, 1, 1960);
    char first17[18];
    const cbec_demo_place *pl = &cbec_demo_places[demo_rnd(g, 0, cbec_demo_n_places - 1)];
    int street;

    g_date_add_days(d, (guint)days);
    g_snprintf(first17, sizeof first17, "1599%02d%04d%02d%02d%03d", area + 1, g_date_get_year(d),
               g_date_get_month(d), g_date_get_day(d), seq);
    g_snprintf(p->id, sizeof p->id, "%s%c", first17, cbec_demo_id_check(first17));
    g_date_free(d);
    g_snprintf(p->phone, sizeof p->phone, "%s%08u", pfx[k % 3], (unsigned)u);
    if (demo_chance(g, 15))
        g_strlcpy(p->name, cbec_demo_mongolian[demo_rnd(g, 0, cbec_demo_n_mongolian - 1)], sizeof p->name);
    else
        g_snprintf(p->name, sizeof p->name, "%s%s%s", cbec_demo_surnames[demo_rnd(g, 0, cbec_demo_n_surnames - 1)],
                   cbec_demo_given[demo_rnd(g, 0, cbec_demo_n_given - 1)],
                   demo_chance(g, 70) ? cbec_demo_given[demo_rnd(g, 0, cbec_demo_n_given - 1)] : "");
    g_snprintf(p->regno, sizeof p->regno, "U%010" G_GUINT64_FORMAT, (guint64)((k * 2654435761ULL + g->id_b) % 10000000000ULL));
    /* Inner Mongolian streets in Inner Mongolia, street names found everywhere elsewhere */
    street = g_str_has_prefix(pl->district, "15") ? demo_rnd(g, 0, cbec_demo_n_streets - 1)
                                                   : demo_rnd(g, cbec_demo_n_streets - 6, cbec_demo_n_streets - 1);
    g_snprintf(p->address_short, sizeof p->address_short, "%s%s%d号", pl->prefix, cbec_demo_streets[street],
               demo_rnd(g, 1, 388));
    g_snprintf(p->address, sizeof p->address, "%s%d栋%d单元%d室", p->address_short, demo_rnd(g, 1, 24),
               demo_rnd(g, 1, 6), demo_rnd(g, 1, 30) * 100 + demo_rnd(g, 1, 4));
    g_strlcpy(p->district, pl->district, sizeof p->district);
}

static int pick_weighted(gen *g, int import)
{
    int i, total = 0, x;
    for (i = 0; i < cbec_demo_n_products; i++)
        total += import ? cbec_demo_products[i].import_weight : cbec_demo_products[i].export_weight;
    x = demo_rnd(g, 0, total - 1);
    for (i = 0; i < cbec_demo_n_products; i++) {
        x -= import ? cbec_demo_products[i].import_weight : cbec_demo_products[i].export_weight;
        if (x < 0)
            return i;
    }
    return 0;
}

/* A market price around the product's typical one (+-15 %), whole yuan or .90. */
static int64_t market_price(gen *g, int prod)
{
    int64_t base = cbec_demo_products[prod].price;
    int64_t p = base * demo_rnd(g, 850, 1150) / 1000;
    p = p / 100 * 100;
    if (p < 100)
        p = 100;
    if (demo_chance(g, 30))
        p -= 10;
    return p;
}

/* Sum lines, weights, tax and totals from the lines and freight/discount. */
void demo_totals(trade *t)
{
    int i;
    t->goods = 0;
    t->net_g = 0;
    for (i = 0; i < t->nlines; i++) {
        line *l = &t->lines[i];
        l->total = l->qty * l->price;
        t->goods += l->total;
        t->net_g += l->qty * cbec_demo_products[l->prod].weight_g;
    }
    t->gross_g = t->net_g * 105 / 100 + 50;
    if (t->import) {
        /* retail import within the limits: 70 % of 13 % VAT = 9.1 % of the dutiable price
         * (goods + freight - discount), rounded half up to the fen */
        int64_t dutiable = t->goods + t->freight - t->discount;
        t->tax = (dutiable * 91 + 500) / 1000;
        t->paid = t->goods + t->freight + t->tax - t->discount;
    } else {
        t->tax = 0;
        t->discount = 0;
        t->paid = t->goods + t->freight; /* what the foreign buyer pays */
    }
    t->amount_paid = t->paid;
}

static int64_t value_of(const trade *t) { return t->goods + t->freight - t->discount; }

/* 1-3 lines of one product (different models), quantities by trade mode. */
static void make_lines(gen *g, trade *t, int prod)
{
    int i, n = demo_chance(g, 60) ? 1 : demo_chance(g, 70) ? 2 : 3;
    int b2b = !t->import && strcmp(t->mode, "9610") != 0;
    int cheap = cbec_demo_products[prod].price < 15000;
    t->nlines = n;
    for (i = 0; i < n; i++) {
        line *l = &t->lines[i];
        l->prod = prod;
        l->model = (i + demo_rnd(g, 0, 3)) % 4;
        if (i > 0 && l->model == t->lines[i - 1].model)
            l->model = (l->model + 1) % 4;
        l->price = market_price(g, prod);
        if (b2b)
            l->qty = strcmp(t->mode, "9810") == 0 ? demo_rnd(g, 50, 400) : demo_rnd(g, 20, 200);
        else
            l->qty = cheap ? demo_rnd(g, 1, 6) : demo_rnd(g, 1, 2);
    }
}

/* Keep a retail import clean: its value stays under max (drop quantities, then lines). */
static void cap_value(trade *t, int64_t max)
{
    demo_totals(t);
    while (value_of(t) > max) {
        line *l = &t->lines[t->nlines - 1];
        if (l->qty > 1)
            l->qty--;
        else if (t->nlines > 1)
            t->nlines--;
        else {
            t->discount = 0;
            t->freight = 0;
            demo_totals(t);
            break;
        }
        demo_totals(t);
    }
}

/* One line of a mid-priced import product sized so the value lands in [lo, lo + price). */
void demo_fill_value(gen *g, trade *t, int64_t lo)
{
    int prod;
    do
        prod = pick_weighted(g, 1);
    while (cbec_demo_products[prod].price < 15000 || cbec_demo_products[prod].price > 40000);
    t->nlines = 1;
    t->lines[0].prod = prod;
    t->lines[0].model = demo_rnd(g, 0, 3);
    t->lines[0].price = market_price(g, prod);
    t->lines[0].qty = (lo + t->lines[0].price - 1) / t->lines[0].price;
    t->freight = 0;
    t->discount = 0;
    demo_totals(t);
}

static const char *pick_country(gen *g, int prod)
{
    return cbec_demo_products[prod].origin[demo_rnd(g, 0, 2)];
}

static int pick_partner(gen *g)
{
    int i, total = 0, x;
    for (i = 0; i < cbec_demo_n_partners; i++)
        total += cbec_demo_partners[i].weight;
    x = demo_rnd(g, 0, total - 1);
    for (i = 0; i < cbec_demo_n_partners; i++) {
        x -= cbec_demo_partners[i].weight;
        if (x < 0)
            return i;
    }
    return 0;
}

/* A fresh trade: direction and mode, enterprises, people, goods, numbers, times. */
void demo_new_trade(gen *g, trade *t, int import, const char *mode, int platform)
{
    int prod;
    uint64_t k;

    memset(t, 0, sizeof *t);
    t->idx = g->pos;
    t->import = import;
    if (!mode) {
        int x = demo_rnd(g, 0, 99);
        mode = import ? (x < 60 ? "9610" : "1210") : (x < 60 ? "9610" : x < 85 ? "9710" : "9810");
    }
    t->mode = mode;
    t->platform = platform >= 0 ? platform : demo_rnd(g, 0, NP - 1);
    t->payco = demo_rnd(g, 0, NP - 1);
    prod = pick_weighted(g, import);
    t->seller = import ? cbec_demo_products[prod].import_seller : cbec_demo_products[prod].export_seller;
    if (import)
        t->carrier = strcmp(mode, "1210") == 0 ? CBEC_DEMO_CARRIER_BONDED : demo_rnd(g, 0, 2);
    else
        t->carrier = strcmp(mode, "9610") == 0 ? demo_rnd(g, 0, 1) : demo_rnd(g, 1, 2);
    t->partner = pick_partner(g);
    t->country = import ? pick_country(g, prod) : cbec_demo_partners[t->partner].country;
    make_lines(g, t, prod);
    if (import) {
        t->freight = strcmp(mode, "1210") == 0 ? (demo_chance(g, 70) ? 0 : 800) : (int64_t[]){0, 600, 800, 1000, 1200, 1500}[demo_rnd(g, 0, 5)];
        t->discount = demo_chance(g, 25) ? (int64_t[]){500, 1000, 2000}[demo_rnd(g, 0, 2)] : 0;
        demo_totals(t);
        if (t->discount * 5 > t->goods)
            t->discount = 0;
        cap_value(t, CLEAN_IMPORT_MAX);
    } else {
        demo_totals(t);
        t->freight = strcmp(mode, "9610") == 0 ? demo_rnd(g, 25, 60) * 100 : (t->gross_g / 1000 + 1) * 800;
        demo_totals(t);
    }
    demo_new_person(g, &t->buyer);
    t->consignee = t->buyer;
    t->payer = t->buyer;
    t->ship_to = t->consignee;
    k = (uint64_t)t->idx;
    g_snprintf(t->order_no, sizeof t->order_no, "%s%s%s%08" G_GUINT64_FORMAT, demo_prefix(g),
               cbec_demo_platforms[t->platform].tag, g->ymd, k + 1);
    g_snprintf(t->pay_tx, sizeof t->pay_tx, "%s%s%s%010" G_GUINT64_FORMAT, demo_prefix(g),
               cbec_demo_paycos[t->payco].tag, g->ymd, (guint64)((k * 7919 + 104729) % 10000000000ULL));
    if (t->carrier == CBEC_DEMO_CARRIER_POST) {
        /* the post's numbers are UPU S10: EA + 8 digits + check digit + CN (no room for a prefix:
         * it moves the serials instead) */
        char serial[9];
        g_snprintf(serial, sizeof serial, "%08" G_GUINT64_FORMAT,
                   (guint64)((k * 7 + g->phone_b % 1000 * 100000 + 1 + demo_prefix_hash(g) % 1000 * 100003) %
                             100000000ULL));
        g_snprintf(t->logistics_no, sizeof t->logistics_no, "%s%s%dCN", import ? "EA" : "LX", serial,
                   cbec_demo_s10_check(serial));
    } else
        g_snprintf(t->logistics_no, sizeof t->logistics_no, "%s%s%s%07" G_GUINT64_FORMAT, demo_prefix(g),
                   cbec_demo_carriers[t->carrier].tag, g->ymd + 2, k + 1);
    g_snprintf(t->cop_no, sizeof t->cop_no, "%s%s%c%s%07" G_GUINT64_FORMAT, demo_prefix(g),
               cbec_demo_carriers[t->carrier].tag, import ? 'I' : 'E', g->ymd, k + 1);
    g_snprintf(t->bill_no, sizeof t->bill_no, "%s%s%s%02d", demo_prefix(g), import ? "IM" : "EX", g->ymd,
               demo_rnd(g, 1, 12));
    /* times: orders spread over 00:01-21:00, then payment, waybill and list */
    t->t_order = 60 + (int)(g->pos * 75540 / (g->o->trades > 0 ? g->o->trades : 1)) + demo_rnd(g, 0, 59);
    t->t_pay = t->t_order + demo_rnd(g, 30, 1200);
    t->t_ship = t->t_pay + demo_rnd(g, 600, 7200);
    t->t_list = t->t_ship + demo_rnd(g, 300, 1800);
    t->emit_order = t->emit_payment = t->emit_waybill = t->emit_list = 1;
    if (!import && strcmp(mode, "9610") != 0) {
        /* B2B export (9710/9810): no payment company, so no receipt (403); the foreign buyer
         * wires the money straight into a zone account, naming the order in free text */
        t->emit_payment = 0;
        t->settle_1to1 = 1;
    }
    t->scenario = t->settle_1to1 ? "clean_b2b" : "clean";
    t->status = "MATCHED";
    t->reasons = t->rules = "";
    g->pos++;
}
