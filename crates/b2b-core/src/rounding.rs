//! Rounding rules for the output edges.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::{CoreError, Currency};

/// How a value exactly halfway between two representable results is
/// rounded; values not at the midpoint always go to the nearer result.
///
/// Computations in this toolkit keep full precision; a rounding rule is
/// applied **once, at an output edge** (a report, an exported file, an
/// amount shown to a person), never between the steps of a calculation,
/// where repeated rounding would accumulate error.
///
/// Serialised in kebab case: `"half-even"` and `"half-up"`.
///
/// ```
/// use b2b_core::Rounding;
/// use rust_decimal::Decimal;
///
/// let x: Decimal = "2.345".parse()?;
/// assert_eq!(Rounding::HalfEven.round_dp(x, 2).to_string(), "2.34");
/// assert_eq!(Rounding::HalfUp.round_dp(x, 2).to_string(), "2.35");
/// assert_eq!(Rounding::HalfUp.round_dp(-x, 2).to_string(), "-2.35");
/// # Ok::<(), rust_decimal::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    /// Round half to even ("banker's rounding"): 2.345 → 2.34, 2.355 → 2.36.
    /// Unbiased over many values; the default.
    #[default]
    HalfEven,
    /// Round half away from zero ("commercial rounding"): 2.345 → 2.35 and
    /// −2.345 → −2.35. Despite the name, negative halves go *down*, to the
    /// larger magnitude.
    HalfUp,
}

impl Rounding {
    /// Rounds `value` to `dp` decimal places with this rule.
    ///
    /// The result carries exactly `dp` decimal places wherever the value can
    /// hold them, so `1234.5` rounded to 2 places prints as `1234.50`.
    /// Places beyond [`Decimal::MAX_SCALE`] (28) are not available; a zero
    /// result is never negative (no `-0.00`).
    #[must_use]
    pub fn round_dp(self, value: Decimal, dp: u32) -> Decimal {
        let dp = dp.min(Decimal::MAX_SCALE);
        let mut rounded = value.round_dp_with_strategy(dp, self.strategy());
        rounded.rescale(dp);
        if rounded.is_zero() {
            rounded.set_sign_positive(true);
        }
        rounded
    }

    /// Rounds `value` to the minor units of `currency` (2 places for EUR,
    /// 0 for JPY, 3 for KWD), see [`Currency::minor_units`].
    #[must_use]
    pub fn round_to_minor(self, value: Decimal, currency: Currency) -> Decimal {
        self.round_dp(value, currency.minor_units())
    }

    /// The rule's name as it appears in files: `"half-even"` or `"half-up"`.
    pub fn name(self) -> &'static str {
        match self {
            Rounding::HalfEven => "half-even",
            Rounding::HalfUp => "half-up",
        }
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        }
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Rounding {
    type Err = CoreError;

    /// Parses `"half-even"` or `"half-up"` (ASCII case-insensitive,
    /// surrounding whitespace ignored).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim_ascii();
        [Rounding::HalfEven, Rounding::HalfUp]
            .into_iter()
            .find(|rule| rule.name().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| CoreError::UnknownRounding {
                text: text.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        text.parse().expect("valid test decimal")
    }

    #[test]
    fn midpoints_differ_between_rules() {
        let cases = [
            ("2.345", "2.34", "2.35"),
            ("-2.345", "-2.34", "-2.35"),
            ("2.355", "2.36", "2.36"),
            ("2.125", "2.12", "2.13"),
            ("0.005", "0.00", "0.01"),
            ("-0.005", "0.00", "-0.01"),
        ];
        for (value, half_even, half_up) in cases {
            let value = dec(value);
            assert_eq!(Rounding::HalfEven.round_dp(value, 2).to_string(), half_even);
            assert_eq!(Rounding::HalfUp.round_dp(value, 2).to_string(), half_up);
        }
    }

    #[test]
    fn non_midpoints_go_to_the_nearest() {
        for rule in [Rounding::HalfEven, Rounding::HalfUp] {
            assert_eq!(rule.round_dp(dec("2.3449"), 2), dec("2.34"));
            assert_eq!(rule.round_dp(dec("2.3451"), 2), dec("2.35"));
            assert_eq!(rule.round_dp(dec("-2.3451"), 2), dec("-2.35"));
        }
    }

    #[test]
    fn pads_to_the_requested_places() {
        assert_eq!(
            Rounding::HalfEven.round_dp(dec("1234.5"), 2).to_string(),
            "1234.50"
        );
        assert_eq!(
            Rounding::HalfEven.round_dp(dec("7"), 3).to_string(),
            "7.000"
        );
        assert_eq!(Rounding::HalfUp.round_dp(dec("7.5"), 0).to_string(), "8");
    }

    #[test]
    fn zero_is_never_negative() {
        let rounded = Rounding::HalfEven.round_dp(dec("-0.001"), 2);
        assert_eq!(rounded.to_string(), "0.00");
        assert!(!rounded.is_sign_negative());
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for rule in [Rounding::HalfEven, Rounding::HalfUp] {
            assert_eq!(rule.round_dp(Decimal::MAX, 2), Decimal::MAX);
            assert_eq!(rule.round_dp(Decimal::MIN, 40), Decimal::MIN);
            assert_eq!(
                rule.round_dp(Decimal::ONE, u32::MAX).scale(),
                Decimal::MAX_SCALE
            );
        }
    }

    #[test]
    fn rounds_to_currency_minor_units() {
        let value = dec("1234.5675");
        let cases = [
            ("EUR", "1234.57"),
            ("JPY", "1235"),
            ("KWD", "1234.568"),
            ("CLF", "1234.5675"),
        ];
        for (code, expected) in cases {
            let currency: Currency = code.parse().expect("known code");
            assert_eq!(
                Rounding::HalfEven
                    .round_to_minor(value, currency)
                    .to_string(),
                expected,
                "{code}"
            );
        }
        assert_eq!(
            Rounding::HalfUp
                .round_to_minor(dec("0.5"), Currency::JPY)
                .to_string(),
            "1"
        );
        assert_eq!(
            Rounding::HalfEven
                .round_to_minor(dec("0.5"), Currency::JPY)
                .to_string(),
            "0"
        );
    }

    #[test]
    fn default_is_half_even() {
        assert_eq!(Rounding::default(), Rounding::HalfEven);
    }

    #[test]
    fn names_parse_and_display() {
        for rule in [Rounding::HalfEven, Rounding::HalfUp] {
            assert_eq!(rule.name().parse::<Rounding>(), Ok(rule));
            assert_eq!(rule.to_string(), rule.name());
        }
        assert_eq!(" HALF-UP ".parse::<Rounding>(), Ok(Rounding::HalfUp));
        let err = "half_up".parse::<Rounding>().expect_err("underscore");
        assert_eq!(
            err,
            CoreError::UnknownRounding {
                text: "half_up".to_owned()
            }
        );
        assert!(err.to_string().contains("\"half_up\""), "{err}");
    }

    #[test]
    fn serde_uses_kebab_case() {
        let json =
            serde_json::to_string(&[Rounding::HalfEven, Rounding::HalfUp]).expect("serialise");
        assert_eq!(json, r#"["half-even","half-up"]"#);
        let back: Vec<Rounding> = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, [Rounding::HalfEven, Rounding::HalfUp]);
        assert!(serde_json::from_str::<Rounding>(r#""HalfEven""#).is_err());
    }

    proptest! {
        /// `n` followed by a 5 at place `dp + 1` is a midpoint: half-up moves
        /// away from zero, half-even lands on an even last digit.
        #[test]
        fn midpoint_rules(n in -1_000_000_000_i64..1_000_000_000, dp in 0_u32..6) {
            let magnitude = n.unsigned_abs();
            let mantissa = i128::from(magnitude) * 10 + 5;
            let signed = if n < 0 { -mantissa } else { mantissa };
            let value = Decimal::from_i128_with_scale(signed, dp + 1);
            let lower = Decimal::from_i128_with_scale(i128::from(n), dp);
            let ulp = Decimal::new(1, dp);
            let away = if n < 0 { lower - ulp } else { lower + ulp };

            prop_assert_eq!(Rounding::HalfUp.round_dp(value, dp), away);
            prop_assert_eq!(Rounding::HalfUp.round_dp(-value, dp), -away);

            let even = if magnitude % 2 == 0 { lower } else { away };
            prop_assert_eq!(Rounding::HalfEven.round_dp(value, dp), even);
            prop_assert_eq!(Rounding::HalfEven.round_dp(-value, dp), -even);
        }

        #[test]
        fn rounding_is_idempotent_and_scale_exact(
            mantissa in any::<i64>(),
            scale in 0_u32..10,
            dp in 0_u32..8,
        ) {
            let value = Decimal::new(mantissa, scale);
            for rule in [Rounding::HalfEven, Rounding::HalfUp] {
                let once = rule.round_dp(value, dp);
                prop_assert_eq!(once.scale(), dp);
                prop_assert_eq!(rule.round_dp(once, dp), once);
                prop_assert!((once - value).abs() <= Decimal::new(5, dp + 1));
            }
        }
    }
}
