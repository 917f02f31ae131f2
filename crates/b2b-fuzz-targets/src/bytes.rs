//! Values drawn from the fuzzer's bytes.
//!
//! Once the bytes run out every draw is 0, so any input, even an empty
//! one, gives a case; libFuzzer's mutations then change it a byte at a time.

use rust_decimal::Decimal;

/// The fuzzer's bytes, read from the front.
pub(crate) struct Bytes<'a> {
    rest: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { rest: data }
    }

    /// The next byte, 0 after the end.
    pub(crate) fn byte(&mut self) -> u8 {
        match self.rest.split_first() {
            Some((&first, rest)) => {
                self.rest = rest;
                first
            }
            None => 0,
        }
    }

    /// A number in `0..n` (`n` at least 1).
    pub(crate) fn below(&mut self, n: u8) -> u8 {
        self.byte() % n.max(1)
    }

    /// Whether the next byte is odd.
    pub(crate) fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    /// An unsigned number from the next `bytes` bytes (at most 16).
    pub(crate) fn unsigned(&mut self, bytes: usize) -> u128 {
        (0..bytes.min(16)).fold(0, |n, _| (n << 8) | u128::from(self.byte()))
    }

    /// A non-negative decimal of 1 to `max_digits` significant digits at a
    /// scale from 0 to `max_scale` (both at most 28). A quarter of the
    /// draws are a small integer (0 to 4), so that equal values, and so
    /// ties, are common.
    pub(crate) fn decimal(&mut self, max_digits: u8, max_scale: u8) -> Decimal {
        if self.below(4) == 0 {
            return Decimal::from(self.below(5));
        }
        let digits = 1 + u32::from(self.below(max_digits.clamp(1, 28)));
        let scale = u32::from(self.below(max_scale.min(28) + 1));
        let mantissa = self.unsigned(12) % 10u128.pow(digits);
        // Below 10^28, so within a Decimal's 96 bits.
        Decimal::from_i128_with_scale(mantissa as i128, scale)
    }

    /// A positive decimal as [`Bytes::decimal`], 1 where that gives 0.
    pub(crate) fn positive(&mut self, max_digits: u8, max_scale: u8) -> Decimal {
        let value = self.decimal(max_digits, max_scale);
        if value.is_zero() { Decimal::ONE } else { value }
    }
}
