//! Tests of how `cargo xtask test` reads runners' output and tallies stages.

use super::*;

fn counts(lines: &[&str]) -> Counts {
    let mut c = Counts::default();
    for line in lines {
        c.read(line);
    }
    c
}

#[test]
fn libtest_summaries_add_up_across_binaries() {
    let c = counts(&[
        "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        "running 3 tests",
        "test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out",
    ]);
    assert!(c.seen);
    assert_eq!((c.passed, c.failed), (14, 1));
}

#[test]
fn node_spec_reporter_summary_is_read() {
    let c = counts(&[
        "ℹ tests 5",
        "ℹ suites 0",
        "ℹ pass 4",
        "ℹ fail 1",
        "ℹ cancelled 0",
    ]);
    assert_eq!((c.passed, c.failed), (4, 1));
}

#[test]
fn lighthouse_summary_is_read() {
    let c = counts(&["  ✔ seo 1.00 (needs 0.9)", "lighthouse: 5 passed, 1 failed"]);
    assert_eq!((c.passed, c.failed), (5, 1));
}

#[test]
fn output_without_counts_is_not_seen() {
    let c = counts(&["   Compiling zhixin v0.1.0", "no tests to run!"]);
    assert!(!c.seen);
}

#[test]
fn a_runner_that_fails_without_a_failing_test_still_fails_the_run() {
    let mut tally = Tally::default();
    let c = counts(&["test result: ok. 3 passed; 0 failed; 0 ignored"]);
    tally.record("native", false, c);
    assert_eq!((tally.passed, tally.failed), (3, 1));
    assert_eq!(tally.failed_stages, vec!["native".to_string()]);
}

#[test]
fn a_build_step_counts_once() {
    let mut tally = Tally::default();
    tally.record("build", true, Counts::default());
    tally.record("other build", false, Counts::default());
    assert_eq!((tally.passed, tally.failed), (1, 1));
    assert_eq!(tally.failed_stages, vec!["other build".to_string()]);
}
