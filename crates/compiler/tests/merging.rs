//! Merging: duplicates, name mismatches, facts creating enterprises, old
//! registration numbers and organisation codes, masked codes.

use crate::util::*;
use zhixin_core::Scheme;

#[test]
fn the_same_fact_in_two_files_is_a_duplicate_not_shown_twice() {
    let c = build(&fixture("merging"));
    assert_accounted(&c);
    let again = file(&c, "c_grades_again.csv");
    assert_eq!((again.accepted, again.duplicates), (1, 1));
    let a = ent(&c, "91350200MA0000015A");
    assert_eq!(a.grades.iter().filter(|g| g.grade == "AA").count(), 1);
}

#[test]
fn a_different_name_is_a_warning_and_kept_as_a_former_name() {
    let c = build(&fixture("merging"));
    let f = file(&c, "b_grades.csv");
    let w = f
        .warnings
        .iter()
        .find(|w| w.column.as_deref() == Some("name"))
        .unwrap();
    assert_eq!(w.row, Some(3));
    assert_eq!(w.value.as_deref(), Some("演示甲新名有限公司（虚构）"));
    let a = ent(&c, "91350200MA0000015A");
    assert_eq!(
        a.name, "演示甲有限公司（虚构）",
        "the enterprises table's name stays the name"
    );
    assert_eq!(a.former_names, ["演示甲新名有限公司（虚构）"]);
}

#[test]
fn facts_for_unknown_codes_create_the_enterprise_and_codes_are_normalised() {
    let c = build(&fixture("merging"));
    let b = ent(&c, "91350200MA00000235");
    assert_eq!(b.name, "演示乙有限公司（虚构）");
    assert_eq!(b.grades[0].scheme, Scheme::QualityCredit);
    let f = file(&c, "b_grades.csv");
    // The organisation-code check is only a warning.
    let w = f
        .warnings
        .iter()
        .find(|w| w.row == Some(4) && w.column.as_deref() == Some("uscc"))
        .unwrap();
    assert!(w.reason.contains("organisation-code"), "{}", w.reason);
    assert!(c.enterprises.iter().any(|e| e.uscc == "91350200MA0002001B"));
    // An ftp link is a warning and kept as text.
    assert!(f
        .warnings
        .iter()
        .any(|w| w.row == Some(3) && w.column.as_deref() == Some("source_url")));
    let g = ent(&c, "91350200MA0000015A")
        .grades
        .iter()
        .find(|g| g.grade == "AA")
        .unwrap()
        .clone();
    assert_eq!(g.source.citation.as_deref(), Some("演示公告"));
    assert_eq!(g.source.url.as_deref(), Some("https://example.org/g"));
    let bad = file(&c, "a_enterprises.csv");
    assert_eq!(rejected_rows(bad), [3]);
}

#[test]
fn old_registration_numbers_and_org_codes_resolve_to_known_enterprises() {
    let c = build(&fixture("secondary_ids"));
    assert_accounted(&c);
    let f = file(&c, "old_listings.csv");
    assert_eq!(f.read, 4);
    assert_eq!(rejected_rows(f), [3, 5]);
    let r3 = f.rejections.iter().find(|r| r.row == 3).unwrap();
    assert!(
        r3.reason
            .starts_with("no USCC; registration number not known"),
        "{}",
        r3.reason
    );
    let r5 = f.rejections.iter().find(|r| r.row == 5).unwrap();
    assert!(
        r5.reason
            .starts_with("no USCC; registration number not known"),
        "{}",
        r5.reason
    );
    assert_eq!(ent(&c, "91110000MA00001976").listings.len(), 1);
    assert_eq!(ent(&c, "91110000MA000020XN").listings.len(), 1);
    assert_eq!(
        ent(&c, "91110000MA00001976").registration_no.as_deref(),
        Some("110000000000017")
    );
}

#[test]
fn a_region_column_on_grades_listings_and_honours_fills_the_enterprise_region() {
    let src = tempdir();
    let w = |name: &str, text: &str| std::fs::write(src.path().join(name), text).unwrap();
    // A: region only from a grades table; B: the enterprises table's region wins over a listing's.
    w(
        "grades.csv",
        "统一社会信用代码,企业名称,评价体系,信用等级,评价机关,评价日期,所属地市\n\
         91350200MA0000015A,演示甲有限公司（虚构）,质量信用等级,AA,演示市市场监督管理局（虚构）,2025-01-02,演示市\n",
    );
    w(
        "enterprises.csv",
        "统一社会信用代码,企业名称,地区\n91350200MA00000235,演示乙有限公司（虚构）,演示县\n",
    );
    w(
        "listings.csv",
        "统一社会信用代码,企业名称,名单类型,列入日期,列入原因,作出决定机关,所在省份\n\
         91350200MA00000235,演示乙有限公司（虚构）,经营异常名录,2025-03-04,未按时公示年报,演示市市场监督管理局（虚构）,演示省\n",
    );
    w(
        "honours.csv",
        "统一社会信用代码,企业名称,荣誉类型,荣誉名称,授予单位,授予日期,地区\n\
         91350200MA0002001B,演示丙有限公司（虚构）,质量奖,演示市质量奖,演示市人民政府（虚构）,2024-05-06,演示区\n",
    );
    let c = build(src.path());
    assert_accounted(&c);
    for f in ["grades.csv", "listings.csv", "honours.csv"] {
        let r = file(&c, f);
        assert_eq!(r.rejected, 0, "{f}: {:?}", r.rejections);
        assert!(
            r.unknown_columns.is_empty(),
            "{f}: the region column is known: {:?}",
            r.unknown_columns
        );
    }
    assert_eq!(
        ent(&c, "91350200MA0000015A").region.as_deref(),
        Some("演示市")
    );
    assert_eq!(
        ent(&c, "91350200MA00000235").region.as_deref(),
        Some("演示县")
    );
    assert_eq!(
        ent(&c, "91350200MA0002001B").region.as_deref(),
        Some("演示区")
    );
}
