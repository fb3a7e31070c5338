//! Fuzz target: `meta.json` from arbitrary bytes. A meta the core accepts
//! must be usable: every path it names is a plain relative name inside the
//! registry folder, looking up keys never panics, and it writes back to JSON
//! that reads as the same meta.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixin_core::{Meta, ShardTable};

/// What the readers rely on for every path `meta.json` names.
fn check_path(p: &str) {
    assert!(!p.is_empty(), "empty path");
    assert!(!p.starts_with('/'), "absolute path {p:?}");
    assert!(!p.contains('\\'), "backslash in {p:?}");
    assert!(!p.contains(":"), "scheme or drive in {p:?}");
    assert!(
        p.split('/').all(|c| !c.is_empty() && c != "." && c != ".."),
        "not a plain relative path: {p:?}"
    );
}

fn check_table(t: &ShardTable) {
    // Only a few shards: the shard count may be large, and what matters is
    // that the paths are computed without allocating for every shard.
    for i in [0, 1, t.shards / 2, t.shards.saturating_sub(1)] {
        if let Some(p) = t.path(i) {
            check_path(p);
        }
    }
    if let Some(p) = t.path_for("91350200MA2YJ1XR9G") {
        check_path(p);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(meta) = Meta::from_json(data) else {
        return;
    };
    for t in [
        &meta.records,
        &meta.cards,
        &meta.postings,
        &meta.codes,
        &meta.pinyin,
    ] {
        check_table(t);
    }
    for r in meta.rolls.values() {
        check_table(&r.pages);
    }
    for p in [&meta.t2s, &meta.stats, &meta.pinyin_fence]
        .into_iter()
        .flatten()
    {
        check_path(p);
    }
    if let Some(p) = meta.record_chunk_for("91350200MA2YJ1XR9G") {
        check_path(p);
    }
    for doc in [0, 1, 1000, u32::MAX] {
        if let Some(p) = meta.card_chunk_for(doc) {
            check_path(p);
        }
    }
    let _ = meta.place_prefix("青屿银康食品有限公司");
    let _ = meta.is_common("银康");
    let again = Meta::from_json(meta.to_json().as_bytes()).expect("a meta read back");
    assert_eq!(again, meta, "meta.json does not round-trip");
});
