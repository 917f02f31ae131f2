//! Dates as data files write them: strict ISO `YYYY-MM-DD`, as a string or
//! as a TOML date.

use serde::{Deserialize, Deserializer};
use time::{Date, Month};

/// Parses a strict ISO 8601 calendar date, `YYYY-MM-DD`, saying what is
/// wrong with it: the shape, the month, or a day the month does not have.
///
/// ```
/// use b2b_core::parse_iso_date;
///
/// assert_eq!(parse_iso_date("2026-11-26")?.to_string(), "2026-11-26");
/// let err = parse_iso_date("2026-02-30").unwrap_err();
/// assert_eq!(err.to_string(), "\"2026-02-30\" is not a date: February 2026 has 28 days");
/// # Ok::<(), b2b_core::DateError>(())
/// ```
///
/// # Errors
///
/// [`DateError`] naming the text and the reason.
pub fn parse_iso_date(text: &str) -> Result<Date, DateError> {
    let err = |reason: String| DateError {
        text: text.to_owned(),
        reason,
    };
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(err("expected YYYY-MM-DD, such as 2026-11-26".to_owned()));
    }
    let number = |range: std::ops::Range<usize>| -> u32 {
        bytes[range]
            .iter()
            .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let year = i32::try_from(number(0..4)).unwrap_or(0);
    let month = u8::try_from(number(5..7))
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| err("the month must be 01 to 12".to_owned()))?;
    let day = u8::try_from(number(8..10)).unwrap_or(0);
    Date::from_calendar_date(year, month, day)
        .map_err(|_| err(format!("{month} {year} has {} days", month.length(year))))
}

/// A text that is not a valid `YYYY-MM-DD` date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{:?} is not a date: {reason}", crate::excerpt(.text))]
pub struct DateError {
    /// The text as given.
    pub text: String,
    /// Why it is not a date.
    pub reason: String,
}

/// Deserialises a date written as a `YYYY-MM-DD` string or as a TOML date
/// without a time (`start = 2026-01-01`); for
/// `#[serde(deserialize_with = "b2b_core::deserialize_date")]`.
///
/// # Errors
///
/// The deserializer's error, saying what is wrong with the date.
pub fn deserialize_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Written::deserialize(deserializer)
        .map_err(|_| serde::de::Error::custom("expected a date such as 2026-01-01"))?
    {
        Written::Text(text) => text,
        Written::Toml(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            datetime.to_string()
        }
        Written::Toml(datetime) => {
            return Err(serde::de::Error::custom(format!(
                "expected a date without a time, found {datetime}"
            )));
        }
    };
    parse_iso_date(&text).map_err(serde::de::Error::custom)
}

/// [`deserialize_date`] for an optional field (use with `#[serde(default)]`).
///
/// # Errors
///
/// As [`deserialize_date`].
pub fn deserialize_optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Date>, D::Error> {
    deserialize_date(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[derive(Debug, Deserialize)]
    struct Row {
        #[serde(deserialize_with = "deserialize_date")]
        day: Date,
    }

    #[test]
    fn toml_dates_and_strings_read_alike() {
        let read = |text: &str| {
            crate::exact_toml::from_str::<Row>(text)
                .map(|row| row.day)
                .map_err(|e| e.message().to_owned())
        };
        assert_eq!(read("day = 2026-01-31"), Ok(date!(2026 - 01 - 31)));
        assert_eq!(read("day = \"2026-01-31\""), Ok(date!(2026 - 01 - 31)));
        assert_eq!(
            read("day = \"2026-02-30\""),
            Err("\"2026-02-30\" is not a date: February 2026 has 28 days".to_owned())
        );
        assert_eq!(
            read("day = 2026-01-31T10:00:00"),
            Err("expected a date without a time, found 2026-01-31T10:00:00".to_owned())
        );
    }
}
