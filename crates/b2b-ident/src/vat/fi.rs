//! Finland: ALV number (Y-tunnus), 8 digits; Σ wᵢ·dᵢ with weights
//! 7 9 10 5 8 4 2 1 is divisible by 11.

use super::{Digits, InvalidId};
use crate::digits::weighted_sum;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::any(8).check(number)?;
    if !weighted_sum(number, &[7, 9, 10, 5, 8, 4, 2, 1]).is_multiple_of(11) {
        return Err(InvalidId::CheckDigit(
            "Finnish ALV: weights 7 9 10 5 8 4 2 1, sum mod 11 = 0",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum fi/alv.py docstring.
        assert!(validate("20774740").is_ok());
        assert!(matches!(
            validate("20774741"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
