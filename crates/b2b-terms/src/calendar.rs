//! Business calendars and roll conventions.
//!
//! A [`Calendar`] knows which days are business days: every Monday to
//! Friday that is not one of its holidays. Three calendars are computed from
//! their rules for a wide range of years: Sweden ([`Calendar::sweden`]),
//! Germany's nationwide holidays ([`Calendar::germany`]) and the euro
//! payment system's closing days ([`Calendar::target`]). Users add their
//! own holidays from a file ([`Calendar::parse_holidays`]) and may combine
//! calendars ([`Calendar::union`]).
//!
//! A [`Roll`] convention moves a date that falls on a non-business day to a
//! business day ([`Calendar::roll`]).
//!
//! ```
//! use b2b_terms::calendar::{Calendar, Roll};
//! use time::macros::date;
//!
//! let se = Calendar::sweden();
//! // Saturday 26 December 2026 is Boxing Day as well; Monday is the next business day.
//! assert!(!se.is_business_day(date!(2026 - 12 - 26))?);
//! assert_eq!(se.roll(date!(2026 - 12 - 26), Roll::Following)?, date!(2026 - 12 - 28));
//! // Midsummer Eve 2026 is Friday 19 June; the month-end rule is not needed here.
//! assert_eq!(se.roll(date!(2026 - 06 - 19), Roll::Preceding)?, date!(2026 - 06 - 18));
//! # Ok::<(), b2b_terms::calendar::CalendarError>(())
//! ```

mod easter;
mod file;
mod rules;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, Weekday};

pub use b2b_core::{DateError, parse_iso_date};
use rules::{Shipped, State};

/// How far [`Calendar::roll`] searches for a business day before giving up
/// (only a user holiday list that closes a whole year can exhaust it).
const MAX_ROLL_DAYS: u32 = 366;

/// A named day on which a calendar is closed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Holiday {
    /// The day.
    pub date: Date,
    /// Its name, such as `"Midsummer Eve (midsommarafton)"`.
    pub name: String,
}

/// Which days are business days: Monday to Friday, except holidays.
///
/// Shipped calendars compute their holidays from rules for every year in
/// [`Calendar::years`]; asking about a date outside that range is an error
/// rather than a guess. A calendar built only from a user's list has no such
/// range: any day not listed (and not a weekend) is a business day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    name: String,
    shipped: Vec<Shipped>,
    listed: BTreeMap<Date, String>,
}

impl Calendar {
    /// Sweden (`SE`): the public holidays of Lag (1989:253) om allmänna
    /// helgdagar plus Midsummer Eve, Christmas Eve and New Year's Eve, which
    /// are bank holidays in practice and count as holidays for deadlines
    /// under Lag (1930:173) § 2. Years 1990 to 2199.
    pub fn sweden() -> Calendar {
        Calendar::shipped(Shipped::Sweden)
    }

    /// Germany (`DE`): the holidays observed in all sixteen states (state-only
    /// holidays such as Epiphany or Corpus Christi are not included; add them
    /// with a holiday file). Years 1991 to 2199.
    pub fn germany() -> Calendar {
        Calendar::shipped(Shipped::Germany)
    }

    /// A German state (`DE-BY`, `DE-NW`, ...: `DE-` and the ISO 3166-2:DE
    /// code): the nationwide holidays plus the state's own, such as
    /// Epiphany, Corpus Christi, Reformation Day or All Saints' Day, where
    /// the whole state keeps them. Years 1995 to 2199.
    ///
    /// # Errors
    ///
    /// [`CalendarError::UnknownCalendar`] for an unknown state code.
    pub fn german_state(code: &str) -> Result<Calendar, CalendarError> {
        let wanted = code.trim().to_ascii_uppercase();
        let wanted = if wanted.starts_with("DE-") {
            wanted
        } else {
            format!("DE-{wanted}")
        };
        State::ALL
            .into_iter()
            .find(|state| state.code() == wanted)
            .map(|state| Calendar::shipped(Shipped::GermanState(state)))
            .ok_or_else(|| CalendarError::UnknownCalendar {
                code: code.to_owned(),
            })
    }

    /// TARGET (`TARGET`): the closing days of the euro area's real-time gross
    /// settlement system (TARGET2, now T2): New Year's Day, Good Friday,
    /// Easter Monday, 1 May, 25 and 26 December. Years 2002 to 2199.
    pub fn target() -> Calendar {
        Calendar::shipped(Shipped::Target)
    }

    /// Weekends only: every Monday to Friday is a business day.
    pub fn weekends_only() -> Calendar {
        Calendar::from_holidays("weekends", [])
    }

    fn shipped(rules: Shipped) -> Calendar {
        Calendar {
            name: rules.code().to_owned(),
            shipped: vec![rules],
            listed: BTreeMap::new(),
        }
    }

    /// A shipped calendar by its code, ASCII case-insensitive: `SE`, `DE`,
    /// `DE-BY` (any German state, see [`Calendar::german_state`]), or
    /// `TARGET` (also `TARGET2`, `T2`).
    ///
    /// # Errors
    ///
    /// [`CalendarError::UnknownCalendar`] for any other code.
    pub fn by_code(code: &str) -> Result<Calendar, CalendarError> {
        match code.trim().to_ascii_uppercase().as_str() {
            "SE" => Ok(Calendar::sweden()),
            "DE" => Ok(Calendar::germany()),
            "TARGET" | "TARGET2" | "T2" => Ok(Calendar::target()),
            state if state.starts_with("DE-") => Calendar::german_state(code),
            _ => Err(CalendarError::UnknownCalendar {
                code: code.to_owned(),
            }),
        }
    }

    /// A calendar closed on weekends and on the given days. A date given
    /// twice keeps both names, joined by `" / "`.
    pub fn from_holidays(
        name: impl Into<String>,
        holidays: impl IntoIterator<Item = Holiday>,
    ) -> Calendar {
        let mut calendar = Calendar {
            name: name.into(),
            shipped: Vec::new(),
            listed: BTreeMap::new(),
        };
        for holiday in holidays {
            calendar.list(holiday.date, &holiday.name);
        }
        calendar
    }

    /// A calendar from the text of a holiday file (format: one
    /// `YYYY-MM-DD` date per line, optionally followed by a name; `#`
    /// starts a comment; blank lines are ignored). `name` identifies the
    /// file in errors and becomes the calendar's name.
    ///
    /// ```
    /// use b2b_terms::calendar::Calendar;
    /// use time::macros::date;
    ///
    /// let office = Calendar::parse_holidays("office.txt", "2026-12-28 Year-end closing\n")?;
    /// let calendar = Calendar::sweden().union(&office);
    /// assert_eq!(calendar.name(), "SE+office.txt");
    /// assert!(!calendar.is_business_day(date!(2026 - 12 - 28))?);
    /// # Ok::<(), b2b_terms::calendar::CalendarError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`CalendarError::HolidayFile`] naming the line of a bad date, and
    /// [`CalendarError::DuplicateHoliday`] for a date listed twice.
    pub fn parse_holidays(name: &str, text: &str) -> Result<Calendar, CalendarError> {
        let holidays = file::parse_holiday_lines(name, text)?;
        Ok(Calendar::from_holidays(name, holidays))
    }

    /// This calendar and `other` together: a day is a business day only if
    /// it is one in both. The name joins both names with `+`.
    #[must_use]
    pub fn union(mut self, other: &Calendar) -> Calendar {
        self.name = format!("{}+{}", self.name, other.name);
        for rules in &other.shipped {
            if !self.shipped.contains(rules) {
                self.shipped.push(*rules);
            }
        }
        for (date, name) in &other.listed {
            self.list(*date, name);
        }
        self
    }

    fn list(&mut self, date: Date, name: &str) {
        self.listed
            .entry(date)
            .and_modify(|names| {
                names.push_str(" / ");
                names.push_str(name);
            })
            .or_insert_with(|| name.to_owned());
    }

    /// The name: a code such as `SE`, a file name, or names joined by `+`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The years the holiday rules cover, or `None` when the calendar has no
    /// rules (only weekends and listed days), so that any year is covered.
    pub fn years(&self) -> Option<RangeInclusive<i32>> {
        self.shipped
            .iter()
            .map(|rules| rules.years())
            .reduce(|a, b| *a.start().max(b.start())..=*a.end().min(b.end()))
    }

    fn check_covered(&self, date: Date) -> Result<(), CalendarError> {
        match self.years() {
            Some(years) if !years.contains(&date.year()) => Err(CalendarError::OutOfRange {
                calendar: self.name.clone(),
                date,
                first_year: *years.start(),
                last_year: *years.end(),
            }),
            _ => Ok(()),
        }
    }

    /// All holidays of `year` (including those that fall on a weekend), in
    /// date order; a day that is a holiday for several reasons appears once
    /// with its names joined by `" / "`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::YearOutOfRange`] if the rules do not cover `year`.
    pub fn holidays(&self, year: i32) -> Result<Vec<Holiday>, CalendarError> {
        let mut all: BTreeMap<Date, String> = BTreeMap::new();
        for rules in &self.shipped {
            let days = rules
                .holidays(year)
                .ok_or_else(|| CalendarError::YearOutOfRange {
                    calendar: self.name.clone(),
                    year,
                    first_year: *rules.years().start(),
                    last_year: *rules.years().end(),
                })?;
            for (date, name) in days {
                join_name(&mut all, date, name);
            }
        }
        for (date, name) in self.listed.iter().filter(|(d, _)| d.year() == year) {
            join_name(&mut all, *date, name);
        }
        Ok(all
            .into_iter()
            .map(|(date, name)| Holiday { date, name })
            .collect())
    }

    /// Why `date` is not a business day (`"Saturday"`, `"Sunday"` or the
    /// holiday's name), or `None` if it is one.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] if the rules do not cover the date.
    pub fn closed_because(&self, date: Date) -> Result<Option<String>, CalendarError> {
        self.check_covered(date)?;
        let mut reasons: Vec<String> = Vec::new();
        match date.weekday() {
            Weekday::Saturday => reasons.push("Saturday".to_owned()),
            Weekday::Sunday => reasons.push("Sunday".to_owned()),
            _ => {}
        }
        for rules in &self.shipped {
            let days = rules.holidays(date.year()).unwrap_or_default();
            if let Some((_, name)) = days.iter().find(|(d, _)| *d == date) {
                reasons.push((*name).to_owned());
            }
        }
        if let Some(name) = self.listed.get(&date) {
            reasons.push(name.clone());
        }
        Ok((!reasons.is_empty()).then(|| reasons.join(" / ")))
    }

    /// Whether `date` is a business day: a Monday to Friday that is not a
    /// holiday of this calendar.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] if the rules do not cover the date.
    pub fn is_business_day(&self, date: Date) -> Result<bool, CalendarError> {
        Ok(self.closed_because(date)?.is_none())
    }

    /// `date` moved to a business day by `roll` (a business day stays put).
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] if the search leaves the covered years,
    /// [`CalendarError::NoBusinessDay`] if no business day is found within a
    /// year.
    pub fn roll(&self, date: Date, roll: Roll) -> Result<Date, CalendarError> {
        if roll == Roll::None || self.is_business_day(date)? {
            return Ok(date);
        }
        match roll {
            Roll::None => Ok(date),
            Roll::Following => self.search(date, true, roll),
            Roll::Preceding => self.search(date, false, roll),
            Roll::ModifiedFollowing => {
                let later = self.search(date, true, roll)?;
                if later.month() == date.month() {
                    Ok(later)
                } else {
                    self.search(date, false, roll)
                }
            }
            Roll::ModifiedPreceding => {
                let earlier = self.search(date, false, roll)?;
                if earlier.month() == date.month() {
                    Ok(earlier)
                } else {
                    self.search(date, true, roll)
                }
            }
        }
    }

    fn search(&self, from: Date, forward: bool, roll: Roll) -> Result<Date, CalendarError> {
        let mut day = from;
        for _ in 0..MAX_ROLL_DAYS {
            let next = if forward {
                day.next_day()
            } else {
                day.previous_day()
            };
            day = next.ok_or(CalendarError::NoBusinessDay {
                calendar: self.name.clone(),
                date: from,
                roll,
            })?;
            if self.is_business_day(day)? {
                return Ok(day);
            }
        }
        Err(CalendarError::NoBusinessDay {
            calendar: self.name.clone(),
            date: from,
            roll,
        })
    }
}

fn join_name(all: &mut BTreeMap<Date, String>, date: Date, name: &str) {
    all.entry(date)
        .and_modify(|names| {
            if !names.split(" / ").any(|n| n == name) {
                names.push_str(" / ");
                names.push_str(name);
            }
        })
        .or_insert_with(|| name.to_owned());
}

/// How a date that falls on a non-business day is moved.
///
/// Serialised and parsed in kebab case: `none`, `following`,
/// `modified-following`, `preceding`, `modified-preceding`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Roll {
    /// Keep the date even if it is not a business day.
    #[default]
    None,
    /// The next business day.
    Following,
    /// The next business day, unless that is in the next month: then the
    /// previous business day (so a month-end date stays in its month).
    ModifiedFollowing,
    /// The previous business day.
    Preceding,
    /// The previous business day, unless that is in the previous month: then
    /// the next business day.
    ModifiedPreceding,
}

impl Roll {
    /// Every convention, in the order documented.
    pub const ALL: [Roll; 5] = [
        Roll::None,
        Roll::Following,
        Roll::ModifiedFollowing,
        Roll::Preceding,
        Roll::ModifiedPreceding,
    ];

    /// The kebab-case name: `"modified-following"`.
    pub fn name(self) -> &'static str {
        match self {
            Roll::None => "none",
            Roll::Following => "following",
            Roll::ModifiedFollowing => "modified-following",
            Roll::Preceding => "preceding",
            Roll::ModifiedPreceding => "modified-preceding",
        }
    }
}

impl fmt::Display for Roll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Roll {
    type Err = CalendarError;

    /// Parses a kebab-case name, ASCII case-insensitive.
    fn from_str(text: &str) -> Result<Roll, CalendarError> {
        Roll::ALL
            .into_iter()
            .find(|roll| roll.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| CalendarError::UnknownRoll {
                text: text.to_owned(),
            })
    }
}

/// What went wrong with a calendar, a holiday file or a roll.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A date outside the years a calendar's rules cover.
    #[error(
        "calendar {calendar} covers the years {first_year} to {last_year}; {date} is outside them"
    )]
    OutOfRange {
        /// The calendar's name.
        calendar: String,
        /// The date asked about.
        date: Date,
        /// First covered year.
        first_year: i32,
        /// Last covered year.
        last_year: i32,
    },
    /// A year outside the years a calendar's rules cover.
    #[error("calendar {calendar} covers the years {first_year} to {last_year}, not {year}")]
    YearOutOfRange {
        /// The calendar's name.
        calendar: String,
        /// The year asked about.
        year: i32,
        /// First covered year.
        first_year: i32,
        /// Last covered year.
        last_year: i32,
    },
    /// A calendar code that is not shipped.
    #[error("unknown calendar {:?} (expected SE, DE, DE-BY and the other German states, TARGET, or a holiday file)", b2b_core::excerpt(.code))]
    UnknownCalendar {
        /// The code as given.
        code: String,
    },
    /// A line of a holiday file whose date is invalid.
    #[error("{source_name} line {line}: {error}")]
    HolidayFile {
        /// The file's name.
        source_name: String,
        /// The line number, from 1.
        line: usize,
        /// What is wrong with the date.
        error: DateError,
    },
    /// A holiday file lists a date twice.
    #[error("{source_name} line {line}: {date} is listed twice (first as {:?})", b2b_core::excerpt(.first))]
    DuplicateHoliday {
        /// The file's name.
        source_name: String,
        /// The line number of the second listing, from 1.
        line: usize,
        /// The date.
        date: Date,
        /// The name of the first listing.
        first: String,
    },
    /// No business day within a year of a date.
    #[error("calendar {calendar} has no business day within a year of {date} to roll {roll} to")]
    NoBusinessDay {
        /// The calendar's name.
        calendar: String,
        /// The date being rolled.
        date: Date,
        /// The convention.
        roll: Roll,
    },
    /// A text that is not a roll convention.
    #[error("unknown roll convention {:?} (expected none, following, modified-following, preceding or modified-preceding)", b2b_core::excerpt(.text))]
    UnknownRoll {
        /// The text as given.
        text: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn codes_and_names() {
        for (code, name) in [
            ("se", "SE"),
            ("DE", "DE"),
            ("target2", "TARGET"),
            ("T2", "TARGET"),
        ] {
            assert_eq!(Calendar::by_code(code).expect(code).name(), name);
        }
        let err = Calendar::by_code("FR").expect_err("not shipped");
        assert_eq!(
            err.to_string(),
            "unknown calendar \"FR\" (expected SE, DE, DE-BY and the other German states, TARGET, or a holiday file)"
        );
    }

    #[test]
    fn out_of_range_is_an_error() {
        let err = Calendar::sweden()
            .is_business_day(date!(2200 - 01 - 01))
            .expect_err("beyond 2199");
        assert_eq!(
            err.to_string(),
            "calendar SE covers the years 1990 to 2199; 2200-01-01 is outside them"
        );
        assert_eq!(
            Calendar::target().holidays(2001).map_err(|e| e.to_string()),
            Err("calendar TARGET covers the years 2002 to 2199, not 2001".to_owned())
        );
        let both = Calendar::sweden().union(&Calendar::target());
        assert_eq!(both.years(), Some(2002..=2199));
        assert_eq!(Calendar::weekends_only().years(), None);
        assert!(
            Calendar::weekends_only()
                .is_business_day(date!(1700 - 03 - 01))
                .expect("any year")
        );
    }

    #[test]
    fn rolls() {
        let se = Calendar::sweden();
        // Easter 2026: Friday 3 April to Monday 6 April closed.
        let good_friday = date!(2026 - 04 - 03);
        let expected = [
            (Roll::None, good_friday),
            (Roll::Following, date!(2026 - 04 - 07)),
            (Roll::ModifiedFollowing, date!(2026 - 04 - 07)),
            (Roll::Preceding, date!(2026 - 04 - 02)),
            (Roll::ModifiedPreceding, date!(2026 - 04 - 02)),
        ];
        for (roll, day) in expected {
            assert_eq!(se.roll(good_friday, roll), Ok(day), "{roll}");
        }
        // Saturday 31 October 2026: following leaves the month, modified stays.
        let de = Calendar::germany();
        assert_eq!(
            de.roll(date!(2026 - 10 - 31), Roll::Following),
            Ok(date!(2026 - 11 - 02))
        );
        assert_eq!(
            de.roll(date!(2026 - 10 - 31), Roll::ModifiedFollowing),
            Ok(date!(2026 - 10 - 30))
        );
        // Sunday 1 March 2026: preceding leaves the month, modified stays.
        assert_eq!(
            de.roll(date!(2026 - 03 - 01), Roll::Preceding),
            Ok(date!(2026 - 02 - 27))
        );
        assert_eq!(
            de.roll(date!(2026 - 03 - 01), Roll::ModifiedPreceding),
            Ok(date!(2026 - 03 - 02))
        );
    }

    #[test]
    fn a_closed_year_is_reported() {
        let start = date!(2030 - 01 - 01);
        let closed = (0..400).filter_map(|n| {
            start
                .checked_add(time::Duration::days(n))
                .map(|date| Holiday {
                    date,
                    name: "closed".to_owned(),
                })
        });
        let calendar = Calendar::from_holidays("closed", closed);
        let err = calendar.roll(start, Roll::Following).expect_err("no day");
        assert!(matches!(err, CalendarError::NoBusinessDay { .. }), "{err}");
    }

    #[test]
    fn roll_names() {
        for roll in Roll::ALL {
            assert_eq!(roll.name().parse::<Roll>(), Ok(roll));
            let json = serde_json::to_string(&roll).expect("serialise");
            assert_eq!(json, format!("\"{}\"", roll.name()));
        }
        assert_eq!(" Following ".parse::<Roll>(), Ok(Roll::Following));
        assert!("next".parse::<Roll>().is_err());
    }

    #[test]
    fn closed_because_names_every_reason() {
        let se = Calendar::sweden();
        assert_eq!(
            se.closed_because(date!(2026 - 12 - 26)),
            Ok(Some("Saturday / Boxing Day (annandag jul)".to_owned()))
        );
        assert_eq!(se.closed_because(date!(2026 - 12 - 23)), Ok(None));
    }
}
