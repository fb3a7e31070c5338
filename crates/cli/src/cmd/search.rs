//! `zhixin search DIR QUERY [--limit N] [--json]`: searches a registry like the app's search box.

use crate::today::parse_day;
use anyhow::{bail, Context, Result};
use clap::Args;
use serde::Serialize;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use zhixin_compiler::index::read;
use zhixin_core::{Chunks, Day, Filters, Hit, Meta, Scheme};

/// Search a registry like the app's search box; QUERY `-` reads one query per line from stdin.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The registry folder written by `zhixin build`.
    pub dir: PathBuf,
    /// A name, part of one, pinyin, a brand, a former name or a credit code; `-` for stdin.
    pub query: String,
    /// At most this many results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print a JSON array (one per line in batch mode).
    #[arg(long)]
    pub json: bool,
    /// Only enterprises with a blacklist listing in force.
    #[arg(long)]
    pub blacklisted: bool,
    /// Only enterprises with a current honour.
    #[arg(long)]
    pub honours: bool,
    /// Only enterprises with a current grade in this scheme (quality-integrity, credit-rating, quality-credit).
    #[arg(long, value_parser = parse_scheme)]
    pub scheme: Option<Scheme>,
    /// With --scheme: this grade or better.
    #[arg(long, requires = "scheme")]
    pub min_grade: Option<String>,
    /// Only codes whose division digits start with this (e.g. 35 or 3502).
    #[arg(long)]
    pub region: Option<String>,
    /// Only enterprises whose industry contains this.
    #[arg(long)]
    pub industry: Option<String>,
    /// The date status filters are evaluated on (default: the registry's as-of date).
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<Day>,
}

fn parse_scheme(s: &str) -> Result<Scheme, String> {
    Scheme::parse(s).ok_or_else(|| {
        format!("unknown scheme '{s}': use quality-integrity, credit-rating or quality-credit")
    })
}

/// One element of the `search --json` array (shared/spec/cli.md).
#[derive(Serialize)]
struct JsonHit<'a> {
    uscc: &'a str,
    name: &'a str,
    score: f32,
    matched: &'static str,
}

/// The most bytes of chunks a batch keeps between queries (what the search
/// decoded from them comes on top, a few times as much).
const BATCH_CHUNK_BYTES: usize = 64 << 20;

pub fn run(args: SearchArgs) -> Result<ExitCode> {
    let meta = read::open(&args.dir)?;
    let filters = Filters {
        blacklisted: args.blacklisted,
        honours: args.honours,
        scheme: args.scheme,
        min_grade: args.min_grade.clone(),
        region: args.region.clone(),
        industry: args.industry.clone(),
        on: args.as_of.or(meta.as_of),
    };
    let mut chunks = Chunks::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Files that could not be used, each named once on stderr as it is met.
    let mut damaged = std::collections::BTreeSet::new();
    if args.query == "-" {
        // Batch mode keeps fetched chunks across queries, as the app keeps
        // them across keystrokes, within a budget (bytes and what was decoded
        // from them): past it, the half read least recently is forgotten.
        for line in std::io::stdin().lock().lines() {
            let line = line.context("cannot read queries from stdin")?;
            if chunks.held_cost() > BATCH_CHUNK_BYTES {
                chunks.trim(BATCH_CHUNK_BYTES / 2);
            }
            let hits = one(&args, &meta, &mut chunks, &line, &filters, &mut damaged);
            print_hits(&mut out, &hits, args.json, true)?;
        }
    } else {
        let hits = one(
            &args,
            &meta,
            &mut chunks,
            &args.query,
            &filters,
            &mut damaged,
        );
        print_hits(&mut out, &hits, args.json, false)?;
    }
    if !damaged.is_empty() {
        // The results printed come from the other files; a script must not
        // take them for the registry's whole answer.
        bail!(
            "the registry in {} is damaged: {} could not be read (named above), so results may be missing; \
             rebuild it with `zhixin build` or restore those files",
            args.dir.display(),
            if damaged.len() == 1 {
                "1 file".to_string()
            } else {
                format!("{} files", damaged.len())
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn one(
    args: &SearchArgs,
    meta: &Meta,
    chunks: &mut Chunks,
    q: &str,
    f: &Filters,
    damaged: &mut std::collections::BTreeSet<String>,
) -> Vec<Hit> {
    let mut found = read::search(&args.dir, meta, chunks, q, f, args.limit);
    for e in &found.errors {
        if damaged.insert(e.path.clone().unwrap_or_else(|| e.to_string())) {
            eprintln!(
                "zhixin: warning: {}; results come from the other files",
                crate::text::clean(&e.to_string())
            );
        }
    }
    if found.repaired && !args.json {
        eprintln!("zhixin: no enterprise has code {q}; these codes are one character away:");
    }
    if !args.json {
        if let Some(line) = count_line(&found, args.limit) {
            eprintln!("zhixin: {line}");
        }
    }
    std::mem::take(&mut found.hits)
}

/// What text mode says on stderr besides the hits: that a company form
/// alone is too common to search, or how many enterprises match when more
/// than those listed do ("10 of 1,234"), and how to see more.
fn count_line(found: &read::Found, limit: usize) -> Option<String> {
    if found.too_common {
        return Some(
            "a company form alone is part of almost every name; type more of the name \
             (a trade name, a place) or a credit code"
                .to_string(),
        );
    }
    let total = found.total?;
    let shown = found.hits.len();
    if shown == 0 || total.at_least <= shown {
        return None;
    }
    let of = if total.more {
        format!("at least {}", total.grouped())
    } else {
        total.grouped()
    };
    Some(format!(
        "{shown} of {of} results; --limit {} shows more",
        (limit * 2).max(shown + 10)
    ))
}

fn print_hits(out: &mut impl Write, hits: &[Hit], json: bool, one_line: bool) -> Result<()> {
    if json {
        let v: Vec<JsonHit> = hits
            .iter()
            .map(|h| JsonHit {
                uscc: &h.uscc,
                name: &h.name,
                score: h.score,
                matched: h.matched.id(),
            })
            .collect();
        if one_line {
            writeln!(out, "{}", serde_json::to_string(&v)?)?;
        } else {
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
    } else {
        if hits.is_empty() {
            writeln!(out, "no match")?;
        }
        for h in hits {
            writeln!(
                out,
                "{:.3}  {:<15} {}  {}",
                h.score,
                h.matched.id(),
                h.uscc,
                crate::text::clean(&h.name)
            )?;
        }
    }
    Ok(())
}
