//! Unit tests of the change feed's comparison.

use super::*;
use crate::model::{Grade, Honour, Listing, Source, SpotCheck};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn grade(g: &str, on: &str, until: Option<&str>) -> Grade {
    Grade {
        valid_until: until.map(day),
        ..Grade::new(
            Scheme::QualityIntegrity,
            g,
            "演示",
            day(on),
            Source::default(),
        )
    }
}

fn listing(list: ListKind, on: &str, removed: Option<&str>) -> Listing {
    Listing {
        removed_on: removed.map(day),
        ..Listing::new(list, day(on), "演示", "演示", Source::default())
    }
}

fn honour(title: &str, on: &str, until: Option<&str>) -> Honour {
    Honour {
        kind: HonourKind::BrandProduct,
        title: title.into(),
        awarded_by: "演示".into(),
        awarded_on: day(on),
        valid_until: until.map(day),
        product: None,
        brand: None,
        level: None,
        certificate_no: None,
        abolished: false,
        source: Source::default(),
    }
}

fn check(product: &str, result: CheckResult, on: &str) -> SpotCheck {
    SpotCheck {
        product: product.into(),
        result,
        checked_by: "演示".into(),
        published_on: day(on),
        brand: None,
        model: None,
        batch: None,
        failed_items: vec![],
        sampled_unit: None,
        product_category: None,
        lab: None,
        programme: None,
        region: None,
        source: Source::default(),
    }
}

fn ent(name: &str) -> Enterprise {
    Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        name: name.into(),
        ..Enterprise::default()
    }
}

fn kinds(changes: &[Change]) -> Vec<(ChangeKind, Option<Day>)> {
    changes.iter().map(|c| (c.kind, c.on)).collect()
}

#[test]
fn same_facts_on_the_same_date_change_nothing() {
    let mut e = ent("演示甲（虚构）");
    e.grades.push(grade("AA", "2025-01-01", None));
    e.listings
        .push(listing(ListKind::SeriousViolation, "2025-06-01", None));
    let t = day("2026-01-01");
    let s = Snapshot::of(&e, t);
    let mut out = Vec::new();
    diff(&e.uscc, Some(&s), Some(&s), &mut out);
    assert_eq!(out, vec![]);
}

#[test]
fn time_alone_expires_listings_grades_and_honours() {
    let mut e = ent("演示乙（虚构）");
    // Serious violations hold three years (Civil Code periods: the first
    // day no longer in force is 2028-06-02).
    e.listings
        .push(listing(ListKind::SeriousViolation, "2025-06-01", None));
    e.grades.push(grade("A", "2025-01-01", Some("2027-12-31")));
    e.honours
        .push(honour("演示名牌", "2024-01-01", Some("2027-06-30")));
    let old = Snapshot::of(&e, day("2026-01-01"));
    let new = Snapshot::of(&e, day("2028-07-01"));
    let mut out = Vec::new();
    diff(&e.uscc, Some(&old), Some(&new), &mut out);
    assert_eq!(
        kinds(&out),
        vec![
            (ChangeKind::ListingExpired, Some(day("2028-06-02"))),
            (ChangeKind::GradeLapsed, Some(day("2028-01-01"))),
            (ChangeKind::HonourExpired, Some(day("2027-07-01"))),
        ]
    );
    assert_eq!(out[1].previous_grade.as_deref(), Some("A"));
}

#[test]
fn new_facts_and_removals_are_named() {
    let t = day("2026-12-01");
    let mut a = ent("演示丙（虚构）");
    a.grades.push(grade("A", "2024-01-01", None));
    a.listings
        .push(listing(ListKind::AbnormalOperation, "2025-01-01", None));
    let mut b = a.clone();
    b.grades.push(grade("AAA", "2026-11-01", None));
    b.listings[0].removed_on = Some(day("2026-10-01"));
    b.listings
        .push(listing(ListKind::QualityBlacklist, "2026-11-15", None));
    b.spot_checks
        .push(check("演示电水壶", CheckResult::Fail, "2026-11-20"));
    b.spot_checks
        .push(check("演示插座", CheckResult::Pass, "2026-11-20"));
    b.honours.push(honour("演示名牌", "2026-11-02", None));
    let mut out = Vec::new();
    diff(
        &a.uscc,
        Some(&Snapshot::of(&a, t)),
        Some(&Snapshot::of(&b, t)),
        &mut out,
    );
    let mut set = ChangeSet {
        zhixin_changes: CHANGES_VERSION,
        build: 2,
        as_of: t,
        enterprises: 1,
        previous: None,
        note: None,
        counts: BTreeMap::new(),
        changes: out,
    };
    set.finish();
    assert_eq!(
        set.changes.iter().map(|c| c.kind).collect::<Vec<_>>(),
        vec![
            ChangeKind::Listed,
            ChangeKind::Delisted,
            ChangeKind::GradeChanged,
            ChangeKind::HonourAwarded,
            ChangeKind::SpotCheckFailed,
            ChangeKind::SpotCheckPassed,
        ]
    );
    let changed = &set.changes[2];
    assert_eq!(
        (changed.previous_grade.as_deref(), changed.grade.as_deref()),
        (Some("A"), Some("AAA"))
    );
    assert_eq!(set.changes[1].on, Some(day("2026-10-01")));
    assert_eq!(set.changes[0].list, Some(ListKind::QualityBlacklist));
    assert_eq!(set.counts[&ChangeKind::Listed], 1);
}

#[test]
fn entering_and_leaving_the_registry() {
    let t = day("2026-12-01");
    let mut e = ent("演示丁（虚构）");
    e.listings
        .push(listing(ListKind::SeriousViolation, "2026-01-01", None));
    let s = Snapshot::of(&e, t);
    let mut out = Vec::new();
    diff(&e.uscc, None, Some(&s), &mut out);
    assert_eq!(
        out.iter().map(|c| c.kind).collect::<Vec<_>>(),
        vec![ChangeKind::Added, ChangeKind::Listed]
    );
    out.clear();
    diff(&e.uscc, Some(&s), None, &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].kind, out[0].name.as_str()),
        (ChangeKind::Removed, "演示丁（虚构）")
    );
}

#[test]
fn change_files_round_trip_with_kebab_case_kinds() {
    let mut c = Change::new(
        ChangeKind::ListingExpired,
        "91350200MA2YJ1XR9G",
        "演示",
        None,
    );
    c.list = Some(ListKind::SeriousViolation);
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"kind\":\"listing-expired\""), "{json}");
    assert!(
        !json.contains("grade"),
        "absent fields are left out: {json}"
    );
    assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), c);
    for k in ChangeKind::ALL {
        assert_eq!(serde_json::to_string(k).unwrap(), format!("\"{}\"", k.id()));
    }
}
