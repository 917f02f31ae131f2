//! Denmark: CVR/SE number, 8 digits not starting with 0; Σ wᵢ·dᵢ with
//! weights 2 7 6 5 4 3 2 1 is divisible by 11.

use super::{Digits, InvalidId};
use crate::digits::weighted_sum;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::no_leading_zero(8).check(number)?;
    if !weighted_sum(number, &[2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11) {
        return Err(InvalidId::CheckDigit(
            "Danish CVR: weights 2 7 6 5 4 3 2 1, sum mod 11 = 0",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum dk/cvr.py docstring.
        assert!(validate("13585628").is_ok());
        assert!(matches!(
            validate("13585627"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
