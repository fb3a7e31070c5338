//! Fuzz target: a text table (CSV, TSV, any encoding) from arbitrary bytes,
//! read, converted and merged as `zhixin build` does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The name decides nothing for text but the delimiter sniffing (.tsv).
    let name = if data.first().is_some_and(|b| b & 1 == 1) {
        "名单.tsv"
    } else {
        "名单.csv"
    };
    zhixin_compiler::fuzz::read_file(name, data);
});
