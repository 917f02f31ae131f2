//! Late-delivery penalties: a percentage of the value of the late goods for
//! every period of delay, capped at a percentage of that value, with a right
//! to terminate once the delay exceeds a threshold and no penalty under
//! force majeure.
//!
//! ```text
//! days late  = max(0, delivered − due)                (whole calendar days)
//! periods    = whole periods + days into the current ÷ its length   (pro-rata)
//!            = whole periods + 1 if one has begun     (started)
//!            = whole periods                          (truncate)
//! penalty    = min(periods × rate × value, cap × value)   (0 under force majeure)
//! may terminate = days late > terminate_after          ("more than N days")
//! ```
//!
//! The penalty is computed exactly and rounded once, to the currency's minor
//! units, by the terms' [`Rounding`] rule. See docs/penalties-tiers-sla.md.
//!
//! ```
//! use b2b_core::{Currency, Money};
//! use b2b_terms::penalty::PenaltyTerms;
//! use time::macros::date;
//!
//! // The Accord Project "latedeliveryandpenalty" sample clause.
//! let terms: PenaltyTerms = toml::from_str(
//!     r#"
//!     rate = "10.5"
//!     per = "2 days"
//!     cap = "55"
//!     terminate_after = 15
//!     partial = "pro-rata"
//!     "#,
//! )?;
//! let value = Money::new("200".parse()?, Currency::USD);
//! let a = terms.assess(date!(2019 - 01 - 11), date!(2019 - 01 - 16), value, false)?;
//! assert_eq!(a.days_late, 5);
//! assert_eq!(a.penalty.amount().to_string(), "52.50");
//! assert!(!a.may_terminate);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod period;

pub use period::{Elapsed, PartialPeriod, Period, PeriodUnit};

use b2b_core::{Decimal, Money, Percent, Rounding, wire};
use serde::{Deserialize, Serialize};
use time::Date;

/// The penalty clause of a contract.
///
/// Read from a TOML table (or JSON object) with the fields below; the values
/// are validated while reading, and an invalid one is reported with its field
/// name:
///
/// ```toml
/// rate = "10.5"            # percent of the late goods' value per period
/// per = "2 days"           # the period: "N days", "N weeks" or "N months"
/// cap = "55"               # optional: at most this percent of the value
/// terminate_after = 15     # optional: buyer may terminate when more than 15 days late
/// partial = "pro-rata"     # pro-rata | started | truncate
/// rounding = "half-even"   # optional, the default
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPenaltyTerms")]
pub struct PenaltyTerms {
    /// Percentage of the value of the late goods charged per period.
    pub rate: Percent,
    /// The period the rate applies to.
    pub per: Period,
    /// The most the penalty may reach, as a percentage of the value of the
    /// late goods; `None` for no cap.
    pub cap: Option<Percent>,
    /// The buyer may terminate once the delay is more than this many days;
    /// `None` if the clause gives no such right.
    pub terminate_after: Option<u32>,
    /// How a period that has begun but not ended counts.
    pub partial: PartialPeriod,
    /// How the penalty is rounded to the currency's minor units (once).
    pub rounding: Rounding,
}

/// The shape [`PenaltyTerms`] is read from, before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPenaltyTerms {
    rate: Percent,
    per: Period,
    #[serde(default)]
    cap: Option<Percent>,
    #[serde(default)]
    terminate_after: Option<u32>,
    partial: PartialPeriod,
    #[serde(default)]
    rounding: Rounding,
}

impl TryFrom<RawPenaltyTerms> for PenaltyTerms {
    type Error = PenaltyError;

    fn try_from(raw: RawPenaltyTerms) -> Result<Self, Self::Error> {
        let terms = PenaltyTerms {
            rate: raw.rate,
            per: raw.per,
            cap: raw.cap,
            terminate_after: raw.terminate_after,
            partial: raw.partial,
            rounding: raw.rounding,
        };
        terms.validate()?;
        Ok(terms)
    }
}

/// The outcome of [`PenaltyTerms::assess`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PenaltyAssessment {
    /// The agreed delivery date.
    #[serde(serialize_with = "wire::date::serialize")]
    pub due: Date,
    /// The actual delivery date.
    #[serde(serialize_with = "wire::date::serialize")]
    pub delivered: Date,
    /// Whole calendar days from `due` to `delivered`; 0 when on time or early.
    /// Dates carry no time of day, so a partial day never arises.
    pub days_late: u32,
    /// The period the rate applies to, such as `"2 days"`.
    pub per: Period,
    /// Completed periods of delay.
    pub whole_periods: u32,
    /// Days into the current, incomplete period (0 if none has begun).
    pub days_into_period: u32,
    /// The current period's length in days (fixed for days and weeks; 28
    /// to 31 days times the count for months).
    pub period_days: u32,
    /// Periods of delay after the partial-period rule (exact; for pro-rata
    /// periods that do not divide evenly, to 28 significant digits).
    pub periods: Decimal,
    /// The partial-period rule applied.
    pub partial: PartialPeriod,
    /// The rate per period.
    pub rate: Percent,
    /// The value of the late goods.
    #[serde(serialize_with = "wire::money::serialize")]
    pub value: Money,
    /// `periods × rate × value`, exact, before the cap.
    #[serde(
        serialize_with = "wire::money::serialize",
        rename = "penalty_before_cap_exact"
    )]
    pub penalty_before_cap: Money,
    /// The cap as a percentage of the value, if the terms have one.
    pub cap: Option<Percent>,
    /// The cap as an amount (`cap × value`), if the terms have one.
    #[serde(
        serialize_with = "wire::money::option::serialize",
        rename = "cap_amount_exact"
    )]
    pub cap_amount: Option<Money>,
    /// Whether the cap reduced the penalty.
    pub capped: bool,
    /// The penalty, exact (before rounding).
    #[serde(serialize_with = "wire::money::serialize")]
    pub penalty_exact: Money,
    /// The penalty rounded to the currency's minor units by `rounding`.
    #[serde(serialize_with = "wire::money::serialize")]
    pub penalty: Money,
    /// The rounding rule applied to `penalty`.
    pub rounding: Rounding,
    /// The termination threshold in days, if the terms have one.
    pub terminate_after: Option<u32>,
    /// Whether the delay is more than the termination threshold.
    pub may_terminate: bool,
    /// Whether the delay was declared due to force majeure (no penalty).
    pub force_majeure: bool,
}

/// What can be wrong with penalty terms or an assessment's input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PenaltyError {
    /// A percentage field (`rate` or `cap`) is negative.
    #[error("penalty terms: `{field}` is {value}, but must not be negative")]
    NegativePercent {
        /// The field name.
        field: &'static str,
        /// The value given.
        value: Percent,
    },
    /// The period is zero long.
    #[error("penalty terms: `per` must be at least 1 day, week or month, got {0}")]
    EmptyPeriod(Period),
    /// The value of the late goods is negative.
    #[error("value of the late goods is {0}, but must not be negative")]
    NegativeValue(Money),
    /// A text is not a period such as `"2 days"`.
    #[error("penalty terms: `per` is {:?}, expected a whole number and a unit such as \"2 days\" or \"1 week\" (units: days, weeks, months)", b2b_core::excerpt(.0))]
    InvalidPeriod(String),
    /// A period of days or weeks longer than 4 294 967 295 days.
    #[error("penalty terms: `per` is {0}, longer than the 4294967295 days a period may last")]
    PeriodTooLong(Period),
    /// A number is too large to compute with.
    #[error("penalty: arithmetic overflow computing {0}")]
    Overflow(&'static str),
}

impl PenaltyTerms {
    /// Checks the terms: `rate` and `cap` not negative, a period of at least
    /// one day.
    ///
    /// # Errors
    ///
    /// [`PenaltyError::NegativePercent`] naming the field, or
    /// [`PenaltyError::EmptyPeriod`].
    pub fn validate(&self) -> Result<(), PenaltyError> {
        let percents = [("rate", Some(self.rate)), ("cap", self.cap)];
        for (field, value) in percents {
            if let Some(value) = value.filter(|p| p.value() < Decimal::ZERO) {
                return Err(PenaltyError::NegativePercent { field, value });
            }
        }
        if self.per.count == 0 {
            return Err(PenaltyError::EmptyPeriod(self.per));
        }
        let unit_days = self.per.unit.fixed_days();
        if unit_days.is_some_and(|days| self.per.count.checked_mul(days).is_none()) {
            return Err(PenaltyError::PeriodTooLong(self.per));
        }
        Ok(())
    }

    /// The penalty for goods worth `value`, due on `due` and delivered on
    /// `delivered`. Delivery on or before the due date is 0 days late, which
    /// is not an error.
    ///
    /// # Errors
    ///
    /// [`PenaltyError::NegativeValue`], an invalid term (see
    /// [`PenaltyTerms::validate`]), or [`PenaltyError::Overflow`] for
    /// amounts too large for a decimal.
    pub fn assess(
        &self,
        due: Date,
        delivered: Date,
        value: Money,
        force_majeure: bool,
    ) -> Result<PenaltyAssessment, PenaltyError> {
        self.validate()?;
        if value.is_negative() {
            return Err(PenaltyError::NegativeValue(value));
        }
        let days_late = days_late(due, delivered);
        let elapsed = self.per.elapsed(due, delivered)?;
        let periods = self.partial.periods(elapsed);
        let penalty_before_cap = self.uncapped_penalty(elapsed, periods, value)?;
        let cap_amount = self
            .cap
            .map(|cap| scale(value, cap.as_fraction(), "the cap amount"))
            .transpose()?;
        let capped = cap_amount.is_some_and(|cap| penalty_before_cap.amount() > cap.amount());
        let penalty_exact = match (force_majeure, cap_amount) {
            (true, _) => Money::zero(value.currency()),
            (false, Some(cap)) if capped => cap,
            (false, _) => penalty_before_cap,
        };
        Ok(PenaltyAssessment {
            due,
            delivered,
            days_late,
            per: self.per,
            whole_periods: elapsed.whole,
            days_into_period: elapsed.into,
            period_days: elapsed.length,
            periods,
            partial: self.partial,
            rate: self.rate,
            value,
            penalty_before_cap,
            cap: self.cap,
            cap_amount,
            capped: capped && !force_majeure,
            penalty_exact,
            penalty: penalty_exact.round(self.rounding),
            rounding: self.rounding,
            terminate_after: self.terminate_after,
            may_terminate: self.terminate_after.is_some_and(|limit| days_late > limit),
            force_majeure,
        })
    }

    /// `periods × rate × value`. For pro-rata the periods may not be a
    /// terminating decimal (10 days at 1 week), so the product is formed as
    /// `value × rate × (whole × length + into) ÷ (100 × length)` with one
    /// division at the end.
    fn uncapped_penalty(
        &self,
        elapsed: Elapsed,
        periods: Decimal,
        value: Money,
    ) -> Result<Money, PenaltyError> {
        let length = Decimal::from(elapsed.length.max(1));
        let (numerator, denominator) = match self.partial {
            PartialPeriod::ProRata => (
                Decimal::from(elapsed.whole)
                    .checked_mul(length)
                    .and_then(|x| x.checked_add(Decimal::from(elapsed.into))),
                Decimal::ONE_HUNDRED.checked_mul(length),
            ),
            PartialPeriod::Started | PartialPeriod::Truncate => {
                (Some(periods), Some(Decimal::ONE_HUNDRED))
            }
        };
        value
            .amount()
            .checked_mul(self.rate.value())
            .zip(numerator)
            .and_then(|(x, n)| x.checked_mul(n))
            .zip(denominator)
            .and_then(|(x, d)| x.checked_div(d))
            .map(|amount| Money::new(amount.normalize(), value.currency()))
            .ok_or(PenaltyError::Overflow("the penalty"))
    }
}

/// Whole days from `due` to `delivered`, 0 if not late.
fn days_late(due: Date, delivered: Date) -> u32 {
    let days = (delivered - due).whole_days();
    // A `Date` spans under 20 000 years, so any difference fits in u32.
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

fn scale(value: Money, factor: Decimal, what: &'static str) -> Result<Money, PenaltyError> {
    value
        .scale_by(factor)
        .map(|m| Money::new(m.amount().normalize(), m.currency()))
        .map_err(|_| PenaltyError::Overflow(what))
}

#[cfg(test)]
mod tests;
