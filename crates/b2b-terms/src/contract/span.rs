//! Lengths of time written in contracts ("24 months", "90 days") and the
//! calendar arithmetic that turns them into dates.
//!
//! The counting rule is the civil-law one (German BGB § 187(2) and § 188(2),
//! (3); Swedish lag (1930:173) om beräkning av lagstadgad tid reads the same):
//! a period that begins at the start of a day counts that day, and ends at
//! the end of the day before the day of the last month (or week, or year)
//! that has the same number as the first day; when the last month has no
//! such day, the period ends on that month's last day. So 1 month from
//! 1 March ends on 31 March, and 1 month from 31 January ends on 28 (or 29)
//! February.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use time::{Date, Duration, Month};

/// The unit of a [`Span`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanUnit {
    /// Calendar days.
    Day,
    /// Weeks of seven days.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years (twelve months).
    Year,
}

impl SpanUnit {
    fn name(self, count: u32) -> &'static str {
        match (self, count == 1) {
            (SpanUnit::Day, true) => "day",
            (SpanUnit::Day, false) => "days",
            (SpanUnit::Week, true) => "week",
            (SpanUnit::Week, false) => "weeks",
            (SpanUnit::Month, true) => "month",
            (SpanUnit::Month, false) => "months",
            (SpanUnit::Year, true) => "year",
            (SpanUnit::Year, false) => "years",
        }
    }
}

/// A length of time such as `24 months`: a positive count of a unit.
///
/// ```
/// use b2b_terms::contract::Span;
/// use time::macros::date;
///
/// let term: Span = "24 months".parse()?;
/// assert_eq!(term.last_day_from(date!(2026 - 01 - 01))?, date!(2027 - 12 - 31));
/// let month: Span = "1 month".parse()?;
/// assert_eq!(month.last_day_from(date!(2026 - 01 - 31))?, date!(2026 - 02 - 28));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    count: u32,
    unit: SpanUnit,
}

/// A text that is not a span, or a span that leaves the supported dates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpanError {
    /// The text is not `<count> <unit>`.
    #[error("{:?} is not a length of time (expected a whole number and a unit: days, weeks, months or years, such as \"24 months\")", b2b_core::excerpt(.text))]
    Invalid {
        /// The text as given.
        text: String,
    },
    /// The count is zero.
    #[error("{:?} is an empty length of time (the count must be at least 1)", b2b_core::excerpt(.text))]
    Zero {
        /// The text as given.
        text: String,
    },
    /// The resulting date is outside the dates this crate supports.
    #[error("{span} from {start} goes beyond the supported dates (years -9999 to 9999)")]
    OutOfRange {
        /// The span.
        span: Span,
        /// The date it was counted from.
        start: Date,
    },
}

impl Span {
    /// A span of `count` units; `None` when `count` is zero.
    pub fn new(count: u32, unit: SpanUnit) -> Option<Span> {
        (count > 0).then_some(Span { count, unit })
    }

    /// How many units.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The unit.
    pub fn unit(&self) -> SpanUnit {
        self.unit
    }

    /// The last day of a period of this length that begins on (and counts)
    /// `start` (BGB § 188(2), (3)).
    ///
    /// # Errors
    ///
    /// [`SpanError::OutOfRange`] when the last day falls outside the
    /// supported years (-9999 to 9999).
    pub fn last_day_from(&self, start: Date) -> Result<Date, SpanError> {
        let out_of_range = || SpanError::OutOfRange { span: *self, start };
        let end = match self.days() {
            Some(days) => start.checked_add(Duration::days(days - 1)),
            None => self.months().and_then(|months| {
                let (year, month) = add_months(start.year(), start.month(), i64::from(months))?;
                if start.day() <= month.length(year) {
                    Date::from_calendar_date(year, month, start.day())
                        .ok()?
                        .previous_day()
                } else {
                    Date::from_calendar_date(year, month, month.length(year)).ok()
                }
            }),
        };
        end.ok_or_else(out_of_range)
    }

    /// The latest day on which a notice of this length may be given so that
    /// the notice period it starts (on the next day, BGB § 187(1)) ends no
    /// later than `last_day`.
    ///
    /// ```
    /// use b2b_terms::contract::Span;
    /// use time::macros::date;
    ///
    /// let notice: Span = "3 months".parse()?;
    /// assert_eq!(notice.last_notice_day(date!(2027 - 12 - 31))?, date!(2027 - 09 - 30));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SpanError::OutOfRange`] when the notice day or its period falls
    /// outside the supported years (-9999 to 9999).
    pub fn last_notice_day(&self, last_day: Date) -> Result<Date, SpanError> {
        let out_of_range = || SpanError::OutOfRange {
            span: *self,
            start: last_day,
        };
        let fits = |given: Date| -> Result<bool, SpanError> {
            let starts = given.next_day().ok_or_else(out_of_range)?;
            Ok(self.last_day_from(starts)? <= last_day)
        };
        // Counting back gives a day within a few days of the answer (month
        // lengths differ); the forward rule then settles it exactly.
        let mut given = self.back_from(last_day).ok_or_else(out_of_range)?;
        // (The loops stop: `fits` is monotone in the day the notice is given.)
        while !fits(given)? {
            given = given.previous_day().ok_or_else(out_of_range)?;
        }
        while let Some(next) = given.next_day() {
            if fits(next)? {
                given = next;
            } else {
                break;
            }
        }
        Ok(given)
    }

    /// The date `times` spans after `date`: the same day number, or the
    /// month's last day where the month is shorter (monthly from 31 January:
    /// 28 February, 31 March, 30 April). `times` may be negative.
    ///
    /// # Errors
    ///
    /// [`SpanError::OutOfRange`] when the date falls outside the supported
    /// years (-9999 to 9999).
    pub fn times_after(&self, date: Date, times: i64) -> Result<Date, SpanError> {
        let shifted = match self.days() {
            Some(days) => days
                .checked_mul(times)
                .and_then(|days| date.checked_add(Duration::days(days))),
            None => self.months().and_then(|months| {
                let (year, month) = add_months(
                    date.year(),
                    date.month(),
                    i64::from(months).checked_mul(times)?,
                )?;
                Date::from_calendar_date(year, month, date.day().min(month.length(year))).ok()
            }),
        };
        shifted.ok_or(SpanError::OutOfRange {
            span: *self,
            start: date,
        })
    }

    /// An estimate of the last notice day: one span back from the day
    /// after `last_day`, less a day.
    fn back_from(&self, last_day: Date) -> Option<Date> {
        let after = last_day.next_day()?;
        self.times_after(after, -1).ok()?.previous_day()
    }

    /// The length in days, for day and week spans.
    fn days(&self) -> Option<i64> {
        match self.unit {
            SpanUnit::Day => Some(i64::from(self.count)),
            SpanUnit::Week => Some(i64::from(self.count) * 7),
            SpanUnit::Month | SpanUnit::Year => None,
        }
    }

    /// The length in months, for month and year spans.
    fn months(&self) -> Option<u32> {
        match self.unit {
            SpanUnit::Month => Some(self.count),
            SpanUnit::Year => self.count.checked_mul(12),
            SpanUnit::Day | SpanUnit::Week => None,
        }
    }
}

/// `(year, month)` moved by `months`, or `None` outside the supported years.
fn add_months(year: i32, month: Month, months: i64) -> Option<(i32, Month)> {
    let index = i64::from(year) * 12 + i64::from(u8::from(month)) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    (-9999..=9999).contains(&year).then_some((year, month))
}

impl FromStr for Span {
    type Err = SpanError;

    fn from_str(text: &str) -> Result<Span, SpanError> {
        let invalid = || SpanError::Invalid {
            text: text.to_owned(),
        };
        let mut words = text.split_whitespace();
        let (Some(count), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err(invalid());
        };
        if !count.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let count: u32 = count.parse().map_err(|_| invalid())?;
        let unit = match unit.to_ascii_lowercase().as_str() {
            "day" | "days" => SpanUnit::Day,
            "week" | "weeks" => SpanUnit::Week,
            "month" | "months" => SpanUnit::Month,
            "year" | "years" => SpanUnit::Year,
            _ => return Err(invalid()),
        };
        Span::new(count, unit).ok_or_else(|| SpanError::Zero {
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.count, self.unit.name(self.count))
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn span(text: &str) -> Span {
        text.parse().expect("a span")
    }

    #[test]
    fn months_end_the_day_before_the_same_day_number() {
        // BGB § 188(2): the period ends with the day before the one with the
        // same number; § 188(3): or the last day of a shorter month.
        assert_eq!(
            span("1 month").last_day_from(date!(2026 - 03 - 01)),
            Ok(date!(2026 - 03 - 31))
        );
        assert_eq!(
            span("1 month").last_day_from(date!(2026 - 03 - 15)),
            Ok(date!(2026 - 04 - 14))
        );
        assert_eq!(
            span("1 month").last_day_from(date!(2026 - 01 - 31)),
            Ok(date!(2026 - 02 - 28))
        );
        assert_eq!(
            span("1 month").last_day_from(date!(2028 - 01 - 30)),
            Ok(date!(2028 - 02 - 29))
        );
        assert_eq!(
            span("1 month").last_day_from(date!(2028 - 01 - 29)),
            Ok(date!(2028 - 02 - 28))
        );
        assert_eq!(
            span("12 months").last_day_from(date!(2026 - 01 - 01)),
            Ok(date!(2026 - 12 - 31))
        );
        assert_eq!(
            span("1 year").last_day_from(date!(2028 - 02 - 29)),
            Ok(date!(2029 - 02 - 28))
        );
        assert_eq!(
            span("2 weeks").last_day_from(date!(2026 - 11 - 26)),
            Ok(date!(2026 - 12 - 09))
        );
        assert_eq!(
            span("1 day").last_day_from(date!(2026 - 12 - 31)),
            Ok(date!(2026 - 12 - 31))
        );
    }

    #[test]
    fn notice_leaves_a_whole_notice_period_before_the_end() {
        let three_months = span("3 months");
        assert_eq!(
            three_months.last_notice_day(date!(2027 - 12 - 31)),
            Ok(date!(2027 - 09 - 30))
        );
        assert_eq!(
            three_months.last_notice_day(date!(2027 - 06 - 30)),
            Ok(date!(2027 - 03 - 31))
        );
        // A term ending on 30 May: notice on 27 Feb starts a period 28 Feb to
        // 27 May; notice on 28 Feb would run to 31 May, past the end.
        assert_eq!(
            three_months.last_notice_day(date!(2026 - 05 - 30)),
            Ok(date!(2026 - 02 - 27))
        );
        assert_eq!(
            span("90 days").last_notice_day(date!(2027 - 12 - 31)),
            Ok(date!(2027 - 10 - 02))
        );
    }

    #[test]
    fn texts_parse_and_print_canonically() {
        assert_eq!(span("24 Months").to_string(), "24 months");
        assert_eq!(span(" 1  year ").to_string(), "1 year");
        for bad in [
            "",
            "24",
            "months",
            "-1 month",
            "1.5 months",
            "2 fortnights",
            "1 month extra",
        ] {
            assert!(
                matches!(bad.parse::<Span>(), Err(SpanError::Invalid { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            "0 days".parse::<Span>(),
            Err(SpanError::Zero { .. })
        ));
        assert!(matches!(
            span("1 month").last_day_from(date!(9999 - 12 - 31)),
            Err(SpanError::OutOfRange { .. })
        ));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1900i32..2200, 1u16..=365).prop_map(|(year, ordinal)| {
            Date::from_ordinal_date(year, ordinal).expect("ordinal 1..=365 exists every year")
        })
    }

    fn any_span() -> impl Strategy<Value = Span> {
        (
            1u32..40,
            prop_oneof![
                Just(SpanUnit::Day),
                Just(SpanUnit::Week),
                Just(SpanUnit::Month),
                Just(SpanUnit::Year)
            ],
        )
            .prop_map(|(count, unit)| Span { count, unit })
    }

    proptest! {
        #[test]
        fn the_last_notice_day_is_the_latest_that_fits(span in any_span(), end in any_date()) {
            let given = span.last_notice_day(end).expect("in range");
            let runs_to = |day: Date| span.last_day_from(day.next_day().expect("in range")).expect("in range");
            prop_assert!(runs_to(given) <= end);
            prop_assert!(runs_to(given.next_day().expect("in range")) > end);
        }

        #[test]
        fn consecutive_periods_tile_the_calendar(span in any_span(), start in any_date()) {
            let end = span.last_day_from(start).expect("in range");
            prop_assert!(end >= start);
            // A later start never ends earlier.
            let later = span.last_day_from(start.next_day().expect("in range")).expect("in range");
            prop_assert!(later >= end);
        }
    }
}
