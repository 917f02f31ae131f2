//! Luxembourg: n° TVA, 8 digits; the last two are the first six mod 89.

use super::{Digits, InvalidId};
use crate::digits::modulo;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::any(8).check(number)?;
    if modulo(&number[..6], 89) != modulo(&number[6..], 100) {
        return Err(InvalidId::CheckDigit(
            "Luxembourg: last two digits = first six mod 89",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests: LU 150 274 42 valid, 43 not.
        assert!(validate("15027442").is_ok());
        assert!(matches!(
            validate("15027443"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
