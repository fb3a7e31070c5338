//! Tests of search ranking and the step protocol.

use super::plan::bigrams;
use super::score::{one_edit_substring, within_one};
use super::*;
use crate::format::{code_keys, CodeShard, Field, PinyinFence};
use crate::normalize::normalize;

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

/// A small registry built in memory: meta and chunks as the compiler lays
/// them out (names, former names and brands in postings, pinyin start keys
/// behind a fence, codes under both their keys, a t2s table).
mod registry {
    use super::*;
    use crate::format::{CardShard, PinyinChunk, PinyinEntry, PostingShard, ShardTable};
    use crate::normalize::strip_org_suffix;

    pub struct Names {
        pub name: &'static str,
        pub former: &'static [&'static str],
        pub brands: &'static [&'static str],
        /// Syllables of the name's first characters.
        pub pinyin: &'static [&'static str],
    }

    pub const NAMES: &[Names] = &[
        Names {
            name: "青岛银康食品有限公司",
            former: &["青岛银健食品有限公司"],
            brands: &["光耀"],
            pinyin: &["qing", "dao", "yin", "kang", "shi", "pin"],
        },
        Names {
            name: "青岛银康饮品有限公司",
            former: &[],
            brands: &[],
            pinyin: &["qing", "dao", "yin", "kang", "yin", "pin"],
        },
        Names {
            name: "北京华联超市有限公司",
            former: &[],
            brands: &["华联"],
            pinyin: &["bei", "jing", "hua", "lian", "chao", "shi"],
        },
        Names {
            name: "上海东方明珠餐饮有限公司",
            former: &["上海明珠餐饮有限公司"],
            brands: &[],
            pinyin: &["shang", "hai", "dong", "fang", "ming", "zhu"],
        },
        Names {
            name: "青岛海丰机械有限公司",
            former: &[],
            brands: &["海丰"],
            pinyin: &["qing", "dao", "hai", "feng", "ji", "xie"],
        },
    ];

    /// The credit code of doc `i` (valid check character).
    pub fn code(i: usize) -> String {
        let body = format!("9137020{i}MA{:07}", 1_234_567 + i * 7919);
        let check = crate::uscc::check_char(body.as_bytes()).unwrap() as char;
        format!("{body}{check}")
    }

    pub fn card(i: usize) -> Card {
        let n = &NAMES[i];
        Card {
            uscc: code(i),
            name: n.name.into(),
            former_names: n.former.iter().map(|s| s.to_string()).collect(),
            brands: n.brands.iter().map(|s| s.to_string()).collect(),
            ..Card::default()
        }
    }

    /// The meta and the chunks (path, bytes).
    pub fn build() -> (Meta, Vec<(String, Vec<u8>)>) {
        const PER_CARD_SHARD: usize = 2;
        const POST_SHARDS: u32 = 3;
        const CODE_SHARDS: u32 = 2;
        let mut files = Vec::new();
        let mut meta = Meta::default();
        meta.format_version = crate::format::FORMAT_VERSION;
        meta.counts.enterprises = NAMES.len() as u64;
        meta.places = "青岛北京上海".into();
        meta.cards_per_shard = PER_CARD_SHARD as u32;
        let card_shards = NAMES.len().div_ceil(PER_CARD_SHARD) as u32;
        meta.cards = ShardTable::whole("card", "jsonl", card_shards, "0000000c");
        meta.postings = ShardTable::whole("post", "bin", POST_SHARDS, "0000000a");
        meta.codes = ShardTable::whole("code", "json", CODE_SHARDS, "0000000d");
        meta.records = ShardTable::whole("rec", "json", 2, "0000000e");
        meta.pinyin = ShardTable::whole("pin", "bin", 2, "0000000f");
        meta.pinyin_fence = Some("pin/fence-00000001.bin".into());
        meta.t2s = Some("t2s-00000002.txt".into());
        for s in 0..card_shards as usize {
            let first = s * PER_CARD_SHARD;
            let shard = CardShard {
                first_doc: first as u32,
                cards: (first..NAMES.len().min(first + PER_CARD_SHARD))
                    .map(card)
                    .collect(),
            };
            files.push((
                meta.cards.path(s as u32).unwrap().to_string(),
                shard.encode(),
            ));
        }
        // Postings: bigrams of names and former names without their
        // suffix, bigrams and the whole of brands, first characters.
        let mut post: Vec<PostingShard> =
            (0..POST_SHARDS).map(|_| PostingShard::default()).collect();
        let mut add = |term: String, field: Field, doc: u32| {
            let s = crate::format::shard_of(&term, POST_SHARDS) as usize;
            let docs = post[s].terms.entry((term, field)).or_default();
            if docs.last() != Some(&doc) {
                docs.push(doc);
            }
        };
        for (d, n) in NAMES.iter().enumerate() {
            let d = d as u32;
            let name = normalize(n.name, None);
            let core = strip_org_suffix(&name);
            for g in bigrams(core) {
                add(g, Field::Name, d);
            }
            for t in pinyin::skip_terms(core) {
                add(t, Field::Name, d);
            }
            let place = &core[..core.char_indices().nth(2).unwrap().0];
            for c in core[place.len()..].chars() {
                add(pinyin::place_char_term(place, c), Field::Name, d);
            }
            add(
                pinyin::first_char_term(core.chars().next().unwrap()),
                Field::Name,
                d,
            );
            for f in n.former {
                for g in bigrams(strip_org_suffix(&normalize(f, None))) {
                    add(g, Field::Former, d);
                }
            }
            for b in n.brands {
                for g in bigrams(b) {
                    add(g, Field::Brand, d);
                }
                add(pinyin::exact_term(b), Field::Brand, d);
            }
        }
        for (i, p) in post.iter().enumerate() {
            files.push((
                meta.postings.path(i as u32).unwrap().to_string(),
                p.encode(),
            ));
        }
        // Codes, each filed under both of its keys.
        let mut codes: Vec<CodeShard> = (0..CODE_SHARDS).map(|_| CodeShard::default()).collect();
        for d in 0..NAMES.len() {
            for k in code_keys(&code(d)).unwrap() {
                let s = crate::format::shard_of(&k, CODE_SHARDS) as usize;
                codes[s].codes.insert(code(d), d as u32);
            }
        }
        for (i, c) in codes.iter().enumerate() {
            let json = serde_json::to_vec(c).unwrap();
            files.push((meta.codes.path(i as u32).unwrap().to_string(), json));
        }
        // Pinyin start keys: full pinyin and initials, split into two shards.
        let mut keys: Vec<PinyinEntry> = Vec::new();
        for (d, n) in NAMES.iter().enumerate() {
            let mut key = String::new();
            let mut ends = 0u32;
            for s in n.pinyin {
                key.push_str(s);
                ends |= 1 << (key.len() - 1);
            }
            let initials: String = n.pinyin.iter().map(|s| &s[..1]).collect();
            for (key, ends) in [(key, ends), (format!("#{initials}"), u32::MAX)] {
                keys.push(PinyinEntry {
                    key,
                    ends,
                    weak: false,
                    doc: d as u32,
                });
            }
        }
        keys.sort();
        let half = keys.len() / 2;
        let fence = PinyinFence {
            firsts: vec![keys[0].key.clone(), keys[half].key.clone()],
        };
        for (i, part) in [&keys[..half], &keys[half..]].into_iter().enumerate() {
            let bytes = PinyinChunk::encode_entries(part);
            files.push((meta.pinyin.path(i as u32).unwrap().to_string(), bytes));
        }
        files.push((meta.pinyin_fence.clone().unwrap(), fence.encode()));
        files.push((
            meta.t2s.clone().unwrap(),
            T2s::from_pairs([('島', '岛'), ('銀', '银'), ('東', '东')])
                .to_chunk_string()
                .into_bytes(),
        ));
        let meta = Meta::from_json(meta.to_json().as_bytes()).unwrap();
        (meta, files)
    }

    /// Runs a search to the end, serving chunks from `files` into `chunks`;
    /// the hits, the errors and how many chunks it asked for.
    pub fn run(
        meta: &Meta,
        files: &[(String, Vec<u8>)],
        chunks: &mut Chunks,
        q: &str,
    ) -> (Vec<Hit>, Vec<FormatError>, usize) {
        let mut s = Search::new(meta, q, &Filters::default(), 10);
        let mut asked = 0;
        loop {
            match s.step(chunks) {
                Step::Need(paths) => {
                    asked += paths.len();
                    for p in paths {
                        match files.iter().find(|(f, _)| *f == p) {
                            Some((_, b)) => chunks.insert(p, b.clone()),
                            None => chunks.insert_error(p, "not found"),
                        }
                    }
                }
                Step::Done(hits) => return (hits, s.errors().to_vec(), asked),
            }
        }
    }
}

/// One query per kind, with the doc that must come first.
fn queries() -> Vec<(String, Option<usize>)> {
    let code = registry::code;
    let mut typo = code(2).into_bytes();
    typo[12] = if typo[12] == b'5' { b'6' } else { b'5' };
    vec![
        ("青岛银康食品有限公司".into(), Some(0)),
        ("银康饮品".into(), Some(1)),
        ("青島銀康食品".into(), Some(0)),
        ("光耀".into(), Some(0)),
        ("青岛银健食品有限公司".into(), Some(0)),
        ("青岛银糠食品有限公司".into(), Some(0)),
        ("qingdaoyinkangshipin".into(), Some(0)),
        ("beijinghua".into(), Some(2)),
        ("qdhf".into(), Some(4)),
        (code(3), Some(3)),
        (String::from_utf8(typo).unwrap(), Some(2)),
        ("上海東方".into(), Some(3)),
        ("海".into(), None),
        ("😀<script>".into(), None),
        ("".into(), None),
    ]
}

#[test]
fn trimming_forgets_the_chunks_read_least_recently() {
    let mut c = Chunks::new();
    for p in ["a", "b", "c", "d"] {
        c.insert(p, vec![0; 10]);
    }
    // Read after they were stored: `a` by a search asking for it, `c` by its bytes.
    assert!(c.contains("a"));
    assert!(c.get("c").is_some());
    assert_eq!(c.held_bytes(), 40);
    c.trim(25);
    assert_eq!(c.held_bytes(), 20);
    assert!(c.contains("a") && c.contains("c"));
    assert!(!c.contains("b") && !c.contains("d"));
    // Replacing a chunk counts its new size once.
    c.insert("a", vec![0; 4]);
    assert_eq!(c.held_bytes(), 14);
    c.remove("c");
    assert_eq!(c.held_bytes(), 4);
}

#[test]
fn a_session_trimmed_to_a_budget_finds_the_same() {
    let (meta, files) = registry::build();
    let queries = queries();
    let mut session = Chunks::new();
    let mut fresh = Vec::new();
    for (q, _) in &queries {
        fresh.push(registry::run(&meta, &files, &mut Chunks::new(), q).0);
        registry::run(&meta, &files, &mut session, q);
    }
    let all = session.held_bytes();
    let sum: usize = files
        .iter()
        .filter(|(p, _)| session.contains(p))
        .map(|(_, b)| b.len())
        .sum();
    assert_eq!(all, sum, "held bytes are the fetched chunks' sizes");
    // What the searches decoded (term indexes, cards) counts on top of the
    // bytes, so a budget bounds the session's memory, not only its downloads.
    let cost = session.held_cost();
    assert!(cost > all, "decoded {cost} vs bytes {all}");
    // Every query still finds the same, fetching again what was forgotten.
    let mut refetched = 0;
    for (i, (q, _)) in queries.iter().enumerate() {
        session.trim(all / 3);
        assert!(session.held_cost() <= all / 3);
        let (hits, errors, asked) = registry::run(&meta, &files, &mut session, q);
        assert_eq!(hits, fresh[i], "{q}");
        assert!(errors.is_empty(), "{q}: {errors:?}");
        refetched += asked;
    }
    assert!(
        refetched > 0,
        "a budget under the session's size forgets something"
    );
    // A failed chunk is forgotten at once, so the next search tries it again.
    session.insert_error("post/missing", "network error");
    assert!(session.contains("post/missing"));
    session.trim(usize::MAX);
    assert!(!session.contains("post/missing"));
    session.trim(0);
    assert_eq!((session.held_bytes(), session.len()), (0, 0));
}

#[test]
fn decoded_chunks_give_the_same_hits_as_fresh_ones() {
    let (meta, files) = registry::build();
    // Each query alone, on chunks it fetched and decoded itself.
    let fresh: Vec<Vec<Hit>> = queries()
        .iter()
        .map(|(q, first)| {
            let (hits, errors, _) = registry::run(&meta, &files, &mut Chunks::new(), q);
            assert!(errors.is_empty(), "{q}: {errors:?}");
            if let Some(d) = first {
                assert_eq!(
                    hits.first().map(|h| h.uscc.clone()),
                    Some(registry::code(*d)),
                    "{q}: {hits:?}"
                );
            }
            hits
        })
        .collect();
    // Every query, in both orders, on one session's chunks: later searches
    // read chunks that earlier ones decoded, and need no fetch.
    let mut session = Chunks::new();
    for round in 0..2 {
        let mut order: Vec<usize> = (0..fresh.len()).collect();
        if round == 1 {
            order.reverse();
        }
        for i in order {
            let q = &queries()[i].0;
            let (hits, errors, asked) = registry::run(&meta, &files, &mut session, q);
            assert_eq!(hits, fresh[i], "{q} (round {round})");
            assert!(errors.is_empty(), "{q}: {errors:?}");
            if round == 1 {
                assert_eq!(asked, 0, "{q}: everything was fetched in round 0");
            }
        }
    }
    assert!(session.decoded_count() > 0);
    // A clone holds the bytes and decodes again, to the same hits.
    let mut copy = session.clone();
    assert_eq!(copy.decoded_count(), 0);
    for (i, (q, _)) in queries().iter().enumerate() {
        assert_eq!(
            registry::run(&meta, &files, &mut copy, q).0,
            fresh[i],
            "{q}"
        );
    }
}

#[test]
fn a_corrupt_or_missing_chunk_is_named_in_every_search_that_needs_it() {
    let (meta, files) = registry::build();
    // The chunks a name query and a code query read, each in turn spoilt.
    let mut needed = Chunks::new();
    for q in ["青島銀康食品", "qingdaoyin", &registry::code(3)] {
        registry::run(&meta, &files, &mut needed, q);
    }
    let spoilt: Vec<String> = files
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| needed.contains(p))
        .collect();
    assert!(spoilt.len() >= 5, "{spoilt:?}");
    for path in &spoilt {
        let real = &files.iter().find(|(p, _)| p == path).unwrap().1;
        let mut spoils = vec![b"\xff\x00not a chunk".to_vec()];
        // Cut short (the t2s table is any UTF-8 text: a part of it is a smaller table).
        if Some(path) != meta.t2s.as_ref() {
            spoils.push(real[..real.len() / 2].to_vec());
        }
        for garbage in &spoils {
            let files: Vec<(String, Vec<u8>)> = files
                .iter()
                .map(|(p, b)| {
                    (
                        p.clone(),
                        if p == path {
                            garbage.clone()
                        } else {
                            b.clone()
                        },
                    )
                })
                .collect();
            let mut chunks = Chunks::new();
            // Twice on the same chunks: the second search reads the cached
            // decoding and must report the chunk again.
            for _ in 0..2 {
                let mut named = false;
                for q in ["青島銀康食品", "qingdaoyin", &registry::code(3)] {
                    let (_, errors, _) = registry::run(&meta, &files, &mut chunks, q);
                    for e in &errors {
                        assert_eq!(e.path.as_deref(), Some(path.as_str()), "{e}");
                        assert!(matches!(e.kind, FormatErrorKind::Corrupt(_)), "{e}");
                        assert!(e.to_string().contains(path.as_str()));
                    }
                    named |= !errors.is_empty();
                }
                assert!(named, "{path} spoilt but never reported");
            }
        }
        // A chunk that could not be fetched: named as missing; the others still answer.
        let files: Vec<(String, Vec<u8>)> =
            files.iter().filter(|(p, _)| p != path).cloned().collect();
        let mut chunks = Chunks::new();
        let (hits, errors, _) = registry::run(&meta, &files, &mut chunks, &registry::code(3));
        for e in &errors {
            assert_eq!(e.path.as_deref(), Some(path.as_str()));
            assert!(matches!(e.kind, FormatErrorKind::Missing(_)), "{e}");
        }
        if errors.is_empty() {
            assert_eq!(
                hits.first().map(|h| h.uscc.clone()),
                Some(registry::code(3))
            );
        }
    }
}

/// The batches of paths a search asks for, in order.
fn batches(meta: &Meta, files: &[(String, Vec<u8>)], q: &str) -> (Vec<Vec<String>>, Vec<Hit>) {
    let mut chunks = Chunks::new();
    let mut s = Search::new(meta, q, &Filters::default(), 10);
    let mut asked = Vec::new();
    loop {
        match s.step(&chunks) {
            Step::Need(paths) => {
                for p in &paths {
                    let b = files.iter().find(|(f, _)| f == p).map(|(_, b)| b.clone());
                    chunks.insert(p.clone(), b.unwrap_or_default());
                }
                asked.push(paths);
            }
            Step::Done(hits) => return (asked, hits),
        }
    }
}

#[test]
fn a_name_no_card_can_contain_goes_to_the_second_round_without_reading_cards() {
    let (meta, files) = registry::build();
    let is_card = |p: &String| p.starts_with("card/");
    // A wrong character and no company form: no name holds every bigram,
    // so the first round's cards could only give fuzzy matches.
    let (asked, hits) = batches(&meta, &files, "青岛银糠食品");
    assert_eq!(
        hits.first().map(|h| h.uscc.clone()),
        Some(registry::code(0))
    );
    let first_card = asked.iter().position(|b| b.iter().any(is_card)).unwrap();
    let last_post = asked
        .iter()
        .rposition(|b| b.iter().any(|p| p.starts_with("post/")))
        .unwrap();
    assert!(first_card > last_post, "{asked:?}");
    assert_eq!(asked.iter().filter(|b| b.iter().any(is_card)).count(), 1);
    // A name that holds the query: its cards come in the first round.
    let (asked, hits) = batches(&meta, &files, "银康食品");
    assert_eq!(
        hits.first().map(|h| h.uscc.clone()),
        Some(registry::code(0))
    );
    assert_eq!(
        asked
            .iter()
            .filter(|b| b.iter().any(|p| p.starts_with("post/")))
            .count(),
        1,
        "{asked:?}"
    );
}

#[test]
fn a_count_is_grouped_by_thousands() {
    let c = |n| {
        Count {
            at_least: n,
            more: false,
        }
        .grouped()
    };
    assert_eq!(
        [c(0), c(999), c(1000), c(1234567)],
        ["0", "999", "1,000", "1,234,567"]
    );
}

/// Card chunks smaller than the card budget's group (issue 18: fewer bytes
/// per card read) leave what a search reads and finds as it was.
#[test]
fn card_chunks_smaller_than_a_group_read_the_same_candidates_and_find_the_same() {
    use crate::format::{CardShard, ShardTable};
    let (meta, files) = registry::build();
    assert_eq!(meta.cards_per_shard, 2);
    // The same cards one per chunk, counted in groups of two.
    let mut fine = meta.clone();
    fine.cards_per_shard = 1;
    fine.cards_per_group = Some(2);
    let n = registry::NAMES.len();
    fine.cards = ShardTable::whole("card", "jsonl", n as u32, "0000001c");
    let mut fine_files: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| !p.starts_with("card/"))
        .cloned()
        .collect();
    for d in 0..n {
        let shard = CardShard {
            first_doc: d as u32,
            cards: vec![registry::card(d)],
        };
        let path = fine.cards.path(d as u32).unwrap().to_string();
        fine_files.push((path, shard.encode()));
    }
    let fine = Meta::from_json(fine.to_json().as_bytes()).unwrap();
    for (q, _) in queries() {
        let (a, errors, _) = registry::run(&meta, &files, &mut Chunks::new(), &q);
        let (b, fine_errors, _) = registry::run(&fine, &fine_files, &mut Chunks::new(), &q);
        assert_eq!(a, b, "{q}");
        assert!(errors.is_empty() && fine_errors.is_empty(), "{q}");
    }
    // The budget counts groups, not chunks: candidates one per doc, best
    // first, keep as many with chunks of one card in groups of two as with
    // chunks of two; counted by chunks of one, fewer.
    let ranked = || {
        (0..64).map(|doc| Candidate {
            doc,
            reading: plan::Reading::Text,
            units: 1,
            held: 1.0,
            complete: false,
            tail: 0,
            extra: 0.0,
        })
    };
    let read = |m: &Meta| {
        Search::new(m, "银康", &Filters::default(), 10)
            .within_card_budget(ranked())
            .len()
    };
    let mut by_chunk = fine.clone();
    by_chunk.cards_per_group = None;
    assert_eq!(read(&fine), read(&meta));
    assert!(
        read(&by_chunk) < read(&meta),
        "{} {}",
        read(&by_chunk),
        read(&meta)
    );
}
