//! `b2b classify` run as a user would: the example sale files, rule
//! selection, a user's rule file, streams, and bad input.

mod common;

use common::{B2b, root};
use serde_json::Value;
use std::io::Write as _;
use std::process::{Command, Stdio};

const CLASSIFY: B2b = B2b::new(&["classify"]);

/// Writes `text` to a file named `name` in the tests' scratch directory and
/// gives its path.
fn scratch(name: &str, text: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("path").to_owned()
}

/// The rule set names in the order the JSON output writes them (the
/// parsed `Value` sorts keys, so read the text).
fn view_order(args: &[&str]) -> Vec<&'static str> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = CLASSIFY.run(&all);
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let first = text
        .lines()
        .next()
        .filter(|l| l.starts_with("{\""))
        .map_or(text.as_str(), |l| l);
    let mut found: Vec<(usize, &'static str)> = ["seed", "broad", "eu-vat", "consumer-law"]
        .into_iter()
        .filter_map(|name| {
            first
                .find(&format!("\"{name}\": {{"))
                .or_else(|| first.find(&format!("\"{name}\":{{")))
                .map(|at| (at, name))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, name)| name).collect()
}

fn segments(result: &Value, set: &str) -> Vec<String> {
    result
        .as_array()
        .expect("an array of results")
        .iter()
        .map(|r| {
            r["views"][set]["segment"]
                .as_str()
                .expect("segment")
                .to_owned()
        })
        .collect()
}

#[test]
fn one_sale_from_toml_under_every_rule_set() {
    let result = CLASSIFY.json(&["examples/sales/machine-manual.toml"]);
    assert_eq!(result["id"], "T-2026-118");
    let views = result["views"].as_object().expect("views");
    assert_eq!(views.len(), 4);
    assert_eq!(
        view_order(&["examples/sales/machine-manual.toml"]),
        ["seed", "broad", "eu-vat", "consumer-law"]
    );
    // domain.md section 1: translating a machine's manual for the workers is B2B.
    for (name, view) in views {
        assert_eq!(view["segment"], "b2b", "{name}");
        assert!(view["reasons"][0]["rule"].is_string(), "{name}");
        assert!(view["reasons"][0]["text"].is_string(), "{name}");
    }
    assert_eq!(views["seed"]["model"], "production-supply");
    assert_eq!(views["broad"]["model"], Value::Null);
    assert_eq!(views["eu-vat"]["reasons"][0]["rule"], "valid-vat-number");
    let topics: Vec<&str> = views["consumer-law"]["consequences"]
        .as_array()
        .expect("consequences")
        .iter()
        .map(|c| c["topic"].as_str().expect("topic"))
        .collect();
    assert_eq!(topics, ["payment-terms", "late-payment"]);
}

#[test]
fn a_json_array_gives_an_array_in_order() {
    let result = CLASSIFY.json(&["examples/sales/domain-examples.json"]);
    let ids: Vec<&str> = result
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "birth-certificate",
            "pizza-boss-absent",
            "pizza-boss-present",
            "toilet-paper",
            "retailer-stock"
        ]
    );
    // domain.md section 1 and docs/classification.md's table.
    assert_eq!(
        segments(&result, "seed"),
        ["b2c", "b2b", "b2c", "corporate-supply", "resale"]
    );
    assert_eq!(
        segments(&result, "broad"),
        ["b2c", "b2b", "b2b", "b2b", "b2b"]
    );
    assert_eq!(
        segments(&result, "eu-vat"),
        ["b2c", "b2c", "b2c", "b2b", "b2b"]
    );
    assert_eq!(
        segments(&result, "consumer-law"),
        ["b2c", "b2b", "b2b", "b2b", "b2b"]
    );
}

#[test]
fn json_lines_give_one_line_each_under_the_rule_sets_asked_for() {
    let output = CLASSIFY.run(&[
        "examples/sales/cross-border.jsonl",
        "--rules",
        "eu-vat,seed",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{output:?}");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON value per line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["views"].as_object().expect("views").len(), 2);
    assert_eq!(
        view_order(&[
            "examples/sales/cross-border.jsonl",
            "--rules",
            "eu-vat,seed"
        ]),
        ["eu-vat", "seed"]
    );
    // Directive 2006/112/EC art. 196: cross-border B2B services, valid VAT number.
    let consulting = &lines[0]["views"]["eu-vat"];
    assert_eq!(lines[0]["id"], "DE-consulting");
    assert!(
        consulting["consequences"]
            .as_array()
            .expect("consequences")
            .iter()
            .any(|c| c["rule"] == "services-reverse-charge"
                && c["text"].as_str().expect("text").contains("in DE"))
    );
    assert_eq!(lines[3]["views"]["seed"]["model"], "industry-supply");
}

#[test]
fn a_users_rule_file_joins_the_shipped_ones() {
    let result = CLASSIFY.json(&[
        "examples/sales/machine-manual.toml",
        "--rules-file",
        "crates/b2b-classify/tests/data/custom-rules.toml",
        "--rules",
        "sales-team,broad",
    ]);
    assert_eq!(result["views"]["sales-team"]["segment"], "key-account");
    assert_eq!(result["views"]["broad"]["segment"], "b2b");
    assert_eq!(result["views"].as_object().expect("views").len(), 2);
    let all = CLASSIFY.json(&[
        "examples/sales/machine-manual.toml",
        "--rules-file",
        "crates/b2b-classify/tests/data/custom-rules.toml",
    ]);
    assert_eq!(all["views"].as_object().expect("views").len(), 5);
}

#[test]
fn the_table_has_a_block_per_sale_and_a_row_per_rule_set() {
    let output = CLASSIFY.run(&["examples/sales/domain-examples.json", "--format", "table"]);
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(text.matches("Sale ").count(), 5);
    assert!(text.contains(
        "Sale toilet-paper: organisation in SE buys from a seller in SE for internal-needs"
    ));
    assert!(text.contains("corporate-supply"));
    assert_eq!(text.matches("consumer-law").count(), 5);
}

#[test]
fn standard_input_and_sales_without_ids() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_b2b"))
        .args(["classify", "-", "--rules", "broad", "--format", "json"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(
            br#"[{"buyer": {"kind": "sole-trader", "country": "FI"}, "seller": {"country": "SE"},
                  "paid_by": "organisation", "purpose": "resale"}]"#,
        )
        .expect("write");
    let output = child.wait_with_output().expect("output");
    assert!(output.status.success(), "{output:?}");
    let result: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(result[0]["index"], 0);
    assert_eq!(result[0]["views"]["broad"]["tags"][0], "resale");
}

#[test]
fn thousands_of_sales_stream_through() {
    let sales: String = (0..2500)
        .map(|i| {
            let kind = ["organisation", "person"][i % 2];
            format!(
                "{{\"buyer\": {{\"kind\": \"{kind}\", \"country\": \"SE\"}}, \"seller\": {{\"country\": \"SE\"}}, \"paid_by\": \"organisation\", \"purpose\": \"resale\"}}\n"
            )
        })
        .collect();
    let path = scratch("classify-many.jsonl", &sales);
    let output = CLASSIFY.run(&[&path, "--rules", "seed", "--format", "json"]);
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        let result: Value = serde_json::from_str(line).expect("json line");
        assert_eq!(result["index"], i);
        let expected = ["resale", "b2c"][i % 2];
        assert_eq!(result["views"]["seed"]["segment"], expected);
        count += 1;
    }
    assert_eq!(count, 2500);
}

#[test]
fn an_unknown_purpose_names_the_field_the_value_and_the_accepted_values() {
    let path = scratch(
        "classify-gift.toml",
        "paid_by = \"person\"\npurpose = \"gift\"\nbuyer = { kind = \"person\", country = \"SE\" }\nseller = { country = \"SE\" }\n",
    );
    let error = CLASSIFY.bad_input(&[&path]);
    assert!(error.contains("line 2, column 11: purpose: unknown value \"gift\"; expected one of: means-of-production, production-input, value-creation, transformation, resale, internal-needs, personal-use"), "{error}");
}

#[test]
fn malformed_json_gives_its_line_and_column() {
    let path = scratch(
        "classify-broken.json",
        "{\n  \"purpose\": \"resale\",\n  \"paid_by\" \"person\"\n}\n",
    );
    let error = CLASSIFY.bad_input(&[&path]);
    assert!(
        error.contains("classify-broken.json: line 3, column 13: expected `:`"),
        "{error}"
    );
}

#[test]
fn unknown_rule_sets_and_bad_rule_files_are_refused() {
    let error = CLASSIFY.bad_input(&["examples/sales/machine-manual.toml", "--rules", "seed,vat"]);
    assert!(
        error.contains(
            "--rules: unknown rule set \"vat\"; known: seed, broad, eu-vat, consumer-law, all"
        ),
        "{error}"
    );
    let error = CLASSIFY.bad_input(&[
        "examples/sales/machine-manual.toml",
        "--rules-file",
        "crates/b2b-classify/tests/data/bad-rules/unknown-fact.toml",
    ]);
    assert!(error.contains("unknown-fact.toml: line 9, column 1: rule set \"mine\", rule \"person\": when.buyer.knd: unknown fact"), "{error}");
    let path = scratch("classify-seed-again.toml", b2b_seed_named_again());
    let error = CLASSIFY.bad_input(&["examples/sales/machine-manual.toml", "--rules-file", &path]);
    assert!(
        error.contains("a rule set named \"seed\" is already loaded"),
        "{error}"
    );
}

fn b2b_seed_named_again() -> &'static str {
    "name = \"seed\"\ntitle = \"t\"\nsource = \"s\"\nsegments = [\"x\"]\n[[rule]]\nid = \"all\"\nsegment = \"x\"\nreason = \"r\"\n"
}

#[test]
fn a_bad_record_in_a_stream_is_named_by_its_line() {
    let path = scratch(
        "classify-bad-line.jsonl",
        "{\"buyer\": {\"kind\": \"guild\", \"country\": \"SE\"}, \"seller\": {\"country\": \"SE\"}, \"paid_by\": \"person\", \"purpose\": \"resale\"}\n",
    );
    let error = CLASSIFY.bad_input(&[&path]);
    assert!(error.contains("sale on line 1: column 26: buyer.kind: unknown value \"guild\"; expected one of: organisation, sole-trader, person"), "{error}");
}
