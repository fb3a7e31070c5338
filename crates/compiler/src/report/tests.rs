//! Unit tests of warning grouping: the first warnings of a kind in full, the
//! rest counted with their rows, nothing lost.

use super::*;

fn w(row: u32, column: &str, reason: &str) -> Warning {
    Warning {
        sheet: None,
        row: Some(row),
        column: Some(column.into()),
        value: None,
        reason: reason.into(),
        count: None,
        rows: None,
    }
}

#[test]
fn a_reason_kind_ends_at_its_first_value() {
    assert_eq!(
        reason_kind("name differs from the enterprise's known name '甲公司' for 9135…"),
        "name differs from the enterprise's known name"
    );
    assert_eq!(
        reason_kind("month only; read as 2024-03-01"),
        "month only; read as"
    );
    assert_eq!(reason_kind("no value here"), "no value here");
}

#[test]
fn few_warnings_stay_as_they_are() {
    let ws: Vec<Warning> = (1..=3).map(|r| w(r, "name", "x 'a'")).collect();
    assert_eq!(group_warnings(ws.clone(), 3), ws);
}

#[test]
fn many_warnings_of_one_kind_keep_the_first_and_count_the_rest_with_rows() {
    let mut ws: Vec<Warning> = (1..=10)
        .map(|r| {
            w(
                r,
                "uscc",
                &format!("check character (position 17) is '{r}'"),
            )
        })
        .collect();
    ws.insert(5, w(99, "name", "name differs 'x'"));
    let g = group_warnings(ws, 3);
    // The first three of the uscc kind and the one name warning, in place; then the summary.
    let rows: Vec<Option<u32>> = g.iter().map(|x| x.row).collect();
    assert_eq!(rows, [Some(1), Some(2), Some(3), Some(99), None]);
    let s = &g[4];
    assert_eq!(s.count, Some(7));
    assert_eq!(s.rows.as_deref(), Some("4 5 6 7 8 9 10"));
    assert_eq!(s.column.as_deref(), Some("uscc"));
    assert!(
        s.reason
            .starts_with("check character (position… (7 more warnings of this kind;"),
        "{}",
        s.reason
    );
    let total: usize = g.iter().map(Warning::stands_for).sum();
    assert_eq!(total, 11);
}

#[test]
fn kinds_are_per_sheet_and_column() {
    let mut a = w(1, "uscc", "bad 'x'");
    a.sheet = Some("甲".into());
    let mut b = w(2, "uscc", "bad 'y'");
    b.sheet = Some("乙".into());
    let c = w(3, "name", "bad 'z'");
    let g = group_warnings(vec![a, b, c], 1);
    assert_eq!(g.len(), 3);
    assert!(g.iter().all(|x| x.count.is_none()));
}

#[test]
fn grouping_twice_changes_nothing_and_loses_nothing() {
    let ws: Vec<Warning> = (1..=50).map(|r| w(r, "uscc", "bad 'v'")).collect();
    let once = group_warnings(ws, 5);
    let twice = group_warnings(once.clone(), 5);
    assert_eq!(once, twice);
    assert_eq!(once.iter().map(Warning::stands_for).sum::<usize>(), 50);
}
