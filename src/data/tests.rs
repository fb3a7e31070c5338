//! Tests of the data module's pure parts: staleness against the refresh interval.

use super::*;

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

#[test]
fn data_is_stale_only_after_the_refresh_interval() {
    let info = Info {
        as_of: Some(day("2026-11-01")),
        refresh_days: Some(30),
        ..Info::default()
    };
    assert!(
        !info.is_stale(day("2026-12-01")),
        "exactly 30 days is not stale"
    );
    assert!(info.is_stale(day("2026-12-02")));
    let no_interval = Info {
        as_of: Some(day("2020-01-01")),
        ..Info::default()
    };
    assert!(!no_interval.is_stale(day("2026-12-02")));
}

#[test]
fn errors_name_the_file() {
    assert_eq!(
        DataError::Missing("rec/ab12.bin".into()).to_string(),
        "rec/ab12.bin: not found"
    );
}
