//! Romania: CIF/CUI of 2–10 digits, or a 13-digit CNP (personal number).
//!
//! - CUI: not starting with 0; the digits before the check digit,
//!   zero-padded to 9, weighted 7 5 3 2 1 7 5 3 2; check = 10·sum mod 11,
//!   10 → 0.
//! - CNP: first digit 1–9 (sex and century: 1/2 1900s, 3/4 1800s, 5/6
//!   2000s, others read as 1900s), birth date YYMMDD that exists, county
//!   code (01–48, 51, 52, 70, 80–83), check digit Σ wᵢ·dᵢ with weights
//!   2 7 9 1 4 6 3 5 8 2 7 9 mod 11, 10 → 1.

use super::{InvalidId, length};
use crate::digits::{all_digits, modulo, value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    match number.len() {
        13 => cnp(number)?,
        2..=10 => cui(number)?,
        _ => return Err(length(number, "2 to 10 digits (CUI) or 13 digits (CNP)")),
    }
    Ok(number.to_owned())
}

fn cui(number: &str) -> Result<(), InvalidId> {
    if !all_digits(number) || number.starts_with('0') {
        return Err(InvalidId::Format("2 to 10 digits, the first not 0"));
    }
    let body = format!("{:0>9}", &number[..number.len() - 1]);
    let check = 10 * weighted_sum(&body, &[7, 5, 3, 2, 1, 7, 5, 3, 2]) % 11 % 10;
    if check != value(number.as_bytes()[number.len() - 1]) {
        return Err(InvalidId::CheckDigit(
            "Romanian CUI: weights 7 5 3 2 1 7 5 3 2, 10 x sum mod 11, 10 -> 0",
        ));
    }
    Ok(())
}

fn cnp(number: &str) -> Result<(), InvalidId> {
    if !all_digits(number) {
        return Err(InvalidId::Format("13 digits"));
    }
    let century = match number.as_bytes()[0] {
        b'0' => {
            return Err(InvalidId::Component(
                "a CNP does not start with 0".to_owned(),
            ));
        }
        b'3' | b'4' => 1800,
        b'5' | b'6' => 2000,
        _ => 1900,
    };
    let year = century + modulo(&number[1..3], 100) as i32;
    let month = modulo(&number[3..5], 100);
    let day = modulo(&number[5..7], 100);
    if !crate::date::exists(year, month, day) {
        return Err(InvalidId::Component(format!(
            "the CNP's birth date {year:04}-{month:02}-{day:02} does not exist"
        )));
    }
    let county = modulo(&number[7..9], 100);
    if !matches!(county, 1..=48 | 51 | 52 | 70 | 80..=83) {
        return Err(InvalidId::Component(format!(
            "CNP county code {county:02} does not exist"
        )));
    }
    let sum = weighted_sum(&number[..12], &[2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
    let check = if sum == 10 { 1 } else { sum };
    if check != value(number.as_bytes()[12]) {
        return Err(InvalidId::CheckDigit(
            "Romanian CNP: weights 2 7 9 1 4 6 3 5 8 2 7 9, mod 11, 10 -> 1",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests.
        assert!(validate("21996566").is_ok());
        assert!(validate("1630615123457").is_ok());
        assert!(validate("573768").is_ok());
        assert!(matches!(
            validate("21996567"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
