//! The build report, `DIR/report.json`: what happened to every file and row.
//!
//! The shape is the contract of `shared/spec/cli.md`. Every data row of every
//! recognised file is counted once as accepted or rejected (`read ==
//! accepted + rejected`); title, footer and blank rows are listed in
//! `skipped`; a file that holds no recognised table has `kind: null` and a
//! `reason`.

use serde::{Deserialize, Serialize};
use zhixin_core::Day;

/// `DIR/report.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
}

/// Sums over all files, for the one-screen summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub files: usize,
    pub unrecognised_files: usize,
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
    pub warnings: Vec<Warning>,
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
            t.warnings += f.warnings.len();
        }
        self.totals = t;
    }
}
