//! Writes the registry's index: `meta.json` and the content-hashed chunks
//! whose layout `zhixin_core::format` documents.
//!
//! [`write_index`] is called by the build with the merged enterprises; the
//! reading side is `zhixin_core::{Meta, Search, decode_records}`.

pub mod read;
mod terms;

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use zhixin_core::{
    code_keys, normalize, shard_of, strip_org_suffix, Card, CardShard, CodeShard, Counts,
    Enterprise, Field, HonourKind, ListKind, Meta, PostingShard, RegistryInfo, RollEntry, RollInfo,
    RollPage, Scheme, ShardTable, FORMAT_VERSION,
};

pub use terms::{detect_places, doc_terms, readings, t2s_full};

/// What [`write_index`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndexSummary {
    pub enterprises: usize,
    /// Files written, `meta.json` included.
    pub files: usize,
    /// Bytes written, all files.
    pub bytes: u64,
    pub record_shards: u32,
    pub card_shards: u32,
    pub posting_shards: u32,
    pub code_shards: u32,
    pub roll_pages: u32,
    /// Distinct (term, field) posting lists.
    pub terms: usize,
    /// Doc numbers in all posting lists.
    pub postings: u64,
}

/// Records per record shard (about 500 KB of JSON, 90 KB gzip): only the
/// enterprise page reads them, and fewer, larger shards keep a million
/// enterprises under 20,000 files.
const RECORDS_PER_SHARD: usize = 400;
/// Cards per card shard: one shard is fetched per group of look-alike results.
const CARDS_PER_SHARD: usize = 256;
/// Docs per postings shard (a shard holds the terms of about this many
/// names, about 6 KB gzip): a query fetches several, so they are small.
const DOCS_PER_POSTING_SHARD: usize = 150;
/// Codes per code shard (each code is filed twice).
const CODES_PER_SHARD: usize = 1000;
/// Posting lists longer than this are capped (see `meta.common`).
const COMMON_CAP: usize = 2000;
/// Entries per roll page.
const ROLL_PAGE_SIZE: usize = 100;

/// The folders `write_index` owns in the output folder; emptied before writing
/// so that repeated builds do not accumulate old chunks.
const CHUNK_DIRS: &[&str] = &["rec", "card", "post", "code", "roll"];

/// Writes `meta.json` and every chunk for `enterprises` into `out`.
pub fn write_index(
    out: &Path,
    enterprises: &[Enterprise],
    info: &RegistryInfo,
) -> anyhow::Result<IndexSummary> {
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    for d in CHUNK_DIRS {
        let p = out.join(d);
        if p.exists() {
            fs::remove_dir_all(&p).with_context(|| format!("cannot clear {}", p.display()))?;
        }
    }
    if let Ok(rd) = fs::read_dir(out) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().to_string();
            if n.starts_with("t2s-") && n.ends_with(".txt") {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let mut w = Writer {
        out,
        files: 0,
        bytes: 0,
    };
    let n = enterprises.len();
    let t2s = t2s_full();

    // Docs: enterprises in the order of their normalised names without
    // place prefix and organisation suffix, so that look-alike siblings
    // (青岛银康食品, 济南银康饮品) share card shards and a search fetches few.
    let norms: Vec<String> = enterprises
        .par_iter()
        .map(|e| normalize(&e.name, Some(t2s)))
        .collect();
    let places = detect_places(&norms);
    let place_set: std::collections::HashSet<&str> = places.iter().map(String::as_str).collect();
    let mut order: Vec<(String, usize)> = norms
        .par_iter()
        .enumerate()
        .map(|(i, n)| {
            let core = strip_org_suffix(n);
            let head: String = core.chars().take(2).collect();
            let key = if place_set.contains(head.as_str()) {
                &core[head.len()..]
            } else {
                core
            };
            (key.to_string(), i)
        })
        .collect();
    order.par_sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| norms[a.1].cmp(&norms[b.1]))
            .then_with(|| enterprises[a.1].uscc.cmp(&enterprises[b.1].uscc))
    });
    let docs: Vec<&Enterprise> = order.iter().map(|&(_, i)| &enterprises[i]).collect();
    drop(order);

    // Cards.
    let card_shards = docs.len().div_ceil(CARDS_PER_SHARD);
    let card_chunks: Vec<Vec<u8>> = (0..card_shards)
        .into_par_iter()
        .map(|s| {
            let from = s * CARDS_PER_SHARD;
            let to = (from + CARDS_PER_SHARD).min(docs.len());
            let shard = CardShard {
                first_doc: from as u32,
                cards: docs[from..to]
                    .iter()
                    .map(|e| Card::from_enterprise(e))
                    .collect(),
            };
            shard.encode()
        })
        .collect();
    let cards = w.family("card", "jsonl", card_chunks)?;

    // Records, by hash of the code.
    let record_shards = n.div_ceil(RECORDS_PER_SHARD).max(1) as u32;
    let mut rec_buckets: Vec<Vec<&Enterprise>> = vec![Vec::new(); record_shards as usize];
    for e in enterprises {
        rec_buckets[shard_of(&e.uscc, record_shards) as usize].push(e);
    }
    let rec_chunks: Vec<Vec<u8>> = rec_buckets
        .into_par_iter()
        .map(|mut b| {
            b.sort_by(|a, b| a.uscc.cmp(&b.uscc));
            serde_json::to_vec(&b).unwrap_or_default()
        })
        .collect();
    let records = w.family("rec", "json", rec_chunks)?;

    // Codes, each under both its keys.
    let code_shards = (2 * n).div_ceil(CODES_PER_SHARD).max(1) as u32;
    let mut code_buckets: Vec<CodeShard> = vec![CodeShard::default(); code_shards as usize];
    for (doc, e) in docs.iter().enumerate() {
        let Some(keys) = code_keys(&e.uscc) else {
            continue;
        };
        for k in keys {
            code_buckets[shard_of(&k, code_shards) as usize]
                .codes
                .insert(e.uscc.clone(), doc as u32);
        }
    }
    let code_chunks: Vec<Vec<u8>> = code_buckets
        .par_iter()
        .map(|s| serde_json::to_vec(s).unwrap_or_default())
        .collect();
    let codes = w.family("code", "json", code_chunks)?;

    // Postings. A list longer than `cap` keeps the `cap` docs of highest
    // static rank (more published facts, then the shorter name): such a term
    // (青岛, 食品, 科技 …) is listed in `meta.common` and queries use it only
    // when nothing rarer is at hand.
    let posting_shards = n.div_ceil(DOCS_PER_POSTING_SHARD).max(1) as u32;
    let per_doc: Vec<Vec<(String, Field)>> = docs.par_iter().map(|e| doc_terms(e, t2s)).collect();
    let mut lists: HashMap<(String, Field), Vec<u32>> = HashMap::new();
    for (doc, terms) in per_doc.into_iter().enumerate() {
        for key in terms {
            lists.entry(key).or_default().push(doc as u32);
        }
    }
    let rank: Vec<u32> = {
        let mut by: Vec<u32> = (0..docs.len() as u32).collect();
        by.par_sort_by_key(|&d| {
            let e = docs[d as usize];
            let facts = e.listings.len() + e.grades.len() + e.honours.len() + e.spot_checks.len();
            (std::cmp::Reverse(facts), e.name.chars().count(), d)
        });
        let mut rank = vec![0u32; docs.len()];
        for (r, d) in by.into_iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        rank
    };
    let cap = COMMON_CAP;
    let mut common: Vec<String> = Vec::new();
    let mut buckets: Vec<PostingShard> = vec![PostingShard::default(); posting_shards as usize];
    let mut postings = 0u64;
    for ((term, field), mut list) in lists {
        if list.len() > cap {
            list.sort_unstable_by_key(|&d| rank[d as usize]);
            list.truncate(cap);
            list.sort_unstable();
            common.push(term.clone());
        }
        postings += list.len() as u64;
        let s = shard_of(&term, posting_shards) as usize;
        buckets[s].terms.insert((term, field), list);
    }
    common.sort();
    common.dedup();
    let term_count = buckets.iter().map(|b| b.terms.len()).sum();
    let post_chunks: Vec<Vec<u8>> = buckets.par_iter().map(|b| b.encode()).collect();
    drop(buckets);
    let post = w.family("post", "bin", post_chunks)?;

    // Rolls.
    let mut rolls = BTreeMap::new();
    let mut roll_pages = 0u32;
    for kind in ListKind::ALL {
        let mut entries: Vec<RollEntry> = Vec::new();
        for e in &docs {
            for l in e.listings.iter().filter(|l| l.list == *kind) {
                entries.push(RollEntry {
                    card: Card::from_enterprise(e),
                    listing: Some(l.clone()),
                    honour: None,
                    grade: None,
                });
            }
        }
        entries.sort_by(|a, b| {
            let da = a.listing.as_ref().map(|l| l.listed_on);
            let db = b.listing.as_ref().map(|l| l.listed_on);
            db.cmp(&da).then_with(|| a.card.uscc.cmp(&b.card.uscc))
        });
        if let Some(r) = w.roll(kind.id(), entries)? {
            roll_pages += r.pages.shards;
            rolls.insert(kind.id().to_string(), r);
        }
    }
    for kind in HonourKind::ALL {
        let mut entries: Vec<RollEntry> = Vec::new();
        for e in &docs {
            for h in e.honours.iter().filter(|h| h.kind == *kind) {
                entries.push(RollEntry {
                    card: Card::from_enterprise(e),
                    listing: None,
                    honour: Some(h.clone()),
                    grade: None,
                });
            }
        }
        entries.sort_by(|a, b| {
            let da = a.honour.as_ref().map(|h| h.awarded_on);
            let db = b.honour.as_ref().map(|h| h.awarded_on);
            db.cmp(&da).then_with(|| a.card.uscc.cmp(&b.card.uscc))
        });
        if let Some(r) = w.roll(kind.id(), entries)? {
            roll_pages += r.pages.shards;
            rolls.insert(kind.id().to_string(), r);
        }
    }

    for scheme in Scheme::ALL {
        let mut entries: Vec<RollEntry> = Vec::new();
        for e in &docs {
            for g in e.grades.iter().filter(|g| g.scheme == *scheme) {
                entries.push(RollEntry {
                    card: Card::from_enterprise(e),
                    listing: None,
                    honour: None,
                    grade: Some(g.clone()),
                });
            }
        }
        entries.sort_by(|a, b| {
            let da = a.grade.as_ref().map(|g| g.issued_on);
            let db = b.grade.as_ref().map(|g| g.issued_on);
            db.cmp(&da).then_with(|| a.card.uscc.cmp(&b.card.uscc))
        });
        if let Some(r) = w.roll(scheme.id(), entries)? {
            roll_pages += r.pages.shards;
            rolls.insert(scheme.id().to_string(), r);
        }
    }

    // The traditional → simplified pairs whose simplified side occurs in the
    // registry's searchable text: a query character outside them cannot
    // match anything whether folded or not.
    let t2s_path = {
        let mut used = std::collections::HashSet::new();
        for e in enterprises {
            for s in std::iter::once(&e.name)
                .chain(&e.former_names)
                .chain(&e.brands)
            {
                used.extend(normalize(s, Some(t2s)).chars());
            }
        }
        let table =
            zhixin_core::T2s::from_pairs(t2s.pairs().into_iter().filter(|(_, s)| used.contains(s)));
        let bytes = table.to_chunk_string().into_bytes();
        let name = format!("t2s-{}.txt", content_hash(&bytes));
        w.write(&name, &bytes)?;
        Some(name)
    };

    let counts = Counts {
        enterprises: n as u64,
        former_names: enterprises
            .iter()
            .map(|e| e.former_names.len() as u64)
            .sum(),
        brands: enterprises.iter().map(|e| e.brands.len() as u64).sum(),
        grades: enterprises.iter().map(|e| e.grades.len() as u64).sum(),
        listings: enterprises.iter().map(|e| e.listings.len() as u64).sum(),
        honours: enterprises.iter().map(|e| e.honours.len() as u64).sum(),
        spot_checks: enterprises.iter().map(|e| e.spot_checks.len() as u64).sum(),
    };
    // Field by field: `Meta` has private caches, so no struct literal.
    #[allow(clippy::field_reassign_with_default)]
    let mut meta = Meta::default();
    meta.format_version = FORMAT_VERSION;
    meta.as_of = info.as_of;
    meta.counts = counts;
    meta.registry = info.clone();
    meta.records = records;
    meta.cards = cards;
    meta.cards_per_shard = CARDS_PER_SHARD as u32;
    meta.postings = post;
    meta.codes = codes;
    meta.t2s = t2s_path;
    meta.rolls = rolls;
    meta.roll_page_size = ROLL_PAGE_SIZE as u32;
    meta.stats = None;
    meta.common = common.join(" ");
    meta.common_cap = cap as u32;
    meta.places = places.concat();
    w.write("meta.json", meta.to_json().as_bytes())?;
    Ok(IndexSummary {
        enterprises: n,
        files: w.files,
        bytes: w.bytes,
        record_shards: meta.records.shards,
        card_shards: meta.cards.shards,
        posting_shards: meta.postings.shards,
        code_shards: meta.codes.shards,
        roll_pages,
        terms: term_count,
        postings,
    })
}

/// The first 8 hex digits of a 64-bit FNV-1a of `bytes`: a chunk's name part.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:08x}", (h >> 32) as u32)
}

struct Writer<'a> {
    out: &'a Path,
    files: usize,
    bytes: u64,
}

impl Writer<'_> {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let p = self.out.join(rel);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&p, bytes).with_context(|| format!("cannot write {}", p.display()))?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Writes a sharded family and returns its table.
    fn family(&mut self, dir: &str, ext: &str, chunks: Vec<Vec<u8>>) -> anyhow::Result<ShardTable> {
        let hashes: Vec<String> = chunks.iter().map(|c| content_hash(c)).collect();
        let table = ShardTable::new(dir, ext, &hashes);
        for (i, c) in chunks.iter().enumerate() {
            let path = table.path(i as u32).unwrap_or_default().to_string();
            self.write(&path, c)?;
        }
        Ok(table)
    }

    fn roll(&mut self, id: &str, entries: Vec<RollEntry>) -> anyhow::Result<Option<RollInfo>> {
        if entries.is_empty() {
            return Ok(None);
        }
        let count = entries.len() as u64;
        let mut ids: Vec<&str> = entries.iter().map(|e| e.card.uscc.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let enterprises = ids.len() as u64;
        let chunks: Vec<Vec<u8>> = entries
            .chunks(ROLL_PAGE_SIZE)
            .map(|c| {
                serde_json::to_vec(&RollPage {
                    entries: c.to_vec(),
                })
                .unwrap_or_default()
            })
            .collect();
        let pages = self.family(&format!("roll/{id}"), "json", chunks)?;
        Ok(Some(RollInfo {
            count,
            enterprises,
            pages,
        }))
    }
}

#[cfg(test)]
mod tests;
