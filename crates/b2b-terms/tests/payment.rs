//! Payment terms against hand-checked cases (tests/data/payment/, each with
//! its source), serde forms, and invariants (proptest).

use std::path::Path;

use b2b_core::{Currency, Money, Percent, Rounding};
use b2b_terms::calendar::{Calendar, Roll, parse_iso_date};
use b2b_terms::payment::{Discount, Due, Instalment, PaymentTerms, TermsError};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;
use time::{Date, Duration};

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/payment")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn date(text: &str) -> Date {
    parse_iso_date(text).expect("test date")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("test decimal")
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    terms: String,
    canonical: String,
    invoice_date: String,
    amount: String,
    currency: String,
    calendar: Option<String>,
    roll: Option<String>,
    due: String,
    discount_until: Option<String>,
    discount_amount: Option<String>,
    payable_with_discount: Option<String>,
    rate_simple: Option<String>,
    rate_compound: Option<String>,
    instalments: Option<Vec<[String; 2]>>,
    source: String,
}

fn two_places(percent: Option<Percent>) -> Option<String> {
    percent.map(|p| Rounding::HalfEven.round_dp(p.value(), 2).to_string())
}

/// Checks one case of schedules.toml.
fn check_case(case: &Case) {
    let label = format!("{} on {} ({})", case.terms, case.invoice_date, case.source);
    let terms: PaymentTerms = case
        .terms
        .parse()
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    assert_eq!(terms.to_string(), case.canonical, "{label}");
    let currency: Currency = case.currency.parse().expect("currency");
    let amount = Money::new(dec(&case.amount), currency);
    let calendar = case
        .calendar
        .as_deref()
        .map(|c| Calendar::by_code(c).expect("shipped"));
    let roll: Roll = case
        .roll
        .as_deref()
        .map_or(Roll::None, |r| r.parse().expect("roll"));
    let schedule = terms
        .schedule(
            date(&case.invoice_date),
            amount,
            calendar.as_ref().map(|c| (c, roll)),
        )
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    assert_eq!(schedule.due_date(), date(&case.due), "{label}");

    let first = &schedule.instalments[0];
    let discount = first.discount.as_ref();
    assert_eq!(
        discount.map(|d| d.until),
        case.discount_until.as_deref().map(date),
        "{label}"
    );
    assert_eq!(
        discount.map(|d| d.amount.amount().to_string()),
        case.discount_amount.clone(),
        "{label}"
    );
    assert_eq!(
        discount.map(|d| d.payable.amount().to_string()),
        case.payable_with_discount.clone(),
        "{label}"
    );
    assert_eq!(
        discount.and_then(|d| two_places(d.annual_rate_simple)),
        case.rate_simple,
        "{label}"
    );
    assert_eq!(
        discount.and_then(|d| two_places(d.annual_rate_compound)),
        case.rate_compound,
        "{label}"
    );

    if let Some(expected) = &case.instalments {
        let got: Vec<[String; 2]> = schedule
            .instalments
            .iter()
            .map(|i| [i.amount.amount().to_string(), i.due.to_string()])
            .collect();
        assert_eq!(&got, expected, "{label}");
    } else {
        assert_eq!(schedule.instalments.len(), 1, "{label}");
        assert_eq!(first.amount, amount, "{label}");
    }
}

#[test]
fn hand_checked_schedules() {
    let cases: Cases = toml::from_str(&data("schedules.toml")).expect("valid cases");
    assert!(cases.case.len() >= 20);
    for case in &cases.case {
        check_case(case);
    }
}

/// Non-comment lines of a data file split at " => ".
fn pairs(name: &str) -> Vec<(String, String)> {
    data(name)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (written, expected) = l.split_once("=> ").expect("WRITTEN => EXPECTED");
            (written.trim_end().to_owned(), expected.to_owned())
        })
        .collect()
}

#[test]
fn accepted_notations_print_canonically() {
    for (written, canonical) in pairs("notations.txt") {
        let terms: PaymentTerms = written
            .parse()
            .unwrap_or_else(|e| panic!("{written:?}: {e}"));
        assert_eq!(terms.to_string(), canonical, "{written:?}");
        assert_eq!(
            canonical.parse::<PaymentTerms>(),
            Ok(terms),
            "{canonical:?}"
        );
    }
}

#[test]
fn rejected_notations_say_why() {
    for (written, message) in pairs("errors.txt") {
        let err = written.parse::<PaymentTerms>().expect_err(&written);
        assert_eq!(err.to_string(), message, "{written:?}");
    }
    let err = "net thirty".parse::<PaymentTerms>().expect_err("word");
    assert!(
        matches!(
            err,
            TermsError::Syntax {
                column: 5,
                byte: 4,
                ..
            }
        ),
        "{err:?}"
    );
    // Columns count characters, bytes count UTF-8 bytes.
    let err = "é net".parse::<PaymentTerms>().expect_err("accent");
    assert!(
        matches!(
            err,
            TermsError::Syntax {
                column: 1,
                byte: 0,
                ..
            }
        ),
        "{err:?}"
    );
    let err = "net 30 é".parse::<PaymentTerms>().expect_err("accent");
    assert!(
        matches!(
            err,
            TermsError::Syntax {
                column: 8,
                byte: 7,
                ..
            }
        ),
        "{err:?}"
    );
}

/// `expected` ("-" for none) equals `rate` rounded half-even to as many
/// decimals as `expected` is written with.
fn same_rate(rate: Option<Percent>, expected: &str) -> bool {
    if expected == "-" {
        return true;
    }
    let places = expected.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    rate.map(|r| Rounding::HalfEven.round_dp(r.value(), places).to_string())
        .as_deref()
        == Some(expected)
}

#[test]
fn annual_rates_match_published_figures() {
    let rows = pairs("rates.txt");
    assert!(rows.len() >= 20);
    for (terms, expected) in rows {
        let (simple, compound) = expected.split_once(' ').expect("SIMPLE COMPOUND");
        let terms: PaymentTerms = terms.parse().expect("valid terms");
        let schedule = terms
            .schedule(date("2026-01-01"), Money::zero(Currency::EUR), None)
            .expect("schedule");
        let discount = schedule.instalments[0].discount.as_ref().expect("discount");
        assert!(
            same_rate(discount.annual_rate_simple, simple),
            "{terms} simple {:?}",
            discount.annual_rate_simple
        );
        assert!(
            same_rate(discount.annual_rate_compound, compound),
            "{terms} compound {:?}",
            discount.annual_rate_compound
        );
    }
}

#[derive(Deserialize)]
struct ContractFile {
    payment_terms: PaymentTerms,
}

#[test]
fn serde_accepts_the_notation_or_the_structured_form() {
    let from_toml: ContractFile =
        toml::from_str("payment_terms = \"2/10 net 30\"").expect("notation");
    let expected: PaymentTerms = "2/10 net 30".parse().expect("valid");
    assert_eq!(from_toml.payment_terms, expected);

    let json = serde_json::to_value(&expected).expect("serialise");
    assert_eq!(
        json,
        serde_json::json!({
            "notation": "2/10 net 30",
            "instalments": [{
                "share": "100",
                "kind": "net",
                "days": 30,
                "end_of_month": false,
                "discount": {"percent": "2", "days": 10}
            }]
        })
    );
    let back: PaymentTerms = serde_json::from_value(json).expect("structured");
    assert_eq!(back, expected);

    let table = r#"
        [payment_terms]
        instalments = [
            { share = "30", kind = "cash-with-order" },
            { share = "70", kind = "net", days = 30, end_of_month = true },
        ]
    "#;
    let from_table: ContractFile = toml::from_str(table).expect("structured TOML");
    assert_eq!(
        from_table.payment_terms.to_string(),
        "30% CWO, 70% net 30 EOM"
    );

    let single: PaymentTerms =
        serde_json::from_str(r#"{"instalments": [{"kind": "day-of-next-month", "day": 10}]}"#)
            .expect("share defaults to 100 for one instalment");
    assert_eq!(single.to_string(), "10 EOM");
}

#[test]
fn serde_errors_name_the_problem() {
    let cases = [
        (r#""net thirty""#, "at character 5"),
        (
            r#"{"instalments": [{"kind": "net"}]}"#,
            "instalment 1: kind \"net\" needs \"days\"",
        ),
        (
            r#"{"instalments": [{"kind": "cash-with-order", "days": 3}]}"#,
            "\"days\" does not apply to this kind",
        ),
        (
            r#"{"instalments": [{"share": "30", "kind": "cash-with-order"}, {"kind": "net", "days": 30}]}"#,
            "instalment 2: \"share\" is missing",
        ),
        (
            r#"{"instalments": [{"share": "30", "kind": "cash-with-order"}, {"share": "60", "kind": "net", "days": 30}]}"#,
            "add up to 90%, not 100%",
        ),
        (
            r#"{"notation": "net 60", "instalments": [{"kind": "net", "days": 30}]}"#,
            "\"notation\" says \"net 60\" but the instalments say \"net 30\"",
        ),
        (
            r#"{"instalments": [{"kind": "net", "days": 30, "vat": 1}]}"#,
            "unknown field `vat`",
        ),
        (
            r#"{"instalments": [{"kind": "later"}]}"#,
            "unknown variant `later`",
        ),
        ("30", "payment terms, as a notation"),
    ];
    for (json, expected) in cases {
        let err = serde_json::from_str::<PaymentTerms>(json).expect_err(json);
        assert!(err.to_string().contains(expected), "{json}: {err}");
    }
}

#[test]
fn settlement_of_two_ten_net_thirty() {
    let terms: PaymentTerms = "2/10 net 30".parse().expect("valid");
    let amount = Money::new(dec("1000.00"), Currency::EUR);
    let schedule = terms
        .schedule(date("2026-11-26"), amount, None)
        .expect("schedule");
    let on_deadline = schedule.settle(date("2026-12-06")).expect("settle");
    assert_eq!(on_deadline.payable.amount().to_string(), "980.00");
    assert!(on_deadline.discount_taken);
    let day_after = schedule.settle(date("2026-12-07")).expect("settle");
    assert_eq!(day_after.payable.amount().to_string(), "1000.00");
    assert!(!day_after.discount_taken);
    assert_eq!(day_after.days_late, 0);
    let late = schedule.settle(date("2027-01-05")).expect("settle");
    assert_eq!(late.days_late, 10);
    let err = schedule
        .settle(date("2026-11-25"))
        .expect_err("before invoice");
    assert_eq!(
        err.to_string(),
        "the payment date 2026-11-25 is before the invoice date 2026-11-26"
    );
}

#[test]
fn schedules_serialise_for_reports() {
    let terms: PaymentTerms = "30% CWO, 70% 2/10 net 30".parse().expect("valid");
    let amount = Money::new(dec("1000.00"), Currency::EUR);
    let schedule = terms
        .schedule(date("2026-11-26"), amount, None)
        .expect("schedule");
    let json = serde_json::to_value(&schedule).expect("serialise");
    assert_eq!(json["terms"]["notation"], "30% CWO, 70% 2/10 net 30");
    assert_eq!(json["rounding"], "half-even");
    assert_eq!(json["roll"], "none");
    assert_eq!(json["instalments"][0]["rule"], "CWO");
    assert_eq!(json["instalments"][0]["amount"]["amount"], "300.00");
    assert_eq!(json["instalments"][1]["rule"], "2/10 net 30");
    assert_eq!(json["instalments"][1]["due"], "2026-12-26");
    assert_eq!(json["instalments"][1]["discount"]["until"], "2026-12-06");
    assert_eq!(
        json["instalments"][1]["discount"]["amount"]["amount"],
        "14.00"
    );
    let settled = serde_json::to_value(schedule.settle(date("2026-12-06")).expect("settle"))
        .expect("serialise");
    assert_eq!(settled["payable"]["amount"], "986.00");
    assert_eq!(settled["discount_taken"], true);
}

fn any_percent(max_hundredths: i64) -> impl Strategy<Value = Percent> {
    (1..max_hundredths).prop_map(|n| Percent::new(Decimal::new(n, 2)))
}

fn any_due() -> impl Strategy<Value = Due> {
    prop_oneof![
        Just(Due::OnReceipt),
        Just(Due::CashInAdvance),
        Just(Due::CashWithOrder),
        Just(Due::CashOnDelivery),
        (1_u8..=31).prop_map(|day| Due::DayOfNextMonth { day }),
        (0_u32..=400, any::<bool>()).prop_map(|(days, end_of_month)| Due::Net {
            days,
            end_of_month,
            discount: None
        }),
        (1_u32..=400, any::<bool>(), any_percent(10_000), 0_u32..400).prop_map(
            |(days, end_of_month, percent, discount_days)| Due::Net {
                days,
                end_of_month,
                discount: Some(Discount {
                    percent,
                    days: discount_days % days
                }),
            }
        ),
    ]
}

/// 1 to 5 instalments with positive shares (in hundredths) adding to 100 %.
fn any_terms() -> impl Strategy<Value = PaymentTerms> {
    prop::collection::vec((1_i64..5_000, any_due()), 1..=5).prop_map(|parts| {
        let total: i64 = parts.iter().map(|(weight, _)| weight).sum();
        let mut left = 10_000_i64;
        let count = parts.len();
        let instalments = parts
            .into_iter()
            .enumerate()
            .map(|(index, (weight, due))| {
                let hundredths = if index + 1 == count {
                    left
                } else {
                    (weight * 10_000 / total)
                        .max(1)
                        .min(left - (count - index - 1) as i64)
                };
                left -= hundredths;
                Instalment {
                    share: Percent::new(Decimal::new(hundredths, 2)),
                    due,
                }
            })
            .collect();
        PaymentTerms::new(instalments).expect("generated terms are valid")
    })
}

fn any_invoice_date() -> impl Strategy<Value = Date> {
    (0_i64..(20 * 365)).prop_map(|n| date("2020-01-01") + Duration::days(n))
}

fn any_amount() -> impl Strategy<Value = Money> {
    let currencies = vec![Currency::EUR, Currency::JPY, "KWD".parse().expect("KWD")];
    (0_i64..1_000_000_000, prop::sample::select(currencies)).prop_map(|(units, currency)| {
        Money::new(Decimal::new(units, currency.minor_units()), currency)
    })
}

/// EUR 0.02 in 25/50/25: the running totals 0.005 and 0.015 round half-even
/// to 0.00 and 0.02, so the middle part is 0.02 against an exact 0.01 (one
/// cent off, the bound), and the parts still add up. A random case of the
/// property below found this edge (shares 31.80 % and 9.36 %).
#[test]
fn a_part_between_two_ties_is_one_unit_off() {
    let terms: PaymentTerms = "25% CWO, 50% net 10, 25% net 30".parse().expect("terms");
    let amount = Money::new(Decimal::new(2, 2), Currency::EUR);
    let schedule = terms
        .schedule(date("2026-01-05"), amount, None)
        .expect("schedule");
    let parts: Vec<Decimal> = schedule
        .instalments
        .iter()
        .map(|i| i.amount.amount())
        .collect();
    assert_eq!(parts, [Decimal::ZERO, Decimal::new(2, 2), Decimal::ZERO]);
}

proptest! {
    #[test]
    fn canonical_text_and_serde_roundtrip(terms in any_terms()) {
        let text = terms.to_string();
        prop_assert_eq!(text.parse::<PaymentTerms>(), Ok(terms.clone()));
        prop_assert_eq!(text.to_lowercase().parse::<PaymentTerms>(), Ok(terms.clone()));
        let json = serde_json::to_string(&terms).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: PaymentTerms = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &terms);
        let quoted = serde_json::to_string(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let from_text: PaymentTerms = serde_json::from_str(&quoted).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(from_text, terms);
    }

    #[test]
    fn parsing_never_panics(text in "\\PC{0,40}") {
        let _ = text.parse::<PaymentTerms>();
    }

    #[test]
    fn parsing_near_misses_never_panics(text in "[0-9nNeEtTmMoOpPrRxX/%,; .]{0,20}") {
        if let Ok(terms) = text.parse::<PaymentTerms>() {
            prop_assert_eq!(terms.to_string().parse::<PaymentTerms>(), Ok(terms));
        }
    }

    /// Instalments add up exactly to the invoice amount, none is negative,
    /// and each is at most one minor unit from its exact share: it is the
    /// difference of two running totals each rounded by at most half a unit
    /// (exactly one unit off when both are ties rounded apart; see
    /// `a_part_between_two_ties_is_one_unit_off`).
    #[test]
    fn instalments_add_up_exactly(terms in any_terms(), amount in any_amount(), invoice in any_invoice_date()) {
        let schedule = terms.schedule(invoice, amount, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut sum = Money::zero(amount.currency());
        let unit = Decimal::new(1, amount.currency().minor_units());
        for instalment in &schedule.instalments {
            prop_assert!(!instalment.amount.is_negative());
            prop_assert!(instalment.amount.amount().normalize().scale() <= amount.currency().minor_units());
            let exact = amount.amount() * instalment.share.as_fraction();
            prop_assert!((instalment.amount.amount() - exact).abs() <= unit);
            prop_assert!(instalment.due >= invoice);
            sum = sum.checked_add(&instalment.amount).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(sum, amount);
    }

    /// A discount is earned on its last day and not on the day after, with
    /// or without a business calendar.
    #[test]
    fn discount_applies_on_the_deadline_not_after(
        percent in any_percent(10_000),
        discount_days in 0_u32..60,
        extra in 1_u32..60,
        end_of_month in any::<bool>(),
        amount in any_amount(),
        invoice in any_invoice_date(),
        with_calendar in any::<bool>(),
    ) {
        let terms = PaymentTerms::single(Due::Net {
            days: discount_days + extra,
            end_of_month,
            discount: Some(Discount { percent, days: discount_days }),
        }).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let se = Calendar::sweden();
        let calendar = with_calendar.then_some((&se, Roll::Following));
        let schedule = terms.schedule(invoice, amount, calendar).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let discount = schedule.instalments[0].discount.clone().ok_or_else(|| TestCaseError::fail("no discount"))?;
        let on = schedule.settle(discount.until).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(on.discount_taken);
        prop_assert_eq!(on.payable, discount.payable);
        prop_assert_eq!(on.payable.checked_add(&on.discount), Ok(amount));
        let after = schedule.settle(discount.until + Duration::days(1)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(!after.discount_taken);
        prop_assert_eq!(after.payable, amount);
        prop_assert!(discount.until <= schedule.due_date());
    }
}
