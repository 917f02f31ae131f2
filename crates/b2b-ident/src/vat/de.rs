//! Germany: USt-IdNr., 9 digits not starting with 0; the last is an
//! ISO 7064 MOD 11,10 check digit.

use super::{Rule, length};
use crate::digits::{all_digits, iso7064_mod_11_10_valid};

pub(super) fn validate(number: &str) -> Result<String, Rule> {
    if !all_digits(number) || number.starts_with('0') {
        return Err(Rule::Format("9 digits, the first not 0"));
    }
    if number.len() != 9 {
        return Err(length(number, "9 digits"));
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
        // python-stdnum de/vat.py docstring.
        assert!(validate("136695976").is_ok());
        assert!(matches!(validate("136695978"), Err(Rule::CheckDigit(_))));
    }
}
