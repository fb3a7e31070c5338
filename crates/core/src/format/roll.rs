//! The roll chunks (`roll/{id}/…`): one entry per listing, honour or grade;
//! and each roll's index (`rollx/{id}/…`): one short line per entry, all a
//! list page needs to count, filter, sort, page and download the whole roll
//! for any day.

use super::json::Json;
use super::{Card, FormatError, FormatErrorKind};
use crate::model::{Grade, Honour, Listing};
use serde::{Deserialize, Serialize};

/// One entry of a roll page: the enterprise's card and the fact that put it on the roll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollEntry {
    pub card: Card,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listing: Option<Listing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honour: Option<Honour>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
}

/// A roll chunk (`roll/{id}/…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollPage {
    pub entries: Vec<RollEntry>,
}

impl RollPage {
    pub fn decode(bytes: &[u8]) -> Result<RollPage, FormatError> {
        serde_json::from_slice(bytes).map_err(|e| FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt(e.to_string()),
        })
    }
}

impl RollPage {
    /// The cards of a roll page's entries, in order, without their facts:
    /// what a search that browses rolls (filters and no query) shows. Read by
    /// the hand-written reader of [`super::json`], so that the search engine
    /// part holds no serde decoder (of the card, nor of the whole facts).
    pub fn cards(bytes: &[u8]) -> Result<Vec<Card>, FormatError> {
        let mut j = Json::new(bytes);
        let mut cards = Vec::new();
        let mut entries = false;
        j.object(&mut |j, key| {
            if key != "entries" {
                return j.skip();
            }
            entries = true;
            j.array(&mut |j, _| {
                let mut card = None;
                j.object(&mut |j, key| {
                    if key == "card" {
                        card = Some(Card::read(j)?);
                        Ok(())
                    } else {
                        j.skip()
                    }
                })?;
                cards.push(card.ok_or_else(|| j.error("missing field `card`"))?);
                Ok(())
            })
        })?;
        j.end()?;
        if !entries {
            return Err(j.error("missing field `entries`"));
        }
        Ok(cards)
    }
}

/// One line of a roll's index, in the roll's order (newest fact first, then
/// by code), as a JSON array: credit code, name, the fact's date (listed or
/// awarded on; a grade's issue date), the span in which it is in force
/// (`[from, until)`, `until` null while it has no end; the core's
/// `listing_span`, `honour_span`, `grade_span`), and the detail a list page
/// shows (a listing's reason, an honour's title, a grade). About a tenth of
/// the bytes of a roll page's entry, which carries the enterprise's card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollLine(
    pub String,
    pub String,
    pub crate::day::Day,
    pub crate::day::Day,
    pub Option<crate::day::Day>,
    pub String,
);

impl RollLine {
    pub fn uscc(&self) -> &str {
        &self.0
    }
    pub fn name(&self) -> &str {
        &self.1
    }
    pub fn date(&self) -> crate::day::Day {
        self.2
    }
    /// In force (a listing) or current (an honour, a grade) on `t`.
    pub fn on(&self, t: crate::day::Day) -> bool {
        crate::status::in_span((self.3, self.4), t)
    }
    pub fn detail(&self) -> &str {
        &self.5
    }
}

/// A chunk of a roll's index (`rollx/{id}/…`): consecutive lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollIndexChunk {
    pub lines: Vec<RollLine>,
}

impl RollIndexChunk {
    pub fn decode(bytes: &[u8]) -> Result<RollIndexChunk, FormatError> {
        serde_json::from_slice(bytes).map_err(|e| FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt(e.to_string()),
        })
    }
}
