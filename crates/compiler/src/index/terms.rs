//! The search terms of an enterprise, and the build-time traditional →
//! simplified table.
//!
//! Terms must be what `zhixin_core::search` asks for: bigrams of the
//! normalised name without its organisation suffix (and the same of former
//! names and brands).

use std::sync::OnceLock;
use zhixin_core::{normalize, strip_org_suffix, Enterprise, Field, T2s};

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

/// Bigrams of a normalised text without its organisation suffix.
fn text_bigrams(text: &str, t2s: &T2s, out: &mut Vec<String>) {
    let norm = normalize(text, Some(t2s));
    let core = strip_org_suffix(&norm);
    let chars: Vec<char> = core.chars().collect();
    for w in chars.windows(2) {
        out.push(w.iter().collect());
    }
}

/// Every (term, field) of an enterprise, deduplicated.
pub fn doc_terms(e: &Enterprise, t2s: &T2s) -> Vec<(String, Field)> {
    let mut out: Vec<(String, Field)> = Vec::new();
    let mut push = |texts: &mut dyn Iterator<Item = &String>, field: Field| {
        let mut v = Vec::new();
        for t in texts {
            text_bigrams(t, t2s, &mut v);
        }
        out.extend(v.into_iter().map(|t| (t, field)));
    };
    push(&mut std::iter::once(&e.name), Field::Name);
    push(&mut e.former_names.iter(), Field::Former);
    push(&mut e.brands.iter(), Field::Brand);
    out.sort();
    out.dedup();
    out
}
