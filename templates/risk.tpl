# Risk report: alerts by rule and severity, the trend over 30 days, the
# enterprises behind most alerts, and every alert with its evidence and the
# source files and locators of the orders behind it.
# Data: reports/providers/credit_risk.c (provider "risk").  KEY is English, KEY[zh] Chinese.

[report]
provider = risk
file = risk
title = Cross-border E-commerce Risk Report
title[zh] = 跨境电商风险预警报告
issuer = Hohhot Cross-border E-commerce Comprehensive Pilot Zone
issuer[zh] = 呼和浩特跨境电子商务综合试验区
subtitle = Risk rule pack: alerts with their evidence, traceable to the source records
subtitle[zh] = 风险规则包：预警、证据及其源头记录
pdf_money = yuan
sections = headline;summary;by_rule;by_severity;trend;top_enterprises;alerts;alert_orders;definitions

[figure_columns]
current = Business date
current[zh] = 当日
prev = Day before
prev[zh] = 前一日
mom = Change
mom[zh] = 较前一日
ly = A week earlier
ly[zh] = 上周同日
yoy = Change
yoy[zh] = 较上周同日

[words]
yoy = vs a week earlier
yoy[zh] = 较上周同日
mom = vs the day before
mom[zh] = 较前一日
orders = alerts
orders[zh] = 条

[section.headline]
type = figures
title = Key figures
title[zh] = 主要指标
indicators = alerts_day;alerts_open;alerts_high;alert_orders;alert_value
pdf_count = 5

[section.summary]
type = text
title = Summary
title[zh] = 概述
sentences = day;top;orders

[sentence.day]
text = On {meta:period_from} {alerts_day|int} alerts were raised; {alerts_open|int} alerts are in the dataset, {alerts_high|int} of them of high severity.
text[zh] = {meta:period_from} 新增风险预警 {alerts_day|int} 条；累计预警 {alerts_open|int} 条，其中高风险 {alerts_high|int} 条。

[sentence.top]
text = The most frequent rule is “{by_rule[1].label}” ({by_rule[1].count|int} alerts).
text[zh] = 触发最多的规则为“{by_rule[1].label}”（{by_rule[1].count|int} 条）。

[sentence.orders]
text = The alerts concern {alert_orders|int} orders worth CNY {alert_value|yuan}.
text[zh] = 预警涉及订单 {alert_orders|int} 单，货值 {alert_value|yuan} 元。

[section.by_rule]
type = table
table = by_rule
title = Alerts by rule
title[zh] = 分规则预警
sheet = Rules
sheet[zh] = 分规则
columns = key;label;severity;count;day;orders
chart = bar
chart_category = label
chart_series = count
pdf_show = both

[section.by_severity]
type = table
table = by_severity
title = Alerts by severity
title[zh] = 分等级预警
sheet = Severity
sheet[zh] = 风险等级
columns = label;count;day
chart = pie
chart_category = label
chart_series = count
pdf_show = chart

[section.trend]
type = table
table = trend
title = Alerts over the last 30 days
title[zh] = 近30日预警趋势
sheet = Trend
sheet[zh] = 趋势
columns = date;count;high
chart = column
chart_category = date
chart_series = count
pdf_show = chart

[section.top_enterprises]
type = table
table = top_enterprises
title = Enterprises behind most alerts
title[zh] = 预警最多的企业
sheet = Enterprises
sheet[zh] = 重点企业
columns = code;name;role;alerts;orders
top = 10

[section.alerts]
type = detail
detail = alerts
title = Alerts with their evidence
title[zh] = 预警明细及证据
sheet = Alerts
sheet[zh] = 预警明细

[section.alert_orders]
type = detail
detail = alert_orders
title = Orders behind the alerts, with source files and locators
title[zh] = 预警订单及来源文件定位
sheet = Alert orders
sheet[zh] = 预警订单

[section.definitions]
type = definitions
title = Definitions
title[zh] = 口径说明
sheet = Definitions
sheet[zh] = 口径说明
where = xlsx

[columns]
key = Rule
key[zh] = 规则编号
label = Rule
label[zh] = 规则
severity = Severity
severity[zh] = 风险等级
count = Alerts
count[zh] = 预警数
day = Of the day
day[zh] = 当日
orders = Orders
orders[zh] = 订单数
high = High
high[zh] = 高风险
date = Date
date[zh] = 日期
code = Enterprise code
code[zh] = 企业代码
name = Enterprise
name[zh] = 企业名称
role = Role
role[zh] = 企业类型
alerts = Alerts
alerts[zh] = 预警数
alert_id = Alert
alert_id[zh] = 预警编号
rule_id = Rule
rule_id[zh] = 规则
business_date = Business date
business_date[zh] = 业务日期
entity_kind = Entity
entity_kind[zh] = 对象类型
entity_key = Entity key
entity_key[zh] = 对象标识
evidence = Evidence
evidence[zh] = 证据
rule_version = Rule version
rule_version[zh] = 规则版本
order_no = Order
order_no[zh] = 订单编号
platform = Platform
platform[zh] = 电商平台
order_source = Order file
order_source[zh] = 订单来源文件
order_locator = Order locator
order_locator[zh] = 订单定位
payment_source = Payment file
payment_source[zh] = 支付单来源文件
payment_locator = Payment locator
payment_locator[zh] = 支付单定位
shipment_source = Waybill file
shipment_source[zh] = 运单来源文件
shipment_locator = Waybill locator
shipment_locator[zh] = 运单定位
list_source = Customs list file
list_source[zh] = 清单来源文件
list_locator = Customs list locator
list_locator[zh] = 清单定位

[indicators]
alerts_day = Alerts of the day
alerts_day[zh] = 当日预警
alerts_open = Alerts in total
alerts_open[zh] = 累计预警
alerts_high = High severity
alerts_high[zh] = 高风险预警
alert_orders = Orders behind alerts
alert_orders[zh] = 涉及订单
alert_value = Value of those orders
alert_value[zh] = 涉及货值

[severities]
high = High
high[zh] = 高
medium = Medium
medium[zh] = 中
low = Low
low[zh] = 低

[rules]
R-SINGLE-LIMIT = Single purchase over the limit
R-SINGLE-LIMIT[zh] = 超单次交易限值
R-ANNUAL-LIMIT = Annual total over the limit
R-ANNUAL-LIMIT[zh] = 超年度交易限值
R-ORDER-SPLIT = Order splitting
R-ORDER-SPLIT[zh] = 拆单规避限值
R-PAYER-NOT-BUYER = Payer is not the buyer
R-PAYER-NOT-BUYER[zh] = 支付人与订购人不一致
R-PAYER-MANY-BUYERS = One payer for many buyers
R-PAYER-MANY-BUYERS[zh] = 一人代付多人
R-MONEY-WITHOUT-GOODS = Money without goods
R-MONEY-WITHOUT-GOODS[zh] = 有款无货
R-GOODS-WITHOUT-MONEY = Goods without money
R-GOODS-WITHOUT-MONEY[zh] = 有货无款
R-UNDERVALUATION = Undervaluation
R-UNDERVALUATION[zh] = 低报价格
R-WEIGHT-VALUE = Weight and value do not fit
R-WEIGHT-VALUE[zh] = 重量与货值异常
R-BANK-UNEXPLAINED = Unexplained bank credit
R-BANK-UNEXPLAINED[zh] = 不明银行入账
R-NEGATIVE-LIST = Negative-list enterprise active
R-NEGATIVE-LIST[zh] = 负面清单企业交易
