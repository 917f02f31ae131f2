//! Late-delivery penalties against the cases in tests/data/penalty/ (the
//! Accord Project "latedeliveryandpenalty" published scenarios and
//! hand-checked cases), TOML reading errors, and invariants.

mod trade_data;

use b2b_core::{Currency, Decimal, Money, Percent, Rounding};
use b2b_terms::penalty::{PartialPeriod, PenaltyError, PenaltyTerms, Period, PeriodUnit};
use proptest::prelude::*;
use serde::Deserialize;
use time::{Date, Duration, macros::date};

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    work: Option<String>,
    due: Date,
    delivered: Date,
    value: Decimal,
    currency: Currency,
    #[serde(default)]
    force_majeure: bool,
    terms: PenaltyTerms,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    days_late: u32,
    periods: Decimal,
    penalty_before_cap: Decimal,
    penalty: String,
    capped: bool,
    may_terminate: bool,
}

fn check(case: &Case) {
    let why = case
        .source
        .as_deref()
        .or(case.work.as_deref())
        .unwrap_or("");
    let a = case
        .terms
        .assess(
            case.due,
            case.delivered,
            Money::new(case.value, case.currency),
            case.force_majeure,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    let e = &case.expect;
    let context = format!("{} ({why})", case.name);
    assert_eq!(a.days_late, e.days_late, "days_late, {context}");
    assert_eq!(a.periods, e.periods, "periods, {context}");
    assert_eq!(
        a.penalty_before_cap.amount(),
        e.penalty_before_cap,
        "penalty_before_cap, {context}"
    );
    // Compare the text: the rounded amount carries the currency's places.
    assert_eq!(
        a.penalty.amount().to_string(),
        e.penalty,
        "penalty, {context}"
    );
    assert_eq!(a.capped, e.capped, "capped, {context}");
    assert_eq!(a.may_terminate, e.may_terminate, "may_terminate, {context}");
    assert_eq!(a.force_majeure, case.force_majeure, "{context}");
    assert_eq!(a.partial, case.terms.partial, "{context}");
}

#[test]
fn data_cases() {
    let files = trade_data::files::<File>("penalty");
    let cases: Vec<&Case> = files.iter().flat_map(|(_, file)| &file.case).collect();
    cases.iter().for_each(|case| check(case));
    assert!(cases.len() >= 16, "only {} cases found", cases.len());
}

#[test]
fn assessment_json_has_the_documented_fields() {
    let terms: PenaltyTerms = toml::from_str(
        "rate = \"10.5\"\nper = \"2 days\"\ncap = \"55\"\nterminate_after = 15\npartial = \"pro-rata\"\n",
    )
    .expect("valid terms");
    let a = terms
        .assess(
            date!(2019 - 01 - 11),
            date!(2019 - 01 - 16),
            Money::new(Decimal::from(200), Currency::EUR),
            false,
        )
        .expect("assessable");
    let json = serde_json::to_value(&a).expect("serialisable");
    assert_eq!(json["days_late"], 5);
    assert_eq!(json["periods"], "2.5");
    assert_eq!(json["penalty"]["amount"], "52.50");
    assert_eq!(json["penalty"]["currency"], "EUR");
    assert_eq!(json["capped"], false);
    assert_eq!(json["may_terminate"], false);
    assert_eq!(json["partial"], "pro-rata");
    assert_eq!(json["force_majeure"], false);
    assert_eq!(json["per"], "2 days");
    assert_eq!(json["rounding"], "half-even");
    assert_eq!(json["due"], "2019-01-11");
}

fn toml_error(text: &str) -> String {
    toml::from_str::<PenaltyTerms>(text)
        .expect_err("invalid terms")
        .to_string()
}

#[test]
fn reading_errors_name_the_field_and_value() {
    let base = "per = \"2 days\"\npartial = \"pro-rata\"\n";
    let err = toml_error(&format!("rate = \"-1\"\n{base}"));
    assert!(err.contains("`rate` is -1%"), "{err}");
    let err = toml_error(&format!("rate = \"1\"\ncap = \"-5\"\n{base}"));
    assert!(err.contains("`cap` is -5%"), "{err}");
    let err = toml_error("rate = \"1\"\nper = \"2 years\"\npartial = \"pro-rata\"\n");
    assert!(err.contains("`per` is \"2 years\""), "{err}");
    let err = toml_error("rate = \"1\"\nper = \"0 days\"\npartial = \"pro-rata\"\n");
    assert!(err.contains("`per` must be at least 1 day"), "{err}");
    let err = toml_error("rate = \"1\"\nper = \"1 day\"\npartial = \"half\"\n");
    assert!(err.contains("half") && err.contains("pro-rata"), "{err}");
    let err = toml_error(&format!("rate = \"1\"\n{base}capp = \"5\"\n"));
    assert!(err.contains("capp"), "{err}");
    let err = toml_error("per = \"1 day\"\npartial = \"started\"\n");
    assert!(err.contains("rate"), "{err}");
}

#[test]
fn terms_round_trip_through_toml() {
    let terms = PenaltyTerms {
        rate: Percent::new(Decimal::new(25, 1)),
        per: Period::new(3, PeriodUnit::Weeks),
        cap: None,
        terminate_after: Some(30),
        partial: PartialPeriod::Truncate,
        rounding: Rounding::HalfUp,
    };
    let text = toml::to_string(&terms).expect("serialisable");
    assert_eq!(toml::from_str::<PenaltyTerms>(&text), Ok(terms));
}

#[test]
fn negative_value_is_an_error() {
    let terms: PenaltyTerms =
        toml::from_str("rate = \"1\"\nper = \"1 day\"\npartial = \"started\"\n").expect("valid");
    let value = Money::new(Decimal::from(-5), Currency::EUR);
    assert_eq!(
        terms.assess(date!(2026 - 01 - 01), date!(2026 - 01 - 09), value, false),
        Err(PenaltyError::NegativeValue(value))
    );
}

fn terms(
    rate: u32,
    per: u32,
    unit: usize,
    cap: Option<u32>,
    partial: PartialPeriod,
) -> PenaltyTerms {
    let units = [PeriodUnit::Days, PeriodUnit::Weeks, PeriodUnit::Months];
    PenaltyTerms {
        rate: Percent::new(Decimal::new(i64::from(rate), 1)),
        per: Period::new(per, units[unit % units.len()]),
        cap: cap.map(|c| Percent::new(Decimal::from(c))),
        terminate_after: Some(15),
        partial,
        rounding: Rounding::HalfEven,
    }
}

fn partial() -> impl Strategy<Value = PartialPeriod> {
    prop_oneof![
        Just(PartialPeriod::ProRata),
        Just(PartialPeriod::Started),
        Just(PartialPeriod::Truncate)
    ]
}

const DUE: Date = date!(2026 - 01 - 01);

fn penalty(t: &PenaltyTerms, days: i64, value: i64, fm: bool) -> Decimal {
    t.assess(
        DUE,
        DUE + Duration::days(days),
        Money::new(Decimal::new(value, 2), Currency::EUR),
        fm,
    )
    .expect("assessable")
    .penalty_exact
    .amount()
}

proptest! {
    #[test]
    fn penalty_is_monotone_in_days_late(
        rate in 0u32..500, per in 1u32..10, unit in 0usize..3, cap in proptest::option::of(0u32..200),
        p in partial(), days in -30i64..400, extra in 0i64..60, value in 0i64..10_000_000,
    ) {
        let t = terms(rate, per, unit, cap, p);
        prop_assert!(penalty(&t, days, value, false) <= penalty(&t, days + extra, value, false));
    }

    #[test]
    fn penalty_never_exceeds_the_cap(
        rate in 0u32..500, per in 1u32..10, unit in 0usize..3, cap in 0u32..200,
        p in partial(), days in 0i64..2000, value in 0i64..10_000_000,
    ) {
        let t = terms(rate, per, unit, Some(cap), p);
        let limit = Decimal::new(value, 2) * Decimal::from(cap) / Decimal::ONE_HUNDRED;
        prop_assert!(penalty(&t, days, value, false) <= limit);
    }

    #[test]
    fn force_majeure_gives_zero(
        rate in 0u32..500, per in 1u32..10, unit in 0usize..3, cap in proptest::option::of(0u32..200),
        p in partial(), days in 0i64..2000, value in 0i64..10_000_000,
    ) {
        let t = terms(rate, per, unit, cap, p);
        prop_assert!(penalty(&t, days, value, true).is_zero());
    }

    #[test]
    fn started_at_least_pro_rata_at_least_truncate(
        rate in 0u32..500, per in 1u32..10, unit in 0usize..3, cap in proptest::option::of(0u32..200),
        days in 0i64..2000, value in 0i64..10_000_000,
    ) {
        let of = |p| penalty(&terms(rate, per, unit, cap, p), days, value, false);
        let (started, pro_rata, truncate) =
            (of(PartialPeriod::Started), of(PartialPeriod::ProRata), of(PartialPeriod::Truncate));
        prop_assert!(started >= pro_rata, "{started} < {pro_rata}");
        prop_assert!(pro_rata >= truncate, "{pro_rata} < {truncate}");
    }
}
