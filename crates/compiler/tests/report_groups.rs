//! Repeated warnings are grouped in report.json: the first of each kind in
//! full, the rest counted with their rows; every warning still counted.

use crate::util::*;
use zhixin_compiler::{build as build_registry, BuildOptions, Report, WARNINGS_PER_KIND};
use zhixin_core::uscc::{check_char, org_check_char};

/// A valid code whose embedded organisation-code check character is wrong
/// (a warning, not a rejection).
fn org_mismatch_code(i: u32) -> String {
    let mut b = format!("91350200{:08}", 10_000_000 + i).into_bytes();
    let org = org_check_char(&b[8..16]).unwrap();
    b.push(if org == b'0' { b'1' } else { b'0' });
    let c = check_char(&b).unwrap();
    b.push(c);
    String::from_utf8(b).unwrap()
}

#[test]
fn many_warnings_of_one_kind_are_summarised_and_still_counted() {
    let src = tempdir();
    let n = WARNINGS_PER_KIND as u32 + 30;
    let mut csv = String::from("统一社会信用代码,企业名称\n");
    for i in 0..n {
        csv.push_str(&format!("{},演示企业{i}有限公司\n", org_mismatch_code(i)));
    }
    std::fs::write(src.path().join("企业名录.csv"), csv).unwrap();
    let out = tempdir();
    let opts = BuildOptions::new(day(AS_OF));
    let outcome = build_registry(src.path(), out.path(), &opts).unwrap();
    assert_eq!(outcome.report.totals.warnings, n as usize);
    let json: Report =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let f = &json.files[0];
    assert_eq!(f.accepted, n as usize);
    // The first ones in full, with their rows (the header is row 1).
    assert_eq!(f.warnings.len(), WARNINGS_PER_KIND + 1);
    assert_eq!(f.warnings[0].row, Some(2));
    assert!(f.warnings[0].reason.contains("organisation-code"));
    // Then one entry for the rest, with the count and every row.
    let rest = &f.warnings[WARNINGS_PER_KIND];
    assert_eq!(rest.count, Some(30));
    assert_eq!(rest.column.as_deref(), Some("uscc"));
    let rows: Vec<u32> = rest
        .rows
        .as_deref()
        .unwrap()
        .split(' ')
        .map(|r| r.parse().unwrap())
        .collect();
    let expected: Vec<u32> = (WARNINGS_PER_KIND as u32 + 2..n + 2).collect();
    assert_eq!(rows, expected);
    assert_eq!(f.warnings_total, Some(n as usize));
    assert_eq!(json.totals.warnings, n as usize);
}
