//! The source files of the demo registry and how rows are routed to them.

use super::ent::Ent;
use super::sink::{Cell, DateStyle, Encoding, TextSink, XlsxSink};
use super::truth::Rejection;
use anyhow::Result;
use std::path::Path;

/// At most this many data rows go into one workbook; the rest of a table
/// stays in CSV (Excel sheets cap at 1,048,576 rows, and a workbook is held
/// in memory until it is saved).
pub const XLSX_CAP: u64 = 20_000;

/// The enterprises tables.
pub struct EnterpriseFiles {
    csv: TextSink,
    gb: TextSink,
    bom: TextSink,
    xlsx: XlsxSink,
    gb_seq: u64,
}

const XLSX_ENT_SHEETS: &[&str] = &["第一批", "第二批", "第三批"];

impl EnterpriseFiles {
    pub fn create(dir: &Path) -> Result<EnterpriseFiles> {
        let mut csv =
            TextSink::create(dir, "enterprises.csv", Encoding::Utf8, ',', DateStyle::Iso)?;
        csv.header(&[
            "uscc",
            "name",
            "former_names",
            "industry",
            "address",
            "status",
            "established_on",
            "registration_no",
            "org_code",
        ])?;
        let mut gb = TextSink::create(
            dir,
            "市场主体名录.csv",
            Encoding::Gb18030,
            ',',
            DateStyle::Chinese,
        )?;
        let gb_headers = [
            "序号",
            "统一社会信用代码",
            "注册号",
            "企业名称",
            "曾用名",
            "所属行业",
            "住所",
            "登记状态",
            "组织机构代码",
        ];
        gb.caption("附件1", gb_headers.len())?;
        gb.caption("演示市场主体名录（虚构数据，仅供演示）", gb_headers.len())?;
        gb.header(&gb_headers)?;
        let mut bom = TextSink::create(
            dir,
            "enterprises-bom.csv",
            Encoding::Utf8Bom,
            ',',
            DateStyle::Slash,
        )?;
        bom.header(&[
            "统一社会信用代码",
            "名称",
            "曾用名",
            "行业",
            "地址",
            "经营状态",
            "established_on",
        ])?;
        let mut xlsx = XlsxSink::new(dir, "企业名录.xlsx");
        for s in XLSX_ENT_SHEETS {
            xlsx.add_sheet(
                s,
                &[
                    format!("演示企业名录（{s}，虚构）"),
                    "发布时间：2026年10月15日".to_string(),
                ],
                &[
                    "序号",
                    "统一社会\n信用代码",
                    "企业名称",
                    "曾用名",
                    "所属行业",
                    "住所",
                    "登记状态",
                    "established_on",
                    "注册号",
                ],
                vec![
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                    DateStyle::ExcelDate,
                ],
            )?;
        }
        Ok(EnterpriseFiles {
            csv,
            gb,
            bom,
            xlsx,
            gb_seq: 0,
        })
    }

    /// Writes one enterprise to one of the tables; `route` is a random number in 0..100.
    pub fn write(&mut self, e: &Ent, route: usize) -> Result<()> {
        let formers = |sep: &str| e.former_names.join(sep);
        let opt = |s: String| {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s)
            }
        };
        match route {
            0..=49 => self.write_csv(e),
            50..=69 => {
                self.gb_seq += 1;
                self.gb.row(&[
                    Cell::Num(self.gb_seq as f64),
                    e.uscc.clone().into(),
                    e.registration_no
                        .clone()
                        .unwrap_or_else(|| "/".into())
                        .into(),
                    e.name.clone().into(),
                    opt(formers("；")),
                    e.industry().sector.into(),
                    e.address.clone().into(),
                    e.status.into(),
                    e.org_code.clone().unwrap_or_else(|| "-".into()).into(),
                ])?;
                Ok(())
            }
            70..=79 => {
                self.bom.row(&[
                    e.uscc.clone().into(),
                    e.name.clone().into(),
                    opt(formers("、")),
                    e.industry().sector.into(),
                    e.address.clone().into(),
                    e.status.into(),
                    e.established_on.into(),
                ])?;
                Ok(())
            }
            _ if self.xlsx.data_rows() < XLSX_CAP => {
                let sheet = e.idx as usize % XLSX_ENT_SHEETS.len();
                let seq = self.xlsx.sheets[sheet].data_rows + 1;
                self.xlsx.row(
                    sheet,
                    &[
                        Cell::Num(seq as f64),
                        e.uscc.clone().into(),
                        e.name.clone().into(),
                        opt(formers("|")),
                        e.industry().sector.into(),
                        e.address.clone().into(),
                        e.status.into(),
                        e.established_on.into(),
                        e.registration_no.clone().into(),
                    ],
                )?;
                Ok(())
            }
            _ => self.write_csv(e),
        }
    }

    /// The plain UTF-8 table; also where special rows go.
    pub fn write_csv(&mut self, e: &Ent) -> Result<()> {
        self.csv.row(&[
            e.uscc.clone().into(),
            e.name.clone().into(),
            Cell::Text(e.former_names.join(";")),
            e.industry().sector.into(),
            e.address.clone().into(),
            e.status.into(),
            e.established_on.into(),
            e.registration_no.clone().into(),
            e.org_code.clone().into(),
        ])?;
        Ok(())
    }

    /// Deliberately bad enterprise rows: a code with a wrong check character
    /// (UTF-8 table) and a row without a name (BOM table).
    pub fn bad_rows(&mut self, wrong_code: &str, code2: &str) -> Result<Vec<Rejection>> {
        let row = self.csv.row(&[
            wrong_code.into(),
            "鹤屿演示错码电子有限公司".into(),
            Cell::Empty,
            "电气机械和器材制造业".into(),
            Cell::Empty,
            "存续".into(),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ])?;
        let mut out = vec![Rejection::csv(
            &self.csv.name,
            row,
            "uscc",
            "uscc",
            wrong_code,
            "wrong check character",
        )];
        let row = self.bom.row(&[
            code2.into(),
            "—".into(),
            Cell::Empty,
            "食品制造业".into(),
            Cell::Empty,
            "存续".into(),
            Cell::Empty,
        ])?;
        out.push(Rejection::csv(
            &self.bom.name,
            row,
            "name",
            "名称",
            "—",
            "missing value",
        ));
        Ok(out)
    }

    /// Writes footers and closes every file; returns (file, data rows).
    pub fn finish(mut self) -> Result<Vec<(String, u64)>> {
        let n = self.gb.data_rows;
        self.gb
            .footer("注：本名录为虚构的演示数据，企业名称与代码均不对应真实市场主体。")?;
        self.gb.footer(&format!("合计：{n}户"))?;
        for s in 0..self.xlsx.sheets.len() {
            let n = self.xlsx.sheets[s].data_rows;
            self.xlsx.footer(s, &format!("合计{n}户（演示数据）"))?;
        }
        Ok(vec![
            self.csv.finish()?,
            self.gb.finish()?,
            self.bom.finish()?,
            self.xlsx.finish()?,
        ])
    }
}
