//! Every JSON-producing command on the bundled examples, checked against
//! the one wire vocabulary (docs/wire-format.md): money objects, percent
//! points, dates, UTC timestamps, country codes and integer counts.

mod common;

use serde_json::Value;

/// Minor units of the currencies the examples use (ISO 4217).
fn minor_units(currency: &str) -> Option<usize> {
    match currency {
        "EUR" | "USD" | "SEK" | "GBP" | "CNY" | "UAH" => Some(2),
        "JPY" => Some(0),
        _ => None,
    }
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// RFC 3339 in UTC: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
fn is_utc_timestamp(text: &str) -> bool {
    let Some(rest) = text.strip_suffix('Z') else {
        return false;
    };
    let b = rest.as_bytes();
    b.len() >= 19
        && is_date(&rest[..10])
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[11..19]
            .iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
        && (b.len() == 19 || (b[19] == b'.' && b.len() > 20))
}

fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    !whole.is_empty()
        && whole.bytes().all(|c| c.is_ascii_digit())
        && parts
            .next()
            .is_none_or(|f| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()))
}

fn decimals(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| f.len())
}

/// Checks `value` (found under `name` at `path`) and everything in it.
fn check(name: &str, value: &Value, path: &str, problems: &mut Vec<String>) {
    let mut problem = |what: String| problems.push(format!("{path}: {what}"));
    match value {
        Value::Object(map) if map.contains_key("amount") && map.contains_key("currency") => {
            let keys: Vec<&String> = map.keys().collect();
            if map.len() != 2 {
                problem(format!("money with other fields {keys:?}"));
            }
            let (Some(amount), Some(currency)) = (map["amount"].as_str(), map["currency"].as_str())
            else {
                return problem(format!(
                    "money amount and currency must be strings: {value}"
                ));
            };
            if !is_decimal(amount) {
                problem(format!("amount {amount:?} is not a decimal string"));
            }
            let Some(minor) = minor_units(currency) else {
                return problem(format!("unexpected currency {currency:?}"));
            };
            let places = decimals(amount);
            if name.ends_with("_exact") {
                if places < minor {
                    problem(format!(
                        "exact amount {amount} has fewer than {minor} decimals"
                    ));
                }
            } else if places != minor {
                problem(format!(
                    "amount {amount} {currency} needs exactly {minor} decimals"
                ));
            }
        }
        Value::Object(map) => {
            for (key, inner) in map {
                // A map keyed by ids (views, breakdown) names its values by
                // the parent's field.
                check(key, inner, &format!("{path}.{key}"), problems);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check(name, item, &format!("{path}[{i}]"), problems);
            }
        }
        Value::String(text) => {
            let is = |words: &[&str]| words.contains(&name);
            let date_field = is(&[
                "date",
                "due",
                "paid",
                "until",
                "start",
                "end",
                "delivered",
                "today",
            ]) || name.ends_with("_date")
                || name.ends_with("_until")
                || name.starts_with("notice_by");
            if date_field && !is_date(text) {
                problem(format!("{text:?} is not YYYY-MM-DD"));
            }
            // A period's bounds are dates; a price tier's are quantities.
            if is(&["from", "to"]) && !is_date(text) && !is_decimal(text) {
                problem(format!("{text:?} is neither a date nor a decimal"));
            }
            if (is(&["at", "entered", "left", "since", "as_of"]) || name.ends_with("_at"))
                && !is_utc_timestamp(text)
            {
                problem(format!("{text:?} is not an RFC 3339 UTC timestamp"));
            }
            if is(&[
                "rate",
                "percent",
                "share",
                "min_share",
                "max_share",
                "margin",
                "availability",
                "tier_at_least",
                "threshold",
            ]) || name.ends_with("_percent")
                || name.ends_with("_rate")
                || name.starts_with("annual_rate")
            {
                if !is_decimal(text) {
                    problem(format!("percent {text:?} is not a decimal string"));
                } else if text.contains('.') && text.ends_with('0') {
                    problem(format!("percent {text:?} has trailing zeros"));
                }
            }
            if name == "country"
                && !(text.len() == 2 && text.bytes().all(|c| c.is_ascii_uppercase()))
            {
                problem(format!("country {text:?} is not two capitals"));
            }
            if name == "currency" {
                problem("a bare currency beside an amount: use a money object".to_owned());
            }
        }
        Value::Number(number) if !(number.is_u64() || number.is_i64()) => {
            problem(format!("{number} is a JSON number but not an integer"));
        }
        _ => {}
    }
}

fn assert_on_wire(what: &str, report: &Value) {
    let mut problems = Vec::new();
    check("", report, what, &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn json(args: &[&str]) -> Value {
    common::B2b::new(&[]).json(args)
}

const FORKLIFT: &str = "examples/contracts/forklift-parts.toml";

#[test]
fn terms_reports_are_on_the_wire() {
    for args in [
        &[
            "terms",
            "due",
            "--terms",
            "2/10 net 30",
            "--invoice-date",
            "2026-11-26",
            "--amount",
            "1000",
            "--currency",
            "EUR",
            "--paid",
            "2026-12-01",
        ][..],
        &[
            "terms",
            "due",
            "--terms",
            "30% CWO, 70% 2/10 net 30",
            "--invoice-date",
            "2026-11-26",
            "--amount",
            "1000.01",
            "--currency",
            "SEK",
        ],
        &[
            "terms",
            "interest",
            "--principal",
            "10000",
            "--currency",
            "EUR",
            "--due",
            "2025-01-31",
            "--paid",
            "2025-03-15",
            "--country",
            "EU",
            "--reference-rate",
            "3.15",
        ],
        &[
            "terms",
            "interest",
            "--principal",
            "84000",
            "--currency",
            "EUR",
            "--due",
            "2024-03-31",
            "--paid",
            "2025-03-15",
            "--country",
            "DE",
        ],
        &[
            "terms",
            "penalty",
            "--value",
            "200",
            "--currency",
            "USD",
            "--rate",
            "10.5",
            "--per",
            "2",
            "--cap",
            "55",
            "--terminate-after",
            "15",
            "--due",
            "2018-01-31",
            "--delivered",
            "2019-01-11",
        ],
        &["terms", "incoterm", "cif"],
        &["terms", "incoterm", "--list"],
        &[
            "terms",
            "incoterm",
            "FOB",
            "--costs",
            "examples/incoterms/costs.csv",
        ],
        &["contract", "schedule", FORKLIFT],
        &["contract", "price", FORKLIFT, "--quantity", "650"],
        &[
            "contract",
            "penalty",
            FORKLIFT,
            "--due",
            "2026-05-04",
            "--delivered",
            "2026-06-02",
            "--value",
            "24000",
        ],
        &["contract", "sla", FORKLIFT, "--availability", "98.2"],
    ] {
        assert_on_wire(&args.join(" "), &json(args));
    }
}

#[test]
fn classify_ident_and_buying_reports_are_on_the_wire() {
    for args in [
        &["classify", "examples/sales/machine-manual.toml"][..],
        &["classify", "examples/sales/domain-examples.json"],
        &[
            "ident",
            "check",
            "SE556043606401",
            "DE 136695976",
            "556043-6064",
        ],
        &[
            "buying",
            "grades",
            "examples/office-laptops/tender.toml",
            "examples/buying-team/grades.csv",
            "--evaluators",
            "examples/buying-team/evaluators.csv",
        ],
        &[
            "buying",
            "account-map",
            "examples/buying-team/account-map.toml",
            "--today",
            "2026-11-20",
        ],
        &["buying", "simulate", "examples/buying/quorum.toml"],
    ] {
        assert_on_wire(&args.join(" "), &json(args));
    }
}

#[test]
fn persistent_buying_reports_are_on_the_wire() {
    let dir = std::env::temp_dir().join(format!("b2b-wire-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let db = dir.join("b2b.sqlite");
    let db = db.to_str().expect("a UTF-8 path");
    let with_db = |args: &[&str]| {
        let mut all = vec!["--db", db, "buying"];
        all.extend(args);
        json(&all)
    };
    with_db(&[
        "center",
        "create",
        "examples/buying/center.toml",
        "examples/buying/policy.toml",
    ]);
    // Opened with an offset: reports give the instant in UTC.
    let opened = with_db(&[
        "open",
        "--center",
        "rhein-plant",
        "--as",
        "anna",
        "--title",
        "Racking",
        "--amount",
        "30000",
        "--currency",
        "EUR",
        "--category",
        "equipment",
        "--buy-class",
        "new-task",
        "--at",
        "2026-11-02T10:00:00+01:00",
    ]);
    assert_eq!(opened["request"]["opened_at"], "2026-11-02T09:00:00Z");
    assert_eq!(opened["request"]["facts"]["amount"]["amount"], "30000.00");
    for args in [
        &["show", "R-0001"][..],
        &["verify", "R-0001"],
        &["audit", "R-0001", "--at", "2026-11-03T09:00:00Z"],
    ] {
        assert_on_wire(&args.join(" "), &with_db(args));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tender_reports_state_their_currency_once() {
    for (tender, bids) in [
        (
            "examples/office-laptops/tender.toml",
            "examples/office-laptops/bids.csv",
        ),
        (
            "examples/office-laptops/tender-lowest-price.toml",
            "examples/office-laptops/bids.csv",
        ),
        (
            "examples/office-laptops/tender-price-per-quality.toml",
            "examples/office-laptops/bids.csv",
        ),
        (
            "examples/office-laptops/tender-value-deduction.toml",
            "examples/office-laptops/bids.csv",
        ),
        (
            "examples/forklift-lcc/tender.toml",
            "examples/forklift-lcc/bids.csv",
        ),
        (
            "examples/prozorro-features/tender.toml",
            "examples/prozorro-features/bids.csv",
        ),
    ] {
        let mut report = json(&["tender", "evaluate", tender, bids, "--sensitivity"]);
        // The currency is stated once, at the top; `value` and the breakdown
        // are in the award model's units (docs/wire-format.md).
        let currency = report["currency"].as_str().expect("a currency").to_owned();
        assert!(minor_units(&currency).is_some(), "{currency}");
        if let Some(map) = report.as_object_mut() {
            map.remove("currency");
        }
        assert_on_wire(tender, &report);
    }
}
