//! Tests of USCC validation against the published algorithm, and repair.

use super::*;
use proptest::prelude::*;

#[test]
fn published_examples_are_valid() {
    assert_eq!(validate("91350200MA2YJ1XR9G"), Ok(None));
    assert_eq!(validate("9135021359498494XQ"), Ok(None));
}

#[test]
fn wrong_final_check_names_expected() {
    assert_eq!(
        validate("91350200MA2YJ1XR9H"),
        Err(UsccError::Check {
            found: 'H',
            expected: 'G'
        })
    );
}

#[test]
fn length_character_and_mask_errors() {
    assert_eq!(validate("9135020"), Err(UsccError::Length { len: 7 }));
    assert_eq!(
        validate("91350200MA2YJ1XROG"),
        Err(UsccError::Character {
            position: 17,
            found: 'O'
        })
    );
    assert_eq!(validate("91110000********"), Err(UsccError::Masked));
}

#[test]
fn normalize_full_width_spaces_case() {
    assert_eq!(
        normalize(" ９１３５０２００ma2yj1xr9g "),
        "91350200MA2YJ1XR9G"
    );
}

#[test]
fn repair_finds_original() {
    let c = one_substitution_away("91350200MA2YJ1XR9H");
    assert!(c.contains(&"91350200MA2YJ1XR9G".to_string()));
    assert!(c.len() <= 18);
    assert!(c.iter().all(|s| is_valid(s)));
}

#[test]
fn org_check_mismatch_is_warning() {
    // Change position 17 and repair the final check so only the org check fails.
    let mut b = b"91350200MA2YJ1XR8".to_vec();
    let c = check_char(&b).unwrap();
    b.push(c);
    let code = String::from_utf8(b).unwrap();
    let w = validate(&code).unwrap().expect("org mismatch");
    assert_eq!(w.expected, '9');
}

/// The published algorithm written independently, as GB 32100-2015 states it:
/// C18 = 31 - MOD(Σ Ci × Wi, 31), with Wi = 3^(i-1) mod 31.
fn reference_check(first17: &str) -> char {
    let alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut sum = 0u64;
    let mut w = 1u64;
    for c in first17.chars() {
        sum += alpha.find(c).unwrap() as u64 * w;
        w = w * 3 % 31;
    }
    let v = (31 - sum % 31) % 31;
    alpha.chars().nth(v as usize).unwrap()
}

fn code17() -> impl Strategy<Value = String> {
    proptest::collection::vec(0usize..31, 17)
        .prop_map(|v| v.into_iter().map(|i| ALPHABET[i] as char).collect())
}

proptest! {
    #[test]
    fn check_char_matches_reference(first in code17()) {
        let c = check_char(first.as_bytes()).unwrap() as char;
        prop_assert_eq!(c, reference_check(&first));
        let code = format!("{first}{c}");
        prop_assert!(is_valid(&code));
    }

    #[test]
    fn every_single_substitution_is_caught_and_repairable(first in code17(), pos in 0usize..18, k in 1usize..31) {
        let c = check_char(first.as_bytes()).unwrap() as char;
        let code = format!("{first}{c}");
        let mut chars: Vec<char> = code.chars().collect();
        let old = ALPHABET.iter().position(|&a| a as char == chars[pos]).unwrap();
        chars[pos] = ALPHABET[(old + k) % 31] as char;
        let bad: String = chars.iter().collect();
        prop_assert!(!is_valid(&bad));
        prop_assert!(one_substitution_away(&bad).contains(&code));
    }

    #[test]
    fn every_swap_of_different_neighbours_is_caught_and_repairable(first in code17(), pos in 0usize..16) {
        let c = check_char(first.as_bytes()).unwrap() as char;
        let code = format!("{first}{c}");
        let mut chars: Vec<char> = code.chars().collect();
        prop_assume!(chars[pos] != chars[pos + 1]);
        chars.swap(pos, pos + 1);
        let bad: String = chars.iter().collect();
        prop_assert!(!is_valid(&bad));
        prop_assert!(one_swap_away(&bad).contains(&code));
    }

    #[test]
    fn validate_never_panics(s in "\\PC{0,30}") {
        let _ = validate(&normalize(&s));
        let _ = one_substitution_away(&s);
        let _ = one_swap_away(&s);
    }
}

#[test]
fn repair_puts_structurally_plausible_codes_first() {
    let c = one_substitution_away("91350200MA2YJ1XR9H");
    let top: Vec<&String> = c.iter().take_while(|s| plausibility(s) == 3).collect();
    assert!(
        top.len() < 4,
        "structure narrows 18 candidates to a few: {top:?}"
    );
    assert!(top.contains(&&"91350200MA2YJ1XR9G".to_string()));
    assert!(c
        .windows(2)
        .all(|w| plausibility(&w[0]) >= plausibility(&w[1])));
}

#[test]
fn old_identifiers_are_registration_numbers_and_org_codes_with_their_check() {
    assert_eq!(
        old_identifier("350200100012345").as_deref(),
        Some("350200100012345")
    );
    assert_eq!(
        old_identifier("３５０２００１０００１２３４５").as_deref(),
        Some("350200100012345")
    );
    // The organisation code embedded in 91350200MA2YJ1XR9G is MA2YJ1XR9: too few digits.
    assert_eq!(old_identifier("MA2YJ1XR9"), None);
    let body = b"12345678";
    let check = org_check_char(body).unwrap() as char;
    let code = format!("12345678{check}");
    assert_eq!(old_identifier(&code).as_deref(), Some(code.as_str()));
    assert_eq!(
        old_identifier(&format!("12345678-{check}")).as_deref(),
        Some(code.as_str())
    );
    // A recorded code whose check character fails is still looked up (some are real).
    let wrong = if check == '1' { '2' } else { '1' };
    assert!(old_identifier(&format!("12345678{wrong}")).is_some());
    assert_eq!(old_identifier("12345678Y"), None);
    // Pinyin initials and a credit code are not old identifiers.
    assert_eq!(old_identifier("qdykspyxg"), None);
    assert_eq!(old_identifier("91350200MA2YJ1XR9G"), None);
    assert_eq!(old_identifier("35020010001234"), None);
}
