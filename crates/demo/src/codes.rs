//! Fictional but valid identifiers: Unified Social Credit Codes, the
//! embedded organisation codes, and 15-digit registration numbers.

use super::rng::Rng;
use zhixin_core::uscc::{check_char, org_check_char, ALPHABET};

/// A USCC for a company (`91`) registered in `division` (six digits).
///
/// Newer enterprises get an `MA…` organisation body as issued since 2015,
/// older ones an eight-digit one. With `org_mismatch` the embedded
/// organisation-code check character is deliberately wrong (the code stays
/// valid: some migrated real codes are like that, and the build warns).
pub fn uscc(rng: &mut Rng, division: &str, newer: bool, org_mismatch: bool) -> String {
    let mut b = Vec::with_capacity(18);
    b.extend_from_slice(b"91");
    b.extend_from_slice(division.as_bytes());
    if newer {
        b.extend_from_slice(b"MA");
        for _ in 0..6 {
            b.push(ALPHABET[rng.below(ALPHABET.len())]);
        }
    } else {
        for _ in 0..8 {
            b.push(b'0' + rng.below(10) as u8);
        }
    }
    let mut org = org_check_char(&b[8..16]).unwrap_or(b'0');
    if org_mismatch {
        let alt = b'0' + ((org.wrapping_sub(b'0') as usize + 1 + rng.below(8)) % 10) as u8;
        org = if alt == org { b'X' } else { alt };
    }
    b.push(org);
    let check = check_char(&b).unwrap_or(b'0');
    b.push(check);
    String::from_utf8(b).unwrap_or_default()
}

/// The nine-character organisation code embedded in a USCC (positions 9–17).
pub fn org_code(uscc: &str) -> String {
    uscc.get(8..17).unwrap_or_default().to_string()
}

/// A 15-digit registration number (注册号) of the pre-2015 kind: the
/// authority's division, eight digits and an ISO 7064 MOD 11,10 check digit.
pub fn registration_no(rng: &mut Rng, division: &str) -> String {
    let mut s = String::with_capacity(15);
    s.push_str(division);
    for _ in 0..8 {
        s.push((b'0' + rng.below(10) as u8) as char);
    }
    s.push(mod11_10_check(&s));
    s
}

/// ISO 7064 MOD 11,10 check digit of a string of digits.
pub fn mod11_10_check(digits: &str) -> char {
    let mut p = 10u32;
    for d in digits.bytes() {
        let mut s = (p % 11) + (d - b'0') as u32;
        s %= 10;
        if s == 0 {
            s = 10;
        }
        p = (s * 2) % 11;
    }
    // The check digit c makes (p + c) mod 10 == 1.
    let c = (11 - p) % 10;
    (b'0' + c as u8) as char
}

/// A valid code with one character changed (not the check character) and
/// the check character left as it was: invalid, as a mistyped code is.
pub fn with_wrong_check(code: &str) -> String {
    let mut b = code.as_bytes().to_vec();
    let i = b.len() - 1;
    let v = ALPHABET.iter().position(|&a| a == b[i]).unwrap_or(0);
    b[i] = ALPHABET[(v + 7) % ALPHABET.len()];
    String::from_utf8(b).unwrap_or_default()
}

/// The code with position `pos` replaced by another alphabet character.
pub fn substitute(code: &str, pos: usize, rng: &mut Rng) -> String {
    let mut b = code.as_bytes().to_vec();
    let v = ALPHABET.iter().position(|&a| a == b[pos]).unwrap_or(0);
    b[pos] = ALPHABET[(v + 1 + rng.below(ALPHABET.len() - 1)) % ALPHABET.len()];
    String::from_utf8(b).unwrap_or_default()
}
