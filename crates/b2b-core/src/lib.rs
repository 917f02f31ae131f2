//! Shared vocabulary of the B2B toolkit (tender evaluation, contract terms):
//! currencies, exact money, percentages, rounding rules and a strict parser
//! for the numbers found in data files.
//!
//! - [`Currency`]: an active ISO 4217 currency with its minor units.
//! - [`Money`]: an exact [`Decimal`] amount in a currency; adding amounts in
//!   different currencies is an error, never a silent conversion.
//! - [`Percent`]: `12.5` means 12.5 %; converts to and from fractions.
//! - [`Rounding`]: half-even or half-up (away from zero), applied once at
//!   output edges.
//! - [`parse_iso_date`], [`deserialize_date`]: strict `YYYY-MM-DD` dates,
//!   from strings or TOML dates.
//! - [`parse_decimal`]: fast, strict, allocation-free parsing of numbers
//!   such as `"-1234.50"`, rejecting `"1,5"` or `"389 500 kr"`.
//! - [`line_column`], [`toml_position`]: where a byte offset, or a field of
//!   a TOML file, is in the text, for messages.
//! - [`lines`], [`decode`], [`excerpt`], [`printable`]: text as files hold
//!   it (any line end, a byte-order mark) and as messages and tables show it.
//! - [`wire`]: the one JSON shape of money, percentages, dates and
//!   timestamps in every report (docs/wire-format.md).
//! - [`CoreError`]: what went wrong, naming the offending input.
//!
//! Money is never a float: amounts are [`rust_decimal::Decimal`] throughout,
//! and serialise as decimal strings.
//!
//! # Example
//!
//! ```
//! use b2b_core::{parse_decimal, CoreError, Currency, Money, Percent, Rounding};
//!
//! // Cells of a price list.
//! let currency: Currency = "sek".parse()?;
//! let unit_price = Money::new(parse_decimal("389500.125")?, currency);
//! let discount: Percent = "12.5%".parse()?;
//!
//! let reduction = unit_price.scale_by(discount.as_fraction())?;
//! let net = unit_price.checked_sub(&reduction)?;
//! assert_eq!(net.amount().to_string(), "340812.609375"); // exact
//! assert_eq!(net.to_string(), "340812.61 SEK"); // rounded for display only
//! assert_eq!(net.round(Rounding::HalfUp).amount().to_string(), "340812.61");
//!
//! // Mistakes name what was wrong.
//! let err = parse_decimal("389 500 kr").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "\"389 500 kr\" is not a decimal number \
//!      (expected digits with an optional sign and '.' fraction, such as \"-1234.50\")"
//! );
//! let eur = Money::zero(Currency::EUR);
//! assert!(matches!(
//!     net.checked_add(&eur),
//!     Err(CoreError::CurrencyMismatch { expected, found })
//!         if expected == Currency::SEK && found == Currency::EUR
//! ));
//! # Ok::<(), CoreError>(())
//! ```

pub mod country;
#[cfg(feature = "csv")]
pub mod csv_file;
mod currency;
mod date;
mod decimal;
mod error;
pub mod exact_json;
pub mod exact_toml;
mod money;
mod percent;
mod position;
mod rounding;
mod text;
pub mod wire;

pub use country::{Country, CountryError};
pub use currency::Currency;
pub use date::{DateError, deserialize_date, deserialize_optional_date, parse_iso_date};
pub use decimal::{deserialize_decimal, parse_decimal, try_deserialize_decimal};
pub use error::CoreError;
pub use money::Money;
pub use percent::Percent;
pub use position::{At, line_column, record_line, toml_position};
pub use rounding::Rounding;
pub use rust_decimal::Decimal;
pub use text::{
    EXCERPT_CHARS, Excerpt, NotUtf8, count_line_ends, decode, excerpt, lines, printable,
    without_bom,
};
