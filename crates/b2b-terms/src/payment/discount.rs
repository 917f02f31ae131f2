//! The implied annual interest rate of an early-payment discount.
//!
//! Forgoing a discount of `d` (a fraction) to pay `days` later is borrowing
//! `1 − d` for `days` days at a cost of `d`: a period rate of `d / (1 − d)`.
//! Over a 365-day year that is, simple and compounded:
//!
//! - simple: `d / (1 − d) × 365 / days`
//! - compound: `(1 + d / (1 − d))^(365 / days) − 1`
//!
//! For 2/10 net 30 (`days` = 30 − 10 = 20): 37.2449 % and 44.5853 %
//! (rounded to 4 decimals).

use b2b_core::Percent;
use rust_decimal::{Decimal, MathematicalOps};

/// Days in the year the rates are annualised over.
const YEAR_DAYS: Decimal = Decimal::from_parts(365, 0, 0, false, 0);

/// The period rate `d / (1 − d)` of forgoing `discount`, or `None` for a
/// discount of 100 % or more.
fn period_rate(discount: Percent) -> Option<Decimal> {
    let d = discount.as_fraction();
    let kept = Decimal::ONE.checked_sub(d)?;
    if kept <= Decimal::ZERO {
        return None;
    }
    d.checked_div(kept)
}

/// The simple annual rate of forgoing `discount` to pay `days` later:
/// `d / (1 − d) × 365 / days`, exact to 28 significant digits.
///
/// `None` if `days` is 0, the discount is 100 % or more, or the result does
/// not fit in a decimal.
///
/// ```
/// use b2b_core::Percent;
/// use b2b_terms::payment::annual_rate_simple;
///
/// let rate = annual_rate_simple(Percent::new(2.into()), 20).expect("defined");
/// assert_eq!(format!("{rate:.2}"), "37.24%");
/// ```
pub fn annual_rate_simple(discount: Percent, days: u32) -> Option<Percent> {
    if days == 0 {
        return None;
    }
    let rate = period_rate(discount)?
        .checked_mul(YEAR_DAYS)?
        .checked_div(Decimal::from(days))?;
    Percent::from_fraction(rate).ok()
}

/// The compounded annual rate of forgoing `discount` to pay `days` later:
/// `(1 + d / (1 − d))^(365 / days) − 1`.
///
/// The power of a non-integer exponent is computed by `rust_decimal`'s
/// `exp(y × ln x)`, good to well beyond the 2 decimals shown (a test checks
/// 2/10 net 30 against a 50-digit reference to 1e-12).
///
/// `None` if `days` is 0, the discount is 100 % or more, or the result does
/// not fit in a decimal.
///
/// ```
/// use b2b_core::Percent;
/// use b2b_terms::payment::annual_rate_compound;
///
/// let rate = annual_rate_compound(Percent::new(2.into()), 20).expect("defined");
/// assert_eq!(format!("{rate:.2}"), "44.59%");
/// ```
pub fn annual_rate_compound(discount: Percent, days: u32) -> Option<Percent> {
    if days == 0 {
        return None;
    }
    let growth = Decimal::ONE.checked_add(period_rate(discount)?)?;
    let periods = YEAR_DAYS.checked_div(Decimal::from(days))?;
    // `exp` overflows past about e^66; refuse before asking.
    let exponent = growth.checked_ln()?.checked_mul(periods)?;
    if exponent > Decimal::from(60) {
        return None;
    }
    let rate = growth.checked_powd(periods)?.checked_sub(Decimal::ONE)?;
    Percent::from_fraction(rate).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().expect("valid decimal")
    }

    #[test]
    fn a_rate_too_large_for_a_decimal_is_undefined_not_capped() {
        let almost_all = Percent::new(dec("99.99999999999999999999999"));
        assert_eq!(annual_rate_simple(almost_all, 1), None);
    }

    /// References computed with Python's `decimal` module at 50 digits:
    /// `d/(1-d)*365/n` and `exp(365/n * ln(1/(1-d))) - 1`.
    #[test]
    fn two_ten_net_thirty() {
        let two = Percent::new(dec("2"));
        let simple = annual_rate_simple(two, 20).expect("defined").value();
        assert_eq!(simple.round_dp(12), dec("37.244897959184"));
        let compound = annual_rate_compound(two, 20).expect("defined").value();
        assert!(
            (compound - dec("44.585292731249")).abs() < dec("0.0000000001"),
            "{compound}"
        );
    }

    #[test]
    fn undefined_cases() {
        let two = Percent::new(dec("2"));
        assert_eq!(annual_rate_simple(two, 0), None);
        assert_eq!(annual_rate_compound(two, 0), None);
        assert_eq!(annual_rate_simple(Percent::new(dec("100")), 20), None);
        assert_eq!(annual_rate_compound(Percent::new(dec("99")), 1), None);
    }
}
