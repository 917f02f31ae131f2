//! Contract terms computed exactly and explained.
//!
//! B2B deals are long relationships governed by terms. This crate answers the
//! questions finance and procurement people ask of them:
//!
//! - [`calendar`]: business calendars (weekends plus holidays, Sweden and
//!   Germany computed from their rules) and roll conventions.
//! - [`payment`]: payment-term notations (`2/10 net 30`, `net 30 EOM`,
//!   `30% CWO, 70% net 30`), due dates, early-payment discounts and their
//!   implied annual rates, and the late-payment directive's limits on agreed
//!   payment periods.
//! - [`late`]: statutory late-payment interest and recovery compensation
//!   under Directive 2011/7/EU and national rules, over a table of
//!   reference rates with their sources.
//! - [`incoterms`]: the eleven Incoterms 2020 rules as data, and the split of
//!   cost lines between seller and buyer.
//! - [`penalty`]: late-delivery penalties (rate per period, cap, termination
//!   threshold, force majeure, partial-period rule).
//! - [`tiers`]: volume price tiers, all-units and incremental.
//! - [`sla`]: service credits from availability tiers with monthly and
//!   yearly caps.
//! - [`contract`]: the contract file (parties, term, renewal, notice,
//!   payment terms, price, delivery, penalties, service levels) and its
//!   schedule of key dates.
//!
//! Money is [`b2b_core::Money`] (an exact decimal with a currency), dates are
//! [`time::Date`]; rounding happens once, at the edge, by a named
//! [`b2b_core::Rounding`] rule.

pub mod calendar;
pub mod contract;
mod debtor;
pub mod incoterms;
pub mod late;
pub mod payment;
pub mod penalty;
pub mod sla;
pub mod tiers;

pub use debtor::{Debtor, UnknownDebtor};
