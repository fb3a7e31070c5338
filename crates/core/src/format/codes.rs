//! The code chunks (`code/…`): credit code → doc, filed under two keys.

use super::{FormatError, FormatErrorKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The two keys a credit code is filed under in the code shards: its even
/// and its odd organisation-code characters (positions 9–16). One wrong
/// character changes at most one of them. `None` unless `uscc` has 18 ASCII characters.
pub fn code_keys(uscc: &str) -> Option<[String; 2]> {
    let b = uscc.as_bytes();
    if b.len() != 18 || !uscc.is_ascii() {
        return None;
    }
    let even: String = [b[8], b[10], b[12], b[14]]
        .iter()
        .map(|&c| c as char)
        .collect();
    let odd: String = [b[9], b[11], b[13], b[15]]
        .iter()
        .map(|&c| c as char)
        .collect();
    Some([format!("e{even}"), format!("o{odd}")])
}

/// A code chunk (`code/…`): credit code → doc, for codes filed under this shard's keys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeShard {
    pub codes: BTreeMap<String, u32>,
}

impl CodeShard {
    pub fn decode(bytes: &[u8]) -> Result<CodeShard, FormatError> {
        serde_json::from_slice(bytes).map_err(|e| FormatError {
            path: None,
            kind: FormatErrorKind::Corrupt(e.to_string()),
        })
    }
}
