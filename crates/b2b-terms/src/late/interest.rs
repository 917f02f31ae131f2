//! The calculation: days late, periods by reference rate, exact interest,
//! compensation.

pub use crate::Debtor;

use b2b_core::{Decimal, Money, Percent, Rounding, wire};
use serde::Serialize;
use time::Date;

use super::{CountryProfile, DayCount, HalfYear, Jurisdiction, LateError, RateFixing, RateSource};

/// 365 × 366: a common multiple of both year lengths, so that interest over
/// periods with different denominators is summed with one division.
const BOTH_YEARS: u32 = 365 * 366;

/// A debt paid late: what, when due, when paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The amount that was due and paid late, as invoiced (VAT included
    /// where the invoice includes it).
    pub principal: Money,
    /// The last day for payment; interest runs from the next day.
    pub due: Date,
    /// The day the money was received; interest runs up to and including it.
    pub paid: Date,
    /// A business or a public authority.
    pub debtor: Debtor,
    /// The day the contract was concluded, where the rules depend on it
    /// (Germany: before 29 July 2014); `None` means a recent contract.
    pub contract_concluded: Option<Date>,
}

impl Claim {
    /// A debt owed by a business under a recent contract.
    pub fn new(principal: Money, due: Date, paid: Date) -> Claim {
        Claim {
            principal,
            due,
            paid,
            debtor: Debtor::Business,
            contract_concluded: None,
        }
    }
}

/// Consecutive days that bear one rate with one year length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Period {
    /// First day with interest.
    pub from: Date,
    /// Last day with interest (inclusive).
    pub to: Date,
    /// Days from `from` to `to`, both included.
    pub days: i64,
    /// The reference rate, percent per year.
    pub reference_rate: Percent,
    /// The half-years whose table entries gave the reference rate (empty
    /// for a rate given by the user).
    pub reference_half_years: Vec<HalfYear>,
    /// Reference rate + margin: the annual percent applied.
    pub rate: Percent,
    /// The day count.
    pub day_count: DayCount,
    /// The denominator: 365, or 366 in a leap year under actual/actual.
    pub year_days: u16,
    /// This period's interest, exact: principal × rate / 100 × days / year_days.
    #[serde(serialize_with = "wire::money::serialize")]
    pub interest_exact: Money,
    /// The same rounded to minor units (shown only; the total is rounded
    /// from the exact sum, so these may differ from it by a minor unit).
    #[serde(serialize_with = "wire::money::serialize")]
    pub interest: Money,
    /// The publication the reference rate was read from (a URL), or a
    /// note that the caller gave a fixed rate.
    pub source: String,
    /// The table that held it (the shipped table or the origin the table
    /// was read with), or `"given by the caller"` for a fixed rate.
    pub origin: String,
}

/// The result of [`interest`]: every figure and the rule behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct InterestReport {
    /// The profile's country.
    pub country: Jurisdiction,
    /// The profile's description.
    pub profile: &'static str,
    /// Business or public authority.
    pub debtor: Debtor,
    /// The principal, as claimed (the currency of every amount below).
    #[serde(serialize_with = "wire::money::serialize")]
    pub principal: Money,
    /// The due date.
    #[serde(serialize_with = "wire::date::serialize")]
    pub due: Date,
    /// The payment date.
    #[serde(serialize_with = "wire::date::serialize")]
    pub paid: Date,
    /// Days from the due date to the payment date (0 if paid on or before
    /// the due date).
    pub days_late: i64,
    /// The reference rate, when one rate applies to every day; `None` when
    /// it changes (see `periods`).
    pub reference_rate: Option<Percent>,
    /// The margin applied, in percentage points.
    pub margin: Percent,
    /// The annual percent applied, when one rate applies to every day;
    /// `None` when it changes (see `periods`).
    pub rate: Option<Percent>,
    /// The day count.
    pub day_count: DayCount,
    /// Whether the rate follows each half-year or is fixed at the start.
    pub rate_fixing: RateFixing,
    /// The days late, split where the rate or the year length changes.
    pub periods: Vec<Period>,
    /// Interest, exact.
    #[serde(serialize_with = "wire::money::serialize")]
    pub interest_exact: Money,
    /// Interest rounded once to minor units by `rounding`.
    #[serde(serialize_with = "wire::money::serialize")]
    pub interest: Money,
    /// Fixed compensation for recovery costs.
    #[serde(serialize_with = "wire::money::serialize")]
    pub compensation: Money,
    /// Interest + compensation.
    #[serde(serialize_with = "wire::money::serialize")]
    pub total: Money,
    /// Principal + interest + compensation.
    #[serde(serialize_with = "wire::money::serialize")]
    pub total_with_principal: Money,
    /// The rounding rule.
    pub rounding: Rounding,
    /// Publications of the reference rates used, in order of use.
    pub sources: Vec<String>,
    /// Tables the rates were taken from, in order of use.
    pub rate_tables: Vec<String>,
    /// The provisions applied.
    pub legal_basis: Vec<&'static str>,
    /// Remarks on the rules applied (public authority, overrides, ...).
    pub notes: Vec<String>,
}

/// Statutory interest and compensation on `claim` under `profile`, with
/// reference rates from `rates`.
///
/// Interest is simple: for each day from the day after `claim.due` up to
/// and including `claim.paid`, principal × (reference + margin) / 100 /
/// year length. A payment on or before the due date owes nothing (0 days,
/// no compensation). The sum is kept exact and rounded once to the
/// currency's minor units with `profile.rounding`.
///
/// # Errors
///
/// - [`LateError::NegativePrincipal`] for a principal below zero.
/// - [`LateError::CurrencyMismatch`] if the claim is not in the profile's
///   currency.
/// - [`LateError::MissingRate`] if the table lacks a half-year's rate.
/// - [`LateError::NegativeRate`] if reference + margin is below zero.
/// - [`LateError::Overflow`] if an amount does not fit in a decimal.
pub fn interest(
    claim: &Claim,
    profile: &CountryProfile,
    rates: &RateSource<'_>,
) -> Result<InterestReport, LateError> {
    let principal = claim.principal.amount();
    if principal < Decimal::ZERO {
        return Err(LateError::NegativePrincipal { principal });
    }
    let currency = claim.principal.currency();
    if currency != profile.currency {
        return Err(LateError::CurrencyMismatch {
            country: profile.country,
            expected: profile.currency,
            found: currency,
        });
    }
    let (margin, compensation_applies, earlier_rule) = profile.rule_for(claim.contract_concluded);
    let days_late = (claim.paid - claim.due).whole_days().max(0);
    let overflow = || LateError::Overflow { principal };
    let mut periods = periods(claim, profile, rates, margin)?;
    let interest_exact = price(&mut periods, claim.principal, profile.rounding)?;
    let interest = profile.rounding.round_to_minor(interest_exact, currency);
    let compensation = if days_late > 0 && compensation_applies && principal > Decimal::ZERO {
        // The currency was checked against the profile's above.
        profile
            .compensation
            .for_principal(&claim.principal)
            .map_or(Decimal::ZERO, |money| money.amount())
    } else {
        Decimal::ZERO
    };
    let compensation = profile.rounding.round_to_minor(compensation, currency);
    let total = interest.checked_add(compensation).ok_or_else(overflow)?;
    let total_with_principal = total.checked_add(principal).ok_or_else(overflow)?;
    let uniform = |field: fn(&Period) -> Percent| -> Option<Percent> {
        let first = periods.first().map(field)?;
        periods.iter().all(|p| field(p) == first).then_some(first)
    };
    let reference_rate = match rates {
        RateSource::Fixed(rate) if periods.is_empty() => Some(*rate),
        _ => uniform(|p| p.reference_rate),
    };
    let rate = match rates {
        RateSource::Fixed(r) if periods.is_empty() => {
            r.value().checked_add(margin.value()).map(Percent::new)
        }
        _ => uniform(|p| p.rate),
    };
    let sources = distinct(periods.iter().map(|p| &p.source));
    let rate_tables = distinct(periods.iter().map(|p| &p.origin));
    let mut legal_basis = profile.legal_basis.clone();
    if compensation > Decimal::ZERO {
        legal_basis.push(profile.compensation.legal_basis);
    }
    legal_basis.extend(earlier_rule);
    let notes = notes(
        claim,
        profile,
        rates,
        margin,
        earlier_rule.is_some(),
        days_late,
    );
    Ok(InterestReport {
        country: profile.country,
        profile: profile.name,
        debtor: claim.debtor,
        principal: claim.principal,
        due: claim.due,
        paid: claim.paid,
        days_late,
        reference_rate,
        margin,
        rate,
        day_count: profile.day_count,
        rate_fixing: profile.rate_fixing,
        periods,
        interest_exact: Money::new(interest_exact, currency),
        interest: Money::new(interest, currency),
        compensation: Money::new(compensation, currency),
        total: Money::new(total, currency),
        total_with_principal: Money::new(total_with_principal, currency),
        rounding: profile.rounding,
        sources,
        rate_tables,
        legal_basis,
        notes,
    })
}

/// The days late as periods of one reference rate and year length, each
/// with its rate and source; empty when the debt was paid on time.
fn periods(
    claim: &Claim,
    profile: &CountryProfile,
    rates: &RateSource<'_>,
    margin: Percent,
) -> Result<Vec<Period>, LateError> {
    let start = slices_start(claim);
    if claim.paid <= claim.due {
        return Ok(Vec::new());
    }
    let mut periods: Vec<Period> = Vec::new();
    for (from, to, half) in half_year_slices(start, claim.paid) {
        let (reference_rate, reference_half_year, source, origin) =
            reference_for(profile, rates, half, start)?;
        let rate = reference_rate
            .checked_add(margin.value())
            .ok_or(LateError::Overflow {
                principal: claim.principal.amount(),
            })?;
        if rate < Decimal::ZERO {
            return Err(LateError::NegativeRate {
                from,
                to,
                reference: reference_rate,
                margin: margin.value(),
                rate,
            });
        }
        let next = Period {
            from,
            to,
            days: (to - from).whole_days() + 1,
            reference_rate: Percent::new(reference_rate),
            reference_half_years: reference_half_year.into_iter().collect(),
            rate: Percent::new(rate),
            day_count: profile.day_count,
            year_days: profile.day_count.year_days(from.year()),
            interest_exact: Money::zero(claim.principal.currency()),
            interest: Money::zero(claim.principal.currency()),
            source,
            origin,
        };
        match periods.last_mut() {
            Some(last) if continues(last, &next) => {
                last.to = next.to;
                last.days += next.days;
                for half in next.reference_half_years {
                    if !last.reference_half_years.contains(&half) {
                        last.reference_half_years.push(half);
                    }
                }
            }
            _ => periods.push(next),
        }
    }
    Ok(periods)
}

/// Whether `next` can be shown as part of `last`: same rates, source and
/// year length, and under actual/actual the same calendar year.
fn continues(last: &Period, next: &Period) -> bool {
    last.rate == next.rate
        && last.reference_rate == next.reference_rate
        && last.year_days == next.year_days
        && last.source == next.source
        && last.origin == next.origin
        && (last.day_count == DayCount::Actual365 || last.to.year() == next.from.year())
}

/// Fills in each period's interest and returns the exact total.
///
/// The total is Σ principal × rate × days × (365 × 366 / year_days),
/// divided once by 100 × 365 × 366: exact whenever the result terminates,
/// and never pushed onto a false midpoint by intermediate truncation.
fn price(
    periods: &mut [Period],
    principal: Money,
    rounding: Rounding,
) -> Result<Decimal, LateError> {
    let (principal, currency) = (principal.amount(), principal.currency());
    let overflow = || LateError::Overflow { principal };
    let mut weighted_sum = Decimal::ZERO;
    for period in periods.iter_mut() {
        let numerator = principal
            .checked_mul(period.rate.value())
            .and_then(|x| x.checked_mul(Decimal::from(period.days)))
            .ok_or_else(overflow)?;
        let weight = Decimal::from(BOTH_YEARS / u32::from(period.year_days));
        weighted_sum = numerator
            .checked_mul(weight)
            .and_then(|x| weighted_sum.checked_add(x))
            .ok_or_else(overflow)?;
        let exact = numerator
            .checked_div(Decimal::from(100 * u32::from(period.year_days)))
            .ok_or_else(overflow)?
            .normalize();
        period.interest_exact = Money::new(exact, currency);
        period.interest = Money::new(rounding.round_to_minor(exact, currency), currency);
    }
    weighted_sum
        .checked_div(Decimal::from(100 * BOTH_YEARS))
        .map(|total| total.normalize())
        .ok_or_else(overflow)
}

/// The distinct values, in order of first appearance.
fn distinct<'a>(values: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !out.contains(value) {
            out.push(value.clone());
        }
    }
    out
}

/// The first day with interest (the due date itself if it is the last day
/// a date can hold; then there are no days anyway).
fn slices_start(claim: &Claim) -> Date {
    claim.due.next_day().unwrap_or(claim.due)
}

/// `[start, end]` cut at every half-year boundary.
fn half_year_slices(start: Date, end: Date) -> Vec<(Date, Date, HalfYear)> {
    let mut slices = Vec::new();
    let mut from = start;
    while from <= end {
        let half = HalfYear::containing(from);
        let to = half.last_day().min(end);
        slices.push((from, to, half));
        match to.next_day() {
            Some(next) => from = next,
            None => break,
        }
    }
    slices
}

/// The reference rate for days in `half`, the half-year of the table entry
/// used, its source and the table it came from.
fn reference_for(
    profile: &CountryProfile,
    rates: &RateSource<'_>,
    half: HalfYear,
    start: Date,
) -> Result<(Decimal, Option<HalfYear>, String, String), LateError> {
    match rates {
        RateSource::Fixed(rate) => Ok((
            rate.value(),
            None,
            "a fixed reference rate given for the whole period".to_owned(),
            "given by the caller".to_owned(),
        )),
        RateSource::Table(table) => {
            let wanted = match profile.rate_fixing {
                RateFixing::EachHalfYear => half,
                RateFixing::AtStart => HalfYear::containing(start),
            };
            let entry =
                table
                    .get(profile.country, wanted)
                    .ok_or_else(|| LateError::MissingRate {
                        country: profile.country,
                        reference: profile.reference.to_owned(),
                        half_year: wanted,
                        from: wanted.first_day(),
                        to: wanted.last_day(),
                    })?;
            Ok((
                entry.rate.value(),
                Some(wanted),
                entry.source.clone(),
                entry.origin.clone(),
            ))
        }
    }
}

fn notes(
    claim: &Claim,
    profile: &CountryProfile,
    rates: &RateSource<'_>,
    margin: Percent,
    earlier_rule: bool,
    days_late: i64,
) -> Vec<String> {
    let mut notes = Vec::new();
    if days_late == 0 {
        notes.push(
            "paid on or before the due date: no interest and no compensation are owed".to_owned(),
        );
    }
    if claim.debtor == Debtor::PublicAuthority {
        notes.push(
            "public-authority debtor: Directive 2011/7/EU art. 4(1) and art. 6 give the same \
             statutory interest and compensation as for businesses; only the payment period a \
             public authority may agree is shorter (30 days, 60 at most, art. 4(3)-(6))"
                .to_owned(),
        );
    }
    if profile.margin_overridden {
        notes.push(format!(
            "margin set to {} points instead of the statutory {} points",
            margin.value(),
            CountryProfile::of(profile.country).margin.value()
        ));
    } else if earlier_rule {
        notes.push(format!(
            "contract concluded before 29 July 2014: {} points and no lump sum (Art. 229 § 34 EGBGB)",
            margin.value()
        ));
    }
    match rates {
        RateSource::Fixed(rate) => notes.push(format!(
            "one reference rate of {}% given for the whole period; the table was not used",
            rate.value()
        )),
        RateSource::Table(_) if profile.rate_fixing == RateFixing::AtStart && days_late > 0 => {
            notes.push(format!(
                "the reference rate of the half-year in which interest started to run ({}) \
                 applies to the whole debt",
                HalfYear::containing(slices_start(claim))
            ));
        }
        RateSource::Table(_) => {}
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::late::RateTable;
    use b2b_core::Currency;
    use time::macros::date;

    fn eur(amount: &str) -> Money {
        Money::new(amount.parse().expect("test amount"), Currency::EUR)
    }

    fn fixed(rate: &str) -> RateSource<'static> {
        RateSource::Fixed(Percent::new(rate.parse().expect("test rate")))
    }

    #[test]
    fn slices_cut_at_half_year_ends() {
        let slices = half_year_slices(date!(2024 - 06 - 29), date!(2025 - 01 - 02));
        let bounds: Vec<_> = slices.iter().map(|(f, t, _)| (*f, *t)).collect();
        assert_eq!(
            bounds,
            vec![
                (date!(2024 - 06 - 29), date!(2024 - 06 - 30)),
                (date!(2024 - 07 - 01), date!(2024 - 12 - 31)),
                (date!(2025 - 01 - 01), date!(2025 - 01 - 02)),
            ]
        );
    }

    /// Paid on the due date: 0 days. Paid before it: also 0, not an error.
    #[test]
    fn on_time_and_early_payment_owe_nothing() {
        for paid in [date!(2025 - 01 - 31), date!(2025 - 01 - 10)] {
            let claim = Claim::new(eur("10000"), date!(2025 - 01 - 31), paid);
            let report = interest(&claim, &CountryProfile::eu(), &fixed("3.15")).expect("valid");
            assert_eq!(report.days_late, 0);
            assert!(report.periods.is_empty());
            assert_eq!(report.interest.amount().to_string(), "0.00");
            assert_eq!(report.compensation.amount().to_string(), "0.00");
            assert_eq!(
                report.rate.map(|r| r.to_string()),
                Some("11.15%".to_owned())
            );
        }
    }

    /// A midpoint: EUR 22.8125 at 8 % for 1 day under actual/365 is
    /// 22.8125 × 0.08 / 365 = 1.825 / 365 = 0.005 exactly, which half-up
    /// rounds to 0.01 (half-even would give 0.00).
    #[test]
    fn rounds_exact_midpoints_half_up() {
        let claim = Claim::new(eur("22.8125"), date!(2025 - 03 - 01), date!(2025 - 03 - 02));
        let report = interest(&claim, &CountryProfile::eu(), &fixed("0")).expect("valid");
        assert_eq!(report.interest_exact.amount().to_string(), "0.005");
        assert_eq!(report.interest.amount().to_string(), "0.01");
        assert_eq!(report.rounding, Rounding::HalfUp);
    }

    #[test]
    fn missing_rate_names_country_half_year_and_remedy() {
        let claim = Claim::new(eur("100"), date!(2026 - 06 - 20), date!(2026 - 07 - 10));
        let err = interest(
            &claim,
            &CountryProfile::germany(),
            &RateSource::Table(RateTable::shipped()),
        )
        .expect_err("2026-H2 is not shipped");
        let message = err.to_string();
        assert!(message.contains("no DE reference rate"), "{message}");
        assert!(
            message.contains("2026-H2 (2026-07-01 to 2026-12-31)"),
            "{message}"
        );
        assert!(message.contains("give one reference rate"), "{message}");
        assert!(
            message.contains("or a rate table with an entry"),
            "{message}"
        );
    }

    #[test]
    fn negative_principal_and_wrong_currency_are_errors() {
        let claim = Claim::new(eur("-1"), date!(2025 - 01 - 31), date!(2025 - 02 - 01));
        assert!(matches!(
            interest(&claim, &CountryProfile::eu(), &fixed("1")),
            Err(LateError::NegativePrincipal { .. })
        ));
        let claim = Claim::new(eur("1"), date!(2025 - 01 - 31), date!(2025 - 02 - 01));
        let err =
            interest(&claim, &CountryProfile::sweden(), &fixed("1")).expect_err("EUR under SE");
        assert_eq!(
            err,
            LateError::CurrencyMismatch {
                country: Jurisdiction::Se,
                expected: Currency::SEK,
                found: Currency::EUR
            }
        );
    }

    #[test]
    fn negative_total_rate_is_an_error() {
        let claim = Claim::new(eur("100"), date!(2025 - 01 - 31), date!(2025 - 02 - 10));
        let profile = CountryProfile::germany().with_margin(Percent::new(Decimal::ZERO));
        let err = interest(&claim, &profile, &fixed("-0.88")).expect_err("negative");
        assert!(err.to_string().contains("below zero"), "{err}");
    }
}
