//! `zhixin demo`: writes a FICTIONAL registry's source tables (演示数据 / demo data).
//!
//! Deterministic: the same seed gives byte-identical files. Every table kind
//! and every encoding and layout of the data contract (source-lists.md) is
//! exercised: UTF-8 CSV with and without BOM, GB18030 with Chinese headers,
//! tab-separated text, XLSX with several sheets, title rows, footers, merged
//! cells and the many date formats. Names are assembled from syllables around
//! invented places; every authority is marked （虚构）.
//!
//! Besides the tables, `SRC/registry.json` describes the publisher, and
//! `SRC/.zhixin-truth/` holds the ground truth: search queries with their
//! expected answers, one enterprise of each status for the browser tests, and
//! the rows the build must reject.
//!
//! Rows are streamed to disk as they are generated, so a million enterprises
//! take seconds and modest memory; workbooks are capped at
//! [`tables::XLSX_CAP`] rows and the rest of a table stays in CSV.

mod codes;
mod ent;
mod names;
mod rng;
mod sink;
mod tables;
mod vocab;

use anyhow::{Context, Result};
use ent::{Generator, STREAM_ROUTE};
use rng::Rng;
use serde::Serialize;
use std::path::Path;
use zhixin_core::Day;

/// What to generate.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Number of enterprises.
    pub count: usize,
    /// Random seed: the same seed gives the same files.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> DemoOptions {
        DemoOptions { count: 3000, seed: 1 }
    }
}

/// What was written.
#[derive(Clone, Debug, Serialize)]
pub struct DemoSummary {
    /// The date the demo's statuses are designed around (also in `registry.json`).
    pub as_of: Day,
    pub enterprises: usize,
    /// Every file written, relative to the output folder, with its data rows.
    pub files: Vec<DemoFile>,
}

/// One written file.
#[derive(Clone, Debug, Serialize)]
pub struct DemoFile {
    pub file: String,
    pub rows: u64,
}

/// The fixed date the demo's facts are arranged around: blacklisted, expired
/// and current facts are so as of this date and stay so for months around it.
pub fn demo_as_of() -> Day {
    Day::from_ymd(2026, 11, 22).unwrap_or_else(|| Day::from_epoch_days(0).expect("epoch is a date"))
}

/// Publisher metadata (`SRC/registry.json`).
#[derive(Serialize)]
struct RegistryJson<'a> {
    title: &'a str,
    publisher: &'a str,
    correction_url: &'a str,
    refresh_days: u32,
    demo: bool,
    notice: &'a str,
    as_of: Day,
}

/// Writes the demo source folder `out` (created if missing).
pub fn write_demo(out: &Path, opts: &DemoOptions) -> Result<DemoSummary> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let as_of = demo_as_of();
    let mut gen = Generator::new(opts.seed, as_of);
    let mut ent_files = tables::EnterpriseFiles::create(out)?;
    for i in 0..opts.count {
        let e = gen.next(i as u32);
        let route = Rng::for_item(opts.seed, STREAM_ROUTE, i as u64).below(100);
        ent_files.write(&e, route)?;
    }
    let mut files: Vec<DemoFile> =
        ent_files.finish()?.into_iter().map(|(file, rows)| DemoFile { file, rows }).collect();

    let registry = RegistryJson {
        title: "质信查演示 registry · 质量信用档案（虚构）",
        publisher: "云澜市市场监督管理局（虚构）",
        correction_url: "https://example.org/zhixin-demo/corrections",
        refresh_days: 30,
        demo: true,
        notice: "演示数据 / demo data: all names and authorities are fictional",
        as_of,
    };
    let path = out.join("registry.json");
    let json = serde_json::to_string_pretty(&registry)? + "\n";
    std::fs::write(&path, json).with_context(|| format!("writing {}", path.display()))?;
    files.push(DemoFile { file: "registry.json".into(), rows: 0 });
    Ok(DemoSummary { as_of, enterprises: opts.count, files })
}
