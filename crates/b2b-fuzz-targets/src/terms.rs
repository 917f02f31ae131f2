//! Contract terms: payment-term notations, contract files, holiday files
//! and cost lines.

use b2b_core::{Currency, Money};
use b2b_terms::calendar::{Calendar, Roll, parse_iso_date};
use b2b_terms::contract::{Contract, ContractFormat};
use b2b_terms::incoterms::Incoterm;
use b2b_terms::incoterms::costs::{self, FcaPlace};
use b2b_terms::payment::PaymentTerms;
use rust_decimal::Decimal;
use std::sync::OnceLock;
use time::Date;
use time::macros::date;

/// The invoice date every schedule of the targets is computed for.
const INVOICE_DATE: Date = date!(2026 - 11 - 26);

/// Sweden's computed calendar, built once.
fn sweden() -> &'static Calendar {
    static SWEDEN: OnceLock<Calendar> = OnceLock::new();
    SWEDEN.get_or_init(Calendar::sweden)
}

/// A payment-term notation (the whole data is the text).
///
/// Invariants: the canonical text (`Display`) reads back as the same terms
/// and prints itself; the serde form (JSON) reads back as the same terms.
/// Then the terms are dated for an invoice of 1000.01 EUR on 2026-11-26,
/// unrolled and on Swedish business days under every roll, and settled.
pub fn payment_terms(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(terms) = text.parse::<PaymentTerms>() else {
        return;
    };
    let canonical = terms.to_string();
    let again: PaymentTerms = match canonical.parse() {
        Ok(again) => again,
        Err(error) => panic!("canonical {canonical:?} of {text:?} does not parse: {error}"),
    };
    assert_eq!(
        again, terms,
        "canonical {canonical:?} of {text:?} reads back"
    );
    assert_eq!(again.to_string(), canonical, "canonical form is stable");
    let json = serde_json::to_string(&terms).expect("payment terms serialise");
    match serde_json::from_str::<PaymentTerms>(&json) {
        Ok(back) => assert_eq!(back, terms, "serde form {json} reads back"),
        Err(error) => panic!("serde form {json} of {text:?} does not read back: {error}"),
    }
    let amount = Money::new(Decimal::new(100_001, 2), Currency::EUR);
    let _ = terms.agreed_due_date(INVOICE_DATE);
    let unrolled = std::iter::once(None);
    let rolled = Roll::ALL.into_iter().map(|roll| Some((sweden(), roll)));
    for business_days in unrolled.chain(rolled) {
        let Ok(schedule) = terms.schedule(INVOICE_DATE, amount, business_days) else {
            continue;
        };
        let total = schedule
            .instalments
            .iter()
            .try_fold(Money::zero(Currency::EUR), |sum, i| {
                sum.checked_add(&i.amount)
            });
        assert_eq!(total.ok(), Some(amount), "instalments add up to the amount");
        for paid in [INVOICE_DATE, schedule.due_date(), date!(2027 - 06 - 30)] {
            let _ = schedule.settle(paid);
        }
    }
}

/// A contract file. First byte even: TOML, odd: JSON; the rest is the
/// file. A contract that parses is scheduled to 2031-12-31, priced for a
/// few quantities, and assessed for a late delivery and a service credit.
pub fn contract(data: &[u8]) {
    let Some((format, text)) = crate::choose_and_text(data, 2) else {
        return;
    };
    let format = [ContractFormat::Toml, ContractFormat::Json][format];
    let Ok(contract) = Contract::parse(text, format) else {
        return;
    };
    if let Ok(schedule) = contract.schedule(Some(date!(2031 - 12 - 31))) {
        let _ = serde_json::to_vec(&schedule).expect("a schedule serialises");
    }
    for quantity in [0, 1, 99, 100, 101, 650, 1_000_000] {
        let _ = contract.price_for(Decimal::from(quantity));
    }
    let _ = contract.price_for(Decimal::new(15, 1));
    let _ = contract.monthly_charge();
    let _ = contract.late_delivery_penalty(
        date!(2026 - 03 - 01),
        date!(2026 - 05 - 17),
        Decimal::from(48_200),
        false,
    );
    for availability in [Decimal::ZERO, Decimal::new(995, 1), Decimal::ONE_HUNDRED] {
        let _ = contract.service_credit(availability, Some(Decimal::from(1250)), &[]);
    }
}

/// A holiday file (the whole data is the text). A calendar that parses is
/// combined with Sweden's, and business days and rolls are computed for
/// its first listed date, a fixed date and the extremes of the date type.
pub fn calendar(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(own) = Calendar::parse_holidays("holidays.txt", text) else {
        return;
    };
    // The first date the file lists, and its year's holidays.
    let first = text
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .find_map(|word| parse_iso_date(word).ok());
    if let Some(first) = first {
        let _ = own.holidays(first.year());
    }
    let combined = sweden().clone().union(&own);
    for calendar in [&own, &combined] {
        for day in first
            .into_iter()
            .chain([INVOICE_DATE, Date::MIN, Date::MAX])
        {
            let _ = calendar.is_business_day(day);
            let _ = calendar.closed_because(day);
            for roll in Roll::ALL {
                if let Ok(rolled) = calendar.roll(day, roll)
                    && roll != Roll::None
                {
                    assert_eq!(
                        calendar.is_business_day(rolled).ok(),
                        Some(true),
                        "{day} rolled {roll} to {rolled}, not a business day"
                    );
                }
            }
        }
    }
}

/// A cost-lines file. First byte even: CSV, odd: TOML; the rest is the
/// file. Lines that parse are split under every Incoterms rule, with and
/// without an FCA place; each split's totals must add up to its lines.
pub fn cost_lines(data: &[u8]) {
    let Some((format, text)) = crate::choose_and_text(data, 2) else {
        return;
    };
    let parsed = if format == 0 {
        costs::parse_csv(text)
    } else {
        costs::parse_toml(text)
    };
    let Ok(lines) = parsed else {
        return;
    };
    let places = [
        None,
        Some(FcaPlace::SellerPremises),
        Some(FcaPlace::Elsewhere),
    ];
    for rule in Incoterm::ALL {
        for place in places {
            let Ok(split) = costs::split(rule, place, &lines) else {
                continue;
            };
            assert_eq!(split.lines.len(), lines.len(), "every line allocated");
            for currency in split.totals.iter().map(|t| t.total.currency()) {
                let of_lines: Option<Decimal> = lines
                    .iter()
                    .filter(|l| l.amount.currency() == currency)
                    .try_fold(Decimal::ZERO, |sum, l| sum.checked_add(l.amount.amount()));
                let of_totals: Option<Decimal> = split
                    .totals
                    .iter()
                    .filter(|t| t.total.currency() == currency)
                    .try_fold(Decimal::ZERO, |sum, t| sum.checked_add(t.total.amount()));
                // Amounts may be negative (credits), so either sum may
                // overflow alone; compare when both fit.
                if let (Some(of_lines), Some(of_totals)) = (of_lines, of_totals) {
                    assert_eq!(of_lines, of_totals, "{rule}: totals in {currency}");
                }
            }
        }
    }
}
