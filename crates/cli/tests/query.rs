//! `zhixin search` and `zhixin show` on a registry built from a fixture.

use crate::util::*;

#[test]
fn search_json_finds_a_name_and_a_code() {
    let f = built();
    let o = zhixin(&[
        "search",
        p(&f.out),
        "青屿银康食品有限公司（演示）",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["uscc"], "91350200MA2YJ1XR9G");
    assert_eq!(v[0]["matched"], "name");
    let score = v[0]["score"].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0);
    let o = zhixin(&["search", p(&f.out), "9135021359498494XQ", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["uscc"], "9135021359498494XQ");
    assert_eq!(v[0]["matched"], "code");
}

#[test]
fn search_batch_prints_one_array_per_line() {
    let f = built();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zhixin"))
        .args(["search", p(&f.out), "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("银康\n澜江纺织\n没有这家\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0][0]["uscc"], "91350200MA2YJ1XR9G");
    assert_eq!(lines[1][0]["uscc"], "9135021359498494XQ");
    assert_eq!(lines[2], serde_json::json!([]));
}

#[test]
fn search_text_says_how_many_match_beyond_those_listed() {
    let f = built();
    // Every name of the fixture holds 演示; one is listed.
    let o = zhixin(&["search", p(&f.out), "演示", "--limit", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("1 of "), "{err}");
    assert!(err.contains("--limit"), "{err}");
    // --json prints the array alone, its shape unchanged.
    let o = zhixin(&["search", p(&f.out), "演示", "--limit", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
}

#[test]
fn search_says_a_company_form_alone_is_too_common() {
    let f = built();
    for q in ["有限公司", "公司"] {
        let o = zhixin(&["search", p(&f.out), q]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains("company form"), "{q}: {}", stderr(&o));
    }
}

#[test]
fn show_json_has_the_contract_fields() {
    let f = built();
    let o = zhixin(&[
        "show",
        p(&f.out),
        "91350200MA2YJ1XR9G",
        "--json",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["uscc"], "91350200MA2YJ1XR9G");
    assert_eq!(v["name"], "青屿银康食品有限公司（演示）");
    assert_eq!(v["blacklisted"], false);
    for key in [
        "former_names",
        "cautions",
        "grade_history",
        "listings",
        "honours",
        "spot_checks",
    ] {
        assert!(v[key].is_array(), "{key} is an array");
    }
    assert!(v["grades"].is_object());
}

#[test]
fn show_unknown_code_exits_one_and_malformed_exits_two() {
    let f = built();
    // A valid code that is not in the registry.
    let first17 = "91350200MA2YJ1XR8";
    let check = zhixin_core::uscc::check_char(first17.as_bytes()).unwrap() as char;
    let absent = format!("{first17}{check}");
    let o = zhixin(&["show", p(&f.out), &absent]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = zhixin(&["show", p(&f.out), "91350200MA2YJ1XR9H"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("position 18"));
}

#[test]
fn show_json_gives_a_famous_trademark_its_id_and_never_current() {
    // Fictional: one enterprise with a 著名商标 still inside its published dates.
    let f = fixture(&[(
        "荣誉.csv",
        "统一社会信用代码,企业名称,荣誉类型,荣誉名称,授予单位,授予日期,有效期至\n\
         91350200MA2YJ1XR9G,青屿银康食品有限公司（演示）,著名商标,演示省著名商标,演示省工商行政管理局（演示）,2012-06-01,2030-05-31\n",
    )]);
    let o = zhixin(&[
        "build",
        p(&f.src),
        "--out",
        p(&f.out),
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = zhixin(&[
        "show",
        p(&f.out),
        "91350200MA2YJ1XR9G",
        "--json",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let h = &v["honours"][0];
    assert_eq!(h["kind"], "famous-trademark");
    assert_eq!(h["title"], "演示省著名商标");
    assert_eq!(h["current"], false, "abolished: history within its dates");
    assert_eq!(h["awarded_on"], "2012-06-01");
    assert_eq!(h["valid_until"], "2030-05-31");
}

#[test]
fn show_batch_prints_one_result_per_line_in_order() {
    let f = built();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zhixin"))
        .args(["show", p(&f.out), "-", "--json", "--as-of", "2026-11-22"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // A code (lower case, spaced), an exact name, a part of a name, a blank
    // line, a name the registry lacks, and a CSV row with a code in it.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "9135 0200 ma2y j1xr9g\n青屿银康食品有限公司（演示）\n澜江纺织\n\n没有这家\n某公司,9135021359498494XQ\n"
                .as_bytes(),
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "{}", stdout(&o));
    assert_eq!(lines[0]["uscc"], "91350200MA2YJ1XR9G");
    assert_eq!(lines[0]["resolved"], "code");
    assert_eq!(lines[0]["query"], "91350200MA2YJ1XR9G");
    assert_eq!(lines[1]["uscc"], "91350200MA2YJ1XR9G");
    assert_eq!(lines[1]["resolved"], "name");
    assert_eq!(lines[2]["uscc"], "9135021359498494XQ");
    assert_eq!(lines[2]["resolved"], "best-match");
    assert_eq!(lines[3], serde_json::Value::Null);
    assert_eq!(lines[4], serde_json::Value::Null);
    assert_eq!(lines[5]["uscc"], "9135021359498494XQ");
    assert_eq!(lines[5]["resolved"], "code");
    // Each found line is the `show --json` object, with the same status.
    let single = zhixin(&[
        "show",
        p(&f.out),
        "91350200MA2YJ1XR9G",
        "--json",
        "--as-of",
        "2026-11-22",
    ]);
    let single: serde_json::Value = serde_json::from_slice(&single.stdout).unwrap();
    for (k, v) in single.as_object().unwrap() {
        assert_eq!(&lines[0][k], v, "{k}");
    }
}
