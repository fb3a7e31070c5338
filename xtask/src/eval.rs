//! `cargo xtask eval`: search quality against the demo's ground truth, and the index's size.
//!
//! Builds (or reuses) a demo registry with the `zhixin` binary, feeds every
//! query of `SRC/.zhixin-truth/queries.jsonl` to `zhixin search DIR - --json`
//! (one process, chunks kept across queries as the app keeps them), and prints
//! recall@1 and recall@5 per query kind: a query counts when one of its
//! expected codes is the first hit (recall@1) or among the first five.
//! Then the registry's file count and size, raw and gzip, per enterprise.
//!
//! Then (from main.rs) the second, independent evaluation (`eval2.rs`, tests/eval2).
//!
//! Options: `--count N` (default 10000 for the demo, 3000 for eval2), `--seed S` (default 1),
//! `--only demo|eval2`, `--rebuild`
//! (regenerate the demo source even if one for this count and seed exists;
//! the registry is always rebuilt from it, so index changes are measured),
//! `--dir DIR --truth FILE` (evaluate an existing registry instead).

use crate::util::{cmd, note, run as run_cmd, scratch, show, step};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use serde::Deserialize;

/// One ground-truth query (a line of `queries.jsonl`; other keys are ignored).
#[derive(Debug, Deserialize)]
pub(crate) struct Truth {
    pub kind: String,
    pub query: String,
    pub expected: Vec<String>,
}

/// The options of `cargo xtask eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Enterprises (default 10000 for the demo, 3000 for eval2).
    #[arg(long, value_name = "N")]
    pub(crate) count: Option<usize>,
    /// Only one evaluation: demo or eval2.
    #[arg(long, value_name = "demo|eval2")]
    pub(crate) only: Option<String>,
    /// The demo's seed.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub(crate) seed: u64,
    /// Regenerate the demo source even if one for this count and seed exists.
    #[arg(long)]
    pub(crate) rebuild: bool,
    /// Evaluate an existing registry (with --truth) instead.
    #[arg(long, value_name = "DIR", requires = "truth")]
    pub(crate) dir: Option<PathBuf>,
    /// Its ground truth (`queries.jsonl`, with --dir).
    #[arg(long, value_name = "FILE", requires = "dir")]
    pub(crate) truth: Option<PathBuf>,
}

/// Runs the evaluation.
pub fn run(args: Args) -> Result<()> {
    let Args {
        count,
        only: _, // which evaluations run is decided in main.rs
        seed,
        rebuild,
        dir,
        truth,
    } = args;
    let count = count.unwrap_or(10_000);

    let (dir, truth) = match (dir, truth) {
        (Some(d), Some(t)) => (d, t),
        (None, None) => prepare(count, seed, rebuild)?,
        _ => bail!("--dir and --truth go together"),
    };
    let queries = read_truth(&truth)?;
    if queries.is_empty() {
        bail!("{} holds no queries", truth.display());
    }

    step(&format!("searching {} queries", queries.len()));
    let started = Instant::now();
    let answers = search_batch(&dir, &queries)?;
    let elapsed = started.elapsed();
    note(&format!(
        "{:.2} ms per query on average, one process, chunks kept across queries",
        elapsed.as_secs_f64() * 1000.0 / queries.len() as f64
    ));

    // kind → (queries, hits@1, hits@5)
    let mut per_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut misses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (q, got) in queries.iter().zip(&answers) {
        let e = per_kind.entry(q.kind.as_str()).or_default();
        e.0 += 1;
        let at = got.iter().position(|u| q.expected.contains(u));
        if at == Some(0) {
            e.1 += 1;
        }
        if at.is_some_and(|i| i < 5) {
            e.2 += 1;
        }
        if at != Some(0) {
            let m = misses.entry(q.kind.as_str()).or_default();
            if m.len() < 3 {
                m.push(format!(
                    "{:?} → {:?} (expected {:?})",
                    q.query,
                    got.first(),
                    q.expected
                ));
            }
        }
    }
    println!(
        "\n{:<20} {:>7} {:>10} {:>10}",
        "kind", "queries", "recall@1", "recall@5"
    );
    for (kind, (n, r1, r5)) in &per_kind {
        println!(
            "{:<20} {:>7} {:>10.4} {:>10.4}",
            kind,
            n,
            *r1 as f64 / *n as f64,
            *r5 as f64 / *n as f64
        );
    }
    for (kind, m) in &misses {
        for line in m {
            note(&format!("miss [{kind}] {line}"));
        }
    }
    size_report(&dir)?;
    Ok(())
}

/// Generates and builds the demo registry for `count` and `seed` unless it exists.
fn prepare(count: usize, seed: u64, rebuild: bool) -> Result<(PathBuf, PathBuf)> {
    let base = scratch().join(format!("eval-{count}-{seed}"));
    let src = base.join("src");
    let dir = base.join("registry");
    let truth = src.join(".zhixin-truth").join("queries.jsonl");
    if rebuild || !truth.is_file() {
        step(&format!("demo source: {count} enterprises, seed {seed}"));
        if base.exists() {
            std::fs::remove_dir_all(&base)
                .with_context(|| format!("removing {}", base.display()))?;
        }
        run_cmd(zhixin()?.args(["demo", "--out"]).arg(&src).args([
            "--count",
            &count.to_string(),
            "--seed",
            &seed.to_string(),
        ]))?;
    } else {
        note(&format!(
            "reusing the demo source in {} (--rebuild to regenerate)",
            src.display()
        ));
    }
    step("building the registry");
    run_cmd(zhixin()?.arg("build").arg(&src).arg("--out").arg(&dir))?;
    Ok((dir, truth))
}

/// `zhixin …`, built optimised once per run; the binary is then run
/// directly so that the timing below is the search's, not cargo's.
pub(crate) fn zhixin() -> Result<std::process::Command> {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    if BUILT.get().is_none() {
        step("building zhixin (release)");
        run_cmd(cmd("cargo").args(["build", "--quiet", "--release", "--bin", "zhixin"]))?;
        let target = crate::dist::target_dir();
        let _ = BUILT.set(
            target
                .join("release")
                .join(format!("zhixin{}", std::env::consts::EXE_SUFFIX)),
        );
    }
    let bin = BUILT.get().context("zhixin was not built")?;
    Ok(cmd(bin))
}

/// Runs every query in one `zhixin search DIR - --json --limit 5` and returns
/// the codes of each answer, in order.
pub(crate) fn search_batch(dir: &Path, queries: &[Truth]) -> Result<Vec<Vec<String>>> {
    let mut c = zhixin()?;
    c.arg("search")
        .arg(dir)
        .args(["-", "--json", "--limit", "5"]);
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let shown = show(&c);
    let mut child = c
        .spawn()
        .with_context(|| format!("could not start `{shown}`"))?;
    let mut stdin = child.stdin.take().context("no stdin")?;
    // Queries with a line break would split; the ground truth has none, but
    // a stray one must not shift every later answer.
    let input: String = queries
        .iter()
        .map(|q| format!("{}\n", q.query.replace(['\n', '\r'], " ")))
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writer thread failed"))??;
    if !out.status.success() {
        bail!("`{shown}` failed ({})", out.status);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() != queries.len() {
        bail!(
            "`{shown}` printed {} lines for {} queries",
            lines.len(),
            queries.len()
        );
    }
    Ok(lines.iter().map(|l| codes_in(l)).collect())
}

/// The `"uscc"` values of a `search --json` line (an array of hits), in order.
fn codes_in(line: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Hit {
        uscc: String,
    }
    serde_json::from_str::<Vec<Hit>>(line)
        .map(|hits| hits.into_iter().map(|h| h.uscc).collect())
        .unwrap_or_default()
}

/// One line of a truth file.
fn truth_line(line: &str) -> Result<Truth> {
    Ok(serde_json::from_str(line)?)
}

pub(crate) fn read_truth(path: &Path) -> Result<Vec<Truth>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read {} (does `zhixin demo` write the ground truth yet?)",
            path.display()
        )
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(truth_line(line).with_context(|| {
            format!(
                "{}:{}: needs \"kind\", \"query\" and an \"expected\" array of codes",
                path.display(),
                i + 1
            )
        })?);
    }
    Ok(out)
}

/// Files, bytes raw and gzip, per family (first path component).
fn size_report(dir: &Path) -> Result<()> {
    step(&format!("index size: {}", dir.display()));
    let mut fam: BTreeMap<String, (usize, u64, u64)> = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(dir).unwrap_or(&p);
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .unwrap_or_default();
            let key = if rel.components().count() > 1 {
                first
            } else {
                "(top)".into()
            };
            let bytes = std::fs::read(&p)?;
            let e = fam.entry(key).or_default();
            e.0 += 1;
            e.1 += bytes.len() as u64;
            e.2 += gzip_len(&bytes);
        }
    }
    let enterprises = std::fs::read_to_string(dir.join("meta.json"))
        .ok()
        .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
        .and_then(|m| m["counts"]["enterprises"].as_f64())
        .unwrap_or(0.0)
        .max(1.0);
    println!(
        "{:<10} {:>7} {:>12} {:>12}",
        "family", "files", "raw", "gzip"
    );
    let mut total = (0usize, 0u64, 0u64);
    for (k, (n, raw, gz)) in &fam {
        println!("{k:<10} {n:>7} {raw:>12} {gz:>12}");
        total = (total.0 + n, total.1 + raw, total.2 + gz);
    }
    println!(
        "{:<10} {:>7} {:>12} {:>12}",
        "total", total.0, total.1, total.2
    );
    note(&format!(
        "{} enterprises: {:.0} B raw, {:.0} B gzip per enterprise",
        enterprises,
        total.1 as f64 / enterprises,
        total.2 as f64 / enterprises
    ));
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len() as u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_truth_line_with_escapes() {
        let v = truth_line(r#"{"kind":"exact-name","query":"青岛\"银康\"\u94f6","expected":["A","B"],"n":1.5,"x":null}"#)
            .unwrap();
        assert_eq!(v.kind, "exact-name");
        assert_eq!(v.query, "青岛\"银康\"银");
        assert_eq!(v.expected, ["A", "B"]);
        assert!(truth_line("{\"a\":").is_err());
    }

    #[test]
    fn codes_come_out_of_a_search_line_in_order() {
        let line = r#"[{"uscc":"X1","name":"a\"uscc\":\"no","score":1.0,"matched":"name"},{"uscc":"X2","name":"b","score":0.5,"matched":"fuzzy"}]"#;
        assert_eq!(codes_in(line), ["X1", "X2"]);
    }
}
