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

/// The quality report's figures against the demo generator's own account of
/// the rows it wrote (`.zhixin-truth/summary.json`, kept as each sample,
/// listing and grade is written, sharing no code with the compiler): the
/// overall pass rate and its counts, per year, and the date-dependent counts
/// both as the build computed them and through the timeline the app reads.
#[test]
fn stats_agree_with_the_source_rows_as_the_demo_generator_counted_them() {
    let src = tempdir();
    let out = tempdir();
    zhixin_demo::write_demo(
        src.path(),
        &zhixin_demo::DemoOptions {
            count: 1500,
            seed: 5,
        },
    )
    .unwrap();
    let as_of = zhixin_demo::demo_as_of();
    build_registry(src.path(), out.path(), &BuildOptions::new(as_of)).unwrap();
    let stats: zhixin_core::Stats =
        serde_json::from_slice(&std::fs::read(out.path().join("stats.json")).unwrap()).unwrap();
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(src.path().join(".zhixin-truth/summary.json")).unwrap(),
    )
    .unwrap();
    let total = &stats.spot_checks.total;
    let samples = truth["samples"].as_u64().unwrap() as usize;
    let failed = truth["failed_samples"].as_u64().unwrap() as usize;
    assert!(samples > 100, "the demo wrote {samples} samples");
    assert_eq!((total.samples, total.failed), (samples, failed));
    assert_eq!(total.passed, samples - failed);
    let rate = (samples - failed) as f64 / samples as f64;
    assert!((total.pass_rate - rate).abs() < 1e-12);
    let by_year = truth["samples_by_year"].as_object().unwrap();
    assert_eq!(stats.spot_checks.by_year.len(), by_year.len());
    for r in &stats.spot_checks.by_year {
        let y = &by_year[&r.key];
        assert_eq!(
            (r.samples as u64, r.failed as u64),
            (y[0].as_u64().unwrap(), y[1].as_u64().unwrap()),
            "{}",
            r.key
        );
    }
    // Every breakdown sums to the total.
    for rows in [
        &stats.spot_checks.by_category,
        &stats.spot_checks.by_industry,
        &stats.spot_checks.by_region,
        &stats.spot_checks.by_city,
        &stats.spot_checks.by_programme,
    ] {
        assert_eq!(rows.iter().map(|r| r.samples).sum::<usize>(), samples);
        assert_eq!(rows.iter().map(|r| r.failed).sum::<usize>(), failed);
    }
    let first = stats.spot_checks.first.unwrap();
    assert_eq!(first.year().to_string(), stats.spot_checks.by_year[0].key);
    let tl = &stats.timeline;
    assert_eq!(
        truth["blacklisted"].as_u64().unwrap(),
        stats.blacklisted as u64
    );
    assert_eq!(
        tl.on(zhixin_core::Tally::Blacklisted, as_of),
        stats.blacklisted as u64
    );
    for (list, n) in truth["listed_in_force"].as_object().unwrap() {
        let k = zhixin_core::ListKind::parse(list).unwrap();
        assert_eq!(
            stats.enterprises_listed[&k] as u64,
            n.as_u64().unwrap(),
            "{list}"
        );
        assert_eq!(
            tl.on(zhixin_core::Tally::Listed(k), as_of),
            n.as_u64().unwrap()
        );
    }
    for (scheme, grades) in truth["current_grades"].as_object().unwrap() {
        let s = zhixin_core::Scheme::parse(scheme).unwrap();
        for (g, n) in grades.as_object().unwrap() {
            let rank = s.rank(g).unwrap() as u8;
            assert_eq!(
                tl.on(zhixin_core::Tally::Grade(s, rank), as_of),
                n.as_u64().unwrap(),
                "{scheme} {g}"
            );
        }
    }
    let honours: u64 = zhixin_core::HonourKind::ALL
        .iter()
        .map(|k| tl.on(zhixin_core::Tally::Honours(*k), as_of))
        .sum();
    assert_eq!(honours, truth["current_honours"].as_u64().unwrap());
}
