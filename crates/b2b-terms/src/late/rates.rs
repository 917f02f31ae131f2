//! Reference-rate tables: one rate per country and half-year, each with
//! its source.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use b2b_core::{Percent, parse_decimal};
use serde::{Deserialize, Serialize};

use super::{HalfYear, Jurisdiction, LateError};

/// The table compiled into the crate (`data/reference-rates.toml`).
const SHIPPED_TEXT: &str = include_str!("../../data/reference-rates.toml");

/// Where the shipped table's rates are said to come from in reports.
const SHIPPED_ORIGIN: &str = "shipped table (crates/b2b-terms/data/reference-rates.toml)";

static SHIPPED: LazyLock<RateTable> = LazyLock::new(|| {
    RateTable::parse(SHIPPED_TEXT, SHIPPED_ORIGIN)
        .unwrap_or_else(|e| panic!("the shipped reference-rate table is invalid: {e}"))
});

/// One reference rate: the rate for one country and half-year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReferenceRate {
    /// The country whose profile uses it.
    pub country: Jurisdiction,
    /// The half-year it applies to (for the UK: the half-year in which
    /// interest starts to run).
    pub half_year: HalfYear,
    /// The rate, in percent per year.
    pub rate: Percent,
    /// The publication it was read from (a URL).
    pub source: String,
    /// The table it came from: the shipped table or a file path.
    pub origin: String,
}

/// A country's series of reference rates, as described in a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Series {
    /// The country.
    pub country: Jurisdiction,
    /// The rate's name, such as "ECB main refinancing operations rate".
    pub reference: String,
    /// Who publishes it.
    pub publisher: String,
    /// Where (a URL).
    pub source: String,
    /// The table it came from.
    pub origin: String,
}

/// Reference rates by country and half-year.
///
/// [`RateTable::shipped`] is compiled in; [`RateTable::parse`] reads the
/// same TOML format from a user's file, and [`RateTable::overlay`] lays such
/// a table over the shipped one. Lookups never interpolate or carry a rate
/// forward: a half-year without an entry has no rate.
///
/// ```
/// use b2b_terms::late::{Jurisdiction, RateTable};
///
/// let table = RateTable::parse(
///     r#"
///     [[series]]
///     country = "SE"
///     source = "https://www.riksbank.se/sv/statistik/rantor-och-valutakurser/referensranta/"
///     rates = [{ half_year = "2026-H2", rate = "1.50" }]
///     "#,
///     "my-rates.toml",
/// )?;
/// let both = RateTable::shipped().overlay(&table);
/// let rate = both.get(Jurisdiction::Se, "2026-H2".parse()?).expect("from my-rates.toml");
/// assert_eq!(rate.rate.value().to_string(), "1.50");
/// assert_eq!(rate.origin, "my-rates.toml");
/// assert_eq!(both.get(Jurisdiction::Se, "2009-H1".parse()?).map(|r| r.rate.value().to_string()), Some("2.00".into()));
/// # Ok::<(), b2b_terms::late::LateError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateTable {
    rates: BTreeMap<(Jurisdiction, HalfYear), ReferenceRate>,
    series: Vec<Series>,
}

impl RateTable {
    /// The table shipped with the crate: ECB, Bundesbank, Riksbank and Bank
    /// of England rates from 2009-H1, each with its source (see
    /// docs/late-payment.md for coverage).
    pub fn shipped() -> &'static RateTable {
        &SHIPPED
    }

    /// Reads a table in the TOML format of `data/reference-rates.toml`;
    /// `origin` (such as the file's path) prefixes every error and is kept
    /// with every rate.
    ///
    /// # Errors
    ///
    /// [`LateError::RateTable`] for invalid TOML, an unknown field or
    /// country, a rate that is not a decimal string, a bad half-year, or a
    /// half-year listed twice for one country.
    pub fn parse(text: &str, origin: &str) -> Result<RateTable, LateError> {
        let invalid = |message: String| LateError::RateTable {
            origin: origin.to_owned(),
            message,
        };
        let file: TableFile =
            b2b_core::exact_toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut table = RateTable::default();
        for (index, series) in file.series.into_iter().enumerate() {
            let place = format!("series {} (country {:?})", index + 1, series.country);
            let country: Jurisdiction = series
                .country
                .parse()
                .map_err(|e: LateError| invalid(format!("{place}: {e}")))?;
            let source = series.source.unwrap_or_else(|| origin.to_owned());
            for entry in series.rates {
                let half_year: HalfYear = entry
                    .half_year
                    .parse()
                    .map_err(|e: LateError| invalid(format!("{place}: {e}")))?;
                let rate = parse_decimal(&entry.rate)
                    .map(Percent::new)
                    .map_err(|e| invalid(format!("{place}, half-year {half_year}: rate {e}")))?;
                let rate = ReferenceRate {
                    country,
                    half_year,
                    rate,
                    source: entry.source.unwrap_or_else(|| source.clone()),
                    origin: origin.to_owned(),
                };
                if table.rates.insert((country, half_year), rate).is_some() {
                    return Err(invalid(format!(
                        "{place}: half-year {half_year} is listed twice for {country}"
                    )));
                }
            }
            table.series.push(Series {
                country,
                reference: series.reference.unwrap_or_default(),
                publisher: series.publisher.unwrap_or_default(),
                source,
                origin: origin.to_owned(),
            });
        }
        Ok(table)
    }

    /// This table with `over`'s rates replacing or adding to its own.
    #[must_use]
    pub fn overlay(&self, over: &RateTable) -> RateTable {
        let mut rates = self.rates.clone();
        rates.extend(over.rates.iter().map(|(key, rate)| (*key, rate.clone())));
        let mut series = over.series.clone();
        series.extend(self.series.iter().cloned());
        RateTable { rates, series }
    }

    /// The rate for `country` in `half_year`, if the table has one.
    pub fn get(&self, country: Jurisdiction, half_year: HalfYear) -> Option<&ReferenceRate> {
        self.rates.get(&(country, half_year))
    }

    /// Every rate of `country`, oldest first.
    pub fn rates(&self, country: Jurisdiction) -> impl Iterator<Item = &ReferenceRate> {
        self.rates
            .values()
            .filter(move |rate| rate.country == country)
    }

    /// The series descriptions, a laid-over table's first.
    pub fn series(&self) -> &[Series] {
        &self.series
    }
}

/// Where the reference rate comes from in one calculation.
#[derive(Clone, Copy, Debug)]
pub enum RateSource<'a> {
    /// Look each half-year up in a table.
    Table(&'a RateTable),
    /// One reference rate (percent per year) for the whole period, as given
    /// by the user.
    Fixed(Percent),
}

/// The file format, as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    #[serde(default)]
    series: Vec<SeriesFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesFile {
    country: String,
    reference: Option<String>,
    publisher: Option<String>,
    source: Option<String>,
    #[serde(default)]
    rates: Vec<RateFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateFile {
    half_year: String,
    rate: String,
    source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn half(text: &str) -> HalfYear {
        text.parse().expect("test half-year")
    }

    #[test]
    fn shipped_table_covers_2009_h1_to_2026_h1_for_every_country() {
        let table = RateTable::shipped();
        for country in [
            Jurisdiction::Eu,
            Jurisdiction::Se,
            Jurisdiction::De,
            Jurisdiction::Uk,
        ] {
            let halves: Vec<String> = table
                .rates(country)
                .map(|r| r.half_year.to_string())
                .collect();
            assert_eq!(halves.len(), 35, "{country}: {halves:?}");
            assert_eq!(halves.first().map(String::as_str), Some("2009-H1"));
            assert_eq!(halves.last().map(String::as_str), Some("2026-H1"));
            assert!(table.get(country, half("2026-H2")).is_none());
            assert!(table.rates(country).all(|r| r.source.starts_with("http")));
        }
        assert_eq!(table.series().len(), 4);
    }

    /// § 247 (1) BGB: the Basiszinssatz moves by exactly the change of the
    /// ECB main refinancing rate since the previous half-year, so the two
    /// shipped series must move together from 2009-H2 on.
    #[test]
    fn basiszinssatz_follows_the_ecb_rate() {
        let table = RateTable::shipped();
        let ecb: Vec<_> = table
            .rates(Jurisdiction::Eu)
            .map(|r| r.rate.value())
            .collect();
        let de: Vec<_> = table
            .rates(Jurisdiction::De)
            .map(|r| r.rate.value())
            .collect();
        for i in 1..ecb.len() {
            assert_eq!(
                de[i] - de[i - 1],
                ecb[i] - ecb[i - 1],
                "half-year index {i}"
            );
        }
    }

    /// Riksbank table (riksbank.se, referensränta): 2016-07-01 -0,50;
    /// 2022-07-01 0,50; 2023-07-01 3,50.
    #[test]
    fn riksbank_values_as_published() {
        let table = RateTable::shipped();
        let rate = |h: &str| {
            table
                .get(Jurisdiction::Se, half(h))
                .map(|r| r.rate.value().to_string())
        };
        assert_eq!(rate("2016-H2"), Some("-0.50".to_owned()));
        assert_eq!(rate("2022-H2"), Some("0.50".to_owned()));
        assert_eq!(rate("2023-H2"), Some("3.50".to_owned()));
    }

    #[test]
    fn errors_name_the_origin_and_the_place() {
        let cases = [
            (
                "[[series]]\ncountry = \"FR\"\nrates = []",
                "series 1 (country \"FR\"): unknown country",
            ),
            (
                "[[series]]\ncountry = \"DE\"\nrates = [{ half_year = \"2025-H3\", rate = \"1\" }]",
                "is not a half-year",
            ),
            (
                "[[series]]\ncountry = \"DE\"\nrates = [{ half_year = \"2025-H1\", rate = \"1,5\" }]",
                "half-year 2025-H1: rate \"1,5\" is not a decimal number",
            ),
            (
                "[[series]]\ncountry = \"DE\"\nrates = [{ half_year = \"2025-H1\", rate = 1.5e400 }]",
                "floating-point number overflowed",
            ),
            (
                "[[series]]\ncountry = \"DE\"\nrates = [{ half_year = \"2025-H1\", rate = \"1\" }, { half_year = \"2025-H1\", rate = \"2\" }]",
                "2025-H1 is listed twice for DE",
            ),
            ("[[series]]\ncountry = \"DE\"\nrate = []", "unknown field"),
        ];
        for (text, expected) in cases {
            let message = RateTable::parse(text, "rates.toml")
                .expect_err(text)
                .to_string();
            assert!(message.starts_with("rates.toml: "), "{message}");
            assert!(
                message.contains(expected),
                "{message} should contain {expected}"
            );
        }
    }
}

#[cfg(test)]
mod float_tests {
    use super::*;

    /// A TOML float is read as the digits written, not through f64.
    #[test]
    fn a_float_rate_keeps_every_digit() {
        let table = RateTable::parse(
            "[[series]]\ncountry = \"DE\"\nrates = [{ half_year = \"2025-H1\", rate = 1.27000000000000001 }]",
            "rates.toml",
        )
        .expect("valid");
        let listed = format!("{table:?}");
        assert!(listed.contains("Percent(1.27000000000000001)"), "{listed}");
    }
}
