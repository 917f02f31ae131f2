//! Exact money: amounts in a currency, sums that refuse to mix currencies,
//! a percentage of an amount, and rounding once, at the end, by a named
//! rule.
//!
//! Run with `cargo run -p b2b-core --example money`.

use b2b_core::{Currency, Money, Percent, Rounding, parse_decimal};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let net = Money::new(parse_decimal("1234.565")?, Currency::EUR);
    let freight = Money::new(parse_decimal("85.40")?, Currency::EUR);
    let total = net.checked_add(&freight)?;
    // Display shows the currency's minor units; amount() is the exact value.
    println!(
        "net {} + freight {} = {} EUR exactly",
        net.amount(),
        freight.amount(),
        total.amount()
    );

    // 25 % VAT, exact; rounded to cents only when it is shown.
    let vat = total.scale_by(Percent::new(parse_decimal("25")?).as_fraction())?;
    println!("VAT exactly {} EUR", vat.amount());
    println!("VAT half-even {}", vat.round(Rounding::HalfEven));
    println!("VAT half-up   {}", vat.round(Rounding::HalfUp));

    // Two currencies never add up: converting needs a rate, and a rate is
    // a decision, not arithmetic.
    let sek = Money::new(parse_decimal("100")?, Currency::SEK);
    if let Err(refused) = total.checked_add(&sek) {
        println!("EUR + SEK: {refused}");
    }
    // Strict parsing: a thousands separator or a currency sign is an error.
    for text in ["1,5", "389 500 kr", "1e5"] {
        if let Err(refused) = parse_decimal(text) {
            println!("{text:?}: {refused}");
        }
    }
    Ok(())
}
