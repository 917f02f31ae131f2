//! Poland: NIP, 10 digits; Σ wᵢ·dᵢ with weights 6 5 7 2 3 4 5 6 7 −1 is
//! divisible by 11 (the last digit is the sum of the first nine mod 11).

use super::{Digits, InvalidId};
use crate::digits::{value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::any(10).check(number)?;
    let sum = weighted_sum(&number[..9], &[6, 5, 7, 2, 3, 4, 5, 6, 7]);
    if sum % 11 != value(number.as_bytes()[9]) {
        return Err(InvalidId::CheckDigit(
            "Polish NIP: weights 6 5 7 2 3 4 5 6 7, sum mod 11",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests: PL 8567346215 is mangled to 8567346216.
        assert!(validate("5211355116").is_ok());
        assert!(matches!(
            validate("8567346216"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
