//! A best-price-quality tender built in code, three bids added row by row,
//! the ranking with every point explained, and how robust the winner is.
//!
//! Run with `cargo run -p b2b-tender --example evaluate_in_code`.

use b2b_tender::input::{Bid, BidsBuilder};
use b2b_tender::tender::Formula;
use b2b_tender::{AwardModel, Criterion, CriterionKind, Options, Tender, evaluate};
use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let criterion = |id: &str, weight: i64, kind: CriterionKind| Criterion {
        id: id.to_owned(),
        name: None,
        weight: Some(Decimal::from(weight)),
        value: None,
        kind,
    };
    let tender = Tender {
        id: "2026-0142".to_owned(),
        title: "Office laptops".to_owned(),
        currency: "EUR".parse()?,
        award: AwardModel::BestPriceQuality,
        requirements: Vec::new(),
        criteria: vec![
            criterion(
                "price",
                60,
                CriterionKind::Price {
                    formula: Formula::Proportional,
                },
            ),
            criterion(
                "support",
                40,
                CriterionKind::Points {
                    scale: Decimal::TEN,
                },
            ),
        ],
        abnormally_low: Decimal::new(20, 2),
        life_cycle: None,
        tie_break: Vec::new(),
    };
    // The fields are public; validate() says whether they make a tender.
    tender.validate()?;

    let mut bids = BidsBuilder::new(&tender);
    for (id, supplier, price, support) in [
        ("A", "Acme", 1000, 6),
        ("B", "Bolt", 1250, 10),
        ("C", "Cobalt", 2000, 8),
    ] {
        bids.push(
            Bid::new(id, supplier)
                .value("price", Decimal::from(price))
                .value("support", Decimal::from(support)),
        );
    }
    let bids = bids.build()?;

    let evaluation = evaluate(&tender, &bids, &Options { sensitivity: true })?;
    for row in evaluation.rows() {
        let points: Vec<String> = row
            .breakdown
            .iter()
            .map(|(criterion, points)| format!("{criterion} {points}"))
            .collect();
        println!(
            "{} {} ({}): {} = {}",
            row.rank,
            row.bid,
            row.supplier,
            row.value,
            points.join(" + ")
        );
    }
    println!("winner: {}", evaluation.winner().unwrap_or("none"));
    if let Some(sensitivity) = evaluation.sensitivity() {
        for range in &sensitivity.weights {
            let id = &tender.criteria[range.criterion].id;
            println!(
                "the winner stays while {id}'s share is from {} to {}",
                range.min_share.round_dp(4),
                range.max_share.round_dp(4)
            );
        }
    }
    Ok(())
}
