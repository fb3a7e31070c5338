//! Aggregates for the quality report page: spot-check pass rates by product
//! category, region and year; grade distribution per scheme; listings in
//! force per list; current honours per kind.
//!
//! Pure: computed from the enterprises as of a date. The compiler writes the
//! result as `DIR/stats.json`; the app draws its charts and tables from it.

use crate::day::Day;
use crate::model::{CheckResult, Enterprise, HonourKind, ListKind, Scheme};
use crate::region::province_of_uscc;
use crate::status::{current_grades, honour_current, Status};
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
        let mut total = Rate {
            key: "all".into(),
            ..Rate::default()
        };
        let mut by_category: HashMap<String, Rate> = HashMap::new();
        let mut by_region: HashMap<String, Rate> = HashMap::new();
        let mut by_year: BTreeMap<i32, Rate> = BTreeMap::new();
        let mut grades: BTreeMap<Scheme, BTreeMap<String, usize>> = BTreeMap::new();
        let mut listings_in_force: BTreeMap<ListKind, usize> = BTreeMap::new();
        let mut enterprises_listed: BTreeMap<ListKind, usize> = BTreeMap::new();
        let mut honours_current: BTreeMap<HonourKind, usize> = BTreeMap::new();
        let (mut blacklisted, mut cautioned) = (0, 0);
        for e in enterprises {
            let status = Status::of(e, t);
            if status.blacklisted {
                blacklisted += 1;
            } else if !status.cautions.is_empty() {
                cautioned += 1;
            }
            for l in &e.listings {
                if crate::status::listing_in_force(l, t) {
                    *listings_in_force.entry(l.list).or_default() += 1;
                }
            }
            for l in &status.in_force {
                *enterprises_listed.entry(*l).or_default() += 1;
            }
            for (scheme, i) in current_grades(e, t) {
                *grades
                    .entry(scheme)
                    .or_default()
                    .entry(e.grades[i].grade.clone())
                    .or_default() += 1;
            }
            for h in &e.honours {
                if honour_current(h, t) {
                    *honours_current.entry(h.kind).or_default() += 1;
                }
            }
            let home = e
                .region
                .clone()
                .or_else(|| province_of_uscc(&e.uscc).map(|p| p.zh.to_string()));
            for s in &e.spot_checks {
                total.add(s.result);
                let cat = s.product_category.as_deref().unwrap_or(&s.product);
                by_category
                    .entry(cat.to_string())
                    .or_insert_with(|| Rate {
                        key: cat.to_string(),
                        ..Rate::default()
                    })
                    .add(s.result);
                let region = s
                    .region
                    .clone()
                    .or_else(|| home.clone())
                    .unwrap_or_else(|| UNKNOWN.to_string());
                by_region
                    .entry(region.clone())
                    .or_insert_with(|| Rate {
                        key: region,
                        ..Rate::default()
                    })
                    .add(s.result);
                let y = s.published_on.year();
                by_year
                    .entry(y)
                    .or_insert_with(|| Rate {
                        key: y.to_string(),
                        ..Rate::default()
                    })
                    .add(s.result);
            }
        }
        let grades = grades
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
            as_of: t,
            enterprises: enterprises.len(),
            blacklisted,
            cautioned,
            spot_checks: SpotCheckStats {
                total: total.finish(),
                by_category: top(by_category),
                by_region: top(by_region),
                by_year: by_year.into_values().map(Rate::finish).collect(),
            },
            grades,
            listings_in_force,
            enterprises_listed,
            honours_current,
        }
    }
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
