//! The postings chunks (`post/…`, binary): terms → docs per field, and
//! their index for lookups without decoding every list ([`PostingIndex`]).

use super::{get_varint, put_varint, FormatError, FormatErrorKind};
use crate::StableSort;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// The fields a posting can come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    /// The current name.
    Name = 0,
    /// A former name.
    Former = 1,
    /// A brand.
    Brand = 2,
    /// Pinyin syllable pairs of the name.
    Pinyin = 3,
    /// Pinyin initials n-grams of the name.
    Initials = 4,
    /// Pinyin pairs, initials and prefix keys through a rarer reading of a
    /// polyphonic character, or from the start of the trade name (after the
    /// place prefix) rather than of the name: weaker evidence.
    PinyinAlt = 5,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::Former,
        Field::Brand,
        Field::Pinyin,
        Field::Initials,
        Field::PinyinAlt,
    ];

    fn from_u8(b: u8) -> Option<Field> {
        Field::ALL.get(b as usize).copied()
    }
}

/// A postings chunk (`post/…`): for each term (and field), its docs, ascending.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostingShard {
    pub terms: BTreeMap<(String, Field), Vec<u32>>,
}

pub(crate) fn decode_gaps(list: &[u8], count: usize) -> Result<Vec<u32>, FormatError> {
    let bad = |why: &str| FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(why.into()),
    };
    let mut docs = Vec::with_capacity(count.min(list.len()));
    let mut prev = 0u32;
    let mut pos = 0;
    for _ in 0..count {
        let gap = get_varint(list, &mut pos).ok_or_else(|| bad("truncated"))?;
        prev = prev.checked_add(gap).ok_or_else(|| bad("doc overflow"))?;
        docs.push(prev);
    }
    if pos != list.len() {
        return Err(bad("list length mismatch"));
    }
    Ok(docs)
}

/// The magic bytes a postings chunk starts with.
const POSTING_MAGIC: &[u8; 4] = b"ZXP1";

impl PostingShard {
    /// The binary encoding: `ZXP1`, a varint term count, then per term its
    /// UTF-8 length (varint) and bytes, the field (one byte), the doc count
    /// (varint), the byte length of the docs (varint) and the docs as varint
    /// gaps (the first from 0). The byte length lets [`PostingShard::lookup`]
    /// skip other terms' lists without decoding them.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(POSTING_MAGIC);
        put_varint(&mut out, self.terms.len() as u32);
        for ((term, field), docs) in &self.terms {
            put_varint(&mut out, term.len() as u32);
            out.extend_from_slice(term.as_bytes());
            out.push(*field as u8);
            put_varint(&mut out, docs.len() as u32);
            let mut gaps = Vec::with_capacity(docs.len() * 2);
            let mut prev = 0u32;
            for &d in docs {
                put_varint(&mut gaps, d.wrapping_sub(prev));
                prev = d;
            }
            put_varint(&mut out, gaps.len() as u32);
            out.extend_from_slice(&gaps);
        }
        out
    }

    /// Reads [`PostingShard::encode`]'s encoding.
    pub fn decode(b: &[u8]) -> Result<PostingShard, FormatError> {
        let mut terms = BTreeMap::new();
        let end = walk_postings(b, |term, field, count, list| {
            let (term, list) = (&b[term], &b[list]);
            let term = std::str::from_utf8(term)
                .map_err(|_| corrupt_posting("term is not UTF-8"))?
                .to_string();
            terms.insert((term, field), decode_gaps(list, count)?);
            Ok(())
        })?;
        if end != b.len() {
            return Err(corrupt_posting("trailing bytes"));
        }
        Ok(PostingShard { terms })
    }

    /// The lists of `term` (per field) straight from a chunk's bytes,
    /// skipping the other terms' lists.
    pub fn lookup(b: &[u8], term: &str) -> Result<Vec<(Field, Vec<u32>)>, FormatError> {
        let mut out = Vec::new();
        walk_postings(b, |t, field, count, list| {
            if &b[t] == term.as_bytes() {
                out.push((field, decode_gaps(&b[list], count)?));
            }
            Ok(())
        })?;
        Ok(out)
    }
}

pub(crate) fn corrupt_posting(why: &str) -> FormatError {
    FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(why.into()),
    }
}

/// Walks a postings chunk's entries, handing each one's term (its range of
/// `b`), field, posting count and still-encoded list (its range of `b`) to
/// `entry`, and returns the position after the last entry. Shared by
/// [`PostingShard::decode`] (which decodes everything),
/// [`PostingShard::lookup`] (which decodes one term's lists) and the
/// search's decoded-chunk cache (which keeps the ranges).
pub(crate) fn walk_postings(
    b: &[u8],
    mut entry: impl FnMut(Range<usize>, Field, usize, Range<usize>) -> Result<(), FormatError>,
) -> Result<usize, FormatError> {
    let bad = corrupt_posting;
    if b.get(..4) != Some(POSTING_MAGIC.as_slice()) {
        return Err(bad("not a postings chunk"));
    }
    let mut pos = 4;
    let n = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))?;
    for _ in 0..n {
        let len = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let term = pos..pos.saturating_add(len);
        b.get(term.clone()).ok_or_else(|| bad("truncated"))?;
        pos += len;
        let field = b
            .get(pos)
            .copied()
            .and_then(Field::from_u8)
            .ok_or_else(|| bad("bad field"))?;
        pos += 1;
        let count = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let nbytes = get_varint(b, &mut pos).ok_or_else(|| bad("truncated"))? as usize;
        let list = pos..pos.saturating_add(nbytes);
        b.get(list.clone()).ok_or_else(|| bad("truncated"))?;
        pos += nbytes;
        entry(term, field, count, list)?;
    }
    Ok(pos)
}

/// One entry of a postings chunk: where its term and its encoded list are.
struct PostEntry {
    term: (u32, u32),
    field: Field,
    count: u32,
    list: (u32, u32),
}

/// A postings chunk's entries sorted by term, so that a term's lists are
/// found by binary search; the lists stay encoded until looked up.
pub(crate) struct PostingIndex {
    entries: Vec<PostEntry>,
}

impl PostingIndex {
    /// Bytes this index holds beside the chunk (its entries).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<PostEntry>()
    }

    pub(crate) fn new(b: &[u8]) -> Result<PostingIndex, FormatError> {
        let mut entries = Vec::new();
        let end = walk_postings(b, |term, field, count, list| {
            let at = |r: std::ops::Range<usize>| -> Result<(u32, u32), FormatError> {
                let from = u32::try_from(r.start).map_err(|_| corrupt_posting("too large"))?;
                let to = u32::try_from(r.end).map_err(|_| corrupt_posting("too large"))?;
                Ok((from, to))
            };
            entries.push(PostEntry {
                term: at(term)?,
                field,
                count: u32::try_from(count).map_err(|_| corrupt_posting("too large"))?,
                list: at(list)?,
            });
            Ok(())
        })?;
        if end != b.len() {
            return Err(corrupt_posting("trailing bytes"));
        }
        // Written in term order; sorting keeps a chunk written otherwise searchable.
        let term_of = |e: &PostEntry| &b[e.term.0 as usize..e.term.1 as usize];
        if !entries.windows(2).all(|w| term_of(&w[0]) <= term_of(&w[1])) {
            entries.stable_sort_by(|x, y| term_of(x).cmp(term_of(y)));
        }
        Ok(PostingIndex { entries })
    }

    /// The lists of `term` (per field), decoded from `b`, the chunk's bytes.
    pub(crate) fn lookup(
        &self,
        b: &[u8],
        term: &str,
    ) -> Result<Vec<(Field, Vec<u32>)>, FormatError> {
        let term_of = |e: &PostEntry| b.get(e.term.0 as usize..e.term.1 as usize).unwrap_or(&[]);
        let t = term.as_bytes();
        let from = self.entries.partition_point(|e| term_of(e) < t);
        let mut out = Vec::new();
        for e in self.entries[from..].iter().take_while(|e| term_of(e) == t) {
            let list = b
                .get(e.list.0 as usize..e.list.1 as usize)
                .ok_or_else(|| corrupt_posting("truncated"))?;
            out.push((e.field, decode_gaps(list, e.count as usize)?));
        }
        Ok(out)
    }
}
