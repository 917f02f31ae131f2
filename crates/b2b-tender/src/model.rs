//! The award models: each turns a ranked bid's columns into one value.
//!
//! Every model produces, per bid, an integer `key` (lower ranks first) that
//! lies within `slack` of the exact value scaled to the same unit, and can
//! produce that exact value as a rational. The ranking compares keys and
//! falls back to the exact value only where two keys are within slack of each
//! other, so results are exact at integer speed.
//!
//! Key units: best-price-quality ranks on `-S` where `S = sum(W_c * n_c)`
//! (integer weights `W`, `n` in units of 10^-18); every other model ranks on
//! its money (or money-per-point) value in units of 10^-18.
//!
//! The fixed-point path is taken only where its integers provably fit (every
//! product and sum is checked, or bounded before the loop). Where they could
//! not (weights or grade scales of 28 significant digits, money values
//! beyond 18 digits), the model declines it and every bid is valued in
//! rationals instead ([`rank_in_rationals`]): slower, never wrong.

use crate::bids::Bids;
use crate::column::Column;
use crate::evaluate::{EvalError, Exclusion};
use crate::exact::{self, ONE, decimal_ratio, mul_div_floor, ratio, round_fixed, round_ratio};
use crate::normalise::{Norm, exact_value};
use crate::par::*;
use crate::tender::{AwardModel, CostPer, CriterionKind, LifeCycle, Tender};
use b2b_core::Rounding;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// Decimal places for scores and ratios on output.
pub const SCORE_DECIMALS: u32 = 4;

/// Bids at or above this count are valued on all cores.
const PARALLEL_THRESHOLD: usize = 16_384;

/// Scale of fixed-point money keys: 10^18.
const FIXED_SCALE: u32 = 18;

/// Per-criterion parameters of a weighted model.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    /// Index into `Tender::criteria`.
    pub criterion: usize,
    /// Fitted normalisation.
    pub norm: Norm,
    /// Integer weight (weights rescaled to a common decimal exponent) when
    /// the model is on the fixed-point path; 0 otherwise and for
    /// value-deduction.
    pub weight: u128,
    /// The criterion's weight as written (1 for value-deduction).
    pub exact_weight: Decimal,
}

/// What a model computed for the ranked bids.
#[derive(Debug, Clone)]
pub(crate) struct ModelValues {
    pub award: AwardModel,
    /// Bids that received a value, in file order.
    pub ranked: Vec<usize>,
    /// Compliant bids the model cannot value (zero quality score).
    pub unvalued: Vec<Exclusion>,
    /// Integer key per entry of `ranked` (lower ranks first).
    pub keys: Vec<i128>,
    /// Every exact key lies within `slack` of its integer key.
    pub slack: i128,
    /// The exact keys, when `fixed` is false.
    pub exact_keys: Vec<BigRational>,
    /// Whether `keys` are fixed-point values (within `slack` of the exact
    /// ones). When false they are the dense ranks of the exact values
    /// (`slack` 0), and every figure is computed from rationals.
    pub fixed: bool,
    /// Normalised criteria used by weighted models.
    pub scored: Vec<Scored>,
    /// Sum of `scored` integer weights (fixed-point path only).
    pub weight_sum: u128,
    /// Sum of `scored` exact weights.
    pub exact_weight_sum: BigRational,
    /// For value-deduction, the scale of each criterion's `value` money.
    pub value_money: Vec<Decimal>,
    /// For lowest-cost, the exact annuity and end discount factors.
    pub discount: Option<(BigRational, BigRational)>,
}

/// Values every compliant bid under the tender's award model.
pub(crate) fn compute(
    tender: &Tender,
    bids: &Bids,
    compliant: &[usize],
) -> Result<ModelValues, EvalError> {
    let mut values = ModelValues {
        award: tender.award,
        ranked: compliant.to_vec(),
        unvalued: Vec::new(),
        keys: Vec::new(),
        slack: 0,
        fixed: true,
        exact_keys: Vec::new(),
        scored: Vec::new(),
        weight_sum: 0,
        exact_weight_sum: BigRational::zero(),
        value_money: Vec::new(),
        discount: None,
    };
    match tender.award {
        AwardModel::LowestPrice => lowest_price(tender, bids, &mut values)?,
        AwardModel::BestPriceQuality => best_price_quality(tender, bids, &mut values)?,
        AwardModel::PricePerQuality => price_per_quality(tender, bids, &mut values)?,
        AwardModel::ValueDeduction => value_deduction(tender, bids, &mut values)?,
        AwardModel::LowestCost => lowest_cost(tender, bids, &mut values)?,
        AwardModel::PriceFeatures => price_features(tender, bids, &mut values)?,
    }
    if !values.fixed {
        values.ranked = compliant.to_vec();
        rank_in_rationals(tender, bids, &mut values);
    }
    Ok(values)
}

/// Values every bid of `values.ranked` exactly and stores as its key the
/// dense rank of its exact value, so that ranking compares exact values.
/// For price-per-quality, bids whose exact quality is zero are unvalued.
fn rank_in_rationals(tender: &Tender, bids: &Bids, values: &mut ModelValues) {
    values.fixed = false;
    values.slack = 0;
    values.unvalued.clear();
    let mut ranked = Vec::with_capacity(values.ranked.len());
    let mut exact = Vec::with_capacity(values.ranked.len());
    for &bid in &values.ranked {
        if values.award == AwardModel::PricePerQuality && values.exact_score(bids, bid).is_zero() {
            values.unvalued.push(Exclusion {
                bid,
                reasons: vec!["zero-quality".to_owned()],
            });
            continue;
        }
        exact.push(values.exact_key(tender, bids, bid));
        ranked.push(bid);
    }
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| exact[a].cmp(&exact[b]));
    let mut keys = vec![0i128; exact.len()];
    let mut dense = 0i128;
    for (i, pair) in order.iter().enumerate() {
        if i > 0 && exact[*pair] != exact[order[i - 1]] {
            dense += 1;
        }
        keys[*pair] = dense;
    }
    values.ranked = ranked;
    values.keys = keys;
    values.exact_keys = exact;
}

/// Exact values at or beyond this magnitude are refused: their rounded
/// figures would not fit a `Decimal` (28 digits with 4 decimals to spare).
/// Fixed-point keys (`i128` in units of 10^-18) stay below it by
/// construction.
const VALUE_LIMIT: u128 = 10u128.pow(21);

/// `raw / 10^scale` as a fixed-point integer in units of 10^-18.
fn to_fixed(raw: i64, scale: u32) -> Option<i128> {
    i128::from(raw).checked_mul(10i128.checked_pow(FIXED_SCALE.checked_sub(scale)?)?)
}

/// Maps `f` over the ranked bids, in parallel when there are many.
fn map_ranked<T: Send>(ranked: &[usize], f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    if ranked.len() >= PARALLEL_THRESHOLD {
        ranked.par_iter().map(|&b| f(b)).collect()
    } else {
        ranked.iter().map(|&b| f(b)).collect()
    }
}

/// Stores the fixed-point keys, or declines the fixed-point path when any
/// key could not be computed within its integers.
fn collect_keys(values: &mut ModelValues, keys: Vec<Option<i128>>) {
    match keys.into_iter().collect::<Option<Vec<i128>>>() {
        Some(keys) => values.keys = keys,
        None => values.fixed = false,
    }
}

fn lowest_price(tender: &Tender, bids: &Bids, values: &mut ModelValues) -> Result<(), EvalError> {
    let price = &bids.criteria[tender.price_index()];
    let keys = map_ranked(&values.ranked, |b| to_fixed(price.raw()[b], price.scale()));
    collect_keys(values, keys);
    Ok(())
}

/// The weighted criteria, fitted.
struct Weighted {
    scored: Vec<Scored>,
    /// Sum of the integer weights; `None` when the fixed-point path cannot
    /// be taken (a weight or a grade scale has too many digits).
    weight_sum: Option<u128>,
    exact_weight_sum: BigRational,
}

/// Fits the weighted criteria: every criterion with a weight except, when
/// `include_price` is false, the price.
///
/// The fixed-point path needs the weights as integers at one decimal
/// exponent with `100 * sum(W) * 10^18` inside a `u128`: then no sum
/// `S = sum(W_c n_c)` nor any product formed from it can overflow.
fn fit_weighted(tender: &Tender, bids: &Bids, ranked: &[usize], include_price: bool) -> Weighted {
    let price = tender.price_index();
    let chosen: Vec<(usize, Decimal)> = tender
        .criteria
        .iter()
        .enumerate()
        .filter(|(i, _)| include_price || *i != price)
        .filter_map(|(i, c)| c.weight.map(|w| (i, w)))
        .collect();
    let weight_scale = chosen
        .iter()
        .map(|(_, w)| w.normalize().scale())
        .max()
        .unwrap_or(0);
    let mut scored = Vec::with_capacity(chosen.len());
    let mut weight_sum = Some(0u128);
    let mut exact_weight_sum = BigRational::zero();
    for (criterion, weight) in chosen {
        let Some(norm) = Norm::fit(
            &tender.criteria[criterion].kind,
            &bids.criteria[criterion],
            ranked,
        ) else {
            continue;
        };
        let integer = integer_weight(weight, weight_scale).filter(|_| norm.has_fixed());
        weight_sum = weight_sum
            .zip(integer)
            .and_then(|(sum, w)| sum.checked_add(w));
        exact_weight_sum += decimal_ratio(weight);
        scored.push(Scored {
            criterion,
            norm,
            weight: integer.unwrap_or(0),
            exact_weight: weight,
        });
    }
    let weight_sum =
        weight_sum.filter(|sum| sum.checked_mul(100 * u128::from(ONE)).is_some() && *sum > 0);
    if weight_sum.is_none() {
        for s in &mut scored {
            s.weight = 0;
        }
    }
    Weighted {
        scored,
        weight_sum,
        exact_weight_sum,
    }
}

/// `weight * 10^scale` as an integer, when it is one and fits.
fn integer_weight(weight: Decimal, scale: u32) -> Option<u128> {
    let normal = weight.normalize();
    let mantissa = u128::try_from(normal.mantissa()).ok()?;
    mantissa.checked_mul(10u128.checked_pow(scale.checked_sub(normal.scale())?)?)
}

/// `S = sum(W_c * n_c)` for every ranked bid, criterion by criterion.
fn weighted_sums(scored: &[Scored], bids: &Bids, ranked: &[usize]) -> Vec<u128> {
    let mut sums = vec![0u128; ranked.len()];
    let add = |sums: &mut [u128], ranked: &[usize]| {
        for s in scored {
            let raw = bids.criteria[s.criterion].raw();
            for (sum, &b) in sums.iter_mut().zip(ranked) {
                *sum += s.weight * u128::from(s.norm.fixed(raw[b]));
            }
        }
    };
    if ranked.len() >= PARALLEL_THRESHOLD {
        // Small chunks keep each chunk's sums in the L1 cache across criteria.
        let chunk = 4096;
        sums.par_chunks_mut(chunk)
            .zip(ranked.par_chunks(chunk))
            .for_each(|(sums, ranked)| add(sums, ranked));
    } else {
        add(&mut sums, ranked);
    }
    sums
}

fn best_price_quality(
    tender: &Tender,
    bids: &Bids,
    values: &mut ModelValues,
) -> Result<(), EvalError> {
    let weighted = fit_weighted(tender, bids, &values.ranked, true);
    values.exact_weight_sum = weighted.exact_weight_sum;
    values.scored = weighted.scored;
    let Some(weight_sum) = weighted.weight_sum else {
        values.fixed = false;
        return Ok(());
    };
    let sums = weighted_sums(&values.scored, bids, &values.ranked);
    // S <= sum(W) * 10^18, which fit_weighted bounded well inside i128.
    values.keys = sums.into_iter().map(|s| -(s as i128)).collect();
    // Each n is truncated by less than one unit, so S is short of the exact
    // sum by less than the sum of the weights.
    values.slack = weight_sum as i128;
    values.weight_sum = weight_sum;
    Ok(())
}

fn price_per_quality(
    tender: &Tender,
    bids: &Bids,
    values: &mut ModelValues,
) -> Result<(), EvalError> {
    let weighted = fit_weighted(tender, bids, &values.ranked, false);
    values.exact_weight_sum = weighted.exact_weight_sum;
    values.scored = weighted.scored;
    let Some(weight_sum) = weighted.weight_sum else {
        values.fixed = false;
        return Ok(());
    };
    values.weight_sum = weight_sum;
    let sums = weighted_sums(&values.scored, bids, &values.ranked);
    let price = &bids.criteria[tender.price_index()];
    let mut ranked = Vec::with_capacity(values.ranked.len());
    let mut keys = Vec::with_capacity(values.ranked.len());
    let mut slack: i128 = 1;
    for (&bid, &sum) in values.ranked.iter().zip(&sums) {
        let Some(price_fixed) = to_fixed(price.raw()[bid], price.scale()) else {
            values.fixed = false;
            return Ok(());
        };
        if sum == 0 {
            // Truncation may hide a tiny positive score: decide exactly.
            let quality = values.exact_score(bids, bid);
            if quality.is_zero() {
                values.unvalued.push(Exclusion {
                    bid,
                    reasons: vec!["zero-quality".to_owned()],
                });
                continue;
            }
            let exact = ratio(price_fixed, 0) / quality;
            // A value beyond the i128 key (10^20 and more) goes to the
            // rational path, which refuses it for reports: never saturate.
            let Some(key) = exact.floor().to_integer().to_i128() else {
                values.fixed = false;
                return Ok(());
            };
            keys.push(key);
        } else {
            // value = price / (100 * S / (W * 10^18)) = price * W * 10^18 / (100 * S);
            // W * 10^18 and 100 * S <= 100 * W * 10^18 fit (fit_weighted).
            let Some(key) =
                mul_div_floor(price_fixed as u128, weight_sum * u128::from(ONE), 100 * sum)
                    .and_then(|k| i128::try_from(k).ok())
            else {
                values.fixed = false;
                return Ok(());
            };
            // S is short by less than W, so the exact value is at most
            // key * W / S (+1 for the truncated division) below the key.
            let error = mul_div_floor(key as u128, weight_sum, sum).unwrap_or(u128::MAX);
            slack = slack.max(i128::try_from(error).unwrap_or(i128::MAX / 4) + 2);
            keys.push(key);
        }
        ranked.push(bid);
    }
    values.ranked = ranked;
    values.keys = keys;
    values.slack = slack;
    Ok(())
}

fn value_deduction(
    tender: &Tender,
    bids: &Bids,
    values: &mut ModelValues,
) -> Result<(), EvalError> {
    let price_index = tender.price_index();
    let mut scored = Vec::new();
    let mut money = Vec::new();
    for (criterion, c) in tender.criteria.iter().enumerate() {
        let Some(value) = c.value.filter(|_| criterion != price_index) else {
            continue;
        };
        let Some(norm) = Norm::fit(&c.kind, &bids.criteria[criterion], &values.ranked) else {
            continue;
        };
        scored.push(Scored {
            criterion,
            norm,
            weight: 0,
            exact_weight: Decimal::ONE,
        });
        money.push(value);
    }
    let money_fixed: Vec<Option<u128>> = money
        .iter()
        .map(|m| {
            to_fixed(i64::try_from(m.mantissa()).ok()?, m.scale())
                .and_then(|v| u128::try_from(v).ok())
        })
        .collect();
    let price = &bids.criteria[price_index];
    if scored.iter().any(|s| !s.norm.has_fixed()) {
        values.fixed = false;
    }
    let keys = map_ranked(&values.ranked, |b| {
        let mut key = to_fixed(price.raw()[b], price.scale())?;
        for (s, m) in scored.iter().zip(&money_fixed) {
            let n = s.norm.fixed(bids.criteria[s.criterion].raw()[b]);
            let deduction = mul_div_floor((*m)?, u128::from(n), u128::from(ONE))?;
            key = key.checked_sub(i128::try_from(deduction).ok()?)?;
        }
        Some(key)
    });
    collect_keys(values, keys);
    // Each deduction is short by less than value_c (from n) plus one unit.
    let slack = money.iter().try_fold(1i128, |total, m| {
        total.checked_add(m.ceil().to_i128()?.checked_add(2)?)
    });
    match slack {
        Some(slack) => values.slack = slack,
        None => values.fixed = false,
    }
    values.scored = scored;
    values.value_money = money;
    Ok(())
}

/// The exact annuity factor `sum_{y=1..N} (1+r)^-y` and end factor `(1+r)^-N`.
fn discount_factors(life_cycle: &LifeCycle) -> (BigRational, BigRational) {
    let growth = BigRational::one() + decimal_ratio(life_cycle.discount_rate);
    let mut factor = BigRational::one();
    let mut annuity = BigRational::zero();
    for _ in 0..life_cycle.years {
        factor /= &growth;
        annuity += &factor;
    }
    (annuity, factor)
}

fn lowest_cost(tender: &Tender, bids: &Bids, values: &mut ModelValues) -> Result<(), EvalError> {
    let Some(life_cycle) = tender.life_cycle.as_ref() else {
        return lowest_price(tender, bids, values);
    };
    let (annuity, end) = discount_factors(life_cycle);
    let to_fixed_factor = |f: &BigRational| {
        (f * BigRational::from_integer(exact::pow10(FIXED_SCALE)))
            .floor()
            .to_integer()
            .to_u128()
            .unwrap_or(0)
    };
    let factors: Vec<u128> = life_cycle
        .costs
        .iter()
        .map(|c| match c.per {
            CostPer::Once => u128::from(ONE),
            CostPer::Year => to_fixed_factor(&annuity),
            CostPer::End => to_fixed_factor(&end),
        })
        .collect();
    let price = &bids.criteria[tender.price_index()];
    let keys = map_ranked(&values.ranked, |b| {
        let mut key = to_fixed(price.raw()[b], price.scale())?;
        for (column, &factor) in bids.costs.iter().zip(&factors) {
            let cost = u128::try_from(to_fixed(column.raw()[b], column.scale())?).ok()?;
            let present = mul_div_floor(cost, factor, u128::from(ONE))?;
            key = key.checked_add(i128::try_from(present).ok()?)?;
        }
        Some(key)
    });
    values.discount = Some((annuity, end));
    collect_keys(values, keys);
    // Each discounted item is short by less than its undiscounted amount in
    // units (factor truncation) plus one unit (division). Costs are i64
    // columns, so the sum of a few of them fits; checked all the same.
    let mut slack: i128 = 1;
    for &b in &values.ranked {
        let mut bound: Option<i128> = Some(1);
        for (column, item) in bids.costs.iter().zip(&life_cycle.costs) {
            if item.per != CostPer::Once {
                let amount = column.decimal(b).ceil().to_i128();
                bound = bound
                    .zip(amount)
                    .and_then(|(sum, a)| sum.checked_add(a.checked_add(1)?));
            }
        }
        match bound {
            Some(bound) => slack = slack.max(bound),
            None => values.fixed = false,
        }
    }
    values.slack = slack;
    Ok(())
}

/// Sum of the offered maxima and the features' columns, at one common scale.
struct Features<'a> {
    columns: Vec<&'a Column>,
    /// The exact `1 - M`, `M` the sum of the offered maxima.
    exact_base: BigRational,
    /// `1 - M` in units of 10^-scale, when it fits.
    base: Option<i128>,
    scale: u32,
}

fn features<'a>(tender: &Tender, bids: &'a Bids) -> Features<'a> {
    let mut columns = Vec::new();
    let mut maxima = BigRational::zero();
    let mut scale = 0;
    for (c, criterion) in tender.criteria.iter().enumerate() {
        if let CriterionKind::Feature { values } = &criterion.kind {
            columns.push(&bids.criteria[c]);
            scale = scale.max(bids.criteria[c].scale());
            if let Some(max) = values.iter().copied().max() {
                maxima += decimal_ratio(max);
                scale = scale.max(max.normalize().scale());
            }
        }
    }
    let exact_base = BigRational::one() - maxima;
    let base = (&exact_base * BigRational::from_integer(exact::pow10(scale)))
        .to_integer()
        .to_i128();
    Features {
        columns,
        exact_base,
        base,
        scale,
    }
}

impl Features<'_> {
    /// Sum of the chosen values of bid `b`, in units of 10^-scale, when it fits.
    fn chosen(&self, b: usize) -> Option<i128> {
        self.columns.iter().try_fold(0i128, |sum, c| {
            let factor = 10i128.checked_pow(self.scale - c.scale())?;
            sum.checked_add(i128::from(c.raw()[b]).checked_mul(factor)?)
        })
    }

    /// The exact sum of the chosen values of bid `b`.
    fn exact_chosen(&self, b: usize) -> BigRational {
        self.columns.iter().map(|c| exact_value(c, b)).sum()
    }
}

fn price_features(tender: &Tender, bids: &Bids, values: &mut ModelValues) -> Result<(), EvalError> {
    let features = features(tender, bids);
    let price = &bids.criteria[tender.price_index()];
    // evaluated = price / (1 + chosen / (1 - M)) = price * (1 - M) / (1 - M + chosen)
    let keys = map_ranked(&values.ranked, |b| {
        let price = u128::try_from(to_fixed(price.raw()[b], price.scale())?).ok()?;
        let base = u128::try_from(features.base?).ok()?;
        let chosen = u128::try_from(features.chosen(b)?).ok()?;
        i128::try_from(mul_div_floor(price, base, base.checked_add(chosen)?)?).ok()
    });
    collect_keys(values, keys);
    values.slack = 1;
    Ok(())
}

impl ModelValues {
    /// Refuses values too large to report: only rationals can reach them
    /// (fixed-point keys are bounded by their `i128`).
    pub(crate) fn check_reportable(&self, bids: &Bids) -> Result<(), EvalError> {
        let limit = BigRational::from_integer(BigInt::from(VALUE_LIMIT));
        match self.exact_keys.iter().position(|key| key.abs() >= limit) {
            Some(position) => Err(EvalError::Overflow {
                bid: bids.ids[self.ranked[position]].clone(),
                what: self.award.value_label(),
            }),
            None => Ok(()),
        }
    }

    /// The exact value of bid `b` as a rational, oriented so lower ranks first
    /// (best-price-quality scores are negated).
    pub(crate) fn exact_key(&self, tender: &Tender, bids: &Bids, b: usize) -> BigRational {
        let value = self.exact_value(tender, bids, b);
        if self.award.higher_is_better() {
            -value
        } else {
            value
        }
    }

    /// The exact value the model ranks on (a score for best-price-quality,
    /// money otherwise).
    pub(crate) fn exact_value(&self, tender: &Tender, bids: &Bids, b: usize) -> BigRational {
        let price = || exact_value(&bids.criteria[tender.price_index()], b);
        match self.award {
            AwardModel::LowestPrice => price(),
            AwardModel::BestPriceQuality => self.exact_score(bids, b),
            AwardModel::PricePerQuality => {
                let quality = self.exact_score(bids, b);
                if quality.is_zero() {
                    BigRational::zero()
                } else {
                    price() / quality
                }
            }
            AwardModel::ValueDeduction => {
                let mut value = price();
                for (s, money) in self.scored.iter().zip(&self.value_money) {
                    value -= decimal_ratio(*money) * self.exact_n(s, bids, b);
                }
                value
            }
            AwardModel::LowestCost => {
                price()
                    + self
                        .exact_costs(tender, bids, b)
                        .into_iter()
                        .sum::<BigRational>()
            }
            AwardModel::PriceFeatures => {
                let f = features(tender, bids);
                let denominator = &f.exact_base + f.exact_chosen(b);
                if denominator.is_zero() {
                    // Validation keeps M <= 0.3 and choices >= 0; never reached.
                    return price();
                }
                price() * &f.exact_base / denominator
            }
        }
    }

    fn exact_n(&self, s: &Scored, bids: &Bids, b: usize) -> BigRational {
        s.norm.exact(bids.criteria[s.criterion].raw()[b])
    }

    /// `100 * sum(w n) / sum(w)` over the scored criteria, exactly: the
    /// best-price-quality score, or price-per-quality's quality score.
    fn exact_score(&self, bids: &Bids, b: usize) -> BigRational {
        if self.exact_weight_sum.is_zero() {
            return BigRational::zero();
        }
        let mut sum = BigRational::zero();
        for s in &self.scored {
            sum += decimal_ratio(s.exact_weight) * self.exact_n(s, bids, b);
        }
        sum * BigRational::from_integer(BigInt::from(100)) / &self.exact_weight_sum
    }

    /// Present value of each life-cycle cost item of bid `b`.
    fn exact_costs(&self, tender: &Tender, bids: &Bids, b: usize) -> Vec<BigRational> {
        let (Some(life_cycle), Some((annuity, end))) = (&tender.life_cycle, &self.discount) else {
            return Vec::new();
        };
        life_cycle
            .costs
            .iter()
            .zip(&bids.costs)
            .map(|(item, column)| {
                let amount = exact_value(column, b);
                match item.per {
                    CostPer::Once => amount,
                    CostPer::Year => amount * annuity,
                    CostPer::End => amount * end,
                }
            })
            .collect()
    }

    /// The ranked value of bid `b` rounded for output: money to the
    /// currency's minor units, scores and ratios to [`SCORE_DECIMALS`].
    pub(crate) fn display_value(&self, tender: &Tender, bids: &Bids, position: usize) -> Decimal {
        self.display_value_of(tender, bids, self.ranked[position], self.keys[position])
    }

    /// [`Self::display_value`] of bid `b` whose key is `key`.
    pub(crate) fn display_value_of(
        &self,
        tender: &Tender,
        bids: &Bids,
        b: usize,
        key: i128,
    ) -> Decimal {
        let dp = self.value_decimals(tender);
        let fast = match self.award {
            _ if !self.fixed => None,
            AwardModel::BestPriceQuality if self.weight_sum > 0 => {
                // score * 10^dp = S / (W * 10^(16 - dp)); S is short by < W.
                let s = (-key) as u128;
                self.points(s, self.weight_sum, dp)
            }
            AwardModel::BestPriceQuality => Some(Decimal::ZERO),
            _ => round_fixed(key, self.slack, dp),
        };
        fast.unwrap_or_else(|| round_ratio(&self.exact_value(tender, bids, b), dp))
    }

    fn value_decimals(&self, tender: &Tender) -> u32 {
        match self.award {
            AwardModel::BestPriceQuality | AwardModel::PricePerQuality => SCORE_DECIMALS,
            _ => tender.currency.minor_units(),
        }
    }

    /// Per criterion or cost item, its points or money for bid `b`.
    ///
    /// `raw(c)` gives the bid's raw value of criterion `c` (from
    /// `bids.criteria[c]`, or from a copy gathered in rank order).
    pub(crate) fn breakdown<'t>(
        &self,
        tender: &'t Tender,
        bids: &Bids,
        b: usize,
        raw: &dyn Fn(usize) -> i64,
    ) -> Vec<(&'t str, Decimal)> {
        let minor = tender.currency.minor_units();
        let money = |value: Decimal| {
            let mut rounded = Rounding::HalfEven.round_dp(value, minor);
            rounded.rescale(minor);
            rounded
        };
        let price_index = tender.price_index();
        let price_id = tender.criteria[price_index].id.as_str();
        let price = Decimal::new(raw(price_index), bids.criteria[price_index].scale());
        match self.award {
            AwardModel::LowestPrice => vec![(price_id, money(price))],
            AwardModel::BestPriceQuality => self.points_breakdown(tender, bids, b, raw),
            AwardModel::PricePerQuality => {
                let mut rows = vec![(price_id, money(price))];
                rows.extend(self.points_breakdown(tender, bids, b, raw));
                rows
            }
            AwardModel::ValueDeduction => {
                let mut rows = vec![(price_id, money(price))];
                for (s, value) in self.scored.iter().zip(&self.value_money) {
                    let deduction = decimal_ratio(*value) * self.exact_n(s, bids, b);
                    rows.push((
                        tender.criteria[s.criterion].id.as_str(),
                        round_ratio(&-deduction, minor),
                    ));
                }
                rows
            }
            AwardModel::LowestCost => {
                let mut rows = vec![(price_id, money(price))];
                if let Some(life_cycle) = &tender.life_cycle {
                    for (item, present) in life_cycle
                        .costs
                        .iter()
                        .zip(self.exact_costs(tender, bids, b))
                    {
                        rows.push((item.id.as_str(), round_ratio(&present, minor)));
                    }
                }
                rows
            }
            AwardModel::PriceFeatures => {
                let mut rows = vec![(price_id, money(price))];
                for (c, criterion) in tender.criteria.iter().enumerate() {
                    if matches!(criterion.kind, CriterionKind::Feature { .. }) {
                        rows.push((
                            criterion.id.as_str(),
                            bids.criteria[c].decimal(b).normalize(),
                        ));
                    }
                }
                rows
            }
        }
    }

    /// Points `100 * X / (W * 10^18)` rounded to `dp` places, for a weighted
    /// sum `X` of normalised values truncated by less than `short` in total;
    /// `None` when truncation could change the rounded figure.
    fn points(&self, x: u128, short: u128, dp: u32) -> Option<Decimal> {
        let rounded = self.points_u64(x, short, dp).or_else(|| {
            let unit = 10u128.checked_pow(16u32.checked_sub(dp)?)?;
            let den = self.weight_sum.checked_mul(unit)?;
            exact::round_interval(x, short, den)
        })?;
        Decimal::try_from_i128_with_scale(rounded, dp).ok()
    }

    /// [`Self::points`] with six low digits dropped, so that one hardware
    /// `u64` division does: for a million-row report this is most of the
    /// cost. Dropping digits only widens the interval by two units.
    fn points_u64(&self, x: u128, short: u128, dp: u32) -> Option<i128> {
        const CUT: u128 = 1_000_000;
        let unit = 10u64.checked_pow(10u32.checked_sub(dp)?)?;
        let den = u64::try_from(self.weight_sum).ok()?.checked_mul(unit)?;
        let low = u64::try_from(x / CUT).ok()?;
        let width = u64::try_from(short / CUT + 2).ok()?;
        exact::round_interval_u64(low, width, den).map(i128::from)
    }

    /// Points per scored criterion: `100 * W_c * n_c / sum(W)`, 4 places.
    fn points_breakdown<'t>(
        &self,
        tender: &'t Tender,
        bids: &Bids,
        b: usize,
        raw: &dyn Fn(usize) -> i64,
    ) -> Vec<(&'t str, Decimal)> {
        self.scored
            .iter()
            .map(|s| {
                let id = tender.criteria[s.criterion].id.as_str();
                let fast = self.fixed.then(|| {
                    let n = s.norm.fixed(raw(s.criterion));
                    // W_c * n <= sum(W) * 10^18, bounded by fit_weighted.
                    self.points(s.weight * u128::from(n), s.weight, SCORE_DECIMALS)
                });
                let points = fast.flatten().unwrap_or_else(|| {
                    if self.exact_weight_sum.is_zero() {
                        return Decimal::ZERO;
                    }
                    let exact = decimal_ratio(s.exact_weight)
                        * self.exact_n(s, bids, b)
                        * BigRational::from_integer(BigInt::from(100))
                        / &self.exact_weight_sum;
                    round_ratio(&exact, SCORE_DECIMALS)
                });
                (id, points)
            })
            .collect()
    }
}
