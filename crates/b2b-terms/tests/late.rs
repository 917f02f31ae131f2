//! Late-payment interest against hand-checked cases (tests/data/late/
//! cases.toml, each citing its source) and invariants (proptest).

use b2b_core::{Currency, Decimal, Money, Percent, Rounding};
use b2b_terms::late::{
    self, Claim, CountryProfile, Debtor, InterestReport, Jurisdiction, LateError, RateSource,
    RateTable,
};
use proptest::prelude::*;
use serde::Deserialize;
use time::macros::{date, format_description};
use time::{Date, Duration};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    source: String,
    country: String,
    principal: String,
    currency: Option<String>,
    due: String,
    paid: String,
    margin: Option<String>,
    reference_rate: Option<String>,
    debtor: Option<String>,
    contract_date: Option<String>,
    days_late: i64,
    rate: Option<String>,
    interest: String,
    compensation: Option<String>,
    total: Option<String>,
    total_with_principal: Option<String>,
    periods: Option<Vec<String>>,
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("test decimal")
}

fn day(text: &str) -> Date {
    Date::parse(text, format_description!("[year]-[month]-[day]")).expect("test date")
}

fn run(case: &Case) -> Result<InterestReport, LateError> {
    let mut profile: CountryProfile = case.country.parse()?;
    if let Some(margin) = &case.margin {
        profile = profile.with_margin(Percent::new(dec(margin)));
    }
    let currency = case.currency.as_deref().map_or(profile.currency, |c| {
        c.parse::<Currency>().expect("test currency")
    });
    let claim = Claim {
        principal: Money::new(dec(&case.principal), currency),
        due: day(&case.due),
        paid: day(&case.paid),
        debtor: case
            .debtor
            .as_deref()
            .map_or(Debtor::Business, |d| d.parse().expect("test debtor")),
        contract_concluded: case.contract_date.as_deref().map(day),
    };
    let rates = match &case.reference_rate {
        Some(rate) => RateSource::Fixed(Percent::new(dec(rate))),
        None => RateSource::Table(RateTable::shipped()),
    };
    late::interest(&claim, &profile, &rates)
}

/// Checks one case; returns what differs.
fn check(case: &Case) -> Vec<String> {
    let report = match run(case) {
        Ok(report) => report,
        Err(e) => return vec![format!("error: {e}")],
    };
    let mut wrong = Vec::new();
    let mut expect = |what: &str, got: String, want: &str| {
        if got != want {
            wrong.push(format!("{what}: got {got}, expected {want}"));
        }
    };
    expect(
        "days_late",
        report.days_late.to_string(),
        &case.days_late.to_string(),
    );
    expect(
        "interest",
        report.interest.amount().to_string(),
        &case.interest,
    );
    if let Some(rate) = &case.rate {
        expect(
            "rate",
            format!("{:?}", report.rate.map(|r| r.value().normalize())),
            &format!("{:?}", Some(dec(rate).normalize())),
        );
    }
    for (what, want, got) in [
        ("compensation", &case.compensation, report.compensation),
        ("total", &case.total, report.total),
        (
            "total_with_principal",
            &case.total_with_principal,
            report.total_with_principal,
        ),
    ] {
        if let Some(want) = want {
            expect(what, got.amount().to_string(), want);
        }
    }
    if let Some(periods) = &case.periods {
        let got: Vec<String> = report
            .periods
            .iter()
            .map(|p| {
                format!(
                    "{}/{}/{}/{}/{}",
                    p.from,
                    p.to,
                    p.days,
                    p.rate.value().normalize(),
                    Rounding::HalfUp.round_dp(p.interest_exact.amount(), 4)
                )
            })
            .collect();
        let want: Vec<String> = periods
            .iter()
            .map(|p| {
                let mut parts: Vec<String> = p.split('/').map(str::to_owned).collect();
                parts[3] = dec(&parts[3]).normalize().to_string();
                parts.join("/")
            })
            .collect();
        expect("periods", format!("{got:?}"), &format!("{want:?}"));
    }
    wrong
}

#[test]
fn hand_checked_cases() {
    let text = include_str!("data/late/cases.toml");
    let cases: Cases = toml::from_str(text).expect("cases.toml parses");
    assert!(cases.case.len() >= 15, "{} cases", cases.case.len());
    let failures: Vec<String> = cases
        .case
        .iter()
        .filter_map(|case| {
            let wrong = check(case);
            (!wrong.is_empty())
                .then(|| format!("{} ({}):\n  {}", case.name, case.source, wrong.join("\n  ")))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The German oracle with only the margin overridden keeps the EUR 40 lump
/// sum (the override changes the rate, not the contract date).
#[test]
fn margin_override_reports_a_note() {
    let claim = Claim::new(
        Money::new(dec("1500"), Currency::EUR),
        date!(2009 - 09 - 14),
        date!(2012 - 02 - 17),
    );
    let profile = CountryProfile::germany().with_margin(Percent::new(dec("8")));
    let report =
        late::interest(&claim, &profile, &RateSource::Table(RateTable::shipped())).expect("valid");
    assert_eq!(
        report.rate, None,
        "the rate changes, so there is no single rate"
    );
    assert_eq!(report.periods.len(), 5);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("margin set to 8 points instead of the statutory 9"))
    );
    assert_eq!(report.sources.len(), 1);
    assert!(report.sources[0].contains("bundesbank.de"));
}

/// A user's table adds a half-year the shipped table lacks; without it the
/// same claim fails and says how to supply the rate.
#[test]
fn user_table_supplies_a_missing_half_year() {
    let claim = Claim::new(
        Money::new(dec("10000"), Currency::SEK),
        date!(2026 - 06 - 30),
        date!(2026 - 07 - 31),
    );
    let profile = CountryProfile::sweden();
    let missing = late::interest(&claim, &profile, &RateSource::Table(RateTable::shipped()));
    assert!(matches!(
        missing,
        Err(LateError::MissingRate { country: Jurisdiction::Se, half_year, .. }) if half_year.to_string() == "2026-H2"
    ));
    let mine = RateTable::parse(
        "[[series]]\ncountry = \"SE\"\nsource = \"https://example.org/my-source\"\nrates = [{ half_year = \"2026-H2\", rate = \"1.5\" }]\n",
        "mine.toml",
    )
    .expect("valid table");
    let both = RateTable::shipped().overlay(&mine);
    let report =
        late::interest(&claim, &profile, &RateSource::Table(&both)).expect("rate supplied");
    // 10000 x 9.5 % x 31 / 365 = 80.6849...
    assert_eq!(report.interest.amount().to_string(), "80.68");
    assert_eq!(report.rate_tables, vec!["mine.toml".to_owned()]);
    assert_eq!(
        report.sources,
        vec!["https://example.org/my-source".to_owned()]
    );
}

#[test]
fn the_example_rate_table_parses_and_overlays() {
    let text = include_str!("../../../examples/rates/my-rates.toml");
    let table = RateTable::parse(text, "examples/rates/my-rates.toml").expect("example parses");
    assert!(table.rates(Jurisdiction::De).count() >= 1);
}

/// Dates in the shipped table's coverage (2009-01-01 to 2026-06-30).
fn covered_day() -> impl Strategy<Value = Date> {
    (0i64..6390).prop_map(|offset| date!(2009 - 01 - 01) + Duration::days(offset))
}

fn profile() -> impl Strategy<Value = CountryProfile> {
    prop_oneof![
        Just(CountryProfile::eu()),
        Just(CountryProfile::sweden()),
        Just(CountryProfile::germany()),
        Just(CountryProfile::uk()),
    ]
}

/// Principal in minor units, up to 10^9 units of currency.
fn principal() -> impl Strategy<Value = Decimal> {
    (0i64..100_000_000_000).prop_map(|cents| Decimal::new(cents, 2))
}

fn interest_on(
    profile: &CountryProfile,
    principal: Decimal,
    due: Date,
    paid: Date,
) -> InterestReport {
    let claim = Claim::new(Money::new(principal, profile.currency), due, paid);
    late::interest(&claim, profile, &RateSource::Table(RateTable::shipped()))
        .expect("covered dates")
}

proptest! {
    /// A later payment never costs less, exactly or rounded.
    #[test]
    fn monotone_in_payment_date(profile in profile(), principal in principal(), a in covered_day(), b in covered_day(), c in covered_day()) {
        let mut days = [a, b, c];
        days.sort();
        let [due, early, late_] = days;
        let first = interest_on(&profile, principal, due, early);
        let second = interest_on(&profile, principal, due, late_);
        prop_assert!(first.interest_exact.amount() <= second.interest_exact.amount());
        prop_assert!(first.interest.amount() <= second.interest.amount());
        prop_assert!(first.total.amount() <= second.total.amount());
        prop_assert_eq!(second.days_late, (late_ - due).whole_days());
    }

    /// A larger debt never costs less.
    #[test]
    fn monotone_in_principal(profile in profile(), p in principal(), q in principal(), a in covered_day(), b in covered_day()) {
        let (small, large) = if p <= q { (p, q) } else { (q, p) };
        let (due, paid) = if a <= b { (a, b) } else { (b, a) };
        let first = interest_on(&profile, small, due, paid);
        let second = interest_on(&profile, large, due, paid);
        prop_assert!(first.interest_exact.amount() <= second.interest_exact.amount());
        prop_assert!(first.interest.amount() <= second.interest.amount());
        prop_assert!(first.total.amount() <= second.total.amount());
    }

    /// Where the rate follows the half-year, interest to a date equals
    /// interest to an earlier date plus interest from there on.
    #[test]
    fn additive_over_an_intermediate_date(principal in principal(), a in covered_day(), b in covered_day(), c in covered_day(), which in 0usize..3) {
        let profile = [CountryProfile::eu(), CountryProfile::sweden(), CountryProfile::germany()][which].clone();
        let mut days = [a, b, c];
        days.sort();
        let whole = interest_on(&profile, principal, days[0], days[2]).interest_exact.amount();
        let parts = interest_on(&profile, principal, days[0], days[1]).interest_exact.amount()
            + interest_on(&profile, principal, days[1], days[2]).interest_exact.amount();
        prop_assert!((whole - parts).abs() < dec("0.000000000000001"), "{} vs {}", whole, parts);
    }

    /// Days are counted from the day after the due date to the payment
    /// date, and the periods cover exactly those days.
    #[test]
    fn periods_cover_the_days_late(profile in profile(), a in covered_day(), b in covered_day()) {
        let report = interest_on(&profile, dec("1000"), a, b);
        let total: i64 = report.periods.iter().map(|p| p.days).sum();
        prop_assert_eq!(total, report.days_late);
        if let (Some(first), Some(last)) = (report.periods.first(), report.periods.last()) {
            prop_assert_eq!(Some(first.from), a.next_day());
            prop_assert_eq!(last.to, b);
        }
    }
}
