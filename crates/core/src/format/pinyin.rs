//! The pinyin start chunks (`pin/…`) and their fence (binary, front-coded keys).

use super::postings::corrupt_posting;
use super::{get_varint, put_varint, FormatError};

/// One pinyin start key of a doc.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PinyinEntry {
    /// Toneless pinyin letters of the first characters (`qingdaoyinkang`),
    /// or `#` and their initials (`#qdyk`).
    pub key: String,
    /// Bit `i` set: a syllable ends after letter `i + 1` of `key` (pinyin
    /// keys; initials end a syllable at every letter, so for them bit 0
    /// says instead that the key is of the trade name: [`TRADE_INITIALS`]).
    pub ends: u32,
    /// From the trade name's start, or through a rarer reading: weaker.
    pub weak: bool,
    pub doc: u32,
}

impl PinyinEntry {
    /// How `typed` (letters; `#`-prefixed for initials) matches this key:
    /// `Some(true)` when the key starts with it at a syllable end (or it
    /// covers the whole key), `Some(false)` when it ends inside a syllable
    /// (the person is still typing), `None` when it does not match.
    pub fn matches(&self, typed: &str) -> Option<bool> {
        pinyin_match(&self.key, self.ends, typed)
    }
}

/// The `ends` of an initials key (`#hddq`) spelt from the trade name (the
/// name after its place and district), not from the name's start; 0 for
/// the others (and for every key of registries written before it).
pub const TRADE_INITIALS: u32 = 1;

/// [`PinyinEntry::matches`] on the parts of an entry.
pub fn pinyin_match(key: &str, ends: u32, typed: &str) -> Option<bool> {
    if typed.len() >= key.len() {
        // Keys hold the first characters only: a longer query matches
        // when it goes on from the whole key.
        return typed.starts_with(key).then_some(true);
    }
    if !key.starts_with(typed) {
        return None;
    }
    let at = typed.len();
    // Nothing typed ends no syllable (and `at - 1` must not wrap).
    Some(key.starts_with('#') || ((1..=32).contains(&at) && ends & (1u32 << (at - 1)) != 0))
}

/// The longest pinyin key a chunk or fence may hold, in bytes. The writer's
/// keys spell at most eight characters (six letters each, and `#`); the
/// bound is what keeps front-coding linear: a chunk whose every key shares
/// the whole previous one and adds a letter would otherwise decode to n²/2
/// bytes (300,000 keys in 1.5 MB: 45 GB). With it, a chunk decodes to at
/// most about 64 times its size.
pub const MAX_PINYIN_KEY_BYTES: usize = 255;

const PINYIN_MAGIC: &[u8; 4] = b"ZXY1";
const FENCE_MAGIC: &[u8; 4] = b"ZXF1";

/// Appends `key` front-coded against `prev`: shared length, suffix length, suffix.
fn put_front_coded(out: &mut Vec<u8>, prev: &str, key: &str) {
    let shared = prev
        .bytes()
        .zip(key.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    put_varint(out, shared as u32);
    put_varint(out, (key.len() - shared) as u32);
    out.extend_from_slice(&key.as_bytes()[shared..]);
}

fn get_front_coded(b: &[u8], pos: &mut usize, prev: &str) -> Result<String, FormatError> {
    let mut key = prev.to_string();
    next_front_coded(b, pos, &mut key)?;
    Ok(key)
}

/// Turns `key` (the previous key) into the next front-coded key, in place.
fn next_front_coded(b: &[u8], pos: &mut usize, key: &mut String) -> Result<(), FormatError> {
    let bad = corrupt_posting;
    let shared = get_varint(b, pos).ok_or_else(|| bad("truncated"))? as usize;
    let len = get_varint(b, pos).ok_or_else(|| bad("truncated"))? as usize;
    if shared.saturating_add(len) > MAX_PINYIN_KEY_BYTES {
        return Err(bad(
            "a key longer than any pinyin key (front-coding that expands quadratically)",
        ));
    }
    let suffix = b
        .get(*pos..pos.saturating_add(len))
        .ok_or_else(|| bad("truncated"))?;
    *pos += len;
    if shared > key.len() || !key.is_char_boundary(shared) {
        return Err(bad("bad shared length"));
    }
    key.truncate(shared);
    key.push_str(std::str::from_utf8(suffix).map_err(|_| bad("key is not UTF-8"))?);
    Ok(())
}

/// A pinyin start chunk (`pin/…`): consecutive entries in key order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PinyinChunk {
    pub entries: Vec<PinyinEntry>,
}

impl PinyinChunk {
    /// `ZXY1`, a varint count, then per entry the key front-coded against
    /// the previous one, a flags byte (bit 0: weak), the syllable ends and
    /// the doc (varints).
    pub fn encode(&self) -> Vec<u8> {
        PinyinChunk::encode_entries(&self.entries)
    }

    /// [`PinyinChunk::encode`] of borrowed entries.
    pub fn encode_entries(entries: &[PinyinEntry]) -> Vec<u8> {
        let mut out = PINYIN_MAGIC.to_vec();
        put_varint(&mut out, entries.len() as u32);
        let mut prev = "";
        for e in entries {
            put_front_coded(&mut out, prev, &e.key);
            out.push(u8::from(e.weak));
            put_varint(&mut out, e.ends);
            put_varint(&mut out, e.doc);
            prev = &e.key;
        }
        out
    }

    /// Calls `f(key, ends, weak, doc)` for every entry of an encoded chunk
    /// in order, without decoding the chunk into owned entries.
    pub fn scan(b: &[u8], mut f: impl FnMut(&str, u32, bool, u32)) -> Result<(), FormatError> {
        let bad = corrupt_posting;
        if b.get(..4) != Some(PINYIN_MAGIC.as_slice()) {
            return Err(bad("not a pinyin chunk"));
        }
        let mut pos = 4;
        let n = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let mut key = String::new();
        for _ in 0..n {
            next_front_coded(b, &mut pos, &mut key)?;
            let flags = *b.get(pos).ok_or_else(|| bad("truncated"))?;
            pos += 1;
            let ends = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))?;
            let doc = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))?;
            f(&key, ends, flags & 1 != 0, doc);
        }
        if pos != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(())
    }

    /// Reads [`PinyinChunk::encode`]'s encoding.
    pub fn decode(b: &[u8]) -> Result<PinyinChunk, FormatError> {
        let mut entries = Vec::new();
        PinyinChunk::scan(b, |key, ends, weak, doc| {
            entries.push(PinyinEntry {
                key: key.to_string(),
                ends,
                weak,
                doc,
            })
        })?;
        Ok(PinyinChunk { entries })
    }
}

/// The pinyin fence chunk: the first key of every pinyin shard, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PinyinFence {
    pub firsts: Vec<String>,
}

impl PinyinFence {
    /// `ZXF1`, a varint count, then each key front-coded against the previous one.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = FENCE_MAGIC.to_vec();
        put_varint(&mut out, self.firsts.len() as u32);
        let mut prev = "";
        for k in &self.firsts {
            put_front_coded(&mut out, prev, k);
            prev = k;
        }
        out
    }

    /// Reads [`PinyinFence::encode`]'s encoding.
    pub fn decode(b: &[u8]) -> Result<PinyinFence, FormatError> {
        let bad = corrupt_posting;
        if b.get(..4) != Some(FENCE_MAGIC.as_slice()) {
            return Err(bad("not a pinyin fence"));
        }
        let mut pos = 4;
        let n = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let mut firsts: Vec<String> = Vec::with_capacity(n.min(b.len()));
        let mut prev = String::new();
        for _ in 0..n {
            let k = get_front_coded(b, &mut pos, &prev)?;
            prev.clone_from(&k);
            firsts.push(k);
        }
        if pos != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(PinyinFence { firsts })
    }

    /// The shards that may hold keys starting with `typed` (from the one
    /// where such keys would begin, which also holds the keys that a longer
    /// `typed` goes on from, as they sort just before it), at most `max`.
    pub fn shards_for(&self, typed: &str, max: usize) -> Vec<u32> {
        if typed.is_empty() {
            return Vec::new();
        }
        let at = self.firsts.partition_point(|k| k.as_str() < typed);
        let from = at.saturating_sub(1);
        (from..self.firsts.len())
            .take_while(|&i| i == from || self.firsts[i].starts_with(typed))
            .take(max)
            .map(|i| i as u32)
            .collect()
    }
}
