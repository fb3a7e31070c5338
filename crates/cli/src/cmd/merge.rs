//! `zhixin merge PART… --out DIR [--strict] [--progress] [--grace-period D]
//! [--skip-unreadable] [--sign KEY] [--previous OLD_DIR] [--keep-changes N]`: joins the partition folders of
//! `zhixin build --partition K/N` into one registry, byte for byte the one a
//! single build of the whole source folder writes, without reading the
//! source tables again.

use anyhow::{Context, Result};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use zhixin_compiler::partition::merge;
use zhixin_compiler::BuildOptions;

/// Join partition folders (`zhixin build SRC --partition K/N --out PART`) into a registry in DIR.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Every partition folder of the build, 1/N to N/N, in any order.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// The registry folder to write (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Exit 2 when any row is rejected or any file is unrecognised.
    #[arg(long)]
    pub strict: bool,
    /// Print each phase's progress and times on stderr (default: only on a terminal).
    #[arg(long)]
    pub progress: bool,
    /// How long the files of the build this one replaces stay in DIR (see `zhixin build`).
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = zhixin_compiler::publish::parse_duration)]
    pub grace_period: std::time::Duration,
    /// Publish even when some source files could not be read (see `zhixin build`).
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Sign meta.json with this secret key (see `zhixin build --sign`).
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,
    /// The previous build the change feed compares with (see `zhixin build`).
    #[arg(long, value_name = "OLD_DIR")]
    pub previous: Option<PathBuf>,
    /// How many builds the change feed keeps (see `zhixin build`).
    #[arg(long, value_name = "N", default_value_t = zhixin_compiler::changes::DEFAULT_KEEP,
          value_parser = clap::value_parser!(usize))]
    pub keep_changes: usize,
}

pub fn run(args: MergeArgs) -> Result<ExitCode> {
    // The date comes from the partitions (all built as of one date).
    let mut opts = BuildOptions::new(crate::today::today_cst());
    opts.strict = args.strict;
    opts.progress = args.progress || std::io::stderr().is_terminal();
    opts.grace = args.grace_period;
    opts.skip_unreadable = args.skip_unreadable;
    opts.previous = args.previous;
    opts.keep_changes = args.keep_changes.max(1);
    opts.sign = args
        .sign
        .as_deref()
        .map(crate::cmd::keygen::signer)
        .transpose()?;
    let outcome = merge(&args.parts, &args.out, &opts)
        .with_context(|| format!("could not merge the partitions into {}", args.out.display()))?;
    crate::cmd::build::finish(&outcome, &args.out)
}
