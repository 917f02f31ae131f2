//! Bids built row by row in code, checked as a bids file is.

use super::bids_file::Cell;
use super::{InputError, bids_file};
use crate::bids::Bids;
use crate::tender::Tender;
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Builds [`Bids`] for a tender one bid at a time, naming each value by its
/// column (the requirement, criterion or cost item id).
///
/// [`BidsBuilder::build`] checks every bid exactly as a JSON bids file is
/// checked: every requirement, criterion and cost item present once, no
/// unknown column, values in range for their criterion, unique bid ids.
/// Errors name the bid as `bids[i] (bid "id")`.
///
/// ```
/// # use b2b_tender::input::{self, Bid, BidsBuilder};
/// # use rust_decimal::Decimal;
/// let tender = input::parse_tender(r#"
///     id = "T-1"
///     title = "Paper"
///     currency = "EUR"
///     award = "lowest-price"
///     [[requirements]]
///     id = "fsc"
///     text = "FSC certified"
///     [[criteria]]
///     id = "price"
///     kind = "price"
/// "#, input::TenderFormat::Toml, "tender.toml")?;
/// let mut bids = BidsBuilder::new(&tender);
/// bids.push(Bid::new("A", "Acme").meets("fsc", true).value("price", Decimal::new(12000, 2)));
/// bids.push(Bid::new("B", "Bolt").meets("fsc", true).value("price", Decimal::new(9950, 2)));
/// let bids = bids.build()?;
/// let evaluation = b2b_tender::evaluate(&tender, &bids, &Default::default())?;
/// assert_eq!(evaluation.winner(), Some("B"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct BidsBuilder<'t> {
    tender: &'t Tender,
    rows: Vec<Vec<(String, Cell)>>,
}

/// One bid for [`BidsBuilder`]: its id, its supplier and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Bid {
    fields: Vec<(String, Cell)>,
}

impl Bid {
    /// A bid with its id and its supplier's name.
    pub fn new(id: impl Into<String>, supplier: impl Into<String>) -> Bid {
        Bid {
            fields: vec![
                ("bid".to_owned(), Cell::Text(id.into())),
                ("supplier".to_owned(), Cell::Text(supplier.into())),
            ],
        }
    }

    /// Whether the bid meets the requirement with this id.
    #[must_use]
    pub fn meets(mut self, requirement: impl Into<String>, met: bool) -> Bid {
        self.fields.push((requirement.into(), Cell::Bool(met)));
        self
    }

    /// The bid's value of a criterion or cost item, by its id.
    #[must_use]
    pub fn value(mut self, column: impl Into<String>, value: Decimal) -> Bid {
        self.fields
            .push((column.into(), Cell::Text(value.to_string())));
        self
    }

    /// When the bid was submitted (for `tie_break = ["submitted_at"]`).
    #[must_use]
    pub fn submitted_at(mut self, at: OffsetDateTime) -> Bid {
        // A time outside RFC 3339's years (before 0000 or after 9999) is
        // passed on as its debug text, which the check then refuses.
        let text = at.format(&Rfc3339).unwrap_or_else(|_| format!("{at:?}"));
        self.fields
            .push(("submitted_at".to_owned(), Cell::Text(text)));
        self
    }
}

impl<'t> BidsBuilder<'t> {
    /// An empty set of bids for `tender`.
    pub fn new(tender: &'t Tender) -> BidsBuilder<'t> {
        BidsBuilder {
            tender,
            rows: Vec::new(),
        }
    }

    /// Adds a bid; it is checked by [`BidsBuilder::build`].
    pub fn push(&mut self, bid: Bid) -> &mut BidsBuilder<'t> {
        self.rows.push(bid.fields);
        self
    }

    /// The bids, checked against the tender.
    ///
    /// # Errors
    ///
    /// The first bid that breaks a rule, as [`InputError`] naming the bid
    /// (`bids[i]`) and the column; [`InputError::Tender`] for a tender that
    /// breaks a rule of [`Tender::validate`].
    pub fn build(self) -> Result<Bids, InputError> {
        super::check_tender(self.tender)?;
        bids_file::parse_fields(self.rows, "bids", self.tender)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{TenderFormat, parse_tender};

    fn tender() -> Tender {
        parse_tender(
            r#"
            id = "T"
            title = "Builder"
            currency = "EUR"
            award = "best-price-quality"
            tie_break = ["submitted_at"]
            [[requirements]]
            id = "iso"
            text = "ISO 9001"
            [[criteria]]
            id = "price"
            kind = "price"
            weight = 60
            [[criteria]]
            id = "quality"
            kind = "points"
            scale = 5
            weight = 40
            "#,
            TenderFormat::Toml,
            "tender.toml",
        )
        .expect("valid tender")
    }

    fn bid(id: &str, price: i64, quality: i64) -> Bid {
        Bid::new(id, format!("Supplier {id}"))
            .meets("iso", true)
            .value("price", Decimal::from(price))
            .value("quality", Decimal::from(quality))
            .submitted_at(time::macros::datetime!(2026-11-20 09:15 UTC))
    }

    #[test]
    fn rows_become_the_same_bids_as_a_bids_file() {
        let tender = tender();
        let mut builder = BidsBuilder::new(&tender);
        builder.push(bid("A", 100, 3)).push(bid("B", 125, 5));
        let built = builder.build().expect("valid bids");
        let csv = b"bid,supplier,iso,price,quality,submitted_at\n\
            A,Supplier A,yes,100,3,2026-11-20T09:15:00Z\n\
            B,Supplier B,yes,125,5,2026-11-20T09:15:00Z\n";
        let parsed = crate::input::parse_bids(csv, crate::input::BidsFormat::Csv, "b.csv", &tender)
            .expect("valid file");
        assert_eq!(built.ids, parsed.ids);
        assert_eq!(built.requirements, parsed.requirements);
        assert_eq!(built.criteria, parsed.criteria);
        assert_eq!(built.submitted_at, parsed.submitted_at);
    }

    #[test]
    fn each_broken_rule_names_the_bid_and_the_column() {
        let tender = tender();
        let cases: [(Bid, &str); 4] = [
            (
                bid("A", 100, 6),
                "bids: bids[0] (bid \"A\"): field \"quality\": grade 6 is outside 0..5",
            ),
            (
                Bid::new("A", "a")
                    .meets("iso", true)
                    .value("price", Decimal::ONE),
                "bids: bids[0] (bid \"A\"): missing fields \"quality\" (a criterion), \"submitted_at\" (tie_break uses submitted_at)",
            ),
            (
                bid("A", 100, 3).value("colour", Decimal::ONE),
                "bids: bids[0] (bid \"A\"): unknown field \"colour\"",
            ),
            (
                bid("A", 0, 3),
                "bids: bids[0] (bid \"A\"): field \"price\": price must be positive, found 0",
            ),
        ];
        for (bid, expected) in cases {
            let mut builder = BidsBuilder::new(&tender);
            builder.push(bid);
            let error = builder.build().expect_err("refused").to_string();
            assert!(error.starts_with(expected), "{error}\nexpected: {expected}");
        }
        let mut twice = BidsBuilder::new(&tender);
        twice.push(bid("A", 100, 3)).push(bid("A", 120, 4));
        let error = twice.build().expect_err("refused").to_string();
        assert!(error.contains("duplicate bid id \"A\""), "{error}");
    }
}
