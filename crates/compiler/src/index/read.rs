//! Reading a registry folder from disk: the file-system driver of the core's
//! sans-I/O search, for the CLI, the evaluation and the benchmarks.

use anyhow::Context;
use std::fs;
use std::path::Path;
use zhixin_core::{
    find_record, Chunks, Count, Enterprise, Filters, FormatError, Hit, Meta, Search, Step,
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
                    match fs::read(dir.join(&p)) {
                        Ok(b) => {
                            found.bytes_read += b.len() as u64;
                            found.chunks_read += 1;
                            chunks.insert(p, b);
                        }
                        Err(e) => chunks.insert_error(p, e.to_string()),
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
    let bytes = fs::read(dir.join(p)).with_context(|| format!("cannot read record chunk {p}"))?;
    Ok(find_record(&bytes, uscc).map_err(|e| e.at(p))?)
}
