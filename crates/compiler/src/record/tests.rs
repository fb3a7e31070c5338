//! Unit tests of typed rows: every row accounted for, whatever the cells.

use super::*;
use proptest::prelude::*;

fn table(rows: Vec<Vec<String>>) -> RawTable {
    RawTable {
        sheet: Some("s".into()),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| RawRow {
                number: i as u32 + 1,
                cells: StringRecord::from(cells),
            })
            .collect(),
    }
}

use csv::StringRecord;

fn as_of() -> Day {
    "2026-11-22".parse().unwrap()
}

/// Cells drawn from header words, codes, dates and noise, so that arbitrary
/// tables often have a header and real-looking rows.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("统一社会信用代码".to_string()),
        Just("企业名称".to_string()),
        Just("序号".to_string()),
        Just("列入日期".to_string()),
        Just("产品名称".to_string()),
        Just("抽查结果".to_string()),
        Just("不合格项目".to_string()),
        Just("评价体系".to_string()),
        Just("等级".to_string()),
        Just("91350200MA2YJ1XR9G".to_string()),
        Just("1".to_string()),
        Just("2024-03-01".to_string()),
        Just("不合格".to_string()),
        Just("注：演示".to_string()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #[test]
    fn every_row_is_data_skipped_or_caption(rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..30)) {
        let n = rows.len();
        let t = convert_table("f.xlsx", table(rows), as_of());
        match t.kind {
            None => prop_assert!(t.rows.is_empty()),
            Some(_) => {
                let header = 1;
                prop_assert_eq!(t.rows.len() + t.skipped.len() + header, n);
            }
        }
    }
}

#[test]
fn a_sample_split_over_rows_sharing_a_sequence_number_is_one_sample() {
    let rows = vec![
        vec![
            "序号",
            "统一社会信用代码",
            "企业名称",
            "产品名称",
            "抽查结果",
            "不合格项目",
            "抽查机关",
            "公布日期",
        ],
        vec![
            "1",
            "91350200MA2YJ1XR9G",
            "演示",
            "壶",
            "不合格",
            "甲",
            "演示局",
            "2024-01-01",
        ],
        vec![
            "1",
            "91350200MA2YJ1XR9G",
            "演示",
            "壶",
            "不合格",
            "乙",
            "演示局",
            "2024-01-01",
        ],
        vec!["", "", "", "", "", "丙", "", ""],
        vec![
            "2",
            "91350200MA2YJ1XR9G",
            "演示",
            "灯",
            "合格",
            "",
            "演示局",
            "2024-01-01",
        ],
    ]
    .into_iter()
    .map(|r| r.into_iter().map(str::to_string).collect())
    .collect();
    let t = convert_table("f.csv", table(rows), as_of());
    assert_eq!(t.rows.len(), 4);
    assert!(t.rows.iter().all(|(_, r)| r.is_ok()));
    let Ok(Typed {
        fact: Fact::SpotCheck(s),
        ..
    }) = &t.rows[0].1
    else {
        panic!()
    };
    assert_eq!(s.failed_items, ["甲", "乙", "丙"]);
    assert!(matches!(
        t.rows[1].1,
        Ok(Typed {
            fact: Fact::PartOfSample,
            ..
        })
    ));
    assert!(matches!(
        t.rows[3].1,
        Ok(Typed {
            fact: Fact::SpotCheck(_),
            ..
        })
    ));
}

#[test]
fn a_value_past_the_headers_last_column_is_a_warning_naming_the_column() {
    let rows = [
        vec!["统一社会信用代码", "企业名称"],
        vec![
            "91350200MA2YJ1XR9G",
            "演示甲有限公司（虚构）",
            "",
            "多出的值",
            "/",
        ],
        vec!["91350200MA2YJ1XR9G", "演示甲有限公司（虚构）", "", "", "—"],
    ]
    .into_iter()
    .map(|r| r.into_iter().map(str::to_string).collect())
    .collect();
    let t = convert_table("f.csv", table(rows), as_of());
    let warnings: Vec<&Issue> = t
        .rows
        .iter()
        .flat_map(|(_, r)| r.as_ref().unwrap().warnings.iter())
        .collect();
    assert_eq!(
        warnings.len(),
        1,
        "placeholders and empty cells are no value: {warnings:?}"
    );
    assert_eq!(warnings[0].value.as_deref(), Some("多出的值"));
    assert!(
        warnings[0].reason.contains("column 4 (D)"),
        "{}",
        warnings[0].reason
    );
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(27 * 26 - 1), "ZZ");
    assert_eq!(column_letters(27 * 26), "AAA");
}
