//! Statutory late-payment interest and recovery compensation.
//!
//! When a business or a public authority pays a commercial debt late, the
//! creditor is owed, without any reminder:
//!
//! - **interest**: simple interest on the principal from the day after the
//!   due date up to and including the payment date, at a reference rate plus
//!   a statutory margin (Directive 2011/7/EU, art. 3 and 4, and the national
//!   laws that implement it), and
//! - **fixed compensation** for recovery costs (art. 6: at least EUR 40).
//!
//! The rules differ by country in the reference rate, the margin, the day
//! count, whether the rate follows each half-year or is fixed when interest
//! starts to run, and the compensation. A [`CountryProfile`] holds one
//! country's rules ([`CountryProfile::eu`], [`sweden`](CountryProfile::sweden),
//! [`germany`](CountryProfile::germany), [`uk`](CountryProfile::uk)).
//!
//! Reference rates are data: [`RateTable::shipped`] lists every half-year's
//! rate with its source, a user's table can be laid over it
//! ([`RateTable::parse`], [`RateTable::overlay`]), or one rate can be given
//! for the whole period ([`RateSource::Fixed`]). A rate that is in no table
//! is never made up: [`interest`] fails with [`LateError::MissingRate`].
//!
//! Amounts stay exact decimals; the interest is rounded once, to the
//! currency's minor units, by the profile's named rule.
//!
//! # Example
//!
//! The German oracle of the open `verzugszinsen` calculator
//! (<https://github.com/digineo/verzugszinsen>, README): EUR 1500 late from
//! 15 September 2009 to 17 February 2012 at the Basiszinssatz + 8 points
//! gives EUR 297.50.
//!
//! ```
//! use b2b_core::{Currency, Money, Percent};
//! use b2b_terms::late::{self, Claim, CountryProfile, RateSource, RateTable};
//! use time::macros::date;
//!
//! let claim = Claim::new(
//!     Money::new("1500".parse()?, Currency::EUR),
//!     date!(2009 - 09 - 14), // due; interest runs from the next day
//!     date!(2012 - 02 - 17), // paid
//! );
//! let profile = CountryProfile::germany().with_margin(Percent::new("8".parse()?));
//! let report = late::interest(&claim, &profile, &RateSource::Table(RateTable::shipped()))?;
//! assert_eq!(report.days_late, 886);
//! assert_eq!(report.interest.amount().to_string(), "297.50");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod half_year;
mod interest;
mod profile;
mod rates;

pub use error::LateError;
pub use half_year::HalfYear;
pub use interest::{Claim, Debtor, InterestReport, Period, interest};
pub use profile::{
    Compensation, CompensationBand, CountryProfile, DayCount, Jurisdiction, RateFixing,
};
pub use rates::{RateSource, RateTable, ReferenceRate, Series};
