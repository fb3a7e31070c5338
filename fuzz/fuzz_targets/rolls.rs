//! Fuzz target: roll pages (`roll/{id}/…`) from arbitrary bytes, and what
//! the lists page computes from an entry (in force, current).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixin_core::{honour_current, listing_in_force, Day, RollPage};

fuzz_target!(|data: &[u8]| {
    let day = Day::from_ymd(2026, 11, 22).expect("a date");
    let Ok(page) = RollPage::decode(data) else {
        return;
    };
    for e in page.entries.iter().take(16) {
        let _ = e.card.status(day);
        if let Some(l) = &e.listing {
            let _ = listing_in_force(l, day);
        }
        if let Some(h) = &e.honour {
            let _ = honour_current(h, day);
        }
    }
});
