//! Tests of the view helpers: only http(s) becomes a link; CSV is spreadsheet-safe.

use super::*;

#[test]
fn only_http_and_https_are_links() {
    assert_eq!(
        safe_href("https://example.gov.cn/a?b=1"),
        Some("https://example.gov.cn/a?b=1")
    );
    assert_eq!(
        safe_href(" HTTP://example.gov.cn "),
        Some("HTTP://example.gov.cn")
    );
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        "/relative",
        "http://",
        "https:///path",
        "https://exa mple.com",
        "\"><img src=x onerror=alert(1)>",
        "",
    ] {
        assert_eq!(safe_href(bad), None, "{bad:?}");
    }
}

#[test]
fn csv_quotes_and_defuses_formulas() {
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(csv_field("-12.5"), "-12.5");
    assert_eq!(csv_field("+3"), "+3");
    // A leading tab or carriage return hides a formula from a naive check.
    assert_eq!(csv_field("\t=1+1"), "'\t=1+1");
    assert_eq!(csv_field("\r=1+1"), "\"'\r=1+1\"");
    assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_field("-.5"), "-.5");
    assert_eq!(csv_field("-"), "'-");
    assert_eq!(csv_field("-."), "'-.");
    assert_eq!(csv_field("-1+1"), "'-1+1");
    assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(
        csv_field("-1e3"),
        "'-1e3",
        "an exponent is not plain; quoting it is harmless"
    );
    assert_eq!(
        csv(&["a", "b"], &[vec!["1".into(), "x,y".into()]]),
        "\u{feff}a,b\r\n1,\"x,y\"\r\n"
    );
}

#[test]
fn percent_has_one_decimal() {
    assert_eq!(percent(0.9123), "91.2%");
    assert_eq!(percent(1.0), "100.0%");
    assert_eq!(percent(f64::NAN), "–");
}

#[test]
fn iframe_code_escapes_a_hostile_name_and_address() {
    let code = iframe_code(
        "https://example.org/zhixin/?e=91350200MA2YJ1XR9G&embed=1",
        "演示\"><script>alert(1)</script>有限公司 & 子",
        640,
    );
    assert_eq!(
        code,
        "<iframe src=\"https://example.org/zhixin/?e=91350200MA2YJ1XR9G&amp;embed=1\" \
         title=\"演示&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;有限公司 &amp; 子\" \
         width=\"100%\" height=\"640\" loading=\"lazy\" style=\"border:0;max-width:720px\"></iframe>"
    );
}

#[test]
fn embed_code_adds_a_plain_link_for_readers_without_scripts() {
    let code = embed_code(
        "https://example.org/?e=91350200MA2YJ1XR9G&embed=1",
        "https://example.org/?e=91350200MA2YJ1XR9G",
        "演示<b>有限公司",
        640,
    );
    let (frame, fallback) = code.split_once('\n').unwrap();
    assert_eq!(
        frame,
        iframe_code(
            "https://example.org/?e=91350200MA2YJ1XR9G&embed=1",
            "演示<b>有限公司",
            640
        )
    );
    assert_eq!(
        fallback,
        "<noscript><a href=\"https://example.org/?e=91350200MA2YJ1XR9G\">演示&lt;b&gt;有限公司</a></noscript>"
    );
}
