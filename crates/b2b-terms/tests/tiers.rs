//! Volume tiers against the cases in tests/data/tiers/ (the Accord Project
//! "volumediscount" published tests, the all-units cliff, hand-checked
//! schedules), reading errors, and invariants.

mod trade_data;

use b2b_core::Decimal;
use b2b_terms::tiers::{PriceSchedule, TierError};
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    schedule: PriceSchedule,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    quantity: Decimal,
    tier: usize,
    at_boundary: bool,
    unit_prices: Vec<Decimal>,
    total: String,
}

fn check(schedule: &PriceSchedule, case: &Case) {
    let b = schedule
        .price(case.quantity)
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    assert_eq!(b.tier, case.tier, "tier, {}", case.name);
    assert_eq!(
        b.at_boundary, case.at_boundary,
        "at_boundary, {}",
        case.name
    );
    let prices: Vec<Decimal> = b.lines.iter().map(|l| l.unit_price.amount()).collect();
    assert_eq!(prices, case.unit_prices, "unit prices, {}", case.name);
    assert_eq!(
        b.total.amount().to_string(),
        case.total,
        "total, {}",
        case.name
    );
    let sum: Decimal = b.lines.iter().map(|l| l.amount.amount()).sum();
    assert_eq!(sum, b.total_exact.amount(), "lines add up, {}", case.name);
}

#[test]
fn data_cases() {
    let mut checked = 0;
    for (_, file) in trade_data::files::<File>("tiers") {
        file.case
            .iter()
            .for_each(|case| check(&file.schedule, case));
        checked += file.case.len();
    }
    assert!(checked >= 19, "only {checked} cases found");
}

fn schedule(text: &str) -> Result<PriceSchedule, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

#[test]
fn reading_errors_name_the_tier_and_field() {
    let cases = [
        (
            "currency = \"EUR\"\nmode = \"all-units\"\ntiers = [{ from = 1, unit_price = \"1\" }]",
            "tiers[0].from: the first tier must start at 0, not 1",
        ),
        (
            "currency = \"EUR\"\nmode = \"incremental\"\ntiers = [{ from = 0, unit_price = \"2\" }, { from = 10, unit_price = \"1\" }, { from = 10, unit_price = \"1\" }]",
            "tiers[2].from: 10 does not exceed the previous tier's from (10)",
        ),
        (
            "currency = \"EUR\"\nmode = \"incremental\"\ntiers = [{ from = 0, unit_price = \"2\", discount = \"5\" }]",
            "tiers[0].unit_price: give exactly one of unit_price and discount",
        ),
        (
            "currency = \"EUR\"\nmode = \"incremental\"\ntiers = [{ from = 0, unit_price = \"2\" }, { from = 5, discount = \"5\" }]",
            "tiers[1].discount: a discount needs the schedule's list unit_price",
        ),
        (
            "currency = \"EUR\"\nunit_price = \"2\"\nmode = \"incremental\"\ntiers = [{ from = 0, unit_price = \"2\" }, { from = 5, discount = \"120\" }]",
            "tiers[1].discount: 120% is not between 0% and 100%",
        ),
        (
            "currency = \"EUR\"\nmode = \"incremental\"\ntiers = [{ from = 0, unit_price = \"-2\" }]",
            "tiers[0].unit_price: -2 is negative",
        ),
        (
            "currency = \"EUR\"\ntiers = [{ from = 0, unit_price = \"2\" }]",
            "mode: a schedule with tiers needs mode",
        ),
        (
            "currency = \"EUR\"",
            "unit_price: give a unit_price, tiers, or both",
        ),
        (
            "currency = \"EUR\"\nunit_price = \"1\"\nmode = \"bulk\"",
            "bulk",
        ),
    ];
    for (text, expected) in cases {
        let err = schedule(text).expect_err(text);
        assert!(err.contains(expected), "{text}\n=> {err}");
    }
}

#[test]
fn schedule_round_trips_through_toml() {
    let s = schedule(
        "currency = \"EUR\"\nunit_price = \"12\"\nmode = \"incremental\"\nrounding = \"half-up\"\ntiers = [{ from = 0, unit_price = \"12\" }, { from = 100, discount = \"5\" }]",
    )
    .expect("valid");
    let text = toml::to_string(&s).expect("serialisable");
    assert_eq!(schedule(&text), Ok(s), "{text}");
}

#[test]
fn json_numbers_are_read_exactly() {
    let s: PriceSchedule = serde_json::from_str(
        r#"{"currency": "EUR", "mode": "all-units", "tiers": [{"from": 0, "unit_price": 0.1}, {"from": 2.5, "unit_price": "0.09"}]}"#,
    )
    .expect("valid JSON schedule");
    let b = s.price(Decimal::from(3)).expect("priced");
    assert_eq!(b.lines[0].unit_price.amount().to_string(), "0.09");
    assert_eq!(
        s.price(Decimal::ONE)
            .expect("priced")
            .total_exact
            .amount()
            .to_string(),
        "0.1"
    );
    let err = schedule("currency = \"EUR\"\nunit_price = \"abc\"").expect_err("not a number");
    assert!(err.contains("\"abc\" is not a decimal number"), "{err}");
}

#[test]
fn negative_quantity_is_an_error() {
    let s = schedule("currency = \"EUR\"\nunit_price = \"1\"").expect("valid");
    assert_eq!(
        s.price(Decimal::NEGATIVE_ONE),
        Err(TierError::NegativeQuantity(Decimal::NEGATIVE_ONE))
    );
}

#[test]
fn breakdown_json_states_the_boundary() {
    let s = schedule(
        "currency = \"EUR\"\nmode = \"all-units\"\ntiers = [{ from = 0, unit_price = \"10\" }, { from = 100, unit_price = \"9\" }]",
    )
    .expect("valid");
    let json = serde_json::to_value(s.price(Decimal::from(100)).expect("priced")).expect("json");
    assert_eq!(json["tier"], 1);
    assert_eq!(json["at_boundary"], true);
    assert_eq!(json["mode"], "all-units");
    assert_eq!(json["total"]["amount"], "900.00");
    assert_eq!(json["lines"][0]["from"], "100");
    assert!(
        json["boundary_note"]
            .as_str()
            .expect("note")
            .contains("lower bounds are inclusive, so it falls in tier 1, not tier 0")
    );
}

/// Tiers from 0 with ascending bounds and arbitrary non-negative prices.
fn any_schedule(incremental: bool) -> impl Strategy<Value = PriceSchedule> {
    proptest::collection::vec((1u32..500, 0u32..10_000), 1..6).prop_map(move |steps| {
        let mut from = 0u32;
        let tiers: Vec<String> = steps
            .iter()
            .enumerate()
            .map(|(i, &(step, cents))| {
                if i > 0 {
                    from += step;
                }
                format!(
                    "{{ from = {from}, unit_price = \"{}\" }}",
                    Decimal::new(i64::from(cents), 2)
                )
            })
            .collect();
        let mode = if incremental {
            "incremental"
        } else {
            "all-units"
        };
        schedule(&format!(
            "currency = \"EUR\"\nmode = \"{mode}\"\ntiers = [{}]",
            tiers.join(", ")
        ))
        .expect("generated schedule is valid")
    })
}

fn quantity() -> impl Strategy<Value = Decimal> {
    (0i64..300_000).prop_map(|q| Decimal::new(q, 2))
}

proptest! {
    #[test]
    fn incremental_total_is_non_decreasing(s in any_schedule(true), q in quantity(), more in quantity()) {
        let low = s.price(q).expect("priced").total_exact.amount();
        let high = s.price(q + more).expect("priced").total_exact.amount();
        prop_assert!(low <= high, "{q}: {low} > {}: {high}", q + more);
    }

    #[test]
    fn incremental_total_is_the_sum_of_lines(s in any_schedule(true), q in quantity()) {
        let b = s.price(q).expect("priced");
        let sum: Decimal = b.lines.iter().map(|l| l.amount.amount()).sum();
        let units: Decimal = b.lines.iter().map(|l| l.quantity).sum();
        prop_assert_eq!(sum, b.total_exact.amount());
        prop_assert_eq!(units, q);
    }

    #[test]
    fn all_units_prices_everything_in_one_tier(s in any_schedule(false), q in quantity()) {
        let b = s.price(q).expect("priced");
        prop_assert_eq!(b.lines.len(), 1);
        prop_assert_eq!(b.lines[0].tier, b.tier);
        prop_assert_eq!(b.lines[0].quantity, q);
        prop_assert!(b.tier_from <= q);
    }
}
