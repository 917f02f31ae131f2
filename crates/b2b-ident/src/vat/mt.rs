//! Malta: 8 digits not starting with 0; Σ wᵢ·dᵢ with weights
//! 3 4 6 7 8 9 10 1 is divisible by 37.

use super::{Digits, InvalidId};
use crate::digits::weighted_sum;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::no_leading_zero(8).check(number)?;
    if !weighted_sum(number, &[3, 4, 6, 7, 8, 9, 10, 1]).is_multiple_of(37) {
        return Err(InvalidId::CheckDigit(
            "Maltese: weights 3 4 6 7 8 9 10 1, sum mod 37 = 0",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests: MT 1167-9112 valid, 1167-9113 not.
        assert!(validate("11679112").is_ok());
        assert!(matches!(
            validate("11679113"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
