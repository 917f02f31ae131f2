//! JSON numbers read as written, with no crate-wide serde_json feature.
//!
//! serde_json hands a number such as `0.30000000000000001` to serde as an
//! `f64`, which holds 0.3: the digits written are gone before a visitor
//! sees them. Its `arbitrary_precision` feature keeps them, but a feature
//! of serde_json is switched on for every crate in a build, and it changes
//! how the user's own types read numbers (an untagged enum holding an `f64`
//! stops accepting `1.5`). So the crates do not ask for it.
//!
//! Instead, a number field asks the deserializer for the value's raw text
//! (serde_json's `raw_value` feature, which changes nothing else), so a
//! JSON number arrives as the literal written. Deserializers that do not
//! know raw values (TOML, a buffered untagged enum) are asked for the value
//! as usual, and a binary float is refused unless it is whole.
//!
//! Two caveats, documented in docs/wire-format.md: a `serde_json::Value`
//! built without `arbitrary_precision` already holds a binary float, so
//! `serde_json::from_value` reads what that float prints as; and with
//! `arbitrary_precision` switched on by another crate, the number's text
//! arrives under that feature's own key, read here as well.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::fmt;

/// serde_json's name for a raw value, under its `raw_value` feature.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";
/// serde_json's key for a number's text, under `arbitrary_precision`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Deserializes a number-like value through `inner`, with JSON numbers
/// handed to its `visit_str` as their exact text written out as a plain
/// decimal (`1.5e-3` as `0.0015`) and JSON strings as their contents.
///
/// Every other input reaches `inner` as the deserializer presents it.
pub(crate) fn deserialize_number<'de, D, V>(deserializer: D, inner: V) -> Result<V::Value, D::Error>
where
    D: Deserializer<'de>,
    V: NumberVisitor<'de>,
{
    deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, Exact(inner))
}

/// A visitor of numbers, told when a JSON number cannot be a decimal.
pub(crate) trait NumberVisitor<'de>: Visitor<'de> {
    /// The answer for a number literal beyond a decimal's range or scale.
    ///
    /// # Errors
    ///
    /// By default, the deserializer's error with `reason`.
    fn unfit<E: de::Error>(self, reason: String) -> Result<Self::Value, E> {
        Err(E::custom(reason))
    }
}

/// Wraps a number visitor so that raw JSON text reaches it exactly.
struct Exact<V>(V);

impl<'de, V: NumberVisitor<'de>> Visitor<'de> for Exact<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    // A deserializer without raw values offers the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        inner.deserialize_any(self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        let Some(key) = map.next_key_seed(TokenKey)? else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        match key {
            Token::RawValue => map.next_value_seed(RawText(self.0)),
            Token::Number => map.next_value_seed(NumberText(self.0)),
            Token::Other => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.0.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.0.visit_string(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_u64(v)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.0.visit_i128(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.0.visit_u128(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_f64(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.0.visit_bool(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
}

/// Which private key a map opened with.
enum Token {
    RawValue,
    Number,
    Other,
}

struct TokenKey;

impl<'de> DeserializeSeed<'de> for TokenKey {
    type Value = Token;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Token, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for TokenKey {
    type Value = Token;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Token, E> {
        Ok(match key {
            RAW_VALUE_TOKEN => Token::RawValue,
            NUMBER_TOKEN => Token::Number,
            _ => Token::Other,
        })
    }
}

/// A raw JSON value's text, handed on by its kind.
struct RawText<V>(V);

impl<'de, V: NumberVisitor<'de>> DeserializeSeed<'de> for RawText<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, V: NumberVisitor<'de>> Visitor<'de> for RawText<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, raw: &str) -> Result<V::Value, E> {
        let raw = raw.trim_ascii();
        match raw.as_bytes().first() {
            Some(b'"') => {
                let text: String = serde_json::from_str(raw).map_err(E::custom)?;
                self.0.visit_string(text)
            }
            Some(b'-' | b'0'..=b'9') => number(self.0, raw),
            Some(b't') => self.0.visit_bool(true),
            Some(b'f') => self.0.visit_bool(false),
            Some(b'n') => self.0.visit_unit(),
            Some(b'[') => Err(E::invalid_type(de::Unexpected::Seq, &self.0)),
            _ => Err(E::invalid_type(de::Unexpected::Map, &self.0)),
        }
    }
}

/// A number's text under `arbitrary_precision`.
struct NumberText<V>(V);

impl<'de, V: NumberVisitor<'de>> DeserializeSeed<'de> for NumberText<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, V: NumberVisitor<'de>> Visitor<'de> for NumberText<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<V::Value, E> {
        number(self.0, text)
    }
}

/// A JSON number literal, written out as a plain decimal for `inner`.
///
/// A literal whose plain form cannot be a decimal (more than 29 digits
/// before the point or 28 after it) is refused here, in the words written:
/// `1e40`, not its forty digits.
fn number<'de, V: NumberVisitor<'de>, E: de::Error>(
    inner: V,
    literal: &str,
) -> Result<V::Value, E> {
    let fits = |plain: &str| {
        let unsigned = plain.trim_start_matches('-');
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        whole.trim_start_matches('0').len() <= 29 && fraction.len() <= 28
    };
    match crate::exact_toml::plain_decimal(literal) {
        Some(plain) if fits(&plain) => inner.visit_string(plain),
        _ => inner.unfit(format!(
            "{} does not fit a decimal (at most 28 digits after the point, and a magnitude below 7.9e28)",
            crate::excerpt(literal)
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Decimal, Money, Percent, deserialize_decimal};
    use serde::Deserialize;
    use std::str::FromStr;

    #[derive(Debug, Deserialize)]
    struct Weight {
        #[serde(deserialize_with = "deserialize_decimal")]
        weight: Decimal,
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).expect("decimal")
    }

    fn weight(json: &str) -> Result<Decimal, String> {
        serde_json::from_str::<Weight>(json)
            .map(|w| w.weight)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn json_numbers_keep_every_digit_written() {
        // As f64 these are 0.3 and 0.1: the digits after the 16th are gone.
        assert_eq!(
            weight(r#"{"weight": 0.30000000000000001}"#),
            Ok(dec("0.30000000000000001"))
        );
        assert_eq!(
            weight(r#"{"weight": 0.1000000000000000000000000001}"#),
            Ok(dec("0.1000000000000000000000000001"))
        );
        assert_eq!(
            weight(r#"{"weight": 0.8888888888888888888888888889}"#),
            Ok(dec("0.8888888888888888888888888889"))
        );
        assert_eq!(weight(r#"{"weight": -1.5e-3}"#), Ok(dec("-0.0015")));
        assert_eq!(weight(r#"{"weight": 25E1}"#), Ok(dec("250")));
        assert_eq!(weight(r#"{"weight": 1234.50}"#), Ok(dec("1234.50")));
        assert_eq!(
            weight(r#"{"weight": 79228162514264337593543950335}"#),
            Ok(Decimal::MAX)
        );
    }

    #[test]
    fn json_strings_are_read_as_text_with_escapes_decoded() {
        assert_eq!(weight(r#"{"weight": "0.25"}"#), Ok(dec("0.25")));
        assert_eq!(weight(r#"{"weight": "\u0030.5"}"#), Ok(dec("0.5")));
    }

    #[test]
    fn numbers_beyond_a_decimal_are_refused_not_rounded() {
        for json in [
            r#"{"weight": 79228162514264337593543950336}"#,
            r#"{"weight": 0.00000000000000000000000000001}"#,
            r#"{"weight": 1e400}"#,
        ] {
            let error = weight(json).expect_err(json);
            assert!(
                error.contains("28") || error.contains("too large"),
                "{json}: {error}"
            );
        }
        assert!(weight(r#"{"weight": true}"#).is_err());
        assert!(weight(r#"{"weight": [1]}"#).is_err());
        assert!(weight(r#"{"weight": {"a": 1}}"#).is_err());
    }

    #[test]
    fn readers_and_values_work_too() {
        let from_reader: Weight =
            serde_json::from_reader(&br#"{"weight": 0.30000000000000001}"#[..]).expect("reads");
        assert_eq!(from_reader.weight, dec("0.30000000000000001"));
        let from_slice: Weight = serde_json::from_slice(br#"{"weight": 2.50}"#).expect("reads");
        assert_eq!(from_slice.weight, dec("2.50"));
        // A Value holds what its parser kept: here a whole number, exact.
        let value = serde_json::json!({ "weight": 12 });
        let from_value: Weight = serde_json::from_value(value).expect("reads");
        assert_eq!(from_value.weight, dec("12"));
    }

    #[test]
    fn money_and_percent_read_json_numbers_exactly() {
        let money: Money =
            serde_json::from_str(r#"{"amount": 0.1000000000000000000001, "currency": "SEK"}"#)
                .expect("money");
        assert_eq!(money.amount(), dec("0.1000000000000000000001"));
        let percent: Percent = serde_json::from_str("12.345678901234567891").expect("percent");
        assert_eq!(percent.value(), dec("12.345678901234567891"));
    }

    #[test]
    fn arbitrary_precision_numbers_are_read_from_their_key() {
        // What serde_json hands over when another crate in the build has
        // switched `arbitrary_precision` on: a map with the number's text.
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, MapDeserializer};
        let entries = [(super::NUMBER_TOKEN, "0.30000000000000001")];
        let map: MapDeserializer<'_, _, Error> =
            MapDeserializer::new(entries.into_iter().map(|(k, v)| (k, v.into_deserializer())));
        assert_eq!(deserialize_decimal(map), Ok(dec("0.30000000000000001")));
        let other = [("amount", "1")];
        let map: MapDeserializer<'_, _, Error> =
            MapDeserializer::new(other.into_iter().map(|(k, v)| (k, v.into_deserializer())));
        assert!(deserialize_decimal(map).is_err());
    }

    #[test]
    fn a_users_own_untagged_float_still_reads_fractions() {
        // The reason the crates no longer switch on `arbitrary_precision`.
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(untagged)]
        enum Amount {
            Number(f64),
            Text(String),
        }
        let read: Amount = serde_json::from_str("1.5").expect("reads");
        assert_eq!(read, Amount::Number(1.5));
    }

    #[test]
    fn inside_an_untagged_enum_a_fraction_is_refused_not_rounded() {
        // serde buffers the value first, so the raw text is not available:
        // a whole number still reads, a fraction must be written as a string.
        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        enum Either {
            Weighted(Weight),
        }
        let Either::Weighted(whole) =
            serde_json::from_str(r#"{"weight": 3}"#).expect("whole number");
        assert_eq!(whole.weight, dec("3"));
        let Either::Weighted(text) = serde_json::from_str(r#"{"weight": "0.1"}"#).expect("string");
        assert_eq!(text.weight, dec("0.1"));
        assert!(serde_json::from_str::<Either>(r#"{"weight": 0.1}"#).is_err());
    }
}
