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

/// Suffixes of province-level names, longest first, so that a region
/// written in short form (福建, 广西, 内蒙古) is still recognised.
const PROVINCE_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
];

/// The province a published region text starts with (福建省厦门市, 福建厦门,
/// 广西南宁市), by the province's full or short name.
pub fn province_in_text(text: &str) -> Option<&'static Province> {
    let text = text.trim();
    PROVINCES.iter().find(|p| {
        text.starts_with(p.zh)
            || PROVINCE_SUFFIXES
                .iter()
                .find_map(|s| p.zh.strip_suffix(s))
                .is_some_and(|short| text.starts_with(short))
    })
}

/// The province-level part of a region: the province named at the start of
/// `region` when there is one, else the province of the code's division
/// digits; `None` when neither says.
pub fn province_of(region: Option<&str>, uscc: &str) -> Option<&'static Province> {
    region
        .and_then(province_in_text)
        .or_else(|| province_of_uscc(uscc))
}

/// The city (prefecture) of an enterprise for the quality report: from a
/// published region that names one after its province (福建省厦门市 →
/// 福建省厦门市; a municipality is its own city), else the province and the
/// code's four division digits (`福建省·3502`): the app ships no table of
/// the 300-odd prefectures (see the module's note), and the digits still
/// tell the cities apart. `None` when nothing says.
pub fn city_of(region: Option<&str>, uscc: &str) -> Option<String> {
    if let Some(text) = region.map(str::trim).filter(|t| !t.is_empty()) {
        if let Some(p) = province_in_text(text) {
            if matches!(p.code, "11" | "12" | "31" | "50") {
                return Some(p.zh.to_string());
            }
            let rest = text
                .strip_prefix(p.zh)
                .or_else(|| {
                    PROVINCE_SUFFIXES
                        .iter()
                        .find_map(|s| p.zh.strip_suffix(s))
                        .and_then(|short| text.strip_prefix(short))
                })
                .unwrap_or("");
            // The prefecture ends at its first 自治州, 地区 or 盟, else at
            // its first 市 (杭州市: not at the 州 inside the name), else 州.
            let at = |w: &str| rest.find(w).map(|i| i + w.len());
            let end = ["自治州", "地区", "盟"]
                .iter()
                .filter_map(|w| at(w))
                .min()
                .or_else(|| at("市"))
                .or_else(|| at("州"));
            if let Some(end) = end.filter(|e| rest[..*e].chars().count() >= 2) {
                return Some(format!("{}{}", p.zh, &rest[..end]));
            }
        }
    }
    let digits = uscc
        .get(2..6)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    let p = province(&digits[..2])?;
    if matches!(p.code, "11" | "12" | "31" | "50") {
        return Some(p.zh.to_string());
    }
    Some(format!("{}·{}", p.zh, digits))
}

#[cfg(test)]
mod tests;
