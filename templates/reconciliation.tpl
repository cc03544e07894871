# Reconciliation report for operators: every open exception with its reasons,
# source files and locators (XLSX), and a one-page summary (PDF).
# Format: reports/README.md.  KEY is English, KEY[zh] Chinese.

[report]
provider = reconciliation
file = reconciliation
title = Three-flow Reconciliation Report
title[zh] = 三单对碰核对报告
issuer = Hohhot Cross-border E-commerce Comprehensive Pilot Zone
issuer[zh] = 呼和浩特跨境电子商务综合试验区
subtitle = Business date, with the day before and a week earlier
subtitle[zh] = 当日数据，与前一日、上周同日比较
pdf_money = yuan
sections = headline;summary;by_status;by_reason;by_platform;exceptions;quarantine;definitions

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

[section.headline]
type = figures
title = Key figures
title[zh] = 主要指标
indicators = flow_total;flow_matched;match_rate;exceptions;exception_value;open_exceptions;quarantined
pdf_count = 6

[section.summary]
type = text
title = Summary
title[zh] = 概述
sentences = day;open

[sentence.day]
text = On {meta:period_from} {flow_total|int} trades were reconciled, {match_rate|pct}% of them matched; {exceptions|int} exceptions worth CNY {exception_value|yuan}.
text[zh] = {meta:period_from} 共对碰交易 {flow_total|int} 笔，对碰率 {match_rate|pct}%；异常 {exceptions|int} 笔，涉及金额 {exception_value|yuan} 元。

[sentence.open]
text = {open_exceptions|int} exceptions are open; the most frequent reason is {by_reason[1].label} ({by_reason[1].count|int}). {quarantined|int} records were quarantined at ingestion.
text[zh] = 截至当日未结异常 {open_exceptions|int} 笔，最主要原因为“{by_reason[1].label}”（{by_reason[1].count|int} 笔）；入库隔离记录 {quarantined|int} 条。

[section.by_status]
type = table
table = by_status
title = Trades of the day by status
title[zh] = 当日交易对碰状态
sheet = Status
sheet[zh] = 对碰状态
columns = key;label;count;value
chart = pie
chart_category = label
chart_series = count
# the one-page PDF shows the reasons; the statuses are in the workbook
where = xlsx

[section.by_reason]
type = table
table = by_reason
title = Open exceptions by reason
title[zh] = 未结异常原因
sheet = Reasons
sheet[zh] = 异常原因
columns = key;label;count;value;share
top = 10
chart = bar
chart_category = label
chart_series = count
pdf_show = table

[section.by_platform]
type = table
table = by_platform
title = Open exceptions by platform
title[zh] = 未结异常（分平台）
sheet = Platforms
sheet[zh] = 分平台
columns = label;count;value
top = 5
where = xlsx

[section.exceptions]
type = detail
detail = exceptions
title = Open exceptions
title[zh] = 异常明细
sheet = Exceptions
sheet[zh] = 异常明细

[section.quarantine]
type = detail
detail = quarantine
title = Quarantined records
title[zh] = 隔离记录
sheet = Quarantine
sheet[zh] = 隔离记录

[section.definitions]
type = definitions
title = Definitions
title[zh] = 口径说明
sheet = Definitions
sheet[zh] = 口径说明
where = xlsx

[columns]
count = Trades
count[zh] = 笔数
value = Value (CNY)
value[zh] = 金额（元）
pdf.value = Value (CNY)
pdf.value[zh] = 金额（元）

[statuses]
MATCHED = Matched
MATCHED[zh] = 对碰一致
PAYMENT_MISSING = Payment missing
PAYMENT_MISSING[zh] = 缺支付单
SHIPMENT_MISSING = Waybill missing
SHIPMENT_MISSING[zh] = 缺运单
ORDER_MISSING = Order missing
ORDER_MISSING[zh] = 缺订单
MISMATCH = Mismatch
MISMATCH[zh] = 不一致
EXCEPTION = Exception
EXCEPTION[zh] = 异常
PARTIAL = Partial
PARTIAL[zh] = 部分对碰

[reasons]
PAYMENT_MISSING = Payment missing
PAYMENT_MISSING[zh] = 缺支付单
SHIPMENT_MISSING = Waybill missing
SHIPMENT_MISSING[zh] = 缺运单
ORDER_MISSING = Order missing
ORDER_MISSING[zh] = 缺订单
AMOUNT_MISMATCH = Amounts differ
AMOUNT_MISMATCH[zh] = 金额不符
PAYER_NOT_BUYER = Payer is not the buyer
PAYER_NOT_BUYER[zh] = 支付人与订购人不一致
CONSIGNEE_MISMATCH = Consignee differs
CONSIGNEE_MISMATCH[zh] = 收货人不一致
DUPLICATE_KEY = Duplicate key
DUPLICATE_KEY[zh] = 重复编号
LIST_MISSING = Customs list missing
LIST_MISSING[zh] = 缺清单
UNSETTLED = Not settled
UNSETTLED[zh] = 未结算
BANK_UNEXPLAINED = Bank credit unexplained
BANK_UNEXPLAINED[zh] = 银行入账无对应
