//! The real `b2b` binary run on the real example files.
//!
//! Expected figures were computed independently with exact fractions (Python
//! `fractions.Fraction`) from the formulas in docs/formulas.md.

use serde_json::Value;
use std::process::Output;

mod common;

fn b2b(args: &[&str]) -> Output {
    common::B2b::new(&[]).run(args)
}

fn json(args: &[&str]) -> Value {
    common::B2b::new(&[]).json(args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// (rank, bid, value) of every ranked bid.
fn ranking(report: &Value) -> Vec<(u64, String, String)> {
    report["ranking"]
        .as_array()
        .expect("ranking array")
        .iter()
        .map(|row| {
            (
                row["rank"].as_u64().expect("rank"),
                row["bid"].as_str().expect("bid").to_owned(),
                row["value"].as_str().expect("value string").to_owned(),
            )
        })
        .collect()
}

fn row(rank: u64, bid: &str, value: &str) -> (u64, String, String) {
    (rank, bid.to_owned(), value.to_owned())
}

const LAPTOPS: &str = "examples/office-laptops/bids.csv";

#[test]
fn office_laptops_best_price_quality_ranks_excludes_and_flags() {
    let report = json(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        LAPTOPS,
    ]);
    assert_eq!(report["tender"], "2026-0142");
    assert_eq!(report["award"], "best-price-quality");
    assert_eq!(report["currency"], "EUR");
    assert_eq!(report["winner"], "B03");
    // Exact scores: B03 812173/10000, B06 754273/10000, B01 371903/5000,
    // B02 666247/10000, B07 132589/2000, B05 263/4 (rounded half-even).
    assert_eq!(
        ranking(&report),
        vec![
            row(1, "B03", "81.2173"),
            row(2, "B06", "75.4273"),
            row(3, "B01", "74.3806"),
            row(4, "B02", "66.6247"),
            row(5, "B07", "66.2945"),
            row(6, "B05", "65.7500"),
        ]
    );
    assert_eq!(
        report["excluded"],
        serde_json::json!([{ "bid": "B04", "supplier": "Rhein Computer GmbH", "reasons": ["tco_certified"] }])
    );
    let b05 = &report["ranking"][5];
    assert_eq!(b05["flags"], serde_json::json!(["abnormally-low"]));
    // B01: 50 * 839/1189 + 10 * 4/5.5 + 10 * 18/23 + 15 * 4/5 + 15 * 8/10.
    assert_eq!(
        report["ranking"][2]["breakdown"],
        serde_json::json!({
            "price": "35.2817", "battery_hours": "7.2727", "delivery_days": "7.8261",
            "support": "12.0000", "ergonomics": "12.0000"
        })
    );
    let codes: Vec<&str> = report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, vec!["abnormally-low"]);
    assert_eq!(report["warnings"][0]["bids"], serde_json::json!(["B05"]));
}

#[test]
fn every_award_model_runs_on_the_examples() {
    let cases: [(&str, &str, &str, &str); 5] = [
        // The cheapest compliant bid, though abnormally low.
        (
            "examples/office-laptops/tender-lowest-price.toml",
            LAPTOPS,
            "B05",
            "839.00",
        ),
        // 1249.00 / (quality 95.2632) = 13.1114.
        (
            "examples/office-laptops/tender-price-per-quality.toml",
            LAPTOPS,
            "B03",
            "13.1114",
        ),
        // 839 - (60 * 0 + 40 * 0 + 120 * 2/5 + 100 * 6.5/10) = 726.
        (
            "examples/office-laptops/tender-value-deduction.toml",
            LAPTOPS,
            "B05",
            "726.00",
        ),
        // 448500 + 9500 + annuity(8, 4 %) * 30100 + 4500 / 1.04^8 = 663943.73.
        (
            "examples/forklift-lcc/tender.toml",
            "examples/forklift-lcc/bids.csv",
            "F3",
            "663943.73",
        ),
        // 530.00 / (1 + 0.3 / 0.7) = 371.00.
        (
            "examples/prozorro-features/tender.toml",
            "examples/prozorro-features/bids.csv",
            "P4",
            "371.00",
        ),
    ];
    for (tender, bids, winner, value) in cases {
        let report = json(&["tender", "evaluate", tender, bids]);
        assert_eq!(report["winner"], winner, "{tender}");
        assert_eq!(report["ranking"][0]["value"], value, "{tender}");
    }
}

#[test]
fn prozorro_published_example_evaluates_499_to_388_11() {
    let report = json(&[
        "tender",
        "evaluate",
        "examples/prozorro-features/tender.toml",
        "examples/prozorro-features/bids.csv",
    ]);
    let p1 = report["ranking"]
        .as_array()
        .expect("ranking")
        .iter()
        .find(|row| row["bid"] == "P1")
        .expect("P1 ranked");
    assert_eq!(p1["value"], "388.11");
    assert_eq!(
        report["excluded"][0]["reasons"],
        serde_json::json!(["certified"])
    );
}

#[test]
fn sensitivity_reports_weight_ranges_per_criterion() {
    let report = json(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        LAPTOPS,
        "--sensitivity",
    ]);
    let weights = report["sensitivity"]["weights"]
        .as_array()
        .expect("weights");
    assert_eq!(weights.len(), 5);
    assert_eq!(weights[0]["criterion"], "price");
    assert_eq!(weights[0]["share"], "50");
    for range in weights {
        let min: f64 = range["min_share"]
            .as_str()
            .expect("min")
            .parse()
            .expect("number");
        let max: f64 = range["max_share"]
            .as_str()
            .expect("max")
            .parse()
            .expect("number");
        let now: f64 = range["share"]
            .as_str()
            .expect("share")
            .parse()
            .expect("number");
        assert!(min <= now && now <= max, "{range}");
    }
}

#[test]
fn csv_and_table_formats() {
    let csv = b2b(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        LAPTOPS,
        "--format",
        "csv",
    ]);
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "rank,bid,supplier,value,price,battery_hours,delivery_days,support,ergonomics,flags"
    );
    assert_eq!(lines.len(), 7);
    assert!(lines[6].ends_with(",abnormally-low"), "{}", lines[6]);

    let table = b2b(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        LAPTOPS,
        "--format",
        "table",
    ]);
    assert!(table.status.success());
    let text = String::from_utf8(table.stdout).expect("utf-8");
    assert!(text.contains("Winner: B03 (Kontorsdata AB)"), "{text}");
    assert!(text.contains("tco_certified"), "{text}");
    assert!(text.contains("[abnormally-low]"), "{text}");
}

#[test]
fn a_bad_cell_is_bad_input_named_by_file_line_and_column() {
    let output = b2b(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        "bins/b2b/tests/data/bad_price.csv",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(
            "bad_price.csv:3:6: column \"price\": \"389 500 kr\" is not a decimal number"
        ),
        "{message}"
    );
}

#[test]
fn a_grade_outside_the_scale_is_bad_input() {
    let output = b2b(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        "bins/b2b/tests/data/grade_out_of_scale.csv",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("grade_out_of_scale.csv:2:9"), "{message}");
    assert!(message.contains("support"), "{message}");
}

#[test]
fn an_unknown_award_model_is_bad_input() {
    let output = b2b(&["tender", "check", "bins/b2b/tests/data/unknown_award.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("unknown_award.toml"), "{message}");
    assert!(message.contains("cheapest"), "{message}");
    assert!(message.contains("best-price-quality"), "{message}");
}

#[test]
fn a_missing_file_is_a_failure_not_bad_input() {
    let output = b2b(&["tender", "evaluate", "no/such/tender.toml", LAPTOPS]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("cannot read no/such/tender.toml"));
}

#[test]
fn check_validates_without_ranking() {
    let output = b2b(&[
        "tender",
        "check",
        "examples/office-laptops/tender.toml",
        LAPTOPS,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.starts_with("ok: "), "{text}");
    assert!(text.contains("7 bids"), "{text}");
}

#[test]
fn generate_is_deterministic_and_its_output_evaluates() {
    let base = std::env::temp_dir().join(format!("b2b-generate-{}", std::process::id()));
    let (first, second) = (base.join("a"), base.join("b"));
    for dir in [&first, &second] {
        let output = b2b(&[
            "tender",
            "generate",
            "--bids",
            "500",
            "--seed",
            "7",
            "--out",
            dir.to_str().expect("utf-8 path"),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    for file in ["tender.toml", "bids.csv"] {
        let a = std::fs::read(first.join(file)).expect("written");
        let b = std::fs::read(second.join(file)).expect("written");
        assert_eq!(a, b, "{file} differs between two runs with the same seed");
    }
    let tender = first.join("tender.toml");
    let bids = first.join("bids.csv");
    let report = json(&[
        "tender",
        "evaluate",
        tender.to_str().expect("utf-8 path"),
        bids.to_str().expect("utf-8 path"),
    ]);
    let ranked = report["ranking"].as_array().expect("ranking").len();
    let excluded = report["excluded"].as_array().expect("excluded").len();
    assert_eq!(ranked + excluded, 500);
    std::fs::remove_dir_all(&base).ok();
}

/// Every (tender, bids) pair under `examples/`: one per award model.
const EXAMPLES: [(&str, &str); 6] = [
    ("examples/office-laptops/tender.toml", LAPTOPS),
    ("examples/office-laptops/tender-lowest-price.toml", LAPTOPS),
    (
        "examples/office-laptops/tender-price-per-quality.toml",
        LAPTOPS,
    ),
    (
        "examples/office-laptops/tender-value-deduction.toml",
        LAPTOPS,
    ),
    (
        "examples/forklift-lcc/tender.toml",
        "examples/forklift-lcc/bids.csv",
    ),
    (
        "examples/prozorro-features/tender.toml",
        "examples/prozorro-features/bids.csv",
    ),
];

fn stdout_text(output: Output) -> String {
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn csv_and_table_agree_with_json_for_every_award_model() {
    for (tender, bids) in EXAMPLES {
        let report = json(&["tender", "evaluate", tender, bids]);
        let ranking = report["ranking"].as_array().expect("ranking");
        let award = report["award"].as_str().expect("award");

        // CSV: rank,bid,supplier,value,<breakdown ids>,flags. (`Value` sorts
        // object keys, so the ids are compared as sets here; the order is
        // checked in `csv_and_table_formats`.)
        let text = stdout_text(b2b(&[
            "tender", "evaluate", tender, bids, "--format", "csv",
        ]));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("csv header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            header[..4],
            ["rank", "bid", "supplier", "value"],
            "{tender}"
        );
        assert_eq!(header.last().map(String::as_str), Some("flags"), "{tender}");
        let breakdown_ids = &header[4..header.len() - 1];
        let mut sorted_ids = breakdown_ids.to_vec();
        sorted_ids.sort();
        let json_ids: Vec<String> = ranking[0]["breakdown"]
            .as_object()
            .expect("breakdown")
            .keys()
            .cloned()
            .collect();
        assert_eq!(sorted_ids, json_ids, "{tender}");
        let records: Vec<csv::StringRecord> = reader
            .records()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{tender}: bad CSV output: {e}\n{text}"));
        assert_eq!(records.len(), ranking.len(), "{tender}");
        for (record, row) in records.iter().zip(ranking) {
            assert_eq!(&record[0], row["rank"].to_string(), "{tender}");
            assert_eq!(&record[1], row["bid"].as_str().expect("bid"), "{tender}");
            assert_eq!(
                &record[3],
                row["value"].as_str().expect("value"),
                "{tender}"
            );
            for (i, id) in breakdown_ids.iter().enumerate() {
                assert_eq!(
                    &record[4 + i],
                    row["breakdown"][id].as_str().expect("breakdown value"),
                    "{tender}: {id}"
                );
            }
            let flags: Vec<&str> = row["flags"]
                .as_array()
                .expect("flags")
                .iter()
                .map(|f| f.as_str().expect("flag"))
                .collect();
            assert_eq!(&record[header.len() - 1], flags.join(";"), "{tender}");
        }

        // Table: every ranked bid with its value on one line, the winner last.
        let text = stdout_text(b2b(&[
            "tender", "evaluate", tender, bids, "--format", "table",
        ]));
        assert!(text.contains(award), "{tender}: {text}");
        for row in ranking {
            let bid = row["bid"].as_str().expect("bid");
            let value = row["value"].as_str().expect("value");
            assert!(
                text.lines()
                    .any(|line| line.contains(&format!(" {bid} ")) && line.contains(value)),
                "{tender}: no line with {bid} and {value}:\n{text}"
            );
        }
        for excluded in report["excluded"].as_array().expect("excluded") {
            let bid = excluded["bid"].as_str().expect("bid");
            assert!(text.contains(&format!(" {bid} ")), "{tender}: {text}");
        }
        let winner = report["winner"]
            .as_str()
            .expect("every example has a winner");
        let last = text.lines().last().expect("output");
        assert!(
            last.starts_with(&format!("Winner: {winner} (")),
            "{tender}: {last}"
        );
    }
}

#[test]
fn json_is_the_default_when_standard_output_is_not_a_terminal() {
    let text = stdout_text(b2b(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        LAPTOPS,
    ]));
    let report: Value = serde_json::from_str(&text).expect("JSON by default when piped");
    assert_eq!(report["winner"], "B03");
    assert!(report.get("sensitivity").is_none(), "{report}");
}

#[test]
fn output_option_writes_the_file_and_nothing_to_standard_output() {
    let path = std::env::temp_dir().join(format!("b2b-output-{}.csv", std::process::id()));
    let output = b2b(&[
        "tender",
        "evaluate",
        "examples/forklift-lcc/tender.toml",
        "examples/forklift-lcc/bids.csv",
        "--format",
        "csv",
        "-o",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&path).expect("output file written");
    std::fs::remove_file(&path).ok();
    let direct = stdout_text(b2b(&[
        "tender",
        "evaluate",
        "examples/forklift-lcc/tender.toml",
        "examples/forklift-lcc/bids.csv",
        "--format",
        "csv",
    ]));
    assert_eq!(written, direct);
    assert!(
        written.starts_with(
            "rank,bid,supplier,value,price,installation,energy,service,disposal,flags\n"
        )
    );
}

#[test]
fn json_bids_give_the_same_report_as_csv_bids() {
    let tender = "examples/office-laptops/tender.toml";
    let from_csv = json(&["tender", "evaluate", tender, LAPTOPS, "--sensitivity"]);
    let from_json = json(&[
        "tender",
        "evaluate",
        tender,
        "bins/b2b/tests/data/laptops-bids.json",
        "--sensitivity",
    ]);
    assert_eq!(from_csv, from_json);
}

#[test]
fn a_bad_argument_is_bad_input() {
    let output = b2b(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        LAPTOPS,
        "--format",
        "xml",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("xml"), "{}", stderr(&output));

    let output = b2b(&["tender", "evaluate", "examples/office-laptops/tender.toml"]);
    assert_eq!(output.status.code(), Some(2), "a missing BIDS argument");

    let output = b2b(&["tender", "generate", "--bids", "many", "--out", "x"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bid count that is no number"
    );
}

#[test]
fn an_unknown_file_type_is_bad_input_even_before_reading() {
    let output = b2b(&[
        "tender",
        "evaluate",
        "examples/office-laptops/tender.toml",
        "bids.xlsx",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bids.xlsx: unknown bids file type"),
        "{}",
        stderr(&output)
    );
    let output = b2b(&["tender", "check", "examples/office-laptops/README"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown tender file type"));
}

#[test]
fn check_rejects_bids_that_do_not_fit_the_tender() {
    let output = b2b(&[
        "tender",
        "check",
        "examples/office-laptops/tender.toml",
        "examples/forklift-lcc/bids.csv",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message
            .starts_with("error: examples/forklift-lcc/bids.csv:1:3: unknown column \"ce_marked\""),
        "{message}"
    );
}
