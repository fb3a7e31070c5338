//! The build report, `DIR/report.json`: what happened to every file and row.
//!
//! The shape is the contract of `shared/spec/cli.md`. Every data row of every
//! recognised file is counted once as accepted or rejected (`read ==
//! accepted + rejected`); title, footer and blank rows are listed in
//! `skipped`; a file that holds no recognised table has `kind: null` and a
//! `reason`.
//!
//! Warnings of one kind repeat by the ten thousand in a large file (a
//! publisher whose codes fail the organisation-code check fails it on every
//! row). So that the report stays readable, each file lists the first
//! [`WARNINGS_PER_KIND`] warnings of each kind (same sheet, column and
//! reason up to its first value) in full; the rest of that kind become one
//! entry whose `count` says how many warnings it stands for and whose `rows`
//! lists their row numbers. Nothing is dropped: `totals.warnings` and
//! `warnings_total` count every warning, and `count` (1 when absent) adds up
//! to them (`warnings_total` is written only when some are summarised).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use zhixin_core::Day;

/// Warnings of one kind listed in full per file; the rest are summarised.
pub const WARNINGS_PER_KIND: usize = 20;

/// `DIR/report.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The date the data stands at (`--as-of`).
    pub as_of: Option<Day>,
    /// One entry per file found in the source folder, in path order.
    pub files: Vec<FileReport>,
    /// Enterprises in the registry.
    pub enterprises: usize,
    /// Rows read, accepted, rejected and duplicates over all files.
    #[serde(default)]
    pub totals: Totals,
    /// Every file that could not be read at all (a damaged workbook, a file
    /// over one of the reader's limits, a failure of the reader), with what
    /// to do. Their rows are missing from the build: unless `zhixin build`
    /// was given `--skip-unreadable`, the build is not published.
    #[serde(default)]
    pub unreadable: Vec<Unreadable>,
    /// Entries of the source folder that were not read at all: symbolic
    /// links (unless `--follow-symlinks`) and special files, with the reason.
    #[serde(default)]
    pub skipped_files: Vec<SkippedFile>,
    /// True when this build became the registry in the output folder; false
    /// when it was not published (the previous registry is still served).
    #[serde(default = "published_default")]
    pub published: bool,
}

fn published_default() -> bool {
    true
}

/// A source file that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// Path relative to the source folder.
    pub file: String,
    /// The sheet, when the problem is one sheet's.
    pub sheet: Option<String>,
    /// What is wrong and what to do.
    pub reason: String,
    /// The reader's limit the file is over, when that is the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<LimitHit>,
}

/// A limit of the reader and the flag that raises it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitHit {
    /// The `zhixin build` flag, e.g. `--max-columns`.
    pub flag: String,
    /// The limit in force.
    pub value: u64,
    /// `columns`, `cells`, `characters` or `bytes`.
    pub unit: String,
}

/// An entry of the source folder that was not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// Path relative to the source folder.
    pub file: String,
    pub reason: String,
}

/// Sums over all files, for the one-screen summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub files: usize,
    pub unrecognised_files: usize,
    /// Files that could not be read at all (`Report::unreadable`).
    #[serde(default)]
    pub unreadable_files: usize,
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub duplicates: usize,
    pub warnings: usize,
}

/// What the build did with one source file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// Path relative to the source folder, with `/` separators.
    pub file: String,
    /// `enterprises`, `grades`, `listings`, `honours` or `spot_checks`; `null`
    /// when the file holds no recognised table (then `reason` says why).
    pub kind: Option<String>,
    /// `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`, `xlsx`, `xls`, …
    pub encoding: Option<String>,
    /// Data rows below the header (footers and blank rows excluded).
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Accepted rows that repeated a fact already merged (counted, not shown twice).
    pub duplicates: usize,
    /// Header cells that are none of the contract's columns for this kind,
    /// named once per file; their values are kept out of the registry.
    pub unknown_columns: Vec<String>,
    pub rejections: Vec<Rejection>,
    /// The first warnings of each kind in full, then one summary entry per
    /// kind with more (see the module docs).
    pub warnings: Vec<Warning>,
    /// Warnings of this file, every one counted, when some are summarised
    /// (otherwise it is `warnings.len()` and not written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warnings_total: Option<usize>,
    /// Spreadsheet row number of the header (of the first recognised sheet).
    pub header_row: Option<u32>,
    /// The title and notice rows above the header, joined with spaces.
    pub caption: Option<String>,
    pub skipped: Vec<Skipped>,
    /// Why the file is not a table, or why it was rejected as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For workbooks: each sheet's kind, header row and counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<SheetReport>,
}

/// One sheet of a workbook, or the one table of a CSV file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SheetReport {
    pub sheet: String,
    pub kind: Option<String>,
    pub header_row: Option<u32>,
    pub caption: Option<String>,
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A rejected row: where, which column, the value as read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub sheet: Option<String>,
    pub row: u32,
    /// The canonical column name (`uscc`, `listed_on`, …).
    pub column: Option<String>,
    pub value: Option<String>,
    /// What is wrong and what to do.
    pub reason: String,
}

/// An accepted row with something the publisher should look at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub reason: String,
    /// On a summary entry: how many warnings it stands for (absent: one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// On a summary entry: the row numbers of those warnings, space-separated
    /// (`-` for a warning about the file or sheet rather than a row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
}

impl Warning {
    /// How many warnings this entry stands for.
    pub fn stands_for(&self) -> usize {
        self.count.unwrap_or(1)
    }
}

/// The kind of a warning's reason: its text up to the first value (a
/// quoted name, a number, a date, a code) or ellipsis, so that "name
/// differs from the enterprise's known name '甲'" and "… '乙'" are one kind.
pub fn reason_kind(reason: &str) -> &str {
    let value = reason
        .as_bytes()
        .windows(2)
        .position(|w| w[0] == b' ' && (w[1] == b'\'' || w[1].is_ascii_digit()));
    let ellipsis = reason.find('…');
    match value.into_iter().chain(ellipsis).min() {
        Some(i) => &reason[..i],
        None => reason,
    }
}

/// Keeps the first `keep` warnings of each kind (sheet, column, reason
/// kind) where they are and replaces the rest of each kind with one summary
/// entry, appended in the order the kinds first appear.
pub fn group_warnings(warnings: Vec<Warning>, keep: usize) -> Vec<Warning> {
    type Key = (Option<String>, Option<String>, String);
    let mut seen: HashMap<Key, usize> = HashMap::new();
    let mut kept = Vec::new();
    // Per kind with more than `keep`: its summary entry, in order of first appearance.
    let mut summaries: Vec<Warning> = Vec::new();
    let mut summary_of: HashMap<Key, usize> = HashMap::new();
    for w in warnings {
        let key: Key = (
            w.sheet.clone(),
            w.column.clone(),
            reason_kind(&w.reason).to_string(),
        );
        let n = seen.entry(key.clone()).or_insert(0);
        *n += w.stands_for();
        if *n <= keep && w.count.is_none() {
            kept.push(w);
            continue;
        }
        let i = *summary_of.entry(key.clone()).or_insert_with(|| {
            summaries.push(Warning {
                sheet: w.sheet.clone(),
                row: None,
                column: w.column.clone(),
                value: None,
                reason: String::new(),
                count: Some(0),
                rows: Some(String::new()),
            });
            summaries.len() - 1
        });
        let s = &mut summaries[i];
        s.count = Some(s.stands_for() + w.stands_for());
        let rows = s.rows.get_or_insert_with(String::new);
        let more = match (&w.rows, w.row) {
            (Some(r), _) => r.clone(),
            (None, Some(r)) => r.to_string(),
            (None, None) => "-".to_string(),
        };
        if !more.is_empty() {
            if !rows.is_empty() {
                rows.push(' ');
            }
            rows.push_str(&more);
        }
        if s.reason.is_empty() {
            s.reason = key.2.trim_end().to_string();
        }
    }
    for s in &mut summaries {
        s.reason = format!(
            "{}… ({} more warnings of this kind; the first {keep} are listed in full above; their rows are in `rows`)",
            s.reason,
            s.stands_for()
        );
    }
    kept.extend(summaries);
    kept
}

impl Default for Report {
    fn default() -> Report {
        Report {
            as_of: None,
            files: Vec::new(),
            enterprises: 0,
            totals: Totals::default(),
            unreadable: Vec::new(),
            skipped_files: Vec::new(),
            published: true,
        }
    }
}

/// A row that is not data: a title, notice, footer, blank or repeated header row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub sheet: Option<String>,
    pub row: u32,
    pub reason: String,
}

impl Report {
    /// Recomputes `totals` from the files.
    pub fn tally(&mut self) {
        let mut t = Totals {
            files: self.files.len(),
            ..Totals::default()
        };
        for f in &self.files {
            if f.kind.is_none() {
                t.unrecognised_files += 1;
            }
            t.read += f.read;
            t.accepted += f.accepted;
            t.rejected += f.rejected;
            t.duplicates += f.duplicates;
            t.warnings += f
                .warnings_total
                .unwrap_or_else(|| f.warnings.iter().map(Warning::stands_for).sum());
        }
        t.unreadable_files = self.unreadable.len();
        self.totals = t;
    }
}

#[cfg(test)]
mod tests;
