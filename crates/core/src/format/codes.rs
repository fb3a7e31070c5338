//! The code chunks (`code/…`): credit code → doc, filed under two keys.

use super::json::Json;
use super::FormatError;
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

/// The key an old identifier is filed under in the code shards, beside the
/// credit codes: a 15-digit registration number (注册号) under `r` and the
/// number, a 9-character organisation code (组织机构代码) under the even key of
/// the credit codes that embed it (its characters 1, 3, 5, 7 are a code's
/// positions 9, 11, 13, 15), so that one shard answers both an organisation
/// code recorded on an enterprise and a credit code built on it. `None` for
/// anything else (see [`crate::uscc::old_identifier`]).
pub fn old_id_key(id: &str) -> Option<String> {
    let b = id.as_bytes();
    match b.len() {
        15 if b.iter().all(u8::is_ascii_digit) => Some(format!("r{id}")),
        9 if id.is_ascii() => {
            let even: String = [b[0], b[2], b[4], b[6]]
                .iter()
                .map(|&c| c as char)
                .collect();
            Some(format!("e{even}"))
        }
        _ => None,
    }
}

/// A code chunk (`code/…`): credit code → doc, for codes filed under this
/// shard's keys; also old identifiers (registration numbers, organisation
/// codes recorded on an enterprise) → doc, filed by [`old_id_key`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeShard {
    pub codes: BTreeMap<String, u32>,
}

impl CodeShard {
    /// Reads `{"codes":{CODE:DOC,…}}` (as serde writes it) with the
    /// hand-written reader of [`super::json`], so that the search engine
    /// part holds no serde decoder.
    pub fn decode(bytes: &[u8]) -> Result<CodeShard, FormatError> {
        let mut j = Json::new(bytes);
        let mut codes = None;
        j.object(&mut |j, key| {
            if key != "codes" {
                return j.skip();
            }
            let mut map = BTreeMap::new();
            j.object(&mut |j, code| {
                map.insert(code.to_string(), j.u32()?);
                Ok(())
            })?;
            codes = Some(map);
            Ok(())
        })?;
        j.end()?;
        let codes = codes.ok_or_else(|| j.error("missing field `codes`"))?;
        Ok(CodeShard { codes })
    }
}
