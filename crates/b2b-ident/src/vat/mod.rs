//! VAT identification numbers: the EU member states (Greece as `EL`),
//! Northern Ireland (`XI`), the EU One-Stop-Shop non-union scheme (`EU`),
//! the United Kingdom (`GB`) and Norway (`NO` … `MVA`).
//!
//! Each country has one module with its format and check-digit rule; this
//! module cleans the input, finds the country from the prefix and reports
//! which rule failed.
//!
//! ```
//! let vat = b2b_ident::vat::validate("SE 556043-6064 01").expect("valid");
//! assert_eq!(vat.prefix, "SE");
//! assert_eq!(vat.number, "556043606401");
//!
//! let error = b2b_ident::vat::validate("DE 136695978").expect_err("bad check digit");
//! assert!(error.to_string().contains("ISO 7064 MOD 11,10"));
//! ```

mod at;
mod be;
mod bg;
mod cy;
mod cz;
mod de;
mod dk;
mod ee;
mod el;
mod es;
mod eu;
mod fi;
mod fr;
mod gb;
mod hr;
mod hu;
mod ie;
mod it;
mod lt;
mod lu;
mod lv;
mod mt;
mod nl;
mod no;
mod pl;
mod pt;
mod ro;
mod se;
mod si;
mod sk;

use std::fmt;

/// A VAT number that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatNumber {
    /// The prefix as written on VAT numbers: `SE`, `DE`, `EL` (Greece, also
    /// when `GR` was given), `XI` (Northern Ireland), `GB`, `EU` (OSS
    /// non-union scheme), `NO`.
    pub prefix: String,
    /// The number without the prefix, normalised: separators removed,
    /// letters upper case, and the country's own completions (Belgian
    /// leading 0, Greek leading 0, Dutch zero-padding, Romanian `RO` is not
    /// repeated here).
    pub number: String,
    /// The English name of the country or scheme ("Sweden", "Northern
    /// Ireland", "EU One-Stop-Shop (non-union scheme)").
    pub country_name: &'static str,
    /// True when the number can be checked in the EU's VIES system (EU
    /// member states and Northern Ireland).
    pub vies: bool,
}

impl VatNumber {
    /// The full normalised number: prefix and number, e.g. `SE556043606401`.
    pub fn normalized(&self) -> String {
        format!("{}{}", self.prefix, self.number)
    }
}

impl fmt::Display for VatNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.prefix, self.number)
    }
}

/// The rule an identifier broke: a VAT number, or a Swedish or Norwegian
/// organisation or personal number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidId {
    /// Nothing but separators and spaces.
    Empty,
    /// The input does not start with a two-letter prefix.
    MissingPrefix,
    /// The two letters are not a VAT prefix.
    UnknownPrefix(String),
    /// A character no VAT number uses (anything outside ASCII).
    UnexpectedCharacter(char),
    /// Characters the country does not use there; says what the country's
    /// format is.
    Format(&'static str),
    /// The wrong number of characters.
    Length {
        /// Characters found after the prefix (after cleaning).
        found: usize,
        /// The lengths the country uses.
        expected: &'static str,
    },
    /// A part of the number has a value the country does not issue (a
    /// date that does not exist, a reserved range).
    Component(String),
    /// The check digit(s) do not match; names the algorithm.
    CheckDigit(&'static str),
}

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidId::Empty => write!(f, "empty input"),
            InvalidId::MissingPrefix => write!(
                f,
                "missing country prefix: a VAT number starts with two letters such as SE or DE"
            ),
            InvalidId::UnknownPrefix(prefix) => write!(f, "unknown country prefix {prefix:?}"),
            InvalidId::UnexpectedCharacter(c) => {
                write!(f, "wrong format: unexpected character {c:?}")
            }
            InvalidId::Format(expected) => write!(f, "wrong format: expected {expected}"),
            InvalidId::Length { found, expected } => {
                write!(f, "wrong length: {found} characters, expected {expected}")
            }
            InvalidId::Component(what) => write!(f, "{what}"),
            InvalidId::CheckDigit(algorithm) => write!(f, "check digit mismatch ({algorithm})"),
        }
    }
}

/// Why a VAT number is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a valid VAT number: {reason}", crate::excerpt(.input))]
pub struct VatError {
    /// The input.
    pub input: String,
    /// The prefix, when it was a known one (`EL` for Greece).
    pub prefix: Option<String>,
    /// The rule that failed.
    pub rule: InvalidId,
    /// The rule that failed, in words, with the country (`"AT (Austria):
    /// check digit mismatch (…)"`).
    pub reason: String,
}

impl std::error::Error for InvalidId {}

/// A country's (or scheme's) VAT number rules.
struct Country {
    /// The prefix on the number.
    prefix: &'static str,
    /// English name.
    name: &'static str,
    /// Separators removed in addition to the common ones.
    extra_separators: &'static [char],
    /// Checks the number after the prefix; gives it normalised.
    validate: fn(&str) -> Result<String, InvalidId>,
    /// Checkable in VIES.
    vies: bool,
}

const fn country(
    prefix: &'static str,
    name: &'static str,
    validate: fn(&str) -> Result<String, InvalidId>,
) -> Country {
    Country {
        prefix,
        name,
        extra_separators: &[],
        validate,
        vies: true,
    }
}

const COUNTRIES: &[Country] = &[
    country("AT", "Austria", at::validate),
    country("BE", "Belgium", be::validate),
    country("BG", "Bulgaria", bg::validate),
    country("CY", "Cyprus", cy::validate),
    country("CZ", "Czechia", cz::validate),
    Country {
        extra_separators: &[','],
        ..country("DE", "Germany", de::validate)
    },
    Country {
        extra_separators: &[','],
        ..country("DK", "Denmark", dk::validate)
    },
    country("EE", "Estonia", ee::validate),
    country("EL", "Greece", el::validate),
    country("ES", "Spain", es::validate),
    country("FI", "Finland", fi::validate),
    country("FR", "France", fr::validate),
    country("HR", "Croatia", hr::validate),
    country("HU", "Hungary", hu::validate),
    country("IE", "Ireland", ie::validate),
    country("IT", "Italy", it::validate),
    country("LT", "Lithuania", lt::validate),
    country("LU", "Luxembourg", lu::validate),
    country("LV", "Latvia", lv::validate),
    country("MT", "Malta", mt::validate),
    country("NL", "Netherlands", nl::validate),
    country("PL", "Poland", pl::validate),
    country("PT", "Portugal", pt::validate),
    country("RO", "Romania", ro::validate),
    country("SE", "Sweden", se::validate),
    country("SI", "Slovenia", si::validate),
    country("SK", "Slovakia", sk::validate),
    country("XI", "Northern Ireland", gb::validate),
    Country {
        vies: false,
        ..country("EU", "EU One-Stop-Shop (non-union scheme)", eu::validate)
    },
    Country {
        vies: false,
        ..country("GB", "United Kingdom", gb::validate)
    },
    Country {
        vies: false,
        ..country("NO", "Norway", no::validate)
    },
];

/// Separators removed everywhere: white space, dashes, dots, slashes and
/// colons (as in `DK: 21599336`).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '/' | ':')
}

/// All VAT prefixes this module validates, in the order of the table
/// (`EL` for Greece; `GR` is accepted as input too).
pub fn prefixes() -> impl Iterator<Item = &'static str> {
    COUNTRIES.iter().map(|c| c.prefix)
}

/// True when `prefix` (upper case; `GR` included) is a VAT prefix this
/// module knows.
pub fn is_prefix(prefix: &str) -> bool {
    find(prefix).is_some()
}

fn find(prefix: &str) -> Option<&'static Country> {
    // Greece's VAT prefix is EL (VIES); GR is its ISO 3166 code and is
    // often written instead.
    let prefix = if prefix == "GR" { "EL" } else { prefix };
    COUNTRIES.iter().find(|c| c.prefix == prefix)
}

/// Validates a VAT number with its country prefix.
///
/// Spaces, dashes, dots, slashes and colons are ignored, letters may be
/// lower case; `GR` is read as Greece's `EL`. The error names the rule that
/// failed.
///
/// # Errors
///
/// A [`VatError`] whose `rule` is [`InvalidId::Empty`] for nothing but
/// separators, [`InvalidId::MissingPrefix`] when the input does not start
/// with two letters, [`InvalidId::UnknownPrefix`] for two letters that are
/// not a VAT prefix, [`InvalidId::UnexpectedCharacter`] for a character
/// outside ASCII after the prefix, and otherwise the country's rule that
/// failed: [`InvalidId::Format`], [`InvalidId::Length`],
/// [`InvalidId::Component`] or [`InvalidId::CheckDigit`].
pub fn validate(input: &str) -> Result<VatNumber, VatError> {
    let fail = |prefix: Option<&Country>, rule: InvalidId| {
        let reason = match prefix {
            Some(c) => format!("{} ({}): {rule}", c.prefix, c.name),
            None => rule.to_string(),
        };
        VatError {
            input: input.to_owned(),
            prefix: prefix.map(|c| c.prefix.to_owned()),
            rule,
            reason,
        }
    };
    let compact: String = input
        .chars()
        .filter(|&c| !is_separator(c))
        .flat_map(char::to_uppercase)
        .collect();
    if compact.is_empty() {
        return Err(fail(None, InvalidId::Empty));
    }
    let mut chars = compact.chars();
    let prefix: String = chars.by_ref().take(2).collect();
    if prefix.chars().count() < 2 || !prefix.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(fail(None, InvalidId::MissingPrefix));
    }
    let Some(country) = find(&prefix) else {
        return Err(fail(None, InvalidId::UnknownPrefix(prefix)));
    };
    let rest: String = chars
        .filter(|c| !country.extra_separators.contains(c))
        .collect();
    // Every country's rules are about ASCII letters and digits (and the
    // Belgian "(0)"); anything else is a format error, and the country
    // modules may then index bytes safely.
    if let Some(bad) = rest.chars().find(|c| !c.is_ascii()) {
        return Err(fail(Some(country), InvalidId::UnexpectedCharacter(bad)));
    }
    match (country.validate)(&rest) {
        Ok(number) => Ok(VatNumber {
            prefix: country.prefix.to_owned(),
            number,
            country_name: country.name,
            vies: country.vies,
        }),
        Err(rule) => Err(fail(Some(country), rule)),
    }
}

/// The shape of a number that is only digits, of one length: checked
/// first for characters (format), then for length, as the countries do.
pub(crate) struct Digits {
    /// Number of digits.
    pub(crate) len: usize,
    /// False when the country never issues a leading 0.
    pub(crate) leading_zero: bool,
}

impl Digits {
    /// Digits of `len`, a leading 0 allowed.
    pub(crate) const fn any(len: usize) -> Digits {
        Digits {
            len,
            leading_zero: true,
        }
    }

    /// Digits of `len`, the first not 0.
    pub(crate) const fn no_leading_zero(len: usize) -> Digits {
        Digits {
            len,
            leading_zero: false,
        }
    }

    /// Checks characters, then length.
    pub(crate) fn check(&self, number: &str) -> Result<(), InvalidId> {
        let expected = match (self.len, self.leading_zero) {
            (8, true) => "8 digits",
            (9, true) => "9 digits",
            (10, true) => "10 digits",
            (11, true) => "11 digits",
            (8, false) => "8 digits, the first not 0",
            (9, false) => "9 digits, the first not 0",
            (_, _) => "digits",
        };
        if !crate::digits::all_digits(number) || (!self.leading_zero && number.starts_with('0')) {
            return Err(InvalidId::Format(expected));
        }
        if number.len() != self.len {
            return Err(InvalidId::Length {
                found: number.len(),
                expected,
            });
        }
        Ok(())
    }
}

/// Digits of `shape` whose last is an ISO 7064 MOD 11,10 check digit
/// (Germany, Croatia).
pub(crate) fn iso7064_mod_11_10(number: &str, shape: Digits) -> Result<String, InvalidId> {
    shape.check(number)?;
    if !crate::digits::iso7064_mod_11_10_valid(number) {
        return Err(InvalidId::CheckDigit("ISO 7064 MOD 11,10"));
    }
    Ok(number.to_owned())
}

/// The error for a wrong length.
pub(crate) fn length(number: &str, expected: &'static str) -> InvalidId {
    InvalidId::Length {
        found: number.len(),
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greece_is_el_also_when_written_gr() {
        // EL 094259216: python-stdnum gr/vat.py docstring.
        let vat = validate("gr 094 259 216").expect("valid");
        assert_eq!(
            (vat.prefix.as_str(), vat.number.as_str()),
            ("EL", "094259216")
        );
        assert_eq!(vat.normalized(), "EL094259216");
        assert_eq!(vat.country_name, "Greece");
        assert!(vat.vies);
    }

    #[test]
    fn gb_is_not_in_vies_but_xi_is() {
        // GB 980780684: python-stdnum gb/vat.py; XI 432525179: eu vat tests.
        assert!(!validate("GB 980 7806 84").expect("valid").vies);
        assert!(validate("XI 432525179").expect("valid").vies);
    }

    #[test]
    fn prefix_errors() {
        let rule = |input: &str| validate(input).map_err(|e| e.rule);
        assert_eq!(rule(" - . "), Err(InvalidId::Empty));
        assert_eq!(rule("123456789"), Err(InvalidId::MissingPrefix));
        assert_eq!(rule("D"), Err(InvalidId::MissingPrefix));
        assert_eq!(
            rule("QQ 124567"),
            Err(InvalidId::UnknownPrefix("QQ".to_owned()))
        );
        assert_eq!(
            rule("DE 1366959७6"),
            Err(InvalidId::UnexpectedCharacter('७'))
        );
    }

    #[test]
    fn the_error_names_input_country_and_rule() {
        let error = validate("DK 13585627").expect_err("bad check digit");
        assert_eq!(error.prefix.as_deref(), Some("DK"));
        assert_eq!(
            error.to_string(),
            "\"DK 13585627\" is not a valid VAT number: DK (Denmark): check digit mismatch \
             (Danish CVR: weights 2 7 6 5 4 3 2 1, sum mod 11 = 0)"
        );
    }
}
