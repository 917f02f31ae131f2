//! Calendar half-years, the periods reference rates are set for.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use time::{Date, Month};

use super::LateError;

/// A calendar half-year: 1 January to 30 June (`H1`) or 1 July to
/// 31 December (`H2`). Written `"2025-H1"`.
///
/// ```
/// use b2b_terms::late::HalfYear;
/// use time::macros::date;
///
/// let half: HalfYear = "2025-H2".parse()?;
/// assert_eq!(half.first_day(), date!(2025 - 07 - 01));
/// assert_eq!(half.last_day(), date!(2025 - 12 - 31));
/// assert_eq!(HalfYear::containing(date!(2025 - 03 - 15)).to_string(), "2025-H1");
/// # Ok::<(), b2b_terms::late::LateError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HalfYear {
    first: Date,
    last: Date,
}

impl HalfYear {
    /// The half-year that contains `date`.
    pub fn containing(date: Date) -> HalfYear {
        let year = date.year();
        let (first, last) = if u8::from(date.month()) <= 6 {
            ((Month::January, 1), (Month::June, 30))
        } else {
            ((Month::July, 1), (Month::December, 31))
        };
        // Both days exist in every year a `Date` can hold, so the fallback
        // to `date` itself is never taken.
        let first = Date::from_calendar_date(year, first.0, first.1).unwrap_or(date);
        let last = Date::from_calendar_date(year, last.0, last.1).unwrap_or(date);
        HalfYear { first, last }
    }

    /// The half-year `half` (1 or 2) of `year`, if `year` is one a date can
    /// hold (−9999 to 9999).
    pub fn new(year: i32, half: u8) -> Option<HalfYear> {
        let month = match half {
            1 => Month::January,
            2 => Month::July,
            _ => return None,
        };
        Date::from_calendar_date(year, month, 1)
            .ok()
            .map(HalfYear::containing)
    }

    /// 1 January or 1 July.
    pub fn first_day(self) -> Date {
        self.first
    }

    /// 30 June or 31 December.
    pub fn last_day(self) -> Date {
        self.last
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.first.year()
    }

    /// 1 for January–June, 2 for July–December.
    pub fn half(self) -> u8 {
        if self.first.month() == Month::January {
            1
        } else {
            2
        }
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-H{}", self.year(), self.half())
    }
}

impl FromStr for HalfYear {
    type Err = LateError;

    /// Parses `"2025-H1"` or `"2025-H2"` (the `H` in either case).
    ///
    /// # Errors
    ///
    /// [`LateError::InvalidHalfYear`] for anything else.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || LateError::InvalidHalfYear {
            text: text.to_owned(),
        };
        let (year, half) = text.trim().split_once('-').ok_or_else(invalid)?;
        let half = half
            .strip_prefix(['H', 'h'])
            .and_then(|h| h.parse::<u8>().ok())
            .ok_or_else(invalid)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let year = year.parse::<i32>().map_err(|_| invalid())?;
        HalfYear::new(year, half).ok_or_else(invalid)
    }
}

impl Serialize for HalfYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn containing_finds_both_halves() {
        let h1 = HalfYear::containing(date!(2024 - 06 - 30));
        assert_eq!(
            (h1.first_day(), h1.last_day()),
            (date!(2024 - 01 - 01), date!(2024 - 06 - 30))
        );
        let h2 = HalfYear::containing(date!(2024 - 07 - 01));
        assert_eq!(
            (h2.first_day(), h2.last_day()),
            (date!(2024 - 07 - 01), date!(2024 - 12 - 31))
        );
        assert!(h1 < h2);
    }

    #[test]
    fn parses_and_prints() {
        for text in ["2009-H1", "2026-H2"] {
            let half: HalfYear = text.parse().expect("valid half-year");
            assert_eq!(half.to_string(), text);
        }
        assert_eq!(
            "2025-h2".parse::<HalfYear>().map(|h| h.to_string()),
            Ok("2025-H2".to_owned())
        );
    }

    #[test]
    fn rejects_malformed_labels() {
        for text in [
            "2025", "2025-H3", "2025-H0", "25-H1", "2025-Q1", "", "2025-H", "+202-H1",
        ] {
            assert_eq!(
                text.parse::<HalfYear>(),
                Err(LateError::InvalidHalfYear {
                    text: text.to_owned()
                }),
                "{text}"
            );
        }
    }
}
