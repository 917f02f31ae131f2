//! Service credits against the cases in tests/data/sla/ (the Accord Project
//! "servicelevelagreement" published scenarios and hand-checked cases),
//! the history window, errors, and invariants.

mod trade_data;

use b2b_core::{Currency, Decimal, Money};
use b2b_terms::sla::{MonthRecord, ServiceLevels, SlaError};
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    levels: ServiceLevels,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    availability: Decimal,
    charge: Decimal,
    currency: Currency,
    /// The previous 11 months' charges in total, spread as one month here.
    #[serde(default)]
    history_charges: Option<Decimal>,
    #[serde(default)]
    history_credits: Option<Decimal>,
    tier: usize,
    credit_before_caps: Decimal,
    credit: String,
    bound_by: String,
}

fn check(levels: &ServiceLevels, case: &Case) {
    let money = |amount| Money::new(amount, case.currency);
    // The cap only sees the sums, so one record holding the 11 months'
    // totals stands for them (as the template's last11Month* fields do).
    let history: Vec<MonthRecord> = match (case.history_charges, case.history_credits) {
        (None, None) => Vec::new(),
        (charges, credits) => vec![MonthRecord {
            charge: money(charges.unwrap_or_default()),
            credit: money(credits.unwrap_or_default()),
        }],
    };
    let c = levels
        .credit(case.availability, money(case.charge), &history)
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    assert_eq!(c.tier, case.tier, "tier, {}", case.name);
    assert_eq!(
        c.credit_before_caps.amount(),
        case.credit_before_caps,
        "before caps, {}",
        case.name
    );
    assert_eq!(
        c.credit.amount().to_string(),
        case.credit,
        "credit, {}",
        case.name
    );
    let bound = serde_json::to_value(c.bound_by).expect("json");
    assert_eq!(bound, case.bound_by.as_str(), "bound_by, {}", case.name);
}

#[test]
fn data_cases() {
    let mut checked = 0;
    for (_, file) in trade_data::files::<File>("sla") {
        file.case.iter().for_each(|case| check(&file.levels, case));
        checked += file.case.len();
    }
    assert!(checked >= 14, "only {checked} cases found");
}

fn levels() -> ServiceLevels {
    toml::from_str(
        "tiers = [{ at_least = \"99.8\", credit = \"0\" }, { at_least = \"98\", credit = \"2\" }, { at_least = \"0\", credit = \"11\" }]\nmonthly_cap = \"10\"\nyearly_cap = \"10\"\n",
    )
    .expect("valid levels")
}

fn gbp(text: &str) -> Money {
    Money::new(text.parse().expect("decimal"), Currency::GBP)
}

#[test]
fn only_the_last_eleven_months_count() {
    // 12 earlier months: the oldest (a huge credit) falls outside the window.
    let mut history = vec![MonthRecord {
        charge: gbp("10"),
        credit: gbp("1000"),
    }];
    history.extend(std::iter::repeat_n(
        MonthRecord {
            charge: gbp("10"),
            credit: gbp("1.001"),
        },
        11,
    ));
    let c = levels()
        .credit(Decimal::from(97), gbp("10"), &history)
        .expect("credit");
    assert_eq!(c.history_months, 11);
    // 10% x 120 - 11.011 = 0.989 -> 0.99 (half-even).
    assert_eq!(c.yearly_cap, Some(gbp("0.989")));
    assert_eq!(c.credit.amount().to_string(), "0.99");
}

#[test]
fn errors_name_what_is_wrong() {
    let l = levels();
    // The template's own rejected scenario (high-credit-logic.feature): -10.
    assert_eq!(
        l.credit(Decimal::from(-10), gbp("10"), &[]),
        Err(SlaError::AvailabilityOutOfRange(Decimal::from(-10)))
    );
    let over: Decimal = "100.01".parse().expect("decimal");
    assert_eq!(
        l.credit(over, gbp("10"), &[]),
        Err(SlaError::AvailabilityOutOfRange(over))
    );
    let err = l
        .credit(Decimal::from(99), gbp("-1"), &[])
        .expect_err("negative charge");
    assert_eq!(
        err.to_string(),
        "monthly charge is -1.00 GBP, but must not be negative"
    );
    let eur = Money::new(Decimal::ONE, Currency::EUR);
    let err = l
        .credit(
            Decimal::from(99),
            gbp("10"),
            &[MonthRecord {
                charge: gbp("1"),
                credit: eur,
            }],
        )
        .expect_err("currency mismatch");
    assert_eq!(
        err.to_string(),
        "history[0].credit is in EUR, but the monthly charge is in GBP"
    );
}

#[test]
fn reading_errors_name_the_tier_and_field() {
    let cases = [
        (
            "tiers = [{ at_least = \"99\", credit = \"0\" }]",
            "tiers[0].at_least: the last tier must start at 0",
        ),
        (
            "tiers = [{ at_least = \"95\", credit = \"0\" }, { at_least = \"99\", credit = \"5\" }, { at_least = \"0\", credit = \"9\" }]",
            "tiers[1].at_least: 99% is not below the previous tier's 95%",
        ),
        (
            "tiers = [{ at_least = \"0\", credit = \"101\" }]",
            "tiers[0].credit: 101% is outside 0..100",
        ),
        (
            "tiers = [{ at_least = \"101\", credit = \"1\" }, { at_least = \"0\", credit = \"2\" }]",
            "tiers[0].at_least: 101% is outside 0..100",
        ),
        ("tiers = []", "tiers: give at least one tier"),
        (
            "tiers = [{ at_least = \"0\", credit = \"1\" }]\nmonthly_cap = \"-1\"",
            "monthly_cap: -1% is outside 0..100",
        ),
        (
            "tiers = [{ at_least = \"0\", credit = \"1\" }]\nyearly = \"5\"",
            "yearly",
        ),
    ];
    for (text, expected) in cases {
        let err = toml::from_str::<ServiceLevels>(text)
            .expect_err(text)
            .to_string();
        assert!(err.contains(expected), "{text}\n=> {err}");
    }
}

proptest! {
    #[test]
    fn credit_respects_both_caps(
        availability in 0u32..=10_000, charge in 0i64..10_000_000,
        past in proptest::collection::vec((0i64..10_000_000, 0i64..1_000_000), 0..15),
    ) {
        let history: Vec<MonthRecord> = past
            .iter()
            .map(|&(c, k)| MonthRecord { charge: Money::new(Decimal::new(c, 2), Currency::GBP), credit: Money::new(Decimal::new(k, 2), Currency::GBP) })
            .collect();
        let c = levels()
            .credit(Decimal::new(i64::from(availability), 2), Money::new(Decimal::new(charge, 2), Currency::GBP), &history)
            .expect("credit");
        let credit = c.credit_exact.amount();
        prop_assert!(credit >= Decimal::ZERO);
        prop_assert!(credit <= c.credit_before_caps.amount());
        prop_assert!(credit <= c.monthly_cap.expect("monthly cap").amount());
        prop_assert!(credit <= c.yearly_cap.expect("yearly cap").amount());
    }
}
