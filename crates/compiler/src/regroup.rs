//! The store's pieces regrouped, in one sequential pass over the store, into
//! the order each index family writes them: what lets the index phase read
//! a store larger than the page cache.
//!
//! The store (see `store`) holds the enterprises in the order the merge gave
//! them, and every family wants another order: cards and the postings' names
//! by doc, records by record shard and code, roll entries by roll and date.
//! Read in those orders, the store is one small random read per card,
//! record, name and roll entry: fine while the store is in the page cache
//! (a million enterprises, ~1 GB), but at ten million (~11 GB) the disk's
//! read-ahead turned 4.5 MB of cards into 92 MB read from disk every 10 s.
//! So once the orders are known (they need only the items in memory), one
//! pass reads the store from start to end and appends each piece to the
//! bucket file of its family that holds its position (a bucket: a range of
//! positions, a whole number of the family's chunks, ~100 MB); a family then
//! loads one bucket at a time, sequentially, and writes its chunks from it.
//! A bucket file is dropped as soon as it is loaded, and each segment of
//! the store's file is emptied once the pass has read it, so the disk holds
//! the store's bytes about once.

use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;

use crate::spill::temp_file;

/// A family's pieces in bucket files, each bucket a range of positions.
pub(crate) struct Family {
    /// Bucket `b` holds positions `bounds[b]..bounds[b + 1]`.
    bounds: Vec<usize>,
    files: Vec<Mutex<Option<File>>>,
}

/// Bucket bounds every `per` positions up to `n` (at least one bucket).
pub(crate) fn even_bounds(n: usize, per: usize) -> Vec<usize> {
    let mut b: Vec<usize> = (0..n).step_by(per.max(1)).collect();
    if b.is_empty() {
        b.push(0);
    }
    b.push(n);
    b
}

/// A family's bucket files being written.
pub(crate) struct Scatter {
    bounds: Vec<usize>,
    out: Vec<BufWriter<File>>,
}

/// The write buffer of one bucket file: ~200 buckets at ten million
/// enterprises, so a few tens of MB in all, and writes of this size.
const BUFFER: usize = 256 << 10;

const WRITE_ERROR: &str = "cannot write the build's temporary file; is the disk full?";

impl Scatter {
    /// Empty bucket files in the folder `dir` for the buckets `bounds`
    /// (ascending positions, the last one the end).
    pub(crate) fn new(dir: &Path, bounds: Vec<usize>) -> anyhow::Result<Scatter> {
        let out = (1..bounds.len())
            .map(|_| Ok(BufWriter::with_capacity(BUFFER, temp_file(dir)?)))
            .collect::<anyhow::Result<_>>()?;
        Ok(Scatter { bounds, out })
    }

    /// Appends the piece at position `pos`, the concatenation of `parts`.
    pub(crate) fn put(&mut self, pos: usize, parts: &[&[u8]]) -> anyhow::Result<()> {
        let b = self.bounds.partition_point(|&x| x <= pos).saturating_sub(1);
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let (Some(out), Ok(pos), Ok(len)) =
            (self.out.get_mut(b), u32::try_from(pos), u32::try_from(len))
        else {
            anyhow::bail!(
                "a piece of the build's temporary file is out of range ({pos}, {len} bytes)"
            );
        };
        out.write_all(&pos.to_le_bytes()).context(WRITE_ERROR)?;
        out.write_all(&len.to_le_bytes()).context(WRITE_ERROR)?;
        for p in parts {
            out.write_all(p).context(WRITE_ERROR)?;
        }
        Ok(())
    }

    /// The bucket files, written out.
    pub(crate) fn finish(self) -> anyhow::Result<Family> {
        let files = self
            .out
            .into_iter()
            .map(|w| {
                let f = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .context(WRITE_ERROR)?;
                Ok(Mutex::new(Some(f)))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Family {
            bounds: self.bounds,
            files,
        })
    }
}

impl Family {
    /// How many buckets.
    pub(crate) fn buckets(&self) -> usize {
        self.files.len()
    }

    /// The positions of bucket `b`.
    pub(crate) fn range(&self, b: usize) -> Range<usize> {
        self.bounds[b]..self.bounds[b + 1]
    }

    /// Reads bucket `b` into memory and drops its file (a bucket is read
    /// once); every position of its range must be there exactly once.
    pub(crate) fn load(&self, b: usize) -> anyhow::Result<Bucket> {
        self.load_into(b, Vec::new())
    }

    /// [`Family::load`] into `bytes`' memory (see [`Bucket::recycle`]): a
    /// family read bucket after bucket allocates its buffer once.
    pub(crate) fn load_into(&self, b: usize, mut bytes: Vec<u8>) -> anyhow::Result<Bucket> {
        let file = self.files[b]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let Some(mut file) = file else {
            anyhow::bail!("a bucket of the build's temporary files was read twice");
        };
        // The size up front (and some room, so that a reused buffer seldom
        // grows again): one allocation, not a doubling series.
        bytes.clear();
        file.metadata()
            .map(|m| bytes.reserve_exact(m.len() as usize + m.len() as usize / 8))
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.read_to_end(&mut bytes))
            .context("cannot read the build's temporary file back")?;
        drop(file);
        let range = self.range(b);
        let wrong = || anyhow::anyhow!("the build's temporary file reads back wrong");
        let mut spans = vec![(0usize, usize::MAX); range.len()];
        let mut at = 0;
        while at < bytes.len() {
            let head = bytes.get(at..at + 8).ok_or_else(wrong)?;
            let pos = u32::from_le_bytes(head[..4].try_into()?) as usize;
            let len = u32::from_le_bytes(head[4..].try_into()?) as usize;
            at += 8;
            let slot = pos
                .checked_sub(range.start)
                .and_then(|i| spans.get_mut(i))
                .ok_or_else(wrong)?;
            if slot.1 != usize::MAX || at + len > bytes.len() {
                return Err(wrong());
            }
            *slot = (at, len);
            at += len;
        }
        if spans.iter().any(|s| s.1 == usize::MAX) {
            return Err(wrong());
        }
        Ok(Bucket {
            base: range.start,
            spans,
            bytes,
        })
    }
}

/// One bucket's pieces in memory.
pub(crate) struct Bucket {
    base: usize,
    spans: Vec<(usize, usize)>,
    bytes: Vec<u8>,
}

impl Bucket {
    /// The bucket's buffer, for the next [`Family::load_into`].
    pub(crate) fn recycle(self) -> Vec<u8> {
        self.bytes
    }

    /// The piece at position `pos` (which must be in the bucket's range).
    pub(crate) fn get(&self, pos: usize) -> &[u8] {
        let (at, len) = self.spans[pos - self.base];
        &self.bytes[at..at + len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_back_by_position_from_their_buckets() {
        let dir = tempfile::tempdir().unwrap();
        let n = 10;
        let mut s = Scatter::new(dir.path(), even_bounds(n, 4)).unwrap();
        // Any order in, position order out.
        for pos in [7, 2, 9, 0, 4, 1, 8, 3, 6, 5] {
            let text = format!("piece {pos}");
            s.put(pos, &[text.as_bytes(), b"!"]).unwrap();
        }
        let f = s.finish().unwrap();
        assert_eq!(f.buckets(), 3);
        let mut seen = Vec::new();
        for b in 0..f.buckets() {
            let bucket = f.load(b).unwrap();
            for pos in f.range(b) {
                seen.push(String::from_utf8(bucket.get(pos).to_vec()).unwrap());
            }
            assert!(f.load(b).is_err(), "a bucket is read once");
        }
        let want: Vec<String> = (0..n).map(|p| format!("piece {p}!")).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn a_missing_or_doubled_piece_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Scatter::new(dir.path(), even_bounds(3, 3)).unwrap();
        s.put(0, &[b"a"]).unwrap();
        s.put(2, &[b"c"]).unwrap();
        assert!(s.finish().unwrap().load(0).is_err());
        let mut s = Scatter::new(dir.path(), even_bounds(2, 2)).unwrap();
        for pos in [0, 1, 1] {
            s.put(pos, &[b"x"]).unwrap();
        }
        assert!(s.finish().unwrap().load(0).is_err());
    }
}
