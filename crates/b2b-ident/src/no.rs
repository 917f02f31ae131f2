//! Norwegian organisasjonsnummer: 9 digits; Σ wᵢ·dᵢ with weights
//! 3 2 7 6 5 4 3 2 1 is divisible by 11 (Brønnøysundregistrene's modulus
//! 11 rule: the check digit is 11 − (weighted sum of the first 8 mod 11),
//! 11 → 0, and 10 is never issued).
//!
//! ```
//! assert_eq!(b2b_ident::no::validate_orgnr("988 077 917").as_deref(), Ok("988077917"));
//! assert!(b2b_ident::no::validate_orgnr("988 077 918").is_err());
//! ```

use crate::digits::weighted_sum;
use crate::vat::InvalidId;

/// Validates a Norwegian organisation number (spaces, dots and dashes
/// ignored); gives its 9 digits.
///
/// # Errors
///
/// [`InvalidId::Format`] when anything but digits remains (or nothing);
/// [`InvalidId::Length`] for other than 9 digits; [`InvalidId::CheckDigit`]
/// when the weighted sum is not divisible by 11.
pub fn validate_orgnr(input: &str) -> Result<String, InvalidId> {
    let number: String = input
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.')))
        .collect();
    orgnr_rule(&number)?;
    Ok(number)
}

/// The rules of the 9 digits, already cleaned.
pub(crate) fn orgnr_rule(number: &str) -> Result<(), InvalidId> {
    crate::vat::Digits::any(9).check(number)?;
    if !weighted_sum(number, &[3, 2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11) {
        return Err(InvalidId::CheckDigit(
            "Norwegian organisation number: weights 3 2 7 6 5 4 3 2 1, sum mod 11 = 0",
        ));
    }
    Ok(())
}
