//! Tests of the partition share syntax and the deal of files to partitions.

use super::*;

#[test]
fn shares_are_k_of_n() {
    assert_eq!("2/4".parse::<Partition>(), Ok(Partition { k: 2, n: 4 }));
    assert_eq!(Partition { k: 3, n: 8 }.to_string(), "3/8");
    for bad in ["0/4", "5/4", "4", "a/b", "1/0", "1/20000", ""] {
        let e = bad.parse::<Partition>().unwrap_err();
        assert!(e.contains("K/N"), "{bad}: {e}");
    }
}

#[test]
fn files_are_dealt_largest_first_to_the_lightest_partition() {
    let listing: Vec<(String, u64)> = [("a", 10), ("b", 50), ("c", 30), ("d", 30), ("e", 5)]
        .iter()
        .map(|(n, s)| (n.to_string(), *s))
        .collect();
    // b(50)→0, c(30)→1, d(30)→2, a(10)→1 (30 < 30? ties to the lower), e(5)→2.
    assert_eq!(deal(&listing, 3), vec![1, 0, 1, 2, 2]);
    // Every file is dealt once, to a partition that exists.
    let d = deal(&listing, 2);
    assert_eq!(d.len(), listing.len());
    assert!(d.iter().all(|&p| p < 2));
    // One partition takes everything; more partitions than files leave some empty.
    assert_eq!(deal(&listing, 1), vec![0; 5]);
    let d = deal(&listing, 8);
    let mut used: Vec<u32> = d.clone();
    used.sort();
    used.dedup();
    assert_eq!(used.len(), 5);
}
