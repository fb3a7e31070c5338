//! Provinces from the division digits of a code (positions 3–4, GB/T 2260).
//!
//! The registry's region filter and the quality report group enterprises by
//! province. A finer (city, county) table would add hundreds of entries to the
//! app for little gain, so a publisher who needs it writes a `region` column.

/// A province-level division: its two-digit code and names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Province {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// The 34 province-level divisions, by code.
pub const PROVINCES: &[Province] = &[
    Province {
        code: "11",
        zh: "北京市",
        en: "Beijing",
    },
    Province {
        code: "12",
        zh: "天津市",
        en: "Tianjin",
    },
    Province {
        code: "13",
        zh: "河北省",
        en: "Hebei",
    },
    Province {
        code: "14",
        zh: "山西省",
        en: "Shanxi",
    },
    Province {
        code: "15",
        zh: "内蒙古自治区",
        en: "Inner Mongolia",
    },
    Province {
        code: "21",
        zh: "辽宁省",
        en: "Liaoning",
    },
    Province {
        code: "22",
        zh: "吉林省",
        en: "Jilin",
    },
    Province {
        code: "23",
        zh: "黑龙江省",
        en: "Heilongjiang",
    },
    Province {
        code: "31",
        zh: "上海市",
        en: "Shanghai",
    },
    Province {
        code: "32",
        zh: "江苏省",
        en: "Jiangsu",
    },
    Province {
        code: "33",
        zh: "浙江省",
        en: "Zhejiang",
    },
    Province {
        code: "34",
        zh: "安徽省",
        en: "Anhui",
    },
    Province {
        code: "35",
        zh: "福建省",
        en: "Fujian",
    },
    Province {
        code: "36",
        zh: "江西省",
        en: "Jiangxi",
    },
    Province {
        code: "37",
        zh: "山东省",
        en: "Shandong",
    },
    Province {
        code: "41",
        zh: "河南省",
        en: "Henan",
    },
    Province {
        code: "42",
        zh: "湖北省",
        en: "Hubei",
    },
    Province {
        code: "43",
        zh: "湖南省",
        en: "Hunan",
    },
    Province {
        code: "44",
        zh: "广东省",
        en: "Guangdong",
    },
    Province {
        code: "45",
        zh: "广西壮族自治区",
        en: "Guangxi",
    },
    Province {
        code: "46",
        zh: "海南省",
        en: "Hainan",
    },
    Province {
        code: "50",
        zh: "重庆市",
        en: "Chongqing",
    },
    Province {
        code: "51",
        zh: "四川省",
        en: "Sichuan",
    },
    Province {
        code: "52",
        zh: "贵州省",
        en: "Guizhou",
    },
    Province {
        code: "53",
        zh: "云南省",
        en: "Yunnan",
    },
    Province {
        code: "54",
        zh: "西藏自治区",
        en: "Tibet",
    },
    Province {
        code: "61",
        zh: "陕西省",
        en: "Shaanxi",
    },
    Province {
        code: "62",
        zh: "甘肃省",
        en: "Gansu",
    },
    Province {
        code: "63",
        zh: "青海省",
        en: "Qinghai",
    },
    Province {
        code: "64",
        zh: "宁夏回族自治区",
        en: "Ningxia",
    },
    Province {
        code: "65",
        zh: "新疆维吾尔自治区",
        en: "Xinjiang",
    },
    Province {
        code: "71",
        zh: "台湾省",
        en: "Taiwan",
    },
    Province {
        code: "81",
        zh: "香港特别行政区",
        en: "Hong Kong",
    },
    Province {
        code: "82",
        zh: "澳门特别行政区",
        en: "Macao",
    },
];

/// The province of a USCC, from its division digits (positions 3–4).
pub fn province_of_uscc(uscc: &str) -> Option<&'static Province> {
    province(uscc.get(2..4)?)
}

/// The province with the two-digit code `code`.
pub fn province(code: &str) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.code == code)
}

#[cfg(test)]
mod tests;
