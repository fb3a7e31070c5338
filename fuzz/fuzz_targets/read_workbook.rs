//! Fuzz target: a workbook (XLSX, XLS, XLSB, ODS) from arbitrary bytes, read by
//! calamine, converted and merged as `zhixin build` does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: zhixin_compiler::fuzz::tolerate_calamine_panics(),
    |data: &[u8]| {
        // The extension matters only when the magic bytes do not decide.
        let name = match data.last().map(|b| b % 4) {
            Some(0) => "名单.xlsx",
            Some(1) => "名单.xls",
            Some(2) => "名单.ods",
            _ => "名单.xlsb",
        };
        zhixin_compiler::fuzz::read_file(name, data);
    }
);
