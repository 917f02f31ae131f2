//! Percentages such as a VAT rate, a discount or a criterion's weight.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decimal::DecimalVisitor;
use crate::{CoreError, Rounding, parse_decimal};

/// One hundred, the factor between a percentage and a fraction.
const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// A percentage, stored as the number people write: `12.5` means 12.5 %
/// (the fraction 0.125). Exact, never a float; any sign and size is allowed.
///
/// Parses from `"12.5"` or `"12.5%"`, displays as `"12.5%"` (trailing zeros
/// dropped; a precision such as `{:.1}` rounds half-even and pads), and is
/// serialised as the decimal string `"12.5"`. When reading, a JSON number,
/// or a string with or without `%`, is accepted.
///
/// ```
/// use b2b_core::Percent;
/// use rust_decimal::Decimal;
///
/// let vat: Percent = "25%".parse()?;
/// assert_eq!(vat.as_fraction(), "0.25".parse::<Decimal>()?);
/// assert_eq!(Percent::from_fraction("0.125".parse()?)?.to_string(), "12.5%");
/// assert_eq!(format!("{:.2}", vat), "25.00%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Percent(Decimal);

impl Percent {
    /// A percentage from the number people write: a `value` of 12.5 is 12.5 %.
    pub fn new(value: Decimal) -> Percent {
        Percent(value)
    }

    /// A percentage from a fraction: `0.125` becomes 12.5 %.
    ///
    /// Exact.
    ///
    /// # Errors
    ///
    /// [`CoreError::Overflow`] for a fraction whose magnitude exceeds about
    /// 7.9 × 10²⁶: its percentage does not fit in a decimal, and a
    /// saturated one would be a different value.
    pub fn from_fraction(fraction: Decimal) -> Result<Percent, CoreError> {
        fraction
            .checked_mul(HUNDRED)
            .map(|value| Percent(value.normalize()))
            .ok_or(CoreError::Overflow)
    }

    /// The fraction: 12.5 % gives `0.125`. Exact unless the percentage
    /// already uses more than 26 decimal places, in which case the last
    /// places are rounded.
    pub fn as_fraction(&self) -> Decimal {
        // Dividing by 100 cannot overflow.
        self.0 / HUNDRED
    }

    /// The number people write: 12.5 % gives `12.5`.
    pub fn value(&self) -> Decimal {
        self.0
    }
}

impl FromStr for Percent {
    type Err = CoreError;

    /// Parses `"12.5"`, `"12.5%"` or `"12.5 %"` (surrounding ASCII whitespace
    /// ignored); the number follows [`parse_decimal`]'s strict rules.
    ///
    /// # Errors
    ///
    /// [`CoreError::InvalidPercent`] if the text is not such a number, and
    /// [`CoreError::DecimalOutOfRange`] if the number has too many digits.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim_ascii();
        let number = trimmed.strip_suffix('%').unwrap_or(trimmed);
        match parse_decimal(number) {
            Ok(value) => Ok(Percent(value)),
            Err(CoreError::DecimalOutOfRange { .. }) => Err(CoreError::DecimalOutOfRange {
                text: text.to_owned(),
            }),
            Err(_) => Err(CoreError::InvalidPercent {
                text: text.to_owned(),
            }),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match f.precision() {
            Some(places) => {
                // `round_dp` caps the places at 28, what a decimal can hold.
                let places = u32::try_from(places).unwrap_or(u32::MAX);
                write!(f, "{}%", Rounding::HalfEven.round_dp(self.0, places))
            }
            None => write!(f, "{}%", self.0.normalize()),
        }
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.normalize())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::exact_json::deserialize_number(deserializer, PercentVisitor)
    }
}

/// Reads strings through [`Percent::from_str`] and numbers exactly, as
/// [`DecimalVisitor`] does.
struct PercentVisitor;

impl<'de> Visitor<'de> for PercentVisitor {
    type Value = Percent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a percentage, as a string such as \"12.5\" or \"12.5%\" or as a number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Percent, E> {
        Percent::from_str(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Percent, E> {
        number(DecimalVisitor.visit_i64(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Percent, E> {
        number(DecimalVisitor.visit_u64(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Percent, E> {
        number(DecimalVisitor.visit_i128(value))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Percent, E> {
        number(DecimalVisitor.visit_u128(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Percent, E> {
        number(DecimalVisitor.visit_f64(value))
    }
}

impl crate::exact_json::NumberVisitor<'_> for PercentVisitor {}

/// A number read by [`DecimalVisitor`], as a percentage.
fn number<E: de::Error>(read: Result<Result<Decimal, String>, E>) -> Result<Percent, E> {
    read?.map(Percent).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        text.parse().expect("valid test decimal")
    }

    #[test]
    fn new_value_and_fraction() {
        let p = Percent::new(dec("12.5"));
        assert_eq!(p.value(), dec("12.5"));
        assert_eq!(p.as_fraction(), dec("0.125"));
        assert_eq!(Percent::from_fraction(dec("0.125")), Ok(p));
        assert_eq!(
            Percent::from_fraction(dec("0.125")).map(|p| p.value().to_string()),
            Ok("12.5".to_owned())
        );
        assert_eq!(
            Percent::from_fraction(dec("-1")).map(|p| p.value()),
            Ok(dec("-100"))
        );
        assert_eq!(Percent::default().value(), Decimal::ZERO);
    }

    #[test]
    fn from_fraction_refuses_a_fraction_whose_percentage_does_not_fit() {
        assert_eq!(
            Percent::from_fraction(Decimal::MAX),
            Err(CoreError::Overflow)
        );
        assert_eq!(
            Percent::from_fraction(Decimal::MIN),
            Err(CoreError::Overflow)
        );
    }

    #[test]
    fn parses_with_or_without_percent_sign() {
        for text in ["12.5", "12.5%", " 12.5 % ", "+12.50%"] {
            assert_eq!(
                text.parse::<Percent>(),
                Ok(Percent::new(dec("12.5"))),
                "{text}"
            );
        }
        assert_eq!("-3%".parse::<Percent>(), Ok(Percent::new(dec("-3"))));
    }

    #[test]
    fn rejects_what_is_not_a_percentage() {
        for text in [
            "",
            "%",
            "12,5%",
            "12.5%%",
            "% 12.5",
            "twelve",
            "12.5 percent",
            "0.125‰",
        ] {
            assert_eq!(
                text.parse::<Percent>(),
                Err(CoreError::InvalidPercent {
                    text: text.to_owned()
                }),
                "{text:?}"
            );
        }
        let message = "12,5%".parse::<Percent>().expect_err("comma").to_string();
        assert!(
            message.starts_with("\"12,5%\" is not a percentage"),
            "{message}"
        );
        let long = "1.00000000000000000000000000000%";
        assert_eq!(
            long.parse::<Percent>(),
            Err(CoreError::DecimalOutOfRange {
                text: long.to_owned()
            })
        );
    }

    #[test]
    fn display_drops_trailing_zeros_or_uses_precision() {
        assert_eq!(Percent::new(dec("12.50")).to_string(), "12.5%");
        assert_eq!(Percent::new(dec("100")).to_string(), "100%");
        assert_eq!(Percent::new(dec("-0.25")).to_string(), "-0.25%");
        assert_eq!(format!("{:.1}", Percent::new(dec("12.25"))), "12.2%");
        assert_eq!(format!("{:.2}", Percent::new(dec("7"))), "7.00%");
    }

    #[test]
    fn ordering_follows_value() {
        assert!(Percent::new(dec("9.5")) < Percent::new(dec("10")));
    }

    #[test]
    fn serde_as_decimal_string() {
        let json = serde_json::to_string(&Percent::new(dec("12.50"))).expect("serialise");
        assert_eq!(json, r#""12.5""#);
        for input in [r#""12.5""#, r#""12.5%""#, "12.5", "12.50"] {
            let back: Percent = serde_json::from_str(input).expect(input);
            assert_eq!(back, Percent::new(dec("12.5")), "{input}");
        }
        let whole: Percent = serde_json::from_str("25").expect("integer");
        assert_eq!(whole.value(), dec("25"));
        let err = serde_json::from_str::<Percent>(r#""12,5""#).expect_err("comma");
        assert!(
            err.to_string().contains("\"12,5\" is not a percentage"),
            "{err}"
        );
        assert!(serde_json::from_str::<Percent>("true").is_err());
    }

    proptest! {
        #[test]
        fn fraction_roundtrips(mantissa in any::<i64>(), scale in 0_u32..=20) {
            let fraction = Decimal::new(mantissa, scale);
            let percent = Percent::from_fraction(fraction);
            prop_assert_eq!(percent.map(|p| p.as_fraction()), Ok(fraction));
        }

        #[test]
        fn text_and_json_roundtrip(mantissa in any::<i64>(), scale in 0_u32..=10) {
            let percent = Percent::new(Decimal::new(mantissa, scale));
            prop_assert_eq!(percent.to_string().parse::<Percent>(), Ok(percent));
            let json = serde_json::to_string(&percent).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back: Percent = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, percent);
        }
    }
}
