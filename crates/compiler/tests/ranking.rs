//! Ranking of everyday queries (issue #15): whole fields over substrings,
//! the company form typed, pinyin initials of longer names, common words,
//! swapped characters, brands with a product word, mixed pinyin and
//! characters, spoken forms, a place typed with 市, and the result count.
//!
//! One registry of fictional enterprises is written once per run: fillers
//! give every place enough names to be learnt as a place prefix, the
//! targets are look-alikes of the shapes the issue names.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use zhixin_compiler::index::{read, write_index};
use zhixin_core::{uscc, Chunks, Enterprise, Filters, Meta, RegistryInfo};

/// A valid fictional code for number `i`.
fn code(i: usize) -> String {
    let first17 = format!("91330200MA{:07}", i);
    let c = uscc::check_char(first17.as_bytes()).expect("valid body");
    format!("{first17}{}", c as char)
}

const PLACES: &[&str] = &["宁波", "宁海", "青岛", "佛山", "杭州"];
const TRADES: &[&str] = &[
    "锦程", "天顺", "嘉禾", "瑞丰", "博远", "新业", "恒基", "立信", "和盛", "鼎新", "万通", "润泽",
];
const LINES: &[&str] = &["食品", "纺织", "建材"];

/// The targets: (name, former names, brands).
const TARGETS: &[(&str, &[&str], &[&str])] = &[
    ("宁海宏达电器股份有限公司", &[], &[]),
    ("宁海宏达电器有限公司", &[], &[]),
    ("宁波宏达电器有限公司", &[], &[]),
    ("宁波远洋电缆有限公司", &[], &["星辉"]),
    ("青岛星辉食品有限公司", &[], &[]),
    ("青岛银康食品有限公司", &[], &[]),
    ("杭州明辉机械有限公司", &["杭州华光机械有限公司"], &[]),
    ("杭州华光机械制造有限公司", &[], &[]),
    ("佛山市顺德区美达家具有限公司", &[], &[]),
    ("宁波金顺达精密机械有限公司", &[], &[]),
    ("宁波市鼎盛塑胶集团有限公司", &[], &[]),
    ("宁波市鼎盛塑胶有限公司", &[], &[]),
    ("青岛嘉禾纺织有限责任公司", &[], &[]),
    ("荷峻厨具有限公司", &[], &[]),
    ("丰康厨具厂", &[], &[]),
    ("佛山市顺德区美达灯饰有限公司", &[], &[]),
    // A place in brackets after the trade name.
    ("瑞兰（青岛）鞋业有限公司", &[], &[]),
    ("青岛瑞英鞋业有限公司", &[], &[]),
    // A brand that is the start of another enterprise's name.
    ("烨英电子有限公司", &[], &[]),
    ("宁海明达五金有限公司", &[], &["烨英"]),
    // Names one character apart, and a look-alike of 烨英电子 (for homophones typed).
    ("宁波迅威门窗有限公司", &[], &[]),
    ("宁波迅秋门窗有限公司", &[], &[]),
    ("宁波迅珀门窗有限公司", &[], &[]),
    ("威鹰电子有限公司", &[], &[]),
    // A trade name alone, and a longer trade name starting with it.
    ("杭州麟瑞纺织有限公司", &[], &[]),
    ("麟瑞璟朗仪表有限公司", &[], &[]),
];

struct Registry {
    _dir: tempfile::TempDir,
    path: PathBuf,
    meta: Meta,
    ents: Vec<Enterprise>,
}

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let mut ents = Vec::new();
        for p in PLACES {
            for t in TRADES {
                for l in LINES {
                    ents.push(Enterprise {
                        uscc: code(ents.len()),
                        name: format!("{p}{t}{l}有限公司"),
                        ..Enterprise::default()
                    });
                }
            }
        }
        for (name, former, brands) in TARGETS {
            ents.push(Enterprise {
                uscc: code(ents.len()),
                name: name.to_string(),
                former_names: former.iter().map(|s| s.to_string()).collect(),
                brands: brands.iter().map(|s| s.to_string()).collect(),
                ..Enterprise::default()
            });
        }
        let dir = tempfile::tempdir().unwrap();
        write_index(dir.path(), &ents, &RegistryInfo::default()).unwrap();
        let path = dir.path().to_path_buf();
        let meta = read::open(&path).unwrap();
        Registry {
            _dir: dir,
            path,
            meta,
            ents,
        }
    })
}

fn search(q: &str) -> read::Found {
    let r = registry();
    let found = read::search(
        Path::new(&r.path),
        &r.meta,
        &mut Chunks::new(),
        q,
        &Filters::default(),
        10,
    );
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    found
}

fn names(q: &str) -> Vec<String> {
    search(q).hits.into_iter().map(|h| h.name).collect()
}

/// The first hit of `q` is one of `want`.
#[track_caller]
fn first_is(q: &str, want: &[&str]) {
    let got = names(q);
    assert!(
        got.first().is_some_and(|n| want.contains(&n.as_str())),
        "{q}: expected one of {want:?} first, got {got:?}"
    );
}

fn code_of(name: &str) -> String {
    registry()
        .ents
        .iter()
        .find(|e| e.name == name)
        .map(|e| e.uscc.clone())
        .unwrap()
}

#[test]
fn a_whole_brand_outranks_a_name_that_contains_it() {
    first_is("星辉", &["宁波远洋电缆有限公司"]);
    // The name holding it still comes.
    assert!(names("星辉").contains(&"青岛星辉食品有限公司".to_string()));
}

#[test]
fn a_whole_former_name_outranks_a_longer_name_that_contains_it() {
    first_is("杭州华光机械", &["杭州明辉机械有限公司"]);
    first_is("杭州华光机械有限公司", &["杭州明辉机械有限公司"]);
    // The current name typed whole still wins over everything.
    first_is("杭州华光机械制造", &["杭州华光机械制造有限公司"]);
}

#[test]
fn the_company_form_typed_is_evidence() {
    first_is("宏达电器股份有限公司", &["宁海宏达电器股份有限公司"]);
    first_is(
        "宏达电器有限公司",
        &["宁海宏达电器有限公司", "宁波宏达电器有限公司"],
    );
    first_is("宁海宏达电器股份有限公司", &["宁海宏达电器股份有限公司"]);
    first_is("宁海宏达电器有限公司", &["宁海宏达电器有限公司"]);
    first_is("宁海宏达电器股份公司", &["宁海宏达电器股份有限公司"]);
}

#[test]
fn the_exact_form_typed_beats_one_of_its_kind() {
    first_is("嘉禾纺织有限责任公司", &["青岛嘉禾纺织有限责任公司"]);
    let limited: Vec<String> = PLACES
        .iter()
        .map(|p| format!("{p}嘉禾纺织有限公司"))
        .collect();
    let limited: Vec<&str> = limited.iter().map(String::as_str).collect();
    first_is("嘉禾纺织有限公司", &limited);
    first_is(
        "宁波市鼎盛塑胶集团有限公司",
        &["宁波市鼎盛塑胶集团有限公司"],
    );
    first_is("鼎盛塑胶集团有限公司", &["宁波市鼎盛塑胶集团有限公司"]);
}

#[test]
fn a_name_typed_keystroke_by_keystroke_into_its_company_form() {
    for q in [
        "宁波市鼎盛塑胶集",
        "宁波市鼎盛塑胶集团",
        "宁波市鼎盛塑胶集团有",
        "宁波市鼎盛塑胶集团有限",
        "宁波市鼎盛塑胶集团有限公",
    ] {
        first_is(q, &["宁波市鼎盛塑胶集团有限公司"]);
    }
    first_is("宁波市鼎盛塑胶有", &["宁波市鼎盛塑胶有限公司"]);
}

#[test]
fn a_place_without_its_shi_in_pinyin_and_initials() {
    let both = &["宁波市鼎盛塑胶集团有限公司", "宁波市鼎盛塑胶有限公司"];
    first_is("nbdssj", both);
    first_is("ningbodingshengsujiao", both);
    first_is("NingBo DingSheng su jiao", both);
    first_is("dssj", both);
    first_is("ningbo鼎盛", both);
    first_is("mdjj", &["佛山市顺德区美达家具有限公司"]);
    first_is("foshanmeidajiaju", &["佛山市顺德区美达家具有限公司"]);
}

#[test]
fn a_place_and_the_first_characters_of_the_trade_name() {
    first_is("宁波远", &["宁波远洋电缆有限公司"]);
    first_is(
        "宁波市鼎",
        &["宁波市鼎盛塑胶有限公司", "宁波市鼎盛塑胶集团有限公司"],
    );
    first_is(
        "宁波鼎盛",
        &["宁波市鼎盛塑胶有限公司", "宁波市鼎盛塑胶集团有限公司"],
    );
}

#[test]
fn a_place_with_shi_and_one_character() {
    first_is(
        "佛山市美",
        &[
            "佛山市顺德区美达家具有限公司",
            "佛山市顺德区美达灯饰有限公司",
        ],
    );
    first_is("宁波市远", &["宁波远洋电缆有限公司"]);
}

#[test]
fn a_long_name_with_two_neighbours_swapped() {
    first_is(
        "宁波市鼎塑盛胶集团有限公司",
        &["宁波市鼎盛塑胶集团有限公司"],
    );
}

#[test]
fn a_name_typed_with_a_homophone_outranks_names_one_other_character_off() {
    // 伟 and 威 are both wei: the slip a pinyin keyboard makes.
    first_is("宁波迅伟门窗有限公司", &["宁波迅威门窗有限公司"]);
    // 鹰 and 英 are both ying; 威鹰电子 holds more of what was typed.
    first_is("烨鹰电子有限公司", &["烨英电子有限公司"]);
}

#[test]
fn a_name_read_without_its_sounds_chunk_still_finds_one_character_off() {
    // A registry built before the sounds chunk: one of the names one
    // character off, whichever (nothing tells them apart).
    let r = registry();
    let mut meta = r.meta.clone();
    meta.sounds = None;
    let found = read::search(
        Path::new(&r.path),
        &meta,
        &mut Chunks::new(),
        "宁波迅伟门窗有限公司",
        &Filters::default(),
        10,
    );
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    let first = found.hits.first().map(|h| h.name.as_str());
    assert!(
        first.is_some_and(|n| n.starts_with("宁波迅") && n.ends_with("门窗有限公司")),
        "{first:?}"
    );
}

#[test]
fn a_short_name_with_a_character_missing() {
    first_is("荷厨具有限公司", &["荷峻厨具有限公司"]);
}

#[test]
fn pinyin_initials_of_place_trade_name_and_trade_find_the_name() {
    first_is("nbhddq", &["宁波宏达电器有限公司"]);
    first_is("nbjsdjmjx", &["宁波金顺达精密机械有限公司"]);
    first_is("NBJSDJMJX", &["宁波金顺达精密机械有限公司"]);
}

#[test]
fn initials_of_a_long_name_tell_it_from_a_sibling() {
    // Ten letters: the place, 市, the district, the trade name and trade.
    first_is("fsssdqmdjj", &["佛山市顺德区美达家具有限公司"]);
    first_is("fsssdqmdds", &["佛山市顺德区美达灯饰有限公司"]);
}

#[test]
fn pinyin_initials_without_the_place_find_the_name() {
    first_is("jsdjmjx", &["宁波金顺达精密机械有限公司"]);
    first_is(
        "hddq",
        &[
            "宁海宏达电器股份有限公司",
            "宁海宏达电器有限公司",
            "宁波宏达电器有限公司",
        ],
    );
    first_is("yydl", &["宁波远洋电缆有限公司"]);
}

#[test]
fn a_company_form_alone_is_too_common_not_missing() {
    for q in ["公司", "有限公司", "有限", "股份有限公司", "有限责任"] {
        let f = search(q);
        assert!(
            f.too_common || !f.hits.is_empty(),
            "{q}: neither hits nor 'too common'"
        );
        assert!(f.too_common, "{q}: should say the word is too common");
    }
    // A word that tells something is not too common.
    assert!(!search("宏达").too_common);
}

#[test]
fn two_neighbouring_characters_swapped_in_a_name() {
    first_is("宁波洋远电缆有限公司", &["宁波远洋电缆有限公司"]);
    first_is("宁波远洋缆电", &["宁波远洋电缆有限公司"]);
    first_is("银食康品", &["青岛银康食品有限公司"]);
}

#[test]
fn two_neighbouring_characters_swapped_in_a_code() {
    let c = code_of("宁波远洋电缆有限公司");
    let mut b: Vec<char> = c.chars().collect();
    // Swap two different neighbours in the body.
    let i = (10..16).find(|&i| b[i] != b[i + 1]).unwrap();
    b.swap(i, i + 1);
    let swapped: String = b.into_iter().collect();
    let f = search(&swapped);
    assert_eq!(
        f.hits.first().map(|h| h.uscc.as_str()),
        Some(c.as_str()),
        "{swapped}: {:?}",
        f.hits
    );
}

#[test]
fn a_brand_with_pai_or_a_product_word() {
    first_is("星辉牌", &["宁波远洋电缆有限公司"]);
    first_is("星辉电缆", &["宁波远洋电缆有限公司"]);
    // A product word the name does not hold.
    first_is("星辉线缆", &["宁波远洋电缆有限公司"]);
}

#[test]
fn pinyin_for_the_place_and_characters_for_the_rest() {
    first_is("qingdao银康", &["青岛银康食品有限公司"]);
    first_is("ningbo远洋电缆", &["宁波远洋电缆有限公司"]);
}

#[test]
fn pinyin_with_spaces_or_capitals() {
    first_is("Ning Bo Yuan Yang", &["宁波远洋电缆有限公司"]);
    first_is("Qing Dao yinkang", &["青岛银康食品有限公司"]);
    first_is("QINGDAO YINKANG", &["青岛银康食品有限公司"]);
}

#[test]
fn spoken_forms() {
    first_is("银康公司", &["青岛银康食品有限公司"]);
    first_is("远洋电缆公司", &["宁波远洋电缆有限公司"]);
}

#[test]
fn a_place_typed_with_shi_before_a_district() {
    first_is("佛山市美达家具", &["佛山市顺德区美达家具有限公司"]);
    first_is("佛山美达家具有限公司", &["佛山市顺德区美达家具有限公司"]);
}

#[test]
fn what_worked_still_works() {
    first_is("青岛银康食品有限公司", &["青岛银康食品有限公司"]);
    first_is("青岛银糠食品有限公司", &["青岛银康食品有限公司"]);
    first_is("青島銀康食品有限公司", &["青岛银康食品有限公司"]);
    first_is("qingdaoyinkang", &["青岛银康食品有限公司"]);
    first_is("qdyksp", &["青岛银康食品有限公司"]);
    first_is("远洋", &["宁波远洋电缆有限公司"]);
}

#[test]
fn the_count_says_how_many_match_beyond_those_listed() {
    // 食品: every filler of that line and two targets; ten listed.
    let f = search("食品");
    assert_eq!(f.hits.len(), 10);
    let want = registry()
        .ents
        .iter()
        .filter(|e| e.name.contains("食品"))
        .count();
    assert!(f
        .total
        .is_some_and(|t| t.at_least >= want.min(t.at_least) && t.at_least > 10));
    // A query with one answer counts one.
    let f = search("远洋");
    assert_eq!(f.total.map(|t| (t.at_least, t.more)), Some((1, false)));
}

#[test]
fn a_place_in_brackets_typed_first() {
    first_is("青岛瑞兰鞋业", &["瑞兰（青岛）鞋业有限公司"]);
    first_is("qingdao瑞兰鞋业", &["瑞兰（青岛）鞋业有限公司"]);
    first_is("Qing Dao Rui Lan Xie Ye", &["瑞兰（青岛）鞋业有限公司"]);
    first_is("瑞兰青岛鞋业有限公司", &["瑞兰（青岛）鞋业有限公司"]);
}

#[test]
fn a_name_typed_with_a_character_missing_is_not_a_brand_and_a_product() {
    // 烨英 is another enterprise's brand; with 有限公司 typed the query is a name.
    first_is("烨英子有限公司", &["烨英电子有限公司"]);
    first_is("烨鹰电子有限公司", &["烨英电子有限公司"]);
    // Typed as a brand and a product word it is still the brand.
    first_is("烨英五金", &["宁海明达五金有限公司"]);
}

#[test]
fn a_whole_trade_name_spoken_outranks_a_longer_one_starting_with_it() {
    first_is("麟瑞公司", &["杭州麟瑞纺织有限公司"]);
}
