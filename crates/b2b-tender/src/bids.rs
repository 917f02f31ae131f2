//! The bids of one tender, validated against it and stored by column.

use crate::column::Column;
use time::OffsetDateTime;

/// All bids of a tender, one entry per bid in every vector, in file order.
///
/// Built by [`crate::input::parse_bids`] (or by hand in tests and embedding
/// code) and checked against the tender: every requirement, criterion and
/// cost item has its column, every value is in range.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bids {
    /// Bid identifiers, unique.
    pub ids: Vec<String>,
    /// Supplier names.
    pub suppliers: Vec<String>,
    /// Where each bid came from, for messages: a CSV line number or a JSON
    /// array index (1-based).
    pub lines: Vec<u64>,
    /// One entry per tender requirement (same order): whether each bid meets it.
    pub requirements: Vec<Vec<bool>>,
    /// One column per tender criterion (same order as `Tender::criteria`).
    pub criteria: Vec<Column>,
    /// One column per life-cycle cost item (same order as `LifeCycle::costs`);
    /// empty unless the award model is lowest-cost.
    pub costs: Vec<Column>,
    /// When each bid was submitted, if the file has a `submitted_at` column.
    pub submitted_at: Option<Vec<OffsetDateTime>>,
}

impl Bids {
    /// Number of bids.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no bids.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The length of every per-bid vector but `ids` (each should equal
    /// [`Bids::len`]).
    pub(crate) fn per_bid_lengths(&self) -> impl Iterator<Item = usize> + '_ {
        [self.suppliers.len(), self.lines.len()]
            .into_iter()
            .chain(self.requirements.iter().map(Vec::len))
            .chain(self.criteria.iter().chain(&self.costs).map(Column::len))
            .chain(self.submitted_at.iter().map(Vec::len))
    }

    /// Keeps the bids at the given indices, in that order; `None` when an
    /// index is out of range or a per-bid vector is shorter than `ids`.
    pub fn select(&self, keep: &[usize]) -> Option<Bids> {
        let len = self.len();
        let short = self.per_bid_lengths().any(|n| n < len);
        if short || keep.iter().any(|&i| i >= len) {
            return None;
        }
        let pick_strings = |v: &[String]| keep.iter().map(|&i| v[i].clone()).collect();
        Some(Bids {
            ids: pick_strings(&self.ids),
            suppliers: pick_strings(&self.suppliers),
            lines: keep.iter().map(|&i| self.lines[i]).collect(),
            requirements: self
                .requirements
                .iter()
                .map(|column| keep.iter().map(|&i| column[i]).collect())
                .collect(),
            criteria: self.criteria.iter().map(|c| c.select(keep)).collect(),
            costs: self.costs.iter().map(|c| c.select(keep)).collect(),
            submitted_at: self
                .submitted_at
                .as_ref()
                .map(|times| keep.iter().map(|&i| times[i]).collect()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn two_bids() -> Bids {
        Bids {
            ids: vec!["A".to_owned(), "B".to_owned()],
            suppliers: vec!["a".to_owned(), "b".to_owned()],
            lines: vec![2, 3],
            requirements: vec![vec![true, false]],
            criteria: vec![Column::from_decimals([Decimal::ONE, Decimal::TWO]).expect("fits")],
            costs: Vec::new(),
            submitted_at: None,
        }
    }

    #[test]
    fn select_keeps_bids_in_the_order_given() {
        let picked = two_bids().select(&[1, 0]).expect("in range");
        assert_eq!(picked.ids, ["B", "A"]);
        assert_eq!(picked.requirements, [vec![false, true]]);
        assert_eq!(picked.criteria[0].decimal(0), Decimal::TWO);
    }

    #[test]
    fn select_refuses_what_it_cannot_pick() {
        assert_eq!(two_bids().select(&[2]), None);
        let mut short = two_bids();
        short.suppliers.pop();
        assert_eq!(short.select(&[0]), None);
    }
}
