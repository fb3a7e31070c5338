//! Stage one: files to raw tables (strings as read, with spreadsheet row numbers).
//!
//! Text files are decoded (UTF-8 with or without BOM, UTF-16 with BOM,
//! GB18030/GBK detected by `chardetng`) and split by the `csv` crate with a
//! sniffed delimiter (comma or tab). Workbooks are read by `calamine`, every
//! sheet; merged ranges are filled so that a value merged down several rows
//! belongs to each of them; Excel dates become ISO dates. Nothing here knows
//! about table kinds: that is `header` and `record`.

use calamine::{open_workbook_auto_from_rs, Data, Range, Reader, Sheets};
use csv::StringRecord;
use std::io::Cursor;

/// One row as read: its number as a person sees it in the file, and its cells.
#[derive(Clone, Debug, Default)]
pub struct RawRow {
    /// Spreadsheet row (1-based), or the CSV record number (1-based, every record counted).
    pub number: u32,
    pub cells: StringRecord,
}

impl RawRow {
    /// The cell at `i`, or `""` past the end.
    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).unwrap_or("")
    }

    /// True when every cell is empty or whitespace.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// One sheet of a workbook, or a whole text file.
#[derive(Clone, Debug, Default)]
pub struct RawTable {
    /// Sheet name; `None` for text files.
    pub sheet: Option<String>,
    pub rows: Vec<RawRow>,
}

/// A file read into tables, or the reason it could not be.
#[derive(Debug)]
pub struct RawFile {
    /// `utf-8`, `utf-8-bom`, `gb18030`, `xlsx` …
    pub encoding: String,
    pub tables: Vec<RawTable>,
    /// File-level notes (undecodable bytes, unreadable sheets).
    pub notes: Vec<String>,
}

/// Why a file could not be read as a table at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file is neither a spreadsheet nor text.
    #[error("not a table file: {0}; save it as CSV (UTF-8 or GB18030) or XLSX")]
    NotATable(String),
    /// The workbook could not be opened.
    #[error("the workbook could not be opened ({0}); re-save it as XLSX")]
    Workbook(String),
    /// Reading failed at the OS level.
    #[error("the file could not be read: {0}")]
    Io(#[from] std::io::Error),
}

/// What a file's name and first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Workbook,
    Other,
}

/// Decides how to read a file from its extension and magic bytes.
pub fn sniff(name: &str, bytes: &[u8]) -> Format {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Format::Workbook;
    }
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Workbook,
        "csv" | "tsv" | "txt" | "tab" => Format::Text,
        // Unknown extensions: read as text when it looks like text, so that a
        // table saved as `.dat` is still found; binary files are reported.
        _ if looks_like_text(bytes) => Format::Text,
        _ => Format::Other,
    }
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    !head.contains(&0)
}

/// Reads a file's bytes into raw tables.
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<RawFile, ReadError> {
    match sniff(name, &bytes) {
        Format::Text => Ok(read_text(name, bytes)),
        Format::Workbook => read_workbook(bytes),
        Format::Other => {
            let ext = name
                .rsplit_once('.')
                .map(|(_, e)| format!(".{e}"))
                .unwrap_or_else(|| "no extension".into());
            Err(ReadError::NotATable(format!("binary content ({ext})")))
        }
    }
}

/// How many bytes of a non-UTF-8 file the encoding detector sees.
const SNIFF_BYTES: usize = 64 * 1024;

/// Decodes text bytes: BOMs first, then strict UTF-8 (taken as it is, not
/// copied: the largest tables are hundreds of MB), then detection.
pub fn decode(bytes: Vec<u8>) -> (String, &'static str, bool) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        let mut bytes = bytes;
        bytes.drain(..3);
        return match String::from_utf8(bytes) {
            Ok(s) => (s, "utf-8-bom", false),
            Err(e) => {
                let (s, had_errors) = encoding_rs::UTF_8.decode_without_bom_handling(e.as_bytes());
                (s.into_owned(), "utf-8-bom", had_errors)
            }
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (s, had_errors) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return (s.into_owned(), "utf-16le", had_errors);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (s, had_errors) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return (s.into_owned(), "utf-16be", had_errors);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return (s, "utf-8", false),
        Err(e) => e.into_bytes(),
    };
    let bytes = bytes.as_slice();
    // Not UTF-8. Chinese government exports are GBK/GB18030 in practice;
    // chardetng decides among the legacy encodings, and GBK is read as its
    // superset GB18030 so that rare characters decode too.
    // 64 KiB of a table tell the encoding; feeding more only costs time.
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    det.feed(sample, sample.len() == bytes.len());
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let enc = if guess == encoding_rs::GBK
        || guess == encoding_rs::GB18030
        || guess == encoding_rs::UTF_8
    {
        encoding_rs::GB18030
    } else {
        guess
    };
    let (s, _, had_errors) = enc.decode(bytes);
    let label = if enc == encoding_rs::GB18030 {
        "gb18030".to_string()
    } else {
        enc.name().to_ascii_lowercase()
    };
    (s.into_owned(), leak_label(label), had_errors)
}

/// Encoding labels are a small closed set; map them to static strings.
fn leak_label(label: String) -> &'static str {
    match label.as_str() {
        "gb18030" => "gb18030",
        "big5" => "big5",
        "shift_jis" => "shift_jis",
        "euc-kr" => "euc-kr",
        "windows-1252" => "windows-1252",
        _ => "other",
    }
}

/// Picks the delimiter from the first lines: tab when tabs outnumber commas.
pub fn sniff_delimiter(name: &str, text: &str) -> u8 {
    if name.to_ascii_lowercase().ends_with(".tsv") {
        return b'\t';
    }
    let mut tabs = 0usize;
    let mut commas = 0usize;
    for line in text.lines().take(30) {
        tabs += line.bytes().filter(|&b| b == b'\t').count();
        commas += line.bytes().filter(|&b| b == b',').count();
    }
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// Reads a text file as one table.
pub fn read_text(name: &str, bytes: Vec<u8>) -> RawFile {
    let (text, encoding, had_errors) = decode(bytes);
    let mut notes = Vec::new();
    if had_errors {
        notes.push(format!(
            "some bytes are not valid {encoding} and were replaced with U+FFFD; re-save the file as UTF-8"
        ));
    }
    let delimiter = sniff_delimiter(name, &text);
    let mut rows = Vec::new();
    let mut number = 0u32;
    for record in split_records(&text, delimiter) {
        number += 1;
        match record {
            Ok(cells) => rows.push(RawRow { number, cells }),
            // The csv crate reports UTF-8 errors only; our text is valid
            // UTF-8, so this is rare. Record the row as a note and go on.
            Err(e) => notes.push(format!(
                "record {number} could not be split into cells: {e}"
            )),
        }
    }
    RawFile {
        encoding: encoding.to_string(),
        tables: vec![RawTable { sheet: None, rows }],
        notes,
    }
}

/// Text of at least this size is split into records on several cores.
const PARALLEL_TEXT: usize = 4 << 20;

/// Splits text into records (cells, or why a record could not be split).
///
/// Text without a quote character has one record per line, so a large
/// file is cut at line breaks into pieces that are split in parallel; the
/// records come out in order, exactly as one reader would give them.
fn split_records(text: &str, delimiter: u8) -> Vec<Result<StringRecord, String>> {
    let bytes = text.as_bytes();
    let pieces = rayon::current_num_threads() * 4;
    if bytes.len() < PARALLEL_TEXT || pieces < 2 || bytes.contains(&b'"') {
        return split_piece(text, delimiter);
    }
    let mut cuts = vec![0];
    for i in 1..pieces {
        let from = (bytes.len() * i / pieces).max(*cuts.last().unwrap_or(&0));
        match bytes[from..].iter().position(|&b| b == b'\n') {
            Some(p) => cuts.push(from + p + 1),
            None => break,
        }
    }
    cuts.push(bytes.len());
    cuts.dedup();
    use rayon::prelude::*;
    let parts: Vec<Vec<Result<StringRecord, String>>> = cuts
        .par_windows(2)
        .map(|w| split_piece(&text[w[0]..w[1]], delimiter))
        .collect();
    parts.into_iter().flatten().collect()
}

fn split_piece(text: &str, delimiter: u8) -> Vec<Result<StringRecord, String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        // Excel quotes cells holding line breaks in CSV and tab-separated
        // exports alike; a quote inside an unquoted cell stays literal.
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => out.push(Ok(record.clone())),
            Ok(false) => break,
            Err(e) => out.push(Err(e.to_string())),
        }
    }
    out
}

/// Reads every sheet of a workbook, filling merged ranges.
pub fn read_workbook(bytes: Vec<u8>) -> Result<RawFile, ReadError> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ReadError::Workbook(e.to_string()))?;
    let encoding = match &wb {
        Sheets::Xls(_) => "xls",
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    let mut tables = Vec::new();
    let mut notes = Vec::new();
    for name in wb.sheet_names() {
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                notes.push(format!("sheet '{name}' could not be read: {e}"));
                continue;
            }
        };
        let merges = match &mut wb {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let merges = merges
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect::<Vec<_>>();
        tables.push(sheet_table(name, &range, &merges));
    }
    Ok(RawFile {
        encoding: encoding.to_string(),
        tables,
        notes,
    })
}

/// A merged range: absolute `(row, col)` of its top-left and bottom-right cells, 0-based.
pub type Merge = ((u32, u32), (u32, u32));

/// Converts a calamine range into raw rows with absolute row numbers.
///
/// `merges` are absolute `((row, col), (row, col))` corners, 0-based.
pub fn sheet_table(name: String, range: &Range<Data>, merges: &[Merge]) -> RawTable {
    let Some((r0, c0)) = range.start() else {
        return RawTable {
            sheet: Some(name),
            rows: Vec::new(),
        };
    };
    let height = range.height();
    let width = range.width();
    let mut grid: Vec<Vec<String>> = range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    // Fill merged ranges from their top-left cell. Ranges may lie partly
    // outside the used range (calamine trims empty cells), so clip them.
    for &((mr0, mc0), (mr1, mc1)) in merges {
        let (Some(tr), Some(tc)) = (mr0.checked_sub(r0), mc0.checked_sub(c0)) else {
            continue;
        };
        let (tr, tc) = (tr as usize, tc as usize);
        let Some(value) = grid.get(tr).and_then(|r| r.get(tc)).cloned() else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let last_r = ((mr1 - r0) as usize).min(height.saturating_sub(1));
        let last_c = ((mc1.saturating_sub(c0)) as usize).min(width.saturating_sub(1));
        for row in grid.iter_mut().take(last_r + 1).skip(tr) {
            for cell in row.iter_mut().take(last_c + 1).skip(tc) {
                if cell.is_empty() {
                    cell.clone_from(&value);
                }
            }
        }
    }
    let rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            // Cells left of the used range are empty: pad so column indexes
            // are the sheet's own.
            let mut rec = StringRecord::new();
            for _ in 0..c0 {
                rec.push_field("");
            }
            for c in &cells {
                rec.push_field(c);
            }
            RawRow {
                number: r0 + i as u32 + 1,
                cells: rec,
            }
        })
        .collect();
    RawTable {
        sheet: Some(name),
        rows,
    }
}

/// A cell as text: numbers without a spurious `.0`, dates as ISO dates.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests;
