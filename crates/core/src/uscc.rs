//! Unified Social Credit Code (统一社会信用代码, GB 32100-2015) validation and repair.

use crate::sort::StableSort;
use std::fmt;

/// The code's alphabet in value order: digits and upper-case letters without I, O, S, V, Z.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 for the final check character: 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the eight body characters of the embedded organisation code (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// The value of a code character, or `None` when it is outside the alphabet.
pub fn char_value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Computes the final (18th) check character of the first 17 characters.
///
/// Returns `None` when a character is outside the alphabet.
pub fn check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += char_value(*c)? * w;
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize])
}

/// Computes the check character of an organisation code's eight body characters.
///
/// The organisation code uses digits and all 26 letters (A = 10 … Z = 35);
/// a result of 10 is written `X` and 11 is written `0`.
pub fn org_check_char(body8: &[u8]) -> Option<u8> {
    if body8.len() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in body8.iter().zip(ORG_WEIGHTS) {
        let v = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    })
}

/// Normalises how a code was typed or printed: full-width forms become
/// half-width, spaces and hyphens go, letters become upper case.
///
/// Nothing else is changed: a letter outside the alphabet stays, so that
/// validation can name it.
pub fn normalize(raw: &str) -> String {
    raw.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                c => c,
            };
            if c.is_whitespace() || c == '-' || c == '\u{200B}' || c == '\u{FEFF}' {
                None
            } else {
                Some(c.to_ascii_uppercase())
            }
        })
        .collect()
}

/// Why a code is not a valid USCC.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UsccError {
    /// The code does not have 18 characters.
    Length { len: usize },
    /// The code is masked (`91110000********`), as some published lists print it.
    Masked,
    /// A character is outside the alphabet (`0-9A-Z` without I, O, S, V, Z).
    Character { position: usize, found: char },
    /// The final check character (position 18) does not match the first 17.
    Check { found: char, expected: char },
}

impl fmt::Display for UsccError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsccError::Length { len } => {
                write!(f, "a unified social credit code has 18 characters, this one has {len}")
            }
            UsccError::Masked => write!(f, "the code is masked with '*' and cannot identify an enterprise"),
            UsccError::Character { position, found } => write!(
                f,
                "character {position} is '{found}', which is not used in codes (0-9 and A-Z without I, O, S, V, Z)"
            ),
            UsccError::Check { found, expected } => write!(
                f,
                "check character (position 18) is '{found}' but the first 17 characters give '{expected}'"
            ),
        }
    }
}

impl std::error::Error for UsccError {}

/// A warning about a valid code: the embedded organisation code's own check
/// character (position 17) does not match positions 9–16. Some codes issued
/// while old organisation codes were migrated fail it and are real.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgCheckMismatch {
    pub found: char,
    pub expected: char,
}

impl fmt::Display for OrgCheckMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "organisation-code check character (position 17) is '{}' but positions 9-16 give '{}'; kept, as some migrated codes are real",
            self.found, self.expected
        )
    }
}

/// Validates an already normalised code (see [`normalize`]).
///
/// On success returns the organisation-code mismatch, if any, as a warning.
pub fn validate(code: &str) -> Result<Option<OrgCheckMismatch>, UsccError> {
    if code.contains('*') {
        return Err(UsccError::Masked);
    }
    let len = code.chars().count();
    if len != 18 {
        return Err(UsccError::Length { len });
    }
    let b = code.as_bytes();
    for (i, c) in code.chars().enumerate() {
        if !c.is_ascii() || char_value(c as u8).is_none() {
            return Err(UsccError::Character {
                position: i + 1,
                found: c,
            });
        }
    }
    let expected = check_char(&b[..17]).expect("alphabet checked above");
    if b[17] != expected {
        return Err(UsccError::Check {
            found: b[17] as char,
            expected: expected as char,
        });
    }
    Ok(org_check_char(&b[8..16])
        .filter(|&e| e != b[16])
        .map(|e| OrgCheckMismatch {
            found: b[16] as char,
            expected: e as char,
        }))
}

/// True when `code` (normalised) is a valid USCC.
pub fn is_valid(code: &str) -> bool {
    validate(code).is_ok()
}

/// An old identifier typed or printed where a credit code would be: a
/// 15-digit registration number (注册号), or a 9-character organisation code
/// (组织机构代码: eight characters, mostly digits, and a check character, a
/// digit or `X`) — normalised (`12345678-9` → `123456789`), else `None`. The
/// check character is not required to match: some recorded codes fail it and
/// are real, and an old identifier is only ever looked up exactly. The digits
/// keep pinyin initials of nine letters out.
pub fn old_identifier(raw: &str) -> Option<String> {
    let n = normalize(raw);
    let b = n.as_bytes();
    if !n.is_ascii() {
        return None;
    }
    if b.len() == 15 && b.iter().all(u8::is_ascii_digit) {
        return Some(n);
    }
    if b.len() == 9
        && b[..8].iter().all(u8::is_ascii_alphanumeric)
        && b[..8].iter().filter(|c| c.is_ascii_digit()).count() >= 5
        && (b[8].is_ascii_digit() || b[8] == b'X')
    {
        return Some(n);
    }
    None
}

/// The valid codes one substituted character away from `code`.
///
/// A code copied with one wrong character differs from its valid original in
/// one position; the check character pins down at most one replacement per
/// position, so there are at most 18 candidates. The caller keeps those that
/// exist in its registry. Returns nothing unless `code` has 18 characters.
pub fn one_substitution_away(code: &str) -> Vec<String> {
    valid_variants(code, |chars, keep| {
        for pos in 0..18 {
            for &a in ALPHABET {
                if chars[pos] != a as char {
                    let mut cand = chars.to_vec();
                    cand[pos] = a as char;
                    keep(cand);
                }
            }
        }
    })
}

/// The valid codes that `code` becomes when two different neighbouring
/// characters are swapped back, the likeliest first (see [`plausibility`]).
///
/// A code copied with two characters transposed fails its check character
/// (the weights of neighbours differ), so the swap back is the original;
/// at most 17 candidates. Returns nothing unless `code` has 18 characters.
pub fn one_swap_away(code: &str) -> Vec<String> {
    valid_variants(code, |chars, keep| {
        for pos in 0..17 {
            if chars[pos] != chars[pos + 1] {
                let mut cand = chars.to_vec();
                cand.swap(pos, pos + 1);
                keep(cand);
            }
        }
    })
}

/// The valid codes among the variants `edits` offers of an 18-character
/// `code`, without repeats, most plausible first (see [`plausibility`]):
/// a code whose structure is also right is the likelier original; ties keep
/// code order. Nothing unless `code` has 18 characters.
fn valid_variants(
    code: &str,
    edits: impl FnOnce(&[char], &mut dyn FnMut(Vec<char>)),
) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Vec::new();
    }
    let mut out = Vec::new();
    edits(&chars, &mut |cand| {
        let s: String = cand.into_iter().collect();
        if is_valid(&s) {
            out.push(s);
        }
    });
    out.stable_sort();
    out.dedup();
    out.stable_sort_by_key(|c| std::cmp::Reverse(plausibility(c)));
    out
}

/// How well a valid code's structure fits codes as they are issued, 0–3:
/// a known registration-authority digit (position 1), six digits of
/// division code (positions 3–8), and a matching organisation-code check
/// character (position 17). Used to order repair candidates, never to reject.
pub fn plausibility(code: &str) -> u8 {
    let b = code.as_bytes();
    if b.len() != 18 {
        return 0;
    }
    let authority = matches!(b[0], b'1'..=b'9' | b'A' | b'N' | b'Y');
    let division = b[2..8].iter().all(u8::is_ascii_digit);
    let org = org_check_char(&b[8..16]) == Some(b[16]);
    authority as u8 + division as u8 + org as u8
}

/// The six-digit administrative division code (positions 3–8), e.g. `350200`.
pub fn division(code: &str) -> Option<&str> {
    code.get(2..8)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests;
