//! The real `b2b terms interest` binary. Expected figures were computed
//! independently with exact fractions (Python `fractions.Fraction`) from the
//! formulas in docs/late-payment.md, or are published results (cited).

use serde_json::Value;
use std::process::Output;

mod common;

const INTEREST: common::B2b = common::B2b::new(&["terms", "interest"]);

fn b2b(args: &[&str]) -> Output {
    INTEREST.run(args)
}

/// Runs `b2b terms interest` with the space-separated `line` and
/// `--format json`; the command must succeed.
fn json(line: &str) -> Value {
    INTEREST.json(&line.split_whitespace().collect::<Vec<_>>())
}

/// Runs a command that must fail with exit code 2; returns its message.
fn bad_input(args: &[&str]) -> String {
    INTEREST.bad_input(args)
}

/// [`bad_input`] with a space-separated line.
fn bad_line(line: &str) -> String {
    bad_input(&line.split_whitespace().collect::<Vec<_>>())
}

/// The issue's example: EUR 10000 due 2025-01-31 paid 2025-03-15 at a
/// reference rate of 3.15: 10000 x 11.15 % x 43 / 365 = 131.3561...
#[test]
fn issue_example_with_a_given_reference_rate() {
    let report = json(
        "--principal 10000 --currency EUR --due 2025-01-31 --paid 2025-03-15 --country EU --reference-rate 3.15",
    );
    assert_eq!(report["days_late"], 43);
    assert_eq!(report["rate"], "11.15");
    assert_eq!(report["reference_rate"], "3.15");
    assert_eq!(report["margin"], "8");
    assert_eq!(report["interest"]["amount"], "131.36");
    assert_eq!(report["compensation"]["amount"], "40.00");
    assert_eq!(report["total"]["amount"], "171.36");
    assert_eq!(report["principal"]["currency"], "EUR");
    assert_eq!(report["country"], "EU");
    assert_eq!(report["principal"]["amount"], "10000.00");
    assert_eq!(report["due"], "2025-01-31");
    assert_eq!(report["paid"], "2025-03-15");
    assert_eq!(report["day_count"], "actual/365");
    assert_eq!(report["rounding"], "half-up");
    assert_eq!(
        report["sources"][0],
        "a fixed reference rate given for the whole period"
    );
    let periods = report["periods"].as_array().expect("periods");
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[0]["from"], "2025-02-01");
    assert_eq!(periods[0]["to"], "2025-03-15");
    assert_eq!(periods[0]["days"], 43);
    assert_eq!(periods[0]["interest"]["amount"], "131.36");
}

/// digineo/verzugszinsen README: 1500 EUR from 2009-09-15 to 2012-02-17 at
/// the Basiszinssatz + 8 gives 297.50 (Gesamtforderung 1797.50).
#[test]
fn german_oracle_from_the_shipped_table() {
    let report = json(
        "--principal 1500 --due 2009-09-14 --paid 2012-02-17 --country DE --contract-date 2009-06-01",
    );
    assert_eq!(report["principal"]["currency"], "EUR");
    assert_eq!(report["days_late"], 886);
    assert_eq!(report["interest"]["amount"], "297.50");
    assert_eq!(report["compensation"]["amount"], "0.00");
    assert_eq!(report["total_with_principal"]["amount"], "1797.50");
    assert_eq!(report["rate"], Value::Null, "the rate changes in 2011-H2");
    assert_eq!(report["day_count"], "actual/actual");
    let rates: Vec<&str> = report["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| p["rate"].as_str().expect("rate"))
        .collect();
    assert_eq!(rates, ["8.12", "8.12", "8.12", "8.37", "8.12"]);
    assert_eq!(report["periods"][4]["year_days"], 366);
    assert!(
        report["sources"][0]
            .as_str()
            .expect("source")
            .contains("bundesbank.de")
    );

    let overridden =
        json("--principal 1500 --due 2009-09-14 --paid 2012-02-17 --country DE --margin 8");
    assert_eq!(overridden["interest"]["amount"], "297.50");
    assert_eq!(overridden["compensation"]["amount"], "40.00");
}

/// Default currencies by country; UK bands (s. 5A) and the UK rate fixed
/// when interest starts (5.25 % on 30 June 2024): 9999.99 x 13.25 % x 238
/// / 365 = 863.9717...
#[test]
fn uk_defaults_to_gbp_and_fixes_the_rate_at_the_start() {
    let report = json("--principal 9999.99 --due 2024-12-20 --paid 2025-08-15 --country UK");
    assert_eq!(report["principal"]["currency"], "GBP");
    assert_eq!(report["rate_fixing"], "at-start");
    assert_eq!(report["rate"], "13.25");
    assert_eq!(report["interest"]["amount"], "863.97");
    assert_eq!(report["compensation"]["amount"], "70.00");
    assert_eq!(report["total"]["amount"], "933.97");
    let sweden = json("--principal 100000 --due 2024-12-31 --paid 2025-01-31 --country SE");
    assert_eq!(sweden["principal"]["currency"], "SEK");
    // 100000 x 11 % x 31 / 365 = 934.2465...; förseningsersättning 450 kr.
    assert_eq!(sweden["interest"]["amount"], "934.25");
    assert_eq!(sweden["compensation"]["amount"], "450.00");
}

#[test]
fn public_authority_debtor_pays_the_same_and_is_noted() {
    let report =
        json("--principal 10000 --due 2025-01-31 --paid 2025-03-15 --debtor public-authority");
    assert_eq!(report["debtor"], "public-authority");
    assert_eq!(report["interest"]["amount"], "131.36");
    assert!(
        report["notes"][0]
            .as_str()
            .expect("note")
            .contains("art. 4")
    );
}

#[test]
fn on_time_and_early_payment_owe_nothing() {
    for paid in ["2025-01-31", "2025-01-02"] {
        let report = json(&format!("--principal 10000 --due 2025-01-31 --paid {paid}"));
        assert_eq!(report["days_late"], 0);
        assert_eq!(report["interest"]["amount"], "0.00");
        assert_eq!(report["compensation"]["amount"], "0.00");
        assert_eq!(report["periods"], Value::Array(Vec::new()));
    }
}

/// A --rates file is used with the shipped table under it: the example's
/// 2026-H1 entry (1.27 + 9 = 10.27 %) is used and cited, and a half-year in
/// neither table (2026-H2) still fails, naming the remedy.
#[test]
fn rates_file_is_laid_over_the_shipped_table() {
    let report = json(
        "--principal 5000 --due 2026-01-15 --paid 2026-02-14 --country DE --rates examples/rates/my-rates.toml",
    );
    // 5000 x 10.27 % x 30 / 365 = 42.2054...
    assert_eq!(report["interest"]["amount"], "42.21");
    assert_eq!(report["rate_tables"][0], "examples/rates/my-rates.toml");
    let message = bad_line(
        "--principal 5000 --due 2026-06-15 --paid 2026-09-30 --country DE --rates examples/rates/my-rates.toml",
    );
    assert!(message.contains("no DE reference rate"), "{message}");
    assert!(message.contains("2026-H2"), "{message}");
    assert!(message.contains("--reference-rate"), "{message}");
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let dates = "--due 2025-01-31 --paid 2025-03-15";
    let cases = [
        ("--principal -5", "principal -5 is negative"),
        ("--principal 100 --country FR", "unknown country \"FR\""),
        (
            "--principal 100 --currency USD",
            "currency USD does not match the EU profile",
        ),
        (
            "--principal 100 --country SE --currency EUR",
            "compensation are in SEK",
        ),
        (
            "--principal 100 --currency XYZ",
            "\"XYZ\" is not an ISO 4217 currency code",
        ),
        (
            "--principal 100 --debtor consumer",
            "unknown debtor \"consumer\" (expected business or public-authority)",
        ),
        ("--principal 1,5", "\"1,5\" is not a decimal number"),
        ("--principal 100 --reference-rate 3,15", "--reference-rate"),
    ];
    for (args, expected) in cases {
        let message = bad_line(&format!("{args} {dates}"));
        assert!(message.contains(expected), "{args}: {message}");
    }
    let cases = [
        (
            "--principal 100 --due 2025-02-30 --paid 2025-03-15",
            "\"2025-02-30\" is not a date: February 2025 has 28 days",
        ),
        (
            "--principal 100 --due 2025-01-31 --paid 15.03.2025",
            "\"15.03.2025\" is not a date",
        ),
        (
            "--principal 100 --due 2026-06-30 --paid 2026-07-15 --country SE",
            "no SE reference rate",
        ),
        (
            "--principal 100 --due 2025-01-31 --paid 2025-03-15 --rates examples/office-laptops/tender.toml",
            "examples/office-laptops/tender.toml: ",
        ),
    ];
    for (args, expected) in cases {
        let message = bad_line(args);
        assert!(message.contains(expected), "{args}: {message}");
    }
    let message = bad_input(&[
        "--principal",
        "10 000",
        "--due",
        "2025-01-31",
        "--paid",
        "2025-03-15",
    ]);
    assert!(
        message.contains("\"10 000\" is not a decimal number"),
        "{message}"
    );
}

#[test]
fn table_format_shows_the_figures() {
    let output = b2b(&[
        "--principal",
        "10000",
        "--due",
        "2025-06-15",
        "--paid",
        "2025-07-15",
        "--format",
        "table",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    // 10000 x (11.15 x 15 + 10.15 x 15) / 100 / 365 = 87.5342...
    assert!(text.contains("Interest       87.53 EUR"), "{text}");
    assert!(text.contains("2025-07-01"), "{text}");
    assert!(text.contains("10.15"), "{text}");
    assert!(text.contains("Compensation   40.00 EUR"), "{text}");
    assert!(
        text.contains("Rate           reference + 8 points, changing by half-year"),
        "{text}"
    );
}

#[test]
fn table_format_writes_each_rate_with_one_percent_sign() {
    let output = b2b(&[
        "--principal",
        "10000",
        "--due",
        "2025-01-31",
        "--paid",
        "2025-03-01",
        "--reference-rate",
        "3.15",
        "--format",
        "table",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Rate           3.15% reference + 8 points = 11.15% a year"),
        "{text}"
    );
}
