//! Today's date in China Standard Time, the default `--as-of`.

use zhixin_core::Day;

/// Today in UTC+8: every published list dates its facts in China Standard
/// Time, so a listing ends at midnight in Beijing, not on the build machine.
/// The arithmetic is the core's (`Day::cst_at_unix_ms`), the app's too.
pub fn today_cst() -> Day {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Day::cst_at_unix_ms(ms).expect("a calendar date from the clock")
}

/// Parses an `--as-of` value.
pub fn parse_day(s: &str) -> Result<Day, String> {
    s.parse::<Day>().map_err(|e| e.to_string())
}
