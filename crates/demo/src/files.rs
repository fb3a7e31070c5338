//! The fact tables (grades, listings, honours, spot checks), each kind in
//! several of the contract's encodings and published layouts, and the
//! routing of each fact to one of them.

use super::ent::Ent;
use super::facts::{city_bureau, prov_bureau};
use super::sink::{format_date, Cell, DateStyle, Encoding, TextSink, XlsxSink};
use super::tables::XLSX_CAP;
use super::truth::Rejection;
use anyhow::Result;
use std::path::Path;
use zhixin_core::{
    CheckResult, Day, Grade, Honour, HonourKind, ListKind, Listing, Scheme, SpotCheck,
};

fn opt<T: ToString>(v: &Option<T>) -> Cell {
    v.as_ref()
        .map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}

fn valid_until_cell(d: Option<Day>, open: &str) -> Cell {
    match d {
        Some(d) => Cell::Date(d),
        None if open.is_empty() => Cell::Empty,
        None => Cell::Text(open.to_string()),
    }
}

/// Where the special enterprises' rows go: the plain UTF-8 tables.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Chosen by a random number in 0..100.
    Random(usize),
    /// The canonical UTF-8 CSV of the kind.
    Plain,
}

/// All fact tables.
pub struct FactFiles {
    // grades
    g_xlsx: XlsxSink,
    g_years: Vec<i32>,
    g_gb: TextSink,
    g_tsv: TextSink,
    g_bom: TextSink,
    // listings
    l_xlsx: XlsxSink,
    l_named: TextSink,
    l_gb: TextSink,
    l_csv: TextSink,
    // honours
    h_csv: TextSink,
    h_xlsx: XlsxSink,
    // spot checks
    s_csv: TextSink,
    s_pass: XlsxSink,
    s_fail: XlsxSink,
    s_food: TextSink,
    s_tsv: TextSink,
    /// Running 序号 per text file that has one.
    seq: [u64; 4],
    /// Samples per sheet of the pass and fail workbooks (a sample may span rows).
    samples: [[u64; BATCH_DAYS.len()]; 2],
    as_of: Day,
}

/// Spot-check batches of the paired pass/fail workbooks: days before the as-of date.
const BATCH_DAYS: [i32; 4] = [400, 290, 160, 45];

fn batch_caption(as_of: Day, b: usize) -> (Day, String) {
    let d = as_of.add_days(-BATCH_DAYS[b]);
    let by = [
        "苏湄省市场监督管理局（虚构）",
        "浙澜省市场监督管理局（虚构）",
        "云澜市市场监督管理局（虚构）",
        "闽岙省市场监督管理局（虚构）",
    ][b];
    (d, by.to_string())
}

/// A text table's layout: file, encoding, field separator, date style, a
/// caption line above the header (a title exported from a merged cell), header.
struct TextLayout {
    file: &'static str,
    encoding: Encoding,
    separator: char,
    dates: DateStyle,
    caption: Option<&'static str>,
    header: &'static [&'static str],
}

impl TextLayout {
    fn create(&self, dir: &Path) -> Result<TextSink> {
        let mut t = TextSink::create(dir, self.file, self.encoding, self.separator, self.dates)?;
        if let Some(c) = self.caption {
            t.caption(c, self.header.len())?;
        }
        t.header(self.header)?;
        Ok(t)
    }
}

/// The text tables, in the order of [`FactFiles`]' text fields: file,
/// encoding, separator, date style, caption, header.
#[rustfmt::skip]
const TEXT_TABLES: [TextLayout; 10] = {
    use DateStyle::*;
    use Encoding::*;
    const fn t(
        file: &'static str, encoding: Encoding, separator: char, dates: DateStyle,
        caption: Option<&'static str>, header: &'static [&'static str],
    ) -> TextLayout {
        TextLayout { file, encoding, separator, dates, caption, header }
    }
    [
        // Grades.
        t("信用等级评价名单.csv", Gb18030, ',', Chinese, None, &[
            "序号", "统一社会信用代码", "企业名称", "等级体系", "信用等级", "评价机构", "评价日期",
            "有效期", "备注"]),
        t("quality-credit-grades.tsv", Utf8, '\t', DotShort, None, &[
            "uscc", "name", "scheme", "grade", "issued_by", "issued_on", "valid_until",
            "document_no", "source_url"]),
        t("grades.csv", Utf8Bom, ',', Iso, None, &[
            "uscc", "name", "scheme", "grade", "issued_by", "issued_on", "valid_until",
            "document_no", "note", "source", "source_url"]),
        // Listings.
        t("严重违法失信名单（补充）.csv", Utf8, ',', Dot, None, &[
            "序号", "企业名称", "统一社会信用代码", "列入原因", "列入日期", "列入机关", "移出日期",
            "移出原因", "文号"]),
        t("经营异常名录.csv", Gb18030, ',', Dot, Some("经营异常名录（演示数据，企业与机关均为虚构）"), &[
            "序号", "统一社会信用代码/注册号", "企业名称", "列入经营异常名录原因", "列入日期",
            "做出决定机关(列入)", "移出日期", "移出原因", "移出决定机关"]),
        t("listings.csv", Utf8, ',', DashShort, None, &[
            "uscc", "name", "list", "listed_on", "listed_by", "reason", "basis", "removed_on",
            "removal_reason", "removed_by", "document_no", "source_url"]),
        // Honours.
        t("honours.csv", Utf8, ',', Iso, None, &[
            "uscc", "name", "kind", "title", "awarded_by", "awarded_on", "valid_until", "product",
            "brand", "level", "certificate_no", "document_no", "source_url"]),
        // Spot checks.
        t("spot_checks.csv", Utf8, ',', Iso, None, &[
            "uscc", "name", "product", "result", "checked_by", "published_on", "brand", "model",
            "batch", "failed_items", "sampled_unit", "product_category", "lab", "programme",
            "document_no", "source_url"]),
        t("食品安全监督抽检信息.csv", Gb18030, ',', Compact, None, &[
            "序号", "标称生产企业名称", "标称生产企业统一社会信用代码", "被抽样单位", "食品名称",
            "产品类别", "规格型号", "标称商标", "生产日期/批号", "等级", "检验结论", "不合格项目",
            "组织单位", "公告日期", "任务来源", "承检机构"]),
        t("spot-checks.tsv", Utf8, '\t', Serial, None, &[
            "uscc", "name", "product", "result", "checked_by", "published_on", "failed_items",
            "model", "batch"]),
    ]
};

/// A workbook sheet's layout: name, caption rows (each merged across the
/// width), header, and each column's date style.
struct SheetLayout {
    name: String,
    captions: Vec<String>,
    header: Vec<&'static str>,
    dates: Vec<DateStyle>,
}

impl SheetLayout {
    /// A sheet whose columns all hold Excel dates, but for `other` (column, style).
    fn new(
        name: String,
        captions: Vec<String>,
        header: Vec<&'static str>,
        other: &[(usize, DateStyle)],
    ) -> SheetLayout {
        let mut dates = vec![DateStyle::ExcelDate; header.len()];
        for &(i, d) in other {
            dates[i] = d;
        }
        SheetLayout {
            name,
            captions,
            header,
            dates,
        }
    }
}

#[rustfmt::skip]
const GRADE_SHEET: [&str; 9] = [
    "序号", "企业名称", "统一社会\n信用代码", "评价体系", "评价等级", "评价机关", "评定日期",
    "有效期至", "文号",
];

#[rustfmt::skip]
const LISTING_SHEET: [&str; 12] = [
    "序号", "企业名称", "统一社会信用代码", "注册号", "列入严重违法失信企业名单（黑名单）原因",
    "列入依据", "列入日期", "作出决定机关（列入）", "移出日期", "移出原因", "作出决定机关（移出）",
    "决定书文号",
];

#[rustfmt::skip]
const HONOUR_SHEET: [&str; 12] = [
    "序号", "企业名称", "统一社会信用代码", "荣誉类型", "荣誉名称", "授予单位", "授予日期",
    "有效期至", "产品名称", "品牌", "级别", "证书编号",
];

/// The columns both spot-check workbooks start with.
#[rustfmt::skip]
const SPOT_SHEET: [&str; 9] = [
    "序号", "产品名称", "产品类别", "标称生产企业名称", "标称生产企业统一社会信用代码",
    "被抽样单位", "标称商标", "规格型号", "生产日期/批号",
];

/// The workbooks and their sheets, in the order of [`FactFiles`]' workbook
/// fields: grades (a sheet per year of `years`), listings, honours, and the
/// paired pass and fail spot-check workbooks (a sheet per batch).
fn workbooks(as_of: Day, years: &[i32]) -> [(&'static str, Vec<SheetLayout>); 5] {
    use DateStyle::*;
    let grades = years
        .iter()
        .map(|y| {
            let title =
                format!("{y}年度企业质量诚信等级评价结果公告（演示数据，企业与机关均为虚构）");
            SheetLayout::new(
                format!("{y}年"),
                vec!["附件".to_string(), title],
                GRADE_SHEET.to_vec(),
                &[],
            )
        })
        .collect();
    let listings = [
        ("列入名单", "严重违法失信企业名单"),
        ("移出名单", "移出严重违法失信企业名单的企业"),
    ]
    .iter()
    .map(|(name, title)| {
        let captions = vec![
            "附件1".to_string(),
            format!("{title}（演示数据，企业与机关均为虚构）"),
            "发布时间：2026年11月1日".to_string(),
        ];
        SheetLayout::new(name.to_string(), captions, LISTING_SHEET.to_vec(), &[])
    })
    .collect();
    let mut old_brand = HONOUR_SHEET;
    old_brand[6] = "认定年份";
    let caption = |s: &str| vec![s.to_string()];
    let honours = vec![
        SheetLayout::new(
            "名牌产品".into(),
            caption("名牌产品名单（演示数据）"),
            HONOUR_SHEET.to_vec(),
            &[(7, CompactNumber)],
        ),
        SheetLayout::new(
            "老字号".into(),
            caption("老字号名录（演示数据）"),
            old_brand.to_vec(),
            &[],
        ),
        SheetLayout::new(
            "质量奖与认证".into(),
            caption("质量奖与认证（演示数据）"),
            HONOUR_SHEET.to_vec(),
            &[(6, Serial), (7, Serial)],
        ),
    ];
    let spot = |annex: &str, what: &str, extra: &[&'static str]| -> Vec<SheetLayout> {
        (0..BATCH_DAYS.len())
            .map(|b| {
                let (d, by) = batch_caption(as_of, b);
                let captions = vec![
                    annex.to_string(),
                    format!(
                        "{}年第{}批产品质量监督抽查{what}产品名单（演示数据）",
                        d.year(),
                        b + 1
                    ),
                    format!("抽查机关：{by}"),
                    format!("发布时间：{}", format_date(d, Chinese)),
                ];
                let header = [&SPOT_SHEET[..], extra].concat();
                SheetLayout::new(format!("第{}批", b + 1), captions, header, &[])
            })
            .collect()
    };
    [
        ("质量诚信等级评价结果.xlsx", grades),
        ("严重违法失信企业名单.xlsx", listings),
        ("荣誉名单.xlsx", honours),
        (
            "附件1 产品质量监督抽查合格产品名单.xlsx",
            spot("附件1", "合格", &["承检机构"]),
        ),
        (
            "附件2 产品质量监督抽查不合格产品名单.xlsx",
            spot("附件2", "不合格", &["不合格项目", "承检机构"]),
        ),
    ]
}

impl FactFiles {
    /// Creates every fact table in `dir` with its captions and header, from
    /// [`TEXT_TABLES`] and [`workbooks`].
    pub fn create(dir: &Path, as_of: Day) -> Result<FactFiles> {
        let g_years: Vec<i32> = (as_of.year() - 9..=as_of.year()).collect();
        let [g_xlsx, l_xlsx, h_xlsx, s_pass, s_fail] =
            workbooks(as_of, &g_years).map(|(file, sheets)| -> Result<XlsxSink> {
                let mut book = XlsxSink::new(dir, file);
                for s in sheets {
                    book.add_sheet(&s.name, &s.captions, &s.header, s.dates)?;
                }
                Ok(book)
            });
        let [g_gb, g_tsv, g_bom, l_named, l_gb, l_csv, h_csv, s_csv, s_food, s_tsv] =
            TEXT_TABLES.each_ref().map(|t| t.create(dir));
        Ok(FactFiles {
            g_xlsx: g_xlsx?,
            g_years,
            g_gb: g_gb?,
            g_tsv: g_tsv?,
            g_bom: g_bom?,
            l_xlsx: l_xlsx?,
            l_named: l_named?,
            l_gb: l_gb?,
            l_csv: l_csv?,
            h_csv: h_csv?,
            h_xlsx: h_xlsx?,
            s_csv: s_csv?,
            s_pass: s_pass?,
            s_fail: s_fail?,
            s_food: s_food?,
            s_tsv: s_tsv?,
            seq: [0; 4],
            samples: [[0; BATCH_DAYS.len()]; 2],
            as_of,
        })
    }

    // ----- grades -----

    pub fn grade(&mut self, e: &Ent, g: &Grade, route: Route) -> Result<()> {
        let r = match route {
            Route::Plain => 0,
            Route::Random(r) => r,
        };
        let year_sheet = self.g_years.iter().position(|y| *y == g.issued_on.year());
        match (g.scheme, r) {
            (_, 0..=29) => self.grade_bom(e, g),
            (Scheme::QualityIntegrity, _)
                if self.g_xlsx.data_rows() < XLSX_CAP && year_sheet.is_some() =>
            {
                let sheet = year_sheet.unwrap_or(0);
                let seq = self.g_xlsx.sheets[sheet].data_rows + 1;
                self.g_xlsx.row(
                    sheet,
                    &[
                        Cell::Num(seq as f64),
                        e.name.clone().into(),
                        e.uscc.clone().into(),
                        g.scheme.label_zh().into(),
                        g.grade.clone().into(),
                        g.issued_by.clone().into(),
                        g.issued_on.into(),
                        valid_until_cell(g.valid_until, "长期"),
                        opt(&g.source.document_no),
                    ],
                )?;
                // The same grade republished in the plain table: a duplicate
                // the build must merge, not show twice.
                if (30..=33).contains(&r) {
                    self.grade_bom(e, g)?;
                }
                Ok(())
            }
            (Scheme::CreditRating, _) => {
                self.seq[0] += 1;
                self.g_gb.row(&[
                    Cell::Num(self.seq[0] as f64),
                    e.uscc.clone().into(),
                    e.name.clone().into(),
                    g.scheme.label_zh().into(),
                    g.grade.clone().into(),
                    g.issued_by.clone().into(),
                    g.issued_on.into(),
                    valid_until_cell(g.valid_until, "长期"),
                    opt(&g.note),
                ])?;
                Ok(())
            }
            (Scheme::QualityCredit, 30..=69) => {
                self.g_tsv.row(&[
                    e.uscc.clone().into(),
                    e.name.clone().into(),
                    if r % 2 == 0 {
                        g.scheme.id().into()
                    } else {
                        g.scheme.label_zh().into()
                    },
                    g.grade.clone().into(),
                    g.issued_by.clone().into(),
                    g.issued_on.into(),
                    valid_until_cell(
                        g.valid_until,
                        if r % 2 == 0 { "9999-12-31" } else { "9999-9-9" },
                    ),
                    opt(&g.source.document_no),
                    opt(&g.source.url),
                ])?;
                Ok(())
            }
            _ => self.grade_bom(e, g),
        }
    }

    fn grade_bom(&mut self, e: &Ent, g: &Grade) -> Result<()> {
        self.g_bom.row(&[
            e.uscc.clone().into(),
            e.name.clone().into(),
            g.scheme.id().into(),
            g.grade.clone().into(),
            g.issued_by.clone().into(),
            g.issued_on.into(),
            valid_until_cell(g.valid_until, ""),
            opt(&g.source.document_no),
            opt(&g.note),
            Cell::Empty,
            opt(&g.source.url),
        ])?;
        Ok(())
    }

    // ----- listings -----

    /// Writes a listing. `by_reg_no` writes the enterprise's registration
    /// number instead of its code where the table allows it.
    pub fn listing(&mut self, e: &Ent, l: &Listing, route: Route, by_reg_no: bool) -> Result<()> {
        let r = match route {
            Route::Plain => 0,
            Route::Random(r) => r,
        };
        match (l.list, r) {
            (_, 0..=19) | (ListKind::QualityBlacklist, _) => self.listing_csv(e, l, r),
            (ListKind::SeriousViolation, 20..=59) if self.l_xlsx.data_rows() < XLSX_CAP => {
                let sheet = usize::from(l.removed_on.is_some());
                let seq = self.l_xlsx.sheets[sheet].data_rows + 1;
                self.l_xlsx.row(
                    sheet,
                    &[
                        Cell::Num(seq as f64),
                        e.name.clone().into(),
                        e.uscc.clone().into(),
                        e.registration_no
                            .clone()
                            .unwrap_or_else(|| "/".into())
                            .into(),
                        l.reason.clone().into(),
                        opt(&l.basis),
                        l.listed_on.into(),
                        l.listed_by.clone().into(),
                        l.removed_on.into(),
                        opt(&l.removal_reason),
                        opt(&l.removed_by),
                        opt(&l.source.document_no),
                    ],
                )?;
                // A few entries also appear in the supplementary list: the
                // build must count them as duplicates, not show them twice.
                if (20..=22).contains(&r) {
                    self.listing_named(e, l)?;
                }
                Ok(())
            }
            (ListKind::SeriousViolation, _) => self.listing_named(e, l),
            (ListKind::AbnormalOperation, _) => {
                self.seq[1] += 1;
                let code = match (&e.registration_no, by_reg_no) {
                    (Some(reg), true) => reg.clone(),
                    _ => e.uscc.clone(),
                };
                self.l_gb.row(&[
                    Cell::Num(self.seq[1] as f64),
                    code.into(),
                    e.name.clone().into(),
                    l.reason.clone().into(),
                    l.listed_on.into(),
                    l.listed_by.clone().into(),
                    l.removed_on.into(),
                    opt(&l.removal_reason),
                    opt(&l.removed_by),
                ])?;
                Ok(())
            }
        }
    }

    fn listing_named(&mut self, e: &Ent, l: &Listing) -> Result<()> {
        self.seq[2] += 1;
        self.l_named.row(&[
            Cell::Num(self.seq[2] as f64),
            e.name.clone().into(),
            e.uscc.clone().into(),
            l.reason.clone().into(),
            l.listed_on.into(),
            l.listed_by.clone().into(),
            l.removed_on.into(),
            opt(&l.removal_reason),
            opt(&l.source.document_no),
        ])?;
        Ok(())
    }

    fn listing_csv(&mut self, e: &Ent, l: &Listing, r: usize) -> Result<()> {
        let list = if r.is_multiple_of(3) {
            l.list.label_zh().to_string()
        } else {
            l.list.id().to_string()
        };
        self.l_csv.row(&[
            e.uscc.clone().into(),
            e.name.clone().into(),
            list.into(),
            l.listed_on.into(),
            l.listed_by.clone().into(),
            l.reason.clone().into(),
            opt(&l.basis),
            l.removed_on.into(),
            opt(&l.removal_reason),
            opt(&l.removed_by),
            opt(&l.source.document_no),
            opt(&l.source.url),
        ])?;
        Ok(())
    }

    // ----- honours -----

    pub fn honour(&mut self, e: &Ent, h: &Honour, route: Route) -> Result<()> {
        let r = match route {
            Route::Plain => 0,
            Route::Random(r) => r,
        };
        let sheet = match h.kind {
            HonourKind::TimeHonouredBrand => 1,
            HonourKind::QualityAward | HonourKind::Certification => 2,
            _ => 0,
        };
        if r >= 50 && self.h_xlsx.data_rows() < XLSX_CAP {
            let seq = self.h_xlsx.sheets[sheet].data_rows + 1;
            let awarded = if sheet == 1 {
                Cell::Num(h.awarded_on.year() as f64)
            } else {
                h.awarded_on.into()
            };
            self.h_xlsx.row(
                sheet,
                &[
                    Cell::Num(seq as f64),
                    e.name.clone().into(),
                    e.uscc.clone().into(),
                    h.kind.label_zh().into(),
                    h.title.clone().into(),
                    h.awarded_by.clone().into(),
                    awarded,
                    valid_until_cell(h.valid_until, if r % 2 == 0 { "长期" } else { "" }),
                    opt(&h.product),
                    opt(&h.brand),
                    h.level.map_or(Cell::Empty, |l| l.label_zh().into()),
                    opt(&h.certificate_no),
                ],
            )?;
            return Ok(());
        }
        // Quality awards are often dated to the month only (`2024-03`): read
        // as the first of the month, with a warning.
        let awarded = if h.kind == HonourKind::QualityAward && h.awarded_on.day() == 1 {
            Cell::Text(format!(
                "{}-{:02}",
                h.awarded_on.year(),
                h.awarded_on.month()
            ))
        } else {
            h.awarded_on.into()
        };
        self.h_csv.row(&[
            e.uscc.clone().into(),
            e.name.clone().into(),
            h.kind.id().into(),
            h.title.clone().into(),
            h.awarded_by.clone().into(),
            awarded,
            valid_until_cell(h.valid_until, if r % 3 == 0 { "9999-12-31" } else { "" }),
            opt(&h.product),
            opt(&h.brand),
            h.level.map_or(Cell::Empty, |l| l.id().into()),
            opt(&h.certificate_no),
            opt(&h.source.document_no),
            opt(&h.source.url),
        ])?;
        Ok(())
    }

    // ----- spot checks -----

    /// Writes a spot check. In the paired pass/fail workbooks the batch's
    /// date and authority (from the caption) replace the sample's, so `s`
    /// is updated to what the build will read.
    pub fn spot_check(&mut self, e: &Ent, s: &mut SpotCheck, route: Route) -> Result<()> {
        let r = match route {
            Route::Plain => 0,
            Route::Random(r) => r,
        };
        let food = e.industry().food;
        if food && r >= 40 {
            return self.spot_food(e, s);
        }
        let fail = s.result == CheckResult::Fail;
        let book = if fail { &self.s_fail } else { &self.s_pass };
        if !food && r >= 65 && book.data_rows() < XLSX_CAP {
            let b = r % BATCH_DAYS.len();
            let (d, by) = batch_caption(self.as_of, b);
            s.published_on = d;
            s.checked_by = by;
            s.programme = None;
            s.source.document_no = None;
            s.source.url = None;
            let book = if fail {
                &mut self.s_fail
            } else {
                &mut self.s_pass
            };
            let counter = &mut self.samples[usize::from(fail)][b];
            *counter += 1;
            let seq_text = counter.to_string();
            let first = book.next_row(b);
            let items: Vec<Option<&String>> = if fail {
                s.failed_items.iter().map(Some).collect()
            } else {
                vec![None]
            };
            // The identifying cells, written on a sample's first row and
            // merged down over the rest (one failed item per row).
            let ident: Vec<(u16, Option<String>)> = vec![
                (0, Some(seq_text.clone())),
                (1, Some(s.product.clone())),
                (2, s.product_category.clone()),
                (3, Some(e.name.clone())),
                (4, Some(e.uscc.clone())),
                (5, s.sampled_unit.clone()),
                (6, s.brand.clone()),
                (7, s.model.clone()),
                (8, s.batch.clone()),
                (if fail { 10 } else { 9 }, s.lab.clone()),
            ];
            for (k, item) in items.iter().enumerate() {
                let lead = k == 0;
                let width = if fail { 11 } else { 10 };
                let mut cells = vec![Cell::Empty; width];
                if lead {
                    for (c, v) in &ident {
                        cells[*c as usize] = v.clone().into();
                    }
                }
                if fail {
                    cells[9] = item.map_or(Cell::Empty, |i| Cell::Text(i.clone()));
                }
                book.row(b, &cells)?;
            }
            let last = first + items.len() as u32 - 1;
            if last > first {
                for (c, v) in &ident {
                    if let Some(v) = v {
                        book.merge_down(b, *c, first, last, v)?;
                    }
                }
            }
            return Ok(());
        }
        if (50..65).contains(&r) {
            self.s_tsv.row(&[
                e.uscc.clone().into(),
                e.name.clone().into(),
                s.product.clone().into(),
                if fail { "F".into() } else { "P".into() },
                s.checked_by.clone().into(),
                s.published_on.into(),
                Cell::Text(s.failed_items.join("；")),
                opt(&s.model),
                opt(&s.batch),
            ])?;
            s.sampled_unit = None;
            s.lab = None;
            s.programme = None;
            s.product_category = None;
            s.source.document_no = None;
            s.source.url = None;
            s.brand = None;
            return Ok(());
        }
        self.s_csv.row(&[
            e.uscc.clone().into(),
            e.name.clone().into(),
            s.product.clone().into(),
            if fail { "fail".into() } else { "pass".into() },
            s.checked_by.clone().into(),
            s.published_on.into(),
            opt(&s.brand),
            opt(&s.model),
            opt(&s.batch),
            Cell::Text(s.failed_items.join("、")),
            opt(&s.sampled_unit),
            opt(&s.product_category),
            opt(&s.lab),
            opt(&s.programme),
            opt(&s.source.document_no),
            opt(&s.source.url),
        ])?;
        Ok(())
    }

    fn spot_food(&mut self, e: &Ent, s: &mut SpotCheck) -> Result<()> {
        self.seq[3] += 1;
        let fail = s.result == CheckResult::Fail;
        // 等级 here is the food's own grade (一级, 优级), not a credit grade.
        let food_grade = ["一级", "优级", "特级", "合格品", "/"][(self.seq[3] % 5) as usize];
        self.s_food.row(&[
            Cell::Num(self.seq[3] as f64),
            e.name.clone().into(),
            e.uscc.clone().into(),
            opt(&s.sampled_unit),
            s.product.clone().into(),
            opt(&s.product_category),
            opt(&s.model),
            opt(&s.brand),
            opt(&s.batch),
            food_grade.into(),
            if fail {
                "不符合".into()
            } else {
                "符合".into()
            },
            if fail {
                Cell::Text(s.failed_items.join("；"))
            } else {
                "/".into()
            },
            s.checked_by.clone().into(),
            s.published_on.into(),
            opt(&s.programme),
            opt(&s.lab),
        ])?;
        s.source.document_no = None;
        s.source.url = None;
        Ok(())
    }

    /// Writes the deliberately bad rows, one of each kind of rejection, for
    /// existing enterprises `a` and `b`; returns what the build must reject.
    pub fn bad_rows(&mut self, a: &Ent, b: &Ent, unknown_reg_no: &str) -> Result<Vec<Rejection>> {
        let mut out = Vec::new();
        // Masked code in the supplementary serious-violation list.
        self.seq[2] += 1;
        let masked = format!("{}********", &a.uscc[..10]);
        let row = self.l_named.row(&[
            Cell::Num(self.seq[2] as f64),
            a.name.clone().into(),
            masked.clone().into(),
            "演示：代码被遮盖的行".into(),
            self.as_of.add_days(-30).into(),
            city_bureau(a).into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.l_named.name,
            row,
            "uscc",
            "统一社会信用代码",
            &masked,
            "masked code",
        ));
        // Unknown grade.
        let row = self.g_bom.row(&[
            a.uscc.clone().into(),
            a.name.clone().into(),
            "quality-integrity".into(),
            "AAAA".into(),
            format!(
                "{}省质量诚信评价委员会（虚构）",
                super::vocab::PROVINCE_FICT[a.province]
            )
            .into(),
            self.as_of.add_days(-100).into(),
            Cell::Empty,
            Cell::Empty,
            "演示：等级不在体系内".into(),
            Cell::Empty,
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.g_bom.name,
            row,
            "grade",
            "grade",
            "AAAA",
            "grade not in scheme",
        ));
        // A regulator's internal risk class is not a published scheme.
        self.seq[0] += 1;
        let row = self.g_gb.row(&[
            Cell::Num(self.seq[0] as f64),
            b.uscc.clone().into(),
            b.name.clone().into(),
            "信用风险分类".into(),
            "A类".into(),
            prov_bureau(b).into(),
            self.as_of.add_days(-50).into(),
            Cell::Empty,
            "演示：内部风险分类".into(),
        ])?;
        out.push(Rejection::csv(
            &self.g_gb.name,
            row,
            "scheme",
            "等级体系",
            "信用风险分类",
            "unknown scheme (internal risk class)",
        ));
        // A grade that the quality-credit scheme does not have.
        let row = self.g_tsv.row(&[
            b.uscc.clone().into(),
            b.name.clone().into(),
            "quality-credit".into(),
            "B".into(),
            prov_bureau(b).into(),
            self.as_of.add_days(-80).into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.g_tsv.name,
            row,
            "grade",
            "grade",
            "B",
            "grade not in scheme",
        ));
        // Missing required authority.
        let row = self.h_csv.row(&[
            a.uscc.clone().into(),
            a.name.clone().into(),
            "brand-product".into(),
            "演示名牌产品".into(),
            "/".into(),
            self.as_of.add_days(-200).into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.h_csv.name,
            row,
            "awarded_by",
            "awarded_by",
            "/",
            "missing value",
        ));
        // Impossible date.
        let row = self.s_csv.row(&[
            b.uscc.clone().into(),
            b.name.clone().into(),
            "演示样品".into(),
            "pass".into(),
            city_bureau(b).into(),
            "2024-13-45".into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.s_csv.name,
            row,
            "published_on",
            "published_on",
            "2024-13-45",
            "bad date",
        ));
        // A code of the wrong length.
        let short = a.uscc[..13].to_string();
        let row = self.s_csv.row(&[
            short.clone().into(),
            a.name.clone().into(),
            "演示样品".into(),
            "fail".into(),
            city_bureau(a).into(),
            self.as_of.add_days(-20).into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            "演示项目".into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.s_csv.name,
            row,
            "uscc",
            "uscc",
            &short,
            "wrong length",
        ));
        // A registration number nobody is known by.
        self.seq[1] += 1;
        let row = self.l_gb.row(&[
            Cell::Num(self.seq[1] as f64),
            unknown_reg_no.into(),
            "菱澈演示旧号商贸有限公司".into(),
            super::vocab::ABNORMAL_REASONS[1].into(),
            self.as_of.add_days(-700).into(),
            city_bureau(b).into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.l_gb.name,
            row,
            "uscc",
            "统一社会信用代码/注册号",
            unknown_reg_no,
            "no USCC; registration number not known",
        ));
        // A date that does not exist, in a workbook.
        if let Some(sheet) =
            (0..self.h_xlsx.sheets.len()).find(|&s| self.h_xlsx.sheets[s].name == "名牌产品")
        {
            let seq = self.h_xlsx.sheets[sheet].data_rows + 1;
            let row = self.h_xlsx.row(
                sheet,
                &[
                    Cell::Num(seq as f64),
                    b.name.clone().into(),
                    b.uscc.clone().into(),
                    "名牌产品".into(),
                    "演示市名牌产品".into(),
                    city_bureau(b).into(),
                    "2023年2月30日".into(),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ],
            )?;
            out.push(Rejection::xlsx(
                &self.h_xlsx.name,
                "名牌产品",
                row,
                "awarded_on",
                "授予日期",
                "2023年2月30日",
                "bad date",
            ));
        }
        Ok(out)
    }

    /// Footers, then closes every file; returns (file, data rows).
    pub fn finish(mut self) -> Result<Vec<(String, u64)>> {
        let n = self.l_gb.data_rows;
        self.l_gb.footer(&format!("合计：{n}户"))?;
        self.s_food
            .footer("注：本表为虚构的演示数据；“等级”为产品等级，不是企业信用等级。")?;
        for s in 0..self.l_xlsx.sheets.len() {
            self.l_xlsx
                .footer(s, "注：本名单为虚构的演示数据，以原发布机关公布为准。")?;
        }
        for book in [&mut self.s_pass, &mut self.s_fail] {
            for s in 0..book.sheets.len() {
                let n = book.sheets[s].data_rows;
                book.footer(s, &format!("合计：{n}行（演示数据）"))?;
            }
        }
        Ok(vec![
            self.g_xlsx.finish()?,
            self.g_gb.finish()?,
            self.g_tsv.finish()?,
            self.g_bom.finish()?,
            self.l_xlsx.finish()?,
            self.l_named.finish()?,
            self.l_gb.finish()?,
            self.l_csv.finish()?,
            self.h_csv.finish()?,
            self.h_xlsx.finish()?,
            self.s_csv.finish()?,
            self.s_pass.finish()?,
            self.s_fail.finish()?,
            self.s_food.finish()?,
            self.s_tsv.finish()?,
        ])
    }
}
