//! Parsers of argument values shared by the commands, so that every date or
//! amount on the command line is read, and refused, the same way.

use b2b_core::{Decimal, parse_decimal};
use time::Date;

/// A date: `YYYY-MM-DD`, and a day that exists.
pub fn date(text: &str) -> Result<Date, String> {
    b2b_core::parse_iso_date(text.trim()).map_err(|e| e.to_string())
}

/// An exact decimal number such as `1234.50`.
pub fn decimal(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map_err(|e| e.to_string())
}
