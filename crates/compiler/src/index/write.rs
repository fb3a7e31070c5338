//! The index writer's non-postings parts: file output,
//! records, cards, codes, rolls, the t2s table and the counts.
//!
//! Every family is produced and written shard by shard in parallel: a chunk
//! is encoded, hashed and written by the same rayon task and only its hash
//! is kept, so a million enterprises never hold a second copy of the
//! registry in memory as `Vec<Vec<u8>>`.
//!
//! Records, codes and roll pages are serialised by sonic-rs (SIMD string
//! escaping), which writes the same bytes as serde_json for these types
//! (`tests::the_json_writers_agree` checks) in about two thirds of the time.

use super::RECORDS_PER_SHARD;
use super::{CARDS_PER_SHARD, CODES_PER_SHARD, ROLL_PAGE_SIZE};
use crate::store::{RollEntry, Store};
use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use zhixin_core::integrity::{digest, to_hex, Digest};
use zhixin_core::{code_keys, old_id_key, shard_of, RollInfo, ShardTable, T2s};

/// Writes files into the output folder; safe to share between rayon tasks.
pub(crate) struct Writer {
    out: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl Writer {
    pub(crate) fn new(out: &Path) -> Writer {
        Writer {
            out: out.to_path_buf(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// Files written so far.
    pub(crate) fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Bytes written so far.
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Writes one file at `rel`; its folder must exist (see [`Writer::dir`]).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let p = self.out.join(rel);
        fs::write(&p, bytes).with_context(|| {
            format!(
                "cannot write {}; check that the output folder is writable and the disk not full",
                p.display()
            )
        })?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// The full path of `rel` in the output folder.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.out.join(rel)
    }

    /// Creates the folder `rel` (and its parents) in the output folder.
    pub(crate) fn dir(&self, rel: &str) -> anyhow::Result<()> {
        let p = self.out.join(rel);
        fs::create_dir_all(&p).with_context(|| format!("cannot create {}", p.display()))
    }

    /// Writes `shards` chunks of a family, chunk `i` encoded by `encode(i)`,
    /// in parallel, each named after its digest; keeps only the digests
    /// (`family::seal` pages larger families).
    pub(crate) fn produce<F>(
        &self,
        dir: &str,
        ext: &str,
        shards: usize,
        encode: F,
    ) -> anyhow::Result<ShardTable>
    where
        F: Fn(usize) -> anyhow::Result<Vec<u8>> + Sync,
    {
        self.dir(dir)?;
        let digests: Vec<Digest> = (0..shards)
            .into_par_iter()
            .map(|i| {
                let bytes = encode(i)?;
                let d = digest(&bytes);
                self.write(&shard_path(dir, i, &to_hex(&d), ext), &bytes)?;
                Ok(d)
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(ShardTable::new(dir, ext, &digests))
    }
}

/// The path of shard `i` of a family, as `ShardTable::path` names it.
pub(crate) fn shard_path(dir: &str, i: usize, hash: &str, ext: &str) -> String {
    format!("{dir}/{i:04x}-{hash}.{ext}")
}

/// Result cards, `CARDS_PER_SHARD` docs per shard, in doc order (`docs`:
/// the store's enterprises in doc order): `CardShard::encode`'s lines, the
/// cards' JSON as the store keeps it.
pub(crate) fn cards(w: &Writer, store: &Store, docs: &[u32]) -> anyhow::Result<ShardTable> {
    let shards = docs.len().div_ceil(CARDS_PER_SHARD);
    w.produce("card", "jsonl", shards, |s| {
        let from = s * CARDS_PER_SHARD;
        let to = (from + CARDS_PER_SHARD).min(docs.len());
        let mut out = zhixin_core::CardShard {
            first_doc: from as u32,
            cards: Vec::new(),
        }
        .encode();
        for &i in &docs[from..to] {
            out.push(b'\n');
            out.extend_from_slice(&store.card(i as usize)?);
        }
        Ok(out)
    })
}

/// Full records, by hash of the code, sorted by code within a shard: the
/// store's record JSON joined into a JSON array (the bytes serde would
/// write for the enterprises).
pub(crate) fn records(w: &Writer, store: &Store) -> anyhow::Result<ShardTable> {
    let items = &store.items;
    let shards = items.len().div_ceil(RECORDS_PER_SHARD).max(1);
    let of: Vec<u32> = items
        .par_iter()
        .map(|e| shard_of(&e.uscc, shards as u32))
        .collect();
    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); shards];
    for (i, s) in of.into_iter().enumerate() {
        buckets[s as usize].push(i as u32);
    }
    let buckets: Vec<std::sync::Mutex<Vec<u32>>> =
        buckets.into_iter().map(std::sync::Mutex::new).collect();
    w.produce("rec", "json", shards, |s| {
        let mut b = buckets[s]
            .lock()
            .map(|mut g| std::mem::take(&mut *g))
            .unwrap_or_default();
        b.sort_by(|&x, &y| items[x as usize].uscc.cmp(&items[y as usize].uscc));
        let mut out = Vec::with_capacity(b.len() * 1400 + 2);
        out.push(b'[');
        for (k, &i) in b.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&store.json(i as usize)?);
        }
        out.push(b']');
        Ok(out)
    })
}

/// Credit codes, each filed under both its keys (`code_keys`), and the old
/// identifiers recorded on enterprises (15-digit registration numbers and
/// 9-character organisation codes other than the one their credit code
/// embeds), each under its key (`old_id_key`), so the search box finds them.
pub(crate) fn codes(w: &Writer, store: &Store, docs: &[u32]) -> anyhow::Result<ShardTable> {
    let shards = (2 * docs.len()).div_ceil(CODES_PER_SHARD).max(1);
    // The code's bytes travel with the doc number, so that sorting a shard
    // compares inline bytes instead of chasing a million string pointers.
    // Shorter identifiers are padded with zero bytes, which sort before
    // every character, so the order is the strings' order.
    type Entry = ([u8; 18], u32);
    let pad = |id: &str| -> Option<[u8; 18]> {
        let mut b = [0u8; 18];
        b.get_mut(..id.len())?.copy_from_slice(id.as_bytes());
        Some(b)
    };
    let keyed: Vec<Vec<(Entry, u32)>> = docs
        .par_iter()
        .enumerate()
        .map(|(doc, &i)| {
            let e = &store.items[i as usize];
            let mut out = Vec::new();
            let doc = doc as u32;
            if let (Some([a, b]), Ok(bytes)) = (code_keys(&e.uscc), e.uscc.as_bytes().try_into()) {
                out.push(((bytes, doc), shard_of(&a, shards as u32)));
                out.push(((bytes, doc), shard_of(&b, shards as u32)));
            }
            let embedded = e.uscc.get(8..17);
            let old = [e.registration_no.as_deref(), e.org_code.as_deref()];
            for id in old.into_iter().flatten() {
                if Some(id) == embedded {
                    // Found through the credit code itself.
                    continue;
                }
                if let (Some(key), Some(bytes)) = (old_id_key(id), pad(id)) {
                    out.push(((bytes, doc), shard_of(&key, shards as u32)));
                }
            }
            out
        })
        .collect();
    let mut buckets: Vec<Vec<Entry>> = vec![Vec::new(); shards];
    for (entry, k) in keyed.into_iter().flatten() {
        if let Some(b) = buckets.get_mut(k as usize) {
            b.push(entry);
        }
    }
    let buckets: Vec<std::sync::Mutex<Vec<Entry>>> =
        buckets.into_iter().map(std::sync::Mutex::new).collect();
    /// A shard's codes in code order, serialised as `CodeShard`'s map.
    struct Sorted(Vec<Entry>);
    impl Serialize for Sorted {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, d)| {
                let len = k.iter().position(|&b| b == 0).unwrap_or(k.len());
                (std::str::from_utf8(&k[..len]).unwrap_or_default(), d)
            }))
        }
    }
    #[derive(Serialize)]
    struct Shard {
        codes: Sorted,
    }
    w.produce("code", "json", shards, |s| {
        let mut codes = buckets[s]
            .lock()
            .map(|mut g| std::mem::take(&mut *g))
            .unwrap_or_default();
        codes.sort_unstable();
        codes.dedup_by(|a, b| a.0 == b.0);
        Ok(sonic_rs::to_vec(&Shard {
            codes: Sorted(codes),
        })?)
    })
}

/// The list rolls, honour rolls and grade rolls: every entry with its
/// enterprise's card, newest first, then by code. The entries' JSON was
/// written when the enterprises were stored (`roll_entries`); a page and
/// an index chunk join them.
pub(crate) fn rolls(
    w: &Writer,
    store: &Store,
) -> anyhow::Result<(BTreeMap<String, RollInfo>, u32)> {
    let items = &store.items;
    let ids = crate::store::roll_ids();
    let mut entries: Vec<Vec<&RollEntry>> = vec![Vec::new(); ids.len()];
    for r in &store.roll_entries {
        if let Some(list) = entries.get_mut(r.roll as usize) {
            list.push(r);
        }
    }
    let mut rolls = BTreeMap::new();
    let mut pages = 0u32;
    let code = |r: &RollEntry| items[r.item as usize].uscc.as_str();
    for (id, mut list) in ids.into_iter().zip(entries) {
        if list.is_empty() {
            continue;
        }
        // Newest first, then by code; the stable sort keeps an enterprise's
        // facts of one date in their published order.
        list.par_sort_by(|a, b| b.date.cmp(&a.date).then_with(|| code(a).cmp(code(b))));
        let count = list.len() as u64;
        let mut codes: Vec<u32> = list.iter().map(|x| x.item).collect();
        codes.par_sort_unstable();
        codes.dedup();
        let enterprises = codes.len() as u64;
        drop(codes);
        let shards = list.len().div_ceil(ROLL_PAGE_SIZE);
        // `{"entries":[…]}`, as serde writes a page.
        let table = w.produce(&format!("roll/{id}"), "json", shards, |p| {
            json_array_object("entries", &list, p, ROLL_PAGE_SIZE, |r| {
                Ok(store.roll_entry(r)?.0)
            })
        })?;
        pages += table.shards;
        let index = roll_index(w, store, id, &list)?;
        rolls.insert(
            id.to_string(),
            RollInfo {
                count,
                enterprises,
                pages: table,
                index: Some(index),
            },
        );
    }
    Ok((rolls, pages))
}

/// Lines per chunk of a roll's index (about 100 bytes each).
const ROLL_LINES_PER_CHUNK: usize = 5000;

/// A roll's index (`rollx/{id}`): one `RollLine` per entry, in the roll's
/// order: `{"lines":[…]}`, as serde writes a `RollIndexChunk`.
fn roll_index(
    w: &Writer,
    store: &Store,
    id: &str,
    list: &[&RollEntry],
) -> anyhow::Result<ShardTable> {
    let chunks = list.len().div_ceil(ROLL_LINES_PER_CHUNK);
    w.produce(&format!("rollx/{id}"), "json", chunks, |c| {
        json_array_object("lines", list, c, ROLL_LINES_PER_CHUNK, |r| {
            Ok(store.roll_entry(r)?.1)
        })
    })
}

/// Chunk `chunk` of `list` cut `per_chunk` at a time, as serde writes a
/// struct whose one field `field` is an array: `{"field":[…]}`, each element
/// the JSON `element` gives (already encoded in the store).
fn json_array_object<T>(
    field: &str,
    list: &[T],
    chunk: usize,
    per_chunk: usize,
    element: impl Fn(&T) -> anyhow::Result<Vec<u8>>,
) -> anyhow::Result<Vec<u8>> {
    let from = chunk * per_chunk;
    let to = (from + per_chunk).min(list.len());
    let mut out = format!("{{\"{field}\":[").into_bytes();
    for (k, r) in list[from..to].iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&element(r)?);
    }
    out.extend_from_slice(b"]}");
    Ok(out)
}

/// The traditional → simplified pairs whose simplified side occurs in the
/// registry's searchable text (names as normalised already, former names,
/// brands): a query character outside them cannot match anything whether
/// folded or not. Returns the chunk's file name and digest.
pub(crate) fn t2s_table(w: &Writer, store: &Store, t2s: &T2s) -> anyhow::Result<(String, Digest)> {
    let mut used: HashSet<char> = store
        .items
        .par_iter()
        .fold(HashSet::new, |mut used, it| {
            used.extend(it.norm.chars());
            used
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    used.extend(store.used.iter().copied());
    let table = T2s::from_pairs(t2s.pairs().into_iter().filter(|(_, s)| used.contains(s)));
    let bytes = table.to_chunk_string().into_bytes();
    let d = digest(&bytes);
    let name = format!("t2s-{}.txt", to_hex(&d));
    w.write(&name, &bytes)?;
    Ok((name, d))
}
