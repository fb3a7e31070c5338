//! Tests of a roll page's filtering, sorting and paging.

use super::*;

fn entry(uscc: &str, name: &str, date: &str) -> RollEntry {
    RollEntry {
        uscc: uscc.into(),
        name: name.into(),
        date: date.parse().unwrap(),
        detail: "虚构原因".into(),
    }
}

fn roll(n: usize) -> Vec<RollEntry> {
    (0..n)
        .map(|i| {
            entry(
                &format!("91350200MA{i:08}"),
                &format!("演示{i:03}公司"),
                &format!("2025-01-{:02}", i % 28 + 1),
            )
        })
        .collect()
}

#[test]
fn pages_hold_page_size_entries_and_the_last_the_rest() {
    let all = roll(PAGE_SIZE * 2 + 3);
    let (items, total, pages) = page_of(&all, "", Sort::Name, 3);
    assert_eq!((items.len(), total, pages), (3, PAGE_SIZE * 2 + 3, 3));
    assert_eq!(items[0].name, format!("演示{:03}公司", PAGE_SIZE * 2));
}

#[test]
fn a_page_beyond_the_last_shows_the_last() {
    let (items, _, pages) = page_of(&roll(5), "", Sort::Name, 9);
    assert_eq!((items.len(), pages), (5, 1));
}

#[test]
fn newest_first_by_default_and_oldest_first_on_request() {
    let all = vec![
        entry("A", "甲", "2024-01-01"),
        entry("B", "乙", "2026-01-01"),
        entry("C", "丙", "2025-01-01"),
    ];
    let order = |s| {
        page_of(&all, "", s, 1)
            .0
            .into_iter()
            .map(|e| e.uscc)
            .collect::<Vec<_>>()
    };
    assert_eq!(order(Sort::Date), ["B", "C", "A"]);
    assert_eq!(order(Sort::DateAsc), ["A", "C", "B"]);
}

#[test]
fn the_filter_matches_name_code_or_detail_and_ignores_ascii_case() {
    let all = vec![
        entry("91350200MA2YJ1XR9G", "演示甲公司", "2025-01-01"),
        entry("9135021359498494XQ", "演示乙公司", "2025-01-02"),
    ];
    assert_eq!(page_of(&all, "乙", Sort::Date, 1).1, 1);
    assert_eq!(
        page_of(&all, "ma2yj", Sort::Date, 1).0[0].name,
        "演示甲公司"
    );
    assert_eq!(page_of(&all, "虚构", Sort::Date, 1).1, 2);
    assert_eq!(page_of(&all, "无此", Sort::Date, 1).1, 0);
}

#[test]
fn a_long_list_pages_to_its_last_entry_and_its_csv_holds_every_entry() {
    let all = roll(100_003);
    let (items, total, pages) = page_of(&all, "", Sort::DateAsc, usize::MAX);
    assert_eq!((total, pages), (100_003, 100_003usize.div_ceil(PAGE_SIZE)));
    assert_eq!(items.len(), 100_003 % PAGE_SIZE);
    let csv = list_csv(
        Lang::Hans,
        Roll::List(zhixin_core::ListKind::SeriousViolation),
        &filtered(&all, "演示", Sort::Name),
    );
    // A header and one CRLF line per entry.
    assert_eq!(csv.matches("\r\n").count(), 100_003 + 1);
    assert!(csv.starts_with("\u{feff}统一社会信用代码,名称,列入原因,列入日期\r\n"));
}
