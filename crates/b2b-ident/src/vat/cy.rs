//! Cyprus: Αριθμός Εγγραφής Φ.Π.Α., 8 digits and a check letter; numbers
//! starting with 12 are not issued.
//!
//! Check letter: digits in odd positions (1st, 3rd, …) are translated
//! 0→1 1→0 2→5 3→7 4→9 5→13 6→15 7→17 8→19 9→21, even positions count as
//! themselves; the sum mod 26 indexes A–Z.

use super::{InvalidId, length};
use crate::digits::{all_digits, value};

const ODD: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let Some(body) = number.get(..number.len().saturating_sub(1)) else {
        return Err(InvalidId::Format("8 digits and a letter"));
    };
    if !all_digits(body) {
        return Err(InvalidId::Format("8 digits and a letter"));
    }
    if number.len() != 9 {
        return Err(length(number, "9 (8 digits and a letter)"));
    }
    if body.starts_with("12") {
        return Err(InvalidId::Component(
            "Cypriot VAT numbers do not start with 12".to_owned(),
        ));
    }
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, d)| {
            let v = value(d);
            if i % 2 == 0 { ODD[v as usize] } else { v }
        })
        .sum();
    let expected = b'A' + (sum % 26) as u8;
    if number.as_bytes()[8] != expected {
        return Err(InvalidId::CheckDigit(
            "Cypriot check letter: translated odd-position digits plus even-position digits, mod 26",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum cy/vat.py docstring.
        assert!(validate("10259033P").is_ok());
        assert!(matches!(
            validate("10259033Z"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
