//! Belgium: ondernemingsnummer / numéro d'entreprise, 10 digits starting
//! with 0 or 1; old 9-digit numbers get a leading 0, and "(0)" is read as 0.
//!
//! Check: the first 8 digits plus the last 2 are divisible by 97 (the last
//! two digits are 97 − (first 8 mod 97)).

use super::{InvalidId, length};
use crate::digits::{all_digits, modulo};

const FORMAT: &str = "10 digits (or 9 without the leading 0)";

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let number = match number.strip_prefix("(0)") {
        Some(rest) => format!("0{rest}"),
        None => number.to_owned(),
    };
    let number = if number.len() == 9 {
        format!("0{number}")
    } else {
        number
    };
    if !all_digits(&number) || number.bytes().all(|b| b == b'0') {
        return Err(InvalidId::Format(FORMAT));
    }
    if number.len() != 10 {
        return Err(length(&number, "10 digits"));
    }
    if !matches!(number.as_bytes()[0], b'0' | b'1') {
        return Err(InvalidId::Component(
            "the first digit of a Belgian enterprise number is 0 or 1".to_owned(),
        ));
    }
    let first8 = modulo(&number[..8], 97);
    let last2 = modulo(&number[8..], 97);
    if !(first8 + last2).is_multiple_of(97) {
        return Err(InvalidId::CheckDigit(
            "Belgian MOD 97: last two digits = 97 - (first 8 digits mod 97)",
        ));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum be/vat.py docstring.
        assert_eq!(validate("428759497").as_deref(), Ok("0428759497"));
        assert_eq!(validate("(0)403019261").as_deref(), Ok("0403019261"));
        assert!(matches!(
            validate("431150351"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
