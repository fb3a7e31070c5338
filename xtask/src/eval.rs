//! `cargo xtask eval`: search quality against the demo's ground truth, and the index's size.
//!
//! Builds (or reuses) a demo registry with the `zhixin` binary, feeds every
//! query of `SRC/.zhixin-truth/queries.jsonl` to `zhixin search DIR - --json`
//! (one process, chunks kept across queries as the app keeps them), and prints
//! recall@1 and recall@5 per query kind: a query counts when one of its
//! expected codes is the first hit (recall@1) or among the first five.
//! Then the registry's file count and size, raw and gzip, per enterprise.
//!
//! Then the second, independent evaluation (`crate::eval2`, tests/eval2).
//!
//! Options: `--count N` (default 10000 for the demo, 3000 for eval2), `--seed S` (default 1),
//! `--only demo|eval2`, `--rebuild`
//! (regenerate the demo source even if one for this count and seed exists;
//! the registry is always rebuilt from it, so index changes are measured),
//! `--dir DIR --truth FILE` (evaluate an existing registry instead).
//!
//! Only xtask's own dependencies are used: the truth file's JSON is read by
//! the small reader below rather than by pulling serde into xtask.

use crate::util::{cmd, note, run as run_cmd, scratch, show, step};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

/// One ground-truth query.
#[derive(Debug)]
pub(crate) struct Truth {
    pub kind: String,
    pub query: String,
    pub expected: Vec<String>,
}

/// Runs the evaluation.
pub fn run(args: &[String]) -> Result<()> {
    let mut count: Option<usize> = None;
    let mut only: Option<String> = None;
    let mut seed = 1u64;
    let mut rebuild = false;
    let mut dir: Option<PathBuf> = None;
    let mut truth: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = |name: &str| {
            it.next()
                .cloned()
                .with_context(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--count" => count = Some(val("--count")?.parse().context("--count: a number")?),
            "--only" => only = Some(val("--only")?),
            "--seed" => seed = val("--seed")?.parse().context("--seed: a number")?,
            "--rebuild" => rebuild = true,
            "--dir" => dir = Some(PathBuf::from(val("--dir")?)),
            "--truth" => truth = Some(PathBuf::from(val("--truth")?)),
            other => bail!("unknown option {other} (use --count N, --seed S, --only demo|eval2, --rebuild, --dir DIR --truth FILE)"),
        }
    }
    match only.as_deref() {
        None | Some("demo") => {}
        Some("eval2") => {
            return crate::eval2::run(count.unwrap_or(crate::eval2::DEFAULT_COUNT), seed, rebuild)
        }
        Some(other) => bail!("--only {other}: use demo or eval2"),
    }
    let count_given = count;
    let count = count.unwrap_or(10_000);
    // An existing registry given by path is evaluated alone.
    let with_eval2 = only.is_none() && dir.is_none();

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
    if with_eval2 {
        let count2 = count_given.unwrap_or(crate::eval2::DEFAULT_COUNT);
        crate::eval2::run(count2, seed, rebuild)?;
    }
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

/// The `"uscc"` values of a `search --json` line, in order. A quote inside a
/// JSON string is escaped, so the key pattern cannot occur inside a value.
fn codes_in(line: &str) -> Vec<String> {
    let key = "\"uscc\":\"";
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find(key) {
        rest = &rest[i + key.len()..];
        if let Some(j) = rest.find('"') {
            out.push(rest[..j].to_string());
            rest = &rest[j..];
        }
    }
    out
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
        let v =
            Json::parse(line).with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let s = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_string);
        let (Some(kind), Some(query)) = (s("kind"), s("query")) else {
            bail!("{}:{}: needs \"kind\" and \"query\"", path.display(), i + 1);
        };
        let expected = match v.get("expected") {
            Some(Json::Arr(a)) => a
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect(),
            _ => bail!("{}:{}: needs an \"expected\" array", path.display(), i + 1),
        };
        out.push(Truth {
            kind,
            query,
            expected,
        });
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
        .and_then(|m| Json::parse(&m).ok())
        .and_then(|m| {
            m.get("counts")
                .and_then(|c| c.get("enterprises"))
                .and_then(Json::as_f64)
        })
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

/// A JSON value: just enough for the ground-truth lines and `meta.json` counts.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn parse(s: &str) -> Result<Json> {
        let b: Vec<char> = s.chars().collect();
        let mut p = 0;
        let v = value(&b, &mut p)?;
        skip_ws(&b, &mut p);
        if p != b.len() {
            bail!("trailing characters at {p}");
        }
        Ok(v)
    }

    fn get(&self, k: &str) -> Option<&Json> {
        match self {
            Json::Obj(v) => v.iter().find(|(key, _)| key == k).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Num(n) => Some(*n),
            _ => None,
        }
    }
}

fn skip_ws(b: &[char], p: &mut usize) {
    while b.get(*p).is_some_and(|c| c.is_whitespace()) {
        *p += 1;
    }
}

fn value(b: &[char], p: &mut usize) -> Result<Json> {
    skip_ws(b, p);
    match b.get(*p) {
        Some('{') => {
            *p += 1;
            let mut v = Vec::new();
            loop {
                skip_ws(b, p);
                if b.get(*p) == Some(&'}') {
                    *p += 1;
                    return Ok(Json::Obj(v));
                }
                let Json::Str(k) = value(b, p)? else {
                    bail!("object key is not a string at {p}")
                };
                skip_ws(b, p);
                if b.get(*p) != Some(&':') {
                    bail!("expected ':' at {p}");
                }
                *p += 1;
                v.push((k, value(b, p)?));
                skip_ws(b, p);
                match b.get(*p) {
                    Some(',') => *p += 1,
                    Some('}') => {}
                    _ => bail!("expected ',' or '}}' at {p}"),
                }
            }
        }
        Some('[') => {
            *p += 1;
            let mut v = Vec::new();
            loop {
                skip_ws(b, p);
                if b.get(*p) == Some(&']') {
                    *p += 1;
                    return Ok(Json::Arr(v));
                }
                v.push(value(b, p)?);
                skip_ws(b, p);
                match b.get(*p) {
                    Some(',') => *p += 1,
                    Some(']') => {}
                    _ => bail!("expected ',' or ']' at {p}"),
                }
            }
        }
        Some('"') => {
            *p += 1;
            let mut s = String::new();
            loop {
                match b.get(*p) {
                    None => bail!("unterminated string"),
                    Some('"') => {
                        *p += 1;
                        return Ok(Json::Str(s));
                    }
                    Some('\\') => {
                        let c = b.get(*p + 1).copied();
                        *p += 2;
                        match c {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('r') => s.push('\r'),
                            Some('b') => s.push('\u{8}'),
                            Some('f') => s.push('\u{c}'),
                            Some('u') => {
                                let hex = |p: usize| -> Result<u32> {
                                    let h: String = b
                                        .get(p..p + 4)
                                        .context("short \\u escape")?
                                        .iter()
                                        .collect();
                                    Ok(u32::from_str_radix(&h, 16)?)
                                };
                                let mut u = hex(*p)?;
                                *p += 4;
                                if (0xD800..0xDC00).contains(&u)
                                    && b.get(*p) == Some(&'\\')
                                    && b.get(*p + 1) == Some(&'u')
                                {
                                    let lo = hex(*p + 2)?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                                        *p += 6;
                                    }
                                }
                                s.push(char::from_u32(u).unwrap_or('\u{FFFD}'));
                            }
                            Some(c) => s.push(c),
                            None => bail!("unterminated escape"),
                        }
                    }
                    Some(&c) => {
                        s.push(c);
                        *p += 1;
                    }
                }
            }
        }
        Some('t')
            if b.get(*p..*p + 4)
                .is_some_and(|w| w.iter().collect::<String>() == "true") =>
        {
            *p += 4;
            Ok(Json::Bool(true))
        }
        Some('f')
            if b.get(*p..*p + 5)
                .is_some_and(|w| w.iter().collect::<String>() == "false") =>
        {
            *p += 5;
            Ok(Json::Bool(false))
        }
        Some('n')
            if b.get(*p..*p + 4)
                .is_some_and(|w| w.iter().collect::<String>() == "null") =>
        {
            *p += 4;
            Ok(Json::Null)
        }
        Some(c) if *c == '-' || c.is_ascii_digit() => {
            let start = *p;
            while b
                .get(*p)
                .is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(*c))
            {
                *p += 1;
            }
            let t: String = b[start..*p].iter().collect();
            Ok(Json::Num(
                t.parse().with_context(|| format!("bad number {t}"))?,
            ))
        }
        _ => bail!("unexpected character at {p}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_truth_line_with_escapes() {
        let v = Json::parse(r#"{"kind":"exact-name","query":"青岛\"银康\"\u94f6","expected":["A","B"],"n":1.5,"x":null}"#)
            .unwrap();
        assert_eq!(
            v.get("query").and_then(Json::as_str),
            Some("青岛\"银康\"银")
        );
        assert_eq!(
            v.get("expected"),
            Some(&Json::Arr(vec![
                Json::Str("A".into()),
                Json::Str("B".into())
            ]))
        );
        assert!(Json::parse("{\"a\":").is_err());
    }

    #[test]
    fn codes_come_out_of_a_search_line_in_order() {
        let line = r#"[{"uscc":"X1","name":"a\"uscc\":\"no","score":1.0,"matched":"name"},{"uscc":"X2","name":"b","score":0.5,"matched":"fuzzy"}]"#;
        assert_eq!(codes_in(line), ["X1", "X2"]);
    }
}
