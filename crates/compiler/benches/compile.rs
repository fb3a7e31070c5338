//! Compile benchmarks: `compile` (read + convert + merge) and the whole
//! `build` (plus index, stats and report) of a 10k-enterprise demo source
//! folder with every table kind. 100k and 1M are measured with
//! `/usr/bin/time -v target/release/zhixin build … --progress` (see the
//! closing notes of the pipeline issue), whose progress lines give each
//! phase's wall time, CPU time and resident memory: they take too long for
//! criterion's repetitions.
//!
//! The demo folder is generated once into `target/zhixin-bench-compile/N`
//! (or `$ZHIXIN_BENCH_DIR/compile-N`) and reused.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use zhixin_compiler::{build, compile, BuildOptions};
use zhixin_core::Day;

fn source(n: usize) -> PathBuf {
    let root = std::env::var_os("ZHIXIN_BENCH_DIR")
        .map(|d| PathBuf::from(d).join(format!("compile-{n}")))
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("../../target/zhixin-bench-compile/{n}"))
        });
    let src = root.join("src");
    if !src.join("registry.json").is_file() {
        let _ = std::fs::remove_dir_all(&root);
        zhixin_demo::write_demo(&src, &zhixin_demo::DemoOptions { count: n, seed: 1 })
            .expect("demo source tables");
    }
    src
}

fn as_of() -> Day {
    "2026-11-22".parse().expect("date")
}

fn bench_compile(c: &mut Criterion) {
    let src = source(10_000);
    let out = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("compile-10k");
    g.sample_size(10);
    g.bench_function("read+merge", |b| {
        b.iter(|| compile(&src, as_of(), false).expect("compile"))
    });
    let opts = BuildOptions::new(as_of());
    g.bench_function("build (index, stats, report)", |b| {
        b.iter(|| build(&src, out.path(), &opts).expect("build"))
    });
    g.finish();
}

criterion_group!(benches, bench_compile);
criterion_main!(benches);
