/* The night's trades and their truth: clean trades and the injected anomaly scenarios, each
 * trade emitted to every file it belongs in and written to truth.tsv with what reconciliation
 * and the risk rules should say of it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

#define LIMIT_SINGLE 500000 /* 5,000 CNY in fen */
/* B2B exports whose buyer has not paid by the end of the night (no wire), in percent.  Their
 * orders are of the night, younger than any window: reconciliation may not call them
 * PAYMENT_MISSING yet (etc/reconcile.rules), so their truth is the trade without exception. */
#define B2B_UNPAID_PCT 8
#define B2B_UNPAID_STATUS "MATCHED"
#define B2B_UNPAID_REASONS ""

static int emit(gen *g, trade *t)
{
    if (t->emit_order && demo_emit_order(g, t) < 0)
        return -1;
    if (t->emit_payment && demo_emit_payment(g, t) < 0)
        return -1;
    if (t->emit_waybill && demo_emit_waybill(g, t) < 0)
        return -1;
    if (t->emit_list && demo_emit_list(g, t) < 0)
        return -1;
    if (t->receipts && demo_emit_receipts(g, t) < 0)
        return -1;
    if (t->settle_1to1 && demo_b2b_wire(g, t) < 0)
        return -1;
    if (demo_emit_exports(g, t) < 0)
        return -1;
    g->c->trades++;
    if (strcmp(t->scenario, "b2b_unpaid") == 0)
        g->c->b2b_unpaid++; /* ordinary traffic, not an injected anomaly */
    else if (strcmp(t->scenario, "clean") != 0 && strcmp(t->scenario, "clean_b2b") != 0)
        g->c->anomalies++;
    if (fprintf(g->truth, "%s\t%s\t%s\t%s\t%s\t%s\n", t->order_no, cbec_demo_platforms[t->platform].code,
                t->scenario, t->status, t->reasons, t->rules) < 0)
        return demo_fail(g, "truth.tsv: %s", g_strerror(errno));
    return 0;
}

static void expect(trade *t, const char *scenario, const char *status, const char *reasons, const char *rules)
{
    t->scenario = scenario;
    t->status = status;
    t->reasons = reasons;
    t->rules = rules;
}

enum {
    S_MISSING_PAYMENT, S_MISSING_WAYBILL, S_MONEY_WITHOUT_GOODS, S_MISSING_ORDER, S_AMOUNT_MISMATCH,
    S_PAYER_NOT_BUYER, S_CONSIGNEE_MISMATCH, S_RESEND, S_CHANGE, S_OVER_LIMIT, S_UNDERVALUATION,
    S_ANNUAL_LIMIT, S_ORDER_SPLIT, S_PAYER_MANY_BUYERS, S_N
};
#define S_SINGLES S_ANNUAL_LIMIT /* scenarios below this one are one trade each */
static const int scenario_size[S_N] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 6, 3, 4};

static int clean(gen *g)
{
    trade t;
    demo_new_trade(g, &t, demo_chance(g, 60), NULL, -1);
    if (t.import && demo_chance(g, 30))
        t.receipts = 1;
    if (t.settle_1to1 && g_rand_int_range(g->r4, 0, 100) < B2B_UNPAID_PCT) {
        /* the buyer has not paid yet: no wire tonight (drawn from the bank stream, so the CEB
         * files are the same bytes either way) */
        t.settle_1to1 = 0;
        expect(&t, "b2b_unpaid", B2B_UNPAID_STATUS, B2B_UNPAID_REASONS, "");
    }
    return emit(g, &t);
}

/* Emit one instance of scenario sc; export = the variant on the export side where one exists. */
static int scenario(gen *g, int sc, int export)
{
    trade t;
    int i, base, step, pf;
    person p;

    switch (sc) {
    case S_MISSING_PAYMENT:
        demo_new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.emit_payment = 0;
        expect(&t, "missing_payment", "PAYMENT_MISSING", "PAYMENT_MISSING", "R-GOODS-WITHOUT-MONEY");
        return emit(g, &t);
    case S_MISSING_WAYBILL:
        demo_new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.emit_waybill = 0;
        expect(&t, "missing_waybill", "SHIPMENT_MISSING", "SHIPMENT_MISSING", "");
        return emit(g, &t);
    case S_MONEY_WITHOUT_GOODS:
        demo_new_trade(g, &t, 1, NULL, -1);
        t.emit_waybill = t.emit_list = 0;
        expect(&t, "money_without_goods", "SHIPMENT_MISSING", "SHIPMENT_MISSING LIST_MISSING", "R-MONEY-WITHOUT-GOODS");
        return emit(g, &t);
    case S_MISSING_ORDER:
        demo_new_trade(g, &t, 1, NULL, -1);
        t.emit_order = 0;
        expect(&t, "missing_order", "ORDER_MISSING", "ORDER_MISSING", "");
        return emit(g, &t);
    case S_AMOUNT_MISMATCH:
        demo_new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.amount_paid = t.paid + (demo_chance(g, 50) ? 1 : -1) * demo_rnd(g, 20, 99) * 100;
        if (t.amount_paid <= 0)
            t.amount_paid = t.paid + 5000;
        expect(&t, "amount_mismatch", "AMOUNT_MISMATCH", "AMOUNT_MISMATCH", "");
        return emit(g, &t);
    case S_PAYER_NOT_BUYER:
        demo_new_trade(g, &t, 1, NULL, -1);
        demo_new_person(g, &t.payer);
        expect(&t, "payer_not_buyer", "PAYER_NOT_BUYER", "PAYER_NOT_BUYER", "R-PAYER-NOT-BUYER");
        return emit(g, &t);
    case S_CONSIGNEE_MISMATCH:
        demo_new_trade(g, &t, 1, NULL, -1);
        demo_new_person(g, &t.ship_to);
        expect(&t, "consignee_mismatch", "CONSIGNEE_MISMATCH", "CONSIGNEE_MISMATCH", "");
        return emit(g, &t);
    case S_RESEND:
        demo_new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.resend = 1;
        expect(&t, "resend_identical", "MATCHED", "", "");
        return emit(g, &t);
    case S_CHANGE:
        demo_new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.change = 1;
        expect(&t, "change_apptype2", "MATCHED", "", "");
        return emit(g, &t);
    case S_OVER_LIMIT:
        demo_new_trade(g, &t, 1, NULL, -1);
        demo_fill_value(g, &t, LIMIT_SINGLE + demo_rnd(g, 60000, 300000));
        expect(&t, "over_limit", "MATCHED", "", "R-SINGLE-LIMIT");
        return emit(g, &t);
    case S_UNDERVALUATION:
        /* a cashmere sweater declared at about 12 % of the market price */
        demo_new_trade(g, &t, 1, "9610", -1);
        t.nlines = 1;
        t.lines[0].prod = 0;
        t.lines[0].model = demo_rnd(g, 0, 3);
        t.lines[0].qty = demo_rnd(g, 1, 2);
        t.lines[0].price = cbec_demo_products[0].price * 12 / 100 / 100 * 100;
        t.seller = cbec_demo_products[0].import_seller;
        t.country = "124";
        demo_totals(&t);
        expect(&t, "undervaluation", "MATCHED", "", "R-UNDERVALUATION");
        return emit(g, &t);
    case S_ANNUAL_LIMIT:
        /* one buyer, six gifts of 4,400-4,800 CNY to six relatives: 26,400+ CNY in one year */
        demo_new_person(g, &p);
        pf = demo_rnd(g, 0, NP - 1);
        for (i = 0; i < scenario_size[sc]; i++) {
            demo_new_trade(g, &t, 1, NULL, pf);
            demo_fill_value(g, &t, 440000);
            t.buyer = t.payer = p;
            expect(&t, "annual_limit", "MATCHED", "", "R-ANNUAL-LIMIT");
            if (emit(g, &t) < 0)
                return -1;
        }
        return 0;
    case S_ORDER_SPLIT:
        /* one consignee, three orders of 1,800+ CNY within two hours: each under the limit, together over */
        demo_new_person(g, &p);
        base = -1;
        pf = demo_rnd(g, 0, NP - 1);
        for (i = 0; i < scenario_size[sc]; i++) {
            demo_new_trade(g, &t, 1, "9610", pf);
            demo_fill_value(g, &t, 180000);
            t.buyer = t.payer = t.consignee = t.ship_to = p;
            if (base < 0)
                base = t.t_order;
            step = base + i * 1500 + demo_rnd(g, 0, 300);
            t.t_pay += step - t.t_order;
            t.t_ship += step - t.t_order;
            t.t_list += step - t.t_order;
            t.t_order = step;
            expect(&t, "order_split", "MATCHED", "", "R-ORDER-SPLIT");
            if (emit(g, &t) < 0)
                return -1;
        }
        return 0;
    case S_PAYER_MANY_BUYERS:
        /* one payer settles the orders of four different buyers */
        demo_new_person(g, &p);
        for (i = 0; i < scenario_size[sc]; i++) {
            demo_new_trade(g, &t, 1, NULL, -1);
            t.payer = p;
            expect(&t, "payer_many_buyers", "PAYER_NOT_BUYER", "PAYER_NOT_BUYER", "R-PAYER-MANY-BUYERS");
            if (emit(g, &t) < 0)
                return -1;
        }
        return 0;
    }
    return 0;
}

/* Every trade of the night, in order.  The anomaly plan: whole cycles of every scenario, ~5 % of
 * the trades, at least one cycle from 200 trades on; smaller nights get some single-trade
 * scenarios.  Instances are spread evenly over the night. */
int demo_trades(gen *g)
{
    int64_t n_inst = 0, j = 0, cycles = 0, budget;
    int singles_only = 0;

    budget = g->o->trades * 5 / 100;
    if (g->o->trades >= 200) {
        int per = 0, s;
        for (s = 0; s < S_N; s++)
            per += scenario_size[s];
        cycles = MAX(1, (budget + per / 2) / per);
        n_inst = cycles * S_N;
    } else {
        singles_only = 1;
        n_inst = MIN(budget, S_SINGLES);
    }
    while (g->pos < g->o->trades) {
        int64_t at = n_inst ? (2 * j + 1) * g->o->trades / (2 * n_inst) : g->o->trades;
        int sc = (int)(j % S_N), rc;
        if (j < n_inst && g->pos >= at && g->pos + scenario_size[sc] <= g->o->trades) {
            /* alternate the import and export variants from cycle to cycle */
            rc = scenario(g, sc, !singles_only && (j / S_N) % 2 == 1);
            j++;
        } else {
            if (j < n_inst && g->pos >= at)
                j++; /* does not fit at the very end: skip it */
            rc = clean(g);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}
