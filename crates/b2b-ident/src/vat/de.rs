//! Germany: USt-IdNr., 9 digits not starting with 0; the last is an
//! ISO 7064 MOD 11,10 check digit.

use super::{Digits, InvalidId};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    super::iso7064_mod_11_10(number, Digits::no_leading_zero(9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum de/vat.py docstring.
        assert!(validate("136695976").is_ok());
        assert!(matches!(
            validate("136695978"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
