//! Calendar dates in China Standard Time and the Civil Code's way of counting years.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use time::{Date, Month};

/// A calendar date in China Standard Time (UTC+8), as every published list dates its facts.
///
/// Serialised as `YYYY-MM-DD`. The core never reads a clock: callers pass "today".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

impl Day {
    /// The date `year-month-day`, or `None` when no such date exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Day> {
        let month = Month::try_from(month).ok()?;
        Date::from_calendar_date(year, month, day).ok().map(Day)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn to_epoch_days(self) -> i32 {
        self.0.to_julian_day() - 2_440_588
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_epoch_days(days: i32) -> Option<Day> {
        Date::from_julian_day(days + 2_440_588).ok().map(Day)
    }

    /// The date that is `n` days later (or earlier, for negative `n`).
    pub fn add_days(self, n: i32) -> Day {
        Day::from_epoch_days(self.to_epoch_days() + n).unwrap_or(self)
    }

    /// The same month and day `n` years later; 29 February becomes 28 February
    /// in a common year (Civil Code art. 202: a period ending in a month
    /// without that day ends on the month's last day).
    pub fn add_years(self, n: i32) -> Day {
        let y = self.0.year() + n;
        Date::from_calendar_date(y, self.0.month(), self.0.day())
            .or_else(|_| Date::from_calendar_date(y, self.0.month(), 28))
            .map(Day)
            .unwrap_or(self)
    }

    /// The first day on which a period of `years` years that starts with an
    /// event on `self` is over.
    ///
    /// Civil Code arts. 201–202: the period starts the day after the event and
    /// its last day is the anniversary, so the first day it no longer runs is
    /// the day after the anniversary. A listing of 2023-11-22 runs through
    /// 2026-11-22 and has ended on 2026-11-23.
    pub fn period_end_exclusive(self, years: i32) -> Day {
        self.add_years(years).add_days(1)
    }

    /// The calendar date in China Standard Time (UTC+8, no daylight saving)
    /// at `unix_ms` milliseconds since 1970-01-01T00:00Z: "today" for the app
    /// and the CLI alike, wherever the device is, because published lists date
    /// their facts in Beijing (a listing ends at midnight there). The caller
    /// reads the clock; this only does the arithmetic.
    pub fn cst_at_unix_ms(unix_ms: i64) -> Option<Day> {
        const DAY_MS: i64 = 86_400_000;
        const CST_MS: i64 = 8 * 3_600_000;
        let days = (unix_ms + CST_MS).div_euclid(DAY_MS);
        Day::from_epoch_days(i32::try_from(days).ok()?)
    }

    /// The "no expiry" sentinel that publishers write as 9999-12-31 or 长期.
    pub fn is_open_ended_sentinel(self) -> bool {
        self.0.year() >= 9999
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month() as u8,
            self.0.day()
        )
    }
}

/// Error for a string that is not an ISO `YYYY-MM-DD` date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayParseError(pub String);

impl fmt::Display for DayParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a date in the form YYYY-MM-DD", self.0)
    }
}

impl std::error::Error for DayParseError {}

impl FromStr for Day {
    type Err = DayParseError;

    /// Parses the ISO form `YYYY-MM-DD` only; the publisher formats are read by the compiler.
    fn from_str(s: &str) -> Result<Day, DayParseError> {
        let err = || DayParseError(s.to_string());
        let mut parts = s.trim().splitn(3, '-');
        let y = parts
            .next()
            .and_then(|p| p.parse::<i32>().ok())
            .ok_or_else(err)?;
        let m = parts
            .next()
            .and_then(|p| p.parse::<u8>().ok())
            .ok_or_else(err)?;
        let d = parts
            .next()
            .and_then(|p| p.parse::<u8>().ok())
            .ok_or_else(err)?;
        Day::from_ymd(y, m, d).ok_or_else(err)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
