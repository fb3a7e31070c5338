//! The registry's model: an enterprise and the facts published about it.
//!
//! These types are what the compiler produces from source rows and what the
//! record chunks of the index hold (see `format`). Each fact keeps its
//! [`Source`]. Status (in force, current) is never stored: it is computed as of
//! a date by `status`.

use crate::day::Day;
use serde::{Deserialize, Serialize};

/// Where a fact came from: the source file and row a publisher can look up,
/// plus the publisher's own citation when the table gave one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Source file name, relative to the source folder.
    pub file: String,
    /// Sheet name, for spreadsheets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The row number a person sees in the spreadsheet or CSV.
    pub row: u32,
    /// The publisher's citation: the `source` column, or the table's caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// An `http`/`https` link to the publication (other schemes are never kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The document number (文号) of the decision or notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_no: Option<String>,
}

impl Source {
    /// A one-line human citation: the publisher's citation when given, then
    /// the document number, then file, sheet and row.
    pub fn display(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.citation {
            parts.push(c.clone());
        }
        if let Some(d) = &self.document_no {
            parts.push(d.clone());
        }
        let mut loc = self.file.clone();
        if let Some(s) = &self.sheet {
            loc.push_str(&format!(" [{s}]"));
        }
        loc.push_str(&format!(" row {}", self.row));
        parts.push(loc);
        parts.join("; ")
    }
}

/// Macro for the closed vocabularies of the contract: a kebab-case id, the
/// Chinese names accepted in source tables, and a Chinese display label.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $id:literal, $label:literal, [$($alias:literal),*];)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vm])* $var,)* }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [$name] = &[$($name::$var,)*];

            /// The stable id used in JSON and URLs.
            pub fn id(self) -> &'static str {
                match self { $($name::$var => $id,)* }
            }

            /// The Chinese name shown to people.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$var => $label,)* }
            }

            /// Reads an id or one of the accepted Chinese names (spaces ignored).
            pub fn parse(s: &str) -> Option<$name> {
                let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                let t = t.to_ascii_lowercase();
                $(
                    if t == $id || t == $label $(|| t == $alias)* {
                        return Some($name::$var);
                    }
                )*
                None
            }
        }
    };
}

vocabulary! {
    /// A grading scheme. Grades of different schemes are never compared.
    Scheme {
        /// 质量诚信等级: AAA, AA, A, B, C, D.
        QualityIntegrity = "quality-integrity", "质量诚信等级", ["质量诚信", "质量诚信评价", "企业质量诚信等级"];
        /// GB/T 22116 信用等级: three classes, nine grades.
        CreditRating = "credit-rating", "信用等级", ["gb/t22116", "gb/t22116信用等级", "企业信用等级", "信用评价"];
        /// Provincial 质量信用等级: AAA, AA, A.
        QualityCredit = "quality-credit", "质量信用等级", ["质量信用", "质量信用评价", "企业质量信用等级"];
    }
}

impl Scheme {
    /// The scheme's grades, best first.
    pub fn grades(self) -> &'static [&'static str] {
        match self {
            Scheme::QualityIntegrity => &["AAA", "AA", "A", "B", "C", "D"],
            Scheme::CreditRating => &["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"],
            Scheme::QualityCredit => &["AAA", "AA", "A"],
        }
    }

    /// The rank of `grade` in this scheme (0 = best), or `None` if it is not one of its grades.
    pub fn rank(self, grade: &str) -> Option<usize> {
        self.grades().iter().position(|g| *g == grade)
    }
}

vocabulary! {
    /// A blacklist or watch list.
    ListKind {
        /// 严重违法失信名单: a blacklist, three years at most.
        SeriousViolation = "serious-violation", "严重违法失信名单", ["严重违法失信企业名单", "严重违法失信", "黑名单", "严重违法失信名单（黑名单）"];
        /// 经营异常名录: a caution, no time limit.
        AbnormalOperation = "abnormal-operation", "经营异常名录", ["经营异常", "经营异常名单"];
        /// 质量黑名单: a blacklist.
        QualityBlacklist = "quality-blacklist", "质量黑名单", ["质量失信黑名单", "产品质量黑名单"];
    }
}

impl ListKind {
    /// True for the lists that make an enterprise *blacklisted* while in force.
    pub fn is_blacklist(self) -> bool {
        matches!(
            self,
            ListKind::SeriousViolation | ListKind::QualityBlacklist
        )
    }

    /// The longest a listing stays in force, in years; `None` for no limit.
    pub fn max_years(self) -> Option<i32> {
        match self {
            ListKind::SeriousViolation => Some(3),
            ListKind::AbnormalOperation | ListKind::QualityBlacklist => None,
        }
    }
}

vocabulary! {
    /// The kind of a brand or quality honour.
    HonourKind {
        /// 政府质量奖.
        QualityAward = "quality-award", "政府质量奖", ["质量奖"];
        /// 名牌产品 (including the abolished 中国名牌).
        BrandProduct = "brand-product", "名牌产品", ["中国名牌", "中国名牌产品", "省名牌产品", "名牌"];
        /// 驰名商标.
        WellKnownTrademark = "well-known-trademark", "驰名商标", ["中国驰名商标"];
        /// 地理标志产品.
        GeographicalIndication = "geographical-indication", "地理标志产品", ["地理标志", "地理标志保护产品"];
        /// 老字号.
        TimeHonouredBrand = "time-honoured-brand", "老字号", ["中华老字号"];
        /// 质量管理体系认证 and other certifications.
        Certification = "certification", "认证", ["质量管理体系认证", "产品认证", "体系认证"];
        /// 著名商标: a provincial or municipal title whose recognition has
        /// been abolished; its rows are history, never current.
        FamousTrademark = "famous-trademark", "著名商标", [];
    }
}

vocabulary! {
    /// The level of the body that awarded an honour.
    Level {
        National = "national", "国家级", ["国家"];
        Provincial = "provincial", "省级", ["省"];
        Municipal = "municipal", "市级", ["市"];
        District = "district", "区县级", ["区级", "县级", "区"];
    }
}

vocabulary! {
    /// The outcome of one sample in a spot check.
    CheckResult {
        Pass = "pass", "合格", ["符合", "p"];
        Fail = "fail", "不合格", ["不符合", "f"];
    }
}

/// One credit or integrity grade awarded to an enterprise (a `grades` row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub scheme: Scheme,
    /// One of `scheme.grades()`.
    pub grade: String,
    pub issued_by: String,
    pub issued_on: Day,
    /// Last day of validity (inclusive); `None` when none was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source: Source,
}

/// One entry on a blacklist or watch list (a `listings` row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub list: ListKind,
    pub listed_on: Day,
    pub listed_by: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// First day no longer listed (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_on: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<String>,
    /// The listing was annulled (撤销, as on credit repair), not merely
    /// removed: it is never shown as having been in force. Set once by the
    /// compiler from the removal reason it read; readers never parse text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub annulled: bool,
    /// The listing was removed early after credit repair (信用修复): it was in
    /// force from `listed_on` until `removed_on` (so unlike an annulment it
    /// has a history), and it did not merely run out by the time rules. Set
    /// once by the compiler from the removal reason it read, like `annulled`
    /// (never both); `removed_on` and `removed_by` say when and by whom.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repaired: bool,
    pub source: Source,
}

impl Grade {
    /// A grade as issued, with no validity dates or note: the fields every
    /// grade has. Set the optional ones with struct update syntax.
    pub fn new(
        scheme: Scheme,
        grade: impl Into<String>,
        issued_by: impl Into<String>,
        issued_on: Day,
        source: Source,
    ) -> Self {
        Grade {
            scheme,
            grade: grade.into(),
            issued_by: issued_by.into(),
            issued_on,
            valid_until: None,
            valid_from: None,
            note: None,
            source,
        }
    }
}

impl Listing {
    /// A listing in force from `listed_on` and never removed: the fields
    /// every listing has. Set the optional ones (basis, removal, flags) with
    /// struct update syntax.
    pub fn new(
        list: ListKind,
        listed_on: Day,
        listed_by: impl Into<String>,
        reason: impl Into<String>,
        source: Source,
    ) -> Self {
        Listing {
            list,
            listed_on,
            listed_by: listed_by.into(),
            reason: reason.into(),
            basis: None,
            removed_on: None,
            removal_reason: None,
            removed_by: None,
            annulled: false,
            repaired: false,
            source,
        }
    }
}

/// One brand or quality honour (an `honours` row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Honour {
    pub kind: HonourKind,
    pub title: String,
    pub awarded_by: String,
    pub awarded_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_no: Option<String>,
    /// An abolished title: China Top Brand (中国名牌) was abolished in 2008
    /// and none is valid after 2012, and the recognition of famous
    /// trademarks (著名商标) has been abolished, so such an honour is history
    /// whatever its dates say. Set once by the compiler from the kind and
    /// title it read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub abolished: bool,
    pub source: Source,
}

/// One product sample in a supervision spot check (one or more `spot_checks` rows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotCheck {
    pub product: String,
    pub result: CheckResult,
    pub checked_by: String,
    pub published_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_items: Vec<String>,
    /// The unit the sample was taken from, when it is not the producer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampled_unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_category: Option<String>,
    /// The laboratory (承检机构), distinct from `checked_by`, the authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<String>,
    /// 国抽, 省抽 …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub source: Source,
}

/// An enterprise and every fact published about it: one record of the registry.
///
/// Stored in the record chunks (`rec/…`, see `format`), keyed by `uscc`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enterprise {
    /// The 18-character Unified Social Credit Code.
    pub uscc: String,
    pub name: String,
    /// Former names and other names the enterprise appeared under, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Registration status as published (存续, 在业, 注销, 吊销, 迁出).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established_on: Option<Day>,
    /// Region as published; when absent the app derives it from the code's division digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_code: Option<String>,
    /// Brands the enterprise is known by (from honours and spot checks), for search.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brands: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<Grade>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<Listing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub honours: Vec<Honour>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spot_checks: Vec<SpotCheck>,
    /// Where the master record came from, when an `enterprises` row gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}
