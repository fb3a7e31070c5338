//! Fuzz target: code chunks (`code/…`) from arbitrary bytes, and the keys a
//! typed code is filed under.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixin_core::{code_keys, CodeShard};

fuzz_target!(|data: &[u8]| {
    if let Ok(shard) = CodeShard::decode(data) {
        for code in shard.codes.keys().take(8) {
            let _ = code_keys(code);
            let _ = zhixin_core::uscc::normalize(code);
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = code_keys(s);
    }
});
