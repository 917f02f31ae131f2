//! `b2b terms incoterm` run as a real binary, on examples/incoterms/.
//! Expected allocations follow ICC's Incoterms 2020 summaries (see
//! docs/incoterms.md): e.g. CIP requires Institute Cargo Clauses (A) and CIF
//! clauses (C); DAT was replaced by DPU in 2020.

use serde_json::Value;
use std::process::Output;

mod common;

const INCOTERM: common::B2b = common::B2b::new(&["terms", "incoterm"]);

fn b2b(args: &[&str]) -> Output {
    common::B2b::new(&[]).run(args)
}

fn json(args: &[&str]) -> Value {
    INCOTERM.json(args)
}

fn failure(args: &[&str]) -> String {
    INCOTERM.bad_input(args)
}

#[test]
fn one_rule_case_insensitive() {
    let cif = json(&["cif"]);
    assert_eq!(cif["rule"], "CIF");
    assert_eq!(cif["name"], "Cost, Insurance and Freight");
    assert_eq!(cif["mode"], "sea");
    assert_eq!(cif["main_carriage"], "seller");
    assert_eq!(cif["insurance"], "seller-icc-c");
    assert_eq!(cif["export_clearance"], "seller");
    assert_eq!(cif["import_clearance"], "buyer");
    assert_eq!(cif["unloading_at_destination"], "buyer");
    assert!(
        cif["delivery"]
            .as_str()
            .is_some_and(|s| s.contains("on board"))
    );
    assert!(cif["risk_transfer"].as_str().is_some());
    assert_eq!(json(&["Cip"])["insurance"], "seller-icc-a");
    assert_eq!(json(&["exw"])["export_clearance"], "buyer");
    assert_eq!(json(&["DPU"])["unloading_at_destination"], "seller");
    assert_eq!(json(&["ddp"])["import_clearance"], "seller");
}

#[test]
fn list_has_all_eleven() {
    let list = json(&["--list"]);
    let codes: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(
        codes,
        [
            "EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"
        ]
    );
}

fn totals(report: &Value) -> Vec<(String, String, String)> {
    report["totals"]
        .as_array()
        .expect("totals")
        .iter()
        .map(|t| {
            (
                t["party"].as_str().expect("party").to_owned(),
                t["total"]["amount"].as_str().expect("amount").to_owned(),
                t["total"]["currency"]
                    .as_str()
                    .expect("currency")
                    .to_owned(),
            )
        })
        .collect()
}

fn t(party: &str, amount: &str, currency: &str) -> (String, String, String) {
    (party.to_owned(), amount.to_owned(), currency.to_owned())
}

/// Seller under FOB: packing 420 + loading 60 + export clearance 95 +
/// pre-carriage 680 + origin terminal 210 + loading on board 150 = 1615 EUR;
/// the buyer: freight 2450 + insurance 185 = 2635 USD and the CNY lines,
/// 1350 + 900 + 600 + 18500 + 2200 = 23550.
#[test]
fn fob_split_of_the_example_csv_and_toml() {
    for file in [
        "examples/incoterms/costs.csv",
        "examples/incoterms/costs.toml",
    ] {
        let report = json(&["FOB", "--costs", file]);
        assert_eq!(report["rule"], "FOB");
        assert_eq!(
            totals(&report),
            vec![
                t("seller", "1615.00", "EUR"),
                t("buyer", "23550.00", "CNY"),
                t("buyer", "2635.00", "USD"),
            ],
            "{file}"
        );
        let lines = report["lines"].as_array().expect("lines");
        assert_eq!(lines.len(), 13);
        assert_eq!(lines[6]["category"], "main-carriage");
        assert_eq!(lines[6]["party"], "buyer");
    }
}

#[test]
fn fca_needs_the_place_for_pre_carriage() {
    let err = failure(&["FCA", "--costs", "examples/incoterms/costs.csv"]);
    assert!(
        err.contains("cost line 5 (pre-carriage): under FCA this depends on the place"),
        "{err}"
    );
    // At the seller's premises the buyer's carrier collects: pre-carriage
    // (680), origin terminal (210) and loading on board (150) move to the buyer.
    let report = json(&[
        "fca",
        "--costs",
        "examples/incoterms/costs.csv",
        "--place",
        "seller-premises",
    ]);
    assert_eq!(totals(&report)[0], t("seller", "575.00", "EUR"));
    let report = json(&[
        "fca",
        "--costs",
        "examples/incoterms/costs.csv",
        "--place",
        "elsewhere",
    ]);
    assert_eq!(totals(&report)[0], t("seller", "1255.00", "EUR"));
}

#[test]
fn unknown_and_withdrawn_rules() {
    let err = failure(&["FOX"]);
    assert!(
        err.contains("\"FOX\" is not an Incoterms 2020 rule"),
        "{err}"
    );
    assert!(
        err.contains("EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF"),
        "{err}"
    );
    let err = failure(&["dat"]);
    assert!(err.contains("replaced by DPU"), "{err}");
    let err = failure(&[]);
    assert!(err.contains("--list"), "{err}");
    let err = failure(&["FOB", "--place", "elsewhere"]);
    assert!(err.contains("--place applies to FCA only"), "{err}");
}

#[test]
fn unknown_category_names_file_and_line() {
    let dir = std::env::temp_dir().join(format!("b2b-incoterm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bad.csv");
    std::fs::write(
        &path,
        "category,amount,currency\nmain-carriage,1,EUR\nfreight,2,EUR\n",
    )
    .expect("write");
    let err = failure(&["CIF", "--costs", path.to_str().expect("utf-8 path")]);
    assert!(
        err.contains("bad.csv: cost line 3: unknown category \"freight\""),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn table_output() {
    let output = b2b(&["terms", "incoterm", "--list", "--format", "table"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Carriage and Insurance Paid To"), "{text}");
    assert!(text.contains("seller-icc-a"), "{text}");
}
