//! XLSX workbooks, generated here: every sheet, title rows merged across the
//! width, merged cells down, merged 序号 samples, Excel dates.

use crate::util::*;
use rust_xlsxwriter::{Format, Workbook};
use zhixin_core::CheckResult;

fn spot_check_workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name("不合格产品").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        8,
        "演示省市场监督管理局2024年产品质量监督抽查结果",
        &plain,
    )
    .unwrap();
    ws.merge_range(1, 0, 1, 8, "发布时间：2024年6月30日", &plain)
        .unwrap();
    let header = [
        "序号",
        "统一社会\n信用代码",
        "企业名称",
        "产品名称",
        "商标",
        "规格型号",
        "抽查结果",
        "不合格项目",
        "公布日期",
    ];
    for (i, h) in header.iter().enumerate() {
        ws.write_string(2, i as u16, *h).unwrap();
    }
    // Sample 1: three rows sharing a merged 序号, code, name, product and result.
    ws.merge_range(3, 0, 5, 0, "1", &plain).unwrap();
    ws.merge_range(3, 1, 5, 1, "91350200MA0000015A", &plain)
        .unwrap();
    ws.merge_range(3, 2, 5, 2, "演示甲有限公司（虚构）", &plain)
        .unwrap();
    ws.merge_range(3, 3, 5, 3, "演示电热水壶", &plain).unwrap();
    ws.merge_range(3, 4, 5, 4, "甲壶", &plain).unwrap();
    ws.merge_range(3, 5, 5, 5, "1.5L", &plain).unwrap();
    ws.merge_range(3, 6, 5, 6, "不合格", &plain).unwrap();
    for (r, item) in ["标志和说明", "泄漏电流", "发热"].iter().enumerate() {
        ws.write_string(3 + r as u32, 7, *item).unwrap();
    }
    // The date column merged down too, as an Excel date.
    ws.merge_range(3, 8, 6, 8, "", &date).unwrap();
    ws.write_number_with_format(3, 8, 45473.0, &date).unwrap();
    // Sample 2: one row, passed.
    ws.write_string(6, 0, "2").unwrap();
    ws.write_string(6, 1, "91350200MA00000235").unwrap();
    ws.write_string(6, 2, "演示乙有限公司（虚构）").unwrap();
    ws.write_string(6, 3, "演示插座").unwrap();
    ws.write_string(6, 6, "合格").unwrap();
    // Sample 3: bad code.
    ws.write_string(7, 0, "3").unwrap();
    ws.write_string(7, 1, "91350200MA0000015B").unwrap();
    ws.write_string(7, 2, "演示坏码有限公司（虚构）").unwrap();
    ws.write_string(7, 3, "演示插座").unwrap();
    ws.write_string(7, 6, "合格").unwrap();
    ws.write_number_with_format(7, 8, 45473.0, &date).unwrap();
    ws.merge_range(9, 0, 9, 8, "注：以上结果仅对样品负责。", &plain)
        .unwrap();

    // A second sheet with enterprises, and a third that is not a table.
    let ws2 = wb.add_worksheet();
    ws2.set_name("企业").unwrap();
    ws2.write_string(0, 0, "统一社会信用代码").unwrap();
    ws2.write_string(0, 1, "企业名称").unwrap();
    ws2.write_string(1, 0, "91350200MA00000310").unwrap();
    ws2.write_string(1, 1, "演示丙有限公司（虚构）").unwrap();
    ws2.write_number(2, 0, 20240301.0).unwrap();
    ws2.write_string(2, 1, "数字代码").unwrap();
    let ws3 = wb.add_worksheet();
    ws3.set_name("说明").unwrap();
    ws3.write_string(0, 0, "本表为演示数据（虚构）。").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn merged_sequence_rows_are_one_sample_with_all_failed_items() {
    let dir = tempdir();
    spot_check_workbook(&dir.path().join("抽查.xlsx"));
    let c = build(dir.path());
    assert_accounted(&c);
    let f = file(&c, "抽查.xlsx");
    assert_eq!(f.encoding.as_deref(), Some("xlsx"));
    assert_eq!(f.kind.as_deref(), Some("spot_checks"));
    assert_eq!(f.header_row, Some(3));
    assert_eq!(
        f.read, 7,
        "every physical row is read: 5 in the first sheet, 2 in the second"
    );
    assert_eq!(
        rejected_rows(f),
        [3, 8],
        "row 8 of sheet 1 and row 3 of sheet 2"
    );
    let a = ent(&c, "91350200MA0000015A");
    assert_eq!(a.spot_checks.len(), 1, "three rows, one sample");
    let s = &a.spot_checks[0];
    assert_eq!(s.failed_items, ["标志和说明", "泄漏电流", "发热"]);
    assert_eq!(s.result, CheckResult::Fail);
    assert_eq!(s.published_on, day("2024-06-30"), "Excel date 45473");
    assert_eq!(
        s.checked_by, "演示省市场监督管理局",
        "the authority from the caption"
    );
    assert_eq!(s.source.sheet.as_deref(), Some("不合格产品"));
    assert_eq!(s.source.row, 4);
    assert_eq!(a.brands, ["甲壶"]);
    // The merged date column covers sample 2's row too.
    assert_eq!(
        ent(&c, "91350200MA00000235").spot_checks[0].published_on,
        day("2024-06-30")
    );
    // Every sheet is read; the one without a table is named in the report.
    assert_eq!(f.sheets.len(), 3);
    assert_eq!(f.sheets[1].kind.as_deref(), Some("enterprises"));
    assert_eq!(f.sheets[2].kind, None);
    assert!(f
        .warnings
        .iter()
        .any(|w| w.sheet.as_deref() == Some("说明")));
    assert!(
        f.skipped
            .iter()
            .any(|s| s.row == 10 && s.reason.starts_with("footer: 注")),
        "{:?}",
        f.skipped
    );
    let r = f
        .rejections
        .iter()
        .find(|r| r.sheet.as_deref() == Some("企业"))
        .unwrap();
    assert_eq!(
        r.value.as_deref(),
        Some("20240301"),
        "numbers are shown without a spurious .0"
    );
}

/// An old-format (BIFF8) .xls workbook, `fixtures/xls` (regenerated by
/// `fixtures/make_xls.py`): title rows merged across, a header with a line
/// break, Excel and Chinese dates, a masked code, a footer, a second sheet.
#[test]
fn old_format_xls_workbook_is_read_like_xlsx() {
    let c = build(&fixture("xls"));
    assert_accounted(&c);
    let f = file(&c, "严重违法失信企业名单.xls");
    assert_eq!(f.encoding.as_deref(), Some("xls"));
    assert_eq!(f.kind.as_deref(), Some("listings"));
    assert_eq!(f.header_row, Some(4));
    assert_eq!(
        f.read, 4,
        "three rows in the first sheet, one in the second"
    );
    assert_eq!(rejected_rows(f), [7], "the masked code");
    assert_eq!(f.rejections[0].column.as_deref(), Some("uscc"));
    assert!(f.rejections[0].reason.contains("masked"));
    assert!(f
        .skipped
        .iter()
        .any(|s| s.row == 8 && s.reason.starts_with("footer: 注")));
    let a = ent(&c, "91350200M0A1234556");
    assert_eq!(a.listings.len(), 1);
    let l = &a.listings[0];
    assert_eq!(l.list, zhixin_core::ListKind::SeriousViolation);
    assert_eq!(l.listed_on, day("2025-06-03"), "an Excel date cell");
    assert_eq!(l.source.sheet.as_deref(), Some("严重违法失信企业名单"));
    assert_eq!(l.source.row, 5);
    assert!(view(&c, "91350200M0A1234556", AS_OF).blacklisted);
    assert_eq!(
        ent(&c, "91370100M0B2345608").listings[0].listed_on,
        day("2025-06-04"),
        "a date written in Chinese"
    );
    assert_eq!(
        ent(&c, "91330200M0D456781W").former_names,
        ["演示己家电厂（虚构）"],
        "the second sheet's enterprise table"
    );
}
