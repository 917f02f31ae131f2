//! ISO 4217 currencies and their minor units.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::CoreError;

/// The active alphabetic codes of ISO 4217 with their minor units (the
/// number of decimal places of the currency's smallest unit).
///
/// Source: ISO 4217 list one ("Current currency & funds code list"),
/// published by SIX on behalf of ISO, edition of 2024-06-25, plus `XCG`
/// (Caribbean guilder, 2 minor units) which amendment 176 added for use from
/// 2025-03-31. Codes that were still on list one at some point in 2024-2026
/// but are being withdrawn (`ANG`, `BGN`, `CUC`) are kept so that documents
/// from that period still parse.
///
/// `None` stands for the list's "N.A.": precious metals, bond-market units,
/// `XDR`, `XSU`, `XUA`, the testing code `XTS` and "no currency" `XXX`.
///
/// The table is sorted by code (a test checks this); a [`Currency`] is an
/// index into it, so ordering currencies orders them by code.
const ISO_4217: [(&str, Option<u32>); 180] = [
    ("AED", Some(2)),
    ("AFN", Some(2)),
    ("ALL", Some(2)),
    ("AMD", Some(2)),
    ("ANG", Some(2)),
    ("AOA", Some(2)),
    ("ARS", Some(2)),
    ("AUD", Some(2)),
    ("AWG", Some(2)),
    ("AZN", Some(2)),
    ("BAM", Some(2)),
    ("BBD", Some(2)),
    ("BDT", Some(2)),
    ("BGN", Some(2)),
    ("BHD", Some(3)),
    ("BIF", Some(0)),
    ("BMD", Some(2)),
    ("BND", Some(2)),
    ("BOB", Some(2)),
    ("BOV", Some(2)),
    ("BRL", Some(2)),
    ("BSD", Some(2)),
    ("BTN", Some(2)),
    ("BWP", Some(2)),
    ("BYN", Some(2)),
    ("BZD", Some(2)),
    ("CAD", Some(2)),
    ("CDF", Some(2)),
    ("CHE", Some(2)),
    ("CHF", Some(2)),
    ("CHW", Some(2)),
    ("CLF", Some(4)),
    ("CLP", Some(0)),
    ("CNY", Some(2)),
    ("COP", Some(2)),
    ("COU", Some(2)),
    ("CRC", Some(2)),
    ("CUC", Some(2)),
    ("CUP", Some(2)),
    ("CVE", Some(2)),
    ("CZK", Some(2)),
    ("DJF", Some(0)),
    ("DKK", Some(2)),
    ("DOP", Some(2)),
    ("DZD", Some(2)),
    ("EGP", Some(2)),
    ("ERN", Some(2)),
    ("ETB", Some(2)),
    ("EUR", Some(2)),
    ("FJD", Some(2)),
    ("FKP", Some(2)),
    ("GBP", Some(2)),
    ("GEL", Some(2)),
    ("GHS", Some(2)),
    ("GIP", Some(2)),
    ("GMD", Some(2)),
    ("GNF", Some(0)),
    ("GTQ", Some(2)),
    ("GYD", Some(2)),
    ("HKD", Some(2)),
    ("HNL", Some(2)),
    ("HTG", Some(2)),
    ("HUF", Some(2)),
    ("IDR", Some(2)),
    ("ILS", Some(2)),
    ("INR", Some(2)),
    ("IQD", Some(3)),
    ("IRR", Some(2)),
    ("ISK", Some(0)),
    ("JMD", Some(2)),
    ("JOD", Some(3)),
    ("JPY", Some(0)),
    ("KES", Some(2)),
    ("KGS", Some(2)),
    ("KHR", Some(2)),
    ("KMF", Some(0)),
    ("KPW", Some(2)),
    ("KRW", Some(0)),
    ("KWD", Some(3)),
    ("KYD", Some(2)),
    ("KZT", Some(2)),
    ("LAK", Some(2)),
    ("LBP", Some(2)),
    ("LKR", Some(2)),
    ("LRD", Some(2)),
    ("LSL", Some(2)),
    ("LYD", Some(3)),
    ("MAD", Some(2)),
    ("MDL", Some(2)),
    ("MGA", Some(2)),
    ("MKD", Some(2)),
    ("MMK", Some(2)),
    ("MNT", Some(2)),
    ("MOP", Some(2)),
    ("MRU", Some(2)),
    ("MUR", Some(2)),
    ("MVR", Some(2)),
    ("MWK", Some(2)),
    ("MXN", Some(2)),
    ("MXV", Some(2)),
    ("MYR", Some(2)),
    ("MZN", Some(2)),
    ("NAD", Some(2)),
    ("NGN", Some(2)),
    ("NIO", Some(2)),
    ("NOK", Some(2)),
    ("NPR", Some(2)),
    ("NZD", Some(2)),
    ("OMR", Some(3)),
    ("PAB", Some(2)),
    ("PEN", Some(2)),
    ("PGK", Some(2)),
    ("PHP", Some(2)),
    ("PKR", Some(2)),
    ("PLN", Some(2)),
    ("PYG", Some(0)),
    ("QAR", Some(2)),
    ("RON", Some(2)),
    ("RSD", Some(2)),
    ("RUB", Some(2)),
    ("RWF", Some(0)),
    ("SAR", Some(2)),
    ("SBD", Some(2)),
    ("SCR", Some(2)),
    ("SDG", Some(2)),
    ("SEK", Some(2)),
    ("SGD", Some(2)),
    ("SHP", Some(2)),
    ("SLE", Some(2)),
    ("SOS", Some(2)),
    ("SRD", Some(2)),
    ("SSP", Some(2)),
    ("STN", Some(2)),
    ("SVC", Some(2)),
    ("SYP", Some(2)),
    ("SZL", Some(2)),
    ("THB", Some(2)),
    ("TJS", Some(2)),
    ("TMT", Some(2)),
    ("TND", Some(3)),
    ("TOP", Some(2)),
    ("TRY", Some(2)),
    ("TTD", Some(2)),
    ("TWD", Some(2)),
    ("TZS", Some(2)),
    ("UAH", Some(2)),
    ("UGX", Some(0)),
    ("USD", Some(2)),
    ("USN", Some(2)),
    ("UYI", Some(0)),
    ("UYU", Some(2)),
    ("UYW", Some(4)),
    ("UZS", Some(2)),
    ("VED", Some(2)),
    ("VES", Some(2)),
    ("VND", Some(0)),
    ("VUV", Some(0)),
    ("WST", Some(2)),
    ("XAF", Some(0)),
    ("XAG", None),
    ("XAU", None),
    ("XBA", None),
    ("XBB", None),
    ("XBC", None),
    ("XBD", None),
    ("XCD", Some(2)),
    ("XCG", Some(2)),
    ("XDR", None),
    ("XOF", Some(0)),
    ("XPD", None),
    ("XPF", Some(0)),
    ("XPT", None),
    ("XSU", None),
    ("XTS", None),
    ("XUA", None),
    ("XXX", None),
    ("YER", Some(2)),
    ("ZAR", Some(2)),
    ("ZMW", Some(2)),
    ("ZWG", Some(2)),
];

/// The number of decimal places used for codes whose ISO 4217 minor units
/// are "N.A." (see [`Currency::minor_units`]).
const FALLBACK_MINOR_UNITS: u32 = 4;

/// An active ISO 4217 currency, such as `EUR` or `JPY`.
///
/// Parse one with [`str::parse`] (case-insensitive, surrounding ASCII
/// whitespace ignored); it always displays and serialises as its canonical
/// upper-case code. A `Currency` is one byte, `Copy`, and compares by code.
///
/// ```
/// use b2b_core::Currency;
///
/// let sek: Currency = " sek ".parse()?;
/// assert_eq!(sek.code(), "SEK");
/// assert_eq!(sek.minor_units(), 2);
/// assert_eq!("JPY".parse::<Currency>()?.minor_units(), 0);
/// assert!("XYZ".parse::<Currency>().is_err());
/// # Ok::<(), b2b_core::CoreError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(u8);

impl Currency {
    /// The euro.
    pub const EUR: Currency = Currency::from_table("EUR");
    /// The United States dollar.
    pub const USD: Currency = Currency::from_table("USD");
    /// The pound sterling.
    pub const GBP: Currency = Currency::from_table("GBP");
    /// The Swedish krona.
    pub const SEK: Currency = Currency::from_table("SEK");
    /// The Norwegian krone.
    pub const NOK: Currency = Currency::from_table("NOK");
    /// The Danish krone.
    pub const DKK: Currency = Currency::from_table("DKK");
    /// The Swiss franc.
    pub const CHF: Currency = Currency::from_table("CHF");
    /// The Japanese yen (no minor units).
    pub const JPY: Currency = Currency::from_table("JPY");

    /// Looks up a code that is known to be in the table, at compile time.
    const fn from_table(code: &str) -> Currency {
        let wanted = code.as_bytes();
        let mut i = 0;
        while i < ISO_4217.len() {
            let have = ISO_4217[i].0.as_bytes();
            if have[0] == wanted[0] && have[1] == wanted[1] && have[2] == wanted[2] {
                // The table has 180 rows, so the index fits in a byte.
                return Currency(i as u8);
            }
            i += 1;
        }
        panic!("currency constant missing from the ISO 4217 table");
    }

    /// Parses an ISO 4217 code; same as [`str::parse`].
    ///
    /// Case does not matter and surrounding ASCII whitespace is ignored.
    ///
    /// # Errors
    ///
    /// [`CoreError::UnknownCurrency`] if the text is not an active code.
    // Inherent as well as `FromStr`, so callers need not import the trait.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str) -> Result<Currency, CoreError> {
        let unknown = || CoreError::UnknownCurrency {
            code: text.to_owned(),
        };
        let &[a, b, c] = text.trim_ascii().as_bytes() else {
            return Err(unknown());
        };
        let wanted = [
            a.to_ascii_uppercase(),
            b.to_ascii_uppercase(),
            c.to_ascii_uppercase(),
        ];
        ISO_4217
            .binary_search_by(|(code, _)| code.as_bytes().cmp(&wanted[..]))
            .ok()
            .and_then(|index| u8::try_from(index).ok())
            .map(Currency)
            .ok_or_else(unknown)
    }

    /// The canonical upper-case three-letter code, such as `"EUR"`.
    pub fn code(&self) -> &'static str {
        self.entry().0
    }

    /// The number of decimal places of the currency's minor unit: 2 for
    /// `EUR` and `SEK`, 0 for `JPY`, `KRW` and `ISK`, 3 for `KWD`, `BHD`,
    /// `JOD`, `OMR`, `TND`, `LYD` and `IQD`, 4 for `CLF` and `UYW`.
    ///
    /// For the codes that ISO 4217 lists with "N.A." minor units (precious
    /// metals such as `XAU`, bond-market units, `XDR`, `XSU`, `XUA`, `XTS`,
    /// `XXX`) this returns 4, a precision chosen by this crate so that
    /// rounding at the output edge keeps useful detail; use
    /// [`Currency::iso_minor_units`] to tell those apart.
    pub fn minor_units(&self) -> u32 {
        self.entry().1.unwrap_or(FALLBACK_MINOR_UNITS)
    }

    /// The minor units exactly as ISO 4217 lists them: `None` where the
    /// list says "N.A." (see [`Currency::minor_units`]).
    pub fn iso_minor_units(&self) -> Option<u32> {
        self.entry().1
    }

    /// Every currency in the table, in code order.
    pub fn all() -> impl ExactSizeIterator<Item = Currency> {
        // The table has 180 rows, so every index fits in a byte.
        (0..=u8::MAX).take(ISO_4217.len()).map(Currency)
    }

    fn entry(&self) -> (&'static str, Option<u32>) {
        // A `Currency` is only ever built from a valid index.
        ISO_4217[usize::from(self.0)]
    }
}

impl FromStr for Currency {
    type Err = CoreError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Currency::from_str(text)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Currency").field(&self.code()).finish()
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = Currency;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 4217 currency code such as \"EUR\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Currency, E> {
                Currency::from_str(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(CodeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_str(code).expect("code is in the table")
    }

    #[test]
    fn table_is_sorted_unique_and_well_formed() {
        for pair in ISO_4217.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} !< {}", pair[0].0, pair[1].0);
        }
        for (code, minor) in ISO_4217 {
            assert_eq!(code.len(), 3, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()), "{code}");
            assert!(minor.is_none_or(|m| m <= 4), "{code}");
        }
        assert!(ISO_4217.len() <= usize::from(u8::MAX) + 1);
    }

    #[test]
    fn from_str_is_case_insensitive_and_canonical() {
        assert_eq!(cur("eur"), Currency::EUR);
        assert_eq!(cur("Eur").code(), "EUR");
        assert_eq!(cur(" sek\t").code(), "SEK");
        assert_eq!("usd".parse::<Currency>(), Ok(Currency::USD));
    }

    #[test]
    fn from_str_rejects_unknown_codes() {
        for text in ["", "EU", "EURO", "XYZ", "kr", "€", "E U", "123", "ÄÖÜ"] {
            let err = Currency::from_str(text).expect_err(text);
            assert_eq!(
                err,
                CoreError::UnknownCurrency {
                    code: text.to_owned()
                }
            );
        }
        let message = Currency::from_str("XYZ").expect_err("unknown").to_string();
        assert!(message.contains("\"XYZ\""), "{message}");
        assert!(message.contains("ISO 4217"), "{message}");
    }

    #[test]
    fn withdrawn_codes_are_unknown() {
        for text in [
            "HRK", "LTL", "SLL", "ZWL", "VEF", "MRO", "STD", "BYR", "DEM",
        ] {
            assert!(Currency::from_str(text).is_err(), "{text}");
        }
    }

    #[test]
    fn minor_units_match_iso_4217() {
        let expected = [
            ("EUR", 2),
            ("SEK", 2),
            ("USD", 2),
            ("JPY", 0),
            ("ISK", 0),
            ("KRW", 0),
            ("CLP", 0),
            ("XOF", 0),
            ("UYI", 0),
            ("KWD", 3),
            ("BHD", 3),
            ("JOD", 3),
            ("OMR", 3),
            ("TND", 3),
            ("LYD", 3),
            ("IQD", 3),
            ("CLF", 4),
            ("UYW", 4),
            ("XCG", 2),
            ("ZWG", 2),
        ];
        for (code, minor) in expected {
            assert_eq!(cur(code).minor_units(), minor, "{code}");
            assert_eq!(cur(code).iso_minor_units(), Some(minor), "{code}");
        }
    }

    #[test]
    fn not_applicable_minor_units_fall_back() {
        for code in ["XAU", "XAG", "XDR", "XXX", "XTS"] {
            assert_eq!(cur(code).iso_minor_units(), None, "{code}");
            assert_eq!(cur(code).minor_units(), FALLBACK_MINOR_UNITS, "{code}");
        }
    }

    #[test]
    fn constants_match_their_codes() {
        let pairs = [
            (Currency::EUR, "EUR"),
            (Currency::USD, "USD"),
            (Currency::GBP, "GBP"),
            (Currency::SEK, "SEK"),
            (Currency::NOK, "NOK"),
            (Currency::DKK, "DKK"),
            (Currency::CHF, "CHF"),
            (Currency::JPY, "JPY"),
        ];
        for (currency, code) in pairs {
            assert_eq!(currency.code(), code);
        }
    }

    #[test]
    fn all_lists_every_code_in_order() {
        let all: Vec<Currency> = Currency::all().collect();
        assert_eq!(all.len(), ISO_4217.len());
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        for currency in all {
            assert_eq!(cur(currency.code()), currency);
        }
    }

    #[test]
    fn ordering_follows_codes() {
        assert!(Currency::CHF < Currency::EUR);
        assert!(Currency::EUR < Currency::USD);
    }

    #[test]
    fn display_and_debug() {
        assert_eq!(Currency::EUR.to_string(), "EUR");
        assert_eq!(format!("{:>5}", Currency::EUR), "  EUR");
        assert_eq!(format!("{:?}", Currency::EUR), "Currency(\"EUR\")");
    }

    #[test]
    fn serde_uses_the_code_string() {
        let json = serde_json::to_string(&Currency::SEK).expect("serialise");
        assert_eq!(json, "\"SEK\"");
        let back: Currency = serde_json::from_str("\"sek\"").expect("deserialise");
        assert_eq!(back, Currency::SEK);
        let err = serde_json::from_str::<Currency>("\"XYZ\"").expect_err("unknown");
        assert!(
            err.to_string().contains("\"XYZ\" is not an ISO 4217"),
            "{err}"
        );
        assert!(serde_json::from_str::<Currency>("978").is_err());
    }
}
