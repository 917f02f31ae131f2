//! Country profiles: the rules of statutory late-payment interest in one
//! jurisdiction.

use std::fmt;
use std::str::FromStr;

use b2b_core::{Currency, Decimal, Money, Percent, Rounding, wire};
use serde::{Serialize, Serializer};
use time::Date;
use time::macros::date;

use super::LateError;

/// A jurisdiction with a [`CountryProfile`]: the EU default or a country.
/// (A country as such is [`b2b_core::Country`]; `EU` is none.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Jurisdiction {
    /// The EU default: Directive 2011/7/EU with the ECB rate, in euro.
    Eu,
    /// Sweden: räntelagen (1975:635).
    Se,
    /// Germany: §§ 247, 288 BGB.
    De,
    /// The United Kingdom: Late Payment of Commercial Debts (Interest) Act 1998.
    Uk,
}

impl Jurisdiction {
    /// The country it is, as [`b2b_core::Country`]: `None` for the EU
    /// default, `GB` for the United Kingdom (whose profile code is `UK`).
    pub fn country(self) -> Option<b2b_core::Country> {
        let code = match self {
            Jurisdiction::Eu => return None,
            Jurisdiction::Se => "SE",
            Jurisdiction::De => "DE",
            Jurisdiction::Uk => "GB",
        };
        b2b_core::Country::parse(code).ok()
    }

    /// The code used on the command line and in rate tables: `"EU"`,
    /// `"SE"`, `"DE"` or `"UK"`.
    pub fn code(self) -> &'static str {
        match self {
            Jurisdiction::Eu => "EU",
            Jurisdiction::Se => "SE",
            Jurisdiction::De => "DE",
            Jurisdiction::Uk => "UK",
        }
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Jurisdiction {
    type Err = LateError;

    /// Parses `EU`, `SE`, `DE` or `UK` in any case; `GB` is taken as `UK`.
    ///
    /// # Errors
    ///
    /// [`LateError::UnknownCountry`] for any other text.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_uppercase().as_str() {
            "EU" => Ok(Jurisdiction::Eu),
            "SE" => Ok(Jurisdiction::Se),
            "DE" => Ok(Jurisdiction::De),
            "UK" | "GB" => Ok(Jurisdiction::Uk),
            _ => Err(LateError::UnknownCountry {
                text: text.to_owned(),
            }),
        }
    }
}

impl Serialize for Jurisdiction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// How days are turned into a fraction of a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayCount {
    /// Days late / 365, whatever the year.
    Actual365,
    /// Days late in each calendar year / the days of that year (365 or 366);
    /// a period over a year end is split at 31 December.
    ActualActual,
}

impl DayCount {
    /// `"actual/365"` or `"actual/actual"`.
    pub fn name(self) -> &'static str {
        match self {
            DayCount::Actual365 => "actual/365",
            DayCount::ActualActual => "actual/actual",
        }
    }

    /// The denominator for days in the calendar year `year`.
    pub fn year_days(self, year: i32) -> u16 {
        match self {
            DayCount::Actual365 => 365,
            DayCount::ActualActual => time::util::days_in_year(year),
        }
    }
}

impl Serialize for DayCount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Which reference rate applies to which days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateFixing {
    /// Each half-year's days bear that half-year's reference rate, so a
    /// period over 30 June or 31 December is split (EU, Sweden, Germany).
    EachHalfYear,
    /// The reference rate of the half-year in which interest starts to run
    /// applies to the whole debt (UK).
    AtStart,
}

impl RateFixing {
    /// `"each-half-year"` or `"at-start"`.
    pub fn name(self) -> &'static str {
        match self {
            RateFixing::EachHalfYear => "each-half-year",
            RateFixing::AtStart => "at-start",
        }
    }
}

impl Serialize for RateFixing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One band of fixed compensation: `amount` is due when the principal is
/// below `below` (or always, for the last band, `below: None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompensationBand {
    /// Exclusive upper limit of the principal, or `None` for no limit.
    #[serde(serialize_with = "wire::money::option::serialize")]
    pub below: Option<Money>,
    /// The fixed sum, in the profile's currency.
    #[serde(serialize_with = "wire::money::serialize")]
    pub amount: Money,
}

/// Fixed compensation for recovery costs, by size of the debt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compensation {
    /// Bands in increasing order of `below`; the first that fits applies.
    pub bands: Vec<CompensationBand>,
    /// The provision that grants it.
    pub legal_basis: &'static str,
}

impl Compensation {
    fn flat(amount: u32, currency: Currency, legal_basis: &'static str) -> Compensation {
        Compensation {
            bands: vec![CompensationBand {
                below: None,
                amount: Money::new(Decimal::from(amount), currency),
            }],
            legal_basis,
        }
    }

    /// The sum due on a debt of `principal`: zero if no band fits, and
    /// `None` if a band is in another currency than the principal (a claim
    /// is never converted).
    #[must_use]
    pub fn for_principal(&self, principal: &Money) -> Option<Money> {
        let same = |money: &Money| money.currency() == principal.currency();
        let band = self.bands.iter().find(|band| {
            band.below
                .is_none_or(|limit| principal.amount() < limit.amount())
        });
        match band {
            Some(band) if same(&band.amount) && band.below.as_ref().is_none_or(same) => {
                Some(band.amount)
            }
            Some(_) => None,
            None => Some(Money::zero(principal.currency())),
        }
    }
}

/// The German rule for contracts concluded before 29 July 2014: Art. 229
/// § 34 EGBGB keeps § 288 BGB in its earlier version (8 points, no EUR 40
/// lump sum) for obligations that arose before that day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EarlierContracts {
    /// Contracts concluded before this day fall under the earlier rule.
    pub concluded_before: Date,
    /// The margin under the earlier rule.
    pub margin: Percent,
    /// The provision.
    pub legal_basis: &'static str,
}

/// The rules of statutory late-payment interest in one jurisdiction.
///
/// Build one with [`CountryProfile::eu`], [`sweden`](Self::sweden),
/// [`germany`](Self::germany), [`uk`](Self::uk) or from a code
/// (`"DE".parse()`); [`with_margin`](Self::with_margin) overrides the margin
/// (for example 8 points for a German contract of 2009).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountryProfile {
    /// The jurisdiction.
    pub country: Jurisdiction,
    /// A short description such as "Germany (§ 288 BGB)".
    pub name: &'static str,
    /// The currency the compensation is set in; claims must be in it.
    pub currency: Currency,
    /// The reference rate's name, such as "Basiszinssatz (§ 247 BGB)".
    pub reference: &'static str,
    /// Percentage points added to the reference rate.
    pub margin: Percent,
    /// Whether [`margin`](Self::margin) was set by the user.
    pub margin_overridden: bool,
    /// How days become a fraction of a year.
    pub day_count: DayCount,
    /// Which reference rate applies to which days.
    pub rate_fixing: RateFixing,
    /// Fixed compensation for recovery costs.
    pub compensation: Compensation,
    /// The rule that rounds interest to minor units, once.
    pub rounding: Rounding,
    /// The provisions on the rate and the interest.
    pub legal_basis: Vec<&'static str>,
    /// A different rule for older contracts, if the country has one.
    pub earlier_contracts: Option<EarlierContracts>,
}

impl CountryProfile {
    /// EU default (Directive 2011/7/EU): ECB main refinancing operations
    /// rate + 8 points per half-year, actual/365, EUR 40.
    pub fn eu() -> CountryProfile {
        CountryProfile {
            country: Jurisdiction::Eu,
            name: "EU default (Directive 2011/7/EU)",
            currency: Currency::EUR,
            reference: "ECB main refinancing operations rate",
            margin: Percent::new(Decimal::from(8)),
            margin_overridden: false,
            day_count: DayCount::Actual365,
            rate_fixing: RateFixing::EachHalfYear,
            compensation: Compensation::flat(
                40,
                Currency::EUR,
                "Directive 2011/7/EU art. 6(1) (EUR 40 fixed compensation)",
            ),
            rounding: Rounding::HalfUp,
            legal_basis: vec![
                "Directive 2011/7/EU art. 2(6)-(7) (statutory interest: reference rate + 8 points), art. 3(2) and 4(2) (rate on 1 January / 1 July per half-year)",
                "Directive 2011/7/EU art. 3 (business debtors) and art. 4 (public authorities)",
            ],
            earlier_contracts: None,
        }
    }

    /// Sweden: Riksbank referensränta + 8 points per half-year, actual/365,
    /// SEK 450.
    pub fn sweden() -> CountryProfile {
        CountryProfile {
            country: Jurisdiction::Se,
            name: "Sweden (räntelagen 1975:635)",
            currency: Currency::SEK,
            reference: "Riksbankens referensränta (räntelagen 9 §)",
            margin: Percent::new(Decimal::from(8)),
            margin_overridden: false,
            day_count: DayCount::Actual365,
            rate_fixing: RateFixing::EachHalfYear,
            compensation: Compensation::flat(
                450,
                Currency::SEK,
                "lag (1981:739) om ersättning för inkassokostnader m.m. 4 a § (förseningsersättning 450 kr, inserted by SFS 2013:56 from 16 March 2013)",
            ),
            rounding: Rounding::HalfUp,
            legal_basis: vec![
                "räntelagen (1975:635) 6 § (dröjsmålsränta: referensränta + 8 procentenheter)",
                "räntelagen (1975:635) 9 § (referensränta per kalenderhalvår)",
            ],
            earlier_contracts: None,
        }
    }

    /// Germany: Basiszinssatz + 9 points per half-year, actual/actual by
    /// calendar year, EUR 40; contracts concluded before 29 July 2014:
    /// + 8 points and no lump sum.
    pub fn germany() -> CountryProfile {
        CountryProfile {
            country: Jurisdiction::De,
            name: "Germany (§ 288 BGB)",
            currency: Currency::EUR,
            reference: "Basiszinssatz (§ 247 BGB)",
            margin: Percent::new(Decimal::from(9)),
            margin_overridden: false,
            day_count: DayCount::ActualActual,
            rate_fixing: RateFixing::EachHalfYear,
            compensation: Compensation::flat(
                40,
                Currency::EUR,
                "§ 288 Abs. 5 BGB (Pauschale EUR 40)",
            ),
            rounding: Rounding::HalfUp,
            legal_basis: vec![
                "§ 288 Abs. 2 BGB (Verzugszinsen where no consumer is a party: Basiszinssatz + 9 Prozentpunkte)",
                "§ 247 BGB (Basiszinssatz, changes on 1 January and 1 July)",
            ],
            earlier_contracts: Some(EarlierContracts {
                concluded_before: date!(2014 - 07 - 29),
                margin: Percent::new(Decimal::from(8)),
                legal_basis: "Art. 229 § 34 EGBGB (§ 288 BGB before 29 July 2014: + 8 points, no lump sum)",
            }),
        }
    }

    /// United Kingdom: Bank of England Bank Rate + 8 points, fixed when
    /// interest starts to run, actual/365, GBP 40 / 70 / 100.
    pub fn uk() -> CountryProfile {
        let gbp = |amount: u32| Money::new(Decimal::from(amount), Currency::GBP);
        let band = |below: Option<u32>, amount: u32| CompensationBand {
            below: below.map(gbp),
            amount: gbp(amount),
        };
        CountryProfile {
            country: Jurisdiction::Uk,
            name: "United Kingdom (Late Payment of Commercial Debts (Interest) Act 1998)",
            currency: Currency::GBP,
            reference: "Bank of England Bank Rate",
            margin: Percent::new(Decimal::from(8)),
            margin_overridden: false,
            day_count: DayCount::Actual365,
            rate_fixing: RateFixing::AtStart,
            compensation: Compensation {
                bands: vec![band(Some(1000), 40), band(Some(10000), 70), band(None, 100)],
                legal_basis: "Late Payment of Commercial Debts (Interest) Act 1998 s. 5A (fixed sum GBP 40 / 70 / 100)",
            },
            rounding: Rounding::HalfUp,
            legal_basis: vec![
                "Late Payment of Commercial Debts (Interest) Act 1998 ss. 1, 4 and 6 (simple interest from the day after the due date)",
                "Late Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002 (reference rate + 8%; rate on 31 December / 30 June for the following half-year)",
            ],
            earlier_contracts: None,
        }
    }

    /// The profile of `country`.
    pub fn of(country: Jurisdiction) -> CountryProfile {
        match country {
            Jurisdiction::Eu => CountryProfile::eu(),
            Jurisdiction::Se => CountryProfile::sweden(),
            Jurisdiction::De => CountryProfile::germany(),
            Jurisdiction::Uk => CountryProfile::uk(),
        }
    }

    /// This profile with the margin replaced by `margin` percentage points,
    /// whatever the contract date (a contractual or transitional rate).
    #[must_use]
    pub fn with_margin(mut self, margin: Percent) -> CountryProfile {
        self.margin = margin;
        self.margin_overridden = true;
        self
    }

    /// The profile of `country` as a claim asks for it: with `margin` in
    /// place of the statutory margin when given, and the principal in
    /// `currency`, by default the country's.
    pub fn for_claim(
        country: Jurisdiction,
        margin: Option<Percent>,
        principal: Decimal,
        currency: Option<Currency>,
    ) -> (CountryProfile, Money) {
        let mut profile = CountryProfile::of(country);
        if let Some(margin) = margin {
            profile = profile.with_margin(margin);
        }
        let principal = Money::new(principal, currency.unwrap_or(profile.currency));
        (profile, principal)
    }

    /// The margin and whether compensation is due, for a contract concluded
    /// on `concluded` (unknown: the current rule).
    pub(crate) fn rule_for(
        &self,
        concluded: Option<Date>,
    ) -> (Percent, bool, Option<&'static str>) {
        let earlier = self
            .earlier_contracts
            .as_ref()
            .filter(|rule| concluded.is_some_and(|day| day < rule.concluded_before));
        match (earlier, self.margin_overridden) {
            (Some(rule), true) => (self.margin, false, Some(rule.legal_basis)),
            (Some(rule), false) => (rule.margin, false, Some(rule.legal_basis)),
            (None, _) => (self.margin, true, None),
        }
    }
}

impl FromStr for CountryProfile {
    type Err = LateError;

    /// The profile of a country code (see [`Jurisdiction`]'s `FromStr`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse().map(CountryProfile::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().expect("test decimal")
    }

    #[test]
    fn codes_parse_in_any_case() {
        for (text, country) in [
            ("EU", Jurisdiction::Eu),
            ("se", Jurisdiction::Se),
            (" De ", Jurisdiction::De),
            ("uk", Jurisdiction::Uk),
            ("GB", Jurisdiction::Uk),
        ] {
            assert_eq!(text.parse::<Jurisdiction>(), Ok(country), "{text}");
        }
        assert_eq!(
            "FR".parse::<CountryProfile>(),
            Err(LateError::UnknownCountry {
                text: "FR".to_owned()
            })
        );
        assert_eq!(
            "DE".parse::<CountryProfile>(),
            Ok(CountryProfile::germany())
        );
    }

    /// Late Payment of Commercial Debts (Interest) Act 1998 s. 5A(2):
    /// GBP 40 for less than 1,000, 70 for less than 10,000, 100 otherwise.
    #[test]
    fn uk_compensation_bands_have_exclusive_upper_limits() {
        let uk = CountryProfile::uk().compensation;
        let gbp = |amount: &str| Money::new(dec(amount), Currency::GBP);
        let due = |principal: &str| uk.for_principal(&gbp(principal));
        assert_eq!(due("999.99"), Some(gbp("40")));
        assert_eq!(due("1000"), Some(gbp("70")));
        assert_eq!(due("9999.99"), Some(gbp("70")));
        assert_eq!(due("10000"), Some(gbp("100")));
        let sweden = CountryProfile::sweden().compensation;
        let sek = |amount: &str| Money::new(dec(amount), Currency::SEK);
        assert_eq!(sweden.for_principal(&sek("1")), Some(sek("450")));
        // Never converted: a claim in another currency has no band.
        assert_eq!(sweden.for_principal(&gbp("1")), None);
    }

    #[test]
    fn german_contracts_before_29_july_2014_keep_8_points_and_no_lump_sum() {
        let de = CountryProfile::germany();
        assert_eq!(
            de.rule_for(Some(date!(2014 - 07 - 28))).0,
            Percent::new(dec("8"))
        );
        assert!(!de.rule_for(Some(date!(2014 - 07 - 28))).1);
        assert_eq!(
            de.rule_for(Some(date!(2014 - 07 - 29))).0,
            Percent::new(dec("9"))
        );
        assert!(de.rule_for(None).1);
        let overridden = de.with_margin(Percent::new(dec("5")));
        assert_eq!(
            overridden.rule_for(Some(date!(2010 - 01 - 01))).0,
            Percent::new(dec("5"))
        );
    }

    #[test]
    fn day_counts() {
        assert_eq!(DayCount::ActualActual.year_days(2012), 366);
        assert_eq!(DayCount::ActualActual.year_days(2100), 365);
        assert_eq!(DayCount::Actual365.year_days(2024), 365);
    }
}

#[cfg(test)]
mod jurisdiction_tests {
    use super::*;

    #[test]
    fn jurisdictions_are_countries_except_the_eu_default() {
        let code = |j: Jurisdiction| j.country().map(|c| c.code().to_owned());
        assert_eq!(code(Jurisdiction::Eu), None);
        assert_eq!(code(Jurisdiction::Se).as_deref(), Some("SE"));
        assert_eq!(code(Jurisdiction::De).as_deref(), Some("DE"));
        assert_eq!(code(Jurisdiction::Uk).as_deref(), Some("GB"));
    }
}
