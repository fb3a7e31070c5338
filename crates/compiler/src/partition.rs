//! Partitioned builds: `zhixin build SRC --partition K/N --out PART` reads
//! one share of the source files, and `zhixin merge PART… --out DIR` joins
//! the shares into the registry that one build of all the files writes.
//!
//! A partition is a share of the source *files*: every job lists the same
//! source folder, and the files are dealt to the N partitions by size
//! (largest first, each to the partition with the fewest bytes so far, ties
//! to the lower number), so the shares are about even and every job
//! computes the same deal without talking to the others. A partition folder
//! keeps each file as it was converted (stage two: typed rows, rejections,
//! warnings), one JSON file per source file, plus `zhixin-part.json`: the
//! folder's listing, the share, the as-of date and the publisher file.
//!
//! `merge` checks that the parts are the N shares of one listing, reads the
//! converted files back in path order and hands them to the same merge,
//! report and index writer as a single build (`build::finish`,
//! `publish_compiled`). Rows of one enterprise may sit in any partitions:
//! the merge replays them in the single build's order, so the registry,
//! `report.json`, `stats.json`, digests and signature are byte for byte a
//! single build's, and no source table is read again.

use crate::build::{
    check_source, finish_spilled, list_source, read_files, spill_work, FileDone, FileWork,
};
use crate::publish;
use crate::{
    publish_compiled, publisher_info_from, BuildOptions, BuildOutcome, CompileOptions, SkippedFile,
    REGISTRY_FILE,
};
use anyhow::Context;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zhixin_core::{Day, RegistryInfo};

/// The description of a partition folder.
pub const PART_FILE: &str = "zhixin-part.json";
/// The version of the partition folder's layout; `merge` reads only its own.
const PART_VERSION: u32 = 1;

/// Share `k` of `n` (1-based), as given to `--partition K/N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partition {
    pub k: u32,
    pub n: u32,
}

impl std::str::FromStr for Partition {
    type Err = String;

    fn from_str(s: &str) -> Result<Partition, String> {
        let bad = || format!("'{s}' is not a partition: give K/N with 1 ≤ K ≤ N ≤ 10000, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || k > n || n > 10_000 {
            return Err(bad());
        }
        Ok(Partition { k, n })
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// `zhixin-part.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PartHeader {
    zhixin_part: u32,
    /// `K/N`.
    partition: String,
    as_of: Day,
    /// Every file of the source folder (name, bytes) in path order: the
    /// parts of one merge must have listed the same folder.
    listing: Vec<(String, u64)>,
    /// Entries of the source folder not read (links, special files).
    skipped_files: Vec<SkippedFile>,
    /// `SRC/registry.json` as it was, when present.
    registry_json: Option<String>,
    /// This share's files (names in the listing) and, for each, the file
    /// in the partition folder that holds it converted.
    files: Vec<(String, String)>,
}

/// Which partition (0-based) each file of `listing` (name, bytes) goes to.
pub fn deal(listing: &[(String, u64)], n: u32) -> Vec<u32> {
    let mut by_size: Vec<usize> = (0..listing.len()).collect();
    by_size.sort_by(|&a, &b| {
        listing[b]
            .1
            .cmp(&listing[a].1)
            .then_with(|| listing[a].0.cmp(&listing[b].0))
    });
    let mut load = vec![0u64; n.max(1) as usize];
    let mut to = vec![0u32; listing.len()];
    for i in by_size {
        let (p, _) = load
            .iter()
            .enumerate()
            .min_by_key(|&(p, &l)| (l, p))
            .unwrap_or((0, &0));
        load[p] += listing[i].1.max(1);
        to[i] = p as u32;
    }
    to
}

/// What a partition build did.
#[derive(Clone, Debug)]
pub struct PartOutcome {
    pub partition: Partition,
    /// Files of this share, and of the whole source folder.
    pub files: usize,
    pub listed: usize,
    /// Data rows read from this share's files.
    pub rows: usize,
    /// Files of this share that could not be read (the merge decides, by
    /// `--skip-unreadable`, whether the registry is published without them).
    pub unreadable: usize,
}

impl PartOutcome {
    /// A one-line summary for the terminal.
    pub fn summary(&self, part: &Path) -> String {
        let mut s = format!(
            "partition {}: {} of {} files, {} rows read, converted into {}",
            self.partition,
            self.files,
            self.listed,
            self.rows,
            part.display()
        );
        if self.unreadable > 0 {
            s.push_str(&format!(
                "; {} could not be read (see `zhixin merge`)",
                self.unreadable
            ));
        }
        s
    }
}

/// Reads and converts share `p` of the files of `src` into the partition
/// folder `part` (missing, empty, or a partition folder, which is replaced).
pub fn build_partition(
    src: &Path,
    part: &Path,
    opts: &BuildOptions,
    p: Partition,
) -> anyhow::Result<PartOutcome> {
    check_source(src)?;
    let registry_json = read_registry_text(src)?;
    if let Some(text) = &registry_json {
        publisher_info_from(text.as_bytes(), &src.join(REGISTRY_FILE))?;
    }
    publish::check_nesting(src, part)?;
    prepare_folder(part)?;
    let (files, skipped_files) = list_source(src, opts.follow_symlinks)?;
    let listing: Vec<(String, u64)> = files
        .iter()
        .map(|(path, rel)| {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            (rel.clone(), size)
        })
        .collect();
    let dealt = deal(&listing, p.n);
    let mine: Vec<(PathBuf, String)> = files
        .into_iter()
        .zip(&dealt)
        .filter(|(_, &to)| to + 1 == p.k)
        .map(|(f, _)| f)
        .collect();
    let copts = CompileOptions {
        as_of: opts.as_of,
        progress: opts.progress,
        limits: opts.limits,
        follow_symlinks: opts.follow_symlinks,
    };
    // One file at a time through memory: each is written as soon as it is
    // converted.
    let written: Vec<(String, String, usize, bool)> = mine
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let work = read_files(src, std::slice::from_ref(f), &copts_quiet(&copts))
                .pop()
                .context("a file was read into nothing")?;
            let name = format!("file-{i:05}.json");
            let rows = work.rows();
            let unreadable = work.is_unreadable();
            let bytes = serde_json::to_vec(&work)?;
            let path = part.join(&name);
            std::fs::write(&path, bytes).with_context(|| {
                format!(
                    "cannot write {}; check that the folder is writable and the disk not full",
                    path.display()
                )
            })?;
            Ok((f.1.clone(), name, rows, unreadable))
        })
        .collect::<anyhow::Result<_>>()?;
    let header = PartHeader {
        zhixin_part: PART_VERSION,
        partition: p.to_string(),
        as_of: opts.as_of,
        listing: listing.clone(),
        skipped_files,
        registry_json,
        files: written
            .iter()
            .map(|(rel, name, _, _)| (rel.clone(), name.clone()))
            .collect(),
    };
    // The description last: a folder without it is not a partition.
    let path = part.join(PART_FILE);
    std::fs::write(&path, serde_json::to_vec_pretty(&header)?)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(PartOutcome {
        partition: p,
        files: written.len(),
        listed: listing.len(),
        rows: written.iter().map(|w| w.2).sum(),
        unreadable: written.iter().filter(|w| w.3).count(),
    })
}

/// Per-file progress lines would interleave across files read in parallel.
fn copts_quiet(c: &CompileOptions) -> CompileOptions {
    CompileOptions {
        progress: false,
        ..c.clone()
    }
}

/// `SRC/registry.json`'s text, when present.
fn read_registry_text(src: &Path) -> anyhow::Result<Option<String>> {
    let p = src.join(REGISTRY_FILE);
    if !p.exists() {
        return Ok(None);
    }
    std::fs::read_to_string(&p)
        .map(Some)
        .with_context(|| format!("cannot read {}", p.display()))
}

/// Makes `part` an empty partition folder: creates it, or empties one that
/// holds a partition (only the files its description names); refuses any
/// other folder that is not empty.
fn prepare_folder(part: &Path) -> anyhow::Result<()> {
    if !part.exists() {
        return std::fs::create_dir_all(part)
            .with_context(|| format!("cannot create the partition folder {}", part.display()));
    }
    if !part.is_dir() {
        anyhow::bail!(
            "{} exists and is not a folder; give a new or empty folder for the partition",
            part.display()
        );
    }
    let head = part.join(PART_FILE);
    if head.exists() {
        let old = read_header(part)?;
        std::fs::remove_file(&head).with_context(|| format!("cannot remove {}", head.display()))?;
        for (_, name) in old.files {
            if is_work_name(&name) {
                let _ = std::fs::remove_file(part.join(name));
            }
        }
    }
    let left = std::fs::read_dir(part)
        .with_context(|| format!("cannot list {}", part.display()))?
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .count();
    if left > 0 {
        anyhow::bail!(
            "{} is not empty and not a partition folder zhixin made; give a new or empty folder",
            part.display()
        );
    }
    Ok(())
}

/// A converted file's name in a partition folder (`file-NNNNN.json`): the
/// only names a partition folder's description may point to.
fn is_work_name(name: &str) -> bool {
    name.strip_prefix("file-")
        .and_then(|r| r.strip_suffix(".json"))
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

fn read_header(part: &Path) -> anyhow::Result<PartHeader> {
    let p = part.join(PART_FILE);
    let bytes = std::fs::read(&p).with_context(|| {
        format!(
            "{} is not a partition folder (no {PART_FILE}); build it with `zhixin build SRC --partition K/N --out {}`",
            part.display(),
            part.display()
        )
    })?;
    let h: PartHeader = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not a partition description zhixin wrote", p.display()))?;
    if h.zhixin_part != PART_VERSION {
        anyhow::bail!(
            "{}: partition layout version {} (this zhixin reads {PART_VERSION}); rebuild the partition with this zhixin",
            p.display(),
            h.zhixin_part
        );
    }
    Ok(h)
}

/// Joins partition folders into the registry `out`, as one build of all
/// their files would have written it (as of the parts' date; `opts.as_of`
/// is not used).
pub fn merge(parts: &[PathBuf], out: &Path, opts: &BuildOptions) -> anyhow::Result<BuildOutcome> {
    let started = std::time::Instant::now();
    let headers: Vec<PartHeader> = parts
        .iter()
        .map(|p| read_header(p))
        .collect::<anyhow::Result<_>>()?;
    let first = headers
        .first()
        .context("no partition folders given; name every PART of the build")?;
    let shares: Vec<Partition> = headers
        .iter()
        .zip(parts)
        .map(|(h, p)| {
            h.partition
                .parse::<Partition>()
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.join(PART_FILE).display()))
        })
        .collect::<anyhow::Result<_>>()?;
    let n = shares[0].n;
    for ((h, s), p) in headers.iter().zip(&shares).zip(parts) {
        let what = if s.n != n {
            Some(format!("is share {s}, the first part a share of {n}"))
        } else if h.listing != first.listing {
            Some("listed other source files (a different or changed source folder)".to_string())
        } else if h.as_of != first.as_of {
            Some(format!(
                "was built as of {}, the first part as of {}",
                h.as_of, first.as_of
            ))
        } else if h.registry_json != first.registry_json || h.skipped_files != first.skipped_files {
            Some("saw another registry.json or other skipped entries".to_string())
        } else {
            None
        };
        if let Some(what) = what {
            anyhow::bail!(
                "{} {what} than {}; build every partition from the same source folder with the same --as-of",
                p.display(),
                parts[0].display()
            );
        }
    }
    for k in 1..=n {
        let with: Vec<&PathBuf> = shares
            .iter()
            .zip(parts)
            .filter(|(s, _)| s.k == k)
            .map(|(_, p)| p)
            .collect();
        match with.as_slice() {
            [_] => {}
            [] => anyhow::bail!(
                "partition {k}/{n} is missing; build it with `zhixin build SRC --partition {k}/{n} --out PART` and name it"
            ),
            more => anyhow::bail!(
                "partition {k}/{n} is given twice ({} and {})",
                more[0].display(),
                more[1].display()
            ),
        }
    }
    // Each part must hold exactly its share of the listing.
    let dealt = deal(&first.listing, n);
    for ((h, s), p) in headers.iter().zip(&shares).zip(parts) {
        let want: Vec<&String> = first
            .listing
            .iter()
            .zip(&dealt)
            .filter(|(_, &to)| to + 1 == s.k)
            .map(|((rel, _), _)| rel)
            .collect();
        let has: Vec<&String> = h.files.iter().map(|(rel, _)| rel).collect();
        if want != has || h.files.iter().any(|(_, name)| !is_work_name(name)) {
            anyhow::bail!(
                "{}: does not hold the files of partition {s}; build it again",
                p.join(PART_FILE).display()
            );
        }
    }
    let registry_json = match &first.registry_json {
        Some(text) => Some(serde_json::from_str(text).with_context(|| {
            format!("{} (from the partitions) is not valid JSON", REGISTRY_FILE)
        })?),
        None => None,
    };
    let info = match &first.registry_json {
        Some(text) => publisher_info_from(text.as_bytes(), Path::new(REGISTRY_FILE))?,
        None => RegistryInfo::default(),
    };
    let mut target = publish::Target::open(out, opts.grace)?;
    // The change feed compares with what `out` serves, as a build's does.
    let previous = match &opts.previous {
        Some(dir) => Ok(crate::changes::Previous::open(dir)?),
        None => crate::changes::Previous::live(out),
    };
    let progress = opts.progress;
    let staging = target.staging();
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    let spill = crate::spill::Spill::new(&staging, crate::merge::SHARDS)?;
    let secondary = std::sync::Mutex::new(Vec::new());
    let (done, cleaned) = std::thread::scope(|sc| {
        let cleaning = sc.spawn(|| target.clean());
        let done = read_parts(parts, &headers, progress, &spill, &secondary);
        (done, cleaning.join())
    });
    cleaned.map_err(|_| anyhow::anyhow!("cleaning {} failed", out.display()))??;
    let done = done?;
    let secondary = secondary.into_inner().unwrap_or_else(|e| e.into_inner());
    let compiled = finish_spilled(
        done,
        spill,
        secondary,
        first.skipped_files.clone(),
        first.as_of,
        progress,
        registry_json,
        &staging,
    )?;
    let opts = BuildOptions {
        as_of: first.as_of,
        ..opts.clone()
    };
    publish_compiled(out, target, compiled, info, previous, &opts, started)
}

/// Every converted file of every part, in the listing's path order, its
/// rows spilled as it is read (see `spill`).
fn read_parts(
    parts: &[PathBuf],
    headers: &[PartHeader],
    progress: bool,
    spill: &crate::spill::Spill,
    secondary: &std::sync::Mutex<Vec<crate::merge::Secondary>>,
) -> anyhow::Result<Vec<FileDone>> {
    let mut phases = crate::progress::Phases::new(progress, "");
    let mut jobs: Vec<(PathBuf, &str)> = parts
        .iter()
        .zip(headers)
        .flat_map(|(p, h)| {
            h.files
                .iter()
                .map(move |(rel, name)| (p.join(name), rel.as_str()))
        })
        .collect();
    // A file's number is its place in the path order, as in a single build.
    jobs.sort_by(|a, b| a.1.cmp(b.1));
    let done = jobs
        .par_iter()
        .enumerate()
        .map(|(fi, (path, rel))| {
            let bytes = std::fs::read(path).with_context(|| {
                format!("cannot read {}; build its partition again", path.display())
            })?;
            let w: FileWork = serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{}: not a converted file zhixin wrote; build its partition again",
                    path.display()
                )
            })?;
            drop(bytes);
            if w.rel() != *rel {
                anyhow::bail!(
                    "{} holds {}, not {rel}; build its partition again",
                    path.display(),
                    w.rel()
                );
            }
            spill_work(fi as u32, w, spill, secondary)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    phases.mark("partitions read and spilled");
    Ok(done)
}

#[cfg(test)]
mod tests;
