//! Tests of the watch list's changes: what a viewer is told happened since
//! they last looked (fictional records).

use super::*;
use crate::model::{Enterprise, Grade, Listing, Source, SpotCheck};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn listing(list: ListKind, on: &str) -> Listing {
    Listing::new(
        list,
        day(on),
        "演示市市场监督管理局（虚构）",
        "演示数据",
        Source::default(),
    )
}

fn grade(g: &str, on: &str) -> Grade {
    Grade::new(
        Scheme::QualityIntegrity,
        g,
        "演示市市场监督管理局（虚构）",
        day(on),
        Source::default(),
    )
}

fn check(on: &str, result: CheckResult) -> SpotCheck {
    SpotCheck {
        product: "演示产品".into(),
        result,
        checked_by: "演示市市场监督管理局（虚构）".into(),
        published_on: day(on),
        brand: None,
        model: None,
        batch: None,
        failed_items: Vec::new(),
        sampled_unit: None,
        product_category: None,
        lab: None,
        programme: None,
        region: None,
        source: Source::default(),
    }
}

#[test]
fn nothing_changed_is_no_change() {
    let e = Enterprise {
        grades: vec![grade("AA", "2026-01-10")],
        ..Enterprise::default()
    };
    let v = EnterpriseView::new(&e, day("2026-06-01"));
    let s = Snapshot::of(&v);
    assert_eq!(s.changes(&s, &v), Vec::new());
    // The snapshot survives the JSON the app stores it as.
    let back: Snapshot = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn a_new_listing_a_new_grade_and_a_failed_check_are_reported() {
    let before = Enterprise {
        grades: vec![grade("AA", "2026-01-10")],
        spot_checks: vec![check("2026-02-01", CheckResult::Pass)],
        ..Enterprise::default()
    };
    let seen = Snapshot::of(&EnterpriseView::new(&before, day("2026-06-01")));
    let after = Enterprise {
        grades: vec![grade("AA", "2026-01-10"), grade("A", "2026-07-01")],
        listings: vec![listing(ListKind::SeriousViolation, "2026-07-15")],
        spot_checks: vec![
            check("2026-02-01", CheckResult::Pass),
            check("2026-07-20", CheckResult::Fail),
        ],
        ..Enterprise::default()
    };
    let v = EnterpriseView::new(&after, day("2026-08-01"));
    let now = Snapshot::of(&v);
    assert_eq!(
        seen.changes(&now, &v),
        vec![
            Change::Status {
                from: "clear".into(),
                to: "blacklisted".into()
            },
            Change::Listed(ListKind::SeriousViolation),
            Change::Grade {
                scheme: Scheme::QualityIntegrity,
                from: Some("AA".into()),
                to: Some("A".into())
            },
            Change::SpotChecks {
                new: 1,
                latest: Some(day("2026-07-20")),
                failed: true
            },
        ]
    );
}

#[test]
fn a_listing_that_ends_by_the_time_rules_is_reported_as_ended() {
    // Serious-violation listings last three years: looked at while in force,
    // again after it ended.
    let e = Enterprise {
        listings: vec![listing(ListKind::SeriousViolation, "2023-01-10")],
        ..Enterprise::default()
    };
    let v1 = EnterpriseView::new(&e, day("2025-12-01"));
    let v2 = EnterpriseView::new(&e, day("2026-12-01"));
    let changes = Snapshot::of(&v1).changes(&Snapshot::of(&v2), &v2);
    assert_eq!(
        changes,
        vec![
            Change::Status {
                from: "blacklisted".into(),
                to: "clear".into()
            },
            Change::Delisted(ListKind::SeriousViolation),
        ]
    );
}

#[test]
fn a_stored_list_reads_back_and_junk_reads_as_empty() {
    let v = EnterpriseView::new(&Enterprise::default(), day("2026-06-01"));
    let list = vec![Watched {
        uscc: "91350200MA2YJ1XR9G".into(),
        name: "青屿银康食品有限公司（演示）".into(),
        seen_on: day("2026-06-01"),
        seen: Snapshot::of(&v),
    }];
    assert_eq!(
        parse_watch_list(&serde_json::to_string(&list).unwrap()),
        list
    );
    assert_eq!(parse_watch_list("{not json"), Vec::new());
}
