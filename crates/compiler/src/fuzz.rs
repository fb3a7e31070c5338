//! Entry points for the fuzz targets (`fuzz/` at the repository root).
//!
//! The readers and detectors are private modules; these few functions reach
//! them without making `read`, `caption`, `header` or `record` public API.
//! Each runs a stage exactly as `build` does (same functions, same order)
//! and returns a number derived from what it produced, so nothing is
//! optimised away. They panic only where the code under test panics, which
//! is what the fuzzer looks for.

use crate::caption::{caption_authority, caption_date, caption_text};
use crate::header::{as_kind, detect, Kind};
use crate::read::{read_bytes_with, Limits, RawRow, RawTable};
use crate::record::convert_table;
use zhixin_core::Day;

/// The as-of date the fuzz targets convert rows with (fixed, so that a
/// crash found on one day reproduces on any other).
fn as_of() -> Day {
    Day::from_ymd(2026, 11, 22).expect("2026-11-22 is a date")
}

/// Reads a source file from its name and bytes as `build` reads it (text or
/// workbook, every table), converts every table and merges the rows.
/// Returns the number of tables and rows seen.
///
/// A panic while reading is caught, as the build catches it per file (the
/// file is reported as unreadable): the fuzz targets let through only panics
/// raised inside calamine ([`tolerate_calamine_panics`]), whose malformed-file
/// bugs the build contains; any other panic aborts the fuzzer first.
#[doc(hidden)]
pub fn read_file(name: &str, bytes: &[u8]) -> usize {
    // The build's limits, smaller: an input the fuzzer grows must not hit
    // the fuzzer's own memory cap (1 GB) before the reader's.
    let limits = Limits {
        workbook_bytes: 64 << 20,
        cells: 1_000_000,
        ..Limits::default()
    };
    let read = std::panic::catch_unwind(|| read_bytes_with(name, bytes.to_vec(), &limits));
    let raw = match read {
        Ok(Ok(raw)) => raw,
        Ok(Err(e)) => return e.to_string().len(),
        Err(_) => return 0,
    };
    let mut seen = raw.tables.len() + raw.notes.len();
    let tables: Vec<_> = raw
        .tables
        .into_iter()
        .map(|t| convert_table(name, t, as_of()))
        .collect();
    seen += tables.iter().map(|t| t.rows.len()).sum::<usize>();
    let merged = crate::merge::merge(&mut [tables]);
    seen + merged.enterprises.len()
}

/// Wraps the fuzzer's panic hook (which aborts, so that a panic is a crash)
/// to let panics raised inside calamine unwind instead, to the per-file
/// catch of [`read_file`]. Known case: calamine 0.38 `cfb.rs:320` slices
/// past the end of a truncated XLS sector (found by `read_workbook`).
#[doc(hidden)]
pub fn tolerate_calamine_panics() {
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().replace('\\', "/").contains("/calamine-"));
        if !in_calamine {
            abort(info);
        }
    }));
}

/// Caption and header detection, then conversion, on rows of cells given
/// directly (the shapes a workbook or CSV reader can hand over).
#[doc(hidden)]
pub fn caption_and_header(name: &str, rows: &[Vec<String>]) -> usize {
    let rows: Vec<RawRow> = rows
        .iter()
        .enumerate()
        .map(|(i, cells)| RawRow {
            number: i as u32 + 1,
            cells: cells.iter().map(String::as_str).collect(),
        })
        .collect();
    let mut seen = 0;
    if let Some(c) = caption_text(&rows) {
        seen += usize::from(caption_date(&c).is_some());
        seen += caption_authority(&c).map_or(0, |a| a.len());
    }
    if let Some(h) = detect(&rows) {
        for kind in [
            Kind::Enterprises,
            Kind::Grades,
            Kind::Listings,
            Kind::Honours,
            Kind::SpotChecks,
        ] {
            seen += as_kind(&rows, &h, kind).texts.len();
        }
    }
    let table = RawTable {
        sheet: Some(name.to_string()),
        rows,
    };
    seen + convert_table(name, table, as_of()).rows.len()
}
