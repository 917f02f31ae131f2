//! United Kingdom (GB) and Northern Ireland (XI), HMRC VAT registration
//! numbers:
//!
//! - 9 digits, or 12 with a 3-digit branch suffix: Σ wᵢ·dᵢ over the first
//!   9 digits with weights 8 7 6 5 4 3 2 10 1, mod 97, must be 0; numbers
//!   from 100 upwards may also give 42 or 55 (the newer series).
//! - GD + 3 digits below 500: government departments; HA + 3 digits from
//!   500: health authorities.
//! - GD8888 / HA8888 + the 3 digits + 2 check digits (the 3 digits mod 97):
//!   the EU form of those.

use super::{InvalidId, length};
use crate::digits::{all_digits, modulo, weighted_sum};

const WEIGHTS: [u32; 9] = [8, 7, 6, 5, 4, 3, 2, 10, 1];

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    match number.len() {
        5 => {
            let code = &number[2..];
            if !all_digits(code) {
                return Err(InvalidId::Format("GD or HA and 3 digits"));
            }
            government(&number[..2], modulo(code, 1000))?;
        }
        11 if number.starts_with("GD8888") || number.starts_with("HA8888") => {
            if !all_digits(&number[6..]) {
                return Err(InvalidId::Format("GD8888 or HA8888 and 5 digits"));
            }
            let code = modulo(&number[6..9], 1000);
            government(&number[..2], code)?;
            if code % 97 != modulo(&number[9..], 100) {
                return Err(InvalidId::CheckDigit(
                    "UK government/health authority: last two digits = code mod 97",
                ));
            }
        }
        9 | 12 => {
            if !all_digits(number) {
                return Err(InvalidId::Format("9 or 12 digits"));
            }
            let sum = weighted_sum(&number[..9], &WEIGHTS) % 97;
            let newer_series = modulo(&number[..3], 1000) >= 100;
            if !(sum == 0 || newer_series && (sum == 42 || sum == 55)) {
                return Err(InvalidId::CheckDigit(
                    "UK VAT: weights 8 7 6 5 4 3 2 10 1, sum mod 97 = 0 (or 42 or 55 from 100 000 000)",
                ));
            }
        }
        _ => {
            return Err(length(
                number,
                "9 or 12 digits, GD/HA and 3 digits, or GD8888/HA8888 and 5 digits",
            ));
        }
    }
    Ok(number.to_owned())
}

fn government(kind: &str, code: u32) -> Result<(), InvalidId> {
    match kind {
        "GD" if code < 500 => Ok(()),
        "HA" if code >= 500 => Ok(()),
        "GD" => Err(InvalidId::Component(format!(
            "government department numbers are below 500, not {code}"
        ))),
        "HA" => Err(InvalidId::Component(format!(
            "health authority numbers are 500 or above, not {code}"
        ))),
        _ => Err(InvalidId::Component(format!(
            "{kind:?} is neither GD (government department) nor HA (health authority)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum tests/test_gb_vat.doctest.
        for valid in [
            "980780684",
            "100190874",
            "242338087388",
            "GD100",
            "HA501",
            "GD888810003",
            "HA888856782",
        ] {
            assert!(validate(valid).is_ok(), "{valid}");
        }
        assert!(matches!(
            validate("802311781"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(validate("GD600"), Err(InvalidId::Component(_))));
        assert!(matches!(
            validate("HA888856700"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}
