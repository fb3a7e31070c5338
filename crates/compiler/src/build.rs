//! `zhixin build`: source folder → enterprises + report (+ index and stats files).
//!
//! Files are read and converted in parallel (one rayon task per file, and
//! large tables split further in `record`); merging is sequential and in
//! path order so the result does not depend on scheduling.

use crate::merge::Secondary;
use crate::read::{read_bytes_with, Limits, RawTable, ReadError};
use crate::record::{convert_table, Issue, TableResult, Typed};
use crate::report::{
    FileReport, LimitHit, Rejection, Report, SheetReport, Skipped, SkippedFile, Unreadable, Warning,
};
use crate::spill::{RowAt, Spill};
use crate::value::Ident;
use anyhow::Context;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use zhixin_core::{Day, Enterprise};

/// The publisher metadata file in the source folder, not a table.
pub const REGISTRY_FILE: &str = "registry.json";

/// The result of compiling a source folder, before anything is written.
pub struct Compiled {
    /// The enterprises, unless they went to a store (a build's own compile).
    pub enterprises: Vec<Enterprise>,
    pub report: Report,
    /// `SRC/registry.json` as given, when present.
    pub registry_json: Option<serde_json::Value>,
    /// The enterprises on disk and their aggregates, when the merge wrote
    /// them to a store (see `store`) instead of `enterprises`.
    pub(crate) stored: Option<(crate::store::Store, zhixin_core::Stats)>,
}

impl Compiled {
    /// How many enterprises were compiled.
    pub fn count(&self) -> usize {
        match &self.stored {
            Some((store, _)) => store.len(),
            None => self.enterprises.len(),
        }
    }
}

/// How `compile` reads the source folder.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// The date the data stands at.
    pub as_of: Day,
    /// Print progress to stderr.
    pub progress: bool,
    /// What one file may make the reader hold.
    pub limits: Limits,
    /// Read the files and folders that symbolic links in SRC point to.
    pub follow_symlinks: bool,
}

impl CompileOptions {
    /// Defaults: no progress, default limits, symbolic links not followed.
    pub fn new(as_of: Day) -> CompileOptions {
        CompileOptions {
            as_of,
            progress: false,
            limits: Limits::default(),
            follow_symlinks: false,
        }
    }
}

/// Lists the files of the source folder: recursively, in path order,
/// without hidden files and folders and without `registry.json`; symbolic
/// links and special files are left out (see [`list_source`]).
pub fn list_files(src: &Path) -> anyhow::Result<Vec<(PathBuf, String)>> {
    Ok(list_source(src, false)?.0)
}

/// The files of a source folder (path, name) and the entries left out.
pub type SourceListing = (Vec<(PathBuf, String)>, Vec<SkippedFile>);

/// The files of the source folder, and the entries not read with the
/// reason: symbolic links unless `follow_symlinks` (a link may point
/// anywhere, even into the registry folder), and anything that is not a
/// regular file or folder (reading a FIFO or a device would hang or never end).
pub fn list_source(src: &Path, follow_symlinks: bool) -> anyhow::Result<SourceListing> {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut seen = std::collections::HashSet::new();
    if let Ok(c) = src.canonicalize() {
        seen.insert(c);
    }
    walk(src, src, follow_symlinks, &mut seen, &mut out, &mut skipped)?;
    out.sort_by(|a, b| a.1.cmp(&b.1));
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((out, skipped))
}

fn walk(
    root: &Path,
    dir: &Path,
    follow: bool,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<(PathBuf, String)>,
    skipped: &mut Vec<SkippedFile>,
) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list the folder {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list the folder {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let mut ft = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if ft.is_symlink() {
            let target = std::fs::read_link(&path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            if !follow {
                skipped.push(SkippedFile {
                    file: rel,
                    reason: format!(
                        "symbolic link to {target}, not followed; copy the file into the source folder, \
                         or pass --follow-symlinks to read what links point to"
                    ),
                });
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(m) => ft = m.file_type(),
                Err(e) => {
                    skipped.push(SkippedFile {
                        file: rel,
                        reason: format!("symbolic link to {target}, which cannot be read ({e})"),
                    });
                    continue;
                }
            }
        }
        if ft.is_dir() {
            // A folder reached twice (a link back up the tree) is read once.
            let real = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !seen.insert(real) {
                skipped.push(SkippedFile {
                    file: rel,
                    reason: "a folder already read (a symbolic link loops back to it)".into(),
                });
                continue;
            }
            walk(root, &path, follow, seen, out, skipped)?;
            continue;
        }
        if !ft.is_file() {
            skipped.push(SkippedFile {
                file: rel,
                reason: "not a regular file (a pipe, socket or device); only files are read".into(),
            });
            continue;
        }
        if rel == REGISTRY_FILE {
            continue;
        }
        out.push((path, rel));
    }
    Ok(())
}

/// One file after stage two. Serialisable: a partitioned build keeps its
/// files in this form, and `zhixin merge` reads them back (see `partition`).
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct FileWork {
    rel: String,
    encoding: Option<String>,
    tables: Vec<TableResult>,
    /// Why the file could not be read as a table (kept as `reason`).
    error: Option<String>,
    /// Set when the file could not be read at all (not merely "not a table").
    unreadable: Option<Unreadable>,
    notes: Vec<String>,
    /// Seconds spent reading and converting (for the progress output).
    #[serde(skip)]
    seconds: f64,
}

impl FileWork {
    /// A file not read yet: nothing in it so far.
    fn empty(rel: &str) -> FileWork {
        FileWork {
            rel: rel.to_string(),
            encoding: None,
            tables: Vec::new(),
            error: None,
            unreadable: None,
            notes: Vec::new(),
            seconds: 0.0,
        }
    }

    /// A file that could not be read at all, for `reason` (a limit it passed,
    /// and on which sheet, when that was it).
    fn failed(
        rel: &str,
        reason: String,
        sheet: Option<String>,
        limit: Option<LimitHit>,
    ) -> FileWork {
        FileWork {
            unreadable: Some(Unreadable {
                file: rel.to_string(),
                sheet,
                reason: reason.clone(),
                limit,
            }),
            error: Some(reason),
            ..FileWork::empty(rel)
        }
    }

    /// The file's path relative to the source folder.
    pub(crate) fn rel(&self) -> &str {
        &self.rel
    }

    /// Data rows read from the file's tables.
    pub(crate) fn rows(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }

    /// True when the file could not be read at all.
    pub(crate) fn is_unreadable(&self) -> bool {
        self.unreadable.is_some()
    }
}

/// One file as the report needs it once its rows are merged or spilled:
/// [`FileWork`] without the converted rows, each table keeping only its
/// counts and the rows' warnings and rejections.
pub(crate) struct FileDone {
    rel: String,
    encoding: Option<String>,
    tables: Vec<TableDone>,
    error: Option<String>,
    unreadable: Option<Unreadable>,
    notes: Vec<String>,
    seconds: f64,
}

/// A table of a [`FileDone`]: [`TableResult`] with counts for rows.
struct TableDone {
    sheet: Option<String>,
    kind: Option<crate::header::Kind>,
    header_row: Option<u32>,
    caption: Option<String>,
    unknown_columns: Vec<String>,
    skipped: Vec<crate::report::Skipped>,
    reason: Option<String>,
    warnings: Vec<Issue>,
    read: usize,
    accepted: usize,
    rejected: usize,
    /// What the report lists of rows, sorted by row then by `RowNote::sub`
    /// before the report is made.
    rows: Vec<RowNote>,
}

/// A warning or rejection of one row.
struct RowNote {
    /// The row's place in its table and the number a person sees.
    index: u32,
    row: u32,
    /// The order of a row's warnings: from conversion first, then the merge's.
    sub: u32,
    what: Note,
}

enum Note {
    Warning(Issue),
    Rejected(Vec<Issue>),
}

/// What [`split_work`] does with an accepted row: `Ok(None)` when the row's
/// warnings are for the caller to report later (it keeps the row whole).
type Accept<'a> = dyn FnMut(RowAt, Typed) -> anyhow::Result<Option<Vec<Issue>>> + 'a;

/// Splits a converted (and, for a build in memory, merged) file into its
/// report's part and its accepted rows, which go to `accept` one by one.
fn split_work(fi: u32, w: FileWork, accept: &mut Accept) -> anyhow::Result<FileDone> {
    let FileWork {
        rel,
        encoding,
        tables,
        error,
        unreadable,
        notes,
        seconds,
    } = w;
    let mut done = Vec::with_capacity(tables.len());
    for (ti, mut t) in tables.into_iter().enumerate() {
        let rows = std::mem::take(&mut t.rows);
        let mut d = TableDone::of(t);
        split_rows(fi, ti as u32, rows, &mut d, accept)?;
        done.push(d);
    }
    Ok(FileDone {
        rel,
        encoding,
        tables: done,
        error,
        unreadable,
        notes,
        seconds,
    })
}

impl TableDone {
    /// A table's report part, before its rows (`t.rows` is left out).
    fn of(t: TableResult) -> TableDone {
        TableDone {
            sheet: t.sheet,
            kind: t.kind,
            header_row: t.header_row,
            caption: t.caption,
            unknown_columns: t.unknown_columns,
            skipped: t.skipped,
            reason: t.reason,
            warnings: t.warnings,
            read: 0,
            accepted: 0,
            rejected: 0,
            rows: Vec::new(),
        }
    }
}

/// Counts the next data rows of table `ti` of file `fi` into `d` (their
/// places in the table follow `d.read`), keeping their warnings and
/// rejections; accepted rows go to `accept`.
fn split_rows(
    fi: u32,
    ti: u32,
    rows: Vec<(u32, crate::record::RowResult)>,
    d: &mut TableDone,
    accept: &mut Accept,
) -> anyhow::Result<()> {
    for (row, res) in rows {
        let index = d.read as u32;
        d.read += 1;
        match res {
            Ok(typed) => {
                d.accepted += 1;
                let at = RowAt {
                    file: fi,
                    table: ti,
                    index,
                    row,
                };
                for (sub, i) in accept(at, typed)?.into_iter().flatten().enumerate() {
                    d.rows.push(RowNote {
                        index,
                        row,
                        sub: sub as u32,
                        what: Note::Warning(i),
                    });
                }
            }
            Err(issues) => {
                d.rejected += 1;
                d.rows.push(RowNote {
                    index,
                    row,
                    sub: 0,
                    what: Note::Rejected(issues),
                });
            }
        }
    }
    Ok(())
}

/// Reads, converts and spills one file (see [`spill_work`]); a text table
/// block by block ([`crate::record::TableStream`]), so that its rows are
/// never all in memory. A failure of the reader is the file's report entry,
/// as in [`read_file`], and none of its rows reach the merge.
fn read_and_spill(
    path: &Path,
    rel: &str,
    fi: u32,
    opts: &CompileOptions,
    spill: &Spill,
    secondary: &std::sync::Mutex<Vec<Secondary>>,
) -> anyhow::Result<FileDone> {
    let started = std::time::Instant::now();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_and_spill_inner(path, rel, fi, opts, spill, secondary)
    }));
    let mut done = match run {
        Ok(done) => done?,
        Err(panic) => {
            // Blocks spilled before the failure are left out of the merge.
            spill.forget(fi);
            split_work(fi, failed_work(rel, panic), &mut |_, _| Ok(None))?
        }
    };
    done.seconds = started.elapsed().as_secs_f64();
    Ok(done)
}

fn read_and_spill_inner(
    path: &Path,
    rel: &str,
    fi: u32,
    opts: &CompileOptions,
    spill: &Spill,
    secondary: &std::sync::Mutex<Vec<Secondary>>,
) -> anyhow::Result<FileDone> {
    use crate::record::{TableStream, BLOCK_ROWS, START_ROWS};
    #[cfg(debug_assertions)]
    if std::env::var_os("ZHIXIN_TEST_PANIC_ON").is_some_and(|v| v == rel) {
        panic!("test hook: a reader failure on {rel}");
    }
    let bytes = match std::fs::read(path) {
        Ok(b) if crate::read::sniff(rel, &b) == crate::read::Format::Text => b,
        Ok(b) => {
            let w = work_of_bytes(rel, b, opts.as_of, &opts.limits);
            return spill_work(fi, w, spill, secondary);
        }
        Err(e) => return spill_work(fi, not_read(rel, &e), spill, secondary),
    };
    let (text, encoding, had_errors) = crate::read::decode(bytes);
    let mut notes = Vec::new();
    if had_errors {
        notes.push(crate::read::decode_note(encoding));
    }
    let delimiter = crate::read::sniff_delimiter(rel, &text);
    let mut records = crate::read::TextRows::new(&text, delimiter);
    let mut out = spill.writer();
    let mut sec = Vec::new();
    let mut accept = |at: RowAt, typed: Typed| spill_row(&mut out, &mut sec, at, typed);
    let mut rows = records.block(START_ROWS.max(BLOCK_ROWS), &mut notes);
    let mut stream = TableStream::start(rel, None, &rows, opts.as_of);
    let rest = rows.split_off(stream.consumed().min(rows.len()));
    drop(rows);
    let mut d = TableDone::of(TableResult::default());
    split_rows(fi, 0, stream.push(rest), &mut d, &mut accept)?;
    loop {
        let block = records.block(BLOCK_ROWS, &mut notes);
        if block.is_empty() {
            break;
        }
        split_rows(fi, 0, stream.push(block), &mut d, &mut accept)?;
    }
    let (table, rest) = stream.finish();
    split_rows(fi, 0, rest, &mut d, &mut accept)?;
    out.finish()?;
    if !sec.is_empty() {
        secondary
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(sec);
    }
    let TableDone {
        read,
        accepted,
        rejected,
        rows,
        ..
    } = d;
    Ok(FileDone {
        rel: rel.to_string(),
        encoding: Some(encoding.to_string()),
        tables: vec![TableDone {
            read,
            accepted,
            rejected,
            rows,
            ..TableDone::of(table)
        }],
        error: None,
        unreadable: None,
        notes,
        seconds: 0.0,
    })
}

/// An accepted row to the spill (with a USCC) or to `sec` (known by an
/// old identifier: kept whole, its warnings reported after the merge).
fn spill_row(
    out: &mut crate::spill::SpillWriter,
    sec: &mut Vec<Secondary>,
    at: RowAt,
    mut typed: Typed,
) -> anyhow::Result<Option<Vec<Issue>>> {
    let Ident::Uscc(code) = &mut typed.ident else {
        sec.push(Secondary { at, typed });
        return Ok(None);
    };
    // The merge takes the code from the spill's header, not the row.
    let code = std::mem::take(code);
    let warnings = std::mem::take(&mut typed.warnings);
    out.put(crate::merge::shard_of_code(&code), at, &code, &typed)?;
    Ok(Some(warnings))
}

/// Hands a converted file's accepted rows to the spill (rows known by an
/// old identifier to `secondary`) and keeps what the report needs.
pub(crate) fn spill_work(
    fi: u32,
    w: FileWork,
    spill: &Spill,
    secondary: &std::sync::Mutex<Vec<Secondary>>,
) -> anyhow::Result<FileDone> {
    let mut out = spill.writer();
    let mut sec = Vec::new();
    let done = split_work(fi, w, &mut |at, typed| {
        spill_row(&mut out, &mut sec, at, typed)
    })?;
    out.finish()?;
    if !sec.is_empty() {
        secondary
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(sec);
    }
    Ok(done)
}

/// Reads and converts one file in isolation: a panic in a reader or in the
/// conversion becomes this file's report entry, never the end of the build.
fn read_file(path: &Path, rel: &str, as_of: Day, limits: &Limits) -> FileWork {
    let started = std::time::Instant::now();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_file_inner(path, rel, as_of, limits)
    }));
    let mut w = run.unwrap_or_else(|panic| failed_work(rel, panic));
    w.seconds = started.elapsed().as_secs_f64();
    w
}

/// A file whose reader failed (`panic`): unreadable, with the reason.
fn failed_work(rel: &str, panic: Box<dyn std::any::Any + Send>) -> FileWork {
    let msg = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown failure".into());
    let reason = format!(
        "the reader failed on this file ({msg}); re-save it as XLSX or CSV and build again, \
         and report the file to zhixin's maintainers if it keeps failing"
    );
    FileWork::failed(rel, reason, None, None)
}

/// A file the system would not give us (`e`), with what to check.
fn not_read(rel: &str, e: &std::io::Error) -> FileWork {
    let reason = format!("the file could not be read ({e}); check its permissions");
    FileWork::failed(rel, reason, None, None)
}

fn read_file_inner(path: &Path, rel: &str, as_of: Day, limits: &Limits) -> FileWork {
    // Test hook: `ZHIXIN_TEST_PANIC_ON=file` makes the reader fail on that
    // file, so tests can check that one failure never sinks the others. Only
    // in debug builds (the tests'): a release binary has no such switch.
    #[cfg(debug_assertions)]
    if std::env::var_os("ZHIXIN_TEST_PANIC_ON").is_some_and(|v| v == rel) {
        panic!("test hook: a reader failure on {rel}");
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return not_read(rel, &e),
    };
    work_of_bytes(rel, bytes, as_of, limits)
}

/// Reads and converts a file's bytes (see [`read_file_inner`]).
fn work_of_bytes(rel: &str, bytes: Vec<u8>, as_of: Day, limits: &Limits) -> FileWork {
    let mut w = FileWork::empty(rel);
    let raw = match read_bytes_with(rel, bytes, limits) {
        Ok(r) => r,
        Err(e) => {
            let reason = e.to_string();
            return match e {
                // Not unreadable: a file that holds no table is reported as such.
                ReadError::NotATable(_) => FileWork {
                    error: Some(reason),
                    ..w
                },
                ReadError::Limit {
                    sheet,
                    limit,
                    unit,
                    flag,
                    ..
                } => FileWork::failed(
                    rel,
                    reason,
                    sheet,
                    Some(LimitHit {
                        flag: format!("--{flag}"),
                        value: limit,
                        unit: unit.to_string(),
                    }),
                ),
                _ => FileWork::failed(rel, reason, None, None),
            };
        }
    };
    w.encoding = Some(raw.encoding);
    w.notes = raw.notes;
    let tables: Vec<RawTable> = raw.tables;
    w.tables = tables
        .into_iter()
        .map(|t| convert_table(rel, t, as_of))
        .collect();
    w
}

/// Reads and merges every table of `src` as of `as_of`.
pub fn compile(src: &Path, as_of: Day, progress: bool) -> anyhow::Result<Compiled> {
    compile_with(
        src,
        &CompileOptions {
            progress,
            ..CompileOptions::new(as_of)
        },
    )
}

/// Reads and merges every table of `src` with `opts`.
pub fn compile_with(src: &Path, opts: &CompileOptions) -> anyhow::Result<Compiled> {
    compile_into(src, opts, None)
}

/// [`compile_with`]; with `store`, the rows are read into shard files in
/// that folder as they are converted (see `spill`) and the enterprises go
/// to a store there (see `store`) instead of memory.
pub(crate) fn compile_into(
    src: &Path,
    opts: &CompileOptions,
    store: Option<&Path>,
) -> anyhow::Result<Compiled> {
    check_source(src)?;
    let (files, skipped_files) = list_source(src, opts.follow_symlinks)?;
    let Some(dir) = store else {
        let works = read_files(src, &files, opts);
        let registry_json = read_registry_json(src)?;
        return finish(
            works,
            skipped_files,
            opts.as_of,
            opts.progress,
            registry_json,
        );
    };
    let spill = Spill::new(dir, crate::merge::SHARDS)?;
    let secondary = std::sync::Mutex::new(Vec::new());
    if opts.progress {
        eprintln!("reading {} files from {}", files.len(), src.display());
    }
    let mut phases = crate::progress::Phases::new(opts.progress, "");
    let done: Vec<FileDone> = files
        .par_iter()
        .enumerate()
        .map(|(fi, (p, rel))| read_and_spill(p, rel, fi as u32, opts, &spill, &secondary))
        .collect::<anyhow::Result<_>>()?;
    if opts.progress {
        let mut slow: Vec<&FileDone> = done.iter().collect();
        slow.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        for w in slow.iter().take(3) {
            eprintln!("    {}: {:.1} s", w.rel, w.seconds);
        }
    }
    phases.mark(&format!(
        "read, converted and spilled ({} MB of rows)",
        spill.bytes() >> 20
    ));
    let registry_json = read_registry_json(src)?;
    let secondary = secondary.into_inner().unwrap_or_else(|e| e.into_inner());
    finish_spilled(
        done,
        spill,
        secondary,
        skipped_files,
        opts.as_of,
        opts.progress,
        registry_json,
        dir,
    )
}

/// An error naming `src` unless it is a folder.
pub(crate) fn check_source(src: &Path) -> anyhow::Result<()> {
    if !src.is_dir() {
        anyhow::bail!(
            "source folder '{}' does not exist or is not a folder; give the folder that holds the tables",
            src.display()
        );
    }
    Ok(())
}

/// Stages one and two for `files` (path, name in the listing of `src`), in
/// parallel: each file read and converted on its own, in the listing's order.
pub(crate) fn read_files(
    src: &Path,
    files: &[(PathBuf, String)],
    opts: &CompileOptions,
) -> Vec<FileWork> {
    if opts.progress {
        eprintln!("reading {} files from {}", files.len(), src.display());
    }
    let mut phases = crate::progress::Phases::new(opts.progress, "");
    let works: Vec<FileWork> = files
        .par_iter()
        .map(|(p, rel)| read_file(p, rel, opts.as_of, &opts.limits))
        .collect();
    if opts.progress {
        let mut slow: Vec<&FileWork> = works.iter().collect();
        slow.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        for w in slow.iter().take(3) {
            eprintln!("    {}: {:.1} s", w.rel, w.seconds);
        }
    }
    phases.mark("read and converted");
    works
}

/// Stage three and the report, in memory: merges the converted files (in
/// the listing's path order) into enterprises.
pub(crate) fn finish(
    mut works: Vec<FileWork>,
    skipped_files: Vec<SkippedFile>,
    as_of: Day,
    progress: bool,
    registry_json: Option<serde_json::Value>,
) -> anyhow::Result<Compiled> {
    let mut phases = crate::progress::Phases::new(progress, "");
    let mut tables: Vec<Vec<TableResult>> = works
        .iter_mut()
        .map(|w| std::mem::take(&mut w.tables))
        .collect();
    let merged = crate::merge::merge(&mut tables);
    phases.mark("merged");
    let done = works
        .into_iter()
        .zip(tables)
        .enumerate()
        .map(|(fi, (mut w, tabs))| {
            w.tables = tabs;
            split_work(fi as u32, w, &mut |_, t| Ok(Some(t.warnings)))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Enterprises stay in merge order (files in path order, rows in order),
    // which is already deterministic; sorting a million large records by
    // code would only move memory around, and the index orders its own docs.
    let enterprises = merged.enterprises;
    let report = make_report(
        done,
        merged.duplicates,
        skipped_files,
        as_of,
        enterprises.len(),
    );
    phases.mark("report");
    Ok(Compiled {
        enterprises,
        report,
        registry_json,
        stored: None,
    })
}

/// Stage three and the report for files spilled to `spill` (see
/// `compile_into`): merges the shards one after another into a store in
/// `dir`, taking the aggregates on the way. A single build and `zhixin
/// merge` of partitions both end here, with the same files in the same
/// order (`done` in the listing's path order), which is what makes their
/// registries the same.
#[allow(clippy::too_many_arguments)]
pub(crate) fn finish_spilled(
    mut done: Vec<FileDone>,
    spill: Spill,
    secondary: Vec<Secondary>,
    skipped_files: Vec<SkippedFile>,
    as_of: Day,
    progress: bool,
    registry_json: Option<serde_json::Value>,
    dir: &Path,
) -> anyhow::Result<Compiled> {
    let mut phases = crate::progress::Phases::new(progress, "");
    let (shards, forgotten) = spill.finish()?;
    let mut b = crate::store::StoreBuilder::new(dir, crate::index::t2s_full(), Some(as_of))?;
    let notes =
        crate::merge::merge_spilled(shards, &forgotten, secondary, done.len(), &mut |es| {
            b.drain(es)
        })?;
    let (store, stats) = b.finish()?;
    let stats = stats.unwrap_or_else(|| zhixin_core::Stats::compute(&[], as_of));
    phases.mark("merged and stored");
    for (at, sub, i) in notes.warnings {
        table(&mut done, at)?.rows.push(RowNote {
            index: at.index,
            row: at.row,
            sub,
            what: Note::Warning(i),
        });
    }
    for (at, issues) in notes.rejected {
        let t = table(&mut done, at)?;
        t.accepted -= 1;
        t.rejected += 1;
        t.rows.push(RowNote {
            index: at.index,
            row: at.row,
            sub: 0,
            what: Note::Rejected(issues),
        });
    }
    let report = make_report(done, notes.duplicates, skipped_files, as_of, store.len());
    phases.mark("report");
    Ok(Compiled {
        enterprises: Vec::new(),
        report,
        registry_json,
        stored: Some((store, stats)),
    })
}

/// The table of `done` that the row `at` is in.
fn table(done: &mut [FileDone], at: RowAt) -> anyhow::Result<&mut TableDone> {
    done.get_mut(at.file as usize)
        .and_then(|f| f.tables.get_mut(at.table as usize))
        .context("a merged row names no table read")
}

/// The report of the files `done` (in path order), with each file's
/// duplicates and the number of enterprises.
fn make_report(
    done: Vec<FileDone>,
    duplicates: Vec<usize>,
    skipped_files: Vec<SkippedFile>,
    as_of: Day,
    enterprises: usize,
) -> Report {
    let mut report = Report {
        as_of: Some(as_of),
        skipped_files,
        enterprises,
        ..Report::default()
    };
    for (mut d, dups) in done.into_iter().zip(duplicates) {
        for t in &mut d.tables {
            t.rows.sort_by_key(|n| (n.index, n.sub));
        }
        report.unreadable.extend(d.unreadable.take());
        report.files.push(file_report(d, dups));
    }
    report.tally();
    report
}

/// Reads `SRC/registry.json`, if present. A malformed file is an input error.
pub(crate) fn read_registry_json(src: &Path) -> anyhow::Result<Option<serde_json::Value>> {
    let p = src.join(REGISTRY_FILE);
    if !p.exists() {
        return Ok(None);
    }
    let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
    let v = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not valid JSON; fix it or remove it", p.display()))?;
    Ok(Some(v))
}

fn warning(sheet: &Option<String>, row: Option<u32>, i: Issue) -> Warning {
    Warning {
        sheet: sheet.clone(),
        row,
        column: i.column.map(str::to_string),
        value: i.value,
        reason: i.reason,
        count: None,
        rows: None,
    }
}

/// A file's report, its warnings counted and grouped by kind.
fn file_report(w: FileDone, duplicates: usize) -> FileReport {
    let mut f = file_report_in_full(w, duplicates);
    let total = f.warnings.iter().map(Warning::stands_for).sum();
    f.warnings = crate::report::group_warnings(
        std::mem::take(&mut f.warnings),
        crate::report::WARNINGS_PER_KIND,
    );
    if f.warnings.len() != total {
        f.warnings_total = Some(total);
    }
    f
}

/// A file's report with every warning listed.
fn file_report_in_full(w: FileDone, duplicates: usize) -> FileReport {
    let tables = w.tables;
    let mut f = FileReport {
        file: w.rel,
        encoding: w.encoding,
        duplicates,
        ..FileReport::default()
    };
    for n in w.notes {
        f.warnings.push(Warning {
            sheet: None,
            row: None,
            column: None,
            value: None,
            reason: n,
            count: None,
            rows: None,
        });
    }
    if let Some(e) = w.error {
        f.reason = Some(e);
        return f;
    }
    let workbook = tables.iter().any(|t| t.sheet.is_some());
    let recognised = tables.iter().any(|t| t.kind.is_some());
    for t in tables {
        let mut s = SheetReport {
            sheet: t.sheet.clone().unwrap_or_default(),
            kind: t.kind.map(|k| k.id().to_string()),
            header_row: t.header_row,
            caption: t.caption.clone(),
            reason: t.reason.clone(),
            ..SheetReport::default()
        };
        if t.kind.is_none() {
            if recognised && t.reason.as_deref() != Some("empty: no rows") {
                f.warnings.push(Warning {
                    sheet: t.sheet.clone(),
                    row: None,
                    column: None,
                    value: None,
                    reason: format!(
                        "sheet holds no recognised table: {}",
                        t.reason.clone().unwrap_or_default()
                    ),
                    count: None,
                    rows: None,
                });
            }
            if f.reason.is_none() {
                f.reason = t.reason.clone();
            }
            if workbook {
                f.sheets.push(s);
            }
            continue;
        }
        if f.kind.is_none() {
            f.kind = s.kind.clone();
            f.header_row = t.header_row;
            f.caption = t.caption.clone();
        }
        if t.reason.is_some() && f.reason.is_none() {
            f.reason = t.reason.clone();
        }
        for u in &t.unknown_columns {
            if !f.unknown_columns.contains(u) {
                f.unknown_columns.push(u.clone());
            }
        }
        for i in t.warnings {
            f.warnings.push(warning(&t.sheet, None, i));
        }
        s.read = t.read;
        s.accepted = t.accepted;
        s.rejected = t.rejected;
        for n in t.rows {
            match n.what {
                Note::Warning(i) => f.warnings.push(warning(&t.sheet, Some(n.row), i)),
                Note::Rejected(issues) => f.rejections.push(rejection(&t.sheet, n.row, issues)),
            }
        }
        f.skipped.extend(t.skipped.into_iter().map(|k| Skipped {
            sheet: k.sheet,
            row: k.row,
            reason: k.reason,
        }));
        f.read += s.read;
        f.accepted += s.accepted;
        f.rejected += s.rejected;
        if workbook {
            f.sheets.push(s);
        }
    }
    if recognised && f.rejected == f.read && f.read > 0 && f.reason.is_some() {
        // Rejected as a whole: keep the reason.
    } else if recognised {
        f.reason = None;
    }
    f
}

/// One entry per rejected row: the first problem names the column and value;
/// the reason lists every problem, so one build reports all of them.
fn rejection(sheet: &Option<String>, row: u32, issues: Vec<Issue>) -> Rejection {
    let mut it = issues.into_iter();
    let Some(first) = it.next() else {
        return Rejection {
            sheet: sheet.clone(),
            row,
            column: None,
            value: None,
            reason: "rejected".into(),
        };
    };
    let mut reason = first.reason;
    for i in it {
        reason.push_str("; also ");
        if let Some(c) = i.column {
            reason.push_str(c);
            if let Some(v) = &i.value {
                reason.push_str(&format!(" '{v}'"));
            }
            reason.push_str(": ");
        }
        reason.push_str(&i.reason);
    }
    Rejection {
        sheet: sheet.clone(),
        row,
        column: first.column.map(str::to_string),
        value: first.value,
        reason,
    }
}
