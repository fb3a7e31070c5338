//! Search over a registry's chunks, sans I/O.
//!
//! The caller owns fetching: it creates a [`Search`], calls [`Search::step`]
//! with the chunks it has, fetches the paths a [`Step::Need`] names (or
//! records that they failed) and steps again until [`Step::Done`]:
//!
//! ```ignore
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
//!    suffix); their posting lists give candidate docs, ranked by how many
//!    terms they hold so that a name with one wrong, missing or extra
//!    character is still a candidate;
//! 4. the best candidates' cards are fetched and scored: exact code > exact
//!    name > name > former name > brand > pinyin > fuzzy, then shorter name,
//!    then code, so equal scores always come out in the same order.

use crate::day::Day;
use crate::format::{
    code_keys, Card, CardShard, CodeShard, Field, FormatError, FormatErrorKind, Meta, PostingShard,
};
use crate::model::Scheme;
use crate::normalize::{cut_query, normalize, strip_org_suffix, T2s};
use crate::uscc;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The chunks a caller has: fetched bytes, or why a fetch failed.
#[derive(Clone, Debug, Default)]
pub struct Chunks {
    map: HashMap<String, Result<Vec<u8>, String>>,
}

impl Chunks {
    pub fn new() -> Chunks {
        Chunks::default()
    }

    /// Stores a fetched chunk.
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.map.insert(path.into(), Ok(bytes));
    }

    /// Records that `path` could not be fetched (not found, network error);
    /// searches go on without it and report it.
    pub fn insert_error(&mut self, path: impl Into<String>, why: impl Into<String>) {
        self.map.insert(path.into(), Err(why.into()));
    }

    /// The chunk at `path`: `None` when not fetched yet.
    pub fn get(&self, path: &str) -> Option<&Result<Vec<u8>, String>> {
        self.map.get(path)
    }

    /// True when `path` was fetched or failed.
    pub fn contains(&self, path: &str) -> bool {
        self.map.contains_key(path)
    }

    /// Forgets a chunk (for a retry after a network error).
    pub fn remove(&mut self, path: &str) {
        self.map.remove(path);
    }

    /// Number of chunks held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no chunk is held.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

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

/// The normalised query and what it asks for.
#[derive(Clone, Debug)]
enum Plan {
    /// Nothing to search for.
    Empty,
    /// A credit code (upper-cased), and whether it is valid.
    Code { code: String },
    /// Text: the normalised query, its form without the org suffix, and its terms.
    Text {
        norm: String,
        core: String,
        terms: Vec<String>,
    },
}

#[derive(Clone, Debug)]
enum Stage {
    Start,
    Planned(Plan),
    /// Docs chosen; their cards are needed. Code hits carry their kind.
    Cards {
        plan: Plan,
        docs: Vec<u32>,
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
    t2s: Option<T2s>,
    errors: Vec<FormatError>,
    reported: BTreeSet<String>,
    repaired: bool,
    code_invalid: bool,
}

/// How many candidates' cards are fetched per result asked for.
const CANDIDATES_PER_RESULT: usize = 3;
/// At least this many candidates are scored.
const MIN_CANDIDATES: usize = 30;

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

    fn fail(&mut self, path: &str, kind: FormatErrorKind) {
        if self.reported.insert(path.to_string()) {
            self.errors.push(FormatError {
                path: Some(path.to_string()),
                kind,
            });
        }
    }

    fn decode<T>(
        &mut self,
        chunks: &Chunks,
        path: &str,
        f: fn(&[u8]) -> Result<T, FormatError>,
    ) -> Option<T> {
        let b = self.bytes(chunks, path)?;
        match f(b) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(path, e.kind);
                None
            }
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
                            if let Some(b) = self.bytes(chunks, &p) {
                                match std::str::from_utf8(b) {
                                    Ok(s) => self.t2s = Some(T2s::from_chunk_string(s)),
                                    Err(_) => {
                                        self.fail(&p, FormatErrorKind::Corrupt("not UTF-8".into()))
                                    }
                                }
                            }
                        }
                    }
                    let plan = self.plan();
                    self.stage = Stage::Planned(plan);
                }
                Stage::Planned(plan) => {
                    let paths = self.plan_paths(&plan);
                    let missing: Vec<String> = paths
                        .iter()
                        .filter(|p| !chunks.contains(p))
                        .cloned()
                        .collect();
                    if !missing.is_empty() {
                        self.stage = Stage::Planned(plan);
                        return Step::Need(missing);
                    }
                    let docs = match &plan {
                        Plan::Empty => Vec::new(),
                        Plan::Code { code } => self.code_docs(chunks, code, &paths),
                        Plan::Text { terms, .. } => self.text_docs(chunks, terms),
                    };
                    self.stage = Stage::Cards { plan, docs };
                }
                Stage::Cards { plan, docs } => {
                    let mut paths: Vec<String> = docs
                        .iter()
                        .filter_map(|&d| self.meta.card_chunk_for(d).map(str::to_string))
                        .collect();
                    paths.sort();
                    paths.dedup();
                    let missing: Vec<String> = paths
                        .iter()
                        .filter(|p| !chunks.contains(p))
                        .cloned()
                        .collect();
                    if !missing.is_empty() {
                        self.stage = Stage::Cards { plan, docs };
                        return Step::Need(missing);
                    }
                    let hits = self.score(chunks, &plan, &docs, &paths);
                    self.stage = Stage::Finished;
                    return Step::Done(hits);
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
        let norm = normalize(&self.raw, self.t2s.as_ref());
        if norm.is_empty() {
            return Plan::Empty;
        }
        let core = strip_org_suffix(&norm).to_string();
        let terms = query_terms(&core);
        if terms.is_empty() {
            return Plan::Empty;
        }
        Plan::Text { norm, core, terms }
    }

    fn plan_paths(&self, plan: &Plan) -> Vec<String> {
        let mut v: Vec<String> = match plan {
            Plan::Empty => Vec::new(),
            Plan::Code { code } => code_keys(code)
                .map(|keys| {
                    keys.iter()
                        .filter_map(|k| self.meta.codes.path_for(k).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            Plan::Text { terms, .. } => terms
                .iter()
                .filter_map(|t| self.meta.postings.path_for(t).map(str::to_string))
                .collect(),
        };
        v.sort();
        v.dedup();
        v
    }

    fn code_docs(&mut self, chunks: &Chunks, code: &str, paths: &[String]) -> Vec<u32> {
        let mut codes: BTreeMap<String, u32> = BTreeMap::new();
        for p in paths {
            if let Some(s) = self.decode(chunks, p, CodeShard::decode) {
                codes.extend(s.codes);
            }
        }
        if let Some(&d) = codes.get(code) {
            return vec![d];
        }
        let repairs: Vec<u32> = uscc::one_substitution_away(code)
            .iter()
            .filter_map(|c| codes.get(c).copied())
            .collect();
        self.repaired = !repairs.is_empty();
        repairs
    }

    fn text_docs(&mut self, chunks: &Chunks, terms: &[String]) -> Vec<u32> {
        // Per doc: the terms it holds in any field.
        let mut count: HashMap<u32, u32> = HashMap::new();
        let mut shards: BTreeMap<String, PostingShard> = BTreeMap::new();
        for t in terms {
            let Some(p) = self.meta.postings.path_for(t).map(str::to_string) else {
                continue;
            };
            if !shards.contains_key(&p) {
                if let Some(s) = self.decode(chunks, &p, PostingShard::decode) {
                    shards.insert(p.clone(), s);
                }
            }
            let Some(shard) = shards.get(&p) else {
                continue;
            };
            let mut docs: Vec<u32> = Vec::new();
            for f in [Field::Name, Field::Former, Field::Brand] {
                if let Some(d) = shard.terms.get(&(t.clone(), f)) {
                    docs.extend_from_slice(d);
                }
            }
            docs.sort_unstable();
            docs.dedup();
            for d in docs {
                *count.entry(d).or_default() += 1;
            }
        }
        let n = terms.len() as u32;
        let need = n.saturating_sub(2).max(1);
        let mut ranked: Vec<(u32, u32)> = count.into_iter().filter(|&(_, c)| c >= need).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let keep = (self.limit * CANDIDATES_PER_RESULT).max(MIN_CANDIDATES);
        ranked.truncate(keep);
        ranked.into_iter().map(|(d, _)| d).collect()
    }

    fn score(&mut self, chunks: &Chunks, plan: &Plan, docs: &[u32], paths: &[String]) -> Vec<Hit> {
        let mut shards: HashMap<String, CardShard> = HashMap::new();
        for p in paths {
            if let Some(s) = self.decode(chunks, p, CardShard::decode) {
                shards.insert(p.clone(), s);
            }
        }
        let day = self.day();
        let mut hits = Vec::new();
        for &d in docs {
            let Some(card) = self
                .meta
                .card_chunk_for(d)
                .and_then(|p| shards.get(p))
                .and_then(|s| s.get(d))
                .cloned()
            else {
                continue;
            };
            if !self.filters.accepts(&card, day) {
                continue;
            }
            let scored = match plan {
                Plan::Empty => None,
                Plan::Code { .. } => Some((if self.repaired { 0.9 } else { 1.0 }, MatchKind::Code)),
                Plan::Text { norm, core, .. } => score_text(&card, norm, core, self.t2s.as_ref()),
            };
            if let Some((score, matched)) = scored {
                hits.push(Hit {
                    uscc: card.uscc.clone(),
                    name: card.name.clone(),
                    score,
                    matched,
                    card,
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
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.name.chars().count().cmp(&b.name.chars().count()))
            .then(a.uscc.cmp(&b.uscc))
    });
}

/// The terms of a normalised, suffix-stripped query: its distinct bigrams.
pub fn query_terms(core: &str) -> Vec<String> {
    let mut v = bigrams(core);
    v.sort();
    v.dedup();
    v
}

/// The character bigrams of `s`, in order.
pub fn bigrams(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Scores a card against a text query: the best of its fields, by the tiers
/// name > former name > brand > fuzzy.
fn score_text(card: &Card, norm: &str, core: &str, t2s: Option<&T2s>) -> Option<(f32, MatchKind)> {
    let mut best: Option<(f32, MatchKind)> = None;
    let mut consider = |s: f32, k: MatchKind| {
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, k));
        }
    };
    let qlen = core.chars().count() as f32;
    let name = normalize(&card.name, t2s);
    let name_core = strip_org_suffix(&name);
    if name == norm {
        consider(0.98, MatchKind::Name);
    } else if name_core == core {
        consider(0.97, MatchKind::Name);
    } else if name_core.contains(core) {
        let cover = qlen / name_core.chars().count().max(1) as f32;
        consider(0.80 + 0.14 * cover, MatchKind::Name);
    }
    for f in &card.former_names {
        let f = normalize(f, t2s);
        let fc = strip_org_suffix(&f);
        if fc == core {
            consider(0.78, MatchKind::FormerName);
        } else if fc.contains(core) {
            consider(
                0.65 + 0.12 * qlen / fc.chars().count().max(1) as f32,
                MatchKind::FormerName,
            );
        }
    }
    for b in &card.brands {
        let b = normalize(b, t2s);
        if b == core {
            consider(0.64, MatchKind::Brand);
        } else if b.contains(core) {
            consider(
                0.55 + 0.08 * qlen / b.chars().count().max(1) as f32,
                MatchKind::Brand,
            );
        }
    }
    let mut fuzzy = None;
    if let Some(r) = one_edit_substring(core, name_core) {
        fuzzy = Some((0.15 + 0.19 * r, MatchKind::Fuzzy));
    }
    best.or(fuzzy)
}

/// When `q` is within one edit (substitution, insertion, deletion) of a
/// substring of `text`, how much of `text` it covers (0..=1).
pub fn one_edit_substring(q: &str, text: &str) -> Option<f32> {
    let q: Vec<char> = q.chars().collect();
    let t: Vec<char> = text.chars().collect();
    if q.len() < 2 {
        return None;
    }
    // Sellers' algorithm: edit distance of q to the best substring of t.
    let mut prev: Vec<usize> = (0..=q.len()).collect();
    let mut best = prev[q.len()];
    for &tc in &t {
        let mut cur = vec![0usize; q.len() + 1];
        for i in 1..=q.len() {
            let sub = prev[i - 1] + usize::from(q[i - 1] != tc);
            cur[i] = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
        }
        best = best.min(cur[q.len()]);
        prev = cur;
    }
    (best <= 1).then(|| (q.len() as f32 / t.len().max(1) as f32).min(1.0))
}

#[cfg(test)]
mod tests;
