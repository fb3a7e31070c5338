//! Fuzz target: pinyin start chunks (`pin/…`) and the pinyin fence from
//! arbitrary bytes: decoded, scanned, searched for typed letters, and, when
//! they decode, encoded again to the same value. A chunk crafted to decode
//! to far more than its size (front-coded keys sharing ever longer prefixes)
//! must be refused, not decoded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixin_core::{PinyinChunk, PinyinEntry, PinyinFence};

fuzz_target!(|data: &[u8]| {
    let typed = ["q", "qingdao", "#qd", "yinkang", ""];
    let mut decoded = 0usize;
    let _ = PinyinChunk::scan(data, |key, ends, weak, doc| {
        decoded += key.len();
        let entry = PinyinEntry {
            key: key.to_string(),
            ends,
            weak,
            doc,
        };
        for t in typed {
            let _ = entry.matches(t);
        }
    });
    // Decoding is linear in the chunk's size (keys are short).
    assert!(
        decoded <= 64 * data.len() + 64,
        "{decoded} key bytes from {} bytes",
        data.len()
    );
    if let Ok(chunk) = PinyinChunk::decode(data) {
        let again = PinyinChunk::decode(&chunk.encode()).expect("an encoded chunk decodes");
        assert_eq!(again, chunk);
    }
    if let Ok(fence) = PinyinFence::decode(data) {
        for t in typed {
            let _ = fence.shards_for(t, 4);
        }
        let again = PinyinFence::decode(&fence.encode()).expect("an encoded fence decodes");
        assert_eq!(again, fence);
    }
});
