//! The service-level table, its validation and the credit computation.

use b2b_core::{Decimal, Money, Percent, Rounding};
use serde::{Deserialize, Serialize};

use super::{CapBound, MonthRecord, PREVIOUS_MONTHS, ServiceCredit, SlaError};

/// One availability tier: at least `at_least` % availability earns a
/// credit of `credit` % of the month's charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaTier {
    /// The availability threshold in percent (inclusive).
    pub at_least: Percent,
    /// The credit, as a percentage of the month's charge.
    pub credit: Percent,
}

/// Service levels: availability tiers and caps.
///
/// Read from a TOML table (or JSON object):
///
/// ```toml
/// tiers = [                                   # highest threshold first
///   { at_least = "99.9", credit = "0" },
///   { at_least = "99.0", credit = "10" },
///   { at_least = "95", credit = "25" },
///   { at_least = "0", credit = "50" },        # the last tier starts at 0
/// ]
/// monthly_cap = "50"    # optional: credit ≤ 50 % of the month's charge
/// yearly_cap = "10"     # optional: credits over 12 months ≤ 10 % of their charges
/// rounding = "half-even"  # optional, the default
/// ```
///
/// Checked while reading, each error naming the tier index and field:
/// thresholds within 0..100 and strictly descending, the last one 0 (so
/// every availability falls in a tier); credits and caps within 0..100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawLevels")]
pub struct ServiceLevels {
    tiers: Vec<SlaTier>,
    monthly_cap: Option<Percent>,
    yearly_cap: Option<Percent>,
    rounding: Rounding,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    tiers: Vec<SlaTier>,
    #[serde(default)]
    monthly_cap: Option<Percent>,
    #[serde(default)]
    yearly_cap: Option<Percent>,
    #[serde(default)]
    rounding: Rounding,
}

impl TryFrom<RawLevels> for ServiceLevels {
    type Error = SlaError;

    fn try_from(raw: RawLevels) -> Result<Self, Self::Error> {
        ServiceLevels::new(raw.tiers, raw.monthly_cap, raw.yearly_cap, raw.rounding)
    }
}

fn within_0_100(p: Percent) -> bool {
    p.value() >= Decimal::ZERO && p.value() <= Decimal::ONE_HUNDRED
}

impl ServiceLevels {
    /// Validated service levels (see the type's documentation).
    ///
    /// # Errors
    ///
    /// [`SlaError::BadTier`] naming the tier index and field, or
    /// [`SlaError::BadLevels`] naming the field.
    pub fn new(
        tiers: Vec<SlaTier>,
        monthly_cap: Option<Percent>,
        yearly_cap: Option<Percent>,
        rounding: Rounding,
    ) -> Result<ServiceLevels, SlaError> {
        let bad = |index, field, message: String| SlaError::BadTier {
            index,
            field,
            message,
        };
        for (index, tier) in tiers.iter().enumerate() {
            if !within_0_100(tier.at_least) {
                return Err(bad(
                    index,
                    "at_least",
                    format!("{} is outside 0..100", tier.at_least),
                ));
            }
            if !within_0_100(tier.credit) {
                return Err(bad(
                    index,
                    "credit",
                    format!("{} is outside 0..100", tier.credit),
                ));
            }
            if let Some(prev) = index.checked_sub(1).map(|i| tiers[i].at_least)
                && tier.at_least >= prev
            {
                return Err(bad(
                    index,
                    "at_least",
                    format!(
                        "{} is not below the previous tier's {prev}; thresholds must strictly descend",
                        tier.at_least
                    ),
                ));
            }
        }
        match tiers.last() {
            None => {
                return Err(SlaError::BadLevels {
                    field: "tiers",
                    message: "give at least one tier".to_owned(),
                });
            }
            Some(last) if !last.at_least.value().is_zero() => {
                return Err(bad(
                    tiers.len() - 1,
                    "at_least",
                    format!(
                        "the last tier must start at 0 so every availability has a tier, not {}",
                        last.at_least
                    ),
                ));
            }
            Some(_) => {}
        }
        for (field, cap) in [("monthly_cap", monthly_cap), ("yearly_cap", yearly_cap)] {
            if let Some(cap) = cap.filter(|c| !within_0_100(*c)) {
                return Err(SlaError::BadLevels {
                    field,
                    message: format!("{cap} is outside 0..100"),
                });
            }
        }
        Ok(ServiceLevels {
            tiers,
            monthly_cap,
            yearly_cap,
            rounding,
        })
    }

    /// The tiers, highest threshold first.
    pub fn tiers(&self) -> &[SlaTier] {
        &self.tiers
    }

    /// The monthly cap, as a percentage of the month's charge.
    pub fn monthly_cap(&self) -> Option<Percent> {
        self.monthly_cap
    }

    /// The yearly cap, as a percentage of 12 months' charges.
    pub fn yearly_cap(&self) -> Option<Percent> {
        self.yearly_cap
    }

    /// The rounding rule of the credit.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }

    /// The service credit for a month with `availability` percent and
    /// `monthly_charge`, given the earlier months' `history` (oldest first;
    /// the last [`PREVIOUS_MONTHS`] count towards the yearly cap).
    ///
    /// # Errors
    ///
    /// [`SlaError::AvailabilityOutOfRange`]; [`SlaError::Negative`] or
    /// [`SlaError::CurrencyMismatch`] for a charge or credit, naming it;
    /// [`SlaError::Overflow`].
    pub fn credit(
        &self,
        availability: Decimal,
        monthly_charge: Money,
        history: &[MonthRecord],
    ) -> Result<ServiceCredit, SlaError> {
        if availability < Decimal::ZERO || availability > Decimal::ONE_HUNDRED {
            return Err(SlaError::AvailabilityOutOfRange(availability));
        }
        check_amount("monthly charge".to_owned(), monthly_charge, monthly_charge)?;
        let recent = &history[history.len().saturating_sub(PREVIOUS_MONTHS)..];
        let first_used = history.len() - recent.len();
        for (offset, month) in recent.iter().enumerate() {
            let index = first_used + offset;
            check_amount(
                format!("history[{index}].charge"),
                month.charge,
                monthly_charge,
            )?;
            check_amount(
                format!("history[{index}].credit"),
                month.credit,
                monthly_charge,
            )?;
        }
        // The last tier starts at 0, so a tier always matches.
        let tier = self
            .tiers
            .iter()
            .position(|t| availability >= t.at_least.value())
            .unwrap_or(self.tiers.len() - 1);
        let credit_percent = self.tiers[tier].credit;
        let of_charge = |p: Percent| scale(monthly_charge, p.as_fraction());
        let credit_before_caps = of_charge(credit_percent)?;
        let monthly_cap = self.monthly_cap.map(of_charge).transpose()?;
        let yearly_cap = self
            .yearly_cap
            .map(|cap| yearly_room(cap, monthly_charge, recent))
            .transpose()?;
        let mut credit_exact = credit_before_caps;
        let mut bound_by = CapBound::None;
        for (cap, bound) in [
            (monthly_cap, CapBound::MonthlyCap),
            (yearly_cap, CapBound::YearlyCap),
        ] {
            if let Some(cap) = cap.filter(|cap| cap.amount() < credit_exact.amount()) {
                credit_exact = cap;
                bound_by = bound;
            }
        }
        Ok(ServiceCredit {
            availability: Percent::new(availability),
            tier,
            tier_at_least: self.tiers[tier].at_least,
            credit_percent,
            monthly_charge,
            credit_before_caps,
            monthly_cap,
            yearly_cap,
            history_months: recent.len(),
            bound_by,
            credit_exact,
            credit: credit_exact.round(self.rounding),
            rounding: self.rounding,
        })
    }
}

/// What the yearly cap still allows: `cap × (charges of the 12 months) −
/// credits of the previous 11 months`, at least 0.
fn yearly_room(cap: Percent, charge: Money, recent: &[MonthRecord]) -> Result<Money, SlaError> {
    let mut charges = charge;
    let mut credits = Money::zero(charge.currency());
    for month in recent {
        charges = charges
            .checked_add(&month.charge)
            .map_err(|_| SlaError::Overflow)?;
        credits = credits
            .checked_add(&month.credit)
            .map_err(|_| SlaError::Overflow)?;
    }
    let room = scale(charges, cap.as_fraction())?
        .checked_sub(&credits)
        .map_err(|_| SlaError::Overflow)?;
    Ok(if room.is_negative() {
        Money::zero(charge.currency())
    } else {
        room
    })
}

fn scale(amount: Money, factor: Decimal) -> Result<Money, SlaError> {
    amount
        .scale_by(factor)
        .map(|m| Money::new(m.amount().normalize(), m.currency()))
        .map_err(|_| SlaError::Overflow)
}

fn check_amount(what: String, amount: Money, charge: Money) -> Result<(), SlaError> {
    if amount.currency() != charge.currency() {
        return Err(SlaError::CurrencyMismatch {
            what,
            expected: charge.currency().code().to_owned(),
            found: amount.currency().code().to_owned(),
        });
    }
    if amount.is_negative() {
        return Err(SlaError::Negative { what, amount });
    }
    Ok(())
}
