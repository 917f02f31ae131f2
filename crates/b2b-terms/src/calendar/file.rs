//! The holiday file format and strict ISO dates.

use super::{CalendarError, Holiday};
use b2b_core::parse_iso_date;

/// Parses a holiday file (format in docs/payment-terms.md): one holiday per
/// line, an ISO date optionally followed by whitespace and a name; blank
/// lines and everything after `#` are ignored. A date listed twice is an
/// error (it is usually a typo for another date).
pub(super) fn parse_holiday_lines(source: &str, text: &str) -> Result<Vec<Holiday>, CalendarError> {
    let mut holidays: Vec<Holiday> = Vec::new();
    for (index, raw) in b2b_core::lines(text).enumerate() {
        let line_number = index + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let (date_text, name) = match content.split_once(char::is_whitespace) {
            Some((date, name)) => (date, name.trim()),
            None => (content, ""),
        };
        let date = parse_iso_date(date_text).map_err(|error| CalendarError::HolidayFile {
            source_name: source.to_owned(),
            line: line_number,
            error,
        })?;
        if let Some(first) = holidays.iter().find(|h| h.date == date) {
            return Err(CalendarError::DuplicateHoliday {
                source_name: source.to_owned(),
                line: line_number,
                date,
                first: first.name.clone(),
            });
        }
        let name = if name.is_empty() { "holiday" } else { name };
        holidays.push(Holiday {
            date,
            name: name.to_owned(),
        });
    }
    Ok(holidays)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn parses_and_rejects_dates() {
        assert_eq!(parse_iso_date("2024-02-29"), Ok(date!(2024 - 02 - 29)));
        let cases = [
            ("2026-02-30", "February 2026 has 28 days"),
            ("2023-02-29", "February 2023 has 28 days"),
            ("2026-04-31", "April 2026 has 30 days"),
            ("2026-13-01", "the month must be 01 to 12"),
            ("2026-00-10", "the month must be 01 to 12"),
            ("2026-01-00", "January 2026 has 31 days"),
            ("26-11-2026", "expected YYYY-MM-DD"),
            ("2026-1-5", "expected YYYY-MM-DD"),
            ("2026-11-26 ", "expected YYYY-MM-DD"),
            ("", "expected YYYY-MM-DD"),
        ];
        for (text, reason) in cases {
            let err = parse_iso_date(text).expect_err(text);
            assert!(err.reason.starts_with(reason), "{text}: {err}");
            assert_eq!(err.text, text);
        }
    }

    #[test]
    fn holiday_lines() {
        let text =
            "# company closing days\n\n2026-12-28 Year-end closing  # office shut\n2026-12-29\n";
        let holidays = parse_holiday_lines("x.txt", text).expect("valid");
        assert_eq!(
            holidays,
            vec![
                Holiday {
                    date: date!(2026 - 12 - 28),
                    name: "Year-end closing".to_owned()
                },
                Holiday {
                    date: date!(2026 - 12 - 29),
                    name: "holiday".to_owned()
                },
            ]
        );
        let err = parse_holiday_lines("x.txt", "2026-12-28\n2026-12-32 oops\n").expect_err("bad");
        assert_eq!(
            err.to_string(),
            "x.txt line 2: \"2026-12-32\" is not a date: December 2026 has 31 days"
        );
        let err = parse_holiday_lines("x.txt", "2026-12-28 a\n2026-12-28 b\n").expect_err("dup");
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let holidays = parse_holiday_lines("x.txt", "2026-12-28 a\r2026-12-29\r\n2026-12-30\r")
            .expect("valid");
        assert_eq!(holidays.len(), 3);
        let err = parse_holiday_lines("x.txt", "2026-12-28\r\r2026-12-32\r").expect_err("bad");
        assert!(err.to_string().starts_with("x.txt line 3:"), "{err}");
    }
}
