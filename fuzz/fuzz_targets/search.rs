//! Fuzz target: the query path over a small fictional registry (the demo
//! generator's, 60 enterprises, built once per process): arbitrary queries
//! and filters, with one of the registry's files damaged, missing or
//! replaced by arbitrary bytes. A search must end with at most `limit` hits
//! and name every file it could not use; it never panics or loops.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;
use zhixin_core::{Chunks, Day, Filters, Meta, Scheme, Search, Step};

/// The registry's files by relative path (`meta.json` included).
static REGISTRY: LazyLock<BTreeMap<String, Vec<u8>>> = LazyLock::new(build_registry);

fn build_registry() -> BTreeMap<String, Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("zhixin-fuzz-search-{}", std::process::id()));
    let src = dir.join("src");
    let out = dir.join("registry");
    let opts = zhixin_demo::DemoOptions { count: 60, seed: 7 };
    zhixin_demo::write_demo(&src, &opts).expect("demo tables");
    let as_of = zhixin_demo::demo_as_of();
    let compiled = zhixin_compiler::compile(&src, as_of, false).expect("compile the demo");
    let info = zhixin_core::RegistryInfo {
        as_of: Some(as_of),
        ..Default::default()
    };
    zhixin_compiler::index::write_index(&out, &compiled.enterprises, &info).expect("index");
    let mut files = BTreeMap::new();
    read_tree(&out, &out, &mut files);
    let _ = std::fs::remove_dir_all(&dir);
    files
}

fn read_tree(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir).expect("registry folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            read_tree(root, &p, out);
        } else {
            let rel = p.strip_prefix(root).expect("inside").to_string_lossy();
            out.insert(rel.replace('\\', "/"), std::fs::read(&p).expect("a file"));
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Damage {
    None,
    /// Flip bytes at these offsets of file `i`.
    Flip(u16, Vec<(u32, u8)>),
    /// Cut file `i` to this length.
    Truncate(u16, u32),
    /// File `i` is missing (a 404).
    Missing(u16),
    /// File `i` holds these bytes instead.
    Replace(u16, Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    query: String,
    limit: u8,
    blacklisted: bool,
    honours: bool,
    scheme: Option<u8>,
    min_grade: Option<String>,
    region: Option<String>,
    industry: Option<String>,
    day: Option<(u16, u8, u8)>,
    damage: Damage,
}

fuzz_target!(|input: Input| {
    let mut files = REGISTRY.clone();
    let names: Vec<String> = files.keys().cloned().collect();
    let pick = |i: &u16| names[*i as usize % names.len()].clone();
    let mut missing = None;
    match &input.damage {
        Damage::None => {}
        Damage::Flip(i, flips) => {
            let f = files.get_mut(&pick(i)).expect("listed");
            if !f.is_empty() {
                for (at, x) in flips {
                    let n = f.len();
                    f[*at as usize % n] ^= x;
                }
            }
        }
        Damage::Truncate(i, len) => {
            let f = files.get_mut(&pick(i)).expect("listed");
            let n = f.len();
            f.truncate(*len as usize % (n + 1));
        }
        Damage::Missing(i) => missing = Some(pick(i)),
        Damage::Replace(i, bytes) => {
            files.insert(pick(i), bytes.clone());
        }
    }
    let meta_bytes = match &missing {
        Some(m) if m == "meta.json" => return,
        _ => &files["meta.json"],
    };
    let Ok(meta) = Meta::from_json(meta_bytes) else {
        return;
    };
    let filters = Filters {
        blacklisted: input.blacklisted,
        honours: input.honours,
        scheme: input.scheme.map(|s| match s % 3 {
            0 => Scheme::QualityIntegrity,
            1 => Scheme::CreditRating,
            _ => Scheme::QualityCredit,
        }),
        min_grade: input.min_grade.clone(),
        region: input.region.clone(),
        industry: input.industry.clone(),
        on: input
            .day
            .and_then(|(y, m, d)| Day::from_ymd(y as i32, m, d)),
    };
    let limit = input.limit as usize % 30;
    let mut chunks = Chunks::new();
    let mut search = Search::new(&meta, &input.query, &filters, limit);
    let mut steps = 0;
    let hits = loop {
        steps += 1;
        assert!(steps < 64, "the search does not end");
        match search.step(&chunks) {
            Step::Need(paths) => {
                assert!(!paths.is_empty(), "asked for nothing");
                for p in paths {
                    assert!(!chunks.contains(&p), "asked again for {p}");
                    match files.get(&p) {
                        Some(b) if missing.as_deref() != Some(p.as_str()) => {
                            chunks.insert(p, b.clone())
                        }
                        _ => chunks.insert_error(p, "not found"),
                    }
                }
            }
            Step::Done(hits) => break hits,
        }
    };
    assert!(
        hits.len() <= limit,
        "{} hits for a limit of {limit}",
        hits.len()
    );
    for e in search.errors() {
        assert!(e.path.is_some(), "an error that names no file: {e}");
    }
});
