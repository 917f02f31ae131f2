//! Service credits from availability tiers, with a monthly and a yearly cap.
//!
//! ```text
//! tier            = the first tier (highest threshold first) with availability ≥ at_least
//! before caps     = tier credit % × month's charge
//! monthly cap     = monthly_cap % × month's charge
//! yearly cap      = yearly_cap % × (this month's charge + the previous 11 months' charges)
//!                   − the previous 11 months' credits              (never below 0)
//! credit          = min(before caps, monthly cap, yearly cap)
//! ```
//!
//! This is the computation of the Accord Project "servicelevelagreement"
//! template (clauses 3.3 and 3.4), whose published test cases are this
//! module's oracle. The credit is exact and rounded once, to the currency's
//! minor units, by the terms' [`Rounding`] rule. See
//! docs/penalties-tiers-sla.md.
//!
//! ```
//! use b2b_core::{Currency, Money};
//! use b2b_terms::sla::ServiceLevels;
//!
//! let levels: ServiceLevels = toml::from_str(
//!     r#"
//!     tiers = [
//!       { at_least = "99.8", credit = "0" },
//!       { at_least = "98", credit = "2" },
//!       { at_least = "0", credit = "3" },
//!     ]
//!     monthly_cap = "10"
//!     yearly_cap = "10"
//!     "#,
//! )?;
//! let charge = Money::new("10".parse()?, Currency::GBP);
//! let credit = levels.credit("99.7".parse()?, charge, &[])?;
//! assert_eq!(credit.credit.amount().to_string(), "0.20");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod history;
mod levels;

pub use history::parse_history;
pub use levels::{ServiceLevels, SlaTier};

use b2b_core::{Decimal, Money, Percent, Rounding, wire};
use serde::{Deserialize, Serialize};

/// How many previous months the yearly cap looks back on: with the current
/// month they make a 12-month period.
pub const PREVIOUS_MONTHS: usize = 11;

/// One earlier month: what was charged and what was credited.
///
/// A history is a slice of these, oldest first; the yearly cap uses the
/// last [`PREVIOUS_MONTHS`] of them. In TOML: `{ charge = { amount =
/// "10", currency = "GBP" }, credit = { amount = "0.5", currency = "GBP" } }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthRecord {
    /// The month's charge.
    pub charge: Money,
    /// The service credit given for that month.
    pub credit: Money,
}

/// Which cap, if any, set the credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapBound {
    /// No cap reduced the credit.
    None,
    /// The monthly cap (also reported when both caps are equal and bind).
    MonthlyCap,
    /// The yearly cap.
    YearlyCap,
}

/// The outcome of [`ServiceLevels::credit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ServiceCredit {
    /// The month's availability, in percent.
    pub availability: Percent,
    /// The index (0-based) of the tier applied.
    pub tier: usize,
    /// That tier's threshold (availability at least this).
    pub tier_at_least: Percent,
    /// The tier's credit percentage.
    pub credit_percent: Percent,
    /// The month's charge.
    #[serde(serialize_with = "wire::money::serialize")]
    pub monthly_charge: Money,
    /// `credit_percent × monthly_charge`, exact.
    #[serde(
        serialize_with = "wire::money::serialize",
        rename = "credit_before_caps_exact"
    )]
    pub credit_before_caps: Money,
    /// The monthly cap as an amount, if any.
    #[serde(
        serialize_with = "wire::money::option::serialize",
        rename = "monthly_cap_exact"
    )]
    pub monthly_cap: Option<Money>,
    /// What the yearly cap still allows this month, if there is one.
    #[serde(
        serialize_with = "wire::money::option::serialize",
        rename = "yearly_cap_exact"
    )]
    pub yearly_cap: Option<Money>,
    /// Months of history used for the yearly cap.
    pub history_months: usize,
    /// Which cap bound the credit.
    pub bound_by: CapBound,
    /// The credit, exact.
    #[serde(serialize_with = "wire::money::serialize")]
    pub credit_exact: Money,
    /// The credit rounded to the currency's minor units by `rounding`.
    #[serde(serialize_with = "wire::money::serialize")]
    pub credit: Money,
    /// The rounding rule applied to `credit`.
    pub rounding: Rounding,
}

/// What can be wrong with service levels or a month's figures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlaError {
    /// Availability is not a percentage between 0 and 100.
    #[error("availability {0}% is outside 0..100")]
    AvailabilityOutOfRange(Decimal),
    /// A tier's field is wrong.
    #[error("service levels: tiers[{index}].{field}: {message}")]
    BadTier {
        /// The tier's index (0-based).
        index: usize,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A field of the service levels is wrong.
    #[error("service levels: {field}: {message}")]
    BadLevels {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A charge or credit is negative.
    #[error("{what} is {amount}, but must not be negative")]
    Negative {
        /// Which figure (`monthly charge`, `history[3].credit`).
        what: String,
        /// The amount.
        amount: Money,
    },
    /// A figure is in another currency than the month's charge.
    #[error("{what} is in {found}, but the monthly charge is in {expected}")]
    CurrencyMismatch {
        /// Which figure.
        what: String,
        /// The monthly charge's currency code.
        expected: String,
        /// The figure's currency code.
        found: String,
    },
    /// A sum does not fit in a decimal.
    #[error("service credit: arithmetic overflow")]
    Overflow,
    /// A history file (past months' charges and credits) is wrong.
    #[error("history line {line}: {message}")]
    History {
        /// The 1-based line of the CSV text.
        line: u64,
        /// What is wrong.
        message: String,
    },
}
