//! Enterprises tables in every text encoding and delimiter; code validation.

use crate::util::*;

#[test]
fn enterprises_in_utf8_bom_tab_and_gbk_are_read() {
    let c = build(&fixture("enterprises"));
    assert_accounted(&c);
    let gbk = file(&c, "gbk企业.csv");
    assert_eq!(gbk.encoding.as_deref(), Some("gb18030"));
    assert_eq!(gbk.kind.as_deref(), Some("enterprises"));
    assert_eq!(gbk.accepted, 1);
    let d = ent(&c, "91350200MA0000058P");
    assert_eq!(d.name, "演示丁食品有限公司（虚构）");
    assert_eq!(d.former_names, ["演示丁食品厂", "演示丁商行"]);
    assert_eq!(d.address.as_deref(), Some("演示市演示路1号"));

    let tab = file(&c, "制表符.txt");
    assert_eq!(tab.encoding.as_deref(), Some("utf-8-bom"));
    assert_eq!(tab.kind.as_deref(), Some("enterprises"));
    assert_eq!(tab.header_row, Some(1));
    assert_eq!(
        ent(&c, "91350200MA000004XP").industry.as_deref(),
        Some("零售业")
    );
}

#[test]
fn enterprise_rows_with_bad_codes_or_names_are_rejected_with_row_column_and_value() {
    let c = build(&fixture("enterprises"));
    let f = file(&c, "enterprises.csv");
    assert_eq!(f.encoding.as_deref(), Some("utf-8"));
    assert_eq!(f.read, 7);
    assert_eq!(f.accepted, 2);
    // CSV row numbers count the header record: data starts at row 2.
    assert_eq!(rejected_rows(f), [4, 5, 6, 7, 8]);
    let by_row = |r: u32| f.rejections.iter().find(|x| x.row == r).unwrap();
    assert_eq!(by_row(4).column.as_deref(), Some("uscc"));
    assert!(
        by_row(4).reason.contains("check character"),
        "{}",
        by_row(4).reason
    );
    assert_eq!(by_row(5).value.as_deref(), Some("9135020"));
    assert!(by_row(5).reason.contains("18 characters"));
    assert!(by_row(6).reason.contains("'I'"), "{}", by_row(6).reason);
    assert!(by_row(7).reason.contains("missing"));
    assert_eq!(by_row(8).column.as_deref(), Some("name"));
}

#[test]
fn enterprise_fields_are_kept_and_placeholders_mean_no_value() {
    let c = build(&fixture("enterprises"));
    let a = ent(&c, "91350200MA0000015A");
    assert_eq!(a.former_names, ["演示旧甲有限公司", "演示更旧甲厂"]);
    assert_eq!(a.status.as_deref(), Some("存续"));
    assert_eq!(a.established_on, Some(day("2010-03-01")));
    assert_eq!(a.registration_no.as_deref(), Some("350200100000011"));
    let b = ent(&c, "91350200MA00000235");
    assert!(b.former_names.is_empty(), "'/' is a placeholder");
    assert_eq!(b.established_on, Some(day("2015-06-01")));
    let src = a.source.as_ref().unwrap();
    assert_eq!((src.file.as_str(), src.row), ("enterprises.csv", 2));
}
