//! Scoring: a candidate's card against the query, by the tiers exact name >
//! name > former name > brand > pinyin > fuzzy, and the order of hits.

use super::cache::{self, CardIndex, Chunks};
use super::candidates::{Candidate, FORM_WORDS};
use super::pinyin::Sounds;
use super::plan::{Plan, Reading};
use super::typed::{form_agreement, one_swap, substring_distance, without_district, Form};
use super::{Hit, MatchKind, Search};
use crate::format::Meta;
use crate::normalize::strip_org_suffix;
use crate::StableSort;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

impl Search<'_> {
    pub(super) fn score(&mut self, chunks: &Chunks, plan: &Plan, cands: &[Candidate]) -> Vec<Hit> {
        let day = self.day();
        let mut hits = Vec::new();
        let t2s = self.t2s.clone();
        let t2s = t2s.as_deref();
        let sounds = self.sounds.clone();
        // One fuzzy matcher per scoring, and the query's best score against
        // itself computed once, not once per card.
        let matcher = SkimMatcherV2::default();
        let self_score = match plan {
            Plan::Text { core, .. } => matcher.fuzzy_match(core, core).unwrap_or(1).max(1) as f32,
            _ => 1.0,
        };
        let fuzzy = Fuzzy {
            matcher: &matcher,
            self_score,
        };
        for c in cands {
            let Some(path) = self.meta.card_chunk_for(c.doc).map(str::to_string) else {
                continue;
            };
            // A card chunk's lines are found once, and each card decoded
            // and normalised once, per `Chunks`.
            let Some((b, index)) = self.chunk::<CardIndex>(chunks, &path) else {
                continue;
            };
            let cached = match index.card(b, c.doc) {
                Some(Ok(cached)) => cached,
                None => continue,
                Some(Err(kind)) => {
                    self.fail(&path, kind);
                    continue;
                }
            };
            let card = &cached.card;
            if !self.filters.accepts(card, day) {
                continue;
            }
            let norms = cached.norms(t2s);
            let scored = match plan {
                Plan::Empty | Plan::Browse { .. } => None,
                Plan::Code { .. } => Some((if self.repaired { 0.9 } else { 1.0 }, MatchKind::Code)),
                Plan::Text {
                    norm,
                    core,
                    suffix_typo,
                    form,
                    brand,
                    ..
                } => match c.reading {
                    Reading::Text => {
                        let q = Query {
                            norm,
                            core,
                            form,
                            brand: *brand,
                            sounds: sounds.as_deref(),
                        };
                        // 瑞兰（潍坊）鞋业 as typed with its place first
                        // (潍坊瑞兰鞋业): scored as that name too, below
                        // a name that is so.
                        let moved = norms
                            .place_first
                            .as_ref()
                            .filter(|(p, alt)| self.meta.place_prefix(alt) == Some(p.as_str()))
                            .and_then(|(_, alt)| {
                                let texts = cache::Norms {
                                    name: alt.clone(),
                                    former: Vec::new(),
                                    brands: Vec::new(),
                                    place_first: None,
                                };
                                score_text(&texts, &q, self.meta, &fuzzy)
                            })
                            .map(|(s, k)| (s.min(0.965) - 0.005, k));
                        let own = score_text(norms, &q, self.meta, &fuzzy);
                        let best = match (own, moved) {
                            (Some(a), Some(b)) if b.0 > a.0 => Some(b),
                            (None, b) => b,
                            (a, _) => a,
                        };
                        best.map(|(s, k)| {
                            // The name but for a misspelt company form.
                            if *suffix_typo && k == MatchKind::Name && s >= 0.95 {
                                (0.95, MatchKind::Fuzzy)
                            } else {
                                (s, k)
                            }
                        })
                    }
                    Reading::PinyinStart | Reading::Pinyin | Reading::Initials => {
                        let name_core = strip_org_suffix(&norms.name);
                        let len = name_core.chars().count().max(1) as f32;
                        // Typed whole but for 实业 or 厂: only when the name ends so
                        // (else it is a name still being typed, a trade name's
                        // key weaker again).
                        let tail_ok = c.tail == 0
                            || FORM_WORDS.iter().any(|(w, i)| {
                                i.len() == usize::from(c.tail) && name_core.ends_with(w)
                            });
                        let (complete, held) = match tail_ok {
                            true => (c.complete, c.held),
                            false if c.held < 1.0 => (false, c.held.min(0.9)),
                            false => (false, c.held),
                        };
                        // A name's own key typed whole that skipped its 市 or
                        // district (zsqjwj for 中山市琪聚玩具: fewer letters than
                        // characters) a little below one that spells the
                        // name as written (中山琦骏玩具).
                        let written = len - f32::from(c.tail);
                        let cover = match complete {
                            true if c.reading == Reading::Initials
                                && held >= 1.0
                                && (c.units as f32) < written =>
                            {
                                0.995
                            }
                            true => 1.0,
                            false => (c.units as f32 / len).min(1.0),
                        };
                        // A match through a character's rarer reading, from the
                        // trade name's start or ending inside a syllable ranks
                        // below any through the common readings from the start,
                        // however much of the name the letters cover.
                        // Bonus terms held (syllables typed beyond the keys) tell equals apart.
                        let alt = 0.9 * (1.0 - held).clamp(0.0, 1.0) - c.extra.min(0.01);
                        Some(match c.reading {
                            Reading::PinyinStart => (0.50 + 0.04 * cover - alt, MatchKind::Pinyin),
                            Reading::Pinyin => (0.46 + 0.03 * cover - alt, MatchKind::Pinyin),
                            _ => (0.36 + 0.08 * cover - alt, MatchKind::PinyinInitials),
                        })
                    }
                },
            };
            if let Some((score, matched)) = scored {
                hits.push(Hit {
                    uscc: card.uscc.clone(),
                    name: card.name.clone(),
                    score,
                    matched,
                    card: card.clone(),
                });
            }
        }
        sort_hits(&mut hits);
        hits.truncate(self.limit);
        hits
    }
}

/// Best first: score, then the shorter name, then the code.
pub fn sort_hits(hits: &mut [Hit]) {
    hits.stable_sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.name.chars().count().cmp(&b.name.chars().count()))
            .then(a.uscc.cmp(&b.uscc))
    });
}

/// The matcher for abbreviations, and the query's score against itself.
struct Fuzzy<'a> {
    matcher: &'a SkimMatcherV2,
    self_score: f32,
}

/// What was typed, as [`score_text`] weighs it.
struct Query<'a> {
    norm: &'a str,
    core: &'a str,
    form: &'a Form,
    /// Ended in 牌: a brand.
    brand: bool,
    /// The registry's readings, when the query was read for homophones.
    sounds: Option<&'a Sounds>,
}

/// The score of a brand and a product word its owner's name holds
/// (星辉电缆): above a name holding the query from inside its trade name.
pub(super) const BRAND_PRODUCT: f32 = 0.865;

/// The score of a whole name typed with one character different (not a
/// homophone): a name keeping every character typed may still be found.
pub(super) const ONE_WRONG: f32 = 0.92;

/// Scores a card against a text query: the best of its fields. A field
/// equal to the query (a name, a name after its place or district, a former
/// name, a brand) outranks a field that merely contains it; the company
/// form typed counts for the names that have it and against those that
/// have another. Tiers: exact name 0.98, name without its form 0.97, name
/// after its place 0.95 (±), former name 0.94, brand 0.94, the whole name
/// one edit or swap off 0.92, names containing the query 0.80–0.93, a
/// brand and a product word of the name 0.865, former names and brands
/// containing the query below, fuzzy matches last.
fn score_text(
    norms: &cache::Norms,
    q: &Query,
    meta: &Meta,
    fuzzy: &Fuzzy,
) -> Option<(f32, MatchKind)> {
    let (norm, core) = (q.norm, q.core);
    let mut best: Option<(f32, MatchKind)> = None;
    let mut consider = |s: f32, k: MatchKind| {
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, k));
        }
    };
    let qlen = core.chars().count() as f32;
    let name = &norms.name;
    let name_core = strip_org_suffix(name);
    let agree = form_agreement(q.form, name);
    // Did the query spell out a company form (有限公司 …, misspelt or not)?
    let query_suffix =
        norm.len() != core.len() && !matches!(q.form, Form::Spoken | Form::Partial(_)) && !q.brand;
    let place = meta.place_prefix(name_core);
    let without_place = place.map(|p| &name_core[p.len()..]);
    // 佛山市顺德区美达家具 → 美达家具: typed as 美达家具 or 佛山市美达家具.
    let without_dist = without_place.and_then(without_district);
    let after_place = |w: Option<&str>| w.is_some_and(|w| w == core);
    // The query's place and what follows it, without 市 or a district
    // (佛山市美达家具 → 佛山, 美达家具), when the name starts with that place.
    let typed_rest = meta
        .place_prefix(core)
        .filter(|qp| Some(*qp) == place)
        .map(|qp| {
            let rest = &core[qp.len()..];
            without_district(rest).unwrap_or(rest)
        });
    let name_rest = without_dist.or(without_place).unwrap_or(name_core);
    let same_place_typed =
        typed_rest.is_some_and(|r| Some(r) == without_place || Some(r) == without_dist);
    let form = 0.005 * agree.max(-2) as f32;
    // A name ending in 厂 (a factory) has no organisation suffix to strip.
    let factory = qlen >= 4.0 && core.ends_with('厂');
    // The query is the whole trade name when what follows it is a trade
    // (words shared by very many names: 智能科技 after 麟瑞): a little above
    // a longer trade name starting with it (麟瑞璟朗仪表).
    let whole_trade = |text: &str| {
        text.strip_prefix(core).is_some_and(|r| {
            let grams = super::plan::bigrams(r);
            !grams.is_empty() && grams.iter().all(|g| meta.is_common(g))
        })
    };
    if name == norm {
        consider(0.98, MatchKind::Name);
    } else if name_core == core {
        // The name with another company form than the one typed ranks
        // lower; one of its kind (有限公司 for 有限责任公司) below a name
        // with the very form typed after its place or with its place in
        // brackets (0.955).
        consider(
            match agree {
                ..=-1 => 0.90,
                1 => 0.953,
                _ => 0.97,
            },
            MatchKind::Name,
        );
    } else if after_place(without_place) || after_place(without_dist) || same_place_typed {
        consider(
            match agree {
                2 => 0.96,
                1 => 0.955,
                0 => 0.95,
                _ => 0.89,
            },
            MatchKind::Name,
        );
    } else if name_core.contains(core) {
        // How much of the name the query covers; of the name after its
        // place when it starts there (麟瑞 covers half of 杭州麟瑞纺织's
        // 麟瑞纺织, a third of 麟瑞璟朗仪表).
        let of = if name_rest.starts_with(core) {
            name_rest
        } else {
            name_core
        };
        let cover = qlen / of.chars().count().max(1) as f32;
        // A query at the start of the name (or of the name after its place)
        // is what people type; a fragment from the middle ranks a little lower.
        let start = name_core.starts_with(core)
            || without_place.is_some_and(|w| w.starts_with(core))
            || name_rest.starts_with(core);
        let trade = if whole_trade(name_rest) || whole_trade(name_core) {
            0.03
        } else {
            0.0
        };
        // From inside a trade name (禄聚翠涂料 holding 聚翠涂料), a part of
        // another word: below a brand and a product word of its owner.
        let base = match start {
            true => (0.82 + 0.12 * cover).min(0.925),
            false => (0.80 + 0.12 * cover).min(BRAND_PRODUCT - 0.005),
        };
        // Siblings that differ only in the form: the one typed first.
        consider((base + trade).min(0.935) + form, MatchKind::Name);
    } else if let Some(r) = typed_rest.filter(|r| !r.is_empty() && name_rest.contains(r)) {
        // The place and part of what follows its district (淄博莲恒 for
        // 淄博市莲恒塑胶, 佛山市美达 for 佛山市顺德区美达家具), a little
        // below a name that holds what was typed as typed.
        let typed = (2 + r.chars().count()) as f32;
        let cover = typed / name_core.chars().count().max(1) as f32;
        let start = name_rest.starts_with(r);
        consider(
            (0.79 + 0.12 * cover + if start { 0.02 } else { 0.0 }).min(0.915) + form,
            MatchKind::Name,
        );
    }
    for f in &norms.former {
        let fc = strip_org_suffix(f);
        let f_without_place = meta.place_prefix(fc).map(|p| &fc[p.len()..]);
        if f == norm && (query_suffix || factory) {
            // A former name typed in full, form and all, character for
            // character: above a current name with one character wrong
            // (0.92), one that merely contains it, one of another place
            // with a form of its kind, and one that holds it only with its
            // place read otherwise (烟台聚茂… for 烟台市聚茂…, 0.96).
            consider(0.962, MatchKind::FormerName);
        } else if fc == core {
            consider(
                if form_agreement(q.form, f) < 0 {
                    0.89
                } else {
                    0.94
                },
                MatchKind::FormerName,
            );
        } else if f_without_place == Some(core) {
            // Its place left out; another company form typed says it is not this one.
            consider(
                if form_agreement(q.form, f) < 0 {
                    0.885
                } else {
                    0.93
                },
                MatchKind::FormerName,
            );
        } else if fc.contains(core) {
            consider(
                0.65 + 0.12 * qlen / fc.chars().count().max(1) as f32,
                MatchKind::FormerName,
            );
        }
    }
    // A company form typed (银康公司, 银康有限公司, …厂) names a company, not a brand.
    let company = !matches!(q.form, Form::None) || factory;
    for b in &norms.brands {
        if b == core {
            // A whole brand outranks names that merely contain it; typed
            // with 牌 it is surely the brand.
            consider(
                match (q.brand, company) {
                    (true, _) => 0.955,
                    (false, false) => 0.94,
                    (false, true) => 0.78,
                },
                MatchKind::Brand,
            );
        } else if let Some(rest) = core.strip_prefix(b.as_str()).filter(|r| {
            // Not after a company form (烨英子有限公司 is a name with a
            // character missing, not the brand 烨英 and a product).
            !company && b.chars().count() >= 2 && (1..=5).contains(&r.chars().count())
        }) {
            // A brand and a product word (星辉电缆), surer when the name
            // has the word: then above a name holding the query only from
            // inside its trade name (禄聚翠涂料 for 聚翠涂料), below one
            // starting with it; and the longer the whole brand the surer
            // (屹迅璟 and 模具 over 屹迅 and 璟模具).
            let named = name_core.contains(rest);
            let share = 0.01 * b.chars().count() as f32 / qlen.max(1.0);
            consider(
                if named { BRAND_PRODUCT } else { 0.77 } + share,
                MatchKind::Brand,
            );
        } else if b.contains(core) {
            consider(
                0.55 + 0.08 * qlen / b.chars().count().max(1) as f32,
                MatchKind::Brand,
            );
        }
    }
    // The whole name typed with one character wrong, missing or extra, or
    // two neighbours swapped: a near-exact match, above a name that merely
    // contains the query.
    // Three characters typed with a form are enough when one was left out
    // (飞美具有限公司 for 飞美厨具有限公司): every one typed is there.
    let longer = name.chars().count() == norm.chars().count() + 1;
    if (query_suffix || factory)
        && (qlen >= 4.0 || (qlen >= 3.0 && longer))
        && best.is_none_or(|(b, _)| b < ONE_WRONG)
        && (within_one(norm, name) || one_swap(norm, name))
    {
        // A character left out, or two neighbours swapped, keeps every
        // character typed: a little above a name with one of them
        // different; a homophone typed (迅伟 for 迅威, the slip a pinyin
        // keyboard makes) above both.
        let kept = longer || one_swap(norm, name);
        let score = if q.sounds.is_some_and(|s| homophone_typed(s, norm, name)) {
            0.922
        } else if kept {
            0.921
        } else {
            ONE_WRONG
        };
        return Some((score, MatchKind::Fuzzy));
    }
    if let Some(b) = best {
        return Some(b);
    }
    if let Some(r) = one_edit_substring(core, name_core) {
        return Some((0.15 + 0.19 * r, MatchKind::Fuzzy));
    }
    for f in &norms.former {
        if let Some(r) = one_edit_substring(core, strip_org_suffix(f)) {
            return Some((0.13 + 0.1 * r, MatchKind::Fuzzy));
        }
    }
    // Characters in order with gaps (an abbreviation): the weakest match.
    if qlen >= 3.0 {
        if let Some(sc) = fuzzy.matcher.fuzzy_match(name_core, core) {
            let max = fuzzy.self_score;
            return Some((
                0.05 + 0.08 * (sc as f32 / max).clamp(0.0, 1.0),
                MatchKind::Fuzzy,
            ));
        }
    }
    None
}

/// True when `typed` is `name` with one character replaced by one that
/// sounds the same.
fn homophone_typed(sounds: &Sounds, typed: &str, name: &str) -> bool {
    let mut diff = typed.chars().zip(name.chars()).filter(|(a, b)| a != b);
    typed.chars().count() == name.chars().count()
        && matches!((diff.next(), diff.next()), (Some((a, b)), None) if sounds.alike(a, b))
}

/// True when `a` and `b` are at most one edit (substitution, insertion,
/// deletion) apart.
pub fn within_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (s, l) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if l.len() - s.len() > 1 {
        return false;
    }
    let p = s.iter().zip(l.iter()).take_while(|(x, y)| x == y).count();
    if s.len() == l.len() {
        s[p + 1.min(s.len() - p)..] == l[p + 1.min(l.len() - p)..]
    } else {
        s[p..] == l[p + 1..]
    }
}

/// When `q` is within one edit (substitution, insertion, deletion, or two
/// neighbours swapped) of a substring of `text`, how much of `text` it
/// covers (0..=1).
pub fn one_edit_substring(q: &str, text: &str) -> Option<f32> {
    let q: Vec<char> = q.chars().collect();
    let t: Vec<char> = text.chars().collect();
    if q.len() < 3 {
        return None;
    }
    (substring_distance(&q, &t) <= 1).then(|| (q.len() as f32 / t.len().max(1) as f32).min(1.0))
}
