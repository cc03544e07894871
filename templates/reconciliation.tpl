# Reconciliation report for operators: every open exception with its reasons,
# source files and locators (XLSX), and a short bulletin (PDF).
# Format: reports/README.md.  KEY is English, KEY[zh] Chinese.
#
# Reason, status and other program codes appear only in the workbook, in a column of
# their own beside their name; every name the reader sees comes from the groups at the
# end of this file ([reasons], [statuses], [bank_reasons], [directions]).

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
sections = headline;summary;by_reason_pdf;by_reason;by_secondary_pdf;by_secondary;by_age;by_bank_pdf;by_bank;by_status;by_zone_pdf;by_zone;by_platform;exceptions;bank_credits;quarantine;definitions

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
total = Total
total[zh] = 合计
dims = day
dims[zh] = 日

[section.headline]
type = figures
title = Key figures
title[zh] = 主要指标
indicators = flow_total;match_rate;exceptions;open_exceptions;resolution_rate;bank_unexplained;flow_matched;exception_value;exceptions_seen;exceptions_resolved;bank_unexplained_value;quarantined
pdf_count = 6

[section.summary]
type = text
title = Summary
title[zh] = 概述
sentences = region;day;open;age;resolved;bank;quarantine

# The region's report (cbecflow report --db postgresql://... without --zone) says so first; a
# zone's own report has no region_zones and leaves the sentence out.
[sentence.region]
text = Region-wide: the trades of the {region_zones|int} zones (leagues and cities) that published to the region's warehouse; each zone's figures are in the table by zone.
text[zh] = 全区汇总：以下为向自治区数据仓库报送数据的 {region_zones|int} 个盟市合计，各盟市情况见分盟市表。

[sentence.day]
text = On {meta:day_text} {flow_total|int} trades were reconciled and {flow_matched|int} matched ({match_rate|pct}%); {exceptions|int} trades of the day are exceptions, worth CNY {exception_value|yuan}.
text[zh] = {meta:day_text}共对碰交易 {flow_total|int} 笔，对碰一致 {flow_matched|int} 笔，对碰率 {match_rate|pct}%；当日交易中异常 {exceptions|int} 笔，涉及金额 {exception_value|yuan} 元。

[sentence.open]
text = {open_exceptions|int} exceptions are open; by main reason the most frequent is "{by_reason[1].label}" ({by_reason[1].count|int}, {by_reason[1].share|pct}%).
text[zh] = 截至当日未结异常 {open_exceptions|int} 笔，按主要原因以“{by_reason[1].label}”最多（{by_reason[1].count|int} 笔，占 {by_reason[1].share|pct}%）。
fallback = No exception is open.
fallback[zh] = 截至当日无未结异常。

[sentence.age]
text = {by_age[4].count|int} of them have been open for more than 30 days, {by_age[1].count|int} were found in the last two nights.
text[zh] = 其中超过 30 天未解决的 {by_age[4].count|int} 笔，近两日新发现的 {by_age[1].count|int} 笔。

[sentence.resolved]
text = Of the {exceptions_seen|int} exceptions found on earlier nights, {exceptions_resolved|int} are resolved: a resolution rate of {resolution_rate|pct}%.
text[zh] = 此前各日发现的异常 {exceptions_seen|int} 笔中已解决 {exceptions_resolved|int} 笔，解决率 {resolution_rate|pct}%。

[sentence.bank]
text = Bank credits matching no trade: {bank_sum[1].count|int}, worth CNY {bank_sum[1].amount|yuan}, listed apart and not counted in trade amounts.
text[zh] = 另有银行入账 {bank_sum[1].count|int} 笔、金额 {bank_sum[1].amount|yuan} 元未找到对应交易，单独列示，不计入交易金额。

[sentence.quarantine]
text = {quarantined|int} records were set aside at ingestion.
text[zh] = 入库时隔离记录 {quarantined|int} 条。

# The reason tables: every open exception counts once, under its main reason (the first
# of its reasons in the rule pack's order), so the table adds up to the open exceptions.
[section.by_reason_pdf]
type = table
table = by_reason
where = pdf
title = Open exceptions by main reason
title[zh] = 未结异常主要原因
note = Each exception counts once, under its main reason; the total equals the open exceptions.
note[zh] = 每笔异常按其主要原因计一次，合计等于未结异常笔数。
columns = label;count;value;share

[section.by_reason]
type = table
table = by_reason
where = xlsx
title = Open exceptions by main reason
title[zh] = 未结异常主要原因
sheet = Main reasons
sheet[zh] = 主要原因
note = Each exception counts once, under its main reason (the first of its reasons in the rule pack's order); the total equals the open exceptions.
note[zh] = 每笔异常按其主要原因（规则包顺序中的第一项原因）计一次，合计等于未结异常笔数。
columns = key;label;count;value;share

# the bulletin says the overlap in the heading: a note under it is not kept with the table
[section.by_secondary_pdf]
type = table
table = by_secondary
where = pdf
title = Further reasons of the open exceptions (overlapping, not added up)
title[zh] = 未结异常的次要原因（一笔可有多项，相互重叠，不加总）
columns = label;count;value

[section.by_secondary]
type = table
table = by_secondary
where = xlsx
title = Further reasons of the open exceptions
title[zh] = 未结异常的次要原因
sheet = Further reasons
sheet[zh] = 次要原因
note = An exception may have several further reasons: these rows overlap and do not add up to the open exceptions.
note[zh] = 一笔异常可同时有多项次要原因，各项相互重叠，笔数之和不等于未结异常笔数。
columns = key;label;count;value

[section.by_age]
type = table
table = by_age
title = Open exceptions by days open
title[zh] = 未结异常账龄
sheet = Days open
sheet[zh] = 异常账龄
columns = label;count;value;share
col.label = Days open
col.label[zh] = 账龄

# Bank credits are money received, not trades: their own table, never added to trade amounts.
[section.by_bank_pdf]
type = table
table = by_bank
where = pdf
title = Bank credits matching no trade
title[zh] = 未找到对应交易的银行入账
columns = label;count;amount;share
col.label = Why
col.label[zh] = 原因
col.count = Credits
col.count[zh] = 笔数

[section.by_bank]
type = table
table = by_bank
where = xlsx
title = Bank credits matching no trade
title[zh] = 未找到对应交易的银行入账
sheet = Unmatched credits
sheet[zh] = 未匹配入账
note = Money received on the zone's accounts that no trade explains; amounts converted to CNY, not included in any trade amount.
note[zh] = 试验区账户收到、无法对应到交易的入账；金额折合人民币，不计入任何交易金额。
columns = key;label;count;amount;share
col.label = Why
col.label[zh] = 原因
col.count = Credits
col.count[zh] = 笔数

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
# the bulletin shows the reasons; the statuses are in the workbook
where = xlsx

# By zone (盟市): only in the region's report over the warehouse (a zone's own has no by_zone table).
# The bulletin shows the names, the workbook the codes beside them.
[section.by_zone_pdf]
type = table
table = by_zone
title = Trades of the day by zone
title[zh] = 当日交易对碰（分盟市）
columns = label;count;matched;exceptions;value;open
col.label = Zone
col.label[zh] = 盟市
col.count = Trades
col.count[zh] = 交易笔数
col.matched = Matched
col.matched[zh] = 对碰成功
col.exceptions = Exceptions
col.exceptions[zh] = 异常笔数
col.value = Exception value (CNY)
col.value[zh] = 异常金额（元）
col.open = Open exceptions
col.open[zh] = 未结异常
where = pdf

[section.by_zone]
type = table
table = by_zone
title = Trades of the day by zone
title[zh] = 当日交易对碰（分盟市）
sheet = Zones
sheet[zh] = 分盟市
columns = label;key;count;matched;exceptions;value;open
col.label = Zone
col.label[zh] = 盟市
col.key = Zone code
col.key[zh] = 盟市代码
col.count = Trades
col.count[zh] = 交易笔数
col.matched = Matched
col.matched[zh] = 对碰成功
col.exceptions = Exceptions
col.exceptions[zh] = 异常笔数
col.value = Exception value (CNY)
col.value[zh] = 异常金额（元）
col.open = Open exceptions
col.open[zh] = 未结异常
where = xlsx

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

[section.bank_credits]
type = detail
detail = bank_credits
title = Bank credits matching no trade
title[zh] = 未匹配入账明细
sheet = Unmatched credit list
sheet[zh] = 未匹配入账明细

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

[columns]
count = Trades
count[zh] = 笔数
value = Value (CNY)
value[zh] = 金额（元）
pdf.value = Value (CNY)
pdf.value[zh] = 金额（元）
amount = Amount credited (CNY)
amount[zh] = 入账金额（元）
pdf.amount = Amount credited (CNY)
pdf.amount[zh] = 入账金额（元）
label = Item
label[zh] = 项目
key = Code
key[zh] = 代码
status_name = Main reason
status_name[zh] = 主要原因
status = Main reason code
status[zh] = 主要原因代码
reason_names = All reasons
reason_names[zh] = 全部原因
reasons = Reason codes
reasons[zh] = 原因代码
exception_since = Found on
exception_since[zh] = 首次发现日期
days_open = Days open
days_open[zh] = 账龄（天）
first_seen = Trade first seen
first_seen[zh] = 交易首次出现日期
business_date = Business date
business_date[zh] = 业务日期
booking_date = Booking date
booking_date[zh] = 记账日期
account = Account
account[zh] = 收款账户
currency = Currency
currency[zh] = 币种
reference = Bank reference
reference[zh] = 银行参考号
why = Why
why[zh] = 原因
why_code = Why (code)
why_code[zh] = 原因代码
match_note = Matching note
match_note[zh] = 匹配说明（系统）
order_source = Order file
order_source[zh] = 订单来源文件
order_locator = Order position
order_locator[zh] = 订单位置
payment_source = Payment file
payment_source[zh] = 支付单来源文件
payment_locator = Payment position
payment_locator[zh] = 支付单位置
shipment_source = Waybill file
shipment_source[zh] = 运单来源文件
shipment_locator = Waybill position
shipment_locator[zh] = 运单位置
list_source = Customs list file
list_source[zh] = 清单来源文件
list_locator = Customs list position
list_locator[zh] = 清单位置
source = Source file
source[zh] = 来源文件
locator = Position in file
locator[zh] = 文件内位置

[indicators]
flow_total = Trades reconciled
flow_total[zh] = 对碰交易数
flow_matched = Matched trades
flow_matched[zh] = 对碰一致交易数
match_rate = Match rate
match_rate[zh] = 对碰率
exceptions = Exceptions of the day
exceptions[zh] = 当日异常交易
exception_value = Value of the day's exceptions
exception_value[zh] = 当日异常交易金额
open_exceptions = Open exceptions
open_exceptions[zh] = 未结异常交易
exceptions_seen = Exceptions found on earlier nights
exceptions_seen[zh] = 此前发现的异常
exceptions_resolved = Resolved by the day
exceptions_resolved[zh] = 其中已解决
resolution_rate = Resolution rate
resolution_rate[zh] = 异常解决率
bank_unexplained = Bank credits matching no trade
bank_unexplained[zh] = 未匹配银行入账
bank_unexplained_value = Amount of those credits
bank_unexplained_value[zh] = 未匹配入账金额
quarantined = Quarantined records
quarantined[zh] = 隔离记录
main_reason = Main reason
main_reason[zh] = 主要原因
further_reasons = Further reasons
further_reasons[zh] = 次要原因
days_open = Days open
days_open[zh] = 账龄

# Units of the bulletin's figure boxes ([units]) and of the workbook's summary and definitions ([xlsx_units]).
[units]
flow_total = trades
flow_total[zh] = 笔
flow_matched = trades
flow_matched[zh] = 笔
exceptions = trades
exceptions[zh] = 笔
open_exceptions = trades
open_exceptions[zh] = 笔
exceptions_seen = trades
exceptions_seen[zh] = 笔
exceptions_resolved = trades
exceptions_resolved[zh] = 笔
bank_unexplained =
bank_unexplained[zh] = 笔
quarantined = records
quarantined[zh] = 条

[xlsx_units]
flow_total = trades
flow_total[zh] = 笔
flow_matched = trades
flow_matched[zh] = 笔
match_rate = %
exceptions = trades
exceptions[zh] = 笔
exception_value = CNY
exception_value[zh] = 元
open_exceptions = trades
open_exceptions[zh] = 笔
exceptions_seen = trades
exceptions_seen[zh] = 笔
exceptions_resolved = trades
exceptions_resolved[zh] = 笔
resolution_rate = %
bank_unexplained = credits
bank_unexplained[zh] = 笔
bank_unexplained_value = CNY
bank_unexplained_value[zh] = 元
quarantined = records
quarantined[zh] = 条
days_open = days
days_open[zh] = 天

# What each figure counts, in words (no table, column or code names).
[definitions]
flow_total = Trades whose business date is the day (the day of the order, else of the payment, waybill or customs list). Bank credits that match no trade are not trades and are counted apart.
flow_total[zh] = 业务日期（订单日期，无订单时为支付单、运单或清单日期）为当日的交易笔数。未找到对应交易的银行入账不是交易，另行统计。
flow_matched = Trades of the day whose order, payment, waybill and customs list agree within the tolerances of the rule pack.
flow_matched[zh] = 当日交易中订单、支付单、运单与清单在规则包容差内相互一致的笔数。
match_rate = Matched trades divided by trades reconciled.
match_rate[zh] = 对碰一致交易数除以对碰交易数。
exceptions = Trades of the day that are not matched; their value is in CNY, converted at the exchange rate of the trade's day (a trade without a rate adds no value).
exceptions[zh] = 当日交易中未对碰一致的笔数；其金额按交易当日汇率折合人民币（无汇率的交易不计金额）。
open_exceptions = Exceptions with a business date on or before the day and not resolved by then. Each is listed in the workbook with its reasons, source files and positions.
open_exceptions[zh] = 业务日期不晚于当日、截至当日仍未解决的异常交易。工作簿逐笔列出其原因、来源文件与位置。
main_reason = An exception's main reason is the first of its reasons in the order of the rule pack; each open exception has exactly one, so the main reasons add up to the open exceptions and their shares to 100%.
main_reason[zh] = 每笔异常的主要原因是规则包顺序中排在最前的一项原因；每笔未结异常有且只有一项主要原因，故各主要原因笔数之和等于未结异常笔数，占比之和为 100%。
further_reasons = The other reasons of an exception. An exception may have several, so these counts overlap and are not added up.
further_reasons[zh] = 异常除主要原因外的其他原因。一笔异常可有多项，各项笔数相互重叠，不予加总。
days_open = The business date less the night reconciliation first found the exception (a trade that was matched and became an exception again starts anew). Bands: 0–1, 2–7, 8–30 and more than 30 days.
days_open[zh] = 业务日期减去对碰首次发现该异常的日期（已对碰一致后再次出现异常的，重新起算）。分为 0–1 天、2–7 天、8–30 天、30 天以上四档。
resolution_rate = Of the exceptions first found on a night before the day (resolved or not), the share matched by the day.
resolution_rate[zh] = 首次发现日期早于当日的异常交易（不论是否已解决）中，截至当日已对碰一致的比例。
bank_unexplained = Credits on the zone's bank accounts, booked on or before the day, that no trade or settlement explains (no trade found, several trades qualify, or the receiving account's owner is unclear); their amount is in CNY at the rate of the booking day and kept apart from trade amounts.
bank_unexplained[zh] = 试验区银行账户截至当日的入账中，无法对应到交易或结算批次的笔数（无对应交易、有多笔交易均可对应、或收款账户归属不明）；其金额按入账当日汇率折合人民币，与交易金额分列。
quarantined = Records refused at ingestion by the runs of the day (bad format, missing key ...), each listed with its file, position and reason.
quarantined[zh] = 当日运行入库时被拒收的记录（格式错误、缺少关键字段等），逐条列出文件、位置与原因。

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
CURRENCY_MISMATCH = Currencies differ
CURRENCY_MISMATCH[zh] = 币种不符
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

# Why a bank credit matches no trade (the key is the workbook's code).
[bank_reasons]
NO_TRADE = No trade found
NO_TRADE[zh] = 无对应交易
AMBIGUOUS = Several trades qualify
AMBIGUOUS[zh] = 多笔交易均可对应
OWNER_UNCLEAR = Receiving account's owner unclear
OWNER_UNCLEAR[zh] = 收款账户归属不明

[directions]
import = Import
import[zh] = 进口
export = Export
export[zh] = 出口

# Bands of days open (the key is the band's upper bound in days; 'unknown': no first night recorded).
[age_bands]
1 = 0–1 days
1[zh] = 0–1 天
7 = 2–7 days
7[zh] = 2–7 天
30 = 8–30 days
30[zh] = 8–30 天
over = More than 30 days
over[zh] = 30 天以上
unknown = First night not recorded
unknown[zh] = 首次发现日期不详
