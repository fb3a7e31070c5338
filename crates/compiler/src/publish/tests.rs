//! Publishing: what may be written into, what is kept, what is cleaned.

use super::*;
use std::time::Duration;

/// Stages `files` as a build would and publishes them.
fn publish(out: &Path, grace: Duration, files: &[(&str, &str)]) -> anyhow::Result<()> {
    let mut t = Target::open(out, grace)?;
    t.clean()?;
    let st = t.staging();
    for (rel, body) in files {
        let p = st.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    }
    t.publish(&["report.json"])?;
    t.clean()?;
    Ok(())
}

const META1: &str = r#"{"format_version":2,"records":{}}"#;
const META2: &str = r#"{"format_version":2,"records":{"x":1}}"#;

#[test]
fn an_unknown_folder_is_refused_and_left_as_it_was() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir(d.path().join("code")).unwrap();
    fs::write(d.path().join("code/mine.rs"), "fn main() {}").unwrap();
    let err = Target::open(d.path(), DEFAULT_GRACE)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains(&d.path().display().to_string()), "{err}");
    assert!(err.contains("not empty"), "{err}");
    assert!(!d.path().join(STATE_DIR).exists(), "nothing written");
    assert!(d.path().join("code/mine.rs").is_file());
}

#[test]
fn missing_and_empty_folders_are_accepted() {
    let d = tempfile::tempdir().unwrap();
    publish(
        &d.path().join("new"),
        DEFAULT_GRACE,
        &[("meta.json", META1)],
    )
    .unwrap();
    let empty = d.path().join("empty");
    fs::create_dir(&empty).unwrap();
    publish(&empty, DEFAULT_GRACE, &[("meta.json", META1)]).unwrap();
    assert_eq!(fs::read_to_string(empty.join("meta.json")).unwrap(), META1);
}

#[test]
fn nested_folders_are_refused_both_ways() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    assert!(check_nesting(&src, &src.join("out")).is_err());
    assert!(check_nesting(&src.join("a/.."), &src.join("x/../out")).is_err());
    assert!(check_nesting(&src, d.path()).is_err());
    assert!(check_nesting(&src, &src).is_err());
    assert!(check_nesting(&src, &d.path().join("out")).is_ok());
    assert!(
        check_nesting(&src, &d.path().join("src2")).is_ok(),
        "a sibling sharing a prefix"
    );
}

#[test]
fn the_previous_build_stays_for_the_grace_period_then_goes() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path();
    let hour = Duration::from_secs(3600);
    publish(
        out,
        hour,
        &[
            ("meta.json", META1),
            ("rec/0-a.json", "a"),
            ("report.json", "1"),
        ],
    )
    .unwrap();
    fs::write(out.join("notes.txt"), "the publisher's own file").unwrap();
    fs::create_dir(out.join("rec/extra")).unwrap();
    fs::write(out.join("rec/extra/keep.txt"), "also theirs").unwrap();
    publish(
        out,
        hour,
        &[
            ("meta.json", META2),
            ("rec/0-b.json", "b"),
            ("report.json", "2"),
        ],
    )
    .unwrap();
    assert!(
        out.join("rec/0-a.json").is_file(),
        "kept within the grace period"
    );
    assert!(out.join("rec/0-b.json").is_file());
    assert_eq!(fs::read_to_string(out.join("meta.json")).unwrap(), META2);
    // A build with no grace period removes every superseded build's own files.
    publish(
        out,
        Duration::ZERO,
        &[
            ("meta.json", META1),
            ("rec/0-a.json", "a"),
            ("report.json", "3"),
        ],
    )
    .unwrap();
    assert!(
        out.join("rec/0-a.json").is_file(),
        "written again by the live build"
    );
    assert!(!out.join("rec/0-b.json").exists(), "superseded, grace over");
    assert!(out.join("notes.txt").is_file() && out.join("rec/extra/keep.txt").is_file());
    assert_eq!(fs::read_to_string(out.join("report.json")).unwrap(), "3");
    let staged: Vec<_> = fs::read_dir(out.join(STATE_DIR))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        staged,
        vec![std::ffi::OsString::from("builds.json")],
        "no staging or temp left"
    );
}

#[test]
fn a_build_that_never_published_is_cleaned_and_the_live_one_kept() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path();
    publish(
        out,
        Duration::ZERO,
        &[
            ("meta.json", META1),
            ("rec/0-a.json", "a"),
            ("rec/1-s.json", "s"),
        ],
    )
    .unwrap();
    // A build killed after recording its files and moving some of them in.
    let mut t = Target::open(out, Duration::ZERO).unwrap();
    let st = t.staging();
    fs::create_dir_all(st.join("rec")).unwrap();
    fs::write(st.join("rec/0-new.json"), "n").unwrap();
    fs::write(st.join("rec/1-s.json"), "s").unwrap();
    fs::write(st.join("meta.json"), META2).unwrap();
    t.record.builds.push(BuildEntry {
        id: t.id.clone(),
        files: vec![
            "meta.json".into(),
            "rec/0-new.json".into(),
            "rec/1-s.json".into(),
        ],
        meta: Some(fingerprint(META2.as_bytes())),
        ..BuildEntry::default()
    });
    t.save().unwrap();
    t.move_in(&st, "rec/0-new.json").unwrap();
    drop(t);
    // The next build cleans the leftovers, keeps what the live build names.
    let mut next = Target::open(out, Duration::ZERO).unwrap();
    next.clean().unwrap();
    assert!(!out.join("rec/0-new.json").exists());
    assert!(!st.exists(), "the killed build's staging folder is gone");
    assert_eq!(fs::read_to_string(out.join("rec/1-s.json")).unwrap(), "s");
    assert!(out.join("rec/0-a.json").is_file());
    assert_eq!(fs::read_to_string(out.join("meta.json")).unwrap(), META1);
}

#[test]
fn a_build_killed_after_the_switch_is_still_the_live_one() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path();
    publish(
        out,
        Duration::ZERO,
        &[("meta.json", META1), ("rec/0-a.json", "a")],
    )
    .unwrap();
    // The new meta.json is in place but the record was not updated.
    let mut t = Target::open(out, Duration::ZERO).unwrap();
    t.record.builds.push(BuildEntry {
        id: t.id.clone(),
        files: vec!["meta.json".into(), "rec/0-b.json".into()],
        meta: Some(fingerprint(META2.as_bytes())),
        ..BuildEntry::default()
    });
    t.save().unwrap();
    fs::write(out.join("rec/0-b.json"), "b").unwrap();
    fs::write(out.join("meta.json"), META2).unwrap();
    drop(t);
    let mut next = Target::open(out, Duration::ZERO).unwrap();
    next.clean().unwrap();
    assert!(
        out.join("rec/0-b.json").is_file(),
        "the live build's file stays"
    );
    assert!(
        !out.join("rec/0-a.json").exists(),
        "the replaced build's file goes"
    );
}

#[test]
fn a_registry_of_an_older_zhixin_is_adopted_not_wiped() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path();
    fs::write(out.join("meta.json"), META1).unwrap();
    fs::write(out.join("report.json"), "{}").unwrap();
    fs::write(out.join("index.html"), "the site").unwrap();
    publish(out, Duration::ZERO, &[("meta.json", META2)]).unwrap();
    assert!(
        !out.join("report.json").exists(),
        "the old build's report went with it"
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_record_naming_paths_outside_the_folder_deletes_nothing_there() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("reg");
    fs::write(d.path().join("precious.txt"), "x").unwrap();
    publish(&out, Duration::ZERO, &[("meta.json", META1)]).unwrap();
    let mut t = Target::open(&out, Duration::ZERO).unwrap();
    t.record.builds.push(BuildEntry {
        id: "hand-edited".into(),
        files: vec!["../precious.txt".into(), "/etc/hostname".into()],
        ..BuildEntry::default()
    });
    t.clean().unwrap();
    assert!(d.path().join("precious.txt").is_file());
}

#[test]
fn durations_parse_with_units() {
    assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
    assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
    assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
    assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172800)));
    assert!(parse_duration("soon").is_err());
    assert!(parse_duration("5y").is_err());
}
