use super::*;
use b2b_core::Currency;
use time::macros::date;

fn terms(partial: PartialPeriod) -> PenaltyTerms {
    PenaltyTerms {
        rate: Percent::new(Decimal::new(105, 1)),
        per: Period::new(2, PeriodUnit::Days),
        cap: Some(Percent::new(Decimal::from(55))),
        terminate_after: Some(15),
        partial,
        rounding: Rounding::HalfEven,
    }
}

fn usd(amount: i64) -> Money {
    Money::new(Decimal::from(amount), Currency::USD)
}

#[test]
fn period_text_round_trips() {
    for (text, shown) in [
        ("2 days", "2 days"),
        ("1 Day", "1 day"),
        ("week", "1 week"),
        (" 3  WEEKS ", "3 weeks"),
    ] {
        let period: Period = text.parse().expect("valid period");
        assert_eq!(period.to_string(), shown);
    }
    for bad in ["", "2", "two days", "2 months", "2 days late", "-1 days"] {
        assert_eq!(
            bad.parse::<Period>(),
            Err(PenaltyError::InvalidPeriod(bad.to_owned()))
        );
    }
}

#[test]
fn partial_rules_on_five_days_of_two() {
    assert_eq!(PartialPeriod::ProRata.periods(5, 2), Decimal::new(25, 1));
    assert_eq!(PartialPeriod::Started.periods(5, 2), Decimal::from(3));
    assert_eq!(PartialPeriod::Truncate.periods(5, 2), Decimal::from(2));
    assert_eq!(PartialPeriod::Started.periods(0, 2), Decimal::ZERO);
}

#[test]
fn early_delivery_is_zero_days_late() {
    let a = terms(PartialPeriod::Started)
        .assess(
            date!(2026 - 03 - 10),
            date!(2026 - 03 - 01),
            usd(200),
            false,
        )
        .expect("assessable");
    assert_eq!(a.days_late, 0);
    assert!(a.penalty.is_zero());
    assert!(!a.may_terminate);
}

#[test]
fn termination_needs_more_than_the_threshold() {
    let t = terms(PartialPeriod::ProRata);
    let at = |day| {
        t.assess(date!(2026 - 01 - 01), day, usd(200), false)
            .expect("assessable")
            .may_terminate
    };
    assert!(!at(date!(2026 - 01 - 16))); // exactly 15 days
    assert!(at(date!(2026 - 01 - 17))); // 16 days
}

#[test]
fn bad_input_is_an_error_naming_it() {
    let t = terms(PartialPeriod::ProRata);
    assert_eq!(
        t.assess(date!(2026 - 01 - 01), date!(2026 - 01 - 02), usd(-1), false),
        Err(PenaltyError::NegativeValue(usd(-1)))
    );
    let negative = PenaltyTerms {
        rate: Percent::new(Decimal::from(-1)),
        ..t.clone()
    };
    let err = negative
        .assess(date!(2026 - 01 - 01), date!(2026 - 01 - 02), usd(1), false)
        .expect_err("negative rate");
    assert!(err.to_string().contains("`rate` is -1%"), "{err}");
    let empty = PenaltyTerms {
        per: Period::new(0, PeriodUnit::Weeks),
        ..t
    };
    assert_eq!(empty.validate(), Err(PenaltyError::EmptyPeriod(empty.per)));
}
