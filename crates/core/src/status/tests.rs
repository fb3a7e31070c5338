//! Tests of the time rules: boundary dates, annulment, schemes kept apart.

use super::*;
use crate::model::*;

fn d(s: &str) -> Day {
    s.parse().unwrap()
}

fn listing(list: ListKind, on: &str, removed: Option<&str>, reason: Option<&str>) -> Listing {
    Listing {
        removed_on: removed.map(d),
        removal_reason: reason.map(String::from),
        ..Listing::new(
            list,
            d(on),
            "演示市市场监督管理局",
            "演示",
            Source::default(),
        )
    }
}

fn grade(scheme: Scheme, g: &str, on: &str, until: Option<&str>, row: u32) -> Grade {
    Grade {
        valid_until: until.map(d),
        ..Grade::new(
            scheme,
            g,
            "演示局",
            d(on),
            Source {
                row,
                ..Source::default()
            },
        )
    }
}

#[test]
fn serious_violation_lasts_three_years_inclusive_of_anniversary() {
    let l = listing(ListKind::SeriousViolation, "2023-11-22", None, None);
    assert_eq!(listing_ends_on(&l), Some(d("2026-11-23")));
    assert!(!listing_in_force(&l, d("2023-11-21")));
    assert!(
        listing_in_force(&l, d("2023-11-22")),
        "listed today is in force"
    );
    assert!(
        listing_in_force(&l, d("2026-11-22")),
        "the anniversary is the last day"
    );
    assert!(!listing_in_force(&l, d("2026-11-23")));
}

#[test]
fn removed_today_is_not_in_force() {
    let l = listing(
        ListKind::QualityBlacklist,
        "2024-01-01",
        Some("2025-06-30"),
        Some("信用修复"),
    );
    assert!(listing_in_force(&l, d("2025-06-29")));
    assert!(!listing_in_force(&l, d("2025-06-30")));
    assert_eq!(listing_ends_on(&l), None);
}

#[test]
fn abnormal_operation_has_no_limit_and_is_a_caution() {
    let l = listing(ListKind::AbnormalOperation, "2010-01-01", None, None);
    assert!(listing_in_force(&l, d("2030-01-01")));
    let e = Enterprise {
        listings: vec![l],
        ..Enterprise::default()
    };
    let s = Status::of(&e, d("2026-11-22"));
    assert!(!s.blacklisted);
    assert_eq!(s.cautions, vec![ListKind::AbnormalOperation]);
}

#[test]
fn annulled_listing_never_in_force() {
    let mut l = listing(
        ListKind::SeriousViolation,
        "2026-01-01",
        Some("2026-12-01"),
        Some("撤销列入决定"),
    );
    l.annulled = true;
    assert!(!listing_in_force(&l, d("2026-06-01")));
}

#[test]
fn removed_earlier_than_limit_ends_then() {
    let l = listing(
        ListKind::SeriousViolation,
        "2024-01-01",
        Some("2025-01-01"),
        Some("信用修复"),
    );
    assert_eq!(listing_ends_on(&l), Some(d("2025-01-01")));
}

#[test]
fn latest_current_grade_per_scheme_and_schemes_kept_apart() {
    let e = Enterprise {
        grades: vec![
            grade(
                Scheme::QualityIntegrity,
                "A",
                "2020-01-01",
                Some("2022-12-31"),
                2,
            ),
            grade(Scheme::QualityIntegrity, "AA", "2023-01-01", None, 3),
            grade(
                Scheme::QualityIntegrity,
                "AAA",
                "2024-01-01",
                Some("2024-12-31"),
                4,
            ),
            grade(
                Scheme::CreditRating,
                "BBB",
                "2025-01-01",
                Some("2026-11-22"),
                5,
            ),
        ],
        ..Enterprise::default()
    };
    let c = current_grades(&e, d("2026-11-22"));
    assert_eq!(c.get(&Scheme::QualityIntegrity), Some(&1));
    assert_eq!(
        c.get(&Scheme::CreditRating),
        Some(&3),
        "valid_until is inclusive"
    );
    let c = current_grades(&e, d("2026-11-23"));
    assert_eq!(c.get(&Scheme::CreditRating), None);
    let c = current_grades(&e, d("2024-06-01"));
    assert_eq!(c.get(&Scheme::QualityIntegrity), Some(&2));
}

#[test]
fn china_top_brand_is_never_current() {
    let h = Honour {
        kind: HonourKind::BrandProduct,
        title: "中国名牌产品".into(),
        awarded_by: "演示".into(),
        awarded_on: d("2006-09-01"),
        valid_until: None,
        product: None,
        brand: None,
        level: None,
        certificate_no: None,
        abolished: true,
        source: Source::default(),
    };
    assert!(!honour_current(&h, d("2007-01-01")));
}

#[test]
fn badge_summary_is_the_same_from_the_record_and_from_its_search_card() {
    let honour = |title: &str, on: &str, until: Option<&str>| Honour {
        kind: HonourKind::QualityAward,
        title: title.into(),
        awarded_by: "演示".into(),
        awarded_on: d(on),
        valid_until: until.map(d),
        product: None,
        brand: None,
        level: None,
        certificate_no: None,
        abolished: false,
        source: Source::default(),
    };
    let e = Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        name: "演示企业（虚构）".into(),
        // Newest first as published: a caution, then two blacklistings of the same list.
        listings: vec![
            listing(ListKind::QualityBlacklist, "2025-05-01", None, None),
            listing(ListKind::AbnormalOperation, "2025-03-01", None, None),
            listing(ListKind::QualityBlacklist, "2024-01-01", None, None),
            listing(
                ListKind::SeriousViolation,
                "2020-01-01",
                Some("2021-01-01"),
                None,
            ),
        ],
        grades: vec![
            grade(Scheme::QualityCredit, "AA", "2025-01-01", None, 2),
            grade(
                Scheme::QualityIntegrity,
                "A",
                "2020-01-01",
                Some("2021-01-01"),
                3,
            ),
            grade(Scheme::QualityIntegrity, "AAA", "2024-01-01", None, 4),
        ],
        honours: vec![
            honour("演示质量奖（虚构）", "2024-01-01", None),
            honour("演示质量奖（虚构）", "2019-01-01", Some("2020-01-01")),
        ],
        ..Enterprise::default()
    };
    let t = d("2026-01-01");
    let want = BadgeSummary {
        blacklisted: true,
        // Each list once, in the lists' order (not the listings').
        in_force: vec![ListKind::AbnormalOperation, ListKind::QualityBlacklist],
        // Expired grades are not shown; schemes in their order.
        grades: vec![
            (Scheme::QualityIntegrity, "AAA".into()),
            (Scheme::QualityCredit, "AA".into()),
        ],
        honours: 1,
        // The current one's kind; the expired one of the same kind adds nothing.
        honour_kinds: vec![HonourKind::QualityAward],
    };
    assert_eq!(BadgeSummary::of(&e, t), want);
    let card = crate::format::Card::from_enterprise(&e);
    let from_card = BadgeSummary::from_status(&card.status(t), |i| {
        card.grades.get(i).map(|g| g.grade.clone())
    });
    assert_eq!(from_card, want);
}

#[test]
fn a_listing_removed_after_credit_repair_was_in_force_until_then_and_says_so_from_that_day() {
    let mut l = listing(
        ListKind::SeriousViolation,
        "2024-01-01",
        Some("2025-06-30"),
        Some("信用修复"),
    );
    l.repaired = true;
    l.removed_by = Some("演示市市场监督管理局（虚构）".into());
    let e = Enterprise {
        listings: vec![l],
        ..Enterprise::default()
    };
    let before = crate::view::EnterpriseView::new(&e, d("2025-06-29"));
    assert!(before.blacklisted);
    assert!(before.listings[0].in_force);
    assert!(
        !before.listings[0].repaired,
        "not yet repaired on the day before"
    );
    let on = crate::view::EnterpriseView::new(&e, d("2025-06-30"));
    assert!(!on.blacklisted);
    let v = &on.listings[0];
    assert!(v.repaired && !v.in_force && !v.annulled);
    assert_eq!(v.removed_on, Some(d("2025-06-30")));
    assert_eq!(
        v.removed_by.as_deref(),
        Some("演示市市场监督管理局（虚构）")
    );
    // It ended on the removal, before its three years (2027-01-02) were up.
    assert_eq!(v.ends_on, Some(d("2025-06-30")));
}

#[test]
fn spans_say_what_the_time_rules_say_on_every_day() {
    let days: Vec<Day> = (0..2200).map(|i| d("2021-01-01").add_days(i)).collect();
    let mut listings = Vec::new();
    for list in ListKind::ALL {
        for (on, removed, reason) in [
            ("2021-03-01", None, None),
            ("2021-03-01", Some("2022-02-01"), Some("信用修复")),
            ("2021-03-01", Some("2025-02-01"), Some("期满")),
            ("2024-02-29", None, None),
            ("2023-05-05", Some("2023-06-01"), Some("撤销")),
        ] {
            let mut l = listing(*list, on, removed, reason);
            l.annulled = reason == Some("撤销");
            listings.push(l);
        }
    }
    for l in &listings {
        for &t in &days {
            assert_eq!(
                in_span(listing_span(l), t),
                listing_in_force(l, t),
                "{l:?} on {t}"
            );
        }
    }
    let g = grade(
        Scheme::QualityIntegrity,
        "AA",
        "2022-01-01",
        Some("2024-12-31"),
        1,
    );
    let mut h = Honour {
        kind: HonourKind::BrandProduct,
        title: "演示".into(),
        awarded_by: "演示局".into(),
        awarded_on: d("2022-06-01"),
        valid_until: Some(d("2025-05-31")),
        product: None,
        brand: None,
        level: None,
        certificate_no: None,
        abolished: false,
        source: Source::default(),
    };
    for &t in &days {
        assert_eq!(
            in_span(grade_span(&g), t),
            grade_current(&g, t),
            "grade on {t}"
        );
        assert_eq!(
            in_span(honour_span(&h), t),
            honour_current(&h, t),
            "honour on {t}"
        );
    }
    h.abolished = true;
    assert!(days.iter().all(|&t| !in_span(honour_span(&h), t)));
}
