//! Tests of the policy and integrity rewriting on small, hand-written pages and loaders.

use std::collections::HashMap;

use super::*;

// Reference digests computed independently (Python: base64(hashlib.sha256(text))).
const ALERT: &str = "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='";
const RED: &str = "'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E='";

const PAGE: &str = "<!doctype html><html><head><meta charset=utf-8><title>t</title>\
    <style>body{color:red}</style><link rel=modulepreload href=/a.js>\
    <script type=module src=/a.js></script><script data-src=x>alert(1)</script></head>\
    <body><script>alert(1)</script><scripts>not a script</scripts></body></html>";

#[test]
fn every_inline_script_and_style_is_allowed_by_its_hash_and_nothing_else_inline() {
    let policy = policy(PAGE).unwrap();
    assert_eq!(
        policy,
        format!(
            "{FIXED_DIRECTIVES}; script-src 'self' 'wasm-unsafe-eval' {ALERT} {ALERT}; \
             style-src {RED}"
        )
    );
    assert!(!policy.contains("unsafe-inline"));
    assert!(!policy.contains("'unsafe-eval'"));
    for directive in [
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "default-src 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
}

#[test]
fn the_policy_comes_right_after_the_charset_before_any_script() {
    let html = with_policy(PAGE).unwrap();
    let meta = html
        .find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .unwrap();
    assert_eq!(meta, PAGE.find("<title>").unwrap());
    assert!(meta < html.find("<style>").unwrap());
    // The page is otherwise unchanged.
    let end = meta + html[meta..].find('>').unwrap() + 1;
    assert_eq!(format!("{}{}", &html[..meta], &html[end..]), PAGE);
}

#[test]
fn a_page_without_charset_or_with_a_policy_already_is_refused() {
    assert!(with_policy("<html><head><script>alert(1)</script></head></html>").is_err());
    let twice = with_policy(&with_policy(PAGE).unwrap());
    assert!(twice.unwrap_err().to_string().contains("already has"));
    assert!(policy("<script>alert(1)").is_err(), "an unclosed script");
}

const LOADER: &str = r#"const a = makeLoad(() => {
    const src = fetch(new URL("./chunk_0_x.wasm", import.meta.url));
}, []);
export const b = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_1_y.wasm", import.meta.url));
}, [a]));
"#;

fn digests(names: &[&str]) -> HashMap<String, String> {
    names
        .iter()
        .map(|n| (n.to_string(), sha256_source(n.as_bytes())))
        .collect()
}

#[test]
fn each_module_fetch_of_the_loader_carries_its_digest() {
    let d = digests(&["chunk_0_x", "split_1_y"]);
    let pinned = pin_fetches(LOADER, &d).unwrap();
    for name in ["chunk_0_x", "split_1_y"] {
        let fetch = format!(
            "fetch(new URL(\"./{name}.wasm\", import.meta.url), {{ integrity: \"{}\" }});",
            d[name]
        );
        assert!(pinned.contains(&fetch), "{fetch} in\n{pinned}");
    }
    assert_eq!(pinned.matches("integrity").count(), 2);
}

#[test]
fn a_fetch_without_a_digest_or_a_digest_without_a_fetch_is_an_error() {
    let missing = pin_fetches(LOADER, &digests(&["chunk_0_x"])).unwrap_err();
    assert!(missing.to_string().contains("split_1_y.wasm"), "{missing}");
    let extra = pin_fetches(LOADER, &digests(&["chunk_0_x", "split_1_y", "split_2_z"]));
    assert!(extra.is_err());
}

#[test]
fn the_header_repeats_the_fixed_directives_and_only_embeds_may_be_framed_by_others() {
    assert!(FIXED_DIRECTIVES.ends_with(HEADER_DIRECTIVES));
    assert!(header_policy(false).ends_with("; frame-ancestors 'self'"));
    assert!(header_policy(true).ends_with("; frame-ancestors *"));
    // A header default-src or script-src would refuse the meta's hashed scripts.
    for embed in [false, true] {
        assert!(!header_policy(embed).contains("default-src"));
        assert!(!header_policy(embed).contains("script-src"));
    }
}

#[test]
fn the_loader_takes_each_modules_digest_from_the_page() {
    let d = digests(&["chunk_0_x", "split_1_y"]);
    let shared = digests_from_page(&pin_fetches(LOADER, &d).unwrap(), &d).unwrap();
    for name in ["chunk_0_x", "split_1_y"] {
        let fetch = format!(
            "fetch(new URL(\"./{name}.wasm\", import.meta.url), {{ integrity: sri(\"{name}\") }});"
        );
        assert!(shared.contains(&fetch), "{fetch} in\n{shared}");
        assert!(!shared.contains(&d[name]), "no digest left in\n{shared}");
    }
    assert!(shared.contains(&format!("self.{DIGESTS_GLOBAL}")));
    // A missing digest is an error when the module would be fetched.
    assert!(shared.contains("throw new Error"));
}

#[test]
fn a_loader_not_pinned_as_expected_is_not_shared() {
    let d = digests(&["chunk_0_x", "split_1_y"]);
    // Not pinned: no digest to replace.
    assert!(digests_from_page(LOADER, &d).is_err());
    // Pinned with other digests.
    let pinned = pin_fetches(LOADER, &d).unwrap();
    let other = HashMap::from([
        ("chunk_0_x".to_string(), d["chunk_0_x"].clone()),
        ("split_1_y".to_string(), sha256_source(b"other")),
    ]);
    assert!(digests_from_page(&pinned, &other).is_err());
}
