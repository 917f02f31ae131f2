//! Business identifiers, validated with each country's format and check
//! digits. (Being built: this skeleton only checks the shape.)

pub mod vat {
    //! EU VAT numbers.

    /// A VAT number that passed validation.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct VatNumber {
        /// The prefix as written on VAT numbers: `SE`, `DE`, `EL` (Greece),
        /// `XI` (Northern Ireland), `GB`.
        pub prefix: String,
        /// The number without the prefix, normalised.
        pub number: String,
    }

    /// Why a VAT number is not valid.
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    #[error("{input:?} is not a valid VAT number: {reason}")]
    pub struct VatError {
        /// The input.
        pub input: String,
        /// The rule that failed.
        pub reason: String,
    }

    /// Validates a VAT number with its country prefix.
    pub fn validate(input: &str) -> Result<VatNumber, VatError> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect::<String>()
            .to_ascii_uppercase();
        let (prefix, number) = compact.split_at(compact.len().min(2));
        if prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase()) && !number.is_empty()
        {
            Ok(VatNumber {
                prefix: prefix.to_owned(),
                number: number.to_owned(),
            })
        } else {
            Err(VatError {
                input: input.to_owned(),
                reason: "expected a two-letter country prefix and a number".to_owned(),
            })
        }
    }
}
