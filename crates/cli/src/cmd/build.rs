//! `zhixin build SRC --out DIR [--as-of D] [--strict] [--progress]`: compiles source tables into a registry.

use crate::today::{parse_day, today_cst};
use anyhow::{Context, Result};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use zhixin_compiler::{build, BuildOptions};
use zhixin_core::Day;

/// Compile every table in SRC into a static registry in DIR, with DIR/report.json.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The source folder: CSV, TSV, XLSX and XLS tables (see the source-lists contract).
    pub src: PathBuf,
    /// The registry folder to write (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The date the data stands at (default: today in UTC+8).
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<Day>,
    /// Exit 2 when any row is rejected or any file is unrecognised.
    #[arg(long)]
    pub strict: bool,
    /// Print each phase's progress and times on stderr (default: only on a terminal).
    #[arg(long)]
    pub progress: bool,
    /// How long the files of the build this one replaces stay in DIR, so that
    /// a page opened before the switch still loads them: 0, 90s, 30m, 12h, 7d.
    /// Older leftovers are deleted by the next build.
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = zhixin_compiler::publish::parse_duration)]
    pub grace_period: std::time::Duration,
}

pub fn run(args: BuildArgs) -> Result<ExitCode> {
    let opts = BuildOptions {
        as_of: args.as_of.unwrap_or_else(today_cst),
        strict: args.strict,
        progress: args.progress || std::io::stderr().is_terminal(),
        grace: args.grace_period,
    };
    let outcome = build(&args.src, &args.out, &opts).with_context(|| {
        format!(
            "could not build a registry from {} into {}",
            args.src.display(),
            args.out.display()
        )
    })?;
    outln!("{}", outcome.summary());
    if outcome.strict_failed {
        eprintln!(
            "zhixin: --strict: rows were rejected or files not recognised; see {}",
            args.out.join("report.json").display()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
