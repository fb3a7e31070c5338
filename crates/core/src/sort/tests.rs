//! The index sort gives exactly the standard library's stable order.

use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn index_sort_is_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)) {
        let mut want = v.clone();
        want.sort_by_key(|a| a.0);
        let mut got = v.clone();
        sort_by_index(&mut got, &mut |a: &(u8, u16), b: &(u8, u16)| a.0.cmp(&b.0));
        prop_assert_eq!(&got, &want);
        let mut trait_sorted = v;
        trait_sorted.stable_sort_by_key(|p| p.0);
        prop_assert_eq!(trait_sorted, want);
    }
}

#[test]
fn sorts_strings_and_reverses() {
    let mut v = vec!["c", "a", "b", "a"];
    v.stable_sort();
    assert_eq!(v, ["a", "a", "b", "c"]);
    let mut w = vec![3, 1, 2];
    sort_by_index(&mut w, &mut |a: &i32, b: &i32| b.cmp(a));
    assert_eq!(w, [3, 2, 1]);
}
