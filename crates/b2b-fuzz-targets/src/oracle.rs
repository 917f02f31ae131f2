//! `evaluate` on any valid tender, against an oracle that computes every
//! value from the definitions of `docs/formulas.md` in big rationals.
//!
//! The oracle shares no code with `b2b-tender`: no fixed point, no slack,
//! no clustering; only the formulas as the documentation states them.

use crate::bytes::Bytes;
use b2b_core::Currency;
use b2b_tender::evaluate::{EvalError, Flag};
use b2b_tender::input::{Bid, BidsBuilder};
use b2b_tender::tender::{Better, CostItem, CostPer, Formula, LifeCycle, Requirement, TieBreak};
use b2b_tender::{AwardModel, Criterion, CriterionKind, Evaluation, Options, Tender};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rust_decimal::{Decimal, RoundingStrategy};
use std::cmp::Ordering;
use time::{Duration, OffsetDateTime};

/// One bid's raw values, as the builder is given them.
#[derive(Debug, Clone)]
struct BidValues {
    meets: Vec<bool>,
    /// Per criterion, in tender order.
    criteria: Vec<Decimal>,
    /// Per life-cycle cost item.
    costs: Vec<Decimal>,
    submitted_at: Option<OffsetDateTime>,
}

/// A tender and its bids, drawn from bytes.
#[derive(Debug, Clone)]
struct Case {
    tender: Tender,
    bids: Vec<BidValues>,
}

/// Builds a small valid tender and its bids from the fuzzer's bytes, and
/// checks that [`b2b_tender::evaluate()`] ranks them as the oracle does.
///
/// The bytes choose the award model (all six), the currency (EUR, JPY or
/// KWD: 2, 0 or 3 minor units), 0 to 2 requirements, the price formula,
/// 0 to 3 further criteria (quantities, points, or features for
/// price-features) with weights and grade scales of up to 28 significant
/// digits, money values, life-cycle parameters, tie-break rules, the
/// abnormally-low threshold, and 2 to 8 bids whose values have up to 18
/// digits at a common scale per column (often small integers, so that
/// ties are common).
///
/// A case the builder refuses is skipped. Otherwise `evaluate` must give
/// exactly the oracle's ranking: the order (ties in file order), the
/// competition ranks, the excluded bids and their reasons, the winner,
/// every printed value rounded half-even from the exact value, the
/// `tied` and `abnormally-low` flags; or [`EvalError::Overflow`] exactly
/// when a ranked value is 10²¹ or more. Any other error is a failure: the
/// builder checks bids as the evaluation needs them. Then the evaluation is
/// run once more with sensitivity, which must not panic, and its report
/// serialised.
pub fn evaluate(data: &[u8]) {
    let _ = check_case(data);
}

/// What became of a drawn case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The tender or the bids were refused before evaluation.
    Skipped,
    /// Refused as too large to report, rightly.
    Overflow,
    /// Ranked as the oracle ranks it.
    Ranked,
}

fn check_case(data: &[u8]) -> Outcome {
    let case = draw(&mut Bytes::new(data));
    if case.tender.validate().is_err() {
        return Outcome::Skipped;
    }
    let mut builder = BidsBuilder::new(&case.tender);
    for (index, values) in case.bids.iter().enumerate() {
        builder.push(bid(&case.tender, index, values));
    }
    let Ok(bids) = builder.build() else {
        return Outcome::Skipped;
    };
    let expected = Expected::of(&case);
    let outcome = match b2b_tender::evaluate(&case.tender, &bids, &Options::default()) {
        Ok(evaluation) => {
            expected.check(&case, &evaluation);
            Outcome::Ranked
        }
        Err(EvalError::Overflow { bid, .. }) => {
            expected.check_overflow(&bid);
            Outcome::Overflow
        }
        Err(error) => panic!("bids the builder accepted refused: {error}"),
    };
    let with_sensitivity = Options { sensitivity: true };
    if let Ok(evaluation) = b2b_tender::evaluate(&case.tender, &bids, &with_sensitivity) {
        let _ = serde_json::to_vec(&evaluation.report()).expect("a report serialises");
    }
    outcome
}

/// The requirement, criterion and cost ids of a drawn tender.
fn requirement_id(index: usize) -> String {
    format!("r{index}")
}

fn criterion_id(index: usize) -> String {
    if index == 0 {
        "price".to_owned()
    } else {
        format!("c{index}")
    }
}

fn cost_id(index: usize) -> String {
    format!("k{index}")
}

fn draw(bytes: &mut Bytes<'_>) -> Case {
    let award = AwardModel::ALL[usize::from(bytes.below(6))];
    let currency: Currency = ["EUR", "JPY", "KWD"][usize::from(bytes.below(3))]
        .parse()
        .expect("known currencies");
    let bid_count = 2 + usize::from(bytes.below(7));
    let requirements = (0..usize::from(bytes.below(3)))
        .map(|r| Requirement {
            id: requirement_id(r),
            text: format!("requirement {r}"),
        })
        .collect();
    let others = match award {
        AwardModel::PricePerQuality | AwardModel::ValueDeduction | AwardModel::PriceFeatures => {
            1 + bytes.below(3)
        }
        _ => bytes.below(4),
    };
    let price_formula = if bytes.flag() {
        Formula::Linear
    } else {
        Formula::Proportional
    };
    let mut criteria = vec![Criterion {
        id: criterion_id(0),
        name: None,
        weight: weight(bytes, award == AwardModel::BestPriceQuality),
        value: None,
        kind: CriterionKind::Price {
            formula: price_formula,
        },
    }];
    // Prozorro's limit: the features' largest values add up to at most 0.3.
    let mut feature_budget = Decimal::new(3, 1);
    for index in 1..=usize::from(others) {
        let kind = if award == AwardModel::PriceFeatures {
            let values = feature_values(bytes, feature_budget);
            feature_budget -= values.last().copied().unwrap_or_default();
            CriterionKind::Feature { values }
        } else if bytes.flag() {
            CriterionKind::Points {
                scale: bytes.positive(28, 28),
            }
        } else {
            CriterionKind::Quantity {
                better: if bytes.flag() {
                    Better::Higher
                } else {
                    Better::Lower
                },
                formula: if bytes.flag() {
                    Formula::Proportional
                } else {
                    Formula::Linear
                },
            }
        };
        let needs_weight = matches!(
            award,
            AwardModel::BestPriceQuality | AwardModel::PricePerQuality
        );
        criteria.push(Criterion {
            id: criterion_id(index),
            name: None,
            weight: weight(bytes, needs_weight),
            value: (award == AwardModel::ValueDeduction).then(|| bytes.positive(18, 18)),
            kind,
        });
    }
    let life_cycle = (award == AwardModel::LowestCost).then(|| {
        let years = if bytes.flag() {
            1 + u32::from(bytes.below(5))
        } else {
            1 + u32::from(bytes.below(100))
        };
        let discount_rate = bytes.decimal(28, 28).fract();
        let costs = (0..1 + usize::from(bytes.below(3)))
            .map(|k| CostItem {
                id: cost_id(k),
                per: [CostPer::Once, CostPer::Year, CostPer::End][usize::from(bytes.below(3))],
            })
            .collect();
        LifeCycle {
            years,
            discount_rate,
            costs,
        }
    });
    let mut tie_break = Vec::new();
    for _ in 0..bytes.below(3) {
        let rule = if bytes.below(4) == 0 {
            TieBreak::SubmittedAt
        } else {
            TieBreak::Criterion(usize::from(bytes.below(criteria.len() as u8)))
        };
        if !tie_break.contains(&rule) {
            tie_break.push(rule);
        }
    }
    let tender = Tender {
        id: "F".to_owned(),
        title: "Fuzzed".to_owned(),
        currency,
        award,
        requirements,
        criteria,
        abnormally_low: Decimal::new(i64::from(bytes.below(100)), 2),
        life_cycle,
        tie_break,
    };
    let scales: Vec<u32> = tender
        .criteria
        .iter()
        .map(|_| u32::from(bytes.below(19)))
        .collect();
    let cost_scales: Vec<u32> = (0..tender.life_cycle.as_ref().map_or(0, |lc| lc.costs.len()))
        .map(|_| u32::from(bytes.below(19)))
        .collect();
    let timed = tender.tie_break.contains(&TieBreak::SubmittedAt);
    let bids = (0..bid_count)
        .map(|_| BidValues {
            meets: tender
                .requirements
                .iter()
                .map(|_| bytes.below(8) != 0)
                .collect(),
            criteria: tender
                .criteria
                .iter()
                .zip(&scales)
                .map(|(criterion, &scale)| criterion_value(bytes, &criterion.kind, scale))
                .collect(),
            costs: cost_scales
                .iter()
                .map(|&scale| column_value(bytes, scale))
                .collect(),
            submitted_at: timed
                .then(|| OffsetDateTime::UNIX_EPOCH + Duration::minutes(i64::from(bytes.below(4)))),
        })
        .collect();
    Case { tender, bids }
}

/// A weight when `needed`, and sometimes when not (it is then ignored).
fn weight(bytes: &mut Bytes<'_>, needed: bool) -> Option<Decimal> {
    (needed || bytes.below(4) == 0).then(|| bytes.positive(28, 28))
}

/// 1 to 4 offered feature values in `[0, budget]`, ascending and distinct.
fn feature_values(bytes: &mut Bytes<'_>, budget: Decimal) -> Vec<Decimal> {
    let mut values: Vec<Decimal> = (0..1 + bytes.below(4))
        .map(|_| {
            let scale = 1 + u32::from(bytes.below(6));
            // Up to 0.3 at this scale: 3 · 10^(scale − 1).
            let top = 3 * 10i64.pow(scale - 1);
            let mantissa = i64::try_from(bytes.unsigned(4)).unwrap_or(0) % (top + 1);
            Decimal::new(mantissa, scale).min(budget)
        })
        .collect();
    values.sort();
    values.dedup();
    values
}

/// A value of up to 18 digits at `scale` decimals (at most 18), never
/// negative: often a small integer so that ties are common.
fn column_value(bytes: &mut Bytes<'_>, scale: u32) -> Decimal {
    if bytes.below(3) == 0 {
        return Decimal::from(bytes.below(5));
    }
    let digits = 1 + u32::from(bytes.below(18));
    let mantissa = bytes.unsigned(8) % 10u128.pow(digits);
    Decimal::from_i128_with_scale(mantissa as i128, scale)
}

/// The largest value of at most 18 digits at `scale` decimals not above
/// `value` (which is not negative).
fn fit_column(value: Decimal, scale: u32) -> Decimal {
    let cap = Decimal::from_i128_with_scale(999_999_999_999_999_999, scale);
    value
        .round_dp_with_strategy(scale, RoundingStrategy::ToZero)
        .min(cap)
}

/// One bid's value for a criterion, in the range the criterion accepts.
fn criterion_value(bytes: &mut Bytes<'_>, kind: &CriterionKind, scale: u32) -> Decimal {
    match kind {
        CriterionKind::Price { .. } => {
            let value = column_value(bytes, scale);
            if value.is_zero() { Decimal::ONE } else { value }
        }
        CriterionKind::Quantity { better, formula } => {
            let value = column_value(bytes, scale);
            match formula {
                Formula::Linear if bytes.flag() => -value,
                Formula::Proportional if *better == Better::Lower && value.is_zero() => {
                    Decimal::ONE
                }
                _ => value,
            }
        }
        CriterionKind::Points { scale: top } => {
            let grade = match bytes.below(5) {
                0 => Decimal::ZERO,
                1 => *top,
                2 => *top / Decimal::from(3),
                3 => *top * Decimal::new(i64::from(bytes.below(101)), 2),
                _ => column_value(bytes, scale).min(*top),
            };
            fit_column(grade, scale)
        }
        CriterionKind::Feature { values } => {
            let choice = usize::from(bytes.byte()) % values.len().max(1);
            values.get(choice).copied().unwrap_or_default()
        }
        other => unknown(other),
    }
}

/// A variant of a non-exhaustive tender type that [`draw`] does not make:
/// the oracle must learn it before the target draws it.
fn unknown(what: &impl std::fmt::Debug) -> ! {
    unreachable!("the oracle does not know {what:?}")
}

fn bid(tender: &Tender, index: usize, values: &BidValues) -> Bid {
    let mut bid = Bid::new(format!("B{index}"), format!("Supplier {index}"));
    for (r, &met) in values.meets.iter().enumerate() {
        bid = bid.meets(requirement_id(r), met);
    }
    for (c, &value) in values.criteria.iter().enumerate() {
        bid = bid.value(criterion_id(c), value);
    }
    for (k, &amount) in values.costs.iter().enumerate() {
        bid = bid.value(cost_id(k), amount);
    }
    if let Some(at) = values.submitted_at {
        bid = bid.submitted_at(at);
    }
    debug_assert_eq!(values.criteria.len(), tender.criteria.len());
    bid
}

/// A decimal as an exact rational.
fn q(value: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(value.mantissa()),
        num_traits::pow(BigInt::from(10), value.scale() as usize),
    )
}

fn integer(n: i64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

/// `n ∈ [0, 1]` of every bid for criterion `c`, fitted over the compliant
/// bids (docs/formulas.md, Normalisation); 0 for the others, unused.
fn normalised(case: &Case, compliant: &[bool], c: usize) -> Vec<BigRational> {
    let kind = &case.tender.criteria[c].kind;
    let raw: Vec<BigRational> = case.bids.iter().map(|b| q(b.criteria[c])).collect();
    let fitted: Vec<&BigRational> = raw
        .iter()
        .zip(compliant)
        .filter_map(|(v, &ok)| ok.then_some(v))
        .collect();
    let (Some(min), Some(max)) = (
        fitted.iter().copied().min().cloned(),
        fitted.iter().copied().max().cloned(),
    ) else {
        return vec![BigRational::zero(); raw.len()];
    };
    let lower = kind.lower_is_better();
    let (best, worst) = if lower { (min, max) } else { (max, min) };
    raw.iter()
        .map(|v| match kind {
            CriterionKind::Points { scale } => v / q(*scale),
            CriterionKind::Feature { .. } => BigRational::zero(),
            _ if best == worst => BigRational::one(),
            CriterionKind::Price { formula } | CriterionKind::Quantity { formula, .. } => {
                match (formula, lower) {
                    (Formula::Proportional, true) => &best / v,
                    (Formula::Proportional, false) => v / &best,
                    (Formula::Linear, _) => (&worst - v).abs() / (&worst - &best).abs(),
                    (other, _) => unknown(other),
                }
            }
            other => unknown(other),
        })
        .collect()
}

/// `100 · Σ w_c · n_c / Σ w_c` over the criteria `chosen`, per bid.
fn weighted_score(case: &Case, compliant: &[bool], chosen: &[usize]) -> Vec<BigRational> {
    let weight = |c: usize| q(case.tender.criteria[c].weight.unwrap_or_default());
    let total: BigRational = chosen.iter().map(|&c| weight(c)).sum();
    let mut scores = vec![BigRational::zero(); case.bids.len()];
    for &c in chosen {
        let w = weight(c);
        for (score, n) in scores.iter_mut().zip(normalised(case, compliant, c)) {
            *score += &w * n;
        }
    }
    scores
        .into_iter()
        .map(|s| s * integer(100) / &total)
        .collect()
}

/// What the oracle expects of an evaluation.
struct Expected {
    /// Per bid: whether it meets every requirement.
    compliant: Vec<bool>,
    /// Per bid: its exact value (a score for best-price-quality, money or
    /// a price per point otherwise), `None` when not ranked.
    value: Vec<Option<BigRational>>,
    /// The ranked bids in rank order, ties in file order.
    order: Vec<usize>,
    /// The competition rank of each entry of `order`.
    ranks: Vec<u32>,
}

impl Expected {
    fn of(case: &Case) -> Expected {
        let tender = &case.tender;
        let compliant: Vec<bool> = case
            .bids
            .iter()
            .map(|b| b.meets.iter().all(|&m| m))
            .collect();
        let price = |b: usize| q(case.bids[b].criteria[0]);
        let non_price: Vec<usize> = (1..tender.criteria.len()).collect();
        let all: Vec<usize> = (0..tender.criteria.len()).collect();
        let values: Vec<Option<BigRational>> = match tender.award {
            AwardModel::LowestPrice => (0..case.bids.len()).map(|b| Some(price(b))).collect(),
            AwardModel::BestPriceQuality => weighted_score(case, &compliant, &all)
                .into_iter()
                .map(Some)
                .collect(),
            AwardModel::PricePerQuality => weighted_score(case, &compliant, &non_price)
                .into_iter()
                .enumerate()
                .map(|(b, quality)| (!quality.is_zero()).then(|| price(b) / quality))
                .collect(),
            AwardModel::ValueDeduction => {
                let mut values: Vec<BigRational> = (0..case.bids.len()).map(price).collect();
                for &c in &non_price {
                    let money = q(tender.criteria[c].value.unwrap_or_default());
                    for (value, n) in values.iter_mut().zip(normalised(case, &compliant, c)) {
                        *value -= &money * n;
                    }
                }
                values.into_iter().map(Some).collect()
            }
            AwardModel::LowestCost => lowest_cost(case),
            AwardModel::PriceFeatures => {
                let m: BigRational = tender
                    .criteria
                    .iter()
                    .filter_map(|c| match &c.kind {
                        CriterionKind::Feature { values } => values.iter().copied().max(),
                        _ => None,
                    })
                    .map(q)
                    .sum();
                (0..case.bids.len())
                    .map(|b| {
                        let chosen: BigRational =
                            non_price.iter().map(|&c| q(case.bids[b].criteria[c])).sum();
                        let kept = BigRational::one() - &m;
                        Some(price(b) * &kept / (&kept + chosen))
                    })
                    .collect()
            }
            other => unknown(&other),
        };
        let value: Vec<Option<BigRational>> = values
            .into_iter()
            .zip(&compliant)
            .map(|(v, &ok)| v.filter(|_| ok))
            .collect();
        // Lower ranks first: best-price-quality's scores are negated.
        let key = |b: usize| {
            value[b].clone().map(|v| {
                if tender.award.higher_is_better() {
                    -v
                } else {
                    v
                }
            })
        };
        let keys: Vec<Option<BigRational>> = (0..case.bids.len()).map(key).collect();
        let compare = |a: usize, b: usize| -> Ordering {
            keys[a].cmp(&keys[b]).then_with(|| {
                tender
                    .tie_break
                    .iter()
                    .map(|rule| match rule {
                        TieBreak::Criterion(c) => {
                            let (x, y) = (case.bids[a].criteria[*c], case.bids[b].criteria[*c]);
                            if tender.criteria[*c].kind.lower_is_better() {
                                x.cmp(&y)
                            } else {
                                y.cmp(&x)
                            }
                        }
                        TieBreak::SubmittedAt => {
                            case.bids[a].submitted_at.cmp(&case.bids[b].submitted_at)
                        }
                        other => unknown(other),
                    })
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            })
        };
        let mut order: Vec<usize> = (0..case.bids.len())
            .filter(|&b| keys[b].is_some())
            .collect();
        // A stable sort: bids still equal keep file order.
        order.sort_by(|&a, &b| compare(a, b));
        let mut ranks: Vec<u32> = Vec::with_capacity(order.len());
        for (position, &b) in order.iter().enumerate() {
            let rank = match position.checked_sub(1) {
                Some(before) if compare(order[before], b).is_eq() => ranks[before],
                _ => position as u32 + 1,
            };
            ranks.push(rank);
        }
        Expected {
            compliant,
            value,
            order,
            ranks,
        }
    }

    /// The evaluation refused `bid` as too large: its value must be 10²¹
    /// or more.
    fn check_overflow(&self, bid: &str) {
        let index = bid
            .strip_prefix('B')
            .and_then(|i| i.parse::<usize>().ok())
            .expect("the bid ids are B0, B1, ...");
        let value = self.value[index]
            .as_ref()
            .expect("an overflowing bid is ranked");
        assert!(
            value.abs() >= limit(),
            "bid {bid} refused as 10^21 or more; its exact value is {value}"
        );
    }

    fn check(&self, case: &Case, evaluation: &Evaluation<'_>) {
        let tender = &case.tender;
        // A value of 10^21 or more must have been refused, not reported.
        for (b, value) in self.value.iter().enumerate() {
            if let Some(value) = value {
                assert!(
                    value.abs() < limit(),
                    "bid B{b}'s value {value} is 10^21 or more, yet reported"
                );
            }
        }
        assert_eq!(evaluation.order(), self.order.as_slice(), "rank order");
        assert_eq!(evaluation.ranks(), self.ranks.as_slice(), "ranks");
        let winner = match self.ranks.as_slice() {
            [] | [1, 1, ..] => None,
            _ => self.order.first().copied(),
        };
        assert_eq!(evaluation.winner_index(), winner, "winner");
        let excluded: Vec<(usize, Vec<String>)> = evaluation
            .excluded()
            .iter()
            .map(|e| (e.bid, e.reasons.clone()))
            .collect();
        let expected_excluded: Vec<(usize, Vec<String>)> = (0..case.bids.len())
            .filter(|&b| self.value[b].is_none())
            .map(|b| {
                let reasons = if self.compliant[b] {
                    vec!["zero-quality".to_owned()]
                } else {
                    (case.bids[b].meets.iter().enumerate())
                        .filter(|(_, met)| !**met)
                        .map(|(r, _)| requirement_id(r))
                        .collect()
                };
                (b, reasons)
            })
            .collect();
        assert_eq!(excluded, expected_excluded, "exclusions");
        let decimals = match tender.award {
            AwardModel::BestPriceQuality | AwardModel::PricePerQuality => 4,
            _ => tender.currency.minor_units(),
        };
        let low = self.abnormally_low(case);
        for (position, row) in evaluation.rows().enumerate() {
            let b = self.order[position];
            let exact = self.value[b].as_ref().expect("ranked bids have a value");
            let printed = round_half_even(exact, decimals);
            assert_eq!(Some(row.value), printed, "bid B{b}: {exact} printed");
            let shared = self
                .ranks
                .iter()
                .filter(|&&r| r == self.ranks[position])
                .count()
                > 1;
            assert_eq!(row.flags.contains(Flag::Tied), shared, "bid B{b} tied");
            assert_eq!(
                row.flags.contains(Flag::AbnormallyLow),
                low[b],
                "bid B{b} abnormally low"
            );
        }
    }

    /// Per bid, whether its price is more than `abnormally_low` below the
    /// mean price of the other ranked bids (docs/formulas.md).
    fn abnormally_low(&self, case: &Case) -> Vec<bool> {
        let n = self.order.len();
        let mut low = vec![false; case.bids.len()];
        if n < 2 {
            return low;
        }
        let price = |b: usize| q(case.bids[b].criteria[0]);
        let sum: BigRational = self.order.iter().map(|&b| price(b)).sum();
        let keep = BigRational::one() - q(case.tender.abnormally_low);
        for &b in &self.order {
            let others = (&sum - price(b)) / integer(n as i64 - 1);
            low[b] = price(b) < &keep * others;
        }
        low
    }
}

/// The life-cycle cost of every bid (docs/formulas.md, lowest-cost).
fn lowest_cost(case: &Case) -> Vec<Option<BigRational>> {
    let Some(life_cycle) = &case.tender.life_cycle else {
        return vec![None; case.bids.len()];
    };
    let growth = BigRational::one() + q(life_cycle.discount_rate);
    let mut discount = BigRational::one();
    let mut annuity = BigRational::zero();
    for _ in 0..life_cycle.years {
        discount /= &growth;
        annuity += &discount;
    }
    case.bids
        .iter()
        .map(|bid| {
            let mut value = q(bid.criteria[0]);
            for (item, &amount) in life_cycle.costs.iter().zip(&bid.costs) {
                let factor = match item.per {
                    CostPer::Once => BigRational::one(),
                    CostPer::Year => annuity.clone(),
                    CostPer::End => discount.clone(),
                    other => unknown(&other),
                };
                value += q(amount) * factor;
            }
            Some(value)
        })
        .collect()
}

/// 10²¹, from which a ranked value cannot be reported exactly.
fn limit() -> BigRational {
    BigRational::from_integer(num_traits::pow(BigInt::from(10), 21))
}

/// `value` rounded half-even to `decimals` places, as a decimal; `None`
/// when it does not fit one.
fn round_half_even(value: &BigRational, decimals: u32) -> Option<Decimal> {
    let scaled =
        value * BigRational::from_integer(num_traits::pow(BigInt::from(10), decimals as usize));
    let floor = scaled.floor();
    let fraction = &scaled - &floor;
    let half = BigRational::new(BigInt::one(), BigInt::from(2));
    let mut mantissa = floor.to_integer();
    if fraction > half || (fraction == half && mantissa.is_odd()) {
        mantissa += 1;
    }
    let mantissa = i128::try_from(mantissa).ok()?;
    Decimal::try_from_i128_with_scale(mantissa, decimals).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cheap generator of bytes (xorshift), so that the test needs no
    /// randomness crate and always draws the same cases.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect()
    }

    /// Most drawn cases reach the oracle under every award model: a
    /// generator that mostly drew invalid tenders would fuzz nothing.
    #[test]
    fn most_cases_are_ranked_under_every_model() {
        let mut ranked = [0; 6];
        let mut drawn = [0; 6];
        for seed in 0..120 {
            let mut data = bytes(seed, 400);
            let model = (seed % 6) as u8;
            data[0] = model;
            drawn[usize::from(model)] += 1;
            if check_case(&data) == Outcome::Ranked {
                ranked[usize::from(model)] += 1;
            }
        }
        eprintln!("ranked {ranked:?} of {drawn:?}");
        for (model, (&ranked, &drawn)) in AwardModel::ALL.iter().zip(ranked.iter().zip(&drawn)) {
            assert!(2 * ranked >= drawn, "{model}: {ranked} of {drawn} ranked");
        }
    }
}
