//! The price schedule, its validation and the pricing itself.

use std::fmt;

use b2b_core::{Currency, Decimal, Money, Percent, Rounding, deserialize_decimal};
use serde::{Deserialize, Serialize};

use super::{PriceBreakdown, PriceLine, TierError};

/// How tiers price a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TierMode {
    /// The whole quantity at the unit price of the tier it reaches.
    AllUnits,
    /// Each unit at the price of the tier it falls in.
    Incremental,
}

impl fmt::Display for TierMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            TierMode::AllUnits => "all-units",
            TierMode::Incremental => "incremental",
        })
    }
}

/// A tier's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TierPrice {
    /// A unit price in the schedule's currency.
    UnitPrice(Decimal),
    /// A discount off the schedule's list unit price.
    Discount(Percent),
}

/// One tier: from a quantity (inclusive) at a price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tier {
    /// The tier's lower bound, inclusive.
    pub from: Decimal,
    /// Its price.
    pub price: TierPrice,
}

/// A unit price with optional volume tiers.
///
/// Read from a TOML table (or JSON object):
///
/// ```toml
/// currency = "EUR"
/// unit_price = "12.00"          # list price: alone, a flat price; with tiers, the base of discounts
/// mode = "incremental"          # all-units | incremental (required with tiers)
/// rounding = "half-even"        # optional, the default
/// tiers = [
///   { from = 0, unit_price = "12.00" },
///   { from = 100, discount = "5" },     # 5 % off unit_price: 11.40
///   { from = 500, unit_price = "10.50" },
/// ]
/// ```
///
/// Rules checked while reading, each error naming the tier index and field:
/// the first tier is `from = 0`; `from` strictly increases; each tier has
/// exactly one of `unit_price` and `discount`; prices are not negative; a
/// discount is at most 100 % and needs the schedule's `unit_price`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSchedule", into = "RawSchedule")]
pub struct PriceSchedule {
    currency: Currency,
    unit_price: Option<Decimal>,
    mode: TierMode,
    tiers: Vec<Tier>,
    rounding: Rounding,
}

/// The written form of a [`PriceSchedule`], before validation.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    currency: Currency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit_price: Option<Exact>,
    #[serde(default)]
    mode: Option<TierMode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tiers: Vec<RawTier>,
    #[serde(default)]
    rounding: Rounding,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    from: Exact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit_price: Option<Exact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    discount: Option<Percent>,
}

/// A decimal read exactly: from a string, an integer, an exact JSON number,
/// or a TOML float at its shortest text (rust_decimal's own reader refuses
/// exact JSON numbers).
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
struct Exact(#[serde(deserialize_with = "deserialize_decimal")] Decimal);

impl From<PriceSchedule> for RawSchedule {
    fn from(schedule: PriceSchedule) -> RawSchedule {
        RawSchedule {
            currency: schedule.currency,
            unit_price: schedule.unit_price.map(Exact),
            mode: Some(schedule.mode),
            tiers: schedule
                .tiers
                .iter()
                .map(|tier| RawTier {
                    from: Exact(tier.from),
                    unit_price: match tier.price {
                        TierPrice::UnitPrice(price) => Some(Exact(price)),
                        TierPrice::Discount(_) => None,
                    },
                    discount: match tier.price {
                        TierPrice::Discount(discount) => Some(discount),
                        TierPrice::UnitPrice(_) => None,
                    },
                })
                .collect(),
            rounding: schedule.rounding,
        }
    }
}

impl TryFrom<RawSchedule> for PriceSchedule {
    type Error = TierError;

    fn try_from(raw: RawSchedule) -> Result<Self, Self::Error> {
        let tiers = raw
            .tiers
            .iter()
            .enumerate()
            .map(|(index, tier)| {
                let price = match (tier.unit_price, tier.discount) {
                    (Some(Exact(price)), None) => TierPrice::UnitPrice(price),
                    (None, Some(discount)) => TierPrice::Discount(discount),
                    _ => {
                        return Err(TierError::BadTier {
                            index,
                            field: "unit_price",
                            message: "give exactly one of unit_price and discount".to_owned(),
                        });
                    }
                };
                Ok(Tier {
                    from: tier.from.0,
                    price,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mode = match (raw.mode, tiers.is_empty()) {
            (Some(mode), _) => mode,
            (None, true) => TierMode::AllUnits,
            (None, false) => {
                return Err(TierError::BadSchedule {
                    field: "mode",
                    message: "a schedule with tiers needs mode = \"all-units\" or \"incremental\""
                        .to_owned(),
                });
            }
        };
        let unit_price = raw.unit_price.map(|Exact(price)| price);
        PriceSchedule::new(raw.currency, unit_price, mode, tiers, raw.rounding)
    }
}

impl PriceSchedule {
    /// A schedule, validated (see the type's documentation). Without tiers,
    /// `unit_price` is a flat price for any quantity.
    ///
    /// # Errors
    ///
    /// [`TierError::BadTier`] naming the tier index and field, or
    /// [`TierError::BadSchedule`] naming the field.
    pub fn new(
        currency: Currency,
        unit_price: Option<Decimal>,
        mode: TierMode,
        tiers: Vec<Tier>,
        rounding: Rounding,
    ) -> Result<PriceSchedule, TierError> {
        let schedule = PriceSchedule {
            currency,
            unit_price,
            mode,
            tiers,
            rounding,
        };
        schedule.validate()?;
        Ok(schedule)
    }

    fn validate(&self) -> Result<(), TierError> {
        if let Some(price) = self
            .unit_price
            .filter(|p| p.is_sign_negative() && !p.is_zero())
        {
            return Err(TierError::BadSchedule {
                field: "unit_price",
                message: format!("{price} is negative"),
            });
        }
        if self.tiers.is_empty() && self.unit_price.is_none() {
            return Err(TierError::BadSchedule {
                field: "unit_price",
                message: "give a unit_price, tiers, or both".to_owned(),
            });
        }
        let bad = |index, field, message: String| TierError::BadTier {
            index,
            field,
            message,
        };
        for (index, tier) in self.tiers.iter().enumerate() {
            match index.checked_sub(1).map(|prev| self.tiers[prev].from) {
                None if !tier.from.is_zero() => {
                    return Err(bad(
                        index,
                        "from",
                        format!("the first tier must start at 0, not {}", tier.from),
                    ));
                }
                Some(prev) if tier.from <= prev => {
                    return Err(bad(
                        index,
                        "from",
                        format!(
                            "{} does not exceed the previous tier's from ({prev}); tiers must strictly ascend",
                            tier.from
                        ),
                    ));
                }
                _ => {}
            }
            match tier.price {
                TierPrice::UnitPrice(price) if price < Decimal::ZERO => {
                    return Err(bad(index, "unit_price", format!("{price} is negative")));
                }
                TierPrice::Discount(d)
                    if d.value() < Decimal::ZERO || d.value() > Decimal::ONE_HUNDRED =>
                {
                    return Err(bad(
                        index,
                        "discount",
                        format!("{d} is not between 0% and 100%"),
                    ));
                }
                TierPrice::Discount(_) if self.unit_price.is_none() => {
                    return Err(bad(
                        index,
                        "discount",
                        "a discount needs the schedule's list unit_price".to_owned(),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// All-units or incremental.
    pub fn mode(&self) -> TierMode {
        self.mode
    }

    /// The list unit price, if given.
    pub fn unit_price(&self) -> Option<Decimal> {
        self.unit_price
    }

    /// The rounding rule of the total.
    pub fn rounding(&self) -> Rounding {
        self.rounding
    }

    /// The tiers; a flat price is one tier from 0.
    pub fn tiers(&self) -> Vec<Tier> {
        match (self.tiers.is_empty(), self.unit_price) {
            (true, Some(price)) => vec![Tier {
                from: Decimal::ZERO,
                price: TierPrice::UnitPrice(price),
            }],
            _ => self.tiers.clone(),
        }
    }

    /// The unit price of a tier, after any discount.
    fn unit_price_of(&self, tier: &Tier) -> Decimal {
        match tier.price {
            TierPrice::UnitPrice(price) => price,
            // Validation guarantees a list price when a discount is used.
            TierPrice::Discount(discount) => {
                let list = self.unit_price.unwrap_or(Decimal::ZERO);
                list - list * discount.as_fraction()
            }
        }
    }

    /// The price of `quantity`.
    ///
    /// # Errors
    ///
    /// [`TierError::NegativeQuantity`], or [`TierError::Overflow`] if an
    /// amount does not fit in a decimal.
    pub fn price(&self, quantity: Decimal) -> Result<PriceBreakdown, TierError> {
        if quantity < Decimal::ZERO {
            return Err(TierError::NegativeQuantity(quantity));
        }
        let tiers = self.tiers();
        // The first tier starts at 0, so some tier always holds the quantity.
        let tier = tiers.iter().rposition(|t| t.from <= quantity).unwrap_or(0);
        let bounds = |i: usize| (tiers[i].from, tiers.get(i + 1).map(|t| t.from));
        let line = |i: usize, qty: Decimal| -> Result<PriceLine, TierError> {
            let (from, to) = bounds(i);
            let unit = self.unit_price_of(&tiers[i]);
            let amount = qty.checked_mul(unit).ok_or(TierError::Overflow(quantity))?;
            Ok(PriceLine {
                tier: i,
                from,
                to,
                quantity: qty,
                unit_price: Money::new(unit.normalize(), self.currency),
                amount: Money::new(amount.normalize(), self.currency),
            })
        };
        let lines = match self.mode {
            TierMode::AllUnits => vec![line(tier, quantity)?],
            TierMode::Incremental => (0..=tier)
                .map(|i| {
                    let (from, to) = bounds(i);
                    let upper = to.map_or(quantity, |to| to.min(quantity));
                    line(i, upper - from)
                })
                .filter(|l| !matches!(l, Ok(l) if l.quantity.is_zero() && tier > 0))
                .collect::<Result<Vec<_>, _>>()?,
        };
        let total_exact = lines
            .iter()
            .try_fold(Money::zero(self.currency), |sum, l| {
                sum.checked_add(&l.amount)
                    .map_err(|_| TierError::Overflow(quantity))
            })?;
        let tier_from = tiers[tier].from;
        let at_boundary = tier > 0 && quantity == tier_from;
        Ok(PriceBreakdown {
            quantity,
            mode: self.mode,
            tier,
            tier_from,
            at_boundary,
            boundary_note: boundary_note(quantity, tier, &tiers, self.mode),
            lines,
            total_exact,
            total: total_exact.round(self.rounding),
            rounding: self.rounding,
        })
    }
}

fn boundary_note(quantity: Decimal, tier: usize, tiers: &[Tier], mode: TierMode) -> String {
    let from = tiers[tier].from;
    let range = match tiers.get(tier + 1) {
        Some(next) => format!("from {from} (inclusive) to {} (exclusive)", next.from),
        None => format!("from {from} (inclusive), open-ended"),
    };
    if tier > 0 && quantity == from {
        let priced = match mode {
            TierMode::AllUnits => format!("all {quantity} units are priced in tier {tier}"),
            TierMode::Incremental => {
                format!("incrementally tier {tier} prices only the part above {from}, here none")
            }
        };
        format!(
            "quantity {quantity} is exactly the lower bound of tier {tier} ({range}); lower bounds are inclusive, so it falls in tier {tier}, not tier {}: {priced}",
            tier - 1
        )
    } else {
        format!("quantity {quantity} falls in tier {tier} ({range})")
    }
}
