//! Unit tests of the aggregates.

use super::*;
use crate::model::{Grade, Honour, Level, Listing, Source, SpotCheck};

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
        valid_until: until.map(day),
        ..Grade::new(scheme, g, "演示", day(on), Source::default())
    }
}

fn listing(list: ListKind, on: &str) -> Listing {
    Listing::new(list, day(on), "演示", "演示", Source::default())
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

#[test]
fn overall_rate_period_and_breakdowns_by_industry_city_and_programme() {
    let mut a1 = spot("饼干", Some("食品"), CheckResult::Pass, "2024-03-01");
    a1.programme = Some("国抽".into());
    let mut a2 = spot("面包", Some("食品"), CheckResult::Fail, "2025-03-01");
    a2.programme = Some("省抽".into());
    // Sampled in another city than the producer's: the row's region counts.
    a2.region = Some("浙江省杭州市".into());
    let a = Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        industry: Some("食品制造业".into()),
        region: Some("福建省厦门市".into()),
        spot_checks: vec![a1, a2],
        ..Enterprise::default()
    };
    let b = Enterprise {
        uscc: "91350100MA2YJ1XR9X".into(),
        spot_checks: vec![spot("电线", None, CheckResult::Pass, "2023-05-01")],
        ..Enterprise::default()
    };
    let s = Stats::compute(&[a, b], day("2026-11-22")).spot_checks;
    assert_eq!((s.total.samples, s.total.passed, s.total.failed), (3, 2, 1));
    assert_eq!(
        (s.first, s.last),
        (Some(day("2023-05-01")), Some(day("2025-03-01")))
    );
    let keys = |v: &[Rate]| {
        let mut k: Vec<(String, usize, usize)> = v
            .iter()
            .map(|r| (r.key.clone(), r.samples, r.passed))
            .collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&s.by_industry),
        [("未知".to_string(), 1, 1), ("食品制造业".to_string(), 2, 1)]
    );
    assert_eq!(
        keys(&s.by_city),
        [
            ("浙江省杭州市".to_string(), 1, 0),
            ("福建省·3501".to_string(), 1, 1),
            ("福建省厦门市".to_string(), 1, 1)
        ]
    );
    assert_eq!(
        keys(&s.by_region),
        [("浙江省".to_string(), 1, 0), ("福建省".to_string(), 2, 2)]
    );
    assert_eq!(
        keys(&s.by_programme),
        [
            ("国抽".to_string(), 1, 1),
            ("未知".to_string(), 1, 1),
            ("省抽".to_string(), 1, 0)
        ]
    );
}

/// A small deterministic generator (no dependency): enterprises with
/// listings, grades and honours on dates around 2020–2027.
fn random_enterprises(n: usize, mut seed: u64) -> Vec<Enterprise> {
    let mut next = move |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let base = day("2019-01-01").to_epoch_days();
    let date = |next: &mut dyn FnMut(u64) -> u64| {
        Day::from_epoch_days(base + next(9 * 365) as i32).unwrap()
    };
    (0..n)
        .map(|_| {
            let mut e = Enterprise::default();
            for _ in 0..next(3) {
                let mut l = listing(ListKind::ALL[next(3) as usize], "2020-01-01");
                l.listed_on = date(&mut next);
                if next(3) == 0 {
                    l.removed_on = Some(l.listed_on.add_days(next(2000) as i32));
                }
                l.annulled = next(10) == 0;
                e.listings.push(l);
            }
            for i in 0..next(4) {
                let scheme = Scheme::ALL[next(3) as usize];
                let g = scheme.grades()[next(scheme.grades().len() as u64) as usize];
                let mut gr = grade(scheme, g, "2020-01-01", None);
                gr.issued_on = date(&mut next);
                if next(2) == 0 {
                    gr.valid_until = Some(gr.issued_on.add_days(next(1500) as i32));
                }
                gr.source.row = i as u32;
                e.grades.push(gr);
            }
            for _ in 0..next(3) {
                let awarded_on = date(&mut next);
                e.honours.push(Honour {
                    kind: HonourKind::ALL[next(HonourKind::ALL.len() as u64) as usize],
                    title: "演示".into(),
                    awarded_by: "演示".into(),
                    awarded_on,
                    valid_until: (next(2) == 0).then(|| awarded_on.add_days(next(1500) as i32)),
                    product: None,
                    brand: None,
                    level: [None, Some(Level::National), Some(Level::Provincial)][next(3) as usize],
                    certificate_no: None,
                    abolished: next(8) == 0,
                    source: Source::default(),
                });
            }
            e
        })
        .collect()
}

#[test]
fn the_timeline_gives_on_every_day_the_counts_computed_for_that_day() {
    let es = random_enterprises(300, 7);
    let built = Stats::compute(&es, day("2024-06-30"));
    let tl = &built.timeline;
    assert!(!tl.is_empty());
    // Every 37th day from before the first fact to after the last, and the
    // boundary days of one three-year listing.
    let mut days: Vec<Day> = (0..110)
        .map(|i| day("2018-12-01").add_days(i * 37))
        .collect();
    let l = es
        .iter()
        .flat_map(|e| &e.listings)
        .find(|l| l.list == ListKind::SeriousViolation && l.removed_on.is_none() && !l.annulled);
    if let Some(l) = l {
        let end = crate::status::listing_ends_on(l).unwrap();
        days.extend([l.listed_on.add_days(-1), l.listed_on, end.add_days(-1), end]);
    }
    for t in days {
        let s = Stats::compute(&es, t);
        assert_eq!(tl.on(Tally::Blacklisted, t), s.blacklisted as u64, "{t}");
        assert_eq!(tl.on(Tally::Cautioned, t), s.cautioned as u64, "{t}");
        for k in ListKind::ALL {
            let n = |m: &BTreeMap<ListKind, usize>| m.get(k).copied().unwrap_or(0) as u64;
            assert_eq!(
                tl.on(Tally::Listings(*k), t),
                n(&s.listings_in_force),
                "{t} {k:?}"
            );
            assert_eq!(
                tl.on(Tally::Listed(*k), t),
                n(&s.enterprises_listed),
                "{t} {k:?}"
            );
        }
        for k in HonourKind::ALL {
            let n = s.honours_current.get(k).copied().unwrap_or(0) as u64;
            assert_eq!(tl.on(Tally::Honours(*k), t), n, "{t} {k:?}");
        }
        for (scheme, rows) in &s.grades {
            for (r, g) in rows.iter().enumerate() {
                assert_eq!(
                    tl.on(Tally::Grade(*scheme, r as u8), t),
                    g.enterprises as u64,
                    "{t} {scheme:?} {}",
                    g.grade
                );
            }
        }
        let honoured = es
            .iter()
            .filter(|e| e.honours.iter().any(|h| honour_current(h, t)))
            .count() as u64;
        assert_eq!(tl.on(Tally::Honoured, t), honoured, "{t}");
        let national = es
            .iter()
            .flat_map(|e| &e.honours)
            .filter(|h| honour_current(h, t) && h.level == Some(Level::National))
            .count() as u64;
        assert_eq!(
            tl.on(Tally::HonourLevel(Level::National), t),
            national,
            "{t}"
        );
    }
    // The file round-trips, timeline included.
    let json = serde_json::to_string(&built).unwrap();
    let back: Stats = serde_json::from_str(&json).unwrap();
    assert_eq!(back.timeline, built.timeline);
}

#[test]
fn stats_of_an_older_build_without_the_new_fields_still_read() {
    let mut v = serde_json::to_value(Stats::compute(&[], day("2026-11-22"))).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("timeline");
    let sc = o["spot_checks"].as_object_mut().unwrap();
    for k in ["by_industry", "by_city", "by_programme", "first", "last"] {
        sc.remove(k);
    }
    let s: Stats = serde_json::from_value(v).unwrap();
    assert!(s.timeline.is_empty());
    assert!(s.spot_checks.by_city.is_empty());
}
