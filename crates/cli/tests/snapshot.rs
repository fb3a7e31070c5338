//! Snapshot tests: what a citizen gets back for each kind of query, and every
//! rendered enterprise record (`show --json`, the object the app renders), on
//! the fictional fixture folder `fixtures/snapshot`. A change in ranking,
//! matching or the time rules shows up as a diff here; when it is intended,
//! re-run with `UPDATE_EXPECT=1` and review the diff.

use crate::util::*;
use expect_test::expect_file;
use std::fmt::Write;
use std::path::Path;

/// The fixture, built as of 2026-11-22 into a fresh temporary folder.
fn snapshot_registry() -> (tempfile::TempDir, std::path::PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshot");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("registry");
    let o = zhixin(&["build", p(&src), "--out", p(&out), "--as-of", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (dir, out)
}

/// One query of every kind a citizen types, plus inputs that must find nothing.
const QUERIES: &[(&str, &str)] = &[
    ("exact name", "青屿银康食品有限公司（演示）"),
    ("partial name, shared by siblings", "银康"),
    ("pinyin", "qingyuyinkang"),
    ("pinyin initials", "qyyk"),
    ("traditional characters", "東海瑞豐"),
    ("former name", "青屿银康饮品厂"),
    ("brand", "北辰香"),
    ("name with one wrong character", "青屿银康食品有线公司"),
    ("code", "91370100M0B2345608"),
    ("code with a wrong check character", "91370100M0B2345609"),
    ("code in lower case and full width", "91370100m0b234560８"),
    ("HTML", "<script>alert(1)</script>"),
    ("absent", "没有这家企业"),
];

#[test]
fn search_results_for_every_query_kind() {
    let (_dir, out) = snapshot_registry();
    let mut snapshot = String::new();
    for (kind, query) in QUERIES {
        let o = zhixin(&["search", p(&out), query, "--json", "--limit", "3"]);
        assert_eq!(o.status.code(), Some(0), "{query}: {}", stderr(&o));
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        writeln!(snapshot, "{kind}: {query}").unwrap();
        if hits.is_empty() {
            writeln!(snapshot, "  (no match)").unwrap();
        }
        for (i, h) in hits.iter().enumerate() {
            writeln!(
                snapshot,
                "  {}. {} {} [{}] {:.2}",
                i + 1,
                h["uscc"].as_str().unwrap(),
                h["name"].as_str().unwrap(),
                h["matched"].as_str().unwrap(),
                h["score"].as_f64().unwrap(),
            )
            .unwrap();
        }
    }
    expect_file!["snapshots/search.txt"].assert_eq(&snapshot);
}

#[test]
fn rendered_records_of_every_enterprise() {
    let (_dir, out) = snapshot_registry();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshot");
    let table = std::fs::read_to_string(src.join("enterprises.csv")).unwrap();
    let mut snapshot = String::new();
    for line in table.lines().skip(1) {
        let uscc = line.split(',').next().unwrap();
        let o = zhixin(&["show", p(&out), uscc, "--json", "--as-of", "2026-11-22"]);
        assert_eq!(o.status.code(), Some(0), "{uscc}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        writeln!(snapshot, "== {uscc}").unwrap();
        writeln!(snapshot, "{}", serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
    expect_file!["snapshots/show.txt"].assert_eq(&snapshot);
}

#[test]
fn build_report_of_the_fixture() {
    let (_dir, out) = snapshot_registry();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    expect_file!["snapshots/report.json"]
        .assert_eq(&(serde_json::to_string_pretty(&report).unwrap() + "\n"));
}
