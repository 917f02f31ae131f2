//! Strict, allocation-free parsing of user-provided decimal numbers, and the
//! serde helper that reads amounts from strings or exact JSON numbers.

use std::fmt;

use rust_decimal::Decimal;
use serde::Deserializer;
use serde::de::{self, Visitor};

use crate::CoreError;

/// The largest mantissa a [`Decimal`] can hold: 2⁹⁶ − 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// Parses a plain decimal number as people and spreadsheets write it in data
/// files, exactly (no binary floating point is involved).
///
/// Accepted: surrounding ASCII whitespace, then an optional `-` or `+`, one
/// or more ASCII digits, and optionally a `.` followed by one or more digits.
/// The scale is kept: `"1234.50"` parses to a decimal that prints as
/// `1234.50`, and every `Decimal::to_string()` output parses back to the same
/// value.
///
/// Rejected, so that a misread column is noticed instead of silently turning
/// into a wrong number: empty text, thousands separators (`"1 000"`,
/// `"1,000"`, `"1_000"`), decimal commas (`"1,5"`), currency symbols or
/// codes (`"389 500 kr"`, `"€5"`), exponents (`"1e5"`), `NaN` and infinities,
/// and a lone sign or point (`"-"`, `"5."`, `".5"`).
///
/// This runs on every numeric cell of large files, so it makes one pass over
/// the bytes and allocates nothing unless it fails.
///
/// # Errors
///
/// - [`CoreError::InvalidDecimal`] if the text does not have the form above.
/// - [`CoreError::DecimalOutOfRange`] if it does, but has more than 28
///   digits after the point or a magnitude of 2⁹⁶ or more in its digits.
///
/// # Examples
///
/// ```
/// use b2b_core::{parse_decimal, CoreError};
///
/// assert_eq!(parse_decimal(" -1234.50 ")?.to_string(), "-1234.50");
/// let err = parse_decimal("389 500 kr").unwrap_err();
/// assert_eq!(err, CoreError::InvalidDecimal { text: "389 500 kr".into() });
/// assert!(err.to_string().starts_with("\"389 500 kr\" is not a decimal number"));
/// # Ok::<(), CoreError>(())
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, CoreError> {
    let bytes = text.trim_ascii().as_bytes();
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, bytes),
    };
    // Up to 19 digits always fit in a u64, which is cheaper than a u128.
    let scanned = if digits.len() <= 19 {
        scan::<u64>(digits)
    } else {
        scan::<u128>(digits)
    };
    match scanned {
        Ok((mantissa, scale)) => {
            // `mantissa <= MAX_MANTISSA`, so it splits into three 32-bit
            // words without loss; truncating casts take each word.
            let lo = mantissa as u32;
            let mid = (mantissa >> 32) as u32;
            let hi = (mantissa >> 64) as u32;
            Ok(Decimal::from_parts(lo, mid, hi, negative, scale))
        }
        Err(ScanError::Invalid) => Err(CoreError::InvalidDecimal {
            text: text.to_owned(),
        }),
        Err(ScanError::OutOfRange) => Err(CoreError::DecimalOutOfRange {
            text: text.to_owned(),
        }),
    }
}

/// Why [`scan`] failed.
enum ScanError {
    /// Not of the form `digits[.digits]`.
    Invalid,
    /// Of that form, but too many digits for a [`Decimal`].
    OutOfRange,
}

/// An integer that accumulates decimal digits.
trait Mantissa: Copy {
    const ZERO: Self;
    /// `self * 10 + digit`, or `None` once it exceeds [`MAX_MANTISSA`].
    fn push_digit(self, digit: u8) -> Option<Self>;
    fn widen(self) -> u128;
}

impl Mantissa for u64 {
    const ZERO: Self = 0;

    #[inline(always)]
    fn push_digit(self, digit: u8) -> Option<Self> {
        // Only used for at most 19 digits: below 10^19 < 2^64, and < 2^96.
        Some(self * 10 + u64::from(digit))
    }

    #[inline(always)]
    fn widen(self) -> u128 {
        u128::from(self)
    }
}

impl Mantissa for u128 {
    const ZERO: Self = 0;

    #[inline(always)]
    fn push_digit(self, digit: u8) -> Option<Self> {
        // `self <= MAX_MANTISSA < 2^96`, so this cannot overflow a u128.
        let next = self * 10 + u128::from(digit);
        (next <= MAX_MANTISSA).then_some(next)
    }

    #[inline(always)]
    fn widen(self) -> u128 {
        self
    }
}

/// Reads `digits[.digits]` into a mantissa and a scale.
#[inline(always)]
fn scan<M: Mantissa>(digits: &[u8]) -> Result<(u128, u32), ScanError> {
    let too_long = || {
        // Report a malformed text as such, even if it is long.
        if is_plain_decimal(digits) {
            ScanError::OutOfRange
        } else {
            ScanError::Invalid
        }
    };
    let mut mantissa = M::ZERO;
    let mut at = 0;
    while let Some(&byte) = digits.get(at).filter(|byte| byte.is_ascii_digit()) {
        mantissa = mantissa.push_digit(byte - b'0').ok_or_else(too_long)?;
        at += 1;
    }
    if at == 0 {
        return Err(ScanError::Invalid);
    }
    let mut scale = 0;
    if digits.get(at) == Some(&b'.') {
        at += 1;
        let fraction_start = at;
        while let Some(&byte) = digits.get(at).filter(|byte| byte.is_ascii_digit()) {
            mantissa = mantissa.push_digit(byte - b'0').ok_or_else(too_long)?;
            at += 1;
        }
        scale = at - fraction_start;
        if scale == 0 {
            return Err(ScanError::Invalid);
        }
    }
    if at != digits.len() {
        return Err(ScanError::Invalid);
    }
    let scale = u32::try_from(scale)
        .ok()
        .filter(|&scale| scale <= Decimal::MAX_SCALE)
        .ok_or(ScanError::OutOfRange)?;
    Ok((mantissa.widen(), scale))
}

/// Whether the unsigned part of a number is `digits[.digits]`, ignoring size.
fn is_plain_decimal(digits: &[u8]) -> bool {
    let (integer, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(point) => (&digits[..point], Some(&digits[point + 1..])),
        None => (digits, None),
    };
    let all_digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    all_digits(integer) && fraction.is_none_or(all_digits)
}

/// Deserialises a decimal exactly from a string (via [`parse_decimal`]), an
/// integer, or a JSON number as written (see [`crate::exact_json`] for how,
/// without serde_json's `arbitrary_precision`).
///
/// A binary float is refused unless it is a whole number: its digits beyond
/// the 15th may already be lost (`0.30000000000000001` arrives as 0.3), and
/// a guess would be a silently wrong amount. Floats arrive only from
/// deserializers that cannot give the text: TOML read with
/// [`crate::exact_toml::from_str`] and JSON read with serde_json never send
/// them; a value buffered by serde (inside an untagged enum) does, so there
/// a fraction must be written as a string.
/// For `#[serde(deserialize_with = "b2b_core::deserialize_decimal")]`.
///
/// # Errors
///
/// The deserializer's error for text that [`parse_decimal`] refuses or a
/// number out of range.
pub fn deserialize_decimal<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Decimal, D::Error> {
    try_deserialize_decimal(deserializer)?.map_err(de::Error::custom)
}

/// [`deserialize_decimal`] for a caller that reports a bad number itself: a
/// number or string that is not a usable decimal comes back as `Ok(Err(reason))`,
/// so that the message can name the entry it belongs to.
///
/// # Errors
///
/// The deserializer's error when the value is not a number or a string at
/// all (a boolean, a list, a table).
pub fn try_deserialize_decimal<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Result<Decimal, String>, D::Error> {
    crate::exact_json::deserialize_number(deserializer, DecimalVisitor)
}

impl crate::exact_json::NumberVisitor<'_> for DecimalVisitor {
    fn unfit<E: de::Error>(self, reason: String) -> Result<Self::Value, E> {
        Ok(Err(reason))
    }
}

/// The visitor behind [`deserialize_decimal`]: a value of a number's kind
/// becomes the decimal or the reason it is not one.
pub(crate) struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Result<Decimal, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, as a string such as \"1234.50\" or as a number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(parse_decimal(text).map_err(|error| error.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Ok(Decimal::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Ok(Decimal::from(value)))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Self::Value, E> {
        Ok(
            Decimal::try_from_i128_with_scale(value, 0)
                .map_err(|_| CoreError::Overflow.to_string()),
        )
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Self::Value, E> {
        Ok(i128::try_from(value)
            .ok()
            .and_then(|value| Decimal::try_from_i128_with_scale(value, 0).ok())
            .ok_or_else(|| CoreError::Overflow.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        // Whole floats up to 2^53 are exact; any other may have lost digits.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if !value.is_finite() {
            return Ok(Err(format!("{value} is not a finite number")));
        }
        if value.fract() == 0.0 && value.abs() <= EXACT {
            return Ok(parse_decimal(&value.to_string()).map_err(|error| error.to_string()));
        }
        Ok(Err(format!(
            "{value} arrived as a binary floating-point number, which may have lost digits: \
             write the decimal as a string, such as \"{value}\""
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).expect("valid test decimal")
    }

    #[test]
    fn parses_plain_numbers_and_keeps_scale() {
        let cases = [
            ("0", "0"),
            ("7", "7"),
            ("-7", "-7"),
            ("+7", "7"),
            ("1234.50", "1234.50"),
            ("-0.001", "-0.001"),
            ("  42.0\t\n", "42.0"),
            ("007.10", "7.10"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "-79228162514264337593543950335",
                "-79228162514264337593543950335",
            ),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
        ];
        for (text, shown) in cases {
            let value = parse_decimal(text).expect(text);
            assert_eq!(value.to_string(), shown, "{text}");
        }
    }

    #[test]
    fn negative_zero_is_zero() {
        let value = parse_decimal("-0.00").expect("zero");
        assert!(value.is_zero());
        assert_eq!(value, Decimal::ZERO);
    }

    #[test]
    fn rejects_non_plain_numbers() {
        let cases = [
            "",
            "   ",
            "-",
            "+",
            ".",
            "-.",
            "5.",
            ".5",
            "1,5",
            "1,000",
            "1 000",
            "1_000",
            "389 500 kr",
            "€5",
            "5€",
            "$5",
            "1e5",
            "1E5",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "1.2.3",
            "--1",
            "+-1",
            "- 1",
            "1-",
            "0x10",
            "１２",
            "12%",
        ];
        for text in cases {
            assert_eq!(
                parse_decimal(text),
                Err(CoreError::InvalidDecimal {
                    text: text.to_owned()
                }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn error_message_names_the_text() {
        let message = parse_decimal("389 500 kr")
            .expect_err("not a number")
            .to_string();
        assert!(
            message.starts_with("\"389 500 kr\" is not a decimal number"),
            "{message}"
        );
    }

    #[test]
    fn too_many_digits_is_out_of_range_not_a_panic() {
        let cases = [
            "79228162514264337593543950336",
            "-79228162514264337593543950336",
            "1000000000000000000000000000000000000000000000000000000",
            "0.00000000000000000000000000001",
            "1.00000000000000000000000000000",
        ];
        for text in cases {
            let err = parse_decimal(text).expect_err(text);
            assert_eq!(
                err,
                CoreError::DecimalOutOfRange {
                    text: text.to_owned()
                }
            );
            assert!(err.to_string().contains("too many digits"), "{err}");
        }
    }

    #[test]
    fn overlong_malformed_text_is_invalid_not_out_of_range() {
        let text = "99999999999999999999999999999999 kr";
        assert_eq!(
            parse_decimal(text),
            Err(CoreError::InvalidDecimal {
                text: text.to_owned()
            })
        );
    }

    #[test]
    fn plain_decimal_shape_check() {
        assert!(is_plain_decimal(b"12.5"));
        assert!(is_plain_decimal(b"12"));
        assert!(!is_plain_decimal(b"12."));
        assert!(!is_plain_decimal(b".5"));
        assert!(!is_plain_decimal(b"1.2.3"));
        assert!(!is_plain_decimal(b"1 2"));
    }

    #[derive(Debug, serde::Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "deserialize_decimal")]
        value: Decimal,
    }

    fn read(json: &str) -> Result<Decimal, serde_json::Error> {
        serde_json::from_str::<Holder>(json).map(|holder| holder.value)
    }

    #[test]
    fn deserialises_strings_and_exact_numbers() {
        let cases = [
            (r#"{"value": "1234.50"}"#, "1234.50"),
            (r#"{"value": 1234.50}"#, "1234.50"),
            (r#"{"value": 0.1}"#, "0.1"),
            (r#"{"value": -17}"#, "-17"),
            (r#"{"value": 18446744073709551615}"#, "18446744073709551615"),
            (
                r#"{"value": 12345678901234567890.123456789}"#,
                "12345678901234567890.123456789",
            ),
        ];
        for (json, shown) in cases {
            assert_eq!(read(json).expect(json).to_string(), shown, "{json}");
        }
    }

    #[test]
    fn deserialising_rejects_bad_text_with_its_message() {
        let err = read(r#"{"value": "1,5"}"#).expect_err("decimal comma");
        assert!(
            err.to_string().contains("\"1,5\" is not a decimal number"),
            "{err}"
        );
        assert!(read(r#"{"value": true}"#).is_err());
        assert!(read(r#"{"value": null}"#).is_err());
    }

    #[test]
    fn visitor_handles_every_number_kind() {
        use serde::de::value::Error;
        let read = |value: Result<Result<Decimal, String>, Error>| value.expect("a number's kind");
        assert_eq!(read(DecimalVisitor.visit_i64(-5)), Ok(dec("-5")));
        assert_eq!(read(DecimalVisitor.visit_u64(5)), Ok(dec("5")));
        assert_eq!(read(DecimalVisitor.visit_i128(-5)), Ok(dec("-5")));
        assert_eq!(read(DecimalVisitor.visit_u128(5)), Ok(dec("5")));
        assert!(read(DecimalVisitor.visit_i128(i128::MAX)).is_err());
        assert!(read(DecimalVisitor.visit_u128(u128::MAX)).is_err());
        // A fraction may have lost digits on its way through f64: refused.
        assert!(read(DecimalVisitor.visit_f64(0.1)).is_err());
        assert!(read(DecimalVisitor.visit_f64(-2.5)).is_err());
        assert_eq!(read(DecimalVisitor.visit_f64(-25.0)), Ok(dec("-25")));
        assert!(read(DecimalVisitor.visit_f64(f64::NAN)).is_err());
        assert!(read(DecimalVisitor.visit_f64(f64::INFINITY)).is_err());
        assert!(read(DecimalVisitor.visit_f64(1e300)).is_err());
    }

    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0..=28_u32,
        )
            .prop_map(|(lo, mid, hi, negative, scale)| {
                Decimal::from_parts(lo, mid, hi, negative, scale)
            })
    }

    proptest! {
        #[test]
        fn roundtrips_decimal_to_string(value in any_decimal()) {
            let text = value.to_string();
            let parsed = parse_decimal(&text);
            prop_assert_eq!(&parsed, &Ok(value));
            prop_assert_eq!(parsed.map(|d| d.to_string()), Ok(text));
        }

        #[test]
        fn roundtrips_with_sign_and_whitespace(value in any_decimal()) {
            let text = if value.is_sign_negative() {
                format!("  {value}\t")
            } else {
                format!(" +{value} ")
            };
            prop_assert_eq!(parse_decimal(&text), Ok(value));
        }

        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = parse_decimal(&text);
        }

        #[test]
        fn never_panics_on_long_digit_runs(text in "[-+]?[0-9]{0,60}(\\.[0-9]{0,40})?") {
            match parse_decimal(&text) {
                Ok(value) => prop_assert_eq!(Ok(value), Decimal::from_str_exact(text.trim_start_matches('+'))),
                Err(CoreError::InvalidDecimal { .. } | CoreError::DecimalOutOfRange { .. }) => {}
                Err(other) => prop_assert!(false, "unexpected error {other}"),
            }
        }
    }
}
