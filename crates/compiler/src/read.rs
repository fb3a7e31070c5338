//! Stage one: files to raw tables (strings as read, with spreadsheet row numbers).
//!
//! Text files are decoded (UTF-8 with or without BOM, UTF-16 with BOM,
//! GB18030/GBK detected by `chardetng`) and split by the `csv` crate with a
//! sniffed delimiter (comma or tab). Workbooks are read by `calamine`, every
//! sheet; merged ranges are filled so that a value merged down several rows
//! belongs to each of them; Excel dates become ISO dates. Nothing here knows
//! about table kinds: that is `header` and `record`.

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Range, Reader, Sheets};
use csv::StringRecord;
use std::io::{Cursor, Read};

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
    /// The file is over one of the reader's [`Limits`].
    #[error("{what}, over the limit of {limit} {unit} (--{flag}); {advice}, or raise the limit with --{flag}")]
    Limit {
        /// The sheet, when the limit is a sheet's.
        sheet: Option<String>,
        /// What the file holds ("sheet 'X' has a value in column XFD (16,384)").
        what: String,
        limit: u64,
        unit: &'static str,
        /// The `zhixin build` flag that raises it, without `--`.
        flag: &'static str,
        advice: &'static str,
    },
}

/// How much one file may make the reader hold, so that memory follows the
/// data and not what a file declares (a stray value in cell XFD1048576
/// declares a sheet of 17 billion cells; a zip bomb declares gigabytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Total uncompressed size of a zipped workbook's parts (XLSX, ODS), bytes.
    pub workbook_bytes: u64,
    /// Cells holding a value, per sheet (merged ranges counted as filled).
    pub cells: u64,
    /// The rightmost column holding a value (1 = A).
    pub columns: u32,
    /// Characters in one cell.
    pub cell_chars: u64,
}

impl Default for Limits {
    /// Far above any table of the contract (a million rows of 30 columns is
    /// 30 million cells and well under 2 GB of XML; Excel's own cell limit
    /// is 32,767 characters), far below what would exhaust a machine.
    fn default() -> Limits {
        Limits {
            workbook_bytes: 2 << 30,
            cells: 100_000_000,
            columns: 1000,
            cell_chars: 32_767,
        }
    }
}

/// Spreadsheet column letters of a 1-based column number (1 → A, 16384 → XFD).
pub fn column_letters(mut n: u32) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        s.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
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

/// Reads a file's bytes into raw tables within the default limits.
#[cfg(test)]
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<RawFile, ReadError> {
    read_bytes_with(name, bytes, &Limits::default())
}

/// [`read_bytes`] within `limits`.
pub fn read_bytes_with(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<RawFile, ReadError> {
    match sniff(name, &bytes) {
        Format::Text => Ok(read_text(name, bytes)),
        Format::Workbook => read_workbook_with(bytes, limits),
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
        notes.push(decode_note(encoding));
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

/// The records of a text table, a block at a time (a streamed build reads
/// a large text file without holding all its rows): the same rows and notes
/// [`read_text`] gives.
pub struct TextRows<'t> {
    rdr: csv::Reader<&'t [u8]>,
    number: u32,
}

impl<'t> TextRows<'t> {
    /// The records of `text` split by `delimiter` (see [`sniff_delimiter`]).
    pub fn new(text: &'t str, delimiter: u8) -> TextRows<'t> {
        TextRows {
            rdr: reader(text, delimiter),
            number: 0,
        }
    }

    /// Up to `n` more rows (none at the end); a record that cannot be split
    /// becomes a note, as in [`read_text`].
    pub fn block(&mut self, n: usize, notes: &mut Vec<String>) -> Vec<RawRow> {
        let mut rows = Vec::with_capacity(n.min(1 << 16));
        let mut record = StringRecord::new();
        while rows.len() < n {
            match self.rdr.read_record(&mut record) {
                Ok(true) => {
                    self.number += 1;
                    rows.push(RawRow {
                        number: self.number,
                        cells: record.clone(),
                    });
                }
                Ok(false) => break,
                Err(e) => {
                    self.number += 1;
                    notes.push(format!(
                        "record {} could not be split into cells: {e}",
                        self.number
                    ));
                }
            }
        }
        rows
    }
}

/// The note [`read_text`] gives for text that did not decode cleanly.
pub fn decode_note(encoding: &str) -> String {
    format!(
        "some bytes are not valid {encoding} and were replaced with U+FFFD; re-save the file as UTF-8"
    )
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

/// The CSV reader of every text table.
fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        // Excel quotes cells holding line breaks in CSV and tab-separated
        // exports alike; a quote inside an unquoted cell stays literal.
        .from_reader(text.as_bytes())
}

fn split_piece(text: &str, delimiter: u8) -> Vec<Result<StringRecord, String>> {
    let mut rdr = reader(text, delimiter);
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

/// The uncompressed size a zip archive declares for its parts, if it is one.
fn zip_size(bytes: &[u8]) -> Option<u64> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).ok()?.size());
    }
    Some(total)
}

/// The signature of an OLE compound file (`.xls`, and `.xlsx` saved encrypted).
const COMPOUND_FILE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Refuses a compound file whose structure is broken before calamine reads it.
///
/// calamine 0.38 follows an `.xls` file's sector chains as they are written:
/// a chain that loops back on itself (a few bytes changed in a 6 KB file)
/// grows a vector until memory runs out, which aborts the whole build rather
/// than failing this file. The `cfb` crate validates the allocation table at
/// open (a sector pointed to twice, an entry out of range), so a damaged file
/// is reported here as unreadable. Checking costs one parse of the table; the
/// alternative, a patched calamine, would be a fork to keep up to date. The
/// workbook stream's cells are then checked against the format's bounds
/// ([`check_xls_extent`]).
fn check_compound_file(bytes: &[u8]) -> Result<(), ReadError> {
    if !bytes.starts_with(&COMPOUND_FILE_MAGIC) {
        return Ok(());
    }
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        ReadError::Workbook(format!("its compound-file structure is damaged ({e})"))
    })?;
    // The workbook stream: `Workbook` (BIFF8), `Book` (BIFF5), as calamine looks.
    let mut stream = Vec::new();
    for name in ["Workbook", "Book"] {
        if let Ok(mut s) = file.open_stream(name) {
            s.read_to_end(&mut stream).map_err(|e| {
                ReadError::Workbook(format!("its compound-file structure is damaged ({e})"))
            })?;
            break;
        }
    }
    check_xls_extent(&stream)
}

/// The most cells an `.xls` sheet can have: 65,536 rows × 256 columns (A–IV).
const XLS_MAX_COLUMNS: u32 = 256;
const XLS_MAX_CELLS: u64 = 65_536 * XLS_MAX_COLUMNS as u64;

/// Refuses an `.xls` workbook stream whose cells lie outside any sheet the
/// format can hold, before calamine reads it.
///
/// calamine 0.38 makes each sheet a dense grid spanning its cells (and
/// reserves the size a DIMENSIONS record declares): one cell record with a
/// column number past IV (the format has 256 columns; the field has 16 bits)
/// asks for tens of gigabytes, and the failed allocation aborts the whole
/// build. Cell records keep their row and column in their first four bytes
/// (MULRK and MULBLANK their last column in their last two), so one pass over
/// the records finds them; within the format's bounds the grid is at most
/// 65,536 × 256 cells.
fn check_xls_extent(stream: &[u8]) -> Result<(), ReadError> {
    let u16_at = |d: &[u8], i: usize| d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let damaged = |what: String| {
        ReadError::Workbook(format!(
            "{what}, beyond the 65,536 rows × 256 columns an .xls sheet can hold: the file is \
             damaged; open and save it again in a spreadsheet program, or save it as .xlsx"
        ))
    };
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = &stream[(at + 4).min(stream.len())..(at + 4 + len as usize).min(stream.len())];
        at += 4 + len as usize;
        match kind {
            // DIMENSIONS: first row, last row + 1, first column, last column + 1
            // (16-bit rows in BIFF5's 10 bytes, 32-bit in BIFF8's 14). calamine
            // reserves room for the grid they span, computed as it does below
            // (its u32 arithmetic wraps when the last row is before the first).
            0x0200 => {
                let (rows, cols) = match data.len() {
                    10 => (
                        u16_at(data, 0)
                            .zip(u16_at(data, 2))
                            .map(|(a, b)| (a as u32, b as u32)),
                        u16_at(data, 4).zip(u16_at(data, 6)),
                    ),
                    _ => (
                        u32_at(data, 0).zip(u32_at(data, 4)),
                        u16_at(data, 8).zip(u16_at(data, 10)),
                    ),
                };
                if let (Some((rf, rl)), Some((cf, cl))) = (rows, cols) {
                    let (cf, cl) = (u32::from(cf), u32::from(cl));
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    let (row_end, col_end) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    let rows = row_end.wrapping_sub(rf).wrapping_add(1);
                    let cols = col_end.wrapping_sub(cf).wrapping_add(1);
                    let cells = u64::from(rows) * u64::from(cols);
                    if cells > XLS_MAX_CELLS {
                        return Err(damaged(format!(
                            "a sheet declares {cells} cells (rows {rf}–{rl}, columns {cf}–{cl})"
                        )));
                    }
                }
            }
            // Cells: FORMULA, LABELSST, BLANK, NUMBER, LABEL, BOOLERR, RK, RSTRING.
            0x0006 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00D6 | 0x00BD
            | 0x00BE => {
                let first = u16_at(data, 2);
                // MULRK, MULBLANK: several cells, the last column at the end.
                let last = if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 6 {
                    u16_at(data, data.len() - 2)
                } else {
                    first
                };
                for col in [first, last].into_iter().flatten() {
                    if u32::from(col) >= XLS_MAX_COLUMNS {
                        return Err(damaged(format!(
                            "a cell record is in column {} (row {})",
                            u32::from(col) + 1,
                            u32::from(u16_at(data, 0).unwrap_or(0)) + 1
                        )));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Reads every sheet of a workbook within `limits`, filling merged ranges.
///
/// XLSX sheets are read cell by cell (calamine's cell reader), holding only
/// the cells that have a value: memory follows the data, not the sheet's
/// declared or used range. Other workbook formats come from calamine as
/// ranges (an `.xls` sheet is at most 65,536 × 256 cells); their cells pass
/// the same limits.
pub fn read_workbook_with(bytes: Vec<u8>, limits: &Limits) -> Result<RawFile, ReadError> {
    if let Some(size) = zip_size(&bytes) {
        if size > limits.workbook_bytes {
            return Err(ReadError::Limit {
                sheet: None,
                what: format!("the workbook unpacks to {size} bytes"),
                limit: limits.workbook_bytes,
                unit: "bytes",
                flag: "max-workbook-bytes",
                advice: "split it into several files",
            });
        }
    }
    check_compound_file(&bytes)?;
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
        let cells = match &mut wb {
            Sheets::Xlsx(x) => xlsx_cells(x, &name, limits),
            other => match other.worksheet_range(&name) {
                Ok(range) => range_cells(&name, &range, limits),
                Err(e) => Err(ReadError::Workbook(e.to_string())),
            },
        };
        let cells = match cells {
            Ok(c) => c,
            Err(e @ ReadError::Limit { .. }) => return Err(e),
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
        let (table, note) = sparse_table(name, cells, &merges, limits)?;
        notes.extend(note);
        tables.push(table);
    }
    Ok(RawFile {
        encoding: encoding.to_string(),
        tables,
        notes,
    })
}

/// A cell with a value: `(row, column, text)`, 0-based.
pub type SheetCell = (u32, u32, String);

/// Checks one cell against the limits; `count` is the sheet's cells so far.
fn admit(
    sheet: &str,
    (row, col, text): &SheetCell,
    count: u64,
    limits: &Limits,
) -> Result<(), ReadError> {
    if col + 1 > limits.columns {
        return Err(ReadError::Limit {
            sheet: Some(sheet.to_string()),
            what: format!(
                "sheet '{sheet}' has a value in cell {}{} (column {})",
                column_letters(col + 1),
                row + 1,
                col + 1
            ),
            limit: limits.columns as u64,
            unit: "columns",
            flag: "max-columns",
            advice:
                "a stray value far to the right is usually a mistake: delete it in the spreadsheet",
        });
    }
    if count > limits.cells {
        return Err(ReadError::Limit {
            sheet: Some(sheet.to_string()),
            what: format!(
                "sheet '{sheet}' has more than {} cells with a value",
                limits.cells
            ),
            limit: limits.cells,
            unit: "cells",
            flag: "max-cells",
            advice: "split the sheet into several files",
        });
    }
    // Bytes bound characters from above: count only when they could be over.
    if text.len() as u64 > limits.cell_chars && text.chars().count() as u64 > limits.cell_chars {
        return Err(ReadError::Limit {
            sheet: Some(sheet.to_string()),
            what: format!(
                "sheet '{sheet}' cell {}{} holds {} characters",
                column_letters(col + 1),
                row + 1,
                text.chars().count()
            ),
            limit: limits.cell_chars,
            unit: "characters",
            flag: "max-cell-chars",
            advice: "a cell that long is not a table value: check the cell",
        });
    }
    Ok(())
}

/// The cells of an XLSX sheet that hold a value, read as a stream.
fn xlsx_cells<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    sheet: &str,
    limits: &Limits,
) -> Result<Vec<SheetCell>, ReadError> {
    let mut reader = match x.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // A chart sheet or dialog sheet: no cells, as calamine's range read treats it.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(ReadError::Workbook(e.to_string())),
    };
    let mut cells = Vec::new();
    loop {
        match reader.next_cell() {
            Ok(Some(c)) => {
                if matches!(c.get_value(), DataRef::Empty) {
                    continue;
                }
                let (row, col) = c.get_position();
                let cell = (row, col, cellref_text(c.get_value()));
                admit(sheet, &cell, cells.len() as u64 + 1, limits)?;
                cells.push(cell);
            }
            Ok(None) => break,
            Err(e) => return Err(ReadError::Workbook(e.to_string())),
        }
    }
    Ok(cells)
}

/// The cells of a calamine range that hold a value.
fn range_cells(
    sheet: &str,
    range: &Range<Data>,
    limits: &Limits,
) -> Result<Vec<SheetCell>, ReadError> {
    let mut cells = Vec::new();
    for (r, c, d) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cell = (r0 + r as u32, c0 + c as u32, cell_text(d));
        admit(sheet, &cell, cells.len() as u64 + 1, limits)?;
        cells.push(cell);
    }
    Ok(cells)
}

/// A merged range: absolute `(row, col)` of its top-left and bottom-right cells, 0-based.
pub type Merge = ((u32, u32), (u32, u32));

/// Blank rows between values up to this run length are rows of the table
/// (listed as skipped blank rows); a longer run, typically the gap before a
/// stray value far below, is one note instead of a row each.
const BLANK_RUN: u32 = 1000;

/// Raw rows from the cells that hold a value, with absolute row numbers.
///
/// Rows run from the first row with a value to the last; merged ranges are
/// filled from their top-left cell, clipped to the rows and columns that hold
/// values. Returns a note when a long run of blank rows was left out.
pub fn sparse_table(
    name: String,
    mut cells: Vec<SheetCell>,
    merges: &[Merge],
    limits: &Limits,
) -> Result<(RawTable, Option<String>), ReadError> {
    if cells.is_empty() {
        return Ok((
            RawTable {
                sheet: Some(name),
                rows: Vec::new(),
            },
            None,
        ));
    }
    // Fill merged ranges. Ranges may reach past the cells with values
    // (calamine trims empty cells), so clip them to those.
    let (mut first_row, mut last_row, mut last_col) = (u32::MAX, 0, 0);
    for &(r, c, _) in &cells {
        first_row = first_row.min(r);
        last_row = last_row.max(r);
        last_col = last_col.max(c);
    }
    if !merges.is_empty() {
        let mut at: std::collections::HashMap<(u32, u32), usize> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.0, c.1), i))
            .collect();
        let mut fills: Vec<SheetCell> = Vec::new();
        for &((mr0, mc0), (mr1, mc1)) in merges {
            let Some(&i) = at.get(&(mr0, mc0)) else {
                continue;
            };
            let Some(value) = cells.get(i).map(|c| c.2.clone()) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            for r in mr0..=mr1.min(last_row) {
                for c in mc0..=mc1.min(last_col) {
                    match at.get(&(r, c)) {
                        None => {
                            let cell = (r, c, value.clone());
                            admit(&name, &cell, (cells.len() + fills.len()) as u64 + 1, limits)?;
                            at.insert((r, c), cells.len() + fills.len());
                            fills.push(cell);
                        }
                        // A cell holding an empty string is filled too.
                        Some(&j) if j < cells.len() && cells[j].2.is_empty() => {
                            cells[j].2.clone_from(&value);
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        cells.extend(fills);
    }
    cells.sort_unstable_by_key(|c| (c.0, c.1));
    let mut rows = Vec::new();
    let mut gaps: Vec<(u32, u32)> = Vec::new();
    let mut next = first_row;
    let mut i = 0;
    while i < cells.len() {
        let r = cells[i].0;
        if r > next {
            if r - next > BLANK_RUN {
                gaps.push((next + 1, r));
            } else {
                for b in next..r {
                    rows.push(RawRow {
                        number: b + 1,
                        cells: StringRecord::new(),
                    });
                }
            }
        }
        let mut rec = StringRecord::new();
        let mut col = 0;
        while i < cells.len() && cells[i].0 == r {
            let (_, c, ref text) = cells[i];
            while col < c {
                rec.push_field("");
                col += 1;
            }
            rec.push_field(text);
            col = c + 1;
            i += 1;
        }
        rows.push(RawRow {
            number: r + 1,
            cells: rec,
        });
        next = r + 1;
    }
    let note = (!gaps.is_empty()).then(|| {
        let runs: Vec<String> = gaps.iter().map(|(a, b)| format!("{a}–{b}")).collect();
        format!(
            "sheet '{name}': blank rows {} are not listed one by one (more than {BLANK_RUN} in a row); \
             a value far below the table is usually a stray one",
            runs.join(", ")
        )
    });
    Ok((
        RawTable {
            sheet: Some(name),
            rows,
        },
        note,
    ))
}

/// A streamed XLSX cell as text, as [`cell_text`] gives it for the same value.
fn cellref_text(d: &DataRef) -> String {
    match d {
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::String(s) => s.clone(),
        other => cell_text(&Data::from(other.clone())),
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
