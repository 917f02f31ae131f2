//! Whether a calendar date exists (proleptic Gregorian calendar), for the
//! dates of birth embedded in personal numbers.

/// True when `year-month-day` is a real date.
pub(crate) fn exists(year: i32, month: u32, day: u32) -> bool {
    let Ok(month) = u8::try_from(month)
        .map_err(|_| ())
        .and_then(|m| time::Month::try_from(m).map_err(|_| ()))
    else {
        return false;
    };
    u8::try_from(day).is_ok_and(|day| time::Date::from_calendar_date(year, month, day).is_ok())
}

#[cfg(test)]
mod tests {
    use super::exists;

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(exists(2000, 2, 29));
        assert!(!exists(1900, 2, 29));
        assert!(exists(2024, 2, 29));
        assert!(!exists(2023, 2, 29));
        assert!(!exists(2023, 13, 1));
        assert!(!exists(2023, 4, 31));
        assert!(!exists(2023, 1, 0));
    }
}
