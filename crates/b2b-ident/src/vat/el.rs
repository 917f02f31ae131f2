//! Greece (prefix EL; GR accepted): ΑΦΜ, 9 digits (old 8-digit numbers get
//! a leading 0). Check: Σ dᵢ·2^(9−i) over digits 1–8, mod 11, 10 → 0.

use super::{InvalidId, length};
use crate::digits::{all_digits, value};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let number = if number.len() == 8 {
        format!("0{number}")
    } else {
        number.to_owned()
    };
    if !all_digits(&number) {
        return Err(InvalidId::Format("9 digits"));
    }
    if number.len() != 9 {
        return Err(length(&number, "9 digits (or 8 without the leading 0)"));
    }
    let sum = number[..8].bytes().fold(0, |sum, d| sum * 2 + value(d));
    if sum * 2 % 11 % 10 != value(number.as_bytes()[8]) {
        return Err(InvalidId::CheckDigit(
            "Greek AFM: digits weighted by powers of 2, mod 11, 10 -> 0",
        ));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum gr/vat.py docstring.
        // EL 94051189 (8 digits) is valid in the EU VAT doctest.
        assert_eq!(validate("94051189").as_deref(), Ok("094051189"));
        assert!(validate("094259216").is_ok());
        assert!(matches!(
            validate("123456781"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
