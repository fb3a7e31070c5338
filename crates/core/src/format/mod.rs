//! The registry's on-disk format: `meta.json` and the content-hashed chunks.
//!
//! Defined once here, written by the compiler (`zhixin_compiler::index`) and
//! read by the CLI (from files) and the app (by fetch) alike.
//!
//! # Layout of a registry folder `DIR`
//!
//! ```text
//! DIR/meta.json                     Meta: format_version (first), as_of, counts, registry info, shard tables, digests
//! DIR/meta.json.minisig             the publisher's minisign signature of meta.json (`zhixin build --sign`)
//! DIR/rec/{shard:04x}-{name}.json   records: JSON array of Enterprise, sorted by uscc
//! DIR/card/{shard:04x}-{name}.jsonl result cards: CardShard (docs shard*per_shard ..), JSON lines
//! DIR/post/{shard:04x}-{name}.bin   search postings: PostingShard (binary, see `PostingShard::encode`)
//! DIR/code/{shard:04x}-{name}.json  credit code → doc: CodeShard
//! DIR/roll/{roll}/{page:04x}-{name}.json  list, honour and grade rolls: RollPage
//! DIR/rollx/{roll}/{chunk:04x}-{name}.json  each roll's index: RollIndexChunk of RollLine
//! DIR/pin/{shard:04x}-{name}.bin    pinyin start keys: PinyinChunk (binary), DIR/pin/fence-{digest}.bin: PinyinFence
//! DIR/{family}/sum-{page:04x}-{digest}.bin  digest pages: the digests of 64 shards of a family
//! DIR/t2s-{digest}.txt              traditional → simplified pairs the queries need (`T2s` chunk string)
//! DIR/stats-{digest}.json           aggregates for the report page (also as DIR/stats.json)
//! DIR/report.json                   the build report (written by the build pipeline, not described here)
//! ```
//!
//! Every file a reader uses is checked against a digest (the first 128 bits
//! of its SHA-256) that chains up to `meta.json` ([`crate::integrity`]):
//! `meta.files` lists single files' digests; a family of shards lists each
//! shard's digest, or, above four shards, its digest pages' digests. A
//! chunk's name carries its digest, or 16 hex digits of its page's, so it is
//! never rewritten and may be cached forever; only `meta.json` (and its
//! signature) change between builds. The shard a key lives in is computed,
//! not looked up ([`shard_of`]: FNV-1a of the key modulo the shard count), so
//! `meta.json` holds per family only the shard count and a few digests
//! rather than a table of key ranges that would grow with the registry.
//!
//! - **Records** (`rec`): the whole [`Enterprise`] for the enterprise page;
//!   shard = `shard_of(uscc, records.shards)`; use [`Meta::record_chunk_for`]
//!   and [`decode_records`].
//! - **Docs and cards** (`card`): every enterprise has a *doc* number, its
//!   position in the order of normalised names (so look-alike siblings share a
//!   card shard and one fetch). Card shard `i` holds docs
//!   `i * cards_per_shard ..`. A [`Card`] is what a result row shows,
//!   including the raw dates of listings, grades and honours so that badges
//!   are computed against the viewer's today ([`Card::status`]).
//! - **Postings** (`post`): terms (name bigrams and skip-bigrams,
//!   characters after a place prefix, whole brands, first characters,
//!   pinyin syllable pairs; spelt by `search_terms`) → sorted doc numbers,
//!   per field; shard = `shard_of(term)`.
//! - **Codes** (`code`): each credit code appears in two shards, keyed by its
//!   even and odd organisation-code characters ([`code_keys`]), so a code with
//!   one wrong character still reaches a shard holding the original.
//! - **Rolls** (`roll`): per list kind, honour kind and grading scheme
//!   (their ids), one entry per such fact with the enterprise's card, newest
//!   fact first, in pages of `roll_page_size` ([`Meta::roll`], [`RollPage`]);
//!   and each roll's index (`rollx`, [`RollInfo::index`]): a short line per
//!   entry with the span it is in force ([`RollLine`]), so a list page counts,
//!   filters, sorts, pages and downloads a whole roll for any day.
//! - **Pinyin starts** (`pin`): for every name, the toneless pinyin of its
//!   first characters (`qingdaoyinkang…`, also from the start of the trade
//!   name after a place prefix) and its initials (`#qdyk…`), sorted, in
//!   shards of consecutive keys ([`PinyinChunk`]); the fence chunk
//!   (`meta.pinyin_fence`, [`PinyinFence`]) holds each shard's first key, so
//!   typed letters find their range in one fetch whatever their length.
//! - **Common terms**: posting lists longer than `common_cap` keep only the
//!   docs of highest static rank; `meta.common` names those terms.
//!
//! A reader rejects a `format_version` it does not know ([`Meta::from_json`]).

mod card;
mod codes;
pub mod integrity;
mod json;
mod meta;
mod pinyin;
mod postings;
mod records;
mod roll;

pub use card::{Card, CardGrade, CardHonour, CardListing, CardShard};
pub use codes::{code_keys, old_id_key, CodeShard};
pub use meta::{
    is_plain_relative_path, Counts, Meta, RegistryInfo, RollInfo, ShardTable, MAX_SHARDS,
};
pub use pinyin::{
    pinyin_match, PinyinChunk, PinyinEntry, PinyinFence, MAX_PINYIN_KEY_BYTES, TRADE_INITIALS,
};
pub(crate) use postings::PostingIndex;
pub use postings::{Field, PostingShard};
pub use records::{decode_records, find_record};
pub use roll::{RollEntry, RollIndexChunk, RollLine, RollPage};

use std::fmt;

/// The format version this crate writes and reads.
pub const FORMAT_VERSION: u32 = 3;

/// Why a registry file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The file (relative path) involved, when known.
    pub path: Option<String>,
    pub kind: FormatErrorKind,
}

/// The kinds of [`FormatError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatErrorKind {
    /// `meta.json` names a format version this reader does not know.
    UnknownVersion(u64),
    /// `meta.json` has no `format_version`.
    NoVersion,
    /// The bytes are not what the file should hold.
    Corrupt(String),
    /// The chunk is not available (not found, or the fetch failed).
    Missing(String),
    /// The bytes do not match the digest `meta.json` lists for the file
    /// (see [`crate::integrity`]): changed after the build, or damaged.
    Digest,
}

impl FormatError {
    /// A corrupt-data error for `path`.
    pub fn corrupt(path: impl Into<String>, why: impl fmt::Display) -> FormatError {
        FormatError {
            path: Some(path.into()),
            kind: FormatErrorKind::Corrupt(why.to_string()),
        }
    }

    /// The same error, naming `path`.
    pub fn at(mut self, path: &str) -> FormatError {
        self.path = Some(path.to_string());
        self
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{p}: ")?;
        }
        match &self.kind {
            FormatErrorKind::UnknownVersion(v) => write!(
                f,
                "registry format version {v} is not supported (this reader knows version {FORMAT_VERSION}); \
                 rebuild the registry with this version of zhixin, or update the reader"
            ),
            FormatErrorKind::NoVersion => write!(f, "not a zhixin registry meta file (no format_version)"),
            FormatErrorKind::Corrupt(why) => write!(f, "corrupt: {why}"),
            FormatErrorKind::Missing(why) => write!(f, "chunk not available: {why}"),
            FormatErrorKind::Digest => write!(
                f,
                "refused: its bytes do not match the SHA-256 digest that meta.json lists for it \
                 (changed after the build, or damaged in transit); get a fresh copy from the publisher"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// FNV-1a (32-bit) of `key`'s UTF-8 bytes modulo `shards`: the shard of a key.
/// Fixed by the format: never change it without bumping the version.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    if shards == 0 {
        return 0;
    }
    fnv1a(key.as_bytes()) % shards
}

/// FNV-1a, 32-bit.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A chunk that does not decode, for `why`.
fn corrupt(why: impl fmt::Display) -> FormatError {
    FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(why.to_string()),
    }
}

/// Appends `v` as a varint (7 bits a byte, low first): the binary chunks'
/// (postings, pinyin) integers.
fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(b: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= ((byte & 0x7f) as u32).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests;
