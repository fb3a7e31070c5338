//! Publishing into the registry folder without ever destroying anything.
//!
//! The registry folder (`--out`) is served by a web server while it is
//! rebuilt, and may be a folder the publisher also uses for other things.
//! So a build:
//!
//! - writes only into a folder that is missing, empty, or one zhixin made
//!   (it holds `.zhixin/builds.json`, or the `meta.json` of an older zhixin
//!   that had no such record), and refuses an output folder inside the
//!   source folder or the other way round;
//! - writes every file of the new build into a staging folder
//!   `.zhixin/staging-ID/` first, records the full list of the build's files
//!   in `.zhixin/builds.json`, then moves the files into place by rename
//!   (content-named chunks first, fixed-name files next, `meta.json` last), so
//!   that at every instant the folder serves either the previous build whole
//!   or the new one whole;
//! - deletes only files that `builds.json` says a build wrote, and only once
//!   no live build uses them: the published build's files always stay, a
//!   superseded build's files stay for the grace period (a page opened before
//!   the switch still loads its chunks), a build killed before it published
//!   is cleaned up by the next build.
//!
//! Which build is live is read from the folder itself, not trusted from the
//! record: each entry keeps a fingerprint of the `meta.json` it wrote, and the
//! entry whose fingerprint matches the `meta.json` in the folder is the live
//! one. A build killed between the switch and the record's update is thereby
//! still recognised as published, and its files are never cleaned.
//!
//! The record lists file names as written; nothing here parses chunk names,
//! so a change of naming scheme needs no change here.

use anyhow::Context;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// zhixin's own folder in the registry folder: the build record and staging.
pub const STATE_DIR: &str = ".zhixin";
/// The build record, relative to the registry folder.
pub const RECORD_FILE: &str = ".zhixin/builds.json";
/// The file whose rename publishes a build.
const META: &str = "meta.json";
/// Default grace period: a day, so a page left open overnight still loads.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(24 * 3600);

/// The build record `.zhixin/builds.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Record {
    /// Always 1 for this layout.
    pub zhixin_builds: u32,
    /// Builds, oldest first.
    pub builds: Vec<BuildEntry>,
}

/// One build that wrote (or began to write) files into the folder.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BuildEntry {
    pub id: String,
    /// Seconds since the Unix epoch.
    pub started: u64,
    /// When its `meta.json` became the folder's; `None` while not (yet) published.
    pub published: Option<u64>,
    /// When another build's `meta.json` replaced it.
    pub superseded: Option<u64>,
    /// Length and 64-bit FNV-1a of the `meta.json` it wrote.
    pub meta: Option<String>,
    /// Every file the build wrote, relative to the registry folder, `/`-separated.
    pub files: Vec<String>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A file's fingerprint: its length and 64-bit FNV-1a.
fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{}:{h:016x}", bytes.len())
}

/// `path` made absolute and free of `.`, `..` and symbolic links, as far as
/// it exists; components past the existing part are taken as written.
fn resolved(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    out
}

/// Refuses an output folder inside the source folder (its files would be
/// read back as tables next time) or a source folder inside the output folder.
pub fn check_nesting(src: &Path, out: &Path) -> anyhow::Result<()> {
    let (s, o) = (resolved(src), resolved(out));
    if o.starts_with(&s) {
        anyhow::bail!(
            "the output folder {} is inside the source folder {}; its files would be read as tables \
             by the next build: give an output folder outside the source folder",
            out.display(),
            src.display()
        );
    }
    if s.starts_with(&o) {
        anyhow::bail!(
            "the source folder {} is inside the output folder {}; give an output folder that does \
             not contain the source tables",
            src.display(),
            out.display()
        );
    }
    Ok(())
}

/// True when `bytes` look like a `meta.json` written by zhixin.
fn is_zhixin_meta(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .is_some_and(|v| {
            v.get("format_version").is_some_and(|x| x.is_u64()) && v.get("records").is_some()
        })
}

/// The folder a build publishes into, with its record.
pub struct Target {
    out: PathBuf,
    id: String,
    record: Record,
    grace: Duration,
}

impl Target {
    /// Checks that `out` may be written (missing, empty or zhixin's own),
    /// creates it and zhixin's folder in it, and reads or starts the record.
    ///
    /// An unknown, non-empty folder is an error naming it and what to do;
    /// nothing is written into it.
    pub fn open(out: &Path, grace: Duration) -> anyhow::Result<Target> {
        let record_path = out.join(RECORD_FILE);
        let mut record = None;
        if out.exists() {
            if !out.is_dir() {
                anyhow::bail!(
                    "the output {} is a file, not a folder; give a new or empty folder, or a registry folder zhixin wrote",
                    out.display()
                );
            }
            if record_path.is_file() {
                let bytes = fs::read(&record_path)
                    .with_context(|| format!("cannot read {}", record_path.display()))?;
                record = Some(serde_json::from_slice::<Record>(&bytes).with_context(|| {
                    format!(
                        "{} is not a zhixin build record; if the folder holds only a registry, \
                         delete the .zhixin folder and build again",
                        record_path.display()
                    )
                })?);
            } else {
                let meta = out.join(META);
                let legacy = fs::read(&meta).ok().filter(|b| is_zhixin_meta(b));
                let empty = fs::read_dir(out)
                    .with_context(|| format!("cannot list the output folder {}", out.display()))?
                    .next()
                    .is_none();
                if let Some(bytes) = legacy {
                    record = Some(adopt(out, &bytes));
                } else if !empty {
                    anyhow::bail!(
                        "the output folder {} is not empty and is not a registry zhixin wrote \
                         (it has no {RECORD_FILE} and no zhixin meta.json); zhixin deletes and \
                         replaces files in its output folder, so it writes only into a new or \
                         empty folder or one it made: give another folder",
                        out.display()
                    );
                }
            }
        }
        fs::create_dir_all(out.join(STATE_DIR))
            .with_context(|| format!("cannot create the output folder {}", out.display()))?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let id = format!("{}-{}-{nanos:09}", now(), std::process::id());
        let mut t = Target {
            out: out.to_path_buf(),
            id,
            record: record.unwrap_or(Record {
                zhixin_builds: 1,
                builds: Vec::new(),
            }),
            grace,
        };
        t.reconcile();
        t.save()?;
        Ok(t)
    }

    /// The staging folder the new build writes into.
    pub fn staging(&self) -> PathBuf {
        self.out
            .join(STATE_DIR)
            .join(format!("staging-{}", self.id))
    }

    /// Marks which build is live from the `meta.json` in the folder. A
    /// zhixin `meta.json` no entry wrote (an older zhixin built into the
    /// folder since) is adopted, so its files are never cleaned.
    fn reconcile(&mut self) {
        let bytes = fs::read(self.out.join(META)).ok();
        let live = bytes.as_deref().map(fingerprint);
        let t = now();
        let mut live_at = self
            .record
            .builds
            .iter()
            .rposition(|b| b.meta.is_some() && b.meta == live);
        if let (None, Some(b)) = (live_at, bytes.as_deref()) {
            if is_zhixin_meta(b) {
                self.record.builds.extend(adopt(&self.out, b).builds);
                live_at = Some(self.record.builds.len() - 1);
            }
        }
        for (i, b) in self.record.builds.iter_mut().enumerate() {
            if Some(i) == live_at {
                b.published.get_or_insert(t);
                b.superseded = None;
            } else if b.published.is_some() && b.superseded.is_none() {
                b.superseded = Some(t);
            }
        }
    }

    /// Writes the record by write-then-rename.
    fn save(&self) -> anyhow::Result<()> {
        let path = self.out.join(RECORD_FILE);
        let tmp = self
            .out
            .join(STATE_DIR)
            .join(format!("builds-{}.tmp", self.id));
        let json = serde_json::to_vec(&self.record)?;
        fs::write(&tmp, json).with_context(|| format!("cannot write {}", tmp.display()))?;
        fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Files no build may lose now: the live build's and those of builds
    /// superseded less than the grace period ago.
    fn kept(&self) -> HashSet<&str> {
        let t = now();
        let grace = self.grace.as_secs();
        self.record
            .builds
            .iter()
            .filter(|b| {
                b.published.is_some() && b.superseded.is_none_or(|s| t < s.saturating_add(grace))
            })
            .flat_map(|b| b.files.iter().map(String::as_str))
            .collect()
    }

    /// Deletes what earlier builds left behind: staging folders of other
    /// builds, files of builds that never published, files of builds
    /// superseded longer ago than the grace period. Files a kept build also
    /// wrote stay. Returns how many files were deleted.
    pub fn clean(&mut self) -> anyhow::Result<usize> {
        let t = now();
        let grace = self.grace.as_secs();
        let mine = self.staging();
        if let Ok(rd) = fs::read_dir(self.out.join(STATE_DIR)) {
            for e in rd.flatten() {
                let p = e.path();
                let n = e.file_name().to_string_lossy().into_owned();
                if p == mine {
                    continue;
                }
                if n.starts_with("staging-") {
                    fs::remove_dir_all(&p).with_context(|| {
                        format!("cannot remove the unfinished build {}", p.display())
                    })?;
                } else if n.ends_with(".tmp") {
                    let _ = fs::remove_file(&p);
                }
            }
        }
        let expired = |b: &BuildEntry| match (b.published, b.superseded) {
            (None, _) => true,
            (Some(_), Some(s)) => t >= s.saturating_add(grace),
            (Some(_), None) => false,
        };
        let kept = self.kept();
        let doomed: Vec<&str> = self
            .record
            .builds
            .iter()
            .filter(|b| expired(b))
            .flat_map(|b| b.files.iter().map(String::as_str))
            .filter(|f| !kept.contains(f))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let removed: usize = doomed
            .par_iter()
            .map(|f| {
                let Some(p) = inside(&self.out, f) else {
                    return 0;
                };
                match fs::remove_file(&p) {
                    Ok(()) => 1,
                    Err(_) => 0,
                }
            })
            .sum();
        // Folders that only held those files (roll/<kind>/ …) go too; a
        // folder that still holds anything stays (remove_dir refuses).
        let mut dirs: Vec<PathBuf> = doomed
            .iter()
            .filter_map(|f| inside(&self.out, f))
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .filter(|d| d != &self.out)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in dirs {
            let mut d = d;
            while d != self.out && fs::remove_dir(&d).is_ok() {
                if !d.pop() {
                    break;
                }
            }
        }
        let before = self.record.builds.len();
        self.record.builds.retain(|b| !expired(b));
        if removed > 0 || self.record.builds.len() != before {
            self.save()?;
        }
        Ok(removed)
    }

    /// Moves the staged build into place and makes it the live one.
    ///
    /// Order: the record first lists every staged file (so a build killed
    /// during the moves is cleaned up next time), then every file but the
    /// fixed-name ones is renamed into place, then `report.json`-like fixed
    /// files, then `meta.json`, then the record notes the switch.
    pub fn publish(&mut self, fixed_last: &[&str]) -> anyhow::Result<()> {
        let staging = self.staging();
        let mut files = Vec::new();
        list(&staging, &staging, &mut files)
            .with_context(|| format!("cannot list the staged build {}", staging.display()))?;
        files.sort();
        let meta_bytes = fs::read(staging.join(META))
            .with_context(|| format!("the staged build has no {META}"))?;
        self.record.builds.push(BuildEntry {
            id: self.id.clone(),
            started: now(),
            published: None,
            superseded: None,
            meta: Some(fingerprint(&meta_bytes)),
            files: files.clone(),
        });
        self.save()?;
        hook("recorded");
        let is_last = |f: &str| f == META || fixed_last.contains(&f);
        let dirs: HashSet<PathBuf> = files
            .iter()
            .filter_map(|f| Path::new(f).parent().map(Path::to_path_buf))
            .filter(|d| !d.as_os_str().is_empty())
            .collect();
        for d in dirs {
            let p = self.out.join(d);
            fs::create_dir_all(&p).with_context(|| format!("cannot create {}", p.display()))?;
        }
        let first: Vec<&String> = files.iter().filter(|f| !is_last(f)).collect();
        let moved = std::sync::atomic::AtomicUsize::new(0);
        first.par_iter().try_for_each(|f| {
            self.move_in(&staging, f)?;
            if moved.fetch_add(1, std::sync::atomic::Ordering::Relaxed) == first.len() / 2 {
                hook("moving");
            }
            anyhow::Ok(())
        })?;
        hook("moved");
        for f in fixed_last {
            if files.iter().any(|x| x == f) {
                self.move_in(&staging, f)?;
            }
        }
        hook("fixed");
        self.move_in(&staging, META)?;
        hook("switched");
        let _ = fs::remove_dir_all(&staging);
        self.reconcile();
        self.save()
    }

    fn move_in(&self, staging: &Path, rel: &str) -> anyhow::Result<()> {
        let (from, to) = (staging.join(rel), self.out.join(rel));
        fs::rename(&from, &to).with_context(|| {
            format!(
                "cannot move {} into place as {}; check that the output folder is writable",
                from.display(),
                to.display()
            )
        })
    }

    /// Writes `bytes` to `rel` in the registry folder by write-then-rename,
    /// outside any build (the report of a build that did not publish).
    pub fn write_now(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let tmp = self
            .out
            .join(STATE_DIR)
            .join(format!("{rel}-{}.tmp", self.id));
        fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        let to = self.out.join(rel);
        fs::rename(&tmp, &to).with_context(|| format!("cannot write {}", to.display()))
    }

    /// Drops the staging folder of a build that does not publish.
    pub fn abandon(&self) {
        let _ = fs::remove_dir_all(self.staging());
    }
}

/// A registry written by a zhixin without a build record: its files are
/// the ones its `meta.json` names, plus the fixed-name files beside it.
fn adopt(out: &Path, meta_bytes: &[u8]) -> Record {
    let mut files: Vec<String> = vec![META.into()];
    if let Ok(meta) = zhixin_core::Meta::from_json(meta_bytes) {
        // Every chunk, digest page and single file it lists.
        files.extend(meta.listed_files());
    }
    for fixed in [
        crate::REPORT_FILE,
        crate::STATS_FILE,
        crate::index::SIGNATURE_FILE,
    ] {
        files.push(fixed.into());
    }
    files.retain(|f| inside(out, f).is_some_and(|p| p.is_file()));
    files.sort();
    files.dedup();
    let t = now();
    Record {
        zhixin_builds: 1,
        builds: vec![BuildEntry {
            id: "adopted".into(),
            started: t,
            published: Some(t),
            superseded: None,
            meta: Some(fingerprint(meta_bytes)),
            files,
        }],
    }
}

/// `rel` as a path inside `out`, or `None` when it is not a plain relative
/// path (a record edited by hand must not make zhixin delete elsewhere).
fn inside(out: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    p.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| out.join(p))
}

/// Every file under `dir`, relative to `root`, `/`-separated.
fn list(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        if e.file_type()?.is_dir() {
            list(root, &p, out)?;
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

/// Test hook: `ZHIXIN_TEST_KILL_AT=point` ends the process abruptly (as
/// SIGKILL would: no destructor, no cleanup) when publishing reaches that
/// point, so tests can check that every moment leaves a serving registry.
/// Only in debug builds (the tests'): in a release binary it does nothing.
pub(crate) fn hook(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("ZHIXIN_TEST_KILL_AT").is_some_and(|v| v == point) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

/// Parses a grace period: `0`, `90s`, `30m`, `12h`, `7d`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => s.split_at(at),
        None => (s, "s"),
    };
    let n: u64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a duration; write e.g. 0, 90s, 30m, 12h or 7d"))?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return Err(format!("'{s}': unknown unit '{unit}'; use s, m, h or d")),
    };
    Ok(Duration::from_secs(n.saturating_mul(mult)))
}

#[cfg(test)]
mod tests;
