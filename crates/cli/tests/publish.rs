//! `zhixin build` publishing safely: it writes only into its own folders,
//! switches atomically, and a build killed at any moment leaves the
//! previous registry serving (shared/spec/cli.md, "Publishing safely").

use crate::util::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every file under `dir` but zhixin's own record folder, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p != root.join(".zhixin") {
                    walk(root, &p, out);
                }
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The files `meta.json` lists (chunks, digest pages, and single files such
/// as `stats.json` and `report.json`), with `meta.json`.
fn named(dir: &Path) -> Vec<String> {
    let meta =
        zhixin_core::Meta::from_json(&std::fs::read(dir.join("meta.json")).unwrap()).unwrap();
    let mut v: Vec<String> = vec!["meta.json".into()];
    v.extend(meta.listed_files());
    v.sort();
    v.dedup();
    v
}

const MORE: &str = "91350200MA0000015A,海澄晨光电子有限公司（演示）\n";

fn build(src: &Path, out: &Path, extra: &[&str], kill_at: Option<&str>) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhixin"));
    c.args(["build", p(src), "--out", p(out), "--as-of", "2026-11-22"])
        .args(extra);
    if let Some(k) = kill_at {
        c.env("ZHIXIN_TEST_KILL_AT", k);
    }
    c.output().expect("run zhixin")
}

#[test]
fn a_folder_zhixin_did_not_make_is_refused_and_left_whole() {
    let f = fixture(&[("enterprises.csv", ENTERPRISES)]);
    for d in ["code", "rec", "post"] {
        std::fs::create_dir_all(f.out.join(d)).unwrap();
        std::fs::write(f.out.join(d).join("notes.txt"), "mine").unwrap();
    }
    std::fs::write(f.out.join("t2s-0000.txt"), "mine too").unwrap();
    let before = files(&f.out);
    let o = build(&f.src, &f.out, &[], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(p(&f.out)) && err.contains("not a registry zhixin wrote"),
        "{err}"
    );
    assert_eq!(files(&f.out), before, "every unrelated file survives");
    assert!(!f.out.join(".zhixin").exists());
}

#[test]
fn an_output_folder_inside_the_source_folder_is_refused_and_the_reverse_too() {
    let f = fixture(&[("enterprises.csv", ENTERPRISES)]);
    let o = build(&f.src, &f.src.join("site"), &[], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("inside the source folder"),
        "{}",
        stderr(&o)
    );
    assert!(!f.src.join("site").exists());
    let parent = f.src.parent().unwrap();
    let o = build(&f.src, parent, &[], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("inside the output folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_registry_folder_with_the_publishers_own_files_is_rebuilt_around_them() {
    let f = built();
    std::fs::write(f.out.join("index.html"), "the site").unwrap();
    std::fs::create_dir_all(f.out.join("code")).unwrap();
    std::fs::write(f.out.join("code/readme.txt"), "theirs").unwrap();
    std::fs::write(
        f.src.join("enterprises.csv"),
        format!("{ENTERPRISES}{MORE}"),
    )
    .unwrap();
    let o = build(&f.src, &f.out, &["--grace-period", "0"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut left: Vec<String> = files(&f.out).into_keys().collect();
    left.retain(|k| k != "index.html" && k != "code/readme.txt");
    assert_eq!(
        left,
        named(&f.out),
        "only the live build's files and the publisher's own"
    );
}

/// The registry answers `search` and `show`, and every file its meta.json
/// names exists with the bytes of a whole build (`good`).
fn serves(out: &Path, good: &[&BTreeMap<String, Vec<u8>>]) {
    let now = files(out);
    let meta = &now["meta.json"];
    let whole = good
        .iter()
        .find(|g| &g["meta.json"] == meta)
        .expect("meta.json is one of a whole build's");
    for name in named(out) {
        // Fixed-name files for people and feed readers move in just before
        // meta.json, so for a moment they are the next build's.
        if name == "report.json" || name == "stats.json" || name == "changes.xml" {
            continue;
        }
        assert_eq!(now.get(&name), whole.get(&name), "{name}");
    }
    let o = zhixin(&["search", p(out), "银康", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("91350200MA2YJ1XR9G"));
    let o = zhixin(&["show", p(out), "9135021359498494XQ", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
// The test hooks (ZHIXIN_TEST_*) exist in debug builds only.
#[cfg(debug_assertions)]
fn a_build_killed_at_any_moment_leaves_a_serving_registry() {
    let f = built();
    let old = files(&f.out);
    // The build that is killed: one enterprise more. Its whole form is made
    // the same way (the same build before it), since the change feed it
    // writes depends on the build it replaces.
    let next = fixture(&[("enterprises.csv", ENTERPRISES)]);
    let o = build(&next.src, &next.out, &[], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(
        next.src.join("enterprises.csv"),
        format!("{ENTERPRISES}{MORE}"),
    )
    .unwrap();
    let o = build(&next.src, &next.out, &[], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let new = files(&next.out);
    // The build killed after its switch is live, so the last build below
    // replaces a build of the same tables: its whole form is the third.
    let o = build(&next.src, &next.out, &[], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = files(&next.out);
    std::fs::write(
        f.src.join("enterprises.csv"),
        format!("{ENTERPRISES}{MORE}"),
    )
    .unwrap();
    for point in ["staged", "recorded", "moving", "moved", "fixed", "switched"] {
        let o = build(&f.src, &f.out, &[], Some(point));
        assert!(!o.status.success(), "{point}: the hook ends the build");
        serves(&f.out, &[&old, &new]);
    }
    // The next build succeeds and, with no grace period, leaves only its own files.
    let o = build(&f.src, &f.out, &["--grace-period", "0"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serves(&f.out, &[&again]);
    assert_eq!(files(&f.out).into_keys().collect::<Vec<_>>(), named(&f.out));
    let state: Vec<_> = std::fs::read_dir(f.out.join(".zhixin"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(state.len(), 1, "only the build record: {state:?}");
}

/// A 1-2 KB workbook: a good sheet of one enterprise, and one value in the
/// last cell of the sheet, XFD1048576 (the sparse XLSX).
fn stray_xlsx(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "统一社会信用代码").unwrap();
    ws.write_string(0, 1, "企业名称").unwrap();
    ws.write_string(1, 0, "91350200MA00000235").unwrap();
    ws.write_string(1, 1, "演示乙有限公司（虚构）").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(path).unwrap();
}

fn report(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

#[test]
fn an_unreadable_file_stops_publishing_unless_skipped_on_purpose() {
    let f = built();
    let old = files(&f.out);
    stray_xlsx(&f.src.join("stray.xlsx"));
    std::fs::write(f.src.join("more.csv"), format!("uscc,name\n{MORE}")).unwrap();
    let o = build(&f.src, &f.out, &[], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).contains("NOT PUBLISHED"), "{}", stdout(&o));
    assert!(stdout(&o).contains("stray.xlsx"), "{}", stdout(&o));
    let r = report(&f.out);
    assert_eq!(r["published"], false);
    assert_eq!(r["unreadable"][0]["file"], "stray.xlsx");
    assert_eq!(r["unreadable"][0]["limit"]["flag"], "--max-columns");
    assert_eq!(r["unreadable"][0]["limit"]["value"], 1000);
    let mut now = files(&f.out);
    now.remove("report.json");
    let mut before = old.clone();
    before.remove("report.json");
    assert_eq!(now, before, "the previous registry is untouched");
    serves(&f.out, &[&old]);
    // The explicit flag publishes the rest.
    let o = build(&f.src, &f.out, &["--skip-unreadable"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("published without 1 unreadable file"),
        "{}",
        stdout(&o)
    );
    let r = report(&f.out);
    assert_eq!(r["published"], true);
    assert_eq!(r["enterprises"], 3);
    let o = zhixin(&["show", p(&f.out), "91350200MA0000015A", "--json"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
// The test hooks (ZHIXIN_TEST_*) exist in debug builds only.
#[cfg(debug_assertions)]
fn a_reader_failure_on_one_file_is_reported_and_the_others_are_read() {
    let f = fixture(&[
        ("enterprises.csv", ENTERPRISES),
        ("more.csv", &format!("uscc,name\n{MORE}")),
    ]);
    let o = Command::new(env!("CARGO_BIN_EXE_zhixin"))
        .args([
            "build",
            p(&f.src),
            "--out",
            p(&f.out),
            "--as-of",
            "2026-11-22",
            "--skip-unreadable",
        ])
        .env("ZHIXIN_TEST_PANIC_ON", "more.csv")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = report(&f.out);
    assert_eq!(r["unreadable"][0]["file"], "more.csv");
    assert!(r["unreadable"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("the reader failed"));
    assert_eq!(r["enterprises"], 2);
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_the_source_are_listed_as_skipped() {
    let f = fixture(&[("enterprises.csv", ENTERPRISES)]);
    let outside = f.src.parent().unwrap().join("outside.csv");
    std::fs::write(&outside, format!("uscc,name\n{MORE}")).unwrap();
    std::os::unix::fs::symlink(&outside, f.src.join("linked.csv")).unwrap();
    let o = build(&f.src, &f.out, &[], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = report(&f.out);
    assert_eq!(r["skipped_files"][0]["file"], "linked.csv");
    assert_eq!(r["enterprises"], 2);
    let o = build(&f.src, &f.out, &["--follow-symlinks"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(report(&f.out)["enterprises"], 3);
}

#[test]
fn control_characters_in_registry_text_never_reach_the_terminal() {
    let name = "演示\u{1b}]0;owned\u{7}丙有限公司\u{1b}[2J（虚构）";
    let f = fixture(&[("e.csv", &format!("uscc,name\n91350200MA0000015A,{name}\n"))]);
    let o = build(&f.src, &f.out, &[], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = zhixin(&["show", p(&f.out), "91350200MA0000015A"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("丙有限公司"), "{text}");
    let o = zhixin(&["search", p(&f.out), "91350200MA0000015A"]);
    assert!(!stdout(&o).contains('\u{1b}'), "{:?}", stdout(&o));
    // JSON keeps the data as it is (escaped by JSON itself).
    let o = zhixin(&["show", p(&f.out), "91350200MA0000015A", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["name"].as_str().unwrap().contains('\u{1b}'));
}
