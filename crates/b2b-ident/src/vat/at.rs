//! Austria: UID-Nummer, `U` and 8 digits, the last a check digit.
//!
//! Check digit (BMF, as documented by python-stdnum `at/uid`): over digits
//! 1–7 after the `U`, S = d1 + q(2·d2) + d3 + q(2·d4) + d5 + q(2·d6) + d7
//! (q = digit sum), check = (10 − (S + 4) mod 10) mod 10; i.e. the Luhn sum
//! shifted by 4.

use super::{InvalidId, length};
use crate::digits::{all_digits, luhn_sum};

const FORMAT: &str = "'U' followed by 8 digits";

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let Some(digits) = number.strip_prefix('U') else {
        return Err(InvalidId::Format(FORMAT));
    };
    if !all_digits(digits) {
        return Err(InvalidId::Format(FORMAT));
    }
    if number.len() != 9 {
        return Err(length(number, "9 ('U' and 8 digits)"));
    }
    let check = (10 - (luhn_sum(&digits[..7]) + 4) % 10) % 10;
    if crate::digits::value(digits.as_bytes()[7]) != check {
        return Err(InvalidId::CheckDigit(
            "Austrian UID: Luhn sum of digits 1-7, check = (10 - (sum + 4) mod 10) mod 10",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum at/uid.py docstring: U13585627 valid, U13585626 not.
        assert_eq!(validate("U13585627").as_deref(), Ok("U13585627"));
        assert!(matches!(
            validate("U13585626"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
