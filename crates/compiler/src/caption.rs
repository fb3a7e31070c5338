//! Captions: the title and notice rows above a header, and what they say
//! that applies to every row (a publication date, the issuing bureau, the
//! list, the result, the scheme, the honour kind).

use crate::read::RawRow;
use crate::value::{parse_date, ParsedDate};
use zhixin_core::CheckResult;

/// Joins the rows above the header into one line. Cells merged across the
/// width repeat the same text; each distinct text is kept once.
pub fn caption_text(rows: &[RawRow]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for row in rows {
        for c in row.cells.iter() {
            let t = c.split_whitespace().collect::<Vec<_>>().join(" ");
            if !t.is_empty() && !parts.contains(&t) {
                parts.push(t);
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Labels that introduce a date in a caption.
const DATE_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "公布日期",
    "公布时间",
    "公告日期",
    "公告时间",
    "通报日期",
    "通报时间",
    "评价日期",
    "评定日期",
    "认定日期",
    "授予日期",
    "日期",
    "时间",
];

/// The date a caption gives: after a label such as 发布时间：, else the first full date in it.
pub fn caption_date(caption: &str) -> Option<ParsedDate> {
    for label in DATE_LABELS {
        if let Some(pos) = caption.find(label) {
            let rest =
                caption[pos + label.len()..].trim_start_matches([':', '：', ' ', '\u{3000}', '为']);
            if let Some(d) = leading_date(rest) {
                return Some(d);
            }
        }
    }
    // An unlabelled full date (year, month and day) anywhere.
    let chars: Vec<(usize, char)> = caption.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        if c.is_ascii_digit() && (i == 0 || !chars[i - 1].1.is_ascii_digit()) {
            if let Some(d) = leading_date(&caption[pos..]) {
                if d.precision == crate::value::Precision::Day {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// Reads a date at the start of `s` (as far as date characters go).
fn leading_date(s: &str) -> Option<ParsedDate> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日')))
        .map_or(s.len(), |(i, _)| i);
    let cand = s[..end].trim_end_matches(['.', '-', '/']);
    if cand.len() < 6 {
        return None;
    }
    parse_date(cand)
        .ok()
        .filter(|d| d.precision != crate::value::Precision::Year)
}

/// Suffixes of the names of issuing bodies.
const AUTHORITY_SUFFIXES: &[&str] = &[
    "监督管理局",
    "管理局",
    "总局",
    "委员会",
    "人民政府",
    "厅",
    "局",
    "委",
    "办公室",
    "协会",
];

/// The issuing body a caption names: `演示市市场监督管理局关于…` → `演示市市场监督管理局`.
pub fn caption_authority(caption: &str) -> Option<String> {
    // A labelled authority first (发布机关：…, 发布单位：…).
    for label in [
        "发布机关",
        "发布单位",
        "作出决定机关",
        "评价机关",
        "抽查机关",
        "组织单位",
        "授予单位",
        "颁发单位",
    ] {
        if let Some(pos) = caption.find(label) {
            let rest = caption[pos + label.len()..].trim_start_matches([':', '：', ' ']);
            let seg: String = rest.chars().take_while(|c| !is_break(*c)).collect();
            if !seg.is_empty() {
                return Some(seg);
            }
        }
    }
    for seg in caption.split(is_break) {
        let seg = seg.split("关于").next().unwrap_or(seg);
        let seg =
            seg.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '附' || c == '件');
        let mut best: Option<usize> = None;
        for suf in AUTHORITY_SUFFIXES {
            if let Some(p) = seg.rfind(suf) {
                let end = p + suf.len();
                best = Some(best.map_or(end, |b: usize| b.max(end)));
            }
        }
        if let Some(end) = best {
            let name = seg[..end].trim();
            // A bare suffix (局) or a name of one or two characters is not a body.
            if name.chars().count() >= 4 {
                // `seg` is a slice of `caption`: what follows the name there.
                let after = &caption[seg.as_ptr() as usize - caption.as_ptr() as usize + end..];
                return Some(format!("{name}{}", second_name(after)));
            }
        }
    }
    None
}

/// A body's second name in brackets right after its name, as merged bureaus
/// publish (`市场监督管理局（知识产权局）`), or a `（虚构）` mark: kept with
/// the name. Anything else in brackets is not part of the name.
fn second_name(after: &str) -> &str {
    let Some(inner) = after.strip_prefix('（').or_else(|| after.strip_prefix('(')) else {
        return "";
    };
    let Some(close) = inner.find(['）', ')']) else {
        return "";
    };
    let body = &inner[..close];
    let named = body == "虚构"
        || (body.chars().count() <= 12 && AUTHORITY_SUFFIXES.iter().any(|s| body.ends_with(s)));
    if named {
        let close_len = inner[close..].chars().next().map_or(0, char::len_utf8);
        &after[..after.len() - inner.len() + close + close_len]
    } else {
        ""
    }
}

fn is_break(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ':' | '：'
                | ','
                | '，'
                | '。'
                | ';'
                | '；'
                | '('
                | ')'
                | '（'
                | '）'
                | '《'
                | '》'
                | '"'
                | '“'
                | '”'
                | '、'
                | '\u{3000}'
        )
}

/// The result a caption or file name states (附件2 不合格产品 → fail).
pub fn text_result(t: &str) -> Option<CheckResult> {
    if t.contains("不合格") || t.contains("不符合") {
        Some(CheckResult::Fail)
    } else if t.contains("合格") || t.contains("符合") {
        Some(CheckResult::Pass)
    } else {
        None
    }
}

pub use crate::value::{text_honour_kind, text_scheme};

#[cfg(test)]
mod tests;

/// A grade a caption or file name names (`2024年质量信用AAA级企业名单` → `AAA`).
pub fn text_grade(t: &str) -> Option<String> {
    let upper: String = t.chars().map(|c| c.to_ascii_uppercase()).collect();
    // Printed forms: 3A级 = AAA (not preceded by another digit: 13A级 is no grade).
    for (n, g) in [("3A", "AAA"), ("2A", "AA"), ("1A", "A")] {
        for suffix in ["级", "等级"] {
            if let Some(p) = upper.find(&format!("{n}{suffix}")) {
                if !upper[..p]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    return Some(g.to_string());
                }
            }
        }
    }
    for g in ["AAA", "BBB", "CCC", "AA", "BB", "CC", "A", "B", "C", "D"] {
        for suffix in ["级", "等级"] {
            let pat = format!("{g}{suffix}");
            if let Some(p) = upper.find(&pat) {
                // Not the tail of a longer grade (`AAA级` must not read as `A级`).
                let before = upper[..p].chars().next_back();
                if !before.is_some_and(|c| c.is_ascii_alphabetic()) {
                    return Some(g.to_string());
                }
            }
        }
    }
    None
}
