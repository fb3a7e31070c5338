//! Converted rows on disk, one file per merge shard: what keeps a build's
//! read phase from holding every row of the country until the merge.
//!
//! As each source file is converted, its accepted rows (those with a USCC)
//! go to the shard their code hashes to (`merge::shard_of_code`), each as a
//! short binary header (its place in the merge order, its row number, its
//! code and old identifiers) followed by the row as JSON (the serde form
//! `partition` already relies on); only each row's report outcome stays in
//! memory (see `build::FileDone`). The merge then reads one shard at a time,
//! sorts its rows back into the merge order and merges them, so that memory
//! holds a shard's rows and enterprises, not the country's.
//!
//! Rows are gathered per shard in a buffer of the reading thread and written
//! a few hundred KB at a time, so that files read in parallel seldom wait on
//! a shard's lock. The shard files are unnamed temporary files in the
//! staging folder: gone when the build ends, whatever way it ends.

use crate::record::{Fact, Typed};
use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::path::Path;
use std::sync::Mutex;

/// Where a row is: its file (in path order), table and row (in order), and
/// the row number a person sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RowAt {
    pub file: u32,
    pub table: u32,
    pub index: u32,
    pub row: u32,
}

/// A row's place in the merge's sequential order: the enterprises tables'
/// rows first, then the facts; within each, files in path order, tables
/// and rows in order. (Keys are only compared, never counted.)
pub(crate) fn merge_key(fact: bool, at: RowAt) -> u128 {
    ((fact as u128) << 127)
        | ((at.file as u128) << 64)
        | ((at.table as u128) << 32)
        | at.index as u128
}

/// A reading thread's buffer for one shard is written out beyond this size.
const FLUSH: usize = 256 << 10;

/// The shard files being written.
pub(crate) struct Spill {
    shards: Vec<Mutex<BufWriter<File>>>,
    /// Files whose reader failed after some of their rows were spilled:
    /// the merge leaves their rows out.
    forgotten: Mutex<Vec<u32>>,
    /// Bytes written, for the progress output.
    bytes: std::sync::atomic::AtomicU64,
}

/// A new unnamed temporary file in the folder `dir` (gone when closed), or an
/// error that says where and what to check.
pub(crate) fn temp_file(dir: &Path) -> anyhow::Result<std::fs::File> {
    tempfile::tempfile_in(dir).with_context(|| {
        format!(
            "cannot create a temporary file in {}; check that the folder is writable and the disk not full",
            dir.display()
        )
    })
}

impl Spill {
    /// `shards` empty shard files in the folder `dir`.
    pub(crate) fn new(dir: &Path, shards: usize) -> anyhow::Result<Spill> {
        let shards = (0..shards)
            .map(|_| {
                Ok(Mutex::new(BufWriter::with_capacity(
                    64 << 10,
                    temp_file(dir)?,
                )))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Spill {
            shards,
            forgotten: Mutex::new(Vec::new()),
            bytes: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// A writer for one reading thread (or one file).
    pub(crate) fn writer(&self) -> SpillWriter<'_> {
        SpillWriter {
            spill: self,
            bufs: (0..self.shards.len()).map(|_| Vec::new()).collect(),
        }
    }

    /// Bytes spilled so far.
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn write(&self, shard: usize, bytes: &[u8]) -> anyhow::Result<()> {
        self.bytes
            .fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
        let mut f = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        f.write_all(bytes)
            .context("cannot write the build's temporary file; is the disk full?")
    }

    /// Leaves the rows of file `file` out of the merge.
    pub(crate) fn forget(&self, file: u32) {
        self.forgotten
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
    }

    /// The shard files, written out and ready to be read, and the files
    /// whose rows they hold but the merge must leave out.
    pub(crate) fn finish(self) -> anyhow::Result<(Vec<ShardFile>, Vec<u32>)> {
        let forgotten = self
            .forgotten
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let shards = self
            .shards
            .into_iter()
            .map(|m| {
                let w = m.into_inner().unwrap_or_else(|e| e.into_inner());
                let f = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .context("cannot write the build's temporary file; is the disk full?")?;
                Ok(ShardFile { file: f })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok((shards, forgotten))
    }
}

/// Gathers rows per shard and writes them to the [`Spill`] in blocks.
pub(crate) struct SpillWriter<'s> {
    spill: &'s Spill,
    bufs: Vec<Vec<u8>>,
}

impl SpillWriter<'_> {
    /// Adds an accepted row whose code is `code` to shard `shard` (the row's
    /// own identifier is not read again: the merge takes `code`).
    pub(crate) fn put(
        &mut self,
        shard: usize,
        at: RowAt,
        code: &str,
        t: &Typed,
    ) -> anyhow::Result<()> {
        let buf = &mut self.bufs[shard];
        let start = buf.len();
        buf.extend_from_slice(&[0; 4]);
        buf.push(!matches!(t.fact, Fact::Enterprise(_)) as u8);
        for n in [at.file, at.table, at.index, at.row] {
            buf.extend_from_slice(&n.to_le_bytes());
        }
        put_text(buf, Some(code));
        put_text(buf, t.registration_no.as_deref());
        put_text(buf, t.org_code.as_deref());
        sonic_rs::to_writer(&mut *buf, t).context("a converted row could not be written")?;
        let len = (buf.len() - start - 4) as u32;
        buf[start..start + 4].copy_from_slice(&len.to_le_bytes());
        if buf.len() >= FLUSH {
            self.spill.write(shard, buf)?;
            buf.clear();
        }
        Ok(())
    }

    /// Writes what is still gathered.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        for (shard, buf) in self.bufs.iter().enumerate() {
            if !buf.is_empty() {
                self.spill.write(shard, buf)?;
            }
        }
        Ok(())
    }
}

/// A text of at most 65,534 bytes, or none (`u16::MAX`). Codes and old
/// identifiers are 9 to 18 characters, so longer text never occurs; it is
/// cut at a character boundary rather than trusted.
fn put_text(buf: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => buf.extend_from_slice(&u16::MAX.to_le_bytes()),
        Some(s) => {
            let mut end = s.len().min(u16::MAX as usize - 1);
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            buf.extend_from_slice(&(end as u16).to_le_bytes());
            buf.extend_from_slice(&s.as_bytes()[..end]);
        }
    }
}

/// One shard's rows on disk.
pub(crate) struct ShardFile {
    file: File,
}

impl ShardFile {
    /// The shard's bytes (the file is dropped, and its disk space freed,
    /// with the `ShardFile`).
    pub(crate) fn read(&mut self) -> anyhow::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.file
            .rewind()
            .and_then(|()| self.file.read_to_end(&mut bytes))
            .context("cannot read the build's temporary file back")?;
        Ok(bytes)
    }
}

/// A spilled row as read back: the header's fields and the row's JSON.
pub(crate) struct Entry<'b> {
    pub fact: bool,
    pub at: RowAt,
    pub code: &'b str,
    pub registration_no: Option<&'b str>,
    pub org_code: Option<&'b str>,
    pub json: &'b [u8],
}

impl Entry<'_> {
    /// The row's place in the merge order.
    pub(crate) fn key(&self) -> u128 {
        merge_key(self.fact, self.at)
    }

    /// The row itself.
    pub(crate) fn typed(&self) -> anyhow::Result<Typed> {
        sonic_rs::from_slice(self.json).context("the build's temporary file reads back wrong")
    }
}

/// The rows of a shard's bytes, in the order they were written.
pub(crate) fn entries(mut b: &[u8]) -> anyhow::Result<Vec<Entry<'_>>> {
    fn bad() -> anyhow::Error {
        anyhow::anyhow!("the build's temporary file reads back wrong")
    }
    fn take<'b>(b: &mut &'b [u8], n: usize) -> anyhow::Result<&'b [u8]> {
        let (head, rest) = b.split_at_checked(n).ok_or_else(bad)?;
        *b = rest;
        Ok(head)
    }
    fn number(b: &mut &[u8]) -> anyhow::Result<u32> {
        Ok(u32::from_le_bytes(take(b, 4)?.try_into()?))
    }
    fn text<'b>(b: &mut &'b [u8]) -> anyhow::Result<Option<&'b str>> {
        let n = u16::from_le_bytes(take(b, 2)?.try_into()?);
        if n == u16::MAX {
            return Ok(None);
        }
        Ok(Some(
            std::str::from_utf8(take(b, n as usize)?).map_err(|_| bad())?,
        ))
    }
    let mut out = Vec::new();
    while !b.is_empty() {
        let len = number(&mut b)? as usize;
        let mut r = take(&mut b, len)?;
        let fact = take(&mut r, 1)?[0] != 0;
        let at = RowAt {
            file: number(&mut r)?,
            table: number(&mut r)?,
            index: number(&mut r)?,
            row: number(&mut r)?,
        };
        let code = text(&mut r)?.ok_or_else(bad)?;
        let registration_no = text(&mut r)?;
        let org_code = text(&mut r)?;
        out.push(Entry {
            fact,
            at,
            code,
            registration_no,
            org_code,
            json: r,
        });
    }
    Ok(out)
}
