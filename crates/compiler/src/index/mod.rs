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
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use zhixin_core::{
    code_keys, normalize, shard_of, Card, CardShard, CodeShard, Counts, Enterprise, Field,
    HonourKind, ListKind, Meta, PostingShard, RegistryInfo, RollEntry, RollInfo, RollPage,
    ShardTable, FORMAT_VERSION,
};

pub use terms::{doc_terms, t2s_full};

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

/// Records per record shard (about 100–400 KB of JSON each).
const RECORDS_PER_SHARD: usize = 150;
/// Cards per card shard: one shard is fetched per group of look-alike results.
const CARDS_PER_SHARD: usize = 256;
/// Docs per postings shard (a shard holds the terms of about this many names).
const DOCS_PER_POSTING_SHARD: usize = 400;
/// Codes per code shard (each code is filed twice).
const CODES_PER_SHARD: usize = 2000;
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

    // Docs: enterprises in the order of their normalised names, so that
    // look-alike siblings share card shards.
    let mut order: Vec<(String, usize)> = enterprises
        .par_iter()
        .enumerate()
        .map(|(i, e)| (normalize(&e.name, Some(t2s)), i))
        .collect();
    order.par_sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| enterprises[a.1].uscc.cmp(&enterprises[b.1].uscc))
    });
    let docs: Vec<&Enterprise> = order.iter().map(|&(_, i)| &enterprises[i]).collect();

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
            serde_json::to_vec(&shard).unwrap_or_default()
        })
        .collect();
    let cards = w.family("card", "json", card_chunks)?;

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

    // Postings.
    let posting_shards = n.div_ceil(DOCS_PER_POSTING_SHARD).max(1) as u32;
    let per_doc: Vec<Vec<(String, Field)>> = docs.par_iter().map(|e| doc_terms(e, t2s)).collect();
    let mut buckets: Vec<PostingShard> = vec![PostingShard::default(); posting_shards as usize];
    let mut postings = 0u64;
    for (doc, terms) in per_doc.into_iter().enumerate() {
        for (term, field) in terms {
            let s = shard_of(&term, posting_shards) as usize;
            let list = buckets[s].terms.entry((term, field)).or_default();
            if list.last() != Some(&(doc as u32)) {
                list.push(doc as u32);
                postings += 1;
            }
        }
    }
    let term_count = buckets.iter().map(|b| b.terms.len()).sum();
    let post_chunks: Vec<Vec<u8>> = buckets.par_iter().map(|b| b.encode()).collect();
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
    let meta = Meta {
        format_version: FORMAT_VERSION,
        as_of: info.as_of,
        counts,
        registry: info.clone(),
        records,
        cards,
        cards_per_shard: CARDS_PER_SHARD as u32,
        postings: post,
        codes,
        t2s: t2s_path,
        rolls,
        roll_page_size: ROLL_PAGE_SIZE as u32,
        stats: None,
    };
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
