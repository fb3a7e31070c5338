//! Fuzz target: a postings chunk (`post/…`) from arbitrary bytes: decoded
//! whole, looked up term by term, and, when it decodes, encoded again to the
//! same shard.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixin_core::PostingShard;

fuzz_target!(|data: &[u8]| {
    let _ = PostingShard::lookup(data, "银康");
    let _ = PostingShard::lookup(data, "");
    let Ok(shard) = PostingShard::decode(data) else {
        return;
    };
    for (term, _) in shard.terms.keys().take(8) {
        PostingShard::lookup(data, term).expect("a decodable chunk looks up");
    }
    let again = PostingShard::decode(&shard.encode()).expect("an encoded shard decodes");
    assert_eq!(again, shard);
});
