//! The CLI's JSON reports on the bundled examples, pinned to the golden
//! files the HTTP API's tests compare its answers with
//! (`crates/b2b-http/tests/data/golden/`), so that both answer the same.
//! `B2B_BLESS=1 cargo test -p b2b --test http_golden` rewrites them from
//! the CLI's output.

mod common;

use std::path::PathBuf;

/// Golden file name and the CLI's arguments, separated by `|`
/// (`--format json` is added).
const CASES: &[(&str, &str)] = &[
    (
        "tender-office-laptops",
        "tender|evaluate|examples/office-laptops/tender.toml|examples/office-laptops/bids.csv",
    ),
    (
        "tender-office-laptops-sensitivity",
        "tender|evaluate|examples/office-laptops/tender.toml|examples/office-laptops/bids.csv|--sensitivity",
    ),
    (
        "tender-office-laptops-json-bids",
        "tender|evaluate|examples/office-laptops/tender.toml|bins/b2b/tests/data/laptops-bids.json",
    ),
    (
        "tender-forklift-lcc",
        "tender|evaluate|examples/forklift-lcc/tender.toml|examples/forklift-lcc/bids.csv",
    ),
    (
        "tender-prozorro-features",
        "tender|evaluate|examples/prozorro-features/tender.toml|examples/prozorro-features/bids.csv",
    ),
    (
        "terms-due",
        "terms|due|--terms|2/10 net 30|--invoice-date|2026-11-26|--amount|1000|--currency|EUR|--calendar|SE+examples/calendars/company-closing-days.txt|--paid|2026-12-10",
    ),
    (
        "terms-due-instalments",
        "terms|due|--terms|30% CWO, 70% net 30|--invoice-date|2026-11-26|--amount|1000|--currency|EUR|--debtor|public",
    ),
    (
        "terms-interest",
        "terms|interest|--principal|10000|--currency|EUR|--due|2025-01-31|--paid|2025-03-15",
    ),
    (
        "terms-interest-rates",
        "terms|interest|--principal|5000|--due|2026-01-15|--paid|2026-02-14|--country|DE|--rates|examples/rates/my-rates.toml",
    ),
    ("terms-incoterm-cif", "terms|incoterm|CIF"),
    ("terms-incoterm-list", "terms|incoterm|--list"),
    (
        "terms-incoterm-costs-csv",
        "terms|incoterm|FCA|--costs|examples/incoterms/costs.csv|--place|seller-premises",
    ),
    (
        "terms-incoterm-costs-toml",
        "terms|incoterm|CIF|--costs|examples/incoterms/costs.toml",
    ),
    (
        "terms-penalty",
        "terms|penalty|--value|200|--currency|USD|--rate|10.5|--per|2|--cap|55|--terminate-after|15|--due|2018-01-31|--delivered|2018-02-05",
    ),
    (
        "contract-schedule",
        "contract|schedule|examples/contracts/forklift-parts.toml|--until|2026-06-30",
    ),
    (
        "contract-price",
        "contract|price|examples/contracts/forklift-parts.toml|--quantity|650",
    ),
    (
        "contract-penalty",
        "contract|penalty|examples/contracts/forklift-parts.toml|--due|2026-05-04|--delivered|2026-05-13|--value|24000",
    ),
    (
        "contract-sla",
        "contract|sla|examples/contracts/forklift-parts.toml|--availability|98.2|--history|bins/b2b/tests/data/contracts/portal-history.csv",
    ),
    (
        "classify-one",
        "classify|crates/b2b-http/tests/data/one-sale.json",
    ),
    (
        "classify-array",
        "classify|examples/sales/domain-examples.json|--rules|seed,eu-vat",
    ),
    (
        "classify-lines",
        "classify|examples/sales/cross-border.jsonl",
    ),
    (
        "ident-check",
        "ident|check|SE556043606401|SE 202 100-5000 01|DE136695976|--country|SE",
    ),
];

fn golden(name: &str) -> PathBuf {
    common::root().join(format!("crates/b2b-http/tests/data/golden/{name}.json"))
}

#[test]
fn the_cli_prints_the_golden_reports() {
    let bless = std::env::var_os("B2B_BLESS").is_some();
    for (name, args) in CASES {
        let mut all: Vec<&str> = args.split('|').collect();
        all.extend(["--format", "json"]);
        let output = common::B2b::new(&[]).run(&all);
        assert!(output.status.success(), "b2b {all:?}: {output:?}");
        let path = golden(name);
        if bless {
            std::fs::write(&path, &output.stdout).expect("the golden file is written");
        }
        let expected = std::fs::read(&path).expect("the golden file exists");
        assert!(
            output.stdout == expected,
            "b2b {all:?} no longer prints {}:\n{}",
            path.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}
