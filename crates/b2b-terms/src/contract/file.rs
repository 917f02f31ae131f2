//! Reading a contract file (TOML or JSON, one schema) into a [`Contract`].
//!
//! Syntax errors carry the line and column; a value that is well-formed but
//! wrong (a term that ends before it starts, a notice longer than the term)
//! names its field, such as `renewal.notice`.

use super::{
    Billing, BusinessDays, Contract, Delivery, Invoice, Party, PartyRole, Renewal, Span, Term,
};
use crate::Debtor;
use crate::calendar::{Calendar, Holiday, Roll};
use crate::incoterms::Incoterm;
use crate::payment::PaymentTerms;
use crate::penalty::PenaltyTerms;
use crate::sla::ServiceLevels;
use crate::tiers::PriceSchedule;
use b2b_core::{Currency, Decimal, Money};
use serde::Deserialize;
use time::Date;

/// The syntax of a contract file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractFormat {
    /// TOML.
    Toml,
    /// JSON, same schema as TOML.
    Json,
}

/// What is wrong with a contract file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContractError {
    /// The file is not valid TOML/JSON, or a value has the wrong type or
    /// form (an unknown field, a date that does not exist).
    #[error("{at}{message}")]
    Syntax {
        /// Line and column, when the parser knows them.
        at: At,
        /// The parser's message.
        message: String,
    },
    /// A value is well-formed but wrong for a contract.
    #[error("{at}{field}: {message}")]
    Invalid {
        /// Where the field is written (TOML files), when it is.
        at: At,
        /// The field, as a dotted path (`renewal.notice`, `parties[1].role`).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The contract lacks the section a computation needs.
    #[error("the contract has no {section} section")]
    Missing {
        /// The section, as named in the file.
        section: &'static str,
    },
    /// A service credit needs the month's charge, and the contract has no
    /// monthly billing to take it from.
    #[error("the month's charge is needed: the contract has no monthly [billing] to take it from")]
    NoMonthlyCharge,
    /// A computation under one of the contract's terms refused its input.
    #[error("{section}: {message}")]
    Terms {
        /// The section whose terms were applied.
        section: &'static str,
        /// What is wrong.
        message: String,
    },
}

pub use b2b_core::At;

fn invalid(field: impl Into<String>, message: impl Into<String>) -> ContractError {
    ContractError::Invalid {
        at: At(None),
        field: field.into(),
        message: message.into(),
    }
}

impl Contract {
    /// Reads a contract from the text of a TOML or JSON file.
    ///
    /// ```
    /// use b2b_terms::contract::{Contract, ContractFormat};
    ///
    /// let text = r#"
    ///     id = "C-1"
    ///     currency = "EUR"
    ///     parties = [
    ///         { role = "supplier", name = "Nordlift AB" },
    ///         { role = "buyer", name = "Rhein Logistik GmbH" },
    ///     ]
    ///     [term]
    ///     start = 2026-01-01
    ///     duration = "24 months"
    /// "#;
    /// let contract = Contract::parse(text, ContractFormat::Toml)?;
    /// assert_eq!(contract.term.end.to_string(), "2027-12-31");
    /// # Ok::<(), b2b_terms::contract::ContractError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ContractError::Syntax`], with the line and column when known, for
    /// text that is not TOML or JSON of the contract schema (an unknown
    /// field, a value of the wrong type or form, a date that does not
    /// exist); [`ContractError::Invalid`], naming the field (and in TOML
    /// where it is written), for a value that is well-formed but wrong for
    /// a contract, such as a term that ends before it starts.
    pub fn parse(text: &str, format: ContractFormat) -> Result<Contract, ContractError> {
        let raw: RawContract = match format {
            ContractFormat::Toml => {
                b2b_core::exact_toml::from_str(text).map_err(|e| ContractError::Syntax {
                    at: At(e.span().map(|span| b2b_core::line_column(text, span.start))),
                    message: e.message().trim_end().to_owned(),
                })?
            }
            ContractFormat::Json => {
                serde_json::from_str(text).map_err(|e| ContractError::Syntax {
                    at: At((e.line() > 0).then(|| (e.line() as u64, e.column() as u64))),
                    message: strip_json_position(&e.to_string()),
                })?
            }
        };
        raw.validate().map_err(|error| match (error, format) {
            (ContractError::Invalid { field, message, .. }, ContractFormat::Toml) => {
                ContractError::Invalid {
                    at: At(b2b_core::toml_position(text, &field)),
                    field,
                    message,
                }
            }
            (error, _) => error,
        })
    }
}

/// serde_json appends " at line L column C", which [`At`] already says.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A date as TOML writes it natively (`2026-01-01`) or as a string.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(transparent)]
struct FileDate(#[serde(deserialize_with = "b2b_core::deserialize_date")] Date);

/// An amount written as a string ("1250.00") or a number, read exactly.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(transparent)]
struct FileAmount(#[serde(deserialize_with = "b2b_core::deserialize_decimal")] Decimal);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContract {
    id: String,
    #[serde(default)]
    title: Option<String>,
    currency: Currency,
    parties: Vec<RawParty>,
    term: RawTerm,
    #[serde(default)]
    renewal: Option<RawRenewal>,
    #[serde(default)]
    payment_terms: Option<PaymentTerms>,
    #[serde(default)]
    business_days: Option<RawBusinessDays>,
    #[serde(default)]
    price: Option<PriceSchedule>,
    #[serde(default)]
    delivery: Option<RawDelivery>,
    #[serde(default)]
    penalty: Option<PenaltyTerms>,
    #[serde(default)]
    service_levels: Option<ServiceLevels>,
    #[serde(default)]
    billing: Option<RawBilling>,
    #[serde(default)]
    invoices: Vec<RawInvoice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    role: PartyRole,
    name: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    kind: Debtor,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBusinessDays {
    #[serde(default)]
    calendar: Option<String>,
    #[serde(default)]
    holidays: Vec<RawHoliday>,
    #[serde(default)]
    roll: Option<Roll>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: FileDate,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    start: FileDate,
    #[serde(default)]
    duration: Option<Span>,
    #[serde(default)]
    end: Option<FileDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum RenewalKind {
    Auto,
    None,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRenewal {
    kind: RenewalKind,
    #[serde(default)]
    period: Option<Span>,
    #[serde(default)]
    notice: Option<Span>,
    #[serde(default)]
    max_renewals: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDelivery {
    incoterm: Incoterm,
    place: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBilling {
    first_invoice: FileDate,
    every: Span,
    amount: FileAmount,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInvoice {
    #[serde(default)]
    reference: Option<String>,
    date: FileDate,
    amount: FileAmount,
}

impl RawContract {
    fn validate(self) -> Result<Contract, ContractError> {
        if self.id.trim().is_empty() {
            return Err(invalid("id", "the contract id is empty"));
        }
        let parties = validate_parties(self.parties)?;
        let term = self.term.validate()?;
        let renewal = match self.renewal {
            None => Renewal::None,
            Some(raw) => raw.validate(&term)?,
        };
        let delivery = self
            .delivery
            .map(|raw| {
                if raw.place.trim().is_empty() {
                    return Err(invalid("delivery.place", "the place of delivery is empty"));
                }
                Ok(Delivery {
                    incoterm: raw.incoterm,
                    place: raw.place,
                })
            })
            .transpose()?;
        let currency = self.currency;
        if let Some(price) = &self.price
            && price.currency() != currency
        {
            return Err(invalid(
                "price.currency",
                format!(
                    "the price is in {} but the contract is in {currency}",
                    price.currency()
                ),
            ));
        }
        let business_days = self
            .business_days
            .map(|raw| {
                let calendar = business_calendar(raw.calendar.as_deref(), raw.holidays)?;
                Ok(BusinessDays {
                    calendar,
                    // Payment dates usually move to the next business day.
                    roll: raw.roll.unwrap_or(Roll::Following),
                })
            })
            .transpose()?;
        let billing = self
            .billing
            .map(|raw| {
                valid_amount("billing.amount", raw.amount.0, currency)?;
                Ok(Billing {
                    first_invoice: raw.first_invoice.0,
                    every: raw.every,
                    amount: Money::new(raw.amount.0, currency),
                })
            })
            .transpose()?;
        let invoices = self
            .invoices
            .into_iter()
            .enumerate()
            .map(|(index, raw)| {
                valid_amount(&format!("invoices[{index}].amount"), raw.amount.0, currency)?;
                Ok(Invoice {
                    reference: raw
                        .reference
                        .unwrap_or_else(|| format!("invoice {}", index + 1)),
                    date: raw.date.0,
                    amount: Money::new(raw.amount.0, currency),
                })
            })
            .collect::<Result<_, ContractError>>()?;
        Ok(Contract {
            id: self.id,
            title: self.title,
            currency,
            parties,
            term,
            renewal,
            payment_terms: self.payment_terms,
            business_days,
            price: self.price,
            delivery,
            penalty: self.penalty,
            service_levels: self.service_levels,
            billing,
            invoices,
        })
    }
}

/// A shipped calendar, the contract's own closing days, or both.
fn business_calendar(
    code: Option<&str>,
    holidays: Vec<RawHoliday>,
) -> Result<Calendar, ContractError> {
    let shipped = code
        .map(|code| {
            Calendar::by_code(code).map_err(|e| invalid("business_days.calendar", e.to_string()))
        })
        .transpose()?;
    let mut seen = std::collections::BTreeSet::new();
    for (index, holiday) in holidays.iter().enumerate() {
        if !seen.insert(holiday.date.0) {
            return Err(invalid(
                format!("business_days.holidays[{index}].date"),
                format!("{} is listed twice", holiday.date.0),
            ));
        }
    }
    let own = (!holidays.is_empty()).then(|| {
        Calendar::from_holidays(
            "contract",
            holidays.into_iter().map(|holiday| Holiday {
                date: holiday.date.0,
                name: holiday
                    .name
                    .unwrap_or_else(|| "closing day (contract)".to_owned()),
            }),
        )
    });
    match (shipped, own) {
        (Some(shipped), Some(own)) => Ok(shipped.union(&own)),
        (Some(calendar), None) | (None, Some(calendar)) => Ok(calendar),
        (None, None) => Err(invalid(
            "business_days",
            "give a `calendar` (SE, DE, DE-BY, TARGET, ...), the contract's `holidays`, or both",
        )),
    }
}

/// An invoiced amount: not negative, and in whole minor units of the
/// currency (an invoice cannot ask for a fraction of a cent).
fn valid_amount(field: &str, amount: Decimal, currency: Currency) -> Result<(), ContractError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(invalid(field, format!("the amount {amount} is negative")));
    }
    if amount.normalize().scale() > currency.minor_units() {
        return Err(invalid(
            field,
            format!(
                "the amount {amount} has more decimals than {currency}'s {} (an invoice is in whole minor units)",
                currency.minor_units()
            ),
        ));
    }
    Ok(())
}

fn validate_parties(raw: Vec<RawParty>) -> Result<Vec<Party>, ContractError> {
    let mut parties = Vec::with_capacity(raw.len());
    for (index, party) in raw.into_iter().enumerate() {
        if party.name.trim().is_empty() {
            return Err(invalid(
                format!("parties[{index}].name"),
                "the party's name is empty",
            ));
        }
        parties.push(Party {
            role: party.role,
            name: party.name,
            id: party.id,
            country: party.country,
            kind: party.kind,
        });
    }
    for role in [PartyRole::Supplier, PartyRole::Buyer] {
        match parties.iter().filter(|p| p.role == role).count() {
            1 => {}
            0 => return Err(invalid("parties", format!("no party has the role {role}"))),
            n => {
                return Err(invalid(
                    "parties",
                    format!("{n} parties have the role {role}; a contract has one"),
                ));
            }
        }
    }
    Ok(parties)
}

impl RawTerm {
    fn validate(self) -> Result<Term, ContractError> {
        let start = self.start.0;
        let end = match (self.duration, self.end) {
            (Some(duration), None) => duration
                .last_day_from(start)
                .map_err(|e| invalid("term.duration", e.to_string()))?,
            (None, Some(end)) if end.0 >= start => end.0,
            (None, Some(end)) => {
                return Err(invalid(
                    "term.end",
                    format!("the term ends on {} before it starts on {start}", end.0),
                ));
            }
            (Some(_), Some(_)) => {
                return Err(invalid("term", "give either `duration` or `end`, not both"));
            }
            (None, None) => {
                return Err(invalid(
                    "term",
                    "give the term's `duration` (such as \"24 months\") or its `end` date",
                ));
            }
        };
        Ok(Term {
            start,
            duration: self.duration,
            end,
        })
    }
}

impl RawRenewal {
    fn validate(self, term: &Term) -> Result<Renewal, ContractError> {
        match self.kind {
            RenewalKind::None => {
                if self.period.is_some() || self.max_renewals.is_some() {
                    return Err(invalid(
                        "renewal",
                        "`period` and `max_renewals` need kind = \"auto\"",
                    ));
                }
                if self.notice.is_some() {
                    return Err(invalid(
                        "renewal.notice",
                        "a contract that does not renew needs no notice to stop it; remove `notice` or use kind = \"auto\"",
                    ));
                }
                Ok(Renewal::None)
            }
            RenewalKind::Auto => {
                let period = self.period.ok_or_else(|| {
                    invalid(
                        "renewal.period",
                        "an automatic renewal needs its `period`, such as \"12 months\"",
                    )
                })?;
                let notice = self.notice.ok_or_else(|| {
                    invalid(
                        "renewal.notice",
                        "an automatic renewal needs the `notice` to stop it, such as \"3 months\"",
                    )
                })?;
                if self.max_renewals == Some(0) {
                    return Err(invalid(
                        "renewal.max_renewals",
                        "0 renewals: use kind = \"none\" instead",
                    ));
                }
                // Notice given on the first day must be able to end the
                // initial term; otherwise the contract could never be stopped
                // before renewing.
                let latest = notice
                    .last_notice_day(term.end)
                    .map_err(|e| invalid("renewal.notice", e.to_string()))?;
                if latest < term.start {
                    return Err(invalid(
                        "renewal.notice",
                        format!(
                            "a notice of {notice} cannot be given in time within the initial term {} to {}",
                            term.start, term.end
                        ),
                    ));
                }
                Ok(Renewal::Auto {
                    period,
                    notice,
                    max_renewals: self.max_renewals,
                })
            }
        }
    }
}
