//! `meta.json` ([`Meta`]): the registry's description, counts and shard tables.

use super::{shard_of, FormatError, FormatErrorKind, FORMAT_VERSION};
use crate::day::Day;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// The pinyin of each place in `places` (most common reading), space
    /// separated in the same order: `qingdao银康` is read as 青岛银康.
    /// Empty in registries built before it.
    #[serde(default)]
    pub place_pinyin: String,
    /// Pinyin start keys ([`PinyinChunk`]), sorted and cut into shards;
    /// `pinyin_fence` (a [`PinyinFence`] chunk) holds each shard's first key.
    #[serde(default)]
    pub pinyin: ShardTable,
    #[serde(default)]
    pub pinyin_fence: Option<String>,
    #[serde(skip)]
    pub(super) common_set: std::collections::HashSet<String>,
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

    /// The first place (two characters) whose pinyin is `letters`, if any.
    pub fn place_of_pinyin(&self, letters: &str) -> Option<String> {
        let i = self.place_pinyin.split(' ').position(|p| p == letters)?;
        let place: String = self.places.chars().skip(2 * i).take(2).collect();
        (place.chars().count() == 2).then_some(place)
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
