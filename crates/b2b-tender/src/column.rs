//! Exact decimal columns stored as scaled integers.
//!
//! A [`Column`] holds one criterion's values for every bid as `i64` integers
//! sharing one decimal scale, so `1234.5` and `99.25` are stored as `123450`
//! and `9925` with scale 2. This keeps the evaluation loops on integer
//! arithmetic while every value stays exactly the decimal that was written.

use rust_decimal::Decimal;

/// The largest scale a column may have: 18 fractional digits.
pub const MAX_SCALE: u32 = 18;

/// Powers of ten that fit in an `i64`, indexed by exponent.
pub(crate) const POW10: [i64; 19] = {
    let mut table = [1i64; 19];
    let mut i = 1;
    while i < 19 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// One exactly represented decimal: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scaled {
    /// The integer digits.
    pub mantissa: i64,
    /// How many of them are fractional.
    pub scale: u32,
}

impl Scaled {
    /// The value as a [`Decimal`]; `None` for a scale above 28, which a
    /// decimal cannot hold (a `Scaled` from [`Scaled::parse`] or
    /// [`Scaled::from_decimal`] has at most 18).
    pub fn to_decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(i128::from(self.mantissa), self.scale).ok()
    }

    /// Converts a decimal, or `None` when it does not fit 18 digits of `i64`.
    pub fn from_decimal(value: Decimal) -> Option<Scaled> {
        let value = value.normalize();
        let scale = value.scale();
        if scale > MAX_SCALE {
            return None;
        }
        let mantissa = i64::try_from(value.mantissa()).ok()?;
        Some(Scaled { mantissa, scale })
    }

    /// Parses a plain decimal such as `-12.50` without allocating.
    ///
    /// Accepts an optional sign, digits and an optional fraction; surrounding
    /// ASCII spaces are ignored. Exponents, thousands separators and currency
    /// signs are rejected (`None`), as are numbers too long for an `i64`.
    pub fn parse(text: &[u8]) -> Option<Scaled> {
        let text = text.trim_ascii();
        let (negative, digits) = match text.first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let mut mantissa: i64 = 0;
        let mut scale: u32 = 0;
        let mut seen_digit = false;
        let mut seen_point = false;
        for &byte in digits {
            match byte {
                b'0'..=b'9' => {
                    mantissa = mantissa
                        .checked_mul(10)?
                        .checked_add(i64::from(byte - b'0'))?;
                    seen_digit = true;
                    if seen_point {
                        scale += 1;
                    }
                }
                b'.' if !seen_point => seen_point = true,
                _ => return None,
            }
        }
        if !seen_digit || scale > MAX_SCALE {
            return None;
        }
        Some(Scaled {
            mantissa: if negative { -mantissa } else { mantissa },
            scale,
        })
    }
}

/// Why a value could not be added to a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnOverflow {
    /// The value has more significant digits than 18 (or more than 18 decimals).
    TooManyDigits,
}

/// One criterion's (or cost item's) values for all bids, at one common scale.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Column {
    values: Vec<i64>,
    scale: u32,
}

impl Column {
    /// Builds a column from decimals; `None` if a value has too many digits.
    pub fn from_decimals(values: impl IntoIterator<Item = Decimal>) -> Option<Column> {
        let mut builder = ColumnBuilder::default();
        for value in values {
            builder.push(Scaled::from_decimal(value)?);
        }
        builder.finish().ok()
    }

    /// The raw scaled integers; the real value of entry `i` is `raw()[i] / 10^scale()`.
    pub fn raw(&self) -> &[i64] {
        &self.values
    }

    /// The common decimal scale.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the column is empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Entry `i` as a decimal.
    pub fn decimal(&self, i: usize) -> Decimal {
        Decimal::new(self.values[i], self.scale)
    }

    /// `value` rescaled to this column's scale, if it is exactly representable.
    pub fn to_raw(&self, value: Decimal) -> Option<i64> {
        let scaled = Scaled::from_decimal(value)?;
        if scaled.scale > self.scale {
            return None;
        }
        scaled
            .mantissa
            .checked_mul(POW10[(self.scale - scaled.scale) as usize])
    }

    /// Keeps the entries at the indices in `keep`, in that order.
    ///
    /// # Panics
    ///
    /// When an index is out of range.
    pub fn select(&self, keep: &[usize]) -> Column {
        Column {
            values: keep.iter().map(|&i| self.values[i]).collect(),
            scale: self.scale,
        }
    }
}

/// Collects [`Scaled`] values of varying scales into one [`Column`].
#[derive(Debug, Clone, Default)]
pub struct ColumnBuilder {
    mantissas: Vec<i64>,
    scales: Vec<u8>,
    max_scale: u32,
}

impl ColumnBuilder {
    /// A builder with room for `capacity` values.
    pub fn with_capacity(capacity: usize) -> ColumnBuilder {
        ColumnBuilder {
            mantissas: Vec::with_capacity(capacity),
            scales: Vec::with_capacity(capacity),
            max_scale: 0,
        }
    }

    /// Appends one value. A scale above [`MAX_SCALE`] (possible for a
    /// `Scaled` built by hand) makes [`ColumnBuilder::finish`] fail.
    pub fn push(&mut self, value: Scaled) {
        self.max_scale = self.max_scale.max(value.scale);
        self.mantissas.push(value.mantissa);
        // Parsed values have at most 18 decimals; a larger scale is kept
        // as 255 (still above MAX_SCALE) only so that finish() can refuse it.
        self.scales
            .push(u8::try_from(value.scale).unwrap_or(u8::MAX));
    }

    /// Number of values pushed so far.
    pub fn len(&self) -> usize {
        self.mantissas.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.mantissas.is_empty()
    }

    /// Appends everything `other` collected, in order.
    pub fn append(&mut self, mut other: ColumnBuilder) {
        self.max_scale = self.max_scale.max(other.max_scale);
        self.mantissas.append(&mut other.mantissas);
        self.scales.append(&mut other.scales);
    }

    /// Rescales everything to the largest scale seen.
    ///
    /// # Errors
    ///
    /// The index of the first value that no longer fits in 18 digits at the
    /// common scale.
    pub fn finish(self) -> Result<Column, (usize, ColumnOverflow)> {
        let target = self.max_scale;
        if target > MAX_SCALE {
            let index = self
                .scales
                .iter()
                .position(|&s| u32::from(s) > MAX_SCALE)
                .unwrap_or(0);
            return Err((index, ColumnOverflow::TooManyDigits));
        }
        let mut values = self.mantissas;
        for (index, (value, &scale)) in values.iter_mut().zip(&self.scales).enumerate() {
            let shift = target - u32::from(scale);
            if shift > 0 {
                *value = value
                    .checked_mul(POW10[shift as usize])
                    .ok_or((index, ColumnOverflow::TooManyDigits))?;
            }
        }
        Ok(Column {
            values,
            scale: target,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals() {
        assert_eq!(
            Scaled::parse(b" 1234.50 "),
            Some(Scaled {
                mantissa: 123450,
                scale: 2
            })
        );
        assert_eq!(
            Scaled::parse(b"-7"),
            Some(Scaled {
                mantissa: -7,
                scale: 0
            })
        );
        assert_eq!(
            Scaled::parse(b".5"),
            Some(Scaled {
                mantissa: 5,
                scale: 1
            })
        );
    }

    #[test]
    fn rejects_what_is_not_a_plain_decimal() {
        for text in [
            "", "-", ".", "1,5", "389 500", "1e5", "12kr", "1.2.3", "NaN", "+-1",
        ] {
            assert_eq!(Scaled::parse(text.as_bytes()), None, "{text:?}");
        }
        assert_eq!(Scaled::parse(b"99999999999999999999"), None);
        assert_eq!(Scaled::parse(b"0.0000000000000000001"), None);
    }

    #[test]
    fn builder_rescales_to_the_largest_scale() {
        let mut builder = ColumnBuilder::default();
        for text in ["10", "2.5", "0.125"] {
            builder.push(Scaled::parse(text.as_bytes()).expect("valid"));
        }
        let column = builder.finish().expect("fits");
        assert_eq!(column.scale(), 3);
        assert_eq!(column.raw(), &[10_000, 2_500, 125]);
        assert_eq!(column.decimal(1), Decimal::new(25, 1));
    }

    /// A `Scaled` built by hand with too many decimals is refused, not a
    /// panic (it indexed past the table of powers of ten).
    #[test]
    fn builder_refuses_hand_built_scales_beyond_eighteen() {
        for scale in [19, 255, 256, u32::MAX] {
            let mut builder = ColumnBuilder::default();
            builder.push(Scaled {
                mantissa: 1,
                scale: 0,
            });
            builder.push(Scaled { mantissa: 1, scale });
            assert_eq!(
                builder.finish(),
                Err((1, ColumnOverflow::TooManyDigits)),
                "{scale}"
            );
        }
        assert_eq!(
            Scaled {
                mantissa: 1,
                scale: 29
            }
            .to_decimal(),
            None
        );
    }

    #[test]
    fn builder_reports_the_value_that_overflows() {
        let mut builder = ColumnBuilder::default();
        builder.push(Scaled::parse(b"1234567890123456789").expect("valid"));
        builder.push(Scaled::parse(b"0.5").expect("valid"));
        assert_eq!(builder.finish(), Err((0, ColumnOverflow::TooManyDigits)));
    }
}
