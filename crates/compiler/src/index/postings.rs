//! The search postings (`post/`): every doc's terms, gathered shard by shard.
//!
//! Docs are cut into a few large runs; each rayon task generates the terms of
//! its run into one hash map (term and field → ascending docs) and hands
//! them out by posting shard. A shard then joins its lists run after run
//! (so docs stay ascending), caps the long ones and is encoded and written by
//! the same task. No per-doc term vectors and no global map: at a million
//! enterprises that kept ~50 million small strings alive at once.

use super::terms::{each_term, pinyin_entries, Readings};
use super::write::Writer;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use zhixin_core::{
    normalize, shard_of, Enterprise, Field, PinyinChunk, PinyinEntry, PinyinFence, PostingShard,
    ShardTable, T2s,
};

/// Docs per postings shard at a million enterprises (a shard holds the
/// terms of about this many names, a few KB gzip; 4,000 files).
pub(crate) const DOCS_PER_POSTING_SHARD: usize = 250;

/// Postings shards for `n` docs: a query fetches several, so they are kept
/// small. Below a million names lists are shorter than the cap and a shard
/// of 250 names' terms would be larger, so smaller registries get up to 4,000
/// shards as well (100 names each down to 10,000, 100 files at least).
pub(crate) fn posting_shards(n: usize) -> usize {
    n.div_ceil(DOCS_PER_POSTING_SHARD)
        .max(n.min(400_000).div_ceil(100))
        .max(1)
}
/// Posting lists longer than this are capped (see `meta.common`).
pub(crate) const COMMON_CAP: usize = 2000;
/// The first-character lists (`^银`) keep this many docs, the first in doc
/// order: a one-character query shows names whose (trade) name starts with
/// it, in the order of their trade names, from one or two card shards.
pub(crate) const FIRST_CHAR_CAP: usize = 64;

/// Term keys are short and not attacker-chosen: FxHash, not SipHash.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// What [`write`] produced.
pub(crate) struct Written {
    pub table: ShardTable,
    /// Terms whose lists were capped, sorted, deduplicated.
    pub common: Vec<String>,
    /// Distinct (term, field) lists.
    pub terms: usize,
    /// Doc numbers in all lists.
    pub postings: u64,
    /// The pinyin start keys' table and fence path (see [`write_pinyin`]).
    pub pinyin: ShardTable,
    pub pinyin_fence: String,
}

/// A run's lists for one shard: key (term, NUL, field digit) → docs.
type Part = Vec<(String, Vec<u32>)>;

/// Writes the postings of `docs` (in doc order).
pub(crate) fn write(
    w: &Writer,
    out: &std::path::Path,
    docs: &[&Enterprise],
    t2s: &T2s,
    places: &[String],
) -> anyhow::Result<Written> {
    let shards = posting_shards(docs.len());
    let place_set: std::collections::HashSet<&str> = places.iter().map(String::as_str).collect();
    let is_place = |s: &str| place_set.contains(s);
    let readings = Readings::get();

    // Static rank for capping: more published facts, then the shorter name.
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

    let run = docs
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(1024);
    let runs: Vec<(Vec<Part>, Vec<PinyinEntry>)> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(ri, chunk)| {
            let mut map: FxMap<String, Vec<u32>> = FxMap::default();
            let mut key = String::new();
            let mut entries = Vec::new();
            for (j, e) in chunk.iter().enumerate() {
                let doc = (ri * run + j) as u32;
                let name = normalize(&e.name, Some(t2s));
                pinyin_entries(&name, &is_place, readings, doc, &mut entries);
                each_term(e, &name, t2s, &is_place, readings, &mut |t, f| {
                    key.clear();
                    key.push_str(t);
                    key.push('\0');
                    key.push((b'0' + f as u8) as char);
                    match map.get_mut(key.as_str()) {
                        Some(v) => {
                            if v.last() != Some(&doc) {
                                v.push(doc);
                            }
                        }
                        None => {
                            map.insert(key.clone(), vec![doc]);
                        }
                    }
                });
            }
            let mut by_shard: Vec<Part> = vec![Vec::new(); shards];
            for (k, v) in map {
                let term = k.split('\0').next().unwrap_or_default();
                by_shard[shard_of(term, shards as u32) as usize].push((k, v));
            }
            (by_shard, entries)
        })
        .collect();
    let mut parts = Vec::with_capacity(runs.len());
    let mut entries = Vec::new();
    for (p, mut e) in runs {
        parts.push(p);
        entries.append(&mut e);
    }
    // Transpose: per shard, its parts in run (so doc) order.
    let mut per_shard: Vec<Vec<Part>> = (0..shards).map(|_| Vec::new()).collect();
    for runs in parts {
        for (s, p) in runs.into_iter().enumerate() {
            if !p.is_empty() {
                per_shard[s].push(p);
            }
        }
    }
    let per_shard: Vec<Mutex<Vec<Part>>> = per_shard.into_iter().map(Mutex::new).collect();

    let common: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let terms = AtomicUsize::new(0);
    let postings = AtomicU64::new(0);
    let table = w.produce("post", "bin", shards, |s| {
        let parts = per_shard[s]
            .lock()
            .map(|mut g| std::mem::take(&mut *g))
            .unwrap_or_default();
        // Equal keys meet in run order after a stable sort, so their docs
        // join ascending.
        let mut all: Vec<(String, Vec<u32>)> = parts.into_iter().flatten().collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let mut lists: BTreeMap<(String, Field), Vec<u32>> = BTreeMap::new();
        let mut it = all.into_iter().peekable();
        while let Some((k, mut v)) = it.next() {
            while let Some((_, more)) = it.next_if(|(k2, _)| *k2 == k) {
                v.extend(more);
            }
            let Some((term, f)) = k.rsplit_once('\0') else {
                continue;
            };
            let Some(field) = f
                .bytes()
                .next()
                .and_then(|b| Field::ALL.get(b.wrapping_sub(b'0') as usize).copied())
            else {
                continue;
            };
            lists.insert((term.to_string(), field), v);
        }
        let mut capped = Vec::new();
        let mut n = 0u64;
        for ((term, _), list) in lists.iter_mut() {
            if is_first_char_term(term) {
                list.truncate(FIRST_CHAR_CAP);
            } else if list.len() > COMMON_CAP {
                list.sort_unstable_by_key(|&d| rank[d as usize]);
                list.truncate(COMMON_CAP);
                list.sort_unstable();
                capped.push(term.clone());
            }
            n += list.len() as u64;
        }
        terms.fetch_add(lists.len(), Ordering::Relaxed);
        postings.fetch_add(n, Ordering::Relaxed);
        if !capped.is_empty() {
            if let Ok(mut c) = common.lock() {
                c.extend(capped);
            }
        }
        Ok(PostingShard { terms: lists }.encode())
    })?;
    let mut common = common.into_inner().unwrap_or_default();
    common.sort();
    common.dedup();
    let (pinyin, pinyin_fence) = write_pinyin(w, out, entries)?;
    Ok(Written {
        table,
        common,
        terms: terms.into_inner(),
        postings: postings.into_inner(),
        pinyin,
        pinyin_fence,
    })
}

/// True for `^` and one character that is not ASCII (`^银`, see `first_char_term`).
fn is_first_char_term(term: &str) -> bool {
    let mut it = term.chars();
    it.next() == Some('^') && it.next().is_some_and(|c| !c.is_ascii()) && it.next().is_none()
}

/// Pinyin start entries per shard (about 17 KB, 8 KB gzip): a pinyin query
/// reads one or two, plus the fence (a key per shard); fewer, larger shards
/// keep a million enterprises under 20,000 files and the fence small.
pub(crate) const PINYIN_PER_SHARD: usize = 2000;

/// Writes the pinyin start keys (`pin/`, see `zhixin_core::PinyinChunk`)
/// and their fence chunk; returns the sealed table and the fence's path.
fn write_pinyin(
    w: &Writer,
    out: &std::path::Path,
    mut entries: Vec<PinyinEntry>,
) -> anyhow::Result<(ShardTable, String)> {
    // Key, doc, the stronger entry first; one entry per key and doc.
    entries.par_sort_unstable_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then(a.doc.cmp(&b.doc))
            .then(a.weak.cmp(&b.weak))
    });
    entries.dedup_by(|b, a| a.key == b.key && a.doc == b.doc);
    let chunks: Vec<&[PinyinEntry]> = entries.chunks(PINYIN_PER_SHARD).collect();
    let table = w.produce("pin", "bin", chunks.len(), |i| {
        Ok(PinyinChunk::encode_entries(chunks[i]))
    })?;
    let table = super::family::seal(out, &table)?;
    let fence = PinyinFence {
        firsts: chunks
            .iter()
            .filter_map(|c| c.first().map(|e| e.key.clone()))
            .collect(),
    }
    .encode();
    let path = format!("pin/fence-{}.bin", super::content_hash(&fence));
    w.write(&path, &fence)?;
    Ok((table, path))
}
