//! What can go wrong when computing late-payment interest.

use b2b_core::{Currency, Decimal};

use super::{HalfYear, Jurisdiction};

/// Everything that can go wrong in [`crate::late`]; each message names the
/// offending value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LateError {
    /// A country code that has no profile.
    #[error("unknown country {:?}: expected EU, SE, DE or UK", b2b_core::excerpt(.text))]
    UnknownCountry {
        /// The text as given.
        text: String,
    },

    /// A half-year label that is not of the form `2025-H1`.
    #[error("{:?} is not a half-year (expected a year, '-H' and 1 or 2, such as \"2025-H1\")", b2b_core::excerpt(.text))]
    InvalidHalfYear {
        /// The text as given.
        text: String,
    },

    /// The principal is below zero.
    #[error(
        "principal {principal} is negative: a late-payment claim needs an amount of zero or more"
    )]
    NegativePrincipal {
        /// The principal as given.
        principal: Decimal,
    },

    /// The claim's currency is not the one the profile's compensation and
    /// reference rate are set in.
    #[error(
        "currency {found} does not match the {country} profile, whose reference rate and \
         compensation are in {expected}: use --currency {expected} or the profile of the \
         claim's currency"
    )]
    CurrencyMismatch {
        /// The profile's country.
        country: Jurisdiction,
        /// The profile's currency.
        expected: Currency,
        /// The claim's currency.
        found: Currency,
    },

    /// No reference rate is known for a half-year the claim needs.
    #[error(
        "no {country} reference rate ({reference}) for {half_year} ({from} to {to}) in the \
         rate table: give one reference rate for the whole period, or a rate table with an \
         entry {{ half_year = \"{half_year}\", rate = \"...\" }} in a [[series]] with \
         country = \"{country}\" (format: docs/late-payment.md)"
    )]
    MissingRate {
        /// The profile's country.
        country: Jurisdiction,
        /// The name of the reference rate.
        reference: String,
        /// The half-year without a rate.
        half_year: HalfYear,
        /// Its first day.
        from: time::Date,
        /// Its last day.
        to: time::Date,
    },

    /// Reference rate plus margin is below zero (possible only with a
    /// margin override and a negative reference rate).
    #[error(
        "the rate for {from} to {to} is {rate}% (reference {reference}% + margin {margin}%), \
         below zero: statutory interest cannot be negative"
    )]
    NegativeRate {
        /// First day of the period.
        from: time::Date,
        /// Last day of the period.
        to: time::Date,
        /// The reference rate, in percent.
        reference: Decimal,
        /// The margin, in percentage points.
        margin: Decimal,
        /// Their sum.
        rate: Decimal,
    },

    /// A rate table is not valid.
    #[error("{origin}: {message}")]
    RateTable {
        /// Where the table came from (a path, or "shipped table").
        origin: String,
        /// What is wrong and where.
        message: String,
    },

    /// An amount does not fit in a decimal.
    #[error("arithmetic overflow computing interest on {principal}: the amount is too large")]
    Overflow {
        /// The principal.
        principal: Decimal,
    },
}
