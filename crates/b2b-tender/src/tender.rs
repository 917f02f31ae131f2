//! The validated tender: what is asked of the bids and how they are compared.
//!
//! A [`Tender`] is built once from a tender file (see [`crate::input`]) and is
//! valid by construction: evaluation code never re-checks it.

use b2b_core::Currency;
use rust_decimal::Decimal;

/// A call for tenders, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Tender {
    /// The tender's identifier, e.g. `"2026-0142"`.
    pub id: String,
    /// A human title.
    pub title: String,
    /// The currency every price and money amount is in.
    pub currency: Currency,
    /// How the winner is chosen.
    pub award: AwardModel,
    /// Pass/fail requirements; failing any one excludes a bid.
    pub requirements: Vec<Requirement>,
    /// The criteria, in file order. Exactly one has kind [`CriterionKind::Price`].
    pub criteria: Vec<Criterion>,
    /// A bid whose price is more than this fraction below the mean price of
    /// the other compliant bids is flagged `abnormally-low` (0.20 by default).
    pub abnormally_low: Decimal,
    /// Life-cycle cost parameters, present exactly when `award` is
    /// [`AwardModel::LowestCost`].
    pub life_cycle: Option<LifeCycle>,
    /// Explicit tie-breaking rules, applied in order to bids with equal values.
    pub tie_break: Vec<TieBreak>,
}

impl Tender {
    /// Index of the single price criterion in [`Tender::criteria`].
    pub fn price_index(&self) -> usize {
        self.criteria
            .iter()
            .position(|c| matches!(c.kind, CriterionKind::Price { .. }))
            .unwrap_or(0)
    }

    /// The price criterion; `None` only for a tender built in code without
    /// one, which [`Tender::validate`] refuses.
    pub fn price(&self) -> Option<&Criterion> {
        self.criteria.get(self.price_index())
    }
}

/// The award models a tender can use; see `docs/formulas.md` for each formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AwardModel {
    /// The cheapest compliant bid wins.
    LowestPrice,
    /// Most economically advantageous tender: weighted sum of normalised criteria.
    BestPriceQuality,
    /// Price divided by the quality score of the non-price criteria.
    PricePerQuality,
    /// Price minus the money value of the quality delivered ("mervärdesavdrag").
    ValueDeduction,
    /// Life-cycle cost: price plus discounted running and end-of-life costs.
    LowestCost,
    /// Prozorro's non-price features: price divided by a quality coefficient.
    PriceFeatures,
}

impl AwardModel {
    /// Every model, in documentation order.
    pub const ALL: [AwardModel; 6] = [
        AwardModel::LowestPrice,
        AwardModel::BestPriceQuality,
        AwardModel::PricePerQuality,
        AwardModel::ValueDeduction,
        AwardModel::LowestCost,
        AwardModel::PriceFeatures,
    ];

    /// The name used in tender files and reports, e.g. `"best-price-quality"`.
    pub fn name(self) -> &'static str {
        match self {
            AwardModel::LowestPrice => "lowest-price",
            AwardModel::BestPriceQuality => "best-price-quality",
            AwardModel::PricePerQuality => "price-per-quality",
            AwardModel::ValueDeduction => "value-deduction",
            AwardModel::LowestCost => "lowest-cost",
            AwardModel::PriceFeatures => "price-features",
        }
    }

    /// Parses a model name as written in tender files.
    pub fn from_name(name: &str) -> Option<AwardModel> {
        AwardModel::ALL.into_iter().find(|m| m.name() == name)
    }

    /// What the ranked value is, in words, e.g. `"life-cycle cost"`.
    pub fn value_label(self) -> &'static str {
        match self {
            AwardModel::LowestPrice => "price",
            AwardModel::BestPriceQuality => "score",
            AwardModel::PricePerQuality => "price per quality point",
            AwardModel::ValueDeduction | AwardModel::PriceFeatures => "evaluated price",
            AwardModel::LowestCost => "life-cycle cost",
        }
    }

    /// Whether a higher value ranks first (only best-price-quality scores do).
    pub fn higher_is_better(self) -> bool {
        matches!(self, AwardModel::BestPriceQuality)
    }
}

impl std::fmt::Display for AwardModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is none of the award models.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown award model {:?}: expected one of {}", b2b_core::excerpt(.0), AwardModel::ALL.map(AwardModel::name).join(", "))]
pub struct UnknownAwardModel(pub String);

impl std::str::FromStr for AwardModel {
    type Err = UnknownAwardModel;

    fn from_str(name: &str) -> Result<AwardModel, UnknownAwardModel> {
        AwardModel::from_name(name).ok_or_else(|| UnknownAwardModel(name.to_owned()))
    }
}

/// A pass/fail requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Identifier, also the bids file's column name.
    pub id: String,
    /// What is required, in words.
    pub text: String,
}

/// One evaluation criterion; its `id` is also the bids file's column name.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Identifier, also the bids file's column name.
    pub id: String,
    /// Optional human name.
    pub name: Option<String>,
    /// Relative weight (positive). Present when the award model uses weights
    /// (best-price-quality, price-per-quality); ignored by the others.
    pub weight: Option<Decimal>,
    /// Money value of full marks on this criterion, used by value-deduction.
    pub value: Option<Decimal>,
    /// What kind of criterion this is and how it normalises.
    pub kind: CriterionKind,
}

/// The kinds of criteria and their normalisation parameters.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CriterionKind {
    /// The bid's price (exactly one per tender); lower is better.
    Price {
        /// Normalisation formula (default proportional).
        formula: Formula,
    },
    /// A measured quantity such as delivery days or battery hours.
    Quantity {
        /// Which direction is better.
        better: Better,
        /// Normalisation formula (default linear).
        formula: Formula,
    },
    /// A grade awarded by the evaluators, from 0 to `scale`.
    Points {
        /// The maximum grade (positive).
        scale: Decimal,
    },
    /// A Prozorro feature: the bid chooses one of the offered fractions.
    Feature {
        /// The offered values, fractions in `[0, 0.3]`, ascending.
        values: Vec<Decimal>,
    },
}

impl CriterionKind {
    /// The name used in tender files.
    pub fn name(&self) -> &'static str {
        match self {
            CriterionKind::Price { .. } => "price",
            CriterionKind::Quantity { .. } => "quantity",
            CriterionKind::Points { .. } => "points",
            CriterionKind::Feature { .. } => "feature",
        }
    }

    /// Whether a lower raw value is better (price, lower-better quantities).
    pub fn lower_is_better(&self) -> bool {
        match self {
            CriterionKind::Price { .. } => true,
            CriterionKind::Quantity { better, .. } => *better == Better::Lower,
            CriterionKind::Points { .. } | CriterionKind::Feature { .. } => false,
        }
    }
}

/// How a price or quantity is turned into a normalised value in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Formula {
    /// `best / value` (lower better) or `value / best` (higher better).
    Proportional,
    /// `(worst - value) / (worst - best)`, 1 for everyone when all are equal.
    Linear,
}

/// Which direction of a quantity is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Smaller is better (delivery days, energy use).
    Lower,
    /// Larger is better (battery hours, warranty years).
    Higher,
}

/// Life-cycle costing parameters (EU Directive 2014/24/EU art. 68).
#[derive(Debug, Clone, PartialEq)]
pub struct LifeCycle {
    /// Number of years of use, at least 1.
    pub years: u32,
    /// Annual discount rate as a fraction (0.04 = 4 %), non-negative.
    pub discount_rate: Decimal,
    /// The cost items, each a money column of the bids file.
    pub costs: Vec<CostItem>,
}

/// One life-cycle cost item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostItem {
    /// Identifier, also the bids file's column name.
    pub id: String,
    /// When the cost falls due.
    pub per: CostPer,
}

/// When a life-cycle cost item is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CostPer {
    /// Once, at purchase (not discounted).
    Once,
    /// Every year `1..=years`, discounted by `(1 + r)^y`.
    Year,
    /// Once at the end of year `years` (disposal), discounted by `(1 + r)^years`.
    End,
}

/// One explicit tie-breaking rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TieBreak {
    /// The bid better on this criterion (by index into `criteria`) wins.
    Criterion(usize),
    /// The bid submitted earlier wins (needs the `submitted_at` column).
    SubmittedAt,
}

/// The largest offered feature value, and the largest sum of the features'
/// largest values (Prozorro's 30 %).
pub const FEATURE_MAX: Decimal = Decimal::from_parts(3, 0, 0, false, 1);

/// The longest life cycle a lowest-cost tender may span, in years.
pub const MAX_YEARS: u32 = 100;

/// A rule of [`Tender::validate`] that a tender breaks: which field, and how.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tender {field}: {problem}")]
#[non_exhaustive]
pub struct TenderError {
    /// The field, e.g. `criteria[2] ("support").weight`.
    pub field: String,
    /// What is wrong with it.
    pub problem: String,
}

impl Tender {
    /// Checks the rules every evaluation relies on, for a tender built in
    /// code: exactly one price criterion; unique, non-empty ids; positive
    /// weights, values and scales where the award model uses them; feature
    /// values in `[0, 0.3]` adding up to at most 0.3; life-cycle parameters
    /// exactly for lowest-cost; tie-break rules naming existing criteria.
    /// A tender file's parser checks the same rules with file positions.
    ///
    /// # Errors
    ///
    /// The first rule broken, naming the field.
    pub fn validate(&self) -> Result<(), TenderError> {
        let fail = |field: String, problem: &str| {
            Err(TenderError {
                field,
                problem: problem.to_owned(),
            })
        };
        if self.id.trim().is_empty() {
            return fail("id".to_owned(), "must not be empty");
        }
        if !(Decimal::ZERO..Decimal::ONE).contains(&self.abnormally_low) {
            return fail("abnormally_low".to_owned(), "must be a fraction in [0, 1)");
        }
        let prices = self
            .criteria
            .iter()
            .filter(|c| matches!(c.kind, CriterionKind::Price { .. }))
            .count();
        if prices != 1 {
            return fail(
                "criteria".to_owned(),
                "exactly one criterion must be the price",
            );
        }
        let mut ids = std::collections::HashSet::new();
        let costs = self.life_cycle.iter().flat_map(|lc| &lc.costs);
        for id in self
            .requirements
            .iter()
            .map(|r| &r.id)
            .chain(self.criteria.iter().map(|c| &c.id))
            .chain(costs.map(|c| &c.id))
        {
            if id.trim().is_empty() || !ids.insert(id.as_str()) {
                return fail(format!("id {id:?}"), "ids must be non-empty and unique");
            }
        }
        let mut features = Decimal::ZERO;
        for (index, criterion) in self.criteria.iter().enumerate() {
            let field = |name: &str| format!("criteria[{index}] ({:?}).{name}", criterion.id);
            let is_price = matches!(criterion.kind, CriterionKind::Price { .. });
            if criterion.weight.is_some_and(|w| w <= Decimal::ZERO) {
                return fail(field("weight"), "must be positive");
            }
            let needs_weight = match self.award {
                AwardModel::BestPriceQuality => true,
                AwardModel::PricePerQuality => !is_price,
                _ => false,
            };
            if needs_weight && criterion.weight.is_none() {
                return fail(field("weight"), "the award model needs a weight here");
            }
            if let Some(value) = criterion.value {
                if value <= Decimal::ZERO {
                    return fail(field("value"), "must be positive");
                }
                if crate::column::Scaled::from_decimal(value).is_none() {
                    return fail(
                        field("value"),
                        "a money value has at most 18 digits, as bid amounts do",
                    );
                }
            }
            if self.award == AwardModel::ValueDeduction && !is_price && criterion.value.is_none() {
                return fail(field("value"), "value-deduction needs a value here");
            }
            match &criterion.kind {
                CriterionKind::Points { scale } if *scale <= Decimal::ZERO => {
                    return fail(field("scale"), "must be positive");
                }
                CriterionKind::Feature { values } => {
                    if self.award != AwardModel::PriceFeatures {
                        return fail(field("kind"), "features are only for price-features");
                    }
                    let in_range = |v: &Decimal| (Decimal::ZERO..=FEATURE_MAX).contains(v);
                    if values.is_empty() || !values.iter().all(in_range) {
                        return fail(
                            field("values"),
                            "must offer at least one value, each in [0, 0.3]",
                        );
                    }
                    features += values.iter().copied().max().unwrap_or_default();
                }
                _ if self.award == AwardModel::PriceFeatures && !is_price => {
                    return fail(
                        field("kind"),
                        "price-features allows only price and feature criteria",
                    );
                }
                _ => {}
            }
        }
        if features > FEATURE_MAX {
            return fail(
                "criteria".to_owned(),
                "the features' largest values add up to more than 0.3",
            );
        }
        let has_non_price = self
            .criteria
            .iter()
            .any(|c| !matches!(c.kind, CriterionKind::Price { .. }));
        if matches!(
            self.award,
            AwardModel::PricePerQuality | AwardModel::ValueDeduction
        ) && !has_non_price
        {
            return fail(
                "criteria".to_owned(),
                "the award model needs at least one non-price criterion",
            );
        }
        match (&self.life_cycle, self.award) {
            (None, AwardModel::LowestCost) => {
                return fail("life_cycle".to_owned(), "lowest-cost needs a life cycle");
            }
            (Some(_), award) if award != AwardModel::LowestCost => {
                return fail("life_cycle".to_owned(), "only lowest-cost has a life cycle");
            }
            (Some(lc), _) if !(1..=MAX_YEARS).contains(&lc.years) => {
                return fail("life_cycle.years".to_owned(), "must be from 1 to 100");
            }
            (Some(lc), _) if !(Decimal::ZERO..Decimal::ONE).contains(&lc.discount_rate) => {
                return fail(
                    "life_cycle.discount_rate".to_owned(),
                    "must be a fraction in [0, 1)",
                );
            }
            _ => {}
        }
        for (index, rule) in self.tie_break.iter().enumerate() {
            if let TieBreak::Criterion(c) = rule
                && *c >= self.criteria.len()
            {
                return fail(
                    format!("tie_break[{index}]"),
                    "names a criterion the tender does not have",
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn award_models_parse_by_name_and_refuse_others() {
        for model in AwardModel::ALL {
            assert_eq!(model.name().parse::<AwardModel>(), Ok(model));
        }
        let error = "cheapest".parse::<AwardModel>().expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "unknown award model \"cheapest\": expected one of lowest-price, best-price-quality, price-per-quality, value-deduction, lowest-cost, price-features"
        );
    }
}
