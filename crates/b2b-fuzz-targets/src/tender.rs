//! Tender files and bids files.

use b2b_tender::Bids;
use b2b_tender::input::{self, Bid, BidsBuilder, BidsFormat, TenderFormat};
use b2b_tender::{Options, Tender};
use std::sync::OnceLock;

/// A tender file. First byte even: TOML, odd: JSON; the rest is the file.
///
/// A tender that parses must also pass [`Tender::validate`]: the parser and
/// the check of tenders built in code state the same rules.
pub fn tender_file(data: &[u8]) {
    let Some((format, text)) = crate::choose_and_text(data, 2) else {
        return;
    };
    let format = [TenderFormat::Toml, TenderFormat::Json][format];
    if let Ok(tender) = input::parse_tender(text, format, "tender")
        && let Err(error) = tender.validate()
    {
        panic!("a parsed tender fails Tender::validate: {error}");
    }
}

/// The tenders bids are read against: the examples and the test data's,
/// so that each seed bids file has the tender it was written for.
const TENDERS: [&str; 9] = [
    include_str!("../../../examples/office-laptops/tender.toml"),
    include_str!("../../../examples/office-laptops/tender-lowest-price.toml"),
    include_str!("../../../examples/office-laptops/tender-price-per-quality.toml"),
    include_str!("../../../examples/office-laptops/tender-value-deduction.toml"),
    include_str!("../../../examples/forklift-lcc/tender.toml"),
    include_str!("../../../examples/prozorro-features/tender.toml"),
    include_str!("../../b2b-tender/tests/data/input/bids_bpq/tender.toml"),
    include_str!("../../b2b-tender/tests/data/input/bids_lcc/tender.toml"),
    include_str!("../../b2b-tender/tests/data/input/bids_pf/tender.toml"),
];

/// The number of choices the first byte of [`bids`] input selects from:
/// a tender of [`TENDERS`] times two formats.
pub const BIDS_CHOICES: usize = TENDERS.len() * 2;

fn tenders() -> &'static [Tender] {
    static PARSED: OnceLock<Vec<Tender>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TENDERS
            .iter()
            .map(|text| {
                input::parse_tender(text, TenderFormat::Toml, "tender.toml")
                    .expect("the fixed tenders are valid")
            })
            .collect()
    })
}

/// A bids file read against a fixed valid tender, then evaluated with
/// sensitivity. The bids read must come out the same when their values
/// are given one by one to the [`BidsBuilder`]. The first byte modulo 18 chooses: even CSV, odd JSON; half
/// of it the tender, in this order: office-laptops (best-price-quality,
/// lowest-price, price-per-quality, value-deduction), forklift-lcc,
/// prozorro-features, and the bids test data's best-price-quality,
/// lowest-cost and price-features tenders.
pub fn bids(data: &[u8]) {
    let Some((&first, file)) = data.split_first() else {
        return;
    };
    let choice = usize::from(first) % BIDS_CHOICES;
    let format = [BidsFormat::Csv, BidsFormat::Json][choice % 2];
    let tender = &tenders()[choice / 2];
    let Ok(bids) = input::parse_bids(file, format, "bids", tender) else {
        return;
    };
    assert_eq!(bids.ids.len(), bids.len(), "one id per bid");
    same_through_the_builder(tender, &bids);
    // Bids read from a file are bids the tender's formulas can use: any
    // refusal now must be the one left, a value too large to print.
    match b2b_tender::evaluate(tender, &bids, &Options { sensitivity: true }) {
        Ok(evaluation) => {
            for row in evaluation.rows() {
                let _ = row;
            }
            if let Err(error) = serde_json::to_vec(&evaluation.report()) {
                panic!("the report does not serialise: {error}");
            }
        }
        Err(b2b_tender::evaluate::EvalError::Overflow { .. }) => {}
        Err(error) => panic!("parsed bids refused by evaluate: {error}"),
    }
}

/// Gives every value of `bids` to a [`BidsBuilder`], which must accept
/// them and build the same columns: the builder checks bids as a bids file
/// is checked.
fn same_through_the_builder(tender: &Tender, bids: &Bids) {
    let mut builder = BidsBuilder::new(tender);
    for b in 0..bids.len() {
        let mut bid = Bid::new(bids.ids[b].clone(), bids.suppliers[b].clone());
        for (requirement, met) in tender.requirements.iter().zip(&bids.requirements) {
            bid = bid.meets(requirement.id.clone(), met[b]);
        }
        for (criterion, column) in tender.criteria.iter().zip(&bids.criteria) {
            bid = bid.value(criterion.id.clone(), column.decimal(b));
        }
        let costs = tender.life_cycle.iter().flat_map(|lc| &lc.costs);
        for (cost, column) in costs.zip(&bids.costs) {
            bid = bid.value(cost.id.clone(), column.decimal(b));
        }
        if let Some(at) = &bids.submitted_at {
            bid = bid.submitted_at(at[b]);
        }
        builder.push(bid);
    }
    let built = match builder.build() {
        Ok(built) => built,
        Err(error) => panic!("the builder refuses bids a file gave: {error}"),
    };
    assert_eq!(built.ids, bids.ids, "ids");
    assert_eq!(built.suppliers, bids.suppliers, "suppliers");
    assert_eq!(built.requirements, bids.requirements, "requirements");
    assert_eq!(built.criteria, bids.criteria, "criteria");
    assert_eq!(built.costs, bids.costs, "costs");
    // A CSV header naming submitted_at over no rows gives Some([]), the
    // builder with no bids None: the same (no times), so not a finding.
    let times = |bids: &Bids| bids.submitted_at.clone().filter(|at| !at.is_empty());
    assert_eq!(times(&built), times(bids), "submitted_at");
}
