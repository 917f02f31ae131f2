//! The real `b2b ident check` binary. Expected verdicts come from
//! python-stdnum's published examples (tests/test_eu_vat.doctest,
//! stdnum/no/orgnr.py, stdnum/se/personnummer.py; github.com/arthurdejong/
//! python-stdnum) and Skatteverket's samordningsnummer example 701063-2391.

use serde_json::{Value, json};

mod common;

const CHECK: common::B2b = common::B2b::new(&["ident", "check"]);

/// Runs the command with `--format json`; gives exit code and the results.
fn run(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = CHECK.run(&all);
    let results = serde_json::from_slice(&output.stdout).expect("JSON on standard output");
    (output.status.code(), results)
}

#[test]
fn one_valid_vat_number_is_an_array_of_one() {
    let results = CHECK.json(&["SE556043606401"]);
    assert_eq!(
        results,
        json!([{
            "input": "SE556043606401",
            "valid": true,
            "country": "SE",
            "kind": "vat",
            "normalized": "SE556043606401",
            "error": null
        }])
    );
}

#[test]
fn spaced_and_dashed_input_is_normalised() {
    let results = CHECK.json(&["SE 202 100-5000 01", "ATU 142 43 102", "El 800 179 925"]);
    let normalized: Vec<&str> = results
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["normalized"].as_str().expect("valid"))
        .collect();
    assert_eq!(normalized, ["SE202100500001", "ATU14243102", "EL800179925"]);
}

#[test]
fn a_duplicated_prefix_is_invalid_with_exit_code_2() {
    let (code, results) = run(&["SE SE 556043606401"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        results,
        json!([{
            "input": "SE SE 556043606401",
            "valid": false,
            "country": "SE",
            "kind": "vat",
            "normalized": null,
            "error": "SE (Sweden): wrong format: expected 12 digits ending in 01"
        }])
    );
}

#[test]
fn a_wrong_check_digit_names_the_algorithm() {
    // DE 125014955 is valid in python-stdnum's EU VAT examples; 125014855
    // is its mangled form there.
    let (code, results) = run(&["DE 125014955", "DE 125014855"]);
    assert_eq!(code, Some(2));
    assert_eq!(results[0]["valid"], true);
    assert_eq!(results[1]["valid"], false);
    assert_eq!(
        results[1]["error"],
        "DE (Germany): check digit mismatch (ISO 7064 MOD 11,10)"
    );
}

#[test]
fn unknown_prefix_and_wrong_length_are_named() {
    let (code, results) = run(&["QQ 124567", "ATU 151592092"]);
    assert_eq!(code, Some(2));
    assert_eq!(results[0]["error"], "unknown country prefix \"QQ\"");
    assert_eq!(results[0]["country"], Value::Null);
    assert_eq!(
        results[1]["error"],
        "AT (Austria): wrong length: 10 characters, expected 9 ('U' and 8 digits)"
    );
}

#[test]
fn swedish_numbers_tell_companies_from_people() {
    let results = CHECK.json(&["556043-6064", "880320-0016", "701063-2391", "19880320-0016"]);
    let kinds: Vec<&str> = results
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        [
            "se-orgnr",
            "se-personnummer",
            "se-samordningsnummer",
            "se-personnummer"
        ]
    );
    assert_eq!(results[1]["normalized"], "19880320-0016");
    assert_eq!(results[2]["normalized"], "19701063-2391");
}

#[test]
fn country_supplies_a_missing_prefix() {
    let results = CHECK.json(&[
        "--country",
        "SE",
        "556043-6064",
        "556043606401",
        "DE136695976",
    ]);
    assert_eq!(results[0]["kind"], "se-orgnr");
    assert_eq!(results[1]["kind"], "vat");
    assert_eq!(results[1]["normalized"], "SE556043606401");
    // An identifier with its own prefix keeps it.
    assert_eq!(results[2]["normalized"], "DE136695976");

    let results = CHECK.json(&["--country", "de", "136695976"]);
    assert_eq!(results[0]["normalized"], "DE136695976");
}

#[test]
fn norwegian_organisation_numbers_need_country_no() {
    let results = CHECK.json(&["--country", "NO", "988 077 917", "NO 995 525 828 MVA"]);
    assert_eq!(results[0]["kind"], "no-orgnr");
    assert_eq!(results[0]["normalized"], "988077917");
    assert_eq!(results[1]["kind"], "vat");

    let (code, results) = run(&["988077917"]);
    assert_eq!(code, Some(2));
    let error = results[0]["error"].as_str().expect("error");
    assert!(error.contains("(country NO)"), "{error}");

    let (code, results) = run(&["--country", "NO", "988 077 918"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        results[0]["error"],
        "NO: check digit mismatch (Norwegian organisation number: weights 3 2 7 6 5 4 3 2 1, sum mod 11 = 0)"
    );
}

#[test]
fn a_personnummer_with_an_impossible_date_is_invalid() {
    let (code, results) = run(&["--country", "SE", "880230-0000"]);
    assert_eq!(code, Some(2));
    assert_eq!(results[0]["kind"], "se-personnummer");
    assert_eq!(
        results[0]["error"],
        "SE: the personnummer's date of birth 1988-02-30 does not exist"
    );
    // Without --country the error says how the number was read.
    let (_, results) = run(&["880230-0000"]);
    assert_eq!(
        results[0]["error"],
        "SE: the personnummer's date of birth 1988-02-30 does not exist (10 or 12 digits \
         without a prefix are read as Swedish; name the country for another one)"
    );
}

#[test]
fn an_unknown_country_is_bad_input() {
    let stderr = CHECK.bad_input(&["--country", "XX", "123"]);
    assert!(
        stderr.contains("--country \"XX\" is not a known country"),
        "{stderr}"
    );
}

#[test]
fn no_identifier_is_a_usage_error() {
    let output = CHECK.run(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn table_shows_verdict_and_error() {
    let output = CHECK.run(&["--format", "table", "SE556043606401", "DE 125014855"]);
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("valid ") && lines[0].ends_with("SE556043606401"));
    assert!(lines[1].starts_with("INVALID") && lines[1].contains("ISO 7064 MOD 11,10"));
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 of 2 identifiers invalid"));
}
