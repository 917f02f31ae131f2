//! Incoterms 2020: the rule table (tests/data/incoterms/rules.csv) and the
//! cost allocation matrix (tests/data/incoterms/allocation.csv), both written
//! by hand from ICC's Incoterms 2020 summaries and the US International Trade
//! Administration's "Know Your Incoterms" page (sources in docs/incoterms.md):
//! for example CIP requires Institute Cargo Clauses (A) cover and CIF clauses
//! (C); under EXW the buyer clears for export; under DPU alone the seller
//! unloads at destination.

use std::path::{Path, PathBuf};

use b2b_terms::incoterms::costs::{self, CostCategory, FcaPlace};
use b2b_terms::incoterms::{Incoterm, IncotermError, Party};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/incoterms")
        .join(name)
}

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/incoterms")
        .join(name);
    std::fs::read_to_string(path).expect("example file")
}

#[test]
fn rule_table_matches_the_published_summaries() {
    let mut reader = csv::Reader::from_path(data("rules.csv")).expect("rules.csv");
    let mut seen = Vec::new();
    for row in reader.deserialize::<std::collections::BTreeMap<String, String>>() {
        let row = row.expect("row");
        let rule: Incoterm = row["rule"].parse().expect("rule");
        let json = serde_json::to_value(rule.info()).expect("json");
        for (field, expected) in &row {
            assert_eq!(json[field.as_str()], expected.as_str(), "{rule} {field}");
        }
        for field in ["delivery", "risk_transfer"] {
            assert!(
                json[field].as_str().is_some_and(|s| !s.is_empty()),
                "{rule} {field}"
            );
        }
        seen.push(rule);
    }
    assert_eq!(seen, Incoterm::ALL);
}

fn party(cell: &str) -> Party {
    match cell {
        "S" => Party::Seller,
        "B" => Party::Buyer,
        other => panic!("cell {other:?} is neither S nor B"),
    }
}

#[test]
fn allocation_matrix() {
    let mut reader = csv::Reader::from_path(data("allocation.csv")).expect("allocation.csv");
    let header = reader.headers().expect("header").clone();
    let mut checked = 0;
    for record in reader.records() {
        let record = record.expect("record");
        let category = CostCategory::ALL
            .into_iter()
            .find(|c| c.name() == &record[0])
            .unwrap_or_else(|| panic!("category {}", &record[0]));
        let in_contract = &record[1] == "true";
        for (column, cell) in header.iter().zip(record.iter()).skip(2) {
            let (rule, place) = match column.split_once('@') {
                Some((rule, place)) => (rule, Some(place.parse::<FcaPlace>().expect("place"))),
                None => (column, None),
            };
            let rule: Incoterm = rule.parse().expect("rule");
            let (got, reason) =
                costs::allocate(rule, place, category, in_contract).expect("allocated");
            assert_eq!(
                got,
                party(cell),
                "{column} {category} in_contract={in_contract}: {reason}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 17 * 12);
}

#[test]
fn fca_pre_carriage_needs_the_place() {
    assert_eq!(
        costs::allocate(Incoterm::Fca, None, CostCategory::PreCarriage, false),
        None
    );
    let lines =
        costs::parse_csv("category,amount,currency\npre-carriage,100,EUR\n").expect("lines");
    assert_eq!(
        costs::split(Incoterm::Fca, None, &lines),
        Err(IncotermError::PlaceNeeded {
            line: 2,
            category: "pre-carriage"
        })
    );
    // Other FCA lines do not depend on the place.
    assert!(costs::allocate(Incoterm::Fca, None, CostCategory::MainCarriage, false).is_some());
}

fn totals(rule: Incoterm, text: &str) -> Vec<(Party, String)> {
    let lines = costs::parse_csv(text).expect("lines");
    costs::split(rule, None, &lines)
        .expect("split")
        .totals
        .iter()
        .map(|t| (t.party, t.total.to_string()))
        .collect()
}

fn t(party: Party, total: &str) -> (Party, String) {
    (party, total.to_owned())
}

/// examples/incoterms/costs.csv: EUR lines (packing 420, loading 60, export
/// clearance 95, pre-carriage 680, origin terminal 210, loading on board 150)
/// sum to 1615.00; USD (freight 2450, insurance 185) to 2635.00; CNY
/// (terminal 1350, unloading 900, import clearance 600, duties 18500,
/// on-carriage 2200) to 23550.00.
#[test]
fn example_totals_per_party_and_currency() {
    let text = example("costs.csv");
    use Party::{Buyer, Seller};
    assert_eq!(
        totals(Incoterm::Fob, &text),
        vec![
            t(Seller, "1615.00 EUR"),
            t(Buyer, "23550.00 CNY"),
            t(Buyer, "2635.00 USD")
        ]
    );
    assert_eq!(
        totals(Incoterm::Cif, &text),
        vec![
            t(Seller, "1615.00 EUR"),
            t(Seller, "2635.00 USD"),
            t(Buyer, "23550.00 CNY")
        ]
    );
    // DDP: the seller also pays destination terminal 1350, clearance 600 and
    // duties 18500 = 20450; the buyer unloading 900 and on-carriage 2200.
    assert_eq!(
        totals(Incoterm::Ddp, &text),
        vec![
            t(Seller, "20450.00 CNY"),
            t(Seller, "1615.00 EUR"),
            t(Seller, "2635.00 USD"),
            t(Buyer, "3100.00 CNY"),
        ]
    );
    // EXW: the seller pays only the packing, 420; the buyer the other 1195 EUR.
    assert_eq!(
        totals(Incoterm::Exw, &text),
        vec![
            t(Seller, "420.00 EUR"),
            t(Buyer, "23550.00 CNY"),
            t(Buyer, "1195.00 EUR"),
            t(Buyer, "2635.00 USD"),
        ]
    );
}

#[test]
fn toml_and_csv_examples_agree() {
    let from_csv = costs::parse_csv(&example("costs.csv")).expect("csv");
    let from_toml = costs::parse_toml(&example("costs.toml")).expect("toml");
    assert_eq!(from_csv.len(), from_toml.len());
    for (a, b) in from_csv.iter().zip(&from_toml) {
        assert_eq!(
            (a.category, &a.description, a.amount),
            (b.category, &b.description, b.amount)
        );
    }
}

#[test]
fn unknown_category_names_the_line() {
    let err = costs::parse_csv("category,amount,currency\nexport-packing,1,EUR\nfreight,2,EUR\n")
        .expect_err("unknown category");
    assert!(
        err.to_string().starts_with(
            "cost line 3: unknown category \"freight\"; the categories are export-packing,"
        ),
        "{err}"
    );
    let err = costs::parse_toml("[[line]]\ncategory = \"x\"\namount = \"1\"\ncurrency = \"EUR\"\n")
        .expect_err("unknown category");
    assert!(
        err.to_string()
            .starts_with("cost line 1: unknown category \"x\""),
        "{err}"
    );
}

#[test]
fn bad_lines_are_errors_naming_them() {
    let cases = [
        (
            "category,amount,currency\nmain-carriage,1.2.3,EUR\n",
            "cost line 2: amount:",
        ),
        (
            "category,amount,currency\nmain-carriage,1,EURO\n",
            "cost line 2: currency:",
        ),
        (
            "category,amount\nmain-carriage,1\n",
            "no \"currency\" column",
        ),
        (
            "category,amount,currency,in_carriage_contract\nunloading-at-destination,1,EUR,maybe\n",
            "cost line 2: in_carriage_contract is \"maybe\"",
        ),
    ];
    for (text, expected) in cases {
        let err = costs::parse_csv(text).expect_err(text).to_string();
        assert!(err.contains(expected), "{text}\n=> {err}");
    }
    // A TOML float is read as the digits written (b2b_core::exact_toml).
    let lines = costs::parse_toml(
        "[[line]]\ncategory = \"insurance\"\namount = 1.50000000000000001\ncurrency = \"EUR\"\n",
    )
    .expect("float amount");
    assert_eq!(lines[0].amount.amount().to_string(), "1.50000000000000001");
    let err = costs::parse_toml(
        "[[line]]\ncategory = \"insurance\"\namount = true\ncurrency = \"EUR\"\n",
    )
    .expect_err("boolean amount")
    .to_string();
    assert!(
        err.contains("cost line 1: amount true must be a number or a string"),
        "{err}"
    );
}

#[test]
fn csv_with_byte_order_mark_and_quoted_commas() {
    let text = "\u{feff}category,description,amount,currency\ninsurance,\"Cargo insurance, clauses (A)\",185.00,USD\n";
    let lines = costs::parse_csv(text).expect("lines");
    assert_eq!(lines[0].description, "Cargo insurance, clauses (A)");
    assert_eq!(lines[0].amount.to_string(), "185.00 USD");
}

#[test]
fn carriage_contract_flag_moves_unloading_to_the_seller() {
    let text = "category,amount,currency,in_carriage_contract\nunloading-at-destination,500,EUR,true\nunloading-at-destination,70,EUR,false\n";
    let lines = costs::parse_csv(text).expect("lines");
    let split = costs::split(Incoterm::Dap, None, &lines).expect("split");
    assert_eq!(split.lines[0].party, Party::Seller);
    assert_eq!(split.lines[1].party, Party::Buyer);
}

#[test]
fn rules_parse_case_insensitively_and_explain_mistakes() {
    assert_eq!(" fob ".parse::<Incoterm>(), Ok(Incoterm::Fob));
    assert_eq!("Cif".parse::<Incoterm>(), Ok(Incoterm::Cif));
    let err = "FOX".parse::<Incoterm>().expect_err("unknown").to_string();
    assert_eq!(
        err,
        "\"FOX\" is not an Incoterms 2020 rule: the Incoterms 2020 rules are EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF"
    );
    let err = "dat"
        .parse::<Incoterm>()
        .expect_err("withdrawn")
        .to_string();
    assert!(
        err.contains("was replaced by DPU (Delivered at Place Unloaded) in Incoterms 2020"),
        "{err}"
    );
    let err = "DDU"
        .parse::<Incoterm>()
        .expect_err("withdrawn")
        .to_string();
    assert!(err.contains("DAP is its successor"), "{err}");
}
