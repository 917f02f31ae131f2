//! Spain: NIF, 9 characters: a DNI (8 digits and a letter), an NIE (X, Y
//! or Z, 7 digits and a letter), a NIF of type K, L or M (letter, 7 digits,
//! letter) or a CIF (entity-type letter, 7 digits, digit or letter).
//!
//! - DNI / K L M / NIE (X=0, Y=1, Z=2): letter = "TRWAGMYFPDXBNJZSQVHLCKE"
//!   [number mod 23].
//! - CIF (first letter in ABCDEFGHJNPQRSUVW): c = Luhn check digit of the
//!   7 digits; the last character is c or "JABCDEFGHI"[c].

use super::{InvalidId, length};
use crate::digits::{all_digits, luhn_check_digit, modulo};

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
const CIF_TYPES: &str = "ABCDEFGHJNPQRSUVW";

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let inner = number.get(1..number.len().saturating_sub(1)).unwrap_or("");
    if !all_digits(inner) {
        return Err(InvalidId::Format(
            "9 characters: digits between a leading and a trailing letter or digit",
        ));
    }
    if number.len() != 9 {
        return Err(length(number, "9 characters"));
    }
    let bytes = number.as_bytes();
    let (first, last) = (bytes[0], bytes[8]);
    let dni_letter = |digits: &str| DNI_LETTERS[modulo(digits, 23) as usize];
    match first {
        b'K' | b'L' | b'M' => {
            if last != dni_letter(inner) {
                return Err(InvalidId::CheckDigit(
                    "Spanish NIF (K/L/M): letter = number mod 23",
                ));
            }
        }
        b'0'..=b'9' => {
            if last != dni_letter(&number[..8]) {
                return Err(InvalidId::CheckDigit("Spanish DNI: letter = number mod 23"));
            }
        }
        b'X' | b'Y' | b'Z' => {
            let digits = format!("{}{inner}", first - b'X');
            if last != dni_letter(&digits) {
                return Err(InvalidId::CheckDigit(
                    "Spanish NIE: X/Y/Z as 0/1/2, letter = number mod 23",
                ));
            }
        }
        _ if CIF_TYPES.as_bytes().contains(&first) => {
            let check = luhn_check_digit(inner);
            let letter = b"JABCDEFGHI"[check as usize];
            if last != b'0' + check as u8 && last != letter {
                return Err(InvalidId::CheckDigit(
                    "Spanish CIF: Luhn check digit, or its letter JABCDEFGHI",
                ));
            }
        }
        _ => {
            return Err(InvalidId::Format(
                "a DNI, an NIE (X/Y/Z), a K/L/M NIF or a CIF (first letter one of ABCDEFGHJNPQRSUVW)",
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
        // python-stdnum es/dni.py, es/nie.py and es/cif.py docstrings.
        assert!(validate("54362315K").is_ok());
        assert!(matches!(
            validate("54362315Z"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(validate("X2482300W").is_ok());
        assert!(matches!(
            validate("X2482300A"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(validate("J99216582").is_ok());
        assert!(matches!(
            validate("J99216583"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(validate("O1234567L"), Err(InvalidId::Format(_))));
    }
}
