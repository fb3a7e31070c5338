//! zhixin compiler: reads publishers' source tables and writes the static registry.
//!
//! [`build`] reads every table in a source folder (CSV in UTF-8 or GB18030,
//! tab-separated text, XLSX/XLS), recognises each table's kind from its
//! header, turns rows into typed facts collecting every problem, merges them
//! into [`Enterprise`]s keyed by USCC, and writes the registry folder:
//! the index (by [`index::write_index`]), `report.json` ([`Report`]) and
//! `stats.json` (aggregates for the quality report page).
//!
//! Stages: `read` (bytes → raw rows with spreadsheet row numbers), `header`
//! (which row is the header, which kind, which column means what), `record`
//! (raw row → typed record or rejection), `merge` (records → enterprises).
//!
//! ```
//! use zhixin_compiler::{compile, BuildOptions};
//! let dir = std::env::temp_dir().join(format!("zhixin-doctest-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("enterprises.csv"), "uscc,name\n91350200MA2YJ1XR9G,演示数据有限公司\n").unwrap();
//! let c = compile(&dir, "2026-11-22".parse().unwrap(), false).unwrap();
//! assert_eq!(c.enterprises[0].name, "演示数据有限公司");
//! assert_eq!(c.report.files[0].accepted, 1);
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```
//!
//! [`Enterprise`]: zhixin_core::Enterprise

mod build;
mod caption;
pub mod changes;
#[doc(hidden)]
pub mod fuzz;
mod header;
pub mod index;
mod merge;
pub mod partition;
mod progress;
pub mod publish;
mod read;
mod record;
mod regroup;
mod report;
mod spill;
mod store;
mod value;

pub use build::{compile, compile_with, list_files, CompileOptions, Compiled, REGISTRY_FILE};
pub use read::Limits;
pub use report::{
    FileReport, LimitHit, Rejection, Report, SheetReport, Skipped, SkippedFile, Totals, Unreadable,
    Warning, WARNINGS_PER_KIND,
};

use anyhow::Context;
use std::path::Path;
use zhixin_core::Day;

/// File name of the build report in the registry folder.
pub const REPORT_FILE: &str = "report.json";
/// File name of the aggregates in the registry folder.
pub const STATS_FILE: &str = "stats.json";

/// Options of `zhixin build`.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The date the data stands at: status and warnings are computed as of it.
    pub as_of: Day,
    /// Rejected rows or unrecognised files make the build fail (exit 2).
    pub strict: bool,
    /// Print progress to stderr.
    pub progress: bool,
    /// How long the files of a build replaced by this one stay in the
    /// registry folder (pages opened before the switch still load them).
    pub grace: std::time::Duration,
    /// Publish even when some files could not be read at all (they are
    /// listed in the report; their rows are missing from the registry).
    pub skip_unreadable: bool,
    /// Read what symbolic links in the source folder point to.
    pub follow_symlinks: bool,
    /// What one source file may make the reader hold.
    pub limits: Limits,
    /// Signs `meta.json`: the build writes `meta.json.minisig` (published
    /// just before `meta.json`) with what it returns. `None`: unsigned.
    pub sign: Option<Signer>,
    /// The registry to compare with for the change feed (`--previous`);
    /// `None`: the registry the output folder serves, if any.
    pub previous: Option<std::path::PathBuf>,
    /// Builds the change feed keeps (change files and `changes.xml` entries).
    pub keep_changes: usize,
}

impl BuildOptions {
    /// Defaults: not strict, no progress, the default grace period.
    pub fn new(as_of: Day) -> BuildOptions {
        BuildOptions {
            as_of,
            strict: false,
            progress: false,
            grace: publish::DEFAULT_GRACE,
            skip_unreadable: false,
            follow_symlinks: false,
            limits: Limits::default(),
            sign: None,
            previous: None,
            keep_changes: changes::DEFAULT_KEEP,
        }
    }
}

/// A function that signs `meta.json`'s bytes into the text of
/// `meta.json.minisig` (the CLI's is minisign's; the compiler does not
/// depend on a signing library).
#[derive(Clone)]
pub struct Signer(std::sync::Arc<SignFn>);

/// What a [`Signer`] holds.
type SignFn = dyn Fn(&[u8]) -> anyhow::Result<String> + Send + Sync;

impl Signer {
    pub fn new(f: impl Fn(&[u8]) -> anyhow::Result<String> + Send + Sync + 'static) -> Signer {
        Signer(std::sync::Arc::new(f))
    }

    /// The signature of `meta` (the bytes of `meta.json`).
    pub fn sign(&self, meta: &[u8]) -> anyhow::Result<String> {
        (self.0)(meta)
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer")
    }
}

/// What `build` did.
#[derive(Clone, Debug)]
pub struct BuildOutcome {
    pub report: Report,
    pub enterprises: usize,
    /// True when `strict` was asked and a row was rejected or a file not
    /// recognised or not readable: the CLI exits with 2.
    pub strict_failed: bool,
    /// False when files could not be read and `skip_unreadable` was not
    /// given: the previous registry stays, only `report.json` is written,
    /// and the CLI exits with 2.
    pub published: bool,
    /// The change feed, when the build was published.
    pub feed: Option<changes::FeedSummary>,
}

/// `n` and the noun, plural unless `n` is one ("1 file", "3 files").
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl BuildOutcome {
    /// A one-screen summary for the terminal.
    pub fn summary(&self) -> String {
        let t = &self.report.totals;
        let mut s = format!(
            "{} from {}: {} read, {} accepted ({}), {} rejected, {}",
            count(self.enterprises, "enterprise"),
            count(t.files, "file"),
            count(t.read, "row"),
            t.accepted,
            count(t.duplicates, "duplicate"),
            t.rejected,
            count(t.warnings, "warning"),
        );
        if t.unrecognised_files > 0 {
            s.push_str(&format!(
                "; {} not recognised",
                count(t.unrecognised_files, "file")
            ));
        }
        for f in &self.report.files {
            if self.report.unreadable.iter().any(|u| u.file == f.file) {
                // Listed below with the unreadable files.
            } else if f.kind.is_none() {
                s.push_str(&format!(
                    "\n  {}: not a table: {}",
                    f.file,
                    f.reason.as_deref().unwrap_or("")
                ));
            } else if f.rejected > 0 {
                s.push_str(&format!(
                    "\n  {}: {} of {} rows rejected",
                    f.file, f.rejected, f.read
                ));
                if let Some(r) = &f.reason {
                    s.push_str(&format!(" ({r})"));
                }
            }
        }
        for u in &self.report.unreadable {
            s.push_str(&format!("\n  {}: could not be read: {}", u.file, u.reason));
        }
        for k in &self.report.skipped_files {
            s.push_str(&format!("\n  {}: skipped: {}", k.file, k.reason));
        }
        let n = self.report.unreadable.len();
        if n > 0 && self.published {
            s.push_str(&format!(
                "\npublished without {} (--skip-unreadable): their rows are not in the registry",
                count(n, "unreadable file")
            ));
        } else if n > 0 {
            s.push_str(&format!(
                "\nNOT PUBLISHED: {} could not be read and their rows would vanish from the site; \
                 the previous registry is still served. Fix them, or pass --skip-unreadable to \
                 publish without them",
                count(n, "file")
            ));
        }
        if let Some(f) = &self.feed {
            s.push('\n');
            s.push_str(&f.line());
        }
        if self.strict_failed {
            s.push_str("\n--strict: rejected rows or unrecognised files; see report.json");
        }
        s
    }
}

/// Compiles the tables in `src` into the registry folder `out`.
///
/// Writes the index (via [`index::write_index`]), `report.json` and
/// `stats.json` into a staging folder and publishes them atomically (see
/// [`publish`]). A missing source folder, an output folder zhixin did not
/// make, or nested folders are errors naming them; bad rows and files are
/// never errors but entries of the report.
pub fn build(src: &Path, out: &Path, opts: &BuildOptions) -> anyhow::Result<BuildOutcome> {
    let started = std::time::Instant::now();
    // Everything that can refuse the build comes before anything is written:
    // a wrong source folder, publisher file or output folder must leave a
    // registry as it was.
    let info = publisher_info(src)?;
    publish::check_nesting(src, out)?;
    let mut target = publish::Target::open(out, opts.grace)?;
    let previous = match &opts.previous {
        Some(dir) => Ok(changes::Previous::open(dir)?),
        None => changes::Previous::live(out),
    };
    // Deleting earlier builds' leftovers (tens of thousands of files at a
    // million enterprises) is mostly waiting on the file system: do it
    // while the tables are read.
    let copts = CompileOptions {
        as_of: opts.as_of,
        progress: opts.progress,
        limits: opts.limits,
        follow_symlinks: opts.follow_symlinks,
    };
    // The merged enterprises go to a store in the staging folder.
    let staging = target.staging();
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    let (compiled, cleaned) = std::thread::scope(|s| {
        let cleaning = s.spawn(|| target.clean());
        let compiled = build::compile_into(src, &copts, Some(&staging));
        (compiled, cleaning.join())
    });
    cleaned.map_err(|_| anyhow::anyhow!("cleaning {} failed", out.display()))??;
    publish_compiled(out, target, compiled?, info, previous, opts, started)
}

/// Writes what a build or a merge compiled into the staging folder of
/// `target` and publishes it (or, when files could not be read and that is
/// not allowed, writes only `report.json`). Every file of the registry is
/// written from `compiled`, `info`, `previous` (the build the change feed
/// compares with) and `opts` alone, so a merge of partitions and a single
/// build of the same files write the same bytes.
pub(crate) fn publish_compiled(
    out: &Path,
    mut target: publish::Target,
    mut compiled: Compiled,
    mut info: zhixin_core::RegistryInfo,
    previous: Result<changes::Previous, String>,
    opts: &BuildOptions,
    started: std::time::Instant,
) -> anyhow::Result<BuildOutcome> {
    let strict_failed = opts.strict
        && (compiled.report.totals.rejected > 0
            || compiled.report.totals.unrecognised_files > 0
            || compiled.report.totals.unreadable_files > 0);
    if !compiled.report.unreadable.is_empty() && !opts.skip_unreadable {
        // Not published: the previous registry stays whole; the report
        // says which files and why.
        compiled.report.published = false;
        target.abandon();
        target.write_now(REPORT_FILE, &serde_json::to_vec_pretty(&compiled.report)?)?;
        let enterprises = compiled.count();
        std::thread::spawn(move || drop(compiled.enterprises));
        return Ok(BuildOutcome {
            enterprises,
            report: compiled.report,
            strict_failed,
            published: false,
            feed: None,
        });
    }
    let staging = target.staging();
    if opts.progress {
        eprintln!("writing the registry to {}", out.display());
    }
    info.as_of = Some(opts.as_of);
    // The aggregates and the report are made before the index so that
    // `meta.json` (written last, and signed) lists their digests.
    let mut phases = progress::Phases::new(opts.progress, "");
    // The enterprises are in a store (see `store`), or go to one now and
    // are freed batch by batch; the aggregates are taken on the way.
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    let (store, stats) = match compiled.stored.take() {
        Some(stored) => stored,
        None => {
            let mut b = store::StoreBuilder::new(&staging, index::t2s_full(), Some(opts.as_of))?;
            b.drain(std::mem::take(&mut compiled.enterprises))?;
            let (store, stats) = b.finish()?;
            let stats = stats.unwrap_or_else(|| zhixin_core::Stats::compute(&[], opts.as_of));
            (store, stats)
        }
    };
    let stats = serde_json::to_vec(&stats)?;
    let report = serde_json::to_vec_pretty(&compiled.report)?;
    phases.mark("stored; stats.json and report.json");
    let extras = index::Extras {
        files: vec![(REPORT_FILE, report), (STATS_FILE, stats.clone())],
        stats: Some(stats),
        sign: opts.sign.clone(),
    };
    index::write_index_store(&staging, &store, &info, opts.progress, &extras)?;
    phases.mark("index");
    // The change feed, at the edge: it reads the staged build and the
    // previous one (still served) and adds its files to the staged meta.json.
    let feed = changes::write_feed(&staging, previous, opts.keep_changes, opts.sign.as_ref())?;
    phases.mark("change feed");
    publish::hook("staged");
    // The signature moves into place just before meta.json.
    target.publish(&[
        STATS_FILE,
        REPORT_FILE,
        changes::FEED_FILE,
        index::SIGNATURE_FILE,
    ])?;
    if opts.sign.is_none() {
        // An unsigned build leaves no signature of an earlier meta.json
        // beside its own (it would read as tampered, not as unsigned).
        let old = out.join(index::SIGNATURE_FILE);
        if old.exists() {
            std::fs::remove_file(&old)
                .with_context(|| format!("cannot remove the earlier {}", old.display()))?;
        }
    }
    // With a grace period of zero the build just replaced goes now.
    target.clean()?;
    phases.mark("published");
    if opts.progress {
        let cpu = progress::cpu_seconds()
            .map(|c| format!(" (cpu {c:.1} s)"))
            .unwrap_or_default();
        eprintln!("built in {:.1} s{cpu}", started.elapsed().as_secs_f64());
    }
    let enterprises = store.len();
    // Freeing a million items takes allocator work that nobody waits for:
    // a short-lived CLI exits before it is done.
    std::thread::spawn(move || drop(store));
    Ok(BuildOutcome {
        enterprises,
        report: compiled.report,
        strict_failed,
        published: true,
        feed: Some(feed),
    })
}

/// The publisher description `SRC/registry.json` (default when absent), or
/// an error naming the source folder or the file when they are unusable.
fn publisher_info(src: &Path) -> anyhow::Result<zhixin_core::RegistryInfo> {
    build::check_source(src)?;
    let p = src.join(REGISTRY_FILE);
    if !p.exists() {
        return Ok(zhixin_core::RegistryInfo::default());
    }
    let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
    publisher_info_from(&bytes, &p)
}

/// The publisher description in `bytes`, read from `p` (named in the error).
pub(crate) fn publisher_info_from(
    bytes: &[u8],
    p: &Path,
) -> anyhow::Result<zhixin_core::RegistryInfo> {
    serde_json::from_slice(bytes).with_context(|| {
        format!(
            "{}: not a valid publisher description; see the README",
            p.display()
        )
    })
}
