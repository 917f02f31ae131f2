//! The real `b2b terms due` binary. Expected figures are hand-checked: the
//! dates counted on a calendar, the rates from the formulas of
//! docs/payment-terms.md (2/10 net 30: 37.24 % simple, 44.59 % compounded,
//! as in Brigham & Houston's trade-credit example), holidays from Lag
//! (1989:253) and Lag (1930:173) § 2.

use serde_json::{Value, json};
use std::process::Output;

mod common;

const DUE: common::B2b = common::B2b::new(&["terms", "due"]);

fn b2b(args: &[&str]) -> Output {
    DUE.run(args)
}

fn json(args: &[&str]) -> Value {
    DUE.json(args)
}

/// Runs a failing command and gives its standard error.
fn failure(args: &[&str]) -> String {
    DUE.bad_input(args)
}

/// 2/10 net 30 on 1000 EUR invoiced 2026-11-26, paid on `paid`.
fn two_ten_net_thirty_paid(paid: &str) -> Value {
    json(&[
        "--terms",
        "2/10 net 30",
        "--invoice-date",
        "2026-11-26",
        "--amount",
        "1000",
        "--currency",
        "EUR",
        "--paid",
        paid,
    ])
}

#[test]
fn two_ten_net_thirty_paid_within_the_discount_period() {
    let report = two_ten_net_thirty_paid("2026-12-01");
    assert_eq!(
        report,
        json!({
            "terms": "2/10 net 30",
            "invoice_date": "2026-11-26",
            "due_date": "2026-12-26",
            "amount": {"amount": "1000.00", "currency": "EUR"},
            "rounding": "half-even",
            "discount": {
                "percent": "2",
                "until": "2026-12-06",
                "amount": {"amount": "20.00", "currency": "EUR"},
                "payable": {"amount": "980.00", "currency": "EUR"},
                "annual_rate_simple": "37.24",
                "annual_rate_compound": "44.59"
            },
            "paid": "2026-12-01",
            "payable": {"amount": "980.00", "currency": "EUR"},
            "discount_taken": true,
            "late": false,
            "days_late": 0,
            "debtor": "business",
            "period_days": 30,
            "warnings": []
        })
    );
}

#[test]
fn discount_on_its_last_day_but_not_the_next() {
    let on = two_ten_net_thirty_paid("2026-12-06");
    assert_eq!(on["payable"]["amount"], "980.00");
    let after = two_ten_net_thirty_paid("2026-12-07");
    assert_eq!(after["payable"]["amount"], "1000.00");
    assert_eq!(after["discount_taken"], false);
    let late = two_ten_net_thirty_paid("2027-01-05");
    assert_eq!(
        (late["late"].clone(), late["days_late"].clone()),
        (json!(true), json!(10))
    );
}

#[test]
fn dates_only_without_an_amount() {
    let report = json(&["--terms", "NET 30 EOM", "--invoice-date", "2026-11-26"]);
    assert_eq!(report["terms"], "net 30 EOM");
    assert_eq!(report["due_date"], "2026-12-30");
    assert!(report.get("amount").is_none());
    assert!(report.get("calendar").is_none());
}

#[test]
fn swedish_calendar_rolls_past_christmas() {
    // 26 Dec 2026 is a Saturday and Boxing Day; Monday 28 is the next business day.
    let report = json(&[
        "--terms",
        "net 30",
        "--invoice-date",
        "2026-11-26",
        "--calendar",
        "SE",
    ]);
    assert_eq!(report["due_date"], "2026-12-28");
    assert_eq!(report["agreed_due_date"], "2026-12-26");
    assert_eq!(report["calendar"], "SE");
    assert_eq!(report["roll"], "following");
    let preceding = json(&[
        "--terms",
        "net 30",
        "--invoice-date",
        "2026-11-26",
        "--calendar",
        "se",
        "--roll",
        "preceding",
    ]);
    // 25 Dec juldagen, 24 julafton: Wednesday 23.
    assert_eq!(preceding["due_date"], "2026-12-23");
}

#[test]
fn company_holidays_combine_with_a_shipped_calendar() {
    // Due 2026-12-28 after SE; the example file closes 28-30 December, and
    // 31 December is nyårsafton, 1 January nyårsdagen: Monday 4 January.
    let report = json(&[
        "--terms",
        "net 30",
        "--invoice-date",
        "2026-11-26",
        "--calendar",
        "SE+examples/calendars/company-closing-days.txt",
    ]);
    assert_eq!(report["due_date"], "2027-01-04");
    assert_eq!(
        report["calendar"],
        "SE+examples/calendars/company-closing-days.txt"
    );
}

#[test]
fn instalments_add_up_and_carry_their_discounts() {
    let report = json(&[
        "--terms",
        "30% CWO, 70% 2/10 net 30",
        "--invoice-date",
        "2026-11-26",
        "--amount",
        "1000.01",
        "--currency",
        "SEK",
    ]);
    assert_eq!(report["due_date"], "2026-12-26");
    assert!(report.get("discount").is_none());
    let instalments = report["instalments"].as_array().expect("instalments");
    assert_eq!(instalments.len(), 2);
    assert_eq!(
        instalments[0],
        json!({"share": "30", "terms": "CWO", "due_date": "2026-11-26", "amount": {"amount": "300.00", "currency": "SEK"}})
    );
    assert_eq!(instalments[1]["amount"]["amount"], "700.01");
    assert_eq!(instalments[1]["discount"]["amount"]["amount"], "14.00");
    assert_eq!(instalments[1]["discount"]["until"], "2026-12-06");
}

#[test]
fn directive_warnings_by_debtor() {
    let business = json(&["--terms", "net 90", "--invoice-date", "2026-11-26"]);
    assert_eq!(business["period_days"], 90);
    assert_eq!(business["warnings"][0]["code"], "b2b-over-60-days");
    let public = json(&[
        "--terms",
        "net 45",
        "--invoice-date",
        "2026-11-26",
        "--debtor",
        "public",
    ]);
    assert_eq!(public["debtor"], "public-authority");
    assert_eq!(public["warnings"][0]["code"], "public-over-30-days");
    assert!(
        public["warnings"][0]["message"]
            .as_str()
            .expect("message")
            .contains("Art. 4(3)")
    );
    let fine = json(&["--terms", "net 60", "--invoice-date", "2026-11-26"]);
    assert_eq!(fine["warnings"], json!([]));
}

#[test]
fn table_output_names_everything() {
    let output = b2b(&[
        "--terms",
        "2/10 net 30",
        "--invoice-date",
        "2026-11-26",
        "--amount",
        "1000",
        "--currency",
        "EUR",
        "--format",
        "table",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "Terms          2/10 net 30",
        "Due date       2026-12-26",
        "2% until 2026-12-06: 20.00 EUR off, 980.00 EUR payable",
        "37.24% a year simple, 44.59% compounded",
        "Rounding       half-even",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn bad_arguments_are_named() {
    let cases: [(&[&str], &str); 12] = [
        (
            &["--terms", "net thirty", "--invoice-date", "2026-11-26"],
            "error: --terms: payment terms \"net thirty\": at character 5, expected the net period in days (as in net 30), found \"thirty\"",
        ),
        (
            &["--terms", "net 30", "--invoice-date", "2026-02-30"],
            "error: --invoice-date: \"2026-02-30\" is not a date: February 2026 has 28 days",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--amount",
                "-5",
                "--currency",
                "EUR",
            ],
            "error: --amount: the amount -5 is negative",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--amount",
                "1,5",
                "--currency",
                "EUR",
            ],
            "error: --amount: \"1,5\" is not a decimal number",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--amount",
                "10.005",
                "--currency",
                "EUR",
            ],
            "error: --amount: the invoice amount 10.005 EUR has more decimals than EUR's 2",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--amount",
                "10",
            ],
            "error: --amount: needs --currency",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--paid",
                "2026-12-01",
            ],
            "error: --paid: needs --amount",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--amount",
                "10",
                "--currency",
                "EUR",
                "--paid",
                "2026-11-25",
            ],
            "error: --paid: the payment date 2026-11-25 is before the invoice date 2026-11-26",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--calendar",
                "FR",
            ],
            "error: --calendar: unknown calendar \"FR\"",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--roll",
                "following",
            ],
            "error: --roll: needs --calendar",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2026-11-26",
                "--calendar",
                "SE",
                "--roll",
                "next",
            ],
            "error: --roll: unknown roll convention \"next\"",
        ),
        (
            &[
                "--terms",
                "net 30",
                "--invoice-date",
                "2199-12-15",
                "--calendar",
                "SE",
            ],
            "error: --calendar: calendar SE covers the years 1990 to 2199; 2200-01-14 is outside them",
        ),
    ];
    for (args, expected) in cases {
        let stderr = failure(args);
        assert!(stderr.starts_with(expected), "{args:?}:\n{stderr}");
    }
    let stderr = failure(&[
        "--terms",
        "net 30",
        "--invoice-date",
        "2026-11-26",
        "--debtor",
        "state",
    ]);
    assert!(
        stderr.contains("--debtor: unknown debtor \"state\""),
        "{stderr}"
    );
}

#[test]
fn a_bad_holiday_file_names_its_line() {
    let dir = std::env::temp_dir().join(format!("b2b-terms-due-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bad.txt");
    std::fs::write(&file, "2026-12-28 ok\n2026-12-32 typo\n").expect("write");
    let path = file.to_string_lossy().into_owned();
    let stderr = failure(&[
        "--terms",
        "net 30",
        "--invoice-date",
        "2026-11-26",
        "--calendar",
        &path,
    ]);
    assert!(
        stderr.contains("line 2: \"2026-12-32\" is not a date: December 2026 has 31 days"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}
