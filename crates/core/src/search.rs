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
//! 4. the best candidates' cards are fetched and scored: exact code > exact
//!    name > name > former name > brand > pinyin > fuzzy, then shorter name,
//!    then code, so equal scores always come out in the same order.

use crate::day::Day;
mod cache;
pub mod pinyin;

pub use cache::Chunks;
use cache::{CardIndex, PinyinKeys, PostingIndex};

use crate::format::{
    code_keys, pinyin_match, Card, CodeShard, Field, FormatError, FormatErrorKind, Meta,
    PinyinFence, RollPage,
};
use crate::model::{HonourKind, ListKind, Scheme};
use crate::normalize::{
    cut_query, is_cjk, normalize, strip_org_suffix, strip_org_suffix_fuzzy, T2s,
};
use crate::uscc;
use crate::StableSort;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
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

/// Filters on results, evaluated on the date `on` (the viewer's today, or
/// the CLI's `--as-of`; the registry's as-of date when `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only enterprises with a blacklist listing in force.
    pub blacklisted: bool,
    /// Only enterprises with a current honour.
    pub honours: bool,
    /// Only enterprises with a current grade in this scheme …
    pub scheme: Option<Scheme>,
    /// … at this grade or better (a grade of `scheme`; any grade when `None`).
    pub min_grade: Option<String>,
    /// Only codes whose division digits (positions 3–8) start with this.
    pub region: Option<String>,
    /// Only enterprises whose industry contains this.
    pub industry: Option<String>,
    pub on: Option<Day>,
}

impl Filters {
    /// True when no filter is set (`on` aside).
    pub fn is_empty(&self) -> bool {
        Filters {
            on: None,
            ..self.clone()
        } == Filters::default()
    }

    /// True when `card` passes on `day`.
    pub fn accepts(&self, card: &Card, day: Option<Day>) -> bool {
        if let Some(r) = &self.region {
            if !uscc::division(&card.uscc).is_some_and(|d| d.starts_with(r.as_str())) {
                return false;
            }
        }
        if let Some(i) = &self.industry {
            if !card
                .industry
                .as_deref()
                .is_some_and(|x| x.contains(i.as_str()))
            {
                return false;
            }
        }
        if !(self.blacklisted || self.honours || self.scheme.is_some()) {
            return true;
        }
        // Time-dependent filters need a date; without one nothing passes
        // rather than passing on a guessed date.
        let Some(day) = day else { return false };
        let st = card.status(day);
        if self.blacklisted && !st.blacklisted {
            return false;
        }
        if self.honours && st.current_honours == 0 {
            return false;
        }
        if let Some(scheme) = self.scheme {
            let Some(&i) = st.current_grades.get(&scheme) else {
                return false;
            };
            if let Some(min) = &self.min_grade {
                match (scheme.rank(&card.grades[i].grade), scheme.rank(min)) {
                    (Some(have), Some(need)) if have <= need => {}
                    _ => return false,
                }
            }
        }
        true
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

/// How a group of terms was read from the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reading {
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
struct Group {
    reading: Reading,
    terms: Vec<String>,
    need: usize,
    /// Query units (syllables or letters) for the coverage of pinyin scores.
    units: usize,
    /// Terms looked up only when the first round finds no name, former name
    /// or brand containing the query (a name typed with a wrong character),
    /// or for pinyin pairs no name starting so: a second round of fetches
    /// for those queries rather than more bytes for every query.
    later: Vec<String>,
}

/// Letters looked up in the sorted pinyin start keys (`PinyinChunk`):
/// pinyin (`qingdaoyin`) or `#` and initials (`#qdyk`).
#[derive(Clone, Debug)]
struct Start {
    typed: String,
    reading: Reading,
    /// Syllables or letters typed, for the coverage of pinyin scores.
    units: usize,
}

/// At most this many pinyin start shards are read per query: a short query
/// matches more names than they hold, and shows the first of them.
const MAX_START_SHARDS: usize = 2;

/// The normalised query and what it asks for.
#[derive(Clone, Debug)]
enum Plan {
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
        groups: Vec<Group>,
        /// Letters looked up in the pinyin start keys.
        starts: Vec<Start>,
    },
    /// No query but filters: walk the rolls that can satisfy them.
    Browse { rolls: Vec<String> },
}

/// A candidate doc and the best reading that found it.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    doc: u32,
    reading: Reading,
    units: usize,
    /// The share of the group's terms held, weighted by field (0..=1).
    held: f32,
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
    errors: Vec<FormatError>,
    reported: BTreeSet<String>,
    repaired: bool,
    code_invalid: bool,
    /// Set by [`Search::text_docs`] (see [`Search::unsure`]).
    text_unsure: bool,
    /// The next card read is staged.
    staged: Option<Staged>,
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
    shards: 3,
    enough: 0.9,
    then_rest: true,
};

/// Cards scored beyond the `limit` asked for: candidates that the postings
/// rank alike are told apart only by their cards.
const EXTRA_CANDIDATES: usize = 12;
/// The best candidates whose cards are always read.
const SURE_CANDIDATES: usize = 5;
/// Card shards a query reads at most, beyond those of its sure candidates.
const MAX_CARD_SHARDS: usize = 6;
/// At most this many terms per reading are looked up, so that a long query
/// costs no more fetches than a short one.
const MAX_TERMS: usize = 4;

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
            errors: Vec::new(),
            reported: BTreeSet::new(),
            repaired: false,
            code_invalid: false,
            text_unsure: false,
            staged: None,
        }
    }

    /// Chunks that were missing or corrupt: the results come from the others.
    pub fn errors(&self) -> &[FormatError] {
        &self.errors
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
                Stage::Planned(plan) => {
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
                        Plan::Text { groups, starts, .. } => self.text_docs(chunks, groups, starts),
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
                            ..
                        } = &mut plan
                        {
                            // Letters are also read as pinyin: those readings decide.
                            if !characters_only(groups, starts) {
                            } else if norm.len() == core.len() {
                                if take_later(groups, |g| g.reading == Reading::Text) {
                                    self.staged = Some(SECOND_ROUND_STAGE);
                                    self.stage = Stage::Planned(plan);
                                    continue;
                                }
                            } else {
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
                    if let Plan::Text { groups, starts, .. } = &mut plan {
                        // Text terms when no name, former name or brand
                        // contains the query (only fuzzy matches, below 0.5),
                        // pinyin pairs when nothing was found from the start.
                        let wanted = |g: &Group| match g.reading {
                            Reading::Text => hits.first().is_none_or(|h| h.score < 0.5),
                            _ => hits.is_empty(),
                        };
                        // Staged for a query read as characters only (letters
                        // are also pinyin, whose readings rank otherwise).
                        let text = characters_only(groups, starts)
                            && groups.iter().any(|g| !g.later.is_empty() && wanted(g));
                        if take_later(groups, wanted) {
                            if text {
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
                    return Step::Done(hits);
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
                            return Step::Done(hits);
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
                            match RollPage::decode(b) {
                                Ok(p) => {
                                    for e in p.entries {
                                        if hits.len() < self.limit
                                            && !hits.iter().any(|h: &Hit| h.uscc == e.card.uscc)
                                            && self.filters.accepts(&e.card, day)
                                        {
                                            hits.push(Hit {
                                                uscc: e.card.uscc.clone(),
                                                name: e.card.name.clone(),
                                                score: 1.0,
                                                matched: MatchKind::Name,
                                                card: e.card,
                                            });
                                        }
                                    }
                                }
                                Err(e) => self.fail(&path, e.kind),
                            }
                        }
                        if hits.len() >= self.limit {
                            return Step::Done(hits);
                        }
                        page += 1;
                    }
                }
                Stage::Finished => return Step::Done(Vec::new()),
            }
        }
    }

    fn plan(&mut self) -> Plan {
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
        let norm = normalize(&self.raw, self.t2s.as_deref());
        if norm.is_empty() {
            return self.browse_plan();
        }
        let (core, suffix_typo) = strip_org_suffix_fuzzy(&norm);
        let core = core.to_string();
        let mut groups = Vec::new();
        let mut starts = Vec::new();
        if let Some(g) = self.text_group(&core) {
            groups.push(g);
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
            groups,
            starts,
        }
    }

    /// Bigrams of the query (see [`Search::group`]), with the whole query
    /// for a short one (a brand typed in full, `=光耀`), skip-bigrams for a
    /// long one (`银_食`) and, when the query starts with a place prefix, its
    /// later characters with the place (`@青岛康`): a name typed with one
    /// wrong, missing or extra character keeps most of those, which tells it
    /// from the many names sharing one of its bigrams.
    /// One character looks up the names and trade names starting with it.
    fn text_group(&self, core: &str) -> Option<Group> {
        let chars: Vec<char> = core.chars().collect();
        if let [c] = chars[..] {
            return is_cjk(c).then(|| Group {
                reading: Reading::Text,
                terms: vec![pinyin::first_char_term(c)],
                need: 1,
                units: 1,
                later: Vec::new(),
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
        if chars.len() >= 5 {
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

    /// The pinyin readings of lower-case letters: the letters as the start
    /// of a name or trade name (pinyin start keys, for every way of reading
    /// them as syllables at once), syllable pairs anywhere in a name, and,
    /// for a few letters that are not (all) syllables, initials from the start.
    fn pinyin_groups(&self, core: &str) -> (Vec<Group>, Vec<Start>) {
        let mut groups = Vec::new();
        let mut starts = Vec::new();
        let mut segs = pinyin::segmentations(core, 2);
        // A complete reading beats one that ends mid-syllable
        // (`longcheng` is long cheng, not long chen + g).
        if segs.iter().any(|(_, partial)| !partial) {
            segs.retain(|(_, partial)| !partial);
        }
        if let Some((syl, _)) = segs.first() {
            starts.push(Start {
                typed: core.to_string(),
                reading: Reading::PinyinStart,
                units: syl.len(),
            });
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
    fn start_paths(&mut self, plan: &Plan, chunks: &Chunks) -> Vec<String> {
        let Plan::Text { starts, .. } = plan else {
            return Vec::new();
        };
        let Some(fence_path) = self.meta.pinyin_fence.clone() else {
            return Vec::new();
        };
        if starts.is_empty() {
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
    fn group(&self, reading: Reading, terms: Vec<String>, typos: bool, units: usize) -> Group {
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
        }
    }

    /// With an empty query, the rolls whose entries can pass the filters.
    fn browse_plan(&self) -> Plan {
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

    fn plan_paths(&self, plan: &Plan) -> Vec<String> {
        let mut v: Vec<String> = match plan {
            Plan::Empty | Plan::Browse { .. } => Vec::new(),
            Plan::Code { code } => code_keys(code)
                .map(|keys| {
                    keys.iter()
                        .filter_map(|k| self.meta.codes.path_for(k).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
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

    fn code_docs(&mut self, chunks: &Chunks, code: &str, paths: &[String]) -> Vec<Candidate> {
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
        };
        if let Some(d) = doc_of(code) {
            return vec![cand(d)];
        }
        let repairs: Vec<Candidate> = uscc::one_substitution_away(code)
            .iter()
            .filter_map(|c| doc_of(c).map(cand))
            .collect();
        self.repaired = !repairs.is_empty();
        repairs
    }

    fn text_docs(&mut self, chunks: &Chunks, groups: &[Group], starts: &[Start]) -> Vec<Candidate> {
        // Per doc, the best (reading, weight of terms held) over the groups.
        let mut best: DocMap<(f32, Candidate)> = DocMap::default();
        self.start_docs(chunks, starts, &mut best);
        for g in groups {
            let mut weight: DocMap<(usize, f32)> = DocMap::default();
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
                let mut per_doc: DocMap<f32> = DocMap::default();
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
                for (d, w) in per_doc {
                    let e = weight.entry(d).or_insert((0, 0.0));
                    e.0 += 1;
                    e.1 += w;
                }
            }
            let k = g.terms.len().max(1) as f32;
            // Readings rank text > pinyin > initials when they hold as much.
            let bias = match g.reading {
                Reading::Text => 0.002,
                Reading::PinyinStart => 0.0015,
                Reading::Pinyin => 0.001,
                Reading::Initials => 0.0,
            };
            if g.reading == Reading::Text && !g.later.is_empty() {
                self.text_unsure = self.unsure(g, &weight);
            }
            for (d, (n, w)) in weight {
                if n < g.need {
                    continue;
                }
                let s = w / k + bias;
                let c = Candidate {
                    doc: d,
                    reading: g.reading,
                    units: g.units,
                    held: w / k,
                };
                match best.get(&d) {
                    Some((b, _)) if *b >= s => {}
                    _ => {
                        best.insert(d, (s, c));
                    }
                }
            }
        }
        let mut ranked: Vec<(f32, Candidate)> = best.into_values().collect();
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
        self.within_card_budget(ranked.into_iter().map(|(_, c)| c))
    }

    /// True when no doc holds every term of the text group `g` (terms held
    /// per doc in `weight`) though every term is uncommon (its list is
    /// whole): no name, former name or brand contains the query.
    fn unsure(&self, g: &Group, weight: &DocMap<(usize, f32)>) -> bool {
        if g.terms.iter().any(|t| self.meta.is_common(t)) {
            return false;
        }
        let top = weight.values().map(|&(n, _)| n).max().unwrap_or(0);
        top < g.terms.len()
    }

    /// How many of `cands` (best first) lie in their first `shards` card shards.
    fn first_shards(&self, cands: &[Candidate], shards: usize) -> usize {
        let per = self.meta.cards_per_shard.max(1);
        let mut seen: Vec<u32> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            let s = c.doc / per;
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
    fn within_card_budget(&self, ranked: impl Iterator<Item = Candidate>) -> Vec<Candidate> {
        let per = self.meta.cards_per_shard.max(1);
        let mut shards: Vec<u32> = Vec::new();
        let mut out = Vec::new();
        for c in ranked {
            if out.len() == self.limit + EXTRA_CANDIDATES {
                break;
            }
            let s = c.doc / per;
            if shards.contains(&s) {
                out.push(c);
            } else if out.len() < SURE_CANDIDATES || shards.len() < MAX_CARD_SHARDS {
                shards.push(s);
                out.push(c);
            }
        }
        out
    }

    /// Candidates from the pinyin start keys: a key starting with the typed
    /// letters at a syllable end holds them fully, one ending inside a
    /// syllable (still typing) a little less, a weak key (trade name, rarer
    /// reading) less again.
    fn start_docs(
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
            for i in fence.shards_for(&st.typed, MAX_START_SHARDS) {
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
                    let held = if whole { 1.0 } else { 0.8 } * if e.weak { 0.9 } else { 1.0 };
                    let s = held + bias;
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
                                },
                            ),
                        );
                    }
                });
            }
        }
    }

    fn score(&mut self, chunks: &Chunks, plan: &Plan, cands: &[Candidate]) -> Vec<Hit> {
        let day = self.day();
        let mut hits = Vec::new();
        let t2s = self.t2s.clone();
        let t2s = t2s.as_deref();
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
                    ..
                } => match c.reading {
                    Reading::Text => {
                        score_text(norms, norm, core, self.meta, &fuzzy).map(|(s, k)| {
                            // The name but for a misspelt company form.
                            if *suffix_typo && k == MatchKind::Name && s >= 0.95 {
                                (0.95, MatchKind::Fuzzy)
                            } else {
                                (s, k)
                            }
                        })
                    }
                    Reading::PinyinStart | Reading::Pinyin | Reading::Initials => {
                        let len = strip_org_suffix(&norms.name).chars().count().max(1) as f32;
                        let cover = (c.units as f32 / len).min(1.0);
                        // A match through a character's rarer reading, from the
                        // trade name's start or ending inside a syllable ranks
                        // below any through the common readings from the start,
                        // however much of the name the letters cover.
                        let alt = 0.9 * (1.0 - c.held).clamp(0.0, 1.0);
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

/// True when the query is read as characters only: no letters also read as
/// pinyin (their readings rank otherwise).
fn characters_only(groups: &[Group], starts: &[Start]) -> bool {
    starts.is_empty() && groups.iter().all(|g| g.reading == Reading::Text)
}

/// Adds the later terms of the groups `wanted` accepts to their terms;
/// false when there were none.
fn take_later(groups: &mut [Group], wanted: impl Fn(&Group) -> bool) -> bool {
    if !groups.iter().any(|g| !g.later.is_empty() && wanted(g)) {
        return false;
    }
    for g in groups.iter_mut().filter(|g| wanted(g)) {
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
fn pick_terms(terms: Vec<String>, skip: impl Fn(&str) -> bool) -> Vec<String> {
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

/// Best first: score, then the shorter name, then the code.
pub fn sort_hits(hits: &mut [Hit]) {
    hits.stable_sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.name.chars().count().cmp(&b.name.chars().count()))
            .then(a.uscc.cmp(&b.uscc))
    });
}

/// The character bigrams of `s`, in order.
pub fn bigrams(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Scores a card against a text query: the best of its fields, by the tiers
/// exact name > name > former name > brand > fuzzy.
/// The matcher for abbreviations, and the query's score against itself.
struct Fuzzy<'a> {
    matcher: &'a SkimMatcherV2,
    self_score: f32,
}

fn score_text(
    norms: &cache::Norms,
    norm: &str,
    core: &str,
    meta: &Meta,
    fuzzy: &Fuzzy,
) -> Option<(f32, MatchKind)> {
    let mut best: Option<(f32, MatchKind)> = None;
    let mut consider = |s: f32, k: MatchKind| {
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, k));
        }
    };
    let qlen = core.chars().count() as f32;
    let name = &norms.name;
    let name_core = strip_org_suffix(name);
    let without_place = meta.place_prefix(name_core).map(|p| &name_core[p.len()..]);
    // Did the query spell out a company form (有限公司 …)?
    let query_suffix = norm.len() != core.len();
    if name == norm {
        consider(0.98, MatchKind::Name);
    } else if name_core == core && !query_suffix {
        consider(0.97, MatchKind::Name);
    } else if name_core == core {
        // The name with another company form than the one typed.
        consider(0.90, MatchKind::Name);
    } else if without_place == Some(core) {
        consider(0.95, MatchKind::Name);
    } else if name_core.contains(core) {
        let cover = qlen / name_core.chars().count().max(1) as f32;
        // A query at the start of the name (or of the name after its place)
        // is what people type; a fragment from the middle ranks a little lower.
        let start =
            name_core.starts_with(core) || without_place.is_some_and(|w| w.starts_with(core));
        consider(
            0.80 + 0.12 * cover + if start { 0.02 } else { 0.0 },
            MatchKind::Name,
        );
    }
    for f in &norms.former {
        let fc = strip_org_suffix(f);
        if f == norm && query_suffix {
            // A former name typed in full is as telling as a current name
            // with one character wrong (0.92), and ranks just above it.
            consider(0.93, MatchKind::FormerName);
        } else if fc == core {
            consider(0.78, MatchKind::FormerName);
        } else if fc.contains(core) {
            consider(
                0.65 + 0.12 * qlen / fc.chars().count().max(1) as f32,
                MatchKind::FormerName,
            );
        }
    }
    for b in &norms.brands {
        if b == core {
            consider(0.64, MatchKind::Brand);
        } else if b.contains(core) {
            consider(
                0.55 + 0.08 * qlen / b.chars().count().max(1) as f32,
                MatchKind::Brand,
            );
        }
    }
    // The whole name typed with one character wrong, missing or extra: a
    // near-exact match, above a name that merely contains the query.
    if query_suffix && qlen >= 4.0 && best.is_none_or(|(b, _)| b < 0.92) && within_one(norm, name) {
        return Some((0.92, MatchKind::Fuzzy));
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

/// When `q` is within one edit (substitution, insertion, deletion) of a
/// substring of `text`, how much of `text` it covers (0..=1).
pub fn one_edit_substring(q: &str, text: &str) -> Option<f32> {
    let q: Vec<char> = q.chars().collect();
    let t: Vec<char> = text.chars().collect();
    if q.len() < 3 {
        return None;
    }
    // Sellers' algorithm: edit distance of q to the best substring of t.
    let mut prev: Vec<usize> = (0..=q.len()).collect();
    let mut best = prev[q.len()];
    let mut cur = vec![0usize; q.len() + 1];
    for &tc in &t {
        cur[0] = 0;
        for i in 1..=q.len() {
            let sub = prev[i - 1] + usize::from(q[i - 1] != tc);
            cur[i] = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
        }
        best = best.min(cur[q.len()]);
        std::mem::swap(&mut prev, &mut cur);
    }
    (best <= 1).then(|| (q.len() as f32 / t.len().max(1) as f32).min(1.0))
}

#[cfg(test)]
mod tests;
