//! Engine tests on hand-built tenders, each figure checked by hand.

use super::*;
use crate::column::Column;
use crate::sensitivity::RankReversal;
use crate::tender::{
    Better, CostItem, CostPer, Criterion, CriterionKind, Formula, LifeCycle, Requirement, TieBreak,
};
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal literal")
}

fn criterion(id: &str, kind: CriterionKind, weight: Option<&str>) -> Criterion {
    Criterion {
        id: id.to_owned(),
        name: None,
        weight: weight.map(dec),
        value: None,
        kind,
    }
}

fn price(weight: Option<&str>) -> Criterion {
    criterion(
        "price",
        CriterionKind::Price {
            formula: Formula::Proportional,
        },
        weight,
    )
}

fn points(id: &str, scale: &str, weight: Option<&str>) -> Criterion {
    criterion(id, CriterionKind::Points { scale: dec(scale) }, weight)
}

fn tender(award: AwardModel, criteria: Vec<Criterion>) -> Tender {
    Tender {
        id: "T-1".to_owned(),
        title: "Test".to_owned(),
        currency: "EUR".parse().expect("EUR"),
        award,
        requirements: Vec::new(),
        criteria,
        abnormally_low: dec("0.20"),
        life_cycle: None,
        tie_break: Vec::new(),
    }
}

/// Bids `A`, `B`, ... with one column of values per criterion.
fn bids(columns: &[&[&str]]) -> Bids {
    let n = columns.first().map_or(0, |c| c.len());
    Bids {
        ids: (0..n)
            .map(|i| char::from(b'A' + i as u8).to_string())
            .collect(),
        suppliers: (0..n).map(|i| format!("Supplier {i}")).collect(),
        lines: (2..).take(n).collect(),
        requirements: Vec::new(),
        criteria: columns.iter().map(|c| column(c)).collect(),
        costs: Vec::new(),
        submitted_at: None,
    }
}

fn column(values: &[&str]) -> Column {
    Column::from_decimals(values.iter().map(|v| dec(v))).expect("fits")
}

fn run<'a>(tender: &'a Tender, bids: &'a Bids) -> Evaluation<'a> {
    evaluate(tender, bids, &Options { sensitivity: true }).expect("evaluates")
}

fn table(evaluation: &Evaluation<'_>) -> Vec<(u32, String, String)> {
    evaluation
        .rows()
        .map(|r| (r.rank, r.bid.to_owned(), r.value.to_string()))
        .collect()
}

fn codes(evaluation: &Evaluation<'_>) -> Vec<&'static str> {
    evaluation
        .warnings()
        .iter()
        .map(|w| w.code.name())
        .collect()
}

fn row(rank: u32, bid: &str, value: &str) -> (u32, String, String) {
    (rank, bid.to_owned(), value.to_owned())
}

/// Price weight 60 (proportional), quality weight 40 (points of 10):
/// n_price = 1, 0.8, 0.5; n_quality = 0.6, 1, 0.8;
/// scores 60 + 24 = 84, 48 + 40 = 88, 30 + 32 = 62.
fn meat() -> (Tender, Bids) {
    (
        tender(
            AwardModel::BestPriceQuality,
            vec![price(Some("60")), points("quality", "10", Some("40"))],
        ),
        bids(&[&["100", "125", "200"], &["6", "10", "8"]]),
    )
}

#[test]
fn best_price_quality_scores_and_explains_every_point() {
    let (tender, bids) = meat();
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![
            row(1, "B", "88.0000"),
            row(2, "A", "84.0000"),
            row(3, "C", "62.0000")
        ]
    );
    assert_eq!(evaluation.winner(), Some("B"));
    let first = evaluation.rows().next().expect("a row");
    assert_eq!(
        first.breakdown,
        vec![("price", dec("48.0000")), ("quality", dec("40.0000"))]
    );
}

#[test]
fn weight_ranges_bound_the_share_that_keeps_the_winner() {
    // B beats A while 0.8t + (1 - t) >= t + 0.6(1 - t), i.e. t <= 2/3;
    // B beats C for every t.
    let (tender, bids) = meat();
    let evaluation = run(&tender, &bids);
    let sensitivity = evaluation.sensitivity().expect("requested");
    let price = &sensitivity.weights[0];
    assert_eq!(price.share, dec("0.6"));
    assert_eq!(price.min_share, Decimal::ZERO);
    assert_eq!(price.max_share.round_dp(6), dec("0.666667"));
    assert_eq!(price.rival_above, Some(0));
    let quality = &sensitivity.weights[1];
    assert_eq!(quality.min_share.round_dp(6), dec("0.333333"));
    assert_eq!(quality.max_share, Decimal::ONE);
}

#[test]
fn lowest_price_ranks_by_price_and_ties_share_a_rank() {
    let tender = tender(AwardModel::LowestPrice, vec![price(None)]);
    let bids = bids(&[&["120.5", "99.5", "99.50", "130"]]);
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![
            row(1, "B", "99.50"),
            row(1, "C", "99.50"),
            row(3, "A", "120.50"),
            row(4, "D", "130.00")
        ]
    );
    assert_eq!(evaluation.winner(), None);
    assert!(codes(&evaluation).contains(&"tie-at-top"));
    assert!(
        evaluation
            .rows()
            .next()
            .expect("row")
            .flags
            .contains(Flag::Tied)
    );
}

#[test]
fn tie_break_by_submission_time_picks_the_earlier_bid() {
    let mut tender = tender(AwardModel::LowestPrice, vec![price(None)]);
    tender.tie_break = vec![TieBreak::SubmittedAt];
    let mut bids = bids(&[&["99.5", "99.50", "130"]]);
    bids.submitted_at = Some(vec![
        time::macros::datetime!(2026-11-20 10:00 UTC),
        time::macros::datetime!(2026-11-20 09:00 UTC),
        time::macros::datetime!(2026-11-19 09:00 UTC),
    ]);
    let evaluation = run(&tender, &bids);
    assert_eq!(evaluation.winner(), Some("B"));
    assert_eq!(
        table(&evaluation),
        vec![
            row(1, "B", "99.50"),
            row(2, "A", "99.50"),
            row(3, "C", "130.00")
        ]
    );
    assert!(codes(&evaluation).contains(&"tie-broken"));
    assert!(!codes(&evaluation).contains(&"tie-at-top"));
}

#[test]
fn tie_break_by_criterion_uses_its_better_direction() {
    let mut tender = tender(
        AwardModel::LowestPrice,
        vec![
            price(None),
            criterion(
                "days",
                CriterionKind::Quantity {
                    better: Better::Lower,
                    formula: Formula::Linear,
                },
                None,
            ),
        ],
    );
    tender.tie_break = vec![TieBreak::Criterion(1)];
    let bids = bids(&[&["10", "10"], &["7", "5"]]);
    let evaluation = run(&tender, &bids);
    assert_eq!(evaluation.winner(), Some("B"));
}

#[test]
fn truncation_never_decides_an_exact_tie() {
    // A: price 3 (n = 1/3), grade 2 of 3 (n = 2/3): 50 * (1/3 + 2/3) = 50.
    // B: price 1 (n = 1),   grade 0 of 3 (n = 0):   50 * (1 + 0)     = 50.
    // Truncated to 18 places A's sum is one unit short of B's.
    let tender = tender(
        AwardModel::BestPriceQuality,
        vec![price(Some("1")), points("quality", "3", Some("1"))],
    );
    let bids = bids(&[&["3", "1"], &["2", "0"]]);
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![row(1, "A", "50.0000"), row(1, "B", "50.0000")]
    );
    assert_eq!(evaluation.winner(), None);
    assert!(codes(&evaluation).contains(&"tie-at-top"));
}

#[test]
fn price_per_quality_divides_price_by_the_quality_score() {
    // Quality (points only) = 60, 100, 80: 100/60, 125/100, 200/80.
    let (mut tender, bids) = meat();
    tender.award = AwardModel::PricePerQuality;
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![
            row(1, "B", "1.2500"),
            row(2, "A", "1.6667"),
            row(3, "C", "2.5000")
        ]
    );
    let first = evaluation.rows().next().expect("row");
    assert_eq!(
        first.breakdown,
        vec![("price", dec("125.00")), ("quality", dec("100.0000"))]
    );
}

#[test]
fn price_per_quality_excludes_a_bid_with_no_quality() {
    let (mut tender, _) = meat();
    tender.award = AwardModel::PricePerQuality;
    let bids = bids(&[&["100", "125"], &["0", "10"]]);
    let evaluation = run(&tender, &bids);
    assert_eq!(table(&evaluation), vec![row(1, "B", "1.2500")]);
    assert_eq!(evaluation.excluded()[0].reasons, vec!["zero-quality"]);
}

#[test]
fn value_deduction_subtracts_the_money_value_of_quality() {
    // Evaluated = price - 50 * n_quality: 100 - 30, 125 - 50, 200 - 40.
    let (mut tender, bids) = meat();
    tender.award = AwardModel::ValueDeduction;
    tender.criteria[1].value = Some(dec("50"));
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![
            row(1, "A", "70.00"),
            row(2, "B", "75.00"),
            row(3, "C", "160.00")
        ]
    );
    let first = evaluation.rows().next().expect("row");
    assert_eq!(
        first.breakdown,
        vec![("price", dec("100.00")), ("quality", dec("-30.00"))]
    );
}

#[test]
fn lowest_cost_discounts_yearly_and_end_costs() {
    // A: 1000 + 100/1.1 + 100/1.21 + 50/1.21 = 1214.876...
    // B: 1100 +  20/1.1 +  20/1.21 +  0      = 1134.710...
    let mut tender = tender(AwardModel::LowestCost, vec![price(None)]);
    tender.life_cycle = Some(LifeCycle {
        years: 2,
        discount_rate: dec("0.1"),
        costs: vec![
            CostItem {
                id: "energy".to_owned(),
                per: CostPer::Year,
            },
            CostItem {
                id: "disposal".to_owned(),
                per: CostPer::End,
            },
            CostItem {
                id: "installation".to_owned(),
                per: CostPer::Once,
            },
        ],
    });
    let mut bids = bids(&[&["1000", "1100"]]);
    bids.costs = vec![
        column(&["100", "20"]),
        column(&["50", "0"]),
        column(&["0", "0"]),
    ];
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![row(1, "B", "1134.71"), row(2, "A", "1214.88")]
    );
    let last = evaluation.rows().nth(1).expect("row");
    assert_eq!(
        last.breakdown,
        vec![
            ("price", dec("1000.00")),
            ("energy", dec("173.55")),
            ("disposal", dec("41.32")),
            ("installation", dec("0.00"))
        ]
    );
}

#[test]
fn price_features_matches_prozorros_published_example() {
    // Maxima 0.15 + 0.15, chosen 0.1 + 0.1: coefficient 1 + 0.2 / 0.7 = 9/7,
    // 499.00 / (9/7) = 388.11 (Prozorro's documented example).
    let feature = |id: &str| {
        criterion(
            id,
            CriterionKind::Feature {
                values: vec![dec("0"), dec("0.05"), dec("0.1"), dec("0.15")],
            },
            None,
        )
    };
    let tender = tender(
        AwardModel::PriceFeatures,
        vec![price(None), feature("warranty"), feature("delivery")],
    );
    let bids = bids(&[&["499.00", "400"], &["0.1", "0"], &["0.1", "0"]]);
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![row(1, "A", "388.11"), row(2, "B", "400.00")]
    );
}

#[test]
fn requirements_exclude_with_their_ids_as_reasons() {
    let (mut tender, mut bids) = meat();
    tender.requirements = vec![
        Requirement {
            id: "tco".to_owned(),
            text: "TCO Certified".to_owned(),
        },
        Requirement {
            id: "warranty".to_owned(),
            text: "3-year warranty".to_owned(),
        },
    ];
    bids.requirements = vec![vec![true, false, true], vec![true, false, false]];
    let evaluation = run(&tender, &bids);
    let excluded: Vec<(usize, Vec<String>)> = evaluation
        .excluded()
        .iter()
        .map(|e| (e.bid, e.reasons.clone()))
        .collect();
    assert_eq!(
        excluded,
        vec![
            (1, vec!["tco".to_owned(), "warranty".to_owned()]),
            (2, vec!["warranty".to_owned()])
        ]
    );
    assert_eq!(evaluation.winner(), Some("A"));
}

#[test]
fn nothing_compliant_means_no_winner() {
    let (mut tender, mut bids) = meat();
    tender.requirements = vec![Requirement {
        id: "tco".to_owned(),
        text: "TCO Certified".to_owned(),
    }];
    bids.requirements = vec![vec![false, false, false]];
    let evaluation = run(&tender, &bids);
    assert_eq!(evaluation.winner(), None);
    assert_eq!(codes(&evaluation), vec!["no-compliant-bid"]);
}

#[test]
fn abnormally_low_is_strictly_more_than_the_fraction_below_the_others_mean() {
    // Others' mean is 100 for C and D; 80 is exactly 20 % below (not flagged),
    // 79.99 is more than 20 % below (flagged).
    let tender = tender(AwardModel::LowestPrice, vec![price(None)]);
    for (low, flagged) in [("80", false), ("79.99", true)] {
        let bids = bids(&[&["100", "100", "100", low]]);
        let evaluation = run(&tender, &bids);
        let first = evaluation.rows().next().expect("row");
        assert_eq!(first.bid, "D");
        assert_eq!(first.flags.contains(Flag::AbnormallyLow), flagged, "{low}");
        assert_eq!(codes(&evaluation).contains(&"abnormally-low"), flagged);
    }
}

#[test]
fn removing_a_losing_extreme_bid_can_reverse_the_others() {
    // Linear price (60) and quality (40). With Z: X = 60, Y = 54 + 20 = 74,
    // Z = 40. Without Z the price range shrinks to 100..110 and the quality
    // range to 0..5: X = 60, Y = 40, so X and Y swap.
    let linear = |id: &str, better: Better, weight: &str| {
        criterion(
            id,
            CriterionKind::Quantity {
                better,
                formula: Formula::Linear,
            },
            Some(weight),
        )
    };
    let tender = tender(
        AwardModel::BestPriceQuality,
        vec![
            criterion(
                "price",
                CriterionKind::Price {
                    formula: Formula::Linear,
                },
                Some("60"),
            ),
            linear("quality", Better::Higher, "40"),
        ],
    );
    let mut bids = bids(&[&["100", "110", "200"], &["0", "5", "10"]]);
    bids.ids = vec!["X".to_owned(), "Y".to_owned(), "Z".to_owned()];
    let evaluation = run(&tender, &bids);
    assert_eq!(evaluation.winner(), Some("Y"));
    let sensitivity = evaluation.sensitivity().expect("requested");
    assert_eq!(
        sensitivity.rank_reversals,
        vec![RankReversal {
            removed: 2,
            swapped: vec![(1, 0)],
            winner_changes: true
        }]
    );
    assert!(codes(&evaluation).contains(&"rank-reversal"));
}

#[test]
fn bids_built_for_another_tender_are_refused() {
    let (tender, _) = meat();
    let bids = bids(&[&["1"]]);
    assert_eq!(
        evaluate(&tender, &bids, &Options::default()).err(),
        Some(EvalError::ShapeMismatch {
            what: "criterion",
            expected: 2,
            found: 1
        })
    );
}

#[test]
fn the_report_follows_the_public_json_contract() {
    let (mut tender, mut bids) = meat();
    tender.requirements = vec![Requirement {
        id: "tco".to_owned(),
        text: "TCO Certified".to_owned(),
    }];
    bids.requirements = vec![vec![true, true, false]];
    let evaluation = evaluate(&tender, &bids, &Options::default()).expect("evaluates");
    let json = serde_json::to_value(evaluation.report()).expect("serialises");
    // A: 60 + 24 = 84; B: 48 + 40 = 88 (C is excluded, so prices 100 and 125).
    assert_eq!(
        json,
        serde_json::json!({
            "tender": "T-1",
            "award": "best-price-quality",
            "currency": "EUR",
            "winner": "B",
            "ranking": [
                { "rank": 1, "bid": "B", "supplier": "Supplier 1", "value": "88.0000",
                  "breakdown": { "price": "48.0000", "quality": "40.0000" }, "flags": [] },
                { "rank": 2, "bid": "A", "supplier": "Supplier 0", "value": "84.0000",
                  "breakdown": { "price": "60.0000", "quality": "24.0000" }, "flags": [] }
            ],
            "excluded": [ { "bid": "C", "supplier": "Supplier 2", "reasons": ["tco"] } ],
            "warnings": []
        })
    );
}

#[test]
fn a_short_column_is_refused_not_a_panic() {
    let (tender, mut bids) = meat();
    bids.criteria[1] = column(&["6", "10"]);
    assert_eq!(
        evaluate(&tender, &bids, &Options::default()).err(),
        Some(EvalError::ShapeMismatch {
            what: "per-bid values in a",
            expected: 3,
            found: 2
        })
    );
}

#[test]
fn a_broken_tie_is_not_reported_as_a_near_tie() {
    let mut tender = tender(AwardModel::LowestPrice, vec![price(None)]);
    tender.tie_break = vec![TieBreak::SubmittedAt];
    let mut bids = bids(&[&["99.5", "99.50"]]);
    bids.submitted_at = Some(vec![
        time::macros::datetime!(2026-11-20 10:00 UTC),
        time::macros::datetime!(2026-11-20 09:00 UTC),
    ]);
    let evaluation = run(&tender, &bids);
    assert_eq!(codes(&evaluation), vec!["tie-broken"]);
}

#[test]
fn a_near_tie_is_reported_when_rounding_hides_a_difference() {
    // 100.001 and 100.004 both print 100.00 but are not equal.
    let tender = tender(AwardModel::LowestPrice, vec![price(None)]);
    let bids = bids(&[&["100.004", "100.001"]]);
    let evaluation = run(&tender, &bids);
    assert_eq!(
        table(&evaluation),
        vec![row(1, "B", "100.00"), row(2, "A", "100.00")]
    );
    assert_eq!(evaluation.winner(), Some("B"));
    assert_eq!(codes(&evaluation), vec!["near-tie"]);
}

#[test]
fn parallel_json_writing_gives_the_serialised_report_byte_for_byte() {
    use crate::generate::{SyntheticSpec, synthetic};
    let (tender, mut bids) = synthetic(&SyntheticSpec {
        bids: 20_000,
        seed: 3,
    });
    // Names that need escaping take the slow path.
    bids.suppliers[1] = "Quote \"Q\" & Back\\slash\nAB".to_owned();
    bids.ids[2] = "B-\u{7}-ö".to_owned();
    let evaluation = run(&tender, &bids);
    let mut written = Vec::new();
    evaluation
        .report()
        .write_json(&mut written)
        .expect("writes to memory");
    let serialised = serde_json::to_vec(&evaluation.report()).expect("serialises");
    assert_eq!(written.len(), serialised.len());
    assert!(
        written == serialised,
        "parallel JSON differs from the serde report"
    );
}

/// Tenders and bids built in code that break a rule are refused, never a
/// panic (each of these panicked or ranked silently before validation).
#[test]
fn invalid_tenders_built_in_code_are_refused() {
    let bids_of = || bids(&[&["100", "120"], &["3", "4"]]);
    let refused = |tender: Tender, bids: Bids, expected: &str| {
        let error = evaluate(&tender, &bids, &Options::default())
            .err()
            .unwrap_or_else(|| panic!("{expected}: evaluated"));
        assert_eq!(error.to_string(), expected);
    };
    let mut zero = tender(
        AwardModel::BestPriceQuality,
        vec![price(Some("0")), points("q", "5", Some("0"))],
    );
    refused(
        zero.clone(),
        bids_of(),
        "tender criteria[0] (\"price\").weight: must be positive",
    );
    zero.criteria[0].weight = Some(dec("-1"));
    refused(
        zero,
        bids_of(),
        "tender criteria[0] (\"price\").weight: must be positive",
    );
    refused(
        tender(AwardModel::BestPriceQuality, Vec::new()),
        bids(&[]),
        "tender criteria: exactly one criterion must be the price",
    );
    let mut tie = tender(
        AwardModel::BestPriceQuality,
        vec![price(Some("1")), points("q", "5", Some("1"))],
    );
    tie.tie_break = vec![TieBreak::Criterion(7)];
    refused(
        tie,
        bids_of(),
        "tender tie_break[0]: names a criterion the tender does not have",
    );
    refused(
        tender(
            AwardModel::BestPriceQuality,
            vec![price(Some("1")), points("q", "5", Some("1"))],
        ),
        bids(&[&["100", "120"], &["3", "50"]]),
        "bid \"B\": criterion \"q\": a grade must be from 0 to the criterion's scale",
    );
    refused(
        tender(
            AwardModel::BestPriceQuality,
            vec![price(Some("1")), points("q", "0", Some("1"))],
        ),
        bids_of(),
        "tender criteria[1] (\"q\").scale: must be positive",
    );
}

/// Weights with 20 significant digits overflowed the weight-range
/// arithmetic (a panic with `--sensitivity`); the ranges are now exact.
#[test]
fn sensitivity_with_long_weights_is_exact() {
    let third = "33.333333333333333333";
    let (mut tender, bids) = meat();
    for criterion in &mut tender.criteria {
        criterion.weight = Some(dec(third));
    }
    let evaluation = run(&tender, &bids);
    let ranges = &evaluation.sensitivity().expect("requested").weights;
    assert_eq!(ranges[0].share, dec("0.5"));
    // Equal weights: B (0.8, 1) beats A (1, 0.6) while 0.8t + 1 - t >= t + 0.6(1 - t),
    // that is t <= 2/3.
    assert_eq!(ranges[0].max_share, dec("0.66666666666666666667"));
}
