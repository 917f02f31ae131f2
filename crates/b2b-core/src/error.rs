//! The error type shared by every fallible operation in this crate.

use crate::Currency;

/// Everything that can go wrong when parsing or computing with the core types.
///
/// Each message names the offending input or the two values that disagree, so
/// it can be shown to the person who wrote the file as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// A text is not an active ISO 4217 alphabetic currency code.
    #[error("{:?} is not an ISO 4217 currency code (expected three letters such as \"EUR\")", crate::excerpt(.code))]
    UnknownCurrency {
        /// The text as it was given.
        code: String,
    },

    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: expected an amount in {expected}, found one in {found}")]
    CurrencyMismatch {
        /// The currency of the left-hand amount.
        expected: Currency,
        /// The currency of the right-hand amount.
        found: Currency,
    },

    /// An arithmetic result does not fit in a [`rust_decimal::Decimal`]
    /// (magnitude of about 7.9 × 10²⁸ at most).
    #[error("arithmetic overflow: the result is too large for a decimal (about 7.9e28 at most)")]
    Overflow,

    /// A text is not a plain decimal number such as `-1234.50`.
    #[error("{:?} is not a decimal number (expected digits with an optional sign and '.' fraction, such as \"-1234.50\")", crate::excerpt(.text))]
    InvalidDecimal {
        /// The text as it was given.
        text: String,
    },

    /// A text is a well-formed decimal number, but has more digits than a
    /// [`rust_decimal::Decimal`] can hold exactly.
    #[error("{:?} has too many digits for a decimal (at most 28 after the '.', and a magnitude below 7.9e28)", crate::excerpt(.text))]
    DecimalOutOfRange {
        /// The text as it was given.
        text: String,
    },

    /// A text is not a percentage such as `12.5` or `12.5%`.
    #[error("{:?} is not a percentage (expected a decimal number with an optional '%', such as \"12.5%\")", crate::excerpt(.text))]
    InvalidPercent {
        /// The text as it was given.
        text: String,
    },

    /// A text is not the name of a rounding rule.
    #[error("{:?} is not a rounding rule (expected \"half-even\" or \"half-up\")", crate::excerpt(.text))]
    UnknownRounding {
        /// The text as it was given.
        text: String,
    },
}
