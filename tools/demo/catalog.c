/* The demo night's cast (see catalog.h).  Prices are typical retail prices in
 * fen; the generator varies them by +-15 %, so each HS code has a tight price
 * distribution and an undervalued item stands out against its median. */
#include "tools/demo/catalog.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Customs unit codes: 011 piece (garments), 015 strip (scarf, quilt), 035 kg,
 * 136 bag, 122 can, 140 box, 142 bottle, 007 piece, 016 handle, 008 piece (vessel). */
const cbec_demo_product cbec_demo_products[] = {
    {"羊绒衫", "CSW-001", "6110120000", "011", "011", 0, 68000, 450, 18, 16, {"124", "124", "124"}, 8, 0,
     {"女款圆领 M 驼色 100%山羊绒", "男款V领 L 深灰 100%山羊绒", "女款高领 S 米白 100%山羊绒", "男款开衫 XL 藏青 100%山羊绒"},
     "羊绒衫", "Mongolian cashmere sweater", "Свитер из монгольского кашемира"},
    {"羊绒围巾", "CSC-002", "6214200000", "015", "015", 0, 32000, 180, 10, 12, {"124", "124", "124"}, 8, 0,
     {"180x30cm 格纹 100%山羊绒", "200x70cm 纯色 100%山羊绒", "190x35cm 流苏 100%山羊绒", "160x25cm 儿童款 100%山羊绒"},
     "羊绒围巾", "Mongolian cashmere scarf", "Шарф из монгольского кашемира"},
    {"无毛驼绒", "CMH-003", "5102193000", "035", "035", 1, 42000, 1000, 3, 5, {"124", "124", "124"}, 8, 1,
     {"分梳驼绒 1kg袋装 天然驼色", "精梳驼绒 1kg袋装 浅驼色", "驼绒 1kg真空袋装", "驼绒 1kg礼盒"},
     "驼绒", "Dehaired camel hair", "Верблюжья шерсть очищенная"},
    {"驼绒被", "CMQ-004", "9404909000", "015", "015", 0, 89000, 2500, 0, 4, {"124", "124", "124"}, 8, 1,
     {"200x230cm 冬被 驼绒填充", "150x200cm 春秋被 驼绒填充", "220x240cm 加厚 驼绒填充", "120x150cm 儿童被 驼绒填充"},
     "驼绒被", "Camel hair quilt", "Одеяло из верблюжьей шерсти"},
    {"葵花籽", "SFS-005", "1206009000", "136", "035", 1, 2800, 500, 6, 12, {"344", "344", "124"}, 7, 2,
     {"原味 500g/袋", "五香 500g/袋", "焦糖味 500g/袋", "椒盐 500g/袋"},
     "葵花籽", "Sunflower seeds", "Семечки подсолнечника"},
    {"全脂奶粉", "MKP-006", "0402210000", "122", "035", 1, 26800, 900, 14, 8, {"304", "309", "344"}, 9, 3,
     {"900g/罐 成人全脂", "800g/罐 学生高钙", "900g/罐 中老年", "400g/罐 全脂加糖"},
     "奶粉", "Whole milk powder", "Молоко сухое цельное"},
    {"奶酪", "CHS-007", "0406900000", "140", "035", 1, 6800, 200, 5, 4, {"305", "307", "304"}, 9, 3,
     {"200g/盒 硬质奶酪", "200g/盒 奶酪块", "200g/盒 奶皮子", "200g/盒 奶豆腐"},
     "奶酪", "Cheese", "Сыр"},
    {"风干牛肉干", "BJK-008", "1602509000", "136", "035", 1, 9800, 250, 8, 10, {"124", "124", "344"}, 8, 4,
     {"250g/袋 原味", "250g/袋 麻辣", "250g/袋 孜然", "250g/袋 五香"},
     "牛肉干", "Air-dried beef jerky", "Говядина вяленая"},
    {"汽车减震器", "ASA-009", "8708809000", "007", "035", 1, 35000, 2800, 3, 6, {"304", "304", "304"}, 10, 5,
     {"前减震器 适配轻型车", "后减震器 适配SUV", "前减震器 适配卡车", "后减震器 适配越野车"},
     "汽车配件", "Car shock absorber", "Амортизатор автомобильный"},
    {"汽车车门饰板", "ADP-010", "8708299000", "007", "035", 1, 18000, 1500, 2, 5, {"304", "304", "304"}, 10, 5,
     {"左前门饰板 黑色", "右前门饰板 黑色", "左后门饰板 灰色", "右后门饰板 灰色"},
     "汽车配件", "Car door trim panel", "Обшивка двери автомобиля"},
    {"马头琴", "MHQ-011", "9202900000", "016", "016", 0, 128000, 3500, 0, 3, {"142", "142", "142"}, 6, 6,
     {"演奏级 枫木 手工雕刻", "学生款 桐木", "收藏款 紫檀 手工雕刻", "儿童款 桐木"},
     "民族乐器", "Morin khuur (horsehead fiddle)", "Морин хуур (монгольская скрипка)"},
    {"蒙古族银碗", "SBW-012", "7114110000", "008", "035", 1, 98000, 300, 0, 3, {"142", "142", "142"}, 6, 6,
     {"纯银 錾花 直径12cm", "纯银 镶嵌 直径10cm", "纯银 素面 直径12cm", "纯银 礼盒装 直径11cm"},
     "民族工艺品", "Mongolian silver bowl", "Пиала серебряная монгольская"},
    {"毡绣挂毯", "FLT-013", "6304919000", "011", "035", 1, 28000, 600, 0, 3, {"142", "142", "142"}, 6, 6,
     {"60x90cm 草原风光", "50x70cm 骏马图", "80x120cm 蒙古包", "40x60cm 吉祥图案"},
     "民族工艺品", "Felt embroidered tapestry", "Гобелен войлочный с вышивкой"},
    {"俄罗斯巧克力", "RCH-014", "1806320000", "140", "035", 1, 3500, 200, 6, 0, {"344", "344", "344"}, 7, 7,
     {"200g/盒 牛奶巧克力", "200g/盒 黑巧克力", "200g/盒 榛子巧克力", "200g/盒 经典款"},
     "巧克力", "Russian chocolate", "Шоколад российский"},
    {"椴树蜂蜜", "HNY-015", "0409000000", "142", "035", 1, 8800, 1000, 4, 0, {"344", "344", "344"}, 7, 7,
     {"1kg/瓶 椴树蜜", "1kg/瓶 荞麦蜜", "1kg/瓶 百花蜜", "1kg/瓶 野生蜜"},
     "蜂蜜", "Linden honey", "Мёд липовый"},
};
const int cbec_demo_n_products = N_OF(cbec_demo_products);

const cbec_demo_ent cbec_demo_platforms[] = {
    {"1501968001", "内蒙古青城跨境电子商务有限公司", "QCKJ", 0, 0, "呼和浩特市"},
    {"1501968002", "呼和浩特草原丝路网络科技有限公司", "CYSL", 0, 0, "呼和浩特市"},
    {"1501968003", "内蒙古蒙俄优品电子商务有限公司", "MEYP", 0, 0, "满洲里市"},
    {"1501968004", "二连浩特口岸购跨境电商有限公司", "ELKA", 0, 0, "二连浩特市"},
};
const int cbec_demo_n_platforms = N_OF(cbec_demo_platforms);

/* Three banks print the holder's name in their camt.053 (as the platform declares it, ebpName); the
 * Erenhot port bank of 1501968004 does not, so the zone names that account's holder in its config. */
const cbec_demo_account cbec_demo_platform_accounts[] = {
    {"150502200100046811", "HHCBCNB1XXX", "QCSTL", 1},
    {"150502300088120347", "NMGBCNB1XXX", "CYSTL", 1},
    {"150781900031207755", "MZLBCNB1XXX", "MYSTL", 1},
    {"152501810000447702", "ELPBCNB1XXX", "EKSTL", 0},
};

const cbec_demo_ent cbec_demo_sellers[] = {
    {"1501960101", "内蒙古草原绒业有限公司", "CYRY", 0, 0, "鄂尔多斯市"},
    {"1501960102", "呼和浩特驼绒制品有限公司", "HTTR", 0, 0, "呼和浩特市"},
    {"1501960103", "巴彦淖尔葵花籽食品有限公司", "BYKH", 0, 0, "巴彦淖尔市"},
    {"1501960104", "内蒙古北疆乳业进出口有限公司", "BJRY", 0, 0, "呼和浩特市"},
    {"1501960105", "锡林郭勒牧源牛肉干食品有限公司", "XLMY", 0, 0, "锡林郭勒盟"},
    {"1501960106", "包头陆港汽车配件进出口有限公司", "BTLG", 0, 0, "包头市"},
    {"1501960107", "内蒙古蒙韵民族工艺品有限公司", "MYGY", 0, 0, "呼和浩特市"},
    {"1501960108", "俄罗斯优品贸易(呼和浩特)有限公司", "ELSY", 0, 0, "呼和浩特市"},
    {"1501960109", "蒙古国戈壁绒业(二连浩特)有限公司", "GBRY", 0, 0, "二连浩特市"},
    {"1501960110", "欧洲乳品跨境贸易(呼和浩特)有限公司", "OZRP", 0, 0, "呼和浩特市"},
    {"1501960111", "德欧汽车配件跨境贸易(包头)有限公司", "DOQP", 0, 0, "包头市"},
};
const int cbec_demo_n_sellers = N_OF(cbec_demo_sellers);

const cbec_demo_ent cbec_demo_paycos[] = {
    {"1501980001", "内蒙古青城支付服务有限公司", "QCPAY", 0, 0, "呼和浩特市"},
    {"1501980002", "北疆通跨境支付有限公司", "BJTP", 0, 0, "包头市"},
    {"1501980003", "草原汇通支付有限公司", "CYHT", 0, 0, "呼和浩特市"},
    {"1501980004", "丝路跨境结算服务有限公司", "SLJS", 0, 0, "呼和浩特市"},
};
const int cbec_demo_n_paycos = N_OF(cbec_demo_paycos);

/* Transport modes: 5 air, 4 road, 3 rail. */
const cbec_demo_ent cbec_demo_carriers[] = {
    {"1501970001", "青城国际邮政速递有限公司", "EA", "0701", "5", "呼和浩特市"},
    {"1501970002", "二连浩特中蒙国际物流有限公司", "EL", "0702", "4", "二连浩特市"},
    {"1501970003", "包头陆港国际货运有限公司", "BT", "0703", "3", "包头市"},
    {"1501970004", "呼和浩特综保区跨境物流有限公司", "HB", "0701", "4", "呼和浩特市"},
};
const int cbec_demo_n_carriers = N_OF(cbec_demo_carriers);

const cbec_demo_place cbec_demo_places[] = {
    {"150105", "内蒙古自治区呼和浩特市赛罕区"}, {"150102", "内蒙古自治区呼和浩特市新城区"},
    {"150103", "内蒙古自治区呼和浩特市回民区"}, {"150104", "内蒙古自治区呼和浩特市玉泉区"},
    {"150203", "内蒙古自治区包头市昆都仑区"},   {"150602", "内蒙古自治区鄂尔多斯市东胜区"},
    {"152501", "内蒙古自治区锡林郭勒盟二连浩特市"}, {"150402", "内蒙古自治区赤峰市红山区"},
    {"110105", "北京市朝阳区"},                 {"310115", "上海市浦东新区"},
    {"440305", "广东省深圳市南山区"},           {"330106", "浙江省杭州市西湖区"},
    {"510107", "四川省成都市武侯区"},           {"120104", "天津市南开区"},
};
const int cbec_demo_n_places = N_OF(cbec_demo_places);

/* Export destinations: Russia, Mongolia, Central/Western Europe, Kazakhstan. */
const cbec_demo_partner cbec_demo_partners[] = {
    {"344", "OOO Sibirskaya Torgovaya Kompaniya", "3440", 40, "RU", "Russia", "俄罗斯",
     {"Olga", "Sergei", "Natalia", "Dmitrii"}, {"Ivanova", "Smirnov", "Kuznetsova", "Popov"},
     {"630099 Novosibirsk", "664003 Irkutsk"}, {"ul. Lenina", "ul. Karla Marksa"}},
    {"124", "Gobi Trade Impex LLC", "1240", 30, "MN", "Mongolia", "蒙古",
     {"Bat-Erdene", "Oyunchimeg", "Ganbold", "Sarangerel"}, {"Dorj", "Bold", "Tsend", "Naran"},
     {"14200 Ulaanbaatar", "45000 Darkhan"}, {"Peace Avenue", "Seoul Street"}},
    {"304", "Steppenhandel Berlin GmbH", "3040", 10, "DE", "Germany", "德国",
     {"Anna", "Lukas", "Katrin", "Jonas"}, {"Schneider", "Fischer", "Weber", "Becker"},
     {"10115 Berlin", "04109 Leipzig"}, {"Lindenstrasse", "Bahnhofstrasse"}},
    {"305", "Maison des Steppes SARL", "3050", 5, "FR", "France", "法国",
     {"Camille", "Julien", "Claire", "Antoine"}, {"Martin", "Bernard", "Dubois", "Moreau"},
     {"75011 Paris", "69002 Lyon"}, {"rue de la Roquette", "rue Merciere"}},
    {"307", "Via della Seta Import S.r.l.", "3070", 5, "IT", "Italy", "意大利",
     {"Giulia", "Marco", "Chiara", "Luca"}, {"Rossi", "Russo", "Ferrari", "Bianchi"},
     {"20121 Milano", "00184 Roma"}, {"Via Solferino", "Via Cavour"}},
    {"309", "Oost-West Handel B.V.", "3090", 5, "NL", "Netherlands", "荷兰",
     {"Sanne", "Daan", "Lotte", "Bram"}, {"de Jong", "Jansen", "de Vries", "Bakker"},
     {"1012 AB Amsterdam", "3511 AA Utrecht"}, {"Kalverstraat", "Oudegracht"}},
    {"137", "Astana Silk Road TOO", "1370", 5, "KZ", "Kazakhstan", "哈萨克斯坦",
     {"Aigerim", "Nursultan", "Dana", "Yerlan"}, {"Akhmetova", "Suleimenov", "Bekova", "Ospanov"},
     {"010000 Astana", "050000 Almaty"}, {"Kabanbay Batyr Ave", "Abylai Khan Ave"}},
};
const int cbec_demo_n_partners = N_OF(cbec_demo_partners);

const char *const cbec_demo_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
    "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁", "邓", "许", "傅", "沈",
    "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "余", "潘", "杜", "戴", "夏", "钟",
    "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔",
    "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "龙", "万", "段", "雷", "钱", "汤", "尹", "武",
};
const int cbec_demo_n_surnames = N_OF(cbec_demo_surnames);

const char *const cbec_demo_given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀",
    "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "婷", "雪", "琳", "晨", "宇", "浩", "轩",
    "欣", "怡", "佳", "子", "梓", "涵", "俊", "博", "文", "志", "鑫", "瑞", "凯", "楠",
};
const int cbec_demo_n_given = N_OF(cbec_demo_given);

const char *const cbec_demo_mongolian[] = {
    "巴特尔", "其其格", "乌云", "斯琴", "额尔敦", "那仁", "苏和", "宝音", "图雅", "阿拉坦", "朝鲁", "萨仁",
    "孟和", "乌兰", "哈斯", "达来", "格日勒", "敖登",
};
const int cbec_demo_n_mongolian = N_OF(cbec_demo_mongolian);

const char *const cbec_demo_streets[] = {
    "新华大街", "昭乌达路", "大学西街", "锡林南路", "鄂尔多斯大街", "中山东路", "乌兰察布西路", "成吉思汗大街",
    "如意和大街", "兴安南路", "人民路", "建设路", "解放路", "滨河路", "团结路", "文化路",
};
const int cbec_demo_n_streets = N_OF(cbec_demo_streets);
