//! EU One-Stop-Shop, non-union scheme (prefix EU): 9 digits, the first three
//! the ISO 3166-1 numeric code of the member state of identification (900
//! for Northern Ireland). The check-digit algorithm is in a Commission
//! specification that is not public, so only the format and the state code
//! are checked.

use super::{InvalidId, length};
use crate::digits::all_digits;

/// ISO 3166-1 numeric codes of the member states, and 900 for Northern
/// Ireland (the list python-stdnum `eu/oss` documents).
const MEMBER_STATES: [&str; 28] = [
    "040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276", "300", "348",
    "372", "380", "428", "440", "442", "470", "528", "616", "620", "642", "703", "705", "724",
    "752", "900",
];

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    if number.len() != 9 {
        return Err(length(number, "9 digits"));
    }
    if !all_digits(number) {
        return Err(InvalidId::Format("9 digits"));
    }
    if !MEMBER_STATES.contains(&&number[..3]) {
        return Err(InvalidId::Component(format!(
            "{} is not the ISO 3166 numeric code of a member state",
            &number[..3]
        )));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_example() {
        // python-stdnum eu/oss.py docstring: EU 372022452.
        assert!(validate("372022452").is_ok());
        assert!(matches!(
            validate("999022452"),
            Err(InvalidId::Component(_))
        ));
    }
}
