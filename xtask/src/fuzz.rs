//! `cargo xtask fuzz [--time S] [TARGET…]`: every fuzz target of `fuzz/` in turn,
//! with cargo-fuzz (libFuzzer), and a table of executions per target.
//!
//! cargo-fuzz needs nightly-only compiler flags (sanitizer coverage); on the
//! stable toolchain `RUSTC_BOOTSTRAP=1` allows them, which is the only thing it
//! is used for. The targets are built without a sanitizer (`-s none`): the code
//! under test has no `unsafe`, and AddressSanitizer would halve the executions
//! per second for little. cargo-fuzz's release build keeps debug assertions
//! (integer overflow panics), so arithmetic on untrusted lengths is checked.
//!
//! Each target starts from its committed seeds (`fuzz/seeds/TARGET/`, read
//! only) and the corpus earlier runs grew (`.zhixin/fuzz/corpus/TARGET/`, where
//! new inputs go); a crash, a timeout (an input taking more than 10 s) or an
//! allocation over 1 GB (2 GB for workbooks) fails the run, and the input that caused it is kept in
//! `.zhixin/fuzz/artifacts/TARGET/` with the command that replays it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::install;
use crate::util::{cmd, note, root, scratch, step};

/// Every target of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: &[&str] = &[
    "read_text",
    "read_workbook",
    "read_zip",
    "caption_header",
    "meta",
    "postings",
    "cards",
    "pinyin",
    "codes",
    "rolls",
    "search",
];

/// Targets that read source tables, which get the dictionary of the
/// contract's header and caption words.
const TABLE_TARGETS: &[&str] = &["read_text", "read_workbook", "read_zip"];

/// The memory an input may make a target use before it counts as a crash.
/// 1 GB, but 2 GB for workbooks: calamine reads an old `.xls` sheet into a
/// dense grid, bounded by the format (65,536 rows × 256 columns, about
/// 1.1 GB at peak, found by this target: a 5.7 KB file with two far-apart
/// cells); the XLSX path is read sparsely within the build's limits.
fn memory_limit_mb(target: &str) -> u32 {
    if target == "read_workbook" {
        2048
    } else {
        1024
    }
}

/// Seconds per target of the short pass in `cargo xtask test`.
pub const SHORT_PASS_SECONDS: u64 = 4;

/// What one target's run did.
pub struct TargetRun {
    pub target: String,
    /// Inputs executed (libFuzzer's `stat::number_of_executed_units`).
    pub runs: u64,
    pub seconds: f64,
    /// Inputs in the target's corpus after the run.
    pub corpus: usize,
    /// The crash, timeout or out-of-memory input, when the target failed.
    pub failure: Option<String>,
}

/// `cargo xtask fuzz [--time S] [TARGET...]`.
pub fn main(seconds: u64, only: &[String]) -> Result<bool> {
    if let Some(t) = only.iter().find(|t| !TARGETS.contains(&t.as_str())) {
        bail!(
            "fuzz: unknown target `{t}` (one of: {})",
            TARGETS.join(", ")
        );
    }
    let targets: Vec<&str> = if only.is_empty() {
        TARGETS.to_vec()
    } else {
        only.iter().map(String::as_str).collect()
    };
    let runs = run(&targets, seconds)?;
    Ok(runs.iter().all(|r| r.failure.is_none()))
}

/// Installs cargo-fuzz if needed, builds every target and runs `targets` for
/// `seconds` each, printing a table. Returns each target's run; an error only
/// when nothing could be built.
pub fn run(targets: &[&str], seconds: u64) -> Result<Vec<TargetRun>> {
    install::cargo_fuzz()?;
    step(&format!(
        "Fuzzing: {} targets, {seconds} s each (cargo fuzz, libFuzzer)",
        targets.len()
    ));
    crate::util::run(&mut cargo_fuzz("build"))?;
    let mut out = Vec::new();
    for t in targets {
        out.push(run_target(t, seconds)?);
    }
    note("");
    note(&format!(
        "{:<16} {:>12} {:>9} {:>8}  result",
        "target", "executions", "exec/s", "corpus"
    ));
    for r in &out {
        note(&format!(
            "{:<16} {:>12} {:>9.0} {:>8}  {}",
            r.target,
            r.runs,
            r.runs as f64 / r.seconds.max(0.001),
            r.corpus,
            if r.failure.is_some() { "FAILED" } else { "ok" }
        ));
    }
    for r in out.iter().filter(|r| r.failure.is_some()) {
        note(&format!(
            "{}: {}",
            r.target,
            r.failure.as_deref().unwrap_or_default()
        ));
    }
    Ok(out)
}

/// `cargo fuzz SUBCOMMAND` with the flags every call shares.
fn cargo_fuzz(sub: &str) -> Command {
    let mut c = cmd("cargo");
    c.args(["fuzz", sub, "--sanitizer", "none"])
        .arg("--target-dir")
        .arg(target_dir())
        .current_dir(root().join("fuzz"))
        .env("RUSTC_BOOTSTRAP", "1");
    c
}

/// Where the fuzz builds go: beside the workspace's own, never in `fuzz/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("fuzz")
}

fn run_target(target: &str, seconds: u64) -> Result<TargetRun> {
    let corpus = scratch().join("fuzz/corpus").join(target);
    let artifacts = scratch().join("fuzz/artifacts").join(target);
    let seeds = root().join("fuzz/seeds").join(target);
    std::fs::create_dir_all(&corpus)?;
    std::fs::create_dir_all(&artifacts)?;
    let mut c = cargo_fuzz("run");
    c.arg(target).arg(&corpus);
    if seeds.is_dir() {
        c.arg(&seeds);
    }
    c.arg("--").args([
        format!("-max_total_time={seconds}"),
        "-timeout=10".into(),
        format!("-rss_limit_mb={}", memory_limit_mb(target)),
        format!("-malloc_limit_mb={}", memory_limit_mb(target)),
        "-print_final_stats=1".into(),
        "-max_len=65536".into(),
    ]);
    c.arg(format!("-artifact_prefix={}/", artifacts.display()));
    if TABLE_TARGETS.contains(&target) {
        c.arg(format!(
            "-dict={}",
            root().join("fuzz/dict/tables.dict").display()
        ));
    }
    step(&format!("fuzz {target}"));
    let started = Instant::now();
    let out = c
        .output()
        .with_context(|| format!("could not start cargo fuzz run {target}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&out.stderr);
    let runs = log
        .lines()
        .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let failure = (!out.status.success()).then(|| describe_failure(&log, &artifacts));
    if let Some(f) = &failure {
        // The whole log: the panic message and the backtrace are in it.
        println!("{log}");
        note(&format!("{target}: FAILED: {f}"));
        note(&format!(
            "replay: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -s none {target} <input>"
        ));
    } else {
        note(&format!("{target}: {runs} executions in {seconds:.0} s"));
    }
    Ok(TargetRun {
        target: target.to_string(),
        runs,
        seconds,
        corpus: count_files(&corpus),
        failure,
    })
}

/// The kind of failure and the input libFuzzer saved, from its log: a
/// panic's place and message, or libFuzzer's own error (timeout, out of memory).
fn describe_failure(log: &str, artifacts: &Path) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let kind = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| {
            let place = l.split_once("panicked at ").map(|(_, p)| p)?;
            let message = lines.get(i + 1).copied().unwrap_or_default();
            Some(format!("panic at {place} {message}"))
        })
        .or_else(|| {
            lines.iter().find_map(|l| {
                l.split_once("ERROR: libFuzzer: ")
                    .map(|(_, k)| k.to_string())
            })
        })
        .unwrap_or_else(|| "the target failed (see the log above)".into());
    let input = lines
        .iter()
        .find_map(|l| l.split_once("Test unit written to ").map(|(_, p)| p.trim()))
        .map(str::to_string)
        .unwrap_or_else(|| artifacts.display().to_string());
    format!("{kind}; input: {input}")
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.flatten().count())
}
