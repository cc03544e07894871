# Statistics report: the statisticians' XLSX and the leadership bulletin (PDF).
# Read at run time: reorder [report] sections, rename a label or set chart = none
# and the next render follows -- no rebuild.  Format: reports/README.md.
# KEY is English, KEY[zh] Chinese.  Placeholders in sentences: reports/text.h.

[report]
provider = statistics
file = statistics
title = Cross-border E-commerce Statistics Bulletin
title[zh] = 跨境电子商务统计快报
issuer = Hohhot Cross-border E-commerce Comprehensive Pilot Zone
issuer[zh] = 呼和浩特跨境电子商务综合试验区
subtitle = Month to date, with the same days of last month and of last year
subtitle[zh] = 月度累计，与上月同期、上年同期比较
# money in PDF tables: yuan | wan | yi | m (the column labels [columns] pdf.value say which)
pdf_money = wan
pdf_money[en] = m
sections = headline;summary;trend_month;trend_day;by_direction;by_trade_mode;by_country;by_platform;by_featured;by_customs;by_port;by_seller;by_carrier;by_hs_chapter;hs_unmapped;detail;definitions

[section.headline]
type = figures
title = Key figures
title[zh] = 主要指标
indicators = trade_value;retail_value;b2b_value;trade_count;match_rate;composite_index;import_value;export_value;import_tax;retail_count;retail_avg_value;b2b_count;b2b_avg_value;lead_time_hours;featured_value;featured_share;day_value;day_count;unconverted_count
# the PDF shows the first six as headline boxes
pdf_count = 6

[section.summary]
type = text
title = Summary
title[zh] = 综述
sentences = total;direction;business;count;tax;country;featured;hs_unmapped;match;index

[sentence.total]
text = Cross-border e-commerce imports and exports reached CNY {trade_value|m} million in {meta:period_from} to {meta:period_to}, {trade_value.yoy} year on year and {trade_value.mom} on last month.
text[zh] = {meta:period_from} 至 {meta:period_to}，跨境电商进出口总额 {trade_value|yi} 亿元，同比{trade_value.yoy}，环比{trade_value.mom}。
fallback = Cross-border e-commerce imports and exports reached CNY {trade_value|m} million in {meta:period_from} to {meta:period_to}.
fallback[zh] = {meta:period_from} 至 {meta:period_to}，跨境电商进出口总额 {trade_value|yi} 亿元（{trade_value|wan} 万元）。

[sentence.direction]
text = Imports were CNY {import_value|m} million ({import_value.yoy}) and exports CNY {export_value|m} million ({export_value.yoy}).
text[zh] = 其中进口 {import_value|wan} 万元，同比{import_value.yoy}；出口 {export_value|wan} 万元，同比{export_value.yoy}。
fallback = Imports were CNY {import_value|m} million and exports CNY {export_value|m} million.
fallback[zh] = 其中进口 {import_value|wan} 万元，出口 {export_value|wan} 万元。

[sentence.business]
text = Retail e-commerce (9610, 1210) came to CNY {retail_value|m} million ({retail_value.yoy}) and B2B (9710, 9810) to CNY {b2b_value|m} million ({b2b_value.yoy}).
text[zh] = 按业务类型分，跨境电商零售（9610、1210）{retail_value|wan} 万元，同比{retail_value.yoy}；跨境电商B2B（9710、9810）{b2b_value|wan} 万元，同比{b2b_value.yoy}。
fallback = Retail e-commerce (9610, 1210) came to CNY {retail_value|m} million and B2B (9710, 9810) to CNY {b2b_value|m} million.
fallback[zh] = 按业务类型分，跨境电商零售（9610、1210）{retail_value|wan} 万元，跨境电商B2B（9710、9810）{b2b_value|wan} 万元。

[sentence.count]
text = {retail_count|int} retail orders ({retail_count.yoy}) at an average of CNY {retail_avg_value|yuan}; {b2b_count|int} B2B orders at an average of CNY {b2b_avg_value|yuan}.
text[zh] = 零售订单 {retail_count|int} 单，同比{retail_count.yoy}，零售客单价 {retail_avg_value|yuan} 元；B2B订单 {b2b_count|int} 单，平均单值 {b2b_avg_value|yuan} 元。
fallback = {retail_count|int} retail orders at an average of CNY {retail_avg_value|yuan}; {b2b_count|int} B2B orders at an average of CNY {b2b_avg_value|yuan}.
fallback[zh] = 零售订单 {retail_count|int} 单，零售客单价 {retail_avg_value|yuan} 元；B2B订单 {b2b_count|int} 单，平均单值 {b2b_avg_value|yuan} 元。

[sentence.tax]
text = Import taxes collected on behalf of customs came to CNY {import_tax|m} million; they are not part of the trade value.
text[zh] = 进口环节代征税款 {import_tax|wan} 万元（不计入进出口总额）。

[sentence.country]
text = The largest partner was {by_country[1].label} with {by_country[1].share|pct}% of the value.
text[zh] = 贸易伙伴中{by_country[1].label}居首，占进出口总额的 {by_country[1].share|pct}%。

[sentence.featured]
text = Featured goods of the zone came to CNY {featured_value|m} million, {featured_share|pct}% of goods value.
text[zh] = 特色商品进出口 {featured_value|wan} 万元，占商品货值的 {featured_share|pct}%。

[sentence.hs_unmapped]
text = {hs_unmapped_lines|int} order lines have no HS code or one outside every chapter: they are in the totals and listed on the sheet "Unmapped HS".
text[zh] = 另有 {hs_unmapped_lines|int} 个商品行未申报 HS 编码或编码不属于任何章，已计入总额，明细见“未归类编码”表。

[sentence.match]
text = {match_rate|pct}% of trades matched on all three flows ({match_rate.mom} on last month).
text[zh] = 三单对碰率 {match_rate|pct}%，较上月同期{match_rate.mom}。
fallback = {match_rate|pct}% of trades matched on all three flows.
fallback[zh] = 三单对碰率 {match_rate|pct}%。

[sentence.index]
text = The composite index stood at {composite_index|num} (base {meta:base_from} to {meta:base_to} = 100).
text[zh] = 综合发展指数为 {composite_index|num}（以 {meta:base_from} 至 {meta:base_to} 为基期 = 100）。
fallback = No composite index this period: there is no base period yet (no orders in the same days a year before nor in a full month before this one).
fallback[zh] = 综合发展指数本期不编制：尚无可比基期（上年同期及本月之前的完整月份均无订单数据）。

[section.trend_month]
type = table
table = month_series
title = Monthly trend
title[zh] = 月度走势
sheet = Monthly
sheet[zh] = 月度走势
columns = month;count;value;import_value;export_value
chart = line
chart_category = month
chart_series = value
chart_title = Import and export value by month
chart_title[zh] = 各月进出口总额
pdf_show = chart

[section.trend_day]
type = table
table = day_series
title = Daily trend this month
title[zh] = 本月逐日走势
sheet = Daily
sheet[zh] = 逐日
columns = date;count;value
chart = column
chart_category = date
chart_series = value
chart_title = Value by day
chart_title[zh] = 逐日进出口额
pdf_show = chart

[section.by_direction]
type = table
table = by_direction
title = Imports and exports
title[zh] = 进出口结构
sheet = Direction
sheet[zh] = 进出口
columns = label;count;value;share;yoy
chart = pie
chart_category = label
chart_series = value
chart_title = Share of imports and exports
chart_title[zh] = 进出口占比
pdf_show = chart
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_trade_mode]
type = table
table = by_trade_mode
title = By direction and trade mode
title[zh] = 分进出口方向和监管方式
col.share = Share of total value
col.share[zh] = 占进出口总额比重
sheet = Trade mode
sheet[zh] = 监管方式
columns = label;count;value;share;yoy
chart = pie
chart_category = label
chart_series = value
chart_title = Share by trade mode
chart_title[zh] = 监管方式结构
pdf_show = chart

[section.by_country]
type = table
table = by_country
title = Top 10 partner countries
title[zh] = 主要贸易伙伴（前 10 位）
sheet = Country
sheet[zh] = 国别地区
columns = label;count;value;share;yoy
top = 10
chart = bar
chart_category = label
chart_series = value
chart_title = Value by partner country
chart_title[zh] = 分国别进出口额
pdf_show = table
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_platform]
type = table
table = by_platform
title = Top 10 platforms
title[zh] = 主要电商平台（前 10 位）
sheet = Platform
sheet[zh] = 电商平台
columns = label;count;value;share;yoy
top = 10
chart = bar
chart_category = label
chart_series = value
pdf_show = table
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_featured]
type = table
table = by_featured
title = Featured categories of the zone
title[zh] = 特色商品
sheet = Featured
sheet[zh] = 特色商品
columns = label;count;value;share;yoy
chart = bar
chart_category = label
chart_series = value
chart_title = Featured categories
chart_title[zh] = 特色商品进出口额
pdf_show = both
col.share = Share of goods value of order lines
col.share[zh] = 占商品行货值比重

[section.by_customs]
type = table
table = by_customs
title = By customs office
title[zh] = 分关区
sheet = Customs
sheet[zh] = 关区
columns = key;label;count;value;share;yoy
where = xlsx
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_port]
type = table
table = by_port
title = By port
title[zh] = 分口岸
sheet = Port
sheet[zh] = 口岸
columns = key;label;count;value;share;yoy
where = xlsx
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_seller]
type = table
table = by_seller
title = By seller
title[zh] = 分电商企业
sheet = Seller
sheet[zh] = 电商企业
columns = key;label;count;value;share;yoy
where = xlsx
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_carrier]
type = table
table = by_carrier
title = By carrier
title[zh] = 分物流企业
sheet = Carrier
sheet[zh] = 物流企业
columns = key;label;count;value;share;yoy
where = xlsx
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_hs_chapter]
type = table
table = by_hs_chapter
title = By HS chapter (goods value of order lines)
title[zh] = 分 HS 章（商品行货值）
sheet = HS chapter
sheet[zh] = HS章
columns = key;label;count;value;share;yoy
chart = column
chart_category = key
chart_series = value
top = 15
where = xlsx
col.share = Share of goods value of order lines
col.share[zh] = 占商品行货值比重

[section.hs_unmapped]
type = table
table = hs_unmapped
title = Order lines without a mapped HS chapter
title[zh] = 未归类商品编码
sheet = Unmapped HS
sheet[zh] = 未归类编码
columns = key;label;count;value
col.key = HS code
col.key[zh] = 商品编码
col.count = Order lines
col.count[zh] = 商品行数
where = xlsx

[section.detail]
type = detail
detail = trades
title = Orders of the period
title[zh] = 订单明细
sheet = Detail
sheet[zh] = 明细
where = xlsx

[section.definitions]
type = definitions
title = Definitions
title[zh] = 指标定义与口径
sheet = Definitions
sheet[zh] = 指标定义
page_break = no
