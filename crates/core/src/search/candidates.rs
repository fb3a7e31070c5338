//! Candidate lookup: the docs a plan's terms, pinyin starts or code keys
//! find, ranked by how much of the query they hold, within a card budget.

use super::cache::{Chunks, PinyinKeys};
use super::plan::{Group, Reading, Role, Start, MAX_START_SHARDS};
use super::{DocMap, Search};
use crate::format::{pinyin_match, CodeShard, Field, PinyinFence, PostingIndex, TRADE_INITIALS};
use crate::uscc;
use crate::StableSort;

/// A candidate doc and the best reading that found it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Candidate {
    pub(super) doc: u32,
    pub(super) reading: Reading,
    pub(super) units: usize,
    /// The share of the group's terms held, weighted by field (0..=1).
    pub(super) held: f32,
    /// A pinyin start key typed whole (it covers what it names).
    pub(super) complete: bool,
    /// Letters of an initials key typed whole but for a last word of the
    /// name that reads as part of its company form (实业 `sy`, 厂 `c`): the
    /// card says whether the name ends so ([`FORM_WORDS`]).
    pub(super) tail: u8,
    /// What bonus terms add (they tell equal pinyin matches apart).
    pub(super) extra: f32,
}

/// Last words of a name that people leave out with its company form when
/// typing its initials (the words and their initials).
pub(super) const FORM_WORDS: [(&str, &str); 2] = [("实业", "sy"), ("厂", "c")];

/// Cards scored beyond the `limit` asked for: candidates that the postings
/// rank alike are told apart only by their cards.
pub(super) const EXTRA_CANDIDATES: usize = 12;
/// What holding a whole brand equal to the query adds to a candidate's
/// share of the query's terms (a brand's owner holds its bigrams at the
/// brand's weight, 0.8; with this it ranks above names containing them).
const EXACT_BONUS: f32 = 0.3;
/// What a name sounding as typed adds to its rank among candidates (a text
/// reading's bias): above look-alikes holding as many of the query's terms.
const SOUND_BIAS: f32 = 0.002;
/// What holding one of the query's edit signatures adds to a doc's share of
/// the query's terms (see [`Role::Edit`]): a name one edit away ranks above
/// look-alikes holding as much of the query elsewhere, and a doc holding a
/// signature but little else stays below those.
const EDIT_BONUS: f32 = 0.3;
/// The best candidates whose cards are always read.
pub(super) const SURE_CANDIDATES: usize = 5;
/// Card shards a query reads at most, beyond those of its sure candidates.
pub(super) const MAX_CARD_SHARDS: usize = 6;

/// The maps and list [`Search::text_docs`] fills, kept from one search to
/// the next (emptied, their room kept) rather than allocated afresh: a
/// search builds them anew with every keystroke, in sizes that vary with
/// the query, and in a browser, whose memory never shrinks, blocks freed and
/// allocated in ever other sizes leave holes the next does not fit, so a long
/// session's memory crept up (issue 19). Their room is bounded
/// ([`KEPT_DOCS`]): one query of a very common word does not hold memory
/// for the rest of the session.
#[derive(Default)]
pub(super) struct Maps {
    best: DocMap<(f32, Candidate)>,
    whole: DocMap<()>,
    also: DocMap<f32>,
    main: DocMap<f32>,
    placed: DocMap<f32>,
    weight: DocMap<(usize, f32, f32)>,
    per_doc: DocMap<f32>,
    ranked: Vec<(f32, Candidate)>,
}

/// Docs a kept map or list has room for at most; a larger one is freed.
const KEPT_DOCS: usize = 1 << 14;

thread_local! {
    /// The maps between searches (one thread's searches run one at a time).
    static MAPS: std::cell::Cell<Maps> = std::cell::Cell::new(Maps::default());
}

impl Maps {
    /// The kept maps, empty.
    fn take() -> Maps {
        MAPS.take()
    }

    /// Empties the maps and keeps them for the next search, within [`KEPT_DOCS`].
    fn give_back(mut self) {
        fn keep<V>(m: &mut DocMap<V>) {
            if m.capacity() > KEPT_DOCS {
                *m = DocMap::default();
            } else {
                m.clear();
            }
        }
        keep(&mut self.best);
        keep(&mut self.whole);
        keep(&mut self.also);
        keep(&mut self.main);
        keep(&mut self.placed);
        keep(&mut self.weight);
        keep(&mut self.per_doc);
        if self.ranked.capacity() > KEPT_DOCS {
            self.ranked = Vec::new();
        }
        self.ranked.clear();
        MAPS.set(self);
    }
}

impl Search<'_> {
    pub(super) fn code_docs(
        &mut self,
        chunks: &Chunks,
        code: &str,
        paths: &[String],
    ) -> Vec<Candidate> {
        let shards: Vec<&CodeShard> = paths
            .iter()
            .filter_map(|p| self.chunk::<CodeShard>(chunks, p).map(|(_, s)| s))
            .collect();
        let doc_of = |c: &str| shards.iter().find_map(|s| s.codes.get(c).copied());
        let cand = |doc| Candidate {
            doc,
            reading: Reading::Text,
            units: 0,
            held: 1.0,
            complete: false,
            tail: 0,
            extra: 0.0,
        };
        if let Some(d) = doc_of(code) {
            return vec![cand(d)];
        }
        // An organisation code not recorded as such: the credit codes built
        // on it (positions 9–17) are in the same shard.
        if code.len() == 9 {
            let mut docs: Vec<u32> = shards
                .iter()
                .flat_map(|s| s.codes.iter())
                .filter(|(c, _)| c.len() == 18 && c.get(8..17) == Some(code))
                .map(|(_, &d)| d)
                .collect();
            docs.sort_unstable();
            docs.dedup();
            return docs.into_iter().map(cand).collect();
        }
        // Two neighbours swapped first (the likelier slip when both are
        // in the registry), then one character wrong.
        let mut repairs: Vec<Candidate> = Vec::new();
        for c in uscc::one_swap_away(code)
            .iter()
            .chain(&uscc::one_substitution_away(code))
        {
            if let Some(d) = doc_of(c) {
                if !repairs.iter().any(|r| r.doc == d) {
                    repairs.push(cand(d));
                }
            }
        }
        self.repaired = !repairs.is_empty();
        repairs
    }

    pub(super) fn text_docs(
        &mut self,
        chunks: &Chunks,
        groups: &[Group],
        starts: &[Start],
        sounds: &[Start],
    ) -> Vec<Candidate> {
        let mut maps = Maps::take();
        let Maps {
            best,
            whole,
            also,
            main,
            placed,
            weight,
            per_doc,
            ranked,
        } = &mut maps;
        // Per doc, the best (reading, weight of terms held) over the groups.
        self.capped = false;
        self.start_docs(chunks, starts, best);
        // Docs that hold the whole query one way (every term of a group but
        // a brand's whole-text term, or a pinyin start key), for the count.
        whole.extend(best.keys().map(|&d| (d, ())));
        // Names that sound as typed: not the query, but surely what was meant.
        self.sound_docs(chunks, sounds, best);
        // Per doc, a little for each text group that finds it (`also`); its
        // share of the query's terms as typed (the main text groups, `main`),
        // and of the characters typed after its place (`placed`, `@青岛麒`).
        for g in groups {
            self.capped |= g.role != Role::Bonus && g.terms.iter().any(|t| self.meta.is_common(t));
            let whole_need = g.terms.iter().filter(|t| !t.starts_with('=')).count();
            // Per doc: terms held, their weight, and the weight of the whole-brand term held.
            weight.clear();
            let by_rarity = g.retried && g.role == Role::Main;
            // The terms' rarities summed (for the others, their count).
            let mut rarity_total = g.terms.len() as f32;
            let place_terms = if g.role == Role::Main {
                g.terms.iter().filter(|t| t.starts_with('@')).count()
            } else {
                0
            };
            for t in &g.terms {
                let Some(p) = self.meta.postings.path_for(t).map(str::to_string) else {
                    continue;
                };
                let Some((b, index)) = self.chunk::<PostingIndex>(chunks, &p) else {
                    continue;
                };
                let lists = match index.lookup(b, t) {
                    Ok(l) => l,
                    Err(e) => {
                        self.fail(&p, e.kind);
                        continue;
                    }
                };
                // A doc counts once per term, with its best field.
                per_doc.clear();
                for (field, docs) in lists {
                    let w = match field {
                        Field::Name | Field::Pinyin | Field::Initials => 1.0,
                        Field::PinyinAlt => 0.9,
                        Field::Former => 0.9,
                        Field::Brand => 0.8,
                    };
                    for d in docs {
                        let e = per_doc.entry(d).or_insert(0.0);
                        *e = e.max(w);
                    }
                }
                let exact = t.starts_with('=');
                if place_terms > 0 && t.starts_with('@') {
                    for &d in per_doc.keys() {
                        *placed.entry(d).or_insert(0.0) += 1.0 / place_terms as f32;
                    }
                }
                // In a second round (a character wrong, missing or swapped)
                // the few terms that survive it are rare where the many a
                // look-alike holds are not: a term weighs by its rarity.
                let rarity = if by_rarity {
                    1.0 / (2.0 + per_doc.len() as f32).ln()
                } else {
                    1.0
                };
                rarity_total += rarity - 1.0;
                for (d, w) in per_doc.drain() {
                    let e = weight.entry(d).or_insert((0, 0.0, 0.0));
                    e.0 += 1;
                    e.1 += w * rarity;
                    if exact {
                        e.2 = e.2.max(w);
                    }
                }
            }
            // A whole brand's term (`=星辉`) does not count among the terms
            // a doc holds of the query: holding it lifts a doc above those
            // that merely contain the query (a whole field over a part of a
            // longer one), without pushing down names that lack it.
            let k = if by_rarity {
                rarity_total.max(f32::MIN_POSITIVE)
            } else {
                g.terms.len().max(1) as f32
            };
            let k_parts = g.terms.iter().filter(|t| !t.starts_with('=')).count() as f32;
            // Readings rank text > pinyin > initials when they hold as much;
            // the characters after a typed place a little below the query as
            // typed (both find 中山市蔚X; only the latter tells it from 中山X蔚).
            let bias = match g.reading {
                Reading::Text if g.role == Role::Place => 0.0015,
                Reading::Text => 0.002,
                Reading::PinyinStart => 0.0015,
                Reading::Pinyin => 0.001,
                Reading::Initials => 0.0,
            };
            // The main text group decides (the swap groups have no terms
            // in the first round).
            if g.reading == Reading::Text && !g.later.is_empty() && !g.terms.is_empty() {
                self.text_unsure = self.unsure(g, weight);
            }
            for (d, (n, w, exact)) in weight.drain() {
                if n < g.need {
                    continue;
                }
                if g.role == Role::Bonus {
                    // Only tells equals apart.
                    *also.entry(d).or_insert(0.0) += 0.005;
                    continue;
                }
                if whole_need > 0 && n >= whole_need && g.role != Role::Edit {
                    whole.insert(d, ());
                }
                let held = match g.role {
                    // One whole brand the query starts with is the evidence.
                    Role::Brand => exact,
                    // Its share of the query, or, when more, of the
                    // characters typed after the place (a name with two of
                    // them swapped holds every one but few bigrams).
                    Role::Edit => {
                        let m = main.get(&d).copied().unwrap_or(0.0);
                        let p = placed.get(&d).copied().unwrap_or(0.0);
                        EDIT_BONUS + (1.0 - EDIT_BONUS) * m.max(p).min(1.0)
                    }
                    _ if by_rarity => w / k,
                    _ if k_parts > 0.0 => (w - exact) / k_parts + EXACT_BONUS * exact,
                    _ => w / k,
                };
                if g.reading == Reading::Text && g.role == Role::Main {
                    let m = main.entry(d).or_insert(0.0);
                    *m = m.max(held.min(1.0));
                }
                if g.reading == Reading::Text {
                    // A doc that several readings of the query find (the
                    // place group and the query as typed) ranks first among equals.
                    *also.entry(d).or_insert(0.0) += 0.01 * held.min(1.0);
                }
                let s = held + bias;
                let c = Candidate {
                    doc: d,
                    reading: g.reading,
                    units: g.units,
                    held: held.min(1.0),
                    complete: false,
                    tail: 0,
                    extra: 0.0,
                };
                match best.get(&d) {
                    Some((b, _)) if *b >= s => {}
                    _ => {
                        best.insert(d, (s, c));
                    }
                }
            }
        }
        self.matched = whole.len();
        ranked.extend(best.drain().map(|(_, (s, c))| {
            let extra = also.get(&c.doc).copied().unwrap_or(0.0);
            (s + extra, Candidate { extra, ..c })
        }));
        // The best few only (a total order: score, then doc): selecting them
        // first keeps a short query's thousands of candidates cheap.
        let order = |a: &(f32, Candidate), b: &(f32, Candidate)| {
            b.0.total_cmp(&a.0).then(a.1.doc.cmp(&b.1.doc))
        };
        // A pool beyond what is kept: the card budget may pass some over.
        let pool = 4 * (self.limit + EXTRA_CANDIDATES);
        if ranked.len() > pool {
            ranked.select_nth_unstable_by(pool, order);
            ranked.truncate(pool);
        }
        ranked.stable_sort_by(order);
        let cands = self.within_card_budget(ranked.drain(..).map(|(_, c)| c));
        maps.give_back();
        cands
    }

    /// True when no doc holds every term of the text group `g` (terms held
    /// per doc in `weight`) though every term is uncommon (its list is
    /// whole): no name, former name or brand contains the query.
    pub(super) fn unsure(&self, g: &Group, weight: &DocMap<(usize, f32, f32)>) -> bool {
        if g.terms.iter().any(|t| self.meta.is_common(t)) {
            return false;
        }
        let top = weight.values().map(|&(n, _, _)| n).max().unwrap_or(0);
        // A brand's whole-text term (`=…`) is held only by brands.
        top < g.terms.iter().filter(|t| !t.starts_with('=')).count()
    }

    /// How many of `cands` (best first) lie in their first `shards` card
    /// shards (card groups, `Meta::card_group_of`, in registries whose card
    /// chunks are smaller than a group).
    pub(super) fn first_shards(&self, cands: &[Candidate], shards: usize) -> usize {
        let mut seen: Vec<u32> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            let s = self.meta.card_group_of(c.doc);
            if !seen.contains(&s) {
                if seen.len() == shards {
                    return i;
                }
                seen.push(s);
            }
        }
        cands.len()
    }

    /// The candidates, best first, whose cards a query reads: the best
    /// [`SURE_CANDIDATES`] always, then others while they need no more than
    /// [`MAX_CARD_SHARDS`] card shards in all, so that a query's bytes stay
    /// bounded; look-alike names share card shards, so those still come.
    /// (A shard here is a card group, `Meta::card_group_of`.)
    pub(super) fn within_card_budget(
        &self,
        ranked: impl Iterator<Item = Candidate>,
    ) -> Vec<Candidate> {
        let mut shards: Vec<u32> = Vec::new();
        let mut out = Vec::new();
        for c in ranked {
            if out.len() == self.limit + EXTRA_CANDIDATES {
                break;
            }
            let s = self.meta.card_group_of(c.doc);
            if shards.contains(&s) {
                out.push(c);
            } else if out.len() < SURE_CANDIDATES || shards.len() < MAX_CARD_SHARDS {
                shards.push(s);
                out.push(c);
            }
        }
        out
    }

    /// Candidates from the pinyin start keys spelt by a query no name
    /// contains, as it sounds (see [`super::plan::sound_starts`]): a name
    /// (or, weaker, a trade name) whose key is what was typed in pinyin was
    /// typed with a homophone. Found as text (its card is scored against
    /// the characters typed), ranked above the look-alikes the text terms find.
    pub(super) fn sound_docs(
        &mut self,
        chunks: &Chunks,
        sounds: &[Start],
        best: &mut DocMap<(f32, Candidate)>,
    ) {
        let Some(fence_path) = self.meta.pinyin_fence.clone() else {
            return;
        };
        let Some((_, fence)) = self.chunk::<PinyinFence>(chunks, &fence_path) else {
            return;
        };
        for st in sounds {
            for i in fence.shards_for(&st.typed, MAX_START_SHARDS) {
                let Some(path) = self.meta.pinyin.path(i).map(str::to_string) else {
                    continue;
                };
                let Some((_, keys)) = self.chunk::<PinyinKeys>(chunks, &path) else {
                    continue;
                };
                keys.matching(&st.typed, |e| {
                    // The whole key typed (a key spells a name's first
                    // eight characters: the query may go on beyond it).
                    if pinyin_match(&e.key, e.ends, &st.typed) != Some(true) {
                        return;
                    }
                    let part = (e.key.len() as f32 / st.typed.len() as f32).min(1.0);
                    let held = if e.weak { 0.97 } else { 0.99 } * part;
                    let s = held + SOUND_BIAS;
                    if best.get(&e.doc).is_none_or(|(b, _)| *b < s) {
                        best.insert(
                            e.doc,
                            (
                                s,
                                Candidate {
                                    doc: e.doc,
                                    reading: Reading::Text,
                                    units: st.units,
                                    held,
                                    complete: false,
                                    tail: 0,
                                    extra: 0.0,
                                },
                            ),
                        );
                    }
                });
            }
        }
    }

    /// Candidates from the pinyin start keys: a key starting with the typed
    /// letters at a syllable end holds them fully, one ending inside a
    /// syllable (still typing) a little less, a weak key (trade name, rarer
    /// reading) less again.
    pub(super) fn start_docs(
        &mut self,
        chunks: &Chunks,
        starts: &[Start],
        best: &mut DocMap<(f32, Candidate)>,
    ) {
        let Some(fence_path) = self.meta.pinyin_fence.clone() else {
            return;
        };
        let Some((_, fence)) = self.chunk::<PinyinFence>(chunks, &fence_path) else {
            return;
        };
        for st in starts {
            let shards = fence.shards_for(&st.typed, MAX_START_SHARDS);
            // More keys may start so beyond the shards read.
            self.capped |= shards.len() == MAX_START_SHARDS;
            for i in shards {
                let Some(path) = self.meta.pinyin.path(i).map(str::to_string) else {
                    continue;
                };
                let Some((_, keys)) = self.chunk::<PinyinKeys>(chunks, &path) else {
                    continue;
                };
                let bias = match st.reading {
                    Reading::Initials => 0.0,
                    _ => 0.0015,
                };
                keys.matching(&st.typed, |e| {
                    let Some(whole) = pinyin_match(&e.key, e.ends, &st.typed) else {
                        return;
                    };
                    // A key shorter than the letters typed (a short name,
                    // or a long one cut) holds only that share of them.
                    // Initials keys hold a whole name (up to twelve
                    // characters): letters beyond one are not in the name.
                    let part = (e.key.len() as f32 / st.typed.len() as f32).min(1.0);
                    let part = match st.reading {
                        _ if part >= 1.0 => 1.0,
                        Reading::Initials => part,
                        _ => 0.9 + 0.1 * part,
                    };
                    // Every letter of a key typed (the trade name and trade
                    // in initials, `hddq` for 宁波宏达电器): as sure as a
                    // name's own key, and it covers what it names.
                    // A name ending in 实业 or 厂 (words of its form as people
                    // type it) typed whole but for them counts as typed whole
                    // when its card shows them.
                    let tail = match e.key.strip_prefix(st.typed.as_str()) {
                        Some(t)
                            if st.reading == Reading::Initials && e.key.len() > st.typed.len() =>
                        {
                            FORM_WORDS
                                .iter()
                                .find(|(_, i)| *i == t)
                                .map_or(0, |(_, i)| i.len() as u8)
                        }
                        _ => 0,
                    };
                    let complete = st.reading == Reading::Initials
                        && (e.key.len() == st.typed.len() || tail > 0);
                    let trade = e.ends & TRADE_INITIALS != 0;
                    let weak = match (e.weak, complete && trade) {
                        (false, _) => 1.0,
                        // Just below a name's own key typed whole.
                        (true, true) => 0.995,
                        (true, false) => 0.9,
                    };
                    let held = if whole { 1.0 } else { 0.8 } * weak * part;
                    // Keys typed whole first among the candidates (a name
                    // still being typed, whose key merely starts so, after).
                    let s = held + bias + if complete { 0.01 } else { 0.0 };
                    if best.get(&e.doc).is_none_or(|(b, _)| *b < s) {
                        best.insert(
                            e.doc,
                            (
                                s,
                                Candidate {
                                    doc: e.doc,
                                    reading: st.reading,
                                    units: st.units,
                                    held,
                                    // Every letter of a trade name's key typed (trade
                                    // name and industry word, nothing of the name
                                    // left but its form) spells a whole part of the
                                    // name, as a whole brand does: above a name
                                    // whose own key merely starts so (still being
                                    // typed), just below a name's own key typed whole.
                                    complete,
                                    tail,
                                    extra: 0.0,
                                },
                            ),
                        );
                    }
                });
            }
        }
    }
}
