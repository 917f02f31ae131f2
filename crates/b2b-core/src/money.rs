//! An exact amount of money in one currency.

use std::fmt;

use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decimal::deserialize_decimal;
use crate::{CoreError, Currency, Rounding};

/// An exact decimal amount in a [`Currency`]. Never a float.
///
/// The amount keeps full precision (unit prices may have more decimals than
/// the currency's minor unit); [`Money::round`] brings it to the minor unit
/// at an output edge. Equality compares values, not scale: `1.5 EUR` equals
/// `1.50 EUR`.
///
/// Serialised as `{ "amount": "1234.50", "currency": "EUR" }`, with the
/// amount as a decimal string. When reading, the amount may also be a JSON
/// number, which is taken exactly (not through `f64`).
///
/// ```
/// use b2b_core::{Currency, Money, Rounding};
/// use rust_decimal::Decimal;
///
/// let price = Money::new("1234.5".parse()?, Currency::EUR);
/// let vat = price.scale_by("0.25".parse()?)?;
/// let total = price.checked_add(&vat)?;
/// assert_eq!(total.amount().to_string(), "1543.125"); // exact
/// assert_eq!(total.to_string(), "1543.12 EUR"); // shown half-even
/// assert_eq!(total.round(Rounding::HalfUp).amount().to_string(), "1543.13");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// An amount in a currency, kept exactly as given.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// The exact amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is below zero (a zero amount is not negative).
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// `self + other`.
    ///
    /// # Errors
    ///
    /// [`CoreError::CurrencyMismatch`] (`expected` is `self`'s currency) if
    /// the currencies differ; [`CoreError::Overflow`] if the sum does not fit.
    pub fn checked_add(&self, other: &Money) -> Result<Money, CoreError> {
        self.same_currency(other)?;
        self.amount
            .checked_add(other.amount)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(CoreError::Overflow)
    }

    /// `self - other`.
    ///
    /// # Errors
    ///
    /// [`CoreError::CurrencyMismatch`] (`expected` is `self`'s currency) if
    /// the currencies differ; [`CoreError::Overflow`] if the difference does
    /// not fit.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, CoreError> {
        self.same_currency(other)?;
        self.amount
            .checked_sub(other.amount)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(CoreError::Overflow)
    }

    /// The amount multiplied by `factor` (a quantity, a rate, a fraction),
    /// in the same currency and unrounded.
    ///
    /// # Errors
    ///
    /// [`CoreError::Overflow`] if the product does not fit.
    pub fn scale_by(&self, factor: Decimal) -> Result<Money, CoreError> {
        self.amount
            .checked_mul(factor)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(CoreError::Overflow)
    }

    /// The amount rounded to the currency's minor units with `rule` (see
    /// [`Currency::minor_units`]); meant for output edges only.
    #[must_use]
    pub fn round(&self, rule: Rounding) -> Money {
        Money::new(
            rule.round_to_minor(self.amount, self.currency),
            self.currency,
        )
    }

    fn same_currency(&self, other: &Money) -> Result<(), CoreError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(CoreError::CurrencyMismatch {
                expected: self.currency,
                found: other.currency,
            })
        }
    }
}

impl fmt::Display for Money {
    /// `"1234.50 EUR"`: the amount rounded half-even to the currency's minor
    /// units, a space, and the code. The exact amount is not changed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = Rounding::HalfEven.round_to_minor(self.amount, self.currency);
        write!(f, "{shown} {}", self.currency)
    }
}

/// Writes a decimal as a string with its full scale.
struct DecimalString(Decimal);

impl Serialize for DecimalString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Money", 2)?;
        state.serialize_field("amount", &DecimalString(self.amount))?;
        state.serialize_field("currency", &self.currency)?;
        state.end()
    }
}

/// The shape `Money` is read from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Money")]
struct MoneyFields {
    #[serde(deserialize_with = "deserialize_decimal")]
    amount: Decimal,
    currency: Currency,
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let MoneyFields { amount, currency } = MoneyFields::deserialize(deserializer)?;
        Ok(Money::new(amount, currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        text.parse().expect("valid test decimal")
    }

    fn eur(text: &str) -> Money {
        Money::new(dec(text), Currency::EUR)
    }

    #[test]
    fn new_and_getters() {
        let money = eur("1234.5");
        assert_eq!(money.amount(), dec("1234.5"));
        assert_eq!(money.amount().to_string(), "1234.5");
        assert_eq!(money.currency(), Currency::EUR);
    }

    #[test]
    fn zero_and_sign() {
        let zero = Money::zero(Currency::SEK);
        assert!(zero.is_zero());
        assert!(!zero.is_negative());
        assert_eq!(zero.currency(), Currency::SEK);
        assert!(eur("-0.01").is_negative());
        assert!(!eur("0.01").is_negative());
        assert!(!eur("-0").is_negative());
    }

    #[test]
    fn equality_ignores_scale() {
        assert_eq!(eur("1.5"), eur("1.50"));
        assert_ne!(eur("1.5"), Money::new(dec("1.5"), Currency::USD));
    }

    #[test]
    fn add_and_sub_in_one_currency() {
        assert_eq!(eur("1.10").checked_add(&eur("2.205")), Ok(eur("3.305")));
        assert_eq!(eur("1.10").checked_sub(&eur("2.205")), Ok(eur("-1.105")));
    }

    #[test]
    fn mixing_currencies_is_an_error() {
        let usd = Money::new(dec("1"), Currency::USD);
        let expected = CoreError::CurrencyMismatch {
            expected: Currency::EUR,
            found: Currency::USD,
        };
        assert_eq!(eur("1").checked_add(&usd), Err(expected.clone()));
        assert_eq!(eur("1").checked_sub(&usd), Err(expected.clone()));
        let message = expected.to_string();
        assert!(message.contains("expected an amount in EUR"), "{message}");
        assert!(message.contains("found one in USD"), "{message}");
    }

    #[test]
    fn overflow_is_an_error() {
        let max = eur(&Decimal::MAX.to_string());
        let min = eur(&Decimal::MIN.to_string());
        assert_eq!(max.checked_add(&eur("1")), Err(CoreError::Overflow));
        assert_eq!(min.checked_sub(&eur("1")), Err(CoreError::Overflow));
        assert_eq!(max.scale_by(dec("2")), Err(CoreError::Overflow));
        assert!(CoreError::Overflow.to_string().contains("overflow"));
    }

    #[test]
    fn scale_by_multiplies_exactly() {
        assert_eq!(eur("19.99").scale_by(dec("3")), Ok(eur("59.97")));
        assert_eq!(eur("100").scale_by(dec("0.125")), Ok(eur("12.5")));
        assert_eq!(eur("100").scale_by(dec("-1")), Ok(eur("-100")));
    }

    #[test]
    fn round_uses_minor_units_and_rule() {
        assert_eq!(
            eur("2.345").round(Rounding::HalfEven).amount().to_string(),
            "2.34"
        );
        assert_eq!(
            eur("2.345").round(Rounding::HalfUp).amount().to_string(),
            "2.35"
        );
        assert_eq!(
            eur("-2.345").round(Rounding::HalfUp).amount().to_string(),
            "-2.35"
        );
        assert_eq!(
            eur("7").round(Rounding::HalfEven).amount().to_string(),
            "7.00"
        );
        let yen = Money::new(dec("1234.5"), Currency::JPY);
        assert_eq!(yen.round(Rounding::HalfEven).amount().to_string(), "1234");
        assert_eq!(yen.round(Rounding::HalfUp).amount().to_string(), "1235");
        assert_eq!(yen.round(Rounding::HalfUp).currency(), Currency::JPY);
    }

    #[test]
    fn display_rounds_half_even_to_minor_units() {
        assert_eq!(eur("1234.5").to_string(), "1234.50 EUR");
        assert_eq!(eur("1234.505").to_string(), "1234.50 EUR");
        assert_eq!(eur("1234.515").to_string(), "1234.52 EUR");
        assert_eq!(eur("-0.001").to_string(), "0.00 EUR");
        assert_eq!(
            Money::new(dec("1234.5"), Currency::JPY).to_string(),
            "1234 JPY"
        );
        let kwd: Currency = "KWD".parse().expect("known code");
        assert_eq!(Money::new(dec("1.5"), kwd).to_string(), "1.500 KWD");
    }

    #[test]
    fn serialises_amount_as_string() {
        let json = serde_json::to_string(&eur("1234.50")).expect("serialise");
        assert_eq!(json, r#"{"amount":"1234.50","currency":"EUR"}"#);
        let unrounded = serde_json::to_string(&eur("0.125")).expect("serialise");
        assert_eq!(unrounded, r#"{"amount":"0.125","currency":"EUR"}"#);
    }

    #[test]
    fn deserialises_amount_from_string_or_exact_number() {
        let from_string: Money =
            serde_json::from_str(r#"{"amount": "1234.50", "currency": "eur"}"#).expect("string");
        let from_number: Money =
            serde_json::from_str(r#"{"currency": "EUR", "amount": 1234.50}"#).expect("number");
        assert_eq!(from_string, eur("1234.50"));
        assert_eq!(from_number.amount().to_string(), "1234.50");
        let precise: Money =
            serde_json::from_str(r#"{"amount": 0.1000000000000000000001, "currency": "SEK"}"#)
                .expect("precise number");
        assert_eq!(precise.amount().to_string(), "0.1000000000000000000001");
    }

    #[test]
    fn deserialising_reports_what_was_wrong() {
        let cases = [
            (
                r#"{"amount": "1,5", "currency": "EUR"}"#,
                "\"1,5\" is not a decimal number",
            ),
            (
                r#"{"amount": "1.5", "currency": "EURO"}"#,
                "\"EURO\" is not an ISO 4217",
            ),
            (r#"{"amount": "1.5"}"#, "missing field `currency`"),
            (r#"{"currency": "EUR"}"#, "missing field `amount`"),
            (
                r#"{"amount": "1.5", "currency": "EUR", "vat": 1}"#,
                "unknown field `vat`",
            ),
        ];
        for (json, expected) in cases {
            let err = serde_json::from_str::<Money>(json).expect_err(json);
            assert!(err.to_string().contains(expected), "{json}: {err}");
        }
    }

    fn any_money_amount() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0_u32..=4).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(Currency::all().collect::<Vec<_>>())
    }

    proptest! {
        #[test]
        fn add_then_sub_roundtrips(
            a in any_money_amount(),
            b in any_money_amount(),
            currency in any_currency(),
        ) {
            let a = Money::new(a, currency);
            let b = Money::new(b, currency);
            let sum = a.checked_add(&b);
            prop_assert!(sum.is_ok());
            let back = sum.and_then(|sum| sum.checked_sub(&b));
            prop_assert_eq!(back, Ok(a));
            let diff = a.checked_sub(&b);
            prop_assert_eq!(diff.and_then(|diff| diff.checked_add(&b)), Ok(a));
        }

        #[test]
        fn arithmetic_never_panics(
            (lo, mid, hi, negative, scale) in (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0_u32..=28),
            other in any_money_amount(),
            factor in any_money_amount(),
        ) {
            let a = Money::new(Decimal::from_parts(lo, mid, hi, negative, scale), Currency::EUR);
            let b = Money::new(other, Currency::EUR);
            let _ = a.checked_add(&b);
            let _ = a.checked_sub(&b);
            let _ = a.scale_by(factor);
            let _ = a.round(Rounding::HalfUp);
            let _ = a.to_string();
        }

        #[test]
        fn serde_json_roundtrips(amount in any_money_amount(), currency in any_currency()) {
            let money = Money::new(amount, currency);
            let json = serde_json::to_string(&money).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back: Money = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, money);
            prop_assert_eq!(back.amount().to_string(), amount.to_string());
        }
    }
}
