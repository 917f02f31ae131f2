//! `b2b terms penalty` run as a real binary. The oracle is the Accord Project
//! "latedeliveryandpenalty" template's published scenarios
//! (https://github.com/accordproject/cicero-template-library/blob/main/src/latedeliveryandpenalty/test/logic.feature):
//! value 200, 10.5% per 2 days, cap 55%, termination after more than 15 days;
//! 5 days late gives 52.5 and no termination; a year late (2018-01-31 to
//! 2019-01-11) gives the cap, 110, and termination.

use serde_json::Value;
use std::process::Output;

mod common;

fn b2b(args: &[&str]) -> Output {
    common::B2b::new(&[]).run(args)
}

const ACCORD: [&str; 15] = [
    "terms",
    "penalty",
    "--value",
    "200",
    "--currency",
    "USD",
    "--rate",
    "10.5",
    "--per",
    "2",
    "--cap",
    "55",
    "--terminate-after",
    "15",
    "--format",
];

fn run(due: &str, delivered: &str, extra: &[&str]) -> Value {
    let mut args = ACCORD.to_vec();
    args.extend(["json", "--due", due, "--delivered", delivered]);
    args.extend(extra);
    let output = b2b(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn accord_five_days_late() {
    let report = run("2019-01-11", "2019-01-16", &[]);
    assert_eq!(report["days_late"], 5);
    assert_eq!(report["periods"], "2.5");
    assert_eq!(report["penalty"]["amount"], "52.50");
    assert_eq!(report["penalty"]["currency"], "USD");
    assert_eq!(report["capped"], false);
    assert_eq!(report["may_terminate"], false);
    assert_eq!(report["partial"], "pro-rata");
    assert_eq!(report["force_majeure"], false);
}

#[test]
fn accord_a_year_late_is_capped_and_may_terminate() {
    let report = run("2018-01-31", "2019-01-11", &[]);
    assert_eq!(report["days_late"], 345);
    assert_eq!(report["penalty_before_cap_exact"]["amount"], "3622.50");
    assert_eq!(report["penalty"]["amount"], "110.00");
    assert_eq!(report["capped"], true);
    assert_eq!(report["may_terminate"], true);
}

#[test]
fn partial_rules_and_force_majeure() {
    // 5 days at 2 days: started 3 x 21 = 63, truncate 2 x 21 = 42.
    let started = run("2019-01-11", "2019-01-16", &["--partial", "started"]);
    assert_eq!(started["penalty"]["amount"], "63.00");
    assert_eq!(started["partial"], "started");
    let truncate = run("2019-01-11", "2019-01-16", &["--partial", "truncate"]);
    assert_eq!(truncate["penalty"]["amount"], "42.00");
    let fm = run("2019-01-11", "2019-01-31", &["--force-majeure"]);
    assert_eq!(fm["penalty"]["amount"], "0.00");
    assert_eq!(fm["force_majeure"], true);
    assert_eq!(fm["may_terminate"], true);
}

#[test]
fn weeks_and_early_delivery() {
    // --per 2 --per-unit weeks = 14 days; 21 days late = 1.5 periods x 21 = 31.5.
    let weeks = run("2019-01-01", "2019-01-22", &["--per-unit", "weeks"]);
    assert_eq!(weeks["per"], "2 weeks");
    assert_eq!(weeks["periods"], "1.5");
    assert_eq!(weeks["penalty"]["amount"], "31.50");
    // --per 2 --per-unit months from 2024-01-31: periods end 2024-03-31 and
    // 2024-05-31; 2024-04-10 is 1 whole period + 10 of 61 days:
    // (61 + 10) / 61 x 21 = 1491/61 = 24.442622... -> 24.44.
    let months = run("2024-01-31", "2024-04-10", &["--per-unit", "months"]);
    assert_eq!(months["per"], "2 months");
    assert_eq!(months["whole_periods"], 1);
    assert_eq!(months["days_into_period"], 10);
    assert_eq!(months["period_days"], 61);
    assert_eq!(months["penalty"]["amount"], "24.44");
    let early = run("2019-01-11", "2019-01-01", &[]);
    assert_eq!(early["days_late"], 0);
    assert_eq!(early["penalty"]["amount"], "0.00");
}

#[test]
fn table_output_states_the_rules() {
    let mut args = ACCORD.to_vec();
    args.extend(["table", "--due", "2019-01-11", "--delivered", "2019-01-16"]);
    let output = b2b(&args);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "days late            5 (whole days: dates have no partial days)",
        "partial periods pro-rata",
        "52.50 USD (exact 52.5, rounded half-even)",
        "no (the delay must be more than 15 days)",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

fn failure(args: &[&str]) -> String {
    common::B2b::new(&[]).bad_input(args)
}

#[test]
fn bad_input_fails_with_exit_code_2() {
    let base = ["terms", "penalty", "--currency", "EUR", "--per", "2"];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend(extra);
        failure(&args)
    };
    let err = with(&[
        "--value",
        "-5",
        "--rate",
        "1",
        "--due",
        "2019-01-01",
        "--delivered",
        "2019-01-05",
    ]);
    assert!(
        err.contains("value of the late goods is -5.00 EUR"),
        "{err}"
    );
    let err = with(&[
        "--value",
        "5",
        "--rate",
        "-1",
        "--due",
        "2019-01-01",
        "--delivered",
        "2019-01-05",
    ]);
    assert!(err.contains("`rate` is -1%"), "{err}");
    let err = with(&[
        "--value",
        "5",
        "--rate",
        "1",
        "--due",
        "2019-02-30",
        "--delivered",
        "2019-03-05",
    ]);
    assert!(
        err.contains("\"2019-02-30\" is not a date: February 2019 has 28 days"),
        "{err}"
    );
    let err = with(&[
        "--value",
        "5",
        "--rate",
        "1",
        "--due",
        "2019-01-01",
        "--delivered",
        "2019-01-05",
        "--partial",
        "half",
    ]);
    assert!(err.contains("half"), "{err}");
}
