//! Vocabularies read literally (fixture `vocabularies/`, fictional data):
//! printed grade forms, scheme and list names exactly as the contract lists
//! them (纳税信用等级 is not credit-rating), and the header row of a table with
//! a group row above its column names; 著名商标 as the famous-trademark
//! honour kind, history and never current.

use crate::util::*;
use zhixin_core::{HonourKind, Level, ListKind, Scheme};

#[test]
fn printed_grade_forms_mean_the_grade_and_only_listed_schemes_are_read() {
    let c = build(&fixture("vocabularies"));
    assert_accounted(&c);
    let f = file(&c, "信用等级.csv");
    assert_eq!((f.read, f.accepted, f.rejected), (4, 3, 1));
    let grade = |code: &str| ent(&c, code).grades[0].clone();
    assert_eq!(
        (
            grade("91110000MA0000162K").scheme,
            grade("91110000MA0000162K").grade.as_str()
        ),
        (Scheme::QualityIntegrity, "AAA"),
        "3A"
    );
    assert_eq!(grade("91110000MA0000170E").grade, "AAA", "AAA级");
    assert_eq!(
        (
            grade("91110000MA0000189B").scheme,
            grade("91110000MA0000189B").grade.as_str()
        ),
        (Scheme::CreditRating, "AA"),
        "２Ａ级 under GB/T 22116 信用等级"
    );
    let r = &f.rejections[0];
    assert_eq!(
        (r.row, r.column.as_deref(), r.value.as_deref()),
        (5, Some("scheme"), Some("纳税信用等级"))
    );
    assert!(r.reason.contains("not a known scheme"), "{}", r.reason);
}

#[test]
fn short_list_names_are_read_and_other_names_rejected() {
    let c = build(&fixture("vocabularies"));
    let f = file(&c, "名单.csv");
    assert_eq!((f.read, f.accepted, f.rejected), (4, 3, 1));
    let list = |code: &str| ent(&c, code).listings[0].list;
    assert_eq!(
        list("91110000MA0000162K"),
        ListKind::AbnormalOperation,
        "异常名录"
    );
    assert_eq!(
        list("91110000MA0000170E"),
        ListKind::AbnormalOperation,
        "经营异常名单"
    );
    assert_eq!(
        list("91110000MA0000189B"),
        ListKind::SeriousViolation,
        "严重违法失信企业名单"
    );
    let r = &f.rejections[0];
    assert_eq!(
        (r.row, r.column.as_deref(), r.value.as_deref()),
        (5, Some("list"), Some("经营异常情况"))
    );
}

#[test]
fn the_header_row_is_the_row_of_column_names_under_a_group_row() {
    let c = build(&fixture("vocabularies"));
    let f = file(&c, "两行表头.csv");
    assert_eq!(f.kind.as_deref(), Some("listings"));
    assert_eq!(f.header_row, Some(3));
    assert_eq!((f.read, f.accepted), (1, 1));
    let rows: Vec<u32> = f.skipped.iter().map(|s| s.row).collect();
    assert_eq!(rows, [1, 2], "the title and the group row are not data");
}

#[test]
fn famous_trademarks_are_read_as_their_kind_and_are_never_current() {
    let c = build(&fixture("vocabularies"));
    let f = file(&c, "荣誉.csv");
    assert_eq!(f.kind.as_deref(), Some("honours"));
    assert_eq!((f.read, f.accepted, f.rejected), (2, 2, 0));
    for (code, level) in [
        ("91110000MA0000162K", Level::Provincial),
        ("91110000MA0000170E", Level::Municipal),
    ] {
        let h = &ent(&c, code).honours[0];
        assert_eq!(
            (h.kind, h.level),
            (HonourKind::FamousTrademark, Some(level))
        );
        assert!(h.abolished, "{code}: the recognition is abolished");
    }
    // No end date published: history all the same.
    let v = view(&c, "91110000MA0000162K", AS_OF);
    assert!(!v.honours[0].current, "著名商标 is never current");
    // Inside its published dates: still history, shown with those dates.
    let v = view(&c, "91110000MA0000170E", "2012-01-01");
    assert!(!v.honours[0].current, "famous-trademark is never current");
    assert_eq!(
        (v.honours[0].awarded_on, v.honours[0].valid_until),
        (day("2011-03-01"), Some(day("2014-02-28")))
    );
}
