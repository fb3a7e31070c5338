//! Cell values: placeholders, dates in every published form, codes, URLs and
//! the closed vocabularies (scheme, list, honour kind, level, result).

use zhixin_core::{uscc, CheckResult, Day, HonourKind, Level, ListKind, Scheme};

/// True for the cells that mean "no value": empty, `/`, `-`, `—`, `--`, 无, 不详, 暂无 …
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || matches!(
            t,
            "/" | "-"
                | "—"
                | "--"
                | "——"
                | "－"
                | "／"
                | "无"
                | "不详"
                | "暂无"
                | "―"
                | "−"
                | "N/A"
                | "n/a"
                | "NA"
                | "null"
                | "NULL"
                | "\\"
        )
}

/// The trimmed value of a cell, or `None` for a placeholder.
pub fn value(s: &str) -> Option<&str> {
    if is_placeholder(s) {
        None
    } else {
        Some(s.trim())
    }
}

/// How precise a date as written was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Day,
    /// `2024年3月`, `2024-03`: read as the first of the month.
    Month,
    /// `2024` (认定年份): read as 1 January.
    Year,
}

/// Why a cell is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

/// A date read from a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedDate {
    pub day: Day,
    pub precision: Precision,
}

/// Days from 1970-01-01 to Excel's day 0 (1899-12-30, the 1900 system with its leap-year bug).
const EXCEL_EPOCH: i32 = -25_569;

/// Parses a date in any form of the contract: ISO and its `/` `.` variants
/// with or without leading zeros, `20240301` (also `20240301.0`), `2024年3月1日`,
/// an Excel serial number, month precision and a bare year; a time after the
/// date is ignored.
pub fn parse_date(raw: &str) -> Result<ParsedDate, DateError> {
    let s = raw.trim();
    let err = || DateError(format!("'{s}' is not a date; write it as 2024-03-01"));
    if s.is_empty() {
        return Err(err());
    }
    let s = strip_time(s);
    let s = s.trim_end_matches(['日', '号']).trim();
    // Pure numbers: yyyymmdd, Excel serial, or a year.
    let num = s.strip_suffix(".0").unwrap_or(s);
    if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) {
        return match num.len() {
            8 => {
                let y = num[..4].parse().map_err(|_| err())?;
                let m = num[4..6].parse().map_err(|_| err())?;
                let d = num[6..].parse().map_err(|_| err())?;
                day(y, m, d).ok_or_else(err)
            }
            4 => {
                let y: i32 = num.parse().map_err(|_| err())?;
                if (1900..=2100).contains(&y) {
                    Ok(ParsedDate {
                        day: Day::from_ymd(y, 1, 1).ok_or_else(err)?,
                        precision: Precision::Year,
                    })
                } else {
                    serial(y as f64).ok_or_else(err)
                }
            }
            1..=6 => serial(num.parse::<f64>().map_err(|_| err())?).ok_or_else(err),
            _ => Err(err()),
        };
    }
    if let Ok(f) = s.parse::<f64>() {
        // An Excel serial with a time fraction (`45352.5`); `2024.03` is a month.
        let int_len = s.split('.').next().map_or(0, str::len);
        if int_len >= 5 && int_len != 8 {
            return serial(f.floor()).ok_or_else(err);
        }
    }
    // Split into numeric parts on any separator (-, /, ., 年, 月, spaces).
    let parts: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let seps_ok = s.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | ' ' | '－' | '／' | '．')
    });
    if !seps_ok {
        return Err(err());
    }
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            let (y, m, d) = (
                y.parse().map_err(|_| err())?,
                m.parse().map_err(|_| err())?,
                d.parse().map_err(|_| err())?,
            );
            day(y, m, d).ok_or_else(err)
        }
        [y, m] if y.len() == 4 && m.len() <= 2 => {
            let (y, m) = (y.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?);
            let d = Day::from_ymd(y, m, 1).ok_or_else(err)?;
            Ok(ParsedDate {
                day: d,
                precision: Precision::Month,
            })
        }
        [y] if y.len() == 4 && s.contains('年') => {
            let d = Day::from_ymd(y.parse().map_err(|_| err())?, 1, 1).ok_or_else(err)?;
            Ok(ParsedDate {
                day: d,
                precision: Precision::Year,
            })
        }
        _ => Err(err()),
    }
}

fn day(y: i32, m: u8, d: u8) -> Option<ParsedDate> {
    Day::from_ymd(y, m, d).map(|day| ParsedDate {
        day,
        precision: Precision::Day,
    })
}

fn serial(f: f64) -> Option<ParsedDate> {
    // Serial 60 is Excel's phantom 1900-02-29; dates before 1900-03-01 are
    // not plausible in a published list, so refuse them rather than guess.
    if !(61.0..=2_958_465.0).contains(&f) {
        return None;
    }
    Day::from_epoch_days(EXCEL_EPOCH + f as i32).map(|day| ParsedDate {
        day,
        precision: Precision::Day,
    })
}

/// Drops a time of day: `2024-03-01 10:00:00`, `2024-03-01T10:00`.
fn strip_time(s: &str) -> &str {
    if let Some((d, t)) = s.split_once(['T', ' ']) {
        if t.contains(':') {
            return d;
        }
    }
    s
}

/// A validity end: a date, or `None` for "no expiry" (9999-12-31, 9999-9-9, 长期).
pub fn parse_valid_until(raw: &str) -> Result<Option<ParsedDate>, DateError> {
    let s = raw.trim();
    if ["长期", "长期有效", "永久", "永久有效", "无期限", "不限期"].contains(&s) {
        return Ok(None);
    }
    // A range `2024-03-01至2027-02-28`: the end is the validity.
    let s = s.rsplit(['至', '~', '～']).next().unwrap_or(s).trim();
    if s.starts_with("9999") {
        return Ok(None);
    }
    let d = parse_date(s)?;
    if d.day.is_open_ended_sentinel() {
        return Ok(None);
    }
    Ok(Some(d))
}

/// What a code cell identifies.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Ident {
    /// A valid 18-character USCC.
    Uscc(String),
    /// A 15-digit registration number (注册号).
    RegNo(String),
    /// A 9-character organisation code (组织机构代码).
    OrgCode(String),
}

/// Why a code cell identifies nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeError(pub String);

/// Reads a code cell: a USCC (validated), or an old registration number /
/// organisation code for the fallback lookup. The second value is the
/// organisation-code check warning of a valid USCC.
pub fn parse_code(raw: &str) -> Result<(Ident, Option<String>), CodeError> {
    let n = uscc::normalize(raw);
    if n.contains('*') {
        return Err(CodeError(
            "no USCC; registration number not known: the code is masked with '*'; give the full code".into(),
        ));
    }
    if n.len() == 15 && n.bytes().all(|b| b.is_ascii_digit()) {
        return Ok((Ident::RegNo(n), None));
    }
    if n.len() == 9
        && n.is_ascii()
        && n.bytes().all(|b| b.is_ascii_alphanumeric())
        && !uscc::is_valid(&n)
    {
        return Ok((Ident::OrgCode(n), None));
    }
    match uscc::validate(&n) {
        Ok(warn) => Ok((Ident::Uscc(n), warn.map(|w| w.to_string()))),
        Err(e) => Err(CodeError(format!(
            "{e}; correct the code or give the registration number instead"
        ))),
    }
}

/// Keeps only `http`/`https` URLs.
pub fn http_url(s: &str) -> Option<&str> {
    let t = s.trim();
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && t.len() > 8
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"');
    ok.then_some(t)
}

/// Reads a scheme as a cell states it: its id or one of the names the
/// contract lists, literally (spaces and case ignored). A name that merely
/// contains one (纳税信用等级, a tax credit grade) is not that scheme.
/// Internal risk classes are refused by the caller.
pub fn parse_scheme(s: &str) -> Option<Scheme> {
    Scheme::parse(s)
}

/// The scheme a caption or file name names (`2024年质量信用AAA级企业名单`):
/// the specific names anywhere in the text; the generic 信用等级 only when
/// no other word is fused to its front (纳税信用等级, 海关信用等级 are other
/// schemes), or as 企业信用等级.
pub fn text_scheme(t: &str) -> Option<Scheme> {
    if let Some(x) = Scheme::parse(t) {
        return Some(x);
    }
    let t = t.to_lowercase();
    if t.contains("质量诚信") {
        return Some(Scheme::QualityIntegrity);
    }
    if t.contains("质量信用") {
        return Some(Scheme::QualityCredit);
    }
    if t.contains("22116") {
        return Some(Scheme::CreditRating);
    }
    let is_han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    for (at, _) in t.match_indices("信用等级") {
        let before = &t[..at];
        if before.ends_with("企业") || !before.chars().next_back().is_some_and(is_han) {
            return Some(Scheme::CreditRating);
        }
    }
    None
}

/// True for the regulators' internal risk classes (信用风险分类), which are not published.
pub fn is_risk_class(s: &str) -> bool {
    s.contains("风险")
}

/// Normalises a grade as written (`AAA级`, `ａａ`) to the scheme's spelling.
pub fn normalize_grade(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t
        .trim_end_matches('级')
        .trim_end_matches("等")
        .to_ascii_uppercase();
    // Printed forms: 3A = AAA, 2A = AA, 1A = A.
    match t.as_str() {
        "3A" => "AAA".into(),
        "2A" => "AA".into(),
        "1A" => "A".into(),
        _ => t,
    }
}

/// The list names the contract lists beside core's own names: short and
/// older forms.
const LIST_NAMES: &[(&str, ListKind)] = &[
    ("严重违法失信企业名单", ListKind::SeriousViolation),
    ("异常名录", ListKind::AbnormalOperation),
    ("经营异常名单", ListKind::AbnormalOperation),
];

/// Reads a list as a cell states it: its id or a name the contract lists,
/// literally, optionally after 列入 ("listed in") and before the gloss
/// （黑名单）. Any other text is not a list (the caller rejects the row).
pub fn parse_list(s: &str) -> Option<ListKind> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    let t = t.strip_prefix("列入").unwrap_or(&t);
    let t = t.strip_suffix("（黑名单）").unwrap_or(t);
    ListKind::parse(t).or_else(|| LIST_NAMES.iter().find(|(n, _)| *n == t).map(|&(_, k)| k))
}

/// The list a piece of text names (a header, caption or file name).
pub fn list_from_text(t: &str) -> Option<ListKind> {
    if t.contains("质量黑名单") || t.contains("质量失信") {
        Some(ListKind::QualityBlacklist)
    } else if t.contains("严重违法") || t.contains("黑名单") {
        Some(ListKind::SeriousViolation)
    } else if t.contains("经营异常") || t.contains("异常名录") {
        Some(ListKind::AbnormalOperation)
    } else {
        None
    }
}

/// True when a listing's removal reason says it was annulled (撤销, annulled,
/// revoked) rather than merely removed: the listing is then never in force
/// ([`zhixin_core::Listing::annulled`], set here once for every reader).
pub fn is_annulment(removal_reason: &str) -> bool {
    let r = removal_reason.to_ascii_lowercase();
    r.contains("撤销") || r.contains("annul") || r.contains("revoked")
}

/// True when a listing's removal reason says it was removed after credit
/// repair (信用修复, 信用修复移出, credit repair) and not annulled: the listing
/// was in force until then ([`zhixin_core::Listing::repaired`]).
pub fn is_credit_repair(removal_reason: &str) -> bool {
    let r = removal_reason.to_ascii_lowercase();
    !is_annulment(&r)
        && (r.contains("信用修复") || r.contains("信用修復") || r.contains("credit repair"))
}

/// True for an honour whose title was abolished: a China Top Brand
/// (中国名牌), abolished in 2008, and every famous trademark (著名商标), a
/// recognition the contract says has been abolished
/// ([`zhixin_core::Honour::abolished`]).
pub fn is_abolished_title(kind: HonourKind, title: &str) -> bool {
    match kind {
        HonourKind::FamousTrademark => true,
        HonourKind::BrandProduct => title.contains("中国名牌"),
        _ => false,
    }
}

/// Reads an honour kind as a cell states it: its id or a name the contract
/// lists, literally.
pub fn parse_honour_kind(s: &str) -> Option<HonourKind> {
    HonourKind::parse(s)
}

/// The honour kind a title, caption or file name names (2024年度省名牌产品).
pub fn text_honour_kind(s: &str) -> Option<HonourKind> {
    if let Some(k) = HonourKind::parse(s) {
        return Some(k);
    }
    if s.contains("质量奖") {
        Some(HonourKind::QualityAward)
    } else if s.contains("名牌") {
        Some(HonourKind::BrandProduct)
    } else if s.contains("驰名商标") {
        Some(HonourKind::WellKnownTrademark)
    } else if s.contains("著名商标") {
        Some(HonourKind::FamousTrademark)
    } else if s.contains("地理标志") {
        Some(HonourKind::GeographicalIndication)
    } else if s.contains("老字号") {
        Some(HonourKind::TimeHonouredBrand)
    } else if s.contains("认证") {
        Some(HonourKind::Certification)
    } else {
        None
    }
}

/// Reads an honour's level.
pub fn parse_level(s: &str) -> Option<Level> {
    if let Some(l) = Level::parse(s) {
        return Some(l);
    }
    if s.contains("国家") || s.contains("全国") || s.contains("中国") {
        Some(Level::National)
    } else if s.contains('省') || s.contains("自治区") {
        Some(Level::Provincial)
    } else if s.contains('市') || s.contains('州') {
        Some(Level::Municipal)
    } else if s.contains('区') || s.contains('县') {
        Some(Level::District)
    } else {
        None
    }
}

/// Reads a spot-check result: pass/fail, 合格/不合格, 符合/不符合, P/F, and
/// sentences such as 经抽样检验，所检项目符合标准要求.
pub fn parse_result(s: &str) -> Option<CheckResult> {
    if let Some(r) = CheckResult::parse(s) {
        return Some(r);
    }
    let t = s.trim().to_lowercase();
    if t.contains("不合格") || t.contains("不符合") || t == "fail" || t == "failed" || t == "×"
    {
        Some(CheckResult::Fail)
    } else if t.contains("合格") || t.contains("符合") || t == "pass" || t == "passed" || t == "√"
    {
        Some(CheckResult::Pass)
    } else {
        None
    }
}

/// Splits a list of names or items on `;` `；` `|` `、` (and line breaks).
pub fn split_list(s: &str) -> Vec<String> {
    s.split([';', '；', '|', '、', '\n'])
        .map(str::trim)
        .filter(|p| !is_placeholder(p))
        .map(str::to_string)
        .collect()
}

/// The characters of a name as compared: full-width to half-width, spaces
/// removed, brackets unified, lower case.
pub fn name_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

/// Normalises a name for comparison (see [`name_chars`]).
pub fn name_key(s: &str) -> String {
    name_chars(s).collect()
}

#[cfg(test)]
mod tests;
