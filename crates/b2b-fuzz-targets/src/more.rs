//! The other files users give: reference-rate tables, service history,
//! and the buying team's files (account maps, scenarios, grades).

use b2b_buying::account::AccountMap;
use b2b_buying::evaluation::{parse_evaluators, parse_grades};
use b2b_buying::scenario::Scenario;
use b2b_core::{Currency, Money};
use b2b_terms::contract::{Contract, ContractFormat};
use b2b_terms::late::{Claim, CountryProfile, Jurisdiction, RateSource, RateTable, interest};
use b2b_terms::sla::parse_history;
use rust_decimal::Decimal;
use std::sync::OnceLock;
use time::macros::date;

/// A reference-rate table (the whole data is the text, as `--rates`). A
/// table that parses, alone and over the shipped one, gives the interest
/// on a claim overdue from 2024-01-15 to 2026-06-30 in every country.
pub fn rates(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(table) = RateTable::parse(text, "rates.toml") else {
        return;
    };
    let over_shipped = RateTable::shipped().overlay(&table);
    for country in [
        Jurisdiction::Eu,
        Jurisdiction::Se,
        Jurisdiction::De,
        Jurisdiction::Uk,
    ] {
        let profile = CountryProfile::of(country);
        let principal = Money::new(Decimal::new(1_000_000, 2), profile.currency);
        let claim = Claim::new(principal, date!(2024 - 01 - 15), date!(2026 - 06 - 30));
        for table in [&table, &over_shipped] {
            let _ = interest(&claim, &profile, &RateSource::Table(table));
        }
    }
}

/// The example contract, whose service levels history is applied to.
fn example_contract() -> &'static Contract {
    static PARSED: OnceLock<Contract> = OnceLock::new();
    PARSED.get_or_init(|| {
        let text = include_str!("../../../examples/contracts/forklift-parts.toml");
        Contract::parse(text, ContractFormat::Toml).expect("the example contract")
    })
}

/// A service history file (CSV, as `--history`; the whole data is the
/// text). History that parses is given to the example contract's service
/// credit at a few availabilities.
pub fn sla_history(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(history) = parse_history(text, Currency::EUR) else {
        return;
    };
    for availability in [Decimal::ZERO, Decimal::new(995, 1), Decimal::ONE_HUNDRED] {
        let _ = example_contract().service_credit(availability, None, &history);
    }
}

/// A buying team's file. The first byte modulo 4 chooses: an account map
/// (then analysed as of 2026-11-27), a scenario, a grades CSV or an
/// evaluators CSV; the rest is the file.
pub fn team_files(data: &[u8]) {
    let Some((kind, text)) = crate::choose_and_text(data, 4) else {
        return;
    };
    match kind {
        0 => {
            if let Ok(map) = AccountMap::parse(text) {
                let _ = map.analyse(Some(date!(2026 - 11 - 27)));
                let _ = map.analyse(None);
            }
        }
        1 => {
            let _ = Scenario::parse(text, "scenario.toml");
        }
        2 => {
            let _ = parse_grades(text);
        }
        _ => {
            let _ = parse_evaluators(text);
        }
    }
}
