//! Tests of search ranking and the step protocol.

use super::*;

#[test]
fn one_edit_substring_accepts_one_substitution_insertion_or_deletion() {
    assert!(one_edit_substring("银糠食品", "青岛银康食品").is_some());
    assert!(one_edit_substring("银食品", "青岛银康食品").is_some());
    assert!(one_edit_substring("银康康食品", "青岛银康食品").is_some());
    assert!(one_edit_substring("金糠饮品", "青岛银康食品").is_none());
}

#[test]
fn match_kinds_serialise_as_the_cli_strings() {
    for k in [
        MatchKind::Name,
        MatchKind::FormerName,
        MatchKind::PinyinInitials,
    ] {
        assert_eq!(
            serde_json::to_string(&k).unwrap(),
            format!("\"{}\"", k.id())
        );
    }
}
