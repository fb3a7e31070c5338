//! A small reader of the JSON that card, code and roll chunks hold, written by
//! hand for the search's path: serde's derived decoders are one copy of code
//! per type and per field type, and in the app's search engine part they were
//! about a fifth of its bytes (issue #18). The chunks are written with serde
//! (`Card`, `CodeShard` keep their derives); this reads the same text, any
//! JSON whitespace, unknown keys skipped, as serde's decoders would, and
//! refuses anything else with the byte offset it stopped at. Tested against
//! serde_json on generated values (`tests.rs`), fuzzed with the card chunks.

use super::{corrupt, FormatError};
use std::borrow::Cow;

/// How deep [`Json::skip`] follows nested arrays and objects: the chunks'
/// unknown values are shallow, and a bound keeps hostile input off the stack.
const MAX_DEPTH: u32 = 64;

/// A cursor over JSON text.
pub(crate) struct Json<'a> {
    b: &'a [u8],
    at: usize,
}

/// A field or item reader given to [`Json::object`] and [`Json::array`]
/// (a trait object, so that one copy of the loops serves every caller).
pub(crate) type Each<'f, 'a> = dyn FnMut(&mut Json<'a>, &str) -> Result<(), FormatError> + 'f;

impl<'a> Json<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Json<'a> {
        Json { b, at: 0 }
    }

    /// An error at the current offset.
    pub(crate) fn error(&self, what: &str) -> FormatError {
        corrupt(format_args!("{what} at byte {}", self.at))
    }

    /// The next byte that is not whitespace (not consumed).
    fn peek(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.at) {
            if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(c);
            }
            self.at += 1;
        }
        None
    }

    /// Consumes `c` if it comes next.
    fn eat(&mut self, c: u8) -> bool {
        let next = self.peek() == Some(c);
        self.at += usize::from(next);
        next
    }

    fn expect(&mut self, c: u8) -> Result<(), FormatError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", c as char)))
        }
    }

    /// Consumes the literal `word` (`null`, `true`, `false`) if it comes next.
    fn word(&mut self, word: &str) -> bool {
        self.peek();
        let next = self.b[self.at..].starts_with(word.as_bytes());
        if next {
            self.at += word.len();
        }
        next
    }

    /// Nothing but whitespace is left.
    pub(crate) fn end(&mut self) -> Result<(), FormatError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// A string, borrowed when it has no escapes.
    pub(crate) fn str(&mut self) -> Result<Cow<'a, str>, FormatError> {
        self.expect(b'"')?;
        let start = self.at;
        let b = self.b;
        loop {
            match b.get(self.at) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    let s = utf8(&b[start..self.at]).ok_or_else(|| self.error("not UTF-8"))?;
                    self.at += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(&c) if c < 0x20 => return Err(self.error("control character in string")),
                Some(_) => self.at += 1,
            }
        }
        // With escapes: the text so far, then piece by piece.
        let mut out = utf8(&b[start..self.at])
            .ok_or_else(|| self.error("not UTF-8"))?
            .to_string();
        loop {
            let run = self.at;
            while matches!(b.get(self.at), Some(&c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.at += 1;
            }
            out.push_str(utf8(&b[run..self.at]).ok_or_else(|| self.error("not UTF-8"))?);
            match b.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match b.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                if !b[self.at..].starts_with(b"\\u") {
                                    return Err(self.error("lone surrogate"));
                                }
                                self.at += 2;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err(self.error("lone surrogate"));
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            out.push(
                                char::from_u32(code).ok_or_else(|| self.error("lone surrogate"))?,
                            );
                            continue;
                        }
                        _ => return Err(self.error("bad escape")),
                    };
                    self.at += 1;
                    out.push(c);
                }
                None => return Err(self.error("unterminated string")),
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, FormatError> {
        let digits = self
            .b
            .get(self.at..self.at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("bad \\u escape"))?;
        self.at += 4;
        Ok(digits)
    }

    pub(crate) fn string(&mut self) -> Result<String, FormatError> {
        self.str().map(Cow::into_owned)
    }

    /// A string or `null`.
    pub(crate) fn opt_string(&mut self) -> Result<Option<String>, FormatError> {
        if self.word("null") {
            return Ok(None);
        }
        self.string().map(Some)
    }

    /// An array of strings.
    pub(crate) fn strings(&mut self) -> Result<Vec<String>, FormatError> {
        let mut out = Vec::new();
        self.array(&mut |j, _| {
            out.push(j.string()?);
            Ok(())
        })?;
        Ok(out)
    }

    /// A non-negative integer that fits in 32 bits.
    pub(crate) fn u32(&mut self) -> Result<u32, FormatError> {
        self.peek();
        let start = self.at;
        while self.b.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let digits = &self.b[start..self.at];
        let leading_zero = digits.len() > 1 && digits[0] == b'0';
        let fraction = matches!(self.b.get(self.at), Some(b'.' | b'e' | b'E'));
        let n = utf8(digits)
            .filter(|_| !leading_zero && !fraction)
            .and_then(|d| d.parse().ok());
        n.ok_or_else(|| {
            self.at = start;
            self.error("expected an integer of 32 bits")
        })
    }

    pub(crate) fn bool(&mut self) -> Result<bool, FormatError> {
        if self.word("true") {
            Ok(true)
        } else if self.word("false") {
            Ok(false)
        } else {
            Err(self.error("expected true or false"))
        }
    }

    /// An object: `field` is called with each key, and reads its value.
    pub(crate) fn object(&mut self, field: &mut Each<'_, 'a>) -> Result<(), FormatError> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            let key = self.str()?;
            self.expect(b':')?;
            field(self, &key)?;
            if !self.eat(b',') {
                return self.expect(b'}');
            }
        }
    }

    /// An array: `item` is called for each item (with an empty key).
    pub(crate) fn array(&mut self, item: &mut Each<'_, 'a>) -> Result<(), FormatError> {
        self.expect(b'[')?;
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            item(self, "")?;
            if !self.eat(b',') {
                return self.expect(b']');
            }
        }
    }

    /// Any value, not kept (a key this reader does not know).
    pub(crate) fn skip(&mut self) -> Result<(), FormatError> {
        self.skip_within(0)
    }

    fn skip_within(&mut self, depth: u32) -> Result<(), FormatError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deep"));
        }
        match self.peek() {
            Some(b'"') => self.str().map(drop),
            Some(b'{') => self.object(&mut |j, _| j.skip_within(depth + 1)),
            Some(b'[') => self.array(&mut |j, _| j.skip_within(depth + 1)),
            Some(b'-' | b'0'..=b'9') => {
                self.at += 1;
                while self
                    .b
                    .get(self.at)
                    .is_some_and(|c| matches!(c, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
                {
                    self.at += 1;
                }
                Ok(())
            }
            _ if self.word("null") || self.word("true") || self.word("false") => Ok(()),
            _ => Err(self.error("expected a value")),
        }
    }
}

fn utf8(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok()
}

/// Reads a value of one of the contract's vocabularies by its id.
pub(crate) fn vocabulary<T: Copy>(
    j: &mut Json<'_>,
    all: &[T],
    id: fn(T) -> &'static str,
) -> Result<T, FormatError> {
    let s = j.str()?;
    all.iter()
        .copied()
        .find(|&v| id(v) == s)
        .ok_or_else(|| j.error(&format!("unknown variant `{s}`")))
}

/// Reads a date (`YYYY-MM-DD`).
pub(crate) fn day(j: &mut Json<'_>) -> Result<crate::day::Day, FormatError> {
    let s = j.str()?;
    s.parse().map_err(|_| j.error(&format!("bad date `{s}`")))
}

/// A date or `null`.
pub(crate) fn opt_day(j: &mut Json<'_>) -> Result<Option<crate::day::Day>, FormatError> {
    if j.word("null") {
        return Ok(None);
    }
    day(j).map(Some)
}
