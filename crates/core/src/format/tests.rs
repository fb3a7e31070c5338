//! Tests of the index format: meta versions, shard paths, chunk round trips.

use super::*;
use crate::day::Day;
use crate::integrity::{to_hex, Digest, Expect};
use crate::model::{Enterprise, Honour, HonourKind, ListKind, Listing, Source};
use crate::status::Status;
use proptest::prelude::*;

fn meta() -> Meta {
    Meta {
        format_version: FORMAT_VERSION,
        records: ShardTable::new("rec", "json", &rec_digests()),
        cards_per_shard: 256,
        ..Meta::default()
    }
}

/// The digests of the two record shards of [`meta`].
fn rec_digests() -> [Digest; 2] {
    [
        crate::integrity::digest(b"a"),
        crate::integrity::digest(b"b"),
    ]
}

#[test]
fn meta_round_trips_with_the_version_first() {
    let m = meta();
    let json = m.to_json();
    assert!(
        json.trim_start()
            .starts_with(&format!("{{\n  \"format_version\": {FORMAT_VERSION}")),
        "{json}"
    );
    assert_eq!(Meta::from_json(json.as_bytes()).unwrap(), m);
}

#[test]
fn unknown_version_is_rejected_with_a_clear_message() {
    let json = meta().to_json().replace(
        &format!("\"format_version\": {FORMAT_VERSION}"),
        "\"format_version\": 99",
    );
    let e = Meta::from_json(json.as_bytes()).unwrap_err();
    assert_eq!(e.kind, FormatErrorKind::UnknownVersion(99));
    let msg = e.to_string();
    assert!(
        msg.contains("meta.json") && msg.contains("99") && msg.contains("rebuild"),
        "{msg}"
    );
    assert_eq!(
        Meta::from_json(b"{}").unwrap_err().kind,
        FormatErrorKind::NoVersion
    );
    assert!(matches!(
        Meta::from_json(b"not json").unwrap_err().kind,
        FormatErrorKind::Corrupt(_)
    ));
}

#[test]
fn record_chunk_path_is_computed_from_the_code() {
    let m = meta();
    let p = m.record_chunk_for("91350200MA2YJ1XR9G").unwrap();
    let i = shard_of("91350200MA2YJ1XR9G", 2);
    let d = rec_digests()[i as usize];
    assert_eq!(p, format!("rec/{i:04x}-{}.json", to_hex(&d)));
    // A family that lists every shard's digest checks each shard against it.
    assert_eq!(m.expect(p), Some(Expect::Digest(d)));
}

#[test]
fn digests_that_do_not_match_the_shard_count_are_corrupt() {
    let both: String = rec_digests().iter().map(to_hex).collect();
    for bad in [
        &both[..40],
        &both[..32],
        &format!("{both}00"),
        &both.replace('a', "g"),
    ] {
        let json = meta().to_json().replace(&both, bad);
        assert!(matches!(
            Meta::from_json(json.as_bytes()).unwrap_err().kind,
            FormatErrorKind::Corrupt(_)
        ));
    }
}

#[test]
fn a_paged_family_names_its_shards_after_their_page() {
    let pages = [
        crate::integrity::digest(b"p0"),
        crate::integrity::digest(b"p1"),
    ];
    let t = ShardTable::paged("card", "jsonl", 3, 2, &pages);
    let (h0, h1) = (to_hex(&pages[0]), to_hex(&pages[1]));
    assert_eq!(
        t.paths(),
        [
            format!("card/0000-{}.jsonl", &h0[..16]),
            format!("card/0001-{}.jsonl", &h0[..16]),
            format!("card/0002-{}.jsonl", &h1[..16]),
        ]
    );
    assert_eq!(
        t.page_paths(),
        [
            format!("card/sum-0000-{h0}.bin"),
            format!("card/sum-0001-{h1}.bin")
        ]
    );
    let m = Meta { cards: t, ..meta() };
    let back = Meta::from_json(m.to_json().as_bytes()).unwrap();
    let p = back.card_chunk_for(600).unwrap().to_string();
    assert_eq!(p, format!("card/0002-{}.jsonl", &h1[..16]));
    assert_eq!(
        back.expect(&p),
        Some(Expect::InPage {
            page: format!("card/sum-0001-{h1}.bin"),
            page_digest: pages[1],
            index: 0,
        })
    );
    assert_eq!(
        back.expect(&format!("card/sum-0000-{h0}.bin")),
        Some(Expect::Digest(pages[0]))
    );
    // Names the table does not give have no digest: a reader refuses them.
    for other in [
        format!("card/0003-{}.jsonl", &h1[..16]),
        format!("card/0002-{}.jsonl", &h0[..16]),
        format!("card/sum-0001-{h0}.bin"),
        "card/x.jsonl".to_string(),
        "meta.json".to_string(),
    ] {
        assert_eq!(back.expect(&other), None, "{other}");
    }
    // Every listed file has a digest.
    let listed = back.listed_files();
    assert_eq!(listed.len(), 2 + 2 + 3, "{listed:?}");
    assert!(listed.iter().all(|f| back.expect(f).is_some()));
}

#[test]
fn single_files_are_checked_against_meta_files() {
    let mut m = meta();
    let d = crate::integrity::digest(b"t2s");
    m.files.insert("t2s-x.txt".into(), to_hex(&d));
    let back = Meta::from_json(m.to_json().as_bytes()).unwrap();
    assert_eq!(back.expect("t2s-x.txt"), Some(Expect::Digest(d)));
    assert!(back.listed_files().contains(&"t2s-x.txt".to_string()));
    m.files.insert("stats.json".into(), "not hex".into());
    assert!(matches!(
        Meta::from_json(m.to_json().as_bytes()).unwrap_err().kind,
        FormatErrorKind::Corrupt(_)
    ));
}

#[test]
fn code_keys_split_even_and_odd_org_characters() {
    let [a, b] = code_keys("91350200MA2YJ1XR9G").unwrap();
    assert_eq!((a.as_str(), b.as_str()), ("eM2JX", "oAY1R"));
    assert!(code_keys("short").is_none());
}

#[test]
fn card_status_follows_the_time_rules() {
    let e = Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        listings: vec![Listing::new(
            ListKind::SeriousViolation,
            "2023-11-22".parse().unwrap(),
            "x",
            "x",
            Source::default(),
        )],
        ..Enterprise::default()
    };
    let card = Card::from_enterprise(&e);
    let on = |s: &str| s.parse::<Day>().unwrap();
    for d in ["2023-11-21", "2023-11-22", "2026-11-21", "2026-11-22"] {
        assert_eq!(card.status(on(d)), Status::of(&e, on(d)), "{d}");
    }
}

#[test]
fn card_status_reads_the_typed_flags_not_texts() {
    let on = |s: &str| s.parse::<Day>().unwrap();
    let e = Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        listings: vec![Listing {
            list: ListKind::SeriousViolation,
            listed_on: on("2024-01-01"),
            listed_by: "x".into(),
            reason: "x".into(),
            basis: None,
            removed_on: Some(on("2024-06-01")),
            // A reason that does not say so: the flag decides.
            removal_reason: Some("x".into()),
            removed_by: None,
            annulled: true,
            repaired: false,
            source: Source::default(),
        }],
        honours: vec![Honour {
            kind: HonourKind::BrandProduct,
            title: "x".into(),
            awarded_by: "x".into(),
            awarded_on: on("2024-01-01"),
            valid_until: None,
            product: None,
            brand: None,
            level: None,
            certificate_no: None,
            abolished: true,
            source: Source::default(),
        }],
        ..Enterprise::default()
    };
    let card = Card::from_enterprise(&e);
    assert!(card.listings[0].annulled && card.honours[0].abolished);
    let st = card.status(on("2024-03-01"));
    assert_eq!(st, Status::of(&e, on("2024-03-01")));
    assert!(!st.blacklisted);
    assert_eq!(st.current_honours, 0);
}

#[test]
fn corrupt_postings_are_errors_not_panics() {
    for bad in [
        &b""[..],
        b"ZXP1",
        b"ZXP1\x01\x05ab",
        b"ZXP1\x01\x02ab\x09",
        b"JUNKJUNK",
    ] {
        assert!(PostingShard::decode(bad).is_err());
    }
}

proptest! {
    #[test]
    fn postings_round_trip(terms in proptest::collection::btree_map(
        ("\\PC{1,6}", 0u8..6), proptest::collection::btree_set(any::<u32>(), 0..50), 0..20)) {
        let shard = PostingShard {
            terms: terms.into_iter().map(|((t, f), d)| ((t, Field::ALL[f as usize]), d.into_iter().collect())).collect(),
        };
        prop_assert_eq!(PostingShard::decode(&shard.encode()).unwrap(), shard);
    }

    #[test]
    fn posting_decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut b = b"ZXP1".to_vec();
        b.extend(bytes);
        let _ = PostingShard::decode(&b);
    }
}

fn entry(key: &str, ends: &[usize], doc: u32) -> PinyinEntry {
    PinyinEntry {
        key: key.into(),
        ends: ends.iter().map(|&e| 1u32 << (e - 1)).sum(),
        weak: false,
        doc,
    }
}

#[test]
fn pinyin_keys_match_typed_letters_at_syllable_ends() {
    // 青岛银康: qing dao yin kang
    let e = entry("qingdaoyinkang", &[4, 7, 10, 14], 0);
    assert_eq!(e.matches("qingdao"), Some(true));
    assert_eq!(e.matches("qingdaoyinkang"), Some(true));
    assert_eq!(e.matches("qingdaoyi"), Some(false), "still typing");
    assert_eq!(e.matches("qingdaoyinkangshipin"), Some(true), "goes on");
    assert_eq!(e.matches("qingdaoxin"), None);
    let i = entry("#qdyk", &[], 0);
    assert_eq!(i.matches("#qdy"), Some(true));
    assert_eq!(i.matches("#qdk"), None);
}

#[test]
fn the_fence_points_at_the_shards_holding_a_prefix() {
    let fence = PinyinFence {
        firsts: vec![
            "a".into(),
            "hen".into(),
            "hengchuan".into(),
            "hengchuanhao".into(),
            "hengchuanhaoz".into(),
            "x".into(),
        ],
    };
    let back = PinyinFence::decode(&fence.encode()).unwrap();
    assert_eq!(back, fence);
    // Keys starting `hengchuanhaoyun` begin in shard 3 and end before shard 4.
    assert_eq!(fence.shards_for("hengchuanhaoyun", 2), [3]);
    assert_eq!(fence.shards_for("hengchuan", 2), [1, 2]);
    assert_eq!(fence.shards_for("b", 2), [0]);
    assert!(fence.shards_for("", 2).is_empty());
}

#[test]
fn corrupt_pinyin_chunks_are_errors_not_panics() {
    for bad in [
        &b""[..],
        b"ZXY1",
        b"ZXY1\x01\x05\x01a",
        b"ZXF1\x02\x00\x01a\x09\x01b",
        b"JUNK",
    ] {
        assert!(PinyinChunk::decode(bad).is_err());
        assert!(PinyinFence::decode(bad).is_err());
    }
}

proptest! {
    #[test]
    fn pinyin_chunks_round_trip(mut keys in proptest::collection::vec(("[a-z#]{1,12}", any::<u32>(), any::<bool>(), any::<u32>()), 0..40)) {
        keys.sort();
        let chunk = PinyinChunk {
            entries: keys.into_iter().map(|(key, ends, weak, doc)| PinyinEntry { key, ends, weak, doc }).collect(),
        };
        prop_assert_eq!(PinyinChunk::decode(&chunk.encode()).unwrap(), chunk);
    }

    #[test]
    fn pinyin_decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut b = b"ZXY1".to_vec();
        b.extend(&bytes);
        let _ = PinyinChunk::decode(&b);
        let mut f = b"ZXF1".to_vec();
        f.extend(bytes);
        let _ = PinyinFence::decode(&f);
    }
}

/// `meta()`'s JSON with `edit` applied.
fn meta_json_with(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_str(&meta().to_json()).unwrap();
    edit(&mut v);
    serde_json::to_vec(&v).unwrap()
}

/// The error message of reading `json` as meta, which must fail.
fn meta_error(json: &[u8]) -> String {
    let e = Meta::from_json(json).expect_err("a meta the reader must refuse");
    assert_eq!(e.path.as_deref(), Some("meta.json"));
    e.to_string()
}

#[test]
fn a_shard_count_no_registry_has_is_refused_before_any_path_is_made() {
    // The count is refused before its digests are compared with it, so a
    // table whose digests would take gigabytes to list is never walked.
    let json = meta_json_with(|m| {
        m["records"]["shards"] = u32::MAX.into();
    });
    let msg = meta_error(&json);
    assert!(
        msg.contains("records") && msg.contains("4294967295 shards"),
        "{msg}"
    );
    // Many rolls, each within the bound, together beyond it.
    let json = meta_json_with(|m| {
        for i in 0..5 {
            m["rolls"][format!("r{i}")] = serde_json::json!({
                "count": 1, "enterprises": 1,
                "pages": {"dir": format!("roll/r{i}"), "ext": "json", "shards": MAX_SHARDS, "page": 64, "digests": ""}
            });
        }
    });
    assert!(meta_error(&json).contains("in all"));
}

#[test]
fn paths_outside_the_registry_folder_are_refused() {
    let bad = [
        "/dev/zero",
        "../../etc/passwd",
        "rec/../../x",
        "./t2s.txt",
        "a//b",
        "C:\\t2s.txt",
        "a\\..\\b",
        "https://example.com/t2s.txt",
        "t2s.txt?x",
        "t2s 1.txt",
        "",
    ];
    for p in bad {
        assert!(!is_plain_relative_path(p), "{p:?}");
        for field in ["t2s", "stats", "pinyin_fence"] {
            let msg = meta_error(&meta_json_with(|m| m[field] = p.into()));
            assert!(msg.contains(field), "{msg}");
        }
        let msg = meta_error(&meta_json_with(|m| m["records"]["dir"] = p.into()));
        assert!(msg.contains("records") && msg.contains("dir"), "{msg}");
    }
    let msg = meta_error(&meta_json_with(|m| {
        m["records"]["ext"] = "json/../../x".into()
    }));
    assert!(msg.contains("ext"), "{msg}");
    for p in [
        "t2s-0123abcd.txt",
        "roll/serious-violation/0000-0123abcd.json",
        "stats.json",
    ] {
        assert!(is_plain_relative_path(p), "{p:?}");
    }
}

/// A fence or chunk body of `n` front-coded keys, each the whole previous
/// key and one more letter.
fn quadratic_keys(magic: &[u8], n: u32, entry_tail: &[u8]) -> Vec<u8> {
    let mut b = magic.to_vec();
    put_varint(&mut b, n);
    for i in 0..n {
        put_varint(&mut b, i);
        put_varint(&mut b, 1);
        b.push(b'a');
        b.extend_from_slice(entry_tail);
    }
    b
}

#[test]
fn front_coded_keys_that_would_expand_quadratically_are_refused() {
    // 200,000 keys in about 1 MB would decode to 20 GB.
    let fence = quadratic_keys(b"ZXF1", 200_000, &[]);
    let e = PinyinFence::decode(&fence).unwrap_err();
    assert!(e.to_string().contains("longer than any pinyin key"), "{e}");
    let chunk = quadratic_keys(b"ZXY1", 200_000, &[0, 1, 7]);
    assert!(PinyinChunk::decode(&chunk).is_err());
    assert!(PinyinChunk::scan(&chunk, |_, _, _, _| {}).is_err());
    // Keys up to the bound still round-trip.
    let long = PinyinFence {
        firsts: vec!["a".repeat(MAX_PINYIN_KEY_BYTES)],
    };
    assert_eq!(PinyinFence::decode(&long.encode()).unwrap(), long);
}

#[test]
fn nothing_typed_is_no_syllable_end() {
    assert_eq!(pinyin_match("qingdao", 0b1111111, ""), Some(false));
}

#[test]
fn find_record_reads_a_chunk_as_decode_records_does() {
    let e = |uscc: &str, name: &str| Enterprise {
        uscc: uscc.into(),
        name: name.into(),
        former_names: vec![format!("{name}（旧）")],
        ..Enterprise::default()
    };
    let all = vec![
        e("91350200MA2YJ1XR9G", "演示甲公司"),
        e("91110100559428913F", "演示乙公司"),
        e("91350200MA2YJ1XR9G", "演示甲公司（重复）"),
    ];
    let bytes = serde_json::to_vec(&all).unwrap();
    assert_eq!(decode_records(&bytes).unwrap(), all);
    // The first record with the code, as `decode_records(..).find(..)` gives.
    assert_eq!(
        find_record(&bytes, "91110100559428913F").unwrap(),
        Some(all[1].clone())
    );
    assert_eq!(
        find_record(&bytes, "91350200MA2YJ1XR9G").unwrap(),
        Some(all[0].clone())
    );
    assert_eq!(find_record(&bytes, "91440300MA5DC6QX9L").unwrap(), None);
    assert_eq!(find_record(b"[]", "91440300MA5DC6QX9L").unwrap(), None);
    // A damaged record after the one asked for, or bytes after the array,
    // are the chunk's error all the same.
    let mut damaged = bytes[..bytes.len() - 1].to_vec();
    damaged.extend_from_slice(b",{\"uscc\":1}]");
    assert!(decode_records(&damaged).is_err());
    assert!(find_record(&damaged, "91110100559428913F").is_err());
    let mut trailing = bytes.clone();
    trailing.extend_from_slice(b" x");
    assert!(decode_records(&trailing).is_err());
    assert!(find_record(&trailing, "91110100559428913F").is_err());
    assert!(find_record(b"{}", "91110100559428913F").is_err());
}

fn any_day() -> impl Strategy<Value = Day> {
    (1990i32..2040, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Day::from_ymd(y, m, d).unwrap())
}

/// Text with what JSON escapes: quotes, backslashes, control characters,
/// characters outside the BMP (a surrogate pair when escaped).
fn any_text() -> impl Strategy<Value = String> {
    "[a-z\"\\\\/\u{0}-\u{1f}\u{7f}银康质信\u{1F600}\u{2028}]{0,12}"
}

fn any_card() -> impl Strategy<Value = Card> {
    let listing = (
        prop::sample::select(ListKind::ALL),
        any_day(),
        proptest::option::of(any_day()),
        any::<bool>(),
    )
        .prop_map(|(list, listed_on, removed_on, annulled)| CardListing {
            list,
            listed_on,
            removed_on,
            annulled,
        });
    let grade = (
        prop::sample::select(crate::model::Scheme::ALL),
        any_text(),
        any_day(),
        proptest::option::of(any_day()),
        proptest::option::of(any_day()),
    )
        .prop_map(
            |(scheme, grade, issued_on, valid_from, valid_until)| CardGrade {
                scheme,
                grade,
                issued_on,
                valid_from,
                valid_until,
            },
        );
    let honour = (
        prop::sample::select(HonourKind::ALL),
        any_day(),
        proptest::option::of(any_day()),
        any::<bool>(),
    )
        .prop_map(|(kind, awarded_on, valid_until, abolished)| CardHonour {
            kind,
            awarded_on,
            valid_until,
            abolished,
        });
    let texts = || proptest::collection::vec(any_text(), 0..3);
    (
        (any_text(), any_text(), texts(), texts()),
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        proptest::collection::vec(listing, 0..3),
        proptest::collection::vec(grade, 0..3),
        proptest::collection::vec(honour, 0..3),
    )
        .prop_map(
            |((uscc, name, former_names, brands), region, industry, listings, grades, honours)| {
                Card {
                    uscc,
                    name,
                    former_names,
                    brands,
                    region,
                    industry,
                    listings,
                    grades,
                    honours,
                }
            },
        )
}

proptest! {
    #[test]
    fn the_hand_reader_reads_every_card_serde_writes(cards in proptest::collection::vec(any_card(), 0..4), first_doc in any::<u32>()) {
        let shard = CardShard { first_doc, cards };
        let bytes = shard.encode();
        prop_assert_eq!(CardShard::decode(&bytes).unwrap(), shard.clone());
        // Pretty-printed (whitespace) and with every character escaped as \u.
        for card in &shard.cards {
            let pretty = serde_json::to_vec_pretty(card).unwrap();
            prop_assert_eq!(&Card::from_json(&pretty).unwrap(), card);
            let escaped: String = String::from_utf8(serde_json::to_vec(card).unwrap())
                .unwrap()
                .chars()
                .map(|c| if c.is_ascii() { c.to_string() } else {
                    c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("\\u{u:04x}")).collect()
                })
                .collect();
            prop_assert_eq!(&Card::from_json(escaped.as_bytes()).unwrap(), card);
        }
        // A roll page's cards, whatever facts its entries carry.
        let page = RollPage {
            entries: shard.cards.iter().map(|c| RollEntry {
                card: c.clone(),
                listing: None,
                honour: None,
                grade: None,
            }).collect(),
        };
        prop_assert_eq!(RollPage::cards(&serde_json::to_vec(&page).unwrap()).unwrap(), shard.cards);
    }

    #[test]
    fn the_hand_reader_agrees_with_serde_on_damaged_cards(cards in proptest::collection::vec(any_card(), 1..3), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        // One byte changed: either both read the same card or both refuse it
        // (serde's derive and the hand reader skip unknown keys alike).
        let mut line = serde_json::to_vec(&cards[0]).unwrap();
        let at = cut.index(line.len());
        line[at] = byte;
        let serde: Result<Card, _> = serde_json::from_slice(&line);
        let hand = Card::from_json(&line);
        match (serde, hand) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "serde {a:?}, hand {b:?} on {}", String::from_utf8_lossy(&line)),
        }
    }

    #[test]
    fn the_hand_reader_reads_code_chunks_as_serde(codes in proptest::collection::btree_map("[0-9A-Z\"\\\\]{1,18}", any::<u32>(), 0..20)) {
        let shard = CodeShard { codes };
        let bytes = serde_json::to_vec(&shard).unwrap();
        prop_assert_eq!(CodeShard::decode(&bytes).unwrap(), shard);
    }

    #[test]
    fn the_hand_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Card::from_json(&bytes);
        let _ = CardShard::decode(&bytes);
        let _ = CodeShard::decode(&bytes);
        let _ = RollPage::cards(&bytes);
    }
}

#[test]
fn the_hand_reader_refuses_what_serde_refuses() {
    let ok = br#"{"uscc":"91350100M000100Y43","name":"X","listings":[{"list":"serious-violation","listed_on":"2020-01-02"}]}"#;
    assert!(Card::from_json(ok).is_ok());
    for (bad, why) in [
        (&br#"{"name":"X"}"#[..], "missing field `uscc`"),
        (br#"{"uscc":"A","name":"X","listings":[{"list":"no-such-list","listed_on":"2020-01-02"}]}"#, "unknown variant `no-such-list`"),
        (br#"{"uscc":"A","name":"X","listings":[{"list":"serious-violation","listed_on":"2020-13-02"}]}"#, "bad date `2020-13-02`"),
        (br#"{"uscc":"A","name":"X"} x"#, "trailing characters"),
        (br#"{"uscc":"A","name":"X\ud800"}"#, "lone surrogate"),
        (br#"{"uscc":"A","name":"X"#, "unterminated string"),
    ] {
        let e = Card::from_json(bad).unwrap_err().to_string();
        assert!(e.contains(why), "{e} (for {})", String::from_utf8_lossy(bad));
    }
    assert_eq!(
        CardShard::first_doc_of(br#"{"first_doc":4294967296}"#)
            .unwrap_err()
            .to_string(),
        "corrupt: expected an integer of 32 bits at byte 13"
    );
}
