//! Exact arithmetic helpers: fixed-point with known error bounds, and the
//! rational fallback used when rounding could matter.

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use rust_decimal::Decimal;

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
        // Unreachable for reported figures: evaluation refuses ranked
        // values of 10^21 and more (`check_reportable`), and breakdowns are
        // bounded by validated money values and 100 points.
        .unwrap_or(Decimal::MAX)
}

/// Rounds the fixed-point value `raw / 10^18`, known only to lie in
/// `[raw - slack, raw + slack]`, half-even to `dp` places. Returns `None`
/// when the two ends of that interval round differently: the caller must
/// then round the exact value instead. Rounding is monotone, so equal ends
/// mean every value between them rounds the same.
pub(crate) fn round_fixed(raw: i128, slack: i128, dp: u32) -> Option<Decimal> {
    let unit = 10i128.checked_pow(18u32.checked_sub(dp)?)?;
    let low = div_half_even(raw.checked_sub(slack)?, unit);
    let high = div_half_even(raw.checked_add(slack)?, unit);
    (low == high).then(|| Decimal::try_from_i128_with_scale(low, dp).ok())?
}

/// Rounds `num / den` (with `num` in `[low, low + width)`, all non-negative)
/// half-even to an integer, or `None` when the interval's ends round apart.
pub(crate) fn round_interval(low: u128, width: u128, den: u128) -> Option<i128> {
    let den = i128::try_from(den).ok()?;
    let low = i128::try_from(low).ok()?;
    let first = div_half_even(low, den);
    let last = div_half_even(low.checked_add(i128::try_from(width).ok()?)?, den);
    (first == last).then_some(first)
}

/// [`round_interval`] for `u64` operands with one division; also `None`
/// when the interval reaches the next integer quotient.
pub(crate) fn round_interval_u64(low: u64, width: u64, den: u64) -> Option<u64> {
    if den == 0 {
        return None;
    }
    let (quotient, remainder) = (low / den, low % den);
    let high = remainder.checked_add(width).filter(|&h| h < den)?;
    let up = |r: u64| match (2 * u128::from(r)).cmp(&u128::from(den)) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => quotient & 1 == 1,
    };
    let round_up = up(remainder);
    (round_up == up(high)).then_some(quotient + u64::from(round_up))
}

/// `num / den` rounded half-even to an integer (`den > 0`).
fn div_half_even(num: i128, den: i128) -> i128 {
    let quotient = num.div_euclid(den);
    let twice_remainder = num.rem_euclid(den) * 2;
    match twice_remainder.cmp(&den) {
        std::cmp::Ordering::Less => quotient,
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal => quotient + (quotient & 1),
    }
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
    fn interval_rounding_agrees_with_the_wide_version() {
        for (low, width, den) in [
            (149, 0, 100),
            (150, 0, 100),
            (250, 0, 100),
            (251, 3, 100),
            (148, 3, 100),
            (99, 5, 100),
        ] {
            let wide = round_interval(u128::from(low), u128::from(width), u128::from(den));
            let narrow = round_interval_u64(low, width, den).map(i128::from);
            assert!(narrow.is_none() || narrow == wide, "{low} {width} {den}");
        }
        assert_eq!(round_interval_u64(150, 0, 100), Some(2));
        assert_eq!(round_interval_u64(250, 0, 100), Some(2));
        assert_eq!(round_interval_u64(148, 3, 100), None);
    }

    #[test]
    fn fixed_rounding_refuses_when_the_interval_straddles_a_midpoint() {
        let half_cent = 5 * 10i128.pow(15);
        assert_eq!(round_fixed(10i128.pow(18), 3, 2), Some(Decimal::ONE));
        assert_eq!(round_fixed(half_cent, 1, 2), None);
        // 0.005 exactly rounds to the even 0.00; 0.015 to 0.02; -0.015 to -0.02.
        assert_eq!(round_fixed(half_cent, 0, 2), Some(Decimal::new(0, 2)));
        assert_eq!(round_fixed(3 * half_cent, 0, 2), Some(Decimal::new(2, 2)));
        assert_eq!(round_fixed(-3 * half_cent, 0, 2), Some(Decimal::new(-2, 2)));
        assert_eq!(
            round_fixed(-10i128.pow(18), 0, 2),
            Some(Decimal::new(-100, 2))
        );
    }
}
