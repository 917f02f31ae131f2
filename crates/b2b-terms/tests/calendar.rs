//! The shipped calendars against published holiday lists (sources in the
//! header of each file under tests/data/calendar/), and roll invariants.

use std::path::Path;

use b2b_terms::calendar::{Calendar, Holiday, Roll, parse_iso_date};
use proptest::prelude::*;
use time::{Date, Duration};

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/calendar")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The dates of a calendar's holidays in `year`.
fn holiday_dates(calendar: &Calendar, year: i32) -> Vec<Date> {
    let holidays = calendar.holidays(year).expect("covered");
    holidays.into_iter().map(|h| h.date).collect()
}

/// The published list in `file` equals the calendar's holidays, year by year.
fn check_published(calendar: &Calendar, file: &str, years: std::ops::RangeInclusive<i32>) {
    let published = Calendar::parse_holidays(file, &data(file)).expect("valid list");
    for year in years {
        assert_eq!(
            holiday_dates(calendar, year),
            holiday_dates(&published, year),
            "{} {year}",
            calendar.name()
        );
    }
}

#[test]
fn sweden_matches_the_published_list() {
    check_published(&Calendar::sweden(), "se.txt", 2024..=2030);
}

#[test]
fn germany_matches_the_published_list() {
    check_published(&Calendar::germany(), "de.txt", 2024..=2030);
}

#[test]
fn target_matches_the_published_list() {
    check_published(&Calendar::target(), "target.txt", 2024..=2030);
}

#[test]
fn german_states_add_their_own_holidays() {
    use std::collections::BTreeMap;
    let mut expected: BTreeMap<(String, i32), Vec<Date>> = BTreeMap::new();
    for line in data("de-states.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (code, year) = (
            fields[0].to_owned(),
            fields[1].parse::<i32>().expect("year"),
        );
        let dates = expected.entry((code, year)).or_default();
        if fields[2] != "-" {
            dates.push(parse_iso_date(fields[2]).expect("date"));
        }
    }
    assert_eq!(expected.keys().filter(|(_, y)| *y == 2026).count(), 16);
    for ((code, year), extra) in expected {
        let mut wanted = holiday_dates(&Calendar::germany(), year);
        wanted.extend(extra);
        wanted.sort();
        let state = Calendar::by_code(&code).expect("state code");
        assert_eq!(state.name(), code);
        assert_eq!(holiday_dates(&state, year), wanted, "{code} {year}");
    }
    assert_eq!(
        Calendar::german_state("by").map(|c| c.name().to_owned()),
        Ok("DE-BY".to_owned())
    );
    assert!(Calendar::by_code("DE-XX").is_err());
    assert!(
        Calendar::by_code("DE-BY")
            .expect("state")
            .holidays(1994)
            .is_err()
    );
}

#[test]
fn rule_changes_over_the_years() {
    let text = data("history.txt");
    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.splitn(5, ' ').collect();
        let [code, year, date, state, name] = fields[..] else {
            panic!("bad line {line:?}");
        };
        let calendar = Calendar::by_code(code).expect("shipped");
        let year: i32 = year.parse().expect("year");
        let date = parse_iso_date(date).expect("date");
        let listed = calendar
            .holidays(year)
            .expect("covered")
            .iter()
            .any(|h| h.date == date);
        assert_eq!(listed, state == "holiday", "{line}: {name}");
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn swedish_eves_are_not_business_days() {
    let se = Calendar::sweden();
    // 2026: Midsummer Eve Friday 19 June, Christmas Eve Thursday 24
    // December, New Year's Eve Thursday 31 December.
    for day in ["2026-06-19", "2026-12-24", "2026-12-31"] {
        let date = parse_iso_date(day).expect("date");
        assert_eq!(se.is_business_day(date), Ok(false), "{day}");
    }
    let germany = Calendar::germany();
    assert_eq!(
        germany.is_business_day(parse_iso_date("2026-12-24").expect("date")),
        Ok(true)
    );
}

#[test]
fn user_holidays_combine_with_a_shipped_calendar() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/calendars/company-closing-days.txt"),
    )
    .expect("example holiday file");
    let company = Calendar::parse_holidays("company-closing-days.txt", &text).expect("valid");
    let both = Calendar::sweden().union(&company);
    assert_eq!(both.name(), "SE+company-closing-days.txt");
    // 28-30 December 2026 are company closing days between the holidays.
    let from = parse_iso_date("2026-12-23").expect("date");
    assert_eq!(
        both.roll(from.next_day().expect("date"), Roll::Following),
        Ok(parse_iso_date("2027-01-04").expect("date"))
    );
    let holidays: Vec<Holiday> = both.holidays(2026).expect("covered");
    assert!(
        holidays.iter().any(|h| h.name.contains("closing")),
        "{holidays:?}"
    );
}

/// Dates a year inside every shipped calendar's range (TARGET: 2002 to
/// 2199), so that rolling never leaves it.
fn any_date() -> impl Strategy<Value = Date> {
    let first = parse_iso_date("2003-01-01").expect("date");
    (0_i64..(195 * 365)).prop_map(move |n| first + Duration::days(n))
}

fn any_calendar() -> impl Strategy<Value = Calendar> {
    prop::sample::select(vec![
        Calendar::sweden(),
        Calendar::germany(),
        Calendar::target(),
        Calendar::weekends_only(),
        Calendar::german_state("DE-BY").expect("state"),
        Calendar::german_state("DE-SN").expect("state"),
    ])
}

proptest! {
    /// A rolled date is a business day, in the convention's direction, and
    /// the modified conventions stay in the month whenever one of the two
    /// directions does.
    #[test]
    fn rolls_land_on_business_days(date in any_date(), calendar in any_calendar()) {
        // (Regression: 2002-01-01 rolled back to 2001, outside TARGET's years.)
        for roll in Roll::ALL {
            let rolled = calendar.roll(date, roll).map_err(|e| TestCaseError::fail(e.to_string()))?;
            if calendar.is_business_day(date) == Ok(true) || roll == Roll::None {
                prop_assert_eq!(rolled, date);
                continue;
            }
            prop_assert_eq!(calendar.is_business_day(rolled), Ok(true));
            match roll {
                Roll::Following => prop_assert!(rolled > date),
                Roll::Preceding => prop_assert!(rolled < date),
                Roll::ModifiedFollowing | Roll::ModifiedPreceding => {
                    prop_assert_eq!(rolled.month(), date.month());
                }
                Roll::None => {}
            }
            // No business day is skipped between the date and its roll.
            let (low, high) = if rolled > date { (date, rolled) } else { (rolled, date) };
            let mut day = low + Duration::days(1);
            while day < high {
                prop_assert_eq!(calendar.is_business_day(day), Ok(false));
                day += Duration::days(1);
            }
        }
    }
}
