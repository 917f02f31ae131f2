//! The contract's commercial terms applied to one case: a quantity priced,
//! a late delivery, a month's availability.

use super::{Contract, ContractError};
use crate::penalty::PenaltyAssessment;
use crate::sla::{MonthRecord, ServiceCredit};
use crate::tiers::PriceBreakdown;
use b2b_core::{Decimal, Money};
use time::Date;

impl Contract {
    /// The price of `quantity` units under the contract's `[price]`.
    ///
    /// # Errors
    ///
    /// [`ContractError::Missing`] without a `[price]` section, or
    /// [`ContractError::Terms`] for a quantity the schedule refuses.
    pub fn price_for(&self, quantity: Decimal) -> Result<PriceBreakdown, ContractError> {
        let price = self
            .price
            .as_ref()
            .ok_or(ContractError::Missing { section: "price" })?;
        price.price(quantity).map_err(|e| terms_error("price", e))
    }

    /// The penalty for goods of `value` (in the contract's currency) due on
    /// `due` and delivered on `delivered`, under the contract's `[penalty]`.
    ///
    /// # Errors
    ///
    /// [`ContractError::Missing`] without a `[penalty]` section, or
    /// [`ContractError::Terms`] for a negative value.
    pub fn late_delivery_penalty(
        &self,
        due: Date,
        delivered: Date,
        value: Decimal,
        force_majeure: bool,
    ) -> Result<PenaltyAssessment, ContractError> {
        let penalty = self
            .penalty
            .as_ref()
            .ok_or(ContractError::Missing { section: "penalty" })?;
        penalty
            .assess(
                due,
                delivered,
                Money::new(value, self.currency),
                force_majeure,
            )
            .map_err(|e| terms_error("penalty", e))
    }

    /// The month's charge by default: the recurring billing amount when the
    /// contract bills monthly.
    pub fn monthly_charge(&self) -> Option<Money> {
        self.billing
            .as_ref()
            .filter(|billing| {
                billing.every.count() == 1 && billing.every.unit() == super::SpanUnit::Month
            })
            .map(|billing| billing.amount)
    }

    /// The service credit for a month of `availability` percent, on the
    /// month's `charge` (by default the monthly billing amount), with the
    /// previous months' charges and credits for the yearly cap.
    ///
    /// # Errors
    ///
    /// [`ContractError::Missing`] without `[service_levels]`,
    /// [`ContractError::NoMonthlyCharge`] without a charge when the contract
    /// does not bill monthly;
    /// [`ContractError::Terms`] for availability outside 0..100 or a
    /// negative charge.
    pub fn service_credit(
        &self,
        availability: Decimal,
        charge: Option<Decimal>,
        history: &[MonthRecord],
    ) -> Result<ServiceCredit, ContractError> {
        let levels = self.service_levels.as_ref().ok_or(ContractError::Missing {
            section: "service_levels",
        })?;
        let charge = match charge {
            Some(amount) => Money::new(amount, self.currency),
            None => self
                .monthly_charge()
                .ok_or(ContractError::NoMonthlyCharge)?,
        };
        levels
            .credit(availability, charge, history)
            .map_err(|e| terms_error("service_levels", e))
    }
}

fn terms_error(section: &'static str, error: impl std::fmt::Display) -> ContractError {
    ContractError::Terms {
        section,
        message: error.to_string(),
    }
}
