//! `zhixin check`: exit codes and the reason named.

use crate::util::*;

#[test]
fn valid_codes_exit_zero() {
    for code in [
        "91350200MA2YJ1XR9G",
        "9135021359498494XQ",
        "９１３５０２００ma2yj1xr9g",
    ] {
        let o = zhixin(&["check", code]);
        assert_eq!(o.status.code(), Some(0), "{code}: {}", stdout(&o));
    }
}

#[test]
fn wrong_check_character_exits_one_and_names_it() {
    let o = zhixin(&["check", "91350200MA2YJ1XR9H"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("position 18") && out.contains("'G'"), "{out}");
    assert!(
        out.contains("91350200MA2YJ1XR9G"),
        "the repaired code is offered: {out}"
    );
}

#[test]
fn json_names_position_expected_and_candidates() {
    let o = zhixin(&["check", "91350200MA2YJ1XR9H", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"], "check");
    assert_eq!(v["position"], 18);
    assert_eq!(v["expected"], "G");
    assert!(v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "91350200MA2YJ1XR9G"));
}

#[test]
fn length_and_alphabet_errors() {
    let o = zhixin(&["check", "9135020", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"], "length");
    let o = zhixin(&["check", "91350200MA2YJ1XROG", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"], "character");
    assert_eq!(v["position"], 17);
}

#[test]
fn missing_argument_is_a_usage_error() {
    assert_eq!(zhixin(&["check"]).status.code(), Some(2));
}
