//! Search benchmarks: per-query latency with chunks cached, and what a
//! cold query fetches, on demo registries of 10k and 100k enterprises (1M
//! with `ZHIXIN_BENCH_1M=1`; `ZHIXIN_BENCH_SCALES=1000000` for chosen scales only).
//!
//! Registries are generated once into `target/zhixin-bench/N` (or
//! `$ZHIXIN_BENCH_DIR/N`) and reused. Besides criterion's timing of a
//! round-robin over the ground-truth queries, a report is printed per scale:
//! latency p50/p95 over every query and every prefix of it (a keystroke
//! each) and per query kind, gzip bytes fetched before the first result (meta.json included,
//! chunk cache empty) per query kind, and the index's file count and size.

use criterion::{criterion_group, criterion_main, Criterion};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use zhixin_compiler::index::read;
use zhixin_compiler::{build, BuildOptions};
use zhixin_core::{Chunks, Filters, Meta};

struct Registry {
    dir: PathBuf,
    meta: Meta,
    queries: Vec<(String, String)>,
}

fn base() -> PathBuf {
    std::env::var_os("ZHIXIN_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/zhixin-bench"))
}

fn registry(n: usize) -> Registry {
    let root = base().join(n.to_string());
    let src = root.join("src");
    let dir = root.join("registry");
    if !dir.join("meta.json").is_file() {
        let _ = std::fs::remove_dir_all(&root);
        let summary =
            zhixin_demo::write_demo(&src, &zhixin_demo::DemoOptions { count: n, seed: 1 })
                .expect("demo");
        let opts = BuildOptions::new(summary.as_of);
        build(&src, &dir, &opts).expect("build");
    }
    let meta = read::open(&dir).expect("meta");
    let truth =
        std::fs::read_to_string(src.join(".zhixin-truth/queries.jsonl")).unwrap_or_default();
    let queries = truth
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some((
                v["kind"].as_str()?.to_string(),
                v["query"].as_str()?.to_string(),
            ))
        })
        .collect();
    Registry { dir, meta, queries }
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len() as u64).unwrap_or(0)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// The printed report for one scale.
fn report(n: usize, r: &Registry) {
    let f = Filters::default();
    // Warm every chunk the queries and their prefixes need.
    let mut warm = Chunks::new();
    let mut typed: Vec<String> = Vec::new();
    for (_, q) in &r.queries {
        let chars: Vec<char> = q.chars().collect();
        for i in 1..=chars.len() {
            typed.push(chars[..i].iter().collect());
        }
    }
    for q in &typed {
        read::search(&r.dir, &r.meta, &mut warm, q, &f, 10);
    }
    let mut full = Vec::new();
    let mut keys = Vec::new();
    let mut full_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for _ in 0..3 {
        for (kind, q) in &r.queries {
            let t = Instant::now();
            read::search(&r.dir, &r.meta, &mut warm, q, &f, 10);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            full.push(ms);
            full_kind.entry(kind).or_default().push(ms);
        }
        for q in &typed {
            let t = Instant::now();
            read::search(&r.dir, &r.meta, &mut warm, q, &f, 10);
            keys.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    println!("\n== {n} enterprises ==");
    println!(
        "latency, chunks cached: full queries p50 {:.3} ms p95 {:.3} ms; every keystroke p50 {:.3} ms p95 {:.3} ms",
        pct(&mut full.clone(), 0.5),
        pct(&mut full, 0.95),
        pct(&mut keys.clone(), 0.5),
        pct(&mut keys, 0.95)
    );
    println!("latency per kind, full queries, chunks cached (ms):");
    for (kind, v) in &mut full_kind {
        println!(
            "  {kind:<16} p50 {:>6.3}  p95 {:>6.3}  max {:>6.3}",
            pct(v, 0.5),
            pct(v, 0.95),
            pct(v, 1.0)
        );
    }

    // Cold: what a first query fetches, gzip, meta.json included.
    let meta_gz = gzip_len(&std::fs::read(r.dir.join("meta.json")).unwrap_or_default());
    let mut per_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut all = Vec::new();
    // `ZHIXIN_BENCH_DETAIL=KIND` prints, for each query of that kind, its
    // bytes per family and per fetch round.
    let detail = std::env::var("ZHIXIN_BENCH_DETAIL").ok();
    for (kind, q) in &r.queries {
        let mut cold = Chunks::new();
        let mut s = zhixin_core::Search::new(&r.meta, q, &f, 10);
        let mut bytes = meta_gz;
        let mut rounds: Vec<String> = Vec::new();
        while let zhixin_core::Step::Need(paths) = s.step(&cold) {
            let mut round: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
            for p in paths {
                let b = std::fs::read(r.dir.join(&p)).unwrap_or_default();
                let gz = gzip_len(&b);
                bytes += gz;
                let family = match p.split('/').next() {
                    Some("post") => "post",
                    Some("card") => "card",
                    Some("code") => "code",
                    Some("pin") => "pin",
                    _ => "other",
                };
                let e = round.entry(family).or_default();
                e.0 += 1;
                e.1 += gz;
                cold.insert(p, b);
            }
            rounds.push(
                round
                    .iter()
                    .map(|(k, (n, gz))| format!("{k} {n}/{:.1}", *gz as f64 / 1024.0))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        if detail.as_deref() == Some(kind.as_str()) {
            println!(
                "  {:>6.1} KiB {q}: {}",
                bytes as f64 / 1024.0,
                rounds.join(" | ")
            );
        }
        per_kind
            .entry(kind)
            .or_default()
            .push(bytes as f64 / 1024.0);
        all.push(bytes as f64 / 1024.0);
    }
    println!(
        "gzip KiB fetched before the first result (meta.json {:.1} KiB included):",
        meta_gz as f64 / 1024.0
    );
    for (kind, v) in &mut per_kind {
        println!(
            "  {kind:<16} p50 {:>6.1}  p95 {:>6.1}  max {:>6.1}",
            pct(v, 0.5),
            pct(v, 0.95),
            pct(v, 1.0)
        );
    }
    println!(
        "  {:<16} p50 {:>6.1}  p95 {:>6.1}  max {:>6.1}",
        "all",
        pct(&mut all.clone(), 0.5),
        pct(&mut all.clone(), 0.95),
        pct(&mut all, 1.0)
    );

    // Size on disk.
    let (mut files, mut raw, mut gz) = (0u64, 0u64, 0u64);
    let mut stack = vec![r.dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                files += 1;
                raw += b.len() as u64;
                gz += gzip_len(&b);
            }
        }
    }
    println!(
        "index: {files} files, {:.1} MiB raw, {:.1} MiB gzip; {:.0} B raw, {:.0} B gzip per enterprise",
        raw as f64 / 1048576.0,
        gz as f64 / 1048576.0,
        raw as f64 / n as f64,
        gz as f64 / n as f64
    );
}

fn bench(c: &mut Criterion) {
    let mut scales = vec![10_000, 100_000];
    if std::env::var_os("ZHIXIN_BENCH_1M").is_some() {
        scales.push(1_000_000);
    }
    // `ZHIXIN_BENCH_SCALES=1000000` (comma-separated) measures only those.
    if let Ok(v) = std::env::var("ZHIXIN_BENCH_SCALES") {
        scales = v.split(',').filter_map(|n| n.trim().parse().ok()).collect();
    }
    for n in scales {
        let r = registry(n);
        if r.queries.is_empty() {
            eprintln!("{n}: no ground-truth queries; skipped");
            continue;
        }
        report(n, &r);
        let f = Filters::default();
        let mut chunks = Chunks::new();
        for (_, q) in &r.queries {
            read::search(&r.dir, &r.meta, &mut chunks, q, &f, 10);
        }
        let mut i = 0;
        c.bench_function(&format!("search/{n}/cached"), |b| {
            b.iter(|| {
                let (_, q) = &r.queries[i % r.queries.len()];
                i += 1;
                read::search(&r.dir, &r.meta, &mut chunks, q, &f, 10)
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
