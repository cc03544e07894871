/* The statistics indicator catalogue: ids, names, units, dimensions, definitions (stats.h). */
#include <inttypes.h>
#include <string.h>
#include <glib.h>

#include "reports/providers/catalogue.h"
#include "reports/render/text.h"

#define DIMS_EN "day, month, direction, trade mode, partner country, port / customs office, platform, seller, carrier"
#define DIMS_ZH "日、月、进出口方向、监管方式、贸易伙伴国别、口岸/关区、平台、卖家、承运企业"

static const cbec_indicator catalogue[] = {
    {"trade_value", "Import and export value", "进出口总额", "CNY", "元", DIMS_EN, DIMS_ZH,
     "Value of the goods traded by orders whose business date (order time in Asia/Shanghai) falls in the period, "
     "each order counted once per (order_no, platform) however often it was resent. Taxes are excluded. When "
     "the order has a customs list: the list's goods value plus freight and insurance as declared to customs; "
     "else the order's goods value plus freight, less the discount of an import order (an order without goods "
     "value: its payment less the taxes in it). Converted to CNY at the fx_rate of the business date (latest "
     "rate on or before it); CNY amounts are taken as they are. Exact to the fen.",
     "报告期内业务日期（订单时间按北京时间）落在期内的订单所成交商品的价值，同一订单（订单号+平台）重复申报只计一次，"
     "不含税款。有申报清单的订单取清单申报的商品货值加运费、保费；无清单的取订单商品货值加运费，进口订单再减去优惠金额"
     "（订单无货值时取实付金额减去其中税款）。外币按业务日期当日（或之前最近一日）汇率折算人民币，人民币金额按原值计入，"
     "精确到分。"},
    {"trade_count", "Number of orders", "订单量", "orders", "单", DIMS_EN, DIMS_ZH,
     "Number of distinct orders (order_no per platform) with a business date in the period.",
     "业务日期在报告期内的订单数（按订单号+平台去重）。"},
    {"import_value", "Import value", "进口额", "CNY", "元", "period", "报告期",
     "trade_value of orders with direction = import (taxes excluded).", "进口方向订单的进出口总额（不含税款）。"},
    {"export_value", "Export value", "出口额", "CNY", "元", "period", "报告期",
     "trade_value of orders with direction = export.", "出口方向订单的进出口总额。"},
    {"import_count", "Import orders", "进口订单量", "orders", "单", "period", "报告期",
     "trade_count of orders with direction = import.", "进口方向订单数。"},
    {"export_count", "Export orders", "出口订单量", "orders", "单", "period", "报告期",
     "trade_count of orders with direction = export.", "出口方向订单数。"},
    {"parcel_count", "Parcels", "件数", "parcels", "件", "period", "报告期",
     "Distinct logistics waybills (shipment rows, one parcel each, keyed by waybill number and carrier) of the "
     "orders of the period, joined by order number. An order shipped in two parcels counts two, orders "
     "consolidated under one waybill count one; an order without a waybill in the dataset counts none (it is "
     "still in trade_count).",
     "报告期内订单所对应的物流运单数（每个运单为一件包裹，按运单号和物流企业去重）。一笔订单分两个包裹发运计 2 件，"
     "多笔订单合并为一个运单计 1 件；尚未收到运单的订单不计件数（仍计入订单量）。"},
    {"retail_value", "Retail e-commerce value", "跨境电商零售进出口额", "CNY", "元", "period, direction",
     "报告期、方向",
     "trade_value of orders under the retail trade modes (etc/indicators.conf [business] retail: 9610 direct "
     "purchase or export, 1210 and 1239 bonded imports).",
     "监管方式为跨境电商零售（9610 直购进口或一般出口、1210 和 1239 网购保税进口）的订单的进出口总额。"},
    {"retail_count", "Retail orders", "零售订单量", "orders", "单", "period", "报告期",
     "trade_count of orders under the retail trade modes.", "监管方式为跨境电商零售的订单数。"},
    {"retail_avg_value", "Retail average order value", "零售客单价", "CNY", "元", "period", "报告期",
     "retail_value divided by the number of retail orders that have a CNY value (orders whose currency has no "
     "rate are left out of both), rounded to the fen. B2B orders are not part of it.",
     "跨境电商零售进出口额除以可折算人民币的零售订单数（无汇率的订单两边均不计），四舍五入到分；不含B2B订单。"},
    {"b2b_value", "B2B value", "跨境电商B2B进出口额", "CNY", "元", "period", "报告期",
     "trade_value of orders under the B2B trade modes (etc/indicators.conf [business] b2b: 9710 B2B direct "
     "export, 9810 export to overseas warehouses). Orders of other or undeclared trade modes are in trade_value "
     "but neither retail nor B2B.",
     "监管方式为跨境电商B2B（9710 跨境电商B2B直接出口、9810 跨境电商出口海外仓）的订单的进出口总额。其他监管方式"
     "或监管方式不详的订单计入进出口总额，但不计入零售或B2B。"},
    {"b2b_count", "B2B orders", "B2B订单量", "orders", "单", "period", "报告期",
     "trade_count of orders under the B2B trade modes.", "监管方式为跨境电商B2B的订单数。"},
    {"b2b_avg_value", "B2B average order value", "B2B平均单值", "CNY", "元", "period", "报告期",
     "b2b_value divided by the number of B2B orders that have a CNY value, rounded to the fen.",
     "跨境电商B2B进出口额除以可折算人民币的B2B订单数，四舍五入到分。"},
    {"active_sellers", "Active e-commerce enterprises", "活跃电商企业", "enterprises", "家", "period", "报告期",
     "Distinct selling e-commerce enterprises (orders.seller_code, the customs enterprise code) with at least one "
     "order whose business date falls in the period. Orders without a seller code are not counted.",
     "报告期内至少有一笔订单（按业务日期）的电商企业（卖方，按海关企业代码去重）数；订单未载明企业代码的不计。"},
    {"new_sellers", "New e-commerce enterprises", "新增电商企业", "enterprises", "家", "period", "报告期",
     "Active enterprises of the period with no order before the period's first day anywhere in the dataset.",
     "报告期内活跃、且在报告期首日之前的全部数据中没有任何订单的电商企业数。"},
    {"import_tax", "Import taxes collected", "代征税款", "CNY", "元", "period", "报告期",
     "Import duty, VAT and consumption tax collected on behalf of customs on import orders of the period: the "
     "customs list's tax when the order has a list, else the order's tax_total; converted like trade_value. "
     "Shown apart: it is not part of trade_value.",
     "报告期内进口订单的进口环节代征税款（关税、增值税、消费税）：有清单的取清单税额，否则取订单税款合计；折算方法同"
     "进出口总额。单独列示，不计入进出口总额。"},
    {"target_rate", "Target completion", "目标完成率", "%", "%", "year, half-year, quarter, month", "年度、半年、季度、月度",
     "The import and export value from the first day of a planned period (the year from 1 January; the half-year, "
     "quarter or month from its first day) to the business date, divided by the target set for that period "
     "(etc/indicators.conf [targets], in CNY 10,000). A period without a target shows no rate, never 0%.",
     "计划期（年度自 1 月 1 日起，半年、季度、月度自其首日起）至业务日期的累计进出口总额除以该期计划目标值。"
     "未设定目标的期间不显示完成率（不以 0% 显示）。"},
    {"match_rate", "Three-flow match rate", "三单对碰率", "%", "%", "period", "报告期",
     "Share of trades in the reconciliation view (flow table) with a business date in the period whose status is "
     "MATCHED: order, payment and waybill / customs list agree within tolerance.",
     "报告期内（按业务日期）参与三单对碰的交易中，订单、支付单与运单（清单）三者在容差内一致的交易所占比例。"},
    {"lead_time_hours", "Order-to-waybill lead time", "订单至运单时长", "hours", "小时", "period", "报告期",
     "Mean of (waybill ship_time - order_time) in hours over orders of the period that have a waybill; negative "
     "intervals (clock errors) are left out.",
     "报告期内有运单的订单，运单时间减订单时间（小时）的平均值；负值（时钟错误）不计。"},
    {"lists_declared", "Customs lists", "进出口清单", "lists", "票", "period", "报告期",
     "Customs inventory lists (CEB621 import, CEB603 export) of the orders of the period (the order's business "
     "date, as for every other figure).",
     "报告期订单（按订单业务日期归期，与其他指标一致）所对应的跨境电商进出口清单数。"},
    {"lists_released", "Lists released", "已放行清单", "lists", "票", "period", "报告期",
     "Lists of the period with a release receipt (customs_receipt of the list, return_status 800, matched by copNo "
     "and platform, else by invtNo).",
     "报告期清单中已收到海关放行回执的清单数（回执按企业清单编号及平台匹配，无编号时按海关清单编号匹配）。"},
    {"lists_unreleased", "Lists not yet released", "未放行清单", "lists", "票", "period", "报告期",
     "Lists of the period without a release receipt in the dataset when the report was compiled: counted here, "
     "never dropped; they are not part of the clearance time.",
     "报告期清单中截至报告编制时尚未收到海关放行回执的清单数；单独计数，不计入通关时长。"},
    {"lists_untimed", "Released lists without a declaration time", "缺少申报时刻的已放行清单", "lists", "票", "period",
     "报告期",
     "Released lists whose declaration has no time of day (CEB declTime is often a date only) and no 120 receipt, "
     "or whose release precedes the declaration (clock errors): counted, not timed; no time is guessed.",
     "已放行、但申报时间只有日期（海关清单申报日期常不含时刻）且无海关入库回执，或放行时间早于申报时间（时钟错误）的"
     "清单数；单独计数，不计入通关时长，也不推测时刻。"},
    {"clearance_median_hours", "Clearance time (median)", "通关时长（中位数）", "hours", "小时", "period", "报告期",
     "Hours from a list's declaration to its first release receipt (return_status 800), over the released lists of "
     "the period: the middle value, or the mean of the two middle values. The declaration is declared_at when it "
     "has a time of day, else the list's 120 receipt (declaration registered by customs).",
     "报告期已放行清单自申报至首个海关放行回执的小时数的中位数（个数为偶数时取中间两值的平均）。申报时刻取清单申报时间"
     "（含时刻时），否则取海关入库回执时间。"},
    {"clearance_p90_hours", "Clearance time (90th percentile)", "通关时长（90%分位）", "hours", "小时", "period",
     "报告期",
     "The time within which 90% of the timed released lists of the period were released: the ceil(0.9 n)-th "
     "shortest of the n clearance times (nearest rank).",
     "报告期已放行并可计时的清单中，90% 在该时长内放行：n 个通关时长由短到长排列的第 ⌈0.9n⌉ 个。"},
    {"featured_value", "Featured categories value", "特色商品进出口额", "CNY", "元", "featured category",
     "特色商品类别",
     "Goods value (order_item.total converted to CNY at the order's rate) of lines whose HS code starts with a "
     "prefix of a featured category (etc/indicators.conf [featured]: cashmere and camel hair, seeds and kernels, "
     "dairy, green farm and livestock products, ethnic crafts, auto parts). An order with lines in several "
     "categories counts in each.",
     "商品编码（HS）属于试验区特色商品目录的订单商品行货值（商品行总价按订单汇率折算人民币）。特色商品分羊绒驼绒制品、"
     "籽仁炒货、乳制品、绿色农畜产品、民族工艺品（如马头琴、银器、毡绣制品）、汽车零部件六类，各类所含商品编码由"
     "特色商品目录规定。一单含多类商品时分别计入。"},
    {"featured_share", "Featured categories share", "特色商品占比", "%", "%", "period", "报告期",
     "featured_value divided by the goods value of all order lines of the period.",
     "特色商品货值占报告期全部商品行货值的比例。"},
    {"hs_chapter_value", "Value by HS chapter", "分 HS 章货值", "CNY", "元", "HS chapter (first 2 digits)",
     "HS 章（前 2 位）",
     "Goods value of order lines grouped by the first two digits of their HS code, converted as featured_value. "
     "An order line without an HS code takes the code of the customs-list line with the same number (import "
     "orders carry HS codes only on the customs list).",
     "按商品 HS 编码前两位（章）汇总的商品行货值，折算方法同特色商品。订单商品行无 HS 编码时取同序号清单商品行的编码"
     "（进口订单的 HS 编码只在清单上申报）。"},
    {"composite_index", "Composite development index", "综合发展指数", "points (base = 100)",
     "点（基期 = 100）", "period", "报告期",
     "100 x weighted mean of component ratios to the base period (etc/indicators.conf [index]): daily average "
     "trade value, daily average order count, match rate, featured share (period / base) and lead time "
     "(base / period, shorter is better). Components without a base figure are left out and the weights "
     "renormalised. Default base: the same days a year before the reporting period; when they have no orders, "
     "the first full calendar month with orders before the reporting month; when there is none, no index is "
     "compiled (the reporting period is never its own base).",
     "各分项与基期之比的加权平均乘以 100（各分项权重和基期按指标配置确定）：日均进出口额、日均订单量、"
     "三单对碰率、特色商品占比（报告期/基期），订单至运单时长（基期/报告期，越短越好）。基期无数据的分项不计，"
     "权重按余下分项归一。默认基期为上年同期；上年同期无订单时，取报告月份之前最早有订单的完整自然月；"
     "仍无可比数据时本期不编制指数（不以报告期本身为基期）。"},
    {"day_value", "Value of the day", "当日进出口额", "CNY", "元", "day", "日",
     "trade_value of the business date itself.", "业务日期当日的进出口总额。"},
    {"day_count", "Orders of the day", "当日订单量", "orders", "单", "day", "日",
     "trade_count of the business date itself.", "业务日期当日的订单量。"},
    {"unconverted_count", "Orders without a CNY value", "未能折算订单", "orders", "单", "period", "报告期",
     "Orders of the period in a foreign currency without an fx_rate on or before their date and without a "
     "reconciled value: counted in trade_count, not in trade_value.",
     "报告期内外币订单既无对碰金额又无当日或之前汇率：计入订单量，不计入金额。"},
    {"mom_yoy", "Month-on-month, year-on-year", "环比、同比", "%", "%", "period", "报告期",
     "Period: the month to date (1st of the month to the business date). Month-on-month compares with the same "
     "days of the previous month (clipped to its end), year-on-year with the same days a year earlier. Ratios "
     "change in percentage points.",
     "报告期为当月 1 日至业务日期（月累计）；环比与上月同期（至上月同日，超出月末取月末）比较，同比与上年同期比较；"
     "比率类指标的变化以百分点表示。"},
};

const cbec_indicator *cbec_stats_catalogue(size_t *n)
{
    *n = G_N_ELEMENTS(catalogue);
    return catalogue;
}

const cbec_indicator *cbec_stats_indicator(const char *id)
{
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(catalogue); i++)
        if (strcmp(catalogue[i].id, id) == 0)
            return &catalogue[i];
    return NULL;
}

/* What the comparisons of the reported period are (the mom_yoy entry): the words depend on --period. */
static char *comparisons(const cbec_stats_scope *sc, int zh)
{
    static const struct {
        const char *kind, *zh, *en;
    } words[] = {
        {"day", "报告期为业务日期当日；环比与前一日比较，同比与上年同日比较",
         "Period: the business day. Day-on-day compares with the day before, year-on-year with the same day a "
         "year earlier"},
        {"month", "报告期为当月 1 日至业务日期（月度累计）；环比与上月同期（至上月同日，超出月末取月末）比较，同比与上年同期比较",
         "Period: the month to date (1st of the month to the business date). Month-on-month compares with the same "
         "days of the previous month (clipped to its end), year-on-year with the same days a year earlier"},
        {"quarter", "报告期为本季度首日至业务日期（季度累计）；环比与上季度同期（上季度首日至对应日，超出月末取月末）比较，"
                    "同比与上年同期比较",
         "Period: the quarter to date. Quarter-on-quarter compares with the same stretch of the previous quarter "
         "(clipped to month ends), year-on-year with the same days a year earlier"},
        {"half", "报告期为本半年首日至业务日期（半年累计）；环比与上一个半年同期比较，同比与上年同期比较",
         "Period: the half-year to date. The change on the previous period compares with the same stretch of the "
         "previous half-year, year-on-year with the same days a year earlier"},
        {"year", "报告期为当年 1 月 1 日至业务日期（年度累计）；不计算环比，同比与上年同期比较",
         "Period: the year to date (1 January to the business date). No change on a previous period; year-on-year "
         "compares with the same days a year earlier"},
        {"ytd", "报告期为当年 1 月 1 日至业务日期（1—%d月累计）；不计算环比，同比与上年同期比较",
         "Period: January to date (months 1-%d cumulative). No change on a previous period; year-on-year compares "
         "with the same days a year earlier"},
    };
    const char *kind = sc && sc->kind ? sc->kind : "month";
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
        if (strcmp(kind, words[i].kind) == 0) {
            char *head = g_strdup_printf(zh ? words[i].zh : words[i].en, sc ? sc->month : 0);
            const char *from = sc && sc->from ? sc->from : NULL, *to = sc && sc->to ? sc->to : NULL;
            char *span = from && to ? cbec_text_date_range(from, to, !zh) : NULL;
            char *all = span ? g_strdup_printf(zh ? "%s。本期为%s；比率类指标的变化以百分点表示。"
                                                  : "%s. This period: %s. Ratios change in percentage points.",
                                               head, span)
                                   : g_strdup_printf(zh ? "%s；比率类指标的变化以百分点表示。"
                                                        : "%s. Ratios change in percentage points.",
                                                     head);
            g_free(head);
            g_free(span);
            return all;
        }
    return g_strdup("");
}

/* 数据来源与口径: where the figures come from and what they count, in plain words for the reader
 * of the bulletin, with the period and the time of the newest data. */
static char *sources(const cbec_stats_scope *sc, int zh)
{
    GString *g = g_string_new(NULL);
    const char *retail = sc && sc->retail_modes && *sc->retail_modes ? sc->retail_modes : "9610、1210、1239";
    const char *b2b = sc && sc->b2b_modes && *sc->b2b_modes ? sc->b2b_modes : "9710、9810";
    /* the period in prose, the way each language writes dates (2026年10月1日至11月25日) */
    char *span = sc && sc->from && sc->to ? cbec_text_date_range(sc->from, sc->to, !zh) : NULL;
    if (zh) {
        g_string_append(g, "数据来源：经国际贸易“单一窗口”向海关传输的跨境电商电子订单、支付单、运单、进出口清单及海关"
                           "回执，电商平台导出的订单数据，邮政和快递企业的运单清单，银行对账单。");
        g_string_append(g, "统计口径：进出口总额为所成交商品的价值（货值加运费、保费，进口减优惠金额），不含代征税款；"
                           "有申报清单的按清单申报价值，无清单的按订单；外币按业务日期汇率折算人民币。");
        if (span)
            g_string_append_printf(g, "订单按下单时间（北京时间）归入统计期，本期为%s。", span);
        g_string_append_printf(g, "跨境电商零售（监管方式 %s）与跨境电商B2B（%s）分别统计，其他监管方式只计入总额。",
                               retail, b2b);
        if (sc && sc->region_zones > 0) {
            g_string_append_printf(g, "全区数据为 %d 个盟市报送至自治区数据仓库的数据合并而成，按盟市分列；", sc->region_zones);
            if (sc->overlap_orders > 0)
                g_string_append_printf(g, "%" PRId64 " 笔订单由两个以上盟市同时报送，只计一次（计入盟市代码在前者）。",
                                       sc->overlap_orders);
            else
                g_string_append(g, "没有订单由两个以上盟市同时报送。");
            if (sc->overlap_rows > sc->overlap_orders)
                g_string_append_printf(g, "企业名录、汇率等由两个以上盟市同时报送的其他记录 %" PRId64
                                          " 条也只计一次（以盟市代码在前者为准），其中内容不一致的 %" PRId64 " 条。",
                                       sc->overlap_rows - sc->overlap_orders, sc->overlap_differing);
        }
        if (sc && sc->as_of && *sc->as_of)
            g_string_append_printf(g, "数据截至 %s，此后收到的数据计入以后编制的报告。", sc->as_of);
    } else {
        g_string_append(g, "Sources: the e-commerce orders, payments, waybills, customs lists and customs receipts "
                           "transmitted to customs through the single window, the platforms' order exports, the postal "
                           "and express carriers' manifests, and bank statements. ");
        g_string_append(g, "Value: the goods traded (goods plus freight and insurance, less the discount of an import), "
                           "without the taxes collected on imports; the customs list's declared value where there is "
                           "a list, else the order's; foreign currencies at the rate of the business date. ");
        if (span)
            g_string_append_printf(g, "An order belongs to the period of its order time (Asia/Shanghai); this period "
                                      "is %s. ",
                                   span);
        g_string_append_printf(g, "Retail e-commerce (trade modes %s) and B2B (%s) are counted apart; other trade "
                                  "modes are in the total only.",
                               retail, b2b);
        if (sc && sc->region_zones > 0) {
            g_string_append_printf(g, " The region's figures merge what %d zones published to the region's warehouse, "
                                      "with a breakdown by zone;",
                                   sc->region_zones);
            if (sc->overlap_orders > 0)
                g_string_append_printf(g, " %" PRId64 " orders were published by two or more zones and are counted once "
                                          "(for the zone whose code comes first).",
                                       sc->overlap_orders);
            else
                g_string_append(g, " no order was published by more than one zone.");
            if (sc->overlap_rows > sc->overlap_orders)
                g_string_append_printf(g, " %" PRId64 " other records published by two or more zones (the enterprise "
                                          "register, exchange rates ...) are counted once too, as the zone whose code "
                                          "comes first has them; %" PRId64 " of them differ.",
                                       sc->overlap_rows - sc->overlap_orders, sc->overlap_differing);
        }
        if (sc && sc->as_of && *sc->as_of)
            g_string_append_printf(g, " Data as of %s; data received later is in later reports.", sc->as_of);
    }
    g_free(span);
    return g_string_free(g, FALSE);
}

void cbec_stats_add_definitions(cbec_rmodel *m, const char *lang, const cbec_stats_scope *scope)
{
    int zh = !lang || strcmp(lang, "en") != 0;
    char *src = sources(scope, zh);
    size_t i;

    cbec_rmodel_def(m, "sources", zh ? "数据来源与口径" : "Sources and scope", zh ? "全部指标" : "all indicators",
                    zh ? "全部" : "all", src);
    g_free(src);
    for (i = 0; i < G_N_ELEMENTS(catalogue); i++) {
        const cbec_indicator *c = &catalogue[i];
        char *def = strcmp(c->id, "mom_yoy") == 0 ? comparisons(scope, zh) : NULL;
        cbec_rmodel_def(m, c->id, zh ? c->name_zh : c->name_en, zh ? c->unit_zh : c->unit_en,
                        zh ? c->dims_zh : c->dims_en, def ? def : zh ? c->def_zh : c->def_en);
        g_free(def);
    }
}
