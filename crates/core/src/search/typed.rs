//! What people type besides a name: a company form alone, a spoken form
//! (`银康公司`), a brand with 牌, a place typed with 市 before a name that
//! has a district after it, pinyin for the place and characters for the rest
//! (`qingdao银康`), and two neighbouring characters swapped.

use crate::normalize::{is_cjk, strip_org_suffix, ORG_SUFFIXES};

/// True when `norm` (a normalised query) is only a company form or a piece
/// of one (`公司`, `有限`, `股份有限公司`): every name has one and no name
/// is indexed by it, so it tells nothing; the person is asked for more.
pub fn is_form_word(norm: &str) -> bool {
    norm.chars().count() >= 2 && ORG_SUFFIXES.iter().any(|s| s.contains(norm))
}

/// The company form typed: an organisation suffix, `公司` as people say it,
/// or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    None,
    /// `公司` without 有限 or 股份 (`银康公司`): any company.
    Spoken,
    /// An organisation suffix (`股份有限公司`).
    Suffix(String),
    /// The start of one, still being typed (`集团有`).
    Partial(String),
}

/// `core` without the start of an organisation suffix still being typed
/// (`莲恒塑胶集团有` → `莲恒塑胶`, `集团有`), and that start. One character
/// is taken only when it cannot end a name's core (有, 股, 集) and four or
/// more are left.
pub fn strip_partial_form(core: &str) -> Option<(&str, &str)> {
    let idx: Vec<usize> = core.char_indices().map(|(i, _)| i).collect();
    let n = idx.len();
    for k in (1..=5usize).rev() {
        if k + 2 > n {
            continue;
        }
        let tail = &core[idx[n - k]..];
        if k == 1 && (n < 5 || !matches!(tail, "有" | "股" | "集")) {
            continue;
        }
        if ORG_SUFFIXES
            .iter()
            .any(|s| s.len() > tail.len() && s.starts_with(tail))
        {
            return Some((&core[..idx[n - k]], tail));
        }
    }
    None
}

/// Spoken endings stripped from a query when no organisation suffix was:
/// `银康公司` is how people name 青岛银康食品有限公司.
const SPOKEN: &[&str] = &["公司"];

/// `core` without a spoken company form (`银康公司` → `银康`), when it has one
/// and something before it.
pub fn strip_spoken(core: &str) -> Option<&str> {
    SPOKEN
        .iter()
        .find_map(|s| core.strip_suffix(s))
        .filter(|rest| rest.chars().count() >= 2)
}

/// The company form of a normalised name: its organisation suffix, if any.
pub fn name_form(name: &str) -> &str {
    &name[strip_org_suffix(name).len()..]
}

/// The kind of company a form names: 股份公司 and 股份有限公司 are one,
/// as are 有限公司 and 有限责任公司.
fn form_kind(form: &str) -> &str {
    for (word, kind) in [
        ("股份", "股份"),
        ("集团", "集团"),
        ("合伙", "合伙"),
        ("独资", "独资"),
        ("合作社", "合作社"),
        ("有限", "有限"),
    ] {
        if form.contains(word) {
            return kind;
        }
    }
    form
}

/// How the form of a name agrees with the form typed: 2 when it is the one
/// typed, 1 when of its kind (股份公司 for 股份有限公司), 0 when nothing (or
/// a spoken form) was typed, -1 when another.
pub fn form_agreement(typed: &Form, name: &str) -> i8 {
    match typed {
        Form::None | Form::Spoken => 0,
        Form::Partial(p) if name_form(name).starts_with(p.as_str()) => 2,
        Form::Partial(_) => -1,
        Form::Suffix(s) if name_form(name) == s => 2,
        Form::Suffix(s) if form_kind(name_form(name)) == form_kind(s) => 1,
        Form::Suffix(_) => -1,
    }
}

/// `rest` (a name or query without its company form, after its place) with
/// a leading 市 and a district (one to three characters then 区, 县 or 旗)
/// taken off: `市顺德区美达家具` → `美达家具`; `None` when it has neither.
pub fn without_district(rest: &str) -> Option<&str> {
    let s = super::pinyin::after_district(rest);
    (s.len() != rest.len() && !s.is_empty()).then_some(s)
}

/// `core` without a trailing 牌 (`星辉牌` → `星辉`): a brand as people say it.
pub fn strip_pai(core: &str) -> Option<&str> {
    core.strip_suffix('牌').filter(|b| b.chars().count() >= 2)
}

/// Splits a query into leading letters and the characters after them
/// (`qingdao银康` → (`qingdao`, `银康`)); `None` unless it is exactly that,
/// with at least two letters and two characters.
pub fn letters_then_characters(core: &str) -> Option<(&str, &str)> {
    let at = core.find(|c: char| !c.is_ascii_lowercase())?;
    let (letters, rest) = core.split_at(at);
    (letters.len() >= 2 && rest.chars().count() >= 2 && rest.chars().all(is_cjk))
        .then_some((letters, rest))
}

/// For every place where `q` may have two neighbouring characters swapped,
/// the bigrams the name holds that `q` lacks (`银食康品`, 食康 swapped:
/// 银康 康食 食品). A name typed with a swap shares few bigrams with the
/// name; a name holding every bigram of one of these is the one meant.
pub fn swap_variants(q: &str) -> Vec<Vec<String>> {
    let c: Vec<char> = q.chars().collect();
    let own: Vec<String> = c.windows(2).map(|w| w.iter().collect()).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    for i in 0..c.len().saturating_sub(1) {
        if c[i] == c[i + 1] {
            continue;
        }
        let mut v = c.clone();
        v.swap(i, i + 1);
        let lo = i.saturating_sub(1);
        let hi = (i + 2).min(c.len() - 1);
        let mut terms: Vec<String> = Vec::new();
        for j in lo..hi {
            let t: String = [v[j], v[j + 1]].iter().collect();
            if !own.contains(&t) && !terms.contains(&t) {
                terms.push(t);
            }
        }
        if !terms.is_empty() {
            out.push(terms);
        }
    }
    out
}

/// For each place among the characters `from..to` of `q` where a name may
/// differ from `q` by one edit, the terms such a name holds around it
/// (bigrams `ab`, skip-bigrams `a_c`), so that a name holding all of one
/// set is one edit away there, and the characters next to the edit it
/// keeps (whose place terms it holds too):
/// - `q[i]` wrong: the skip-bigram over it and the bigrams beyond its
///   neighbours (银X食品 → 银_食 … 食品 for 银康食品);
/// - a character left out between `q[i]` and `q[i+1]`: that pair as a
///   skip-bigram and the bigrams on either side (银食品 → 银_食, 食品);
/// - `q[i]` and `q[i+1]` swapped: the pairs over each as skip-bigrams and
///   the bigrams beyond (银食康品 → 银_康, 康_品 for 银康食品).
pub fn edit_signatures(q: &[char], from: usize, to: usize) -> Vec<(Vec<String>, Vec<usize>)> {
    let n = q.len();
    let to = to.min(n);
    let bigram =
        |i: usize| -> Option<String> { (i + 1 < n).then(|| [q[i], q[i + 1]].iter().collect()) };
    let skip = |i: usize, j: usize| -> Option<String> {
        (j < n).then(|| super::pinyin::skip_term(q[i], q[j]))
    };
    let mut out: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    let mut push = |terms: Vec<Option<String>>, kept: Vec<usize>| {
        let mut v: Vec<String> = Vec::new();
        for t in terms.into_iter().flatten() {
            if !v.contains(&t) {
                v.push(t);
            }
        }
        out.push((v, kept));
    };
    for i in from..to {
        // q[i] wrong.
        if i >= 1 && i + 1 < n {
            push(
                vec![
                    skip(i - 1, i + 1),
                    i.checked_sub(2).and_then(bigram),
                    bigram(i + 1),
                ],
                vec![i - 1, i + 1],
            );
        }
        // A character left out after q[i].
        if i + 1 < to {
            push(
                vec![
                    skip(i, i + 1),
                    i.checked_sub(1).and_then(bigram),
                    bigram(i + 1),
                ],
                vec![i, i + 1],
            );
        }
        // q[i] and q[i + 1] swapped.
        if i + 1 < to && q[i] != q[i + 1] {
            push(
                vec![
                    i.checked_sub(1).and_then(|h| skip(h, i)),
                    skip(i + 1, i + 2),
                    i.checked_sub(2).and_then(bigram),
                    bigram(i + 2),
                ],
                vec![i, i + 1],
            );
        }
    }
    out
}

/// The restricted Damerau–Levenshtein distance of `q` to the best
/// substring of `t` (an adjacent swap counts as one edit), Sellers' way.
pub fn substring_distance(q: &[char], t: &[char]) -> usize {
    let n = q.len();
    let mut prev2: Vec<usize> = (0..=n).collect();
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut best = prev[n];
    let mut cur = vec![0usize; n + 1];
    for (j, &tc) in t.iter().enumerate() {
        cur[0] = 0;
        for i in 1..=n {
            let sub = prev[i - 1] + usize::from(q[i - 1] != tc);
            let mut v = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
            if i >= 2 && j >= 1 && q[i - 1] == t[j - 1] && q[i - 2] == tc {
                v = v.min(prev2[i - 2] + 1);
            }
            cur[i] = v;
        }
        best = best.min(cur[n]);
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// True when `a` and `b` differ by two neighbouring characters swapped.
pub fn one_swap(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff[..], [i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_words_alone_are_too_common() {
        for q in [
            "公司",
            "有限公司",
            "有限",
            "股份有限公司",
            "有限责任",
            "股份",
        ] {
            assert!(is_form_word(q), "{q}");
        }
        for q in ["宏达", "宏达有限公司", "公", "银康公司"] {
            assert!(!is_form_word(q), "{q}");
        }
    }

    #[test]
    fn spoken_forms_and_pai_are_stripped() {
        assert_eq!(strip_spoken("银康公司"), Some("银康"));
        assert_eq!(strip_spoken("公司"), None);
        assert_eq!(strip_pai("星辉牌"), Some("星辉"));
        assert_eq!(strip_pai("牌"), None);
    }

    #[test]
    fn a_company_form_being_typed_comes_off() {
        assert_eq!(
            strip_partial_form("莲恒塑胶集团有"),
            Some(("莲恒塑胶", "集团有"))
        );
        assert_eq!(
            strip_partial_form("淄博莲恒塑胶集"),
            Some(("淄博莲恒塑胶", "集"))
        );
        assert_eq!(strip_partial_form("银康有限"), Some(("银康", "有限")));
        assert_eq!(strip_partial_form("宏达联合"), None);
        assert_eq!(strip_partial_form("银康"), None);
        assert_eq!(strip_partial_form("银康有"), None);
    }

    #[test]
    fn a_district_after_the_place_comes_off() {
        assert_eq!(without_district("市顺德区美达家具"), Some("美达家具"));
        assert_eq!(without_district("顺德区美达家具"), Some("美达家具"));
        assert_eq!(without_district("市美达家具"), Some("美达家具"));
        assert_eq!(without_district("县骁夏化工"), Some("骁夏化工"));
        assert_eq!(without_district("美达家具"), None);
        // A 区 that ends the name is not a district before it.
        assert_eq!(without_district("美达区"), None);
    }

    #[test]
    fn letters_before_characters_split() {
        assert_eq!(
            letters_then_characters("qingdao银康"),
            Some(("qingdao", "银康"))
        );
        assert_eq!(letters_then_characters("银康"), None);
        assert_eq!(letters_then_characters("qingdao"), None);
        assert_eq!(letters_then_characters("q银康"), None);
    }

    #[test]
    fn swaps_are_one_edit() {
        let d = |q: &str, t: &str| {
            substring_distance(
                &q.chars().collect::<Vec<_>>(),
                &t.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("银食康品", "青岛银康食品"), 1);
        assert_eq!(d("银康食品", "青岛银康食品"), 0);
        assert_eq!(d("银糠食品", "青岛银康食品"), 1);
        assert_eq!(d("康银品食", "青岛银康食品"), 2);
        assert!(one_swap("银食康品", "银康食品"));
        assert!(!one_swap("银康食品", "银康食品"));
        assert!(!one_swap("银糠食品", "银康食品"));
        let v = swap_variants("银食康品");
        assert!(
            v.contains(&vec!["银康".to_string(), "康食".into(), "食品".into()]),
            "{v:?}"
        );
        assert!(v.iter().flatten().all(|t| t != "银食"));
    }

    #[test]
    fn a_name_one_edit_away_holds_one_signature_whole() {
        let sigs = |q: &str, from: usize| {
            let q: Vec<char> = q.chars().collect();
            edit_signatures(&q, from, q.len())
        };
        let holds = |name: &str, terms: &[String]| {
            let c: Vec<char> = name.chars().collect();
            let mut own: Vec<String> = c.windows(2).map(|w| w.iter().collect()).collect();
            own.extend(
                c.windows(3)
                    .map(|w| super::super::pinyin::skip_term(w[0], w[2])),
            );
            terms.iter().all(|t| own.contains(t))
        };
        // A character wrong, one left out, two neighbours swapped.
        for (q, name) in [
            ("银糠食品公司", "银康食品公司"),
            ("银食品公司", "银康食品公司"),
            ("银食康品公司", "银康食品公司"),
        ] {
            assert!(
                sigs(q, 0)
                    .iter()
                    .any(|(t, _)| t.len() >= 2 && holds(name, t)),
                "{q} → {name}"
            );
        }
        // Only edits from `from` on: none touches the place before it.
        for (_, kept) in sigs("青岛市银食康品", 3) {
            assert!(kept.iter().all(|&k| k >= 2), "{kept:?}");
        }
    }
}
