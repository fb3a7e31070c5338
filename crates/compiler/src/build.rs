//! `zhixin build`: source folder → enterprises + report (+ index and stats files).
//!
//! Files are read and converted in parallel (one rayon task per file, and
//! large tables split further in `record`); merging is sequential and in
//! path order so the result does not depend on scheduling.

use crate::read::{read_bytes, RawTable};
use crate::record::{convert_table, Issue, TableResult};
use crate::report::{FileReport, Rejection, Report, SheetReport, Skipped, Warning};
use anyhow::Context;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use zhixin_core::{Day, Enterprise};

/// The publisher metadata file in the source folder, not a table.
pub const REGISTRY_FILE: &str = "registry.json";

/// The result of compiling a source folder, before anything is written.
pub struct Compiled {
    pub enterprises: Vec<Enterprise>,
    pub report: Report,
    /// `SRC/registry.json` as given, when present.
    pub registry_json: Option<serde_json::Value>,
}

/// Lists the files of the source folder: recursively, in path order,
/// without hidden files and folders and without `registry.json`.
pub fn list_files(src: &Path) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    walk(src, src, &mut out)?;
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list the folder {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list the folder {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let ft = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if ft.is_dir() {
            walk(root, &path, out)?;
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if rel == REGISTRY_FILE {
            continue;
        }
        out.push((path, rel));
    }
    Ok(())
}

/// One file after stage two.
struct FileWork {
    rel: String,
    encoding: Option<String>,
    tables: Vec<TableResult>,
    /// Why the file could not be read at all.
    error: Option<String>,
    notes: Vec<String>,
    /// Seconds spent reading and converting (for the progress output).
    seconds: f64,
}

fn read_file(path: &Path, rel: &str, as_of: Day) -> FileWork {
    let started = std::time::Instant::now();
    let mut w = FileWork {
        rel: rel.to_string(),
        encoding: None,
        tables: Vec::new(),
        error: None,
        notes: Vec::new(),
        seconds: 0.0,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            w.error = Some(format!(
                "the file could not be read ({e}); check its permissions"
            ));
            return w;
        }
    };
    let raw = match read_bytes(rel, bytes) {
        Ok(r) => r,
        Err(e) => {
            w.error = Some(e.to_string());
            return w;
        }
    };
    w.encoding = Some(raw.encoding);
    w.notes = raw.notes;
    let tables: Vec<RawTable> = raw.tables;
    w.tables = tables
        .into_iter()
        .map(|t| convert_table(rel, t, as_of))
        .collect();
    w.seconds = started.elapsed().as_secs_f64();
    w
}

/// Reads and merges every table of `src` as of `as_of`.
pub fn compile(src: &Path, as_of: Day, progress: bool) -> anyhow::Result<Compiled> {
    if !src.is_dir() {
        anyhow::bail!(
            "source folder '{}' does not exist or is not a folder; give the folder that holds the tables",
            src.display()
        );
    }
    let files = list_files(src)?;
    if progress {
        eprintln!("reading {} files from {}", files.len(), src.display());
    }
    let mut phases = crate::progress::Phases::new(progress, "");
    let mut works: Vec<FileWork> = files
        .par_iter()
        .map(|(p, rel)| read_file(p, rel, as_of))
        .collect();
    if progress {
        let mut slow: Vec<&FileWork> = works.iter().collect();
        slow.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        for w in slow.iter().take(3) {
            eprintln!("    {}: {:.1} s", w.rel, w.seconds);
        }
    }
    phases.mark("read and converted");
    let mut tables: Vec<Vec<TableResult>> = works
        .iter_mut()
        .map(|w| std::mem::take(&mut w.tables))
        .collect();
    let merged = crate::merge::merge(&mut tables);
    phases.mark("merged");
    let mut report = Report {
        as_of: Some(as_of),
        ..Report::default()
    };
    for ((w, tabs), dups) in works.into_iter().zip(tables).zip(merged.duplicates) {
        report.files.push(file_report(w, tabs, dups));
    }
    // Enterprises stay in merge order (files in path order, rows in order),
    // which is already deterministic; sorting a million large records by
    // code would only move memory around, and the index orders its own docs.
    let enterprises = merged.enterprises;
    report.enterprises = enterprises.len();
    report.tally();
    phases.mark("report");
    let registry_json = read_registry_json(src)?;
    Ok(Compiled {
        enterprises,
        report,
        registry_json,
    })
}

/// Reads `SRC/registry.json`, if present. A malformed file is an input error.
fn read_registry_json(src: &Path) -> anyhow::Result<Option<serde_json::Value>> {
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
fn file_report(w: FileWork, tables: Vec<TableResult>, duplicates: usize) -> FileReport {
    let mut f = file_report_in_full(w, tables, duplicates);
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
fn file_report_in_full(w: FileWork, tables: Vec<TableResult>, duplicates: usize) -> FileReport {
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
        for (row, res) in t.rows {
            s.read += 1;
            match res {
                Ok(typed) => {
                    s.accepted += 1;
                    for i in typed.warnings {
                        f.warnings.push(warning(&t.sheet, Some(row), i));
                    }
                }
                Err(issues) => {
                    s.rejected += 1;
                    f.rejections.push(rejection(&t.sheet, row, issues));
                }
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
