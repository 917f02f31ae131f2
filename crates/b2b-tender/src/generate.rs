//! Synthetic tenders and bids for benchmarks (being written).
