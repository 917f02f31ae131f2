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

    /// Keeps the bids at the given indices, in that order.
    pub fn select(&self, keep: &[usize]) -> Bids {
        let pick_strings = |v: &[String]| keep.iter().map(|&i| v[i].clone()).collect();
        Bids {
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
        }
    }
}
