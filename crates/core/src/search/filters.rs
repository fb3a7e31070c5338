//! The filters on results ([`Filters`]): region, industry, and the
//! time-dependent ones (blacklisted, honours, grade) evaluated on a day.

use crate::day::Day;
use crate::format::Card;
use crate::model::Scheme;
use crate::uscc;

/// Filters on results, evaluated on the date `on` (the viewer's today, or
/// the CLI's `--as-of`; the registry's as-of date when `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only enterprises with a blacklist listing in force.
    pub blacklisted: bool,
    /// Only enterprises with a current honour.
    pub honours: bool,
    /// Only enterprises with a current grade in this scheme …
    pub scheme: Option<Scheme>,
    /// … at this grade or better (a grade of `scheme`; any grade when `None`).
    pub min_grade: Option<String>,
    /// Only codes whose division digits (positions 3–8) start with this.
    pub region: Option<String>,
    /// Only enterprises whose industry contains this.
    pub industry: Option<String>,
    pub on: Option<Day>,
}

impl Filters {
    /// True when no filter is set (`on` aside).
    pub fn is_empty(&self) -> bool {
        Filters {
            on: None,
            ..self.clone()
        } == Filters::default()
    }

    /// True when `card` passes on `day`.
    pub fn accepts(&self, card: &Card, day: Option<Day>) -> bool {
        if let Some(r) = &self.region {
            if !uscc::division(&card.uscc).is_some_and(|d| d.starts_with(r.as_str())) {
                return false;
            }
        }
        if let Some(i) = &self.industry {
            if !card
                .industry
                .as_deref()
                .is_some_and(|x| x.contains(i.as_str()))
            {
                return false;
            }
        }
        if !(self.blacklisted || self.honours || self.scheme.is_some()) {
            return true;
        }
        // Time-dependent filters need a date; without one nothing passes
        // rather than passing on a guessed date.
        let Some(day) = day else { return false };
        let st = card.status(day);
        if self.blacklisted && !st.blacklisted {
            return false;
        }
        if self.honours && st.current_honours == 0 {
            return false;
        }
        if let Some(scheme) = self.scheme {
            let Some(&i) = st.current_grades.get(&scheme) else {
                return false;
            };
            if let Some(min) = &self.min_grade {
                match (scheme.rank(&card.grades[i].grade), scheme.rank(min)) {
                    (Some(have), Some(need)) if have <= need => {}
                    _ => return false,
                }
            }
        }
        true
    }
}
