//! Italy: partita IVA, 11 digits: 7-digit company number (not all zeros),
//! 3-digit office code (001–100, 120, 121, 888 or 999), Luhn check digit.

use super::{InvalidId, length};
use crate::digits::{all_digits, luhn_valid, modulo, slice};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    if !all_digits(number) || modulo(slice(number, 0, 7), 10_000_000) == 0 {
        return Err(InvalidId::Format("11 digits, the first 7 not all 0"));
    }
    if number.len() != 11 {
        return Err(length(number, "11 digits"));
    }
    let office = modulo(&number[7..10], 1000);
    if !matches!(office, 1..=100 | 120 | 121 | 888 | 999) {
        return Err(InvalidId::Component(format!(
            "office code {:03} is not issued (001-100, 120, 121, 888, 999)",
            office
        )));
    }
    if !luhn_valid(number) {
        return Err(InvalidId::CheckDigit("Luhn"));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests: IT 00743110157 valid; 00743110158 bad
        // check digit; 00687129980 unknown office.
        assert!(validate("00743110157").is_ok());
        assert!(matches!(
            validate("00743110158"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(
            validate("00687129980"),
            Err(InvalidId::Component(_))
        ));
    }
}
