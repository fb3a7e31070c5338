//! Reading a registry folder from disk: the file-system driver of the core's
//! sans-I/O search, for the CLI, the evaluation and the benchmarks. Every
//! file is checked against its digest ([`read_checked`]) before it is used.
//!
//! The folder is not trusted: `meta.json` may have been damaged or written by
//! someone else. Every file is read through [`read_file`], which takes only
//! plain relative names inside the folder, only regular files (a FIFO or
//! `/dev/zero` planted under a chunk's name is refused before a byte is
//! read), and at most a size cap; the core checks what the bytes hold.

use anyhow::Context;
use std::fs;
use std::io::Read;
use std::path::Path;
use zhixin_core::integrity;
use zhixin_core::{
    find_record, Chunks, Count, Enterprise, Filters, FormatError, FormatErrorKind, Hit, Meta,
    Search, Step,
};

/// The most bytes `meta.json` may have. A million enterprises' meta is
/// about 100 KB; a larger one is not a registry this reader can serve.
pub const MAX_META_BYTES: u64 = 16 << 20;
/// The most bytes a chunk may have. The largest chunks (postings of a
/// million names) are a few MB; the cap only stops a planted giant file.
pub const MAX_CHUNK_BYTES: u64 = 256 << 20;

/// Why a registry file could not be read, naming it (relative to the folder).
#[derive(Debug, thiserror::Error)]
#[error("{path}: {why}")]
pub struct ReadFileError {
    pub path: String,
    pub why: String,
    /// The file is absent (rather than refused or unreadable).
    pub missing: bool,
}

/// Reads `rel`, a path from `meta.json`, inside `dir`: a plain relative path
/// (no `..`, `.`, empty part, leading `/`, backslash or drive), a regular
/// file (followed through symbolic links, as a web server would serve it),
/// at most `max` bytes.
pub fn read_file(dir: &Path, rel: &str, max: u64) -> Result<Vec<u8>, ReadFileError> {
    let err = |why: String, missing: bool| ReadFileError {
        path: rel.to_string(),
        why,
        missing,
    };
    if !zhixin_core::is_plain_relative_path(rel) {
        return Err(err(
            "not a plain relative path inside the registry folder; the registry's meta.json is damaged"
                .into(),
            false,
        ));
    }
    let path = dir.join(rel);
    let file = open_nonblocking(&path).map_err(|e| {
        let missing = e.kind() == std::io::ErrorKind::NotFound;
        err(format!("cannot open: {e}"), missing)
    })?;
    // Checked on the opened file, not the name, so that nothing can be
    // swapped in between the check and the read.
    let md = file
        .metadata()
        .map_err(|e| err(format!("cannot read: {e}"), false))?;
    if !md.is_file() {
        return Err(err(
            "not a regular file (a device, pipe or folder); the registry is damaged".into(),
            false,
        ));
    }
    if md.len() > max {
        return Err(err(
            format!(
                "{} bytes, more than a registry file may have ({max}); the registry is damaged",
                md.len()
            ),
            false,
        ));
    }
    let mut bytes = Vec::with_capacity(md.len() as usize);
    // `take` as well: a file that grows while it is read stops at the cap.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read: {e}"), false))?;
    if bytes.len() as u64 > max {
        return Err(err(
            format!("more than a registry file may have ({max} bytes); the registry is damaged"),
            false,
        ));
    }
    Ok(bytes)
}

/// Opens for reading without blocking on a FIFO with no writer (on Unix,
/// `O_NONBLOCK`; reads from a regular file are not affected by it).
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Reads and checks `DIR/meta.json`.
pub fn open(dir: &Path) -> anyhow::Result<Meta> {
    let bytes = read_file(dir, "meta.json", MAX_META_BYTES).with_context(|| {
        format!(
            "cannot read the registry in {} (is it a folder built by `zhixin build`?)",
            dir.display()
        )
    })?;
    Meta::from_json(&bytes).with_context(|| format!("the registry in {}", dir.display()))
}

/// The bytes of the registry file `path` (relative to `dir`), checked
/// against the digest `meta` lists for it (through its digest page for a
/// paged family). A file that does not match, or that `meta.json` does not
/// list, is an error naming it.
pub fn read_checked(dir: &Path, meta: &Meta, path: &str) -> Result<Vec<u8>, FormatError> {
    let read = |p: &str| {
        read_file(dir, p, MAX_CHUNK_BYTES).map_err(|e| FormatError {
            path: Some(p.to_string()),
            kind: if e.missing {
                FormatErrorKind::Missing(e.why)
            } else {
                FormatErrorKind::Corrupt(e.why)
            },
        })
    };
    let bytes = read(path)?;
    let expect = meta.expect(path).ok_or_else(|| {
        FormatError::corrupt(
            path,
            "meta.json lists no digest for it; rebuild the registry",
        )
    })?;
    integrity::check_expected(path, &bytes, &expect, read)?;
    Ok(bytes)
}

/// What a search found, with the chunks that could not be read.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Missing or corrupt chunks; the hits come from the others.
    pub errors: Vec<FormatError>,
    /// The query was a code the registry lacks; the hits are codes one substitution away.
    pub repaired: bool,
    /// The query looked like a code but failed its check characters.
    pub code_invalid: bool,
    /// Bytes read from files for this search (chunks already in `chunks` excluded).
    pub bytes_read: u64,
    /// Chunks read for this search.
    pub chunks_read: usize,
    /// How many enterprises match, when the search could tell (see [`Search::total`]).
    pub total: Option<Count>,
    /// The query was only a company form (see [`Search::too_common`]).
    pub too_common: bool,
}

/// Runs one search against the files in `dir`, keeping read chunks in `chunks`.
pub fn search(
    dir: &Path,
    meta: &Meta,
    chunks: &mut Chunks,
    query: &str,
    filters: &Filters,
    limit: usize,
) -> Found {
    let mut s = Search::new(meta, query, filters, limit);
    let mut found = Found::default();
    loop {
        match s.step(chunks) {
            Step::Need(paths) => {
                for p in paths {
                    match read_checked(dir, meta, &p) {
                        Ok(b) => {
                            found.bytes_read += b.len() as u64;
                            found.chunks_read += 1;
                            chunks.insert(p, b);
                        }
                        // The search names the path; the reason is enough.
                        Err(e) => {
                            let why = match e.kind {
                                FormatErrorKind::Missing(why) => why,
                                kind => FormatError { path: None, kind }.to_string(),
                            };
                            chunks.insert_error(p, why);
                        }
                    }
                }
            }
            Step::Done(hits) => {
                found.hits = hits;
                break;
            }
        }
    }
    found.errors = s.errors().to_vec();
    found.repaired = s.repaired();
    found.code_invalid = s.code_invalid();
    found.total = s.total();
    found.too_common = s.too_common();
    found
}

/// The record of `uscc` (normalised), `Ok(None)` when the registry lacks it.
pub fn record(dir: &Path, meta: &Meta, uscc: &str) -> anyhow::Result<Option<Enterprise>> {
    let Some(p) = meta.record_chunk_for(uscc) else {
        return Ok(None);
    };
    let bytes = read_checked(dir, meta, p)?;
    Ok(find_record(&bytes, uscc).map_err(|e| e.at(p))?)
}
