//! Tests of the batch check's reading of lines and resolution of names.

use super::*;
use crate::search::MatchKind;
use crate::Card;

fn hit(uscc: &str, name: &str) -> Hit {
    Hit {
        uscc: uscc.into(),
        name: name.into(),
        score: 0.9,
        matched: MatchKind::Name,
        card: Card::default(),
    }
}

#[test]
fn a_line_is_its_valid_code_else_its_first_cell() {
    assert_eq!(
        query_of_line(" 91350200MA2YJ1XR9G "),
        Some("91350200MA2YJ1XR9G".into())
    );
    // A lower-case code with spaces, as copied from a PDF, is the code.
    assert_eq!(
        query_of_line("9135 0200ma2y j1xr9g"),
        Some("91350200MA2YJ1XR9G".into())
    );
    // A CSV row: the code wins over the name in the cell before it.
    assert_eq!(
        query_of_line("\"厦门银康食品有限公司\",91350200MA2YJ1XR9G,备注"),
        Some("91350200MA2YJ1XR9G".into())
    );
    assert_eq!(
        query_of_line("厦门银康食品有限公司\t张三"),
        Some("厦门银康食品有限公司".into())
    );
    // A quote inside a cell is text.
    assert_eq!(
        query_of_line("=HYPERLINK(\"http://x.example\")"),
        Some("=HYPERLINK(\"http://x.example\")".into())
    );
    assert_eq!(
        query_of_line(" \"a \"\"b\"\"\" , c"),
        Some("a \"b\"".into())
    );
    // A quoted cell keeps its comma.
    assert_eq!(query_of_line("\"银康, 厦门\",x"), Some("银康, 厦门".into()));
    // An invalid code is a query like any other (the search repairs codes).
    assert_eq!(
        query_of_line("91350200MA2YJ1XR9H"),
        Some("91350200MA2YJ1XR9H".into())
    );
    assert_eq!(query_of_line("   "), None);
    assert_eq!(query_of_line(",,"), None);
}

#[test]
fn queries_skip_blank_lines_and_a_header() {
    let text =
        "\u{feff}企业名称,统一社会信用代码\r\n厦门银康食品有限公司,\r\n\r\n,91350200MA2YJ1XR9G\r\n";
    assert_eq!(
        queries(text),
        vec![
            "厦门银康食品有限公司".to_string(),
            "91350200MA2YJ1XR9G".to_string()
        ]
    );
    // A first line that is a name is kept.
    assert_eq!(queries("代码科技有限公司\n"), vec!["代码科技有限公司"]);
    assert_eq!(queries("Name\nACME"), vec!["ACME"]);
}

#[test]
fn an_exact_name_resolves_else_the_best_match_is_to_confirm() {
    let hits = [
        hit("91350200MA2YJ1XR9G", "厦门银康食品有限公司"),
        hit("91350200MA2YJ1XR8X", "厦门银康食品贸易有限公司"),
    ];
    // Width and punctuation do not matter to "exact".
    assert_eq!(
        resolve_name("厦门银康食品有限公司 ", &hits),
        Some(("91350200MA2YJ1XR9G".into(), Resolved::Name, None))
    );
    assert_eq!(
        resolve_name("银康食品", &hits),
        Some((
            "91350200MA2YJ1XR9G".into(),
            Resolved::BestMatch,
            Some(RunnerUp {
                uscc: "91350200MA2YJ1XR8X".into(),
                name: "厦门银康食品贸易有限公司".into()
            })
        ))
    );
    assert_eq!(resolve_name("银康食品", &[]), None);
}

#[test]
fn two_enterprises_of_one_name_are_to_confirm() {
    let hits = [
        hit("91350200MA2YJ1XR9G", "宏达食品有限公司"),
        hit("91110000MA2YJ1XR8X", "宏达食品有限公司"),
    ];
    let (code, how, runner) = resolve_name("宏达食品有限公司", &hits).unwrap();
    assert_eq!(code, "91350200MA2YJ1XR9G");
    assert_eq!(how, Resolved::BestMatch);
    assert_eq!(runner.unwrap().uscc, "91110000MA2YJ1XR8X");
}
