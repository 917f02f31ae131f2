//! Hungary: közösségi adószám, 8 digits; Σ wᵢ·dᵢ with weights
//! 9 7 3 1 9 7 3 1 is divisible by 10.

use super::{Digits, InvalidId};
use crate::digits::weighted_sum;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::any(8).check(number)?;
    if !weighted_sum(number, &[9, 7, 3, 1, 9, 7, 3, 1]).is_multiple_of(10) {
        return Err(InvalidId::CheckDigit(
            "Hungarian ANUM: weights 9 7 3 1 9 7 3 1, sum mod 10 = 0",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests: HU 12892312 valid, 12892313 not.
        assert!(validate("12892312").is_ok());
        assert!(matches!(
            validate("12892313"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
