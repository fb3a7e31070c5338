//! `zhixin demo --out SRC [--count N] [--seed S]`: writes a fictional registry's source tables.

use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use zhixin_demo::{write_demo, DemoOptions};

/// Write fictional source tables (every kind and encoding) for demos, tests and benchmarks.
///
/// Names and authorities are fictional and marked as demonstration data
/// (演示数据 / demo data). The same seed writes the same files.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The folder to write the source tables into.
    #[arg(long)]
    pub out: PathBuf,
    /// How many enterprises.
    #[arg(long, default_value_t = 3000)]
    pub count: usize,
    /// Random seed; the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: DemoArgs) -> Result<ExitCode> {
    let summary = write_demo(
        &args.out,
        &DemoOptions {
            count: args.count,
            seed: args.seed,
        },
    )
    .with_context(|| format!("could not write demo tables into {}", args.out.display()))?;
    outln!(
        "wrote {} fictional enterprises (演示数据 / demo data, as of {}) into {}:",
        summary.enterprises,
        summary.as_of,
        args.out.display()
    );
    for f in &summary.files {
        outln!("  {:>9} rows  {}", f.rows, f.file);
    }
    Ok(ExitCode::SUCCESS)
}
