//! `zhixin build`: the registry folder, report.json and exit codes.

use crate::util::*;

#[test]
fn enterprises_only_folder_builds_with_a_balanced_report() {
    let f = built();
    assert!(f.out.join("meta.json").is_file());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["as_of"], "2026-11-22");
    assert_eq!(report["enterprises"], 2);
    let file = &report["files"][0];
    assert_eq!(file["kind"], "enterprises");
    assert_eq!(file["read"], 2);
    assert_eq!(file["accepted"], 2);
    assert_eq!(file["rejected"], 0);
}

#[test]
fn a_bad_code_is_reported_and_strict_fails() {
    let body = format!("{ENTERPRISES}91350200MA2YJ1XR9H,错码企业有限公司（演示）\n");
    let f = fixture(&[("enterprises.csv", &body)]);
    let o = zhixin(&["build", p(&f.src), "--out", p(&f.out)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "rejections do not fail a normal build"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("report.json")).unwrap()).unwrap();
    let rej = &report["files"][0]["rejections"][0];
    assert_eq!(rej["row"], 4, "the CSV record number, header included");
    assert_eq!(rej["column"], "uscc");
    assert_eq!(rej["value"], "91350200MA2YJ1XR9H");
    let o = zhixin(&["build", p(&f.src), "--out", p(&f.out), "--strict"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_source_folder_is_a_clear_input_error() {
    let f = fixture(&[]);
    let missing = f.src.join("nope");
    let o = zhixin(&["build", p(&missing), "--out", p(&f.out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("nope") && err.lines().count() == 1, "{err}");
    assert!(!err.contains("panicked"));
}
