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
use crate::regroup::{even_bounds, Family, Scatter};
use crate::store::{RollEntry, Store};
use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::ops::Range;
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
        let digests = self.produce_some(dir, ext, 0..shards, encode)?;
        Ok(ShardTable::new(dir, ext, &digests))
    }

    /// [`Writer::produce_some`] with `encode(i, out)` writing chunk `i` into
    /// `out`, a buffer of the thread kept from chunk to chunk (no buffer
    /// allocated per chunk). `encode` must not use rayon (the thread could
    /// start another chunk while this one holds the buffer).
    pub(crate) fn produce_into<F>(
        &self,
        dir: &str,
        ext: &str,
        shards: Range<usize>,
        encode: F,
    ) -> anyhow::Result<Vec<Digest>>
    where
        F: Fn(usize, &mut Vec<u8>) -> anyhow::Result<()> + Sync,
    {
        thread_local! {
            static OUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        self.dir(dir)?;
        shards
            .into_par_iter()
            .map(|i| {
                OUT.with(|out| {
                    let mut out = out
                        .try_borrow_mut()
                        .map_err(|_| anyhow::anyhow!("a chunk's buffer is in use"))?;
                    out.clear();
                    encode(i, &mut out)?;
                    self.write_chunk(dir, ext, i, &out)
                })
            })
            .collect()
    }

    /// [`Writer::produce`] of the chunks `shards` only: their digests, in order.
    pub(crate) fn produce_some<F>(
        &self,
        dir: &str,
        ext: &str,
        shards: Range<usize>,
        encode: F,
    ) -> anyhow::Result<Vec<Digest>>
    where
        F: Fn(usize) -> anyhow::Result<Vec<u8>> + Sync,
    {
        self.dir(dir)?;
        shards
            .into_par_iter()
            .map(|i| self.write_chunk(dir, ext, i, &encode(i)?))
            .collect()
    }

    /// Writes chunk `i` of the family `dir` under the name its digest gives
    /// it; the digest.
    fn write_chunk(&self, dir: &str, ext: &str, i: usize, bytes: &[u8]) -> anyhow::Result<Digest> {
        let d = digest(bytes);
        self.write(&shard_path(dir, i, &to_hex(&d), ext), bytes)?;
        Ok(d)
    }
}

/// The path of shard `i` of a family, as `ShardTable::path` names it.
pub(crate) fn shard_path(dir: &str, i: usize, hash: &str, ext: &str) -> String {
    format!("{dir}/{i:04x}-{hash}.{ext}")
}

/// The store's pieces regrouped by family (see `regroup`): cards and the
/// postings' names by doc, records by record shard and code, roll entries
/// by roll and order.
pub(crate) struct Regrouped {
    pub cards: Family,
    /// Bucket `r` holds the names of the postings' run `r`.
    pub search: Family,
    records: Family,
    /// Per record shard, its first position (and the end last).
    record_starts: Vec<usize>,
    rolls: Family,
    /// Per roll (`roll_ids`), its entries (numbers in `Store::roll_entries`)
    /// in the roll's order, and its first position.
    roll_lists: Vec<(Vec<u32>, usize)>,
}

/// Cards per card bucket (~300 bytes each): a whole number of card shards.
/// Debug builds use small buckets so that tests cross them, but not so small
/// that a large registry built by a debug binary opens a file per shard (every
/// bucket's file is open at once while the store is regrouped).
const CARD_BUCKET: usize = if cfg!(debug_assertions) {
    CARDS_PER_SHARD * 8
} else {
    CARDS_PER_SHARD * 2048
};
/// Record shards per record bucket (400 records of ~700 bytes each: ~45 MB).
const RECORD_BUCKET: usize = if cfg!(debug_assertions) { 4 } else { 160 };
/// Roll entries per roll bucket (~600 bytes each): a whole number of roll
/// pages and of roll index chunks.
const ROLL_BUCKET: usize = if cfg!(debug_assertions) {
    ROLL_LINES_PER_CHUNK
} else {
    ROLL_LINES_PER_CHUNK * 20
};

/// Reads the store once, from start to end, into the families' buckets
/// (`docs`: the store's enterprises in doc order; `run`: docs per postings
/// run), then empties the store's file.
pub(crate) fn regroup(store: &Store, docs: &[u32], run: usize) -> anyhow::Result<Regrouped> {
    let items = &store.items;
    let n = items.len();
    let mut doc_of = vec![0u32; n];
    for (d, &i) in docs.iter().enumerate() {
        doc_of[i as usize] = d as u32;
    }
    // Records: by shard, then by code within a shard.
    let shards = n.div_ceil(RECORDS_PER_SHARD).max(1);
    let mut by_record: Vec<(u32, u32)> = items
        .par_iter()
        .enumerate()
        .map(|(i, e)| (shard_of(&e.uscc, shards as u32), i as u32))
        .collect();
    by_record.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| items[a.1 as usize].uscc.cmp(&items[b.1 as usize].uscc))
            .then(a.1.cmp(&b.1))
    });
    let mut record_starts = vec![0usize; shards + 1];
    for &(s, _) in &by_record {
        record_starts[s as usize + 1] += 1;
    }
    for s in 0..shards {
        record_starts[s + 1] += record_starts[s];
    }
    let mut record_of = vec![0u32; n];
    for (p, &(_, i)) in by_record.iter().enumerate() {
        record_of[i as usize] = p as u32;
    }
    drop(by_record);
    let record_bounds: Vec<usize> = record_starts
        .iter()
        .copied()
        .step_by(RECORD_BUCKET)
        .chain(std::iter::once(n))
        .collect();
    // Rolls: newest first, then by code; the stable sort keeps an
    // enterprise's facts of one date in their published order.
    let code = |r: &RollEntry| items[r.item as usize].uscc.as_str();
    let ids = crate::store::roll_ids();
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
    for (j, r) in store.roll_entries.iter().enumerate() {
        if let Some(list) = lists.get_mut(r.roll as usize) {
            list.push(j as u32);
        }
    }
    let all = &store.roll_entries;
    let mut roll_of = vec![u32::MAX; all.len()];
    let mut roll_lists = Vec::new();
    let mut roll_bounds = vec![0usize];
    let mut base = 0usize;
    for mut list in lists {
        list.par_sort_by(|&a, &b| {
            let (a, b) = (&all[a as usize], &all[b as usize]);
            b.date.cmp(&a.date).then_with(|| code(a).cmp(code(b)))
        });
        for (k, &j) in list.iter().enumerate() {
            roll_of[j as usize] = (base + k) as u32;
        }
        roll_bounds.extend(
            (ROLL_BUCKET..list.len())
                .step_by(ROLL_BUCKET)
                .map(|k| base + k),
        );
        let len = list.len();
        roll_lists.push((list, base));
        base += len;
        if *roll_bounds.last().unwrap_or(&0) != base {
            roll_bounds.push(base);
        }
    }

    let dir = &store.dir;
    let mut cards = Scatter::new(dir, even_bounds(n, CARD_BUCKET))?;
    let mut search = Scatter::new(dir, even_bounds(n, run))?;
    let mut records = Scatter::new(dir, record_bounds)?;
    let mut rolls = Scatter::new(dir, roll_bounds)?;
    store.scan(|i, p| {
        let doc = doc_of[i] as usize;
        cards.put(doc, &[p.card])?;
        search.put(doc, &[p.search])?;
        records.put(record_of[i] as usize, &[p.record])?;
        for &(j, entry, line) in &p.rolls {
            let len = (entry.len() as u32).to_le_bytes();
            rolls.put(roll_of[j] as usize, &[&len, entry, line])?;
        }
        Ok(())
    })?;
    store.empty_file()?;
    Ok(Regrouped {
        cards: cards.finish()?,
        search: search.finish()?,
        records: records.finish()?,
        record_starts,
        rolls: rolls.finish()?,
        roll_lists,
    })
}

/// Result cards, `CARDS_PER_SHARD` docs per shard, in doc order:
/// `CardShard::encode`'s lines, the cards' JSON as the store keeps it.
pub(crate) fn cards(w: &Writer, g: &Regrouped, n: usize) -> anyhow::Result<ShardTable> {
    let mut digests = Vec::new();
    let mut buffer = Vec::new();
    for b in 0..g.cards.buckets() {
        let range = g.cards.range(b);
        let bucket = g.cards.load_into(b, buffer)?;
        let shards = range.start / CARDS_PER_SHARD..range.end.div_ceil(CARDS_PER_SHARD);
        digests.extend(w.produce_into("card", "jsonl", shards, |s, out| {
            let from = s * CARDS_PER_SHARD;
            let to = (from + CARDS_PER_SHARD).min(n);
            out.extend_from_slice(
                &zhixin_core::CardShard {
                    first_doc: from as u32,
                    cards: Vec::new(),
                }
                .encode(),
            );
            for doc in from..to {
                out.push(b'\n');
                out.extend_from_slice(bucket.get(doc));
            }
            Ok(())
        })?);
        buffer = bucket.recycle();
    }
    Ok(ShardTable::new("card", "jsonl", &digests))
}

/// Full records, by hash of the code, sorted by code within a shard: the
/// store's record JSON joined into a JSON array (the bytes serde would
/// write for the enterprises).
pub(crate) fn records(w: &Writer, g: &Regrouped) -> anyhow::Result<ShardTable> {
    let starts = &g.record_starts;
    let mut digests = Vec::new();
    let shards = starts.len() - 1;
    let mut buffer = Vec::new();
    for b in 0..g.records.buckets() {
        // Bucket `b` holds the shards from `b * RECORD_BUCKET` (see `regroup`).
        let bucket = g.records.load_into(b, buffer)?;
        let first = (b * RECORD_BUCKET).min(shards);
        let shards = first..(first + RECORD_BUCKET).min(shards);
        digests.extend(w.produce_into("rec", "json", shards, |s, out| {
            let (from, to) = (starts[s], starts[s + 1]);
            out.push(b'[');
            for (k, pos) in (from..to).enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(bucket.get(pos));
            }
            out.push(b']');
            Ok(())
        })?);
        buffer = bucket.recycle();
    }
    Ok(ShardTable::new("rec", "json", &digests))
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
    // Each core files its share of the docs straight into per-shard lists
    // (no list per doc: at ten million those were ~1.3 GB); a shard's
    // lists are then joined (a shard is sorted, so the order is free).
    let per = docs
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    let parts: Vec<Vec<Vec<Entry>>> = docs
        .par_chunks(per)
        .enumerate()
        .map(|(c, chunk)| {
            let mut out: Vec<Vec<Entry>> = vec![Vec::new(); shards];
            let mut put = |key: &str, entry: Entry| {
                if let Some(b) = out.get_mut(shard_of(key, shards as u32) as usize) {
                    b.push(entry);
                }
            };
            for (j, &i) in chunk.iter().enumerate() {
                let e = &store.items[i as usize];
                let doc = (c * per + j) as u32;
                if let (Some([a, b]), Ok(bytes)) =
                    (code_keys(&e.uscc), e.uscc.as_bytes().try_into())
                {
                    put(&a, (bytes, doc));
                    put(&b, (bytes, doc));
                }
                let embedded = e.uscc.get(8..17);
                let old = [e.registration_no.as_deref(), e.org_code.as_deref()];
                for id in old.into_iter().flatten() {
                    if Some(id) == embedded {
                        // Found through the credit code itself.
                        continue;
                    }
                    if let (Some(key), Some(bytes)) = (old_id_key(id), pad(id)) {
                        put(&key, (bytes, doc));
                    }
                }
            }
            out
        })
        .collect();
    let mut parts: Vec<std::vec::IntoIter<Vec<Entry>>> =
        parts.into_iter().map(|p| p.into_iter()).collect();
    let buckets: Vec<Vec<Entry>> = (0..shards)
        .map(|_| {
            let mut v = Vec::new();
            for p in parts.iter_mut() {
                v.extend(p.next().unwrap_or_default());
            }
            v
        })
        .collect();
    drop(parts);
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
    g: &Regrouped,
) -> anyhow::Result<(BTreeMap<String, RollInfo>, u32)> {
    let ids = crate::store::roll_ids();
    let mut rolls = BTreeMap::new();
    let mut pages = 0u32;
    let mut bucket = 0;
    let mut buffer = Vec::new();
    for (id, (list, base)) in ids.into_iter().zip(&g.roll_lists) {
        let base = *base;
        if list.is_empty() {
            continue;
        }
        let count = list.len() as u64;
        let mut codes: Vec<u32> = list
            .iter()
            .map(|&j| store.roll_entries[j as usize].item)
            .collect();
        codes.par_sort_unstable();
        codes.dedup();
        let enterprises = codes.len() as u64;
        drop(codes);
        let (page_dir, index_dir) = (format!("roll/{id}"), format!("rollx/{id}"));
        let (mut page_digests, mut index_digests) = (Vec::new(), Vec::new());
        let end = base + list.len();
        while bucket < g.rolls.buckets() && g.rolls.range(bucket).start < end {
            let range = g.rolls.range(bucket);
            let loaded = g.rolls.load_into(bucket, std::mem::take(&mut buffer))?;
            bucket += 1;
            // A roll entry's piece: its page entry's length, the page
            // entry, the index line.
            let part = |pos: usize, line: bool| -> anyhow::Result<&[u8]> {
                let p = loaded.get(pos);
                let len = p
                    .get(..4)
                    .and_then(|l| l.try_into().ok())
                    .map(|l| u32::from_le_bytes(l) as usize)
                    .filter(|&l| l <= p.len() - 4)
                    .context("the build's temporary file reads back wrong")?;
                Ok(if line { &p[4 + len..] } else { &p[4..4 + len] })
            };
            let (from, to) = (range.start - base, range.end - base);
            page_digests.extend(w.produce_into(
                &page_dir,
                "json",
                from / ROLL_PAGE_SIZE..to.div_ceil(ROLL_PAGE_SIZE),
                |p, out| {
                    json_chunk(out, "entries", base, list.len(), p, ROLL_PAGE_SIZE, |pos| {
                        part(pos, false)
                    })
                },
            )?);
            index_digests.extend(w.produce_into(
                &index_dir,
                "json",
                from / ROLL_LINES_PER_CHUNK..to.div_ceil(ROLL_LINES_PER_CHUNK),
                |c, out| {
                    json_chunk(
                        out,
                        "lines",
                        base,
                        list.len(),
                        c,
                        ROLL_LINES_PER_CHUNK,
                        |pos| part(pos, true),
                    )
                },
            )?);
            buffer = loaded.recycle();
        }
        let table = ShardTable::new(&page_dir, "json", &page_digests);
        pages += table.shards;
        rolls.insert(
            id.to_string(),
            RollInfo {
                count,
                enterprises,
                pages: table,
                index: Some(ShardTable::new(&index_dir, "json", &index_digests)),
            },
        );
    }
    Ok((rolls, pages))
}

/// Lines per chunk of a roll's index (about 100 bytes each).
const ROLL_LINES_PER_CHUNK: usize = 5000;

/// Writes into `out` chunk `chunk` of a list of `len` elements (at
/// positions `base..`) cut `per_chunk` at a time, as serde writes a struct
/// whose one field `field` is an array: `{"field":[…]}`, each element the
/// JSON `element` gives for its position (already encoded in the store).
#[allow(clippy::too_many_arguments)]
fn json_chunk<'a>(
    out: &mut Vec<u8>,
    field: &str,
    base: usize,
    len: usize,
    chunk: usize,
    per_chunk: usize,
    element: impl Fn(usize) -> anyhow::Result<&'a [u8]>,
) -> anyhow::Result<()> {
    let from = chunk * per_chunk;
    let to = (from + per_chunk).min(len);
    out.extend_from_slice(format!("{{\"{field}\":[").as_bytes());
    for (k, i) in (from..to).enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(element(base + i)?);
    }
    out.extend_from_slice(b"]}");
    Ok(())
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
