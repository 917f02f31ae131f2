//! Ireland: 7 digits and a check letter, optionally a second letter (W for
//! married women's old numbers, A–I etc. for the 2013 series); or the old
//! form digit, letter/`+`/`*`, 5 digits, check letter.
//!
//! Check letter: "WABCDEFGHIJKLMNOPQRSTUV"[s mod 23] where s is Σ (8−i)·dᵢ
//! over the 7 digits plus 9 × the value of the second letter, a letter's
//! value being its index in that alphabet (W = 0). The old form is first converted: its 5
//! digits and its first digit, zero-padded to 7 digits.

use super::{InvalidId, length};
use crate::digits::{all_digits, slice, weighted_sum};

const ALPHABET: &str = "WABCDEFGHIJKLMNOPQRSTUV";
const FORMAT: &str = "7 digits and 1 or 2 letters, or a digit, a letter/+/*, 5 digits and a letter";

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let letters = slice(number, 7, number.len());
    if !all_digits(slice(number, 0, 1)) || !all_digits(slice(number, 2, 7)) {
        return Err(InvalidId::Format(FORMAT));
    }
    if !letters.chars().all(|c| ALPHABET.contains(c)) {
        return Err(InvalidId::Format(FORMAT));
    }
    if !matches!(number.len(), 8 | 9) {
        return Err(length(number, "8 or 9 characters"));
    }
    let check = number.as_bytes()[7];
    let suffix = &number[8..];
    let expected = if all_digits(&number[..7]) {
        letter(&number[..7], suffix)
    } else if matches!(number.as_bytes()[1], b'A'..=b'Z' | b'+' | b'*') {
        letter(&format!("0{}{}", &number[2..7], &number[..1]), "")
    } else {
        return Err(InvalidId::Format(FORMAT));
    };
    if check != expected {
        return Err(InvalidId::CheckDigit(
            "Irish check letter: weights 8-2, second letter x 9, mod 23",
        ));
    }
    Ok(number.to_owned())
}

fn letter(digits: &str, suffix: &str) -> u8 {
    let extra = suffix
        .bytes()
        .next()
        .and_then(|c| ALPHABET.bytes().position(|a| a == c))
        .unwrap_or(0) as u32;
    let sum = weighted_sum(digits, &[8, 7, 6, 5, 4, 3, 2]) + 9 * extra;
    ALPHABET.as_bytes()[(sum % 23) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests and tests/test_ie_vat.doctest.
        assert!(validate("6433435F").is_ok());
        assert!(validate("6433435IH").is_ok());
        assert!(validate("8D79739I").is_ok());
        assert!(matches!(
            validate("6433435E"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(validate("111222333"), Err(InvalidId::Format(_))));
        assert!(matches!(
            validate("1234567ABC"),
            Err(InvalidId::Length { .. })
        ));
    }
}
