//! Norway: MVA number, the 9-digit organisasjonsnummer followed by `MVA`
//! (see [`crate::no`] for the check digit).

use super::InvalidId;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    let Some(orgnr) = number.strip_suffix("MVA") else {
        return Err(InvalidId::Format(
            "the 9-digit organisation number followed by MVA",
        ));
    };
    crate::no::orgnr_rule(orgnr)?;
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum no/mva.py docstring.
        assert!(validate("995525828MVA").is_ok());
        assert!(matches!(
            validate("995525829MVA"),
            Err(InvalidId::CheckDigit(_))
        ));
        assert!(matches!(validate("995525828"), Err(InvalidId::Format(_))));
    }
}
