//! Aggregates for the quality report page: the overall spot-check pass rate
//! and its period; pass rates by product category, industry, province, city,
//! year and programme; grade distribution per scheme; listings in force per
//! list; current honours per kind and level.
//!
//! Pure: computed from the enterprises as of a date. The compiler writes the
//! result as `DIR/stats.json`; the app draws its charts and tables from it.
//! The counts that depend on the date (listings in force, current grades and
//! honours) also come as a [`Timeline`], so the app counts them as of the
//! viewer's today, as the lists do, not as of the build.

use crate::day::Day;
use crate::model::Level;
use crate::model::{CheckResult, Enterprise, HonourKind, ListKind, Scheme};
use crate::region::{city_of, province_of};
use crate::status::{current_grades, honour_current, listing_ends_on, Status};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The most rows a breakdown keeps; the rest are summed into one "其他" row.
pub const MAX_ROWS: usize = 60;

/// Label of the row that sums the breakdown's tail, and of unknown keys.
pub const OTHER: &str = "其他";
pub const UNKNOWN: &str = "未知";

/// `DIR/stats.json`: the registry's aggregates as of `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// The format version of this file; bumped when a field changes meaning.
    pub version: u32,
    pub as_of: Day,
    pub enterprises: usize,
    /// Enterprises with a blacklist listing in force.
    pub blacklisted: usize,
    /// Enterprises with a caution (abnormal-operation) in force and no blacklist.
    pub cautioned: usize,
    pub spot_checks: SpotCheckStats,
    /// Per scheme, the count of enterprises whose current grade is each grade, best first.
    pub grades: BTreeMap<Scheme, Vec<GradeCount>>,
    /// Listings in force per list (a listing counts once; an enterprise may have several).
    pub listings_in_force: BTreeMap<ListKind, usize>,
    /// Enterprises with a listing in force per list.
    pub enterprises_listed: BTreeMap<ListKind, usize>,
    /// Current honours per kind.
    pub honours_current: BTreeMap<HonourKind, usize>,
    /// The date-dependent counts on every day (see [`Timeline`]); empty in a
    /// registry built before it was added.
    #[serde(default)]
    pub timeline: Timeline,
}

/// Pass rates of spot-check samples (a sample merged from several rows counts once).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpotCheckStats {
    pub total: Rate,
    /// By product category (the `product_category` column, else the product name).
    pub by_category: Vec<Rate>,
    /// By province (from the row's region, the enterprise's region, or the code's division digits).
    pub by_region: Vec<Rate>,
    /// By year of publication, oldest first.
    pub by_year: Vec<Rate>,
    /// By the enterprise's industry (所属行业) as published. (Added to
    /// version 1 without a bump, as every field below: readers of the
    /// first files find them empty.)
    #[serde(default)]
    pub by_industry: Vec<Rate>,
    /// By city: the published region's prefecture, else the province and the
    /// code's four division digits (see `region::city_of`).
    #[serde(default)]
    pub by_city: Vec<Rate>,
    /// By programme (国抽, 省抽 …) as published.
    #[serde(default)]
    pub by_programme: Vec<Rate>,
    /// The first and last publication dates of the samples: the period of `total`.
    #[serde(default)]
    pub first: Option<Day>,
    #[serde(default)]
    pub last: Option<Day>,
}

/// Samples and passes for one key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    pub key: String,
    pub samples: usize,
    pub passed: usize,
    pub failed: usize,
    /// passed / samples, 0 when there are no samples. The app (`lean`)
    /// computes it from the counts instead of reading it, which keeps float
    /// parsing out of its wasm.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub pass_rate: f64,
}

impl Rate {
    fn add(&mut self, r: CheckResult) {
        self.samples += 1;
        match r {
            CheckResult::Pass => self.passed += 1,
            CheckResult::Fail => self.failed += 1,
        }
    }

    fn finish(mut self) -> Rate {
        self.pass_rate = if self.samples == 0 {
            0.0
        } else {
            self.passed as f64 / self.samples as f64
        };
        self
    }
}

/// One grade of a scheme and how many enterprises currently hold it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCount {
    pub grade: String,
    pub enterprises: usize,
}

/// The current version of `stats.json`.
pub const STATS_VERSION: u32 = 1;

impl Stats {
    /// Computes the aggregates of `enterprises` as of `t`.
    pub fn compute(enterprises: &[Enterprise], t: Day) -> Stats {
        let mut b = StatsBuilder::new(t);
        for e in enterprises {
            b.add(e);
        }
        b.finish()
    }
}

/// [`Stats::compute`] one enterprise at a time, for a build that never holds
/// every enterprise at once. The aggregates do not depend on the order the
/// enterprises come in.
#[derive(Debug)]
pub struct StatsBuilder {
    t: Day,
    enterprises: usize,
    total: Rate,
    by_category: HashMap<String, Rate>,
    by_region: HashMap<String, Rate>,
    by_city: HashMap<String, Rate>,
    by_industry: HashMap<String, Rate>,
    by_programme: HashMap<String, Rate>,
    first: Option<Day>,
    last: Option<Day>,
    timeline: TimelineBuilder,
    by_year: BTreeMap<i32, Rate>,
    grades: BTreeMap<Scheme, BTreeMap<String, usize>>,
    listings_in_force: BTreeMap<ListKind, usize>,
    enterprises_listed: BTreeMap<ListKind, usize>,
    honours_current: BTreeMap<HonourKind, usize>,
    blacklisted: usize,
    cautioned: usize,
}

impl StatsBuilder {
    /// No enterprise yet; the aggregates will be as of `t`.
    pub fn new(t: Day) -> StatsBuilder {
        StatsBuilder {
            t,
            enterprises: 0,
            total: Rate {
                key: "all".into(),
                ..Rate::default()
            },
            by_category: HashMap::new(),
            by_region: HashMap::new(),
            by_city: HashMap::new(),
            by_industry: HashMap::new(),
            by_programme: HashMap::new(),
            first: None,
            last: None,
            timeline: TimelineBuilder::default(),
            by_year: BTreeMap::new(),
            grades: BTreeMap::new(),
            listings_in_force: BTreeMap::new(),
            enterprises_listed: BTreeMap::new(),
            honours_current: BTreeMap::new(),
            blacklisted: 0,
            cautioned: 0,
        }
    }

    /// Counts `e` in.
    pub fn add(&mut self, e: &Enterprise) {
        let t = self.t;
        self.enterprises += 1;
        let status = Status::of(e, t);
        if status.blacklisted {
            self.blacklisted += 1;
        } else if !status.cautions.is_empty() {
            self.cautioned += 1;
        }
        for l in &e.listings {
            if crate::status::listing_in_force(l, t) {
                *self.listings_in_force.entry(l.list).or_default() += 1;
            }
        }
        for l in &status.in_force {
            *self.enterprises_listed.entry(*l).or_default() += 1;
        }
        for (scheme, i) in current_grades(e, t) {
            *self
                .grades
                .entry(scheme)
                .or_default()
                .entry(e.grades[i].grade.clone())
                .or_default() += 1;
        }
        for h in &e.honours {
            if honour_current(h, t) {
                *self.honours_current.entry(h.kind).or_default() += 1;
            }
        }
        let province = province_of(e.region.as_deref(), &e.uscc);
        let city = city_of(e.region.as_deref(), &e.uscc);
        for s in &e.spot_checks {
            self.total.add(s.result);
            self.first = Some(self.first.map_or(s.published_on, |f| f.min(s.published_on)));
            self.last = self.last.max(Some(s.published_on));
            let cat = s.product_category.as_deref().unwrap_or(&s.product);
            add(&mut self.by_category, cat, s.result);
            // A row's own region is where the sample was taken; the
            // enterprise's region or code otherwise.
            let (row_province, row_city) = match s.region.as_deref() {
                Some(r) => (province_of(Some(r), &e.uscc), city_of(Some(r), &e.uscc)),
                None => (province, city.clone()),
            };
            add(
                &mut self.by_region,
                row_province.map_or(UNKNOWN, |p| p.zh),
                s.result,
            );
            add(
                &mut self.by_city,
                row_city.as_deref().unwrap_or(UNKNOWN),
                s.result,
            );
            add(
                &mut self.by_industry,
                e.industry
                    .as_deref()
                    .filter(|i| !i.is_empty())
                    .unwrap_or(UNKNOWN),
                s.result,
            );
            add(
                &mut self.by_programme,
                s.programme
                    .as_deref()
                    .filter(|p| !p.is_empty())
                    .unwrap_or(UNKNOWN),
                s.result,
            );
            let y = s.published_on.year();
            self.by_year
                .entry(y)
                .or_insert_with(|| Rate {
                    key: y.to_string(),
                    ..Rate::default()
                })
                .add(s.result);
        }
        self.timeline.add(e);
    }

    /// The aggregates of every enterprise added.
    pub fn finish(self) -> Stats {
        let grades = self
            .grades
            .into_iter()
            .map(|(scheme, counts)| {
                let rows = scheme
                    .grades()
                    .iter()
                    .map(|g| GradeCount {
                        grade: g.to_string(),
                        enterprises: counts.get(*g).copied().unwrap_or(0),
                    })
                    .collect();
                (scheme, rows)
            })
            .collect();
        Stats {
            version: STATS_VERSION,
            as_of: self.t,
            enterprises: self.enterprises,
            blacklisted: self.blacklisted,
            cautioned: self.cautioned,
            spot_checks: SpotCheckStats {
                total: self.total.finish(),
                by_category: top(self.by_category),
                by_region: top(self.by_region),
                by_year: self.by_year.into_values().map(Rate::finish).collect(),
                by_industry: top(self.by_industry),
                by_city: top(self.by_city),
                by_programme: top(self.by_programme),
                first: self.first,
                last: self.last,
            },
            grades,
            listings_in_force: self.listings_in_force,
            enterprises_listed: self.enterprises_listed,
            honours_current: self.honours_current,
            timeline: self.timeline.finish(),
        }
    }
}

/// One date-dependent count of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tally {
    /// Listings in force on a list (a listing counts once).
    Listings(ListKind),
    /// Enterprises with a listing in force on a list.
    Listed(ListKind),
    /// Enterprises with a blacklist listing in force.
    Blacklisted,
    /// Enterprises with a caution in force and no blacklist.
    Cautioned,
    /// Current honours of a kind.
    Honours(HonourKind),
    /// Current honours awarded at a level.
    HonourLevel(Level),
    /// Enterprises with at least one current honour.
    Honoured,
    /// Enterprises with a current grade in at least one scheme.
    Graded,
    /// Enterprises whose current grade in a scheme is the grade of this rank.
    Grade(Scheme, u8),
}

impl Tally {
    /// The tally's key in `stats.json`'s timeline.
    pub fn key(self) -> String {
        match self {
            Tally::Listings(k) => format!("listings/{}", k.id()),
            Tally::Listed(k) => format!("listed/{}", k.id()),
            Tally::Blacklisted => "blacklisted".into(),
            Tally::Cautioned => "cautioned".into(),
            Tally::Honours(k) => format!("honours/{}", k.id()),
            Tally::HonourLevel(l) => format!("honour-level/{}", l.id()),
            Tally::Honoured => "honoured".into(),
            Tally::Graded => "graded".into(),
            Tally::Grade(s, r) => format!(
                "grades/{}/{}",
                s.id(),
                s.grades().get(r as usize).copied().unwrap_or("")
            ),
        }
    }

    /// An enterprise's tallies on `t`, by the time rules.
    fn of(e: &Enterprise, t: Day) -> BTreeMap<Tally, i64> {
        let mut out: BTreeMap<Tally, i64> = BTreeMap::new();
        let status = Status::of(e, t);
        for l in &e.listings {
            if crate::status::listing_in_force(l, t) {
                *out.entry(Tally::Listings(l.list)).or_default() += 1;
            }
        }
        for k in &status.in_force {
            out.insert(Tally::Listed(*k), 1);
        }
        if status.blacklisted {
            out.insert(Tally::Blacklisted, 1);
        } else if !status.cautions.is_empty() {
            out.insert(Tally::Cautioned, 1);
        }
        for (scheme, i) in &status.current_grades {
            if let Some(r) = scheme.rank(&e.grades[*i].grade) {
                out.insert(Tally::Grade(*scheme, r as u8), 1);
                out.insert(Tally::Graded, 1);
            }
        }
        for h in e.honours.iter().filter(|h| honour_current(h, t)) {
            *out.entry(Tally::Honours(h.kind)).or_default() += 1;
            if let Some(l) = h.level {
                *out.entry(Tally::HonourLevel(l)).or_default() += 1;
            }
            out.insert(Tally::Honoured, 1);
        }
        out
    }
}

/// The date-dependent counts on every day, as changes: per [`Tally::key`],
/// a flat list `[day, change, gap, change, gap, change …]` where the first
/// day is in days since 1970-01-01 and each gap is the days since the
/// previous change. The count on a day is the sum of the changes on or
/// before it. A tally changes only on the days a fact starts or ends, so a
/// registry's timeline has a few thousand numbers per tally at most.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timeline(pub BTreeMap<String, Vec<i64>>);

impl Timeline {
    /// The count of `tally` on `t` (0 for a tally the timeline lacks).
    pub fn on(&self, tally: Tally, t: Day) -> u64 {
        self.on_key(&tally.key(), t)
    }

    /// The count of the tally keyed `key` on `t`.
    pub fn on_key(&self, key: &str, t: Day) -> u64 {
        let Some(series) = self.0.get(key) else {
            return 0;
        };
        let t = i64::from(t.to_epoch_days());
        let (mut day, mut sum) = (0i64, 0i64);
        for (i, pair) in series.chunks_exact(2).enumerate() {
            day = if i == 0 {
                pair[0]
            } else {
                day.saturating_add(pair[0])
            };
            if day > t {
                break;
            }
            sum += pair[1];
        }
        sum.max(0) as u64
    }

    /// True when the registry's stats have a timeline (built since it was added).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Gathers each enterprise's changes of tallies.
#[derive(Debug, Default)]
struct TimelineBuilder {
    changes: HashMap<Tally, BTreeMap<i32, i64>>,
}

impl TimelineBuilder {
    /// Adds the changes of `e`'s tallies: evaluated on each day one of its
    /// facts starts or ends (between those days nothing of it changes).
    fn add(&mut self, e: &Enterprise) {
        let mut days: Vec<i32> = Vec::new();
        let after = |d: Day| d.to_epoch_days().saturating_add(1);
        for l in e.listings.iter().filter(|l| !l.annulled) {
            days.push(l.listed_on.to_epoch_days());
            days.extend(l.removed_on.map(Day::to_epoch_days));
            days.extend(listing_ends_on(l).map(Day::to_epoch_days));
        }
        for g in &e.grades {
            days.push(g.valid_from.unwrap_or(g.issued_on).to_epoch_days());
            days.extend(g.valid_until.map(after));
        }
        for h in e.honours.iter().filter(|h| !h.abolished) {
            days.push(h.awarded_on.to_epoch_days());
            days.extend(h.valid_until.map(after));
        }
        if days.is_empty() {
            return;
        }
        days.sort_unstable();
        days.dedup();
        let mut prev: BTreeMap<Tally, i64> = BTreeMap::new();
        for d in days {
            // A day past the calendar's end (the day after an open-ended
            // sentinel) changes nothing anyone can ask about.
            let Some(t) = Day::from_epoch_days(d) else {
                continue;
            };
            let now = Tally::of(e, t);
            for (k, n) in &now {
                let was = prev.get(k).copied().unwrap_or(0);
                if *n != was {
                    *self.changes.entry(*k).or_default().entry(d).or_default() += n - was;
                }
            }
            for (k, was) in &prev {
                if !now.contains_key(k) {
                    *self.changes.entry(*k).or_default().entry(d).or_default() -= was;
                }
            }
            prev = now;
        }
    }

    fn finish(self) -> Timeline {
        let mut out = BTreeMap::new();
        for (tally, changes) in self.changes {
            let mut series = Vec::with_capacity(changes.len() * 2);
            let mut last: Option<i64> = None;
            for (d, n) in changes {
                if n == 0 {
                    continue;
                }
                let d = i64::from(d);
                series.push(last.map_or(d, |l| d - l));
                series.push(n);
                last = Some(d);
            }
            if !series.is_empty() {
                out.insert(tally.key(), series);
            }
        }
        Timeline(out)
    }
}

/// Counts one sample under `key`.
fn add(map: &mut HashMap<String, Rate>, key: &str, r: CheckResult) {
    if let Some(rate) = map.get_mut(key) {
        rate.add(r);
        return;
    }
    let mut rate = Rate {
        key: key.to_string(),
        ..Rate::default()
    };
    rate.add(r);
    map.insert(key.to_string(), rate);
}

/// The breakdown's rows, most samples first (ties by key), the tail beyond
/// [`MAX_ROWS`] summed into one [`OTHER`] row.
fn top(map: HashMap<String, Rate>) -> Vec<Rate> {
    let mut rows: Vec<Rate> = map.into_values().collect();
    rows.sort_by(|a, b| b.samples.cmp(&a.samples).then_with(|| a.key.cmp(&b.key)));
    if rows.len() > MAX_ROWS {
        let tail = rows.split_off(MAX_ROWS - 1);
        let mut other = Rate {
            key: OTHER.to_string(),
            ..Rate::default()
        };
        for r in tail {
            other.samples += r.samples;
            other.passed += r.passed;
            other.failed += r.failed;
        }
        rows.push(other);
    }
    rows.into_iter().map(Rate::finish).collect()
}

#[cfg(test)]
mod tests;
