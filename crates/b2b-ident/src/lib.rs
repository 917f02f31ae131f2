//! Business identifiers, validated with each country's format and check
//! digits: EU VAT numbers (every member state, Northern Ireland `XI`, the
//! OSS `EU` scheme), UK and Norwegian VAT numbers, Swedish organisation,
//! personal and coordination numbers, Norwegian organisation numbers.
//!
//! [`check`] takes any of these, finds out which it is and says why it is
//! not valid; [`vat::validate`] is the VAT-only entry point.
//!
//! ```
//! let today = time::macros::date!(2026 - 12 - 03);
//! let id = b2b_ident::check("SE 556043-6064 01", None, today);
//! assert!(id.valid);
//! assert_eq!(id.normalized.as_deref(), Some("SE556043606401"));
//!
//! let id = b2b_ident::check("556043-6064", Some("SE"), today);
//! assert_eq!(id.kind, Some(b2b_ident::Kind::SeOrgnr));
//! ```

mod date;

/// An input as a message quotes it: its first 60 characters, then `…` and
/// its length when longer. (`b2b_core::excerpt` in the other crates; this
/// crate depends on none of ours.)
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{:?}… ({} characters)", &text[..cut], text.chars().count()),
        None => format!("{text:?}"),
    }
}

mod digits;
pub mod no;
pub mod se;
pub mod vat;

use serde::Serialize;
use time::Date;
pub use vat::InvalidId;

/// What kind of identifier an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A VAT number with its country prefix.
    Vat,
    /// Swedish organisationsnummer.
    SeOrgnr,
    /// Swedish personnummer.
    SePersonnummer,
    /// Swedish samordningsnummer (coordination number).
    SeSamordningsnummer,
    /// Norwegian organisasjonsnummer.
    NoOrgnr,
}

impl Kind {
    /// The name used in JSON: `vat`, `se-orgnr`, `se-personnummer`,
    /// `se-samordningsnummer`, `no-orgnr`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Vat => "vat",
            Kind::SeOrgnr => "se-orgnr",
            Kind::SePersonnummer => "se-personnummer",
            Kind::SeSamordningsnummer => "se-samordningsnummer",
            Kind::NoOrgnr => "no-orgnr",
        }
    }
}

/// The result of checking one identifier; serialises to the JSON object
/// `{ "input", "valid", "country", "kind", "normalized", "error" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Identification {
    /// The input as given.
    pub input: String,
    /// True when the identifier passed every rule.
    pub valid: bool,
    /// The country: the VAT prefix for VAT numbers (`EL` for Greece, `XI`,
    /// `EU` for the OSS scheme), `SE` or `NO` for national numbers; null
    /// when it could not be told.
    pub country: Option<String>,
    /// What the identifier is, when it could be told.
    pub kind: Option<Kind>,
    /// The normalised form (valid identifiers only).
    pub normalized: Option<String>,
    /// The rule that failed (null when valid).
    pub error: Option<String>,
}

/// A country given for identifiers written without a prefix that is no
/// country this crate checks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not a known country: expected one of {}",
    excerpt(.0),
    vat::prefixes().collect::<Vec<_>>().join(" ")
)]
pub struct UnknownCountry(pub String);

/// Checks the `country` a caller means to pass to [`check`]: any VAT
/// prefix (`SE`, `NO`, `EL`, `XI`, ...) or `GR`, in any case, with white
/// space around it ignored.
///
/// # Errors
///
/// [`UnknownCountry`] naming the text and listing the accepted codes.
pub fn check_country(country: &str) -> Result<(), UnknownCountry> {
    let upper = country.trim().to_ascii_uppercase();
    if upper == "GR" || vat::is_prefix(&upper) {
        Ok(())
    } else {
        Err(UnknownCountry(country.to_owned()))
    }
}

/// Checks one identifier as of `today`. `country` (two letters, any case)
/// supplies a missing prefix (an identifier with a VAT prefix keeps its
/// own): `SE` for Swedish organisation/personal numbers, `NO` for Norwegian
/// organisation numbers, any VAT prefix for a VAT number written without
/// it. `today` decides the century of a 10-digit Swedish personal number
/// (the library reads no clock: the caller says which day it is).
pub fn check(input: &str, country: Option<&str>, today: Date) -> Identification {
    let result = identify(input, country, today);
    match result {
        Ok(found) => Identification {
            input: input.to_owned(),
            valid: true,
            country: Some(found.country),
            kind: Some(found.kind),
            normalized: Some(found.normalized),
            error: None,
        },
        Err(failed) => Identification {
            input: input.to_owned(),
            valid: false,
            country: failed.country,
            kind: failed.kind,
            normalized: None,
            error: Some(failed.reason),
        },
    }
}

struct Found {
    country: String,
    kind: Kind,
    normalized: String,
}

struct Failed {
    country: Option<String>,
    kind: Option<Kind>,
    reason: String,
}

fn identify(input: &str, country: Option<&str>, today: Date) -> Result<Found, Failed> {
    let country = known_country(country)?;
    let compact: String = input
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '/' | ':' | '+')))
        .flat_map(char::to_uppercase)
        .collect();
    if compact.is_empty() {
        return Err(failed(country, None, InvalidId::Empty));
    }
    let prefix: String = compact.chars().take(2).collect();
    let has_letters = prefix.len() == 2 && prefix.chars().all(|c| c.is_ascii_alphabetic());
    // Letters without --country are a prefix, known or not; with --country
    // only a known prefix is (GD100 with --country GB is GB's).
    if has_letters && (vat::is_prefix(&prefix) || country.is_none()) {
        return vat_number(input);
    }
    match country.as_deref() {
        Some(country) => with_country(input, &compact, country, today),
        None => without_country(input, &compact, today),
    }
}

/// The country, upper case, when it is one the crate knows.
fn known_country(country: Option<&str>) -> Result<Option<String>, Failed> {
    let Some(country) = country.map(|c| c.trim().to_ascii_uppercase()) else {
        return Ok(None);
    };
    if vat::is_prefix(&country) {
        Ok(Some(country))
    } else {
        Err(Failed {
            country: None,
            kind: None,
            reason: format!(
                "unknown country {}: expected a VAT prefix ({})",
                excerpt(&country),
                vat::prefixes().collect::<Vec<_>>().join(" ")
            ),
        })
    }
}

/// An identifier without prefix, of `country`.
fn with_country(input: &str, compact: &str, country: &str, today: Date) -> Result<Found, Failed> {
    match country {
        "SE" => swedish(input, compact, today),
        "NO" if !compact.ends_with("MVA") => match no::validate_orgnr(input) {
            Ok(number) => Ok(Found {
                country: "NO".to_owned(),
                kind: Kind::NoOrgnr,
                normalized: number,
            }),
            Err(rule) => Err(failed(Some("NO".to_owned()), Some(Kind::NoOrgnr), rule)),
        },
        _ => vat_number(&format!("{country}{input}")),
    }
}

/// An identifier with neither prefix nor country: 10 or 12 digits are
/// Swedish, anything else needs a country.
fn without_country(input: &str, compact: &str, today: Date) -> Result<Found, Failed> {
    let digits = compact.bytes().all(|b| b.is_ascii_digit());
    if digits && matches!(compact.len(), 10 | 12) {
        return swedish(input, compact, today).map_err(|mut failed| {
            failed.reason.push_str(
                " (10 or 12 digits without a prefix are read as Swedish; name the country for another one)",
            );
            failed
        });
    }
    let reason = if digits && compact.len() == 9 {
        "no country prefix: 9 digits could be a Norwegian organisation number (country NO) or a VAT number without its prefix (name its country)"
    } else {
        "no country prefix: start with a VAT prefix such as SE or DE, or name the country"
    };
    Err(Failed {
        country: None,
        kind: None,
        reason: reason.to_owned(),
    })
}

fn vat_number(input: &str) -> Result<Found, Failed> {
    match vat::validate(input) {
        Ok(number) => Ok(Found {
            country: number.prefix.clone(),
            kind: Kind::Vat,
            normalized: number.normalized(),
        }),
        Err(error) => Err(Failed {
            country: error.prefix,
            kind: Some(Kind::Vat),
            reason: error.reason,
        }),
    }
}

/// A Swedish number. 12 digits that do not start with a century (16 for
/// organisations; 18, 19, 20 for people) are a VAT number without its
/// prefix, and so are 12 digits ending in 01 that fail as a national
/// number but pass as a VAT number.
fn swedish(input: &str, compact: &str, today: Date) -> Result<Found, Failed> {
    let all_digits = compact.bytes().all(|b| b.is_ascii_digit());
    if all_digits && compact.len() == 12 && !matches!(&compact[..2], "16" | "18" | "19" | "20") {
        return vat_number(&format!("SE{input}"));
    }
    match se::validate(input, today) {
        Ok(number) => Ok(Found {
            country: "SE".to_owned(),
            kind: match number.kind {
                se::Kind::Organisation => Kind::SeOrgnr,
                se::Kind::Person => Kind::SePersonnummer,
                se::Kind::Coordination => Kind::SeSamordningsnummer,
            },
            normalized: number.normalized,
        }),
        Err(rule) => {
            if compact.len() == 12
                && compact.ends_with("01")
                && let Ok(found) = vat_number(&format!("SE{input}"))
            {
                return Ok(found);
            }
            Err(failed(Some("SE".to_owned()), swedish_shape(compact), rule))
        }
    }
}

/// The kind a Swedish number of 10 or 12 digits looks like, from its
/// month and day fields, to report with an error.
fn swedish_shape(compact: &str) -> Option<Kind> {
    if !compact.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ten = match compact.len() {
        10 => compact,
        12 => &compact[2..],
        _ => return None,
    };
    let field = |at: usize| ten[at..at + 2].parse::<u32>().ok();
    match (field(2)?, field(4)?) {
        (month, _) if month >= 20 => Some(Kind::SeOrgnr),
        (_, day) if day > 60 => Some(Kind::SeSamordningsnummer),
        _ => Some(Kind::SePersonnummer),
    }
}

fn failed(country: Option<String>, kind: Option<Kind>, rule: InvalidId) -> Failed {
    let reason = match &country {
        Some(c) => format!("{c}: {rule}"),
        None => rule.to_string(),
    };
    Failed {
        country,
        kind,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn kind_and_error(input: &str, country: Option<&str>) -> (Option<Kind>, Option<String>) {
        let id = check(input, country, TODAY);
        (id.kind, id.error)
    }

    #[test]
    fn kind_names_are_the_json_names() {
        for kind in [
            Kind::Vat,
            Kind::SeOrgnr,
            Kind::SePersonnummer,
            Kind::SeSamordningsnummer,
            Kind::NoOrgnr,
        ] {
            let json = serde_json::to_value(kind).expect("serialises");
            assert_eq!(json.as_str(), Some(kind.as_str()));
        }
    }

    #[test]
    fn twelve_digits_without_a_century_are_a_swedish_vat_number() {
        // SE556043606401: python-stdnum tests/test_eu_vat.doctest.
        let id = check("556043606401", None, TODAY);
        assert_eq!(id.normalized.as_deref(), Some("SE556043606401"));
        assert_eq!(
            kind_and_error("556043606402", Some("SE")),
            (
                Some(Kind::Vat),
                Some("SE (Sweden): wrong format: expected 12 digits ending in 01".to_owned())
            )
        );
    }

    #[test]
    fn country_fills_in_the_prefix() {
        // ATU13585627: python-stdnum at/uid.py; GD100: tests/test_gb_vat.doctest.
        assert!(check("U13585627", Some("at"), TODAY).valid);
        assert_eq!(
            check("GD100", Some("GB"), TODAY).normalized.as_deref(),
            Some("GBGD100")
        );
        assert_eq!(
            check("094259216", Some("GR"), TODAY).normalized.as_deref(),
            Some("EL094259216")
        );
    }

    #[test]
    fn unknown_country_and_missing_prefix_are_explained() {
        let id = check("123", Some("ZZ"), TODAY);
        assert!(!id.valid);
        assert!(
            id.error
                .is_some_and(|e| e.starts_with("unknown country \"ZZ\""))
        );
        let (kind, error) = kind_and_error("12345", None);
        assert_eq!(kind, None);
        assert!(error.is_some_and(|e| e.starts_with("no country prefix")));
        assert_eq!(
            kind_and_error("   ", None).1.as_deref(),
            Some("empty input")
        );
    }

    #[test]
    fn a_failed_swedish_number_keeps_its_apparent_kind() {
        // 880320-0016 is valid (python-stdnum se/personnummer.py); the last
        // digit changed breaks the Luhn check.
        assert_eq!(
            kind_and_error("880320-0017", Some("SE")),
            (
                Some(Kind::SePersonnummer),
                Some("SE: check digit mismatch (Luhn over the 10 digits)".to_owned())
            )
        );
        assert_eq!(
            kind_and_error("701063-2392", None).0,
            Some(Kind::SeSamordningsnummer)
        );
        assert_eq!(kind_and_error("556043-6065", None).0, Some(Kind::SeOrgnr));
    }
}
