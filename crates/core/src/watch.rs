//! The watch list's memory of an enterprise: what its page said when the
//! viewer last looked ([`Snapshot`], kept by the app in the browser's local
//! storage as JSON), and what changed since ([`Snapshot::changes`]): a
//! listing that came into force or ended, a grade that changed, an honour
//! gained or lost, new spot checks. The rules are here, tested natively;
//! the app only stores and shows them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::batch::status_id;
use crate::day::Day;
use crate::model::{CheckResult, ListKind, Scheme};
use crate::view::EnterpriseView;

/// An enterprise's status as the viewer saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// `blacklisted`, `caution` or `clear` (see [`status_id`]).
    pub status: String,
    /// The lists it was on, in force.
    pub lists: Vec<ListKind>,
    /// Its current grade per scheme.
    pub grades: BTreeMap<Scheme, String>,
    /// Its current honours, as titles.
    pub honours: Vec<String>,
    /// How many spot checks were published, and the latest one's date.
    pub spot_checks: usize,
    pub last_check: Option<Day>,
}

/// One difference between two snapshots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The status changed (`blacklisted`, `caution`, `clear`).
    Status {
        from: String,
        to: String,
    },
    /// A listing came into force.
    Listed(ListKind),
    /// A listing is no longer in force.
    Delisted(ListKind),
    /// A scheme's current grade changed (`None`: no current grade).
    Grade {
        scheme: Scheme,
        from: Option<String>,
        to: Option<String>,
    },
    HonourGained(String),
    HonourLost(String),
    /// New spot checks were published; `failed` when any new one failed.
    SpotChecks {
        new: usize,
        latest: Option<Day>,
        failed: bool,
    },
}

impl Snapshot {
    /// What `v` (computed for the day the viewer looks) shows.
    pub fn of(v: &EnterpriseView) -> Snapshot {
        let mut lists: Vec<ListKind> = Vec::new();
        for l in v.listings.iter().filter(|l| l.in_force) {
            if !lists.contains(&l.list) {
                lists.push(l.list);
            }
        }
        lists.sort();
        let mut honours: Vec<String> = v
            .honours
            .iter()
            .filter(|h| h.current)
            .map(|h| h.title.clone())
            .collect();
        honours.sort();
        honours.dedup();
        Snapshot {
            status: status_id(v).to_string(),
            lists,
            grades: v.grades.clone(),
            honours,
            spot_checks: v.spot_checks.len(),
            last_check: v.spot_checks.iter().map(|c| c.published_on).max(),
        }
    }

    /// What changed from `self` (seen before) to `now`, status first. The
    /// spot checks of `view` (the one `now` was made of) tell whether a new
    /// one failed.
    pub fn changes(&self, now: &Snapshot, view: &EnterpriseView) -> Vec<Change> {
        let mut out = Vec::new();
        if self.status != now.status {
            out.push(Change::Status {
                from: self.status.clone(),
                to: now.status.clone(),
            });
        }
        for l in &now.lists {
            if !self.lists.contains(l) {
                out.push(Change::Listed(*l));
            }
        }
        for l in &self.lists {
            if !now.lists.contains(l) {
                out.push(Change::Delisted(*l));
            }
        }
        let schemes: std::collections::BTreeSet<Scheme> = self
            .grades
            .keys()
            .chain(now.grades.keys())
            .copied()
            .collect();
        for s in schemes {
            let (from, to) = (self.grades.get(&s), now.grades.get(&s));
            if from != to {
                out.push(Change::Grade {
                    scheme: s,
                    from: from.cloned(),
                    to: to.cloned(),
                });
            }
        }
        for h in &now.honours {
            if !self.honours.contains(h) {
                out.push(Change::HonourGained(h.clone()));
            }
        }
        for h in &self.honours {
            if !now.honours.contains(h) {
                out.push(Change::HonourLost(h.clone()));
            }
        }
        if now.spot_checks > self.spot_checks {
            // New ones are those published after the latest seen (or all,
            // when none was seen); a correction can add an older one too,
            // which the count still reports.
            let failed = view.spot_checks.iter().any(|c| {
                c.result == CheckResult::Fail && self.last_check.is_none_or(|d| c.published_on > d)
            });
            out.push(Change::SpotChecks {
                new: now.spot_checks - self.spot_checks,
                latest: now.last_check,
                failed,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests;

/// One entry of the watch list as the app stores it (`zhixin.watch` in the
/// browser's local storage: a JSON array of these).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watched {
    pub uscc: String,
    pub name: String,
    /// The day the viewer last looked, and what they saw then.
    pub seen_on: Day,
    pub seen: Snapshot,
}

/// Reads a stored watch list; anything unreadable (an older or edited
/// value) is an empty list rather than an error, as local storage is the
/// viewer's own scratch space.
pub fn parse_watch_list(json: &str) -> Vec<Watched> {
    serde_json::from_str(json).unwrap_or_default()
}
