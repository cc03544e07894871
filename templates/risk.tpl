# Risk report: alerts by rule and severity, the trend over 30 days, the top
# cases in words, how the alerts are handled (open / in hand / closed, who and
# when: cbecflow alert ack|close), alerts by enterprise (adding up to the total),
# and every alert with its evidence and the source files and locators of the
# orders behind it.  Codes (rule ids, severities, roles) appear only in the
# workbook, in columns of their own beside their words.
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
sections = headline;summary;cases_text;handling;actions;by_rule;by_rule_codes;by_severity;trend;top_enterprises;top_enterprises_codes;cases;alerts;alert_orders;definitions

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
and = and
and[zh] = 与
list_separator = ,
list_separator[zh] = 、
quote_open = “
quote_close = ”
other_enterprise = {n} other enterprise
other_enterprise[zh] = 其他 {n} 家企业
other_enterprises = {n} other enterprises
other_enterprises[zh] = 其他 {n} 家企业
no_enterprise = Concerning no enterprise (bank credits)
no_enterprise[zh] = 不涉及企业（银行入账等）
evidence_see_detail = see the Alerts sheet
evidence_see_detail[zh] = 详见预警明细表

[section.headline]
type = figures
title = Key figures
title[zh] = 主要指标
indicators = alerts_day;alerts_total;alerts_open;alerts_high;alert_orders;alert_value;alerts_in_hand;alerts_closed
pdf_count = 6

[section.summary]
type = text
title = Summary
title[zh] = 概述
sentences = day;handling;top;tied;orders

[sentence.day]
text = On {meta:date_words} {alerts_day|int} new alerts were raised; up to that day there are {alerts_total|int} alerts, {alerts_high|int} of them of high severity.
text[zh] = {meta:date_words}新增风险预警 {alerts_day|int} 条；截至当日预警共 {alerts_total|int} 条，其中高风险 {alerts_high|int} 条。

[sentence.handling]
text = Of these, not handled: {alerts_open|int}; in hand: {alerts_in_hand|int}; closed: {alerts_closed|int}.
text[zh] = 其中未处理 {alerts_open|int} 条、处理中 {alerts_in_hand|int} 条、已办结 {alerts_closed|int} 条。

# One of top / tied is said: the provider sets top_rule, or top_rules_tied when several rules share the count.
[sentence.top]
text = The most frequent rule is {meta:top_rule} ({meta:top_rule_count} alerts).
text[zh] = 触发最多的规则为{meta:top_rule}（{meta:top_rule_count} 条）。

[sentence.tied]
text = The most frequent rules are {meta:top_rules_tied}, with {meta:top_rule_count} alerts each.
text[zh] = 触发最多的规则为{meta:top_rules_tied}，各 {meta:top_rule_count} 条。

[sentence.orders]
text = The alerts concern {alert_orders|int} orders worth CNY {alert_value|yuan}.
text[zh] = 预警涉及订单 {alert_orders|int} 单，货值 {alert_value|yuan} 元。

# The top three cases as sentences (they wrap, and fit the first page under the summary);
# the workbook has the top ten as a table (section cases).
[section.cases_text]
type = text
title = Top cases
title[zh] = 重点案件
sentences = c1;c2;c3
where = pdf

[sentence.c1]
text = {cases[1].summary}
[sentence.c2]
text = {cases[2].summary}
[sentence.c3]
text = {cases[3].summary}

[section.handling]
type = table
table = handling
title = Handling of the alerts
title[zh] = 预警处理情况
sheet = Handling
sheet[zh] = 处理情况
columns = label;count;high
col.label = Status
col.label[zh] = 处理状态
col.count = Alerts
col.count[zh] = 预警数

[section.by_rule]
type = table
table = by_rule
title = Alerts by rule
title[zh] = 分规则预警
columns = label;severity_label;count;day;orders
chart = bar
chart_category = label
chart_series = count
pdf_show = both
where = pdf

[section.by_rule_codes]
type = table
table = by_rule
title = Alerts by rule
title[zh] = 分规则预警
sheet = Rules
sheet[zh] = 分规则
columns = key;label;severity;severity_label;count;day;orders
chart = bar
chart_category = label
chart_series = count
where = xlsx

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
title = Alerts by enterprise
title[zh] = 分企业预警
columns = name;role_label;alerts;high;orders
where = pdf

[section.top_enterprises_codes]
type = table
table = top_enterprises
title = Alerts by enterprise
title[zh] = 分企业预警
sheet = Enterprises
sheet[zh] = 分企业
columns = code;name;role;role_label;alerts;high;orders
where = xlsx

[section.cases]
type = table
table = cases
title = Top cases
title[zh] = 重点案件
sheet = Cases
sheet[zh] = 重点案件
columns = alert_id;business_date;rule_id;rule;severity;severity_label;code;enterprise;value;evidence;source;locator;status;status_label;handled_by;handled_at;note
where = xlsx

[section.actions]
type = table
table = actions
title = Alerts in hand and closed (latest first)
title[zh] = 已受理及已办结预警（按办理时间）
sheet = Actions
sheet[zh] = 办理记录
columns = alert_id;rule;severity_label;status_label;actor;acted_at;note
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
key = Rule id
key[zh] = 规则编号
label = Rule
label[zh] = 规则
severity = Severity code
severity[zh] = 风险等级代码
severity_label = Severity
severity_label[zh] = 风险等级
rule = Rule
rule[zh] = 规则
role_label = Role
role_label[zh] = 企业类型
entity_kind_label = Entity
entity_kind_label[zh] = 对象类型
status = Status code
status[zh] = 状态代码
status_label = Status
status_label[zh] = 处理状态
actor = By
actor[zh] = 办理人
acted_at = At
acted_at[zh] = 办理时间
note = Note
note[zh] = 办理说明
handled_by = By
handled_by[zh] = 办理人
handled_at = At
handled_at[zh] = 办理时间
enterprise = Enterprise
enterprise[zh] = 企业
value = Value of its orders (CNY)
value[zh] = 涉及货值（元）
source = Source file
source[zh] = 来源文件
locator = Locator
locator[zh] = 定位
summary = Case
summary[zh] = 案件
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
role = Role code
role[zh] = 企业类型代码
alerts = Alerts
alerts[zh] = 预警数
alert_id = Alert
alert_id[zh] = 预警编号
rule_id = Rule id
rule_id[zh] = 规则编号
business_date = Business date
business_date[zh] = 业务日期
entity_kind = Entity code
entity_kind[zh] = 对象类型代码
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
alerts_day = New alerts of the day
alerts_day[zh] = 当日新增预警
alerts_total = Alerts up to the day
alerts_total[zh] = 截至当日预警
alerts_open = Not handled
alerts_open[zh] = 未处理预警
alerts_in_hand = In hand
alerts_in_hand[zh] = 处理中预警
alerts_closed = Closed
alerts_closed[zh] = 已办结预警
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

[statuses]
open = Not handled
open[zh] = 未处理
in_hand = In hand
in_hand[zh] = 处理中
closed = Closed
closed[zh] = 已办结

[roles]
platform = Platform
platform[zh] = 电商平台
seller = Seller
seller[zh] = 电商企业
payment_company = Payment company
payment_company[zh] = 支付企业
carrier = Carrier
carrier[zh] = 物流企业

[entity_kinds]
order = Order
order[zh] = 订单
buyer = Buyer and year
buyer[zh] = 订购人（年度）
consignee = Consignee
consignee[zh] = 收件人
payer = Payer
payer[zh] = 支付人
shipment = Waybill
shipment[zh] = 运单
bank_txn = Bank entry
bank_txn[zh] = 银行入账
enterprise = Enterprise
enterprise[zh] = 企业

# The evidence of each rule's alerts in words: {key} is a value of the alert's evidence (JSON),
# {key|yuan} an amount with two decimals, {$.path} a value further down (json_extract paths).
[evidence]
R-SINGLE-LIMIT = order value CNY {value_cny|yuan}, over the single-purchase limit of CNY {limit_cny|yuan}
R-SINGLE-LIMIT[zh] = 订单金额 {value_cny|yuan} 元，超过单次交易限值 {limit_cny|yuan} 元
R-ANNUAL-LIMIT = buyer {buyer_mask} bought CNY {total_cny|yuan} in {orders|int} orders in {year}, over the annual limit of CNY {limit_cny|yuan}
R-ANNUAL-LIMIT[zh] = 订购人 {buyer_mask} {year} 年累计 {orders|int} 单、{total_cny|yuan} 元，超过年度交易限值 {limit_cny|yuan} 元
R-ORDER-SPLIT = {orders|int} orders to consignee {consignee_mask} within {window_hours} hours, CNY {total_cny|yuan} together (largest CNY {max_order_cny|yuan}), over the single-purchase limit of CNY {limit_cny|yuan}
R-ORDER-SPLIT[zh] = 收件人 {consignee_mask} 在 {window_hours} 小时内 {orders|int} 单合计 {total_cny|yuan} 元（单笔最高 {max_order_cny|yuan} 元），合计超过单次交易限值 {limit_cny|yuan} 元
R-PAYER-NOT-BUYER = order {order_no} paid by {payer_mask}, ordered by {buyer_mask}
R-PAYER-NOT-BUYER[zh] = 订单 {order_no} 支付人 {payer_mask} 与订购人 {buyer_mask} 不一致
R-PAYER-MANY-BUYERS = payer {payer_mask} paid {orders|int} orders of {buyers|int} buyers, CNY {total_cny|yuan} together
R-PAYER-MANY-BUYERS[zh] = 支付人 {payer_mask} 为 {buyers|int} 名订购人支付 {orders|int} 单，合计 {total_cny|yuan} 元
R-MONEY-WITHOUT-GOODS = order {order_no} paid {amount|yuan} {currency}, with no waybill and no customs list
R-MONEY-WITHOUT-GOODS[zh] = 订单 {order_no} 已支付 {amount|yuan}（{currency}），无运单、无清单
R-GOODS-WITHOUT-MONEY = order {order_no} has {waybills|int} waybills and {customs_lists|int} customs lists but no payment
R-GOODS-WITHOUT-MONEY[zh] = 订单 {order_no} 有运单 {waybills|int} 个、清单 {customs_lists|int} 份，无支付记录
R-UNDERVALUATION = order {order_no}: unit price CNY {$.items[0].unit_price_cny|yuan} of HS {$.items[0].hs_code} against a median of CNY {$.items[0].median_cny|yuan} ({$.items[0].sample} lines)
R-UNDERVALUATION[zh] = 订单 {order_no} 商品（HS {$.items[0].hs_code}）单价 {$.items[0].unit_price_cny|yuan} 元，同类中位价 {$.items[0].median_cny|yuan} 元（样本 {$.items[0].sample} 条）
R-WEIGHT-VALUE = waybill {logistics_no}: {weight_g|int} g for CNY {value_cny|yuan}, CNY {value_per_kg_cny|yuan} per kg against a median of CNY {median_per_kg_cny|yuan}
R-WEIGHT-VALUE[zh] = 运单 {logistics_no} 重 {weight_g|int} 克、货值 {value_cny|yuan} 元，每千克 {value_per_kg_cny|yuan} 元，同类中位 {median_per_kg_cny|yuan} 元
R-BANK-UNEXPLAINED = bank credit of {amount|yuan} {currency} on {booking_date} from {counterparty} ({remittance}) matches no trade
R-BANK-UNEXPLAINED[zh] = {booking_date} 银行入账 {amount|yuan}（{currency}），付款人 {counterparty}，附言 {remittance}，无对应交易
R-NEGATIVE-LIST = {name} on the negative list traded {orders|int} orders that day
R-NEGATIVE-LIST[zh] = 负面清单企业 {name} 当日交易 {orders|int} 单
