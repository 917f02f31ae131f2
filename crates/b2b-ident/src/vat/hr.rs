//! Croatia: OIB, 11 digits with an ISO 7064 MOD 11,10 check digit.

use super::{Rule, length};
use crate::digits::{all_digits, iso7064_mod_11_10_valid};

pub(super) fn validate(number: &str) -> Result<String, Rule> {
    if !all_digits(number) {
        return Err(Rule::Format("11 digits"));
    }
    if number.len() != 11 {
        return Err(length(number, "11 digits"));
    }
    if !iso7064_mod_11_10_valid(number) {
        return Err(Rule::CheckDigit("ISO 7064 MOD 11,10"));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum hr/oib.py docstring.
        assert!(validate("33392005961").is_ok());
        assert!(matches!(validate("33392005962"), Err(Rule::CheckDigit(_))));
    }
}
