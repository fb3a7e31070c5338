//! One hash for a whole family of chunks (`ShardTable::whole`).
//!
//! Cards, codes, postings and roll pages hold doc numbers or positions that
//! shift whenever an enterprise is added, so a rebuild changes nearly all of
//! their shards anyway; a hash per shard would only make `meta.json` (the
//! first download of every visit) grow with the registry. [`seal`] renames a
//! family written with per-shard hashes to names carrying one hash of all its
//! shards, which still changes whenever any shard does: a name is never
//! reused for other bytes.

use super::content_hash;
use anyhow::Context;
use std::path::Path;
use zhixin_core::ShardTable;

/// Renames the files of `table` (written under `out` with per-shard hashes)
/// to the family's one hash and returns the new table.
pub(crate) fn seal(out: &Path, table: &ShardTable) -> anyhow::Result<ShardTable> {
    if table.is_whole() || table.shards <= 1 {
        return Ok(table.clone());
    }
    let hash = content_hash(table.hashes.as_bytes());
    let whole = ShardTable::whole(&table.dir, &table.ext, table.shards, &hash);
    for (from, to) in table.paths().iter().zip(whole.paths()) {
        if from != to {
            std::fs::rename(out.join(from), out.join(to))
                .with_context(|| format!("cannot rename {from} to {to} in {}", out.display()))?;
        }
    }
    Ok(whole)
}
