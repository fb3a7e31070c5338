//! The record chunks (`rec/…`): whole enterprises, as JSON.

use super::{FormatError, FormatErrorKind};
use crate::model::Enterprise;
use serde::de::{Deserializer, SeqAccess, Visitor};
use std::fmt;

fn corrupt(e: serde_json::Error) -> FormatError {
    FormatError {
        path: None,
        kind: FormatErrorKind::Corrupt(e.to_string()),
    }
}

/// Reads a record chunk (`rec/…`): the enterprises it holds.
pub fn decode_records(bytes: &[u8]) -> Result<Vec<Enterprise>, FormatError> {
    serde_json::from_slice(bytes).map_err(corrupt)
}

/// The enterprise `uscc` from a record chunk, if it holds it.
///
/// The chunk is read as [`decode_records`] reads it (a damaged record
/// anywhere in it is the same error), but one record at a time, each dropped
/// before the next is read unless it is the one asked for: an enterprise page
/// in the app then allocates one record's strings over and over in the same
/// place instead of the whole chunk's (a few hundred records) at once, which
/// left long-lived allocations scattered through the holes (issue 19).
pub fn find_record(bytes: &[u8], uscc: &str) -> Result<Option<Enterprise>, FormatError> {
    struct Find<'a>(&'a str);
    impl<'de> Visitor<'de> for Find<'_> {
        type Value = Option<Enterprise>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a sequence of enterprises")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(e) = seq.next_element::<Enterprise>()? {
                if found.is_none() && e.uscc == self.0 {
                    found = Some(e);
                }
            }
            Ok(found)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let found = de.deserialize_seq(Find(uscc)).map_err(corrupt)?;
    de.end().map_err(corrupt)?;
    Ok(found)
}
