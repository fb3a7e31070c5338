//! Unit tests of the readers: encodings, delimiters, row numbers, arbitrary bytes.

use super::*;
use proptest::prelude::*;

#[test]
fn gbk_is_detected() {
    let (bytes, _, _) =
        encoding_rs::GBK.encode("统一社会信用代码,企业名称\n91350200MA2YJ1XR9G,演示有限公司\n");
    let f = read_text("a.csv", bytes.into_owned());
    assert_eq!(f.encoding, "gb18030");
    assert_eq!(f.tables[0].rows[1].get(1), "演示有限公司");
}

#[test]
fn utf16_with_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "uscc\tname\r\nx\ty\r\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let f = read_bytes("a.txt", bytes).unwrap();
    assert_eq!(f.encoding, "utf-16le");
    assert_eq!(f.tables[0].rows[0].get(1), "name");
}

#[test]
fn csv_row_numbers_count_records_not_lines() {
    let f = read_text("a.csv", "a,b\n\"x\ny\",z\nq,r\n".into());
    let nums: Vec<u32> = f.tables[0].rows.iter().map(|r| r.number).collect();
    assert_eq!(nums, [1, 2, 3]);
    assert_eq!(f.tables[0].rows[1].get(0), "x\ny");
}

#[test]
fn tabs_win_when_they_outnumber_commas() {
    assert_eq!(sniff_delimiter("a.txt", "a\tb\tc\n1,5\t2\t3\n"), b'\t');
    assert_eq!(sniff_delimiter("a.csv", "a,b\n1,2\n"), b',');
}

#[test]
fn binary_files_are_not_tables() {
    assert!(matches!(
        read_bytes("x.png", vec![0x89, b'P', 0, 0, 1]),
        Err(ReadError::NotATable(_))
    ));
    assert!(matches!(
        read_bytes("x.xlsx", b"PK\x03\x04garbage".to_vec()),
        Err(ReadError::Workbook(_))
    ));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), ext in "(csv|txt|xlsx|xls|bin)") {
        let _ = read_bytes(&format!("f.{ext}"), bytes);
    }
}

#[test]
fn a_large_text_split_on_several_cores_gives_the_same_records_and_numbers() {
    let mut text = String::from("统一社会信用代码,企业名称\r\n");
    let mut i = 0u32;
    while text.len() < PARALLEL_TEXT + (1 << 20) {
        // CRLF, LF, blank lines and short rows, as exports have them.
        text.push_str(&format!("91350200MA{i:08},演示{i}有限公司\r\n"));
        if i.is_multiple_of(1000) {
            text.push_str("\n\n");
        }
        if i.is_multiple_of(777) {
            text.push_str(&format!("{i}\n"));
        }
        i += 1;
    }
    let parallel = split_records(&text, b',');
    let one = split_piece(&text, b',');
    assert_eq!(parallel.len(), one.len());
    assert!(parallel == one);
    let f = read_text("big.csv", text.clone().into_bytes());
    let rows = &f.tables[0].rows;
    assert_eq!(rows.len(), one.len());
    assert_eq!(rows.last().map(|r| r.number), Some(one.len() as u32));
    assert_eq!(rows[1].get(1), "演示0有限公司");
}
