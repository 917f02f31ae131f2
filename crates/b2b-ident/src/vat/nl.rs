//! Netherlands: btw-identificatienummer, 9 digits (zero-padded on the
//! left when shorter), `B`, 2 digits (not 00).
//!
//! Valid when either the 9 digits pass the BSN/RSIN "elfproef"
//! (Σ (9−i)·dᵢ over the first 8 digits − the 9th, mod 11 = 0; numbers
//! issued before 2020) or the whole number with its `NL` prefix passes
//! ISO 7064 MOD 97-10 (letters A = 10 … Z = 35; numbers issued to sole
//! traders since 2020).

use super::{InvalidId, length};
use crate::digits::{all_digits, iso7064_mod_97_10_valid, modulo, value, weighted_sum};

const FORMAT: &str = "9 digits, 'B' and 2 digits (not 00)";

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let split = number.len().saturating_sub(3);
    let (digits, suffix) = number.split_at(split);
    let number = if digits.len() < 9 {
        format!("{digits:0>9}{suffix}")
    } else {
        number.to_owned()
    };
    let head = crate::digits::slice(&number, 0, 9);
    let tail = crate::digits::slice(&number, 10, number.len());
    if !all_digits(head) || modulo(head, 1_000_000_000) == 0 {
        return Err(InvalidId::Format(FORMAT));
    }
    if !all_digits(tail) || tail.bytes().all(|b| b == b'0') {
        return Err(InvalidId::Format(FORMAT));
    }
    if number.len() != 12 {
        return Err(length(&number, "12 (9 digits, 'B', 2 digits)"));
    }
    if number.as_bytes()[9] != b'B' {
        return Err(InvalidId::Format(FORMAT));
    }
    let elfproef = (weighted_sum(&number[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) + 11
        - value(number.as_bytes()[8]))
    .is_multiple_of(11);
    if !elfproef && !iso7064_mod_97_10_valid(&format!("NL{number}")) {
        return Err(InvalidId::CheckDigit(
            "Dutch VAT: neither the BSN/RSIN 11-test nor ISO 7064 MOD 97-10 with the NL prefix",
        ));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests.
        assert_eq!(validate("4495445B01").as_deref(), Ok("004495445B01"));
        assert!(validate("806753742B01").is_ok());
        assert!(matches!(
            validate("123456789B90"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(
            validate("009122746B00"),
            Err(InvalidId::Format(_))
        ));
    }
}
