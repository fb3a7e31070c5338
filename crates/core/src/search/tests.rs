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

#[test]
fn pinyin_splits_into_syllables_fewest_first() {
    let s = pinyin::segmentations("qingdaoyinkang", 3);
    assert_eq!(
        s[0],
        (
            vec!["qing".into(), "dao".into(), "yin".into(), "kang".into()],
            false
        )
    );
    let s = pinyin::segmentations("xian", 3);
    assert_eq!(s[0].0, ["xian"]);
    assert!(s.iter().any(|(v, _)| v == &["xi", "an"]));
    let s = pinyin::segmentations("qingdaoyink", 2);
    assert_eq!(
        s[0],
        (
            vec!["qing".into(), "dao".into(), "yin".into(), "k".into()],
            true
        )
    );
    assert!(pinyin::segmentations("qdyk", 2).is_empty());
}

#[test]
fn within_one_counts_a_single_edit() {
    assert!(within_one("银康食品", "银康食品"));
    assert!(within_one("银糠食品", "银康食品"));
    assert!(within_one("银食品", "银康食品"));
    assert!(within_one("银康康食品", "银康食品"));
    assert!(!within_one("银糠饮品", "银康食品"));
    assert!(!within_one("银", "银康食品"));
}
