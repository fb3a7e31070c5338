//! Tests of provinces from division digits.

use super::*;

#[test]
fn province_from_division_digits() {
    assert_eq!(
        province_of_uscc("91350200MA2YJ1XR9G").map(|p| p.zh),
        Some("福建省")
    );
    assert_eq!(province_of_uscc("9199"), None);
    assert_eq!(province_of_uscc("9"), None);
}
