//! Malformed policies give an error naming file, place, field and problem
//! (cases in tests/data/policy_errors.toml, one check helper).

use b2b_buying::{Center, Policy};
use std::path::Path;

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/buying")
        .join(name);
    std::fs::read_to_string(path).expect("example file")
}

#[derive(serde::Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    find: String,
    replace: String,
    error: String,
}

#[test]
fn the_example_policy_is_valid() {
    let center = Center::parse(&example("center.toml"), "center.toml").expect("center");
    let policy = Policy::parse(&example("policy.toml"), "policy.toml", &center).expect("policy");
    assert_eq!(policy.bands.len(), 3);
    assert_eq!(policy.rules.len(), 4);
}

#[test]
fn every_malformed_policy_names_its_problem() {
    let center = Center::parse(&example("center.toml"), "center.toml").expect("center");
    let base = example("policy.toml");
    let cases: Cases = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/policy_errors.toml"),
        )
        .expect("cases"),
    )
    .expect("cases parse");
    let mut failures = Vec::new();
    for case in &cases.case {
        assert!(
            base.contains(&case.find),
            "{}: {:?} not in the policy",
            case.name,
            case.find
        );
        let text = base.replacen(&case.find, &case.replace, 1);
        let got = match Policy::parse(&text, "policy.toml", &center) {
            Ok(_) => "accepted".to_owned(),
            Err(error) => error.to_string(),
        };
        if got != case.error {
            failures.push(format!(
                "{}:\n  expected {}\n  got      {got}",
                case.name, case.error
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
