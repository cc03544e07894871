/* The statistics indicator catalogue: ids, names, units, dimensions, definitions (stats.h). */
#include <string.h>
#include <glib.h>

#include "reports/providers/catalogue.h"

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
    {"retail_value", "Retail e-commerce value", "跨境电商零售进出口额", "CNY", "元", "period, direction",
     "报告期、方向",
     "trade_value of orders under the retail trade modes (etc/indicators.conf [business] retail: 9610 direct "
     "purchase or export, 1210 and 1239 bonded imports).",
     "监管方式为跨境电商零售（etc/indicators.conf [business] retail：9610 直购进口或一般出口、1210 和 1239 "
     "保税进口）的订单的进出口总额。"},
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
     "监管方式为跨境电商B2B（etc/indicators.conf [business] b2b：9710 跨境电商B2B直接出口、9810 出口海外仓）的订单的"
     "进出口总额。其他或未申报监管方式的订单计入进出口总额，但不计入零售或B2B。"},
    {"b2b_count", "B2B orders", "B2B订单量", "orders", "单", "period", "报告期",
     "trade_count of orders under the B2B trade modes.", "监管方式为跨境电商B2B的订单数。"},
    {"b2b_avg_value", "B2B average order value", "B2B平均单值", "CNY", "元", "period", "报告期",
     "b2b_value divided by the number of B2B orders that have a CNY value, rounded to the fen.",
     "跨境电商B2B进出口额除以可折算人民币的B2B订单数，四舍五入到分。"},
    {"import_tax", "Import taxes collected", "代征税款", "CNY", "元", "period", "报告期",
     "Import duty, VAT and consumption tax collected on behalf of customs on import orders of the period: the "
     "customs list's tax when the order has a list, else the order's tax_total; converted like trade_value. "
     "Shown apart: it is not part of trade_value.",
     "报告期内进口订单的进口环节代征税款（关税、增值税、消费税）：有清单的取清单税额，否则取订单税款合计；折算方法同"
     "进出口总额。单独列示，不计入进出口总额。"},
    {"match_rate", "Three-flow match rate", "三单对碰率", "%", "%", "period", "报告期",
     "Share of trades in the reconciliation view (flow table) with a business date in the period whose status is "
     "MATCHED: order, payment and waybill / customs list agree within tolerance.",
     "报告期内三单对碰视图（flow 表）中状态为 MATCHED（订单、支付单、运单/清单一致）的交易占全部交易的比例。"},
    {"lead_time_hours", "Order-to-waybill lead time", "订单至运单时长", "hours", "小时", "period", "报告期",
     "Mean of (waybill ship_time - order_time) in hours over orders of the period that have a waybill; negative "
     "intervals (clock errors) are left out.",
     "报告期内有运单的订单，运单时间减订单时间（小时）的平均值；负值（时钟错误）不计。"},
    {"featured_value", "Featured categories value", "特色商品进出口额", "CNY", "元", "featured category",
     "特色商品类别",
     "Goods value (order_item.total converted to CNY at the order's rate) of lines whose HS code starts with a "
     "prefix of a featured category (etc/indicators.conf [featured]: cashmere and camel hair, seeds and kernels, "
     "dairy, green farm and livestock products, ethnic crafts, auto parts). An order with lines in several "
     "categories counts in each.",
     "HS 编码以特色类别前缀开头的商品行货值（订单商品行总价按订单汇率折算人民币）。类别与 HS 前缀见 "
     "etc/indicators.conf [featured]：羊绒驼绒制品、籽仁炒货、乳制品、绿色农畜产品、民族工艺品、汽车零部件。"
     "一单含多类商品时分别计入。"},
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
     "各分项与基期之比的加权平均乘以 100（权重与基期见 etc/indicators.conf [index]）：日均进出口额、日均订单量、"
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

void cbec_stats_add_definitions(cbec_rmodel *m, const char *lang)
{
    int zh = !lang || strcmp(lang, "en") != 0;
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(catalogue); i++) {
        const cbec_indicator *c = &catalogue[i];
        cbec_rmodel_def(m, c->id, zh ? c->name_zh : c->name_en, zh ? c->unit_zh : c->unit_en,
                        zh ? c->dims_zh : c->dims_en, zh ? c->def_zh : c->def_en);
    }
}
