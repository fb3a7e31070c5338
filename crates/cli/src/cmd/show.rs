//! `zhixin show DIR USCC [--as-of D] [--json]`: one enterprise with its status as of a date;
//! `zhixin show DIR - …`: a batch check, one code or name per line of stdin.

use crate::today::{parse_day, today_cst};
use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use zhixin_compiler::index::read;
use zhixin_core::batch::{self, BatchResult, Resolved};
use zhixin_core::{uscc, Chunks, Day, EnterpriseView, Filters, Meta};

/// Show one enterprise, its grades, listings, honours and spot checks, with status as of a date.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The registry folder written by `zhixin build`.
    pub dir: PathBuf,
    /// The enterprise's unified social credit code; `-` reads one code or name per line from stdin.
    pub uscc: String,
    /// Compute status as of this date (default: today in UTC+8).
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<Day>,
    /// Print the JSON object of the CLI contract.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ShowArgs) -> Result<ExitCode> {
    if args.uscc == "-" {
        return batch_run(&args);
    }
    let code = uscc::normalize(&args.uscc);
    if let Err(e) = uscc::validate(&code) {
        bail!("'{}' is not a valid unified social credit code: {e}; check it with `zhixin check {code}`", args.uscc);
    }
    let meta = read::open(&args.dir)?;
    let Some(record) = read::record(&args.dir, &meta, &code)? else {
        eprintln!(
            "zhixin: no enterprise with code {code} in {}",
            args.dir.display()
        );
        // A code copied with one wrong character may still pass both checks
        // by chance; the search repairs codes and names the likely original.
        let found = read::search(
            &args.dir,
            &meta,
            &mut Chunks::new(),
            &code,
            &Filters::default(),
            5,
        );
        if found.repaired {
            for h in &found.hits {
                eprintln!("  did you mean {} {}?", h.uscc, crate::text::clean(&h.name));
            }
        }
        return Ok(ExitCode::from(1));
    };
    let view = EnterpriseView::new(&record, args.as_of.unwrap_or_else(today_cst));
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print_text(&view)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(v: &EnterpriseView) -> Result<()> {
    textln!("{}  {}", v.uscc, v.name);
    if !v.former_names.is_empty() {
        textln!("  former names: {}", v.former_names.join("; "));
    }
    let status = if v.blacklisted {
        "BLACKLISTED".to_string()
    } else if !v.cautions.is_empty() {
        format!(
            "caution: {}",
            v.cautions
                .iter()
                .map(|c| c.id())
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        "no listing in force".to_string()
    };
    textln!("  status as of {}: {status}", v.as_of);
    for (scheme, grade) in &v.grades {
        textln!("  grade {}: {grade}", scheme.id());
    }
    for l in &v.listings {
        let ends = l.ends_on.map(|d| format!(", ends {d}")).unwrap_or_default();
        // Annulment, removal after credit repair and the end by the time rules are different things.
        let state = if l.annulled {
            "annulled (never in force)".to_string()
        } else if l.repaired {
            format!(
                "removed after credit repair on {}{}",
                l.removed_on.map(|d| d.to_string()).unwrap_or_default(),
                l.removed_by
                    .as_deref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default()
            )
        } else if l.in_force {
            "in force".to_string()
        } else {
            "not in force".to_string()
        };
        textln!(
            "  listing {} listed {}{} — {state} ({})",
            l.list.id(),
            l.listed_on,
            ends,
            l.source.source
        );
    }
    for h in &v.honours {
        textln!(
            "  honour {} {} — {}",
            h.kind.id(),
            h.title,
            if h.current { "current" } else { "expired" }
        );
    }
    for s in &v.spot_checks {
        textln!(
            "  spot check {} {} on {}",
            s.product,
            s.result.id(),
            s.published_on
        );
    }
    Ok(())
}

/// The most bytes of search chunks a batch keeps between lines (as `search -`).
const BATCH_CHUNK_BYTES: usize = 64 << 20;

/// The batch check: for each line of stdin, in order, the enterprise it
/// resolves to (`zhixin_core::batch`: a valid code exactly, else an exact
/// name, else the search's best match with its runner-up) as of the date,
/// or `null` (text: `not found`) for a blank line or no match.
fn batch_run(args: &ShowArgs) -> Result<ExitCode> {
    let meta = read::open(&args.dir)?;
    let day = args.as_of.unwrap_or_else(today_cst);
    let mut chunks = Chunks::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.context("cannot read codes or names from stdin")?;
        if chunks.held_bytes() > BATCH_CHUNK_BYTES {
            chunks.trim(BATCH_CHUNK_BYTES / 2);
        }
        let result = batch_one(args, &meta, &mut chunks, &line, day)?;
        if args.json {
            outln!("{}", serde_json::to_string(&result)?);
        } else {
            match &result {
                Some(r) => {
                    let confirm = match r.resolved {
                        Resolved::BestMatch => " (best match: please confirm)",
                        _ => "",
                    };
                    textln!(
                        "{}  →  {}  {}{confirm}  {}",
                        r.query,
                        r.view.uscc,
                        r.view.name,
                        batch::status_id(&r.view)
                    );
                }
                None => textln!("{}  →  not found", line.trim()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn batch_one(
    args: &ShowArgs,
    meta: &Meta,
    chunks: &mut Chunks,
    line: &str,
    day: Day,
) -> Result<Option<BatchResult>> {
    let Some(query) = batch::query_of_line(line) else {
        return Ok(None);
    };
    let (code, resolved, runner_up) = match batch::valid_code(&query) {
        Some(code) => (code, Resolved::Code, None),
        None => {
            let found = read::search(
                &args.dir,
                meta,
                chunks,
                &query,
                &Filters::default(),
                batch::BATCH_HITS,
            );
            if let Some(e) = found.errors.first() {
                // A damaged file could hide the right enterprise: say so
                // rather than answer from the rest.
                bail!(
                    "{}; the registry in {} is damaged: rebuild it with `zhixin build` or restore that file",
                    crate::text::clean(&e.to_string()),
                    args.dir.display()
                );
            }
            match batch::resolve_name(&query, &found.hits) {
                Some(r) => r,
                None => return Ok(None),
            }
        }
    };
    let Some(record) = read::record(&args.dir, meta, &code)? else {
        return Ok(None);
    };
    Ok(Some(BatchResult {
        query,
        resolved,
        runner_up,
        view: EnterpriseView::new(&record, day),
    }))
}
