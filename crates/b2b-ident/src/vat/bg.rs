//! Bulgaria: ИН по ДДС, 9 digits (legal entities) or 10 digits (natural
//! persons: ЕГН; foreigners: ЛНЧ; others).
//!
//! - 9 digits: Σ i·dᵢ (i = 1…8) mod 11; when 10, Σ (i+2)·dᵢ mod 11; a
//!   result of 10 gives 0.
//! - 10 digits: valid when any of these holds: ЕГН (date of birth in
//!   digits 1–6 with month +20 for the 1800s and +40 for the 2000s,
//!   weights 2 4 8 5 10 9 7 3 6, mod 11, 10 → 0); ЛНЧ (weights 21 19 17 13
//!   11 9 7 3 1, mod 10); other (weights 4 3 2 7 6 5 4 3 2, check =
//!   (11 − sum mod 11) mod 11, which must be a single digit).

use super::{InvalidId, length};
use crate::digits::{all_digits, value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    if !all_digits(number) {
        return Err(InvalidId::Format("9 or 10 digits"));
    }
    let last = value(number.as_bytes()[number.len() - 1]);
    match number.len() {
        9 => {
            if legal_check(&number[..8]) != last {
                return Err(InvalidId::CheckDigit(
                    "Bulgarian legal entity: weights 1-8 mod 11 (weights 3-10 when 10)",
                ));
            }
        }
        10 => {
            let body = &number[..9];
            let egn = egn_date_valid(number)
                && weighted_sum(body, &[2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10 == last;
            let pnf = weighted_sum(body, &[21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 == last;
            let other = (11 - weighted_sum(body, &[4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11) % 11 == last;
            if !(egn || pnf || other) {
                return Err(InvalidId::CheckDigit(
                    "Bulgarian 10-digit number: none of EGN (mod 11), PNF (mod 10) or other (mod 11) matches",
                ));
            }
        }
        _ => return Err(length(number, "9 or 10 digits")),
    }
    Ok(number.to_owned())
}

fn legal_check(body: &str) -> u32 {
    let first = weighted_sum(body, &[1, 2, 3, 4, 5, 6, 7, 8]) % 11;
    let check = if first == 10 {
        weighted_sum(body, &[3, 4, 5, 6, 7, 8, 9, 10]) % 11
    } else {
        first
    };
    check % 10
}

/// The ЕГН's date of birth exists.
fn egn_date_valid(number: &str) -> bool {
    let yy = crate::digits::modulo(&number[0..2], 100) as i32;
    let mm = crate::digits::modulo(&number[2..4], 100);
    let dd = crate::digits::modulo(&number[4..6], 100);
    let (year, month) = match mm {
        41..=52 => (2000 + yy, mm - 40),
        21..=32 => (1800 + yy, mm - 20),
        _ => (1900 + yy, mm),
    };
    crate::date::exists(year, month, dd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum tests/test_bg_vat.doctest.
        for valid in [
            "103873594",
            "131272009",
            "7501020018",
            "8032056031",
            "7111042925",
            "7153849522",
        ] {
            assert!(validate(valid).is_ok(), "{valid}");
        }
        assert!(matches!(
            validate("175074751"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
