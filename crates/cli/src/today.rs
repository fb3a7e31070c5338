//! Today's date in China Standard Time, the default `--as-of`.

use zhixin_core::Day;

/// Today in UTC+8: every published list dates its facts in China Standard
/// Time, so a listing ends at midnight in Beijing, not on the build machine.
pub fn today_cst() -> Day {
    let now = time::OffsetDateTime::now_utc() + time::Duration::hours(8);
    Day::from_ymd(now.year(), now.month() as u8, now.day()).expect("a calendar date from the clock")
}

/// Parses an `--as-of` value.
pub fn parse_day(s: &str) -> Result<Day, String> {
    s.parse::<Day>().map_err(|e| e.to_string())
}
