//! Data-driven tests of the input layer (`b2b_tender::input`).
//!
//! `tests/data/input/tender/` holds tender files: each `ok_*.toml` must parse
//! and equal its `ok_*.json` twin; each `bad_*.toml` / `bad_*.json` must fail
//! with exactly the message in the sibling `<file>.expected`.
//!
//! Every other directory there (`bids_*/`) holds a `tender.toml` and bids
//! files checked against it: `ok_*.csv` must parse and equal `ok_*.json`;
//! each `bad_*.csv` / `bad_*.json` must fail with the message in
//! `<file>.expected`.
//!
//! Run with `UPDATE_EXPECTED=1` to (re)write the `.expected` files from the
//! actual messages, then review the diff.

use b2b_tender::bids::Bids;
use b2b_tender::column::Column;
use b2b_tender::input::{BidsFormat, InputError, Location, TenderFormat, parse_bids, parse_tender};
use b2b_tender::tender::{
    AwardModel, Better, CostItem, CostPer, Criterion, CriterionKind, Formula, LifeCycle,
    Requirement, Tender, TieBreak,
};
use rust_decimal::Decimal;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/input")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// The files of `dir` whose names start with `prefix`, sorted, without `.expected` files.
fn cases(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            let name = file_name(path);
            name.starts_with(prefix) && !name.ends_with(".expected")
        })
        .collect();
    files.sort();
    files
}

fn tender_format(path: &Path) -> TenderFormat {
    TenderFormat::from_path(path).unwrap_or_else(|| panic!("{}: not .toml/.json", path.display()))
}

fn bids_format(path: &Path) -> BidsFormat {
    BidsFormat::from_path(path).unwrap_or_else(|| panic!("{}: not .csv/.json", path.display()))
}

fn load_tender(path: &Path) -> Result<Tender, InputError> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_tender(&text, tender_format(path), &file_name(path))
}

fn load_bids(path: &Path, tender: &Tender) -> Result<Bids, InputError> {
    let data = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_bids(&data, bids_format(path), &file_name(path), tender)
}

/// Compares a failing case's message with its `.expected` file; returns a
/// description of the mismatch, if any.
fn check(path: &Path, outcome: Result<String, InputError>) -> Option<String> {
    let expected_path = PathBuf::from(format!("{}.expected", path.display()));
    let actual = match outcome {
        Ok(what) => return Some(format!("{}: expected an error, got {what}", path.display())),
        Err(error) => error.to_string(),
    };
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        fs::write(&expected_path, format!("{actual}\n")).expect("write .expected");
        return None;
    }
    let expected = match fs::read_to_string(&expected_path) {
        Ok(text) => text.trim_end().to_owned(),
        Err(e) => return Some(format!("{}: {e}", expected_path.display())),
    };
    (actual != expected).then(|| {
        format!(
            "{}:\n  expected: {expected}\n  actual:   {actual}",
            path.display()
        )
    })
}

fn report(failures: Vec<String>, checked: usize, at_least: usize) {
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        checked >= at_least,
        "only {checked} cases found, expected at least {at_least}"
    );
}

#[test]
fn bad_tender_files_fail_with_the_expected_message() {
    let dir = data_dir().join("tender");
    let mut failures = Vec::new();
    let files = cases(&dir, "bad_");
    for path in &files {
        let outcome = load_tender(path).map(|tender| format!("{tender:?}"));
        failures.extend(check(path, outcome));
    }
    report(failures, files.len(), 60);
}

#[test]
fn bad_bids_files_fail_with_the_expected_message() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in bids_dirs() {
        let tender = load_tender(&dir.join("tender.toml")).expect("the directory's tender");
        for path in cases(&dir, "bad_") {
            let outcome = load_bids(&path, &tender).map(|bids| format!("{bids:?}"));
            failures.extend(check(&path, outcome));
            checked += 1;
        }
    }
    report(failures, checked, 40);
}

fn bids_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(data_dir())
        .expect("data dir")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir() && file_name(path).starts_with("bids_"))
        .collect();
    dirs.sort();
    dirs
}

/// Every `ok_*.toml` tender parses and equals its `ok_*.json` twin.
#[test]
fn toml_and_json_tenders_are_equal() {
    let dir = data_dir().join("tender");
    let tomls: Vec<PathBuf> = cases(&dir, "ok_")
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(tomls.len() >= 6, "{tomls:?}");
    for toml in tomls {
        let json = toml.with_extension("json");
        let from_toml = load_tender(&toml).unwrap_or_else(|e| panic!("{e}"));
        let from_json = load_tender(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from_toml, from_json, "{}", toml.display());
    }
}

/// Every `ok_*.csv` bids file parses and equals its `ok_*.json` twin (except
/// `lines`, which are CSV lines in one and JSON indices in the other).
#[test]
fn csv_and_json_bids_are_equal() {
    let mut pairs = 0;
    for dir in bids_dirs() {
        let tender = load_tender(&dir.join("tender.toml")).expect("the directory's tender");
        for csv in cases(&dir, "ok_") {
            if csv.extension().is_none_or(|e| e != "csv") {
                continue;
            }
            let json = csv.with_extension("json");
            let mut from_csv = load_bids(&csv, &tender).unwrap_or_else(|e| panic!("{e}"));
            let from_json = load_bids(&json, &tender).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                from_json.lines,
                (1..=from_json.len() as u64).collect::<Vec<_>>()
            );
            assert!(from_csv.lines.iter().all(|&line| line >= 2));
            from_csv.lines.clone_from(&from_json.lines);
            assert_eq!(from_csv, from_json, "{}", csv.display());
            pairs += 1;
        }
    }
    assert!(pairs >= 3, "only {pairs} ok_ pairs");
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn column(values: &[&str]) -> Column {
    Column::from_decimals(values.iter().map(|v| dec(v))).expect("fits")
}

#[test]
fn best_price_quality_tender_has_every_field() {
    let tender = load_tender(&data_dir().join("tender/ok_bpq.toml")).expect("valid");
    let expected = Tender {
        id: "2026-0142".into(),
        title: "Office laptops 2027".into(),
        currency: "EUR".parse().expect("EUR"),
        award: AwardModel::BestPriceQuality,
        requirements: vec![
            Requirement {
                id: "tco_certified".into(),
                text: "TCO Certified, generation 9 or later".into(),
            },
            Requirement {
                id: "keyboard_layout".into(),
                text: "Nordic keyboard layout".into(),
            },
        ],
        criteria: vec![
            Criterion {
                id: "price".into(),
                name: Some("Price".into()),
                weight: Some(dec("60")),
                value: None,
                kind: CriterionKind::Price {
                    formula: Formula::Proportional,
                },
            },
            Criterion {
                id: "battery_hours".into(),
                name: None,
                weight: Some(dec("15")),
                value: None,
                kind: CriterionKind::Quantity {
                    better: Better::Higher,
                    formula: Formula::Proportional,
                },
            },
            Criterion {
                id: "delivery_days".into(),
                name: None,
                weight: Some(dec("0.5")),
                value: None,
                kind: CriterionKind::Quantity {
                    better: Better::Lower,
                    formula: Formula::Linear,
                },
            },
            Criterion {
                id: "support".into(),
                name: None,
                weight: Some(dec("24.5")),
                value: None,
                kind: CriterionKind::Points { scale: dec("5") },
            },
        ],
        abnormally_low: dec("0.15"),
        life_cycle: None,
        tie_break: vec![TieBreak::Criterion(2), TieBreak::SubmittedAt],
    };
    assert_eq!(tender, expected);
    assert_eq!(tender.price_index(), 0);
}

#[test]
fn lowest_cost_tender_has_its_life_cycle() {
    let tender = load_tender(&data_dir().join("tender/ok_lcc.toml")).expect("valid");
    assert_eq!(tender.award, AwardModel::LowestCost);
    assert_eq!(tender.currency.code(), "SEK");
    assert_eq!(tender.abnormally_low, dec("0.20"));
    assert_eq!(
        tender.life_cycle,
        Some(LifeCycle {
            years: 5,
            discount_rate: dec("0.04"),
            costs: vec![
                CostItem {
                    id: "installation".into(),
                    per: CostPer::Once,
                },
                CostItem {
                    id: "energy".into(),
                    per: CostPer::Year,
                },
                CostItem {
                    id: "disposal".into(),
                    per: CostPer::End,
                },
            ],
        })
    );
    assert_eq!(tender.tie_break, vec![TieBreak::SubmittedAt]);
    assert_eq!(
        tender.criteria[1].kind,
        CriterionKind::Quantity {
            better: Better::Lower,
            formula: Formula::Linear
        }
    );
}

#[test]
fn feature_values_are_sorted_and_exact() {
    let tender = load_tender(&data_dir().join("tender/ok_pf.toml")).expect("valid");
    assert_eq!(
        tender.criteria[0].kind,
        CriterionKind::Price {
            formula: Formula::Linear
        }
    );
    assert_eq!(
        tender.criteria[1].kind,
        CriterionKind::Feature {
            values: vec![dec("0"), dec("0.05"), dec("0.10"), dec("0.15")]
        }
    );
    assert!(tender.criteria.iter().all(|c| c.weight.is_none()));
    assert!(tender.life_cycle.is_none());
}

#[test]
fn value_deduction_and_price_per_quality_keep_values_and_weights() {
    let vd = load_tender(&data_dir().join("tender/ok_vd.toml")).expect("valid");
    assert_eq!(vd.criteria[1].value, Some(dec("50000")));
    assert_eq!(vd.criteria[2].value, Some(dec("12500.50")));
    assert_eq!(vd.criteria[0].value, None);
    let ppq = load_tender(&data_dir().join("tender/ok_ppq.toml")).expect("valid");
    assert_eq!(ppq.abnormally_low, Decimal::ZERO);
    assert_eq!(ppq.criteria[0].weight, None);
    assert_eq!(ppq.criteria[1].weight, Some(dec("2")));
    assert_eq!(ppq.currency.code(), "USD");
    let lp = load_tender(&data_dir().join("tender/ok_lp.toml")).expect("valid");
    assert_eq!(lp.price_index(), 1);
    assert_eq!(lp.tie_break, vec![TieBreak::Criterion(0)]);
}

#[test]
fn bpq_bids_have_every_column() {
    let dir = data_dir().join("bids_bpq");
    let tender = load_tender(&dir.join("tender.toml")).expect("valid");
    let bids = load_bids(&dir.join("ok_bids.csv"), &tender).expect("valid");
    assert_eq!(bids.ids, ["B1", "B2", "B3", "B4"]);
    assert_eq!(
        bids.suppliers,
        ["Acme AB", "Bolt, Oy", "Café\nLtd", "Delta \"D\" GmbH"]
    );
    // Line 4 is a quoted supplier over two lines; B4 starts after it.
    assert_eq!(bids.lines, [2, 3, 4, 6]);
    assert_eq!(
        bids.requirements,
        [vec![true, true, false, true], vec![true, false, true, true]]
    );
    assert_eq!(
        bids.criteria,
        [
            column(&["1200", "999.50", "1100.25", "1200.0"]),
            column(&["10", "12.5", "0", "9"]),
            column(&["5", "-2", "3.25", "5"]),
            column(&["4", "5", "0", "2.5"]),
        ]
    );
    assert_eq!(bids.criteria[0].scale(), 2);
    assert_eq!(bids.criteria[0].raw(), [120000, 99950, 110025, 120000]);
    assert!(bids.costs.is_empty());
    let times = bids.submitted_at.expect("submitted_at column");
    assert_eq!(times.len(), 4);
    assert_eq!(times[0], time::macros::datetime!(2026-11-20 09:15:00 UTC));
    assert_eq!(
        times[1],
        time::macros::datetime!(2026-11-20 10:15:00 +01:00)
    );
    assert!(times[2] > times[0]);
}

#[test]
fn lowest_cost_bids_have_cost_columns() {
    let dir = data_dir().join("bids_lcc");
    let tender = load_tender(&dir.join("tender.toml")).expect("valid");
    let crlf = load_bids(&dir.join("ok_crlf.csv"), &tender).expect("valid");
    // CRLF line ends, a BOM and blank lines do not shift line numbers.
    assert_eq!(crlf.lines, [2, 4, 5]);
    let bids = load_bids(&dir.join("ok_bids.csv"), &tender).expect("valid");
    assert_eq!(bids.len(), 3);
    assert_eq!(bids.lines, [2, 3, 4]);
    assert_eq!(
        crlf,
        Bids {
            lines: crlf.lines.clone(),
            ..bids.clone()
        }
    );
    assert_eq!(bids.criteria.len(), 2);
    assert_eq!(
        bids.costs,
        [
            column(&["500", "0", "250.5"]),
            column(&["1200", "1500.75", "990"]),
            column(&["0", "100", "80"]),
        ]
    );
    assert!(bids.requirements.is_empty());
}

#[test]
fn feature_bids_accept_equal_decimals() {
    let dir = data_dir().join("bids_pf");
    let tender = load_tender(&dir.join("tender.toml")).expect("valid");
    let bids = load_bids(&dir.join("ok_bids.csv"), &tender).expect("valid");
    // 0.10 in a cell matches the offered 0.1, and keeps its written value.
    assert_eq!(bids.criteria[1], column(&["0.15", "0.10", "0"]));
    assert_eq!(bids.criteria[2], column(&["0", "0.1", "0.15"]));
    assert_eq!(bids.submitted_at, None);
}

#[test]
fn bids_without_rows_are_empty() {
    let dir = data_dir().join("bids_lcc");
    let tender = load_tender(&dir.join("tender.toml")).expect("valid");
    let csv = parse_bids(
        b"bid,supplier,price,noise_db,installation,energy,disposal\n",
        BidsFormat::Csv,
        "empty.csv",
        &tender,
    )
    .expect("valid");
    assert!(csv.is_empty());
    assert_eq!(csv.criteria.len(), 2);
    assert_eq!(csv.costs.len(), 3);
    assert_eq!(csv.submitted_at, None);
    let json =
        parse_bids(b"{\"bids\": []}", BidsFormat::Json, "empty.json", &tender).expect("valid");
    assert_eq!(json, csv);
}

#[test]
fn errors_expose_file_location_and_message() {
    let dir = data_dir().join("bids_bpq");
    let tender = load_tender(&dir.join("tender.toml")).expect("valid");
    let error = load_bids(&dir.join("bad_price_text.csv"), &tender).expect_err("invalid");
    assert_eq!(error.file(), "bad_price_text.csv");
    assert!(matches!(
        error.location(),
        Location::LineColumn { line: 3, column: 5 }
    ));
    assert!(matches!(&error, InputError::Value { column, .. } if column == "price"));
    assert_eq!(error.message(), "\"389 500 kr\" is not a decimal number");
}

/// Many rows in, every value out in order: the fast path keeps exactness
/// and the duplicate-id check scales.
#[test]
fn large_csv_round_trips() {
    let dir = data_dir().join("bids_lcc");
    let tender = load_tender(&dir.join("tender.toml")).expect("valid");
    let rows = 50_000;
    let mut csv = String::from("bid,supplier,price,noise_db,installation,energy,disposal\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "B{i},Supplier {i},{}.{:02},{},0,{}.5,{}\n",
            1000 + i,
            i % 100,
            1 + i % 7,
            i,
            i % 3
        ));
    }
    let bids = parse_bids(csv.as_bytes(), BidsFormat::Csv, "big.csv", &tender).expect("valid");
    assert_eq!(bids.len(), rows);
    assert_eq!(bids.ids[rows - 1], format!("B{}", rows - 1));
    assert_eq!(bids.lines[rows - 1], rows as u64 + 1);
    assert_eq!(bids.criteria[0].decimal(1234), dec("2234.34"));
    assert_eq!(bids.costs[1].decimal(rows - 1), dec("49999.5"));
    csv.push_str("B777,Again,1,1,1,1,1\n");
    let error =
        parse_bids(csv.as_bytes(), BidsFormat::Csv, "big.csv", &tender).expect_err("duplicate");
    assert_eq!(
        error.to_string(),
        format!(
            "big.csv:{}:1: column \"bid\": duplicate bid id \"B777\" (first on line 779)",
            rows + 2
        )
    );
}

mod never_panics {
    //! Arbitrary and mutated input gives `Ok` or an error naming the file,
    //! never a panic.

    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    fn base(path: &str) -> Vec<u8> {
        fs::read(data_dir().join(path)).expect("base file")
    }

    /// Replaces, inserts or deletes bytes at the given places.
    fn mutate(mut data: Vec<u8>, edits: &[(Index, u8, u8)]) -> Vec<u8> {
        for (at, byte, op) in edits {
            let i = at.index(data.len() + 1);
            match op {
                0 if i < data.len() => data[i] = *byte,
                1 => data.insert(i, *byte),
                _ if i < data.len() => {
                    data.remove(i);
                }
                _ => data.push(*byte),
            }
        }
        data
    }

    fn tender_ok_or_named(data: &[u8], format: TenderFormat) {
        let text = String::from_utf8_lossy(data);
        if let Err(error) = parse_tender(&text, format, "t.file") {
            assert!(error.to_string().starts_with("t.file"), "{error}");
            assert_eq!(error.file(), "t.file");
        }
    }

    fn bids_ok_or_named(data: &[u8], format: BidsFormat, tender: &Tender) {
        if let Err(error) = parse_bids(data, format, "b.file", tender) {
            assert!(error.to_string().starts_with("b.file"), "{error}");
        }
    }

    fn bpq_tender() -> Tender {
        load_tender(&data_dir().join("bids_bpq/tender.toml")).expect("valid")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            let tender = bpq_tender();
            tender_ok_or_named(&data, TenderFormat::Toml);
            tender_ok_or_named(&data, TenderFormat::Json);
            bids_ok_or_named(&data, BidsFormat::Csv, &tender);
            bids_ok_or_named(&data, BidsFormat::Json, &tender);
        }

        #[test]
        fn mutated_tenders(edits in proptest::collection::vec((any::<Index>(), any::<u8>(), 0..3u8), 1..6)) {
            for (path, format) in [
                ("tender/ok_bpq.toml", TenderFormat::Toml),
                ("tender/ok_bpq.json", TenderFormat::Json),
                ("tender/ok_lcc.toml", TenderFormat::Toml),
                ("tender/ok_pf.json", TenderFormat::Json),
            ] {
                tender_ok_or_named(&mutate(base(path), &edits), format);
            }
        }

        #[test]
        fn mutated_bids(edits in proptest::collection::vec((any::<Index>(), any::<u8>(), 0..3u8), 1..6)) {
            let tender = bpq_tender();
            bids_ok_or_named(&mutate(base("bids_bpq/ok_bids.csv"), &edits), BidsFormat::Csv, &tender);
            bids_ok_or_named(&mutate(base("bids_bpq/ok_bids.json"), &edits), BidsFormat::Json, &tender);
        }

        /// Every plain decimal a cell can hold comes out exactly as written.
        #[test]
        fn csv_decimals_are_exact(values in proptest::collection::vec((1i64..=999_999_999_999, 0u32..=6), 1..20)) {
            let tender = load_tender(&data_dir().join("bids_lcc/tender.toml")).expect("valid");
            let mut csv = String::from("bid,supplier,price,noise_db,installation,energy,disposal\n");
            for (i, (mantissa, scale)) in values.iter().enumerate() {
                let value = Decimal::new(*mantissa, *scale);
                csv.push_str(&format!("B{i},S,{value},1,0,{value},0\n"));
            }
            let bids = parse_bids(csv.as_bytes(), BidsFormat::Csv, "b.csv", &tender).expect("valid");
            for (i, (mantissa, scale)) in values.iter().enumerate() {
                prop_assert_eq!(bids.criteria[0].decimal(i), Decimal::new(*mantissa, *scale));
                prop_assert_eq!(bids.costs[1].decimal(i), Decimal::new(*mantissa, *scale));
            }
        }
    }
}
