//! Registry text made safe for a terminal: the CLI's text-mode output
//! carries names and reasons from source tables, and a name holding an
//! escape sequence (`\x1b]…`, `\x1b[2J`) would otherwise drive the terminal.

use std::borrow::Cow;

/// True for characters a terminal may act on instead of showing: C0 and C1
/// controls (ESC, CR, BEL, …), DEL, and the bidirectional overrides and
/// isolates that reorder what is shown.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without control characters (line breaks and tabs included).
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(unsafe_char) {
        Cow::Owned(s.chars().filter(|&c| !unsafe_char(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` without control characters, keeping its line breaks.
pub fn clean_lines(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_removed_text_kept() {
        assert_eq!(
            clean("演示\x1b]0;pwned\x07公司\x1b[2J"),
            "演示]0;pwned公司[2J"
        );
        assert_eq!(clean("a\u{202E}b\r\nc\u{9B}d"), "abcd");
        assert!(matches!(
            clean("青屿银康食品有限公司（演示）"),
            Cow::Borrowed(_)
        ));
        assert_eq!(clean_lines("一\n二\x1b"), "一\n二");
    }
}
