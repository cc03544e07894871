# Credit report ("one database, three systems"): grade distribution with the
# recommended inspection rate of every grade, the enterprises by grade with their
# change since the previous analysis, the negative list, the lowest-scored
# enterprises with their factors.  Codes (roles, reasons) appear only in the
# workbook, in columns of their own beside their words.
# Data: reports/providers/credit_risk.c (provider "credit").  KEY is English, KEY[zh] Chinese.

[report]
provider = credit
file = credit
title = Enterprise Credit Report
title[zh] = 跨境电商企业信用报告
issuer = Hohhot Cross-border E-commerce Comprehensive Pilot Zone
issuer[zh] = 呼和浩特跨境电子商务综合试验区
subtitle = Credit database, scorecard, supervision by grade and negative list
subtitle[zh] = 信用数据库、信用评价、分级监管与负面清单
pdf_money = yuan
sections = headline;summary;by_grade;firms;firms_codes;changes;negative;lowest;scores;negative_list;definitions

[figure_columns]
current = As of the date
current[zh] = 本期
prev = Previous analysis
prev[zh] = 上期
mom = Change
mom[zh] = 较上期
ly = A month earlier
ly[zh] = 一月前
yoy = Change
yoy[zh] = 较一月前

[words]
mom = vs the previous analysis
mom[zh] = 较上期
yoy = vs a month earlier
yoy[zh] = 较一月前
orders = enterprises
orders[zh] = 家
list_separator = ;\s
list_separator[zh] = 、
change_up = up
change_up[zh] = 上调
change_down = down
change_down[zh] = 下调
change_new = new
change_new[zh] = 新增

[section.headline]
type = figures
title = Key figures
title[zh] = 主要指标
indicators = enterprises;avg_score;low_grade;negative_active;grade_changes;downgrades
pdf_count = 6

[section.summary]
type = text
title = Summary
title[zh] = 概述
sentences = scored;grades;negative;changes

[sentence.scored]
text = As of {meta:date_words}, {enterprises|int} enterprises are scored; the average score is {avg_score|num}.
text[zh] = 截至{meta:date_words}，参评企业 {enterprises|int} 家，平均信用分 {avg_score|num} 分。

[sentence.grades]
text = {by_grade[1].count|int} are graded AAA and {by_grade[2].count|int} AA; {low_grade|int} are graded BB or D.
text[zh] = 其中 AAA 级 {by_grade[1].count|int} 家、AA 级 {by_grade[2].count|int} 家，BB 级及 D 级 {low_grade|int} 家。

[sentence.negative]
text = {negative_active|int} enterprises are on the negative list and are inspected at the D rate.
text[zh] = 列入负面清单企业 {negative_active|int} 家，按 D 级实施监管。

[sentence.changes]
text = Since the previous analysis {grade_changes|int} grades changed, {downgrades|int} of them downwards.
text[zh] = 与上期相比，{grade_changes|int} 家企业信用等级变动，其中下调 {downgrades|int} 家。

[section.by_grade]
type = table
table = by_grade
title = Grades and supervision
title[zh] = 信用等级分布与分级监管
sheet = Grades
sheet[zh] = 等级分布
columns = label;count;share;avg_score;inspection_rate;prev
chart = column
chart_category = label
chart_series = count
chart_title = Enterprises by grade
chart_title[zh] = 各信用等级企业数
pdf_show = both

[section.firms]
type = table
table = firms
title = Enterprises by grade, with the change since the previous analysis
title[zh] = 分等级企业名单及等级变动
columns = grade_label;name;role_label;score;prev_grade;change
top = 60
where = pdf

[section.firms_codes]
type = table
table = firms
title = Enterprises by grade, with the change since the previous analysis
title[zh] = 分等级企业名单及等级变动
sheet = Enterprises by grade
sheet[zh] = 分等级企业
columns = grade;grade_label;code;name;role;role_label;score;prev_grade;prev_score;change
where = xlsx

[section.changes]
type = table
table = changes
title = Grade changes since the previous analysis
title[zh] = 信用等级变动
sheet = Changes
sheet[zh] = 等级变动
columns = code;name;prev_grade;grade;prev_score;score
top = 15

[section.negative]
type = table
table = negative
title = Negative list in force
title[zh] = 负面清单（有效）
sheet = Negative list
sheet[zh] = 负面清单
columns = code;name;reason_label;listed_on;expires_on
top = 20
where = pdf

[section.lowest]
type = table
table = lowest
title = Lowest-scored enterprises and their factors
title[zh] = 信用分最低的企业及扣分因子
sheet = Lowest
sheet[zh] = 低分企业
columns = code;name;grade;score;factors
top = 10

[section.scores]
type = detail
detail = scores
title = Scores with their factor contributions
title[zh] = 企业信用评分及因子贡献
sheet = Scores
sheet[zh] = 信用评分

[section.negative_list]
type = detail
detail = negative_list
title = Negative list (all entries, with the events behind them)
title[zh] = 负面清单（全部条目及依据事件）
sheet = Negative list
sheet[zh] = 负面清单

[section.definitions]
type = definitions
title = Definitions
title[zh] = 口径说明
sheet = Definitions
sheet[zh] = 口径说明
where = xlsx

[columns]
code = Enterprise code
code[zh] = 企业代码
name = Enterprise
name[zh] = 企业名称
role = Role code
role[zh] = 企业类型代码
role_label = Role
role_label[zh] = 企业类型
origin_label = Source
origin_label[zh] = 数据来源
grade_label = Grade
grade_label[zh] = 信用等级
change = Change
change[zh] = 等级变动
region = Region
region[zh] = 地区
origin = Source code
origin[zh] = 来源代码
label = Grade
label[zh] = 信用等级
grade = Grade
grade[zh] = 等级
prev_grade = Previous grade
prev_grade[zh] = 上期等级
score = Score
score[zh] = 信用分
prev_score = Previous score
prev_score[zh] = 上期得分
count = Enterprises
count[zh] = 企业数
share = Share
share[zh] = 占比
avg_score = Average score
avg_score[zh] = 平均分
inspection_rate = Inspection rate
inspection_rate[zh] = 建议查验比例
prev = Previous
prev[zh] = 上期企业数
factors = Points lost (largest first)
factors[zh] = 主要失分项
factors_json = Factors (factor, value, weight, contribution)
factors_json[zh] = 评分因子明细（因子、取值、权重、贡献）
reason = Reason code
reason[zh] = 原因代码
reason_label = Reason
reason_label[zh] = 列入原因
listed_on = Listed on
listed_on[zh] = 列入日期
expires_on = Expires on
expires_on[zh] = 到期日期
in_force = In force
in_force[zh] = 有效
on_negative_list = Negative list
on_negative_list[zh] = 负面清单
match_rate = Match rate (pts)
match_rate[zh] = 三单对碰率（分）
exception_rate = Findings (pts)
exception_rate[zh] = 数据异常（分）
quarantine_rate = Quarantine (pts)
quarantine_rate[zh] = 隔离率（分）
customs_rejection_rate = Customs rejections (pts)
customs_rejection_rate[zh] = 海关退单（分）
risk_alert_rate = Risk alerts (pts)
risk_alert_rate[zh] = 风险预警（分）
settlement_reliability = Settlement (pts)
settlement_reliability[zh] = 结算可靠性（分）
volume = Volume (pts)
volume[zh] = 业务规模（分）
tenure = Tenure (pts)
tenure[zh] = 经营时长（分）
events = Events (pts)
events[zh] = 信用事件（分）
rule_version = Scorecard version
rule_version[zh] = 评分卡版本
events_text = Events
events_text[zh] = 依据事件

[indicators]
enterprises = Enterprises scored
enterprises[zh] = 参评企业
avg_score = Average score
avg_score[zh] = 平均信用分
low_grade = Graded BB or D
low_grade[zh] = BB 级及 D 级
negative_active = Negative list
negative_active[zh] = 负面清单企业
grade_changes = Grade changes
grade_changes[zh] = 等级变动
downgrades = Downgrades
downgrades[zh] = 等级下调

[grades]
AAA = AAA
AA = AA
A = A
BBB = BBB
BB = BB
D = D (negative list)
D[zh] = D（负面清单）

[reasons]
serious_violation = Serious violation
serious_violation[zh] = 严重违法失信
fraud = Fraud
fraud[zh] = 欺诈
counterfeit = Counterfeit goods
counterfeit[zh] = 假冒伪劣
repeated_ip_infringement = Repeated IP infringement
repeated_ip_infringement[zh] = 多次侵犯知识产权

# Short factor names for the "points lost" column ([factors]) and credit events ([events]).
[factors]
match_rate = Match rate
match_rate[zh] = 三单对碰率
exception_rate = Data findings
exception_rate[zh] = 数据异常
quarantine_rate = Quarantine
quarantine_rate[zh] = 隔离率
customs_rejection_rate = Customs rejections
customs_rejection_rate[zh] = 海关退单
risk_alert_rate = Risk alerts
risk_alert_rate[zh] = 风险预警
settlement_reliability = Settlement
settlement_reliability[zh] = 结算可靠性
volume = Volume
volume[zh] = 业务规模
tenure = Tenure
tenure[zh] = 经营时长
floor_adjustment = Floor adjustment
floor_adjustment[zh] = 保底调整

[events]
penalty = Penalty
penalty[zh] = 行政处罚
abnormal_operation = Abnormal operation
abnormal_operation[zh] = 经营异常
serious_violation = Serious violation
serious_violation[zh] = 严重违法失信
ip_infringement = IP infringement
ip_infringement[zh] = 知识产权侵权
counterfeit = Counterfeit goods
counterfeit[zh] = 假冒伪劣
fraud = Fraud
fraud[zh] = 欺诈
complaint = Complaint
complaint[zh] = 投诉

[roles]
platform = Platform
platform[zh] = 电商平台
seller = Seller
seller[zh] = 电商企业
payment_company = Payment company
payment_company[zh] = 支付企业
carrier = Carrier
carrier[zh] = 物流企业

[origins]
register = Register
register[zh] = 登记名录
trade = Trade data
trade[zh] = 交易数据
