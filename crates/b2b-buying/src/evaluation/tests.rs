use super::*;
use b2b_tender::input::{TenderFormat, parse_tender};
use proptest::prelude::*;

/// The office-laptops tender: `support` is graded 0 to 5, `ergonomics`
/// 0 to 10.
fn tender() -> Tender {
    let text = include_str!("../../../../examples/office-laptops/tender.toml");
    parse_tender(text, TenderFormat::Toml, "tender.toml").expect("the example tender")
}

fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn grades(rows: &[(&str, &str, &str, &str)]) -> Vec<Grade> {
    rows.iter()
        .enumerate()
        .map(|(i, (evaluator, bid, criterion, grade))| Grade {
            line: i as u64 + 2,
            evaluator: (*evaluator).to_owned(),
            bid: (*bid).to_owned(),
            criterion: (*criterion).to_owned(),
            grade: d(grade),
        })
        .collect()
}

fn percent(value: u32) -> Percent {
    Percent::new(Decimal::from(value))
}

const TEAM: [(&str, &str, &str, &str); 6] = [
    ("clara", "B01", "support", "4"),
    ("david", "B01", "support", "3"),
    ("erik", "B01", "support", "5"),
    ("clara", "B02", "support", "2"),
    ("david", "B02", "support", "2"),
    ("erik", "B02", "support", "3.5"),
];

#[test]
fn mean_median_and_influence_weighted_by_hand() {
    let tender = tender();
    let team = grades(&TEAM);
    let evaluators = [("clara", "2"), ("david", "1.5"), ("erik", "1")].map(|(id, w)| Evaluator {
        id: id.to_owned(),
        influence: d(w),
    });
    let points = |method| {
        let result =
            aggregate(&tender, &team, &evaluators, method, percent(20)).expect("aggregates");
        (
            result.points_of("B01", "support"),
            result.points_of("B02", "support"),
        )
    };
    // B01: (4 + 3 + 5) / 3 = 4; B02: 7.5 / 3 = 2.5.
    assert_eq!(points(Method::Mean), (Some(d("4")), Some(d("2.5"))));
    // Middle grades: 4 and 2.
    assert_eq!(points(Method::Median), (Some(d("4")), Some(d("2"))));
    // B01: (2·4 + 1.5·3 + 1·5) / 4.5 = 17.5 / 4.5 = 3.8888… → 3.8889;
    // B02: (4 + 3 + 3.5) / 4.5 = 2.3333… → 2.3333.
    assert_eq!(
        points(Method::InfluenceWeighted),
        (Some(d("3.8889")), Some(d("2.3333")))
    );
}

#[test]
fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
    assert_eq!(median(vec![d("1"), d("4"), d("2"), d("5")]), Some(d("3")));
}

#[test]
fn an_evaluator_far_from_the_others_is_flagged() {
    // The team's medians: B01 {3, 3, 5} → 3, B02 {1, 2, 3.5} → 2.
    let tender = tender();
    let team = grades(&[
        ("clara", "B01", "support", "3"),
        ("david", "B01", "support", "3"),
        ("fatima", "B01", "support", "5"),
        ("clara", "B02", "support", "2"),
        ("david", "B02", "support", "1"),
        ("fatima", "B02", "support", "3.5"),
    ]);
    let result = aggregate(&tender, &team, &[], Method::Mean, percent(20)).expect("aggregates");
    let flagged: Vec<(&str, Decimal)> = result
        .flagged()
        .map(|d| (d.evaluator.as_str(), d.percent_of_scale.value()))
        .collect();
    // fatima: |5 − 3| = 2 and |3.5 − 2| = 1.5: mean 1.75, 35 % of 5, above
    // the 20 % threshold.
    assert_eq!(flagged, [("fatima", d("35.00"))]);
    // david: 0 and |1 − 2| = 1: mean 0.5, 10 %; clara: 0.
    let david = result
        .deviations
        .iter()
        .find(|d| d.evaluator == "david")
        .expect("david");
    assert_eq!(
        (
            david.mean_deviation,
            david.percent_of_scale.value(),
            david.flagged
        ),
        (d("0.5"), d("10.00"), false)
    );
}

#[test]
fn bad_grades_say_what_and_where() {
    let tender = tender();
    let error = |rows: &[(&str, &str, &str, &str)], evaluators: &[Evaluator]| {
        aggregate(
            &tender,
            &grades(rows),
            evaluators,
            Method::Mean,
            percent(20),
        )
        .expect_err("refused")
        .to_string()
    };
    assert_eq!(
        error(&[("clara", "B01", "support", "6")], &[]),
        "grades line 2: grade 6 for support is outside 0 to 5"
    );
    assert_eq!(
        error(&[("clara", "B01", "price", "3")], &[]),
        "grades line 2: \"price\" is not a points criterion of the tender (points criteria: ergonomics, support)"
    );
    assert_eq!(
        error(
            &[
                ("clara", "B01", "support", "3"),
                ("clara", "B01", "support", "4")
            ],
            &[]
        ),
        "grades line 3: clara graded bid B01 on support already (line 2)"
    );
    assert_eq!(
        error(
            &[
                ("clara", "B01", "support", "3"),
                ("clara", "B02", "support", "4"),
                ("david", "B01", "support", "4")
            ],
            &[]
        ),
        "david graded support for some bids but not for bid B02: every evaluator of a criterion grades every bid"
    );
    let only_clara = [Evaluator {
        id: "clara".to_owned(),
        influence: Decimal::ONE,
    }];
    assert_eq!(
        error(&[("zoe", "B01", "support", "3")], &only_clara),
        "grades line 2: evaluator \"zoe\" is not in the evaluators list"
    );
    assert_eq!(
        "modal".parse::<Method>().map_err(|e| e.to_string()),
        Err("unknown method \"modal\" (expected mean, median or influence-weighted)".to_owned())
    );
}

#[test]
fn the_files_read_and_the_bids_are_rewritten() {
    let team = parse_grades("Evaluator,Bid,Criterion,Grade,comment\nclara,B01,support,4,clear SLA\n\nclara,B02,support,2,\n")
        .expect("read");
    // Line 3 is blank: the second grade is on line 4.
    assert_eq!(team.iter().map(|g| g.line).collect::<Vec<_>>(), [2, 4]);
    assert_eq!(
        parse_grades("evaluator,bid,grade\n").map_err(|e| e.to_string()),
        Err("grades line 1: the header has no \"criterion\" column (needed: evaluator, bid, criterion, grade)".to_owned())
    );
    assert_eq!(
        parse_evaluators("evaluator,influence\nclara,0\n").map_err(|e| e.to_string()),
        Err("evaluators line 2: influence: 0 is not above 0".to_owned())
    );
    let result = aggregate(&tender(), &team, &[], Method::Mean, percent(20)).expect("aggregates");
    let bids = "bid,supplier,support\nB01,Nordlund IT AB,0\nB02,\"Baltic Office Systems, OÜ\",0\n";
    assert_eq!(
        write_bids(bids, &result).expect("written"),
        "bid,supplier,support\nB01,Nordlund IT AB,4\nB02,\"Baltic Office Systems, OÜ\",2\n"
    );
    assert_eq!(
        write_bids("bid,support\nB03,1\n", &result).map_err(|e| e.to_string()),
        Err("bids line 2: bid B03 has no grades for support".to_owned())
    );
}

fn any_grades() -> impl Strategy<Value = Vec<(Decimal, Decimal)>> {
    // (grade on a 0..5 scale in steps of 0.5, influence 1..4)
    proptest::collection::vec((0u32..=10, 1u32..=4), 1..7).prop_map(|rows| {
        rows.into_iter()
            .map(|(g, w)| (Decimal::from(g) / Decimal::TWO, Decimal::from(w)))
            .collect()
    })
}

fn team_of(rows: &[(Decimal, Decimal)]) -> (Vec<Grade>, Vec<Evaluator>) {
    let grades = rows
        .iter()
        .enumerate()
        .map(|(i, (grade, _))| Grade {
            line: i as u64 + 2,
            evaluator: format!("e{i}"),
            bid: "B01".to_owned(),
            criterion: "support".to_owned(),
            grade: *grade,
        })
        .collect();
    let evaluators = rows
        .iter()
        .enumerate()
        .map(|(i, (_, weight))| Evaluator {
            id: format!("e{i}"),
            influence: *weight,
        })
        .collect();
    (grades, evaluators)
}

proptest! {
    #[test]
    fn every_aggregate_lies_between_the_lowest_and_highest_grade(rows in any_grades()) {
        let (grades, evaluators) = team_of(&rows);
        for method in [Method::Mean, Method::Median, Method::InfluenceWeighted] {
            let result = aggregate(&tender(), &grades, &evaluators, method, percent(20)).expect("aggregates");
            let points = &result.points[0];
            prop_assert!(points.min <= points.exact && points.exact <= points.max, "{method}: {points:?}");
        }
    }

    #[test]
    fn equal_or_scaled_weights_change_nothing(rows in any_grades(), factor in 1u32..50) {
        let (grades, evaluators) = team_of(&rows);
        let equal: Vec<Evaluator> = evaluators.iter().map(|e| Evaluator { id: e.id.clone(), influence: Decimal::ONE }).collect();
        let scaled: Vec<Evaluator> = evaluators.iter().map(|e| Evaluator { id: e.id.clone(), influence: e.influence * Decimal::from(factor) }).collect();
        let points = |evaluators: &[Evaluator], method| {
            aggregate(&tender(), &grades, evaluators, method, percent(20)).expect("aggregates").points[0].points
        };
        prop_assert_eq!(points(&equal, Method::InfluenceWeighted), points(&equal, Method::Mean));
        prop_assert_eq!(points(&scaled, Method::InfluenceWeighted), points(&evaluators, Method::InfluenceWeighted));
    }

    #[test]
    fn the_order_of_the_grades_changes_nothing(rows in any_grades(), seed in any::<u64>()) {
        let (grades, evaluators) = team_of(&rows);
        let mut shuffled = grades.clone();
        let len = shuffled.len();
        shuffled.rotate_left((seed as usize) % len);
        shuffled.reverse();
        for method in [Method::Mean, Method::Median, Method::InfluenceWeighted] {
            let a = aggregate(&tender(), &grades, &evaluators, method, percent(20)).expect("aggregates");
            let b = aggregate(&tender(), &shuffled, &evaluators, method, percent(20)).expect("aggregates");
            prop_assert_eq!(a.points, b.points);
            prop_assert_eq!(a.deviations, b.deviations);
        }
    }
}

#[test]
fn an_influence_beyond_the_decimal_range_is_an_error_naming_the_evaluator() {
    // Built in code, so not bounded by the evaluators file: 3e28 × 4
    // overflows a decimal (whose largest value is about 7.9e28).
    let evaluators = [
        ("clara", "30000000000000000000000000000"),
        ("david", "1"),
        ("erik", "1"),
    ]
    .map(|(id, w)| Evaluator {
        id: id.to_owned(),
        influence: d(w),
    });
    let error = aggregate(
        &tender(),
        &grades(&TEAM),
        &evaluators,
        Method::InfluenceWeighted,
        percent(20),
    )
    .map_err(|e| e.to_string());
    assert_eq!(
        error,
        Err("evaluator clara's influence 30000000000000000000000000000 times grade 4 for bid B01 on support is beyond the decimal range".to_owned())
    );
    // Two weights that fit but whose sum does not.
    let evaluators = [
        ("clara", "79228162514264337593543950335"),
        ("david", "1"),
        ("erik", "1"),
    ]
    .map(|(id, w)| Evaluator {
        id: id.to_owned(),
        influence: d(w),
    });
    let zero_grades = grades(&[
        ("clara", "B01", "support", "0"),
        ("david", "B01", "support", "0"),
        ("erik", "B01", "support", "0"),
    ]);
    let error = aggregate(
        &tender(),
        &zero_grades,
        &evaluators,
        Method::InfluenceWeighted,
        percent(20),
    )
    .map_err(|e| e.to_string());
    assert_eq!(
        error,
        Err("the sum of the influences (at evaluator david) for bid B01 on support is beyond the decimal range".to_owned())
    );
}

#[test]
fn an_evaluators_file_bounds_influence() {
    assert_eq!(
        parse_evaluators("evaluator,influence\nclara,2\ndavid,10000000000000000000000000000\n")
            .map_err(|e| e.to_string()),
        Err("evaluators line 3: influence: 10000000000000000000000000000 of david is above 1000000, the largest weight (weights are relative: scale them down)".to_owned())
    );
    let at_the_bound = parse_evaluators("evaluator,influence\nclara,1000000\n").expect("read");
    assert_eq!(at_the_bound[0].influence, Decimal::from(MAX_INFLUENCE));
}
