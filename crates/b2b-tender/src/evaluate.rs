//! Evaluation: exclusion, normalisation, award model, ranking, flags.
//!
//! [`evaluate`] is the one entry point. It excludes non-compliant bids,
//! computes each compliant bid's value under the tender's award model,
//! ranks them exactly (equal values share a rank unless the tender's
//! `tie_break` separates them), flags abnormally low prices and, on request,
//! measures how robust the result is.

use crate::bids::Bids;
use crate::exact;
use crate::model::{self, ModelValues};
use crate::par::*;
use crate::rank::{self, Ranking};
use crate::sensitivity::{self, Sensitivity};
use crate::tender::{AwardModel, CriterionKind, Formula, Tender, TenderError};
use rust_decimal::Decimal;

/// What to compute beyond the ranking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Weight ranges per criterion (best-price-quality) and the rank-reversal check.
    pub sensitivity: bool,
}

/// Something the evaluation could not do with valid input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A bid's ranked value is too large to report exactly.
    #[error("bid {bid:?}: the {what} is 10^21 or more, too large to report exactly")]
    Overflow {
        /// The bid whose numbers overflowed.
        bid: String,
        /// What was being computed.
        what: &'static str,
    },
    /// A value the tender's formulas cannot use (input parsing rejects these
    /// with file positions; this guards bids built in code).
    #[error("bid {bid:?}: criterion {criterion:?}: {problem}")]
    InvalidValue {
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
        /// What is wrong with the value.
        problem: &'static str,
    },
    /// The tender breaks a rule evaluation relies on (tender files are
    /// checked when parsed; this guards tenders built in code).
    #[error(transparent)]
    InvalidTender(#[from] TenderError),
    /// The bids were not built for this tender.
    #[error("the bids have {found} {what} column(s), expected {expected}")]
    ShapeMismatch {
        /// Which kind of column.
        what: &'static str,
        /// How many the tender defines.
        expected: usize,
        /// How many the bids have.
        found: usize,
    },
}

/// A remark attached to one ranked bid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Flag {
    /// Price more than `abnormally_low` below the mean of the other compliant
    /// bids: the buyer must ask for an explanation (art. 69 of Directive
    /// 2014/24/EU) and may not reject it without one.
    AbnormallyLow,
    /// Shares its rank with at least one other bid.
    Tied,
    /// Its tie with another bid was broken by the tender's `tie_break` rules.
    TieBroken,
}

impl Flag {
    /// Every flag, in report order.
    pub const ALL: [Flag; 3] = [Flag::AbnormallyLow, Flag::Tied, Flag::TieBroken];

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The name used in reports, e.g. `"abnormally-low"`.
    pub fn name(self) -> &'static str {
        match self {
            Flag::AbnormallyLow => "abnormally-low",
            Flag::Tied => "tied",
            Flag::TieBroken => "tie-broken",
        }
    }
}

/// The flags of one ranked bid: a set kept in one byte, since a million-bid
/// ranking keeps one per bid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(u8);

impl Flags {
    /// Adds a flag.
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.bit();
    }

    /// Whether `flag` is set.
    pub fn contains(self, flag: Flag) -> bool {
        self.0 & flag.bit() != 0
    }

    /// Whether no flag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The flags set, in [`Flag::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Flag> + Clone {
        Flag::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

/// A bid left out of the ranking, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Exclusion {
    /// Index of the bid in [`Bids`].
    pub bid: usize,
    /// The ids of the failed requirements, or a named reason such as
    /// `zero-quality` when the model cannot value the bid.
    pub reasons: Vec<String>,
}

/// Kinds of warnings, each with a stable code for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningCode {
    /// Nothing is compliant: no winner.
    NoCompliantBid,
    /// Several bids share the first rank: no winner.
    TieAtTop,
    /// A tie was broken by the tender's `tie_break` rules.
    TieBroken,
    /// Two bids with different ranks print the same rounded value.
    NearTie,
    /// Removing a losing bid would change the order of others.
    RankReversal,
    /// A bid is flagged abnormally low.
    AbnormallyLow,
}

impl WarningCode {
    /// The stable code, e.g. `"tie-at-top"`.
    pub fn name(self) -> &'static str {
        match self {
            WarningCode::NoCompliantBid => "no-compliant-bid",
            WarningCode::TieAtTop => "tie-at-top",
            WarningCode::TieBroken => "tie-broken",
            WarningCode::NearTie => "near-tie",
            WarningCode::RankReversal => "rank-reversal",
            WarningCode::AbnormallyLow => "abnormally-low",
        }
    }
}

/// A warning about the result as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// What kind of warning.
    pub code: WarningCode,
    /// The explanation, in a sentence naming the bids.
    pub message: String,
    /// Indices of the bids involved.
    pub bids: Vec<usize>,
}

/// The result of [`evaluate`]: ranking, exclusions, warnings, explanations.
#[derive(Debug, Clone)]
pub struct Evaluation<'a> {
    pub(crate) tender: &'a Tender,
    pub(crate) bids: &'a Bids,
    pub(crate) values: ModelValues,
    pub(crate) ranking: Ranking,
    pub(crate) excluded: Vec<Exclusion>,
    /// Per bid (index into `Bids`).
    pub(crate) flags: Vec<Flags>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) sensitivity: Option<Sensitivity>,
}

/// One line of the ranking, ready to print.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Row<'a> {
    /// 1-based rank; tied bids share it.
    pub rank: u32,
    /// Bid id.
    pub bid: &'a str,
    /// Supplier name.
    pub supplier: &'a str,
    /// The figure the award model ranks on, rounded for output.
    pub value: Decimal,
    /// Per criterion (or cost item) id, its points or money, rounded for output.
    pub breakdown: Vec<(&'a str, Decimal)>,
    /// Remarks on this bid.
    pub flags: Flags,
}

/// The ranked rows' inputs in rank order; see [`Evaluation::ranked_view`].
pub(crate) struct RankedView<'e, 'a> {
    evaluation: &'e Evaluation<'a>,
    /// Per criterion, the raw values in rank order.
    columns: Vec<Vec<i64>>,
    /// The model's keys in rank order.
    keys: Vec<i128>,
    /// Bid id, supplier and flags in rank order.
    names: Vec<(&'a str, &'a str, Flags)>,
}

impl<'a> RankedView<'_, 'a> {
    /// The bid id and supplier at `position` in rank order.
    pub(crate) fn names(&self, position: usize) -> (&'a str, &'a str) {
        let (bid, supplier, _) = self.names[position];
        (bid, supplier)
    }

    /// The row at `position` in rank order.
    pub(crate) fn row(&self, position: usize) -> Row<'a> {
        let e = self.evaluation;
        let bid = e.ranking.order[position];
        let (id, supplier, flags) = self.names[position];
        Row {
            rank: e.ranking.ranks[position],
            bid: id,
            supplier,
            value: e
                .values
                .display_value_of(e.tender, e.bids, bid, self.keys[position]),
            breakdown: e
                .values
                .breakdown(e.tender, e.bids, bid, &|c| self.columns[c][position]),
            flags,
        }
    }
}

/// Ranks the bids of a tender.
///
/// # Errors
///
/// [`EvalError::InvalidTender`] for a tender that breaks a rule of
/// [`Tender::validate`]; [`EvalError::ShapeMismatch`] and
/// [`EvalError::InvalidValue`] for bids not built for this tender or with a
/// value its formulas cannot use; [`EvalError::Overflow`] for a ranked value
/// of 10^21 or more, which cannot be reported exactly. Never a panic, and
/// never an inexact ranking.
///
/// ```
/// # use b2b_tender::{input, evaluate, Options};
/// let tender = input::parse_tender(r#"
///     id = "T-1"
///     title = "Paper"
///     currency = "EUR"
///     award = "lowest-price"
///     [[criteria]]
///     id = "price"
///     kind = "price"
/// "#, input::TenderFormat::Toml, "tender.toml").unwrap();
/// let bids = input::parse_bids(
///     b"bid,supplier,price\nA,Acme,120.00\nB,Bolt,99.50\n",
///     input::BidsFormat::Csv, "bids.csv", &tender).unwrap();
/// let evaluation = evaluate(&tender, &bids, &Options::default()).unwrap();
/// assert_eq!(evaluation.winner(), Some("B"));
/// ```
pub fn evaluate<'a>(
    tender: &'a Tender,
    bids: &'a Bids,
    options: &Options,
) -> Result<Evaluation<'a>, EvalError> {
    tender.validate()?;
    check_shape(tender, bids)?;
    let (compliant, mut excluded) = split_compliant(tender, bids);
    let values = model::compute(tender, bids, &compliant)?;
    values.check_reportable(bids)?;
    excluded.extend(values.unvalued.iter().cloned());
    excluded.sort_by_key(|e| e.bid);
    let ranking = rank::rank(tender, bids, &values);
    let mut warnings = Vec::new();
    let mut flags = vec![Flags::default(); bids.len()];
    rank::explain_ties(tender, bids, &values, &ranking, &mut flags, &mut warnings);
    flag_abnormally_low(tender, bids, &values, &mut flags, &mut warnings);
    let sensitivity = if options.sensitivity {
        Some(sensitivity::analyse(
            tender,
            bids,
            &values,
            &ranking,
            &mut warnings,
        )?)
    } else {
        None
    };
    Ok(Evaluation {
        tender,
        bids,
        values,
        ranking,
        excluded,
        flags,
        warnings,
        sensitivity,
    })
}

fn check_shape(tender: &Tender, bids: &Bids) -> Result<(), EvalError> {
    let cost_items = tender.life_cycle.as_ref().map_or(0, |lc| lc.costs.len());
    for (what, expected, found) in [
        (
            "requirement",
            tender.requirements.len(),
            bids.requirements.len(),
        ),
        ("criterion", tender.criteria.len(), bids.criteria.len()),
        ("cost", cost_items, bids.costs.len()),
    ] {
        if expected != found {
            return Err(EvalError::ShapeMismatch {
                what,
                expected,
                found,
            });
        }
    }
    // Every per-bid vector must have one entry per bid.
    let n = bids.ids.len();
    for found in bids.per_bid_lengths() {
        if found != n {
            return Err(EvalError::ShapeMismatch {
                what: "per-bid values in a",
                expected: n,
                found,
            });
        }
    }
    check_values(tender, bids)
}

/// Proportional formulas divide by the value (lower better) or by the best
/// value (higher better): those must be positive, respectively non-negative.
fn check_values(tender: &Tender, bids: &Bids) -> Result<(), EvalError> {
    for (criterion, column) in tender.criteria.iter().zip(&bids.criteria) {
        let invalid = |bid: usize, problem| EvalError::InvalidValue {
            bid: bids.ids[bid].clone(),
            criterion: criterion.id.clone(),
            problem,
        };
        match &criterion.kind {
            CriterionKind::Points { scale } => {
                if let Some(bid) =
                    (0..column.len()).find(|&b| column.raw()[b] < 0 || column.decimal(b) > *scale)
                {
                    return Err(invalid(
                        bid,
                        "a grade must be from 0 to the criterion's scale",
                    ));
                }
            }
            CriterionKind::Feature { values } => {
                if let Some(bid) = (0..column.len()).find(|&b| !values.contains(&column.decimal(b)))
                {
                    return Err(invalid(bid, "a feature value must be one of those offered"));
                }
            }
            _ => {}
        }
        let proportional = matches!(
            criterion.kind,
            CriterionKind::Price {
                formula: Formula::Proportional
            } | CriterionKind::Quantity {
                formula: Formula::Proportional,
                ..
            }
        );
        let (minimum, problem) = if !proportional {
            continue;
        } else if criterion.kind.lower_is_better() {
            (1, "a proportional lower-is-better value must be positive")
        } else {
            (0, "a proportional value must not be negative")
        };
        if let Some(bid) = column.raw().iter().position(|&v| v < minimum) {
            return Err(EvalError::InvalidValue {
                bid: bids.ids[bid].clone(),
                criterion: criterion.id.clone(),
                problem,
            });
        }
    }
    Ok(())
}

/// Splits bids into the compliant ones and those failing a requirement.
fn split_compliant(tender: &Tender, bids: &Bids) -> (Vec<usize>, Vec<Exclusion>) {
    let mut compliant = Vec::with_capacity(bids.len());
    let mut excluded = Vec::new();
    for bid in 0..bids.len() {
        let reasons: Vec<String> = tender
            .requirements
            .iter()
            .zip(&bids.requirements)
            .filter(|(_, met)| !met[bid])
            .map(|(requirement, _)| requirement.id.clone())
            .collect();
        if reasons.is_empty() {
            compliant.push(bid);
        } else {
            excluded.push(Exclusion { bid, reasons });
        }
    }
    (compliant, excluded)
}

/// At most this many abnormally-low warnings name a bid each; beyond it one
/// summary warning counts the rest (every such bid still carries the flag).
const ABNORMALLY_LOW_WARNINGS: usize = 20;

/// Flags bids whose price is more than `abnormally_low` below the mean price
/// of the other ranked bids: `p_i < (1 - f) * (sum - p_i) / (n - 1)`,
/// evaluated exactly in integers as `p_i * (n - 1) * 10^s < k * (sum - p_i)`
/// where `1 - f = k / 10^s`.
fn flag_abnormally_low(
    tender: &Tender,
    bids: &Bids,
    values: &ModelValues,
    flags: &mut [Flags],
    warnings: &mut Vec<Warning>,
) {
    // File order: sequential reads of the price column.
    let ranked = &values.ranked;
    let n = ranked.len();
    if n < 2 {
        return;
    }
    let column = &bids.criteria[tender.price_index()];
    let prices = column.raw();
    let sum: i128 = ranked.iter().map(|&b| i128::from(prices[b])).sum();
    let keep = Decimal::ONE - tender.abnormally_low;
    let (k, denominator) = (keep.mantissa(), 10i128.pow(keep.scale()));
    let others = n as i128 - 1;
    let is_low = |price: i128| -> bool {
        match (
            price
                .checked_mul(others)
                .and_then(|l| l.checked_mul(denominator)),
            k.checked_mul(sum - price),
        ) {
            (Some(lhs), Some(rhs)) => lhs < rhs,
            // Beyond 38 digits: decide in rationals.
            _ => {
                exact::ratio(price * others, 0)
                    < exact::decimal_ratio(keep) * exact::ratio(sum - price, 0)
            }
        }
    };
    let mut flagged = Vec::new();
    for &bid in ranked {
        if is_low(i128::from(prices[bid])) {
            flags[bid].insert(Flag::AbnormallyLow);
            flagged.push(bid);
        }
    }
    let percent = (tender.abnormally_low * Decimal::ONE_HUNDRED).normalize();
    for &bid in flagged.iter().take(ABNORMALLY_LOW_WARNINGS) {
        warnings.push(Warning {
            code: WarningCode::AbnormallyLow,
            message: format!(
                "bid {} ({}) has price {} {}, more than {percent}% below the mean price of the other {} compliant bids: ask the supplier to explain it before any decision (Directive 2014/24/EU art. 69)",
                bids.ids[bid],
                bids.suppliers[bid],
                column.decimal(bid),
                tender.currency,
                n - 1
            ),
            bids: vec![bid],
        });
    }
    if flagged.len() > ABNORMALLY_LOW_WARNINGS {
        let rest = &flagged[ABNORMALLY_LOW_WARNINGS..];
        warnings.push(Warning {
            code: WarningCode::AbnormallyLow,
            message: format!(
                "{} more bids have a price more than {percent}% below the mean of the others; each is flagged abnormally-low in the ranking",
                rest.len()
            ),
            bids: rest.to_vec(),
        });
    }
}

impl<'a> Evaluation<'a> {
    /// The tender evaluated.
    pub fn tender(&self) -> &'a Tender {
        self.tender
    }

    /// The bids evaluated.
    pub fn bids(&self) -> &'a Bids {
        self.bids
    }

    /// The award model used.
    pub fn award(&self) -> AwardModel {
        self.tender.award
    }

    /// The winning bid's id: `None` when nothing is compliant or several bids
    /// share the first rank.
    pub fn winner(&self) -> Option<&'a str> {
        self.winner_index().map(|b| self.bids.ids[b].as_str())
    }

    /// The winning bid's index into [`Bids`], see [`Evaluation::winner`].
    pub fn winner_index(&self) -> Option<usize> {
        match self.ranking.ranks.as_slice() {
            [1, 1, ..] | [] => None,
            _ => self.ranking.order.first().copied(),
        }
    }

    /// Number of ranked (compliant, valued) bids.
    pub fn ranked_len(&self) -> usize {
        self.ranking.order.len()
    }

    /// The ranked bids' indices in rank order.
    pub fn order(&self) -> &[usize] {
        &self.ranking.order
    }

    /// The rank of each entry of [`Evaluation::order`].
    pub fn ranks(&self) -> &[u32] {
        &self.ranking.ranks
    }

    /// The row at `position` in rank order (0 is first).
    pub fn row(&self, position: usize) -> Row<'_> {
        let bid = self.ranking.order[position];
        Row {
            rank: self.ranking.ranks[position],
            bid: &self.bids.ids[bid],
            supplier: &self.bids.suppliers[bid],
            value: self.values.display_value(
                self.tender,
                self.bids,
                self.ranking.positions[position],
            ),
            breakdown: self.values.breakdown(self.tender, self.bids, bid, &|c| {
                self.bids.criteria[c].raw()[bid]
            }),
            flags: self.flags[bid],
        }
    }

    /// All rows in rank order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        let view = self.ranked_view();
        (0..self.ranking.order.len()).map(move |position| view.row(position))
    }

    /// What the rows read, copied into rank order in parallel: reading it
    /// bid by bid in rank order would jump around memory for every value,
    /// which dominates the time of a million-row report.
    pub(crate) fn ranked_view(&self) -> RankedView<'_, 'a> {
        let order = &self.ranking.order;
        let gather = |raw: &[i64]| -> Vec<i64> { order.par_iter().map(|&b| raw[b]).collect() };
        RankedView {
            evaluation: self,
            columns: self.bids.criteria.iter().map(|c| gather(c.raw())).collect(),
            keys: self
                .ranking
                .positions
                .par_iter()
                .map(|&p| self.values.keys[p])
                .collect(),
            names: order
                .par_iter()
                .map(|&b| {
                    (
                        self.bids.ids[b].as_str(),
                        self.bids.suppliers[b].as_str(),
                        self.flags[b],
                    )
                })
                .collect(),
        }
    }

    /// Bids excluded, in file order, with their reasons.
    pub fn excluded(&self) -> &[Exclusion] {
        &self.excluded
    }

    /// Warnings about the result.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The sensitivity analysis, when [`Options::sensitivity`] was set.
    pub fn sensitivity(&self) -> Option<&Sensitivity> {
        self.sensitivity.as_ref()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;

#[cfg(test)]
mod long_decimals;
