//! Slovenia: davčna številka, 8 digits not starting with 0; check digit =
//! 11 − (Σ (8−i)·dᵢ over the first 7 digits mod 11); 10 → 0, and 11 (sum
//! divisible by 11) is never issued.

use super::{Digits, InvalidId};
use crate::digits::{value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::no_leading_zero(8).check(number)?;
    let check = 11 - weighted_sum(&number[..7], &[8, 7, 6, 5, 4, 3, 2]) % 11;
    let check = if check == 10 { 0 } else { check };
    if check != value(number.as_bytes()[7]) {
        return Err(InvalidId::CheckDigit(
            "Slovenian DDV: weights 8-2, 11 - sum mod 11, 10 -> 0",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum si/ddv.py docstring.
        assert!(validate("50223054").is_ok());
        assert!(matches!(
            validate("50223055"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
