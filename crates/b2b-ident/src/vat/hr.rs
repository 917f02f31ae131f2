//! Croatia: OIB, 11 digits with an ISO 7064 MOD 11,10 check digit.

use super::{Digits, InvalidId};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    super::iso7064_mod_11_10(number, Digits::any(11))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum hr/oib.py docstring.
        assert!(validate("33392005961").is_ok());
        assert!(matches!(
            validate("33392005962"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
