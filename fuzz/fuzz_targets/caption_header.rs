//! Fuzz target: caption and header detection, then row conversion, on rows
//! of cells drawn mostly from the contract's own words (header aliases,
//! caption labels, codes, dates, grades) so that the fuzzer reaches tables
//! the detector recognises, with arbitrary text mixed in.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| include_str!("../dict/words.txt").lines().collect());

#[derive(Arbitrary, Debug)]
enum Cell {
    Empty,
    Word(u16),
    /// Two words joined, as in 发布时间：2025年6月30日 or 统一社会信用代码(注册号).
    Words(u16, u16),
    Date(u16, u8, u8, u8),
    Text(String),
}

impl Cell {
    fn text(&self) -> String {
        let w = |i: &u16| WORDS[*i as usize % WORDS.len()];
        match self {
            Cell::Empty => String::new(),
            Cell::Word(i) => w(i).to_string(),
            Cell::Words(a, b) => format!("{}{}", w(a), w(b)),
            Cell::Date(y, m, d, style) => match style % 4 {
                0 => format!("{y}-{m:02}-{d:02}"),
                1 => format!("{y}年{m}月{d}日"),
                2 => format!("{y}/{m}/{d}"),
                _ => format!("{}", (*y as u32) * 10 + *m as u32),
            },
            Cell::Text(s) => s.clone(),
        }
    }
}

fuzz_target!(|input: (String, Vec<Vec<Cell>>)| {
    let (name, rows) = input;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .take(40)
        .map(|r| r.iter().take(24).map(Cell::text).collect())
        .collect();
    zhixin_compiler::fuzz::caption_and_header(&name, &rows);
});
