//! Grades, honours and spot checks from CSV: vocabularies, validity, schemes
//! never blended, producer vs sampled unit, result from the file name.

use crate::util::*;
use zhixin_core::{CheckResult, HonourKind, Level, Scheme};

#[test]
fn grades_current_per_scheme_with_history_kept() {
    let c = build(&fixture("grades"));
    assert_accounted(&c);
    let f = file(&c, "grades.csv");
    assert_eq!(f.kind.as_deref(), Some("grades"));
    assert_eq!(f.read, 7);
    assert_eq!(rejected_rows(f), [6, 7, 8]);
    let why = |r: u32| {
        f.rejections
            .iter()
            .find(|x| x.row == r)
            .unwrap()
            .reason
            .clone()
    };
    assert!(
        why(6).contains("not a grade of quality-credit"),
        "{}",
        why(6)
    );
    assert!(why(7).contains("risk classes"), "{}", why(7));
    assert!(why(8).contains("not a known scheme"), "{}", why(8));

    let v = view(&c, "91350200MA0000015A", AS_OF);
    assert_eq!(
        v.grades.get(&Scheme::QualityIntegrity).map(String::as_str),
        Some("AA"),
        "AA级 read as AA; 9999-12-31 = no expiry"
    );
    assert_eq!(
        v.grades.get(&Scheme::CreditRating).map(String::as_str),
        Some("BBB"),
        "长期 = no expiry"
    );
    assert_eq!(
        v.grades.get(&Scheme::QualityCredit).map(String::as_str),
        Some("AAA")
    );
    assert_eq!(v.grade_history.len(), 4, "expired grades stay as history");
    let e = ent(&c, "91350200MA0000015A");
    let qc = e
        .grades
        .iter()
        .find(|g| g.scheme == Scheme::QualityCredit)
        .unwrap();
    assert_eq!(qc.issued_on, day("2024-03-01"), "Excel serial 45352");
    assert!(e
        .grades
        .iter()
        .filter(|g| g.scheme != Scheme::QualityCredit)
        .all(|g| g.valid_until.is_none() || g.grade == "A"));
    // Validity is inclusive: current on its last day, not the day after.
    assert!(view(&c, "91350200MA0000015A", "2027-02-28")
        .grades
        .contains_key(&Scheme::QualityCredit));
    assert!(!view(&c, "91350200MA0000015A", "2027-03-01")
        .grades
        .contains_key(&Scheme::QualityCredit));
    // Before the AA grade, the A grade was current.
    assert_eq!(
        view(&c, "91350200MA0000015A", "2020-06-01").grades[&Scheme::QualityIntegrity],
        "A"
    );
}

#[test]
fn honours_kinds_levels_brands_and_the_abolished_china_top_brand() {
    let c = build(&fixture("honours"));
    assert_accounted(&c);
    let f = file(&c, "honours.csv");
    assert_eq!(f.kind.as_deref(), Some("honours"));
    assert_eq!(rejected_rows(f), [5]);
    assert_eq!(f.rejections[0].column.as_deref(), Some("kind"));
    let a = ent(&c, "91350200MA0000015A");
    assert_eq!(
        a.brands,
        ["甲牌", "老甲"],
        "brands from honours are searchable"
    );
    assert_eq!(a.honours[0].kind, HonourKind::BrandProduct);
    assert_eq!(a.honours[0].level, Some(Level::National));
    let v = view(&c, "91350200MA0000015A", "2009-01-01");
    assert!(
        !v.honours
            .iter()
            .find(|h| h.title == "中国名牌产品")
            .unwrap()
            .current,
        "中国名牌 is never current"
    );
    assert!(view(&c, "91350200MA0000015A", AS_OF)
        .honours
        .iter()
        .any(|h| h.kind == HonourKind::TimeHonouredBrand && h.current));
    let b = view(&c, "91350200MA00000235", AS_OF);
    assert!(!b.honours[0].current, "expired on 2025-05-31");
    assert_eq!(b.honours[0].awarded_on, day("2023-05-01"));
    assert!(f
        .warnings
        .iter()
        .any(|w| w.row == Some(4) && w.reason.contains("month only")));
}

#[test]
fn spot_checks_belong_to_the_producer_and_take_the_result_from_the_file_name() {
    let c = build(&fixture("spot_checks"));
    assert_accounted(&c);
    let f = file(&c, "附件2 不合格产品信息.csv");
    assert_eq!(f.kind.as_deref(), Some("spot_checks"));
    assert_eq!(f.header_row, Some(2));
    assert_eq!((f.read, f.accepted), (2, 2));
    // 等级 in a food spot check is the product's grade, not a credit grade: unknown, named once.
    assert!(
        f.unknown_columns.contains(&"等级".to_string()),
        "{:?}",
        f.unknown_columns
    );
    let p = ent(&c, "91110000MA0000162K");
    assert_eq!(p.name, "演示北京甲食品有限公司（虚构）");
    let s = &p.spot_checks[0];
    assert_eq!(s.result, CheckResult::Fail);
    assert_eq!(s.sampled_unit.as_deref(), Some("演示超市（虚构）"));
    assert_eq!(s.checked_by, "演示市市场监督管理局");
    assert_eq!(
        s.product_category.as_deref(),
        Some("饼干"),
        "分类 in a spot check is the product category"
    );
    assert_eq!(s.lab.as_deref(), Some("演示检测中心（虚构）"));
    assert_eq!(s.failed_items, ["菌落总数║1.2×10⁵CFU/g║≤10⁴CFU/g"]);
    assert_eq!(s.source.document_no.as_deref(), Some("演示〔2024〕3号"));
    assert!(ent(&c, "91110000MA0000170E").spot_checks[0]
        .failed_items
        .is_empty());
    assert!(
        !c.enterprises.iter().any(|e| e.name.contains("超市")),
        "the sampled unit is not the row's enterprise"
    );
}

#[test]
fn a_spot_check_table_without_a_result_anywhere_is_rejected_as_a_whole() {
    let c = build(&fixture("spot_checks"));
    let f = file(&c, "抽查结果.csv");
    assert_eq!((f.read, f.rejected), (1, 1));
    assert!(f.reason.as_deref().unwrap().contains("合格"));
    assert_eq!(f.rejections[0].column.as_deref(), Some("result"));
}

#[test]
fn grade_and_scheme_from_the_title_when_the_table_has_only_names_and_dates() {
    let c = build(&fixture("grade_in_title"));
    assert_accounted(&c);
    let f = file(&c, "2024年质量信用AAA级企业名单.csv");
    assert_eq!(f.kind.as_deref(), Some("grades"));
    assert_eq!(f.accepted, 2);
    let g = &ent(&c, "91350200MA00000235").grades[0];
    assert_eq!((g.scheme, g.grade.as_str()), (Scheme::QualityCredit, "AAA"));
    assert_eq!(g.issued_by, "演示省市场监督管理局");
    assert_eq!(g.issued_on, day("2024-12-01"));
}
