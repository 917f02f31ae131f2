//! What can be wrong with payment terms and their schedules.

use b2b_core::{CoreError, Currency, Percent};
use rust_decimal::Decimal;
use time::Date;

use crate::calendar::CalendarError;

/// A rule that payment terms break, whatever form they were written in.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// Terms without any instalment.
    #[error("there is no instalment")]
    NoInstalments,
    /// Instalment shares that do not add up to exactly 100 %.
    #[error("the instalment shares add up to {total}, not 100%")]
    SharesDoNotAddUp {
        /// Their sum.
        total: Percent,
    },
    /// A share not above 0 % and at most 100 %.
    #[error("instalment {instalment}: the share {share} is not above 0% and at most 100%")]
    ShareOutOfRange {
        /// Which instalment, from 1.
        instalment: usize,
        /// The share.
        share: Percent,
    },
    /// Several instalments where one has no share.
    #[error(
        "instalment {instalment} has no share: with several instalments each needs one, such as \"30% CWO, 70% net 30\""
    )]
    MissingShare {
        /// Which instalment, from 1.
        instalment: usize,
    },
    /// A discount not strictly between 0 % and 100 %.
    #[error("the discount {percent} is not above 0% and below 100%")]
    DiscountPercentOutOfRange {
        /// The discount.
        percent: Percent,
    },
    /// A discount period that does not end before the net period.
    #[error(
        "the discount period ({discount_days} days) must be shorter than the net period ({net_days} days)"
    )]
    DiscountNotBeforeNet {
        /// Days of the discount period.
        discount_days: u32,
        /// Days of the net period.
        net_days: u32,
    },
    /// `N EOM` with N outside 1 to 31.
    #[error("the day of the month {} is not 1 to 31", b2b_core::excerpt(.day))]
    DayOfMonthOutOfRange {
        /// The day, as written (a number of any length).
        day: String,
    },
    /// More days than [`MAX_DAYS`](super::MAX_DAYS).
    #[error(
        "{} days is more than the {} days a term may state",
        b2b_core::excerpt(.days),
        super::MAX_DAYS
    )]
    TooManyDays {
        /// The days, as written (a number of any length).
        days: String,
    },
}

/// Payment terms that cannot be read or break a rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TermsError {
    /// The notation stops making sense at some character.
    #[error("payment terms {:?}: at character {column}, expected {expected}, found {found}", b2b_core::excerpt(.text))]
    Syntax {
        /// The text as given.
        text: String,
        /// Where parsing stopped, counting characters from 1.
        column: usize,
        /// The same place as a byte offset from 0.
        byte: usize,
        /// What could come next.
        expected: String,
        /// What came instead (quoted), or `end of text`.
        found: String,
    },
    /// A well-formed notation that breaks a rule.
    #[error("payment terms {:?}: {problem}", b2b_core::excerpt(.text))]
    Invalid {
        /// The text as given.
        text: String,
        /// The rule.
        problem: Problem,
    },
    /// Terms built from parts (or the structured form) that break a rule.
    #[error("payment terms: {0}")]
    Rule(Problem),
    /// A structured form with a field missing, extra or inconsistent.
    #[error("payment terms: instalment {instalment}: {message}")]
    Form {
        /// Which instalment, from 1.
        instalment: usize,
        /// What is wrong.
        message: String,
    },
}

/// Why a schedule or a settlement cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentError {
    /// A negative invoice amount (a credit note has no payment terms).
    #[error("the invoice amount {amount} {currency} is negative")]
    NegativeAmount {
        /// The amount.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
    },
    /// An invoice amount with more decimals than its currency's minor unit.
    #[error(
        "the invoice amount {amount} {currency} has more decimals than {currency}'s {minor_units}; round it first"
    )]
    AmountNotInMinorUnits {
        /// The amount.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
        /// The currency's minor units.
        minor_units: u32,
    },
    /// A due date beyond what dates can hold.
    #[error("{days} days after {from} is beyond the supported dates")]
    DateOutOfRange {
        /// The start of the period.
        from: Date,
        /// The days added.
        days: u32,
    },
    /// A payment dated before the invoice.
    #[error("the payment date {paid} is before the invoice date {invoice_date}")]
    PaidBeforeInvoice {
        /// The payment date.
        paid: Date,
        /// The invoice date.
        invoice_date: Date,
    },
    /// The business calendar cannot roll a date.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// Arithmetic on the amounts failed.
    #[error(transparent)]
    Money(#[from] CoreError),
}
