//! Word lists for fictional names, places, authorities, products and reasons.
//!
//! Every place here is invented (two characters, no real city), every
//! authority is marked （虚构）, and enterprise names are assembled from
//! syllables, so no real company is named. Characters with more than one
//! reading are avoided in names so that the pinyin ground truth is unambiguous
//! (the generator also filters them out with the `pinyin` crate).

/// Homophone groups for the core word of a name: characters sharing one
/// toneless pinyin. A look-alike sibling swaps one character for another of
/// its group (银康 → 银糠, 尹康), the way imitators name themselves.
pub const HOMOPHONES: &[&str] = &[
    "银尹寅垠吟",
    "康糠慷伉",
    "金锦瑾津晋",
    "泰钛汰肽",
    "华骅桦铧",
    "鑫欣新馨昕",
    "源元圆园沅",
    "利力立丽黎莉",
    "恒衡珩亨",
    "瑞锐睿蕊",
    "祥翔湘香襄",
    "隆龙珑咙",
    "丰峰锋沣风",
    "宏鸿弘泓虹",
    "通同彤童",
    "嘉佳加珈",
    "益亿逸易艺怡",
    "美镁梅玫",
    "荣容蓉融榕",
    "昌常畅嫦",
    "安鞍氨桉",
    "顺舜瞬",
    "宝葆豹鲍",
    "福富馥芙孚",
    "光广",
    "明鸣铭茗名",
    "正政峥铮征",
    "英鹰莹瑛盈颖",
    "豪浩皓昊",
    "博波铂渤勃",
    "泉全权荃铨",
    "润闰",
    "雅亚娅",
    "芸耘昀韵运",
    "晨辰宸臣琛",
    "科柯珂",
    "天添田甜",
    "达",
    "星醒邢",
    "德",
    "诚成城承程",
    "威伟维唯炜薇",
    "凯恺开楷",
    "森",
    "林霖琳麟临",
    "智志致芝",
    "山珊善",
    "万婉皖",
];

/// First and second characters of fictional place names (none of them is
/// used in core words, so a fragment of a name never straddles its place).
pub const PLACE_FIRST: &[char] = &[
    '云', '鹤', '棠', '岚', '梧', '泠', '琅', '汀', '翠', '芷', '蘅', '霁', '苇', '萝', '篁', '柘',
    '菱', '澈', '漪', '蔚',
];
pub const PLACE_SECOND: &[char] = &[
    '澜', '屿', '川', '溪', '港', '湄', '湾', '坪', '原', '垣', '渚', '矶', '浦', '汐', '岙',
];

/// Invented province-level names for provincial bodies, one per real
/// province code used in the codes' division digits (same order as
/// `PROVINCE_CODES`), so no real provincial authority is cited.
pub const PROVINCE_CODES: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
];
pub const PROVINCE_FICT: &[&str] = &[
    "京岚", "津澈", "冀原", "晋垣", "朔漠", "辽屿", "吉川", "龙泠", "沪汐", "苏湄", "浙澜", "皖篁",
    "闽岙", "赣棠", "鲁矶", "豫坪", "鄂渚", "湘芷", "粤港", "桂萝", "琼湾", "渝霁", "蜀蘅", "黔柘",
    "滇菱", "藏原", "秦蔚", "陇漪", "青澈", "宁苇", "疆翠",
];

/// A product line: the industry word in names, its sector (所属行业), the
/// products it makes, the category the quality report groups them by, and
/// the test items samples fail on.
pub struct Industry {
    pub words: &'static [&'static str],
    pub sector: &'static str,
    pub category: &'static str,
    pub products: &'static [&'static str],
    pub failed_items: &'static [&'static str],
    /// Food: spot checks come from food-safety sampling (食品安全抽检).
    pub food: bool,
}

pub const INDUSTRIES: &[Industry] = &[
    Industry {
        words: &["食品", "乳业", "饮品", "粮油"],
        sector: "食品制造业",
        category: "食品",
        products: &[
            "饼干",
            "糕点",
            "饮用天然矿泉水",
            "酱油",
            "食用植物油",
            "调制乳粉",
            "速冻水饺",
            "挂面",
        ],
        failed_items: &[
            "菌落总数",
            "大肠菌群",
            "酸价",
            "过氧化值",
            "苯甲酸及其钠盐",
            "霉菌",
            "氨基酸态氮",
        ],
        food: true,
    },
    Industry {
        words: &["酒业", "茶业"],
        sector: "酒、饮料和精制茶制造业",
        category: "食品",
        products: &["白酒", "黄酒", "啤酒", "绿茶", "红茶"],
        failed_items: &["酒精度", "甲醇", "总酸", "甜蜜素", "稀土元素"],
        food: true,
    },
    Industry {
        words: &["电器", "电气", "电子"],
        sector: "电气机械和器材制造业",
        category: "电器",
        products: &[
            "电热水壶",
            "电吹风",
            "插座",
            "转换器",
            "LED灯具",
            "电线电缆",
        ],
        failed_items: &[
            "耐热和耐燃",
            "输入功率和电流",
            "结构",
            "标志和说明",
            "导体电阻",
            "绝缘厚度",
        ],
        food: false,
    },
    Industry {
        words: &["纺织", "服饰", "制衣"],
        sector: "纺织服装、服饰业",
        category: "纺织服装",
        products: &["童装", "羽绒服", "床上用品", "毛巾", "针织内衣"],
        failed_items: &["纤维含量", "pH值", "甲醛含量", "耐水色牢度", "含绒量"],
        food: false,
    },
    Industry {
        words: &["化工", "涂料", "塑业"],
        sector: "化学原料和化学制品制造业",
        category: "化工产品",
        products: &["内墙涂料", "胶粘剂", "塑料购物袋", "PVC管材"],
        failed_items: &["挥发性有机化合物", "游离甲醛", "苯系物", "拉伸强度"],
        food: false,
    },
    Industry {
        words: &["机械", "五金", "阀门"],
        sector: "通用设备制造业",
        category: "机械五金",
        products: &["闸阀", "锁具", "水嘴", "扳手"],
        failed_items: &["壳体试验", "密封性能", "表面处理", "硬度"],
        food: false,
    },
    Industry {
        words: &["建材", "陶瓷", "管业"],
        sector: "非金属矿物制品业",
        category: "建筑材料",
        products: &["陶瓷砖", "卫生陶瓷", "防水卷材", "水泥"],
        failed_items: &["吸水率", "破坏强度", "放射性", "抗压强度"],
        food: false,
    },
    Industry {
        words: &["日化"],
        sector: "化学原料和化学制品制造业",
        category: "日用化学品",
        products: &["洗衣液", "牙膏", "洗发液"],
        failed_items: &["总活性物", "菌落总数", "pH值"],
        food: false,
    },
    Industry {
        words: &["玩具", "文具"],
        sector: "文教、工美、体育和娱乐用品制造业",
        category: "儿童用品",
        products: &["塑料玩具", "书写笔", "学生用品"],
        failed_items: &["小零件", "增塑剂", "可迁移元素"],
        food: false,
    },
    Industry {
        words: &["家具", "木业"],
        sector: "家具制造业",
        category: "家具",
        products: &["办公椅", "实木家具", "人造板"],
        failed_items: &["甲醛释放量", "稳定性", "耐久性"],
        food: false,
    },
    Industry {
        words: &["汽配"],
        sector: "汽车制造业",
        category: "汽车配件",
        products: &["制动软管", "机油滤清器", "轮胎"],
        failed_items: &["爆破压力", "耐久性能", "过滤效率"],
        food: false,
    },
    Industry {
        words: &["医疗器械"],
        sector: "专用设备制造业",
        category: "医疗器械",
        products: &["医用口罩", "电子体温计"],
        failed_items: &["细菌过滤效率", "示值误差"],
        food: false,
    },
];

/// Company-form endings, with weights.
pub const SUFFIXES: &[(&str, u32)] = &[
    ("有限公司", 70),
    ("股份有限公司", 9),
    ("有限责任公司", 14),
    ("厂", 4),
    ("集团有限公司", 3),
];

/// Optional modifiers between the industry word and the ending.
pub const MODIFIERS: &[&str] = &["科技", "实业", "制造"];

/// Characters of brand names: none appears in any enterprise name, so a
/// brand query is never also a fragment of some name.
pub const BRAND_CHARS: &[char] = &[
    '蓝', '鲸', '熊', '猫', '鹿', '雀', '鸥', '狮', '象', '麦', '豆', '橙', '柚', '莓', '栗', '禾',
    '穗', '帆', '舟', '笛', '琴', '鼓', '铃', '灯', '塔', '桔', '椰', '菠', '蕉', '松', '竹', '菊',
    '兰', '荷', '蝶', '蜂', '鹊', '燕', '雁', '鹭', '驼', '驹', '骏', '犀', '羚', '狸', '獭', '貂',
    '鹅', '鸽', '蛙', '螺', '贝', '珠', '玉', '岩', '潮', '笙', '橡', '梨',
];

/// Street-name words for fictional addresses.
pub const ROADS: &[&str] = &[
    "兴业", "创新", "滨江", "工业", "科技", "望海", "青松", "长虹", "启明", "东环", "西环", "南湖",
];

/// Private credit-rating agencies (GB/T 22116 grades), all invented.
pub const RATING_AGENCIES: &[&str] = &[
    "云策信用评价有限公司（虚构）",
    "衡信评级服务有限公司（虚构）",
    "澄明信用管理有限公司（虚构）",
    "北辰资信评估有限公司（虚构）",
];

/// Laboratories (承检机构), invented.
pub const LABS: &[&str] = &[
    "演示产品质量检验研究院（虚构）",
    "澜屿质量技术检测中心（虚构）",
    "鹤川检验检测有限公司（虚构）",
];

/// Reasons for a serious-violation listing.
pub const SERIOUS_REASONS: &[&str] = &[
    "被列入经营异常名录届满3年仍未履行相关义务",
    "提交虚假材料或者采取其他欺诈手段隐瞒重要事实，取得公司登记，被撤销登记",
    "因生产销售不合格产品受到较重行政处罚",
    "拒不履行生效行政处罚决定",
];
pub const SERIOUS_BASIS: &[&str] = &[
    "《市场监督管理严重违法失信名单管理办法》第二条",
    "《市场监督管理严重违法失信名单管理办法》第九条",
    "《市场监督管理严重违法失信名单管理办法》第十条",
];
pub const ABNORMAL_REASONS: &[&str] = &[
    "未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
    "通过登记的住所或者经营场所无法联系",
    "公示企业信息隐瞒真实情况、弄虚作假",
    "未在责令的期限内公示有关企业信息",
];
pub const ABNORMAL_BASIS: &[&str] = &[
    "《企业经营异常名录管理暂行办法》第四条",
    "《企业经营异常名录管理暂行办法》第九条",
];
pub const QUALITY_REASONS: &[&str] = &[
    "产品质量监督抽查连续两次不合格",
    "生产销售掺杂掺假、以次充好的产品",
    "拒绝接受依法进行的产品质量监督抽查",
];

/// Spot-check programmes (抽查类别).
pub const PROGRAMMES: &[&str] = &["国抽", "省抽", "市抽"];
