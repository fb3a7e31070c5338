//! The search terms of an enterprise, the build-time traditional →
//! simplified table, and the data-driven place prefixes.
//!
//! Terms must be spelt as `zhixin_core::search` asks for them (the helpers
//! of `zhixin_core::search_terms`), every reading of a polyphonic character
//! included:
//! - bigrams of normalised texts without their organisation suffix (names,
//!   former names, brands) and whole brands (`=光耀`); skip-bigrams of names
//!   (`银_食`), which a name typed with one character wrong keeps;
//! - the first character of the name and of its trade name (`^银`), for
//!   one-character queries, and the name's first two (`^银康`), which a
//!   name typed whole holds and a longer name holding it after a place lacks;
//! - the trade name's first two characters (`^^银康`, after the place, 市
//!   and a district), for a trade name spoken (银康公司) or typed alone
//!   whose bigram many other names hold, and with the name's company form
//!   (`^^银康~股份有限公司`), for a name typed with its form but no place;
//! - for a name with a place in brackets after its trade name
//!   (瑞兰（潍坊）鞋业), the terms and pinyin keys of the name with the place
//!   first (潍坊瑞兰鞋业), as people type it;
//! - for a name with a place prefix, each later character with the place
//!   (`@青岛康`), which a name typed with one wrong character mostly keeps;
//! - pinyin syllable pairs (`qing'dao`, anchored `^qing'dao`), initials
//!   trigrams (`#qdy`), and prefix keys of the first 3 to 6 syllables
//!   (`^qingdaoyin`) and initials (`#^qdyk`), from the start of the name and
//!   from the start of its trade name (the name after its place prefix),
//!   those of the trade name weak.

use pinyin::ToPinyinMulti;
use std::collections::HashMap;
use std::sync::OnceLock;
use zhixin_core::search_terms::{
    after_district, exact_term, first_char_term, start_bigram_term, syllable_key, trade_form_term,
    trade_start_term,
};
use zhixin_core::{
    is_cjk, normalize, place_in_brackets_first, strip_org_suffix, Enterprise, Field, T2s,
    TRADE_INITIALS,
};

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

/// Characters whose reading in enterprise names is not the one the
/// `pinyin` crate lists first (its data lists 晟 as chéng, shèng; names
/// such as 华晟 are read shèng): that reading is moved to the front, so it
/// is the primary one (a name's own key, initials `hs`), the other kept.
const NAME_READINGS: &[(char, &str)] = &[('晟', "sheng")];

/// The toneless readings of `c` as indexed (ü as v, and also as u, since
/// people type both), most common in names first; empty for a non-Chinese
/// character.
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
    if let Some(&(_, first)) = NAME_READINGS.iter().find(|(x, _)| *x == c) {
        if let Some(i) = out.iter().position(|r| r == first) {
            let r = out.remove(i);
            out.insert(0, r);
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

/// The readings of the common CJK characters, computed once per process:
/// term generation asks for them about ten times per name.
pub struct Readings {
    /// Per character from `BASE`: its readings and its initials, each
    /// flagged primary (the most common reading, and its `u` spelling of `ü`).
    table: Vec<Flagged>,
}

/// A character's readings and initials, flagged primary or not.
#[derive(Clone, Debug, Default)]
struct Flagged {
    full: Vec<(String, bool)>,
    initials: Vec<(String, bool)>,
}

const BASE: u32 = 0x3400;
const END: u32 = 0x9FFF;

impl Readings {
    /// The table for U+3400..=U+9FFF (others are computed when asked).
    pub fn get() -> &'static Readings {
        static TABLE: OnceLock<Readings> = OnceLock::new();
        TABLE.get_or_init(|| Readings {
            table: (BASE..=END)
                .map(|u| char::from_u32(u).map(flagged).unwrap_or_default())
                .collect(),
        })
    }

    /// The flagged readings of `c` (empty for a non-Chinese character).
    fn of(&self, c: char) -> std::borrow::Cow<'_, Flagged> {
        let u = c as u32;
        match self.table.get(u.wrapping_sub(BASE) as usize) {
            Some(f) if u >= BASE => std::borrow::Cow::Borrowed(f),
            _ => std::borrow::Cow::Owned(flagged(c)),
        }
    }
}

/// `c`'s readings and initials, flagged primary or not.
fn flagged(c: char) -> Flagged {
    if !is_cjk(c) {
        return Flagged::default();
    }
    let r = readings(c);
    let first = r.first().cloned().unwrap_or_default();
    let first_u = first.replace('v', "u");
    let full: Vec<(String, bool)> = r
        .into_iter()
        .map(|x| {
            let p = x == first || x == first_u;
            (x, p)
        })
        .collect();
    let mut initials: Vec<(String, bool)> = Vec::new();
    for (s, p) in &full {
        let Some(c) = s.chars().next() else { continue };
        match initials.iter_mut().find(|(x, _)| x.starts_with(c)) {
            Some(e) => e.1 |= *p,
            None => initials.push((c.to_string(), *p)),
        }
    }
    Flagged { full, initials }
}

/// The cap on combinations per window, against names made only of polyphonic characters.
const MAX_COMBOS: usize = 9;

/// Terms through a rarer reading go to `PinyinAlt`, which ranks lower.
fn field_of(primary: bool, f: Field) -> Field {
    if primary {
        f
    } else {
        Field::PinyinAlt
    }
}

/// Syllable pairs of the name, every reading (`qing'dao`): pinyin typed
/// from inside a name. Pinyin from the start of a name or trade name is
/// found through the sorted start keys ([`pinyin_keys`]).
fn pinyin_terms(
    per_char: &[std::borrow::Cow<'_, Flagged>],
    buf: &mut String,
    emit: &mut dyn FnMut(&str, Field),
) {
    for w in per_char.windows(2) {
        let mut n = 0;
        for (a, pa) in &w[0].full {
            for (b, pb) in &w[1].full {
                if n < MAX_COMBOS {
                    // `pair_term(a, b)`, spelt into a reused buffer.
                    buf.clear();
                    buf.push_str(a);
                    buf.push(PAIR_SEPARATOR);
                    buf.push_str(b);
                    emit(buf, field_of(*pa && *pb, Field::Pinyin));
                    n += 1;
                }
            }
        }
    }
}

/// What `pair_term` puts between two syllables (checked in the tests).
const PAIR_SEPARATOR: char = '\'';

/// Characters of a name whose readings make its pinyin start keys.
pub const START_CHARS: usize = 8;
/// Characters whose initials make its initials keys: one letter each, so
/// more of a long name (烟台市莱山区 + a trade name and a trade) is held.
const INITIALS_CHARS: usize = 12;
/// Readings combinations per start key of the name (primary first); the
/// trade name's key has two (a character's first two readings).
const START_COMBOS: usize = 3;

/// The pinyin start keys of a doc whose name, normalised, is `name` (see
/// `zhixin_core::PinyinChunk`): the toneless pinyin of the first
/// [`START_CHARS`] characters of its name, of its trade name (after its
/// place, and after 市 and a district that follow it: weak) and, when 市 or
/// a district follows the place, of the place and the trade name (宁波 +
/// 宏达电器 for 宁波市宏达电器: people leave them out), with their initials
/// (`#nbhddq`; `#hddq` from the trade name, weak); each given to `emit`
/// with its syllable ends and whether it is weak.
pub(crate) fn pinyin_keys(
    name: &str,
    is_place: &dyn Fn(&str) -> bool,
    readings: &Readings,
    emit: &mut dyn FnMut(&str, u32, bool),
) {
    let core = strip_org_suffix(name);
    let chars: Vec<char> = core.chars().collect();
    let trade_start = place_of(core, is_place).map(|p| trade_start(core, p));
    let of = |cs: &[char]| -> Vec<std::borrow::Cow<'_, Flagged>> {
        cs.iter()
            .take(INITIALS_CHARS)
            .map(|&c| readings.of(c))
            .collect()
    };
    // (characters, combinations of readings, primary)
    let mut seqs = vec![(of(&chars), START_COMBOS, true)];
    // The place in every reading, the rest in its primary one: the
    // combinations of the name's own key go to its later characters first.
    let primary_only = |f: std::borrow::Cow<'_, Flagged>| {
        let mut f = f.into_owned();
        f.full.truncate(1);
        f.initials.truncate(1);
        std::borrow::Cow::Owned(f)
    };
    let two_readings = |f: std::borrow::Cow<'_, Flagged>| {
        let mut f = f.into_owned();
        f.full.truncate(2);
        f.initials.truncate(2);
        std::borrow::Cow::Owned(f)
    };
    if let Some(p) = place_of(core, is_place) {
        if p.chars().any(|c| readings.of(c).full.len() > 1) {
            let mut varied = of(&chars[..2]);
            varied.extend(of(&chars[2..]).into_iter().map(primary_only));
            varied.truncate(INITIALS_CHARS);
            seqs.push((varied, START_COMBOS, true));
        }
    }
    if let Some(t) = trade_start {
        // Two combinations: a trade name's character read otherwise than
        // first listed (晟: cheng, sheng) is still found from its start.
        seqs.push((of(&chars[t..]), 2, false));
        if t > 2 && t < chars.len() {
            // The place in every reading (佛山 is foshan, though 佛 is
            // first read fu), the trade name in its first two.
            let mut joined = of(&chars[..2]);
            joined.extend(of(&chars[t..]).into_iter().map(two_readings));
            joined.truncate(INITIALS_CHARS);
            seqs.push((joined, START_COMBOS, true));
        }
    }
    let mut buf = String::new();
    for (per_char, combos, primary) in &seqs {
        let mut full = [Combo::default(); START_COMBOS];
        full[0].primary = *primary;
        let mut nfull = 1;
        let mut inits = [Combo::default(); START_COMBOS];
        inits[0].primary = *primary;
        let mut ninits = 1;
        let combos = *combos;
        let mut depth = 0;
        let mut depth_full = 0;
        for f in per_char {
            if f.full.is_empty() {
                break;
            }
            if depth < START_CHARS {
                let mut next = [Combo::default(); START_COMBOS];
                nfull = extend(&full[..nfull], depth, &f.full, combos, true, &mut next);
                full = next;
                depth_full += 1;
            }
            let mut next = [Combo::default(); START_COMBOS];
            ninits = extend(
                &inits[..ninits],
                depth,
                &f.initials,
                combos,
                false,
                &mut next,
            );
            inits = next;
            depth += 1;
        }
        let chars = per_char.get(..depth_full).unwrap_or_default();
        for c in &full[..nfull] {
            spell(&mut buf, "", c, chars, |f| &f.full);
            if buf.len() >= 2 {
                emit(&buf, c.ends, !c.primary);
            }
        }
        let chars = per_char.get(..depth).unwrap_or_default();
        for c in &inits[..ninits] {
            spell(&mut buf, "#", c, chars, |f| &f.initials);
            if buf.len() >= 3 {
                // The trade name's initials in its common readings say so
                // (typed whole, they rank as a name's own key; through a
                // rarer reading, 服 read bi, not).
                let ends = if *primary || c.alts > 0 {
                    0
                } else {
                    TRADE_INITIALS
                };
                emit(&buf, ends, !c.primary);
            }
        }
    }
}

/// Where the trade name starts in `core`, which starts with `place`: after
/// the place, and after 市 and a district that follow it
/// (佛山市顺德区美达家具 → 美达家具).
fn trade_start(core: &str, place: &str) -> usize {
    let rest = &core[place.len()..];
    let after = after_district(rest);
    place.chars().count() + rest[..rest.len() - after.len()].chars().count()
}

/// One reading chosen for each character of a start key so far (by its
/// place in the character's list), the key's length in bytes, the syllable
/// ends and whether every reading chosen is primary: a key is spelt only
/// once it is complete.
#[derive(Clone, Copy, Default)]
struct Combo {
    picks: [u8; INITIALS_CHARS],
    /// Rarer readings picked.
    alts: u8,
    /// The sum of their places: among combinations with as many, those
    /// whose rarer readings come first (the place's) are kept.
    alt_at: u16,
    len: usize,
    ends: u32,
    primary: bool,
}

/// The first `cap` (at most [`START_COMBOS`]) combinations of `from`, in
/// order, each followed by one of the next character's `readings`, into
/// `out`; returns how many. `depth` is the next character's place.
fn extend(
    from: &[Combo],
    depth: usize,
    readings: &[(String, bool)],
    cap: usize,
    ends: bool,
    out: &mut [Combo; START_COMBOS],
) -> usize {
    // Every continuation, then the `cap` with the fewest rarer readings
    // (stable: in order among equals), so that a rarer reading early in the
    // name (厦 read xia) is not crowded out by those of later characters.
    let mut all: Vec<Combo> = Vec::with_capacity(from.len() * readings.len());
    for c in from {
        for (j, (s, primary)) in readings.iter().enumerate() {
            let mut x = *c;
            if let Some(p) = x.picks.get_mut(depth) {
                *p = j as u8;
            }
            x.len += s.len();
            if ends && (1..=32).contains(&x.len) {
                x.ends |= 1 << (x.len - 1);
            }
            x.primary = c.primary && *primary;
            x.alts = c.alts + u8::from(!*primary);
            if !*primary {
                x.alt_at = c.alt_at + depth as u16;
            }
            all.push(x);
        }
    }
    all.sort_by_key(|c| (c.alts, c.alt_at));
    let n = all.len().min(cap.min(START_COMBOS));
    out[..n].copy_from_slice(&all[..n]);
    n
}

/// Spells combination `c` of `chars` (readings or initials, as `list`
/// picks) after `prefix` into `buf`.
fn spell(
    buf: &mut String,
    prefix: &str,
    c: &Combo,
    chars: &[std::borrow::Cow<'_, Flagged>],
    list: impl Fn(&Flagged) -> &Vec<(String, bool)>,
) {
    buf.clear();
    buf.push_str(prefix);
    for (f, &p) in chars.iter().zip(&c.picks) {
        if let Some((s, _)) = list(f).get(p as usize) {
            buf.push_str(s);
        }
    }
}

/// The place prefix `core` (a normalised name without its organisation
/// suffix) starts with, when it has more after it.
fn place_of<'a>(core: &'a str, is_place: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    let end = core.char_indices().nth(2).map(|(i, _)| i)?;
    let head = &core[..end];
    (end < core.len() && is_place(head)).then_some(head)
}

/// Calls `emit` with every (term, field) of an enterprise (possibly twice);
/// `name` is its name normalised.
pub fn each_term(
    e: &Enterprise,
    name: &str,
    t2s: &T2s,
    is_place: &dyn Fn(&str) -> bool,
    readings: &Readings,
    emit: &mut dyn FnMut(&str, Field),
) {
    let mut buf = String::new();
    let core = strip_org_suffix(name);
    let chars: Vec<char> = core.chars().collect();
    let place = place_of(core, is_place);
    let trade_start = place.map(|p| trade_start(core, p));
    name_terms(&chars, place, Field::Name, &mut buf, emit);
    // The name's first two characters, anchored: a name typed whole ranks
    // above the longer names that hold it after their place.
    if chars.len() >= 2 {
        emit(&start_bigram_term(chars[0], chars[1]), Field::Name);
    }
    // The trade name's first two characters, anchored: a trade name typed
    // alone or spoken (银康公司) finds its names when its bigram is common.
    let t = trade_start.unwrap_or(0);
    if let (Some(&a), Some(&b)) = (chars.get(t), chars.get(t + 1)) {
        emit(&trade_start_term(a, b), Field::Name);
        // With the company form (`^^银康~股份有限公司`): a name typed
        // with its form, without its place, finds the names of that form first.
        let form = &name[core.len()..];
        if !form.is_empty() {
            emit(&trade_form_term(a, b, form), Field::Name);
        }
    }
    // A place in brackets after the trade name (瑞兰（潍坊）鞋业), as typed
    // with the place first (潍坊瑞兰鞋业): its terms with that place.
    if let Some(alt) = place_first(e, t2s, is_place) {
        let alt_chars: Vec<char> = strip_org_suffix(&alt).chars().collect();
        let alt_core: String = alt_chars.iter().collect();
        name_terms(
            &alt_chars,
            place_of(&alt_core, is_place),
            Field::Name,
            &mut buf,
            emit,
        );
    }
    for &i in std::iter::once(&0).chain(trade_start.as_ref()) {
        if let Some(&c) = chars.get(i) {
            emit(&first_char_term(c), Field::Name);
        }
    }
    let per_char: Vec<std::borrow::Cow<'_, Flagged>> =
        chars.iter().map(|&c| readings.of(c)).collect();
    pinyin_terms(&per_char, &mut buf, emit);
    for f in &e.former_names {
        let n = normalize(f, Some(t2s));
        let core = strip_org_suffix(&n);
        let chars: Vec<char> = core.chars().collect();
        name_terms(
            &chars,
            place_of(core, is_place),
            Field::Former,
            &mut buf,
            emit,
        );
    }
    for b in &e.brands {
        let n = normalize(b, Some(t2s));
        bigrams_into(&n, Field::Brand, &mut buf, emit);
        if !n.is_empty() {
            emit(&exact_term(&n), Field::Brand);
        }
    }
}

/// The name of `e` with a place in brackets after its trade name moved to
/// the front (`潍坊瑞兰鞋业有限公司` for 瑞兰（潍坊）鞋业有限公司),
/// normalised, when the brackets hold a learnt place.
pub(crate) fn place_first(
    e: &Enterprise,
    t2s: &T2s,
    is_place: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let (place, alt) = place_in_brackets_first(&e.name, Some(t2s))?;
    is_place(&place).then_some(alt)
}

/// The text terms of a name or former name (`chars`, without its
/// organisation suffix): bigrams, skip-bigrams, and the characters after its
/// place prefix with the place.
fn name_terms(
    chars: &[char],
    place: Option<&str>,
    field: Field,
    buf: &mut String,
    emit: &mut dyn FnMut(&str, Field),
) {
    for w in chars.windows(2) {
        buf.clear();
        buf.extend(w);
        emit(buf, field);
    }
    for w in chars.windows(3) {
        buf.clear();
        buf.push(w[0]);
        buf.push('_');
        buf.push(w[2]);
        emit(buf, field);
    }
    if let Some(p) = place {
        for &c in chars.get(2..).unwrap_or_default() {
            buf.clear();
            buf.push('@');
            buf.push_str(p);
            buf.push(c);
            emit(buf, field);
        }
    }
}

fn bigrams_into(text: &str, field: Field, buf: &mut String, emit: &mut dyn FnMut(&str, Field)) {
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(2) {
        buf.clear();
        buf.extend(w);
        emit(buf, field);
    }
}

/// Every (term, field) of an enterprise, deduplicated; `is_place` tells the
/// learnt place prefixes ([`detect_places`]).
pub fn doc_terms(
    e: &Enterprise,
    t2s: &T2s,
    is_place: &dyn Fn(&str) -> bool,
) -> Vec<(String, Field)> {
    let mut out: Vec<(String, Field)> = Vec::new();
    let name = normalize(&e.name, Some(t2s));
    each_term(e, &name, t2s, is_place, Readings::get(), &mut |t, f| {
        out.push((t.to_string(), f))
    });
    out.sort();
    out.dedup();
    out
}

/// Place prefixes found in the data: two-character name beginnings shared
/// by many enterprises (青岛, 北京 …). Real registries have thousands of
/// places, so they are learnt rather than listed; a beginning counts as a
/// place when at least `max(20, n / 2000)` names start with it, and so does
/// a district of two characters named after such a place and 市 in at
/// least two names (`佛山市三水区…` → 三水).
pub fn detect_places(names: &[String]) -> Vec<String> {
    detect_places_in(names.iter().map(String::as_str))
}

/// [`detect_places`] of borrowed names.
pub(crate) fn detect_places_in<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Vec<String> {
    let len = names.len();
    let mut count: HashMap<String, usize> = HashMap::new();
    // Districts of two characters named after a city and 市 (佛山市三水区…),
    // with the city they follow.
    let mut districts: HashMap<String, (String, usize)> = HashMap::new();
    for n in names {
        let p: String = n.chars().take(2).collect();
        if p.chars().count() == 2 && p.chars().all(is_cjk) && n.chars().count() > 3 {
            let c: Vec<char> = n.chars().take(7).collect();
            if let [_, _, '市', a, b, '区', _] = c[..] {
                if is_cjk(a) && is_cjk(b) {
                    let d = districts
                        .entry([a, b].iter().collect())
                        .or_insert((p.clone(), 0));
                    d.1 += 1;
                }
            }
            *count.entry(p).or_default() += 1;
        }
    }
    let min = (len / 2000).max(20);
    let mut v: Vec<String> = count
        .iter()
        .filter(|&(_, &c)| c >= min)
        .map(|(p, _)| p.clone())
        .collect();
    // A district of a learnt city is a place too: names start with it
    // without its 区 (三水澄驰灯饰 for a name registered in 佛山市三水区),
    // too few in a small registry to be learnt from their beginnings.
    let cities: std::collections::HashSet<String> = v.iter().cloned().collect();
    v.extend(
        districts
            .into_iter()
            .filter(|(d, (city, n))| *n >= 2 && cities.contains(city) && !cities.contains(d))
            .map(|(d, _)| d),
    );
    v.sort();
    v
}

#[cfg(test)]
mod tests;
