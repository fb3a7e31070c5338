//! The enterprise as shown: every fact with its status as of a date.
//!
//! [`EnterpriseView`] is the JSON of `zhixin show --json` (see
//! `shared/spec/cli.md`) and what the app's enterprise page renders, so the
//! CLI answers what the page shows.

use crate::day::Day;
use crate::model::{CheckResult, Enterprise, HonourKind, Level, ListKind, Scheme, Source};
use crate::sort::StableSort;
use crate::status::{grade_current, honour_current, listing_ends_on, listing_in_force, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `show --json` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseView {
    pub uscc: String,
    pub name: String,
    pub former_names: Vec<String>,
    pub blacklisted: bool,
    /// Ids of the caution lists in force (`abnormal-operation`).
    pub cautions: Vec<ListKind>,
    /// Current grade per scheme; a scheme without a current grade is absent.
    pub grades: BTreeMap<Scheme, String>,
    pub grade_history: Vec<GradeView>,
    pub listings: Vec<ListingView>,
    pub honours: Vec<HonourView>,
    pub spot_checks: Vec<SpotCheckView>,
    /// The date the status was computed for.
    pub as_of: Day,
    pub brands: Vec<String>,
    pub industry: Option<String>,
    pub address: Option<String>,
    pub status: Option<String>,
    pub region: Option<String>,
    pub established_on: Option<Day>,
    pub registration_no: Option<String>,
    pub org_code: Option<String>,
}

/// Fields every fact shares: the citation and where it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    /// One-line human citation.
    pub source: String,
    pub source_file: String,
    pub source_sheet: Option<String>,
    pub source_row: u32,
    pub source_url: Option<String>,
    pub document_no: Option<String>,
}

impl From<&Source> for SourceView {
    fn from(s: &Source) -> SourceView {
        SourceView {
            source: s.display(),
            source_file: s.file.clone(),
            source_sheet: s.sheet.clone(),
            source_row: s.row,
            source_url: s.url.clone(),
            document_no: s.document_no.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeView {
    pub scheme: Scheme,
    pub grade: String,
    pub issued_on: Day,
    pub valid_until: Option<Day>,
    pub current: bool,
    pub issued_by: String,
    pub note: Option<String>,
    #[serde(flatten)]
    pub source: SourceView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingView {
    pub list: ListKind,
    pub listed_on: Day,
    pub removed_on: Option<Day>,
    pub ends_on: Option<Day>,
    pub in_force: bool,
    pub annulled: bool,
    /// Removed after credit repair (信用修复) on `removed_on` by `removed_by`,
    /// by the as-of date (before it the listing was still in force).
    pub repaired: bool,
    pub listed_by: String,
    pub reason: String,
    pub basis: Option<String>,
    pub removal_reason: Option<String>,
    pub removed_by: Option<String>,
    #[serde(flatten)]
    pub source: SourceView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonourView {
    pub kind: HonourKind,
    pub title: String,
    pub brand: Option<String>,
    pub product: Option<String>,
    pub current: bool,
    pub awarded_on: Day,
    pub valid_until: Option<Day>,
    pub awarded_by: String,
    pub level: Option<Level>,
    pub certificate_no: Option<String>,
    #[serde(flatten)]
    pub source: SourceView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotCheckView {
    pub product: String,
    pub result: CheckResult,
    pub published_on: Day,
    pub checked_by: String,
    pub failed_items: Vec<String>,
    pub sampled_unit: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub batch: Option<String>,
    pub product_category: Option<String>,
    pub lab: Option<String>,
    pub programme: Option<String>,
    #[serde(flatten)]
    pub source: SourceView,
}

impl EnterpriseView {
    /// The view of `e` as of `t`. Facts are ordered newest first (grades by
    /// scheme, then newest first), so history reads top-down.
    pub fn new(e: &Enterprise, t: Day) -> EnterpriseView {
        let status = Status::of(e, t);
        let grades = status
            .current_grades
            .iter()
            .map(|(s, &i)| (*s, e.grades[i].grade.clone()))
            .collect();
        let current_idx: Vec<usize> = status.current_grades.values().copied().collect();
        let mut grade_history: Vec<(usize, GradeView)> = e
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| {
                (
                    i,
                    GradeView {
                        scheme: g.scheme,
                        grade: g.grade.clone(),
                        issued_on: g.issued_on,
                        valid_until: g.valid_until,
                        // Only the scheme's chosen grade is current; an older
                        // grade still inside its validity is history.
                        current: current_idx.contains(&i) && grade_current(g, t),
                        issued_by: g.issued_by.clone(),
                        note: g.note.clone(),
                        source: (&g.source).into(),
                    },
                )
            })
            .collect();
        grade_history.stable_sort_by(|(_, a), (_, b)| {
            a.scheme.cmp(&b.scheme).then(b.issued_on.cmp(&a.issued_on))
        });
        let mut listings: Vec<ListingView> = e
            .listings
            .iter()
            .map(|l| ListingView {
                list: l.list,
                listed_on: l.listed_on,
                removed_on: l.removed_on,
                ends_on: listing_ends_on(l),
                in_force: listing_in_force(l, t),
                annulled: l.annulled,
                repaired: l.repaired && l.removed_on.is_some_and(|r| r <= t),
                listed_by: l.listed_by.clone(),
                reason: l.reason.clone(),
                basis: l.basis.clone(),
                removal_reason: l.removal_reason.clone(),
                removed_by: l.removed_by.clone(),
                source: (&l.source).into(),
            })
            .collect();
        listings.stable_sort_by(|a, b| {
            b.in_force
                .cmp(&a.in_force)
                .then(b.listed_on.cmp(&a.listed_on))
        });
        let mut honours: Vec<HonourView> = e
            .honours
            .iter()
            .map(|h| HonourView {
                kind: h.kind,
                title: h.title.clone(),
                brand: h.brand.clone(),
                product: h.product.clone(),
                current: honour_current(h, t),
                awarded_on: h.awarded_on,
                valid_until: h.valid_until,
                awarded_by: h.awarded_by.clone(),
                level: h.level,
                certificate_no: h.certificate_no.clone(),
                source: (&h.source).into(),
            })
            .collect();
        honours.stable_sort_by(|a, b| {
            b.current
                .cmp(&a.current)
                .then(b.awarded_on.cmp(&a.awarded_on))
        });
        let mut spot_checks: Vec<SpotCheckView> = e
            .spot_checks
            .iter()
            .map(|s| SpotCheckView {
                product: s.product.clone(),
                result: s.result,
                published_on: s.published_on,
                checked_by: s.checked_by.clone(),
                failed_items: s.failed_items.clone(),
                sampled_unit: s.sampled_unit.clone(),
                brand: s.brand.clone(),
                model: s.model.clone(),
                batch: s.batch.clone(),
                product_category: s.product_category.clone(),
                lab: s.lab.clone(),
                programme: s.programme.clone(),
                source: (&s.source).into(),
            })
            .collect();
        spot_checks.stable_sort_by_key(|s| std::cmp::Reverse(s.published_on));
        EnterpriseView {
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            former_names: e.former_names.clone(),
            blacklisted: status.blacklisted,
            cautions: status.cautions,
            grades,
            grade_history: grade_history.into_iter().map(|(_, g)| g).collect(),
            listings,
            honours,
            spot_checks,
            as_of: t,
            brands: e.brands.clone(),
            industry: e.industry.clone(),
            address: e.address.clone(),
            status: e.status.clone(),
            region: e.region.clone(),
            established_on: e.established_on,
            registration_no: e.registration_no.clone(),
            org_code: e.org_code.clone(),
        }
    }
}
