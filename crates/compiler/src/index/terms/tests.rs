//! Tests of term spelling: the index must spell terms as the query side does.

use super::*;
use zhixin_core::search_terms::pair_term;

#[test]
fn syllable_pairs_are_spelt_as_the_query_side_spells_them() {
    assert_eq!(pair_term("qing", "dao"), format!("qing{PAIR_SEPARATOR}dao"));
    let e = Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        name: "青岛银康食品有限公司".into(),
        ..Enterprise::default()
    };
    let terms = doc_terms(&e, t2s_full(), &|_| false);
    assert!(terms.contains(&(pair_term("qing", "dao"), Field::Pinyin)));
    assert!(terms.contains(&(pair_term("yin", "kang"), Field::Pinyin)));
}

#[test]
fn start_keys_hold_the_name_and_its_initials() {
    let mut keys = Vec::new();
    pinyin_keys(
        "青岛银康食品",
        &|p| p == "青岛",
        Readings::get(),
        &mut |k, ends, weak| keys.push((k.to_string(), ends, weak)),
    );
    // Syllables end after letters 4, 7, 10, 14, 17 and 20.
    let ends = [4, 7, 10, 14, 17, 20]
        .iter()
        .fold(0, |m, e| m | 1 << (e - 1));
    assert!(keys.contains(&("qingdaoyinkangshipin".to_string(), ends, false)));
    assert!(keys.iter().any(|(k, _, w)| k == "#qdyksp" && !w));
    // The trade name's key (after the place prefix) is weak.
    assert!(keys.iter().any(|(k, _, w)| k == "yinkangshipin" && *w));
    // So are its initials: people type the trade name and trade without the place.
    assert!(keys.iter().any(|(k, _, w)| k == "#yksp" && *w));
}

#[test]
fn start_keys_skip_shi_and_the_district_after_the_place() {
    let mut keys = Vec::new();
    pinyin_keys(
        "佛山市顺德区美达家具",
        &|p| p == "佛山",
        Readings::get(),
        &mut |k, _, weak| keys.push((k.to_string(), weak)),
    );
    // The place and the trade name, as people type them.
    // 佛's first reading is fu; fo, the one meant, is the next combination.
    assert!(
        keys.iter().any(|(k, _)| k == "foshanmeidajiaju"),
        "{keys:?}"
    );
    assert!(keys.contains(&("#fsmdjj".to_string(), false)), "{keys:?}");
    // The trade name alone, weak.
    assert!(keys.contains(&("meidajiaju".to_string(), true)), "{keys:?}");
    assert!(keys.contains(&("#mdjj".to_string(), true)), "{keys:?}");
}

#[test]
fn the_trade_names_initials_say_so_in_their_common_readings_only() {
    let mut keys = Vec::new();
    pinyin_keys(
        "宁波凌佳晟祥箱包",
        &|p| p == "宁波",
        Readings::get(),
        &mut |k, ends, weak| keys.push((k.to_string(), ends, weak)),
    );
    // 晟 is read sheng in names (`NAME_READINGS`): that key is the trade name's.
    assert!(
        keys.contains(&("#ljsxxb".to_string(), TRADE_INITIALS, true)),
        "{keys:?}"
    );
    // Through its other reading (cheng) the key is there, weak and not marked.
    assert!(keys.contains(&("#ljcxxb".to_string(), 0, true)), "{keys:?}");
    // The name's own initials are not the trade name's.
    assert!(keys.iter().any(|(k, e, _)| k == "#nbljsxxb" && *e == 0));
}

#[test]
fn the_trade_names_first_two_characters_are_a_term_after_the_place() {
    let e = Enterprise {
        name: "佛山市顺德区美达家具有限公司".into(),
        ..Enterprise::default()
    };
    let terms = doc_terms(&e, t2s_full(), &|p| p == "佛山");
    let has = |t: &str| terms.iter().any(|(x, _)| x == t);
    assert!(has("^^美达"), "{terms:?}");
    assert!(!has("^^佛山"));
    // Without a place, the trade name is where the name starts.
    let e = Enterprise {
        name: "银康食品有限公司".into(),
        ..Enterprise::default()
    };
    let terms = doc_terms(&e, t2s_full(), &|_| false);
    assert!(terms.iter().any(|(x, _)| x == "^^银康"));
}

#[test]
fn the_trade_name_with_the_company_form_is_a_term() {
    let e = Enterprise {
        name: "佛山市顺德区美达家具股份有限公司".into(),
        ..Enterprise::default()
    };
    let terms = doc_terms(&e, t2s_full(), &|p| p == "佛山");
    let has = |t: &str| terms.iter().any(|(x, _)| x == t);
    assert!(has("^^美达~股份有限公司"), "{terms:?}");
    // A factory has no company form to add.
    let e = Enterprise {
        name: "美达家具厂".into(),
        ..Enterprise::default()
    };
    let terms = doc_terms(&e, t2s_full(), &|_| false);
    assert!(
        !terms.iter().any(|(x, _)| x.starts_with("^^美达~")),
        "{terms:?}"
    );
}

#[test]
fn a_district_named_after_a_learnt_city_is_a_place() {
    let mut names: Vec<String> = (0..30).map(|i| format!("佛山{i}号家具有限公司")).collect();
    names.push("佛山市三水区澄驰灯饰有限公司".into());
    names.push("佛山市三水区美达家具有限公司".into());
    // Once only: not enough to tell a district.
    names.push("佛山市顺德区银康食品有限公司".into());
    // After a city that is not a place: not learnt.
    names.push("菱原市汉阳区银康食品有限公司".into());
    names.push("菱原市汉阳区美达家具有限公司".into());
    let places = detect_places(&names);
    assert_eq!(places, vec!["三水".to_string(), "佛山".to_string()]);
}
