//! Payment terms: the notations written on invoices, their due dates,
//! early-payment discounts and instalments.
//!
//! [`PaymentTerms`] parses what people write (`net 30`, `2/10 net 30`,
//! `2/10 EOM net 30`, `10 EOM`, `due on receipt`, `CWO`,
//! `30% CWO, 70% net 30`, case-insensitively) and prints it back in one
//! canonical form. [`PaymentTerms::schedule`] dates it for an invoice: each
//! instalment's share, amount, due date and discount, optionally rolled to
//! business days over a [`Calendar`](crate::calendar::Calendar).
//! [`limits`] checks the agreed period against Directive 2011/7/EU.
//!
//! The grammar, date rules, formulas and their sources are in
//! docs/payment-terms.md.
//!
//! ```
//! use b2b_core::{Currency, Money};
//! use b2b_terms::payment::PaymentTerms;
//! use time::macros::date;
//!
//! let terms: PaymentTerms = "2/10 Net 30 days".parse()?;
//! assert_eq!(terms.to_string(), "2/10 net 30");
//! let amount = Money::new("1000.00".parse()?, Currency::EUR);
//! let schedule = terms.schedule(date!(2026 - 11 - 26), amount, None)?;
//! assert_eq!(schedule.due_date(), date!(2026 - 12 - 26));
//! let discount = schedule.instalments[0].discount.as_ref().expect("2/10");
//! assert_eq!(discount.until, date!(2026 - 12 - 06));
//! assert_eq!(discount.payable.amount().to_string(), "980.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod discount;
mod error;
mod form;
pub mod limits;
mod parse;
pub mod report;
mod schedule;

use std::fmt;
use std::str::FromStr;

use b2b_core::Percent;
use rust_decimal::Decimal;

pub use discount::{annual_rate_compound, annual_rate_simple};
pub use error::{PaymentError, Problem, TermsError};
pub use schedule::{
    DatedDiscount, DatedInstalment, INSTALMENT_ROUNDING, Schedule, SettledInstalment, Settlement,
};

/// The longest period, in days, any term may state (about 27 years): longer
/// is surely a typo, and dates stay far from [`time::Date`]'s limits.
pub const MAX_DAYS: u32 = 9999;

/// When one instalment is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Due {
    /// `due on receipt`: payable when the invoice is received, taken to be
    /// the invoice date.
    OnReceipt,
    /// `CIA`, cash in advance: payable before delivery. Dated on the invoice
    /// date (the earliest date the terms know), flagged as in advance.
    CashInAdvance,
    /// `CWO`, cash with order: payable when ordering. Dated on the invoice
    /// date, flagged as with order.
    CashWithOrder,
    /// `COD`, cash on delivery: payable on delivery. Dated on the invoice
    /// date, which usually travels with the goods.
    CashOnDelivery,
    /// `net N` (from the invoice date) or `net N EOM` (from the last day of
    /// the invoice's month), with an optional early-payment discount whose
    /// period runs from the same start.
    Net {
        /// Days after the start until the full amount is due.
        days: u32,
        /// Whether the periods start at the end of the invoice's month.
        end_of_month: bool,
        /// The early-payment discount, if any.
        discount: Option<Discount>,
    },
    /// `N EOM`: the N-th day of the month after the invoice's month (clamped
    /// to that month's last day: `31 EOM` in a January invoice means
    /// 28 or 29 February).
    DayOfNextMonth {
        /// The day of the month, 1 to 31.
        day: u8,
    },
}

/// An early-payment discount: `percent` off when paid within `days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Discount {
    /// The discount, strictly between 0 % and 100 %.
    pub percent: Percent,
    /// The discount period in days, shorter than the net period.
    pub days: u32,
}

/// One part of the payment: a share of the invoice amount and when it is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instalment {
    /// The share of the invoice amount, above 0 % and at most 100 %.
    pub share: Percent,
    /// When it is due.
    pub due: Due,
}

/// Payment terms: one or more instalments whose shares add up to 100 %.
///
/// - Text: [`FromStr`] accepts the notations of docs/payment-terms.md
///   (case-insensitive, with common variants such as `n/30`, `net30`,
///   `Net 30 days`, `2/10, n/30`, `prox`); [`Display`](fmt::Display) prints
///   the canonical form (`2/10 net 30`, `net 30 EOM`, `2/10 EOM net 30`,
///   `10 EOM`, `due on receipt`, `CIA`, `CWO`, `COD`,
///   `30% CWO, 70% net 30`).
/// - Serde: serialises to the structured form
///   `{"notation": "2/10 net 30", "instalments": [{"share": "100", "kind":
///   "net", "days": 30, "end_of_month": false, "discount": {"percent": "2",
///   "days": 10}}]}`; deserialises from either the notation string or that
///   structured form (where `notation` is optional, and checked against the
///   instalments when present).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PaymentTerms {
    instalments: Vec<Instalment>,
}

impl PaymentTerms {
    /// Terms with one instalment of 100 %.
    ///
    /// # Errors
    ///
    /// [`TermsError::Rule`] if `due` breaks a rule (see [`Problem`]).
    pub fn single(due: Due) -> Result<PaymentTerms, TermsError> {
        PaymentTerms::new(vec![Instalment {
            share: Percent::new(Decimal::ONE_HUNDRED),
            due,
        }])
    }

    /// Terms from instalments, in payment order.
    ///
    /// # Errors
    ///
    /// [`TermsError::Rule`] if there is no instalment, a share is not above
    /// 0 % and at most 100 %, the shares do not add up to exactly 100 %, or
    /// an instalment's due rule breaks a rule (see [`Problem`]).
    pub fn new(instalments: Vec<Instalment>) -> Result<PaymentTerms, TermsError> {
        check_instalments(&instalments).map_err(TermsError::Rule)?;
        Ok(PaymentTerms { instalments })
    }

    /// The instalments, in payment order.
    pub fn instalments(&self) -> &[Instalment] {
        &self.instalments
    }

    /// Whether the whole amount is due at once.
    pub fn is_single(&self) -> bool {
        self.instalments.len() == 1
    }
}

/// Checks the rules every [`PaymentTerms`] keeps, however it was built.
pub(crate) fn check_instalments(instalments: &[Instalment]) -> Result<(), Problem> {
    if instalments.is_empty() {
        return Err(Problem::NoInstalments);
    }
    let mut total = Decimal::ZERO;
    for (index, instalment) in instalments.iter().enumerate() {
        let share = instalment.share.value();
        if share <= Decimal::ZERO || share > Decimal::ONE_HUNDRED {
            return Err(Problem::ShareOutOfRange {
                instalment: index + 1,
                share: instalment.share,
            });
        }
        total = total.checked_add(share).ok_or(Problem::ShareOutOfRange {
            instalment: index + 1,
            share: instalment.share,
        })?;
        check_due(&instalment.due)?;
    }
    if total != Decimal::ONE_HUNDRED {
        return Err(Problem::SharesDoNotAddUp {
            total: Percent::new(total),
        });
    }
    Ok(())
}

fn check_due(due: &Due) -> Result<(), Problem> {
    match *due {
        Due::Net { days, discount, .. } => {
            if days > MAX_DAYS {
                return Err(Problem::TooManyDays {
                    days: days.to_string(),
                });
            }
            if let Some(discount) = discount {
                let percent = discount.percent.value();
                if percent <= Decimal::ZERO || percent >= Decimal::ONE_HUNDRED {
                    return Err(Problem::DiscountPercentOutOfRange {
                        percent: discount.percent,
                    });
                }
                if discount.days >= days {
                    return Err(Problem::DiscountNotBeforeNet {
                        discount_days: discount.days,
                        net_days: days,
                    });
                }
            }
            Ok(())
        }
        Due::DayOfNextMonth { day } if !(1..=31).contains(&day) => {
            Err(Problem::DayOfMonthOutOfRange {
                day: day.to_string(),
            })
        }
        _ => Ok(()),
    }
}

impl FromStr for PaymentTerms {
    type Err = TermsError;

    /// Parses a notation (grammar in docs/payment-terms.md).
    ///
    /// # Errors
    ///
    /// [`TermsError::Syntax`] with the character where parsing stopped, what
    /// was expected and what was found; [`TermsError::Invalid`] for a
    /// well-formed text that breaks a rule (shares not adding up to 100 %,
    /// discount period not shorter than the net period, ...).
    fn from_str(text: &str) -> Result<PaymentTerms, TermsError> {
        parse::parse(text)
    }
}

impl fmt::Display for Due {
    /// The canonical notation of one due rule: `2/10 EOM net 30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Due::OnReceipt => f.write_str("due on receipt"),
            Due::CashInAdvance => f.write_str("CIA"),
            Due::CashWithOrder => f.write_str("CWO"),
            Due::CashOnDelivery => f.write_str("COD"),
            Due::DayOfNextMonth { day } => write!(f, "{day} EOM"),
            Due::Net {
                days,
                end_of_month,
                discount,
            } => {
                let eom = if *end_of_month { " EOM" } else { "" };
                match discount {
                    Some(discount) => write!(
                        f,
                        "{}/{}{eom} net {days}",
                        discount.percent.value().normalize(),
                        discount.days
                    ),
                    None => write!(f, "net {days}{eom}"),
                }
            }
        }
    }
}

impl fmt::Display for PaymentTerms {
    /// The canonical notation: the due rule alone for a single instalment,
    /// otherwise `share% rule` parts joined by `", "`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let [only] = self.instalments.as_slice() {
            return write!(f, "{}", only.due);
        }
        for (index, instalment) in self.instalments.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(
                f,
                "{}% {}",
                instalment.share.value().normalize(),
                instalment.due
            )?;
        }
        Ok(())
    }
}
