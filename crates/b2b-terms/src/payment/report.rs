//! The due-date report of one invoice under payment terms: due dates, the
//! discount and what forgoing it costs, the amount payable on a payment
//! date, instalments and the late-payment directive's warnings. It is the
//! JSON report of `b2b terms due` and of the HTTP API's
//! `/v1/compute/terms/due` (fields in docs/payment-terms.md, shapes in
//! docs/wire-format.md).

use b2b_core::{Currency, Decimal, Money, Percent, Rounding, wire};
use serde::Serialize;
use time::Date;

use super::limits::{self, Debtor};
use super::{DatedDiscount, PaymentError, PaymentTerms, Schedule, Settlement};
use crate::calendar::{Calendar, CalendarError, Roll};

/// Places annual rates are shown with, rounded half-even.
const RATE_PLACES: u32 = 2;

/// The validated question: terms, an invoice and optionally its amount, a
/// payment date and a business calendar.
#[derive(Debug, Clone)]
pub struct DueQuery {
    /// The payment terms.
    pub terms: PaymentTerms,
    /// The invoice date.
    pub invoice_date: Date,
    /// The invoice amount; without it only dates are reported.
    pub amount: Option<Money>,
    /// The date everything outstanding was paid (needs `amount`).
    pub paid: Option<Date>,
    /// Business days and the roll convention for dates that fall outside.
    pub calendar: Option<(Calendar, Roll)>,
    /// Who pays, for the directive's limits.
    pub debtor: Debtor,
}

/// The input a [`DueError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueField {
    /// The invoice amount.
    Amount,
    /// The business calendar.
    Calendar,
    /// The invoice date (and the dates the terms derive from it).
    InvoiceDate,
    /// The payment date.
    Paid,
}

/// Why a due report cannot be computed.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct DueError {
    /// The input at fault.
    pub field: DueField,
    /// What is wrong with it.
    pub error: PaymentError,
}

/// The due report (JSON fields documented in docs/payment-terms.md).
#[derive(Debug, Clone, Serialize)]
pub struct DueReport {
    /// The terms, in canonical form.
    pub terms: String,
    /// The invoice date.
    pub invoice_date: Date,
    /// The last day to pay, after rolling.
    pub due_date: Date,
    /// The due date before rolling (with a calendar only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed_due_date: Option<Date>,
    /// The invoice amount, rounded to minor units.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::money::option::serialize"
    )]
    pub amount: Option<Money>,
    /// The rounding of amounts (with an amount only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// The discount of single-instalment terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<DiscountReport>,
    /// The payment date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid: Option<Date>,
    /// The amount payable on the payment date.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::money::option::serialize"
    )]
    pub payable: Option<Money>,
    /// Whether a discount was taken on the payment date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_taken: Option<bool>,
    /// Whether the payment was late.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late: Option<bool>,
    /// Days after the due date the payment came (0 when on time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_late: Option<i64>,
    /// The instalments of terms with more than one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instalments: Option<Vec<InstalmentReport>>,
    /// The calendar's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// The roll convention (with a calendar only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roll: Option<Roll>,
    /// Who pays.
    pub debtor: Debtor,
    /// Calendar days from the invoice to the agreed due date.
    pub period_days: i64,
    /// The directive's warnings.
    pub warnings: Vec<WarningReport>,
}

/// A discount of the report.
#[derive(Debug, Clone, Serialize)]
pub struct DiscountReport {
    /// The discount, in percent.
    #[serde(serialize_with = "wire::percent::serialize")]
    pub percent: Decimal,
    /// The last day to take it.
    pub until: Date,
    /// The discount's amount.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::money::option::serialize"
    )]
    pub amount: Option<Money>,
    /// What is payable with the discount.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::money::option::serialize"
    )]
    pub payable: Option<Money>,
    /// Forgoing the discount as a simple annual rate, 2 places.
    #[serde(serialize_with = "wire::percent::option::serialize")]
    pub annual_rate_simple: Option<Decimal>,
    /// Forgoing the discount as a compound annual rate, 2 places.
    #[serde(serialize_with = "wire::percent::option::serialize")]
    pub annual_rate_compound: Option<Decimal>,
}

/// One instalment of the report.
#[derive(Debug, Clone, Serialize)]
pub struct InstalmentReport {
    /// Its share of the invoice, in percent.
    #[serde(serialize_with = "wire::percent::serialize")]
    pub share: Decimal,
    /// Its own terms.
    pub terms: String,
    /// Its due date.
    pub due_date: Date,
    /// Its amount.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::money::option::serialize"
    )]
    pub amount: Option<Money>,
    /// Its discount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount: Option<DiscountReport>,
    /// What is payable of it on the payment date.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "wire::money::option::serialize"
    )]
    pub payable: Option<Money>,
    /// Whether its discount was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_taken: Option<bool>,
    /// Days it was paid late.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_late: Option<i64>,
}

/// A warning of the directive's limits.
#[derive(Debug, Clone, Serialize)]
pub struct WarningReport {
    /// The warning's code.
    pub code: &'static str,
    /// What it means for these terms.
    pub message: String,
}

/// A business calendar from a specification such as `SE`, `DE-BY+TARGET`
/// or `SE+closing-days.txt`: the calendars named by code
/// ([`Calendar::by_code`]) joined by `+`, and united. A part that is no
/// code goes to `other` with the error naming the unknown code: a holiday
/// list the caller reads (the library does no I/O), or a refusal.
///
/// # Errors
///
/// What `other` returns.
pub fn calendar_from_spec<E>(
    spec: &str,
    mut other: impl FnMut(&str, CalendarError) -> Result<Calendar, E>,
) -> Result<Calendar, E> {
    let mut one = |part: &str| Calendar::by_code(part).or_else(|unknown| other(part, unknown));
    let mut parts = spec.split('+');
    // `split` yields at least one part, the whole text when it has no `+`.
    let mut combined = one(parts.next().unwrap_or(spec))?;
    for part in parts {
        combined = combined.union(&one(part)?);
    }
    Ok(combined)
}

impl DueReport {
    /// Computes the report of `query`.
    ///
    /// # Errors
    ///
    /// [`DueError`] naming the input at fault: a date the terms or the
    /// calendar cannot give ([`DueField::InvoiceDate`],
    /// [`DueField::Calendar`]), an amount that is negative or not in minor
    /// units ([`DueField::Amount`]), a payment before the invoice
    /// ([`DueField::Paid`]).
    pub fn compute(query: &DueQuery) -> Result<DueReport, DueError> {
        let at = |field: DueField| move |error: PaymentError| DueError { field, error };
        // Without an amount the dates are still wanted: date a zero amount
        // and leave amounts out of the report.
        let amount = query.amount.unwrap_or_else(|| Money::zero(Currency::EUR));
        let business_days = query
            .calendar
            .as_ref()
            .map(|(calendar, roll)| (calendar, *roll));
        let schedule = query
            .terms
            .schedule(query.invoice_date, amount, business_days)
            .map_err(|error| DueError {
                field: schedule_field(&error),
                error,
            })?;
        let settlement = query
            .paid
            .map(|paid| schedule.settle(paid))
            .transpose()
            .map_err(at(DueField::Paid))?;
        let warnings = limits::check(&query.terms, query.invoice_date, query.debtor)
            .map_err(at(DueField::InvoiceDate))?;
        let with_amount = query.amount.is_some();
        let single = query.terms.is_single();
        let instalments =
            (!single).then(|| instalment_reports(&schedule, settlement.as_ref(), with_amount));
        let discount = if single {
            schedule.instalments[0]
                .discount
                .as_ref()
                .map(|d| discount_report(d, with_amount))
        } else {
            None
        };
        let rolled = query.calendar.is_some();
        Ok(DueReport {
            terms: query.terms.to_string(),
            invoice_date: query.invoice_date,
            due_date: schedule.due_date(),
            agreed_due_date: rolled.then(|| schedule.agreed_due_date()),
            amount: query.amount.map(|m| m.round(schedule.rounding)),
            rounding: with_amount.then_some(schedule.rounding),
            discount,
            paid: settlement.as_ref().map(|s| s.paid),
            payable: settlement.as_ref().map(|s| s.payable),
            discount_taken: settlement.as_ref().map(|s| s.discount_taken),
            late: settlement.as_ref().map(|s| s.days_late > 0),
            days_late: settlement.as_ref().map(|s| s.days_late),
            instalments,
            calendar: schedule.calendar.clone(),
            roll: rolled.then_some(schedule.roll),
            debtor: query.debtor,
            period_days: limits::period_days(&query.terms, query.invoice_date)
                .map_err(at(DueField::InvoiceDate))?,
            warnings: warnings
                .into_iter()
                .map(|w| WarningReport {
                    code: w.code,
                    message: w.message,
                })
                .collect(),
        })
    }
}

/// The input a schedule error is about.
fn schedule_field(error: &PaymentError) -> DueField {
    match error {
        PaymentError::NegativeAmount { .. } | PaymentError::AmountNotInMinorUnits { .. } => {
            DueField::Amount
        }
        PaymentError::Calendar(_) => DueField::Calendar,
        _ => DueField::InvoiceDate,
    }
}

fn rate(percent: Option<Percent>) -> Option<Decimal> {
    percent.map(|p| Rounding::HalfEven.round_dp(p.value(), RATE_PLACES))
}

fn discount_report(discount: &DatedDiscount, with_amount: bool) -> DiscountReport {
    DiscountReport {
        percent: discount.percent.value(),
        until: discount.until,
        amount: with_amount.then_some(discount.amount),
        payable: with_amount.then_some(discount.payable),
        annual_rate_simple: rate(discount.annual_rate_simple),
        annual_rate_compound: rate(discount.annual_rate_compound),
    }
}

fn instalment_reports(
    schedule: &Schedule,
    settlement: Option<&Settlement>,
    with_amount: bool,
) -> Vec<InstalmentReport> {
    schedule
        .instalments
        .iter()
        .enumerate()
        .map(|(index, instalment)| {
            let settled = settlement.and_then(|s| s.instalments.get(index));
            InstalmentReport {
                share: instalment.share.value(),
                terms: instalment.rule.to_string(),
                due_date: instalment.due,
                amount: with_amount.then_some(instalment.amount),
                discount: instalment
                    .discount
                    .as_ref()
                    .map(|d| discount_report(d, with_amount)),
                payable: settled.map(|s| s.payable),
                discount_taken: settled.map(|s| s.discount_taken),
                days_late: settled.map(|s| s.days_late),
            }
        })
        .collect()
}
