//! Search over a registry's chunks, sans I/O.
//!
//! The caller owns fetching: it creates a [`Search`], calls [`Search::step`]
//! with the chunks it has, fetches the paths a [`Step::Need`] names (or
//! records that they failed) and steps again until [`Step::Done`]:
//!
//! ```text
//! let mut s = Search::new(&meta, "银康", &Filters::default(), 20);
//! let hits = loop {
//!     match s.step(&chunks) {
//!         Step::Need(paths) => for p in paths { chunks.insert(p, fetch(p)) }, // or insert_error
//!         Step::Done(hits) => break hits,
//!     }
//! };
//! for e in s.errors() { eprintln!("{e}") } // chunks that were missing or corrupt
//! ```
//!
//! How a query is answered:
//! 1. it is cut and normalised (`normalize`), folding traditional characters
//!    with the registry's `t2s` chunk;
//! 2. a credit code (18 characters) is looked up in the code shards; when it
//!    is not in the registry, the valid codes one substitution away that are
//!    ([`Search::repaired`]);
//! 3. other text becomes terms (bigrams of the name without its organisation
//!    suffix, skip-bigrams and place-qualified characters of a long query,
//!    the whole of a short one for brands); their posting lists give
//!    candidate docs, ranked by how many terms they hold so that a name with
//!    one wrong, missing or extra character is still a candidate. Letters
//!    are also read as pinyin: from the start of a name or of its trade name
//!    (the name after its place prefix) through the sorted pinyin start keys
//!    (one fence chunk, then one or two key chunks, whatever the length and
//!    however the letters split into syllables, a syllable still being typed
//!    included), inside a name through syllable pairs, and as initials from
//!    the start of a name (`qdyk`);
//!    a single character lists names, and trade names, that start with it
//!    (at most 64 per character, in the order of their trade names; the
//!    results show the shortest first): a citizen who typed one character is
//!    most likely starting a trade name;
//!    what people type besides a name is read too (`typed`): a company form
//!    alone is too common ([`Search::too_common`]), a spoken form (银康公司),
//!    a form still being typed (…集团有), a brand with 牌 or a product word,
//!    the place in pinyin and the rest in characters (`qingdao银康`, through
//!    `Meta::place_pinyin`), a place typed with 市 before a name that has a
//!    district after it, two neighbouring characters swapped (in a code, the
//!    codes swapped back), a character left out (the skip-bigrams of what
//!    was typed), a place typed first that the name has in brackets after
//!    its trade name (瑞兰（潍坊）鞋业); a whole brand's term lifts its
//!    owners above names merely holding the query, and bonus terms (a
//!    name's first two characters, pinyin syllables beyond the start keys)
//!    tell equal candidates apart;
//! 4. the best candidates' cards are fetched and scored: exact code > exact
//!    name > a whole field equal to the query (the name after its place or
//!    district, a former name, a brand) > a field containing it > pinyin >
//!    fuzzy; the company form typed counts for the names of its kind and
//!    against the others; then shorter name, then code, so equal scores
//!    always come out in the same order. [`Search::total`] says how many
//!    enterprises match beyond the hits returned.

mod cache;
mod candidates;
mod filters;
pub mod pinyin;
mod plan;
mod score;
mod typed;

pub use cache::Chunks;
pub use filters::Filters;

use crate::day::Day;
use crate::format::{Card, FormatError, FormatErrorKind, Meta, RollPage};
use crate::normalize::{cut_query, normalize, T2s};
use crate::StableSort;
use candidates::Candidate;
use pinyin::Sounds;
use plan::{characters_only, sound_query, sound_starts, take_later, Group, Plan, Reading, Role};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Doc number → value. FxHash, as in the compiler: candidate maps hash
/// thousands of docs per keystroke, and SipHash was a tenth of a query's time.
type DocMap<V> = HashMap<u32, V, rustc_hash::FxBuildHasher>;

/// Why a result matched. Serialises as the strings of `zhixin search --json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    Name,
    FormerName,
    Brand,
    Code,
    Pinyin,
    PinyinInitials,
    Fuzzy,
}

impl MatchKind {
    /// The string of `zhixin search --json`.
    pub fn id(self) -> &'static str {
        match self {
            MatchKind::Name => "name",
            MatchKind::FormerName => "former-name",
            MatchKind::Brand => "brand",
            MatchKind::Code => "code",
            MatchKind::Pinyin => "pinyin",
            MatchKind::PinyinInitials => "pinyin-initials",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub uscc: String,
    pub name: String,
    /// 0..=1, higher is better.
    pub score: f32,
    pub matched: MatchKind,
    /// What the result row shows (not part of `search --json`).
    #[serde(skip)]
    pub card: Card,
}

/// How many enterprises a search matched, beyond the hits it returned:
/// "20 of 1,234", or "20 of at least 1,234" when `more`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// Enterprises known to match (never fewer than the hits returned).
    pub at_least: usize,
    /// There may be more: a term's posting list was capped (a common word),
    /// the pinyin keys read were cut short, or filters were not checked on
    /// the candidates whose cards were not read.
    pub more: bool,
}

impl Count {
    /// `at_least` with thousands separators (1,234), as the CLI's count line
    /// and the app's result count print it.
    pub fn grouped(&self) -> String {
        let s = self.at_least.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}

/// What [`Search::step`] wants next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Fetch these chunks (relative paths) and step again.
    Need(Vec<String>),
    /// The results, best first.
    Done(Vec<Hit>),
}

#[derive(Clone, Debug)]
enum Stage {
    Start,
    Planned(Plan),
    Cards {
        plan: Plan,
        cands: Vec<Candidate>,
    },
    Browse {
        rolls: Vec<String>,
        roll: usize,
        page: u32,
        hits: Vec<Hit>,
    },
    Finished,
}

/// A search session (see the module doc).
#[derive(Debug)]
pub struct Search<'m> {
    meta: &'m Meta,
    raw: String,
    filters: Filters,
    limit: usize,
    stage: Stage,
    /// The registry's traditional → simplified table, for non-ASCII queries.
    t2s: Option<Arc<T2s>>,
    /// The registry's readings table, for a query no name contains.
    sounds: Option<Arc<Sounds>>,
    errors: Vec<FormatError>,
    reported: BTreeSet<String>,
    repaired: bool,
    code_invalid: bool,
    /// Set by [`Search::text_docs`] (see [`Search::unsure`]).
    text_unsure: bool,
    /// The next card read is staged.
    staged: Option<Staged>,
    /// Candidates that hold the whole query (every term of a reading, or a
    /// pinyin start key), counted by [`Search::text_docs`].
    matched: usize,
    /// A posting list or the pinyin keys looked up were cut short.
    capped: bool,
    /// Set when the search is done (see [`Search::total`]).
    total: Option<Count>,
    /// The query was only a company form (see [`Search::too_common`]).
    too_common: bool,
}

/// A card read in two stages: the cards in the best candidates' first
/// `shards` card shards; the rest only when none of those scores `enough`
/// and `then_rest` (otherwise the next round, if any).
#[derive(Clone, Copy, Debug)]
struct Staged {
    shards: usize,
    enough: f32,
    then_rest: bool,
}

/// The first round of a query that no name contains: only a name one
/// character off can answer it (0.92), and if it is there it ranks among the
/// best candidates; otherwise the second round's terms find it.
const FIRST_ROUND_STAGE: Staged = Staged {
    shards: 3,
    enough: 0.5,
    then_rest: false,
};

/// The second round (the terms that survive a wrong character) ranks a name
/// one character off first: its cards and its neighbours' first, the rest
/// of the card budget when they do not hold it.
const SECOND_ROUND_STAGE: Staged = Staged {
    shards: 5,
    enough: 0.9,
    then_rest: true,
};

impl<'m> Search<'m> {
    /// A search for `query` with `filters`, returning at most `limit` hits.
    pub fn new(meta: &'m Meta, query: &str, filters: &Filters, limit: usize) -> Search<'m> {
        Search {
            meta,
            raw: cut_query(query).to_string(),
            filters: filters.clone(),
            limit,
            stage: Stage::Start,
            t2s: None,
            sounds: None,
            errors: Vec::new(),
            reported: BTreeSet::new(),
            repaired: false,
            code_invalid: false,
            text_unsure: false,
            staged: None,
            matched: 0,
            capped: false,
            total: None,
            too_common: false,
        }
    }

    /// How many enterprises match, once the search is done: at least the
    /// hits returned, more when the limit cut them. `None` before.
    pub fn total(&self) -> Option<Count> {
        self.total
    }

    /// True when the query was only a company form or a piece of one (公司,
    /// 有限, 股份有限公司): almost every name has one and none is indexed by
    /// it, so there are no hits; the person should type more of the name.
    pub fn too_common(&self) -> bool {
        self.too_common
    }

    /// The hits, with their count (see [`Search::total`]).
    fn done(&mut self, hits: Vec<Hit>, text: bool) -> Step {
        let n = hits.len();
        self.total = Some(if !text {
            Count {
                at_least: n,
                more: false,
            }
        } else if self.filters.is_empty() {
            Count {
                at_least: self.matched.max(n),
                more: self.capped,
            }
        } else {
            // Filters are checked on cards: only the hits are known to pass.
            Count {
                at_least: n,
                more: n >= self.limit && (self.matched > n || self.capped),
            }
        });
        Step::Done(hits)
    }

    /// Chunks that were missing or corrupt: the results come from the others.
    pub fn errors(&self) -> &[FormatError] {
        &self.errors
    }

    /// True when `name` (as a card holds it) starts with `core`, or does
    /// after its place (and 市 and a district).
    fn starts_name(&self, name: &str, core: &str) -> bool {
        let n = normalize(name, self.t2s.as_deref());
        n.starts_with(core)
            || self.meta.place_prefix(&n).is_some_and(|p| {
                let rest = &n[p.len()..];
                rest.starts_with(core) || pinyin::after_district(rest).starts_with(core)
            })
    }

    /// True when the query was a credit code the registry does not hold and
    /// the hits are the codes one substitution away that it does ("did you mean").
    pub fn repaired(&self) -> bool {
        self.repaired
    }

    /// True when the query looks like a credit code but fails its check characters.
    pub fn code_invalid(&self) -> bool {
        self.code_invalid
    }

    /// The date filters are evaluated on.
    fn day(&self) -> Option<Day> {
        self.filters.on.or(self.meta.as_of)
    }

    /// The bytes of `path`, recording an error once when it failed.
    fn bytes<'c>(&mut self, chunks: &'c Chunks, path: &str) -> Option<&'c [u8]> {
        match chunks.get(path)? {
            Ok(b) => Some(b),
            Err(why) => {
                self.fail(path, FormatErrorKind::Missing(why.clone()));
                None
            }
        }
    }

    /// The chunk at `path` read as `K` (decoded once per [`Chunks`]) with
    /// its bytes; `None`, recording an error once, when it failed or is corrupt.
    fn chunk<'c, K: cache::Kind>(
        &mut self,
        chunks: &'c Chunks,
        path: &str,
    ) -> Option<(&'c [u8], &'c K)> {
        match chunks.decoded::<K>(path)? {
            Ok(x) => Some(x),
            Err(kind) => {
                self.fail(path, kind);
                None
            }
        }
    }

    fn fail(&mut self, path: &str, kind: FormatErrorKind) {
        if self.reported.insert(path.to_string()) {
            self.errors.push(FormatError {
                path: Some(path.to_string()),
                kind,
            });
        }
    }

    /// Advances the search with the chunks the caller has.
    pub fn step(&mut self, chunks: &Chunks) -> Step {
        loop {
            match std::mem::replace(&mut self.stage, Stage::Finished) {
                Stage::Start => {
                    // The traditional table is only needed for non-ASCII queries.
                    if !self.raw.is_ascii() {
                        if let Some(p) = self.meta.t2s.clone() {
                            if !chunks.contains(&p) {
                                self.stage = Stage::Start;
                                return Step::Need(vec![p]);
                            }
                            // Decoded once per `Chunks`, not once per search.
                            self.t2s = self
                                .chunk::<Arc<T2s>>(chunks, &p)
                                .map(|(_, t)| Arc::clone(t));
                        }
                    }
                    let plan = self.plan();
                    self.stage = match plan {
                        Plan::Browse { rolls } => Stage::Browse {
                            rolls,
                            roll: 0,
                            page: 0,
                            hits: Vec::new(),
                        },
                        plan => Stage::Planned(plan),
                    };
                }
                Stage::Planned(mut plan) => {
                    // Read for homophones: the sounds chunk first, then the
                    // pinyin keys of the query as it sounds.
                    if let Plan::Text {
                        sound_wanted: true,
                        sounds,
                        core,
                        ..
                    } = &mut plan
                    {
                        if self.sounds.is_none() {
                            if let Some(p) = self.meta.sounds.clone() {
                                if !chunks.contains(&p) {
                                    self.stage = Stage::Planned(plan);
                                    return Step::Need(vec![p]);
                                }
                                self.sounds = self
                                    .chunk::<Arc<Sounds>>(chunks, &p)
                                    .map(|(_, s)| Arc::clone(s));
                            }
                        }
                        if sounds.is_empty() {
                            if let Some(table) = &self.sounds {
                                *sounds = sound_starts(table, core);
                            }
                        }
                    }
                    let mut paths = self.plan_paths(&plan);
                    paths.extend(self.start_paths(&plan, chunks));
                    let missing: Vec<String> = paths
                        .iter()
                        .filter(|p| !chunks.contains(p))
                        .cloned()
                        .collect();
                    if !missing.is_empty() {
                        self.stage = Stage::Planned(plan);
                        return Step::Need(missing);
                    }
                    let mut plan = plan;
                    let cands = match &mut plan {
                        Plan::Code { code } => self.code_docs(chunks, code, &paths),
                        Plan::Text {
                            groups,
                            starts,
                            sounds,
                            ..
                        } => self.text_docs(chunks, groups, starts, sounds),
                        Plan::Empty | Plan::Browse { .. } => Vec::new(),
                    };
                    // No name, former name or brand holds every term (see
                    // `Search::unsure`): the first round can only find a name
                    // one character off the whole query typed with its
                    // company form. Without a company form, straight to the
                    // second round's terms; with one, the best candidates'
                    // cards only, then the second round.
                    if std::mem::take(&mut self.text_unsure) {
                        if let Plan::Text {
                            groups,
                            norm,
                            core,
                            starts,
                            sound_wanted,
                            ..
                        } = &mut plan
                        {
                            let chars = characters_only(groups, starts);
                            // Read for homophones too (once).
                            let sound = chars
                                && !*sound_wanted
                                && self.meta.sounds.is_some()
                                && sound_query(core);
                            *sound_wanted |= sound;
                            // Letters are also read as pinyin: those readings decide.
                            if !chars {
                            } else if norm.len() == core.len()
                                && take_later(groups, |g| g.reading == Reading::Text)
                            {
                                self.staged = Some(SECOND_ROUND_STAGE);
                                self.stage = Stage::Planned(plan);
                                continue;
                            } else if sound {
                                // Again with the names that sound as typed
                                // (then the first round's stage, below).
                                self.stage = Stage::Planned(plan);
                                continue;
                            } else if norm.len() != core.len() {
                                self.staged = Some(FIRST_ROUND_STAGE);
                            }
                        }
                    }
                    self.stage = Stage::Cards { plan, cands };
                }
                Stage::Cards { plan, cands } => {
                    // A staged read: the best candidates' cards first.
                    let (now, stage) = match self.staged {
                        Some(st) => (self.first_shards(&cands, st.shards), Some(st)),
                        None => (cands.len(), None),
                    };
                    let mut paths: Vec<String> = cands[..now]
                        .iter()
                        .filter_map(|c| self.meta.card_chunk_for(c.doc).map(str::to_string))
                        .collect();
                    paths.stable_sort();
                    paths.dedup();
                    let missing: Vec<String> = paths
                        .iter()
                        .filter(|p| !chunks.contains(p))
                        .cloned()
                        .collect();
                    if !missing.is_empty() {
                        self.stage = Stage::Cards { plan, cands };
                        return Step::Need(missing);
                    }
                    let hits = self.score(chunks, &plan, &cands[..now]);
                    if let Some(st) = stage {
                        self.staged = None;
                        let sure = hits.first().is_some_and(|h| h.score >= st.enough);
                        if !sure && st.then_rest && now < cands.len() {
                            self.stage = Stage::Cards { plan, cands };
                            continue;
                        }
                    }
                    // No name contains the query: look up the terms that
                    // survive a wrong character (`Group::later`), rank again.
                    let mut plan = plan;
                    if let Plan::Text {
                        groups,
                        starts,
                        norm,
                        core,
                        form,
                        suffix_typo,
                        sound_wanted,
                        ..
                    } = &mut plan
                    {
                        // Text terms when no name, former name or brand
                        // contains the query (only fuzzy matches, below 0.5),
                        // pinyin pairs when nothing was found from the start.
                        // So do the text terms when the best is a name with one
                        // character different, or, for a whole name typed
                        // with its company form, a name merely holding part
                        // of it: a name that keeps every character typed
                        // (one left out, two swapped) or sounds as typed
                        // ranks above those, and only these terms (and the
                        // sounds) may find it.
                        let whole = norm.len() != core.len()
                            && !*suffix_typo
                            && matches!(form, typed::Form::Suffix(_));
                        let retry = hits.first().is_none_or(|h| {
                            h.score < 0.5
                                || h.score == score::ONE_WRONG
                                || (whole && h.score < score::ONE_WRONG)
                        });
                        // The best a name holding the query only from inside
                        // its trade name (禄聚翠涂料 for 聚翠涂料): a brand and
                        // a product word may be meant, whose owner only the
                        // whole brands the query starts with find.
                        let inside = hits.first().is_some_and(|h| {
                            h.matched == MatchKind::Name
                                && h.score < score::BRAND_PRODUCT
                                && !self.starts_name(&h.name, core)
                        });
                        let wanted = |g: &Group| match g.reading {
                            Reading::Text if g.role == Role::Brand => retry || inside,
                            Reading::Text => retry,
                            _ => hits.is_empty(),
                        };
                        // Staged for a query read as characters only (letters
                        // are also pinyin, whose readings rank otherwise).
                        let chars = characters_only(groups, starts);
                        let text = chars && groups.iter().any(|g| !g.later.is_empty() && wanted(g));
                        let sound = retry
                            && chars
                            && !*sound_wanted
                            && self.meta.sounds.is_some()
                            && sound_query(core);
                        *sound_wanted |= sound;
                        if take_later(groups, wanted) || sound {
                            if text || sound {
                                // The first round's cards are spent (when they
                                // lay in more shards than a stage reads): the
                                // second reads its best candidates' only.
                                let read = &cands[..now];
                                let then_rest = self.first_shards(read, SECOND_ROUND_STAGE.shards)
                                    == read.len();
                                self.staged = Some(Staged {
                                    then_rest,
                                    ..SECOND_ROUND_STAGE
                                });
                            }
                            self.stage = Stage::Planned(plan);
                            continue;
                        }
                    }
                    let text = matches!(plan, Plan::Text { .. });
                    return self.done(hits, text);
                }
                Stage::Browse {
                    rolls,
                    mut roll,
                    mut page,
                    mut hits,
                } => {
                    let day = self.day();
                    loop {
                        let Some(id) = rolls.get(roll) else {
                            return self.done(hits, false);
                        };
                        let Some(info) = self.meta.roll(id) else {
                            roll += 1;
                            page = 0;
                            continue;
                        };
                        let Some(path) = info.pages.path(page).map(str::to_string) else {
                            roll += 1;
                            page = 0;
                            continue;
                        };
                        if !chunks.contains(&path) {
                            self.stage = Stage::Browse {
                                rolls: rolls.clone(),
                                roll,
                                page,
                                hits,
                            };
                            return Step::Need(vec![path]);
                        }
                        if let Some(b) = self.bytes(chunks, &path) {
                            match RollPage::cards(b) {
                                Ok(cards) => {
                                    for card in cards {
                                        if hits.len() < self.limit
                                            && !hits.iter().any(|h: &Hit| h.uscc == card.uscc)
                                            && self.filters.accepts(&card, day)
                                        {
                                            hits.push(Hit {
                                                uscc: card.uscc.clone(),
                                                name: card.name.clone(),
                                                score: 1.0,
                                                matched: MatchKind::Name,
                                                card,
                                            });
                                        }
                                    }
                                }
                                Err(e) => self.fail(&path, e.kind),
                            }
                        }
                        if hits.len() >= self.limit {
                            // More entries may follow on the rolls' later pages.
                            let step = self.done(hits, false);
                            if let Some(t) = &mut self.total {
                                t.more = true;
                            }
                            return step;
                        }
                        page += 1;
                    }
                }
                Stage::Finished => return Step::Done(Vec::new()),
            }
        }
    }
}

#[cfg(test)]
mod tests;
