//! The roll chunks (`roll/{id}/…`): one entry per listing, honour or grade.

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
