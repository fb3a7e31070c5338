//! Unit tests of fact identity for duplicates.

use super::*;
use zhixin_core::{ListKind, Source};

#[test]
fn the_same_listing_from_two_sources_has_one_identity() {
    let l = |file: &str| Listing {
        list: ListKind::SeriousViolation,
        listed_on: "2024-01-01".parse().unwrap(),
        listed_by: "甲".into(),
        reason: "乙".into(),
        basis: None,
        removed_on: None,
        removal_reason: None,
        removed_by: None,
        source: Source {
            file: file.into(),
            ..Source::default()
        },
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
