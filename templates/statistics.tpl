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
sections = headline;summary;targets;trend_month;trend_day;by_zone;by_zone_codes;by_direction;by_trade_mode;by_trade_mode_codes;by_country;by_country_codes;by_platform;by_platform_codes;by_port;by_port_codes;by_featured;by_customs;by_seller;by_carrier;by_hs_chapter;hs_unmapped;detail;definitions

[section.headline]
type = figures
title = Key figures
title[zh] = 主要指标
indicators = trade_value;retail_value;b2b_value;trade_count;match_rate;composite_index;import_value;export_value;import_tax;retail_count;retail_avg_value;b2b_count;b2b_avg_value;parcel_count;active_sellers;new_sellers;lead_time_hours;lists_declared;lists_released;lists_unreleased;lists_untimed;clearance_median_hours;clearance_p90_hours;featured_value;featured_share;day_value;day_count;unconverted_count;target_year_rate;target_half_rate;target_quarter_rate;target_month_rate
# the PDF shows the first six as headline boxes
pdf_count = 6

[section.summary]
type = text
title = Summary
title[zh] = 综述
sentences = region;region_overlap;total;target_year;target_half;target_quarter;target_month;direction;business;count;parcels;enterprises;tax;country;featured;hs_unmapped;match;lists;clearance;lead;index

# The region's report (cbecflow report --db postgresql://... without --zone): said first; a zone's
# own report has no region_zones and leaves both sentences out.
[sentence.region]
text = Region-wide: the figures of the {region_zones|int} zones (leagues and cities) that published to the region's warehouse.
text[zh] = 全区汇总：以下为向自治区数据仓库报送数据的 {region_zones|int} 个盟市合计。

[sentence.region_overlap]
text = {region_overlap_orders|int} orders were published by two or more zones and are counted once.
text[zh] = {region_overlap_orders|int} 笔订单由两个以上盟市同时报送，只计一次。

[sentence.total]
text = Cross-border e-commerce imports and exports reached CNY {trade_value|m} million in {dates:period_from,period_to}, {trade_value.yoy} year on year and {trade_value.mom} on last month.
text[zh] = {dates:period_from,period_to}，跨境电商进出口总额 {trade_value|yi} 亿元，同比{trade_value.yoy}，环比{trade_value.mom}。
fallback = Cross-border e-commerce imports and exports reached CNY {trade_value|m} million in {dates:period_from,period_to}.
fallback[zh] = {dates:period_from,period_to}，跨境电商进出口总额 {trade_value|yi} 亿元（{trade_value|wan} 万元）。

# Targets vs actual: a sentence only for a period whose target is set ([targets] of indicators.conf);
# without a target the placeholder has no value and the sentence is left out (never "0%").
[sentence.target_year]
text = The value of the year to date, CNY {target_year_actual|m} million, is {target_year_rate|pct}% of the year's target (CNY {target_year|m} million).
text[zh] = 全年累计进出口 {target_year_actual|yi} 亿元，完成年度目标（{target_year|yi} 亿元）的 {target_year_rate|pct}%。

[sentence.target_half]
text = The half-year to date has reached {target_half_rate|pct}% of its target (CNY {target_half|m} million).
text[zh] = 本半年累计 {target_half_actual|wan} 万元，完成半年目标的 {target_half_rate|pct}%。

[sentence.target_quarter]
text = The quarter to date has reached {target_quarter_rate|pct}% of its target (CNY {target_quarter|m} million).
text[zh] = 本季度累计 {target_quarter_actual|wan} 万元，完成季度目标的 {target_quarter_rate|pct}%。

[sentence.target_month]
text = The month to date has reached {target_month_rate|pct}% of its target (CNY {target_month|m} million).
text[zh] = 本月累计 {target_month_actual|wan} 万元，完成月度目标的 {target_month_rate|pct}%。

[sentence.direction]
text = Imports were CNY {import_value|m} million ({import_value.yoy}) and exports CNY {export_value|m} million ({export_value.yoy}).
text[zh] = 其中进口 {import_value|wan} 万元，同比{import_value.yoy}；出口 {export_value|wan} 万元，同比{export_value.yoy}。
fallback = Imports were CNY {import_value|m} million and exports CNY {export_value|m} million.
fallback[zh] = 其中进口 {import_value|wan} 万元，出口 {export_value|wan} 万元。

[sentence.business]
text = Retail e-commerce ({meta:retail_modes}) came to CNY {retail_value|m} million ({retail_value.yoy}) and B2B ({meta:b2b_modes}) to CNY {b2b_value|m} million ({b2b_value.yoy}).
text[zh] = 按业务类型分，跨境电商零售（{meta:retail_modes}）{retail_value|wan} 万元，同比{retail_value.yoy}；跨境电商B2B（{meta:b2b_modes}）{b2b_value|wan} 万元，同比{b2b_value.yoy}。
fallback = Retail e-commerce ({meta:retail_modes}) came to CNY {retail_value|m} million and B2B ({meta:b2b_modes}) to CNY {b2b_value|m} million.
fallback[zh] = 按业务类型分，跨境电商零售（{meta:retail_modes}）{retail_value|wan} 万元，跨境电商B2B（{meta:b2b_modes}）{b2b_value|wan} 万元。

[sentence.count]
text = {retail_count|int} retail orders ({retail_count.yoy}) at an average of CNY {retail_avg_value|yuan}; {b2b_count|int} B2B orders at an average of CNY {b2b_avg_value|yuan}.
text[zh] = 零售订单 {retail_count|int} 单，同比{retail_count.yoy}，零售客单价 {retail_avg_value|yuan} 元；B2B订单 {b2b_count|int} 单，平均单值 {b2b_avg_value|yuan} 元。
fallback = {retail_count|int} retail orders at an average of CNY {retail_avg_value|yuan}; {b2b_count|int} B2B orders at an average of CNY {b2b_avg_value|yuan}.
fallback[zh] = 零售订单 {retail_count|int} 单，零售客单价 {retail_avg_value|yuan} 元；B2B订单 {b2b_count|int} 单，平均单值 {b2b_avg_value|yuan} 元。

[sentence.parcels]
text = The {trade_count|int} orders went out in {parcel_count|int} parcels (waybills), {parcel_count.yoy} year on year.
text[zh] = 订单 {trade_count|int} 单，对应物流运单（包裹）{parcel_count|int} 件，同比{parcel_count.yoy}。
fallback = The {trade_count|int} orders went out in {parcel_count|int} parcels (waybills).
fallback[zh] = 订单 {trade_count|int} 单，对应物流运单（包裹）{parcel_count|int} 件。

[sentence.enterprises]
text = {active_sellers|int} e-commerce enterprises had orders ({active_sellers.yoy} year on year), {new_sellers|int} of them for the first time.
text[zh] = 有进出口订单的电商企业 {active_sellers|int} 家，同比{active_sellers.yoy}，其中首次开展业务的新增企业 {new_sellers|int} 家。
fallback = {active_sellers|int} e-commerce enterprises had orders, {new_sellers|int} of them for the first time.
fallback[zh] = 有进出口订单的电商企业 {active_sellers|int} 家，其中首次开展业务的新增企业 {new_sellers|int} 家。

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
text[zh] = 另有 {hs_unmapped_lines|int} 个商品行缺少商品编码或编码不属于任何 HS 章，已计入总额，明细见“未归类编码”表。

[sentence.match]
text = {match_rate|pct}% of trades matched on all three flows ({match_rate.mom} on last month).
text[zh] = 三单对碰率 {match_rate|pct}%，较上月同期{match_rate.mom}。
fallback = {match_rate|pct}% of trades matched on all three flows.
fallback[zh] = 三单对碰率 {match_rate|pct}%。

[sentence.lists]
text = The orders carry {lists_declared|int} customs lists: {lists_released|int} released ({lists_untimed|int} of them without a declaration time, so not timed) and {lists_unreleased|int} without a release receipt yet.
text[zh] = 本期订单对应进出口清单 {lists_declared|int} 票，已放行 {lists_released|int} 票（其中 {lists_untimed|int} 票缺少申报时刻，未计入通关时长），尚未收到海关放行回执 {lists_unreleased|int} 票。

[sentence.clearance]
text = Released lists took a median {clearance_median_hours|num} hours from declaration to release; 90% were released within {clearance_p90_hours|num} hours.
text[zh] = 已放行清单自申报至放行的时长中位数为 {clearance_median_hours|num} 小时，90% 在 {clearance_p90_hours|num} 小时内放行。

[sentence.lead]
text = Waybills followed orders after {lead_time_hours|num} hours on average.
text[zh] = 订单至运单平均时长 {lead_time_hours|num} 小时。

[sentence.index]
text = The composite index stood at {composite_index|num} (base {dates:base_from,base_to} = 100).
text[zh] = 综合发展指数为 {composite_index|num}（以 {dates:base_from,base_to} 为基期 = 100）。
fallback = No composite index this period: there is no base period yet (no orders in the same days a year before nor in a full month before this one).
fallback[zh] = 综合发展指数本期不编制：尚无可比基期（上年同期及本月之前的完整月份均无订单数据）。

[section.targets]
type = table
table = targets
title = Targets and completion
title[zh] = 目标完成情况
sheet = Targets
sheet[zh] = 目标完成
columns = label;target;actual;rate
col.label = Target period
col.label[zh] = 目标期间
col.target = Target (CNY)
col.target[zh] = 目标值（元）
col.actual = Value to date (CNY)
col.actual[zh] = 累计完成（元）
col.rate = Completion
col.rate[zh] = 完成率
pdf_show = table

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

# By zone (盟市): only in the region's report (a zone's own report has no by_zone table).
[section.by_zone]
type = table
table = by_zone
title = By zone (league or city)
title[zh] = 分盟市
columns = label;count;value;share;value_ly;yoy
pdf_show = table
where = pdf
col.label = Zone
col.label[zh] = 盟市
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_zone_codes]
type = table
table = by_zone
title = By zone (league or city)
title[zh] = 分盟市
sheet = Zone
sheet[zh] = 盟市
columns = label;code;count;value;share;value_ly;yoy
col.label = Zone
col.label[zh] = 盟市
col.code = Zone code
col.code[zh] = 盟市代码
col.share = Share of total value
col.share[zh] = 占进出口总额比重
chart = bar
chart_category = label
chart_series = value
chart_title = Value by zone
chart_title[zh] = 分盟市进出口额
where = xlsx

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
columns = label;count;value;share;yoy
chart = pie
chart_category = label
chart_series = value
chart_title = Share by trade mode
chart_title[zh] = 监管方式结构
pdf_show = chart
where = pdf

# The workbook's sheets carry each code in a column of its own beside its name (issue 18 item 7);
# the bulletin shows names only.
[section.by_trade_mode_codes]
type = table
table = by_trade_mode
title = By direction and trade mode
title[zh] = 分进出口方向和监管方式
sheet = Trade mode
sheet[zh] = 监管方式
columns = label;code;count;value;share;value_ly;yoy
col.label = Direction and trade mode
col.label[zh] = 进出口方向和监管方式
col.code = Trade mode code
col.code[zh] = 监管方式代码
col.share = Share of total value
col.share[zh] = 占进出口总额比重
chart = pie
chart_category = label
chart_series = value
chart_title = Share by trade mode
chart_title[zh] = 监管方式结构
where = xlsx

[section.by_country]
type = table
table = by_country
title = Top 10 partner countries
title[zh] = 主要贸易伙伴（前 10 位）
columns = label;count;value;share;value_ly;yoy
top = 10
pdf_show = table
where = pdf
col.label = Partner country
col.label[zh] = 国别（地区）
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_country_codes]
type = table
table = by_country
title = By partner country
title[zh] = 分国别（地区）
sheet = Country
sheet[zh] = 国别地区
columns = label;code;count;value;share;value_ly;yoy
chart = bar
chart_category = label
chart_series = value
chart_title = Value by partner country
chart_title[zh] = 分国别进出口额
top = 10
where = xlsx
col.label = Partner country
col.label[zh] = 国别（地区）
col.code = Country code
col.code[zh] = 国别代码
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_platform]
type = table
table = by_platform
title = Top 10 platforms
title[zh] = 主要电商平台（前 10 位）
columns = label;count;value;share;value_ly;yoy
top = 10
pdf_show = table
where = pdf
col.label = Platform
col.label[zh] = 电商平台名称
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_platform_codes]
type = table
table = by_platform
title = By platform
title[zh] = 分电商平台
sheet = Platform
sheet[zh] = 电商平台
columns = label;code;count;value;share;value_ly;yoy
chart = bar
chart_category = label
chart_series = value
chart_title = Value by platform
chart_title[zh] = 分平台进出口额
top = 10
where = xlsx
col.label = Platform
col.label[zh] = 电商平台名称
col.code = Platform code
col.code[zh] = 平台代码
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
columns = label;code;count;value;share;value_ly;yoy
where = xlsx
col.label = Customs office
col.label[zh] = 关区名称
col.code = Customs office code
col.code[zh] = 关区代码
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_port]
type = table
table = by_port
title = Top 10 ports
title[zh] = 主要口岸（前 10 位）
columns = label;count;value;share;value_ly;yoy
top = 10
pdf_show = table
where = pdf
col.label = Port
col.label[zh] = 口岸名称
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_port_codes]
type = table
table = by_port
title = By port
title[zh] = 分口岸
sheet = Port
sheet[zh] = 口岸
columns = label;code;count;value;share;value_ly;yoy
where = xlsx
col.label = Port
col.label[zh] = 口岸名称
col.code = Port code
col.code[zh] = 口岸代码
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_seller]
type = table
table = by_seller
title = By seller
title[zh] = 分电商企业
sheet = Seller
sheet[zh] = 电商企业
columns = label;code;count;value;share;value_ly;yoy
where = xlsx
col.label = E-commerce enterprise
col.label[zh] = 电商企业名称
col.code = Enterprise code
col.code[zh] = 企业代码
col.share = Share of total value
col.share[zh] = 占进出口总额比重

[section.by_carrier]
type = table
table = by_carrier
title = By carrier
title[zh] = 分物流企业
sheet = Carrier
sheet[zh] = 物流企业
columns = label;code;count;value;share;value_ly;yoy
where = xlsx
col.label = Carrier
col.label[zh] = 物流企业名称
col.code = Carrier code
col.code[zh] = 物流企业代码
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

# Labels of this report's own figures and columns (the shared ones are in common.tpl).
[indicators]
parcel_count = Parcels (waybills)
parcel_count[zh] = 件数（物流运单）
active_sellers = Active e-commerce enterprises
active_sellers[zh] = 活跃电商企业
new_sellers = New e-commerce enterprises
new_sellers[zh] = 新增电商企业
lists_declared = Customs lists
lists_declared[zh] = 进出口清单
lists_released = Lists released
lists_released[zh] = 已放行清单
lists_untimed = Released lists without a declaration time
lists_untimed[zh] = 缺少申报时刻的已放行清单
lists_unreleased = Lists not yet released
lists_unreleased[zh] = 未放行清单
clearance_median_hours = Clearance time, median
clearance_median_hours[zh] = 通关时长（中位数）
clearance_p90_hours = Clearance time, 90th percentile
clearance_p90_hours[zh] = 通关时长（90%分位）
target_year_rate = Completion of the year's target
target_year_rate[zh] = 年度目标完成率
target_half_rate = Completion of the half-year's target
target_half_rate[zh] = 半年目标完成率
target_quarter_rate = Completion of the quarter's target
target_quarter_rate[zh] = 季度目标完成率
target_month_rate = Completion of the month's target
target_month_rate[zh] = 月度目标完成率

[units]
parcel_count = parcels
parcel_count[zh] = 件
active_sellers = enterprises
active_sellers[zh] = 家
new_sellers = enterprises
new_sellers[zh] = 家
lists_declared = lists
lists_declared[zh] = 票
lists_unreleased = lists
lists_unreleased[zh] = 票
lists_released = lists
lists_released[zh] = 票
lists_untimed = lists
lists_untimed[zh] = 票
clearance_median_hours = hours
clearance_median_hours[zh] = 小时
clearance_p90_hours = hours
clearance_p90_hours[zh] = 小时

[xlsx_units]
parcel_count = parcels
parcel_count[zh] = 件
active_sellers = enterprises
active_sellers[zh] = 家
new_sellers = enterprises
new_sellers[zh] = 家
lists_declared = lists
lists_declared[zh] = 票
lists_unreleased = lists
lists_unreleased[zh] = 票
lists_released = lists
lists_released[zh] = 票
lists_untimed = lists
lists_untimed[zh] = 票
clearance_median_hours = hours
clearance_median_hours[zh] = 小时
clearance_p90_hours = hours
clearance_p90_hours[zh] = 小时
target_year_rate = %
target_half_rate = %
target_quarter_rate = %
target_month_rate = %

[columns]
value_ly = Same period last year (CNY)
value_ly[zh] = 上年同期金额（元）
# PDF tables show money in [report] pdf_money: 万元 in Chinese, millions in English
pdf.value = Value (CNY million)
pdf.value[zh] = 金额（万元）
pdf.value_ly = Last year (CNY million)
pdf.value_ly[zh] = 上年同期（万元）
pdf.target = Target (CNY million)
pdf.target[zh] = 目标值（万元）
pdf.actual = To date (CNY million)
pdf.actual[zh] = 累计完成（万元）
code = Code
code[zh] = 代码
