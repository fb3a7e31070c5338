//! The registry's readings chunk (`zhixin_core::search_terms::Sounds`): each
//! character of its names, former names and brands with its toneless readings, so
//! that a search can tell a name typed with a homophone (迅伟 for 迅威) and
//! spell a query in pinyin without a character table in the app.

use super::terms::readings;
use super::write::Writer;
use crate::store::Store;
use rayon::prelude::*;
use std::collections::BTreeSet;
use zhixin_core::integrity::{digest, to_hex, Digest};
use zhixin_core::is_cjk;
use zhixin_core::search_terms::Sounds;

/// Writes the readings of every Chinese character in the names (the
/// store's normalised names) and their former names and brands (which the
/// store collects for the t2s table); returns the chunk's file name and digest.
pub(crate) fn sounds_table(w: &Writer, store: &Store) -> anyhow::Result<(String, Digest)> {
    let mut used: BTreeSet<char> = store
        .items
        .par_iter()
        .fold(BTreeSet::new, |mut used, it| {
            used.extend(it.norm.chars().filter(|&c| is_cjk(c)));
            used
        })
        .reduce(BTreeSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    used.extend(store.used.iter().copied().filter(|&c| is_cjk(c)));
    let table = Sounds::from_readings(used.into_iter().map(|c| (c, readings(c))));
    let bytes = table.to_chunk_string().into_bytes();
    let d = digest(&bytes);
    let name = format!("sounds-{}.txt", to_hex(&d));
    w.write(&name, &bytes)?;
    Ok((name, d))
}

#[cfg(test)]
mod tests {
    use zhixin_core::search_terms::Sounds;

    #[test]
    fn homophones_share_a_reading_and_the_chunk_round_trips() {
        let table = Sounds::from_readings(
            ['威', '伟', '秋', '行']
                .into_iter()
                .map(|c| (c, super::readings(c))),
        );
        assert!(table.alike('威', '伟'));
        assert!(!table.alike('威', '秋'));
        assert!(!table.alike('威', '威'));
        // The most common reading first: 行 is xing before hang.
        assert_eq!(table.of('行').next(), Some("xing"));
        assert_eq!(table.spell("威秋").as_deref(), Some("weiqiu"));
        assert_eq!(table.spell("威门"), None);
        let back = Sounds::from_chunk_string(&table.to_chunk_string());
        assert_eq!(back, table);
        assert!(back.of('行').any(|r| r == "hang"));
    }
}
