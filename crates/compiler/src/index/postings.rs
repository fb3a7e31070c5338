//! The search postings (`post/`): every doc's terms, gathered shard by shard.
//!
//! Docs are cut into a few large runs; each rayon task numbers the distinct
//! (term, field) pairs of its run and collects (list, doc) pairs, which a
//! counting sort turns into ascending doc lists; no string is allocated per
//! posting and, for all but long brand terms, none per term either. A shard
//! then joins its lists run after run (so docs stay ascending), caps the long
//! ones and is encoded and written by the same task. No per-doc term vectors
//! and no global map: at a million enterprises that kept ~50 million small
//! strings alive at once. The pinyin start keys are gathered the same way,
//! their bytes in one buffer per run, and sorted on inline key heads.

use super::terms::{each_term, pinyin_keys, place_first, Readings};
use super::write::Regrouped;
use super::write::Writer;
use crate::store::{Search, Store};
use anyhow::Context as _;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use zhixin_core::integrity::{digest, to_hex, Digest};
use zhixin_core::{
    shard_of, strip_org_suffix, Enterprise, Field, PinyinChunk, PinyinEntry, PinyinFence,
    PostingShard, ShardTable, T2s,
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
    pub fence_digest: Digest,
}

/// Docs per run of `n` docs: a few runs per core, and at most
/// `MAX_RUN` (each run being gathered holds its lists in memory).
pub(crate) fn run_len(n: usize) -> usize {
    n.div_ceil(rayon::current_num_threads().max(1) * 4)
        .clamp(1024, MAX_RUN)
}

/// Most docs in a postings run: about 100 MB of lists and pinyin keys
/// being gathered per core.
const MAX_RUN: usize = 250_000;

/// Docs per group of postings shards (see [`RunSpill`]): a group's lists
/// and a pinyin group's keys are about 60 MB at this many docs.
const GROUP_DOCS: usize = 400_000;

/// How many groups the postings shards and the pinyin keys are cut into
/// for `n` docs (debug builds: 3, so every test crosses groups).
fn group_count(n: usize) -> usize {
    if cfg!(debug_assertions) {
        3
    } else {
        n.div_ceil(GROUP_DOCS).max(1)
    }
}

/// Writes the postings of `docs` (in doc order; the names of run `r`, of
/// `run` docs, in bucket `r` of `groups.search`); `names` are their names
/// normalised, in the same order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write(
    w: &Writer,
    store: &Store,
    groups: &Regrouped,
    run: usize,
    docs: &[u32],
    names: &[&str],
    t2s: &T2s,
    places: &[String],
) -> anyhow::Result<Written> {
    let shards = posting_shards(docs.len());
    let place_set: std::collections::HashSet<&str> = places.iter().map(String::as_str).collect();
    let is_place = |s: &str| place_set.contains(s);
    let readings = Readings::get();

    // Static rank for capping: more published facts, then the shorter name.
    let rank: Vec<u32> = {
        let mut by: Vec<(u32, u32, u32)> = docs
            .par_iter()
            .enumerate()
            .map(|(d, &i)| {
                let e = &store.items[i as usize];
                (u32::MAX - e.facts, e.name_chars, d as u32)
            })
            .collect();
        by.par_sort_unstable();
        let mut rank = vec![0u32; docs.len()];
        for (r, &(_, _, d)) in by.iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        rank
    };

    // Runs are gathered in parallel, and each one's lists and pinyin keys
    // go to disk as soon as it is done, cut by group of postings shards
    // and by group of first letters: memory holds the runs in flight and
    // then one group at a time, not every run at once.
    let groups_n = group_count(docs.len()).min(shards);
    let spill = RunSpill::new(&store.dir, groups_n)?;
    docs.par_chunks(run)
        .zip(names.par_chunks(run))
        .enumerate()
        .try_for_each(|(ri, (chunk, names))| {
            let mut lists = Lists {
                pairs: Vec::with_capacity(chunk.len() * PAIRS_PER_DOC),
                ..Lists::default()
            };
            let mut pins = Pins::default();
            // The run's names, read back from its bucket.
            let bucket = groups.search.load(ri)?;
            for (j, name) in names.iter().enumerate() {
                let doc = (ri * run + j) as u32;
                // Only the names: what `each_term` and `place_first` read.
                let s = Search::decode(bucket.get(doc as usize))
                    .context("the build's temporary file reads back wrong")?;
                let e = &Enterprise {
                    name: s.name,
                    former_names: s.former_names,
                    brands: s.brands,
                    ..Enterprise::default()
                };
                pinyin_keys(name, &is_place, readings, &mut |key, ends, weak| {
                    pins.push(key, ends, weak, doc)
                });
                // A factory (…陶瓷厂) is typed without its 厂, as a
                // company without its 有限公司: its keys without it too.
                if let Some(c) = strip_org_suffix(name)
                    .strip_suffix('厂')
                    .filter(|c| c.chars().count() >= 2)
                {
                    pinyin_keys(c, &is_place, readings, &mut |key, ends, weak| {
                        pins.push(key, ends, weak, doc)
                    });
                }
                // 瑞兰（潍坊）鞋业 is typed weifang ruilan…: the keys of the
                // name with its place first too.
                if let Some(alt) = place_first(e, t2s, &is_place) {
                    pinyin_keys(&alt, &is_place, readings, &mut |key, ends, weak| {
                        pins.push(key, ends, weak, doc)
                    });
                }
                each_term(e, name, t2s, &is_place, readings, &mut |t, f| {
                    lists.add(t, f, doc)
                });
            }
            drop(bucket);
            spill.run(ri as u32, &lists.finish(shards), &pins)
        })?;
    let spilled = spill.finish()?;

    let common: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let terms = AtomicUsize::new(0);
    let postings = AtomicU64::new(0);
    let mut digests = Vec::with_capacity(shards);
    // One set of buffers for every group (see `regroup::Family::load_into`).
    let mut buffers = Buffers::default();
    for g in 0..groups_n {
        let first = g * shards / groups_n;
        let end = (g + 1) * shards / groups_n;
        let loaded = spilled.lists(g, first..end, std::mem::take(&mut buffers))?;
        digests.extend(w.produce_some("post", "bin", first..end, |s| {
            // This shard's lists from every run: equal keys meet in run
            // order after the sort, so their docs join ascending.
            let mut all: Vec<&Spilled> = loaded.by_shard[s - first].iter().collect();
            all.sort_by(|a, b| {
                (loaded.term(a), a.field, a.run).cmp(&(loaded.term(b), b.field, b.run))
            });
            let mut lists: BTreeMap<(String, Field), Vec<u32>> = BTreeMap::new();
            let mut it = all.into_iter().peekable();
            while let Some(x) = it.next() {
                let (term, field) = (loaded.term(x), x.field);
                let mut v = loaded.docs(x).to_vec();
                while let Some(more) = it.next_if(|y| loaded.term(y) == term && y.field == field) {
                    v.extend_from_slice(loaded.docs(more));
                }
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
        })?);
        buffers = loaded.recycle();
    }
    let table = ShardTable::new("post", "bin", &digests);
    let mut common = common.into_inner().unwrap_or_default();
    common.sort();
    common.dedup();
    let (pinyin, pinyin_fence, fence_digest) = write_pinyin(w, &spilled, buffers.raw)?;
    Ok(Written {
        table,
        common,
        terms: terms.into_inner(),
        postings: postings.into_inner(),
        pinyin,
        pinyin_fence,
        fence_digest,
    })
}

/// The runs' lists and pinyin keys on disk, by group (see [`RunSpill`]).
struct RunSpill {
    lists: Vec<Mutex<File>>,
    pins: Vec<Mutex<File>>,
}

const WRITE_ERROR: &str = "cannot write the build's temporary file; is the disk full?";
const READ_ERROR: &str = "cannot read the build's temporary file back";

/// The pinyin group of a key of `groups`: by its first letter, so that
/// the groups in order hold the keys in order (`#` and anything before
/// `a` go to the first group).
fn pin_group(key: &[u8], groups: usize) -> usize {
    let c = key.first().map_or(0, |&b| b.clamp(b'a', b'z') - b'a') as usize;
    c * groups / 26
}

impl RunSpill {
    /// `groups` empty list files and as many pinyin files in `dir`.
    fn new(dir: &Path, groups: usize) -> anyhow::Result<RunSpill> {
        let file = || crate::spill::temp_file(dir).map(Mutex::new);
        Ok(RunSpill {
            lists: (0..groups).map(|_| file()).collect::<anyhow::Result<_>>()?,
            pins: (0..groups).map(|_| file()).collect::<anyhow::Result<_>>()?,
        })
    }

    /// Appends run `run`'s lists to their shards' groups' files (shard,
    /// run, field, term length, doc count, term, docs) and its pinyin
    /// keys to their letters' groups' files (key length, key, ends, weak,
    /// doc), one write per group.
    fn run(&self, run: u32, lists: &RunLists, pins: &Pins) -> anyhow::Result<()> {
        let groups = self.lists.len();
        let shards = lists.by_shard.len();
        for g in 0..groups {
            let mut out = Vec::new();
            for s in g * shards / groups..(g + 1) * shards / groups {
                for &i in &lists.by_shard[s] {
                    let (term, field, docs) = lists.list(i);
                    out.extend_from_slice(&(s as u32).to_le_bytes());
                    out.extend_from_slice(&run.to_le_bytes());
                    out.push(field as u8);
                    out.extend_from_slice(&(term.len() as u32).to_le_bytes());
                    out.extend_from_slice(&(docs.len() as u32).to_le_bytes());
                    out.extend_from_slice(term.as_bytes());
                    for d in docs {
                        out.extend_from_slice(&d.to_le_bytes());
                    }
                }
            }
            append(&self.lists[g], &out)?;
        }
        let mut outs: Vec<Vec<u8>> = vec![Vec::new(); groups];
        for e in &pins.entries {
            let key = pins.key(e);
            let out = &mut outs[pin_group(key, groups)];
            out.push(key.len() as u8);
            out.extend_from_slice(key);
            out.extend_from_slice(&e.ends.to_le_bytes());
            out.push(e.weak as u8);
            out.extend_from_slice(&e.doc.to_le_bytes());
        }
        for (g, out) in outs.iter().enumerate() {
            append(&self.pins[g], out)?;
        }
        Ok(())
    }

    /// The files, written.
    fn finish(self) -> anyhow::Result<SpilledRuns> {
        let take = |v: Vec<Mutex<File>>| -> Vec<Mutex<Option<File>>> {
            v.into_iter()
                .map(|m| Mutex::new(Some(m.into_inner().unwrap_or_else(|e| e.into_inner()))))
                .collect()
        };
        Ok(SpilledRuns {
            lists: take(self.lists),
            pins: take(self.pins),
        })
    }
}

/// Appends `bytes` to the file in `f` (a run's part of a group, whole).
fn append(f: &Mutex<File>, bytes: &[u8]) -> anyhow::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    let mut f = f.lock().unwrap_or_else(|e| e.into_inner());
    f.write_all(bytes).context(WRITE_ERROR)
}

/// Takes the file out of `f` and reads it whole into `bytes` (each is
/// read once).
fn read_whole(f: &Mutex<Option<File>>, bytes: &mut Vec<u8>) -> anyhow::Result<()> {
    let Some(mut file) = f.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        anyhow::bail!("a group of the build's temporary files was read twice");
    };
    bytes.clear();
    file.metadata()
        .map(|m| bytes.reserve_exact(m.len() as usize + m.len() as usize / 8))
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.read_to_end(bytes))
        .context(READ_ERROR)?;
    Ok(())
}

/// The buffers a group is read into, passed from group to group (see
/// `regroup::Family::load_into`).
#[derive(Default)]
struct Buffers {
    raw: Vec<u8>,
    text: Vec<u8>,
    docs: Vec<u32>,
}

/// The runs' groups on disk.
struct SpilledRuns {
    lists: Vec<Mutex<Option<File>>>,
    pins: Vec<Mutex<Option<File>>>,
}

/// A list of a run, as a group reads it back.
struct Spilled {
    run: u32,
    field: Field,
    term: (u32, u32),
    docs: (usize, usize),
}

/// A group's lists, by shard.
struct GroupLists {
    raw: Vec<u8>,
    text: Vec<u8>,
    docs: Vec<u32>,
    by_shard: Vec<Vec<Spilled>>,
}

impl GroupLists {
    fn recycle(self) -> Buffers {
        Buffers {
            raw: self.raw,
            text: self.text,
            docs: self.docs,
        }
    }

    fn term(&self, x: &Spilled) -> &str {
        std::str::from_utf8(&self.text[x.term.0 as usize..x.term.1 as usize]).unwrap_or_default()
    }

    fn docs(&self, x: &Spilled) -> &[u32] {
        &self.docs[x.docs.0..x.docs.1]
    }
}

impl SpilledRuns {
    /// Group `g`'s lists, whose shards are `shards`.
    fn lists(
        &self,
        g: usize,
        shards: Range<usize>,
        buffers: Buffers,
    ) -> anyhow::Result<GroupLists> {
        let Buffers {
            raw: mut bytes,
            mut text,
            mut docs,
        } = buffers;
        read_whole(&self.lists[g], &mut bytes)?;
        text.clear();
        docs.clear();
        // At most a doc per 4 bytes read: no doubling series.
        docs.reserve(bytes.len() / 4);
        let wrong = || anyhow::anyhow!("the build's temporary file reads back wrong");
        let mut by_shard: Vec<Vec<Spilled>> = (0..shards.len()).map(|_| Vec::new()).collect();
        let mut b = &bytes[..];
        let number = |b: &mut &[u8]| -> anyhow::Result<u32> {
            let n = u32::from_le_bytes(b.get(..4).ok_or_else(wrong)?.try_into()?);
            *b = &b[4..];
            Ok(n)
        };
        while !b.is_empty() {
            let shard = number(&mut b)? as usize;
            let run = number(&mut b)?;
            let field = *b.first().ok_or_else(wrong)?;
            b = &b[1..];
            let field = Field::ALL.get(field as usize).copied().ok_or_else(wrong)?;
            let term_len = number(&mut b)? as usize;
            let count = number(&mut b)? as usize;
            let term = b.get(..term_len).ok_or_else(wrong)?;
            std::str::from_utf8(term).map_err(|_| wrong())?;
            let from = text.len() as u32;
            text.extend_from_slice(term);
            b = &b[term_len..];
            let raw = b.get(..count * 4).ok_or_else(wrong)?;
            let at = docs.len();
            docs.extend(
                raw.chunks_exact(4)
                    .map(|d| u32::from_le_bytes([d[0], d[1], d[2], d[3]])),
            );
            b = &b[count * 4..];
            let list = shard
                .checked_sub(shards.start)
                .and_then(|i| by_shard.get_mut(i))
                .ok_or_else(wrong)?;
            list.push(Spilled {
                run,
                field,
                term: (from, text.len() as u32),
                docs: (at, docs.len()),
            });
        }
        if u32::try_from(text.len()).is_err() {
            anyhow::bail!(
                "too many terms in one group of the postings ({} bytes)",
                text.len()
            );
        }
        Ok(GroupLists {
            raw: bytes,
            text,
            docs,
            by_shard,
        })
    }

    /// Adds pinyin group `g`'s keys to `pins` (read through `bytes`).
    fn pins(&self, g: usize, pins: &mut Pins, bytes: &mut Vec<u8>) -> anyhow::Result<()> {
        read_whole(&self.pins[g], bytes)?;
        let wrong = || anyhow::anyhow!("the build's temporary file reads back wrong");
        let mut b = &bytes[..];
        while !b.is_empty() {
            let len = *b.first().ok_or_else(wrong)? as usize;
            let rest = b.get(1..1 + len + 9).ok_or_else(wrong)?;
            let key = std::str::from_utf8(&rest[..len]).map_err(|_| wrong())?;
            let ends = u32::from_le_bytes(rest[len..len + 4].try_into()?);
            let weak = rest[len + 4] != 0;
            let doc = u32::from_le_bytes(rest[len + 5..len + 9].try_into()?);
            pins.push(key, ends, weak, doc);
            b = &b[1 + len + 9..];
        }
        if u32::try_from(pins.keys.len()).is_err() {
            anyhow::bail!(
                "too many pinyin keys for one registry ({} bytes)",
                pins.keys.len()
            );
        }
        Ok(())
    }
}

/// A little more than the distinct terms of an average doc (~25 in the
/// demo): a run's postings are reserved up front rather than copied into
/// fresh memory at every doubling.
const PAIRS_PER_DOC: usize = 32;

/// Longest term kept inline in a [`Lists`] key: every term but long whole
/// brands (a bigram is 6 bytes, a place-character term 10, a syllable pair
/// at most 13).
const INLINE_TERM: usize = 14;

/// A run's posting lists as they are gathered: each distinct (term, field)
/// is numbered once, and a posting is a (list, doc) pair, so adding one
/// allocates nothing. Short terms are found by a 16-byte integer key (bytes,
/// field, length), which a lookup compares without following a pointer.
#[derive(Default)]
struct Lists {
    short: FxMap<u128, u32>,
    /// Longer terms, keyed by term, NUL and field number.
    long: FxMap<String, u32>,
    key: String,
    heads: Vec<Head>,
    text: String,
    /// Per list, the last doc added (a doc's term may come twice).
    last: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

/// A list's term (a byte range of the run's text) and field.
#[derive(Clone, Copy)]
struct Head {
    from: u32,
    to: u32,
    field: Field,
}

impl Lists {
    fn add(&mut self, term: &str, field: Field, doc: u32) {
        let next = self.heads.len() as u32;
        let id = if term.len() <= INLINE_TERM {
            let mut k = [0u8; 16];
            k[..term.len()].copy_from_slice(term.as_bytes());
            k[14] = field as u8;
            k[15] = term.len() as u8;
            *self.short.entry(u128::from_le_bytes(k)).or_insert(next)
        } else {
            self.key.clear();
            self.key.push_str(term);
            self.key.push('\0');
            self.key.push((b'0' + field as u8) as char);
            match self.long.get(self.key.as_str()) {
                Some(&i) => i,
                None => {
                    self.long.insert(self.key.clone(), next);
                    next
                }
            }
        };
        if id == next {
            let from = self.text.len() as u32;
            self.text.push_str(term);
            self.heads.push(Head {
                from,
                to: self.text.len() as u32,
                field,
            });
            self.last.push(u32::MAX);
        }
        let last = &mut self.last[id as usize];
        if *last != doc {
            *last = doc;
            self.pairs.push((id, doc));
        }
    }

    /// The lists, each one's docs together (a counting sort keeps them
    /// ascending), and which of them go to which posting shard.
    fn finish(self, shards: usize) -> RunLists {
        let n = self.heads.len();
        let mut start = vec![0u32; n + 1];
        for &(id, _) in &self.pairs {
            start[id as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut docs = vec![0u32; self.pairs.len()];
        for (id, doc) in self.pairs {
            let at = &mut fill[id as usize];
            docs[*at as usize] = doc;
            *at += 1;
        }
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); shards];
        for (i, h) in self.heads.iter().enumerate() {
            let term = &self.text[h.from as usize..h.to as usize];
            by_shard[shard_of(term, shards as u32) as usize].push(i as u32);
        }
        RunLists {
            heads: self.heads,
            text: self.text,
            start,
            docs,
            by_shard,
        }
    }
}

/// A run's finished lists (see [`Lists::finish`]).
struct RunLists {
    heads: Vec<Head>,
    text: String,
    /// List `i`'s docs are `docs[start[i]..start[i + 1]]`.
    start: Vec<u32>,
    docs: Vec<u32>,
    /// Per posting shard, the numbers of the lists that belong to it.
    by_shard: Vec<Vec<u32>>,
}

impl RunLists {
    /// List `i`: its term, field and docs.
    fn list(&self, i: u32) -> (&str, Field, &[u32]) {
        let i = i as usize;
        let h = self.heads[i];
        (
            &self.text[h.from as usize..h.to as usize],
            h.field,
            &self.docs[self.start[i] as usize..self.start[i + 1] as usize],
        )
    }
}

/// Pinyin start entries with their keys in one buffer: millions of them
/// are sorted, and a key's first 16 bytes are kept inline (big-endian, so
/// integer order is byte order), so most comparisons never leave the entry.
#[derive(Default)]
struct Pins {
    keys: Vec<u8>,
    entries: Vec<Pin>,
}

#[derive(Clone, Copy)]
struct Pin {
    head: u128,
    /// The key is `keys[at..at + len]`.
    at: u32,
    len: u8,
    weak: bool,
    ends: u32,
    doc: u32,
}

impl Pins {
    fn push(&mut self, key: &str, ends: u32, weak: bool, doc: u32) {
        let b = key.as_bytes();
        // Keys are at most `START_CHARS` syllables; a longer one is cut
        // rather than mis-sorted (and never made in practice).
        let b = &b[..b.len().min(u8::MAX as usize)];
        let mut h = [0u8; 16];
        let n = b.len().min(16);
        h[..n].copy_from_slice(&b[..n]);
        self.entries.push(Pin {
            head: u128::from_be_bytes(h),
            at: self.keys.len() as u32,
            len: b.len() as u8,
            weak,
            ends,
            doc,
        });
        self.keys.extend_from_slice(b);
    }

    /// `self`'s entries then `more`'s, in one buffer.
    fn extend(&mut self, more: &Pins) {
        for e in &more.entries {
            let key = std::str::from_utf8(more.key(e)).unwrap_or_default();
            self.push(key, e.ends, e.weak, e.doc);
        }
    }

    fn key(&self, e: &Pin) -> &[u8] {
        &self.keys[e.at as usize..e.at as usize + e.len as usize]
    }

    /// Key order: bytes are ASCII letters and `#`, never NUL, so the
    /// zero-padded head orders as the key does until heads are equal.
    fn cmp_keys(&self, a: &Pin, b: &Pin) -> std::cmp::Ordering {
        a.head
            .cmp(&b.head)
            .then_with(|| self.key(a).cmp(self.key(b)))
    }

    fn entry(&self, e: &Pin) -> PinyinEntry {
        PinyinEntry {
            key: std::str::from_utf8(self.key(e))
                .unwrap_or_default()
                .to_string(),
            ends: e.ends,
            weak: e.weak,
            doc: e.doc,
        }
    }
}

/// True for `^` and one character that is not ASCII (`^银`, see `first_char_term`).
fn is_first_char_term(term: &str) -> bool {
    let mut it = term.chars();
    it.next() == Some('^') && it.next().is_some_and(|c| !c.is_ascii()) && it.next().is_none()
}

/// Pinyin start entries per shard (about 17 KB, 8 KB gzip): a pinyin query
/// reads one or two, plus the fence (a key per shard); fewer, larger shards
/// keep the file count down (see `RECORDS_PER_SHARD`) and the fence small.
pub(crate) const PINYIN_PER_SHARD: usize = 2000;

/// Writes the pinyin start keys (`pin/`, see `zhixin_core::PinyinChunk`)
/// and their fence chunk, a group of first letters at a time (the groups
/// hold the keys in order; the entries short of a whole chunk at the end of
/// a group begin the next one); returns the sealed table and the fence's
/// path and digest.
fn write_pinyin(
    w: &Writer,
    spilled: &SpilledRuns,
    mut raw: Vec<u8>,
) -> anyhow::Result<(ShardTable, String, Digest)> {
    let groups = spilled.pins.len();
    let mut digests = Vec::new();
    let mut firsts = Vec::new();
    let mut carry = Pins::default();
    // One buffer for every group (see `Buffers`).
    let mut pins = Pins::default();
    for g in 0..groups {
        pins.keys.clear();
        pins.entries.clear();
        pins.extend(&carry);
        spilled.pins(g, &mut pins, &mut raw)?;
        carry = Pins::default();
        // Key, doc, the stronger entry first; one entry per key and doc.
        let mut entries = std::mem::take(&mut pins.entries);
        entries.par_sort_unstable_by(|a, b| {
            pins.cmp_keys(a, b)
                .then(a.doc.cmp(&b.doc))
                .then(a.weak.cmp(&b.weak))
        });
        entries.dedup_by(|b, a| a.doc == b.doc && pins.cmp_keys(a, b).is_eq());
        let whole = if g + 1 == groups {
            entries.len()
        } else {
            entries.len() / PINYIN_PER_SHARD * PINYIN_PER_SHARD
        };
        let chunks: Vec<&[Pin]> = entries[..whole].chunks(PINYIN_PER_SHARD).collect();
        let base = digests.len();
        digests.extend(
            w.produce_some("pin", "bin", base..base + chunks.len(), |i| {
                let chunk: Vec<PinyinEntry> =
                    chunks[i - base].iter().map(|e| pins.entry(e)).collect();
                Ok(PinyinChunk::encode_entries(&chunk))
            })?,
        );
        firsts.extend(
            chunks
                .iter()
                .filter_map(|c| c.first().map(|e| pins.entry(e).key)),
        );
        for e in &entries[whole..] {
            let key = std::str::from_utf8(pins.key(e)).unwrap_or_default();
            carry.push(key, e.ends, e.weak, e.doc);
        }
        pins.entries = entries;
    }
    let table = super::family::seal(w, &ShardTable::new("pin", "bin", &digests))?;
    let fence = PinyinFence { firsts }.encode();
    let d = digest(&fence);
    let path = format!("pin/fence-{}.bin", to_hex(&d));
    w.write(&path, &fence)?;
    Ok((table, path, d))
}
