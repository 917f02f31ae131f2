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
    for bad in ["", "2", "two days", "2 years", "2 days late", "-1 days"] {
        assert_eq!(
            bad.parse::<Period>(),
            Err(PenaltyError::InvalidPeriod(bad.to_owned()))
        );
    }
}

#[test]
fn partial_rules_on_five_days_of_two() {
    let five = Elapsed {
        whole: 2,
        into: 1,
        length: 2,
    };
    assert_eq!(PartialPeriod::ProRata.periods(five), Decimal::new(25, 1));
    assert_eq!(PartialPeriod::Started.periods(five), Decimal::from(3));
    assert_eq!(PartialPeriod::Truncate.periods(five), Decimal::from(2));
    let none = Elapsed {
        whole: 0,
        into: 0,
        length: 2,
    };
    assert_eq!(PartialPeriod::Started.periods(none), Decimal::ZERO);
}

#[test]
fn months_count_from_the_due_date_and_clamp_to_month_end() {
    let month = Period::new(1, PeriodUnit::Months);
    let elapsed = |due, delivered| month.elapsed(due, delivered).expect("elapsed");
    // 31 January + 1 month = 29 February 2024 (leap year); + 2 = 31 March.
    assert_eq!(
        elapsed(date!(2024 - 01 - 31), date!(2024 - 02 - 29)),
        Elapsed {
            whole: 1,
            into: 0,
            length: 31
        }
    );
    // Second period: 29 February to 31 March (31 days), 10 days in.
    assert_eq!(
        elapsed(date!(2024 - 01 - 31), date!(2024 - 03 - 10)),
        Elapsed {
            whole: 1,
            into: 10,
            length: 31
        }
    );
    assert_eq!(
        elapsed(date!(2024 - 01 - 31), date!(2024 - 03 - 31)),
        Elapsed {
            whole: 2,
            into: 0,
            length: 30
        }
    );
    // 2023 is not a leap year: 31 January + 1 month = 28 February.
    assert_eq!(
        elapsed(date!(2023 - 01 - 31), date!(2023 - 02 - 27)),
        Elapsed {
            whole: 0,
            into: 27,
            length: 28
        }
    );
    // Three-month periods from 15 November: 15 Feb, 15 May.
    let quarter = Period::new(3, PeriodUnit::Months);
    assert_eq!(
        quarter
            .elapsed(date!(2025 - 11 - 15), date!(2026 - 05 - 20))
            .expect("elapsed"),
        Elapsed {
            whole: 2,
            into: 5,
            length: 92
        }
    );
    // Not late: nothing elapsed.
    assert_eq!(
        elapsed(date!(2024 - 05 - 10), date!(2024 - 05 - 01)),
        Elapsed {
            whole: 0,
            into: 0,
            length: 31
        }
    );
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

#[test]
fn a_period_longer_than_u32_days_is_refused_not_capped() {
    let t = terms(PartialPeriod::Started);
    let long = PenaltyTerms {
        per: Period::new(700_000_000, PeriodUnit::Weeks),
        ..t
    };
    assert_eq!(long.validate(), Err(PenaltyError::PeriodTooLong(long.per)));
    assert_eq!(
        long.per
            .elapsed(date!(2026 - 01 - 01), date!(2026 - 03 - 01)),
        Err(PenaltyError::PeriodTooLong(long.per))
    );
    assert_eq!(
        PenaltyError::PeriodTooLong(long.per).to_string(),
        "penalty terms: `per` is 700000000 weeks, longer than the 4294967295 days a period may last"
    );
}
