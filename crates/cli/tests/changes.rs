//! The change feed: two builds where the second adds, removes and changes
//! known rows; `changes/…json` lists exactly those changes, `changes.xml`
//! lists one entry per change and is valid Atom (RFC 4287's RELAX NG schema,
//! checked with jing when it is installed; `cargo xtask test` requires it).

use crate::util::*;
use std::path::Path;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/snapshot");
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/atom/atom.rnc");

/// A copy of the snapshot fixture with `edit` applied to each file's text.
fn source(dir: &Path, edit: impl Fn(&str, String) -> String) {
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(FIXTURE).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        std::fs::write(dir.join(&name), edit(&name, text)).unwrap();
    }
}

/// The second build's sources: one enterprise added (and blacklisted), one
/// removed, a listing removed, a grade changed, an honour awarded and a
/// failed spot check published.
fn second(name: &str, text: String) -> String {
    let gone = "91530100M0C3456766";
    let mut t: String = text
        .lines()
        .filter(|l| !l.starts_with(gone))
        .map(|l| format!("{l}\n"))
        .collect();
    let add = |t: &mut String, row: &str| {
        t.push_str(row);
        t.push('\n');
    };
    match name {
        "enterprises.csv" => add(&mut t, "91350200MA2YJ1XR9G,澜沧新材料有限公司（演示）,,化学原料和化学制品制造业,厦门市"),
        "listings.csv" => {
            t = t.replace(
                "91370100M0B2345608,济川银康饮品有限公司（演示）,serious-violation,2025-03-01,济川市市场监督管理局（演示）,生产销售不合格产品被处罚（演示）,,",
                "91370100M0B2345608,济川银康饮品有限公司（演示）,serious-violation,2025-03-01,济川市市场监督管理局（演示）,生产销售不合格产品被处罚（演示）,2026-05-01,信用修复（演示）",
            );
            add(&mut t, "91350200MA2YJ1XR9G,澜沧新材料有限公司（演示）,serious-violation,2026-03-01,青屿市市场监督管理局（演示）,提交虚假材料（演示）,,,,");
        }
        "grades.csv" => add(&mut t, "91350200M0A1234556,青屿银康食品有限公司（演示）,credit-rating,A,东岳信用评价中心（演示）,2026-06-01,,"),
        "honours.csv" => add(&mut t, "91330200M0D456781W,东海瑞丰电器有限公司（演示）,brand-product,东海省名牌产品（演示）,东海省市场监督管理局（演示）,2026-02-01,2029-01-31,瑞丰,provincial"),
        "spot_checks.csv" => add(&mut t, "91110108M0E567897N,北辰美味调味品有限公司（演示）,酱油,不合格,北辰省市场监督管理局（演示）,2026-04-10,北辰香,500mL,2026-03-01,菌落总数"),
        _ => {}
    }
    t
}

fn meta(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("meta.json")).unwrap()).unwrap()
}

/// The change files `meta.json` lists, by name (oldest first).
fn change_files(out: &Path) -> Vec<String> {
    let m = meta(out);
    let mut v: Vec<String> = m["files"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.starts_with("changes/"))
        .cloned()
        .collect();
    v.sort();
    v
}

fn change_set(out: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join(name)).unwrap()).unwrap()
}

/// The text between `<tag>` and `</tag>` of each occurrence.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open)
        .skip(1)
        .map(|s| &s[..s.find(&close).expect("closed")])
        .collect()
}

/// Validates `feed` against RFC 4287's schema with jing. Without jing the
/// check is left to `cargo xtask test`, which installs it and sets
/// ZHIXIN_REQUIRE_JING=1 so that a missing validator fails.
fn validate(feed: &Path) {
    let run = std::process::Command::new("jing")
        .args(["-c", SCHEMA, p(feed)])
        .output();
    match run {
        Ok(o) => assert!(
            o.status.success(),
            "{} is not valid Atom: {}{}",
            feed.display(),
            stdout(&o),
            stderr(&o)
        ),
        Err(e) => {
            assert!(
                std::env::var_os("ZHIXIN_REQUIRE_JING").is_none(),
                "jing (the RELAX NG validator) is required: {e}; `cargo xtask install` installs it"
            );
            eprintln!("jing not installed ({e}): changes.xml checked structurally only");
        }
    }
}

#[test]
fn two_builds_list_exactly_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("reg"),
    );
    source(&a, |_, t| t);
    source(&b, second);

    let o = zhixin(&["build", p(&a), "--out", p(&out), "--as-of", "2026-01-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("no previous build"), "{}", stdout(&o));
    let first = change_files(&out);
    assert_eq!(first.len(), 1, "{first:?}");
    let s = change_set(&out, &first[0]);
    assert_eq!(s["build"], 1);
    assert!(s["previous"].is_null());
    assert_eq!(s["changes"].as_array().unwrap().len(), 0);
    let feed = std::fs::read_to_string(out.join("changes.xml")).unwrap();
    assert!(elements(&feed, "entry").is_empty(), "{feed}");
    validate(&out.join("changes.xml"));

    // The second build compares with the registry the folder serves.
    let o = zhixin(&["build", p(&b), "--out", p(&out), "--as-of", "2026-06-15"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("changes since the previous build: 7"),
        "{}",
        stdout(&o)
    );
    let files = change_files(&out);
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].starts_with("changes/00001-") && files[1].starts_with("changes/00002-"));
    let s = change_set(&out, &files[1]);
    assert_eq!(s["build"], 2);
    assert_eq!(s["as_of"], "2026-06-15");
    assert_eq!(s["previous"]["build"], 1);
    assert_eq!(s["previous"]["as_of"], "2026-01-01");
    let got: Vec<String> = s["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let f = |k: &str| c[k].as_str().unwrap_or("-").to_string();
            [
                f("kind"),
                f("uscc"),
                f("on"),
                f("list"),
                f("scheme"),
                f("previous_grade"),
                f("grade"),
                f("title"),
                f("product"),
            ]
            .join(" ")
        })
        .collect();
    assert_eq!(
        got,
        [
            "added 91350200MA2YJ1XR9G - - - - - - -",
            "removed 91530100M0C3456766 - - - - - - -",
            "listed 91350200MA2YJ1XR9G 2026-03-01 serious-violation - - - - -",
            "delisted 91370100M0B2345608 2026-05-01 serious-violation - - - - -",
            "grade-changed 91350200M0A1234556 2026-06-01 - credit-rating BBB A - -",
            "honour-awarded 91330200M0D456781W 2026-02-01 - - - - 东海省名牌产品（演示） -",
            "spot-check-failed 91110108M0E567897N 2026-04-10 - - - - - 酱油",
        ]
    );
    assert_eq!(s["counts"]["added"], 1);
    assert_eq!(s["changes"][1]["name"], "云岭澜江纺织有限公司（演示）");

    // The feed: one entry per change, each linking to the enterprise's page.
    let feed = std::fs::read_to_string(out.join("changes.xml")).unwrap();
    validate(&out.join("changes.xml"));
    let entries = elements(&feed, "entry");
    assert_eq!(entries.len(), 7, "{feed}");
    let changes = s["changes"].as_array().unwrap();
    let mut ids = std::collections::HashSet::new();
    for (e, c) in entries.iter().zip(changes) {
        let uscc = c["uscc"].as_str().unwrap();
        assert!(
            e.contains(&format!(
                "<link rel=\"alternate\" type=\"text/html\" href=\"../?e={uscc}\"/>"
            )),
            "{e}"
        );
        assert_eq!(elements(e, "updated"), ["2026-06-15T00:00:00+08:00"]);
        let id = elements(e, "id")[0];
        assert!(id.starts_with("urn:uuid:"), "{id}");
        assert!(ids.insert(id.to_string()), "ids are unique: {id}");
        assert!(elements(e, "title")[0].starts_with(c["name"].as_str().unwrap()));
    }
    assert!(
        entries[2].contains("列入严重违法失信名单"),
        "{}",
        entries[2]
    );
    assert!(entries[4].contains("信用等级 BBB → A"), "{}", entries[4]);
    // Feed-level elements RFC 4287 requires.
    let head = &feed[..feed.find("<entry>").unwrap()];
    for tag in ["id", "title", "updated", "author"] {
        assert_eq!(elements(head, tag).len(), 1, "feed <{tag}>: {head}");
    }

    // A third build, compared with an explicit --previous and keeping two
    // builds: nothing changed, and the first build's file is dropped.
    let copy = dir.path().join("copy");
    copy_dir(&out, &copy);
    let o = zhixin(&[
        "build",
        p(&b),
        "--out",
        p(&out),
        "--as-of",
        "2026-06-15",
        "--previous",
        p(&copy),
        "--keep-changes",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = change_files(&out);
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].starts_with("changes/00002-") && files[1].starts_with("changes/00003-"));
    let s = change_set(&out, &files[1]);
    assert_eq!(s["changes"].as_array().unwrap().len(), 0);
    assert_eq!(s["previous"]["build"], 2);
    // The kept file is the same file under the same name.
    let feed = std::fs::read_to_string(out.join("changes.xml")).unwrap();
    assert_eq!(elements(&feed, "entry").len(), 7);
    validate(&out.join("changes.xml"));
    let v = zhixin(&["verify", p(&out)]);
    assert!(
        v.status.success(),
        "every feed file is listed with its digest: {}",
        stdout(&v)
    );
}

#[test]
fn a_previous_folder_that_is_not_a_registry_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a, out) = (dir.path().join("a"), dir.path().join("reg"));
    source(&a, |_, t| t);
    let o = zhixin(&[
        "build",
        p(&a),
        "--out",
        p(&out),
        "--previous",
        p(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--previous"), "{}", stderr(&o));
    assert!(!out.join("meta.json").exists(), "nothing was published");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
