//! The real `b2b contract` commands run on the example contracts.
//!
//! Dates follow the period rules of BGB § 187(2), § 188(2), (3) (see
//! docs/contracts.md), checked by hand: 24 months from 1 January 2026 end on
//! 31 December 2027, and 3 months' notice must be given by 30 September.

use serde_json::Value;
use std::process::Output;

mod common;

fn b2b(args: &[&str]) -> Output {
    common::B2b::new(&[]).run(args)
}

fn json(args: &[&str]) -> Value {
    common::B2b::new(&[]).json(args)
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
    // The last monthly invoice, 2030-12-31, is paid under 2/10 net 30 after
    // the contract's end; the contract's own last event is its end.
    let events = report["events"].as_array().expect("events");
    let end = events
        .iter()
        .find(|e| e["kind"] == "contract-end")
        .expect("an end");
    assert_eq!(end["date"], "2030-12-31");
    let last = events.last().expect("an event");
    assert_eq!(
        (&last["kind"], &last["date"]),
        (&Value::from("payment-due"), &Value::from("2031-01-30"))
    );
    assert_eq!(report["warnings"], Value::Array(vec![]));
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
    assert_eq!(
        invoices,
        ["2026-01-31", "2026-02-28", "2026-03-16", "2026-03-31"]
    );
}

#[test]
fn price_applies_incremental_tiers_and_says_where_a_boundary_falls() {
    // 100 × 86.00 + 400 × 81.70 + 150 × 77.40 = 8600 + 32680 + 11610.
    let report = json(&["contract", "price", FORKLIFT, "--quantity", "650"]);
    assert_eq!(report["contract"], "FA-2026-017");
    assert_eq!(report["total"]["amount"], "52890.00");
    assert_eq!(report["tier"], 2);
    let amounts: Vec<&str> = report["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["amount_exact"]["amount"].as_str().expect("amount"))
        .collect();
    assert_eq!(amounts, ["8600.00", "32680.00", "11610.00"]);
    // Exactly 100: the lower bound is inclusive, so tier 1, which prices
    // nothing yet under incremental tiers.
    let report = json(&["contract", "price", FORKLIFT, "--quantity", "100"]);
    assert_eq!(
        (report["tier"].as_u64(), report["at_boundary"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(report["total"]["amount"], "8600.00");
}

#[test]
fn penalty_counts_started_weeks_under_the_contract() {
    // 9 days late = 1 week and 2 days: 2 started weeks × 0.5 % × 24000.
    let args = [
        "contract",
        "penalty",
        FORKLIFT,
        "--due",
        "2026-05-04",
        "--delivered",
        "2026-05-13",
    ];
    let mut with_value = args.to_vec();
    with_value.extend(["--value", "24000"]);
    let report = json(&with_value);
    assert_eq!(report["days_late"], 9);
    assert_eq!(report["periods"], "2");
    assert_eq!(report["penalty"]["amount"], "240.00");
    assert_eq!(
        (
            report["capped"].as_bool(),
            report["may_terminate"].as_bool()
        ),
        (Some(false), Some(false))
    );
    // 29 days late: 5 started weeks = 2.5 %; more than 28 days: may terminate.
    let report = json(&[
        "contract",
        "penalty",
        FORKLIFT,
        "--due",
        "2026-05-04",
        "--delivered",
        "2026-06-02",
        "--value",
        "24000",
    ]);
    assert_eq!(report["penalty"]["amount"], "600.00");
    assert_eq!(report["may_terminate"], true);
    with_value.push("--force-majeure");
    let report = json(&with_value);
    assert_eq!(report["penalty"]["amount"], "0.00");
}

#[test]
fn sla_credits_the_monthly_fee_within_the_caps() {
    let sla = |extra: &[&str]| {
        let mut args = vec!["contract", "sla", FORKLIFT];
        args.extend(extra);
        json(&args)
    };
    // 98.2 % is in the 15 % tier: 187.50 of the 1250.00 fee, but without
    // history the yearly cap (10 % of this month's 1250.00) allows 125.00.
    let report = sla(&["--availability", "98.2"]);
    assert_eq!(report["credit"]["amount"], "125.00");
    assert_eq!(report["bound_by"], "yearly-cap");
    // With eleven earlier months of 1250.00 and no credits the yearly cap is
    // 10 % of 15000.00 = 1500.00 and the tier's 187.50 stands.
    let report = sla(&[
        "--availability",
        "98.2",
        "--history",
        "bins/b2b/tests/data/contracts/portal-history.csv",
    ]);
    assert_eq!(report["history_months"], 11);
    assert_eq!(report["credit"]["amount"], "187.50");
    assert_eq!(report["bound_by"], "none");
    // A month's charge given explicitly; 99.5 % is in the 0 % tier.
    let report = sla(&["--availability", "99.5", "--charge", "2000"]);
    assert_eq!(report["credit"]["amount"], "0.00");
}

#[test]
fn bad_contract_input_exits_2_naming_the_problem() {
    let (code, message) = failure(&["contract", "schedule", FORKLIFT, "--until", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(
        message.contains("\"2026-02-30\" is not a date: February 2026 has 28 days"),
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

    let (code, message) = failure(&["contract", "sla", FORKLIFT, "--availability", "100.2"]);
    assert_eq!(code, 2);
    assert_eq!(
        message,
        format!("error: {FORKLIFT}: service_levels: availability 100.2% is outside 0..100")
    );

    let (code, message) = failure(&["contract", "price", FORKLIFT, "--quantity", "-1"]);
    assert_eq!(code, 2);
    assert!(
        message.starts_with(&format!("error: {FORKLIFT}: price: ")),
        "{message}"
    );

    let (code, message) = failure(&[
        "contract",
        "penalty",
        FORKLIFT,
        "--due",
        "2026-05-04",
        "--delivered",
        "2026-05-13",
        "--value",
        "-5",
    ]);
    assert_eq!(code, 2);
    assert!(
        message.starts_with(&format!("error: {FORKLIFT}: penalty: ")),
        "{message}"
    );

    let bare = "crates/b2b-terms/tests/data/contract/minimal.toml";
    let (code, message) = failure(&["contract", "price", bare, "--quantity", "5"]);
    assert_eq!(
        (code, message),
        (
            2,
            format!("error: {bare}: the contract has no price section")
        )
    );

    let (code, message) = failure(&["contract", "schedule", "no/such/contract.toml"]);
    assert_eq!(code, 1);
    assert!(
        message.starts_with("error: cannot read no/such/contract.toml"),
        "{message}"
    );
}
