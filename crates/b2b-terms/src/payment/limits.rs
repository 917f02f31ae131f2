//! The limits Directive 2011/7/EU (late payment in commercial transactions)
//! sets on agreed payment periods.
//!
//! - Between undertakings, Art. 3(5): the period fixed in the contract may
//!   not exceed 60 calendar days unless expressly agreed and not grossly
//!   unfair to the creditor. A longer period is therefore a warning, not an
//!   error: it may be lawful.
//! - Where the debtor is a public authority, Art. 4(3): 30 calendar days;
//!   Art. 4(4) lets Member States allow up to 60 for public undertakings and
//!   public health-care entities, and Art. 4(6) lets the contract expressly
//!   agree longer if objectively justified, but "in any event" not beyond 60
//!   calendar days.
//!
//! The period is measured in calendar days from the invoice date to the
//! latest agreed due date, before rolling over business days (a deadline on
//! a holiday moving to the next working day does not lengthen the agreed
//! period; Regulation (EEC, Euratom) No 1182/71 Art. 3(4)). End-of-month
//! terms are measured for the actual invoice date, so `net 30 EOM` is 31
//! days for an invoice dated 30 November and 60 for one dated 1 December.

use serde::Serialize;
use time::Date;

use super::{PaymentError, PaymentTerms};
pub use crate::{Debtor, UnknownDebtor};

/// Calendar days Art. 3(5) allows between undertakings without express
/// agreement.
pub const B2B_DAYS: i64 = 60;
/// Calendar days Art. 4(3) allows a public authority.
pub const PUBLIC_DAYS: i64 = 30;
/// Calendar days Art. 4(4) and 4(6) allow a public authority at most.
pub const PUBLIC_MAX_DAYS: i64 = 60;

/// A payment period beyond a limit of the directive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LimitWarning {
    /// A stable code: `b2b-over-60-days`, `public-over-30-days` or
    /// `public-over-60-days`.
    pub code: &'static str,
    /// What is wrong and what the directive allows.
    pub message: String,
    /// The measured period in calendar days.
    pub days: i64,
    /// The limit exceeded, in calendar days.
    pub limit: i64,
}

/// The agreed payment period in calendar days for an invoice dated
/// `invoice_date`: to the latest agreed due date, before any roll.
///
/// # Errors
///
/// [`PaymentError::DateOutOfRange`] if a due date cannot be represented.
pub fn period_days(terms: &PaymentTerms, invoice_date: Date) -> Result<i64, PaymentError> {
    Ok((terms.agreed_due_date(invoice_date)? - invoice_date).whole_days())
}

/// The directive's warnings for `terms` on an invoice dated `invoice_date`
/// owed by `debtor`; empty when the period is within the limits.
///
/// ```
/// use b2b_terms::payment::limits::{check, Debtor};
/// use time::macros::date;
///
/// let terms = "net 90".parse()?;
/// let warnings = check(&terms, date!(2026 - 11 - 26), Debtor::Business)?;
/// assert_eq!(warnings[0].code, "b2b-over-60-days");
/// assert!(check(&"net 30".parse()?, date!(2026 - 11 - 26), Debtor::PublicAuthority)?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`PaymentError::DateOutOfRange`] if a due date cannot be represented.
pub fn check(
    terms: &PaymentTerms,
    invoice_date: Date,
    debtor: Debtor,
) -> Result<Vec<LimitWarning>, PaymentError> {
    let days = period_days(terms, invoice_date)?;
    let mut warnings = Vec::new();
    match debtor {
        Debtor::Business if days > B2B_DAYS => warnings.push(LimitWarning {
            code: "b2b-over-60-days",
            message: format!(
                "the payment period is {days} calendar days; Directive 2011/7/EU Art. 3(5) allows more than {B2B_DAYS} between businesses only if expressly agreed in the contract and not grossly unfair to the creditor"
            ),
            days,
            limit: B2B_DAYS,
        }),
        Debtor::PublicAuthority if days > PUBLIC_MAX_DAYS => warnings.push(LimitWarning {
            code: "public-over-60-days",
            message: format!(
                "the payment period is {days} calendar days; Directive 2011/7/EU Art. 4(6) does not allow a public authority more than {PUBLIC_MAX_DAYS} in any event"
            ),
            days,
            limit: PUBLIC_MAX_DAYS,
        }),
        Debtor::PublicAuthority if days > PUBLIC_DAYS => warnings.push(LimitWarning {
            code: "public-over-30-days",
            message: format!(
                "the payment period is {days} calendar days; Directive 2011/7/EU Art. 4(3) allows a public authority {PUBLIC_DAYS}, up to {PUBLIC_MAX_DAYS} only if expressly agreed and objectively justified (Art. 4(6)) or for public undertakings and health-care entities where national law allows (Art. 4(4))"
            ),
            days,
            limit: PUBLIC_DAYS,
        }),
        _ => {}
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn warnings(terms: &str, invoice: Date, debtor: Debtor) -> Vec<&'static str> {
        let terms: PaymentTerms = terms.parse().expect("valid terms");
        check(&terms, invoice, debtor)
            .expect("dates fit")
            .into_iter()
            .map(|w| w.code)
            .collect()
    }

    #[test]
    fn limits_by_debtor() {
        let day = date!(2026 - 11 - 26);
        assert!(warnings("net 60", day, Debtor::Business).is_empty());
        assert_eq!(
            warnings("net 61", day, Debtor::Business),
            ["b2b-over-60-days"]
        );
        assert!(warnings("net 30", day, Debtor::PublicAuthority).is_empty());
        assert_eq!(
            warnings("net 31", day, Debtor::PublicAuthority),
            ["public-over-30-days"]
        );
        assert_eq!(
            warnings("net 60", day, Debtor::PublicAuthority),
            ["public-over-30-days"]
        );
        assert_eq!(
            warnings("net 61", day, Debtor::PublicAuthority),
            ["public-over-60-days"]
        );
        assert_eq!(
            warnings("50% CWO, 50% 2/10 net 90", day, Debtor::Business),
            ["b2b-over-60-days"]
        );
    }

    #[test]
    fn end_of_month_terms_depend_on_the_invoice_date() {
        // net 30 EOM: 30 Nov → 30 Dec (30 days); 1 Dec → 30 Jan (60 days);
        // net 31 EOM from 1 Dec → 31 Jan (61 days).
        assert!(warnings("net 30 EOM", date!(2026 - 11 - 30), Debtor::Business).is_empty());
        assert!(warnings("net 30 EOM", date!(2026 - 12 - 01), Debtor::Business).is_empty());
        assert_eq!(
            warnings("net 31 EOM", date!(2026 - 12 - 01), Debtor::Business),
            ["b2b-over-60-days"]
        );
        assert_eq!(
            warnings("net 30 EOM", date!(2026 - 12 - 01), Debtor::PublicAuthority),
            ["public-over-30-days"]
        );
        assert!(warnings("net 30 EOM", date!(2026 - 11 - 30), Debtor::PublicAuthority).is_empty());
    }

    #[test]
    fn debtor_names() {
        assert_eq!("public".parse::<Debtor>(), Ok(Debtor::PublicAuthority));
        assert_eq!("Business".parse::<Debtor>(), Ok(Debtor::Business));
        assert!("state".parse::<Debtor>().is_err());
    }
}
