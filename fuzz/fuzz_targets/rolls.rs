//! Fuzz target: roll pages (`roll/{id}/…`) and roll index chunks
//! (`rollx/{id}/…`) from arbitrary bytes, and what the lists page computes
//! from them (in force, current, on a date).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixin_core::{honour_current, listing_in_force, Day, RollIndexChunk, RollPage};

fuzz_target!(|data: &[u8]| {
    let day = Day::from_ymd(2026, 11, 22).expect("a date");
    if let Ok(page) = RollPage::decode(data) {
        for e in page.entries.iter().take(16) {
            let _ = e.card.status(day);
            if let Some(l) = &e.listing {
                let _ = listing_in_force(l, day);
            }
            if let Some(h) = &e.honour {
                let _ = honour_current(h, day);
            }
        }
    }
    if let Ok(chunk) = RollIndexChunk::decode(data) {
        for line in chunk.lines.iter().take(64) {
            let _ = (line.uscc(), line.name(), line.detail(), line.date());
            let _ = line.on(day);
        }
    }
});
