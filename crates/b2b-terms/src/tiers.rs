//! Prices with volume tiers, all-units or incremental.
//!
//! A schedule has a currency, a list unit price and/or tiers. Tier `i` runs
//! from its `from` quantity (**inclusive**) up to the next tier's `from`
//! (exclusive); the first tier starts at 0 and the last is open-ended, so
//! the tiers cover every quantity exactly once, with no gaps or overlaps.
//!
//! - **all-units**: the whole quantity is priced at the unit price of the
//!   tier the quantity falls in. The total can *drop* when the quantity
//!   reaches a tier's lower bound (the "all-units cliff").
//! - **incremental**: each unit is priced in the tier it falls in; the
//!   total is the sum of the per-tier lines and never decreases.
//!
//! A tier's price is a unit price, or a discount percentage off the list
//! `unit_price`. Totals are exact and rounded once, to the currency's minor
//! units, by the schedule's [`Rounding`] rule. See docs/penalties-tiers-sla.md.
//!
//! ```
//! use b2b_terms::tiers::PriceSchedule;
//!
//! let schedule: PriceSchedule = toml::from_str(
//!     r#"
//!     currency = "EUR"
//!     mode = "all-units"
//!     tiers = [
//!       { from = 0, unit_price = "10.00" },
//!       { from = 100, unit_price = "9.00" },
//!     ]
//!     "#,
//! )?;
//! let at_99 = schedule.price("99".parse()?)?;
//! let at_100 = schedule.price("100".parse()?)?;
//! assert_eq!(at_99.total.amount().to_string(), "990.00");
//! assert_eq!(at_100.total.amount().to_string(), "900.00"); // the all-units cliff
//! assert_eq!(at_100.tier, 1); // a boundary quantity is in the tier it starts
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod schedule;

pub use schedule::{PriceSchedule, Tier, TierMode, TierPrice};

use b2b_core::{Decimal, Money, Rounding, wire};
use serde::Serialize;

/// The price of one quantity under a [`PriceSchedule`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PriceBreakdown {
    /// The quantity priced.
    pub quantity: Decimal,
    /// All-units or incremental.
    pub mode: TierMode,
    /// The index (0-based) of the tier the quantity falls in.
    pub tier: usize,
    /// That tier's lower bound (inclusive).
    pub tier_from: Decimal,
    /// Whether the quantity is exactly a tier's lower bound, and so the
    /// first quantity of `tier`.
    pub at_boundary: bool,
    /// A sentence saying which tier the quantity falls in and why.
    pub boundary_note: String,
    /// The lines: one for all-units, one per tier reached for incremental.
    pub lines: Vec<PriceLine>,
    /// The exact total (sum of the lines).
    #[serde(serialize_with = "wire::money::serialize")]
    pub total_exact: Money,
    /// The total rounded to the currency's minor units by `rounding`.
    #[serde(serialize_with = "wire::money::serialize")]
    pub total: Money,
    /// The rounding rule applied to `total`.
    pub rounding: Rounding,
}

/// One tier's share of a price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PriceLine {
    /// The tier's index (0-based).
    pub tier: usize,
    /// The tier's lower bound (inclusive).
    pub from: Decimal,
    /// The next tier's lower bound (exclusive); `None` for the last tier.
    pub to: Option<Decimal>,
    /// The quantity priced in this tier.
    pub quantity: Decimal,
    /// The unit price (after any discount), exact.
    #[serde(serialize_with = "wire::money::serialize", rename = "unit_price_exact")]
    pub unit_price: Money,
    /// `quantity × unit_price`, exact.
    #[serde(serialize_with = "wire::money::serialize", rename = "amount_exact")]
    pub amount: Money,
}

/// What can be wrong with a price schedule or a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TierError {
    /// A tier's field is wrong.
    #[error("price schedule: tiers[{index}].{field}: {message}")]
    BadTier {
        /// The tier's index (0-based).
        index: usize,
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A schedule-level field is wrong.
    #[error("price schedule: {field}: {message}")]
    BadSchedule {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The quantity is negative.
    #[error("quantity {0} is negative")]
    NegativeQuantity(Decimal),
    /// A product does not fit in a decimal.
    #[error("price: arithmetic overflow pricing quantity {0}")]
    Overflow(Decimal),
}
