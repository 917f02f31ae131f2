//! Sweden: momsregistreringsnummer, the 10-digit organisationsnummer (or a
//! sole trader's personnummer) followed by `01`; the 10 digits end in a
//! Luhn check digit (see [`crate::se`]).

use super::{InvalidId, length};
use crate::digits::{all_digits, luhn_valid};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    if !all_digits(number) || !number.ends_with("01") {
        return Err(InvalidId::Format("12 digits ending in 01"));
    }
    if number.len() != 12 {
        return Err(length(number, "12 digits (10 and 01)"));
    }
    if !luhn_valid(&number[..10]) {
        return Err(InvalidId::CheckDigit("Luhn over the first 10 digits"));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum se/vat.py docstring.
        assert!(validate("123456789701").is_ok());
        assert!(matches!(
            validate("123456789101"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
