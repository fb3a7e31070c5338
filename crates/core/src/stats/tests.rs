//! Unit tests of the aggregates.

use super::*;
use crate::model::{Grade, Honour, Listing, Source, SpotCheck};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn spot(product: &str, cat: Option<&str>, result: CheckResult, on: &str) -> SpotCheck {
    SpotCheck {
        product: product.into(),
        result,
        checked_by: "演示市市场监督管理局（虚构）".into(),
        published_on: day(on),
        brand: None,
        model: None,
        batch: None,
        failed_items: vec![],
        sampled_unit: None,
        product_category: cat.map(str::to_string),
        lab: None,
        programme: None,
        region: None,
        source: Source::default(),
    }
}

fn grade(scheme: Scheme, g: &str, on: &str, until: Option<&str>) -> Grade {
    Grade {
        scheme,
        grade: g.into(),
        issued_by: "演示".into(),
        issued_on: day(on),
        valid_until: until.map(day),
        valid_from: None,
        note: None,
        source: Source::default(),
    }
}

fn listing(list: ListKind, on: &str) -> Listing {
    Listing {
        list,
        listed_on: day(on),
        listed_by: "演示".into(),
        reason: "演示".into(),
        basis: None,
        removed_on: None,
        removal_reason: None,
        removed_by: None,
        annulled: false,
        source: Source::default(),
    }
}

#[test]
fn pass_rates_by_category_region_and_year() {
    let a = Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        spot_checks: vec![
            spot("饼干", Some("食品"), CheckResult::Pass, "2024-03-01"),
            spot("面包", Some("食品"), CheckResult::Fail, "2025-03-01"),
            spot("电线", None, CheckResult::Pass, "2025-05-01"),
        ],
        ..Enterprise::default()
    };
    let s = Stats::compute(&[a], day("2026-11-22"));
    assert_eq!(s.spot_checks.total.samples, 3);
    assert_eq!(s.spot_checks.total.passed, 2);
    let food = s
        .spot_checks
        .by_category
        .iter()
        .find(|r| r.key == "食品")
        .unwrap();
    assert_eq!((food.samples, food.failed), (2, 1));
    assert!((food.pass_rate - 0.5).abs() < 1e-9);
    // No category: the product name is the key.
    assert!(s.spot_checks.by_category.iter().any(|r| r.key == "电线"));
    // Region from the code's division digits (35 = Fujian).
    assert_eq!(s.spot_checks.by_region[0].key, "福建省");
    let years: Vec<&str> = s
        .spot_checks
        .by_year
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(years, ["2024", "2025"]);
}

#[test]
fn grade_distribution_counts_current_grades_only_per_scheme() {
    let a = Enterprise {
        grades: vec![
            grade(
                Scheme::QualityIntegrity,
                "A",
                "2020-01-01",
                Some("2022-12-31"),
            ),
            grade(Scheme::QualityIntegrity, "AA", "2023-01-01", None),
            grade(Scheme::CreditRating, "BBB", "2024-01-01", None),
        ],
        ..Enterprise::default()
    };
    let s = Stats::compute(&[a], day("2026-11-22"));
    let qi = &s.grades[&Scheme::QualityIntegrity];
    assert_eq!(qi[0].grade, "AAA");
    assert_eq!(qi.iter().find(|g| g.grade == "AA").unwrap().enterprises, 1);
    assert_eq!(qi.iter().find(|g| g.grade == "A").unwrap().enterprises, 0);
    assert_eq!(
        s.grades[&Scheme::CreditRating]
            .iter()
            .find(|g| g.grade == "BBB")
            .unwrap()
            .enterprises,
        1
    );
}

#[test]
fn listings_in_force_and_blacklisted_counts_follow_the_time_rules() {
    let a = Enterprise {
        listings: vec![listing(ListKind::SeriousViolation, "2023-11-22")],
        ..Enterprise::default()
    };
    let b = Enterprise {
        listings: vec![listing(ListKind::AbnormalOperation, "2010-01-01")],
        honours: vec![Honour {
            kind: HonourKind::TimeHonouredBrand,
            title: "老字号".into(),
            awarded_by: "演示".into(),
            awarded_on: day("2020-01-01"),
            valid_until: None,
            product: None,
            brand: None,
            level: None,
            certificate_no: None,
            abolished: false,
            source: Source::default(),
        }],
        ..Enterprise::default()
    };
    let on_last_day = Stats::compute(&[a.clone(), b.clone()], day("2026-11-22"));
    assert_eq!(on_last_day.blacklisted, 1);
    assert_eq!(on_last_day.cautioned, 1);
    assert_eq!(
        on_last_day.listings_in_force[&ListKind::SeriousViolation],
        1
    );
    assert_eq!(
        on_last_day.honours_current[&HonourKind::TimeHonouredBrand],
        1
    );
    let after = Stats::compute(&[a, b], day("2026-11-23"));
    assert_eq!(after.blacklisted, 0);
    assert!(!after
        .listings_in_force
        .contains_key(&ListKind::SeriousViolation));
}

#[test]
fn long_breakdowns_are_cut_with_a_remainder_row() {
    let spots = (0..100)
        .map(|i| spot(&format!("产品{i}"), None, CheckResult::Pass, "2024-01-01"))
        .collect();
    let a = Enterprise {
        spot_checks: spots,
        ..Enterprise::default()
    };
    let s = Stats::compute(&[a], day("2026-11-22"));
    assert_eq!(s.spot_checks.by_category.len(), MAX_ROWS);
    let other = s.spot_checks.by_category.last().unwrap();
    assert_eq!(other.key, OTHER);
    assert_eq!(other.samples, 100 - (MAX_ROWS - 1));
}
