//! Portugal: NIF/NIPC, 9 digits not starting with 0; check digit =
//! (11 − Σ (9−i)·dᵢ over the first 8 digits mod 11) mod 11, 10 → 0.

use super::{Rule, length};
use crate::digits::{all_digits, value, weighted_sum};

pub(super) fn validate(number: &str) -> Result<String, Rule> {
    if !all_digits(number) || number.starts_with('0') {
        return Err(Rule::Format("9 digits, the first not 0"));
    }
    if number.len() != 9 {
        return Err(length(number, "9 digits"));
    }
    let sum = weighted_sum(&number[..8], &[9, 8, 7, 6, 5, 4, 3, 2]);
    if (11 - sum % 11) % 11 % 10 != value(number.as_bytes()[8]) {
        return Err(Rule::CheckDigit(
            "Portuguese NIF: weights 9-2, (11 - sum mod 11) mod 11, 10 -> 0",
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
        assert!(validate("501964843").is_ok());
        assert!(matches!(validate("501964842"), Err(Rule::CheckDigit(_))));
    }
}
