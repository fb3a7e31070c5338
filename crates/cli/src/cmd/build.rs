//! `zhixin build SRC --out DIR [--as-of D] [--strict] [--progress] [--grace-period D]
//! [--skip-unreadable] [--sign KEY] [--follow-symlinks] [--max-…] [--previous OLD_DIR] [--keep-changes N]
//! [--partition K/N]`: compiles source tables into a registry (or, with
//! `--partition`, one share of them into a partition folder for `zhixin merge`).

use crate::today::{parse_day, today_cst};
use anyhow::{Context, Result};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use zhixin_compiler::partition::{build_partition, Partition};
use zhixin_compiler::{build, BuildOptions, BuildOutcome, Limits};
use zhixin_core::Day;

/// Compile every table in SRC into a static registry in DIR, with DIR/report.json.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The source folder: CSV, TSV, XLSX and XLS tables (see the source-lists contract).
    pub src: PathBuf,
    #[command(flatten)]
    pub publish: PublishArgs,
    /// The date the data stands at (default: today in UTC+8).
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<Day>,
    /// Read the files and folders that symbolic links in SRC point to
    /// (by default links are listed in report.json as skipped).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Largest uncompressed size of a zipped workbook (XLSX, ODS), in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().workbook_bytes)]
    pub max_workbook_bytes: u64,
    /// Most cells with a value in one sheet.
    #[arg(long, value_name = "N", default_value_t = Limits::default().cells)]
    pub max_cells: u64,
    /// Rightmost column a sheet may have a value in (1000 = column ALL).
    #[arg(long, value_name = "N", default_value_t = Limits::default().columns)]
    pub max_columns: u32,
    /// Most characters in one cell of a workbook.
    #[arg(long, value_name = "N", default_value_t = Limits::default().cell_chars)]
    pub max_cell_chars: u64,
    /// Read only share K of N of the source files and write them, converted,
    /// into the partition folder --out; `zhixin merge` joins the N partition
    /// folders into the registry one build of SRC would write.
    #[arg(long, value_name = "K/N", value_parser = parse_partition)]
    pub partition: Option<Partition>,
}

fn parse_partition(s: &str) -> Result<Partition, String> {
    s.parse()
}

pub fn run(args: BuildArgs) -> Result<ExitCode> {
    if args.partition.is_some() && args.publish.sign.is_some() {
        anyhow::bail!(
            "--sign signs a registry, and a partition is not one yet: give --sign to `zhixin merge`"
        );
    }
    let mut opts = BuildOptions::new(args.as_of.unwrap_or_else(today_cst));
    opts.follow_symlinks = args.follow_symlinks;
    opts.limits = Limits {
        workbook_bytes: args.max_workbook_bytes,
        cells: args.max_cells,
        columns: args.max_columns,
        cell_chars: args.max_cell_chars,
    };
    args.publish.apply(&mut opts)?;
    let out = &args.publish.out;
    if let Some(p) = args.partition {
        let outcome = build_partition(&args.src, out, &opts, p).with_context(|| {
            format!(
                "could not build partition {p} of {} into {}",
                args.src.display(),
                out.display()
            )
        })?;
        outln!("{}", crate::text::clean_lines(&outcome.summary(out)));
        return Ok(ExitCode::SUCCESS);
    }
    let outcome = build(&args.src, out, &opts).with_context(|| {
        format!(
            "could not build a registry from {} into {}",
            args.src.display(),
            out.display()
        )
    })?;
    finish(&outcome, out)
}

/// The options of publishing a registry that `zhixin build` and `zhixin
/// merge` share (merge publishes what partitions built).
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The registry folder to write (created if missing).
    #[arg(long)]
    pub out: PathBuf,
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
    /// Publish even when some source files cannot be read at all (they are
    /// listed in report.json under `unreadable`; their rows are missing).
    /// Without it such a build is not published and exits 2.
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Sign meta.json with this secret key (DIR/zhixin.key from `zhixin keygen DIR`):
    /// writes meta.json.minisig. An encrypted key needs ZHIXIN_KEY_PASSWORD.
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,
    /// The previous build to compare with for the change feed (changes/…json
    /// and changes.xml). Default: the registry DIR serves before this build.
    #[arg(long, value_name = "OLD_DIR")]
    pub previous: Option<PathBuf>,
    /// How many builds the change feed keeps (change files and entries of changes.xml).
    #[arg(long, value_name = "N", default_value_t = zhixin_compiler::changes::DEFAULT_KEEP,
          value_parser = clap::value_parser!(usize))]
    pub keep_changes: usize,
}

impl PublishArgs {
    /// Sets these options on `opts`. The signing key is read here, before
    /// the build, so that a wrong key fails in a second, not after it.
    pub fn apply(&self, opts: &mut BuildOptions) -> Result<()> {
        opts.strict = self.strict;
        opts.progress = self.progress || std::io::stderr().is_terminal();
        opts.grace = self.grace_period;
        opts.skip_unreadable = self.skip_unreadable;
        opts.sign = self
            .sign
            .as_deref()
            .map(crate::cmd::keygen::signer)
            .transpose()?;
        opts.previous = self.previous.clone();
        opts.keep_changes = self.keep_changes.max(1);
        Ok(())
    }
}

/// Prints a build's summary and says why it exits 2, if it does.
pub fn finish(outcome: &BuildOutcome, out: &std::path::Path) -> Result<ExitCode> {
    outln!("{}", crate::text::clean_lines(&outcome.summary()));
    if !outcome.published {
        eprintln!(
            "zhixin: not published: {} source files could not be read; see {}",
            outcome.report.unreadable.len(),
            out.join("report.json").display()
        );
        return Ok(ExitCode::from(2));
    }
    if outcome.strict_failed {
        eprintln!(
            "zhixin: --strict: rows were rejected or files not recognised; see {}",
            out.join("report.json").display()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
