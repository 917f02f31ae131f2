//! `b2b buying grades` on the example team grades of the office-laptops
//! tender, and the team's points fed to `b2b tender evaluate`.
//!
//! Hand check for bid B01's ergonomics (scale 10): clara 8, david 7, erik
//! 9, fatima 10; median (8 + 9) / 2 = 8.5; mean 34 / 4 = 8.5; weighted by
//! influence 2, 1.5, 1, 3: (16 + 10.5 + 9 + 30) / 7.5 = 8.7333…

mod common;

use serde_json::Value;

const TENDER: &str = "examples/office-laptops/tender.toml";
const GRADES: &str = "examples/buying-team/grades.csv";
const EVALUATORS: &str = "examples/buying-team/evaluators.csv";

fn grades(extra: &[&str]) -> Value {
    let mut args = vec![
        "buying",
        "grades",
        TENDER,
        GRADES,
        "--evaluators",
        EVALUATORS,
    ];
    args.extend(extra);
    common::B2b::new(&[]).json(&args)
}

fn points(report: &Value, bid: &str, criterion: &str) -> String {
    report["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["bid"] == bid && p["criterion"] == criterion)
        .and_then(|p| p["points"].as_str())
        .expect("the bid's points")
        .to_owned()
}

#[test]
fn each_method_by_hand() {
    assert_eq!(
        points(&grades(&["--method", "median"]), "B01", "ergonomics"),
        "8.5000"
    );
    assert_eq!(
        points(&grades(&["--method", "mean"]), "B01", "ergonomics"),
        "8.5000"
    );
    assert_eq!(
        points(
            &grades(&["--method", "influence-weighted"]),
            "B01",
            "ergonomics"
        ),
        "8.7333"
    );
}

#[test]
fn the_evaluator_who_always_gives_full_marks_is_flagged() {
    let report = grades(&[]);
    let flagged: Vec<(&str, &str, &str)> = report["deviations"]
        .as_array()
        .expect("deviations")
        .iter()
        .filter(|d| d["flagged"] == true)
        .map(|d| {
            (
                d["evaluator"].as_str().expect("evaluator"),
                d["criterion"].as_str().expect("criterion"),
                d["percent_of_scale"].as_str().expect("percent"),
            )
        })
        .collect();
    assert_eq!(flagged, [("fatima", "ergonomics", "20.71")]);
}

#[test]
fn team_points_feed_the_tender_evaluation() {
    let out = std::env::temp_dir().join(format!("b2b-team-bids-{}.csv", std::process::id()));
    let out_text = out.to_str().expect("UTF-8 path");
    grades(&[
        "--method",
        "median",
        "--bids",
        "examples/office-laptops/bids.csv",
        "--write-bids",
        out_text,
    ]);
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(written.starts_with(
        "bid,supplier,tco_certified,warranty_3y,nordic_keyboard,price,battery_hours,delivery_days,support,ergonomics,submitted_at\n\
         B01,Nordlund IT AB,yes,yes,yes,1189.00,14.5,10,4,8.5,2026-11-16T14:02:11Z\n"
    ), "{written}");
    let report = common::B2b::new(&[]).json(&["tender", "evaluate", TENDER, out_text]);
    assert_eq!(report["winner"], "B03");
    assert_eq!(report["ranking"][0]["breakdown"]["ergonomics"], "14.2500");
}

#[test]
fn bad_grades_are_bad_input() {
    let b2b = common::B2b::new(&[]);
    let message = b2b.bad_input(&[
        "buying",
        "grades",
        TENDER,
        "examples/office-laptops/bids.csv",
    ]);
    assert_eq!(
        message.trim_end(),
        "error: examples/office-laptops/bids.csv: grades line 1: the header has no \"evaluator\" column (needed: evaluator, bid, criterion, grade)"
    );
    let message = b2b.bad_input(&["buying", "grades", TENDER, GRADES, "--method", "mode"]);
    assert!(
        message.contains("unknown method \"mode\" (expected mean, median or influence-weighted)"),
        "{message}"
    );
}

#[test]
fn an_absurd_influence_is_bad_input_not_a_panic() {
    let path = std::env::temp_dir().join(format!("b2b-team-evaluators-{}.csv", std::process::id()));
    std::fs::write(
        &path,
        "evaluator,influence\nclara,10000000000000000000000000000\ndavid,1.5\nerik,1\nfatima,3\n",
    )
    .expect("written");
    let message = common::B2b::new(&[]).bad_input(&[
        "buying",
        "grades",
        TENDER,
        GRADES,
        "--evaluators",
        path.to_str().expect("UTF-8 path"),
        "--method",
        "influence-weighted",
    ]);
    assert!(
        message.contains(
            "evaluators line 2: influence: 10000000000000000000000000000 of clara is above 1000000, the largest weight"
        ),
        "{message}"
    );
    let _ = std::fs::remove_file(&path);
}
