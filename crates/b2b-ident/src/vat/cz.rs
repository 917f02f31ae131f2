//! Czechia: DIČ, 8 digits (legal entities), 9 digits starting with 6
//! (individuals without a birth number) or the 9/10-digit rodné číslo.
//!
//! - 8 digits (not starting with 9): c = (11 − Σ (8−i)·dᵢ mod 11) mod 11
//!   over digits 1–7 (weights 8…2); c = 0 → 1, c = 10 → 0.
//! - 9 digits starting with 6: over digits 2–8 (weights 8…2) s = sum mod
//!   11; check = (8 − (10 − s) mod 11) mod 10.
//! - rodné číslo: see [`birth_number`].

use super::{InvalidId, length};
use crate::digits::{all_digits, value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    if !all_digits(number) {
        return Err(InvalidId::Format("8, 9 or 10 digits"));
    }
    let last = value(number.as_bytes()[number.len() - 1]);
    match number.len() {
        8 => {
            if number.starts_with('9') {
                return Err(InvalidId::Component(
                    "8-digit Czech DIČ do not start with 9".to_owned(),
                ));
            }
            let c = (11 - weighted_sum(&number[..7], &[8, 7, 6, 5, 4, 3, 2]) % 11) % 11;
            let check = if c == 0 { 1 } else { c % 10 };
            if check != last {
                return Err(InvalidId::CheckDigit(
                    "Czech legal entity: weights 8-2, (11 - sum mod 11) mod 11",
                ));
            }
        }
        9 if number.starts_with('6') => {
            let s = weighted_sum(&number[1..8], &[8, 7, 6, 5, 4, 3, 2]) % 11;
            let check = (8 + 10 - (10 - s) % 11) % 10;
            if check != last {
                return Err(InvalidId::CheckDigit(
                    "Czech individual without birth number: weights 8-2 over digits 2-8",
                ));
            }
        }
        9 | 10 => birth_number(number)?,
        _ => return Err(length(number, "8, 9 or 10 digits")),
    }
    Ok(number.to_owned())
}

/// The Czech and Slovak rodné číslo: YYMMDD (month +50 for women, +20 or
/// +70 for extra series), then 3 digits (until 1953) or 4 digits whose
/// whole number is divisible by 11 (the check is first 9 digits mod 11,
/// 10 → 0).
pub(super) fn birth_number(number: &str) -> Result<(), InvalidId> {
    let yy = crate::digits::modulo(&number[0..2], 100) as i32;
    let month = crate::digits::modulo(&number[2..4], 100) % 50 % 20;
    let day = crate::digits::modulo(&number[4..6], 100);
    let year = if number.len() == 9 {
        let year = if yy >= 80 { 1800 + yy } else { 1900 + yy };
        if year > 1953 {
            return Err(InvalidId::Length {
                found: 9,
                expected: "10 digits (9-digit birth numbers were issued until 1953)",
            });
        }
        year
    } else if yy < 54 {
        2000 + yy
    } else {
        1900 + yy
    };
    if !crate::date::exists(year, month, day) {
        return Err(InvalidId::Component(format!(
            "the birth number's date {year:04}-{month:02}-{day:02} does not exist"
        )));
    }
    if number.len() == 10
        && crate::digits::modulo(&number[..9], 11) % 10 != value(number.as_bytes()[9])
    {
        return Err(InvalidId::CheckDigit(
            "birth number (rodné číslo): first 9 digits mod 11, 10 -> 0",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum cz/dic.py and cz/rc.py docstrings.
        assert!(validate("25123891").is_ok());
        assert!(matches!(
            validate("25123890"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(validate("7103192745").is_ok());
        assert!(validate("640903926").is_ok());
        assert!(validate("991231123").is_ok());
        assert!(matches!(
            validate("7103192746"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(
            validate("1103492745"),
            Err(InvalidId::Component(_))
        ));
        assert!(matches!(
            validate("590312123"),
            Err(InvalidId::Length { .. })
        ));
    }
}
