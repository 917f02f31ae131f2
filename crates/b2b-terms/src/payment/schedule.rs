//! Dating payment terms for one invoice: due dates, amounts, discounts, and
//! what a payment on a given day settles.

use b2b_core::{Money, Percent, Rounding, wire};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use time::{Date, Duration, Month};

use super::{Due, PaymentError, PaymentTerms, annual_rate_compound, annual_rate_simple};
use crate::calendar::{Calendar, Roll};

/// The rule instalment and discount amounts are rounded with, to the
/// currency's minor units: half-even, the toolkit's default.
pub const INSTALMENT_ROUNDING: Rounding = Rounding::HalfEven;

/// Payment terms dated for one invoice.
///
/// Serialises with snake-case fields as named here; amounts as
/// `{"amount": "980.00", "currency": "EUR"}`, percentages and rates as
/// unrounded decimal strings, dates as `YYYY-MM-DD`, `terms` in the
/// structured form of [`PaymentTerms`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Schedule {
    /// The terms.
    pub terms: PaymentTerms,
    /// The invoice date every period counts from.
    #[serde(serialize_with = "wire::date::serialize")]
    pub invoice_date: Date,
    /// The invoice amount.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
    /// How instalment and discount amounts were rounded
    /// ([`INSTALMENT_ROUNDING`]).
    pub rounding: Rounding,
    /// The business calendar's name, when dates were rolled over one.
    pub calendar: Option<String>,
    /// The roll convention applied ([`Roll::None`] without a calendar).
    pub roll: Roll,
    /// One entry per instalment, in the terms' order.
    pub instalments: Vec<DatedInstalment>,
}

/// One instalment with its dates and amounts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DatedInstalment {
    /// The share of the invoice amount.
    pub share: Percent,
    /// The amount, in minor units; the instalments add up exactly to the
    /// invoice amount.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
    /// The due rule it was dated by (serialised as its notation, `CWO`).
    #[serde(serialize_with = "notation")]
    pub rule: Due,
    /// The due date as the terms state it, before any roll.
    #[serde(serialize_with = "wire::date::serialize")]
    pub agreed_due: Date,
    /// The due date after the roll convention (equal to `agreed_due`
    /// without a calendar).
    #[serde(serialize_with = "wire::date::serialize")]
    pub due: Date,
    /// The early-payment discount, if the rule has one.
    pub discount: Option<DatedDiscount>,
}

/// An early-payment discount dated for one instalment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DatedDiscount {
    /// The discount.
    pub percent: Percent,
    /// The last day of the discount period as the terms state it.
    #[serde(serialize_with = "wire::date::serialize")]
    pub agreed_until: Date,
    /// The last day the discount applies, after the roll convention. A
    /// payment on this day still earns it; the next day does not.
    #[serde(serialize_with = "wire::date::serialize")]
    pub until: Date,
    /// The discount on this instalment, rounded to minor units.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
    /// The instalment amount less the discount.
    #[serde(serialize_with = "wire::money::serialize")]
    pub payable: Money,
    /// Simple annual rate of forgoing the discount (net days − discount
    /// days as the period); `None` if undefined.
    pub annual_rate_simple: Option<Percent>,
    /// Compounded annual rate of forgoing the discount; `None` if undefined.
    pub annual_rate_compound: Option<Percent>,
}

/// What a payment of everything outstanding on one day settles.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Settlement {
    /// The payment date.
    #[serde(serialize_with = "wire::date::serialize")]
    pub paid: Date,
    /// The amount to pay: the invoice amount less the discounts earned.
    #[serde(serialize_with = "wire::money::serialize")]
    pub payable: Money,
    /// The discounts earned.
    #[serde(serialize_with = "wire::money::serialize")]
    pub discount: Money,
    /// Whether any discount was earned.
    pub discount_taken: bool,
    /// Days after the (rolled) due date of the most overdue instalment; 0
    /// when nothing is late.
    pub days_late: i64,
    /// The same per instalment.
    pub instalments: Vec<SettledInstalment>,
}

/// What the payment settles of one instalment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SettledInstalment {
    /// The amount to pay for it.
    #[serde(serialize_with = "wire::money::serialize")]
    pub payable: Money,
    /// Whether its discount was earned.
    pub discount_taken: bool,
    /// Days after its due date (0 when on time).
    pub days_late: i64,
}

impl PaymentTerms {
    /// The dated schedule for an invoice of `amount` dated `invoice_date`:
    /// each instalment's share, amount, due date and discount.
    ///
    /// Dates follow docs/payment-terms.md: `net N` is the invoice date plus
    /// N calendar days, `net N EOM` the last day of the invoice's month plus
    /// N days (a discount period counts from the same start), `N EOM` the
    /// N-th of the next month (clamped to its last day), and `due on
    /// receipt`, `CIA`, `CWO` and `COD` the invoice date. With
    /// `business_days`, every due date and discount deadline is then rolled
    /// over the calendar by the convention.
    ///
    /// Amounts are rounded to the currency's minor units by
    /// [`INSTALMENT_ROUNDING`] on the running total, so that the instalments
    /// add up exactly to `amount` and the last takes the remainder.
    ///
    /// ```
    /// use b2b_core::{Currency, Money};
    /// use b2b_terms::calendar::{Calendar, Roll};
    /// use b2b_terms::payment::PaymentTerms;
    /// use time::macros::date;
    ///
    /// let terms: PaymentTerms = "30% CWO, 70% net 30".parse()?;
    /// let amount = Money::new("1000.01".parse()?, Currency::SEK);
    /// let se = Calendar::sweden();
    /// let schedule = terms.schedule(date!(2026 - 11 - 26), amount, Some((&se, Roll::Following)))?;
    /// let [cwo, net] = schedule.instalments.as_slice() else { panic!("two") };
    /// assert_eq!((cwo.amount.amount().to_string(), cwo.due), ("300.00".to_owned(), date!(2026 - 11 - 26)));
    /// // 26 December 2026 is a Saturday and Boxing Day: rolled to Monday.
    /// assert_eq!((net.amount.amount().to_string(), net.due), ("700.01".to_owned(), date!(2026 - 12 - 28)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`PaymentError::NegativeAmount`], [`PaymentError::AmountNotInMinorUnits`],
    /// [`PaymentError::DateOutOfRange`], or [`PaymentError::Calendar`] when
    /// a date falls outside the calendar's years.
    pub fn schedule(
        &self,
        invoice_date: Date,
        amount: Money,
        business_days: Option<(&Calendar, Roll)>,
    ) -> Result<Schedule, PaymentError> {
        check_amount(amount)?;
        let roll = |date: Date| -> Result<Date, PaymentError> {
            match business_days {
                Some((calendar, roll)) => Ok(calendar.roll(date, roll)?),
                None => Ok(date),
            }
        };
        let amounts = split(amount, &self.instalments)?;
        let mut instalments = Vec::with_capacity(self.instalments.len());
        for (instalment, amount) in self.instalments.iter().zip(amounts) {
            let (agreed_due, agreed_until) = agreed_dates(&instalment.due, invoice_date)?;
            let discount = match (instalment.due, agreed_until) {
                (
                    Due::Net {
                        days,
                        discount: Some(discount),
                        ..
                    },
                    Some(agreed_until),
                ) => {
                    let off = amount
                        .scale_by(discount.percent.as_fraction())?
                        .round(INSTALMENT_ROUNDING);
                    let credit_days = days - discount.days;
                    Some(DatedDiscount {
                        percent: discount.percent,
                        agreed_until,
                        until: roll(agreed_until)?,
                        amount: off,
                        payable: amount.checked_sub(&off)?,
                        annual_rate_simple: annual_rate_simple(discount.percent, credit_days),
                        annual_rate_compound: annual_rate_compound(discount.percent, credit_days),
                    })
                }
                _ => None,
            };
            instalments.push(DatedInstalment {
                share: instalment.share,
                amount,
                rule: instalment.due,
                agreed_due,
                due: roll(agreed_due)?,
                discount,
            });
        }
        Ok(Schedule {
            terms: self.clone(),
            invoice_date,
            amount,
            rounding: INSTALMENT_ROUNDING,
            calendar: business_days.map(|(calendar, _)| calendar.name().to_owned()),
            roll: business_days.map_or(Roll::None, |(_, roll)| roll),
            instalments,
        })
    }

    /// The latest due date the terms state for an invoice dated
    /// `invoice_date`, before any business-day roll: the end of the agreed
    /// payment period.
    ///
    /// # Errors
    ///
    /// [`PaymentError::DateOutOfRange`] if the date cannot be represented.
    pub fn agreed_due_date(&self, invoice_date: Date) -> Result<Date, PaymentError> {
        let mut latest = invoice_date;
        for instalment in &self.instalments {
            latest = latest.max(agreed_dates(&instalment.due, invoice_date)?.0);
        }
        Ok(latest)
    }
}

impl Schedule {
    /// The latest (rolled) due date: when the last instalment is due.
    pub fn due_date(&self) -> Date {
        self.instalments
            .iter()
            .map(|i| i.due)
            .max()
            .unwrap_or(self.invoice_date)
    }

    /// The latest due date before rolling: the end of the agreed period.
    pub fn agreed_due_date(&self) -> Date {
        self.instalments
            .iter()
            .map(|i| i.agreed_due)
            .max()
            .unwrap_or(self.invoice_date)
    }

    /// What paying everything outstanding on `paid` settles: the amount
    /// payable (discounts are earned up to and including their `until`
    /// day), and how late each instalment is.
    ///
    /// # Errors
    ///
    /// [`PaymentError::PaidBeforeInvoice`] if `paid` is before the invoice
    /// date.
    pub fn settle(&self, paid: Date) -> Result<Settlement, PaymentError> {
        if paid < self.invoice_date {
            return Err(PaymentError::PaidBeforeInvoice {
                paid,
                invoice_date: self.invoice_date,
            });
        }
        let currency = self.amount.currency();
        let mut payable = Money::zero(currency);
        let mut discount = Money::zero(currency);
        let mut instalments = Vec::with_capacity(self.instalments.len());
        for instalment in &self.instalments {
            let earned = instalment.discount.as_ref().filter(|d| paid <= d.until);
            let pay = earned.map_or(instalment.amount, |d| d.payable);
            payable = payable.checked_add(&pay)?;
            if let Some(earned) = earned {
                discount = discount.checked_add(&earned.amount)?;
            }
            instalments.push(SettledInstalment {
                payable: pay,
                discount_taken: earned.is_some(),
                days_late: (paid - instalment.due).whole_days().max(0),
            });
        }
        Ok(Settlement {
            paid,
            payable,
            discount,
            discount_taken: instalments.iter().any(|i| i.discount_taken),
            days_late: instalments.iter().map(|i| i.days_late).max().unwrap_or(0),
            instalments,
        })
    }
}

fn notation<S: Serializer>(rule: &Due, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(rule)
}

fn check_amount(amount: Money) -> Result<(), PaymentError> {
    let (value, currency) = (amount.amount(), amount.currency());
    if amount.is_negative() {
        return Err(PaymentError::NegativeAmount {
            amount: value,
            currency,
        });
    }
    if value.normalize().scale() > currency.minor_units() {
        return Err(PaymentError::AmountNotInMinorUnits {
            amount: value,
            currency,
            minor_units: currency.minor_units(),
        });
    }
    Ok(())
}

/// Splits `amount` by the shares: each instalment is the rounded running
/// total minus the previous one, and the last running total is `amount`
/// itself, so the parts add up exactly and none is negative.
fn split(amount: Money, instalments: &[super::Instalment]) -> Result<Vec<Money>, PaymentError> {
    let currency = amount.currency();
    let mut parts = Vec::with_capacity(instalments.len());
    let mut share_so_far = Decimal::ZERO;
    let mut previous = Money::zero(currency);
    for (index, instalment) in instalments.iter().enumerate() {
        share_so_far += instalment.share.value();
        let running = if index + 1 == instalments.len() {
            // Exact already (checked to be in minor units); rounding only
            // writes it with the currency's places.
            amount.round(INSTALMENT_ROUNDING)
        } else {
            amount
                .scale_by(share_so_far / Decimal::ONE_HUNDRED)?
                .round(INSTALMENT_ROUNDING)
        };
        parts.push(running.checked_sub(&previous)?);
        previous = running;
    }
    Ok(parts)
}

/// The agreed due date and, for a discount, the agreed last discount day.
fn agreed_dates(due: &Due, invoice: Date) -> Result<(Date, Option<Date>), PaymentError> {
    match *due {
        Due::OnReceipt | Due::CashInAdvance | Due::CashWithOrder | Due::CashOnDelivery => {
            Ok((invoice, None))
        }
        Due::DayOfNextMonth { day } => Ok((day_of_next_month(invoice, day)?, None)),
        Due::Net {
            days,
            end_of_month,
            discount,
        } => {
            let start = if end_of_month {
                last_day_of_month(invoice)
            } else {
                invoice
            };
            let until = discount.map(|d| add_days(start, d.days)).transpose()?;
            Ok((add_days(start, days)?, until))
        }
    }
}

fn add_days(from: Date, days: u32) -> Result<Date, PaymentError> {
    from.checked_add(Duration::days(i64::from(days)))
        .ok_or(PaymentError::DateOutOfRange { from, days })
}

fn last_day_of_month(date: Date) -> Date {
    date.replace_day(date.month().length(date.year()))
        .unwrap_or(date)
}

fn day_of_next_month(invoice: Date, day: u8) -> Result<Date, PaymentError> {
    let (year, month) = match invoice.month() {
        Month::December => (invoice.year() + 1, Month::January),
        month => (invoice.year(), month.next()),
    };
    let day = day.min(month.length(year));
    Date::from_calendar_date(year, month, day).map_err(|_| PaymentError::DateOutOfRange {
        from: invoice,
        days: u32::from(day),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use b2b_core::Currency;
    use time::macros::date;

    fn eur(text: &str) -> Money {
        Money::new(text.parse().expect("decimal"), Currency::EUR)
    }

    #[test]
    fn end_of_month_helpers() {
        assert_eq!(
            last_day_of_month(date!(2024 - 02 - 10)),
            date!(2024 - 02 - 29)
        );
        assert_eq!(
            last_day_of_month(date!(2026 - 12 - 31)),
            date!(2026 - 12 - 31)
        );
        assert_eq!(
            day_of_next_month(date!(2026 - 12 - 05), 10),
            Ok(date!(2027 - 01 - 10))
        );
        assert_eq!(
            day_of_next_month(date!(2026 - 01 - 31), 31),
            Ok(date!(2026 - 02 - 28))
        );
        assert_eq!(
            day_of_next_month(date!(2028 - 01 - 15), 30),
            Ok(date!(2028 - 02 - 29))
        );
    }

    #[test]
    fn amounts_are_checked() {
        let terms: PaymentTerms = "net 30".parse().expect("valid");
        let day = date!(2026 - 11 - 26);
        assert!(matches!(
            terms.schedule(day, eur("-1"), None),
            Err(PaymentError::NegativeAmount { .. })
        ));
        let err = terms
            .schedule(day, eur("10.005"), None)
            .expect_err("3 decimals");
        assert_eq!(
            err.to_string(),
            "the invoice amount 10.005 EUR has more decimals than EUR's 2; round it first"
        );
        assert!(terms.schedule(day, eur("10.500"), None).is_ok());
    }

    #[test]
    fn dates_beyond_the_calendar_are_errors() {
        let terms: PaymentTerms = "net 30".parse().expect("valid");
        let err = terms
            .schedule(
                date!(2199 - 12 - 15),
                eur("1"),
                Some((&Calendar::sweden(), Roll::Following)),
            )
            .expect_err("2200");
        assert!(matches!(err, PaymentError::Calendar(_)), "{err}");
    }
}
