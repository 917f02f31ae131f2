//! TOML read without floating point.
//!
//! The `toml` crate hands a float such as `weight = 0.30000000000000001` to
//! serde as an `f64`, which holds 0.3: the digits the user wrote are gone
//! before any visitor sees them. [`from_str`] parses the document first,
//! keeps every float's text, and hands it on as a string, so a decimal
//! field reads exactly what was written (`1e-3` and `2.5E2` are rewritten
//! as plain decimals, also exactly). `inf` and `nan` stay floats, which no
//! decimal field accepts.
//!
//! A side effect, accepted: a float written where text is expected (an id
//! `id = 1.5`) reads as the text `"1.5"` instead of failing.

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue, Deserializer, Error};

/// Deserializes a TOML document with every float read as its exact text.
///
/// # Errors
///
/// The document's syntax error or the type's refusal, as `toml` reports
/// them (with the span of the offending item).
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let mut root = DeTable::parse(text)?;
    for (_, value) in root.get_mut().iter_mut() {
        exact_floats(value);
    }
    T::deserialize(Deserializer::from(root))
}

fn exact_floats(value: &mut Spanned<DeValue<'_>>) {
    match value.get_mut() {
        DeValue::Float(float) => {
            if let Some(decimal) = plain_decimal(float.as_str()) {
                *value.get_mut() = DeValue::String(DeString::Owned(decimal));
            }
        }
        DeValue::Array(items) => items.iter_mut().for_each(exact_floats),
        DeValue::Table(table) => {
            for (_, value) in table.iter_mut() {
                exact_floats(value);
            }
        }
        _ => {}
    }
}

/// A float's text as a plain decimal (`-1.5e-3` → `-0.0015`), digits kept
/// exactly; `None` for `inf`, `nan` or an exponent too large to write out.
pub(crate) fn plain_decimal(text: &str) -> Option<String> {
    let text = text.replace('_', "");
    let (sign, unsigned) = match text.as_bytes().first()? {
        b'-' => ("-", &text[1..]),
        b'+' => ("", &text[1..]),
        _ => ("", text.as_str()),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i32>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    // Decimal holds 28 digits; an exponent beyond a few dozen places can
    // only be refused later, so there is no need to write it out.
    if exponent.unsigned_abs() > 64 {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let point = i64::try_from(whole.len()).ok()? + i64::from(exponent);
    let (int_part, frac_part) = if point <= 0 {
        let zeros = "0".repeat(usize::try_from(-point).ok()?);
        ("0".to_owned(), format!("{zeros}{digits}"))
    } else {
        let point = usize::try_from(point).ok()?;
        if point >= digits.len() {
            let zeros = "0".repeat(point - digits.len());
            (format!("{digits}{zeros}"), String::new())
        } else {
            (digits[..point].to_owned(), digits[point..].to_owned())
        }
    };
    Some(if frac_part.is_empty() {
        format!("{sign}{int_part}")
    } else {
        format!("{sign}{int_part}.{frac_part}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deserialize_decimal;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[derive(Debug, Deserialize)]
    struct Weights {
        #[serde(deserialize_with = "deserialize_decimal")]
        weight: Decimal,
        #[serde(default)]
        nested: Vec<Nested>,
    }

    #[derive(Debug, Deserialize)]
    struct Nested {
        #[serde(deserialize_with = "deserialize_decimal")]
        value: Decimal,
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).expect("decimal")
    }

    #[test]
    fn floats_keep_every_digit_written() {
        // As an f64 this is 0.3: the last digit would be lost.
        let read: Weights = from_str("weight = 0.30000000000000001").expect("reads");
        assert_eq!(read.weight, dec("0.30000000000000001"));
        let read: Weights =
            from_str("weight = 1\n[[nested]]\nvalue = 0.1000000000000000000000000001")
                .expect("reads");
        assert_eq!(read.nested[0].value, dec("0.1000000000000000000000000001"));
    }

    #[test]
    fn exponents_and_underscores_are_written_out_exactly() {
        for (float, plain) in [
            ("1e-3", "0.001"),
            ("-1.5e-3", "-0.0015"),
            ("2.5E2", "250"),
            ("+1_000.5", "1000.5"),
            ("1.25e1", "12.5"),
            ("0.0", "0.0"),
            ("12e+2", "1200"),
        ] {
            assert_eq!(plain_decimal(float).as_deref(), Some(plain), "{float}");
        }
        assert_eq!(plain_decimal("inf"), None);
        assert_eq!(plain_decimal("nan"), None);
        assert_eq!(plain_decimal("1e400"), None);
    }

    #[test]
    fn errors_keep_their_place() {
        let error = from_str::<Weights>("weight = 1\nweight = 2").expect_err("duplicate key");
        assert!(error.span().is_some());
        let error = from_str::<Weights>("weight = \"x\"").expect_err("not a decimal");
        assert_eq!(error.span(), Some(9..12));
    }
}
