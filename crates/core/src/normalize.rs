//! Text normalisation shared by the compiler (indexing) and the app (queries).
//!
//! Both sides must fold text identically, or a query would never meet the
//! index. [`normalize`] applies, per character:
//!
//! 1. compatibility folding for the forms that occur in names and typed
//!    queries (full-width ASCII → ASCII, the ideographic space, circled and
//!    parenthesised numbers), the part of NFKC that matters here. Full NFKC
//!    tables would add about 100 KB to the app for characters no enterprise
//!    name holds;
//! 2. case folding (`to_lowercase`);
//! 3. removal of everything that is not a letter or a digit: punctuation
//!    (（）()·、 …), spaces, symbols, emoji, control characters and U+FFFD
//!    (what a lone surrogate from the page becomes);
//! 4. traditional → simplified folding with a per-character table ([`T2s`]),
//!    when one is given. The compiler derives the table from OpenCC's data at
//!    build time and ships the part the registry needs as a chunk.
//!
//! Queries are first cut at [`MAX_QUERY_CHARS`] characters.

use crate::sort::StableSort;

/// Queries longer than this many characters (before normalisation) are cut
/// here: no enterprise name is longer, and a pasted page must not cost more
/// than a name.
pub const MAX_QUERY_CHARS: usize = 100;

/// Organisation-form suffixes, longest first. They are stripped before
/// indexing and from queries: nearly every name ends in one, so their bigrams
/// (有限, 公司 …) would match everything and tell nothing.
pub const ORG_SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "个人独资企业",
    "普通合伙企业",
    "有限合伙企业",
    "专业合作社",
    "有限公司",
    "合伙企业",
    "普通合伙",
    "有限合伙",
    "股份公司",
    "集团公司",
];

/// A per-character traditional → simplified table, sorted for binary
/// search (building it from a chunk is a copy, not a hash-map fill, because
/// the app loads it on every search).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct T2s {
    pairs: Vec<(char, char)>,
}

impl T2s {
    /// Bytes the table holds.
    pub fn heap_bytes(&self) -> usize {
        self.pairs.capacity() * std::mem::size_of::<(char, char)>()
    }

    /// A table from (traditional, simplified) pairs; the first pair for a character wins.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (char, char)>) -> T2s {
        let mut pairs: Vec<(char, char)> = pairs.into_iter().filter(|(t, s)| t != s).collect();
        pairs.stable_sort_by_key(|p| p.0);
        pairs.dedup_by_key(|p| p.0);
        T2s { pairs }
    }

    /// The simplified form of `c` (itself when the table has no entry).
    pub fn fold(&self, c: char) -> char {
        match self.pairs.binary_search_by_key(&c, |p| p.0) {
            Ok(i) => self.pairs[i].1,
            Err(_) => c,
        }
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when the table has no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs, sorted by traditional character.
    pub fn pairs(&self) -> Vec<(char, char)> {
        self.pairs.clone()
    }

    /// The chunk encoding: the pairs as one string, traditional then
    /// simplified, sorted (e.g. `"島岛銀银"`).
    pub fn to_chunk_string(&self) -> String {
        self.pairs().into_iter().flat_map(|(t, s)| [t, s]).collect()
    }

    /// Reads [`T2s::to_chunk_string`]'s encoding; an odd trailing character is ignored.
    pub fn from_chunk_string(s: &str) -> T2s {
        let chars: Vec<char> = s.chars().collect();
        T2s::from_pairs(chars.chunks_exact(2).map(|p| (p[0], p[1])))
    }
}

/// Compatibility folding of one character into `out` (see the module doc).
fn compat(c: char, out: &mut impl FnMut(char)) {
    let u = c as u32;
    match u {
        // Full-width ASCII variants.
        0xFF01..=0xFF5E => out(char::from_u32(u - 0xFEE0).unwrap_or(c)),
        0x3000 => out(' '),
        // ① … ⑳, ⑴ … ⒇, ⒈ … ⒛: their number.
        0x2460..=0x249B => {
            let base = if u <= 0x2473 {
                0x2460
            } else if u <= 0x2487 {
                0x2474
            } else {
                0x2488
            };
            let n = u - base + 1;
            for d in n.to_string().chars() {
                out(d);
            }
        }
        // Ⓐ … ⓩ.
        0x24B6..=0x24CF => out(char::from_u32(u - 0x24B6 + 'a' as u32).unwrap_or(c)),
        0x24D0..=0x24E9 => out(char::from_u32(u - 0x24D0 + 'a' as u32).unwrap_or(c)),
        _ => out(c),
    }
}

/// True for the characters normalisation keeps: letters and digits of any script.
fn keep(c: char) -> bool {
    c.is_alphanumeric()
}

/// Normalises `s` (see the module doc), folding traditional characters when `t2s` is given.
pub fn normalize(s: &str, t2s: Option<&T2s>) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        compat(c, &mut |c| {
            for l in c.to_lowercase() {
                if keep(l) {
                    out.push(match t2s {
                        Some(t) => t.fold(l),
                        None => l,
                    });
                }
            }
        });
    }
    out
}

/// A name with a two-character place in brackets after its trade name
/// (`瑞兰（潍坊）鞋业有限公司`), as people type it: the place first, then the
/// rest (`潍坊瑞兰鞋业有限公司`), normalised; with the place. `None` for other
/// names. Whether the two characters are a place is the caller's to check
/// (the compiler's learnt places, `Meta::place_prefix`).
pub fn place_in_brackets_first(raw: &str, t2s: Option<&T2s>) -> Option<(String, String)> {
    let open = raw.find(['（', '('])?;
    let after = &raw[open..];
    let inner_start = after.chars().next()?.len_utf8();
    let close = after.find(['）', ')'])?;
    let inner = normalize(&after[inner_start..close], t2s);
    let head = normalize(&raw[..open], t2s);
    if inner.chars().count() != 2 || !inner.chars().all(is_cjk) || head.is_empty() {
        return None;
    }
    let tail = normalize(&after[close..], t2s);
    Some((inner.clone(), format!("{inner}{head}{tail}")))
}

/// Cuts a raw query at [`MAX_QUERY_CHARS`] characters.
pub fn cut_query(raw: &str) -> &str {
    match raw.char_indices().nth(MAX_QUERY_CHARS) {
        Some((i, _)) => &raw[..i],
        None => raw,
    }
}

/// `s` (normalised) without its organisation-form suffix; `s` itself when
/// stripping would leave nothing.
pub fn strip_org_suffix(s: &str) -> &str {
    for suf in ORG_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suf) {
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    s
}

/// Like [`strip_org_suffix`], but also strips an ending within one edit
/// (a wrong, missing or extra character) of a suffix of four or more
/// characters, as in 有限宸公司; the flag says the ending was not exact.
pub fn strip_org_suffix_fuzzy(s: &str) -> (&str, bool) {
    let exact = strip_org_suffix(s);
    if exact.len() != s.len() {
        return (exact, false);
    }
    let idx: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    let n = idx.len() - 1;
    // The closest ending wins, then the longest (有宸限公司 is 有限公司
    // with an extra character, not 宸限公司 with a wrong one).
    let mut best: Option<(usize, usize)> = None;
    for suf in ORG_SUFFIXES {
        let sc: Vec<char> = suf.chars().collect();
        if sc.len() < 4 {
            continue;
        }
        for len in [sc.len() - 1, sc.len(), sc.len() + 1] {
            if len >= n {
                continue;
            }
            let tail: Vec<char> = s[idx[n - len]..].chars().collect();
            let d = edit_distance(&tail, &sc);
            if d <= 1
                && best.is_none_or(|(bd, bl)| {
                    (d, std::cmp::Reverse(len)) < (bd, std::cmp::Reverse(bl))
                })
            {
                best = Some((d, len));
            }
        }
    }
    match best {
        Some((_, len)) => (&s[..idx[n - len]], true),
        None => (s, false),
    }
}

/// Levenshtein distance of two short character strings.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// True for a CJK ideograph (the characters names are made of).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests;
