//! The facts published about a fictional enterprise: grade histories,
//! listings (in force, removed, annulled, expired), honours (current,
//! expired, abolished) and spot-check samples, with realistic frequencies.
//!
//! Dates are arranged around the demo's as-of date. The first few
//! enterprises play fixed roles for the browser tests (see [`Role`]); their
//! status holds for months on either side of the as-of date, because the app
//! computes status against the viewer's today.

use super::ent::{Ent, STREAM_FACTS};
use super::rng::Rng;
use super::vocab::*;
use zhixin_core::{
    CheckResult, Day, Grade, Honour, HonourKind, Level, ListKind, Listing, Scheme, Source,
    SpotCheck,
};

/// Every fact about one enterprise, as the core models them (sources are
/// filled in by the build, not here).
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub grades: Vec<Grade>,
    pub listings: Vec<Listing>,
    pub honours: Vec<Honour>,
    pub spot_checks: Vec<SpotCheck>,
}

impl Facts {
    pub fn is_empty(&self) -> bool {
        self.grades.is_empty()
            && self.listings.is_empty()
            && self.honours.is_empty()
            && self.spot_checks.is_empty()
    }
}

/// The fixed roles of the first enterprises (the browser tests' cases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Blacklisted,
    Caution,
    ExpiredListing,
    Graded,
    Honoured,
    Xss,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Blacklisted,
        Role::Caution,
        Role::ExpiredListing,
        Role::Graded,
        Role::Honoured,
        Role::Xss,
    ];

    pub fn of(idx: u32) -> Option<Role> {
        Role::ALL.get(idx as usize).copied()
    }
}

/// The municipal bureau of an enterprise's place (fictional).
pub fn city_bureau(e: &Ent) -> String {
    format!("{}市市场监督管理局（虚构）", e.place())
}

/// The provincial bureau of an enterprise's province (fictional name).
pub fn prov_bureau(e: &Ent) -> String {
    format!("{}省市场监督管理局（虚构）", PROVINCE_FICT[e.province])
}

fn prov(e: &Ent) -> &'static str {
    PROVINCE_FICT[e.province]
}

fn days(d: Day, n: i64) -> Day {
    d.add_days(n as i32)
}

fn doc_no(rng: &mut Rng, prefix: &str, d: Day) -> String {
    format!("{prefix}〔{}〕{}号", d.year(), 1 + rng.below(180))
}

fn source_url(rng: &mut Rng, what: &str) -> Option<String> {
    rng.chance(0.3).then(|| {
        format!(
            "https://example.org/zhixin-demo/{what}/{}.html",
            1000 + rng.below(9000)
        )
    })
}

/// Generates the facts of `e` as of `as_of`.
pub fn generate(e: &Ent, seed: u64, as_of: Day) -> Facts {
    let mut rng = Rng::for_item(seed, STREAM_FACTS, e.idx as u64);
    if let Some(role) = Role::of(e.idx) {
        return role_facts(e, role, &mut rng, as_of);
    }
    let mut f = Facts::default();
    if rng.chance(0.12) {
        grades(e, &mut rng, as_of, &mut f);
    }
    if rng.chance(0.035) {
        f.listings
            .push(listing(e, &mut rng, as_of, ListKind::AbnormalOperation));
    }
    if rng.chance(0.016) {
        f.listings
            .push(listing(e, &mut rng, as_of, ListKind::SeriousViolation));
    }
    if rng.chance(0.006) {
        f.listings
            .push(listing(e, &mut rng, as_of, ListKind::QualityBlacklist));
    }
    if rng.chance(0.06) {
        for _ in 0..1 + rng.below(2) {
            f.honours.push(honour(e, &mut rng, as_of, None));
        }
    }
    if rng.chance(0.25) {
        for _ in 0..1 + rng.below(3) {
            f.spot_checks.push(spot_check(e, &mut rng, as_of, None));
        }
    }
    // A brand is known from honours and spot checks: make sure it appears in one.
    if e.brand.is_some()
        && !f.honours.iter().any(|h| h.brand.is_some())
        && !f.spot_checks.iter().any(|s| s.brand.is_some())
    {
        let mut s = spot_check(e, &mut rng, as_of, None);
        s.brand = e.brand.clone();
        f.spot_checks.push(s);
    }
    f
}

/// Histories of one to three schemes, each with earlier (expired) grades.
fn grades(e: &Ent, rng: &mut Rng, as_of: Day, f: &mut Facts) {
    let n = 1 + rng.weighted(&[70, 25, 5]);
    let mut schemes = vec![
        Scheme::QualityIntegrity,
        Scheme::CreditRating,
        Scheme::QualityCredit,
    ];
    for _ in 0..n {
        let s = schemes.remove(rng.weighted(&vec![3; schemes.len()]));
        let history = 1 + rng.weighted(&[45, 35, 20]);
        grade_history(e, rng, as_of, s, history, f);
    }
}

fn grade_history(e: &Ent, rng: &mut Rng, as_of: Day, s: Scheme, n: usize, f: &mut Facts) {
    let years = match s {
        Scheme::CreditRating => 2,
        _ => 3,
    };
    let mut on = days(as_of, -rng.range(200, 365 * 9));
    let grades = s.grades();
    let mut g = rng.below(grades.len().min(5));
    for _ in 0..n {
        if on > as_of {
            break;
        }
        let valid_until = (!rng.chance(0.08)).then(|| on.add_years(years).add_days(-1));
        let issued_by = match s {
            Scheme::QualityIntegrity => {
                if rng.chance(0.5) {
                    format!("{}省质量诚信评价委员会（虚构）", prov(e))
                } else {
                    format!("{}市质量诚信促进会（虚构）", e.place())
                }
            }
            Scheme::CreditRating => rng.pick(RATING_AGENCIES).to_string(),
            Scheme::QualityCredit => prov_bureau(e),
        };
        let note = rng.chance(0.1).then(|| "演示数据".to_string());
        f.grades.push(Grade {
            scheme: s,
            grade: grades[g].to_string(),
            issued_by,
            issued_on: on,
            valid_until,
            valid_from: None,
            note,
            source: Source {
                document_no: Some(doc_no(rng, &format!("{}质评", prov(e)), on)),
                url: source_url(rng, "grades"),
                ..Source::default()
            },
        });
        // The next evaluation comes around when this one expires; the grade
        // moves by a step or stays.
        on = days(on, years as i64 * 365 + rng.range(-60, 200));
        g = match rng.below(3) {
            0 if g > 0 => g - 1,
            1 if g + 1 < grades.len() => g + 1,
            _ => g,
        };
    }
}

fn listing(e: &Ent, rng: &mut Rng, as_of: Day, list: ListKind) -> Listing {
    let listed_on = days(as_of, -rng.range(10, 365 * 7));
    let (reason, basis, listed_by) = match list {
        ListKind::SeriousViolation => (
            rng.pick(SERIOUS_REASONS),
            Some(rng.pick(SERIOUS_BASIS)),
            city_bureau(e),
        ),
        ListKind::AbnormalOperation => (
            rng.pick(ABNORMAL_REASONS),
            Some(rng.pick(ABNORMAL_BASIS)),
            city_bureau(e),
        ),
        ListKind::QualityBlacklist => (rng.pick(QUALITY_REASONS), None, prov_bureau(e)),
    };
    let source = Source {
        document_no: Some(doc_no(rng, &format!("{}市监列", e.place()), listed_on)),
        url: source_url(rng, "listings"),
        ..Source::default()
    };
    let mut l = Listing {
        basis: basis.map(|b| b.to_string()),
        ..Listing::new(list, listed_on, listed_by.clone(), *reason, source)
    };
    let remove = |l: &mut Listing, on: Day, why: &str| {
        if on <= as_of {
            l.removed_on = Some(on);
            l.removal_reason = Some(why.to_string());
            l.removed_by = Some(listed_by.clone());
        }
    };
    let age = as_of.to_epoch_days() - listed_on.to_epoch_days();
    if rng.chance(0.04) {
        let on = days(listed_on, rng.range(20, 200));
        remove(&mut l, on, "撤销（列入依据错误）");
        // Annulled, when the annulment is published by the as-of date.
        l.annulled = l.removal_reason.is_some();
    } else if list == ListKind::SeriousViolation && age > 3 * 365 + 2 {
        // Older than three years: half were formally removed on expiry, the
        // other half simply ran out under the three-year rule.
        if rng.chance(0.5) {
            remove(&mut l, listed_on.period_end_exclusive(3), "期满");
        }
    } else if rng.chance(if list == ListKind::AbnormalOperation {
        0.45
    } else {
        0.2
    }) {
        let on = days(listed_on, rng.range(30, 900));
        remove(&mut l, on, "信用修复");
        l.repaired = l.removal_reason.is_some();
    }
    l
}

fn honour(e: &Ent, rng: &mut Rng, as_of: Day, kind: Option<HonourKind>) -> Honour {
    let kind = kind.unwrap_or_else(|| {
        [
            HonourKind::BrandProduct,
            HonourKind::QualityAward,
            HonourKind::WellKnownTrademark,
            HonourKind::GeographicalIndication,
            HonourKind::TimeHonouredBrand,
            HonourKind::Certification,
        ][rng.weighted(&[35, 10, 8, 7, 8, 32])]
    });
    let product = rng.pick(e.industry().products).to_string();
    let mut awarded_on = days(as_of, -rng.range(30, 365 * 10));
    let mut valid_until = None;
    let mut level = None;
    let mut certificate_no = None;
    let mut abolished = false;
    let (title, awarded_by) = match kind {
        HonourKind::BrandProduct => {
            if rng.chance(0.1) {
                // China Top Brand: abolished in 2008, history only.
                awarded_on = Day::from_ymd(2002 + rng.below(6) as i32, 9, 1 + rng.below(28) as u8)
                    .unwrap_or(awarded_on);
                valid_until = Some(awarded_on.add_years(3).add_days(-1));
                level = Some(Level::National);
                abolished = true;
                (
                    "中国名牌产品".to_string(),
                    "中国名牌战略推进委员会（虚构）".to_string(),
                )
            } else if rng.chance(0.6) {
                valid_until = Some(awarded_on.add_years(3).add_days(-1));
                level = Some(Level::Provincial);
                (
                    format!("{}省名牌产品", prov(e)),
                    format!("{}省名牌战略推进委员会（虚构）", prov(e)),
                )
            } else {
                valid_until = Some(awarded_on.add_years(3).add_days(-1));
                level = Some(Level::Municipal);
                (
                    format!("{}市名牌产品", e.place()),
                    format!("{}市人民政府（虚构）", e.place()),
                )
            }
        }
        HonourKind::QualityAward => {
            if rng.chance(0.5) {
                // Dated to the month only in some lists (see `files`).
                awarded_on =
                    Day::from_ymd(awarded_on.year(), awarded_on.month(), 1).unwrap_or(awarded_on);
            }
            let municipal = rng.chance(0.6);
            level = Some(if municipal {
                Level::Municipal
            } else {
                Level::Provincial
            });
            if rng.chance(0.5) {
                valid_until = Some(awarded_on.add_years(5).add_days(-1));
            }
            if municipal {
                (
                    format!("{}市政府质量奖", e.place()),
                    format!("{}市人民政府（虚构）", e.place()),
                )
            } else {
                (
                    format!("{}省政府质量奖", prov(e)),
                    format!("{}省人民政府（虚构）", prov(e)),
                )
            }
        }
        HonourKind::WellKnownTrademark => {
            level = Some(Level::National);
            awarded_on = Day::from_ymd(
                2000 + rng.below(14) as i32,
                1 + rng.below(12) as u8,
                1 + rng.below(28) as u8,
            )
            .unwrap_or(awarded_on);
            (
                "驰名商标".to_string(),
                "演示商标评审机构（虚构）".to_string(),
            )
        }
        HonourKind::GeographicalIndication => {
            level = Some(Level::National);
            (
                format!("{}{}", e.place(), product),
                "演示地理标志保护办公室（虚构）".to_string(),
            )
        }
        HonourKind::TimeHonouredBrand => {
            // Recognised by year (认定年份): the first of January of that year.
            awarded_on = Day::from_ymd(awarded_on.year(), 1, 1).unwrap_or(awarded_on);
            let national = rng.chance(0.3);
            level = Some(if national {
                Level::National
            } else {
                Level::Provincial
            });
            if national {
                (
                    "中华老字号".to_string(),
                    "演示商务主管部门（虚构）".to_string(),
                )
            } else {
                (
                    format!("{}老字号", prov(e)),
                    format!("{}省商务厅（虚构）", prov(e)),
                )
            }
        }
        HonourKind::Certification => {
            awarded_on = days(as_of, -rng.range(30, 365 * 6));
            valid_until = Some(awarded_on.add_years(3).add_days(-1));
            certificate_no = Some(format!(
                "DEMO-QMS-{}-{:06}",
                awarded_on.year(),
                rng.below(1_000_000)
            ));
            (
                "质量管理体系认证（GB/T 19001）".to_string(),
                "云证认证有限公司（虚构）".to_string(),
            )
        }
        // Never drawn above, so the demo's tables stay as they were; a caller
        // asking for one gets an abolished provincial title, as the contract
        // says such rows are history.
        HonourKind::FamousTrademark => {
            level = Some(Level::Provincial);
            abolished = true;
            (
                format!("{}省著名商标", prov(e)),
                format!("{}省工商行政管理局（虚构）", prov(e)),
            )
        }
    };
    let brand = match kind {
        HonourKind::Certification | HonourKind::GeographicalIndication => None,
        _ => e.brand.clone(),
    };
    Honour {
        kind,
        title,
        awarded_by,
        awarded_on,
        valid_until,
        product: Some(product),
        brand,
        level,
        certificate_no,
        abolished,
        source: Source {
            document_no: Some(doc_no(rng, "演示荣", awarded_on)),
            url: source_url(rng, "honours"),
            ..Source::default()
        },
    }
}

fn spot_check(e: &Ent, rng: &mut Rng, as_of: Day, result: Option<CheckResult>) -> SpotCheck {
    let ind = e.industry();
    let fail = result.map_or_else(|| rng.chance(0.12), |r| r == CheckResult::Fail);
    let published_on = days(as_of, -rng.range(5, 365 * 5));
    let made = days(published_on, -rng.range(20, 200));
    let programme = *rng.pick(PROGRAMMES);
    let checked_by = match programme {
        "国抽" => "演示国家产品质量监督抽查办公室（虚构）".to_string(),
        "省抽" => prov_bureau(e),
        _ => city_bureau(e),
    };
    let mut failed_items = Vec::new();
    if fail {
        let n = 1 + rng.weighted(&[60, 30, 10]);
        while failed_items.len() < n.min(ind.failed_items.len()) {
            let it = rng.pick(ind.failed_items).to_string();
            if !failed_items.contains(&it) {
                failed_items.push(it);
            }
        }
    }
    let sampled_unit = rng.chance(0.35).then(|| {
        let p = super::names::pools();
        let place: String = p.places[rng.below(p.places.len())].iter().collect();
        if rng.chance(0.5) {
            format!(
                "{place}市{}{}超市（虚构）",
                rng.pick(ROADS),
                ["一", "二", "三"][rng.below(3)]
            )
        } else {
            format!("{place}{}商贸有限公司（虚构）", rng.pick(ROADS))
        }
    });
    SpotCheck {
        product: rng.pick(ind.products).to_string(),
        result: if fail {
            CheckResult::Fail
        } else {
            CheckResult::Pass
        },
        checked_by,
        published_on,
        brand: e.brand.clone().filter(|_| rng.chance(0.8)),
        model: Some(if ind.food {
            format!("{}g/袋", 100 * (1 + rng.below(10)))
        } else {
            format!("DM-{}", 100 + rng.below(900))
        }),
        batch: Some(format!(
            "{}/{}",
            super::sink::format_date(made, super::sink::DateStyle::Compact),
            ["A", "B", "C"][rng.below(3)]
        )),
        failed_items,
        sampled_unit,
        product_category: Some(ind.category.to_string()),
        lab: Some(rng.pick(LABS).to_string()),
        programme: Some(programme.to_string()),
        region: None,
        source: Source {
            document_no: Some(doc_no(rng, &format!("{}市监抽", e.place()), published_on)),
            url: source_url(rng, "spot-checks"),
            ..Source::default()
        },
    }
}

/// The facts of the fixed-role enterprises. Each status holds from a year
/// before the as-of date to a year after it.
fn role_facts(e: &Ent, role: Role, rng: &mut Rng, as_of: Day) -> Facts {
    let mut f = Facts::default();
    let bare = |list: ListKind, listed_on: Day, reason: &str| {
        let source = Source {
            document_no: Some(format!("{}市监列〔{}〕8号", e.place(), listed_on.year())),
            ..Source::default()
        };
        Listing::new(list, listed_on, city_bureau(e), reason, source)
    };
    match role {
        Role::Blacklisted => {
            let mut l = bare(
                ListKind::SeriousViolation,
                days(as_of, -400),
                SERIOUS_REASONS[2],
            );
            l.basis = Some(SERIOUS_BASIS[0].to_string());
            f.listings.push(l);
            f.spot_checks
                .push(spot_check(e, rng, as_of, Some(CheckResult::Fail)));
        }
        Role::Caution => {
            f.listings.push(bare(
                ListKind::AbnormalOperation,
                days(as_of, -500),
                ABNORMAL_REASONS[0],
            ));
        }
        Role::ExpiredListing => {
            // Listed four and a half years ago, never removed: the
            // three-year limit has ended it.
            f.listings.push(bare(
                ListKind::SeriousViolation,
                days(as_of, -(4 * 365 + 180)),
                SERIOUS_REASONS[0],
            ));
        }
        Role::Graded => {
            let g = |s: Scheme, grade: &str, on: Day, years: i32, by: String| Grade {
                valid_until: Some(on.add_years(years).add_days(-1)),
                ..Grade::new(s, grade, by, on, Source::default())
            };
            let qi = format!("{}省质量诚信评价委员会（虚构）", prov(e));
            f.grades.push(g(
                Scheme::QualityIntegrity,
                "A",
                days(as_of, -(365 * 3 + 400)),
                3,
                qi.clone(),
            ));
            f.grades
                .push(g(Scheme::QualityIntegrity, "AA", days(as_of, -400), 3, qi));
            f.grades.push(g(
                Scheme::CreditRating,
                "BBB",
                days(as_of, -(365 * 2 + 380)),
                2,
                RATING_AGENCIES[0].to_string(),
            ));
            f.grades.push(g(
                Scheme::CreditRating,
                "AA",
                days(as_of, -380),
                3,
                RATING_AGENCIES[0].to_string(),
            ));
        }
        Role::Honoured => {
            let mut h = honour(e, rng, as_of, Some(HonourKind::Certification));
            h.awarded_on = days(as_of, -300);
            h.valid_until = Some(h.awarded_on.add_years(3).add_days(-1));
            f.honours.push(h);
            let mut h = honour(e, rng, as_of, Some(HonourKind::QualityAward));
            h.awarded_on = days(as_of, -420);
            h.valid_until = None;
            f.honours.push(h);
            let mut h = honour(e, rng, as_of, Some(HonourKind::BrandProduct));
            h.title = "中国名牌产品".to_string();
            h.abolished = true;
            h.awarded_on = Day::from_ymd(2006, 9, 1).unwrap_or(as_of);
            h.valid_until = Some(h.awarded_on.add_years(3).add_days(-1));
            f.honours.push(h);
        }
        Role::Xss => {
            let mut l = bare(
                ListKind::AbnormalOperation,
                days(as_of, -200),
                "\"><img src=x onerror=alert(1)>未按期公示年度报告<script>alert('reason')</script>",
            );
            l.source.url = Some("javascript:alert(document.domain)".to_string());
            f.listings.push(l);
        }
    }
    f
}
