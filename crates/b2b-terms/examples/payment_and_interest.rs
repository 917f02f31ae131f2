//! An invoice on "2/10 net 30": its due date on Swedish business days, the
//! early-payment discount and what it is worth as a yearly rate; then the
//! statutory interest owed when it is paid late.
//!
//! Run with `cargo run -p b2b-terms --example payment_and_interest`.

use b2b_core::{Currency, Money, Percent};
use b2b_terms::calendar::{Calendar, Roll};
use b2b_terms::late::{self, Claim, CountryProfile, RateSource, RateTable};
use b2b_terms::payment::{PaymentTerms, annual_rate_compound, annual_rate_simple};
use time::macros::date;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let terms: PaymentTerms = "2/10 net 30".parse()?;
    let invoice = Money::new("1000.00".parse()?, Currency::EUR);
    let sweden = Calendar::sweden();
    let schedule = terms.schedule(
        date!(2026 - 11 - 26),
        invoice,
        Some((&sweden, Roll::Following)),
    )?;
    println!("{terms}: due {}", schedule.due_date());
    if let Some(discount) = &schedule.instalments[0].discount {
        println!("pay {} by {} instead", discount.payable, discount.until);
    }
    // Forgoing 2 % to pay 20 days later costs, as a yearly rate:
    let discount = Percent::new(2.into());
    if let (Some(simple), Some(compound)) = (
        annual_rate_simple(discount, 20),
        annual_rate_compound(discount, 20),
    ) {
        println!("the discount is worth {simple:.2} a year simple, {compound:.2} compound");
    }

    let claim = Claim::new(
        Money::new("10000".parse()?, Currency::EUR),
        date!(2025 - 01 - 31),
        date!(2025 - 03 - 15),
    );
    let report = late::interest(
        &claim,
        &CountryProfile::eu(),
        &RateSource::Table(RateTable::shipped()),
    )?;
    println!(
        "paid {} days late: interest {}, compensation {}",
        report.days_late, report.interest, report.compensation
    );
    Ok(())
}
