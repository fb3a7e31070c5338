//! Table writers: delimited text (UTF-8, UTF-8 with BOM, GB18030; comma or
//! tab) streamed to disk, and XLSX workbooks of several sheets.
//!
//! Both keep the row numbers a person sees in the file (title rows and the
//! header included), so the ground truth can name the rows the build must
//! reject exactly as the build report will.

use anyhow::{Context, Result};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use zhixin_core::Day;

/// One cell of a generated row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Date(Day),
    /// A number (a year, a count); written as a number in spreadsheets.
    Num(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Cell {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<Day> for Cell {
    fn from(d: Day) -> Cell {
        Cell::Date(d)
    }
}

impl From<Option<Day>> for Cell {
    fn from(d: Option<Day>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

/// How a date is written as text (each is one of the contract's formats).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    /// `2024-03-01`
    Iso,
    /// `2024/3/1`
    Slash,
    /// `2024.03.01`
    Dot,
    /// `2024-3-1`
    DashShort,
    /// `2024.3.1`
    DotShort,
    /// `20240301`
    Compact,
    /// `2024年3月1日`
    Chinese,
    /// An Excel serial number such as `45352`.
    Serial,
    /// In a spreadsheet: a real date cell with a date format.
    ExcelDate,
    /// In a spreadsheet: `20240301` as a number (read back as `20240301.0`).
    CompactNumber,
}

/// The Excel serial number of a day (1900 date system, days since 1899-12-30).
pub fn excel_serial(d: Day) -> i32 {
    d.to_epoch_days() + 25_569
}

/// A date as text in `style` (spreadsheet-only styles fall back to ISO).
pub fn format_date(d: Day, style: DateStyle) -> String {
    let (y, m, dd) = (d.year(), d.month(), d.day());
    match style {
        DateStyle::Iso | DateStyle::ExcelDate => format!("{y:04}-{m:02}-{dd:02}"),
        DateStyle::Slash => format!("{y}/{m}/{dd}"),
        DateStyle::Dot => format!("{y:04}.{m:02}.{dd:02}"),
        DateStyle::DashShort => format!("{y}-{m}-{dd}"),
        DateStyle::DotShort => format!("{y}.{m}.{dd}"),
        DateStyle::Compact | DateStyle::CompactNumber => format!("{y:04}{m:02}{dd:02}"),
        DateStyle::Chinese => format!("{y}年{m}月{dd}日"),
        DateStyle::Serial => excel_serial(d).to_string(),
    }
}

/// A text encoding of a delimited file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

/// A delimited text table streamed to disk.
pub struct TextSink {
    /// File name relative to the source folder.
    pub name: String,
    w: BufWriter<File>,
    encoding: Encoding,
    delimiter: char,
    dates: DateStyle,
    width: usize,
    /// Records written so far (the next record's number is `records + 1`).
    records: u32,
    /// Data rows written.
    pub data_rows: u64,
    line: String,
    bytes: Vec<u8>,
    gb: GbCache,
}

/// Appends one field, quoted when it holds the delimiter, a quote or a line break.
fn push_field(line: &mut String, s: &str, delimiter: char) {
    let needs_quotes =
        s.contains(delimiter) || s.contains('"') || s.contains('\n') || s.contains('\r');
    if needs_quotes {
        line.push('"');
        for c in s.chars() {
            if c == '"' {
                line.push('"');
            }
            line.push(c);
        }
        line.push('"');
    } else {
        line.push_str(s);
    }
}

/// GB18030 encoding with a per-character cache: `encoding_rs` searches its
/// tables for every CJK character, and names repeat the same few hundred.
struct GbCache {
    /// Per BMP character: the byte count in the low byte, then up to four bytes; 0 = not yet known.
    table: Vec<u64>,
}

impl GbCache {
    fn new() -> GbCache {
        GbCache { table: Vec::new() }
    }

    fn encode(&mut self, s: &str, out: &mut Vec<u8>) {
        out.clear();
        if self.table.is_empty() {
            self.table = vec![0; 0x10000];
        }
        let mut buf = [0u8; 4];
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c as u8);
                continue;
            }
            let cp = c as usize;
            if cp < 0x10000 && self.table[cp] != 0 {
                let v = self.table[cp];
                let n = (v & 0xFF) as usize;
                for k in 0..n {
                    out.push((v >> (8 * (k + 1))) as u8);
                }
                continue;
            }
            let (bytes, _, _) = encoding_rs::GB18030.encode(c.encode_utf8(&mut buf));
            if cp < 0x10000 && bytes.len() <= 4 {
                let mut v = bytes.len() as u64;
                for (k, b) in bytes.iter().enumerate() {
                    v |= (*b as u64) << (8 * (k + 1));
                }
                self.table[cp] = v;
            }
            out.extend_from_slice(&bytes);
        }
    }
}

impl TextSink {
    /// Creates `dir/name`.
    pub fn create(
        dir: &Path,
        name: &str,
        encoding: Encoding,
        delimiter: char,
        dates: DateStyle,
    ) -> Result<TextSink> {
        let path = dir.join(name);
        let f = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 16, f);
        if encoding == Encoding::Utf8Bom {
            w.write_all(b"\xEF\xBB\xBF")?;
        }
        Ok(TextSink {
            name: name.to_string(),
            w,
            encoding,
            delimiter,
            dates,
            width: 0,
            records: 0,
            data_rows: 0,
            line: String::with_capacity(256),
            bytes: Vec::with_capacity(256),
            gb: GbCache::new(),
        })
    }

    fn emit(&mut self, cells: &[Cell]) -> Result<u32> {
        self.line.clear();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.line.push(self.delimiter);
            }
            match c {
                Cell::Text(s) => push_field(&mut self.line, s, self.delimiter),
                Cell::Date(d) => {
                    push_field(&mut self.line, &format_date(*d, self.dates), self.delimiter)
                }
                Cell::Num(n) => {
                    let s = if n.fract() == 0.0 {
                        format!("{}", *n as i64)
                    } else {
                        n.to_string()
                    };
                    push_field(&mut self.line, &s, self.delimiter);
                }
                Cell::Empty => {}
            }
        }
        self.line.push_str("\r\n");
        match self.encoding {
            Encoding::Gb18030 => {
                self.gb.encode(&self.line, &mut self.bytes);
                self.w.write_all(&self.bytes)?;
            }
            _ => self.w.write_all(self.line.as_bytes())?,
        }
        self.records += 1;
        Ok(self.records)
    }

    /// A caption line above the header (a title exported from a merged cell:
    /// the text, then empty cells to the table's width).
    pub fn caption(&mut self, text: &str, width: usize) -> Result<u32> {
        let mut cells = vec![Cell::Text(text.to_string())];
        cells.resize(width.max(1), Cell::Empty);
        self.emit(&cells)
    }

    /// The header row.
    pub fn header(&mut self, headers: &[&str]) -> Result<u32> {
        self.width = headers.len();
        let cells: Vec<Cell> = headers.iter().map(|h| Cell::from(*h)).collect();
        self.emit(&cells)
    }

    /// A data row; returns its record number.
    pub fn row(&mut self, cells: &[Cell]) -> Result<u32> {
        self.data_rows += 1;
        self.emit(cells)
    }

    /// A footer line (注：…, 合计) below the data.
    pub fn footer(&mut self, text: &str) -> Result<u32> {
        let w = self.width;
        self.caption(text, w)
    }

    /// Flushes the file.
    pub fn finish(mut self) -> Result<(String, u64)> {
        self.w
            .flush()
            .with_context(|| format!("writing {}", self.name))?;
        Ok((self.name, self.data_rows))
    }
}

/// One sheet of a workbook being written.
pub struct Sheet {
    pub name: String,
    ws: Worksheet,
    /// Next row index (0-based); the row a person sees is this plus one.
    next: u32,
    width: u16,
    dates: Vec<DateStyle>,
    pub data_rows: u64,
}

/// An XLSX workbook held in memory until `finish` (kept to modest sizes by the caller).
pub struct XlsxSink {
    pub name: String,
    path: PathBuf,
    pub sheets: Vec<Sheet>,
    date_fmt: Format,
    title_fmt: Format,
    header_fmt: Format,
}

impl XlsxSink {
    pub fn new(dir: &Path, name: &str) -> XlsxSink {
        XlsxSink {
            name: name.to_string(),
            path: dir.join(name),
            sheets: Vec::new(),
            date_fmt: Format::new().set_num_format("yyyy-mm-dd"),
            title_fmt: Format::new().set_bold().set_align(FormatAlign::Center),
            header_fmt: Format::new().set_bold().set_text_wrap(),
        }
    }

    /// Adds a sheet with caption rows (each merged across the width), then the
    /// header; `dates` gives each column's date style. Returns its index.
    pub fn add_sheet(
        &mut self,
        name: &str,
        captions: &[String],
        headers: &[&str],
        dates: Vec<DateStyle>,
    ) -> Result<usize> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let width = headers.len() as u16;
        let mut next = 0u32;
        for c in captions {
            if width > 1 {
                ws.merge_range(next, 0, next, width - 1, c, &self.title_fmt)?;
            } else {
                ws.write_string(next, 0, c)?;
            }
            next += 1;
        }
        for (i, h) in headers.iter().enumerate() {
            ws.write_string_with_format(next, i as u16, *h, &self.header_fmt)?;
            ws.set_column_width(i as u16, 14)?;
        }
        next += 1;
        self.sheets.push(Sheet {
            name: name.to_string(),
            ws,
            next,
            width,
            dates,
            data_rows: 0,
        });
        Ok(self.sheets.len() - 1)
    }

    /// The row number (1-based, as seen) the next row of `sheet` will get.
    pub fn next_row(&self, sheet: usize) -> u32 {
        self.sheets[sheet].next + 1
    }

    /// Writes a data row; returns its row number as seen (1-based).
    pub fn row(&mut self, sheet: usize, cells: &[Cell]) -> Result<u32> {
        let date_fmt = self.date_fmt.clone();
        let s = &mut self.sheets[sheet];
        let r = s.next;
        for (i, c) in cells.iter().enumerate() {
            let col = i as u16;
            let style = s.dates.get(i).copied().unwrap_or(DateStyle::ExcelDate);
            match c {
                Cell::Text(t) => {
                    s.ws.write_string(r, col, t)?;
                }
                Cell::Num(n) => {
                    s.ws.write_number(r, col, *n)?;
                }
                Cell::Date(d) => match style {
                    DateStyle::ExcelDate => {
                        let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month(), d.day())?;
                        s.ws.write_datetime_with_format(r, col, &dt, &date_fmt)?;
                    }
                    DateStyle::Serial => {
                        s.ws.write_number(r, col, excel_serial(*d) as f64)?;
                    }
                    DateStyle::CompactNumber => {
                        let n =
                            d.year() as f64 * 10_000.0 + d.month() as f64 * 100.0 + d.day() as f64;
                        s.ws.write_number(r, col, n)?;
                    }
                    other => {
                        s.ws.write_string(r, col, format_date(*d, other))?;
                    }
                },
                Cell::Empty => {}
            }
        }
        s.next += 1;
        s.data_rows += 1;
        Ok(r + 1)
    }

    /// Merges column `col` of `sheet` over rows `first..=last` (as seen,
    /// 1-based), keeping `text` as the merged value: one sample's 序号 over its
    /// failed-item rows.
    pub fn merge_down(
        &mut self,
        sheet: usize,
        col: u16,
        first: u32,
        last: u32,
        text: &str,
    ) -> Result<()> {
        if last > first {
            let fmt = Format::new();
            self.sheets[sheet]
                .ws
                .merge_range(first - 1, col, last - 1, col, text, &fmt)?;
        }
        Ok(())
    }

    /// A footer row merged across the width.
    pub fn footer(&mut self, sheet: usize, text: &str) -> Result<u32> {
        let fmt = Format::new();
        let s = &mut self.sheets[sheet];
        let r = s.next;
        if s.width > 1 {
            s.ws.merge_range(r, 0, r, s.width - 1, text, &fmt)?;
        } else {
            s.ws.write_string(r, 0, text)?;
        }
        s.next += 1;
        Ok(r + 1)
    }

    /// Total data rows in all sheets.
    pub fn data_rows(&self) -> u64 {
        self.sheets.iter().map(|s| s.data_rows).sum()
    }

    /// Saves the workbook, with a fixed creation time so the bytes depend on the seed only.
    pub fn finish(self) -> Result<(String, u64)> {
        let rows = self.data_rows();
        let mut wb = Workbook::new();
        let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
        let props = rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("演示数据 / demo data")
            .set_author("质信查 demo（虚构）");
        wb.set_properties(&props);
        for s in self.sheets {
            wb.push_worksheet(s.ws);
        }
        wb.save(&self.path)
            .with_context(|| format!("writing {}", self.path.display()))?;
        Ok((self.name, rows))
    }
}
