//! Exact arithmetic helpers: fixed-point with known error bounds, and the
//! rational fallback used when rounding could matter.

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use rust_decimal::{Decimal, RoundingStrategy};

/// One, in the fixed-point unit of normalised values: 18 decimal places.
pub(crate) const ONE: u64 = 1_000_000_000_000_000_000;

/// `floor(a * b / c)` for non-negative operands, exact for any size: the
/// `u128` fast path covers realistic values and big integers take over when
/// the product overflows. `None` when `c` is zero or the result exceeds `u128`.
pub(crate) fn mul_div_floor(a: u128, b: u128, c: u128) -> Option<u128> {
    if c == 0 {
        return None;
    }
    match a.checked_mul(b) {
        Some(product) => Some(product / c),
        None => (BigUint::from(a) * BigUint::from(b) / BigUint::from(c)).to_u128(),
    }
}

/// `10^exponent` as a big integer.
pub(crate) fn pow10(exponent: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), exponent as usize)
}

/// The exact rational value of a scaled integer `raw / 10^scale`.
pub(crate) fn ratio(raw: i128, scale: u32) -> BigRational {
    BigRational::new(BigInt::from(raw), pow10(scale))
}

/// The exact rational value of a decimal.
pub(crate) fn decimal_ratio(value: Decimal) -> BigRational {
    ratio(value.mantissa(), value.scale())
}

/// Rounds an exact rational half-even to `dp` decimal places.
pub(crate) fn round_ratio(value: &BigRational, dp: u32) -> Decimal {
    let scaled = value * BigRational::from_integer(pow10(dp));
    let floor = scaled.floor();
    let fraction = &scaled - &floor;
    let half = BigRational::new(BigInt::from(1), BigInt::from(2));
    let mut mantissa = floor.to_integer();
    let odd = (&mantissa % BigInt::from(2)) != BigInt::zero();
    if fraction > half || (fraction == half && odd) {
        mantissa += 1;
    }
    mantissa
        .to_i128()
        .and_then(|m| Decimal::try_from_i128_with_scale(m, dp).ok())
        .unwrap_or(Decimal::MAX)
}

/// Rounds the fixed-point value `raw / 10^18`, known only to lie in
/// `[raw - slack, raw + slack]`, half-even to `dp` places. Returns `None`
/// when the two ends of that interval round differently: the caller must
/// then round the exact value instead.
pub(crate) fn round_fixed(raw: i128, slack: i128, dp: u32) -> Option<Decimal> {
    let round = |value: i128| {
        Decimal::try_from_i128_with_scale(value, 18).ok().map(|d| {
            let mut rounded = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
            rounded.rescale(dp);
            rounded
        })
    };
    let low = round(raw.checked_sub(slack)?)?;
    let high = round(raw.checked_add(slack)?)?;
    (low == high).then_some(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_falls_back_to_big_integers() {
        assert_eq!(mul_div_floor(7, 3, 2), Some(10));
        let big = u128::MAX / 3;
        assert_eq!(mul_div_floor(big, 6, 6), Some(big));
        assert_eq!(mul_div_floor(1, 1, 0), None);
    }

    #[test]
    fn rounds_rationals_half_even() {
        let r = |n: i64, d: i64| BigRational::new(BigInt::from(n), BigInt::from(d));
        assert_eq!(round_ratio(&r(2345, 1000), 2), Decimal::new(234, 2));
        assert_eq!(round_ratio(&r(2355, 1000), 2), Decimal::new(236, 2));
        assert_eq!(round_ratio(&r(1, 3), 4), Decimal::new(3333, 4));
        assert_eq!(round_ratio(&r(-2345, 1000), 2), Decimal::new(-234, 2));
        assert_eq!(round_ratio(&r(-2, 3), 2), Decimal::new(-67, 2));
    }

    #[test]
    fn fixed_rounding_refuses_when_the_interval_straddles_a_midpoint() {
        let half_cent = 5 * 10i128.pow(15);
        assert_eq!(round_fixed(10i128.pow(18), 3, 2), Some(Decimal::ONE));
        assert_eq!(round_fixed(half_cent, 1, 2), None);
    }
}
