//! The chunks a caller has, each decoded at most once.
//!
//! [`Chunks`] keeps every fetched chunk's bytes and, beside them, the form a
//! search reads, made the first time a search needs it and kept for the
//! session: a postings chunk's term index, a card chunk's line offsets and
//! the cards decoded so far (with their normalised names), a code chunk's
//! map, a pinyin chunk's entries, the pinyin fence, the t2s table. Searching
//! as the user types reads the same chunks over and over; decoding them on
//! every step made the app (wasm, optimised for size) 10–20× slower than the
//! CLI on the code and typo paths.
//!
//! A chunk that failed to decode keeps its error, so every search that
//! needs it reports it, naming it.
//!
//! What a session holds is bounded by the caller: [`Chunks::trim`] forgets the
//! chunks used least recently until what they hold fits a budget, between two
//! searches (a search in progress needs the chunks it asked for). What they
//! hold is their bytes and what was decoded from them ([`Chunks::held_cost`]):
//! a card chunk decodes its cards one by one as searches read them, so a chunk
//! kept all session long would otherwise grow to several times its size while
//! counting only its bytes, and a long session's memory would creep up.

use super::pinyin::Sounds;
use crate::format::{
    Card, CardShard, CodeShard, FormatError, FormatErrorKind, PinyinChunk, PinyinEntry,
    PinyinFence, PostingIndex,
};
use crate::normalize::{normalize, T2s};
use crate::StableSort;
use std::cell::{Cell, OnceCell};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// The chunks a caller has: fetched bytes, or why a fetch failed, and what
/// searches decoded from them.
#[derive(Default)]
pub struct Chunks {
    map: HashMap<String, Held>,
    /// Fetched bytes held (failed chunks count nothing).
    held: usize,
    /// Ticks at every read, for [`Chunks::trim`]'s "least recently used".
    clock: Cell<u64>,
}

/// One chunk: its bytes (or why it could not be fetched) and its decoded form.
struct Held {
    bytes: Result<Vec<u8>, String>,
    decoded: OnceCell<Result<Decoded, FormatErrorKind>>,
    /// The clock's value when a search last read it.
    used: Cell<u64>,
}

impl Held {
    fn new(bytes: Result<Vec<u8>, String>, now: u64) -> Held {
        Held {
            bytes,
            decoded: OnceCell::new(),
            used: Cell::new(now),
        }
    }

    fn size(&self) -> usize {
        self.bytes.as_ref().map_or(0, Vec::len)
    }

    /// Its bytes and an estimate of what was decoded from them.
    fn cost(&self) -> usize {
        let decoded = match self.decoded.get() {
            Some(Ok(d)) => d.heap_bytes(),
            _ => 0,
        };
        self.size() + decoded
    }
}

impl Clone for Chunks {
    /// The same chunks; the copy decodes them again when searched.
    fn clone(&self) -> Chunks {
        Chunks {
            map: self
                .map
                .iter()
                .map(|(k, v)| (k.clone(), Held::new(v.bytes.clone(), v.used.get())))
                .collect(),
            held: self.held,
            clock: self.clock.clone(),
        }
    }
}

impl fmt::Debug for Chunks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chunks")
            .field("chunks", &self.map.len())
            .field("decoded", &self.decoded_count())
            .finish()
    }
}

impl Chunks {
    pub fn new() -> Chunks {
        Chunks::default()
    }

    /// Stores a fetched chunk.
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.put(path.into(), Ok(bytes));
    }

    /// Records that `path` could not be fetched (not found, network error);
    /// searches go on without it and report it.
    pub fn insert_error(&mut self, path: impl Into<String>, why: impl Into<String>) {
        self.put(path.into(), Err(why.into()));
    }

    fn put(&mut self, path: String, bytes: Result<Vec<u8>, String>) {
        let held = Held::new(bytes, self.tick());
        self.held += held.size();
        if let Some(old) = self.map.insert(path, held) {
            self.held -= old.size();
        }
    }

    /// The next value of the clock.
    fn tick(&self) -> u64 {
        let now = self.clock.get() + 1;
        self.clock.set(now);
        now
    }

    /// The chunk at `path`: `None` when not fetched yet.
    pub fn get(&self, path: &str) -> Option<&Result<Vec<u8>, String>> {
        self.used(path).map(|h| &h.bytes)
    }

    /// The chunk at `path`, marked as just read.
    fn used(&self, path: &str) -> Option<&Held> {
        let held = self.map.get(path)?;
        held.used.set(self.tick());
        Some(held)
    }

    /// Bytes of the fetched chunks held (their size as fetched; what searches
    /// decoded from them comes on top).
    pub fn held_bytes(&self) -> usize {
        self.held
    }

    /// What the chunks hold: their bytes and an estimate of the memory of
    /// what searches decoded from them (term indexes, cards, code maps).
    pub fn held_cost(&self) -> usize {
        self.map.values().map(Held::cost).sum()
    }

    /// Forgets the chunks read least recently until they hold at most
    /// `max_bytes` ([`Chunks::held_cost`]: bytes and what was decoded), and
    /// every failed chunk, so that a later search fetches it again.
    /// Call it between searches: a search in progress needs what it fetched.
    pub fn trim(&mut self, max_bytes: usize) {
        self.map.retain(|_, h| h.bytes.is_ok());
        let cost = self.held_cost();
        if cost <= max_bytes {
            return;
        }
        let mut by_age: Vec<(u64, &String, usize)> = self
            .map
            .iter()
            .map(|(p, h)| (h.used.get(), p, h.cost()))
            .collect();
        by_age.sort_unstable();
        let mut over = cost - max_bytes;
        let mut gone = Vec::new();
        for (_, path, size) in by_age {
            if over == 0 {
                break;
            }
            over = over.saturating_sub(size);
            gone.push(path.clone());
        }
        for path in gone {
            self.remove(&path);
        }
    }

    /// True when `path` was fetched or failed (a search asking counts as
    /// reading it, for [`Chunks::trim`]).
    pub fn contains(&self, path: &str) -> bool {
        self.used(path).is_some()
    }

    /// Forgets a chunk (for a retry after a network error).
    pub fn remove(&mut self, path: &str) {
        if let Some(old) = self.map.remove(path) {
            self.held -= old.size();
        }
    }

    /// Number of chunks held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no chunk is held.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Number of chunks decoded so far.
    pub fn decoded_count(&self) -> usize {
        self.map
            .values()
            .filter(|h| h.decoded.get().is_some())
            .count()
    }

    /// The chunk at `path` read as `K`, decoded on first use: `None` when
    /// not fetched yet, the error when it failed or is corrupt.
    pub(super) fn decoded<K: Kind>(
        &self,
        path: &str,
    ) -> Option<Result<(&[u8], &K), FormatErrorKind>> {
        let held = self.used(path)?;
        let bytes = match &held.bytes {
            Ok(b) => b,
            Err(why) => return Some(Err(FormatErrorKind::Missing(why.clone()))),
        };
        let decoded = held
            .decoded
            .get_or_init(|| K::decode(bytes).map_err(|e| e.kind));
        Some(match decoded {
            Ok(d) => K::of(d)
                .map(|k| (bytes.as_slice(), k))
                .ok_or_else(|| FormatErrorKind::Corrupt("read as another kind of chunk".into())),
            Err(kind) => Err(kind.clone()),
        })
    }
}

/// A chunk's decoded form (one kind per path).
pub(super) enum Decoded {
    Postings(PostingIndex),
    Cards(CardIndex),
    Codes(CodeShard),
    Pinyin(PinyinKeys),
    Fence(PinyinFence),
    T2s(Arc<T2s>),
    Sounds(Arc<Sounds>),
}

impl Decoded {
    /// Estimated bytes held beside the chunk's own (allocator overhead aside).
    fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        match self {
            Decoded::Postings(p) => p.heap_bytes(),
            Decoded::Cards(c) => c.heap_bytes(),
            // A B-tree entry: the key's String and its bytes, the value, and the node's share.
            Decoded::Codes(c) => c
                .codes
                .keys()
                .map(|k| k.len() + size_of::<(String, u32)>() + 16)
                .sum(),
            Decoded::Pinyin(p) => {
                p.entries.capacity() * size_of::<PinyinEntry>()
                    + p.entries.iter().map(|e| e.key.capacity()).sum::<usize>()
            }
            Decoded::Fence(f) => {
                f.firsts.capacity() * size_of::<String>()
                    + f.firsts.iter().map(String::capacity).sum::<usize>()
            }
            Decoded::T2s(t) => t.heap_bytes(),
            Decoded::Sounds(s) => s.heap_bytes(),
        }
    }
}

/// A kind of chunk that [`Chunks::decoded`] reads.
pub(super) trait Kind: Sized {
    fn decode(b: &[u8]) -> Result<Decoded, FormatError>;
    fn of(d: &Decoded) -> Option<&Self>;
}

macro_rules! kind {
    ($t:ty, $v:ident, $decode:expr) => {
        impl Kind for $t {
            fn decode(b: &[u8]) -> Result<Decoded, FormatError> {
                ($decode)(b).map(Decoded::$v)
            }
            fn of(d: &Decoded) -> Option<&Self> {
                match d {
                    Decoded::$v(x) => Some(x),
                    _ => None,
                }
            }
        }
    };
}

kind!(PostingIndex, Postings, PostingIndex::new);
kind!(CardIndex, Cards, CardIndex::new);
kind!(CodeShard, Codes, CodeShard::decode);
kind!(PinyinKeys, Pinyin, PinyinKeys::new);
kind!(PinyinFence, Fence, PinyinFence::decode);
kind!(Arc<T2s>, T2s, |b: &[u8]| {
    std::str::from_utf8(b)
        .map(|s| Arc::new(T2s::from_chunk_string(s)))
        .map_err(|_| FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt("not UTF-8".into()),
        })
});

kind!(Arc<Sounds>, Sounds, |b: &[u8]| {
    std::str::from_utf8(b)
        .map(|s| Arc::new(Sounds::from_chunk_string(s)))
        .map_err(|_| FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt("not UTF-8".into()),
        })
});

/// (see [`CardShard::card_of_line`]).
pub(super) struct CardIndex {
    first_doc: u32,
    /// Start and end of each card's line.
    spans: Vec<(u32, u32)>,
    cards: Vec<OnceCell<Result<Box<CachedCard>, FormatErrorKind>>>,
    /// Estimated bytes of the cards decoded so far (see [`CardIndex::heap_bytes`]).
    decoded_bytes: Cell<usize>,
}

/// A decoded card and its normalised texts.
pub(super) struct CachedCard {
    pub(super) card: Card,
    /// Without and with the t2s table.
    norms: [OnceCell<Norms>; 2],
}

/// A card's name, former names and brands, normalised.
pub(super) struct Norms {
    pub(super) name: String,
    pub(super) former: Vec<String>,
    pub(super) brands: Vec<String>,
    /// The name with a place in brackets moved to the front, and the place
    /// (see [`crate::normalize::place_in_brackets_first`]).
    pub(super) place_first: Option<(String, String)>,
}

impl CachedCard {
    /// The card's texts normalised as the query was (with `t2s` or without).
    pub(super) fn norms(&self, t2s: Option<&T2s>) -> &Norms {
        self.norms[usize::from(t2s.is_some())].get_or_init(|| Norms {
            name: normalize(&self.card.name, t2s),
            former: self
                .card
                .former_names
                .iter()
                .map(|f| normalize(f, t2s))
                .collect(),
            brands: self.card.brands.iter().map(|b| normalize(b, t2s)).collect(),
            place_first: crate::normalize::place_in_brackets_first(&self.card.name, t2s),
        })
    }
}

impl CardIndex {
    fn new(b: &[u8]) -> Result<CardIndex, FormatError> {
        let head_end = b.iter().position(|&x| x == b'\n').unwrap_or(b.len());
        let first_doc = CardShard::first_doc_of(&b[..head_end])?;
        let too_large = || FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt("too large".into()),
        };
        let mut spans = Vec::new();
        let mut at = head_end + 1;
        while at <= b.len() && head_end < b.len() {
            let end = b[at..]
                .iter()
                .position(|&x| x == b'\n')
                .map_or(b.len(), |i| at + i);
            let from = u32::try_from(at).map_err(|_| too_large())?;
            let to = u32::try_from(end).map_err(|_| too_large())?;
            spans.push((from, to));
            at = end + 1;
        }
        let cards = (0..spans.len()).map(|_| OnceCell::new()).collect();
        Ok(CardIndex {
            first_doc,
            spans,
            cards,
            decoded_bytes: Cell::new(0),
        })
    }

    /// Bytes held beside the chunk: the line index, and each card decoded so
    /// far estimated from its line (a card's strings are about its text's
    /// length again as decoded, and again as normalised for matching).
    fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.spans.capacity() * size_of::<(u32, u32)>()
            + self.cards.capacity()
                * size_of::<OnceCell<Result<Box<CachedCard>, FormatErrorKind>>>()
            + self.decoded_bytes.get()
    }

    /// The card of doc `doc` (decoded from `b`, the chunk's bytes, on first
    /// use); `None` when this chunk does not hold it.
    pub(super) fn card(&self, b: &[u8], doc: u32) -> Option<Result<&CachedCard, FormatErrorKind>> {
        let i = doc.checked_sub(self.first_doc)? as usize;
        let &(from, to) = self.spans.get(i)?;
        let cell = self.cards.get(i)?;
        let got = cell.get_or_init(|| {
            let line = b
                .get(from as usize..to as usize)
                .ok_or_else(|| FormatErrorKind::Corrupt("truncated".into()))?;
            self.decoded_bytes
                .set(self.decoded_bytes.get() + 2 * line.len() + std::mem::size_of::<CachedCard>());
            CardShard::card_of_line(line)
                .map(|card| {
                    Box::new(CachedCard {
                        card,
                        norms: [OnceCell::new(), OnceCell::new()],
                    })
                })
                .map_err(|e| e.kind)
        });
        Some(got.as_ref().map(|c| &**c).map_err(Clone::clone))
    }
}

/// A pinyin start chunk's entries in key order, so that the keys a typed
/// string matches are found by binary search rather than by a scan.
pub(super) struct PinyinKeys {
    entries: Vec<PinyinEntry>,
}

impl PinyinKeys {
    fn new(b: &[u8]) -> Result<PinyinKeys, FormatError> {
        let mut entries = PinyinChunk::decode(b)?.entries;
        if !entries.windows(2).all(|w| w[0].key <= w[1].key) {
            entries.stable_sort_by(|x, y| x.key.cmp(&y.key));
        }
        Ok(PinyinKeys { entries })
    }

    /// Calls `f` for every entry whose key starts with `typed` or that
    /// `typed` goes on from (the keys [`crate::format::pinyin_match`] can
    /// accept), in key order.
    pub(super) fn matching(&self, typed: &str, mut f: impl FnMut(&PinyinEntry)) {
        let e = &self.entries;
        // Keys that are a proper start of `typed`: each an exact run.
        for l in (0..typed.len()).filter(|&l| typed.is_char_boundary(l)) {
            let head = &typed[..l];
            let from = e.partition_point(|x| x.key.as_str() < head);
            e[from..]
                .iter()
                .take_while(|x| x.key == head)
                .for_each(&mut f);
        }
        let from = e.partition_point(|x| x.key.as_str() < typed);
        e[from..]
            .iter()
            .take_while(|x| x.key.starts_with(typed))
            .for_each(&mut f);
    }
}
