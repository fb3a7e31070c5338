//! `meta.json` ([`Meta`]): the registry's description, counts and shard tables.

use super::integrity::{parse_hex, to_hex, Digest, Expect, DIGEST_LEN};
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
    /// The publisher's credit-repair channel (信用修复, a URL): a listed
    /// enterprise's page links it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_url: Option<String>,
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

/// A family of chunks sharded by a computed key: `{dir}/{shard:04x}-{name}.{ext}`.
///
/// Integrity (see [`crate::integrity`]): with `page` 1, `digests` holds each
/// shard's digest and a shard's name part is its own digest. Otherwise the
/// shards' digests are in digest pages of `page` shards each
/// (`{dir}/sum-{page:04x}-{digest}.bin`), `digests` holds each page's digest,
/// and a shard's name part is the first 16 hex digits of its page's digest,
/// which changes whenever the shard does: a name is never reused for other
/// bytes, and every name is known from `meta.json` alone, so a reader fetches
/// a chunk and its page at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardTable {
    pub dir: String,
    pub ext: String,
    pub shards: u32,
    /// Shards per digest page; 1: no pages, `digests` lists every shard's.
    pub page: u32,
    /// Digests (32 hex digits each) of the shards (`page` 1) or of the pages.
    pub digests: String,
    #[serde(skip)]
    paths: Vec<String>,
}

/// Hex digits of a digest.
const DIGEST_HEX: usize = 2 * DIGEST_LEN;
/// Hex digits of a page's digest in its shards' names (64 bits: a name
/// only has to differ from the names of other bytes; the digest checks).
const NAME_HEX: usize = 16;

impl ShardTable {
    /// A table listing each shard's digest (no pages).
    pub fn new(dir: &str, ext: &str, digests: &[Digest]) -> ShardTable {
        let mut t = ShardTable {
            dir: dir.into(),
            ext: ext.into(),
            shards: digests.len() as u32,
            page: 1,
            digests: digests.iter().map(to_hex).collect(),
            paths: Vec::new(),
        };
        t.fill_paths();
        t
    }

    /// A table of `shards` shards whose digests are in pages of `page`,
    /// listing the pages' digests.
    pub fn paged(
        dir: &str,
        ext: &str,
        shards: u32,
        page: u32,
        page_digests: &[Digest],
    ) -> ShardTable {
        let mut t = ShardTable {
            dir: dir.into(),
            ext: ext.into(),
            shards,
            page: page.max(1),
            digests: page_digests.iter().map(to_hex).collect(),
            paths: Vec::new(),
        };
        t.fill_paths();
        t
    }

    /// A table of one digest page whose digest is `tag` (hex, padded with
    /// zeros): for tests that build tables without files.
    pub fn whole(dir: &str, ext: &str, shards: u32, tag: &str) -> ShardTable {
        let d = parse_hex(&format!("{tag:0<32}")).unwrap_or_default();
        ShardTable::paged(dir, ext, shards, shards.max(1), &[d])
    }

    /// How many digest pages the family has (0 when `page` is 1).
    pub fn pages(&self) -> u32 {
        if self.page <= 1 {
            0
        } else {
            self.shards.div_ceil(self.page)
        }
    }

    /// Digest `i` of `digests`.
    fn digest_at(&self, i: usize) -> Option<Digest> {
        parse_hex(self.digests.get(i * DIGEST_HEX..(i + 1) * DIGEST_HEX)?)
    }

    /// Every shard's digest, when the table lists them (`page` 1).
    pub fn shard_digests(&self) -> Option<Vec<Digest>> {
        if self.page != 1 {
            return None;
        }
        (0..self.shards as usize)
            .map(|i| self.digest_at(i))
            .collect()
    }

    /// The relative path of digest page `p`.
    pub fn page_path(&self, p: u32) -> Option<String> {
        (p < self.pages()).then(|| {
            let h = self
                .digests
                .get(p as usize * DIGEST_HEX..(p as usize + 1) * DIGEST_HEX)
                .unwrap_or("");
            format!("{}/sum-{:04x}-{}.bin", self.dir, p, h)
        })
    }

    /// Every digest page's path.
    pub fn page_paths(&self) -> Vec<String> {
        (0..self.pages())
            .filter_map(|p| self.page_path(p))
            .collect()
    }

    fn fill_paths(&mut self) {
        let page = self.page.max(1) as usize;
        self.paths = (0..self.shards as usize)
            .map(|i| {
                let h = if page == 1 {
                    self.digests.get(i * DIGEST_HEX..(i + 1) * DIGEST_HEX)
                } else {
                    let at = i / page * DIGEST_HEX;
                    self.digests.get(at..at + NAME_HEX)
                };
                format!("{}/{:04x}-{}.{}", self.dir, i, h.unwrap_or("0"), self.ext)
            })
            .collect();
    }

    fn check(&self, what: &str) -> Result<(), FormatError> {
        let listed = if self.page == 1 {
            self.shards
        } else {
            self.pages()
        };
        let ok = (self.page >= 1 || self.shards == 0)
            && self.digests.len() == listed as usize * DIGEST_HEX
            && self.digests.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            return Err(FormatError::corrupt(
                "meta.json",
                format!("{what}: digests do not match the shard count"),
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

    /// Where the digest of `path` is, when it is one of this family's files
    /// (a shard or a digest page).
    pub fn expect(&self, path: &str) -> Option<Expect> {
        let name = path.strip_prefix(self.dir.as_str())?.strip_prefix('/')?;
        if let Some(rest) = name.strip_prefix("sum-") {
            let p = u32::from_str_radix(rest.split('-').next()?, 16).ok()?;
            return (self.page_path(p).as_deref() == Some(path))
                .then(|| self.digest_at(p as usize))
                .flatten()
                .map(Expect::Digest);
        }
        let i = u32::from_str_radix(name.split('-').next()?, 16).ok()?;
        if self.path(i) != Some(path) {
            return None;
        }
        if self.page == 1 {
            return self.digest_at(i as usize).map(Expect::Digest);
        }
        let p = i / self.page;
        Some(Expect::InPage {
            page: self.page_path(p)?,
            page_digest: self.digest_at(p as usize)?,
            index: (i % self.page) as usize,
        })
    }
}

/// The most shards a `meta.json` may declare, every table and roll together.
///
/// A million enterprises take about 20,000. Shard paths are made when the
/// meta is read, so a count no registry has (`"shards": 4294967295` under
/// one family hash, which nothing else in the file bounds) is refused before
/// they are: 2^20 paths are a few tens of MB at most.
pub const MAX_SHARDS: u64 = 1 << 20;

/// True for a path `meta.json` may name: parts of ASCII letters, digits,
/// `.`, `-` and `_`, none of them empty, `.` or `..`. So no absolute path,
/// no way out of the registry folder, no backslash, drive or URL scheme, and
/// nothing a URL would read differently (`%`, `?`, `#`): the same file for
/// the CLI on disk and the app over HTTP.
pub fn is_plain_relative_path(p: &str) -> bool {
    p.split('/').all(|part| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    })
}

/// `meta.json` is wrong about `what`.
fn untrusted(what: &str, why: impl std::fmt::Display) -> FormatError {
    FormatError::corrupt("meta.json", format!("{what}: {why}"))
}

impl ShardTable {
    /// What a reader checks before making the table's paths: the folder and
    /// extension stay inside the registry folder, the count is one a
    /// registry can have. An empty table names no file.
    fn check_bounds(&self, what: &str) -> Result<(), FormatError> {
        if self.shards == 0 {
            return Ok(());
        }
        if u64::from(self.shards) > MAX_SHARDS {
            return Err(untrusted(
                what,
                format!(
                    "{} shards, more than a registry has (at most {MAX_SHARDS}); \
                     the file is damaged or was not written by zhixin build",
                    self.shards
                ),
            ));
        }
        if !is_plain_relative_path(&self.dir) {
            return Err(untrusted(
                what,
                format!(
                    "dir {:?} is not a plain relative path inside the registry folder",
                    self.dir
                ),
            ));
        }
        if self.ext.is_empty() || !self.ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(untrusted(
                what,
                format!("ext {:?} is not a file extension", self.ext),
            ));
        }
        Ok(())
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
    /// The roll's index (`RollIndexChunk`s, `RollLine`s in the pages'
    /// order), when the build wrote one: a list page reads it whole instead
    /// of every page. Absent in registries of older builds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<ShardTable>,
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
    /// The docs a search's card budget counts as one group (see
    /// [`Meta::card_group_of`]): a multiple of `cards_per_shard`, so that
    /// card chunks smaller than a group (fewer bytes per card a search reads)
    /// leave which candidates a search reads, and so its results, as they
    /// were. Absent in registries of older builds: `cards_per_shard`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cards_per_group: Option<u32>,
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
    /// The pinyin of each place in `places`, space separated in the same
    /// order, its readings separated by `/` (`shamen/xiamen`): `qingdao银康`
    /// is read as 青岛银康.
    /// Empty in registries built before it.
    #[serde(default)]
    pub place_pinyin: String,
    /// Pinyin start keys ([`PinyinChunk`]), sorted and cut into shards;
    /// `pinyin_fence` (a [`PinyinFence`] chunk) holds each shard's first key.
    #[serde(default)]
    pub pinyin: ShardTable,
    #[serde(default)]
    pub pinyin_fence: Option<String>,
    /// The characters' readings chunk (`search_terms::Sounds`), when the
    /// registry has one: a query no name contains is read for homophones.
    /// Absent in registries of older builds (their searches do without).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sounds: Option<String>,
    /// Files outside the chunk families (the t2s table, the pinyin fence,
    /// the aggregates, the build report) by relative path, with their
    /// digests (32 hex digits; see [`crate::integrity`]).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    #[serde(skip)]
    pub(super) common_set: std::collections::HashSet<String>,
}

impl Meta {
    /// Refuses what a reader must not take on trust before anything is made
    /// from it: shard counts beyond [`MAX_SHARDS`], and any path (a table's
    /// folder, `t2s`, `stats`, `pinyin_fence`, `sounds`) that is not
    /// [plain and relative](is_plain_relative_path).
    fn check_untrusted(&self) -> Result<(), FormatError> {
        let tables = [
            ("records", &self.records),
            ("cards", &self.cards),
            ("postings", &self.postings),
            ("codes", &self.codes),
            ("pinyin", &self.pinyin),
        ];
        let mut total = 0u64;
        for (what, t) in tables {
            t.check_bounds(what)?;
            total += u64::from(t.shards);
        }
        for (id, r) in &self.rolls {
            r.pages.check_bounds(&format!("rolls.{id}"))?;
            total += u64::from(r.pages.shards);
            if let Some(x) = &r.index {
                x.check_bounds(&format!("rolls.{id}.index"))?;
                total += u64::from(x.shards);
            }
        }
        if total > MAX_SHARDS {
            return Err(untrusted(
                "shards",
                format!("{total} in all, more than a registry has (at most {MAX_SHARDS})"),
            ));
        }
        for (what, p) in [
            ("t2s", &self.t2s),
            ("stats", &self.stats),
            ("pinyin_fence", &self.pinyin_fence),
            ("sounds", &self.sounds),
        ] {
            if let Some(p) = p.as_deref().filter(|p| !is_plain_relative_path(p)) {
                return Err(untrusted(
                    what,
                    format!("{p:?} is not a plain relative path inside the registry folder"),
                ));
            }
        }
        Ok(())
    }

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
        m.check_untrusted()?;
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
            if let Some(x) = &mut r.index {
                x.check(id)?;
                x.fill_paths();
            }
        }
        if let Some((f, _)) = m.files.iter().find(|(_, d)| parse_hex(d).is_none()) {
            return Err(FormatError::corrupt(
                "meta.json",
                format!("files: the digest of {f} is not 32 hex digits"),
            ));
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

    /// The group of doc `doc` for a search's card budget (see
    /// [`Meta::cards_per_group`]).
    pub fn card_group_of(&self, doc: u32) -> u32 {
        doc / self
            .cards_per_group
            .filter(|&g| g > 0)
            .unwrap_or(self.cards_per_shard)
            .max(1)
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
        let i = self
            .place_pinyin
            .split(' ')
            .position(|p| p.split('/').any(|r| r == letters))?;
        let place: String = self.places.chars().skip(2 * i).take(2).collect();
        (place.chars().count() == 2).then_some(place)
    }

    /// Where the digest of the registry file `path` is; `None` for a file
    /// that `meta.json` does not list (which a reader must not use).
    pub fn expect(&self, path: &str) -> Option<Expect> {
        if let Some(d) = self.files.get(path) {
            return parse_hex(d).map(Expect::Digest);
        }
        self.tables().find_map(|t| t.expect(path))
    }

    /// Every file `meta.json` lists (each family's digest pages before its
    /// shards), for `zhixin verify`.
    pub fn listed_files(&self) -> Vec<String> {
        let mut out: Vec<String> = self.files.keys().cloned().collect();
        for t in self.tables() {
            out.extend(t.page_paths());
            out.extend(t.paths().iter().cloned());
        }
        out
    }

    /// Every chunk family.
    fn tables(&self) -> impl Iterator<Item = &ShardTable> {
        [
            &self.records,
            &self.cards,
            &self.postings,
            &self.codes,
            &self.pinyin,
        ]
        .into_iter()
        .chain(self.rolls.values().map(|r| &r.pages))
        .chain(self.rolls.values().filter_map(|r| r.index.as_ref()))
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
