//! Listings: the list from a column, the headers, the caption or the file
//! name; caption dates and authorities; footers; the time rules.

use crate::util::*;
use zhixin_core::ListKind;

#[test]
fn title_rows_are_the_caption_and_footers_are_skipped() {
    let c = build(&fixture("titles"));
    assert_accounted(&c);
    let f = file(&c, "附件1.csv");
    assert_eq!(f.kind.as_deref(), Some("listings"));
    assert_eq!(f.header_row, Some(4));
    let caption = f.caption.as_deref().unwrap();
    assert!(
        caption.starts_with("附件1 演示市市场监督管理局关于公布"),
        "{caption}"
    );
    assert!(caption.contains("发布时间：2024年3月1日"));
    assert_eq!(
        caption.matches("关于公布").count(),
        1,
        "a title merged across the width is kept once"
    );
    assert_eq!(f.read, 3);
    assert_eq!((f.accepted, f.rejected), (1, 2));
    let skipped: Vec<(u32, &str)> = f
        .skipped
        .iter()
        .map(|s| (s.row, s.reason.as_str()))
        .collect();
    assert!(
        skipped
            .iter()
            .any(|(r, why)| *r == 8 && why.contains("blank")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|(r, why)| *r == 9 && why.starts_with("footer: 注")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|(r, why)| *r == 10 && why.starts_with("footer: 合计")),
        "{skipped:?}"
    );
    assert!(
        skipped.iter().filter(|(r, _)| *r <= 3).count() == 3,
        "caption rows listed: {skipped:?}"
    );
}

#[test]
fn the_list_comes_from_the_header_and_the_authority_from_the_caption() {
    let c = build(&fixture("titles"));
    let a = ent(&c, "91350200MA0000015A");
    let l = &a.listings[0];
    assert_eq!(l.list, ListKind::SeriousViolation);
    assert_eq!(l.listed_by, "演示市市场监督管理局");
    assert_eq!(l.listed_on, day("2023-11-22"));
    assert!(l.source.citation.as_deref().unwrap().contains("附件1"));
    // An empty cell of a column that is there is missing, not the caption's date.
    let f = file(&c, "附件1.csv");
    let r6 = f.rejections.iter().find(|r| r.row == 6).unwrap();
    assert_eq!(r6.column.as_deref(), Some("listed_on"));
    let r7 = f.rejections.iter().find(|r| r.row == 7).unwrap();
    assert_eq!(r7.column.as_deref(), Some("reason"));
}

#[test]
fn serious_violation_lasts_three_years_counted_as_the_civil_code_counts() {
    let c = build(&fixture("titles"));
    let on_anniversary = view(&c, "91350200MA0000015A", "2026-11-22");
    assert!(on_anniversary.blacklisted);
    assert!(on_anniversary.listings[0].in_force);
    assert_eq!(on_anniversary.listings[0].ends_on, Some(day("2026-11-23")));
    let day_after = view(&c, "91350200MA0000015A", "2026-11-23");
    assert!(!day_after.blacklisted);
    let day_before_listing = view(&c, "91350200MA0000015A", "2023-11-21");
    assert!(!day_before_listing.blacklisted);
    assert!(
        view(&c, "91350200MA0000015A", "2023-11-22").blacklisted,
        "in force on the day it is listed"
    );
}

#[test]
fn listings_with_removal_annulment_and_bad_values() {
    let c = build(&fixture("listings"));
    assert_accounted(&c);
    let f = file(&c, "listings.csv");
    assert_eq!(f.read, 7);
    assert_eq!(rejected_rows(f), [7, 8]);
    assert!(f.rejections[0].reason.contains("not a known list"));
    assert_eq!(f.rejections[1].column.as_deref(), Some("listed_on"));
    assert_eq!(f.rejections[1].value.as_deref(), Some("2024-13-01"));

    // Abnormal operation: no time limit, a caution, never a blacklist.
    let g = view(&c, "91350200MA00000828", AS_OF);
    assert!(!g.blacklisted);
    assert_eq!(g.cautions, [ListKind::AbnormalOperation]);
    assert_eq!(g.listings[0].ends_on, None);
    assert_eq!(
        g.listings[0].source.source_url.as_deref(),
        Some("https://example.org/a")
    );
    assert_eq!(
        g.listings[0].source.document_no.as_deref(),
        Some("演示〔2010〕1号")
    );

    // Removed on 2024-05-10: in force the day before, not on the day.
    assert!(view(&c, "91350200MA00000903", "2024-05-09").blacklisted);
    assert!(!view(&c, "91350200MA00000903", "2024-05-10").blacklisted);
    // A javascript: link is never kept as a link; it stays as citation text with a warning.
    let l = &ent(&c, "91350200MA00000903").listings[0];
    assert_eq!(l.source.url, None);
    assert!(l
        .source
        .citation
        .as_deref()
        .unwrap()
        .contains("javascript:alert(1)"));
    assert!(f
        .warnings
        .iter()
        .any(|w| w.row == Some(3) && w.column.as_deref() == Some("source_url")));

    // Month precision: the first of the month, with a warning.
    assert_eq!(
        ent(&c, "91350200MA0000103Q").listings[0].listed_on,
        day("2024-02-01")
    );
    assert!(f
        .warnings
        .iter()
        .any(|w| w.row == Some(4) && w.reason.contains("month only")));
    assert!(
        view(&c, "91350200MA0000103Q", AS_OF).blacklisted,
        "quality blacklist has no time limit"
    );

    // Annulled (撤销): never shown as in force, even inside its dates.
    let annulled = view(&c, "91350200MA0000111K", "2025-03-01");
    assert!(!annulled.blacklisted);
    assert!(!annulled.listings[0].in_force);

    // Future-dated: accepted with a warning, not in force yet.
    assert!(f
        .warnings
        .iter()
        .any(|w| w.row == Some(6) && w.reason.contains("after the as-of date")));
    assert!(!view(&c, "91350200MA000012XB", AS_OF).blacklisted);
}

#[test]
fn a_listing_table_without_a_list_anywhere_is_rejected_as_a_whole() {
    let c = build(&fixture("listings"));
    let f = file(&c, "名单.csv");
    assert_eq!(f.kind.as_deref(), Some("listings"));
    assert_eq!((f.read, f.accepted, f.rejected), (1, 0, 1));
    assert!(f.reason.as_deref().unwrap().contains("which list"));
    assert_eq!(f.rejections[0].column.as_deref(), Some("list"));
}

#[test]
fn the_list_comes_from_the_file_name() {
    let c = build(&fixture("listings"));
    let f = file(&c, "2024年经营异常名录.csv");
    assert_eq!(f.accepted, 1);
    let e = ent(&c, "91350200MA00001541");
    assert_eq!(e.listings.len(), 1);
    assert_eq!(e.listings[0].list, ListKind::AbnormalOperation);
    assert_eq!(e.listings[0].listed_on, day("2024-03-01"));
}
