//! Query planning: how a normalised query is read (a credit code, character
//! terms, pinyin) into the term groups and pinyin starts whose chunks it needs.

use super::cache::Chunks;
use super::pinyin;
use super::typed::{self, without_district, Form};
use super::Search;
use crate::format::{code_keys, old_id_key, PinyinFence};
use crate::model::{HonourKind, ListKind};
use crate::normalize::{is_cjk, normalize, strip_org_suffix_fuzzy, ORG_SUFFIXES};
use crate::uscc;
use crate::StableSort;
use std::collections::BTreeSet;

/// How a group of terms was read from the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Reading {
    /// Characters: bigrams of names, former names and brands.
    Text,
    /// Full pinyin from the start of the name.
    PinyinStart,
    /// Full pinyin: syllable pairs.
    Pinyin,
    /// Pinyin initials: trigrams.
    Initials,
}

/// Terms read one way, and how many of them a candidate must hold.
#[derive(Clone, Debug)]
pub(super) struct Group {
    pub(super) reading: Reading,
    pub(super) terms: Vec<String>,
    pub(super) need: usize,
    /// Query units (syllables or letters) for the coverage of pinyin scores.
    pub(super) units: usize,
    /// Terms looked up only when the first round finds no name, former name
    /// or brand containing the query (a name typed with a wrong character),
    /// or for pinyin pairs no name starting so: a second round of fetches
    /// for those queries rather than more bytes for every query.
    pub(super) later: Vec<String>,
    /// What the group stands for, which decides how its docs rank.
    pub(super) role: Role,
    /// Its later terms were taken (a second round).
    pub(super) retried: bool,
}

/// What a group of terms stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// The query as typed (characters or pinyin).
    Main,
    /// The characters after a place typed with 市 or a district: a little
    /// below a name holding the query as typed, which it also finds.
    Place,
    /// The query with two neighbours swapped back.
    Swap,
    /// The terms a name one edit from the query holds around one place
    /// (see [`Search::edit_groups`]): found with them, a doc ranks by how
    /// much of the query it holds otherwise, above one found without.
    Edit,
    /// Whole brands the query starts with (a brand and a product word):
    /// holding one is strong evidence, however many were looked up.
    Brand,
    /// Terms that only tell equal candidates apart (a name starting as the
    /// query does): they find no candidate of their own.
    Bonus,
}

/// Letters looked up in the sorted pinyin start keys (`PinyinChunk`):
/// pinyin (`qingdaoyin`) or `#` and initials (`#qdyk`).
#[derive(Clone, Debug)]
pub(super) struct Start {
    pub(super) typed: String,
    pub(super) reading: Reading,
    /// Syllables or letters typed, for the coverage of pinyin scores.
    pub(super) units: usize,
}

/// At most this many pinyin start shards are read per query: a short query
/// matches more names than they hold, and shows the first of them.
pub(super) const MAX_START_SHARDS: usize = 2;

/// The normalised query and what it asks for.
#[derive(Clone, Debug)]
pub(super) enum Plan {
    /// Nothing to search for.
    Empty,
    /// A credit code (upper-cased).
    Code { code: String },
    /// Text: the normalised query, its form without the org suffix, and its term groups.
    Text {
        norm: String,
        core: String,
        /// The organisation suffix was stripped though misspelt.
        suffix_typo: bool,
        /// The company form typed (evidence for names that have it).
        form: Form,
        /// The query ended in 牌: a brand as people say it.
        brand: bool,
        groups: Vec<Group>,
        /// Letters looked up in the pinyin start keys.
        starts: Vec<Start>,
        /// No name contains the query: it is read for homophones too (the
        /// registry's `sounds` chunk, then [`Plan::Text::sounds`]).
        sound_wanted: bool,
        /// The query as it sounds (its pinyin), looked up in the pinyin
        /// start keys: the names typed with a homophone.
        sounds: Vec<Start>,
    },
    /// No query but filters: walk the rolls that can satisfy them.
    Browse { rolls: Vec<String> },
}

/// At most this many terms per reading are looked up, so that a long query
/// costs no more fetches than a short one.
pub(super) const MAX_TERMS: usize = 4;

impl Search<'_> {
    pub(super) fn plan(&mut self) -> Plan {
        let compact: String = self
            .raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let code = uscc::normalize(&compact);
        if code.chars().count() == 18 && code.is_ascii() && code.bytes().any(|b| b.is_ascii_digit())
        {
            self.code_invalid = !uscc::is_valid(&code);
            return Plan::Code { code };
        }
        // A 15-digit registration number or a 9-character organisation
        // code: looked up exactly in the code shards (`old_id_key`).
        if let Some(code) = uscc::old_identifier(&compact) {
            return Plan::Code { code };
        }
        let norm = normalize(&self.raw, self.t2s.as_deref());
        if norm.is_empty() {
            return self.browse_plan();
        }
        if typed::is_form_word(&norm) {
            self.too_common = true;
            return Plan::Empty;
        }
        // Pinyin for the place and characters for the rest (`qingdao银康`):
        // the place's characters when the letters spell one, else the
        // characters alone.
        let mut place_in_pinyin = false;
        let norm = match typed::letters_then_characters(&norm) {
            Some((letters, rest)) => match self.meta.place_of_pinyin(letters) {
                Some(place) => {
                    place_in_pinyin = true;
                    format!("{place}{rest}")
                }
                None => rest.to_string(),
            },
            None => norm,
        };
        let (core, mut suffix_typo) = strip_org_suffix_fuzzy(&norm);
        let mut form = match &norm[core.len()..] {
            "" => Form::None,
            // Not misspelt but still being typed (`集团有限公`).
            start if suffix_typo && ORG_SUFFIXES.iter().any(|s| s.starts_with(start)) => {
                suffix_typo = false;
                Form::Partial(start.to_string())
            }
            _ if suffix_typo => Form::None,
            suffix => Form::Suffix(suffix.to_string()),
        };
        let mut core = core.to_string();
        if form == Form::None && !suffix_typo {
            if let Some(c) = typed::strip_spoken(&core) {
                core = c.to_string();
                form = Form::Spoken;
            } else if let Some((c, p)) = typed::strip_partial_form(&core) {
                // Typed keystroke by keystroke: `…集团有` is on its way to
                // 集团有限公司, which names are indexed without.
                form = Form::Partial(p.to_string());
                core = c.to_string();
            }
        }
        let brand = match typed::strip_pai(&core) {
            Some(b) => {
                core = b.to_string();
                true
            }
            None => false,
        };
        let mut groups = Vec::new();
        let mut starts = Vec::new();
        if let Some(mut g) = self.text_group(&core) {
            // A company form typed (银康公司, 银康有限) names a company, not a
            // brand: whole brands are not looked up, so the names holding
            // the trade name are not crowded out by the brand's owners.
            let company = form != Form::None;
            if company {
                g.terms.retain(|t| !t.starts_with('='));
            }
            groups.push(g);
            groups.extend(start_group(&core));
            groups.extend(self.form_group(&core, &form));
            groups.extend(self.trade_group(&core, company));
            groups.extend(self.place_group(&core, place_in_pinyin));
            groups.extend(swap_groups(&core));
            groups.extend(self.edit_groups(&core));
            if !company {
                groups.extend(brand_group(&core));
            }
        }
        if core.bytes().all(|b| b.is_ascii_lowercase()) {
            let (g, s) = self.pinyin_groups(&core);
            groups.extend(g);
            starts = s;
        }
        if groups.is_empty() && starts.is_empty() {
            return Plan::Empty;
        }
        Plan::Text {
            norm,
            core,
            suffix_typo,
            form,
            brand,
            groups,
            starts,
            sound_wanted: false,
            sounds: Vec::new(),
        }
    }

    /// Bigrams of the query (see [`Search::group`]), with the whole query
    /// for a short one (a brand typed in full, `=光耀`), skip-bigrams for a
    /// long one (`银_食`) and, when the query starts with a place prefix, its
    /// later characters with the place (`@青岛康`): a name typed with one
    /// wrong, missing or extra character keeps most of those, which tells it
    /// from the many names sharing one of its bigrams.
    /// One character looks up the names and trade names starting with it.
    pub(super) fn text_group(&self, core: &str) -> Option<Group> {
        let chars: Vec<char> = core.chars().collect();
        if let [c] = chars[..] {
            return is_cjk(c).then(|| Group {
                reading: Reading::Text,
                terms: vec![pinyin::first_char_term(c)],
                need: 1,
                units: 1,
                later: Vec::new(),
                role: Role::Main,
                retried: false,
            });
        }
        let grams = bigrams(core);
        if grams.is_empty() {
            return None;
        }
        let mut g = self.group(Reading::Text, grams, true, chars.len());
        if chars.len() <= 4 {
            g.terms.push(pinyin::exact_term(core));
        }
        if (3..=6).contains(&chars.len()) && chars.iter().all(|&c| is_cjk(c)) {
            // A short name typed with its second character wrong or missing
            // keeps few bigrams; the names (or trade names, after a place)
            // starting with its first character do, when they are few.
            let first = self
                .meta
                .place_prefix(core)
                .map_or(0, |p| p.chars().count());
            if let Some(&c) = chars.get(first) {
                let t = pinyin::first_char_term(c);
                if !self.meta.is_common(&t) {
                    g.later.push(t);
                }
            }
        }
        if chars.len() >= 3 && chars.iter().all(|&c| is_cjk(c)) {
            // A character left out: the name holds each bigram typed
            // around it as a skip-bigram (银食 → 银_食 of 银康食品).
            let gaps: Vec<String> = chars
                .windows(2)
                .map(|w| pinyin::skip_term(w[0], w[1]))
                .collect();
            let uncommon = gaps.iter().any(|t| !self.meta.is_common(t));
            g.later
                .extend(pick_terms(gaps, |t| uncommon && self.meta.is_common(t)));
        }
        if chars.len() >= 4 {
            let skips = pinyin::skip_terms(core);
            let uncommon = skips.iter().any(|t| !self.meta.is_common(t));
            let picked = pick_terms(skips, |t| uncommon && self.meta.is_common(t));
            g.later.extend(picked);
        }
        if let Some(place) = self.meta.place_prefix(core) {
            let rest: Vec<String> = core[place.len()..]
                .chars()
                .map(|c| pinyin::place_char_term(place, c))
                .collect();
            if rest.len() >= 3 {
                let uncommon = rest.iter().any(|t| !self.meta.is_common(t));
                let picked = pick_terms(rest, |t| uncommon && self.meta.is_common(t));
                g.later.extend(picked);
            }
        }
        Some(g)
    }

    /// Two characters typed with a company form (银康公司: a trade name
    /// spoken), or whose bigram is common: the names whose trade name
    /// starts with them (`^^银康`), which the capped bigram list may lack
    /// and the many names holding the bigram elsewhere (宙银康骁) crowd out.
    pub(super) fn trade_group(&self, core: &str, company: bool) -> Option<Group> {
        let mut it = core.chars();
        let (a, b) = (it.next()?, it.next()?);
        let gram: String = [a, b].iter().collect();
        let wanted = company || self.meta.is_common(&gram);
        (it.next().is_none() && is_cjk(a) && is_cjk(b) && wanted).then(|| Group {
            reading: Reading::Text,
            terms: vec![pinyin::trade_start_term(a, b)],
            need: 1,
            units: 2,
            later: Vec::new(),
            role: Role::Main,
            retried: false,
        })
    }

    /// A company form typed after a trade name (`迅秋精密模具有限责任公司`),
    /// as a bonus: among the many names holding the trade name, those
    /// with that form (`^^迅秋~有限责任公司`) are read first.
    fn form_group(&self, core: &str, form: &Form) -> Option<Group> {
        let Form::Suffix(form) = form else {
            return None;
        };
        let rest = match self.meta.place_prefix(core) {
            Some(p) => {
                let r = &core[p.len()..];
                without_district(r).unwrap_or(r)
            }
            None => core,
        };
        let mut it = rest.chars();
        let (a, b) = (it.next()?, it.next()?);
        (is_cjk(a) && is_cjk(b)).then(|| Group {
            reading: Reading::Text,
            terms: vec![pinyin::trade_form_term(a, b, form)],
            need: 1,
            units: 0,
            later: Vec::new(),
            role: Role::Bonus,
            retried: false,
        })
    }

    /// A place, 市 (or a district) and the first one or two characters of
    /// a trade name (`温州市祥`): their bigrams are shared by thousands of
    /// names (`州市`, `市祥`), the characters after the place (`@温州祥`) by
    /// the few in that place that hold them.
    /// So is a place typed in pinyin (`wenzhou祥茂`): the name may have 市
    /// after it.
    pub(super) fn place_group(&self, core: &str, place_in_pinyin: bool) -> Option<Group> {
        let place = self.meta.place_prefix(core)?;
        let rest = &core[place.len()..];
        let trade = pinyin::after_district(rest);
        let n = trade.chars().count();
        // Only with 市 or a district typed (without, the bigram after the
        // place finds the names), and only when the lists are whole.
        if !(1..=2).contains(&n) || (trade.len() == rest.len() && !place_in_pinyin) {
            return None;
        }
        let terms: Vec<String> = trade
            .chars()
            .map(|c| pinyin::place_char_term(place, c))
            .collect();
        if terms.iter().any(|t| self.meta.is_common(t)) {
            return None;
        }
        Some(Group {
            reading: Reading::Text,
            need: terms.len(),
            terms,
            units: core.chars().count(),
            later: Vec::new(),
            role: Role::Place,
            retried: false,
        })
    }

    /// The pinyin readings of lower-case letters: the letters as the start
    /// of a name or trade name (pinyin start keys, for every way of reading
    /// them as syllables at once), syllable pairs anywhere in a name, and,
    /// for a few letters that are not (all) syllables, initials from the start.
    pub(super) fn pinyin_groups(&self, core: &str) -> (Vec<Group>, Vec<Start>) {
        let mut groups = Vec::new();
        let mut starts = Vec::new();
        let mut segs = pinyin::segmentations(core, 2);
        // A complete reading beats one that ends mid-syllable
        // (`longcheng` is long cheng, not long chen + g).
        if segs.iter().any(|(_, partial)| !partial) {
            segs.retain(|(_, partial)| !partial);
        }
        if let Some((syl, partial)) = segs.first() {
            starts.push(Start {
                typed: core.to_string(),
                reading: Reading::PinyinStart,
                units: syl.len(),
            });
            // Start keys hold a name's first characters only: the names
            // sharing them (a long place and district, then 璟汇轮胎 or
            // 璟汇电缆) are told apart by the syllables typed beyond.
            let complete = syl.len() - usize::from(*partial);
            if complete > pinyin::START_KEY_CHARS {
                let tail: Vec<String> = syl[pinyin::START_KEY_CHARS - 1..complete]
                    .windows(2)
                    .map(|w| pinyin::pair_term(&w[0], &w[1]))
                    .collect();
                let n = tail.len();
                groups.push(Group {
                    reading: Reading::PinyinStart,
                    terms: tail.into_iter().skip(n.saturating_sub(2)).collect(),
                    need: 1,
                    units: 0,
                    later: Vec::new(),
                    role: Role::Bonus,
                    retried: false,
                });
            }
        }
        for (syl, partial) in &segs {
            let complete = if *partial {
                &syl[..syl.len() - 1]
            } else {
                &syl[..]
            };
            let pairs: Vec<String> = complete
                .windows(2)
                .map(|w| pinyin::pair_term(&w[0], &w[1]))
                .collect();
            if !pairs.is_empty() {
                // Pairs find pinyin typed from inside a name; only looked
                // up when the start keys found nothing.
                let mut g = self.group(Reading::Pinyin, pairs, false, complete.len());
                g.later = std::mem::take(&mut g.terms);
                groups.push(g);
            }
        }
        let letters = core.len();
        if letters >= pinyin::INITIALS_N && (segs.is_empty() || letters <= pinyin::PREFIX_MAX) {
            starts.push(Start {
                typed: format!("#{core}"),
                reading: Reading::Initials,
                units: letters,
            });
        }
        (groups, starts)
    }

    /// The pinyin start chunks `plan` needs: the fence first, then the
    /// shards it points to.
    pub(super) fn start_paths(&mut self, plan: &Plan, chunks: &Chunks) -> Vec<String> {
        let Plan::Text { starts, sounds, .. } = plan else {
            return Vec::new();
        };
        let Some(fence_path) = self.meta.pinyin_fence.clone() else {
            return Vec::new();
        };
        if starts.is_empty() && sounds.is_empty() {
            return Vec::new();
        }
        if !chunks.contains(&fence_path) {
            return vec![fence_path];
        }
        let Some((_, fence)) = self.chunk::<PinyinFence>(chunks, &fence_path) else {
            return Vec::new();
        };
        let mut paths: Vec<String> = starts
            .iter()
            .chain(sounds)
            .flat_map(|st| fence.shards_for(&st.typed, MAX_START_SHARDS))
            .filter_map(|i| self.meta.pinyin.path(i).map(str::to_string))
            .collect();
        paths.stable_sort();
        paths.dedup();
        paths
    }

    /// A group of at most [`MAX_TERMS`] of `terms`: the uncommon ones when
    /// there are any (a common term's list is capped, so a doc missing from
    /// it may still hold the term). With `typos`, a candidate may lack two
    /// of them, as one wrong character breaks two overlapping bigrams.
    pub(super) fn group(
        &self,
        reading: Reading,
        terms: Vec<String>,
        typos: bool,
        units: usize,
    ) -> Group {
        let uncommon = terms.iter().any(|g| !self.meta.is_common(g));
        let terms = pick_terms(terms, |t| uncommon && self.meta.is_common(t));
        let k = terms.len();
        let need = if uncommon && typos {
            k.saturating_sub(2).max(1)
        } else {
            k
        };
        Group {
            reading,
            terms,
            need,
            units,
            later: Vec::new(),
            role: Role::Main,
            retried: false,
        }
    }

    /// With an empty query, the rolls whose entries can pass the filters.
    pub(super) fn browse_plan(&self) -> Plan {
        let f = &self.filters;
        let rolls: Vec<String> = if f.blacklisted {
            ListKind::ALL
                .iter()
                .filter(|l| l.is_blacklist())
                .map(|l| l.id().to_string())
                .collect()
        } else if let Some(s) = f.scheme {
            vec![s.id().to_string()]
        } else if f.honours {
            HonourKind::ALL.iter().map(|h| h.id().to_string()).collect()
        } else {
            Vec::new()
        };
        if rolls.is_empty() {
            Plan::Empty
        } else {
            Plan::Browse { rolls }
        }
    }

    pub(super) fn plan_paths(&self, plan: &Plan) -> Vec<String> {
        let mut v: Vec<String> = match plan {
            Plan::Empty | Plan::Browse { .. } => Vec::new(),
            Plan::Code { code } => {
                // A code that fails its check may have two neighbours
                // swapped: those in the organisation code change both keys,
                // so the shards of the swapped-back codes are read too.
                let swaps = if self.code_invalid {
                    uscc::one_swap_away(code)
                } else {
                    Vec::new()
                };
                std::iter::once(code.as_str())
                    .chain(swaps.iter().map(String::as_str))
                    .filter_map(code_keys)
                    .flatten()
                    .chain(old_id_key(code))
                    .filter_map(|k| self.meta.codes.path_for(&k).map(str::to_string))
                    .collect()
            }
            Plan::Text { groups, .. } => groups
                .iter()
                .flat_map(|g| &g.terms)
                .filter_map(|t| self.meta.postings.path_for(t).map(str::to_string))
                .collect(),
        };
        v.stable_sort();
        v.dedup();
        v
    }
}

/// Queries of up to this many characters also look for a name with two
/// neighbouring characters swapped (longer ones through their edit groups).
const MAX_SWAP_CHARS: usize = 6;

/// For a short query of characters, one group per place where two
/// neighbouring characters may be swapped: the bigrams the name would hold
/// there, all needed, looked up only in the second round (no name contains
/// the query).
fn swap_groups(core: &str) -> Vec<Group> {
    let n = core.chars().count();
    if !(3..=MAX_SWAP_CHARS).contains(&n) || !core.chars().all(is_cjk) {
        return Vec::new();
    }
    typed::swap_variants(core)
        .into_iter()
        .map(|terms| Group {
            reading: Reading::Text,
            need: terms.len(),
            terms: Vec::new(),
            units: n,
            later: terms,
            role: Role::Swap,
            retried: false,
        })
        .collect()
}

/// Edits are looked for among this many characters after a query's place
/// (and 市 and a district): the trade name and the trade, typed from
/// memory; the place is typed as a word.
const MAX_EDIT_SPAN: usize = 8;

impl Search<'_> {
    /// For a query of four or more characters, one group per place where
    /// the name may differ from it by one edit (a character wrong, one left
    /// out, two neighbours swapped): the terms such a name holds around
    /// that place, all needed, looked up only in the second round (see
    /// [`typed::edit_signatures`]). Each is held by few names however
    /// common the query's words are, so the name meant is found among the
    /// thousands holding one of its bigrams (泉州市雄聚灯饰 for 泉州市聚雄灯饰,
    /// 台州市英饮料 for 台州市英嘉饮料). Common terms are left out (their
    /// lists are cut short); a group needs two others.
    fn edit_groups(&self, core: &str) -> Vec<Group> {
        let chars: Vec<char> = core.chars().collect();
        let n = chars.len();
        if n < 4 || !chars.iter().all(|&c| is_cjk(c)) {
            return Vec::new();
        }
        let place = self.meta.place_prefix(core);
        let from = place.map_or(0, |p| {
            n - pinyin::after_district(&core[p.len()..]).chars().count()
        });
        let to = n.min(from + MAX_EDIT_SPAN);
        let mut out: Vec<Group> = Vec::new();
        for (mut terms, kept) in typed::edit_signatures(&chars, from, to) {
            terms.retain(|t| !self.meta.is_common(t));
            // After a place, the name keeps the characters next to the
            // edit there too: names elsewhere holding the same few terms
            // are not it.
            if let Some(p) = place {
                for k in kept.into_iter().filter(|&k| k >= from) {
                    let t = pinyin::place_char_term(p, chars[k]);
                    if !self.meta.is_common(&t) && !terms.contains(&t) {
                        terms.push(t);
                    }
                }
            }
            if terms.len() < 2 || out.iter().any(|g| g.later == terms) {
                continue;
            }
            out.push(Group {
                reading: Reading::Text,
                need: terms.len(),
                terms: Vec::new(),
                units: n,
                later: terms,
                role: Role::Edit,
                retried: false,
            });
        }
        out
    }
}

/// The name's first two characters anchored (`^银康`), as a bonus: a name
/// typed whole ranks above the names holding it after their place.
fn start_group(core: &str) -> Option<Group> {
    let mut it = core.chars();
    let (a, b) = (it.next()?, it.next()?);
    // Short queries (still being typed) do without: a fetch less.
    (is_cjk(a) && is_cjk(b) && core.chars().count() >= 4).then(|| Group {
        reading: Reading::Text,
        terms: vec![pinyin::start_bigram_term(a, b)],
        need: 1,
        units: 0,
        later: Vec::new(),
        role: Role::Bonus,
        retried: false,
    })
}

/// A brand and a product word are at most this many characters
/// (a brand of two and 铝合金门窗).
const MAX_BRAND_PRODUCT_CHARS: usize = 8;

/// For a short query of characters, the brands it may start with (`汇聚`
/// and `汇聚花` for 汇聚花洒: a brand and a product word), looked up only in
/// the second round (no name contains the query).
fn brand_group(core: &str) -> Option<Group> {
    let chars: Vec<char> = core.chars().collect();
    if !(3..=MAX_BRAND_PRODUCT_CHARS).contains(&chars.len()) || !chars.iter().all(|&c| is_cjk(c)) {
        return None;
    }
    let later: Vec<String> = (2..chars.len().min(5))
        .map(|k| pinyin::exact_term(&chars[..k].iter().collect::<String>()))
        .collect();
    Some(Group {
        reading: Reading::Text,
        terms: Vec::new(),
        need: 1,
        units: chars.len(),
        later,
        role: Role::Brand,
        retried: false,
    })
}

/// Characters a query needs to be read for homophones: fewer are a brand
/// or a trade name still being typed, which names sharing a sound crowd.
const MIN_SOUND_CHARS: usize = 4;

/// True when `core` (a query no name contains) is worth reading for
/// homophones: characters only, enough of them.
pub(super) fn sound_query(core: &str) -> bool {
    core.chars().count() >= MIN_SOUND_CHARS && core.chars().all(is_cjk)
}

/// The pinyin start lookups for `core` as it sounds, each character in its
/// most common reading: a name typed with a homophone (迅伟门窗 for
/// 迅威门窗) sounds as typed.
pub(super) fn sound_starts(sounds: &pinyin::Sounds, core: &str) -> Vec<Start> {
    sounds
        .spell(core)
        .map(|typed| Start {
            typed,
            reading: Reading::PinyinStart,
            units: core.chars().count(),
        })
        .into_iter()
        .collect()
}

/// True when the query is read as characters only: no letters also read as
/// pinyin (their readings rank otherwise).
pub(super) fn characters_only(groups: &[Group], starts: &[Start]) -> bool {
    starts.is_empty() && groups.iter().all(|g| g.reading == Reading::Text)
}

/// Adds the later terms of the groups `wanted` accepts to their terms;
/// false when there were none.
pub(super) fn take_later(groups: &mut [Group], wanted: impl Fn(&Group) -> bool) -> bool {
    if !groups.iter().any(|g| !g.later.is_empty() && wanted(g)) {
        return false;
    }
    for g in groups.iter_mut().filter(|g| wanted(g)) {
        g.retried |= !g.later.is_empty();
        for t in std::mem::take(&mut g.later) {
            if !g.terms.contains(&t) {
                g.terms.push(t);
            }
        }
    }
    true
}

/// At most [`MAX_TERMS`] of `terms` (in query order), skipping those `skip`
/// rejects, spread evenly over the query so that every part of it counts.
pub(super) fn pick_terms(terms: Vec<String>, skip: impl Fn(&str) -> bool) -> Vec<String> {
    let mut kept: Vec<String> = terms.into_iter().filter(|t| !skip(t)).collect();
    kept.dedup();
    if kept.len() > MAX_TERMS {
        let n = kept.len();
        let idx: Vec<usize> = (0..MAX_TERMS)
            .map(|i| i * (n - 1) / (MAX_TERMS - 1))
            .collect();
        kept = idx.into_iter().map(|i| kept[i].clone()).collect();
    }
    let mut seen = BTreeSet::new();
    kept.retain(|t| seen.insert(t.clone()));
    kept
}

/// The character bigrams of `s`, in order.
pub fn bigrams(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}
