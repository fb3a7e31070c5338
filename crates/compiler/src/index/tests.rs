//! End-to-end tests of the index writer: fixture enterprises → files → search.

use super::*;
use zhixin_core::{Chunks, Filters, MatchKind};

fn ent(uscc: &str, name: &str) -> Enterprise {
    Enterprise {
        uscc: uscc.into(),
        name: name.into(),
        ..Enterprise::default()
    }
}

/// Fictional enterprises with valid codes.
fn fixture() -> Vec<Enterprise> {
    let mut v = vec![
        ent("91350200MA2YJ1XR9G", "青岛银康食品有限公司"),
        ent("9135021359498494XQ", "青岛银康科技有限公司"),
    ];
    let mut third = ent("91110000000000000A", "演示华光电器股份有限公司");
    third.uscc = fix_check("91110108MA01ABCD1");
    third.former_names = vec!["演示明辉电器有限公司".into()];
    third.brands = vec!["光耀".into()];
    v.push(third);
    v
}

/// `first17` with its check character.
fn fix_check(first17: &str) -> String {
    let c = zhixin_core::uscc::check_char(first17.as_bytes()).expect("valid body");
    format!("{first17}{}", c as char)
}

fn run(q: &str) -> (Vec<(String, MatchKind)>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let summary = write_index(dir.path(), &fixture(), &RegistryInfo::default()).unwrap();
    let meta = read::open(dir.path()).unwrap();
    let mut chunks = Chunks::new();
    let found = read::search(dir.path(), &meta, &mut chunks, q, &Filters::default(), 10);
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    (
        found
            .hits
            .into_iter()
            .map(|h| (h.name, h.matched))
            .collect(),
        summary.files,
    )
}

#[test]
fn exact_name_comes_first() {
    let (hits, _) = run("青岛银康食品有限公司");
    assert_eq!(hits[0], ("青岛银康食品有限公司".into(), MatchKind::Name));
}

#[test]
fn substring_finds_both_siblings_shorter_core_first() {
    let (hits, _) = run("银康");
    let names: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(names, ["青岛银康食品有限公司", "青岛银康科技有限公司"]);
}

#[test]
fn code_finds_its_enterprise_and_a_wrong_character_is_repaired() {
    let (hits, _) = run("91350200MA2YJ1XR9G");
    assert_eq!(
        hits,
        [("青岛银康食品有限公司".to_string(), MatchKind::Code)]
    );
    let (hits, _) = run("91350200MA2YJ1XR8G");
    assert!(
        hits.contains(&("青岛银康食品有限公司".to_string(), MatchKind::Code)),
        "{hits:?}"
    );
}

#[test]
fn former_names_brands_and_traditional_forms_match() {
    assert_eq!(
        run("明辉电器").0[0],
        ("演示华光电器股份有限公司".into(), MatchKind::FormerName)
    );
    assert_eq!(
        run("光耀").0[0],
        ("演示华光电器股份有限公司".into(), MatchKind::Brand)
    );
    assert_eq!(run("青島銀康食品").0[0].0, "青岛银康食品有限公司");
}

#[test]
fn one_wrong_character_still_finds_the_name() {
    let (hits, _) = run("青岛银糠食品");
    assert_eq!(hits[0], ("青岛银康食品有限公司".into(), MatchKind::Fuzzy));
}

#[test]
fn a_missing_chunk_is_named_and_the_rest_still_answers() {
    let dir = tempfile::tempdir().unwrap();
    write_index(dir.path(), &fixture(), &RegistryInfo::default()).unwrap();
    let meta = read::open(dir.path()).unwrap();
    let t2s = meta.t2s.clone().unwrap();
    std::fs::remove_file(dir.path().join(&t2s)).unwrap();
    let found = read::search(
        dir.path(),
        &meta,
        &mut Chunks::new(),
        "银康",
        &Filters::default(),
        10,
    );
    assert_eq!(found.hits.len(), 2);
    assert_eq!(found.errors.len(), 1);
    assert!(found.errors[0].to_string().contains(&t2s));
}

#[test]
fn pinyin_and_initials_find_the_name_from_its_start() {
    let (hits, _) = run("qingdaoyinkang");
    assert!(hits.len() >= 2, "{hits:?}");
    assert!(hits.iter().all(|h| h.1 == MatchKind::Pinyin), "{hits:?}");
    let (hits, _) = run("qdyk");
    assert!(
        hits.iter()
            .any(|h| h.0 == "青岛银康食品有限公司" && h.1 == MatchKind::PinyinInitials),
        "{hits:?}"
    );
    assert!(run("mingh").0.is_empty() || run("mingh").0[0].1 != MatchKind::Name);
}

#[test]
fn a_misspelt_company_form_still_finds_the_name() {
    let (hits, _) = run("青岛银康食品有宸限公司");
    assert_eq!(hits[0].0, "青岛银康食品有限公司");
}

#[test]
fn bad_input_gives_results_or_nothing_never_a_panic() {
    let long = "银康".repeat(5000);
    for q in [
        "",
        " ",
        "\u{1F600}\u{1F600}",
        "\u{0}\u{7}",
        "\u{FFFD}",
        "'; DROP TABLE x; --",
        "<script>alert(1)</script>",
        long.as_str(),
        "9135",
        "ＱＩＮＧ",
    ] {
        let _ = run(q);
    }
    assert_eq!(run("<银康>\"';").0.len(), 2);
}

/// Searches a registry written from `ents`.
fn search_in(ents: &[Enterprise], q: &str, limit: usize) -> Vec<(String, MatchKind)> {
    let dir = tempfile::tempdir().unwrap();
    write_index(dir.path(), ents, &RegistryInfo::default()).unwrap();
    let meta = read::open(dir.path()).unwrap();
    let found = read::search(
        dir.path(),
        &meta,
        &mut Chunks::new(),
        q,
        &Filters::default(),
        limit,
    );
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    found
        .hits
        .into_iter()
        .map(|h| (h.name, h.matched))
        .collect()
}

/// A valid fictional code for number `i`.
fn code(i: usize) -> String {
    fix_check(&format!("91370200MA{:07}", i))
}

/// More names sharing a place and a pinyin pair than a posting list keeps
/// (青岛 …), the target among them with few facts: the capped lists of
/// `qing'dao` and of `dao'yin` lose it, the pinyin start keys do not.
fn crowd() -> Vec<Enterprise> {
    let fillers = ["银", "吟", "引", "寅", "尹"];
    let trades = [
        "华", "海", "安", "泰", "丰", "德", "顺", "利", "兴", "达", "成", "宏",
    ];
    let mut v = Vec::new();
    let mut i = 0;
    'all: for f in fillers {
        for a in trades {
            for b in trades {
                for ind in ["食品", "机械", "电器", "五金"] {
                    v.push(ent(&code(i), &format!("青岛{f}{a}{b}{ind}有限公司")));
                    i += 1;
                    if i == postings::COMMON_CAP + 400 {
                        break 'all;
                    }
                }
            }
        }
    }
    v.push(ent(&code(i), "青岛银康食品有限公司"));
    v
}

#[test]
fn regression_pinyin_target_dropped_by_the_common_cap() {
    let ents = crowd();
    let hits = search_in(&ents, "qingdaoyinkang", 5);
    assert_eq!(
        hits.first(),
        Some(&("青岛银康食品有限公司".to_string(), MatchKind::Pinyin)),
        "{hits:?}"
    );
    let hits = search_in(&ents, "qdyksp", 5);
    assert_eq!(
        hits.first(),
        Some(&(
            "青岛银康食品有限公司".to_string(),
            MatchKind::PinyinInitials
        )),
        "{hits:?}"
    );
    // Typed from the trade name on, and still typing a syllable.
    assert!(search_in(&ents, "yinkang", 5)
        .iter()
        .any(|h| h.0 == "青岛银康食品有限公司"));
    assert!(search_in(&ents, "qingdaoyinka", 5)
        .iter()
        .any(|h| h.0 == "青岛银康食品有限公司"));
}

#[test]
fn a_name_with_one_wrong_character_is_found_among_a_crowd() {
    let ents = crowd();
    // 康 → 糠: the bigrams 银糠 and 糠食 are wrong, 青岛/岛银/食品 are common.
    let hits = search_in(&ents, "青岛银糠食品有限公司", 5);
    assert_eq!(
        hits.first().map(|h| h.0.as_str()),
        Some("青岛银康食品有限公司"),
        "{hits:?}"
    );
}

#[test]
fn a_whole_brand_ranks_its_holders_above_longer_brands() {
    let mut ents: Vec<Enterprise> = (0..postings::COMMON_CAP + 50)
        .map(|i| {
            let mut e = ent(&code(i), &format!("演示{i}号电器有限公司"));
            e.brands = vec![format!("光耀{}", ["星", "辰", "宇"][i % 3])];
            e
        })
        .collect();
    let mut target = ent(&code(9_999_999), "演示远洋电器有限公司");
    target.brands = vec!["光耀".into()];
    ents.push(target);
    let hits = search_in(&ents, "光耀", 3);
    assert_eq!(
        hits.first(),
        Some(&("演示远洋电器有限公司".to_string(), MatchKind::Brand)),
        "{hits:?}"
    );
}

#[test]
fn one_character_lists_names_that_start_with_it() {
    let hits = run("青").0;
    assert_eq!(
        hits.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        ["青岛银康食品有限公司", "青岛银康科技有限公司"],
    );
    assert_eq!(run("演").0.len(), 1);
    assert!(run("x").0.is_empty());
    // With a learnt place prefix (青岛), the trade name's first character too.
    let hits = search_in(&crowd(), "银", 10);
    assert_eq!(hits.len(), 10, "{hits:?}");
    assert!(hits.iter().all(|h| h.0.starts_with("青岛银")), "{hits:?}");
}

/// sonic-rs writes records, codes and roll pages; the registry's bytes must
/// be what serde_json writes, for every field and every awkward character.
#[test]
fn the_json_writers_agree() {
    let src = tempfile::tempdir().unwrap();
    zhixin_demo::write_demo(
        src.path(),
        &zhixin_demo::DemoOptions {
            count: 400,
            seed: 3,
        },
    )
    .unwrap();
    let mut ents = crate::compile(src.path(), zhixin_demo::demo_as_of(), false)
        .unwrap()
        .enterprises;
    assert!(ents
        .iter()
        .any(|e| !e.spot_checks.is_empty() && !e.grades.is_empty()));
    let awkward =
        "引号\"反斜杠\\ 控制\u{1}\u{1f}\t\n\r 行\u{2028}段\u{2029} \u{7f} 😀 </script> &'";
    ents[0].name.push_str(awkward);
    ents[1].address = Some(awkward.into());
    if let Some(s) = ents
        .iter_mut()
        .flat_map(|e| e.spot_checks.iter_mut())
        .next()
    {
        s.failed_items.push(awkward.into());
        s.source.citation = Some(awkward.into());
    }
    let all: Vec<&Enterprise> = ents.iter().collect();
    assert_eq!(
        sonic_rs::to_vec(&all).unwrap(),
        serde_json::to_vec(&all).unwrap()
    );
    for e in &ents {
        assert_eq!(sonic_rs::to_vec(e).unwrap(), serde_json::to_vec(e).unwrap());
    }
}

/// Every file of the registry folder `dir` (relative path → bytes).
fn files_of(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The build hands the merged enterprises to the store shard by shard, not
/// in the order of their first rows: the registry must not depend on the
/// order the enterprises come in (fictional demo data, every fact kind).
#[test]
fn the_registry_does_not_depend_on_the_order_of_the_enterprises() {
    let src = tempfile::tempdir().unwrap();
    zhixin_demo::write_demo(
        src.path(),
        &zhixin_demo::DemoOptions {
            count: 400,
            seed: 7,
        },
    )
    .unwrap();
    let c = crate::compile(src.path(), zhixin_demo::demo_as_of(), false).unwrap();
    let mut es = c.enterprises;
    assert!(es.iter().any(|e| !e.listings.is_empty()));
    assert!(es.iter().any(|e| !e.spot_checks.is_empty()));
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_index(a.path(), &es, &RegistryInfo::default()).unwrap();
    es.reverse();
    let third = es.len() / 3;
    es.rotate_left(third);
    write_index(b.path(), &es, &RegistryInfo::default()).unwrap();
    let (fa, fb) = (files_of(a.path()), files_of(b.path()));
    assert!(fa.len() > 10);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(
            fb[name] == *bytes,
            "{name} differs with the enterprises in another order"
        );
    }
}

#[test]
fn a_character_is_read_in_names_as_names_read_it() {
    // 晟 is listed chéng, shèng; in names (华晟, 鸿晟) it is shèng.
    assert_eq!(
        terms::readings('晟').first().map(String::as_str),
        Some("sheng")
    );
    assert!(terms::readings('晟').iter().any(|r| r == "cheng"));
    // Initials read as the name is: 隆晟灯饰 is lsds, and for lcds the name
    // whose own reading that is ranks first, though the other has the lower code.
    let ents = [
        ent(&code(1), "隆晟灯饰有限公司"),
        ent(&code(2), "兰翠灯饰有限公司"),
    ];
    let first = |q: &str| search_in(&ents, q, 5).first().map(|h| h.0.clone());
    assert_eq!(first("lsds").as_deref(), Some("隆晟灯饰有限公司"));
    assert_eq!(first("lcds").as_deref(), Some("兰翠灯饰有限公司"));
    assert_eq!(
        first("longshengdengshi").as_deref(),
        Some("隆晟灯饰有限公司")
    );
}
