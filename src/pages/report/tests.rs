//! Tests of the report's counts on a day and its charts.

use super::*;
use zhixin_core::{Enterprise, Listing, Source};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn listed(uscc: &str, list: ListKind, on: &str) -> Enterprise {
    Enterprise {
        uscc: uscc.into(),
        name: "演示企业（虚构）".into(),
        listings: vec![Listing::new(
            list,
            day(on),
            "演示",
            "演示",
            Source::default(),
        )],
        ..Enterprise::default()
    }
}

fn stats(es: &[Enterprise], as_of: &str) -> Stats {
    Stats::from_core(zhixin_core::Stats::compute(es, day(as_of)))
}

#[test]
fn listings_are_counted_on_the_day_asked_not_the_build_date() {
    let es = [
        listed(
            "91350200MA2YJ1XR9G",
            ListKind::SeriousViolation,
            "2024-06-01",
        ),
        listed(
            "91350100MA2YJ1XR9X",
            ListKind::SeriousViolation,
            "2026-12-01",
        ),
    ];
    // Built on 2026-11-22: one listing in force.
    let s = stats(&es, "2026-11-22");
    let serious = |c: &DayCounts| {
        c.listings
            .iter()
            .find(|l| l.0 == ListKind::SeriousViolation)
            .map(|l| (l.1, l.2))
    };
    assert_eq!(
        serious(&counts_on(&s, day("2026-11-22"))),
        Some((1, Some(1)))
    );
    // Viewed on 2026-12-07: the second is listed, the first still in force.
    let later = counts_on(&s, day("2026-12-07"));
    assert_eq!(later.day, Some(day("2026-12-07")));
    assert_eq!(serious(&later), Some((2, Some(2))));
    assert_eq!(later.blacklisted, 2);
    // Three years after the first: in force on its last day, not the next.
    assert_eq!(
        serious(&counts_on(&s, day("2027-06-01"))),
        Some((2, Some(2)))
    );
    assert_eq!(
        serious(&counts_on(&s, day("2027-06-02"))),
        Some((1, Some(1)))
    );
    // Before either was listed.
    assert_eq!(
        serious(&counts_on(&s, day("2024-05-31"))),
        Some((0, Some(0)))
    );
}

#[test]
fn a_registry_without_a_timeline_shows_the_build_dates_counts_and_says_so() {
    let es = [listed(
        "91350200MA2YJ1XR9G",
        ListKind::AbnormalOperation,
        "2023-06-01",
    )];
    let mut s = stats(&es, "2026-11-22");
    s.timeline = zhixin_core::Timeline::default();
    let c = counts_on(&s, day("2027-01-01"));
    assert_eq!(c.day, Some(day("2026-11-22")));
    assert_eq!(c.cautioned, 1);
    assert_eq!(c.listings, vec![(ListKind::AbnormalOperation, 1, None)]);
}

#[test]
fn every_breakdown_is_a_chart_with_counts_failures_and_rate_in_its_table() {
    let mut e = listed(
        "91350200MA2YJ1XR9G",
        ListKind::SeriousViolation,
        "2025-06-01",
    );
    e.industry = Some("食品制造业".into());
    e.spot_checks = (0..4)
        .map(|i| zhixin_core::SpotCheck {
            product: "饼干".into(),
            result: if i == 0 {
                zhixin_core::CheckResult::Fail
            } else {
                zhixin_core::CheckResult::Pass
            },
            checked_by: "演示".into(),
            published_on: day("2025-03-01"),
            brand: None,
            model: None,
            batch: None,
            failed_items: vec![],
            sampled_unit: None,
            product_category: Some("食品".into()),
            lab: None,
            programme: Some("国抽".into()),
            region: None,
            source: Source::default(),
        })
        .collect();
    let s = stats(&[e], "2026-11-22");
    assert_eq!((s.total.checked, s.total.passed), (4, 3));
    let c = counts_on(&s, day("2026-11-22"));
    let charts = charts(Lang::Hans, &s, &c);
    let ids: Vec<&str> = charts.iter().map(|c| c.id).collect();
    for id in [
        "pass-category",
        "pass-industry",
        "pass-region",
        "pass-city",
        "pass-year",
        "pass-programme",
        "listings",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let industry = charts.iter().find(|c| c.id == "pass-industry").unwrap();
    assert_eq!(industry.rows[0].label, "食品制造业");
    assert_eq!(industry.rows[0].cells, ["4", "3", "1", "75.0%"]);
    let csv = industry.to_csv();
    assert!(csv.contains("食品制造业,4,3,1,75.0%"), "{csv}");
    let city = charts.iter().find(|c| c.id == "pass-city").unwrap();
    assert_eq!(city.rows[0].label, "福建省·3502");
}
