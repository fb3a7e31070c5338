//! Tests of normalisation: what a query and a name fold to.

use super::*;

#[test]
fn full_width_case_and_punctuation_fold() {
    assert_eq!(
        normalize("（青岛）银康·食品 有限公司", None),
        "青岛银康食品有限公司"
    );
    assert_eq!(normalize("ＡＢＣ　Ｔｅｃｈ", None), "abctech");
    assert_eq!(normalize("①号厂", None), "1号厂");
}

#[test]
fn emoji_controls_and_replacement_chars_are_dropped() {
    assert_eq!(
        normalize("银康\u{1F600}\u{0007}\u{FFFD}<script>", None),
        "银康script"
    );
}

#[test]
fn traditional_folds_with_a_table() {
    let t = T2s::from_pairs([('島', '岛'), ('銀', '银')]);
    assert_eq!(normalize("青島銀康", Some(&t)), "青岛银康");
    assert_eq!(T2s::from_chunk_string(&t.to_chunk_string()), t);
}

#[test]
fn org_suffix_is_stripped_unless_nothing_would_remain() {
    assert_eq!(strip_org_suffix("青岛银康食品有限公司"), "青岛银康食品");
    assert_eq!(strip_org_suffix("银康股份有限公司"), "银康");
    assert_eq!(strip_org_suffix("有限公司"), "有限公司");
}

#[test]
fn long_queries_are_cut() {
    let long = "银".repeat(MAX_QUERY_CHARS + 50);
    assert_eq!(cut_query(&long).chars().count(), MAX_QUERY_CHARS);
    assert_eq!(cut_query("短"), "短");
}

#[test]
fn a_suffix_with_one_wrong_missing_or_extra_character_is_still_stripped() {
    assert_eq!(
        strip_org_suffix_fuzzy("云原康博乳业有宸限公司"),
        ("云原康博乳业", true)
    );
    assert_eq!(
        strip_org_suffix_fuzzy("琅渚鞍瑞茶业有湾公司"),
        ("琅渚鞍瑞茶业", true)
    );
    assert_eq!(
        strip_org_suffix_fuzzy("蘅渚智政服饰有限公唯司"),
        ("蘅渚智政服饰", true)
    );
    assert_eq!(strip_org_suffix_fuzzy("银康有限公司"), ("银康", false));
    assert_eq!(strip_org_suffix_fuzzy("银康食品"), ("银康食品", false));
}

#[test]
fn a_place_in_brackets_goes_first() {
    assert_eq!(
        place_in_brackets_first("瑞兰（潍坊）鞋业有限公司", None),
        Some(("潍坊".to_string(), "潍坊瑞兰鞋业有限公司".to_string()))
    );
    assert_eq!(
        place_in_brackets_first("瑞兰(潍坊)鞋业有限公司", None),
        Some(("潍坊".to_string(), "潍坊瑞兰鞋业有限公司".to_string()))
    );
    assert_eq!(place_in_brackets_first("青岛瑞兰鞋业有限公司", None), None);
    assert_eq!(
        place_in_brackets_first("（潍坊）瑞兰鞋业有限公司", None),
        None
    );
    assert_eq!(
        place_in_brackets_first("瑞兰（中国）鞋业有限公司", None).map(|p| p.0),
        Some("中国".to_string())
    );
    assert_eq!(
        place_in_brackets_first("瑞兰（黑龙江）鞋业有限公司", None),
        None
    );
}
