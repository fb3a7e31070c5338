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
    let v = f.show_json("91350200MA2YJ1XR9G");
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
    )]).build();
    let v = f.show_json("91350200MA2YJ1XR9G");
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
    let single = f.show_json("91350200MA2YJ1XR9G");
    for (k, v) in single.as_object().unwrap() {
        assert_eq!(&lines[0][k], v, "{k}");
    }
}

#[test]
fn show_says_removed_after_credit_repair_apart_from_annulment_and_expiry() {
    // Fictional: three serious-violation listings of one enterprise — removed after credit
    // repair, annulled, and one that simply ran out after three years.
    let f = fixture(&[(
        "严重违法失信名单.csv",
        "统一社会信用代码,企业名称,名单类型,列入日期,作出决定机关,列入原因,移出日期,移出原因,移出决定机关\n\
         91350200MA2YJ1XR9G,青屿银康食品有限公司（演示）,严重违法失信名单,2024-03-01,演示市市场监督管理局（虚构）,演示原因甲,2025-06-30,信用修复,演示市市场监督管理局（虚构）\n\
         91350200MA2YJ1XR9G,青屿银康食品有限公司（演示）,严重违法失信名单,2024-05-01,演示市市场监督管理局（虚构）,演示原因乙,2024-08-01,撤销（列入依据错误）,演示省市场监督管理局（虚构）\n\
         91350200MA2YJ1XR9G,青屿银康食品有限公司（演示）,严重违法失信名单,2021-01-04,演示市市场监督管理局（虚构）,演示原因丙,,,\n",
    )]).build();
    let show = |day: &str, json: bool| {
        let mut args = vec!["show", p(&f.out), "91350200MA2YJ1XR9G", "--as-of", day];
        if json {
            args.push("--json");
        }
        let o = zhixin(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        o
    };
    let v: serde_json::Value = serde_json::from_slice(&show("2026-11-22", true).stdout).unwrap();
    let by_reason = |r: &str| {
        v["listings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["reason"] == r)
            .unwrap()
            .clone()
    };
    let repaired = by_reason("演示原因甲");
    assert_eq!(repaired["repaired"], true);
    assert_eq!(repaired["annulled"], false);
    assert_eq!(repaired["removed_on"], "2025-06-30");
    assert_eq!(repaired["removed_by"], "演示市市场监督管理局（虚构）");
    let annulled = by_reason("演示原因乙");
    assert_eq!(annulled["annulled"], true);
    assert_eq!(annulled["repaired"], false);
    let expired = by_reason("演示原因丙");
    assert_eq!(expired["repaired"], false);
    assert_eq!(expired["annulled"], false);
    assert_eq!(expired["in_force"], false);
    assert_eq!(expired["ends_on"], "2024-01-05");
    // Before the repair the listing was in force, and is not yet called repaired.
    let before: serde_json::Value =
        serde_json::from_slice(&show("2025-06-29", true).stdout).unwrap();
    assert_eq!(before["blacklisted"], true);
    let l = before["listings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["reason"] == "演示原因甲")
        .unwrap();
    assert_eq!(
        (l["in_force"].clone(), l["repaired"].clone()),
        (true.into(), false.into())
    );
    let text = stdout(&show("2026-11-22", false));
    assert!(
        text.contains("removed after credit repair on 2025-06-30 by 演示市市场监督管理局（虚构）"),
        "{text}"
    );
    assert!(text.contains("annulled (never in force)"), "{text}");
}

#[test]
fn search_finds_an_enterprise_by_its_old_registration_number_or_organisation_code() {
    // Fictional: one enterprise with a recorded 注册号 and 组织机构代码, one without either
    // (whose credit code embeds the organisation code 59498494X).
    let f = fixture(&[(
        "enterprises.csv",
        "统一社会信用代码,企业名称,注册号,组织机构代码\n\
         91350200MA2YJ1XR9G,青屿银康食品有限公司（演示）,350200100012345,12345678-8\n\
         9135021359498494XQ,云岭澜江纺织有限公司（演示）,,\n",
    )])
    .build();
    let first = |q: &str| {
        let o = zhixin(&["search", p(&f.out), q, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{q}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (v[0]["uscc"].clone(), v[0]["matched"].clone())
    };
    for (q, uscc) in [
        ("350200100012345", "91350200MA2YJ1XR9G"),
        ("３５０２００１０００１２３４５", "91350200MA2YJ1XR9G"),
        ("123456788", "91350200MA2YJ1XR9G"),
        ("12345678-8", "91350200MA2YJ1XR9G"),
        ("59498494-X", "9135021359498494XQ"),
        ("59498494x", "9135021359498494XQ"),
    ] {
        assert_eq!(first(q), (uscc.into(), "code".into()), "{q}");
    }
    // An old identifier that is not recorded finds nothing (not a fuzzy name match).
    let o = zhixin(&["search", p(&f.out), "350200100099999", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}
