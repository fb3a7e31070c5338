//! The record chunks (`rec/…`): whole enterprises, as JSON.

use super::{FormatError, FormatErrorKind};
use crate::model::Enterprise;

/// Reads a record chunk (`rec/…`): the enterprises it holds.
pub fn decode_records(bytes: &[u8]) -> Result<Vec<Enterprise>, FormatError> {
    serde_json::from_slice(bytes).map_err(|e| FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(e.to_string()),
    })
}

/// The enterprise `uscc` from a record chunk, if it holds it.
pub fn find_record(bytes: &[u8], uscc: &str) -> Result<Option<Enterprise>, FormatError> {
    Ok(decode_records(bytes)?.into_iter().find(|e| e.uscc == uscc))
}
