//! Estonia: KMKR number, 9 digits; Σ wᵢ·dᵢ with weights 3 7 1 3 7 1 3 7 1
//! is divisible by 10.

use super::{Digits, InvalidId};
use crate::digits::weighted_sum;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::any(9).check(number)?;
    if !weighted_sum(number, &[3, 7, 1, 3, 7, 1, 3, 7, 1]).is_multiple_of(10) {
        return Err(InvalidId::CheckDigit(
            "Estonian KMKR: weights 3 7 1 3 7 1 3 7 1, sum mod 10 = 0",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum ee/kmkr.py docstring.
        assert!(validate("100594102").is_ok());
        assert!(matches!(
            validate("100594103"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
