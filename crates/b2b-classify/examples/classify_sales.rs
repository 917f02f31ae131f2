//! Is a sale B2B? Two sales from the source text, each answered under every
//! shipped rule set (the source text's strict definition, everyday usage,
//! EU VAT, EU consumer law) with the reasons.
//!
//! Run with `cargo run -p b2b-classify --example classify_sales`.

use b2b_classify::{classify, input, shipped};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sets = shipped()?;
    for text in [
        // Toilet paper for a factory: bought by a business, for its own needs.
        r#"
        purpose = "internal-needs"
        paid_by = "organisation"
        description = "toilet paper for the factory's toilets"
        buyer = { kind = "organisation", country = "SE" }
        seller = { country = "SE" }
        "#,
        // Pizza for the office party, and the boss who pays is there and
        // enjoys it: the source text's strict B2B line is crossed.
        r#"
        purpose = "value-creation"
        paid_by = "organisation"
        decision_maker_consumes = true
        private_share = 100
        supply = "goods"
        channel = "online"
        description = "pizza for the office party; the boss is there"
        buyer = { kind = "organisation", country = "SE" }
        seller = { country = "SE" }
        "#,
    ] {
        let sale = input::parse_sale(text, input::SaleFormat::Toml)?;
        let result = classify(&sale, &sets);
        println!("{}", sale.description.as_deref().unwrap_or("a sale"));
        for (set, view) in &result.views.0 {
            let reasons: Vec<&str> = view.reasons.iter().map(|r| r.text.as_str()).collect();
            println!("  {set}: {} ({})", view.segment, reasons.join("; "));
        }
    }
    Ok(())
}
