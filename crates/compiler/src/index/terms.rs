//! The search terms of an enterprise, the build-time traditional →
//! simplified table, and the data-driven place prefixes.
//!
//! Terms must be spelt as `zhixin_core::search` asks for them: bigrams of
//! normalised texts without their organisation suffix (names, former names,
//! brands), pinyin syllable pairs (`qing'dao`) and initials trigrams
//! (`#qdy`) of the name, every reading of a polyphonic character included.

use pinyin::ToPinyinMulti;
use std::collections::HashMap;
use std::sync::OnceLock;
use zhixin_core::search_terms::{initials_term, pair_term, syllable_key, INITIALS_N};
use zhixin_core::{is_cjk, normalize, strip_org_suffix, Enterprise, Field, T2s};

/// The full per-character traditional → simplified table, from OpenCC's
/// `t2s` dictionaries (ferrous-opencc, Apache-2.0), built once per process.
/// Every CJK ideograph is converted on its own; a character whose conversion
/// is one different character is a pair.
pub fn t2s_full() -> &'static T2s {
    static TABLE: OnceLock<T2s> = OnceLock::new();
    TABLE.get_or_init(|| {
        let Ok(cc) =
            ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
        else {
            return T2s::default();
        };
        let ranges = [
            0x3400u32..=0x4DBF,
            0x4E00..=0x9FFF,
            0xF900..=0xFAFF,
            0x20000..=0x2A6DF,
        ];
        let mut pairs = Vec::new();
        for r in ranges {
            for u in r {
                let Some(c) = char::from_u32(u) else { continue };
                let s = cc.convert(c.encode_utf8(&mut [0; 4]));
                let mut it = s.chars();
                if let (Some(t), None) = (it.next(), it.next()) {
                    if t != c {
                        pairs.push((c, t));
                    }
                }
            }
        }
        T2s::from_pairs(pairs)
    })
}

/// At most this many readings of one character are indexed: the rare
/// readings of very polyphonic characters (行: xing, hang, heng) beyond it
/// would multiply terms for little gain.
const MAX_READINGS: usize = 3;

/// The toneless readings of `c` as indexed (ü as v, and also as u, since
/// people type both), most common first; empty for a non-Chinese character.
pub fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(m) = c.to_pinyin_multi() {
        for p in m {
            let k = syllable_key(p.plain());
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out.truncate(MAX_READINGS);
    let with_u: Vec<String> = out
        .iter()
        .filter(|k| k.contains('v'))
        .map(|k| k.replace('v', "u"))
        .collect();
    for k in with_u {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

fn bigrams_into(core: &str, field: Field, out: &mut Vec<(String, Field)>) {
    let chars: Vec<char> = core.chars().collect();
    for w in chars.windows(2) {
        out.push((w.iter().collect(), field));
    }
}

/// The cap on combinations per window, against names made only of polyphonic characters.
const MAX_COMBOS: usize = 9;

fn pinyin_terms(core: &str, out: &mut Vec<(String, Field)>) {
    // Per character: its readings, the first (most common) one primary,
    // with its `u` spelling of `ü` (lv, lu) also primary.
    let per_char: Vec<Vec<(String, bool)>> = core
        .chars()
        .map(|c| {
            let r = if is_cjk(c) { readings(c) } else { Vec::new() };
            let first = r.first().cloned().unwrap_or_default();
            let first_u = first.replace('v', "u");
            r.into_iter()
                .map(|x| {
                    let p = x == first || x == first_u;
                    (x, p)
                })
                .collect()
        })
        .collect();
    // Terms through a rarer reading go to `PinyinAlt`, which ranks lower.
    let field = |primary: bool, f: Field| if primary { f } else { Field::PinyinAlt };
    for (i, w) in per_char.windows(2).enumerate() {
        let mut n = 0;
        for (a, pa) in &w[0] {
            for (b, pb) in &w[1] {
                if n < MAX_COMBOS {
                    let f = field(*pa && *pb, Field::Pinyin);
                    // The first pair is also indexed anchored (`^qing'dao`),
                    // for queries typed from the start of the name.
                    if i == 0 {
                        out.push((format!("^{}", pair_term(a, b)), f));
                    }
                    out.push((pair_term(a, b), f));
                    n += 1;
                }
            }
        }
    }
    let initials: Vec<Vec<(char, bool)>> = per_char
        .iter()
        .map(|r| {
            let mut v: Vec<(char, bool)> = Vec::new();
            for (s, p) in r {
                let Some(c) = s.chars().next() else { continue };
                match v.iter_mut().find(|(x, _)| *x == c) {
                    Some(e) => e.1 |= *p,
                    None => v.push((c, *p)),
                }
            }
            v
        })
        .collect();
    for (i, w) in initials.windows(INITIALS_N).enumerate() {
        if w.iter().any(Vec::is_empty) {
            continue;
        }
        let mut combos: Vec<(String, bool)> = vec![(String::new(), true)];
        for set in w {
            combos = combos
                .iter()
                .flat_map(|(p, pp)| {
                    set.iter()
                        .map(move |(c, cp)| (format!("{p}{c}"), *pp && *cp))
                })
                .take(MAX_COMBOS)
                .collect();
        }
        for (s, p) in combos {
            let f = field(p, Field::Initials);
            // The name's first trigram is also indexed anchored (`#^qdy`):
            // initials are typed from the start of the name, and the anchored
            // term tells the few names starting so from the many containing it.
            if i == 0 {
                out.push((initials_term(&format!("^{s}")), f));
            }
            out.push((initials_term(&s), f));
        }
    }
}

/// Every (term, field) of an enterprise, deduplicated.
pub fn doc_terms(e: &Enterprise, t2s: &T2s) -> Vec<(String, Field)> {
    let mut out: Vec<(String, Field)> = Vec::new();
    let name = normalize(&e.name, Some(t2s));
    let core = strip_org_suffix(&name);
    bigrams_into(core, Field::Name, &mut out);
    pinyin_terms(core, &mut out);
    for f in &e.former_names {
        let n = normalize(f, Some(t2s));
        bigrams_into(strip_org_suffix(&n), Field::Former, &mut out);
    }
    for b in &e.brands {
        bigrams_into(&normalize(b, Some(t2s)), Field::Brand, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// Place prefixes found in the data: two-character name beginnings shared
/// by many enterprises (青岛, 北京 …). Real registries have thousands of
/// places, so they are learnt rather than listed; a beginning counts as a
/// place when at least `max(20, n / 2000)` names start with it.
pub fn detect_places(names: &[String]) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for n in names {
        let p: String = n.chars().take(2).collect();
        if p.chars().count() == 2 && p.chars().all(is_cjk) && n.chars().count() > 3 {
            *count.entry(p).or_default() += 1;
        }
    }
    let min = (names.len() / 2000).max(20);
    let mut v: Vec<String> = count
        .into_iter()
        .filter(|&(_, c)| c >= min)
        .map(|(p, _)| p)
        .collect();
    v.sort();
    v
}
