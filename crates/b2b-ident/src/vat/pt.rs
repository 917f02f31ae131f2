//! Portugal: NIF/NIPC, 9 digits not starting with 0; check digit =
//! (11 − Σ (9−i)·dᵢ over the first 8 digits mod 11) mod 11, 10 → 0.

use super::{Digits, InvalidId};
use crate::digits::{value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::no_leading_zero(9).check(number)?;
    let sum = weighted_sum(&number[..8], &[9, 8, 7, 6, 5, 4, 3, 2]);
    if (11 - sum % 11) % 11 % 10 != value(number.as_bytes()[8]) {
        return Err(InvalidId::CheckDigit(
            "Portuguese NIF: weights 9-2, (11 - sum mod 11) mod 11, 10 -> 0",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests.
        assert!(validate("501964843").is_ok());
        assert!(matches!(
            validate("501964842"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
