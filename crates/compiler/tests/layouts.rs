//! Published layouts beyond one header row: two-row headers (group labels
//! merged over sub-columns, e.g. 生产企业 over 名称 | 统一社会信用代码 and
//! 抽查结果 over 合格 | 不合格) and a row of column numbers under the header.

use crate::util::*;
use rust_xlsxwriter::{Format, Workbook};
use zhixin_core::uscc::check_char;
use zhixin_core::CheckResult;

/// A valid fictional code ending in `n`.
fn code(n: u32) -> String {
    let body = format!("91350200MA{:07}", n);
    let c = check_char(body.as_bytes()).unwrap();
    format!("{body}{}", c as char)
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_csv_two_row_header_with_producer_columns_and_result_marks() {
    let src = tempdir();
    let csv = format!(
        "演示市2024年产品质量监督抽查结果（虚构）,,,,,,,\n\
         序号,生产企业,,产品名称,抽查结果,,抽查机关,公布日期\n\
         ,名称,统一社会信用代码,,合格,不合格,,\n\
         1,演示甲有限公司,{a},演示水壶,√,,演示市市场监督管理局,2024-06-30\n\
         2,演示乙有限公司,{b},演示插座,,√,演示市市场监督管理局,2024-06-30\n\
         3,演示丙有限公司,{c},演示台灯,√,√,演示市市场监督管理局,2024-06-30\n\
         4,演示丁有限公司,{d},演示电扇,,,演示市市场监督管理局,2024-06-30\n",
        a = code(1),
        b = code(2),
        c = code(3),
        d = code(4)
    );
    write(src.path(), "抽查结果.csv", &csv);
    let c = build(src.path());
    assert_accounted(&c);
    let f = file(&c, "抽查结果.csv");
    assert_eq!(f.kind.as_deref(), Some("spot_checks"));
    // The header row is the row of column names, under the group row.
    assert_eq!(f.header_row, Some(3));
    assert!(f.unknown_columns.is_empty(), "{:?}", f.unknown_columns);
    assert_eq!(
        (f.read, f.accepted, f.rejected),
        (4, 2, 2),
        "{:?}",
        f.rejections
    );
    assert_eq!(rejected_rows(f), [6, 7]);
    assert!(f
        .rejections
        .iter()
        .all(|r| r.column.as_deref() == Some("result")));
    assert!(
        f.rejections[0].reason.contains("both"),
        "{}",
        f.rejections[0].reason
    );
    assert!(
        f.rejections[1].reason.contains("neither"),
        "{}",
        f.rejections[1].reason
    );
    assert!(f
        .skipped
        .iter()
        .any(|s| s.row == 2 && s.reason.starts_with("header: the group labels")));
    assert_eq!(
        f.caption.as_deref(),
        Some("演示市2024年产品质量监督抽查结果（虚构）")
    );
    let a = ent(&c, &code(1));
    assert_eq!(a.name, "演示甲有限公司");
    assert_eq!(a.spot_checks[0].result, CheckResult::Pass);
    assert_eq!(a.spot_checks[0].product, "演示水壶");
    assert_eq!(ent(&c, &code(2)).spot_checks[0].result, CheckResult::Fail);
}

#[test]
fn an_xlsx_two_row_header_with_merged_cells_and_a_column_number_row() {
    let src = tempdir();
    let mut wb = Workbook::new();
    let plain = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("抽查结果").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        7,
        "演示省市场监督管理局产品质量监督抽查结果（虚构） 发布时间：2024年6月30日",
        &plain,
    )
    .unwrap();
    // Columns merged down both header rows, groups merged across their sub-columns.
    ws.merge_range(1, 0, 2, 0, "序号", &plain).unwrap();
    ws.merge_range(1, 1, 1, 2, "被抽样单位", &plain).unwrap();
    ws.merge_range(1, 3, 1, 4, "标称生产企业", &plain).unwrap();
    ws.merge_range(1, 5, 2, 5, "产品名称", &plain).unwrap();
    ws.merge_range(1, 6, 1, 7, "抽查结果", &plain).unwrap();
    for (c, t) in [
        (1, "名称"),
        (2, "地址"),
        (3, "名称"),
        (4, "统一社会信用代码"),
        (6, "合格"),
        (7, "不合格"),
    ] {
        ws.write_string(2, c, t).unwrap();
    }
    for c in 0..8u16 {
        ws.write_number(3, c, f64::from(c + 1)).unwrap();
    }
    let rows = [
        (
            "演示超市（虚构）",
            "演示路1号",
            "演示甲食品有限公司",
            code(11),
            "√",
            "",
        ),
        (
            "演示商店（虚构）",
            "演示路2号",
            "演示乙食品有限公司",
            code(12),
            "",
            "√",
        ),
    ];
    for (i, (unit, addr, name, uscc, pass, fail)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, v) in [unit, addr, name, &uscc.as_str(), pass, fail]
            .iter()
            .enumerate()
        {
            let col = if c < 4 { c + 1 } else { c + 2 };
            ws.write_string(r, col as u16, **v).unwrap();
        }
        ws.write_string(r, 5, "演示饼干").unwrap();
    }
    wb.save(src.path().join("抽查.xlsx")).unwrap();
    let c = build(src.path());
    assert_accounted(&c);
    let f = file(&c, "抽查.xlsx");
    assert_eq!(f.kind.as_deref(), Some("spot_checks"));
    assert_eq!(
        (f.read, f.accepted, f.rejected),
        (2, 2, 0),
        "{:?}",
        f.rejections
    );
    assert_eq!(f.header_row, Some(3), "the row of column names");
    let skipped: Vec<u32> = f.skipped.iter().map(|s| s.row).collect();
    assert_eq!(skipped, [1, 2, 4]);
    assert!(f.skipped[2].reason.starts_with("column numbers"));
    // The sampled unit's address is not the producer's: named as unknown, not read.
    assert_eq!(f.unknown_columns, ["被抽样单位 地址"]);
    let a = ent(&c, &code(11));
    assert_eq!(a.name, "演示甲食品有限公司");
    assert_eq!(a.address, None);
    let s = &a.spot_checks[0];
    assert_eq!(s.result, CheckResult::Pass);
    assert_eq!(s.sampled_unit.as_deref(), Some("演示超市（虚构）"));
    // The caption's date applies to every row.
    assert_eq!(s.published_on, day("2024-06-30"));
    assert_eq!(ent(&c, &code(12)).spot_checks[0].result, CheckResult::Fail);
}

#[test]
fn a_column_number_row_under_a_one_row_header_is_skipped_not_rejected() {
    let src = tempdir();
    let csv = format!(
        "统一社会信用代码,企业名称,住所\n（1）,（2）,（3）\n{},演示甲有限公司,演示路1号\n{},演示乙有限公司,演示路2号\n",
        code(21),
        code(22)
    );
    write(src.path(), "企业名录.csv", &csv);
    let c = build(src.path());
    let f = file(&c, "企业名录.csv");
    assert_eq!((f.read, f.accepted, f.rejected), (2, 2, 0));
    assert_eq!(f.skipped.len(), 1);
    assert_eq!(f.skipped[0].row, 2);
    assert!(f.skipped[0].reason.starts_with("column numbers"));
}

#[test]
fn a_data_row_under_a_one_row_header_is_never_read_as_a_second_header_row() {
    let src = tempdir();
    let csv = format!(
        "序号,统一社会信用代码,企业名称,产品名称,抽查结果,抽查机关,公布日期\n\
         1,{},演示甲有限公司,演示水壶,合格,演示市市场监督管理局,2024-06-30\n",
        code(31)
    );
    write(src.path(), "抽查.csv", &csv);
    let c = build(src.path());
    let f = file(&c, "抽查.csv");
    assert_eq!((f.header_row, f.read, f.accepted), (Some(1), 1, 1));
    assert_eq!(ent(&c, &code(31)).spot_checks[0].result, CheckResult::Pass);
}
