//! Country codes: ISO 3166-1 alpha-2, the EU member states, and the EU's
//! code `XI` for Northern Ireland.

use std::fmt;

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted, as listed by
/// Debian's `iso-codes` 4.15.0 (`/usr/share/iso-codes/json/iso_3166-1.json`).
const ISO_3166_1: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// The 27 member states of the European Union (ISO codes; Greece is `GR`,
/// which writes `EL` on VAT numbers).
const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Northern Ireland, as the EU codes it: not an ISO 3166-1 code (ISO puts it
/// in `GB`), but the prefix of its VAT numbers; EU VAT rules on goods apply
/// there (Windsor Framework, art. 8 of the Protocol on Ireland/Northern
/// Ireland), those on services do not.
pub const NORTHERN_IRELAND: &str = "XI";

/// A country: an ISO 3166-1 alpha-2 code, or `XI` for Northern Ireland.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

/// A country code that is not an assigned ISO 3166-1 alpha-2 code nor `XI`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown country code {:?}: expected an ISO 3166-1 alpha-2 code such as \"SE\", \"DE\", \"GR\" (or \"XI\" for Northern Ireland){hint}", crate::excerpt(.code))]
pub struct CountryError {
    /// The code as written.
    pub code: String,
    /// A hint for a usual mistake (`EL`, `UK`), or nothing.
    pub hint: &'static str,
}

impl Country {
    /// Reads a code written in capitals (`"SE"`); lower case is refused so
    /// that a file says the same thing everywhere.
    ///
    /// # Errors
    ///
    /// [`CountryError`] for anything but an assigned ISO 3166-1 alpha-2
    /// code in capitals or `XI`, with a hint for `EL`, `UK` and a code in
    /// lower case.
    pub fn parse(code: &str) -> Result<Country, CountryError> {
        let known = code == NORTHERN_IRELAND || ISO_3166_1.binary_search(&code).is_ok();
        match code.as_bytes() {
            &[a, b] if known => Ok(Country([a, b])),
            _ => Err(CountryError {
                code: code.to_owned(),
                hint: match code {
                    "EL" => "; Greece is \"GR\" (EL is its VAT prefix)",
                    "UK" => "; the United Kingdom is \"GB\"",
                    _ if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) => {
                        "; write it in capitals"
                    }
                    _ => "",
                },
            }),
        }
    }

    /// The code, such as `"SE"`.
    pub fn code(&self) -> &str {
        // Both bytes come from the ASCII lists above.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Whether the country is one of the 27 EU member states (`XI` is not:
    /// see [`Country::in_eu_vat_area`]).
    pub fn is_eu_member(&self) -> bool {
        EU_MEMBERS.contains(&self.code())
    }

    /// Whether EU VAT rules apply there for this kind of supply: the member
    /// states always, Northern Ireland (`XI`) for goods only.
    pub fn in_eu_vat_area(&self, goods: bool) -> bool {
        self.is_eu_member() || (self.code() == NORTHERN_IRELAND && goods)
    }

    /// The prefix its VAT numbers carry: the ISO code, except `EL` for
    /// Greece.
    pub fn vat_prefix(&self) -> &str {
        match self.code() {
            "GR" => "EL",
            code => code,
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iso_list_is_sorted_for_binary_search() {
        assert!(ISO_3166_1.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_eu_member_is_an_iso_code() {
        for code in EU_MEMBERS {
            assert!(Country::parse(code).expect(code).is_eu_member());
        }
    }

    #[test]
    fn codes_and_mistakes() {
        assert_eq!(
            Country::parse("SE").map(|c| c.to_string()),
            Ok("SE".to_owned())
        );
        assert!(Country::parse("XI").is_ok());
        assert!(!Country::parse("GB").expect("GB").is_eu_member());
        assert!(Country::parse("XI").expect("XI").in_eu_vat_area(true));
        assert!(!Country::parse("XI").expect("XI").in_eu_vat_area(false));
        assert_eq!(Country::parse("GR").expect("GR").vat_prefix(), "EL");
        for bad in ["EL", "UK", "se", "SWE", "", "ZZ"] {
            assert!(Country::parse(bad).is_err(), "{bad}");
        }
        assert!(
            Country::parse("EL")
                .expect_err("EL")
                .to_string()
                .contains("GR")
        );
    }
}
