//! The period a penalty rate applies to, and how a begun period counts.

use std::fmt;
use std::str::FromStr;

use b2b_core::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::PenaltyError;

/// The unit of a penalty period.
///
/// Months are not offered: a month is 28 to 31 days, so "per month" needs a
/// rule for which months and how a part of one counts, which a contract
/// rarely states; write the period in days or weeks instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven calendar days.
    Weeks,
}

impl PeriodUnit {
    /// Days in one unit.
    pub fn days(self) -> u32 {
        match self {
            PeriodUnit::Days => 1,
            PeriodUnit::Weeks => 7,
        }
    }
}

/// A penalty period such as "2 days" or "1 week".
///
/// Read and written as that text: a whole number, a space, and `day`,
/// `days`, `week` or `weeks` (ASCII case-insensitive). A bare unit (`"week"`)
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

    /// The period's length in days (saturating; 0 for a zero count).
    pub fn days(&self) -> u32 {
        self.count.saturating_mul(self.unit.days())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match (self.unit, self.count) {
            (PeriodUnit::Days, 1) => "day",
            (PeriodUnit::Days, _) => "days",
            (PeriodUnit::Weeks, 1) => "week",
            (PeriodUnit::Weeks, _) => "weeks",
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

    /// Periods in `days` days of periods `period_days` long (at least 1).
    pub fn periods(self, days: u32, period_days: u32) -> Decimal {
        let period_days = period_days.max(1);
        match self {
            PartialPeriod::ProRata => {
                (Decimal::from(days) / Decimal::from(period_days)).normalize()
            }
            PartialPeriod::Started => Decimal::from(days.div_ceil(period_days)),
            PartialPeriod::Truncate => Decimal::from(days / period_days),
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
            format!("{text:?} is not a partial-period rule (pro-rata, started, truncate)")
        })
    }
}
