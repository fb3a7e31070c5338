//! Tests of CST dates and Civil Code periods.

use super::*;

fn d(s: &str) -> Day {
    s.parse().unwrap()
}

#[test]
fn three_year_period_counts_like_the_civil_code() {
    assert_eq!(d("2023-11-22").period_end_exclusive(3), d("2026-11-23"));
    assert_eq!(d("2024-02-29").period_end_exclusive(3), d("2027-03-01"));
    assert_eq!(d("2024-02-29").add_years(3), d("2027-02-28"));
}

#[test]
fn round_trips_iso_and_epoch() {
    let x = d("2026-11-22");
    assert_eq!(x.to_string(), "2026-11-22");
    assert_eq!(Day::from_epoch_days(x.to_epoch_days()), Some(x));
    assert_eq!(d("1970-01-01").to_epoch_days(), 0);
    assert!("2026-02-30".parse::<Day>().is_err());
    assert_eq!(serde_json::to_string(&x).unwrap(), "\"2026-11-22\"");
}
