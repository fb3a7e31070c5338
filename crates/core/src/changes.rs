//! What changed between two builds of a registry: the change feed.
//!
//! Each build's facts are read by the time rules as of that build's date
//! ([`Snapshot::of`]), and two snapshots of one enterprise are compared
//! ([`diff`]): listed on or removed from the registry, listings that came
//! into force, were removed or expired, grades issued, changed or lapsed,
//! honours awarded or expired, new spot checks. A build writes the result as
//! a [`ChangeSet`] (`changes/NNNNN-DIGEST.json`, listed in `meta.json`'s
//! `files`); the app's "What changed" page and an enterprise's history read
//! the same files. No I/O here: the compiler reads the registries.

use crate::day::Day;
use crate::model::{CheckResult, Enterprise, HonourKind, ListKind, Scheme};
use crate::status::{current_grades, honour_current, listing_ends_on, listing_in_force};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The layout version of a change file (`zhixin_changes`).
pub const CHANGES_VERSION: u32 = 1;
/// The folder of the change files in the registry.
pub const CHANGES_DIR: &str = "changes";

/// What kind of change; the order is the order a change file lists them in
/// (spot checks that failed before those that passed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The enterprise is in this build and was not in the previous one.
    Added,
    /// The enterprise was in the previous build and is not in this one.
    Removed,
    /// A listing is in force now and was not before.
    Listed,
    /// A listing in force before was removed (or annulled, or is no longer published).
    Delisted,
    /// A listing in force before has reached its list's time limit.
    ListingExpired,
    /// A scheme has a current grade and had none before (or the same grade was issued again).
    GradeIssued,
    /// A scheme's current grade is another one.
    GradeChanged,
    /// A scheme had a current grade and has none now.
    GradeLapsed,
    HonourAwarded,
    /// An honour current before is not now (expired, abolished or no longer published).
    HonourExpired,
    SpotCheckFailed,
    SpotCheckPassed,
}

impl ChangeKind {
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Listed,
        ChangeKind::Delisted,
        ChangeKind::ListingExpired,
        ChangeKind::GradeIssued,
        ChangeKind::GradeChanged,
        ChangeKind::GradeLapsed,
        ChangeKind::HonourAwarded,
        ChangeKind::HonourExpired,
        ChangeKind::SpotCheckFailed,
        ChangeKind::SpotCheckPassed,
    ];

    /// The id written in change files (`listing-expired`).
    pub fn id(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Listed => "listed",
            ChangeKind::Delisted => "delisted",
            ChangeKind::ListingExpired => "listing-expired",
            ChangeKind::GradeIssued => "grade-issued",
            ChangeKind::GradeChanged => "grade-changed",
            ChangeKind::GradeLapsed => "grade-lapsed",
            ChangeKind::HonourAwarded => "honour-awarded",
            ChangeKind::HonourExpired => "honour-expired",
            ChangeKind::SpotCheckFailed => "spot-check-failed",
            ChangeKind::SpotCheckPassed => "spot-check-passed",
        }
    }
}

/// One change of one enterprise. Only the fields of its kind are present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub uscc: String,
    /// The name in the newer build that has the enterprise.
    pub name: String,
    /// When it happened by the published facts: the listing, removal,
    /// issue or award date, the first day a listing or grade no longer
    /// holds, the spot check's publication date. `None` when the facts do
    /// not say (a fact no longer published).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<ListKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<Scheme>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honour: Option<HonourKind>,
    /// The honour's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The spot-checked product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

impl Change {
    fn new(kind: ChangeKind, uscc: &str, name: &str, on: Option<Day>) -> Change {
        Change {
            kind,
            uscc: uscc.to_string(),
            name: name.to_string(),
            on,
            list: None,
            scheme: None,
            grade: None,
            previous_grade: None,
            honour: None,
            title: None,
            product: None,
        }
    }

    /// The order of a change file: by kind, then code, date and what changed.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.kind,
            &self.uscc,
            self.on,
            self.list,
            self.scheme,
            self.honour,
            &self.title,
            &self.product,
        )
    }
}

/// The build a change set compares with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousBuild {
    /// Its number in the feed (see [`ChangeSet::build`]).
    pub build: u32,
    /// The date its status was computed as of.
    #[serde(default)]
    pub as_of: Option<Day>,
    #[serde(default)]
    pub enterprises: u64,
}

/// A change file: what changed in one build since the previous one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// Always [`CHANGES_VERSION`] for this layout.
    pub zhixin_changes: u32,
    /// The build's number: one more than the previous build's, 1 for a
    /// registry's first build with a feed.
    pub build: u32,
    /// The date this build's status was computed as of.
    pub as_of: Day,
    pub enterprises: u64,
    /// `None`: there was no previous build to compare with (the first
    /// build), and `changes` is empty; `note` says why.
    pub previous: Option<PreviousBuild>,
    /// Why there is nothing to compare with, when there is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Changes of each kind (kinds with none are absent).
    pub counts: BTreeMap<ChangeKind, u64>,
    /// Every change, in [`Change::sort_key`] order.
    pub changes: Vec<Change>,
}

impl ChangeSet {
    /// Counts `changes` by kind and sorts them.
    pub fn finish(&mut self) {
        self.changes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.counts.clear();
        for c in &self.changes {
            *self.counts.entry(c.kind).or_default() += 1;
        }
    }
}

/// A listing's state on a build's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListingState {
    InForce,
    /// Removed on that day.
    Removed(Day),
    /// Past its list's time limit since that day.
    Expired(Day),
    Annulled,
    /// Listed after the date.
    NotYet,
}

/// What the change feed compares of an enterprise, by the time rules as of
/// one build's date; small, so a million of them fit in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub name: String,
    /// Every listing by (list, listing date), with its state.
    listings: Vec<(ListKind, Day, ListingState)>,
    /// The current grade of each scheme: grade, issue date, last valid day.
    grades: BTreeMap<Scheme, (String, Day, Option<Day>)>,
    /// Every honour by (kind, title, award date): current?, last valid day.
    honours: Vec<(HonourKind, String, Day, bool, Option<Day>)>,
    /// Spot checks by (product, publication date, batch, result).
    checks: Vec<(String, Day, Option<String>, CheckResult)>,
}

impl Snapshot {
    /// The snapshot of `e` as of `t`.
    pub fn of(e: &Enterprise, t: Day) -> Snapshot {
        let listings = e
            .listings
            .iter()
            .map(|l| {
                let state = if listing_in_force(l, t) {
                    ListingState::InForce
                } else if l.annulled {
                    ListingState::Annulled
                } else if l.listed_on > t {
                    ListingState::NotYet
                } else {
                    match (l.removed_on, listing_ends_on(l)) {
                        (Some(r), Some(end)) if end < r => ListingState::Expired(end),
                        (Some(r), _) => ListingState::Removed(r),
                        (None, Some(end)) => ListingState::Expired(end),
                        // Not in force, not removed, no limit: cannot be, but
                        // a state must be named.
                        (None, None) => ListingState::Annulled,
                    }
                };
                (l.list, l.listed_on, state)
            })
            .collect();
        let grades = current_grades(e, t)
            .into_iter()
            .map(|(s, i)| {
                let g = &e.grades[i];
                (s, (g.grade.clone(), g.issued_on, g.valid_until))
            })
            .collect();
        let honours = e
            .honours
            .iter()
            .map(|h| {
                (
                    h.kind,
                    h.title.clone(),
                    h.awarded_on,
                    honour_current(h, t),
                    h.valid_until,
                )
            })
            .collect();
        let checks = e
            .spot_checks
            .iter()
            .map(|c| (c.product.clone(), c.published_on, c.batch.clone(), c.result))
            .collect();
        Snapshot {
            name: e.name.clone(),
            listings,
            grades,
            honours,
            checks,
        }
    }
}

/// Appends to `out` what changed for the enterprise `uscc` between its
/// snapshot in the previous build (`old`, `None` when absent) and in this
/// one (`new`). An enterprise that left the registry is one `removed`
/// change; one that entered it is `added` followed by what it holds.
pub fn diff(uscc: &str, old: Option<&Snapshot>, new: Option<&Snapshot>, out: &mut Vec<Change>) {
    let (old, new) = match (old, new) {
        (None, None) => return,
        (Some(o), None) => {
            out.push(Change::new(ChangeKind::Removed, uscc, &o.name, None));
            return;
        }
        (None, Some(n)) => {
            out.push(Change::new(ChangeKind::Added, uscc, &n.name, None));
            (None, n)
        }
        (Some(o), Some(n)) => (Some(o), n),
    };
    let name = new.name.as_str();
    let change = |kind, on| Change::new(kind, uscc, name, on);
    let empty = Vec::new();
    let old_listings = old.map_or(&empty, |o| &o.listings);
    for &(list, listed_on, state) in &new.listings {
        let before = old_listings
            .iter()
            .find(|(l, d, _)| *l == list && *d == listed_on)
            .map(|x| x.2);
        if state == ListingState::InForce && before != Some(ListingState::InForce) {
            out.push(Change {
                list: Some(list),
                ..change(ChangeKind::Listed, Some(listed_on))
            });
        }
    }
    for &(list, listed_on, state) in old_listings {
        if state != ListingState::InForce {
            continue;
        }
        let now = new
            .listings
            .iter()
            .find(|(l, d, _)| *l == list && *d == listed_on)
            .map(|x| x.2);
        let (kind, on) = match now {
            Some(ListingState::InForce) => continue,
            Some(ListingState::Expired(d)) => (ChangeKind::ListingExpired, Some(d)),
            Some(ListingState::Removed(d)) => (ChangeKind::Delisted, Some(d)),
            _ => (ChangeKind::Delisted, None),
        };
        out.push(Change {
            list: Some(list),
            ..change(kind, on)
        });
    }
    let no_grades = BTreeMap::new();
    let old_grades = old.map_or(&no_grades, |o| &o.grades);
    for (&scheme, (grade, issued_on, _)) in &new.grades {
        let (kind, previous) = match old_grades.get(&scheme) {
            None => (ChangeKind::GradeIssued, None),
            Some((g, d, _)) if g == grade && d == issued_on => continue,
            Some((g, _, _)) if g == grade => (ChangeKind::GradeIssued, Some(g.clone())),
            Some((g, _, _)) => (ChangeKind::GradeChanged, Some(g.clone())),
        };
        out.push(Change {
            scheme: Some(scheme),
            grade: Some(grade.clone()),
            previous_grade: previous,
            ..change(kind, Some(*issued_on))
        });
    }
    for (&scheme, (grade, _, valid_until)) in old_grades {
        if !new.grades.contains_key(&scheme) {
            out.push(Change {
                scheme: Some(scheme),
                previous_grade: Some(grade.clone()),
                ..change(ChangeKind::GradeLapsed, valid_until.map(|d| d.add_days(1)))
            });
        }
    }
    let no_honours = Vec::new();
    let old_honours = old.map_or(&no_honours, |o| &o.honours);
    let same = |a: &(HonourKind, String, Day, bool, Option<Day>),
                b: &(HonourKind, String, Day, bool, Option<Day>)| {
        a.0 == b.0 && a.1 == b.1 && a.2 == b.2
    };
    for h in &new.honours {
        let was = old_honours.iter().find(|o| same(o, h)).is_some_and(|o| o.3);
        if h.3 && !was {
            out.push(Change {
                honour: Some(h.0),
                title: Some(h.1.clone()),
                ..change(ChangeKind::HonourAwarded, Some(h.2))
            });
        }
    }
    for h in old_honours.iter().filter(|h| h.3) {
        let now = new.honours.iter().find(|n| same(n, h));
        if now.is_none_or(|n| !n.3) {
            let on = now.and_then(|n| n.4).map(|d| d.add_days(1));
            out.push(Change {
                honour: Some(h.0),
                title: Some(h.1.clone()),
                ..change(ChangeKind::HonourExpired, on)
            });
        }
    }
    let no_checks = Vec::new();
    let old_checks = old.map_or(&no_checks, |o| &o.checks);
    for c in &new.checks {
        if !old_checks.contains(c) {
            let kind = match c.3 {
                CheckResult::Fail => ChangeKind::SpotCheckFailed,
                CheckResult::Pass => ChangeKind::SpotCheckPassed,
            };
            out.push(Change {
                product: Some(c.0.clone()),
                ..change(kind, Some(c.1))
            });
        }
    }
}

#[cfg(test)]
mod tests;
