//! `cargo xtask bench-peers`: zhixin's search against Fuse.js, MiniSearch,
//! FlexSearch and Pagefind on the second evaluation's corpus and queries.
//!
//! One Node process runs everything (`xtask/peers/bench.mjs`): zhixin's own
//! engine is the core's `Search::step` compiled to wasm for Node
//! (`crates/node-search`, the app's wasm profile, `wasm-bindgen --target
//! nodejs`) reading the registry that `zhixin build` wrote, and each library
//! is run in its defaults and in the Chinese-aware setup its documentation
//! suggests (pinned versions: `xtask/peers/package-lock.json`). It prints
//! recall@1/@5 overall and per query kind, latency median and p95, index
//! bytes, the bytes a fresh page fetches for its first query and build time.
//!
//! Options: `--count N` (default 3000; at more, the 3,000 enterprises the
//! queries come from plus distractors), `--seed S`, `--per-kind K` (at most K
//! queries per kind; default all at 3,000 and 8 above, because Fuse.js scans
//! every record for every query), `--only a,b` (engines whose label contains
//! one of these), `--rebuild`. Not part of `cargo xtask test`: it takes minutes.

use crate::util::{cmd, note, root, run as run_cmd, scratch, step};
use anyhow::{bail, Result};
use std::path::Path;

/// The options of `cargo xtask bench-peers`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Enterprises: the 3,000 the queries come from, plus distractors above that.
    #[arg(long, value_name = "N", default_value_t = crate::eval2::DEFAULT_COUNT)]
    count: usize,
    /// The corpus' seed.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// At most K queries per kind (default all at 3,000 and 8 above).
    #[arg(long, value_name = "K")]
    per_kind: Option<usize>,
    /// Only the engines whose label contains one of these.
    #[arg(long, value_name = "a,b")]
    only: Option<String>,
    /// Rebuild the corpus and registry.
    #[arg(long)]
    rebuild: bool,
}

/// Runs the comparison and prints its tables.
pub fn run(args: Args) -> Result<()> {
    let Args {
        count,
        seed,
        per_kind,
        only,
        rebuild,
    } = args;
    let per_kind = per_kind.or((count > crate::eval2::DEFAULT_COUNT).then_some(8));

    let peers = root().join("xtask/peers");
    crate::install::npm_ci_once(
        &peers,
        "the search libraries (Fuse.js, MiniSearch, FlexSearch, Pagefind)",
    )?;
    let engine = engine()?;
    let (base, build) = crate::eval2::prepare(count, seed, rebuild)?;

    step("bench-peers: every engine in one Node process");
    let mut c = cmd("node");
    c.arg("--max-old-space-size=8192")
        .arg(peers.join("bench.mjs"))
        .arg("--data")
        .arg(&base)
        .arg("--engine")
        .arg(&engine)
        .args(["--build-ms", &build.as_millis().to_string()])
        .arg("--json")
        .arg(base.join("peers.json"));
    if let Some(k) = per_kind {
        c.args(["--per-kind", &k.to_string()]);
    }
    if let Some(o) = &only {
        c.args(["--only", o]);
    }
    run_cmd(&mut c)?;
    note(&format!(
        "figures as JSON: {}",
        base.join("peers.json").display()
    ));
    Ok(())
}

/// Builds `crates/node-search` for wasm with the app's profile and runs
/// wasm-bindgen for Node on it; returns the generated JS module's path.
fn engine() -> Result<std::path::PathBuf> {
    step("bench-peers: zhixin's search engine for Node (wasm)");
    if crate::util::on_path("wasm-bindgen").is_none() {
        bail!("wasm-bindgen is not on PATH; run `cargo xtask install` first");
    }
    run_cmd(cmd("cargo").args([
        "build",
        "--quiet",
        "--package",
        "zhixin-node-search",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = crate::dist::target_dir()
        .join("wasm32-unknown-unknown/wasm-release/zhixin_node_search.wasm");
    let out = scratch().join("peers-engine");
    run_cmd(
        cmd("wasm-bindgen")
            .args(["--target", "nodejs", "--out-dir"])
            .arg(&out)
            .arg(&wasm),
    )?;
    let js = out.join("zhixin_node_search.js");
    if !Path::new(&js).is_file() {
        bail!("wasm-bindgen did not write {}", js.display());
    }
    Ok(js)
}
