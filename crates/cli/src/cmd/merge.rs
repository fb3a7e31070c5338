//! `zhixin merge PART… --out DIR [--strict] [--progress] [--grace-period D]
//! [--skip-unreadable] [--sign KEY] [--previous OLD_DIR] [--keep-changes N]`: joins the partition folders of
//! `zhixin build --partition K/N` into one registry, byte for byte the one a
//! single build of the whole source folder writes, without reading the
//! source tables again.

use crate::cmd::build::PublishArgs;
use anyhow::{Context, Result};
use clap::Args;
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
    #[command(flatten)]
    pub publish: PublishArgs,
}

pub fn run(args: MergeArgs) -> Result<ExitCode> {
    // The date comes from the partitions (all built as of one date).
    let mut opts = BuildOptions::new(crate::today::today_cst());
    args.publish.apply(&mut opts)?;
    let out = &args.publish.out;
    let outcome = merge(&args.parts, out, &opts)
        .with_context(|| format!("could not merge the partitions into {}", out.display()))?;
    crate::cmd::build::finish(&outcome, out)
}
