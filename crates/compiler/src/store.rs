//! The merged enterprises on disk: what keeps a build's memory from growing
//! with the full records of the country.
//!
//! A merged enterprise is ~1.6 KB in memory (its strings, facts and their
//! sources), so ten million of them do not fit a machine. The [`Store`]
//! keeps each enterprise's record JSON (the very bytes of its entry in a
//! `rec/` shard) in an unnamed temporary file beside the registry being
//! written, and in memory only what the index needs for every enterprise at
//! once ([`Item`]: code, normalised name, old identifiers, a few counts,
//! ~150 bytes). The index phases read the records back a shard at a time
//! (see `index`); the counts, the aggregates (`stats.json`) and the
//! characters of the traditional→simplified table are taken while the
//! records go in, so no phase needs a second pass for them.
//!
//! The registry's output does not depend on the order the enterprises come
//! in: every family orders its entries by code, doc order or date.

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use zhixin_core::{
    grade_span, honour_span, listing_span, normalize, Card, Counts, Day, Enterprise, Grade, Honour,
    HonourKind, ListKind, Listing, RollLine, Scheme, Stats, StatsBuilder, T2s,
};

/// What the index needs of every enterprise at hand.
#[derive(Debug)]
pub(crate) struct Item {
    /// Where the record JSON is in the store's file; its card's JSON and
    /// its search text (see [`Search`]) follow it.
    at: u64,
    len: u32,
    card_len: u32,
    search_len: u32,
    /// Listings, grades, honours and spot checks: the postings' static rank.
    pub facts: u32,
    /// Characters of the name as published (the rank's tie-break).
    pub name_chars: u32,
    pub uscc: String,
    /// The name normalised (`normalize` with the full t2s table).
    pub norm: String,
    pub registration_no: Option<String>,
    pub org_code: Option<String>,
}

/// The merged enterprises: records on disk, [`Item`]s in memory.
pub(crate) struct Store {
    /// The store's file in segments of about `segment_bytes` bytes (an
    /// enterprise's bytes in one), so that `scan` gives each one's disk
    /// space back once read: the disk then holds the store's bytes about
    /// once while they are regrouped, not twice.
    files: Vec<File>,
    /// Where each segment starts in the store's offsets.
    starts: Vec<u64>,
    /// The folder of the store's file, where `regroup` puts its buckets.
    pub dir: PathBuf,
    pub items: Vec<Item>,
    pub counts: Counts,
    /// Characters of the normalised former names and brands (the names'
    /// own are in the items), for the t2s table.
    pub used: HashSet<char>,
    /// Every roll entry, in the order of the enterprises and of their facts.
    pub roll_entries: Vec<RollEntry>,
}

/// A roll entry (see `index::write::rolls`): a listing, honour or grade,
/// with the JSON of its roll page entry and of its roll index line in the
/// store's file (page entry first).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RollEntry {
    /// Which roll (`index::write::roll_ids`).
    pub roll: u8,
    pub date: Day,
    /// The enterprise (its number in the store).
    pub item: u32,
    at: u64,
    len: u32,
    line_len: u32,
}

/// What the postings read of an enterprise: its name, former names and
/// brands, without the rest of the record.
#[derive(Debug, Default)]
pub(crate) struct Search {
    pub name: String,
    pub former_names: Vec<String>,
    pub brands: Vec<String>,
}

impl Search {
    /// Length-prefixed strings: the name, the number of former names, the
    /// former names, the brands.
    fn encode(e: &Enterprise, out: &mut Vec<u8>) {
        fn put(out: &mut Vec<u8>, b: &[u8]) {
            out.extend_from_slice(&(b.len() as u32).to_le_bytes());
            out.extend_from_slice(b);
        }
        put(out, e.name.as_bytes());
        out.extend_from_slice(&(e.former_names.len() as u32).to_le_bytes());
        for n in &e.former_names {
            put(out, n.as_bytes());
        }
        for b in &e.brands {
            put(out, b.as_bytes());
        }
    }

    pub(crate) fn decode(mut b: &[u8]) -> Option<Search> {
        fn number(b: &mut &[u8]) -> Option<usize> {
            let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
            *b = &b[4..];
            Some(n)
        }
        fn text(b: &mut &[u8]) -> Option<String> {
            let len = number(b)?;
            let s = std::str::from_utf8(b.get(..len)?).ok()?.to_string();
            *b = &b[len..];
            Some(s)
        }
        let name = text(&mut b)?;
        let formers = number(&mut b)?;
        let former_names = (0..formers).map(|_| text(&mut b)).collect::<Option<_>>()?;
        let mut brands = Vec::new();
        while !b.is_empty() {
            brands.push(text(&mut b)?);
        }
        Some(Search {
            name,
            former_names,
            brands,
        })
    }
}

/// Bytes in the store's segment `k` (the first is 0). Release builds: 256 MB
/// each. Debug builds: 4 KB, doubling with each segment, so that every test
/// crosses segments while a large registry built by a debug binary (the
/// browser tests build a 100,000-entry list with one) still keeps a few dozen
/// files open, not one per 4 KB (that ran out of file handles).
fn segment_bytes(k: usize) -> u64 {
    if cfg!(debug_assertions) {
        (4 << 10) << k.min(16)
    } else {
        256 << 20
    }
}

/// A new segment file of the store in `dir` (unnamed: gone when dropped).
fn segment(dir: &Path) -> anyhow::Result<File> {
    crate::spill::temp_file(dir)
}

/// Builds a [`Store`]; enterprises go in by batches.
pub(crate) struct StoreBuilder {
    out: BufWriter<File>,
    at: u64,
    t2s: &'static T2s,
    store: Store,
    stats: Option<StatsBuilder>,
}

/// One enterprise serialised: record, card and search text; its
/// normalised name, the characters of its other names, its roll entries
/// (roll, date, page entry JSON, index line JSON).
struct Done {
    json: Vec<u8>,
    lens: [u32; 3],
    norm: String,
    used: HashSet<char>,
    rolls: Vec<StoredRoll>,
}

/// A roll entry on its way to the store: roll, date, page entry JSON,
/// index line JSON.
type StoredRoll = (u8, Day, Vec<u8>, Vec<u8>);

/// Enterprises serialised at once by [`StoreBuilder::drain`]: enough to
/// keep both cores busy, few enough that their JSON is a few MB.
const BATCH: usize = 4096;

impl StoreBuilder {
    /// A store whose file lives (unnamed, gone when the store is dropped)
    /// in the folder `dir`; with `stats_as_of`, the aggregates are computed
    /// on the way.
    pub(crate) fn new(
        dir: &Path,
        t2s: &'static T2s,
        stats_as_of: Option<Day>,
    ) -> anyhow::Result<StoreBuilder> {
        let file = segment(dir)?;
        let out = BufWriter::with_capacity(1 << 20, file.try_clone()?);
        Ok(StoreBuilder {
            out,
            at: 0,
            t2s,
            store: Store {
                files: vec![file],
                starts: vec![0],
                dir: dir.to_path_buf(),
                items: Vec::new(),
                counts: Counts::default(),
                used: HashSet::new(),
                roll_entries: Vec::new(),
            },
            stats: stats_as_of.map(StatsBuilder::new),
        })
    }

    /// Adds `batch` (serialised in parallel).
    pub(crate) fn add(&mut self, batch: &[Enterprise]) -> anyhow::Result<()> {
        let t2s = self.t2s;
        let done: Vec<Done> = batch
            .par_iter()
            .map(|e| {
                let mut json = sonic_rs::to_vec(e)?;
                let len = json.len();
                let card = zhixin_core::Card::from_enterprise(e);
                serde_json::to_writer(&mut json, &card)?;
                let card_len = json.len() - len;
                Search::encode(e, &mut json);
                let search_len = json.len() - len - card_len;
                let norm = normalize(&e.name, Some(t2s));
                let mut used = HashSet::new();
                for s in e.former_names.iter().chain(&e.brands) {
                    used.extend(normalize(s, Some(t2s)).chars());
                }
                let rolls = roll_entries(e, &card)?;
                Ok(Done {
                    json,
                    lens: [len as u32, card_len as u32, search_len as u32],
                    norm,
                    used,
                    rolls,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        for (e, d) in batch.iter().zip(done) {
            let Done {
                json,
                lens,
                norm,
                used,
                rolls,
            } = d;
            let item = self.store.items.len() as u32;
            self.out
                .write_all(&json)
                .context("cannot write the build's temporary file; is the disk full?")?;
            let mut at = self.at + json.len() as u64;
            for (roll, date, entry, line) in rolls {
                self.out
                    .write_all(&entry)
                    .and_then(|()| self.out.write_all(&line))
                    .context("cannot write the build's temporary file; is the disk full?")?;
                self.store.roll_entries.push(RollEntry {
                    roll,
                    date,
                    item,
                    at,
                    len: entry.len() as u32,
                    line_len: line.len() as u32,
                });
                at += (entry.len() + line.len()) as u64;
            }
            let c = &mut self.store.counts;
            c.enterprises += 1;
            c.former_names += e.former_names.len() as u64;
            c.brands += e.brands.len() as u64;
            c.grades += e.grades.len() as u64;
            c.listings += e.listings.len() as u64;
            c.honours += e.honours.len() as u64;
            c.spot_checks += e.spot_checks.len() as u64;
            self.store.used.extend(used);
            if let Some(s) = &mut self.stats {
                s.add(e);
            }
            // A new segment once this one is full, between enterprises.
            let current = self.store.starts.len().saturating_sub(1);
            if at - self.store.starts.last().copied().unwrap_or(0) >= segment_bytes(current) {
                self.out
                    .flush()
                    .context("cannot write the build's temporary file; is the disk full?")?;
                let file = segment(&self.store.dir)?;
                self.out = BufWriter::with_capacity(1 << 20, file.try_clone()?);
                self.store.files.push(file);
                self.store.starts.push(at);
            }
            self.store.items.push(Item {
                at: self.at,
                len: lens[0],
                card_len: lens[1],
                search_len: lens[2],
                facts: (e.listings.len() + e.grades.len() + e.honours.len() + e.spot_checks.len())
                    as u32,
                name_chars: e.name.chars().count() as u32,
                uscc: e.uscc.clone(),
                norm,
                registration_no: e.registration_no.clone(),
                org_code: e.org_code.clone(),
            });
            self.at = at;
        }
        Ok(())
    }

    /// Adds every enterprise of `v`, freeing each batch once it is stored
    /// (from the end of `v`: the order does not matter, see the module).
    pub(crate) fn drain(&mut self, mut v: Vec<Enterprise>) -> anyhow::Result<()> {
        while !v.is_empty() {
            let from = v.len().saturating_sub(BATCH);
            self.add(&v[from..])?;
            v.truncate(from);
            if v.capacity() > 2 * v.len() + BATCH {
                v.shrink_to_fit();
            }
        }
        Ok(())
    }

    /// The store, and the aggregates when asked for.
    pub(crate) fn finish(mut self) -> anyhow::Result<(Store, Option<Stats>)> {
        self.out
            .flush()
            .context("cannot write the build's temporary file; is the disk full?")?;
        drop(self.out);
        self.store.items.shrink_to_fit();
        self.store.roll_entries.shrink_to_fit();
        Ok((self.store, self.stats.map(StatsBuilder::finish)))
    }
}

impl Store {
    /// A store of `enterprises` (for callers that hold them all anyway).
    pub(crate) fn of(
        dir: &Path,
        enterprises: &[Enterprise],
        t2s: &'static T2s,
    ) -> anyhow::Result<Store> {
        let mut b = StoreBuilder::new(dir, t2s, None)?;
        for batch in enterprises.chunks(BATCH) {
            b.add(batch)?;
        }
        Ok(b.finish()?.0)
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Reads the store from start to end, giving each enterprise's
    /// pieces to `each` in store order (see `regroup`: the index phase
    /// reads the store this way only, never at random).
    pub(crate) fn scan(
        &self,
        mut each: impl FnMut(usize, &Pieces<'_>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let read_error = "cannot read the build's temporary file back";
        let wrong = || anyhow::anyhow!("the build's temporary file reads back wrong");
        let open = |k: usize| -> anyhow::Result<BufReader<&File>> {
            let mut file = &self.files[k];
            file.seek(SeekFrom::Start(0)).context(read_error)?;
            Ok(BufReader::with_capacity(4 << 20, file))
        };
        let mut seg = 0;
        let mut r = open(seg)?;
        let mut at = 0u64;
        let mut buf = Vec::new();
        let mut rolls = Vec::new();
        let mut next_roll = 0;
        for (i, it) in self.items.iter().enumerate() {
            if it.at != at {
                return Err(wrong());
            }
            if self.starts.get(seg + 1) == Some(&at) {
                // The segment is read: its disk space goes back.
                self.files[seg]
                    .set_len(0)
                    .context("cannot truncate the build's temporary file")?;
                seg += 1;
                r = open(seg)?;
            }
            // The record, card and search text, then the roll entries.
            let (len, card_len) = (it.len as usize, it.card_len as usize);
            let mut size = len + card_len + it.search_len as usize;
            rolls.clear();
            while let Some(e) = self
                .roll_entries
                .get(next_roll)
                .filter(|e| e.item as usize == i)
            {
                if e.at != at + size as u64 {
                    return Err(wrong());
                }
                rolls.push((next_roll, size, e.len as usize, e.line_len as usize));
                size += (e.len + e.line_len) as usize;
                next_roll += 1;
            }
            buf.resize(size, 0);
            r.read_exact(&mut buf).context(read_error)?;
            at += size as u64;
            let roll_entries: Vec<(usize, &[u8], &[u8])> = rolls
                .iter()
                .map(|&(j, from, len, line_len)| {
                    (
                        j,
                        &buf[from..from + len],
                        &buf[from + len..from + len + line_len],
                    )
                })
                .collect();
            each(
                i,
                &Pieces {
                    record: &buf[..len],
                    card: &buf[len..len + card_len],
                    search: &buf[len + card_len..len + card_len + it.search_len as usize],
                    rolls: roll_entries,
                },
            )?;
        }
        if next_roll != self.roll_entries.len() {
            return Err(wrong());
        }
        Ok(())
    }

    /// Gives the disk space of the store's file back (once its pieces are
    /// regrouped, nothing reads it again).
    pub(crate) fn empty_file(&self) -> anyhow::Result<()> {
        for f in &self.files {
            f.set_len(0)
                .context("cannot truncate the build's temporary file")?;
        }
        Ok(())
    }
}

/// An enterprise's pieces in the store (see [`Store::scan`]).
pub(crate) struct Pieces<'a> {
    /// Its record JSON (the bytes of its `rec/` entry).
    pub record: &'a [u8],
    /// Its card JSON (a line of a card shard).
    pub card: &'a [u8],
    /// Its names for the postings (see [`Search::decode`]).
    pub search: &'a [u8],
    /// Its roll entries: the number of the entry in `Store::roll_entries`,
    /// the page entry JSON and the index line JSON.
    pub rolls: Vec<(usize, &'a [u8], &'a [u8])>,
}

// The roll entries' JSON, written as the enterprises are stored.

/// One roll entry as `RollEntry` serialises it, borrowing the fact.
#[derive(Serialize)]
struct EntryRef<'a> {
    card: Card,
    #[serde(skip_serializing_if = "Option::is_none")]
    listing: Option<&'a Listing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    honour: Option<&'a Honour>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<&'a Grade>,
}

/// The rolls, in this order: lists, honour kinds, schemes.
pub(crate) fn roll_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    ids.extend(ListKind::ALL.iter().map(|k| k.id()));
    ids.extend(HonourKind::ALL.iter().map(|k| k.id()));
    ids.extend(Scheme::ALL.iter().map(|k| k.id()));
    ids
}

/// The roll entries of `e` (whose card is `card`), as the store keeps them:
/// (roll, date, page entry JSON, index line JSON), its listings first, then
/// honours, then grades, each in their order.
pub(crate) fn roll_entries(e: &Enterprise, card: &Card) -> anyhow::Result<Vec<StoredRoll>> {
    let (nl, nh) = (ListKind::ALL.len(), HonourKind::ALL.len());
    let mut out = Vec::new();
    let mut entry = |roll: usize, date: Day, fact: Fact, span: (Day, Option<Day>), detail: &str| {
        let (listing, honour, grade) = match fact {
            Fact::Listing(l) => (Some(l), None, None),
            Fact::Honour(h) => (None, Some(h), None),
            Fact::Grade(g) => (None, None, Some(g)),
        };
        let page = sonic_rs::to_vec(&EntryRef {
            card: card.clone(),
            listing,
            honour,
            grade,
        })?;
        let line = sonic_rs::to_vec(&RollLine(
            e.uscc.clone(),
            e.name.clone(),
            date,
            span.0,
            span.1,
            detail.to_string(),
        ))?;
        out.push((roll as u8, date, page, line));
        anyhow::Ok(())
    };
    for l in &e.listings {
        if let Some(r) = ListKind::ALL.iter().position(|k| *k == l.list) {
            entry(r, l.listed_on, Fact::Listing(l), listing_span(l), &l.reason)?;
        }
    }
    for h in &e.honours {
        if let Some(r) = HonourKind::ALL.iter().position(|k| *k == h.kind) {
            entry(
                nl + r,
                h.awarded_on,
                Fact::Honour(h),
                honour_span(h),
                &h.title,
            )?;
        }
    }
    for g in &e.grades {
        if let Some(r) = Scheme::ALL.iter().position(|k| *k == g.scheme) {
            entry(
                nl + nh + r,
                g.issued_on,
                Fact::Grade(g),
                grade_span(g),
                &g.grade,
            )?;
        }
    }
    Ok(out)
}

/// A fact that puts an enterprise on a roll.
#[derive(Clone, Copy)]
enum Fact<'a> {
    Listing(&'a Listing),
    Honour(&'a Honour),
    Grade(&'a Grade),
}

#[cfg(test)]
mod tests {
    use super::segment_bytes;

    /// Every segment's file stays open until the store is dropped (an unnamed
    /// temporary file cannot be opened again), so a large store must take few
    /// segments, in debug builds too: the browser tests build a 100,000-entry
    /// list (~80 MB of store) with a debug binary, which once needed 20,000
    /// files and ran out of handles.
    #[test]
    fn a_large_store_takes_a_few_dozen_files_at_most() {
        let (mut total, mut files) = (0u64, 0usize);
        while total < 10 << 30 {
            total += segment_bytes(files);
            files += 1;
        }
        assert!(files <= 64, "{files} segment files for 10 GB");
        // And a store of a few enterprises still crosses segments in debug
        // builds (what the tests rely on to exercise the boundaries).
        if cfg!(debug_assertions) {
            assert!(segment_bytes(0) <= 4 << 10);
        }
    }
}
