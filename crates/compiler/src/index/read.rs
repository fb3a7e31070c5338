//! Reading a registry folder from disk: the file-system driver of the core's
//! sans-I/O search, for the CLI, the evaluation and the benchmarks. Every
//! file is checked against its digest ([`read_checked`]) before it is used.

use anyhow::Context;
use std::fs;
use std::path::Path;
use zhixin_core::integrity;
use zhixin_core::{
    find_record, Chunks, Count, Enterprise, Filters, FormatError, FormatErrorKind, Hit, Meta,
    Search, Step,
};

/// Reads and checks `DIR/meta.json`.
pub fn open(dir: &Path) -> anyhow::Result<Meta> {
    let p = dir.join("meta.json");
    let bytes = fs::read(&p).with_context(|| {
        format!(
            "cannot read {} (is it a registry built by `zhixin build`?)",
            p.display()
        )
    })?;
    Ok(Meta::from_json(&bytes)?)
}

/// The bytes of the registry file `path` (relative to `dir`), checked
/// against the digest `meta` lists for it (through its digest page for a
/// paged family). A file that does not match, or that `meta.json` does not
/// list, is an error naming it.
pub fn read_checked(dir: &Path, meta: &Meta, path: &str) -> Result<Vec<u8>, FormatError> {
    let missing = |p: &str, e: std::io::Error| FormatError {
        path: Some(p.to_string()),
        kind: FormatErrorKind::Missing(e.to_string()),
    };
    let bytes = fs::read(dir.join(path)).map_err(|e| missing(path, e))?;
    let expect = meta.expect(path).ok_or_else(|| {
        FormatError::corrupt(
            path,
            "meta.json lists no digest for it; rebuild the registry",
        )
    })?;
    integrity::check_expected(path, &bytes, &expect, |page| {
        fs::read(dir.join(page)).map_err(|e| missing(page, e))
    })?;
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
