//! Invariants of the ranking, checked on random tenders.

use super::*;
use crate::column::Column;
use crate::tender::{Better, Criterion, CriterionKind, Formula};
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;

/// A random best-price-quality tender: a price plus up to three other
/// criteria, each with its bids' values as (mantissa, scale) pairs.
#[derive(Debug, Clone)]
struct Case {
    criteria: Vec<(CriterionKind, u32)>,
    /// Per criterion, per bid: raw value at scale 2.
    values: Vec<Vec<i64>>,
}

fn kind() -> impl Strategy<Value = CriterionKind> {
    let formula = prop_oneof![Just(Formula::Proportional), Just(Formula::Linear)];
    let better = prop_oneof![Just(Better::Lower), Just(Better::Higher)];
    prop_oneof![
        (better, formula).prop_map(|(better, formula)| CriterionKind::Quantity { better, formula }),
        (1i64..=10).prop_map(|s| CriterionKind::Points {
            scale: Decimal::from(s)
        }),
    ]
}

/// Weights, often small and equal so that exact ties are reachable.
fn weight() -> impl Strategy<Value = u32> {
    prop_oneof![1u32..=2, 1u32..100]
}

fn case() -> impl Strategy<Value = Case> {
    (
        2usize..12,
        prop_oneof![Just(Formula::Proportional), Just(Formula::Linear)],
        weight(),
        prop::collection::vec((kind(), weight()), 0..4),
    )
        .prop_flat_map(|(bids, price_formula, price_weight, others)| {
            let mut criteria = vec![(
                CriterionKind::Price {
                    formula: price_formula,
                },
                price_weight,
            )];
            criteria.extend(others);
            let columns: Vec<BoxedStrategy<Vec<i64>>> = criteria
                .iter()
                .map(|(kind, _)| {
                    let range = match kind {
                        CriterionKind::Points { scale } => 0..=scale.mantissa() as i64 * 100,
                        _ => 1..=50_000,
                    };
                    // Half the columns draw from a few small whole numbers, so
                    // that ties, shared extremes and exact ties reached through
                    // different fractions (1/3 + 2/3 = 1/2 + 1/2) are common.
                    let small_top = (*range.end() / 100).clamp(1, 6);
                    let small = ((range.start() + 99) / 100..=small_top).prop_map(|v| v * 100);
                    let wide = prop::collection::vec(range.clone(), bids);
                    prop_oneof![prop::collection::vec(small, bids), wide].boxed()
                })
                .collect();
            (Just(criteria), columns)
        })
        .prop_map(|(criteria, values)| Case { criteria, values })
}

fn build(case: &Case, price_factor: i64) -> (Tender, Bids) {
    let criteria = case
        .criteria
        .iter()
        .enumerate()
        .map(|(i, (kind, weight))| Criterion {
            id: format!("c{i}"),
            name: None,
            weight: Some(Decimal::from(*weight)),
            value: Some(Decimal::from(*weight)),
            kind: kind.clone(),
        })
        .collect();
    let tender = Tender {
        id: "P".to_owned(),
        title: "Property".to_owned(),
        currency: "EUR".parse().expect("EUR"),
        award: AwardModel::BestPriceQuality,
        requirements: Vec::new(),
        criteria,
        abnormally_low: Decimal::new(2, 1),
        life_cycle: None,
        tie_break: Vec::new(),
    };
    let n = case.values[0].len();
    let bids = Bids {
        ids: (0..n).map(|i| format!("B{i}")).collect(),
        suppliers: (0..n).map(|i| format!("S{i}")).collect(),
        lines: (1..=n as u64).collect(),
        requirements: Vec::new(),
        criteria: case
            .values
            .iter()
            .enumerate()
            .map(|(c, column)| {
                let factor = if c == 0 { price_factor } else { 1 };
                Column::from_decimals(column.iter().map(|&v| Decimal::new(v * factor, 2)))
                    .expect("fits")
            })
            .collect(),
        costs: Vec::new(),
        submitted_at: None,
    };
    (tender, bids)
}

fn ranks_by_bid(evaluation: &Evaluation<'_>) -> Vec<u32> {
    let mut ranks = vec![0; evaluation.bids().len()];
    for (&bid, &rank) in evaluation.order().iter().zip(evaluation.ranks()) {
        ranks[bid] = rank;
    }
    ranks
}

/// The score of every bid from the definitions, in rationals: an oracle
/// independent of the fixed-point engine.
fn reference_scores(case: &Case) -> Vec<BigRational> {
    let r = |v: i64| BigRational::from_integer(BigInt::from(v));
    let n_bids = case.values[0].len();
    let total: i64 = case.criteria.iter().map(|(_, w)| i64::from(*w)).sum();
    let mut scores = vec![r(0); n_bids];
    for ((kind, weight), column) in case.criteria.iter().zip(&case.values) {
        let min = *column.iter().min().expect("bids");
        let max = *column.iter().max().expect("bids");
        let lower = kind.lower_is_better();
        let (best, worst) = if lower { (min, max) } else { (max, min) };
        for (score, &v) in scores.iter_mut().zip(column) {
            let n = match kind {
                CriterionKind::Points { scale } => r(v) / (r(scale.mantissa() as i64) * r(100)),
                _ if best == worst => r(1),
                CriterionKind::Price { formula } | CriterionKind::Quantity { formula, .. } => {
                    match (formula, lower) {
                        (Formula::Proportional, true) => r(best) / r(v),
                        (Formula::Proportional, false) => r(v) / r(best),
                        (Formula::Linear, _) => r((worst - v).abs()) / r((worst - best).abs()),
                    }
                }
                CriterionKind::Feature { .. } => r(0),
            };
            *score += r(i64::from(*weight)) * n;
        }
    }
    scores.into_iter().map(|s| s * r(100) / r(total)).collect()
}

proptest! {
    // The scaling property rejects the cases whose price formula is not
    // proportional (about half): allow for that many rejects.
    #![proptest_config(ProptestConfig { max_global_rejects: 8192, ..ProptestConfig::with_cases(512) })]

    /// The fast ranking equals the ranking by exact rational scores,
    /// including which bids tie.
    #[test]
    fn ranking_equals_the_exact_rational_ranking(case in case()) {
        let (tender, bids) = build(&case, 1);
        let evaluation = evaluate(&tender, &bids, &Options::default()).expect("evaluates");
        let scores = reference_scores(&case);
        let ranks = ranks_by_bid(&evaluation);
        for a in 0..scores.len() {
            for b in 0..scores.len() {
                prop_assert_eq!(scores[a] > scores[b], ranks[a] < ranks[b], "bids {} and {}", a, b);
            }
        }
    }

    /// Proportional price scores depend only on price ratios: scaling every
    /// price by the same factor changes no rank.
    #[test]
    fn scaling_all_prices_leaves_proportional_rankings_unchanged(
        case in case(),
        factor in 2i64..1000,
    ) {
        prop_assume!(matches!(case.criteria[0].0, CriterionKind::Price { formula: Formula::Proportional }));
        let (tender, bids) = build(&case, 1);
        let (_, scaled) = build(&case, factor);
        let before = evaluate(&tender, &bids, &Options::default()).expect("evaluates");
        let after = evaluate(&tender, &scaled, &Options::default()).expect("evaluates");
        prop_assert_eq!(ranks_by_bid(&before), ranks_by_bid(&after));
    }

    /// A bid at least as good on every criterion and better on one ranks
    /// strictly above, under every weighted model.
    #[test]
    fn a_dominated_bid_never_ranks_above_its_dominator(
        case in case(),
        award in prop_oneof![
            Just(AwardModel::BestPriceQuality),
            Just(AwardModel::ValueDeduction),
            Just(AwardModel::LowestPrice),
        ],
    ) {
        // Value-deduction needs a criterion to deduct for.
        prop_assume!(award != AwardModel::ValueDeduction || case.criteria.len() > 1);
        let (mut tender, bids) = build(&case, 1);
        tender.award = award;
        let evaluation = evaluate(&tender, &bids, &Options::default()).expect("evaluates");
        let ranks = ranks_by_bid(&evaluation);
        let better_or_equal = |a: usize, b: usize, c: usize| {
            let (x, y) = (case.values[c][a], case.values[c][b]);
            if tender.criteria[c].kind.lower_is_better() { x <= y } else { x >= y }
        };
        let counted = |c: usize| award != AwardModel::LowestPrice || c == 0;
        for a in 0..bids.len() {
            for b in 0..bids.len() {
                let criteria = (0..case.criteria.len()).filter(|&c| counted(c));
                let dominates = criteria.clone().all(|c| better_or_equal(a, b, c))
                    && criteria.clone().any(|c| case.values[c][a] != case.values[c][b]);
                if dominates {
                    prop_assert!(ranks[a] < ranks[b], "{} dominates {} but ranks {} vs {}", a, b, ranks[a], ranks[b]);
                }
            }
        }
    }

    /// Ranks are competition ranks over a sorted order: 1, then each rank is
    /// either its predecessor's (a tie) or its own position.
    #[test]
    fn ranks_are_competition_ranks(case in case()) {
        let (tender, bids) = build(&case, 1);
        let evaluation = evaluate(&tender, &bids, &Options::default()).expect("evaluates");
        let ranks = evaluation.ranks();
        prop_assert_eq!(ranks.first().copied(), Some(1));
        for i in 1..ranks.len() {
            prop_assert!(ranks[i] == ranks[i - 1] || ranks[i] == i as u32 + 1);
        }
        prop_assert_eq!(evaluation.winner().is_some(), ranks.get(1) != Some(&1));
    }
}
