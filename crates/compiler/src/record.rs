//! Stage two: raw rows to typed records, collecting every problem.
//!
//! A table is split into caption (rows above the header), data rows, and
//! skipped rows (blank, footer, repeated header). Each data row becomes a
//! [`Typed`] record or a rejection listing all of its problems. Identity
//! (which enterprise) is only parsed here; looking up old registration
//! numbers and merging happen in `merge`, once every file is read.

use crate::caption::{
    caption_authority, caption_date, caption_text, text_grade, text_honour_kind, text_result,
    text_scheme,
};
use crate::header::{detect, Field, Header, Kind};
use crate::read::{RawRow, RawTable};
use crate::report::Skipped;
use crate::value::{
    http_url, is_abolished_title, is_annulment, is_credit_repair, is_risk_class, list_from_text,
    normalize_grade, parse_code, parse_date, parse_honour_kind, parse_level, parse_list,
    parse_result, parse_scheme, parse_valid_until, split_list, value, Ident, ParsedDate, Precision,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use zhixin_core::{
    CheckResult, Day, Grade, Honour, HonourKind, ListKind, Listing, Scheme, Source, SpotCheck,
};

/// A problem with one cell or row: the canonical column, the value as read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub column: Option<&'static str>,
    pub value: Option<String>,
    pub reason: String,
}

/// [`Issue`] as read back: its column interned to the same `&'static str`
/// (column names are few, so each is leaked at most once).
#[derive(Deserialize)]
struct IssueText {
    column: Option<String>,
    value: Option<String>,
    reason: String,
}

impl<'de> Deserialize<'de> for Issue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Issue, D::Error> {
        IssueText::deserialize(d).map(Issue::from)
    }
}

impl From<IssueText> for Issue {
    fn from(t: IssueText) -> Issue {
        use std::collections::HashSet;
        use std::sync::{LazyLock, Mutex};
        static NAMES: LazyLock<Mutex<HashSet<&'static str>>> =
            LazyLock::new(|| Mutex::new(HashSet::new()));
        let column = t.column.map(|name| {
            let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
            match names.get(name.as_str()) {
                Some(&known) => known,
                None => {
                    let leaked: &'static str = Box::leak(name.into_boxed_str());
                    names.insert(leaked);
                    leaked
                }
            }
        });
        Issue {
            column,
            value: t.value,
            reason: t.reason,
        }
    }
}

impl Issue {
    fn new(column: Field, value: &str, reason: impl Into<String>) -> Issue {
        Issue {
            column: Some(column.name()),
            value: (!value.is_empty()).then(|| value.to_string()),
            reason: reason.into(),
        }
    }
}

/// The fact a row states. Boxed: two million rows wait for the merge at
/// once, and an inline fact would make every row as large as the largest.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Fact {
    /// An enterprises row: the master record's fields (code and name are in [`Typed`]).
    Enterprise(Box<EnterpriseRow>),
    Grade(Box<Grade>),
    Listing(Box<Listing>),
    Honour(Box<Honour>),
    SpotCheck(Box<SpotCheck>),
    /// A further row of a spot-check sample, merged into the sample's first row.
    PartOfSample,
}

/// What an enterprises row gives besides code and name: the fields of
/// [`Enterprise`](zhixin_core::Enterprise) a table can hold, without its fact lists (half its size,
/// for the three quarters of a million rows waiting for the merge).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EnterpriseRow {
    pub former_names: Vec<String>,
    pub industry: Option<String>,
    pub address: Option<String>,
    pub status: Option<String>,
    pub established_on: Option<Day>,
    pub region: Option<String>,
    pub source: Source,
}

/// An accepted row before merging.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Typed {
    pub ident: Ident,
    pub name: String,
    pub registration_no: Option<String>,
    pub org_code: Option<String>,
    /// The enterprise's region from a grade, listing or honour row (enterprise
    /// and spot-check rows keep theirs in the fact).
    pub region: Option<String>,
    pub fact: Fact,
    pub warnings: Vec<Issue>,
}

/// A spreadsheet's name of the 0-based column `i`: A … Z, AA …
fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One row's outcome.
pub type RowResult = Result<Typed, Vec<Issue>>;

/// A table (sheet) after stage two. Serialisable: a partitioned build
/// keeps its tables in this form for `zhixin merge` (see `partition`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct TableResult {
    pub sheet: Option<String>,
    pub kind: Option<Kind>,
    pub header_row: Option<u32>,
    pub caption: Option<String>,
    pub unknown_columns: Vec<String>,
    /// Data rows in order, each with its row number.
    pub rows: Vec<(u32, RowResult)>,
    pub skipped: Vec<Skipped>,
    /// Why the table is not recognised, or why it was rejected as a whole.
    pub reason: Option<String>,
    /// Table-level warnings (e.g. the list or result taken from the file name).
    pub warnings: Vec<Issue>,
}

/// Values the caption or file name supplies for every row.
#[derive(Clone, Debug, Default)]
struct Defaults {
    date: Option<ParsedDate>,
    authority: Option<String>,
    list: Option<ListKind>,
    result: Option<CheckResult>,
    scheme: Option<Scheme>,
    grade: Option<String>,
    honour_kind: Option<HonourKind>,
    citation: Option<String>,
}

/// Converts one raw table. `file` is the path shown in the report.
pub fn convert_table(file: &str, table: RawTable, as_of: Day) -> TableResult {
    let mut rows = table.rows;
    let mut t = TableStream::start(file, table.sheet, &rows, as_of);
    let first = t.consumed();
    let mut done = t.push(rows.split_off(first));
    let (mut out, rest) = t.finish();
    done.extend(rest);
    out.rows = done;
    out
}

/// Rows a text table is read and converted by at a time when streamed
/// (see `build`): enough for the conversion's parallel split, few enough
/// that a block's rows are a few tens of MB. Debug builds (the tests') use
/// tiny blocks so that every test crosses block boundaries.
pub const BLOCK_ROWS: usize = if cfg!(debug_assertions) { 3 } else { 1 << 16 };

/// The rows [`TableStream::start`] needs to see at once: the header is
/// found in the first [`crate::header::HEADER_DEPTH`] rows (a two-row header
/// looks one row further).
pub const START_ROWS: usize = crate::header::HEADER_DEPTH + 2;

/// A table converted block by block, with the same rows, skipped rows and
/// warnings as [`convert_table`] gives for the whole table: the footer
/// state carries from block to block, and a spot-check table holds back the
/// rows of its last sample (a further row may still belong to it) until the
/// next block or the end.
pub struct TableStream<'f> {
    out: TableResult,
    /// The table's state after its header; `None` when there is no header.
    state: Option<Body>,
    /// Rows of `start`'s rows that `start` handled itself.
    consumed: usize,
    /// With no header: whether every row so far is blank.
    all_blank: bool,
    file: &'f str,
    as_of: Day,
}

struct Body {
    header: Header,
    d: Defaults,
    id_cols: Vec<usize>,
    in_footer: bool,
    /// The next row is the first below the header.
    first: bool,
    /// Data rows held back: the last sample of a spot-check table so far.
    held: Vec<RawRow>,
}

impl<'f> TableStream<'f> {
    /// Starts a table from its first rows (at least [`START_ROWS`], or all
    /// of them): header, caption, the table's defaults and reason. The rows
    /// from [`TableStream::consumed`] on go to [`TableStream::push`].
    pub fn start(
        file: &'f str,
        sheet: Option<String>,
        rows: &[RawRow],
        as_of: Day,
    ) -> TableStream<'f> {
        let mut t = TableStream {
            out: TableResult {
                sheet: sheet.clone(),
                ..TableResult::default()
            },
            state: None,
            consumed: rows.len(),
            all_blank: rows.iter().all(RawRow::is_blank),
            file,
            as_of,
        };
        let Some(header) = detect(rows) else {
            return t;
        };
        let out = &mut t.out;
        let caption = caption_text(&rows[..header.top]);
        let file_name = file.rsplit('/').next().unwrap_or(file);
        let context = format!("{} {}", caption.as_deref().unwrap_or(""), file_name);
        // A list of graded enterprises whose grade and scheme stand only in the
        // title (2024年质量信用AAA级企业名单.xlsx) is a grades table.
        let header = if header.kind == Kind::Enterprises
            && text_grade(&context).is_some()
            && text_scheme(&context).is_some()
        {
            crate::header::as_kind(rows, &header, Kind::Grades)
        } else {
            header
        };
        let kind = header.kind;
        out.kind = Some(kind);
        // The header is the row of column names: in a two-row header, the lower
        // row, under the group labels (企业信息 / 列入信息) merged above it.
        out.header_row = rows.get(header.index).map(|r| r.number);
        out.unknown_columns = header.unknown.clone();
        for (i, r) in rows[..=header.index].iter().enumerate() {
            if i == header.index {
                continue;
            }
            let reason = if i == header.top && header.top < header.index {
                "header: the group labels above the column names of a two-row header"
            } else if r.is_blank() {
                "blank row"
            } else {
                "caption: title or notice row above the header"
            };
            out.skipped.push(Skipped {
                sheet: sheet.clone(),
                row: r.number,
                reason: reason.into(),
            });
        }
        let mut d = Defaults {
            citation: caption.clone(),
            date: caption.as_deref().and_then(caption_date),
            authority: caption.as_deref().and_then(caption_authority),
            ..Defaults::default()
        };
        out.caption = caption;

        // Table-wide values that are not columns: from the headers, the caption, the file name.
        match kind {
            Kind::Listings if header.col(Field::List).is_none() => {
                d.list = header.list_hint.or_else(|| list_from_text(&context));
                if d.list.is_none() {
                    out.reason = Some(
                        "the table has no list column (名单类型) and neither its headers, caption nor file name say \
                         which list it is (严重违法失信 / 经营异常 / 质量黑名单); add a 名单类型 column or name the list in the file name"
                            .into(),
                    );
                }
            }
            Kind::SpotChecks if !header.has_result() => {
                d.result = text_result(&context);
                if d.result.is_none() {
                    out.reason = Some(
                        "the table has no result column (抽查结果) and neither its caption nor file name says 合格 or 不合格; \
                         add a result column or name the result in the file name"
                            .into(),
                    );
                }
            }
            Kind::Grades => {
                if header.col(Field::Scheme).is_none() {
                    d.scheme = text_scheme(&context);
                }
                if header.col(Field::Grade).is_none() {
                    d.grade = text_grade(&context);
                }
            }
            Kind::Honours if header.col(Field::Kind).is_none() => {
                d.honour_kind = text_honour_kind(&context)
            }
            _ => {}
        }
        let id_cols: Vec<usize> = [
            Field::Uscc,
            Field::Name,
            Field::RegistrationNo,
            Field::OrgCode,
        ]
        .iter()
        .filter_map(|f| header.col(*f))
        .collect();
        t.consumed = header.index + 1;
        t.state = Some(Body {
            header,
            d,
            id_cols,
            in_footer: false,
            first: true,
            held: Vec::new(),
        });
        t
    }

    /// How many of `start`'s rows it handled: the rest go to `push`.
    pub fn consumed(&self) -> usize {
        self.consumed
    }

    /// Converts the next rows of the table; returns the data rows done
    /// (a spot-check table's last sample waits for the next block).
    pub fn push(&mut self, rows: Vec<RawRow>) -> Vec<(u32, RowResult)> {
        self.convert(rows, false)
    }

    /// The table without its rows, and the rows still held back.
    pub fn finish(mut self) -> (TableResult, Vec<(u32, RowResult)>) {
        let rest = self.convert(Vec::new(), true);
        let mut out = self.out;
        if self.state.is_none() {
            out.reason = Some(if self.all_blank {
                "empty: no rows".to_string()
            } else {
                format!(
                    "no recognised header row in the first {} rows; the header needs a code or name column \
                     (统一社会信用代码 / 企业名称) and another column of the contract (see source-lists.md)",
                    crate::header::HEADER_DEPTH
                )
            });
        }
        (out, rest)
    }

    fn convert(&mut self, rows: Vec<RawRow>, last: bool) -> Vec<(u32, RowResult)> {
        let out = &mut self.out;
        let Some(b) = &mut self.state else {
            self.all_blank &= rows.iter().all(RawRow::is_blank);
            return Vec::new();
        };
        let sheet = &out.sheet;
        let header = &b.header;
        // Split data rows from blank, footer and repeated-header rows.
        let held = std::mem::take(&mut b.held);
        let mut data: Vec<&RawRow> = held.iter().collect();
        for r in &rows {
            if std::mem::take(&mut b.first) && is_column_numbers(r) {
                out.skipped.push(Skipped {
                    sheet: sheet.clone(),
                    row: r.number,
                    reason: "column numbers under the header (1, 2, 3 …)".into(),
                });
                continue;
            }
            if r.is_blank() {
                out.skipped.push(Skipped {
                    sheet: sheet.clone(),
                    row: r.number,
                    reason: "blank row".into(),
                });
                continue;
            }
            let ids_empty = b.id_cols.iter().all(|&c| value(r.get(c)).is_none());
            if let Some(why) = footer_reason(r, header) {
                let no_code = header
                    .col(Field::Uscc)
                    .is_none_or(|c| value(r.get(c)).is_none_or(|v| parse_code(v).is_err()));
                if ids_empty || no_code {
                    b.in_footer = true;
                    out.skipped.push(Skipped {
                        sheet: sheet.clone(),
                        row: r.number,
                        reason: why,
                    });
                    continue;
                }
            }
            if b.in_footer && ids_empty {
                out.skipped.push(Skipped {
                    sheet: sheet.clone(),
                    row: r.number,
                    reason: format!("footer: {}", first_text(r)),
                });
                continue;
            }
            if is_repeated_header(r, header) {
                out.skipped.push(Skipped {
                    sheet: sheet.clone(),
                    row: r.number,
                    reason: "repeated header row".into(),
                });
                continue;
            }
            b.in_footer = false;
            data.push(r);
        }

        if let Some(reason) = &out.reason {
            // Rejected as a whole: every data row is a rejection with the table's reason.
            let column = match header.kind {
                Kind::Listings => Some("list"),
                Kind::SpotChecks => Some("result"),
                _ => None,
            };
            return data
                .iter()
                .map(|r| {
                    (
                        r.number,
                        Err(vec![Issue {
                            column,
                            value: None,
                            reason: reason.clone(),
                        }]),
                    )
                })
                .collect();
        }

        let ctx = Ctx {
            file: self.file,
            sheet: sheet.as_deref(),
            header,
            as_of: self.as_of,
            d: &b.d,
        };
        let mut done: Vec<(u32, RowResult)> = if data.len() > 4096 {
            data.par_iter().map(|r| (r.number, ctx.row(r))).collect()
        } else {
            data.iter().map(|r| (r.number, ctx.row(r))).collect()
        };
        if header.kind == Kind::SpotChecks {
            let open = group_samples(&mut done, &data, header);
            if !last {
                // The last sample may go on in the next block: its rows are
                // converted again there, with the rows that follow.
                if let Some(from) = open {
                    let keep: Vec<RawRow> = data[from..].iter().map(|r| (*r).clone()).collect();
                    done.truncate(from);
                    b.held = keep;
                }
            }
        }
        done
    }
}

/// A row of column numbers (1, 2, 3 … or (1), (2) …, ①②…), as some
/// bureaus print under the header to refer to columns in notes.
fn is_column_numbers(r: &RawRow) -> bool {
    let mut expected = 1u32;
    for c in r.cells.iter().map(str::trim).filter(|c| !c.is_empty()) {
        let n = c
            .trim_matches(['(', ')', '（', '）', '[', ']', '.', '、'])
            .parse::<u32>()
            .ok()
            .or_else(|| {
                let mut chars = c.chars();
                match (chars.next(), chars.next()) {
                    (Some(ch @ '①'..='⑳'), None) => Some(ch as u32 - '①' as u32 + 1),
                    _ => None,
                }
            });
        if n != Some(expected) {
            return false;
        }
        expected += 1;
    }
    expected > 3
}

/// The first non-empty cell's text, shortened for the report.
fn first_text(r: &RawRow) -> String {
    let t = r
        .cells
        .iter()
        .map(str::trim)
        .find(|c| !c.is_empty())
        .unwrap_or("");
    t.chars().take(60).collect()
}

/// Why a row below the header is a footer, if it is one: a note (注：…),
/// a total (合计), or one text merged across the width.
fn footer_reason(r: &RawRow, header: &Header) -> Option<String> {
    // Fast path: a row with two different non-empty cells and no footer word
    // in its first cell is data; this runs for every row.
    let mut cells = r.cells.iter().map(str::trim).filter(|c| !c.is_empty());
    let first_cell = cells.next().unwrap_or("");
    let starts_like_footer = first_cell.starts_with([
        '注', '备', '说', '合', '总', '共', '小', '制', '审', '填', '数', '以', '附', '*', '※',
    ]);
    if !starts_like_footer && cells.any(|c| c != first_cell) {
        return None;
    }
    let first = first_text(r);
    let t = first.trim_start_matches(['*', '※', ' ']);
    const PREFIXES: &[&str] = &[
        "注：",
        "注:",
        "注 ",
        "备注：",
        "备注:",
        "说明：",
        "说明:",
        "合计",
        "总计",
        "共计",
        "小计",
        "制表",
        "审核人",
        "填报",
        "数据来源：",
        "以上",
        "附注",
        "注1",
        "注：",
    ];
    if PREFIXES.iter().any(|p| t.starts_with(p)) || t == "注" {
        return Some(format!("footer: {first}"));
    }
    // One text repeated across several cells: a notice merged across the width.
    let non_empty: Vec<&str> = r
        .cells
        .iter()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if non_empty.len() >= 3
        && non_empty.iter().all(|c| *c == non_empty[0])
        && header.fields.len() >= 3
    {
        return Some(format!("footer: {first}"));
    }
    None
}

fn is_repeated_header(r: &RawRow, header: &Header) -> bool {
    let same = r
        .cells
        .iter()
        .zip(&header.texts)
        .filter(|(a, b)| !b.is_empty() && a.trim() == b.as_str())
        .count();
    same >= 2 && same * 2 >= header.texts.iter().filter(|t| !t.is_empty()).count()
}

/// Rows of one spot-check sample (a shared, merged 序号; or a continuation
/// row with only failed items) become one sample with all failed items.
/// Returns where the last sample begins (it may go on past `rows`).
fn group_samples(
    rows: &mut [(u32, RowResult)],
    data: &[&RawRow],
    header: &Header,
) -> Option<usize> {
    let seq_col = header.col(Field::Seq);
    let fi_col = header.col(Field::FailedItems);
    let mut current: Option<(usize, String)> = None; // (index of the sample's first row, its 序号)
    for i in 0..rows.len() {
        let raw = data[i];
        let seq = seq_col.and_then(|c| value(raw.get(c))).map(str::to_string);
        let same_seq = match (&current, &seq) {
            (Some((_, s)), Some(q)) => s == q,
            _ => false,
        };
        let ids_empty = [Field::Uscc, Field::Name]
            .iter()
            .filter_map(|f| header.col(*f))
            .all(|c| value(raw.get(c)).is_none());
        let continuation =
            seq.is_none() && ids_empty && fi_col.is_some_and(|c| value(raw.get(c)).is_some());
        if (same_seq || continuation) && current.is_some() {
            let (first, _) = current.clone().unwrap_or_default();
            let items: Vec<String> = fi_col.map(|c| split_list(raw.get(c))).unwrap_or_default();
            let first_row = rows[first].0;
            if rows[first].1.is_err() {
                if continuation {
                    rows[i].1 = Err(vec![Issue {
                        column: Some("failed_items"),
                        value: None,
                        reason: format!(
                            "continues the sample of row {first_row}, which was rejected"
                        ),
                    }]);
                }
                continue;
            }
            if continuation || rows[i].1.is_ok() {
                if let Ok(Typed {
                    fact: Fact::SpotCheck(s),
                    ..
                }) = &mut rows[first].1
                {
                    for it in items {
                        if !s.failed_items.contains(&it) {
                            s.failed_items.push(it);
                        }
                    }
                    if !s.failed_items.is_empty() && s.result == CheckResult::Pass {
                        // A sample with failed items failed, whatever a merged result cell says.
                        s.result = CheckResult::Fail;
                    }
                }
                let (ident, name) = match &rows[first].1 {
                    Ok(t) => (t.ident.clone(), t.name.clone()),
                    Err(_) => continue,
                };
                rows[i].1 = Ok(Typed {
                    ident,
                    name,
                    registration_no: None,
                    org_code: None,
                    region: None,
                    fact: Fact::PartOfSample,
                    warnings: Vec::new(),
                });
            }
            continue;
        }
        current = seq.map(|s| (i, s)).or(Some((i, String::new())));
    }
    current.map(|(i, _)| i)
}

/// Reading context for the rows of one table.
struct Ctx<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    header: &'a Header,
    as_of: Day,
    d: &'a Defaults,
}

/// Collects a row's problems while its fields are read.
struct RowRead<'a> {
    raw: &'a RawRow,
    header: &'a Header,
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
}

impl<'a> RowRead<'a> {
    fn raw_of(&self, f: Field) -> &'a str {
        self.header.col(f).map_or("", |c| self.raw.get(c).trim())
    }

    /// An optional text value.
    fn opt(&self, f: Field) -> Option<String> {
        value(self.raw_of(f)).map(clean)
    }

    /// A required text value, or the table default, or a rejection.
    fn req(&mut self, f: Field, default: Option<&String>) -> String {
        if let Some(v) = self.opt(f) {
            return v;
        }
        // The caption's value stands in for a column that is absent, never
        // for an empty cell of a column that is there.
        if let (None, Some(d)) = (self.header.col(f), default) {
            return d.clone();
        }
        let raw = self.raw_of(f);
        let why = if self.header.col(f).is_none() {
            format!(
                "the table has no {} column and the caption names none; add the column",
                f.name()
            )
        } else {
            format!("missing value in required column {}; fill it in", f.name())
        };
        self.errors.push(Issue::new(f, raw, why));
        String::new()
    }

    /// A date (required when `required`), with month/year precision warnings.
    fn date(&mut self, f: Field, required: bool, default: Option<ParsedDate>) -> Option<Day> {
        let raw = self.raw_of(f);
        let parsed = match value(raw) {
            Some(v) => match parse_date(v) {
                Ok(p) => p,
                Err(e) => {
                    self.errors.push(Issue::new(f, raw, e.0));
                    return None;
                }
            },
            None => {
                match default.filter(|_| self.header.col(f).is_none()) {
                    Some(p) => p,
                    None => {
                        if required {
                            let why = if self.header.col(f).is_none() {
                                format!("the table has no {} column and the caption gives no date; add the column", f.name())
                            } else {
                                format!("missing date in required column {}; fill it in (e.g. 2024-03-01)", f.name())
                            };
                            self.errors.push(Issue::new(f, raw, why));
                        }
                        return None;
                    }
                }
            }
        };
        self.precision_warning(f, raw, parsed);
        Some(parsed.day)
    }

    fn precision_warning(&mut self, f: Field, raw: &str, p: ParsedDate) {
        match p.precision {
            Precision::Day => {}
            Precision::Month => {
                self.warnings
                    .push(Issue::new(f, raw, format!("month only; read as {}", p.day)))
            }
            Precision::Year => {
                self.warnings
                    .push(Issue::new(f, raw, format!("year only; read as {}", p.day)))
            }
        }
    }

    /// A validity end: `Ok(None)` for none or "no expiry".
    fn valid_until(&mut self) -> Option<Day> {
        let raw = self.raw_of(Field::ValidUntil);
        let v = value(raw)?;
        match parse_valid_until(v) {
            Ok(Some(p)) => {
                self.precision_warning(Field::ValidUntil, raw, p);
                Some(p.day)
            }
            Ok(None) => None,
            Err(e) => {
                self.errors.push(Issue::new(Field::ValidUntil, raw, e.0));
                None
            }
        }
    }

    fn future(&mut self, f: Field, d: Option<Day>, as_of: Day) {
        if let Some(d) = d {
            if d > as_of {
                self.warnings.push(Issue::new(
                    f,
                    &d.to_string(),
                    format!("dated {d}, after the as-of date {as_of}; check the date (kept, not in force or current before then)"),
                ));
            }
        }
    }
}

/// Trims a cell and folds internal line breaks into spaces.
fn clean(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        s.trim().to_string()
    }
}

/// The result value of a row that marks both 合格 and 不合格.
const BOTH_MARKED: &str = "合格与不合格都已标记";

impl Ctx<'_> {
    /// The result a row marks in the 合格 / 不合格 sub-columns of a two-row
    /// result header, as a result value (`合格`, `不合格`, or a value that is
    /// none when both are marked); `None` when the table has no such columns.
    fn marked_result(&self, r: &RowRead) -> Option<String> {
        let (p, f) = (self.header.pass_mark, self.header.fail_mark);
        if p.is_none() && f.is_none() {
            return None;
        }
        let marked = |c: Option<usize>| {
            c.and_then(|c| value(r.raw.get(c).trim()))
                .is_some_and(|v| !matches!(v, "否" | "0" | "×" | "✗" | "N" | "n" | "no" | "No"))
        };
        Some(
            match (marked(p), marked(f)) {
                (true, false) => "合格",
                (false, true) => "不合格",
                (true, true) => BOTH_MARKED,
                // One mark column only: an unmarked row has the other result.
                (false, false) if p.is_none() => "合格",
                (false, false) if f.is_none() => "不合格",
                (false, false) => "",
            }
            .to_string(),
        )
    }

    fn row(&self, raw: &RawRow) -> RowResult {
        let mut r = RowRead {
            raw,
            header: self.header,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let ident = self.ident(&mut r);
        let name = r.req(Field::Name, None);
        let registration_no = r
            .opt(Field::RegistrationNo)
            .map(|s| zhixin_core::uscc::normalize(&s));
        let org_code = r
            .opt(Field::OrgCode)
            .map(|s| zhixin_core::uscc::normalize(&s));
        let region = match self.header.kind {
            Kind::Grades | Kind::Listings | Kind::Honours => r.opt(Field::Region),
            Kind::Enterprises | Kind::SpotChecks => None,
        };
        let source = self.source(&mut r, raw.number);
        // Nothing silently dropped: a value past the header's last column is named.
        for (i, v) in raw.cells.iter().enumerate().skip(self.header.fields.len()) {
            if let Some(v) = value(v) {
                r.warnings.push(Issue {
                    column: None,
                    value: Some(v.to_string()),
                    reason: format!(
                        "a value in column {} ({}), past the header's last column, is not read; give the column a header",
                        i + 1,
                        column_letters(i)
                    ),
                });
            }
        }
        let fact = match self.header.kind {
            Kind::Enterprises => self.enterprise(&mut r, source),
            Kind::Grades => self.grade(&mut r, source),
            Kind::Listings => self.listing(&mut r, source),
            Kind::Honours => self.honour(&mut r, source),
            Kind::SpotChecks => self.spot_check(&mut r, source),
        };
        match (ident, fact) {
            (Some(ident), Some(fact)) if r.errors.is_empty() => Ok(Typed {
                ident,
                name,
                registration_no,
                org_code,
                region,
                fact,
                warnings: r.warnings,
            }),
            _ => Err(r.errors),
        }
    }

    /// The row's identity: the USCC, or an old registration number / organisation code.
    fn ident(&self, r: &mut RowRead) -> Option<Ident> {
        let raw = r.raw_of(Field::Uscc);
        let Some(v) = value(raw) else {
            // No code: an old registration number or organisation code column may identify it.
            for f in [Field::RegistrationNo, Field::OrgCode] {
                if let Some(v) = r.opt(f) {
                    let n = zhixin_core::uscc::normalize(&v);
                    return Some(if f == Field::RegistrationNo {
                        Ident::RegNo(n)
                    } else {
                        Ident::OrgCode(n)
                    });
                }
            }
            let why = if self.header.col(Field::Uscc).is_none() {
                "no USCC; the table has no 统一社会信用代码 (uscc) column; add it"
            } else {
                "missing value in required column uscc; fill in the 18-character code"
            };
            r.errors.push(Issue::new(Field::Uscc, raw, why));
            return None;
        };
        match parse_code(v) {
            Ok((ident, warn)) => {
                if let Some(w) = warn {
                    r.warnings.push(Issue::new(Field::Uscc, raw, w));
                }
                Some(ident)
            }
            Err(e) => {
                r.errors.push(Issue::new(Field::Uscc, raw, e.0));
                None
            }
        }
    }

    fn source(&self, r: &mut RowRead, row: u32) -> Source {
        let mut citation = r.opt(Field::Source).or_else(|| self.d.citation.clone());
        let mut url = None;
        if let Some(u) = r.opt(Field::SourceUrl) {
            match http_url(&u) {
                Some(ok) => url = Some(ok.to_string()),
                None => {
                    r.warnings.push(Issue::new(
                        Field::SourceUrl,
                        &u,
                        "not an http(s) link; kept as citation text, not as a link",
                    ));
                    citation = Some(match citation {
                        Some(c) => format!("{c}; {u}"),
                        None => u,
                    });
                }
            }
        }
        Source {
            file: self.file.to_string(),
            sheet: self.sheet.map(str::to_string),
            row,
            citation,
            url,
            document_no: r.opt(Field::DocumentNo),
        }
    }

    fn enterprise(&self, r: &mut RowRead, source: Source) -> Option<Fact> {
        let established_on = match r.opt(Field::EstablishedOn) {
            Some(v) => match parse_date(&v) {
                Ok(p) => Some(p.day),
                Err(e) => {
                    r.warnings.push(Issue::new(
                        Field::EstablishedOn,
                        &v,
                        format!("{}; dropped", e.0),
                    ));
                    None
                }
            },
            None => None,
        };
        Some(Fact::Enterprise(Box::new(EnterpriseRow {
            former_names: r
                .opt(Field::FormerNames)
                .map(|s| split_list(&s))
                .unwrap_or_default(),
            industry: r.opt(Field::Industry),
            address: r.opt(Field::Address),
            status: r.opt(Field::Status),
            established_on,
            region: r.opt(Field::Region),
            source,
        })))
    }

    fn grade(&self, r: &mut RowRead, source: Source) -> Option<Fact> {
        let scheme_raw = r.raw_of(Field::Scheme).to_string();
        let scheme = match value(&scheme_raw) {
            Some(v) if is_risk_class(v) => {
                r.errors.push(Issue::new(
                    Field::Scheme,
                    v,
                    "regulators' internal risk classes (信用风险分类) are not published grades; remove the row",
                ));
                None
            }
            Some(v) => match parse_scheme(v) {
                Some(s) => Some(s),
                None => {
                    r.errors.push(Issue::new(
                        Field::Scheme,
                        v,
                        "not a known scheme; use quality-integrity (质量诚信等级), credit-rating (信用等级) or quality-credit (质量信用等级)",
                    ));
                    None
                }
            },
            None if self.header.col(Field::Scheme).is_some() => {
                r.errors.push(Issue::new(
                    Field::Scheme,
                    "",
                    "missing value in required column scheme; fill it in",
                ));
                None
            }
            None => match self.d.scheme {
                Some(s) => Some(s),
                None => {
                    r.errors.push(Issue::new(Field::Scheme, "", "missing scheme; add a 评价体系 column (质量诚信等级 / 信用等级 / 质量信用等级)"));
                    None
                }
            },
        };
        // Without a grade column, the grade the caption or file name names (AAA级) applies.
        let grade_raw = match (self.header.col(Field::Grade), &self.d.grade) {
            (None, Some(g)) => g.clone(),
            _ => r.raw_of(Field::Grade).to_string(),
        };
        let grade = match value(&grade_raw) {
            Some(v) => {
                if is_risk_class(v) {
                    r.errors.push(Issue::new(
                        Field::Grade,
                        v,
                        "regulators' internal risk classes (信用风险分类) are not published grades",
                    ));
                    None
                } else {
                    let g = normalize_grade(v);
                    match scheme {
                        Some(s) if s.rank(&g).is_some() => Some(g),
                        Some(s) => {
                            r.errors.push(Issue::new(
                                Field::Grade,
                                v,
                                format!("'{v}' is not a grade of {} ({}); correct the grade or the scheme", s.id(), s.grades().join(", ")),
                            ));
                            None
                        }
                        None => None,
                    }
                }
            }
            None => {
                r.errors.push(Issue::new(
                    Field::Grade,
                    &grade_raw,
                    "missing value in required column grade; fill it in",
                ));
                None
            }
        };
        let issued_by = r.req(Field::IssuedBy, self.d.authority.as_ref());
        let issued_on = r.date(Field::IssuedOn, true, self.d.date);
        let valid_until = r.valid_until();
        let valid_from = r.date(Field::ValidFrom, false, None);
        r.future(Field::IssuedOn, issued_on, self.as_of);
        if let (Some(i), Some(u)) = (issued_on, valid_until) {
            if u < i {
                r.warnings.push(Issue::new(
                    Field::ValidUntil,
                    &u.to_string(),
                    format!("valid until {u}, before it was issued ({i})"),
                ));
            }
        }
        Some(Fact::Grade(Box::new(Grade {
            scheme: scheme?,
            grade: grade?,
            issued_by,
            issued_on: issued_on?,
            valid_until,
            valid_from,
            note: r.opt(Field::Note),
            source,
        })))
    }

    fn listing(&self, r: &mut RowRead, source: Source) -> Option<Fact> {
        let list_raw = r.raw_of(Field::List).to_string();
        let list = match value(&list_raw) {
            Some(v) => match parse_list(v) {
                Some(l) => Some(l),
                None => {
                    r.errors.push(Issue::new(
                        Field::List,
                        v,
                        "not a known list; use serious-violation (严重违法失信名单), abnormal-operation (经营异常名录) or quality-blacklist (质量黑名单)",
                    ));
                    None
                }
            },
            None if self.header.col(Field::List).is_some() => {
                r.errors.push(Issue::new(
                    Field::List,
                    "",
                    "missing value in required column list; fill it in",
                ));
                None
            }
            None => match self.d.list {
                Some(l) => Some(l),
                None => {
                    r.errors.push(Issue::new(
                        Field::List,
                        "",
                        "missing value in required column list; fill it in",
                    ));
                    None
                }
            },
        };
        let listed_on = r.date(Field::ListedOn, true, self.d.date);
        let listed_by = r.req(Field::ListedBy, self.d.authority.as_ref());
        let reason = r.req(Field::Reason, None);
        let removed_on = r.date(Field::RemovedOn, false, None);
        r.future(Field::ListedOn, listed_on, self.as_of);
        if let (Some(l), Some(rm)) = (listed_on, removed_on) {
            if rm < l {
                r.warnings.push(Issue::new(
                    Field::RemovedOn,
                    &rm.to_string(),
                    format!("removed on {rm}, before it was listed ({l})"),
                ));
            }
        }
        let removal_reason = r.opt(Field::RemovalReason);
        Some(Fact::Listing(Box::new(Listing {
            list: list?,
            listed_on: listed_on?,
            listed_by,
            reason,
            basis: r.opt(Field::Basis),
            removed_on,
            annulled: removal_reason.as_deref().is_some_and(is_annulment),
            repaired: removal_reason.as_deref().is_some_and(is_credit_repair),
            removal_reason,
            removed_by: r.opt(Field::RemovedBy),
            source,
        })))
    }

    fn honour(&self, r: &mut RowRead, source: Source) -> Option<Fact> {
        let title = r.req(Field::Title, None);
        let kind_raw = r.raw_of(Field::Kind).to_string();
        let kind = match value(&kind_raw) {
            Some(v) => match parse_honour_kind(v) {
                Some(k) => Some(k),
                None => {
                    r.errors.push(Issue::new(
                        Field::Kind,
                        v,
                        "not a known honour kind; use quality-award, brand-product, well-known-trademark, geographical-indication, time-honoured-brand, certification or famous-trademark",
                    ));
                    None
                }
            },
            None if self.header.col(Field::Kind).is_some() => {
                r.errors.push(Issue::new(
                    Field::Kind,
                    "",
                    "missing value in required column kind; fill it in",
                ));
                None
            }
            None => match self.d.honour_kind.or_else(|| text_honour_kind(&title)) {
                Some(k) => Some(k),
                None => {
                    r.errors.push(Issue::new(
                        Field::Kind,
                        "",
                        "missing honour kind (荣誉类型); fill it in",
                    ));
                    None
                }
            },
        };
        let awarded_by = r.req(Field::AwardedBy, self.d.authority.as_ref());
        let awarded_on = r.date(Field::AwardedOn, true, self.d.date);
        let valid_until = r.valid_until();
        r.future(Field::AwardedOn, awarded_on, self.as_of);
        let level = match r.opt(Field::Level) {
            Some(v) => {
                let l = parse_level(&v);
                if l.is_none() {
                    r.warnings.push(Issue::new(
                        Field::Level,
                        &v,
                        "not a known level (national, provincial, municipal, district); dropped",
                    ));
                }
                l
            }
            None => None,
        };
        let kind = kind?;
        Some(Fact::Honour(Box::new(Honour {
            kind,
            abolished: is_abolished_title(kind, &title),
            title,
            awarded_by,
            awarded_on: awarded_on?,
            valid_until,
            product: r.opt(Field::Product),
            brand: r.opt(Field::Brand),
            level,
            certificate_no: r.opt(Field::CertificateNo),
            source,
        })))
    }

    fn spot_check(&self, r: &mut RowRead, source: Source) -> Option<Fact> {
        let product = r.req(Field::Product, None);
        let result_raw = match self.marked_result(r) {
            Some(v) => v,
            None => r.raw_of(Field::Result).to_string(),
        };
        let result = match value(&result_raw) {
            Some(v) if v == BOTH_MARKED => {
                r.errors.push(Issue::new(
                    Field::Result,
                    "",
                    "both the 合格 and the 不合格 column of the result are marked; keep one",
                ));
                None
            }
            Some(v) => match parse_result(v) {
                Some(x) => Some(x),
                None => {
                    r.errors.push(Issue::new(
                        Field::Result,
                        v,
                        "not a result; use 合格/不合格, pass/fail, 符合/不符合 or P/F",
                    ));
                    None
                }
            },
            None if self.header.has_result() => {
                let why = if self.header.col(Field::Result).is_some() {
                    "missing value in required column result; fill it in"
                } else {
                    "neither the 合格 nor the 不合格 column of the result is marked; mark one"
                };
                r.errors.push(Issue::new(Field::Result, "", why));
                None
            }
            None => match self.d.result {
                Some(x) => Some(x),
                None => {
                    r.errors.push(Issue::new(
                        Field::Result,
                        "",
                        "missing value in required column result; fill it in",
                    ));
                    None
                }
            },
        };
        let checked_by = r.req(Field::CheckedBy, self.d.authority.as_ref());
        let published_on = r.date(Field::PublishedOn, true, self.d.date);
        r.future(Field::PublishedOn, published_on, self.as_of);
        let failed_items = r
            .opt(Field::FailedItems)
            .map(|s| split_list(&s))
            .unwrap_or_default();
        let mut result = result?;
        if result == CheckResult::Pass && !failed_items.is_empty() {
            r.warnings.push(Issue::new(
                Field::FailedItems,
                &failed_items.join("、"),
                "a sample marked as passed lists failed items; kept as passed, check the row",
            ));
        }
        if !self.header.has_result() && result == CheckResult::Pass && !failed_items.is_empty() {
            result = CheckResult::Fail;
        }
        Some(Fact::SpotCheck(Box::new(SpotCheck {
            product,
            result,
            checked_by,
            published_on: published_on?,
            brand: r.opt(Field::Brand),
            model: r.opt(Field::Model),
            batch: r.opt(Field::Batch),
            failed_items,
            sampled_unit: r.opt(Field::SampledUnit),
            product_category: r.opt(Field::ProductCategory),
            lab: r.opt(Field::Lab),
            programme: r.opt(Field::Programme),
            region: r.opt(Field::Region),
            source,
        })))
    }
}

#[cfg(test)]
mod tests;
