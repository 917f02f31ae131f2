//! Lithuania: PVM mokėtojo kodas, 9 digits (legal entities, 8th digit 1)
//! or 12 digits (temporarily registered taxpayers, 11th digit 1).
//!
//! Check digit: Σ (1 + i mod 9)·dᵢ (i from 0) mod 11; when that is 10,
//! Σ (1 + (i + 2) mod 9)·dᵢ mod 11; a final 10 gives 0.

use super::{InvalidId, length};
use crate::digits::{all_digits, value};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    if !all_digits(number) {
        return Err(InvalidId::Format("9 or 12 digits"));
    }
    let marker = match number.len() {
        9 => 7,
        12 => 10,
        _ => return Err(length(number, "9 or 12 digits")),
    };
    if number.as_bytes()[marker] != b'1' {
        return Err(InvalidId::Component(format!(
            "digit {} of a {}-digit Lithuanian VAT number is 1",
            marker + 1,
            number.len()
        )));
    }
    let body = &number[..number.len() - 1];
    let sum = |shift: usize| -> u32 {
        body.bytes()
            .enumerate()
            .map(|(i, d)| (1 + ((i + shift) % 9) as u32) * value(d))
            .sum()
    };
    let first = sum(0) % 11;
    let check = if first == 10 { sum(2) % 11 } else { first } % 10;
    if check != value(number.as_bytes()[number.len() - 1]) {
        return Err(InvalidId::CheckDigit(
            "Lithuanian PVM: weights 1-9 repeating, mod 11 (weights shifted by 2 when 10)",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests.
        assert!(validate("100001919017").is_ok());
        assert!(validate("119511515").is_ok());
        assert!(matches!(
            validate("100001919018"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(
            validate("100001509922"),
            Err(InvalidId::Component(_))
        ));
    }
}
