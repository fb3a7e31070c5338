//! Digest pages for a family of chunks (see `zhixin_core::integrity`).
//!
//! A family is first written with each shard named after its own digest
//! (`ShardTable::new`, which lists every digest in `meta.json`). That is what
//! small families keep. A larger one is [`seal`]ed: its shards' digests go into
//! digest pages of [`DIGEST_PAGE`] shards, `meta.json` lists one digest per
//! page, and each shard is renamed after (part of) its page's digest, which
//! still changes whenever the shard does: a name is never reused for other
//! bytes, and a reader knows every name from `meta.json` alone.

use super::write::Writer;
use anyhow::Context;
use zhixin_core::integrity::{digest, to_hex, DIGEST_LEN};
use zhixin_core::ShardTable;

/// Shards per digest page: a page is 1 KB (a search reads a few), and a
/// million enterprises' 15,000 chunks need about 240 page digests in
/// `meta.json`.
pub(crate) const DIGEST_PAGE: u32 = 64;

/// Families of at most this many shards list each shard's digest in
/// `meta.json` (no page to fetch): a page would cost a request to save a few
/// dozen bytes.
pub(crate) const SMALL_FAMILY: u32 = 4;

/// Pages the family `table` (written by `Writer::produce`, one digest per
/// shard) when it is larger than [`SMALL_FAMILY`]: writes its digest pages,
/// renames its shards and returns the paged table.
pub(crate) fn seal(w: &Writer, table: &ShardTable) -> anyhow::Result<ShardTable> {
    let Some(digests) = table.shard_digests() else {
        return Ok(table.clone());
    };
    if table.shards <= SMALL_FAMILY {
        return Ok(table.clone());
    }
    let pages: Vec<Vec<u8>> = digests
        .chunks(DIGEST_PAGE as usize)
        .map(|c| c.iter().flat_map(|d| d.iter().copied()).collect())
        .collect();
    let page_digests: Vec<_> = pages.iter().map(|p| digest(p)).collect();
    let paged = ShardTable::paged(
        &table.dir,
        &table.ext,
        table.shards,
        DIGEST_PAGE,
        &page_digests,
    );
    for ((page, bytes), path) in pages.iter().enumerate().zip(paged.page_paths()) {
        debug_assert_eq!(bytes.len() % DIGEST_LEN, 0, "page {page}");
        w.write(&path, bytes)?;
    }
    for (from, to) in table.paths().iter().zip(paged.paths()) {
        if from != to {
            std::fs::rename(w.path(from), w.path(to))
                .with_context(|| format!("cannot rename {from} to {to} in the output folder"))?;
        }
    }
    Ok(paged)
}

/// The 32 hex digits of `bytes`' digest: a content-named file's name part.
pub(crate) fn name_digest(bytes: &[u8]) -> String {
    to_hex(&digest(bytes))
}
