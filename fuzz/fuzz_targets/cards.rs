//! Fuzz target: card chunks (`card/…`, JSON lines) and record chunks
//! (`rec/…`) from arbitrary bytes, and what the app and CLI do with a
//! decoded card or record: badges and status by the time rules, the
//! enterprise page's view.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixin_core::{decode_records, find_record, CardShard, Day, EnterpriseView};

fuzz_target!(|data: &[u8]| {
    let day = Day::from_ymd(2026, 11, 22).expect("a date");
    if let Ok(shard) = CardShard::decode(data) {
        for card in shard.cards.iter().take(16) {
            let _ = card.status(day);
            let _ = card.current_grades(day);
        }
        let again = CardShard::decode(&shard.encode()).expect("an encoded shard decodes");
        assert_eq!(again, shard);
    }
    for line in data.split(|&b| b == b'\n').take(4) {
        let _ = CardShard::first_doc_of(line);
        if let Ok(card) = CardShard::card_of_line(line) {
            let _ = card.status(day);
        }
    }
    if let Ok(records) = decode_records(data) {
        for e in records.iter().take(8) {
            let _ = EnterpriseView::new(e, day);
        }
    }
    let _ = find_record(data, "91350200MA2YJ1XR9G");
});
