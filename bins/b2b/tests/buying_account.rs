//! `b2b buying account-map` on the example map.

mod common;

#[test]
fn the_example_map_shows_its_gaps_most_urgent_first() {
    let report = common::B2b::new(&[]).json(&[
        "buying",
        "account-map",
        "examples/buying-team/account-map.toml",
        "--today",
        "2026-11-26",
    ]);
    let rules: Vec<&str> = report["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(
        rules,
        [
            "decider.no-contact",
            "blocker.influential",
            "stance.unknown-influential",
            "contact.stale"
        ]
    );
    // In touch with 3 + 3 + 4 of 5 + 3 + 3 + 4 influence points.
    assert_eq!(report["coverage_percent"], "66.67");
    // Without a date, contacts are not judged stale.
    let report = common::B2b::new(&[]).json(&[
        "buying",
        "account-map",
        "examples/buying-team/account-map.toml",
    ]);
    assert_eq!(report["gaps"].as_array().map(Vec::len), Some(3));
}

#[test]
fn a_bad_map_names_file_and_field() {
    let message = common::B2b::new(&[]).bad_input(&[
        "buying",
        "account-map",
        "examples/buying-team/grades.csv",
    ]);
    assert!(
        message.starts_with("error: examples/buying-team/grades.csv: line 1, column "),
        "{message}"
    );
}
