//! The one wire vocabulary of every JSON report (docs/wire-format.md).
//!
//! Each concept has one shape, written by one function here, so that a
//! report of any crate, and the HTTP server that will expose them, agree:
//!
//! | concept | shape | helper |
//! |---|---|---|
//! | money | `{"amount": "1440.00", "currency": "EUR"}` | [`money`], [`money::option`] |
//! | percent | `"11.15"` (percentage points) | [`percent`], [`percent::option`], [`percent::from_fraction`] |
//! | date | `"2026-11-26"` | [`date`], [`date::option`] |
//! | timestamp | `"2026-11-02T09:00:00Z"` (RFC 3339, UTC) | [`timestamp`], [`timestamp::option`] |
//!
//! Counts are JSON integers and other decimals are decimal strings, which
//! is what `u32` and [`Decimal`] serialise to already.
//!
//! The helpers only write: reports are output. They are used as
//! `#[serde(serialize_with = "b2b_core::wire::money::serialize")]` or, for
//! serialize-only structs, `#[serde(with = "b2b_core::wire::money")]`.
//!
//! [`Money`]'s own `Serialize` is not this shape (it writes the amount with
//! its own scale) and stays so: stored buying events are hash-chained over
//! their serialised form, and a changed form would make every stored chain
//! fail verification.

use rust_decimal::Decimal;
use serde::Serializer;
use serde::ser::SerializeStruct;

use crate::{Currency, Money};

/// `amount` with at least `currency`'s minor units: zeros are added, digits
/// are never removed. A rounded amount therefore has exactly the minor
/// units; an exact one keeps every digit it has.
pub fn padded_amount(amount: Decimal, currency: Currency) -> Decimal {
    let minor = currency.minor_units();
    if amount.scale() >= minor {
        return amount;
    }
    let mut padded = amount;
    padded.rescale(minor);
    // Near 28 significant digits `rescale` adds fewer zeros than asked;
    // the check keeps the amount as it is should it ever change the value.
    if padded == amount { padded } else { amount }
}

/// Money as `{"amount": "1440.00", "currency": "EUR"}`.
///
/// The amount is a decimal string with at least the currency's minor units
/// ([`padded_amount`]). Rounding is the library's decision, made before the
/// value reaches a report, never the serialiser's: an amount that was not
/// rounded is written with all its digits, in a field whose name ends in
/// `_exact` (or an input echoed back as given).
pub mod money {
    use super::*;

    /// Writes `money` in the wire shape.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn serialize<S: Serializer>(money: &Money, serializer: S) -> Result<S::Ok, S::Error> {
        let amount = padded_amount(money.amount(), money.currency());
        let mut state = serializer.serialize_struct("Money", 2)?;
        state.serialize_field("amount", &DecimalText(amount))?;
        state.serialize_field("currency", &money.currency())?;
        state.end()
    }

    /// [`serialize`] for an optional amount; `None` is `null`.
    pub mod option {
        use super::*;

        /// Writes `money` in the wire shape, or `null`.
        ///
        /// # Errors
        ///
        /// The serializer's.
        pub fn serialize<S: Serializer>(
            money: &Option<Money>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match money {
                Some(money) => super::serialize(money, serializer),
                None => serializer.serialize_none(),
            }
        }
    }

    /// [`serialize`] for a list of amounts.
    pub mod list {
        use super::*;
        use serde::ser::SerializeSeq;

        /// Writes each amount in the wire shape.
        ///
        /// # Errors
        ///
        /// The serializer's.
        pub fn serialize<S: Serializer>(list: &[Money], serializer: S) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(list.len()))?;
            for money in list {
                seq.serialize_element(&Wire(money))?;
            }
            seq.end()
        }
    }
}

/// A decimal written as a JSON string with its scale (`"1440.00"`),
/// whatever features `rust_decimal`'s serde support is built with.
struct DecimalText(Decimal);

impl serde::Serialize for DecimalText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A [`Money`] that serialises in the wire shape, for places where a
/// `serialize_with` attribute cannot go (a map's values, a tuple).
#[derive(Clone, Copy, Debug)]
pub struct Wire<'a>(pub &'a Money);

impl serde::Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        money::serialize(self.0, serializer)
    }
}

/// A percentage as a decimal string in percentage points: `"11.15"` is
/// 11.15 %, never the fraction 0.1115. Trailing zeros are dropped
/// (`"97"`, not `"97.0"`); the value is written as the report computed or
/// rounded it.
pub mod percent {
    use super::*;

    /// The text of a percentage given in points.
    fn points(value: Decimal) -> Decimal {
        value.normalize()
    }

    /// Writes `value`, already in percentage points.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&points(*value))
    }

    /// [`serialize`] for an optional percentage; `None` is `null`.
    pub mod option {
        use super::*;

        /// Writes `value` in percentage points, or `null`.
        ///
        /// # Errors
        ///
        /// The serializer's.
        pub fn serialize<S: Serializer>(
            value: &Option<Decimal>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => super::serialize(value, serializer),
                None => serializer.serialize_none(),
            }
        }
    }

    /// Writes a fraction (`0.04`, as input files give a discount rate) in
    /// percentage points (`"4"`), so that a report never holds a fraction.
    pub mod from_fraction {
        use super::*;

        /// Writes `fraction` × 100.
        ///
        /// # Errors
        ///
        /// A custom error if the percentage does not fit in a decimal
        /// (a fraction above about 7.9 × 10²⁶), never a saturated value.
        pub fn serialize<S: Serializer>(
            fraction: &Decimal,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            let value = fraction.checked_mul(Decimal::ONE_HUNDRED).ok_or_else(|| {
                serde::ser::Error::custom(format!("{fraction} is too large for a percentage"))
            })?;
            serializer.collect_str(&points(value))
        }
    }
}

/// A calendar date as `"YYYY-MM-DD"`.
pub mod date {
    use time::Date;
    use time::format_description::BorrowedFormatItem;
    use time::macros::format_description;

    use super::*;

    /// The one date format of the wire.
    pub const FORMAT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

    /// Writes `date` as `YYYY-MM-DD`.
    ///
    /// # Errors
    ///
    /// A custom error for a year outside 0000–9999, which the format cannot
    /// write.
    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        let text = date.format(FORMAT).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// [`serialize`] for an optional date; `None` is `null`.
    pub mod option {
        use super::*;

        /// Writes `date` as `YYYY-MM-DD`, or `null`.
        ///
        /// # Errors
        ///
        /// As [`super::serialize`].
        pub fn serialize<S: Serializer>(
            date: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => super::serialize(date, serializer),
                None => serializer.serialize_none(),
            }
        }
    }
}

/// An instant as RFC 3339 in UTC with `Z`: `"2026-11-02T09:00:00Z"`.
///
/// An instant given with an offset (`10:00:00+01:00`) is the same instant
/// written in UTC (`09:00:00Z`), so that two reports compare as text.
pub mod timestamp {
    use time::format_description::well_known::Rfc3339;
    use time::{OffsetDateTime, UtcOffset};

    use super::*;

    /// Writes `at` in UTC.
    ///
    /// # Errors
    ///
    /// A custom error for an instant RFC 3339 cannot write (a year outside
    /// 0000–9999).
    pub fn serialize<S: Serializer>(at: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let text = at
            .to_offset(UtcOffset::UTC)
            .format(&Rfc3339)
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// [`serialize`] for an optional instant; `None` is `null`.
    pub mod option {
        use super::*;

        /// Writes `at` in UTC, or `null`.
        ///
        /// # Errors
        ///
        /// As [`super::serialize`].
        pub fn serialize<S: Serializer>(
            at: &Option<OffsetDateTime>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match at {
                Some(at) => super::serialize(at, serializer),
                None => serializer.serialize_none(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use time::macros::{date, datetime};

    fn dec(text: &str) -> Decimal {
        text.parse().expect("valid test decimal")
    }

    #[derive(Serialize)]
    struct Report {
        #[serde(serialize_with = "money::serialize")]
        total: Money,
        #[serde(serialize_with = "money::serialize")]
        total_exact: Money,
        #[serde(serialize_with = "money::option::serialize")]
        none: Option<Money>,
        #[serde(serialize_with = "money::list::serialize")]
        list: Vec<Money>,
        #[serde(serialize_with = "percent::serialize")]
        rate: Decimal,
        #[serde(serialize_with = "percent::from_fraction::serialize")]
        discount_rate: Decimal,
        #[serde(serialize_with = "percent::option::serialize")]
        no_rate: Option<Decimal>,
        #[serde(serialize_with = "date::serialize")]
        due: time::Date,
        #[serde(serialize_with = "date::option::serialize")]
        paid: Option<time::Date>,
        #[serde(serialize_with = "timestamp::serialize")]
        at: time::OffsetDateTime,
        #[serde(serialize_with = "timestamp::option::serialize")]
        left: Option<time::OffsetDateTime>,
    }

    #[test]
    fn every_concept_in_its_shape() {
        let report = Report {
            total: Money::new(dec("1440"), Currency::EUR),
            total_exact: Money::new(dec("131.356164"), Currency::EUR),
            none: None,
            list: vec![
                Money::new(dec("5"), Currency::JPY),
                Money::new(dec("1.5"), "KWD".parse().expect("KWD")),
            ],
            rate: dec("11.150"),
            discount_rate: dec("0.04"),
            no_rate: None,
            due: date!(2026 - 02 - 03),
            paid: Some(date!(0999 - 12 - 31)),
            at: datetime!(2026-11-02 10:00:00 +01:00),
            left: None,
        };
        let json = serde_json::to_value(&report).expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({
                "total": {"amount": "1440.00", "currency": "EUR"},
                "total_exact": {"amount": "131.356164", "currency": "EUR"},
                "none": null,
                "list": [
                    {"amount": "5", "currency": "JPY"},
                    {"amount": "1.500", "currency": "KWD"}
                ],
                "rate": "11.15",
                "discount_rate": "4",
                "no_rate": null,
                "due": "2026-02-03",
                "paid": "0999-12-31",
                "at": "2026-11-02T09:00:00Z",
                "left": null
            })
        );
    }

    #[test]
    fn padding_never_changes_the_value() {
        for (text, currency, written) in [
            ("0", Currency::EUR, "0.00"),
            ("-3.1", Currency::EUR, "-3.10"),
            ("52.5", Currency::USD, "52.50"),
            ("0.125", Currency::EUR, "0.125"),
            ("7", Currency::JPY, "7"),
            // 28 integer digits: room for one zero only, the value unchanged.
            (
                "7922816251426433759354395033",
                Currency::EUR,
                "7922816251426433759354395033.0",
            ),
        ] {
            let padded = padded_amount(dec(text), currency);
            assert_eq!(padded, dec(text), "{text}");
            assert_eq!(padded.to_string(), written, "{text}");
        }
    }

    #[test]
    fn a_huge_fraction_is_an_error_not_a_saturated_percent() {
        #[derive(Serialize)]
        struct Rate(#[serde(serialize_with = "percent::from_fraction::serialize")] Decimal);
        assert!(serde_json::to_string(&Rate(Decimal::MAX)).is_err());
        assert_eq!(
            serde_json::to_string(&Rate(dec("0.125"))).expect("fits"),
            "\"12.5\""
        );
    }
}
