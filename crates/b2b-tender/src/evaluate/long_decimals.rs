//! Rankings with weights and grade scales of up to 28 significant digits,
//! and values of up to the 18 a bid column holds, against an oracle that
//! computes every score from the definitions in rationals.
//!
//! Such weights overflowed the fixed-point sums before they were bounded:
//! a third to a half of these tenders were ranked wrong.

use super::*;
use crate::column::Column;
use crate::tender::{Better, Criterion, CriterionKind, Formula};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;
use proptest::prelude::*;
use rust_decimal::RoundingStrategy;

/// A decimal with 1 to `digits` significant digits at a scale in `0..=max_scale`.
fn long_decimal(digits: u32, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (1..=digits, 0..=max_scale, any::<u128>()).prop_map(|(digits, scale, bits)| {
        let top = 10u128.pow(digits);
        let mantissa = (bits % (top - top / 10)) + top / 10;
        Decimal::from_i128_with_scale(mantissa as i128, scale)
    })
}

/// A positive weight or scale of up to 28 significant digits, often short.
fn weight() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (1u32..100).prop_map(Decimal::from),
        long_decimal(28, 28),
        long_decimal(20, 10),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    award: AwardModel,
    /// The criteria and their weights; the first is the price.
    criteria: Vec<(CriterionKind, Decimal)>,
    /// Per criterion, per bid.
    values: Vec<Vec<Decimal>>,
}

fn kind() -> impl Strategy<Value = CriterionKind> {
    let formula = prop_oneof![Just(Formula::Proportional), Just(Formula::Linear)];
    let better = prop_oneof![Just(Better::Lower), Just(Better::Higher)];
    prop_oneof![
        (better, formula).prop_map(|(better, formula)| CriterionKind::Quantity { better, formula }),
        weight().prop_map(|scale| CriterionKind::Points { scale }),
    ]
}

/// The largest grade of at most 18 digits at `scale` decimals not above `value`.
fn fit_column(value: Decimal, scale: u32) -> Decimal {
    let cap = Decimal::from_i128_with_scale(999_999_999_999_999_999, scale);
    value
        .round_dp_with_strategy(scale, RoundingStrategy::ToZero)
        .min(cap)
}

/// One column: a common decimal scale and each bid's value at it, positive
/// with up to 18 digits or a grade in `[0, scale]`; often from a few small
/// values so that ties are reachable.
fn column(kind: &CriterionKind, bids: usize) -> BoxedStrategy<Vec<Decimal>> {
    let kind = kind.clone();
    (0u32..=18)
        .prop_flat_map(move |scale| {
            let value = match &kind {
                CriterionKind::Points { scale: top } => {
                    let top = *top;
                    (0u32..=4, 0i64..=1000)
                        .prop_map(move |(few, permille)| {
                            let fraction = if few < 4 {
                                Decimal::from(few) / Decimal::from(3)
                            } else {
                                Decimal::new(permille, 3)
                            };
                            fit_column((top * fraction).min(top), scale)
                        })
                        .boxed()
                }
                _ => prop_oneof![
                    (1i64..=4).prop_map(Decimal::from),
                    (1u32..=18, any::<u64>()).prop_map(move |(digits, bits)| {
                        let top = 10u64.pow(digits);
                        let mantissa = bits % top;
                        Decimal::from_i128_with_scale(i128::from(mantissa.max(1)), scale)
                    }),
                ]
                .boxed(),
            };
            prop::collection::vec(value, bids)
        })
        .boxed()
}

fn case() -> impl Strategy<Value = Case> {
    (
        2usize..8,
        prop_oneof![
            Just(AwardModel::BestPriceQuality),
            Just(AwardModel::PricePerQuality)
        ],
        prop_oneof![Just(Formula::Proportional), Just(Formula::Linear)],
        weight(),
        prop::collection::vec((kind(), weight()), 1..4),
    )
        .prop_flat_map(|(bids, award, price_formula, price_weight, others)| {
            let mut criteria = vec![(
                CriterionKind::Price {
                    formula: price_formula,
                },
                price_weight,
            )];
            criteria.extend(others);
            let columns: Vec<_> = criteria
                .iter()
                .map(|(kind, _)| column(kind, bids))
                .collect();
            (Just(award), Just(criteria), columns)
        })
        .prop_map(|(award, criteria, values)| Case {
            award,
            criteria,
            values,
        })
}

fn build(case: &Case) -> (Tender, Bids) {
    let criteria = case
        .criteria
        .iter()
        .enumerate()
        .map(|(i, (kind, weight))| Criterion {
            id: format!("c{i}"),
            name: None,
            weight: Some(*weight),
            value: None,
            kind: kind.clone(),
        })
        .collect();
    let tender = Tender {
        id: "L".to_owned(),
        title: "Long decimals".to_owned(),
        currency: "EUR".parse().expect("EUR"),
        award: case.award,
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
            .map(|column| Column::from_decimals(column.iter().copied()).expect("fits 18 digits"))
            .collect(),
        costs: Vec::new(),
        submitted_at: None,
    };
    (tender, bids)
}

fn q(value: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(value.mantissa()),
        num_traits::pow(BigInt::from(10), value.scale() as usize),
    )
}

/// Each bid's value from the definitions, lower ranking first; `None` for a
/// price-per-quality bid with no quality.
fn reference(case: &Case) -> Vec<Option<BigRational>> {
    let n_bids = case.values[0].len();
    let weighted = |skip_price: bool| {
        let chosen: Vec<usize> = (0..case.criteria.len())
            .filter(|&c| !(skip_price && c == 0))
            .collect();
        let total: BigRational = chosen.iter().map(|&c| q(case.criteria[c].1)).sum();
        let mut scores = vec![BigRational::zero(); n_bids];
        for &c in &chosen {
            let (kind, weight) = &case.criteria[c];
            let column: Vec<BigRational> = case.values[c].iter().map(|v| q(*v)).collect();
            let min = column.iter().min().expect("bids").clone();
            let max = column.iter().max().expect("bids").clone();
            let lower = kind.lower_is_better();
            let (best, worst) = if lower { (min, max) } else { (max, min) };
            for (score, v) in scores.iter_mut().zip(&column) {
                let n = match kind {
                    CriterionKind::Points { scale } => v / q(*scale),
                    _ if best == worst => BigRational::from_integer(1.into()),
                    CriterionKind::Price { formula } | CriterionKind::Quantity { formula, .. } => {
                        match (formula, lower) {
                            (Formula::Proportional, true) => &best / v,
                            (Formula::Proportional, false) => v / &best,
                            (Formula::Linear, _) => {
                                num_traits::Signed::abs(&(&worst - v))
                                    / num_traits::Signed::abs(&(&worst - &best))
                            }
                        }
                    }
                    CriterionKind::Feature { .. } => BigRational::zero(),
                };
                *score += q(*weight) * n;
            }
        }
        let hundred = BigRational::from_integer(100.into());
        scores
            .into_iter()
            .map(|s| s * &hundred / &total)
            .collect::<Vec<_>>()
    };
    match case.award {
        AwardModel::BestPriceQuality => weighted(false).into_iter().map(|s| Some(-s)).collect(),
        _ => weighted(true)
            .into_iter()
            .zip(&case.values[0])
            .map(|(quality, price)| (!quality.is_zero()).then(|| q(*price) / quality))
            .collect(),
    }
}

fn ranks_by_bid(evaluation: &Evaluation<'_>) -> Vec<Option<u32>> {
    let mut ranks = vec![None; evaluation.bids().len()];
    for (&bid, &rank) in evaluation.order().iter().zip(evaluation.ranks()) {
        ranks[bid] = Some(rank);
    }
    ranks
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// Every tender of long decimals is ranked exactly as the oracle ranks
    /// it, including exact ties and zero-quality exclusions, and every
    /// printed value is the oracle's value rounded half-even.
    #[test]
    fn long_decimals_rank_exactly(case in case()) {
        let (tender, bids) = build(&case);
        let expected = reference(&case);
        let evaluation = match evaluate(&tender, &bids, &Options { sensitivity: true }) {
            Ok(evaluation) => evaluation,
            Err(EvalError::Overflow { bid, .. }) => {
                // Refused, never wrong: only a value too large to print may be.
                let index = bids.ids.iter().position(|id| *id == bid).expect("a bid");
                let limit = BigRational::from_integer(BigInt::from(10).pow(21));
                let value = expected[index].clone().expect("valued");
                prop_assert!(num_traits::Signed::abs(&value) >= limit, "{} refused", bid);
                return Ok(());
            }
            Err(other) => return Err(TestCaseError::fail(other.to_string())),
        };
        let ranks = ranks_by_bid(&evaluation);
        for a in 0..expected.len() {
            prop_assert_eq!(expected[a].is_some(), ranks[a].is_some(), "bid {} valued", a);
            for b in 0..expected.len() {
                if let (Some(x), Some(y), Some(ra), Some(rb)) = (&expected[a], &expected[b], ranks[a], ranks[b]) {
                    prop_assert_eq!(x < y, ra < rb, "bids {} and {}", a, b);
                }
            }
        }
        for (row, &bid) in evaluation.rows().zip(evaluation.order()) {
            let exact = expected[bid].as_ref().expect("ranked bids are valued");
            let exact = if case.award == AwardModel::BestPriceQuality { -exact } else { exact.clone() };
            prop_assert_eq!(row.value, crate::exact::round_ratio(&exact, crate::model::SCORE_DECIMALS));
        }
    }
}

/// The hostile review's case: A ranked first although B scores 82.5 to 55.
#[test]
fn twenty_eight_digit_weights_rank_the_best_bid_first() {
    let case = Case {
        award: AwardModel::BestPriceQuality,
        criteria: vec![
            (
                CriterionKind::Price {
                    formula: Formula::Proportional,
                },
                "0.8888888888888888888888888889".parse().expect("decimal"),
            ),
            (
                CriterionKind::Points {
                    scale: Decimal::TEN,
                },
                "1.142857142857142857142857143".parse().expect("decimal"),
            ),
        ],
        values: vec![
            vec![Decimal::from(120), Decimal::from(200), Decimal::from(120)],
            vec![Decimal::from(2), Decimal::from(10), Decimal::from(1)],
        ],
    };
    let (tender, bids) = build(&case);
    let evaluation = evaluate(&tender, &bids, &Options { sensitivity: true }).expect("evaluates");
    assert_eq!(evaluation.winner(), Some("B1"));
    let values: Vec<String> = evaluation.rows().map(|r| r.value.to_string()).collect();
    assert_eq!(values, ["82.5000", "55.0000", "49.3750"]);
}

/// Found by the `evaluate` fuzz target: a quality so small that the
/// truncated score is 0 gave a key beyond `i128`, which saturated, and the
/// report printed `Decimal::MAX` (or a value of 10^21 and more). It is now
/// valued in rationals and refused.
#[test]
fn a_price_per_quality_value_beyond_the_limit_is_refused_not_saturated() {
    let case = Case {
        award: AwardModel::PricePerQuality,
        criteria: vec![
            (
                CriterionKind::Price {
                    formula: Formula::Linear,
                },
                Decimal::ONE,
            ),
            (
                CriterionKind::Points {
                    scale: "511373457823.9".parse().expect("decimal"),
                },
                Decimal::from(45_905_502_532_861_951_i64),
            ),
        ],
        values: vec![
            vec![Decimal::ONE, Decimal::ONE],
            vec![
                Decimal::from(100),
                "0.0000000000002".parse().expect("decimal"),
            ],
        ],
    };
    let (tender, bids) = build(&case);
    let Err(error) = evaluate(&tender, &bids, &Options::default()) else {
        panic!("a value of 10^21 or more must be refused");
    };
    assert_eq!(
        error,
        EvalError::Overflow {
            bid: "B1".to_owned(),
            what: "price per quality point"
        }
    );
}
