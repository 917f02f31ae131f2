//! Contract files and their schedule of key dates.
//!
//! A contract file (TOML or JSON, documented in `docs/contracts.md`) names
//! the parties, the term, how it renews and the notice that stops a renewal,
//! and the commercial terms: payment terms, price with volume tiers, the
//! place and Incoterm of delivery, the late-delivery penalty and the service
//! levels. [`Contract::parse`] validates it; [`Contract::schedule`] lists the
//! key dates (term ends, renewals, the last day to give notice) and the
//! payments that fall due.

mod commercial;
mod file;
mod schedule;
mod span;

pub use file::{At, ContractError, ContractFormat};
pub use schedule::{Event, EventKind, Payment, Schedule, TermPeriod};
pub use span::{Span, SpanError, SpanUnit};

use crate::Debtor;
use crate::calendar::{Calendar, Roll};
use crate::incoterms::Incoterm;
use crate::payment::PaymentTerms;
use crate::penalty::PenaltyTerms;
use crate::sla::ServiceLevels;
use crate::tiers::PriceSchedule;
use b2b_core::{Currency, Money, wire};
use serde::Serialize;
use std::fmt;
use time::Date;

/// A validated contract.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Contract {
    /// The contract's reference.
    pub id: String,
    /// A title, if the file gives one.
    pub title: Option<String>,
    /// The currency of every amount in the contract.
    pub currency: Currency,
    /// The parties: exactly one supplier and one buyer, perhaps others.
    pub parties: Vec<Party>,
    /// The initial term.
    pub term: Term,
    /// Whether and how the contract renews.
    pub renewal: Renewal,
    /// The payment terms of every invoice under the contract.
    pub payment_terms: Option<PaymentTerms>,
    /// The business calendar payment dates roll on, and notice deadlines
    /// are checked against.
    pub business_days: Option<BusinessDays>,
    /// The unit price, with volume tiers.
    pub price: Option<PriceSchedule>,
    /// Where and under which Incoterm the goods are delivered.
    pub delivery: Option<Delivery>,
    /// The penalty for late delivery.
    pub penalty: Option<PenaltyTerms>,
    /// Availability tiers and the service credits they give.
    pub service_levels: Option<ServiceLevels>,
    /// A recurring charge invoiced at a fixed interval.
    pub billing: Option<Billing>,
    /// Invoices listed one by one.
    pub invoices: Vec<Invoice>,
}

/// A result computed under a contract beside the contract's reference:
/// the JSON report of `b2b contract schedule | price | penalty | sla` and
/// of their HTTP routes, `{"contract": id, ...the result's fields}`.
#[derive(Debug, Clone, Serialize)]
pub struct Under<'a, T> {
    /// The contract's reference.
    pub contract: &'a str,
    /// What was computed.
    #[serde(flatten)]
    pub result: T,
}

impl Contract {
    /// `result` beside this contract's reference.
    pub fn under<T>(&self, result: T) -> Under<'_, T> {
        Under {
            contract: &self.id,
            result,
        }
    }
}

/// A party to the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Its role.
    pub role: PartyRole,
    /// Its name.
    pub name: String,
    /// An identifier such as an organisation or VAT number, as written.
    pub id: Option<String>,
    /// Its country, as written (an ISO 3166 code is expected).
    pub country: Option<String>,
    /// A business or a public authority: for the buyer this decides the
    /// payment periods the late-payment directive allows.
    pub kind: Debtor,
}

/// What a party is to the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// The seller of the goods or services.
    Supplier,
    /// The buyer.
    Buyer,
    /// Anyone else named in the contract (a guarantor, an agent).
    Other,
}

impl fmt::Display for PartyRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PartyRole::Supplier => "supplier",
            PartyRole::Buyer => "buyer",
            PartyRole::Other => "other",
        })
    }
}

/// The business calendar of a contract.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessDays {
    /// Which days are business days.
    pub calendar: Calendar,
    /// How a payment date on a non-business day moves.
    pub roll: Roll,
}

impl Contract {
    /// The buyer: the party who pays (a valid contract has exactly one).
    pub fn buyer(&self) -> Option<&Party> {
        self.parties.iter().find(|p| p.role == PartyRole::Buyer)
    }

    /// Whether the buyer is a business or a public authority.
    pub fn debtor(&self) -> Debtor {
        self.buyer().map_or(Debtor::Business, |buyer| buyer.kind)
    }
}

/// The initial term: from `start` to `end`, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The first day of the contract.
    #[serde(serialize_with = "wire::date::serialize")]
    pub start: Date,
    /// The length the file gives, if it gives one instead of an end date.
    pub duration: Option<Span>,
    /// The last day of the initial term.
    #[serde(serialize_with = "wire::date::serialize")]
    pub end: Date,
}

/// How the contract continues after a term ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Renewal {
    /// The contract ends with its initial term.
    None,
    /// The contract renews for `period` unless a party gives `notice`
    /// before the current term ends.
    Auto {
        /// The length of each renewal term.
        period: Span,
        /// How long before a term's end notice must be given to stop the
        /// renewal.
        notice: Span,
        /// How many times it renews at most; unlimited when absent.
        max_renewals: Option<u32>,
    },
}

/// Where the seller delivers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// The Incoterms 2020 rule.
    pub incoterm: Incoterm,
    /// The named place (or port) of the rule.
    pub place: String,
}

/// A recurring charge: `amount` invoiced on `first_invoice` and every
/// `every` after it, for as long as the contract runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Billing {
    /// The date of the first invoice.
    #[serde(serialize_with = "wire::date::serialize")]
    pub first_invoice: Date,
    /// The interval between invoices.
    pub every: Span,
    /// The amount of each invoice.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
}

/// One invoice listed in the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Invoice {
    /// Its reference (`invoice N` when the file gives none).
    pub reference: String,
    /// Its date, from which payment terms run.
    #[serde(serialize_with = "wire::date::serialize")]
    pub date: Date,
    /// Its amount.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
}
