//! How robust a result is: weight ranges and rank reversal.
//!
//! *Weight ranges* (best-price-quality): for each criterion, the interval of
//! its share of the total weight, the other weights rescaled proportionally,
//! within which the winner stays the winner. A bid's score is linear in that
//! share `t`: `S(t) = t * n_k + (1 - t) * R`, with `R` the weighted mean of
//! its other normalised values, so each rival gives one bound on `t`.
//!
//! *Rank reversal*: relative formulas (proportional, linear) depend on the
//! best and worst bids, so removing a losing bid can reorder the others.
//! Only a bid that alone holds the best or worst value of some relative
//! criterion can change a normalisation, so only those are tried.

use crate::bids::Bids;
use crate::evaluate::{EvalError, Warning, WarningCode};
use crate::exact::{decimal_ratio, round_ratio};
use crate::model::{self, ModelValues};
use crate::normalise::Norm;
use crate::rank::{self, Ranking};
use crate::tender::{AwardModel, Tender};
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rust_decimal::Decimal;

/// Weight shares are exact fractions rounded half-even to this many places.
const SHARE_DECIMALS: u32 = 20;

/// The sensitivity analysis of one evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Sensitivity {
    /// Per weighted criterion, the weight range keeping the winner
    /// (best-price-quality with a winner only).
    pub weights: Vec<WeightRange>,
    /// Losing bids whose removal would reorder the others.
    pub rank_reversals: Vec<RankReversal>,
    /// Bids whose removal was tried (the others cannot change any normalisation).
    pub removals_tried: Vec<usize>,
}

/// The weight range of one criterion within which the winner is unchanged.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WeightRange {
    /// The criterion's index in `Tender::criteria`.
    pub criterion: usize,
    /// Its current share of the total weight, as a fraction.
    pub share: Decimal,
    /// The lowest share keeping the winner (fraction, 0 when unbounded).
    pub min_share: Decimal,
    /// The highest share keeping the winner (fraction, 1 when unbounded).
    pub max_share: Decimal,
    /// The bid that overtakes below `min_share`, if any.
    pub rival_below: Option<usize>,
    /// The bid that overtakes above `max_share`, if any.
    pub rival_above: Option<usize>,
}

/// A losing bid whose removal reorders other bids.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RankReversal {
    /// The bid removed.
    pub removed: usize,
    /// Pairs `(a, b)`: `a` ranked above `b` before, below it after (at most 5).
    pub swapped: Vec<(usize, usize)>,
    /// Whether the winner changes.
    pub winner_changes: bool,
}

/// Runs both analyses and adds a warning per rank reversal.
pub(crate) fn analyse(
    tender: &Tender,
    bids: &Bids,
    values: &ModelValues,
    ranking: &Ranking,
    warnings: &mut Vec<Warning>,
) -> Result<Sensitivity, EvalError> {
    let winner = match ranking.ranks.as_slice() {
        [1, 1, ..] | [] => None,
        _ => ranking.positions.first().copied(),
    };
    let weights = match (tender.award, winner) {
        (AwardModel::BestPriceQuality, Some(winner)) => weight_ranges(bids, values, winner),
        _ => Vec::new(),
    };
    let mut sensitivity = Sensitivity {
        weights,
        ..Sensitivity::default()
    };
    rank_reversal(tender, bids, values, ranking, &mut sensitivity)?;
    for reversal in &sensitivity.rank_reversals {
        let pairs: Vec<String> = reversal
            .swapped
            .iter()
            .map(|&(a, b)| format!("{} now below {}", bids.ids[a], bids.ids[b]))
            .collect();
        let mut involved = vec![reversal.removed];
        for &(a, b) in &reversal.swapped {
            involved.extend([a, b]);
        }
        warnings.push(Warning {
            code: WarningCode::RankReversal,
            message: format!(
                "removing losing bid {} ({}) would reorder others{}: {}",
                bids.ids[reversal.removed],
                bids.suppliers[reversal.removed],
                if reversal.winner_changes {
                    ", including the winner"
                } else {
                    ""
                },
                pairs.join("; ")
            ),
            bids: involved,
        });
    }
    Ok(sensitivity)
}

fn weight_ranges(bids: &Bids, values: &ModelValues, winner: usize) -> Vec<WeightRange> {
    let total = &values.exact_weight_sum;
    if total.is_zero() {
        return Vec::new();
    }
    let weights: Vec<BigRational> = values
        .scored
        .iter()
        .map(|s| decimal_ratio(s.exact_weight))
        .collect();
    let n = |k: usize, p: usize| {
        let s = &values.scored[k];
        s.norm
            .exact(bids.criteria[s.criterion].raw()[values.ranked[p]])
    };
    // Every bid's weighted sum over all criteria; a criterion's "others"
    // are this less its own term.
    let mut sums = vec![BigRational::zero(); values.ranked.len()];
    for (k, weight) in weights.iter().enumerate() {
        for (p, sum) in sums.iter_mut().enumerate() {
            *sum += weight * n(k, p);
        }
    }
    let fraction = |value: &BigRational| round_ratio(value, SHARE_DECIMALS);
    let mut ranges = Vec::with_capacity(values.scored.len());
    for (k, s) in values.scored.iter().enumerate() {
        let rest = total - &weights[k];
        let mut range = WeightRange {
            criterion: s.criterion,
            share: fraction(&(&weights[k] / total)),
            min_share: Decimal::ZERO,
            max_share: Decimal::ONE,
            rival_below: None,
            rival_above: None,
        };
        if rest.is_zero() {
            ranges.push(range);
            continue;
        }
        let n_winner = n(k, winner);
        let winner_rest = &sums[winner] - &weights[k] * &n_winner;
        let (mut lower, mut upper) = (BigRational::zero(), BigRational::one());
        for (p, sum) in sums.iter().enumerate() {
            if p == winner {
                continue;
            }
            let n_rival = n(k, p);
            let rival_rest = sum - &weights[k] * &n_rival;
            // t * a >= c keeps the winner ahead of this rival.
            let a = &rest * (&n_winner - &n_rival) - (&winner_rest - &rival_rest);
            let c = &rival_rest - &winner_rest;
            if a.is_zero() {
                continue;
            }
            let bound = (c / &a).clamp(BigRational::zero(), BigRational::one());
            if a.is_positive() && bound > lower {
                lower = bound;
                range.rival_below = Some(values.ranked[p]);
            } else if a.is_negative() && bound < upper {
                upper = bound;
                range.rival_above = Some(values.ranked[p]);
            }
        }
        range.min_share = fraction(&lower);
        range.max_share = fraction(&upper);
        ranges.push(range);
    }
    ranges
}

fn rank_reversal(
    tender: &Tender,
    bids: &Bids,
    values: &ModelValues,
    ranking: &Ranking,
    sensitivity: &mut Sensitivity,
) -> Result<(), EvalError> {
    if ranking.order.len() < 3 || values.scored.is_empty() {
        return Ok(());
    }
    // Every bid sharing the first rank counts as a winner, not a loser.
    let winners: Vec<usize> = ranking
        .order
        .iter()
        .zip(&ranking.ranks)
        .take_while(|(_, rank)| **rank == 1)
        .map(|(&b, _)| b)
        .collect();
    let mut candidates: Vec<usize> = Vec::new();
    for s in &values.scored {
        if !Norm::is_relative(&tender.criteria[s.criterion].kind) {
            continue;
        }
        let raw = bids.criteria[s.criterion].raw();
        for extreme in [
            unique_extreme(&ranking.order, raw, true),
            unique_extreme(&ranking.order, raw, false),
        ] {
            if let Some(b) = extreme
                && !winners.contains(&b)
                && !candidates.contains(&b)
            {
                candidates.push(b);
            }
        }
    }
    candidates.sort_unstable();
    let rank_of = rank_by_bid(ranking, bids.len());
    for removed in candidates {
        sensitivity.removals_tried.push(removed);
        let remaining: Vec<usize> = values
            .ranked
            .iter()
            .copied()
            .filter(|&b| b != removed)
            .collect();
        let again = model::compute(tender, bids, &remaining)?;
        let order = rank::rank(tender, bids, &again).order;
        let swapped: Vec<(usize, usize)> = order
            .windows(2)
            .filter(|pair| rank_of[pair[0]] > rank_of[pair[1]])
            .map(|pair| (pair[1], pair[0]))
            .take(5)
            .collect();
        if !swapped.is_empty() {
            sensitivity.rank_reversals.push(RankReversal {
                removed,
                swapped,
                winner_changes: order.first() != ranking.order.first(),
            });
        }
    }
    Ok(())
}

/// The bid alone holding the minimum (or maximum) of `raw` among `bids`.
fn unique_extreme(bids: &[usize], raw: &[i64], minimum: bool) -> Option<usize> {
    let pick = |b: &&usize| {
        if minimum {
            -(raw[**b] as i128)
        } else {
            raw[**b] as i128
        }
    };
    let best = bids.iter().max_by_key(pick)?;
    let value = raw[*best];
    (bids.iter().filter(|&&b| raw[b] == value).count() == 1).then_some(*best)
}

/// Rank of each bid (`u32::MAX` when not ranked).
fn rank_by_bid(ranking: &Ranking, len: usize) -> Vec<u32> {
    let mut ranks = vec![u32::MAX; len];
    for (&b, &rank) in ranking.order.iter().zip(&ranking.ranks) {
        ranks[b] = rank;
    }
    ranks
}
