//! The holiday rules of the shipped calendars, one function per calendar.
//!
//! Each function lists the weekday closing days of one year; weekends are
//! the calendar's business. Sources are in docs/payment-terms.md.

use std::ops::RangeInclusive;

use time::{Date, Duration, Month, Weekday};

use super::easter::easter_sunday;

/// A calendar whose holidays this crate computes from rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Shipped {
    /// Sweden: Lag (1989:253) om allmänna helgdagar, plus the three eves.
    Sweden,
    /// Germany: the holidays of all sixteen states.
    Germany,
    /// TARGET, the euro area's real-time gross settlement system.
    Target,
    /// A German state: Germany's nationwide holidays plus the state's own.
    GermanState(State),
}

/// The sixteen German states, by their ISO 3166-2:DE codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum State {
    Bw,
    By,
    Be,
    Bb,
    Hb,
    Hh,
    He,
    Mv,
    Ni,
    Nw,
    Rp,
    Sl,
    Sn,
    St,
    Sh,
    Th,
}

impl State {
    /// Every state, in the order of their codes above.
    pub(crate) const ALL: [State; 16] = [
        State::Bw,
        State::By,
        State::Be,
        State::Bb,
        State::Hb,
        State::Hh,
        State::He,
        State::Mv,
        State::Ni,
        State::Nw,
        State::Rp,
        State::Sl,
        State::Sn,
        State::St,
        State::Sh,
        State::Th,
    ];

    /// The calendar code, `DE-` and the ISO 3166-2 subdivision code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            State::Bw => "DE-BW",
            State::By => "DE-BY",
            State::Be => "DE-BE",
            State::Bb => "DE-BB",
            State::Hb => "DE-HB",
            State::Hh => "DE-HH",
            State::He => "DE-HE",
            State::Mv => "DE-MV",
            State::Ni => "DE-NI",
            State::Nw => "DE-NW",
            State::Rp => "DE-RP",
            State::Sl => "DE-SL",
            State::Sn => "DE-SN",
            State::St => "DE-ST",
            State::Sh => "DE-SH",
            State::Th => "DE-TH",
        }
    }
}

impl Shipped {
    /// The code users write: `SE`, `DE`, `TARGET`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Shipped::Sweden => "SE",
            Shipped::Germany => "DE",
            Shipped::Target => "TARGET",
            Shipped::GermanState(state) => state.code(),
        }
    }

    /// The years whose rules are encoded (see each function for why the
    /// range starts where it does).
    pub(crate) fn years(self) -> RangeInclusive<i32> {
        match self {
            // Lag (1989:253) took effect on 1 January 1990.
            Shipped::Sweden => 1990..=2199,
            // 3 October is a holiday from 1990; 17 June still was in 1990.
            Shipped::Germany => 1991..=2199,
            // The long-term TARGET calendar applies from 2002.
            Shipped::Target => 2002..=2199,
            // State rules are encoded as they stand since the 1995 reform.
            Shipped::GermanState(_) => 1995..=2199,
        }
    }

    /// The holidays of `year`, in date order. `None` outside
    /// [`Shipped::years`].
    pub(crate) fn holidays(self, year: i32) -> Option<Vec<(Date, &'static str)>> {
        if !self.years().contains(&year) {
            return None;
        }
        let mut days = match self {
            Shipped::Sweden => sweden(year)?,
            Shipped::Germany => germany(year)?,
            Shipped::Target => target(year)?,
            Shipped::GermanState(state) => {
                let mut days = germany(year)?;
                days.extend(german_state(state, year)?);
                days
            }
        };
        days.sort_by_key(|(date, _)| *date);
        Some(days)
    }
}

fn day(year: i32, month: Month, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, month, day).ok()
}

fn offset(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Duration::days(days))
}

/// The first `weekday` on or after `from`.
fn weekday_on_or_after(from: Date, weekday: Weekday) -> Option<Date> {
    let ahead = (i64::from(weekday.number_days_from_monday())
        - i64::from(from.weekday().number_days_from_monday()))
    .rem_euclid(7);
    offset(from, ahead)
}

/// Sweden: the public holidays of Lag (1989:253) om allmänna helgdagar
/// (as amended by SFS 2004:1320 from 1 April 2005: National Day added,
/// Whit Monday removed), and Midsummer Eve, Christmas Eve and New Year's
/// Eve, which are not public holidays but are treated as such for deadlines
/// by Lag (1930:173) om beräkning av lagstadgad tid § 2 and on which banks
/// and the Riksbank's RIX system are closed.
fn sweden(year: i32) -> Option<Vec<(Date, &'static str)>> {
    let easter = easter_sunday(year)?;
    let midsummer_day = weekday_on_or_after(day(year, Month::June, 20)?, Weekday::Saturday)?;
    let all_saints = weekday_on_or_after(day(year, Month::October, 31)?, Weekday::Saturday)?;
    let mut days = vec![
        (day(year, Month::January, 1)?, "New Year's Day (nyårsdagen)"),
        (day(year, Month::January, 6)?, "Epiphany (trettondedag jul)"),
        (offset(easter, -2)?, "Good Friday (långfredagen)"),
        (easter, "Easter Sunday (påskdagen)"),
        (offset(easter, 1)?, "Easter Monday (annandag påsk)"),
        (day(year, Month::May, 1)?, "May Day (första maj)"),
        (
            offset(easter, 39)?,
            "Ascension Day (Kristi himmelsfärdsdag)",
        ),
        (offset(easter, 49)?, "Whit Sunday (pingstdagen)"),
        (offset(midsummer_day, -1)?, "Midsummer Eve (midsommarafton)"),
        (midsummer_day, "Midsummer Day (midsommardagen)"),
        (all_saints, "All Saints' Day (alla helgons dag)"),
        (day(year, Month::December, 24)?, "Christmas Eve (julafton)"),
        (day(year, Month::December, 25)?, "Christmas Day (juldagen)"),
        (day(year, Month::December, 26)?, "Boxing Day (annandag jul)"),
        (
            day(year, Month::December, 31)?,
            "New Year's Eve (nyårsafton)",
        ),
    ];
    if year >= 2005 {
        days.push((day(year, Month::June, 6)?, "National Day (nationaldagen)"));
    } else {
        days.push((offset(easter, 50)?, "Whit Monday (annandag pingst)"));
    }
    Some(days)
}

/// Germany: the holidays observed in all sixteen states. Only the Day of
/// German Unity is federal law (Einigungsvertrag Art. 2(2)); the others are
/// in every state's holiday act. Repentance Day was one until 1994 (dropped
/// from 1995 to fund long-term care insurance, except in Saxony), and
/// Reformation Day was one in 2017 only (its 500th anniversary).
fn germany(year: i32) -> Option<Vec<(Date, &'static str)>> {
    let easter = easter_sunday(year)?;
    let mut days = vec![
        (day(year, Month::January, 1)?, "New Year's Day (Neujahr)"),
        (offset(easter, -2)?, "Good Friday (Karfreitag)"),
        (offset(easter, 1)?, "Easter Monday (Ostermontag)"),
        (day(year, Month::May, 1)?, "Labour Day (Tag der Arbeit)"),
        (offset(easter, 39)?, "Ascension Day (Christi Himmelfahrt)"),
        (offset(easter, 50)?, "Whit Monday (Pfingstmontag)"),
        (
            day(year, Month::October, 3)?,
            "Day of German Unity (Tag der Deutschen Einheit)",
        ),
        (
            day(year, Month::December, 25)?,
            "Christmas Day (1. Weihnachtstag)",
        ),
        (
            day(year, Month::December, 26)?,
            "St Stephen's Day (2. Weihnachtstag)",
        ),
    ];
    if year == 2017 {
        days.push((
            day(year, Month::October, 31)?,
            "Reformation Day (Reformationstag)",
        ));
    }
    if year <= 1994 {
        // The Wednesday before 23 November.
        let repentance = weekday_on_or_after(day(year, Month::November, 16)?, Weekday::Wednesday)?;
        days.push((repentance, "Repentance Day (Buß- und Bettag)"));
    }
    Some(days)
}

/// TARGET: the closing days of the long-term calendar the ECB Governing
/// Council set on 14 December 2000, applicable from 2002 (and kept for T2).
fn target(year: i32) -> Option<Vec<(Date, &'static str)>> {
    let easter = easter_sunday(year)?;
    Some(vec![
        (day(year, Month::January, 1)?, "New Year's Day"),
        (offset(easter, -2)?, "Good Friday"),
        (offset(easter, 1)?, "Easter Monday"),
        (day(year, Month::May, 1)?, "Labour Day"),
        (day(year, Month::December, 25)?, "Christmas Day"),
        (day(year, Month::December, 26)?, "26 December"),
    ])
}

/// The holidays one German state adds to the nationwide ones, by its
/// holiday act (Feiertagsgesetz), for 1995 on. Holidays only some
/// municipalities keep (Corpus Christi in parts of Saxony and Thuringia,
/// Assumption in Bavaria's Catholic communities, Augsburg's Peace Festival)
/// are left out, and so are Easter and Whit Sunday (Sundays anyway).
fn german_state(state: State, year: i32) -> Option<Vec<(Date, &'static str)>> {
    use State::*;
    let easter = easter_sunday(year)?;
    let mut days = Vec::new();
    if matches!(state, Bw | By | St) {
        days.push((
            day(year, Month::January, 6)?,
            "Epiphany (Heilige Drei Könige)",
        ));
    }
    if (state == Be && year >= 2019) || (state == Mv && year >= 2023) {
        days.push((
            day(year, Month::March, 8)?,
            "International Women's Day (Frauentag)",
        ));
    }
    if state == Be && (year == 2020 || year == 2025) {
        days.push((
            day(year, Month::May, 8)?,
            "Liberation Day (Tag der Befreiung)",
        ));
    }
    if matches!(state, Bw | By | He | Nw | Rp | Sl) {
        days.push((offset(easter, 60)?, "Corpus Christi (Fronleichnam)"));
    }
    if state == Sl {
        days.push((
            day(year, Month::August, 15)?,
            "Assumption Day (Mariä Himmelfahrt)",
        ));
    }
    if state == Th && year >= 2019 {
        days.push((
            day(year, Month::September, 20)?,
            "World Children's Day (Weltkindertag)",
        ));
    }
    let reformation = matches!(state, Bb | Mv | Sn | St | Th)
        || (matches!(state, Hb | Hh | Ni | Sh) && year >= 2018);
    if reformation && year != 2017 {
        days.push((
            day(year, Month::October, 31)?,
            "Reformation Day (Reformationstag)",
        ));
    }
    if matches!(state, Bw | By | Nw | Rp | Sl) {
        days.push((
            day(year, Month::November, 1)?,
            "All Saints' Day (Allerheiligen)",
        ));
    }
    if state == Sn && year >= 1995 {
        days.push((
            weekday_on_or_after(day(year, Month::November, 16)?, Weekday::Wednesday)?,
            "Repentance Day (Buß- und Bettag)",
        ));
    }
    Some(days)
}
