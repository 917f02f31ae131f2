//! The schedule of a contract: its terms, the last days to give notice, and
//! the invoices, in date order up to a horizon.

use super::{Contract, ContractError, Renewal, Span};
use crate::calendar::Roll;
use crate::payment::limits::{self, LimitWarning};
use b2b_core::{Money, Percent, wire};
use serde::Serialize;
use time::Date;

/// How many automatic renewals the schedule shows when the contract renews
/// without limit and no horizon is given.
const DEFAULT_RENEWALS_SHOWN: u32 = 2;

/// The key dates of a contract up to a horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Schedule {
    /// The last day the schedule covers.
    #[serde(serialize_with = "wire::date::serialize")]
    pub until: Date,
    /// Why the schedule stops there.
    pub until_reason: String,
    /// The terms that start on or before `until`: the initial term (number
    /// 0) and the renewals (1, 2, ...).
    pub terms: Vec<TermPeriod>,
    /// Every dated event, in date order.
    pub events: Vec<Event>,
    /// The payments of the invoices issued up to `until`, under the
    /// contract's payment terms (some may fall due after `until`).
    pub payments: Vec<Payment>,
    /// Payment periods beyond what the late-payment directive allows.
    pub warnings: Vec<LimitWarning>,
}

/// One payment (an instalment of an invoice) under the payment terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Payment {
    /// The invoice it pays.
    pub invoice: String,
    /// The invoice's date.
    #[serde(serialize_with = "wire::date::serialize")]
    pub invoice_date: Date,
    /// Its share of the invoice.
    pub share: Percent,
    /// The amount due.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
    /// The instalment's rule, canonically (`net 30`, `CWO`).
    pub terms: String,
    /// The due date, after the business-day roll.
    #[serde(serialize_with = "wire::date::serialize")]
    pub due: Date,
    /// The last day of the early-payment discount, if any.
    #[serde(serialize_with = "wire::date::option::serialize")]
    pub discount_until: Option<Date>,
    /// What is payable by that day.
    #[serde(serialize_with = "wire::money::option::serialize")]
    pub discount_payable: Option<Money>,
}

/// One term of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TermPeriod {
    /// 0 for the initial term, `n` for the n-th renewal.
    pub number: u32,
    /// Its first day.
    #[serde(serialize_with = "wire::date::serialize")]
    pub start: Date,
    /// Its last day.
    #[serde(serialize_with = "wire::date::serialize")]
    pub end: Date,
    /// Whether another term follows unless notice is given.
    pub renews: bool,
    /// The last day on which notice stops the renewal at this term's end.
    #[serde(serialize_with = "wire::date::option::serialize")]
    pub notice_by: Option<Date>,
    /// With a business calendar: the last business day on or before
    /// `notice_by`, to be safe where a notice must reach the other party on
    /// a business day.
    #[serde(serialize_with = "wire::date::option::serialize")]
    pub notice_by_business_day: Option<Date>,
}

/// A dated event of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// When.
    #[serde(serialize_with = "wire::date::serialize")]
    pub date: Date,
    /// What.
    pub kind: EventKind,
    /// The term it belongs to, where it belongs to one.
    pub term: Option<u32>,
    /// A sentence saying what happens.
    pub description: String,
}

/// The kinds of [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EventKind {
    /// The contract starts.
    Start,
    /// The last day on which notice stops the next renewal.
    NoticeDeadline,
    /// A term ends (and the next begins the following day, unless it is the
    /// end of the contract).
    TermEnd,
    /// A renewal term starts.
    RenewalStart,
    /// The contract ends for good.
    ContractEnd,
    /// An invoice is issued.
    Invoice,
    /// The last day to pay with the early-payment discount.
    DiscountDeadline,
    /// A payment falls due.
    PaymentDue,
}

impl EventKind {
    fn order_in_day(self) -> u8 {
        match self {
            EventKind::Start | EventKind::RenewalStart => 0,
            EventKind::Invoice | EventKind::DiscountDeadline | EventKind::PaymentDue => 1,
            EventKind::NoticeDeadline => 2,
            EventKind::TermEnd | EventKind::ContractEnd => 3,
        }
    }
}

impl Contract {
    /// The schedule up to `until`, or by default to the end of the
    /// contract (or, when it renews without limit, to the end of its
    /// second renewal).
    ///
    /// # Errors
    ///
    /// [`ContractError::Invalid`], naming the field whose rule cannot be
    /// applied: `renewal.notice`, `renewal.period` or `billing.every` when a
    /// date would leave the supported years; `business_days.calendar` when
    /// the calendar cannot move a notice deadline to a business day (a year
    /// its rules do not cover); `payment_terms` when the payment terms
    /// refuse an invoice (its amount, or a due date outside the supported or
    /// the calendar's years).
    pub fn schedule(&self, until: Option<Date>) -> Result<Schedule, ContractError> {
        let (until, until_reason) = match until {
            Some(until) => (until, "as asked".to_owned()),
            None => self.default_horizon()?,
        };
        let terms = self.terms_until(until)?;
        let mut events = Vec::new();
        self.term_events(&terms, until, &mut events);
        let invoices = self.invoices_until(&terms, until)?;
        let payments = self.payments(&invoices)?;
        let warnings = self.limit_warnings(&invoices)?;
        events.extend(invoices.iter().map(|invoice| Event {
            date: invoice.date,
            kind: EventKind::Invoice,
            term: term_of(&terms, invoice.date),
            description: invoice.description.clone(),
        }));
        events.extend(
            payments
                .iter()
                .flat_map(|payment| payment_events(payment, &terms)),
        );
        // On one day: what starts, then what happens during the day, then
        // what ends.
        events.sort_by_key(|event| (event.date, event.kind.order_in_day()));
        Ok(Schedule {
            until,
            until_reason,
            terms,
            events,
            payments,
            warnings,
        })
    }

    fn default_horizon(&self) -> Result<(Date, String), ContractError> {
        match self.renewal {
            Renewal::None => Ok((self.term.end, "the end of the contract".to_owned())),
            Renewal::Auto {
                max_renewals: Some(max),
                ..
            } => {
                let last = self.nth_term(max)?;
                Ok((last.end, format!("the end of the last renewal ({max})")))
            }
            Renewal::Auto {
                max_renewals: None, ..
            } => {
                let shown = self.nth_term(DEFAULT_RENEWALS_SHOWN)?;
                Ok((
                    shown.end,
                    format!(
                        "the end of renewal {DEFAULT_RENEWALS_SHOWN}: the contract renews without limit (pass a date to see further)"
                    ),
                ))
            }
        }
    }

    /// Term `number` (0 = initial), assuming no notice is given.
    fn nth_term(&self, number: u32) -> Result<TermPeriod, ContractError> {
        let mut term = self.initial_term()?;
        while term.number < number {
            match self.next_term(&term)? {
                Some(next) => term = next,
                // The contract ends before term `number`: its last term.
                None => break,
            }
        }
        Ok(term)
    }

    fn initial_term(&self) -> Result<TermPeriod, ContractError> {
        self.term_period(0, self.term.start, self.term.end)
    }

    fn term_period(
        &self,
        number: u32,
        start: Date,
        end: Date,
    ) -> Result<TermPeriod, ContractError> {
        let (renews, notice_by) = match self.renewal {
            Renewal::None => (false, None),
            Renewal::Auto {
                notice,
                max_renewals,
                ..
            } => {
                let renews = max_renewals.is_none_or(|max| number < max);
                let notice_by = if renews {
                    Some(span_error("renewal.notice", notice.last_notice_day(end))?)
                } else {
                    None
                };
                (renews, notice_by)
            }
        };
        let notice_by_business_day = match (notice_by, &self.business_days) {
            (Some(day), Some(business)) => {
                Some(business.calendar.roll(day, Roll::Preceding).map_err(|e| {
                    ContractError::Invalid {
                        at: super::At(None),
                        field: "business_days.calendar".to_owned(),
                        message: e.to_string(),
                    }
                })?)
            }
            _ => None,
        };
        Ok(TermPeriod {
            number,
            start,
            end,
            renews,
            notice_by,
            notice_by_business_day,
        })
    }

    /// The term after `term`, if it renews.
    fn next_term(&self, term: &TermPeriod) -> Result<Option<TermPeriod>, ContractError> {
        let Renewal::Auto { period, .. } = self.renewal else {
            return Ok(None);
        };
        if !term.renews {
            return Ok(None);
        }
        let start = term
            .end
            .next_day()
            .ok_or_else(|| out_of_range("renewal.period", term.end))?;
        let end = span_error("renewal.period", period.last_day_from(start))?;
        self.term_period(term.number + 1, start, end).map(Some)
    }

    fn terms_until(&self, until: Date) -> Result<Vec<TermPeriod>, ContractError> {
        let mut terms = vec![self.initial_term()?];
        while let Some(last) = terms.last() {
            match self.next_term(last)? {
                Some(next) if next.start <= until => terms.push(next),
                _ => break,
            }
        }
        Ok(terms)
    }

    fn term_events(&self, terms: &[TermPeriod], until: Date, events: &mut Vec<Event>) {
        let mut push = |date: Date, kind: EventKind, term: u32, description: String| {
            if date <= until {
                events.push(Event {
                    date,
                    kind,
                    term: Some(term),
                    description,
                });
            }
        };
        push(
            self.term.start,
            EventKind::Start,
            0,
            format!("contract {} starts", self.id),
        );
        for term in terms {
            if term.number > 0 {
                push(
                    term.start,
                    EventKind::RenewalStart,
                    term.number,
                    format!("renewal {} starts (until {})", term.number, term.end),
                );
            }
            if let Some(notice_by) = term.notice_by {
                push(
                    notice_by,
                    EventKind::NoticeDeadline,
                    term.number,
                    format!(
                        "last day to give notice so that the contract ends on {} instead of renewing",
                        term.end
                    ),
                );
            }
            if term.renews {
                push(
                    term.end,
                    EventKind::TermEnd,
                    term.number,
                    format!(
                        "{} ends; renews the next day unless notice was given",
                        term_name(term.number)
                    ),
                );
            } else {
                push(
                    term.end,
                    EventKind::ContractEnd,
                    term.number,
                    format!("{} ends and with it the contract", term_name(term.number)),
                );
            }
        }
    }

    /// The invoices issued up to `until` (and not after the contract's end),
    /// recurring and listed, in date order.
    fn invoices_until(
        &self,
        terms: &[TermPeriod],
        until: Date,
    ) -> Result<Vec<IssuedInvoice>, ContractError> {
        let contract_end = terms.last().filter(|t| !t.renews).map(|t| t.end);
        let horizon = contract_end.map_or(until, |end| end.min(until));
        let mut invoices = Vec::new();
        if let Some(billing) = &self.billing {
            for (n, date) in recurring(billing.first_invoice, billing.every, horizon)?
                .into_iter()
                .enumerate()
            {
                invoices.push(IssuedInvoice {
                    reference: format!("billing {}", n + 1),
                    date,
                    amount: billing.amount,
                    description: format!(
                        "invoice of {} (billing {}, every {})",
                        billing.amount,
                        n + 1,
                        billing.every
                    ),
                });
            }
        }
        for invoice in self.invoices.iter().filter(|invoice| invoice.date <= until) {
            invoices.push(IssuedInvoice {
                reference: invoice.reference.clone(),
                date: invoice.date,
                amount: invoice.amount,
                description: format!("{} of {}", invoice.reference, invoice.amount),
            });
        }
        invoices.sort_by_key(|invoice| invoice.date);
        Ok(invoices)
    }

    /// Every instalment of every invoice under the payment terms.
    fn payments(&self, invoices: &[IssuedInvoice]) -> Result<Vec<Payment>, ContractError> {
        let Some(payment_terms) = &self.payment_terms else {
            return Ok(Vec::new());
        };
        let business_days = self.business_days.as_ref().map(|b| (&b.calendar, b.roll));
        let mut payments = Vec::new();
        for invoice in invoices {
            let schedule = payment_terms
                .schedule(invoice.date, invoice.amount, business_days)
                .map_err(|e| payment_error(&invoice.reference, e))?;
            payments.extend(schedule.instalments.into_iter().map(|instalment| Payment {
                invoice: invoice.reference.clone(),
                invoice_date: invoice.date,
                share: instalment.share,
                amount: instalment.amount,
                terms: instalment.rule.to_string(),
                due: instalment.due,
                discount_until: instalment.discount.as_ref().map(|d| d.until),
                discount_payable: instalment.discount.as_ref().map(|d| d.payable),
            }));
        }
        Ok(payments)
    }

    /// The directive's limits checked for every invoice: the longest period
    /// beyond each limit.
    fn limit_warnings(
        &self,
        invoices: &[IssuedInvoice],
    ) -> Result<Vec<LimitWarning>, ContractError> {
        let Some(payment_terms) = &self.payment_terms else {
            return Ok(Vec::new());
        };
        // Without invoices, the terms are checked as if invoiced on the
        // first day of the contract.
        let dates: Vec<(String, Date)> = if invoices.is_empty() {
            vec![("the contract start".to_owned(), self.term.start)]
        } else {
            invoices
                .iter()
                .map(|i| (i.reference.clone(), i.date))
                .collect()
        };
        let mut worst: Vec<LimitWarning> = Vec::new();
        for (reference, date) in dates {
            let found = limits::check(payment_terms, date, self.debtor())
                .map_err(|e| payment_error(&reference, e))?;
            for warning in found {
                match worst.iter_mut().find(|w| w.code == warning.code) {
                    Some(kept) if kept.days >= warning.days => {}
                    Some(kept) => *kept = warning,
                    None => worst.push(warning),
                }
            }
        }
        Ok(worst)
    }
}

/// An invoice the schedule lists.
struct IssuedInvoice {
    reference: String,
    date: Date,
    amount: Money,
    description: String,
}

fn payment_events(payment: &Payment, terms: &[TermPeriod]) -> Vec<Event> {
    let mut events = Vec::with_capacity(2);
    if let (Some(until), Some(payable)) = (payment.discount_until, payment.discount_payable) {
        events.push(Event {
            date: until,
            kind: EventKind::DiscountDeadline,
            term: term_of(terms, until),
            description: format!(
                "last day to pay {} of {} with the discount ({} instead of {})",
                payment.terms, payment.invoice, payable, payment.amount
            ),
        });
    }
    events.push(Event {
        date: payment.due,
        kind: EventKind::PaymentDue,
        term: term_of(terms, payment.due),
        description: format!(
            "{} ({} of {}, {}) due",
            payment.amount, payment.share, payment.invoice, payment.terms
        ),
    });
    events
}

fn payment_error(reference: &str, error: crate::payment::PaymentError) -> ContractError {
    ContractError::Invalid {
        at: super::At(None),
        field: "payment_terms".to_owned(),
        message: format!("{reference}: {error}"),
    }
}

/// `first` and every `every` after it, up to and including `last`. Each
/// date is counted from `first`, not from the date before, so monthly
/// invoices from 31 January fall on 28 February and then 31 March.
fn recurring(first: Date, every: Span, last: Date) -> Result<Vec<Date>, ContractError> {
    let mut dates = Vec::new();
    for times in 0.. {
        let date = span_error("billing.every", every.times_after(first, times))?;
        if date > last {
            break;
        }
        dates.push(date);
    }
    Ok(dates)
}

fn term_of(terms: &[TermPeriod], date: Date) -> Option<u32> {
    terms
        .iter()
        .find(|term| term.start <= date && date <= term.end)
        .map(|term| term.number)
}

fn term_name(number: u32) -> String {
    if number == 0 {
        "the initial term".to_owned()
    } else {
        format!("renewal {number}")
    }
}

fn span_error<T>(field: &str, result: Result<T, super::SpanError>) -> Result<T, ContractError> {
    result.map_err(|e| ContractError::Invalid {
        at: super::At(None),
        field: field.to_owned(),
        message: e.to_string(),
    })
}

fn out_of_range(field: &str, date: Date) -> ContractError {
    ContractError::Invalid {
        at: super::At(None),
        field: field.to_owned(),
        message: format!("the schedule goes beyond the supported dates after {date}"),
    }
}
