//! Latvia: PVN number, 11 digits.
//!
//! - First digit above 3 (legal entities): Σ wᵢ·dᵢ with weights
//!   9 1 4 8 3 10 2 5 7 6 1, mod 11, must be 3.
//! - Otherwise a personal code: new codes start with 32; old ones with the
//!   birth date DDMMYY and a century digit (0 = 1800s, 1 = 1900s, 2 =
//!   2000s), which must exist. Check digit: (1 + Σ wᵢ·dᵢ with weights
//!   10 5 8 4 2 1 6 3 7 9) mod 11 mod 10.

use super::{Digits, InvalidId};
use crate::digits::{modulo, value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::any(11).check(number)?;
    if number.as_bytes()[0] > b'3' {
        if weighted_sum(number, &[9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 != 3 {
            return Err(InvalidId::CheckDigit(
                "Latvian legal entity: weights 9 1 4 8 3 10 2 5 7 6 1, sum mod 11 = 3",
            ));
        }
        return Ok(number.to_owned());
    }
    if !number.starts_with("32") {
        let day = modulo(&number[0..2], 100);
        let month = modulo(&number[2..4], 100);
        let year =
            1800 + 100 * value(number.as_bytes()[6]) as i32 + modulo(&number[4..6], 100) as i32;
        if !crate::date::exists(year, month, day) {
            return Err(InvalidId::Component(format!(
                "the personal code's birth date {year:04}-{month:02}-{day:02} does not exist"
            )));
        }
    }
    let check = (1 + weighted_sum(&number[..10], &[10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11 % 10;
    if check != value(number.as_bytes()[10]) {
        return Err(InvalidId::CheckDigit(
            "Latvian personal code: (1 + weights 10 5 8 4 2 1 6 3 7 9) mod 11 mod 10",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum lv/pvn.py docstring and eu vat tests.
        assert!(validate("40003521600").is_ok());
        assert!(matches!(
            validate("40003521601"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(
            validate("16137519997"),
            Err(InvalidId::Component(_))
        ));
        assert!(matches!(
            validate("32867300677"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
