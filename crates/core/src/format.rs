//! The registry's on-disk format: `meta.json` and the content-hashed chunks.
//!
//! Defined once here, written by the compiler (`zhixin_compiler::index`) and
//! read by the CLI (from files) and the app (by fetch) alike.
//!
//! # Layout of a registry folder `DIR`
//!
//! ```text
//! DIR/meta.json                     Meta: format_version (first), as_of, counts, registry info, shard tables
//! DIR/rec/{shard:04x}-{hash}.json   records: JSON array of Enterprise, sorted by uscc
//! DIR/card/{shard:04x}-{hash}.jsonl result cards: CardShard (docs shard*per_shard ..), JSON lines
//! DIR/post/{shard:04x}-{hash}.bin   search postings: PostingShard (binary, see `PostingShard::encode`)
//! DIR/code/{shard:04x}-{hash}.json  credit code → doc: CodeShard
//! DIR/roll/{roll}/{page:04x}-{hash}.json  list, honour and grade rolls: RollPage
//! DIR/pin/{shard:04x}-{hash}.bin    pinyin start keys: PinyinChunk (binary), DIR/pin/fence-{hash}.bin: PinyinFence
//! DIR/t2s-{hash}.txt                traditional → simplified pairs the queries need (`T2s` chunk string)
//! DIR/report.json, DIR/stats.json   written by the build pipeline, not described here
//! ```
//!
//! Every chunk's name carries the first 8 hex digits of a hash of its bytes,
//! so a chunk is never rewritten and may be cached forever; only `meta.json`
//! changes between builds. The shard a key lives in is computed, not looked
//! up ([`shard_of`]: FNV-1a of the key modulo the shard count), so `meta.json`
//! holds per family only the shard count and one string of the shards'
//! hashes (8 hex digits each) rather than a table of key ranges that would
//! grow with the registry.
//!
//! - **Records** (`rec`): the whole [`Enterprise`] for the enterprise page;
//!   shard = `shard_of(uscc, records.shards)`; use [`Meta::record_chunk_for`]
//!   and [`decode_records`].
//! - **Docs and cards** (`card`): every enterprise has a *doc* number, its
//!   position in the order of normalised names (so look-alike siblings share a
//!   card shard and one fetch). Card shard `i` holds docs
//!   `i * cards_per_shard ..`. A [`Card`] is what a result row shows,
//!   including the raw dates of listings, grades and honours so that badges
//!   are computed against the viewer's today ([`Card::status`]).
//! - **Postings** (`post`): terms (name bigrams and skip-bigrams,
//!   characters after a place prefix, whole brands, first characters,
//!   pinyin syllable pairs; spelt by `search_terms`) → sorted doc numbers,
//!   per field; shard = `shard_of(term)`.
//! - **Codes** (`code`): each credit code appears in two shards, keyed by its
//!   even and odd organisation-code characters ([`code_keys`]), so a code with
//!   one wrong character still reaches a shard holding the original.
//! - **Rolls** (`roll`): per list kind, honour kind and grading scheme
//!   (their ids), one entry per such fact with the enterprise's card, newest
//!   fact first, in pages of `roll_page_size` ([`Meta::roll`], [`RollPage`]).
//! - **Pinyin starts** (`pin`): for every name, the toneless pinyin of its
//!   first characters (`qingdaoyinkang…`, also from the start of the trade
//!   name after a place prefix) and its initials (`#qdyk…`), sorted, in
//!   shards of consecutive keys ([`PinyinChunk`]); the fence chunk
//!   (`meta.pinyin_fence`, [`PinyinFence`]) holds each shard's first key, so
//!   typed letters find their range in one fetch whatever their length.
//! - **Common terms**: posting lists longer than `common_cap` keep only the
//!   docs of highest static rank; `meta.common` names those terms.
//!
//! A reader rejects a `format_version` it does not know ([`Meta::from_json`]).

use crate::day::Day;
use crate::model::{Enterprise, Grade, Honour, HonourKind, ListKind, Listing, Scheme, Source};
use crate::status::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// The format version this crate writes and reads.
pub const FORMAT_VERSION: u32 = 2;

/// Why a registry file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The file (relative path) involved, when known.
    pub path: Option<String>,
    pub kind: FormatErrorKind,
}

/// The kinds of [`FormatError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatErrorKind {
    /// `meta.json` names a format version this reader does not know.
    UnknownVersion(u64),
    /// `meta.json` has no `format_version`.
    NoVersion,
    /// The bytes are not what the file should hold.
    Corrupt(String),
    /// The chunk is not available (not found, or the fetch failed).
    Missing(String),
}

impl FormatError {
    /// A corrupt-data error for `path`.
    pub fn corrupt(path: impl Into<String>, why: impl fmt::Display) -> FormatError {
        FormatError {
            path: Some(path.into()),
            kind: FormatErrorKind::Corrupt(why.to_string()),
        }
    }

    /// The same error, naming `path`.
    pub fn at(mut self, path: &str) -> FormatError {
        self.path = Some(path.to_string());
        self
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{p}: ")?;
        }
        match &self.kind {
            FormatErrorKind::UnknownVersion(v) => write!(
                f,
                "registry format version {v} is not supported (this reader knows version {FORMAT_VERSION}); \
                 rebuild the registry with this version of zhixin, or update the reader"
            ),
            FormatErrorKind::NoVersion => write!(f, "not a zhixin registry meta file (no format_version)"),
            FormatErrorKind::Corrupt(why) => write!(f, "corrupt chunk: {why}"),
            FormatErrorKind::Missing(why) => write!(f, "chunk not available: {why}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// The publisher's description of the registry (`SRC/registry.json`, carried
/// into `meta.json` as `registry`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryInfo {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub publisher: String,
    /// Where to report an error (a URL or `mailto:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction_url: Option<String>,
    /// How often the publisher refreshes the data, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_days: Option<u32>,
    /// True for demonstration data (fictional).
    #[serde(default)]
    pub demo: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The build's as-of date. Not read from `registry.json`: the build sets
    /// it, and `write_index` copies it to [`Meta::as_of`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Day>,
}

/// How many of each thing the registry holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub enterprises: u64,
    #[serde(default)]
    pub former_names: u64,
    #[serde(default)]
    pub brands: u64,
    #[serde(default)]
    pub grades: u64,
    #[serde(default)]
    pub listings: u64,
    #[serde(default)]
    pub honours: u64,
    #[serde(default)]
    pub spot_checks: u64,
}

/// A family of chunks sharded by a computed key: `{dir}/{shard:04x}-{hash}.{ext}`.
///
/// `hash` is the shard's own content hash, or one hash of the whole family
/// for every shard ([`ShardTable::whole`]): families whose shards all change
/// whenever anything changes (doc numbers shift) gain nothing from a hash per
/// shard, and a million enterprises' per-shard hashes would make `meta.json`
/// the largest download of a first query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardTable {
    pub dir: String,
    pub ext: String,
    pub shards: u32,
    /// The shards' content hashes, 8 hex digits each, concatenated; or a
    /// single 8-digit hash of the whole family, shared by every shard.
    pub hashes: String,
    #[serde(skip)]
    paths: Vec<String>,
}

impl ShardTable {
    /// A table from the shards' hashes (8 hex digits each).
    pub fn new(dir: &str, ext: &str, hashes: &[String]) -> ShardTable {
        let mut t = ShardTable {
            dir: dir.into(),
            ext: ext.into(),
            shards: hashes.len() as u32,
            hashes: hashes.concat(),
            paths: Vec::new(),
        };
        t.fill_paths();
        t
    }

    /// A table whose shards all carry one hash of the whole family (8 hex digits).
    pub fn whole(dir: &str, ext: &str, shards: u32, hash: &str) -> ShardTable {
        let mut t = ShardTable {
            dir: dir.into(),
            ext: ext.into(),
            shards,
            hashes: hash.into(),
            paths: Vec::new(),
        };
        t.fill_paths();
        t
    }

    /// True when every shard carries the family's one hash.
    pub fn is_whole(&self) -> bool {
        self.hashes.len() == 8 && self.shards != 1
    }

    fn fill_paths(&mut self) {
        let whole = self.is_whole();
        self.paths = (0..self.shards as usize)
            .map(|i| {
                let at = if whole { 0 } else { i * 8 };
                let h = self.hashes.get(at..at + 8).unwrap_or("00000000");
                format!("{}/{:04x}-{}.{}", self.dir, i, h, self.ext)
            })
            .collect();
    }

    fn check(&self, what: &str) -> Result<(), FormatError> {
        let len_ok = self.hashes.len() == self.shards as usize * 8
            || (self.hashes.len() == 8 && self.shards > 0);
        if !len_ok || !self.hashes.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(FormatError::corrupt(
                "meta.json",
                format!("{what}: hashes do not match the shard count"),
            ));
        }
        Ok(())
    }

    /// The relative path of shard `i`.
    pub fn path(&self, i: u32) -> Option<&str> {
        self.paths.get(i as usize).map(String::as_str)
    }

    /// The relative path of the shard holding `key`.
    pub fn path_for(&self, key: &str) -> Option<&str> {
        if self.shards == 0 {
            return None;
        }
        self.path(shard_of(key, self.shards))
    }

    /// Every shard's path.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }
}

/// One roll (a list kind or honour kind): how many entries and its pages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollInfo {
    /// Entries (facts) in the roll, in force or not.
    pub count: u64,
    /// Enterprises in the roll.
    pub enterprises: u64,
    pub pages: ShardTable,
}

/// `meta.json`: the one file a reader loads first; everything else is found from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Always the first field.
    pub format_version: u32,
    /// The date the build computed its report as of.
    #[serde(default)]
    pub as_of: Option<Day>,
    pub counts: Counts,
    pub registry: RegistryInfo,
    pub records: ShardTable,
    pub cards: ShardTable,
    pub cards_per_shard: u32,
    pub postings: ShardTable,
    pub codes: ShardTable,
    /// The traditional → simplified table chunk, when the registry has one.
    #[serde(default)]
    pub t2s: Option<String>,
    /// Rolls by id: a `ListKind` or `HonourKind` id.
    #[serde(default)]
    pub rolls: BTreeMap<String, RollInfo>,
    pub roll_page_size: u32,
    /// Aggregates for the report page, when the build wrote them (relative path).
    #[serde(default)]
    pub stats: Option<String>,
    /// Terms whose posting lists were capped at `common_cap` docs (by static
    /// rank), space-separated. Queries prefer other terms: these match too
    /// many names to tell them apart, and their chunks are the largest.
    #[serde(default)]
    pub common: String,
    #[serde(default)]
    pub common_cap: u32,
    /// Place prefixes learnt from the names (two characters each, concatenated).
    #[serde(default)]
    pub places: String,
    /// Pinyin start keys ([`PinyinChunk`]), sorted and cut into shards;
    /// `pinyin_fence` (a [`PinyinFence`] chunk) holds each shard's first key.
    #[serde(default)]
    pub pinyin: ShardTable,
    #[serde(default)]
    pub pinyin_fence: Option<String>,
    #[serde(skip)]
    common_set: std::collections::HashSet<String>,
}

impl Meta {
    /// Reads `meta.json`, rejecting a format version this reader does not know.
    pub fn from_json(bytes: &[u8]) -> Result<Meta, FormatError> {
        let at = |e: FormatError| e.at("meta.json");
        // The version is checked before the rest is parsed, so a future
        // format with other fields gets the version message, not a parse error.
        #[cfg(not(feature = "lean"))]
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| at(FormatError::corrupt("meta.json", e)))?;
        #[cfg(not(feature = "lean"))]
        let version = v.get("format_version").and_then(|x| x.as_u64());
        // The app reads the version with a small probe instead: `Value` and a
        // second `Meta` decoder over it cost the app shell several KB.
        #[cfg(feature = "lean")]
        let version = lean::version(bytes).map_err(|e| at(FormatError::corrupt("meta.json", e)))?;
        match version {
            None => {
                return Err(at(FormatError {
                    path: None,
                    kind: FormatErrorKind::NoVersion,
                }))
            }
            Some(n) if n != FORMAT_VERSION as u64 => {
                return Err(at(FormatError {
                    path: None,
                    kind: FormatErrorKind::UnknownVersion(n),
                }))
            }
            Some(_) => {}
        }
        #[cfg(not(feature = "lean"))]
        let mut m: Meta =
            serde_json::from_value(v).map_err(|e| FormatError::corrupt("meta.json", e))?;
        #[cfg(feature = "lean")]
        let mut m: Meta =
            serde_json::from_slice(bytes).map_err(|e| FormatError::corrupt("meta.json", e))?;
        for (what, t) in [
            ("records", &mut m.records),
            ("cards", &mut m.cards),
            ("postings", &mut m.postings),
            ("codes", &mut m.codes),
            ("pinyin", &mut m.pinyin),
        ] {
            if what == "pinyin" && t.shards == 0 {
                continue;
            }
            t.check(what)?;
            t.fill_paths();
        }
        for (id, r) in m.rolls.iter_mut() {
            r.pages.check(id)?;
            r.pages.fill_paths();
        }
        m.common_set = m
            .common
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        if m.cards_per_shard == 0 && m.counts.enterprises > 0 {
            return Err(FormatError::corrupt("meta.json", "cards_per_shard is 0"));
        }
        Ok(m)
    }

    /// The JSON of `meta.json` (the version first).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The record chunk that holds `uscc` (normalised), if the registry has any records.
    pub fn record_chunk_for(&self, uscc: &str) -> Option<&str> {
        self.records.path_for(uscc)
    }

    /// The card shard holding doc `doc`.
    pub fn card_chunk_for(&self, doc: u32) -> Option<&str> {
        if self.cards_per_shard == 0 {
            return None;
        }
        self.cards.path(doc / self.cards_per_shard)
    }

    /// True when `term`'s posting lists were capped (see [`Meta::common`]).
    pub fn is_common(&self, term: &str) -> bool {
        self.common_set.contains(term)
    }

    /// The place prefix `name` (normalised) starts with, if any.
    pub fn place_prefix<'a>(&self, name: &'a str) -> Option<&'a str> {
        let end = name.char_indices().nth(2).map(|(i, _)| i)?;
        let head = &name[..end];
        // Two characters each, compared in place (this runs for every card scored).
        let mut places = self.places.chars();
        while let (Some(a), Some(b)) = (places.next(), places.next()) {
            if head.chars().eq([a, b]) {
                return Some(head);
            }
        }
        None
    }

    /// The roll `id` (a list kind or honour kind id), if the registry has one.
    pub fn roll(&self, id: &str) -> Option<&RollInfo> {
        self.rolls.get(id)
    }
}

/// `meta.json`'s version without `serde_json::Value` (the app's `lean` feature).
#[cfg(feature = "lean")]
mod lean {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    /// `format_version` exactly as `Value::get(..).and_then(as_u64)` reads it:
    /// a non-negative integer of a top-level object (the last one when the key
    /// repeats), else `None`.
    pub fn version(bytes: &[u8]) -> Result<Option<u64>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let v = de.deserialize_any(Probe { top: true })?;
        de.end()?;
        Ok(v)
    }

    /// Visits the top-level value (`top`) or the version's value.
    struct Probe {
        top: bool,
    }

    impl<'de> serde::de::DeserializeSeed<'de> for Probe {
        type Value = Option<u64>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<u64>, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Probe {
        type Value = Option<u64>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("JSON")
        }
        fn visit_u64<E>(self, v: u64) -> Result<Option<u64>, E> {
            Ok((!self.top).then_some(v))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Option<u64>, A::Error> {
            while a.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Option<u64>, A::Error> {
            let mut found = None;
            while let Some(key) = a.next_key::<String>()? {
                if self.top && key == "format_version" {
                    found = a.next_value_seed(Probe { top: false })?;
                } else {
                    a.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
}

/// FNV-1a (32-bit) of `key`'s UTF-8 bytes modulo `shards`: the shard of a key.
/// Fixed by the format: never change it without bumping the version.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    if shards == 0 {
        return 0;
    }
    fnv1a(key.as_bytes()) % shards
}

/// FNV-1a, 32-bit.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The two keys a credit code is filed under in the code shards: its even
/// and its odd organisation-code characters (positions 9–16). One wrong
/// character changes at most one of them. `None` unless `uscc` has 18 ASCII characters.
pub fn code_keys(uscc: &str) -> Option<[String; 2]> {
    let b = uscc.as_bytes();
    if b.len() != 18 || !uscc.is_ascii() {
        return None;
    }
    let even: String = [b[8], b[10], b[12], b[14]]
        .iter()
        .map(|&c| c as char)
        .collect();
    let odd: String = [b[9], b[11], b[13], b[15]]
        .iter()
        .map(|&c| c as char)
        .collect();
    Some([format!("e{even}"), format!("o{odd}")])
}

/// Reads a record chunk (`rec/…`): the enterprises it holds.
pub fn decode_records(bytes: &[u8]) -> Result<Vec<Enterprise>, FormatError> {
    serde_json::from_slice(bytes).map_err(|e| FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(e.to_string()),
    })
}

/// The enterprise `uscc` from a record chunk, if it holds it.
pub fn find_record(bytes: &[u8], uscc: &str) -> Result<Option<Enterprise>, FormatError> {
    Ok(decode_records(bytes)?.into_iter().find(|e| e.uscc == uscc))
}

/// A listing on a card: what the time rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardListing {
    pub list: ListKind,
    pub listed_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_on: Option<Day>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub annulled: bool,
}

/// A grade on a card: what the time rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardGrade {
    pub scheme: Scheme,
    pub grade: String,
    pub issued_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Day>,
}

/// An honour on a card: what the time rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardHonour {
    pub kind: HonourKind,
    pub awarded_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Day>,
    /// An abolished China Top Brand title (never current).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub abolished: bool,
}

/// What a search result or roll entry shows of an enterprise (`card/…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub uscc: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brands: Vec<String>,
    /// Region as published (the app derives one from the code otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<CardListing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<CardGrade>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub honours: Vec<CardHonour>,
}

impl Card {
    /// The card of an enterprise.
    pub fn from_enterprise(e: &Enterprise) -> Card {
        Card {
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            former_names: e.former_names.clone(),
            brands: e.brands.clone(),
            region: e.region.clone(),
            industry: e.industry.clone(),
            listings: e
                .listings
                .iter()
                .map(|l| CardListing {
                    list: l.list,
                    listed_on: l.listed_on,
                    removed_on: l.removed_on,
                    annulled: l.is_annulled(),
                })
                .collect(),
            grades: e
                .grades
                .iter()
                .map(|g| CardGrade {
                    scheme: g.scheme,
                    grade: g.grade.clone(),
                    issued_on: g.issued_on,
                    valid_from: g.valid_from,
                    valid_until: g.valid_until,
                })
                .collect(),
            honours: e
                .honours
                .iter()
                .map(|h| CardHonour {
                    kind: h.kind,
                    awarded_on: h.awarded_on,
                    valid_until: h.valid_until,
                    abolished: h.is_abolished_china_top_brand(),
                })
                .collect(),
        }
    }

    /// The enterprise as far as the card knows it: the facts with their
    /// dates and no texts, which is all the time rules read. Going through
    /// [`Status::of`] keeps one implementation of the rules.
    fn skeleton(&self) -> Enterprise {
        let src = Source::default();
        Enterprise {
            uscc: self.uscc.clone(),
            name: self.name.clone(),
            listings: self
                .listings
                .iter()
                .map(|l| Listing {
                    list: l.list,
                    listed_on: l.listed_on,
                    listed_by: String::new(),
                    reason: String::new(),
                    basis: None,
                    removed_on: l.removed_on,
                    removal_reason: l.annulled.then(|| "撤销".to_string()),
                    removed_by: None,
                    source: src.clone(),
                })
                .collect(),
            grades: self
                .grades
                .iter()
                .enumerate()
                .map(|(i, g)| Grade {
                    scheme: g.scheme,
                    grade: g.grade.clone(),
                    issued_by: String::new(),
                    issued_on: g.issued_on,
                    valid_until: g.valid_until,
                    valid_from: g.valid_from,
                    note: None,
                    // The row orders same-day grades as the record does.
                    source: Source {
                        row: i as u32,
                        ..Source::default()
                    },
                })
                .collect(),
            honours: self
                .honours
                .iter()
                .map(|h| Honour {
                    kind: h.kind,
                    title: if h.abolished {
                        "中国名牌".into()
                    } else {
                        String::new()
                    },
                    awarded_by: String::new(),
                    awarded_on: h.awarded_on,
                    valid_until: h.valid_until,
                    product: None,
                    brand: None,
                    level: None,
                    certificate_no: None,
                    source: src.clone(),
                })
                .collect(),
            ..Enterprise::default()
        }
    }

    /// The status on `day` by the core's time rules (`current_grades`
    /// indexes `self.grades`).
    pub fn status(&self, day: Day) -> Status {
        Status::of(&self.skeleton(), day)
    }

    /// The current grade per scheme on `day`.
    pub fn current_grades(&self, day: Day) -> BTreeMap<Scheme, String> {
        self.status(day)
            .current_grades
            .into_iter()
            .map(|(s, i)| (s, self.grades[i].grade.clone()))
            .collect()
    }
}

/// A card chunk (`card/…`): the cards of docs `first_doc ..`.
///
/// Encoded as JSON lines: `{"first_doc":N}` then one card per line, so a
/// search decodes only the lines of the cards it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardShard {
    pub first_doc: u32,
    pub cards: Vec<Card>,
}

#[derive(Serialize, Deserialize)]
struct CardHeader {
    first_doc: u32,
}

fn corrupt(why: impl fmt::Display) -> FormatError {
    FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(why.to_string()),
    }
}

impl CardShard {
    /// The JSON-lines encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec(&CardHeader {
            first_doc: self.first_doc,
        })
        .unwrap_or_default();
        for c in &self.cards {
            out.push(b'\n');
            out.extend(serde_json::to_vec(c).unwrap_or_default());
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<CardShard, FormatError> {
        let mut lines = bytes.split(|&b| b == b'\n');
        let head: CardHeader =
            serde_json::from_slice(lines.next().unwrap_or_default()).map_err(corrupt)?;
        let cards = lines
            .map(|l| serde_json::from_slice(l).map_err(corrupt))
            .collect::<Result<_, _>>()?;
        Ok(CardShard {
            first_doc: head.first_doc,
            cards,
        })
    }

    /// The first doc of a chunk from its header line.
    pub fn first_doc_of(header: &[u8]) -> Result<u32, FormatError> {
        let head: CardHeader = serde_json::from_slice(header).map_err(corrupt)?;
        Ok(head.first_doc)
    }

    /// A card from its line in a chunk.
    pub fn card_of_line(line: &[u8]) -> Result<Card, FormatError> {
        serde_json::from_slice(line).map_err(corrupt)
    }

    /// The card of doc `doc`, if this shard holds it.
    pub fn get(&self, doc: u32) -> Option<&Card> {
        self.cards.get(doc.checked_sub(self.first_doc)? as usize)
    }
}

/// A code chunk (`code/…`): credit code → doc, for codes filed under this shard's keys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeShard {
    pub codes: BTreeMap<String, u32>,
}

impl CodeShard {
    pub fn decode(bytes: &[u8]) -> Result<CodeShard, FormatError> {
        serde_json::from_slice(bytes).map_err(|e| FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt(e.to_string()),
        })
    }
}

/// One entry of a roll page: the enterprise's card and the fact that put it on the roll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollEntry {
    pub card: Card,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listing: Option<Listing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honour: Option<Honour>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
}

/// A roll chunk (`roll/{id}/…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollPage {
    pub entries: Vec<RollEntry>,
}

impl RollPage {
    pub fn decode(bytes: &[u8]) -> Result<RollPage, FormatError> {
        serde_json::from_slice(bytes).map_err(|e| FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt(e.to_string()),
        })
    }
}

/// The fields a posting can come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    /// The current name.
    Name = 0,
    /// A former name.
    Former = 1,
    /// A brand.
    Brand = 2,
    /// Pinyin syllable pairs of the name.
    Pinyin = 3,
    /// Pinyin initials n-grams of the name.
    Initials = 4,
    /// Pinyin pairs, initials and prefix keys through a rarer reading of a
    /// polyphonic character, or from the start of the trade name (after the
    /// place prefix) rather than of the name: weaker evidence.
    PinyinAlt = 5,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::Former,
        Field::Brand,
        Field::Pinyin,
        Field::Initials,
        Field::PinyinAlt,
    ];

    fn from_u8(b: u8) -> Option<Field> {
        Field::ALL.get(b as usize).copied()
    }
}

/// A postings chunk (`post/…`): for each term (and field), its docs, ascending.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostingShard {
    pub terms: BTreeMap<(String, Field), Vec<u32>>,
}

pub(crate) fn decode_gaps(list: &[u8], count: usize) -> Result<Vec<u32>, FormatError> {
    let bad = |why: &str| FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(why.into()),
    };
    let mut docs = Vec::with_capacity(count.min(list.len()));
    let mut prev = 0u32;
    let mut pos = 0;
    for _ in 0..count {
        let gap = get_varint(list, &mut pos).ok_or_else(|| bad("truncated"))?;
        prev = prev.checked_add(gap).ok_or_else(|| bad("doc overflow"))?;
        docs.push(prev);
    }
    if pos != list.len() {
        return Err(bad("list length mismatch"));
    }
    Ok(docs)
}

/// The magic bytes a postings chunk starts with.
const POSTING_MAGIC: &[u8; 4] = b"ZXP1";

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(b: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= ((byte & 0x7f) as u32).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

impl PostingShard {
    /// The binary encoding: `ZXP1`, a varint term count, then per term its
    /// UTF-8 length (varint) and bytes, the field (one byte), the doc count
    /// (varint), the byte length of the docs (varint) and the docs as varint
    /// gaps (the first from 0). The byte length lets [`PostingShard::lookup`]
    /// skip other terms' lists without decoding them.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(POSTING_MAGIC);
        put_varint(&mut out, self.terms.len() as u32);
        for ((term, field), docs) in &self.terms {
            put_varint(&mut out, term.len() as u32);
            out.extend_from_slice(term.as_bytes());
            out.push(*field as u8);
            put_varint(&mut out, docs.len() as u32);
            let mut gaps = Vec::with_capacity(docs.len() * 2);
            let mut prev = 0u32;
            for &d in docs {
                put_varint(&mut gaps, d.wrapping_sub(prev));
                prev = d;
            }
            put_varint(&mut out, gaps.len() as u32);
            out.extend_from_slice(&gaps);
        }
        out
    }

    /// Reads [`PostingShard::encode`]'s encoding.
    pub fn decode(b: &[u8]) -> Result<PostingShard, FormatError> {
        let mut terms = BTreeMap::new();
        let end = walk_postings(b, |term, field, count, list| {
            let (term, list) = (&b[term], &b[list]);
            let term = std::str::from_utf8(term)
                .map_err(|_| corrupt_posting("term is not UTF-8"))?
                .to_string();
            terms.insert((term, field), decode_gaps(list, count)?);
            Ok(())
        })?;
        if end != b.len() {
            return Err(corrupt_posting("trailing bytes"));
        }
        Ok(PostingShard { terms })
    }

    /// The lists of `term` (per field) straight from a chunk's bytes,
    /// skipping the other terms' lists.
    pub fn lookup(b: &[u8], term: &str) -> Result<Vec<(Field, Vec<u32>)>, FormatError> {
        let mut out = Vec::new();
        walk_postings(b, |t, field, count, list| {
            if &b[t] == term.as_bytes() {
                out.push((field, decode_gaps(&b[list], count)?));
            }
            Ok(())
        })?;
        Ok(out)
    }
}

pub(crate) fn corrupt_posting(why: &str) -> FormatError {
    FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(why.into()),
    }
}

/// Walks a postings chunk's entries, handing each one's term (its range of
/// `b`), field, posting count and still-encoded list (its range of `b`) to
/// `entry`, and returns the position after the last entry. Shared by
/// [`PostingShard::decode`] (which decodes everything),
/// [`PostingShard::lookup`] (which decodes one term's lists) and the
/// search's decoded-chunk cache (which keeps the ranges).
pub(crate) fn walk_postings(
    b: &[u8],
    mut entry: impl FnMut(Range<usize>, Field, usize, Range<usize>) -> Result<(), FormatError>,
) -> Result<usize, FormatError> {
    let bad = corrupt_posting;
    if b.get(..4) != Some(POSTING_MAGIC.as_slice()) {
        return Err(bad("not a postings chunk"));
    }
    let mut pos = 4;
    let n = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))?;
    for _ in 0..n {
        let len = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let term = pos..pos.saturating_add(len);
        b.get(term.clone()).ok_or_else(|| bad("truncated"))?;
        pos += len;
        let field = b
            .get(pos)
            .copied()
            .and_then(Field::from_u8)
            .ok_or_else(|| bad("bad field"))?;
        pos += 1;
        let count = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let nbytes = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let list = pos..pos.saturating_add(nbytes);
        b.get(list.clone()).ok_or_else(|| bad("truncated"))?;
        pos += nbytes;
        entry(term, field, count, list)?;
    }
    Ok(pos)
}

/// One pinyin start key of a doc.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PinyinEntry {
    /// Toneless pinyin letters of the first characters (`qingdaoyinkang`),
    /// or `#` and their initials (`#qdyk`).
    pub key: String,
    /// Bit `i` set: a syllable ends after letter `i + 1` of `key` (pinyin
    /// keys; initials end a syllable at every letter).
    pub ends: u32,
    /// From the trade name's start, or through a rarer reading: weaker.
    pub weak: bool,
    pub doc: u32,
}

impl PinyinEntry {
    /// How `typed` (letters; `#`-prefixed for initials) matches this key:
    /// `Some(true)` when the key starts with it at a syllable end (or it
    /// covers the whole key), `Some(false)` when it ends inside a syllable
    /// (the person is still typing), `None` when it does not match.
    pub fn matches(&self, typed: &str) -> Option<bool> {
        pinyin_match(&self.key, self.ends, typed)
    }
}

/// [`PinyinEntry::matches`] on the parts of an entry.
pub fn pinyin_match(key: &str, ends: u32, typed: &str) -> Option<bool> {
    if typed.len() >= key.len() {
        // Keys hold the first characters only: a longer query matches
        // when it goes on from the whole key.
        return typed.starts_with(key).then_some(true);
    }
    if !key.starts_with(typed) {
        return None;
    }
    let at = typed.len();
    Some(key.starts_with('#') || (at <= 32 && ends & (1u32 << (at - 1)) != 0))
}

const PINYIN_MAGIC: &[u8; 4] = b"ZXY1";
const FENCE_MAGIC: &[u8; 4] = b"ZXF1";

/// Appends `key` front-coded against `prev`: shared length, suffix length, suffix.
fn put_front_coded(out: &mut Vec<u8>, prev: &str, key: &str) {
    let shared = prev
        .bytes()
        .zip(key.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    put_varint(out, shared as u32);
    put_varint(out, (key.len() - shared) as u32);
    out.extend_from_slice(&key.as_bytes()[shared..]);
}

fn get_front_coded(b: &[u8], pos: &mut usize, prev: &str) -> Result<String, FormatError> {
    let mut key = prev.to_string();
    next_front_coded(b, pos, &mut key)?;
    Ok(key)
}

/// Turns `key` (the previous key) into the next front-coded key, in place.
fn next_front_coded(b: &[u8], pos: &mut usize, key: &mut String) -> Result<(), FormatError> {
    let bad = corrupt_posting;
    let shared = get_varint(b, pos).ok_or_else(|| bad("truncated"))? as usize;
    let len = get_varint(b, pos).ok_or_else(|| bad("truncated"))? as usize;
    let suffix = b
        .get(*pos..pos.saturating_add(len))
        .ok_or_else(|| bad("truncated"))?;
    *pos += len;
    if shared > key.len() || !key.is_char_boundary(shared) {
        return Err(bad("bad shared length"));
    }
    key.truncate(shared);
    key.push_str(std::str::from_utf8(suffix).map_err(|_| bad("key is not UTF-8"))?);
    Ok(())
}

/// A pinyin start chunk (`pin/…`): consecutive entries in key order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PinyinChunk {
    pub entries: Vec<PinyinEntry>,
}

impl PinyinChunk {
    /// `ZXY1`, a varint count, then per entry the key front-coded against
    /// the previous one, a flags byte (bit 0: weak), the syllable ends and
    /// the doc (varints).
    pub fn encode(&self) -> Vec<u8> {
        PinyinChunk::encode_entries(&self.entries)
    }

    /// [`PinyinChunk::encode`] of borrowed entries.
    pub fn encode_entries(entries: &[PinyinEntry]) -> Vec<u8> {
        let mut out = PINYIN_MAGIC.to_vec();
        put_varint(&mut out, entries.len() as u32);
        let mut prev = "";
        for e in entries {
            put_front_coded(&mut out, prev, &e.key);
            out.push(u8::from(e.weak));
            put_varint(&mut out, e.ends);
            put_varint(&mut out, e.doc);
            prev = &e.key;
        }
        out
    }

    /// Calls `f(key, ends, weak, doc)` for every entry of an encoded chunk
    /// in order, without decoding the chunk into owned entries.
    pub fn scan(b: &[u8], mut f: impl FnMut(&str, u32, bool, u32)) -> Result<(), FormatError> {
        let bad = corrupt_posting;
        if b.get(..4) != Some(PINYIN_MAGIC.as_slice()) {
            return Err(bad("not a pinyin chunk"));
        }
        let mut pos = 4;
        let n = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let mut key = String::new();
        for _ in 0..n {
            next_front_coded(b, &mut pos, &mut key)?;
            let flags = *b.get(pos).ok_or_else(|| bad("truncated"))?;
            pos += 1;
            let ends = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))?;
            let doc = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))?;
            f(&key, ends, flags & 1 != 0, doc);
        }
        if pos != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(())
    }

    /// Reads [`PinyinChunk::encode`]'s encoding.
    pub fn decode(b: &[u8]) -> Result<PinyinChunk, FormatError> {
        let mut entries = Vec::new();
        PinyinChunk::scan(b, |key, ends, weak, doc| {
            entries.push(PinyinEntry {
                key: key.to_string(),
                ends,
                weak,
                doc,
            })
        })?;
        Ok(PinyinChunk { entries })
    }
}

/// The pinyin fence chunk: the first key of every pinyin shard, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PinyinFence {
    pub firsts: Vec<String>,
}

impl PinyinFence {
    /// `ZXF1`, a varint count, then each key front-coded against the previous one.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = FENCE_MAGIC.to_vec();
        put_varint(&mut out, self.firsts.len() as u32);
        let mut prev = "";
        for k in &self.firsts {
            put_front_coded(&mut out, prev, k);
            prev = k;
        }
        out
    }

    /// Reads [`PinyinFence::encode`]'s encoding.
    pub fn decode(b: &[u8]) -> Result<PinyinFence, FormatError> {
        let bad = corrupt_posting;
        if b.get(..4) != Some(FENCE_MAGIC.as_slice()) {
            return Err(bad("not a pinyin fence"));
        }
        let mut pos = 4;
        let n = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let mut firsts: Vec<String> = Vec::with_capacity(n.min(b.len()));
        let mut prev = String::new();
        for _ in 0..n {
            let k = get_front_coded(b, &mut pos, &prev)?;
            prev.clone_from(&k);
            firsts.push(k);
        }
        if pos != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(PinyinFence { firsts })
    }

    /// The shards that may hold keys starting with `typed` (from the one
    /// where such keys would begin, which also holds the keys that a longer
    /// `typed` goes on from, as they sort just before it), at most `max`.
    pub fn shards_for(&self, typed: &str, max: usize) -> Vec<u32> {
        if typed.is_empty() {
            return Vec::new();
        }
        let at = self.firsts.partition_point(|k| k.as_str() < typed);
        let from = at.saturating_sub(1);
        (from..self.firsts.len())
            .take_while(|&i| i == from || self.firsts[i].starts_with(typed))
            .take(max)
            .map(|i| i as u32)
            .collect()
    }
}

#[cfg(test)]
mod tests;
