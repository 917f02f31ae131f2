//! The schedule of a contract: its terms, the last days to give notice, and
//! the invoices, in date order up to a horizon.

use super::{Contract, ContractError, Renewal, Span};
use serde::Serialize;
use time::Date;

/// How many automatic renewals the schedule shows when the contract renews
/// without limit and no horizon is given.
const DEFAULT_RENEWALS_SHOWN: u32 = 2;

/// The key dates of a contract up to a horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The last day the schedule covers.
    pub until: Date,
    /// Why the schedule stops there.
    pub until_reason: String,
    /// The terms that start on or before `until`: the initial term (number
    /// 0) and the renewals (1, 2, ...).
    pub terms: Vec<TermPeriod>,
    /// Every dated event, in date order (ties in the order of the terms).
    pub events: Vec<Event>,
}

/// One term of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TermPeriod {
    /// 0 for the initial term, `n` for the n-th renewal.
    pub number: u32,
    /// Its first day.
    pub start: Date,
    /// Its last day.
    pub end: Date,
    /// Whether another term follows unless notice is given.
    pub renews: bool,
    /// The last day on which notice stops the renewal at this term's end.
    pub notice_by: Option<Date>,
}

/// A dated event of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// When.
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
}

impl EventKind {
    fn order_in_day(self) -> u8 {
        match self {
            EventKind::Start | EventKind::RenewalStart => 0,
            EventKind::Invoice => 1,
            EventKind::NoticeDeadline => 2,
            EventKind::TermEnd | EventKind::ContractEnd => 3,
        }
    }
}

impl Contract {
    /// The schedule up to `until`, or by default to the end of the
    /// contract (or, when it renews without limit, to the end of its
    /// second renewal).
    pub fn schedule(&self, until: Option<Date>) -> Result<Schedule, ContractError> {
        let (until, until_reason) = match until {
            Some(until) => (until, "as asked".to_owned()),
            None => self.default_horizon()?,
        };
        let terms = self.terms_until(until)?;
        let mut events = Vec::new();
        self.term_events(&terms, until, &mut events);
        self.invoice_events(&terms, until, &mut events)?;
        // On one day: what starts, then what happens during the day, then
        // what ends.
        events.sort_by_key(|event| (event.date, event.kind.order_in_day()));
        Ok(Schedule {
            until,
            until_reason,
            terms,
            events,
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
            term = self.next_term(&term)?.unwrap_or(term);
            if !term.renews && term.number < number {
                break;
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
        Ok(TermPeriod {
            number,
            start,
            end,
            renews,
            notice_by,
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

    fn invoice_events(
        &self,
        terms: &[TermPeriod],
        until: Date,
        events: &mut Vec<Event>,
    ) -> Result<(), ContractError> {
        let contract_end = terms.last().filter(|t| !t.renews).map(|t| t.end);
        let horizon = contract_end.map_or(until, |end| end.min(until));
        if let Some(billing) = &self.billing {
            for date in recurring(billing.first_invoice, billing.every, horizon)? {
                events.push(Event {
                    date,
                    kind: EventKind::Invoice,
                    term: term_of(terms, date),
                    description: format!("invoice of {} (every {})", billing.amount, billing.every),
                });
            }
        }
        for invoice in &self.invoices {
            if invoice.date <= until {
                events.push(Event {
                    date: invoice.date,
                    kind: EventKind::Invoice,
                    term: term_of(terms, invoice.date),
                    description: format!("{} of {}", invoice.reference, invoice.amount),
                });
            }
        }
        Ok(())
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
