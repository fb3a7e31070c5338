//! Unit tests of fact identity for duplicates.

use super::*;
use zhixin_core::{ListKind, Source};

#[test]
fn the_same_listing_from_two_sources_has_one_identity() {
    let l = |file: &str| {
        Listing::new(
            ListKind::SeriousViolation,
            "2024-01-01".parse().unwrap(),
            "甲",
            "乙",
            Source {
                file: file.into(),
                ..Source::default()
            },
        )
    };
    assert_eq!(
        fact_key(&Fact::Listing(Box::new(l("a.csv")))),
        fact_key(&Fact::Listing(Box::new(l("b.xlsx"))))
    );
    let mut other = l("a.csv");
    other.list = ListKind::AbnormalOperation;
    assert_ne!(
        fact_key(&Fact::Listing(Box::new(l("a.csv")))),
        fact_key(&Fact::Listing(Box::new(other)))
    );
}

#[test]
fn lists_grow_one_element_first_then_double() {
    let mut v: Vec<u64> = Vec::new();
    let mut caps = Vec::new();
    for i in 0..9 {
        push_tight(&mut v, i);
        caps.push(v.capacity());
    }
    assert_eq!(v, (0..9).collect::<Vec<u64>>());
    assert_eq!(caps[..4], [1, 2, 4, 4]);
    assert!(caps[8] >= 9 && caps[8] <= 16, "{caps:?}");
}

#[test]
fn permute_reorders_in_place_along_cycles() {
    let mut v = vec!['a', 'b', 'c', 'd', 'e', 'f'];
    // Two cycles, a fixed point and a swap.
    let mut from = vec![2, 0, 1, 3, 5, 4];
    permute(&mut v, &mut from);
    assert_eq!(v, ['c', 'a', 'b', 'd', 'f', 'e']);
    let mut none: Vec<char> = Vec::new();
    permute(&mut none, &mut []);
    assert!(none.is_empty());
}
