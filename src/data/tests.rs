//! Tests of the data module's pure parts: staleness against the refresh interval,
//! the fetched-file cache's budget, the caches' share of memory beyond its cap,
//! one fetch of a file several callers need at once.

use super::*;

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

#[test]
fn data_is_stale_only_after_the_refresh_interval() {
    let info = Info {
        as_of: Some(day("2026-11-01")),
        refresh_days: Some(30),
        ..Info::default()
    };
    assert!(
        !info.is_stale(day("2026-12-01")),
        "exactly 30 days is not stale"
    );
    assert!(info.is_stale(day("2026-12-02")));
    let no_interval = Info {
        as_of: Some(day("2020-01-01")),
        ..Info::default()
    };
    assert!(!no_interval.is_stale(day("2026-12-02")));
}

#[test]
fn errors_name_the_file() {
    assert_eq!(
        DataError::Missing("rec/ab12.bin".into()).to_string(),
        "rec/ab12.bin: not found"
    );
}

#[test]
fn the_file_cache_forgets_the_oldest_files_beyond_its_budget() {
    let mut cache = FileCache::default();
    let file = |n: usize| -> FileBytes { Rc::new(vec![0u8; n]) };
    let third = FILE_CACHE_BYTES / 3;
    for p in ["a", "b", "c"] {
        cache.insert(p, file(third));
    }
    assert_eq!(cache.files.len(), 3);
    // One more does not fit: the first stored goes.
    cache.insert("d", file(third));
    assert!(!cache.files.contains_key("a"));
    assert!(["b", "c", "d"].iter().all(|p| cache.files.contains_key(*p)));
    assert!(cache.bytes <= FILE_CACHE_BYTES);
    // Storing a file again counts it once.
    cache.insert("d", file(third));
    assert_eq!(cache.bytes, 3 * third);
    // A file larger than the budget is still kept (the page needs it), alone.
    cache.insert("huge", file(FILE_CACHE_BYTES + 1));
    assert_eq!(cache.files.keys().collect::<Vec<_>>(), vec!["huge"]);
}

/// Wakes by setting a flag.
struct Flag(std::sync::atomic::AtomicBool);

impl std::task::Wake for Flag {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn a_file_in_flight_is_fetched_once_and_its_waiters_wake_when_the_fetch_ends() {
    use std::future::Future;
    let page = "card/sum-0001-00.bin";
    let flight = Flight::start(page).expect("nothing in flight yet");
    assert!(Flight::start(page).is_none(), "a second caller waits");
    assert!(
        Flight::start("card/sum-0002-00.bin").is_some(),
        "another file is fetched at once"
    );
    let flag = std::sync::Arc::new(Flag(false.into()));
    let waker = std::task::Waker::from(flag.clone());
    let mut cx = std::task::Context::from_waker(&waker);
    let mut landed = Landed(page);
    assert!(std::pin::Pin::new(&mut landed).poll(&mut cx).is_pending());
    // The fetch ends (done, failed or aborted alike): the waiter wakes and
    // looks again; the file may be fetched anew.
    drop(flight);
    assert!(flag.0.load(std::sync::atomic::Ordering::SeqCst));
    assert!(std::pin::Pin::new(&mut landed).poll(&mut cx).is_ready());
    assert!(Flight::start(page).is_some());
}

#[test]
fn memory_taken_beyond_the_cap_comes_out_of_the_caches_budgets() {
    // Below the cap, or outside the browser (no linear memory), the full budgets.
    assert_eq!(budget(FILE_CACHE_BYTES, 0), FILE_CACHE_BYTES);
    assert_eq!(budget(SEARCH_CHUNK_BYTES, MEMORY_CAP), SEARCH_CHUNK_BYTES);
    // Beyond it, each cache gives up its share of GIVE_UP times the excess.
    let over = 3 << 19;
    let files = budget(FILE_CACHE_BYTES, MEMORY_CAP + over);
    let chunks = budget(SEARCH_CHUNK_BYTES, MEMORY_CAP + over);
    assert_eq!(GIVE_UP, 4);
    assert_eq!(files, FILE_CACHE_BYTES - (2 << 20));
    assert_eq!(chunks, SEARCH_CHUNK_BYTES - (4 << 20));
    // However far memory went, a budget is never less than nothing.
    assert_eq!(budget(FILE_CACHE_BYTES, usize::MAX), 0);
    assert_eq!(budget(SEARCH_CHUNK_BYTES, MEMORY_CAP + (64 << 20)), 0);
}
