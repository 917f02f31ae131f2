//! Normalisation of one criterion to `n` in `[0, 1]` over the ranked bids.
//!
//! Each [`Norm`] is fitted once per criterion (best and worst values), then
//! gives every bid's `n` both as a fixed-point integer (`n * 10^18`,
//! truncated, so the exact value lies in `[fixed, fixed + 1)` units) and as
//! an exact rational for the rare comparisons where truncation could matter.

use crate::column::Column;
use crate::exact::{ONE, decimal_ratio, mul_div_floor, pow10, ratio};
use crate::tender::{Better, CriterionKind, Formula};
use num_bigint::BigInt;
use num_rational::BigRational;
use rust_decimal::Decimal;

/// A fitted normalisation of one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Norm {
    /// Every bid gets 1 (all values equal under a relative formula).
    One,
    /// `best / value`, `best` the smallest value (> 0).
    ProportionalLower { best: i64 },
    /// `value / best`, `best` the largest value (> 0).
    ProportionalHigher { best: i64 },
    /// `|worst - value| / |worst - best|`, `worst != best`.
    Linear { best: i64, worst: i64 },
    /// `value * numerator / denominator`: a grade over its scale, with the
    /// column's and the scale's decimal exponents folded in.
    Points { numerator: u128, denominator: u128 },
    /// The same when `10^18 * numerator / denominator` is a whole number
    /// `factor` (any scale of the form 2^a 5^b, such as 4, 5, 10 or 100):
    /// `n * 10^18 = value * factor` exactly, a multiplication instead of a
    /// division per bid.
    PointsExact { factor: u128 },
    /// A grade over a scale whose digits do not fit the fixed-point form
    /// (a 28-digit scale, say): only [`Norm::exact`] is meaningful, and the
    /// model values every bid in rationals instead (see [`Norm::has_fixed`]).
    PointsWide {
        /// The grade scale.
        scale: Decimal,
        /// The column's decimal scale.
        column_scale: u32,
    },
}

impl Norm {
    /// Fits the normalisation of `kind` over the values of `column` at `bids`.
    /// `None` for kinds that are not normalised (features) or no bids.
    pub(crate) fn fit(kind: &CriterionKind, column: &Column, bids: &[usize]) -> Option<Norm> {
        let raw = column.raw();
        let (min, max) = bids.iter().fold((i64::MAX, i64::MIN), |(lo, hi), &b| {
            (lo.min(raw[b]), hi.max(raw[b]))
        });
        if bids.is_empty() {
            return None;
        }
        let lower_better = kind.lower_is_better();
        let relative = |formula: Formula| {
            let (best, worst) = if lower_better { (min, max) } else { (max, min) };
            if best == worst {
                return Norm::One;
            }
            match (formula, lower_better) {
                (Formula::Proportional, true) => Norm::ProportionalLower { best },
                (Formula::Proportional, false) => Norm::ProportionalHigher { best },
                (Formula::Linear, _) => Norm::Linear { best, worst },
            }
        };
        match kind {
            CriterionKind::Price { formula } => Some(relative(*formula)),
            CriterionKind::Quantity { formula, better } => {
                debug_assert_eq!(lower_better, *better == Better::Lower);
                Some(relative(*formula))
            }
            CriterionKind::Points { scale } => Some(points(*scale, column.scale())),
            CriterionKind::Feature { .. } => None,
        }
    }

    /// `n * 10^18`, truncated.
    #[inline]
    pub(crate) fn fixed(&self, value: i64) -> u64 {
        let n = match *self {
            Norm::One => return ONE,
            Norm::ProportionalLower { best } => {
                // Validation guarantees value >= best > 0 here.
                (best as u128 * ONE as u128) / value.unsigned_abs() as u128
            }
            Norm::ProportionalHigher { best } => {
                (value.max(0) as u128 * ONE as u128) / best as u128
            }
            Norm::Linear { best, worst } => {
                let distance = (i128::from(worst) - i128::from(value)).unsigned_abs();
                let range = (i128::from(worst) - i128::from(best)).unsigned_abs();
                distance * ONE as u128 / range
            }
            Norm::Points {
                numerator,
                denominator,
            } => mul_div_floor(value.max(0) as u128 * numerator, ONE as u128, denominator)
                .unwrap_or(ONE as u128),
            Norm::PointsExact { factor } => value.max(0) as u128 * factor,
            Norm::PointsWide { .. } => 0,
        };
        n.min(ONE as u128) as u64
    }

    /// The exact `n` as a rational.
    pub(crate) fn exact(&self, value: i64) -> BigRational {
        let int = |v: i64| BigInt::from(v);
        match *self {
            Norm::One => BigRational::from_integer(BigInt::from(1)),
            Norm::ProportionalLower { best } => BigRational::new(int(best), int(value)),
            Norm::ProportionalHigher { best } => BigRational::new(int(value), int(best)),
            Norm::Linear { best, worst } => {
                let distance = (i128::from(worst) - i128::from(value)).abs();
                let range = (i128::from(worst) - i128::from(best)).abs();
                BigRational::new(BigInt::from(distance), BigInt::from(range))
            }
            Norm::Points {
                numerator,
                denominator,
            } => BigRational::new(
                BigInt::from(value) * BigInt::from(numerator),
                BigInt::from(denominator),
            ),
            Norm::PointsExact { factor } => BigRational::new(
                BigInt::from(value) * BigInt::from(factor),
                BigInt::from(ONE),
            ),
            Norm::PointsWide {
                scale,
                column_scale,
            } => BigRational::new(BigInt::from(value), pow10(column_scale)) / decimal_ratio(scale),
        }
    }

    /// Whether [`Norm::fixed`] is valid: false for [`Norm::PointsWide`],
    /// whose bids must be valued in rationals.
    pub(crate) fn has_fixed(&self) -> bool {
        !matches!(self, Norm::PointsWide { .. })
    }

    /// Whether `n` depends on the other bids (proportional and linear do).
    pub(crate) fn is_relative(kind: &CriterionKind) -> bool {
        matches!(
            kind,
            CriterionKind::Price { .. } | CriterionKind::Quantity { .. }
        )
    }
}

/// `grade / scale` with the grade stored at `column_scale` decimals:
/// `n = raw * 10^s_scale / (s_mantissa * 10^column_scale)`.
///
/// The fixed-point forms are chosen only when every product [`Norm::fixed`]
/// forms fits a `u128` for any `i64` grade; otherwise [`Norm::PointsWide`].
fn points(scale: Decimal, column_scale: u32) -> Norm {
    let wide = Norm::PointsWide {
        scale,
        column_scale,
    };
    let normal = scale.normalize();
    let mantissa = normal.mantissa().unsigned_abs();
    let pow = |e: u32| 10u128.checked_pow(e);
    let (Some(numerator), Some(denominator)) = (
        pow(normal.scale()),
        pow(column_scale).and_then(|p| p.checked_mul(mantissa)),
    ) else {
        return wide;
    };
    if mantissa == 0 {
        return wide;
    }
    let divisor = gcd(numerator, denominator);
    let (numerator, denominator) = (numerator / divisor, denominator / divisor);
    let grade_max = i64::MAX.unsigned_abs() as u128;
    let Some(scaled) = numerator.checked_mul(u128::from(ONE)) else {
        return wide;
    };
    if scaled % denominator == 0 {
        let factor = scaled / denominator;
        return match factor.checked_mul(grade_max) {
            Some(_) => Norm::PointsExact { factor },
            None => wide,
        };
    }
    match numerator.checked_mul(grade_max) {
        Some(_) => Norm::Points {
            numerator,
            denominator,
        },
        None => wide,
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// The exact value of entry `bid` of `column` as a rational.
pub(crate) fn exact_value(column: &Column, bid: usize) -> BigRational {
    ratio(i128::from(column.raw()[bid]), column.scale())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::ONE;

    fn column(values: &[&str]) -> Column {
        Column::from_decimals(
            values
                .iter()
                .map(|v| v.parse::<Decimal>().expect("decimal")),
        )
        .expect("fits")
    }

    #[test]
    fn proportional_price_is_lowest_over_price() {
        let prices = column(&["100", "125", "200"]);
        let kind = CriterionKind::Price {
            formula: Formula::Proportional,
        };
        let norm = Norm::fit(&kind, &prices, &[0, 1, 2]).expect("fitted");
        assert_eq!(norm.fixed(prices.raw()[0]), ONE);
        assert_eq!(norm.fixed(prices.raw()[1]), ONE / 5 * 4);
        assert_eq!(norm.fixed(prices.raw()[2]), ONE / 2);
    }

    #[test]
    fn linear_is_one_for_everyone_when_all_equal() {
        let days = column(&["5", "5.0"]);
        let kind = CriterionKind::Quantity {
            better: Better::Lower,
            formula: Formula::Linear,
        };
        let norm = Norm::fit(&kind, &days, &[0, 1]).expect("fitted");
        assert_eq!(norm, Norm::One);
    }

    #[test]
    fn linear_higher_better_mirrors() {
        let hours = column(&["8", "10", "12"]);
        let kind = CriterionKind::Quantity {
            better: Better::Higher,
            formula: Formula::Linear,
        };
        let norm = Norm::fit(&kind, &hours, &[0, 1, 2]).expect("fitted");
        let n: Vec<u64> = hours.raw().iter().map(|&v| norm.fixed(v)).collect();
        assert_eq!(n, vec![0, ONE / 2, ONE]);
    }

    #[test]
    fn points_fold_decimal_scales() {
        let grades = column(&["3.5", "5", "0"]);
        let kind = CriterionKind::Points {
            scale: Decimal::new(5, 0),
        };
        let norm = Norm::fit(&kind, &grades, &[0, 1, 2]).expect("fitted");
        assert!(matches!(norm, Norm::PointsExact { .. }));
        assert_eq!(norm.fixed(grades.raw()[0]), ONE / 10 * 7);
        assert_eq!(norm.fixed(grades.raw()[1]), ONE);
        assert_eq!(norm.fixed(grades.raw()[2]), 0);
        let third = Norm::fit(
            &CriterionKind::Points {
                scale: Decimal::new(3, 0),
            },
            &column(&["1"]),
            &[0],
        )
        .expect("fitted");
        assert!(matches!(third, Norm::Points { .. }));
        assert_eq!(third.fixed(1), ONE / 3);
        assert_eq!(
            third.exact(1),
            BigRational::new(BigInt::from(1), BigInt::from(3))
        );
    }
}
