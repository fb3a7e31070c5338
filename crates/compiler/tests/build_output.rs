//! `build` writes report.json and stats.json; `--strict` fails on rejections.

use crate::util::*;
use zhixin_compiler::{build as build_registry, BuildOptions, Report};

fn opts(strict: bool) -> BuildOptions {
    BuildOptions {
        strict,
        ..BuildOptions::new(day(AS_OF))
    }
}

#[test]
fn report_json_has_the_cli_shape() {
    let out = tempdir();
    let outcome = build_registry(&fixture("titles"), out.path(), &opts(false)).unwrap();
    assert!(!outcome.strict_failed);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["as_of"], AS_OF);
    let f = &json["files"][0];
    for key in [
        "file",
        "kind",
        "encoding",
        "read",
        "accepted",
        "rejected",
        "duplicates",
        "unknown_columns",
        "rejections",
        "warnings",
        "header_row",
        "caption",
        "skipped",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    let r = &f["rejections"][0];
    for key in ["sheet", "row", "column", "value", "reason"] {
        assert!(r.get(key).is_some(), "missing rejection {key}");
    }
    assert_eq!(json["enterprises"], 1);
    let back: Report = serde_json::from_value(json).unwrap();
    assert_eq!(back, outcome.report);
}

#[test]
fn stats_json_is_written() {
    let out = tempdir();
    build_registry(&fixture("listings"), out.path(), &opts(false)).unwrap();
    let stats: zhixin_core::Stats =
        serde_json::from_slice(&std::fs::read(out.path().join("stats.json")).unwrap()).unwrap();
    assert_eq!(stats.as_of, day(AS_OF));
    assert!(stats.blacklisted >= 1);
}

#[test]
fn strict_fails_on_rejections_and_unrecognised_files_only() {
    let out = tempdir();
    assert!(
        build_registry(&fixture("titles"), out.path(), &opts(true))
            .unwrap()
            .strict_failed
    );
    assert!(
        build_registry(&fixture("unrecognised"), out.path(), &opts(true))
            .unwrap()
            .strict_failed
    );
    let clean = tempdir();
    std::fs::write(
        clean.path().join("e.csv"),
        "uscc,name\n91350200MA0000015A,演示甲有限公司（虚构）\n",
    )
    .unwrap();
    assert!(
        !build_registry(clean.path(), out.path(), &opts(true))
            .unwrap()
            .strict_failed
    );
}

#[test]
fn a_failed_build_leaves_the_previous_registry_whole() {
    let out = tempdir();
    build_registry(&fixture("listings"), out.path(), &opts(false)).unwrap();
    let chunks = |dir: &std::path::Path| {
        let mut n = 0;
        for d in ["rec", "card", "code", "roll"] {
            if let Ok(rd) = std::fs::read_dir(dir.join(d)) {
                n += rd.count();
            }
        }
        n
    };
    let before = chunks(out.path());
    assert!(before > 0);
    let missing = out.path().join("no-such-source");
    let err = build_registry(&missing, out.path(), &opts(false)).unwrap_err();
    assert!(err.to_string().contains("no-such-source"), "{err}");
    let bad = tempdir();
    std::fs::write(bad.path().join("registry.json"), "{not json").unwrap();
    let err = build_registry(bad.path(), out.path(), &opts(false)).unwrap_err();
    assert!(format!("{err:#}").contains("registry.json"), "{err:#}");
    assert_eq!(chunks(out.path()), before);
}
