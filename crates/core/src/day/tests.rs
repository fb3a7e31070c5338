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

#[test]
fn today_is_the_date_in_beijing_not_on_the_device() {
    // 2026-12-06T15:59:59.999Z is 23:59:59.999 in Beijing; a second later it is the 7th there
    // while it is still the 6th in UTC (and the 6th in any western time zone).
    let ms = |s: &str| {
        let t =
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap();
        (t.unix_timestamp_nanos() / 1_000_000) as i64
    };
    assert_eq!(
        Day::cst_at_unix_ms(ms("2026-12-06T15:59:59.999Z")),
        Some(d("2026-12-06"))
    );
    assert_eq!(
        Day::cst_at_unix_ms(ms("2026-12-06T16:00:00Z")),
        Some(d("2026-12-07"))
    );
    assert_eq!(Day::cst_at_unix_ms(0), Some(d("1970-01-01")));
    assert_eq!(
        Day::cst_at_unix_ms(-8 * 3_600_000 - 1),
        Some(d("1969-12-31"))
    );
}
