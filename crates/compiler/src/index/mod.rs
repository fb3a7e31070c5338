//! Writes the registry's index: `meta.json` and the content-hashed chunks
//! whose layout `zhixin_core::format` documents.
//!
//! [`write_index`] is called by the build with the merged enterprises; the
//! reading side is `zhixin_core::{Meta, Search, decode_records}`.

pub(crate) mod family;
mod postings;
pub mod read;
mod sounds;
mod terms;
pub(crate) mod write;

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use std::fs;
use std::path::Path;
use zhixin_core::integrity::to_hex;
use zhixin_core::{strip_org_suffix, Enterprise, Meta, RegistryInfo, FORMAT_VERSION};

use crate::store::Store;
use terms::detect_places_in;
pub use terms::{detect_places, doc_terms, readings, t2s_full};

/// What [`write_index`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndexSummary {
    pub enterprises: usize,
    /// Files written, `meta.json` included.
    pub files: usize,
    /// Bytes written, all files.
    pub bytes: u64,
    pub record_shards: u32,
    pub card_shards: u32,
    pub posting_shards: u32,
    pub code_shards: u32,
    pub roll_pages: u32,
    /// Distinct (term, field) posting lists.
    pub terms: usize,
    /// Doc numbers in all posting lists.
    pub postings: u64,
}

/// Records per record shard (about 500 KB of JSON, 90 KB gzip): only the
/// enterprise page reads them, and fewer, larger shards keep the file count
/// down (2,500 of a million enterprises' ~23,000 files; hosts that cap a
/// deployment's files, e.g. at 20,000, need a registry of fewer enterprises
/// or the previous build's files served from elsewhere).
const RECORDS_PER_SHARD: usize = 400;
/// Cards per card shard: a search fetches the shards of the cards it scores
/// (a first query at a million names 4–6 of them, mostly one card each), so
/// they are kept small: about 2.9 KB brotli (256 were 5.5 KB), 7,813 files
/// at a million (a million enterprises' registry has about 23,000 files in
/// all; 64 would add 7,800 more for 1.5 KB less per chunk) (issue 18).
const CARDS_PER_SHARD: usize = 128;
/// Cards per card group, the unit of a search's card budget (`Meta::cards_per_group`):
/// the shard size of the builds before, so searches read the same candidates.
const CARDS_PER_GROUP: usize = 256;
/// Codes per code shard (each code is filed twice).
const CODES_PER_SHARD: usize = 1000;
/// Entries per roll page.
const ROLL_PAGE_SIZE: usize = 100;

/// Files the build adds to the index (each listed in `meta.json` with its
/// digest) and the signer of `meta.json`.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// Files written as named, e.g. `report.json` and `stats.json`.
    pub files: Vec<(&'static str, Vec<u8>)>,
    /// The aggregates, also written content-named (`stats-{digest}.json`,
    /// `meta.stats`), which the app reads: a cache cannot serve an old copy
    /// under a name that a newer `meta.json` lists.
    pub stats: Option<Vec<u8>>,
    /// Signs `meta.json` into `meta.json.minisig`.
    pub sign: Option<crate::Signer>,
}

/// The signature's file name beside `meta.json`.
pub const SIGNATURE_FILE: &str = "meta.json.minisig";

/// Writes `meta.json` and every chunk for `enterprises` into `out`.
///
/// Nothing is deleted: `build` gives a fresh staging folder and publishes
/// it (see [`crate::publish`]); other callers give an empty folder.
pub fn write_index(
    out: &Path,
    enterprises: &[Enterprise],
    info: &RegistryInfo,
) -> anyhow::Result<IndexSummary> {
    write_index_with(out, enterprises, info, false)
}

/// [`write_index`], printing each phase's time to stderr when `progress`.
pub fn write_index_with(
    out: &Path,
    enterprises: &[Enterprise],
    info: &RegistryInfo,
    progress: bool,
) -> anyhow::Result<IndexSummary> {
    write_index_full(out, enterprises, info, progress, &Extras::default())
}

/// [`write_index_with`], adding `extras`' files and signature.
pub fn write_index_full(
    out: &Path,
    enterprises: &[Enterprise],
    info: &RegistryInfo,
    progress: bool,
    extras: &Extras,
) -> anyhow::Result<IndexSummary> {
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    let store = crate::store::Store::of(out, enterprises, t2s_full())?;
    write_index_store(out, &store, info, progress, extras)
}

/// [`write_index_full`] of the enterprises in `store`: every family is
/// written from the store a shard at a time, so the index never holds
/// every record in memory (see `store`).
pub(crate) fn write_index_store(
    out: &Path,
    store: &Store,
    info: &RegistryInfo,
    progress: bool,
    extras: &Extras,
) -> anyhow::Result<IndexSummary> {
    let mut phases = crate::progress::Phases::new(progress, "index: ");
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    let w = write::Writer::new(out);
    let n = store.len();
    let t2s = t2s_full();
    let items = &store.items;

    // Docs: enterprises in the order of their normalised names without
    // place prefix and organisation suffix, so that look-alike siblings
    // (青岛银康食品, 济南银康饮品) share card shards and a search fetches few.
    let places = detect_places_in(items.iter().map(|it| it.norm.as_str()));
    let place_set: std::collections::HashSet<&str> = places.iter().map(String::as_str).collect();
    let mut order: Vec<(&str, usize)> = items
        .par_iter()
        .enumerate()
        .map(|(i, it)| {
            let core = strip_org_suffix(&it.norm);
            let two = core.char_indices().nth(2).map_or(core.len(), |(at, _)| at);
            let key = if place_set.contains(&core[..two]) {
                &core[two..]
            } else {
                core
            };
            (key, i)
        })
        .collect();
    // A total order (codes are unique; the input position settles the
    // rest), so an unstable sort gives the one order.
    order.par_sort_unstable_by(|a, b| {
        a.0.cmp(b.0)
            .then_with(|| items[a.1].norm.cmp(&items[b.1].norm))
            .then_with(|| items[a.1].uscc.cmp(&items[b.1].uscc))
            .then(a.1.cmp(&b.1))
    });
    let docs: Vec<u32> = order.iter().map(|&(_, i)| i as u32).collect();
    drop(order);
    let doc_names: Vec<&str> = docs
        .iter()
        .map(|&i| items[i as usize].norm.as_str())
        .collect();
    phases.mark("doc order");

    let run = postings::run_len(n);
    let groups = write::regroup(store, &docs, run)?;
    phases.mark("store regrouped");

    let cards = family::seal(&w, &write::cards(&w, &groups, n)?)?;
    phases.mark("cards");
    let records = family::seal(&w, &write::records(&w, &groups)?)?;
    phases.mark("records");
    let codes = family::seal(&w, &write::codes(&w, store, &docs)?)?;
    phases.mark("codes");

    // Postings (see `postings`): long lists are capped and named in
    // `meta.common`; queries use those terms only when nothing rarer is at hand.
    let mut post = postings::write(&w, store, &groups, run, &docs, &doc_names, t2s, &places)?;
    post.table = family::seal(&w, &post.table)?;
    phases.mark("postings");

    let (mut rolls, roll_pages) = write::rolls(&w, store, &groups)?;
    for r in rolls.values_mut() {
        r.pages = family::seal(&w, &r.pages)?;
        if let Some(x) = &r.index {
            r.index = Some(family::seal(&w, x)?);
        }
    }
    phases.mark("rolls");
    let (t2s_path, t2s_digest) = write::t2s_table(&w, store, t2s)?;
    let (sounds_path, sounds_digest) = sounds::sounds_table(&w, store)?;
    let counts = store.counts.clone();
    phases.mark("t2s and counts");
    // Field by field: `Meta` has private caches, so no struct literal.
    #[allow(clippy::field_reassign_with_default)]
    let mut meta = Meta::default();
    meta.format_version = FORMAT_VERSION;
    meta.as_of = info.as_of;
    meta.counts = counts;
    meta.registry = info.clone();
    meta.records = records;
    meta.cards = cards;
    meta.cards_per_shard = CARDS_PER_SHARD as u32;
    meta.cards_per_group = Some(CARDS_PER_GROUP as u32);
    meta.postings = post.table.clone();
    meta.pinyin = post.pinyin.clone();
    meta.pinyin_fence = Some(post.pinyin_fence.clone());
    meta.files
        .insert(post.pinyin_fence.clone(), to_hex(&post.fence_digest));
    meta.codes = codes;
    meta.files.insert(t2s_path.clone(), to_hex(&t2s_digest));
    meta.t2s = Some(t2s_path);
    meta.files
        .insert(sounds_path.clone(), to_hex(&sounds_digest));
    meta.sounds = Some(sounds_path);
    meta.rolls = rolls;
    meta.roll_page_size = ROLL_PAGE_SIZE as u32;
    meta.stats = None;
    for (name, bytes) in &extras.files {
        w.write(name, bytes)?;
        meta.files
            .insert(name.to_string(), family::name_digest(bytes));
    }
    if let Some(stats) = &extras.stats {
        let d = family::name_digest(stats);
        let name = format!("stats-{d}.json");
        w.write(&name, stats)?;
        meta.files.insert(name.clone(), d);
        meta.stats = Some(name);
    }
    meta.common = post.common.join(" ");
    meta.common_cap = postings::COMMON_CAP as u32;
    meta.places = places.concat();
    // Each place's pinyin (most common reading), so that `qingdao银康`
    // finds 青岛银康 without a pinyin table in the app.
    meta.place_pinyin = places
        .iter()
        .map(|p| {
            let cs: Vec<Vec<String>> = p.chars().map(readings).collect();
            let (a, b) = (&cs[0], &cs[cs.len() - 1]);
            // Every reading (厦门 is xiamen, though 厦 is first read sha).
            let mut all: Vec<String> = Vec::new();
            for x in a {
                for y in b {
                    all.push(format!("{x}{y}"));
                }
            }
            all.join("/")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let json = meta.to_json();
    // The signature first: a reader that fetches both while they change sees
    // an old meta.json with the new signature for a moment at worst (and
    // warns), never a signed-looking registry whose signature is stale.
    let sig = out.join(SIGNATURE_FILE);
    match &extras.sign {
        Some(signer) => w.write(SIGNATURE_FILE, signer.sign(json.as_bytes())?.as_bytes())?,
        None if sig.exists() => fs::remove_file(&sig)
            .with_context(|| format!("cannot remove the previous build's {}", sig.display()))?,
        None => {}
    }
    w.write("meta.json", json.as_bytes())?;
    Ok(IndexSummary {
        enterprises: n,
        files: w.files(),
        bytes: w.bytes(),
        record_shards: meta.records.shards,
        card_shards: meta.cards.shards,
        posting_shards: meta.postings.shards,
        code_shards: meta.codes.shards,
        roll_pages,
        terms: post.terms,
        postings: post.postings,
    })
}

#[cfg(test)]
mod tests;
