//! Swedish identity numbers: organisationsnummer, personnummer and
//! samordningsnummer (coordination numbers).
//!
//! All three are 10 digits whose last is a Luhn check digit over the other
//! nine (Skatteverket SKV 704 "Personnummer", SKV 707 "Samordningsnummer").
//! They differ in the middle pair of the first six digits:
//!
//! - personnummer: YYMMDD, a date that exists;
//! - samordningsnummer: YYMM(DD+60), the day plus 60 (Folkbokföringslag
//!   1991:481, 18 a §);
//! - organisationsnummer: the third digit is at least 2 ("month" 20 or
//!   more), so it can never be a date.
//!
//! Personal numbers are written YYMMDD-NNNC, with `+` instead of `-` from
//! the year the person turns 100, or with the century as YYYYMMDDNNNC.
//! Organisation numbers are written NNNNNN-NNNN, or with "16" in front in
//! 12-digit fields.
//!
//! ```
//! use b2b_ident::se::{self, Kind};
//! let today = time::macros::date!(2026 - 11 - 27);
//! let org = se::validate("556043-6064", today).expect("valid");
//! assert_eq!(org.kind, Kind::Organisation);
//! let person = se::validate("880320-0016", today).expect("valid");
//! assert_eq!(person.normalized, "19880320-0016");
//! ```

use crate::digits::{luhn_valid, modulo};
use crate::vat::InvalidId;
use time::Date;

/// Which kind of Swedish number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Organisationsnummer (a legal person).
    Organisation,
    /// Personnummer (a natural person, registered in Sweden).
    Person,
    /// Samordningsnummer (a natural person not registered in Sweden).
    Coordination,
}

/// A valid Swedish number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwedishNumber {
    /// What it identifies.
    pub kind: Kind,
    /// The 10 digits without separator (the part used in a VAT number).
    pub digits: String,
    /// Normalised: `NNNNNN-NNNN` for organisations, `YYYYMMDD-NNNN` for
    /// persons (the day of a samordningsnummer keeps its +60).
    pub normalized: String,
    /// The date of birth of a person (real day, without the +60).
    pub birth_date: Option<Date>,
}

impl SwedishNumber {
    /// The Swedish VAT number of this organisation or sole trader:
    /// `SE` + the 10 digits + `01`.
    pub fn vat_number(&self) -> String {
        format!("SE{}01", self.digits)
    }
}

/// Validates a Swedish organisationsnummer, personnummer or
/// samordningsnummer of 10 or 12 digits. Spaces and dots are ignored;
/// the separator before the last four digits may be `-` or (10-digit
/// personal numbers of people aged 100 or more) `+`. `today` decides the
/// century of a 10-digit personal number.
///
/// # Errors
///
/// - [`InvalidId::Empty`] for nothing but spaces, dots and colons;
/// - [`InvalidId::Format`] for a character other than digits, spaces,
///   dots, colons and `-`, a `+` anywhere but before the last four digits,
///   or a `+` in a 12-digit or organisation number;
/// - [`InvalidId::Length`] for other than 10 or 12 digits;
/// - [`InvalidId::Component`] for a date of birth that does not exist, or a
///   12-digit number whose century is not 18, 19 or 20 (a person) or 16 (an
///   organisation);
/// - [`InvalidId::CheckDigit`] when the Luhn check digit does not match.
pub fn validate(input: &str, today: Date) -> Result<SwedishNumber, InvalidId> {
    let compact: String = input
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '.' | ':')))
        .collect();
    if compact.is_empty() {
        return Err(InvalidId::Empty);
    }
    let chars: Vec<char> = compact.chars().collect();
    let separator = chars
        .len()
        .checked_sub(5)
        .map(|i| chars[i])
        .filter(|c| matches!(c, '-' | '+'));
    let digits: String = chars.iter().filter(|&&c| c != '-').copied().collect();
    let digits: String = match separator {
        // The + of a centenarian sits before the last four digits; any
        // other + is wrong.
        Some('+') => {
            let (head, tail) = chars.split_at(chars.len() - 5);
            head.iter()
                .filter(|&&c| c != '-')
                .chain(tail[1..].iter())
                .collect()
        }
        _ => digits,
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidId::Format(
            "10 or 12 digits, optionally with - (or +) before the last four",
        ));
    }
    let centenarian = separator == Some('+');
    match digits.len() {
        10 => ten_digits(&digits, None, centenarian, today),
        12 => {
            if centenarian {
                return Err(InvalidId::Format(
                    "the + separator is only used in 10-digit personal numbers",
                ));
            }
            let century = modulo(&digits[..2], 100);
            ten_digits(&digits[2..], Some(century), false, today)
        }
        n => Err(InvalidId::Length {
            found: n,
            expected: "10 or 12 digits",
        }),
    }
}

/// Validates a personnummer or samordningsnummer only: an organisation
/// number (month field 20 or more) is a wrong month here.
///
/// # Errors
///
/// As [`validate`], and [`InvalidId::Component`] for an organisation
/// number.
pub fn validate_personal(input: &str, today: Date) -> Result<SwedishNumber, InvalidId> {
    let number = validate(input, today)?;
    if number.kind == Kind::Organisation {
        return Err(InvalidId::Component(format!(
            "month {} of a personal number does not exist (a month of 20 or more marks an organisation number)",
            &number.digits[2..4]
        )));
    }
    Ok(number)
}

/// Validates an organisationsnummer only: a personal number is refused.
///
/// # Errors
///
/// As [`validate`], and [`InvalidId::Component`] for a personnummer or
/// samordningsnummer.
pub fn validate_organisation(input: &str, today: Date) -> Result<SwedishNumber, InvalidId> {
    let number = validate(input, today)?;
    if number.kind != Kind::Organisation {
        return Err(InvalidId::Component(format!(
            "{} is a personal number, not an organisation number (the third digit of an organisation number is 2 or more)",
            number.normalized
        )));
    }
    Ok(number)
}

fn ten_digits(
    digits: &str,
    century: Option<u32>,
    centenarian: bool,
    today: Date,
) -> Result<SwedishNumber, InvalidId> {
    let month = modulo(&digits[2..4], 100);
    if month >= 20 {
        return organisation(digits, century, centenarian);
    }
    let day = modulo(&digits[4..6], 100);
    let (kind, real_day) = if day > 60 {
        (Kind::Coordination, day - 60)
    } else {
        (Kind::Person, day)
    };
    let yy = modulo(&digits[..2], 100) as i32;
    let year = match century {
        Some(c @ 18..=20) => c as i32 * 100 + yy,
        Some(c) => {
            return Err(InvalidId::Component(format!(
                "century {c:02} of a personal number is not 18, 19 or 20"
            )));
        }
        None => {
            // The latest year ending in YY that is not after this year;
            // a + moves it back a century.
            let this_year = today.year();
            let mut year = this_year - (this_year - yy).rem_euclid(100);
            if centenarian {
                year -= 100;
            }
            year
        }
    };
    let birth_date = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .and_then(|m| Date::from_calendar_date(year, m, u8::try_from(real_day).ok()?).ok());
    let Some(birth_date) = birth_date else {
        let what = if kind == Kind::Coordination {
            "samordningsnummer"
        } else {
            "personnummer"
        };
        return Err(InvalidId::Component(format!(
            "the {what}'s date of birth {year:04}-{month:02}-{real_day:02} does not exist"
        )));
    };
    check_digit(digits)?;
    Ok(SwedishNumber {
        kind,
        digits: digits.to_owned(),
        normalized: format!("{year:04}{}-{}", &digits[2..6], &digits[6..]),
        birth_date: Some(birth_date),
    })
}

fn organisation(
    digits: &str,
    century: Option<u32>,
    centenarian: bool,
) -> Result<SwedishNumber, InvalidId> {
    if centenarian {
        return Err(InvalidId::Format(
            "an organisation number is written with -, not +",
        ));
    }
    if let Some(c) = century.filter(|&c| c != 16) {
        return Err(InvalidId::Component(format!(
            "a 12-digit organisation number starts with 16, not {c:02}"
        )));
    }
    check_digit(digits)?;
    Ok(SwedishNumber {
        kind: Kind::Organisation,
        digits: digits.to_owned(),
        normalized: format!("{}-{}", &digits[..6], &digits[6..]),
        birth_date: None,
    })
}

fn check_digit(digits: &str) -> Result<(), InvalidId> {
    if luhn_valid(digits) {
        Ok(())
    } else {
        Err(InvalidId::CheckDigit("Luhn over the 10 digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn skatteverket_samordningsnummer_example() {
        // Skatteverket, Rättslig vägledning 2016.5, "Samordningsnummer":
        // a man born 3 October 1970 with individual number 239 gets
        // 701063-2391.
        let number = validate("701063-2391", TODAY).expect("valid");
        assert_eq!(number.kind, Kind::Coordination);
        assert_eq!(number.birth_date, Some(date!(1970 - 10 - 03)));
        assert_eq!(number.normalized, "19701063-2391");
        assert!(matches!(
            validate("701063-2392", TODAY),
            Err(InvalidId::CheckDigit(_))
        ));
    }

    #[test]
    fn century_from_today_and_plus() {
        // python-stdnum tests/test_se_personnummer.doctest birth dates
        // (its "today" is the run date; ours is fixed).
        let date_of = |s| validate(s, TODAY).map(|n| n.birth_date);
        assert_eq!(date_of("8803200420"), Ok(Some(date!(1988 - 03 - 20))));
        assert_eq!(date_of("191705120424"), Ok(Some(date!(1917 - 05 - 12))));
        assert_eq!(date_of("121212-1212"), Ok(Some(date!(2012 - 12 - 12))));
        assert_eq!(date_of("121212+1212"), Ok(Some(date!(1912 - 12 - 12))));
        // Born in a year ending in 27: 1927 seen from 2026, 2027 from 2027.
        let body = "270101000";
        let number = format!("{body}{}", crate::digits::luhn_check_digit(body));
        let year_seen_from = |today| validate(&number, today).map(|n| n.normalized[..4].to_owned());
        assert_eq!(year_seen_from(TODAY).as_deref(), Ok("1927"));
        assert_eq!(year_seen_from(date!(2027 - 01 - 01)).as_deref(), Ok("2027"));
    }

    #[test]
    fn organisation_numbers() {
        // SE556043606401 is valid in python-stdnum's EU VAT tests.
        let org = validate("556043-6064", TODAY).expect("valid");
        assert_eq!(org.kind, Kind::Organisation);
        assert_eq!(org.vat_number(), "SE556043606401");
        assert_eq!(
            validate("16556043-6064", TODAY)
                .map(|n| n.normalized)
                .as_deref(),
            Ok("556043-6064")
        );
        assert!(matches!(
            validate("556043+6064", TODAY),
            Err(InvalidId::Format(_))
        ));
        assert!(matches!(
            validate("176043-6064", TODAY),
            Err(InvalidId::CheckDigit(_))
        ));
    }

    #[test]
    fn bad_input_names_the_rule() {
        // 30 February does not exist.
        assert!(matches!(
            validate("880230-0000", TODAY),
            Err(InvalidId::Component(_))
        ));
        assert!(matches!(
            validate("aaaaaaaaaa", TODAY),
            Err(InvalidId::Format(_))
        ));
        assert!(matches!(
            validate("123", TODAY),
            Err(InvalidId::Length { .. })
        ));
        assert!(matches!(validate("", TODAY), Err(InvalidId::Empty)));
        assert!(matches!(
            validate("-+-+-", TODAY),
            Err(InvalidId::Format(_))
        ));
    }
}
