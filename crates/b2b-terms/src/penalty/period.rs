//! The period a penalty rate applies to, and how a begun period counts.

use std::fmt;
use std::str::FromStr;

use b2b_core::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

use super::PenaltyError;

/// The unit of a penalty period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven calendar days.
    Weeks,
    /// Calendar months counted from the due date: the k-th period ends on
    /// the due date's day of the month k months later, or on that month's
    /// last day if it is shorter (31 January plus 1 month is 28 or 29
    /// February, plus 2 months is 31 March). Each end is computed from the
    /// due date, never from the previous end, so a short month does not
    /// shift later ones.
    Months,
}

impl PeriodUnit {
    /// Days in one unit, if fixed (not for months).
    pub fn fixed_days(self) -> Option<u32> {
        match self {
            PeriodUnit::Days => Some(1),
            PeriodUnit::Weeks => Some(7),
            PeriodUnit::Months => None,
        }
    }
}

/// How far a delay runs into its periods: `whole` completed periods, then
/// `into` days into the current one, which is `length` days long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Elapsed {
    /// Completed periods.
    pub whole: u32,
    /// Days into the current, incomplete period (0 if none has begun).
    pub into: u32,
    /// The current period's length in days.
    pub length: u32,
}

/// A penalty period such as "2 days", "1 week" or "1 month".
///
/// Read and written as that text: a whole number, a space, and `day(s)`,
/// `week(s)` or `month(s)` (ASCII case-insensitive). A bare unit (`"week"`)
/// means one of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// How many units.
    pub count: u32,
    /// The unit.
    pub unit: PeriodUnit,
}

impl Period {
    /// A period of `count` units.
    pub fn new(count: u32, unit: PeriodUnit) -> Period {
        Period { count, unit }
    }

    /// How far a delay from `due` to `delivered` runs into periods of this
    /// length (nothing if `delivered` is not after `due`).
    ///
    /// # Errors
    ///
    /// [`PenaltyError::EmptyPeriod`] for a zero count,
    /// [`PenaltyError::PeriodTooLong`] for more days than a `u32` holds, and
    /// [`PenaltyError::Overflow`] if a period would end after the last
    /// representable date.
    pub fn elapsed(&self, due: Date, delivered: Date) -> Result<Elapsed, PenaltyError> {
        if self.count == 0 {
            return Err(PenaltyError::EmptyPeriod(*self));
        }
        let days = u32::try_from((delivered - due).whole_days().max(0)).unwrap_or(u32::MAX);
        match self.unit.fixed_days() {
            Some(unit) => {
                let length = self
                    .count
                    .checked_mul(unit)
                    .ok_or(PenaltyError::PeriodTooLong(*self))?;
                Ok(Elapsed {
                    whole: days / length,
                    into: days % length,
                    length,
                })
            }
            None => self.elapsed_months(due, delivered.max(due)),
        }
    }

    fn elapsed_months(&self, due: Date, delivered: Date) -> Result<Elapsed, PenaltyError> {
        let end_of = |k: u32| {
            k.checked_mul(self.count)
                .and_then(|months| add_months(due, months))
        };
        let month_index = |d: Date| i64::from(d.year()) * 12 + i64::from(u8::from(d.month()));
        let months = month_index(delivered) - month_index(due);
        let mut whole = u32::try_from(months).unwrap_or(0) / self.count;
        while whole > 0 && end_of(whole).is_none_or(|end| end > delivered) {
            whole -= 1;
        }
        while end_of(whole + 1).is_some_and(|end| end <= delivered) {
            whole += 1;
        }
        let overflow = || PenaltyError::Overflow("the end of the current period");
        let start = end_of(whole).ok_or_else(overflow)?;
        let end = end_of(whole + 1).ok_or_else(overflow)?;
        let days = |from: Date, to: Date| u32::try_from((to - from).whole_days()).unwrap_or(0);
        Ok(Elapsed {
            whole,
            into: days(start, delivered),
            length: days(start, end),
        })
    }
}

/// `date` plus `months` calendar months, on the same day of the month or
/// the month's last day if it is shorter; `None` past the last date.
fn add_months(date: Date, months: u32) -> Option<Date> {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1) + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match (self.unit, self.count) {
            (PeriodUnit::Days, 1) => "day",
            (PeriodUnit::Days, _) => "days",
            (PeriodUnit::Weeks, 1) => "week",
            (PeriodUnit::Weeks, _) => "weeks",
            (PeriodUnit::Months, 1) => "month",
            (PeriodUnit::Months, _) => "months",
        };
        write!(f, "{} {unit}", self.count)
    }
}

impl FromStr for Period {
    type Err = PenaltyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || PenaltyError::InvalidPeriod(text.to_owned());
        let mut words = text.split_ascii_whitespace();
        let (count, unit) = match (words.next(), words.next(), words.next()) {
            (Some(unit), None, None) => (1, unit),
            (Some(count), Some(unit), None) => (count.parse().map_err(|_| invalid())?, unit),
            _ => return Err(invalid()),
        };
        let unit = match unit.to_ascii_lowercase().as_str() {
            "day" | "days" => PeriodUnit::Days,
            "week" | "weeks" => PeriodUnit::Weeks,
            "month" | "months" => PeriodUnit::Months,
            _ => return Err(invalid()),
        };
        Ok(Period { count, unit })
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How a period of delay that has begun but not ended counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartialPeriod {
    /// In proportion: 5 days at "2 days" is 2.5 periods.
    ProRata,
    /// A begun period counts whole: 5 days at "2 days" is 3 periods.
    Started,
    /// Only completed periods count: 5 days at "2 days" is 2 periods.
    Truncate,
}

impl PartialPeriod {
    /// The name used in files and output: `pro-rata`, `started`, `truncate`.
    pub fn name(self) -> &'static str {
        match self {
            PartialPeriod::ProRata => "pro-rata",
            PartialPeriod::Started => "started",
            PartialPeriod::Truncate => "truncate",
        }
    }

    /// The periods an [`Elapsed`] delay counts for under this rule.
    pub fn periods(self, elapsed: Elapsed) -> Decimal {
        let whole = Decimal::from(elapsed.whole);
        match self {
            PartialPeriod::ProRata => (whole
                + Decimal::from(elapsed.into) / Decimal::from(elapsed.length.max(1)))
            .normalize(),
            PartialPeriod::Started if elapsed.into > 0 => whole + Decimal::ONE,
            PartialPeriod::Started | PartialPeriod::Truncate => whole,
        }
    }
}

impl fmt::Display for PartialPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for PartialPeriod {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            PartialPeriod::ProRata,
            PartialPeriod::Started,
            PartialPeriod::Truncate,
        ]
        .into_iter()
        .find(|p| p.name().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| {
            format!(
                "{:?} is not a partial-period rule (pro-rata, started, truncate)",
                b2b_core::excerpt(text)
            )
        })
    }
}
