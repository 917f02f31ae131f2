//! France: n° TVA, a two-character key and the 9-digit SIREN.
//!
//! - The SIREN (unless it starts with 000) has a Luhn check digit.
//! - Old style, key of two digits: key = (SIREN·100 + 12) mod 97.
//! - New style, a letter in the key (alphabet 0–9 A–Z without I and O,
//!   values 0–33): with k₀ a digit, c = 24·k₀ + k₁ − 10, else
//!   c = 34·k₀ + k₁ − 100; valid when (SIREN + 1 + c div 11) mod 11 =
//!   c mod 11.

use super::{InvalidId, length};
use crate::digits::{all_digits, luhn_valid, modulo};

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const FORMAT: &str =
    "2 key characters (digits or letters other than I and O) and the 9-digit SIREN";

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let key = number.get(..2.min(number.len())).unwrap_or("");
    let siren = number.get(key.len()..).unwrap_or("");
    if !key.chars().all(|c| ALPHABET.contains(c)) || !all_digits(siren) {
        return Err(InvalidId::Format(FORMAT));
    }
    if number.len() != 11 {
        return Err(length(number, "11 (2 key characters and 9 digits)"));
    }
    if !siren.starts_with("000") && !luhn_valid(siren) {
        return Err(InvalidId::CheckDigit("SIREN Luhn check digit"));
    }
    if all_digits(key) {
        let expected = (modulo(siren, 97) * 100 + 12) % 97;
        if modulo(key, 100) != expected {
            return Err(InvalidId::CheckDigit(
                "French key: (SIREN x 100 + 12) mod 97",
            ));
        }
    } else {
        let index = |c: u8| ALPHABET.bytes().position(|a| a == c).unwrap_or(0) as i64;
        let (k0, k1) = (key.as_bytes()[0], key.as_bytes()[1]);
        let c = if k0.is_ascii_digit() {
            index(k0) * 24 + index(k1) - 10
        } else {
            index(k0) * 34 + index(k1) - 100
        };
        let siren_mod = i64::from(modulo(siren, 11));
        if (siren_mod + 1 + c.div_euclid(11)).rem_euclid(11) != c.rem_euclid(11) {
            return Err(InvalidId::CheckDigit(
                "French new-style key: (SIREN + 1 + c div 11) mod 11 = c mod 11",
            ));
        }
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum fr/tva.py docstring.
        assert!(validate("23334175221").is_ok());
        assert!(matches!(
            validate("84323140391"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(validate("K7399859412").is_ok());
        assert!(validate("4Z123456782").is_ok());
        assert!(matches!(validate("IO334175221"), Err(InvalidId::Format(_))));
    }
}
