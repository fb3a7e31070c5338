//! The time rules: whether a listing is in force, a grade or honour current,
//! and an enterprise blacklisted, as of a given date.
//!
//! Status is never stored in the index. The compiler computes it as of the
//! build's `--as-of` date for its report and aggregates; the app recomputes it
//! against the viewer's today; the CLI against `--as-of` or today.

use crate::day::Day;
use crate::model::{Enterprise, Grade, Honour, HonourKind, ListKind, Listing, Scheme};
use crate::sort::StableSort;
use std::collections::BTreeMap;

/// The first day a listing is no longer in force by the time rules, ignoring
/// annulment: the earlier of `removed_on` and, for a list with a time limit,
/// the day after the limit's last day. `None` for a list with no time limit
/// (even when it was removed; `removed_on` says that).
pub fn listing_ends_on(l: &Listing) -> Option<Day> {
    let limit = l
        .list
        .max_years()
        .map(|y| l.listed_on.period_end_exclusive(y))?;
    Some(match l.removed_on {
        Some(r) if r < limit => r,
        _ => limit,
    })
}

/// True when the listing is in force on `t`: listed on or before `t`, not yet
/// removed, within its list's time limit, and not annulled.
pub fn listing_in_force(l: &Listing, t: Day) -> bool {
    if l.annulled || l.listed_on > t {
        return false;
    }
    if l.removed_on.is_some_and(|r| t >= r) {
        return false;
    }
    listing_ends_on(l).is_none_or(|e| t < e)
}

/// The days a listing is in force, `[from, until)` (`until` `None`: no end
/// yet): the same answer as [`listing_in_force`] for every day, as two
/// dates, so that a roll's index can be read for any day without the facts.
/// An annulled listing has an empty span.
pub fn listing_span(l: &Listing) -> (Day, Option<Day>) {
    if l.annulled {
        return (l.listed_on, Some(l.listed_on));
    }
    let until = match (l.removed_on, listing_ends_on(l)) {
        (Some(r), Some(e)) => Some(r.min(e)),
        (r, e) => r.or(e),
    };
    (l.listed_on, until)
}

/// The days a grade is current, `[from, until)`, as [`grade_current`] says.
pub fn grade_span(g: &Grade) -> (Day, Option<Day>) {
    (
        g.valid_from.unwrap_or(g.issued_on),
        g.valid_until.map(|u| u.add_days(1)),
    )
}

/// The days an honour is current, `[from, until)`, as [`honour_current`]
/// says (an abolished title's span is empty).
pub fn honour_span(h: &Honour) -> (Day, Option<Day>) {
    if h.abolished {
        return (h.awarded_on, Some(h.awarded_on));
    }
    (h.awarded_on, h.valid_until.map(|u| u.add_days(1)))
}

/// True when `t` is in the span `[from, until)`.
pub fn in_span((from, until): (Day, Option<Day>), t: Day) -> bool {
    from <= t && until.is_none_or(|u| t < u)
}

/// True when a grade is current on `t`: from its date (or `valid_from`) until
/// `valid_until` inclusive, or with no published expiry.
pub fn grade_current(g: &Grade, t: Day) -> bool {
    let from = g.valid_from.unwrap_or(g.issued_on);
    from <= t && g.valid_until.is_none_or(|u| t <= u)
}

/// True when an honour is current on `t`. Abolished China Top Brand titles never are.
pub fn honour_current(h: &Honour, t: Day) -> bool {
    !h.abolished && h.awarded_on <= t && h.valid_until.is_none_or(|u| t <= u)
}

/// The current grade of each scheme: the latest current one (by issue date,
/// then by the later source row). Returns the index into `e.grades`.
pub fn current_grades(e: &Enterprise, t: Day) -> BTreeMap<Scheme, usize> {
    let mut best: BTreeMap<Scheme, usize> = BTreeMap::new();
    for (i, g) in e.grades.iter().enumerate() {
        if !grade_current(g, t) {
            continue;
        }
        let replace = match best.get(&g.scheme) {
            None => true,
            Some(&j) => {
                let h = &e.grades[j];
                (g.issued_on, &g.source.file, g.source.row)
                    > (h.issued_on, &h.source.file, h.source.row)
            }
        };
        if replace {
            best.insert(g.scheme, i);
        }
    }
    best
}

/// An enterprise's status on one date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// A `serious-violation` or `quality-blacklist` listing is in force.
    pub blacklisted: bool,
    /// The lists with an in-force listing that is a caution, not a blacklist.
    pub cautions: Vec<ListKind>,
    /// The lists with an in-force listing, blacklists and cautions alike.
    pub in_force: Vec<ListKind>,
    /// Current grade per scheme (index into `grades`).
    pub current_grades: BTreeMap<Scheme, usize>,
    /// Number of current honours.
    pub current_honours: usize,
    /// The kinds of the current honours, in the kinds' order, each once.
    pub honour_kinds: Vec<HonourKind>,
}

impl Status {
    /// Computes the status of `e` on `t`.
    pub fn of(e: &Enterprise, t: Day) -> Status {
        let mut in_force: Vec<ListKind> = e
            .listings
            .iter()
            .filter(|l| listing_in_force(l, t))
            .map(|l| l.list)
            .collect();
        in_force.stable_sort();
        in_force.dedup();
        Status {
            blacklisted: in_force.iter().any(|l| l.is_blacklist()),
            cautions: in_force
                .iter()
                .copied()
                .filter(|l| !l.is_blacklist())
                .collect(),
            in_force,
            current_grades: current_grades(e, t),
            current_honours: e.honours.iter().filter(|h| honour_current(h, t)).count(),
            honour_kinds: HonourKind::ALL
                .iter()
                .copied()
                .filter(|k| {
                    e.honours
                        .iter()
                        .any(|h| h.kind == *k && honour_current(h, t))
                })
                .collect(),
        }
    }
}

/// What a status badge list shows (a search result, an enterprise's page):
/// the lists in force, the current grade per scheme and the number of current
/// honours. Derived here, once, from [`Status`], so a result row and the page
/// it links to always agree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BadgeSummary {
    /// A blacklist is in force.
    pub blacklisted: bool,
    /// Lists in force (blacklists and cautions), in the lists' order, each once.
    pub in_force: Vec<ListKind>,
    /// The current grade per scheme, in the schemes' order.
    pub grades: Vec<(Scheme, String)>,
    /// Number of current honours.
    pub honours: usize,
    /// The kinds of the current honours, in the kinds' order, each once.
    pub honour_kinds: Vec<HonourKind>,
}

impl BadgeSummary {
    /// The badges of `e` on `t`.
    pub fn of(e: &Enterprise, t: Day) -> BadgeSummary {
        BadgeSummary::from_status(&Status::of(e, t), |i| {
            e.grades.get(i).map(|g| g.grade.clone())
        })
    }

    /// The badges of a computed status; `grade` names the grade at an index of
    /// [`Status::current_grades`] (an enterprise's or a search card's grades).
    pub fn from_status(status: &Status, grade: impl Fn(usize) -> Option<String>) -> BadgeSummary {
        BadgeSummary {
            blacklisted: status.blacklisted,
            in_force: status.in_force.clone(),
            grades: status
                .current_grades
                .iter()
                .filter_map(|(s, &i)| grade(i).map(|g| (*s, g)))
                .collect(),
            honours: status.current_honours,
            honour_kinds: status.honour_kinds.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
