//! The real `b2b contract` commands run on the example contracts.
//!
//! Dates follow the period rules of BGB § 187(2), § 188(2), (3) (see
//! docs/contracts.md), checked by hand: 24 months from 1 January 2026 end on
//! 31 December 2027, and 3 months' notice must be given by 30 September.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn b2b(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b2b"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the b2b binary runs")
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = b2b(&all);
    assert!(
        output.status.success(),
        "b2b {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

fn failure(args: &[&str]) -> (i32, String) {
    let output = b2b(args);
    assert!(!output.status.success(), "b2b {args:?} succeeded");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stderr)
            .trim_end()
            .to_owned(),
    )
}

const FORKLIFT: &str = "examples/contracts/forklift-parts.toml";

#[test]
fn schedule_lists_terms_notice_deadlines_and_the_end() {
    let report = json(&["contract", "schedule", FORKLIFT]);
    assert_eq!(report["contract"], "FA-2026-017");
    // Three renewals at most: the contract ends with the third.
    assert_eq!(report["until"], "2030-12-31");
    let terms = report["terms"].as_array().expect("terms");
    let summary: Vec<(String, String, Value)> = terms
        .iter()
        .map(|t| {
            (
                t["start"].as_str().expect("start").to_owned(),
                t["end"].as_str().expect("end").to_owned(),
                t["notice_by"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "2026-01-01".into(),
                "2027-12-31".into(),
                Value::from("2027-09-30")
            ),
            (
                "2028-01-01".into(),
                "2028-12-31".into(),
                Value::from("2028-09-30")
            ),
            (
                "2029-01-01".into(),
                "2029-12-31".into(),
                Value::from("2029-09-30")
            ),
            ("2030-01-01".into(), "2030-12-31".into(), Value::Null),
        ]
    );
    let last = report["events"]
        .as_array()
        .expect("events")
        .last()
        .expect("an event")
        .clone();
    assert_eq!(last["kind"], "contract-end");
    assert_eq!(last["date"], "2030-12-31");
}

#[test]
fn schedule_until_a_date_stops_there() {
    let report = json(&["contract", "schedule", FORKLIFT, "--until", "2026-03-31"]);
    let invoices: Vec<&str> = report["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "invoice")
        .map(|e| e["date"].as_str().expect("date"))
        .collect();
    assert_eq!(invoices, ["2026-01-31", "2026-02-28", "2026-03-31"]);
}

#[test]
fn bad_contract_input_exits_2_naming_the_problem() {
    let (code, message) = failure(&["contract", "schedule", FORKLIFT, "--until", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(
        message.contains("\"2026-02-30\" is not a day of the calendar"),
        "{message}"
    );

    let bad = "crates/b2b-terms/tests/data/contract/bad/misspelt-field.toml";
    let (code, message) = failure(&["contract", "schedule", bad]);
    assert_eq!(code, 2);
    assert_eq!(
        message,
        format!(
            "error: {bad}: line 11, column 1: unknown field `strat`, expected one of `start`, `duration`, `end`"
        )
    );

    let (code, message) = failure(&["contract", "schedule", "README.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        message,
        "error: README.md: a contract file must end in .toml or .json"
    );

    let (code, message) = failure(&["contract", "schedule", "no/such/contract.toml"]);
    assert_eq!(code, 1);
    assert!(
        message.starts_with("error: cannot read no/such/contract.toml"),
        "{message}"
    );
}
