//! Easter Sunday by the Gregorian computus.

use time::{Date, Month};

/// Easter Sunday of `year` in the Gregorian calendar, by the anonymous
/// Gregorian algorithm (Meeus/Jones/Butcher, J. Meeus, *Astronomical
/// Algorithms*, 2nd ed., ch. 8), which is exact for every Gregorian year.
///
/// `None` only for years outside what [`time::Date`] can hold.
pub(crate) fn easter_sunday(year: i32) -> Option<Date> {
    // The algorithm is stated for non-negative years; calendars never ask
    // for others, and `rem_euclid` keeps the arithmetic defined anyway.
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 {
        Month::March
    } else {
        Month::April
    };
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// Easter dates published by the US Naval Observatory ("Date of Easter",
    /// aa.usno.navy.mil/data/easter) and in every almanac.
    #[test]
    fn known_easter_sundays() {
        let known = [
            date!(1900 - 04 - 15),
            date!(1954 - 04 - 18),
            date!(1981 - 04 - 19),
            date!(2000 - 04 - 23),
            date!(2008 - 03 - 23),
            date!(2011 - 04 - 24),
            date!(2019 - 04 - 21),
            date!(2024 - 03 - 31),
            date!(2025 - 04 - 20),
            date!(2026 - 04 - 05),
            date!(2027 - 03 - 28),
            date!(2028 - 04 - 16),
            date!(2029 - 04 - 01),
            date!(2030 - 04 - 21),
            date!(2038 - 04 - 25),
            date!(2285 - 03 - 22),
        ];
        for easter in known {
            assert_eq!(easter_sunday(easter.year()), Some(easter), "{easter}");
        }
    }

    #[test]
    fn always_a_sunday_between_march_22_and_april_25() {
        for year in 1583..=4099 {
            let easter = easter_sunday(year).expect("in range");
            assert_eq!(easter.weekday(), time::Weekday::Sunday, "{year}");
            let (month, day) = (easter.month(), easter.day());
            assert!(
                (month == Month::March && day >= 22) || (month == Month::April && day <= 25),
                "{easter}"
            );
        }
    }
}
