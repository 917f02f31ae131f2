//! Luxembourg: n° TVA, 8 digits; the last two are the first six mod 89.

use super::{Rule, length};
use crate::digits::{all_digits, modulo};

pub(super) fn validate(number: &str) -> Result<String, Rule> {
    if !all_digits(number) {
        return Err(Rule::Format("8 digits"));
    }
    if number.len() != 8 {
        return Err(length(number, "8 digits"));
    }
    if modulo(&number[..6], 89) != modulo(&number[6..], 100) {
        return Err(Rule::CheckDigit(
            "Luxembourg: last two digits = first six mod 89",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum eu vat tests: LU 150 274 42 valid, 43 not.
        assert!(validate("15027442").is_ok());
        assert!(matches!(validate("15027443"), Err(Rule::CheckDigit(_))));
    }
}
