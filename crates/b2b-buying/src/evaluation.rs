//! Team evaluation of proposals: several members grade the `points`
//! criteria of a tender's bids; the grades become each bid's points for
//! `b2b-tender`, and an evaluator whose grades stray from the others' is
//! flagged for a moderation discussion.
//!
//! ```text
//! mean                = Σ g / n
//! median              = the middle grade; for an even n the mean of the two middle ones
//! influence-weighted  = Σ wᵢ gᵢ / Σ wᵢ
//! deviation(e, c)     = mean over the bids of | g(e, b) − the team's median grade of b |
//! flagged             when deviation / scale > threshold (default 20 %)
//! ```
//!
//! Aggregates are exact; they are rounded once, half-even to 4 decimals
//! ([`POINTS_DECIMALS`]), when they become points. See docs/buying-team.md.

mod file;

pub use file::{parse_evaluators, parse_grades, write_bids};

use b2b_core::{Decimal, Percent, Rounding};
use b2b_tender::{CriterionKind, Tender};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// Decimals of the aggregated points written for `b2b-tender`.
pub const POINTS_DECIMALS: u32 = 4;

/// The rounding of aggregated points.
pub const POINTS_ROUNDING: Rounding = Rounding::HalfEven;

/// The largest influence weight an evaluators file may give. Weights are
/// relative (only their ratios matter), so a million to one is more than
/// any team needs, and the bound keeps weight × grade sums far inside the
/// decimal range. Weights built in code are not bounded; an aggregate that
/// overflows is an error ([`GradeError::Overflow`]), never a panic.
pub const MAX_INFLUENCE: u32 = 1_000_000;

/// The default moderation threshold: a mean deviation above a fifth of the
/// scale from the others' grades.
pub const DEFAULT_THRESHOLD_PERCENT: u32 = 20;

/// A member of the evaluation team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluator {
    /// The member's id, as in the grades file.
    pub id: String,
    /// The member's influence weight (positive; 1 when not given).
    pub influence: Decimal,
}

/// One evaluator's grade of one bid on one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// The line of the grades file it came from (0 when built in code).
    pub line: u64,
    /// Who graded.
    pub evaluator: String,
    /// The bid.
    pub bid: String,
    /// The `points` criterion.
    pub criterion: String,
    /// The grade, from 0 to the criterion's scale.
    pub grade: Decimal,
}

/// How the team's grades of a bid become its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Method {
    /// The arithmetic mean.
    Mean,
    /// The median (for an even count, the mean of the two middle grades).
    Median,
    /// The mean weighted by each evaluator's influence.
    InfluenceWeighted,
}

impl FromStr for Method {
    type Err = GradeError;

    fn from_str(text: &str) -> Result<Method, GradeError> {
        match text {
            "mean" => Ok(Method::Mean),
            "median" => Ok(Method::Median),
            "influence-weighted" => Ok(Method::InfluenceWeighted),
            _ => Err(GradeError::UnknownMethod {
                text: text.to_owned(),
            }),
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Mean => "mean",
            Method::Median => "median",
            Method::InfluenceWeighted => "influence-weighted",
        })
    }
}

/// What is wrong with grades, evaluators or a bids file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GradeError {
    /// A file's text is wrong at a line.
    #[error("{file} line {line}: {message}")]
    File {
        /// Which file (`grades`, `evaluators`, `bids`).
        file: &'static str,
        /// The 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A grade names a criterion the tender does not grade with points.
    #[error(
        "grades line {line}: {criterion:?} is not a points criterion of the tender (points criteria: {known})"
    )]
    NotPoints {
        /// The line.
        line: u64,
        /// The criterion.
        criterion: String,
        /// The tender's points criteria.
        known: String,
    },
    /// A grade outside the criterion's scale.
    #[error("grades line {line}: grade {grade} for {criterion} is outside 0 to {scale}")]
    OutOfScale {
        /// The line.
        line: u64,
        /// The criterion.
        criterion: String,
        /// The grade.
        grade: Decimal,
        /// The criterion's scale.
        scale: Decimal,
    },
    /// An evaluator not in the evaluators list.
    #[error("grades line {line}: evaluator {evaluator:?} is not in the evaluators list")]
    UnknownEvaluator {
        /// The line.
        line: u64,
        /// The evaluator.
        evaluator: String,
    },
    /// The same evaluator graded a bid on a criterion twice.
    #[error(
        "grades line {line}: {evaluator} graded bid {bid} on {criterion} already (line {first})"
    )]
    Duplicate {
        /// The line of the second grade.
        line: u64,
        /// The line of the first.
        first: u64,
        /// The evaluator.
        evaluator: String,
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
    },
    /// An evaluator graded some bids on a criterion but not this one: the
    /// team's points would compare bids graded by different people.
    #[error(
        "{evaluator} graded {criterion} for some bids but not for bid {bid}: every evaluator of a criterion grades every bid"
    )]
    Missing {
        /// The evaluator.
        evaluator: String,
        /// The criterion.
        criterion: String,
        /// The bid left out.
        bid: String,
    },
    /// A bid of the bids file has no team points for a points criterion.
    #[error("bids line {line}: bid {bid} has no grades for {criterion}")]
    Ungraded {
        /// The line.
        line: u64,
        /// The bid.
        bid: String,
        /// The criterion.
        criterion: String,
    },
    /// An aggregation method that does not exist.
    #[error("unknown method {text:?} (expected mean, median or influence-weighted)")]
    UnknownMethod {
        /// The text given.
        text: String,
    },
    /// No grades at all.
    #[error("the grades file has no grades")]
    Empty,
    /// An aggregate does not fit a decimal (28 significant digits): the
    /// weights or grades are too large.
    #[error("{what} for bid {bid} on {criterion} is beyond the decimal range")]
    Overflow {
        /// The criterion.
        criterion: String,
        /// The bid.
        bid: String,
        /// What overflowed, naming the evaluator and value where there is one.
        what: String,
    },
}

/// The team's points for one bid on one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BidPoints {
    /// The bid.
    pub bid: String,
    /// The criterion.
    pub criterion: String,
    /// How many evaluators graded it.
    pub grades: usize,
    /// The lowest and highest grade.
    pub min: Decimal,
    /// The highest grade.
    pub max: Decimal,
    /// The aggregate, exact (to 28 significant digits).
    pub exact: Decimal,
    /// The aggregate rounded to [`POINTS_DECIMALS`], the bid's points.
    pub points: Decimal,
}

/// An evaluator to discuss in moderation on a criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Deviation {
    /// The evaluator.
    pub evaluator: String,
    /// The criterion.
    pub criterion: String,
    /// The bids compared (graded by this evaluator and at least one other).
    pub bids: usize,
    /// The mean absolute difference from the team's median grade of each
    /// bid, in grade points.
    pub mean_deviation: Decimal,
    /// The same as a percentage of the criterion's scale, 2 decimals.
    pub percent_of_scale: Percent,
    /// Whether it exceeds the threshold.
    pub flagged: bool,
}

/// The team evaluation of a tender's points criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TeamResult {
    /// The aggregation method.
    pub method: Method,
    /// The moderation threshold, percent of the scale.
    pub threshold: Percent,
    /// The rounding of points.
    pub rounding: Rounding,
    /// Points per bid and criterion, by criterion then bid.
    pub points: Vec<BidPoints>,
    /// Every evaluator's deviation per criterion (flagged or not).
    pub deviations: Vec<Deviation>,
}

impl TeamResult {
    /// The points of `bid` on `criterion`.
    pub fn points_of(&self, bid: &str, criterion: &str) -> Option<Decimal> {
        self.points
            .iter()
            .find(|p| p.bid == bid && p.criterion == criterion)
            .map(|p| p.points)
    }

    /// The flagged deviations.
    pub fn flagged(&self) -> impl Iterator<Item = &Deviation> {
        self.deviations.iter().filter(|d| d.flagged)
    }
}

/// Aggregates the team's `grades` of `tender`'s points criteria.
/// `evaluators` gives influence weights; when empty, everyone who graded
/// weighs 1.
///
/// # Errors
///
/// A [`GradeError`] naming the line: a criterion that is not graded with
/// points, a grade outside the scale, an unknown evaluator, a duplicate, or
/// an evaluator who skipped a bid of a criterion they graded.
pub fn aggregate(
    tender: &Tender,
    grades: &[Grade],
    evaluators: &[Evaluator],
    method: Method,
    threshold: Percent,
) -> Result<TeamResult, GradeError> {
    if grades.is_empty() {
        return Err(GradeError::Empty);
    }
    let scales = points_scales(tender);
    let weights = weights(grades, evaluators)?;
    let table = check(grades, &scales)?;
    let mut points = Vec::new();
    let mut deviations = Vec::new();
    for (criterion, by_bid) in &table {
        let scale = scales
            .get(criterion.as_str())
            .copied()
            .unwrap_or(Decimal::ONE);
        for (bid, by_evaluator) in by_bid {
            let overflow = |what: String| GradeError::Overflow {
                criterion: criterion.clone(),
                bid: bid.clone(),
                what,
            };
            let exact = combine(by_evaluator, &weights, method).map_err(overflow)?;
            let values = by_evaluator.values();
            points.push(BidPoints {
                bid: bid.clone(),
                criterion: criterion.clone(),
                grades: by_evaluator.len(),
                min: values.clone().copied().min().unwrap_or_default(),
                max: values.copied().max().unwrap_or_default(),
                exact,
                points: POINTS_ROUNDING.round_dp(exact, POINTS_DECIMALS),
            });
        }
        deviations.extend(deviations_on(criterion, by_bid, scale, threshold)?);
    }
    Ok(TeamResult {
        method,
        threshold,
        rounding: POINTS_ROUNDING,
        points,
        deviations,
    })
}

/// The scale of each points criterion.
fn points_scales(tender: &Tender) -> BTreeMap<&str, Decimal> {
    tender
        .criteria
        .iter()
        .filter_map(|criterion| match criterion.kind {
            CriterionKind::Points { scale } => Some((criterion.id.as_str(), scale)),
            _ => None,
        })
        .collect()
}

fn weights(
    grades: &[Grade],
    evaluators: &[Evaluator],
) -> Result<BTreeMap<String, Decimal>, GradeError> {
    if evaluators.is_empty() {
        return Ok(grades
            .iter()
            .map(|g| (g.evaluator.clone(), Decimal::ONE))
            .collect());
    }
    let weights: BTreeMap<String, Decimal> = evaluators
        .iter()
        .map(|e| (e.id.clone(), e.influence))
        .collect();
    match grades.iter().find(|g| !weights.contains_key(&g.evaluator)) {
        Some(grade) => Err(GradeError::UnknownEvaluator {
            line: grade.line,
            evaluator: grade.evaluator.clone(),
        }),
        None => Ok(weights),
    }
}

/// criterion → bid → evaluator → grade.
type Table = BTreeMap<String, BTreeMap<String, BTreeMap<String, Decimal>>>;

/// Checks every grade and arranges them by criterion, bid and evaluator.
fn check(grades: &[Grade], scales: &BTreeMap<&str, Decimal>) -> Result<Table, GradeError> {
    let mut table = Table::new();
    let mut lines: BTreeMap<(&str, &str, &str), u64> = BTreeMap::new();
    for grade in grades {
        let Some(&scale) = scales.get(grade.criterion.as_str()) else {
            return Err(GradeError::NotPoints {
                line: grade.line,
                criterion: grade.criterion.clone(),
                known: scales.keys().copied().collect::<Vec<_>>().join(", "),
            });
        };
        if grade.grade < Decimal::ZERO || grade.grade > scale {
            return Err(GradeError::OutOfScale {
                line: grade.line,
                criterion: grade.criterion.clone(),
                grade: grade.grade,
                scale,
            });
        }
        let key = (
            grade.evaluator.as_str(),
            grade.bid.as_str(),
            grade.criterion.as_str(),
        );
        if let Some(&first) = lines.get(&key) {
            return Err(GradeError::Duplicate {
                line: grade.line,
                first,
                evaluator: grade.evaluator.clone(),
                bid: grade.bid.clone(),
                criterion: grade.criterion.clone(),
            });
        }
        lines.insert(key, grade.line);
        table
            .entry(grade.criterion.clone())
            .or_default()
            .entry(grade.bid.clone())
            .or_default()
            .insert(grade.evaluator.clone(), grade.grade);
    }
    for (criterion, by_bid) in &table {
        let evaluators: BTreeSet<&String> = by_bid.values().flat_map(|e| e.keys()).collect();
        for (bid, by_evaluator) in by_bid {
            if let Some(missing) = evaluators
                .iter()
                .find(|e| !by_evaluator.contains_key(e.as_str()))
            {
                return Err(GradeError::Missing {
                    evaluator: (*missing).clone(),
                    criterion: criterion.clone(),
                    bid: bid.clone(),
                });
            }
        }
    }
    Ok(table)
}

/// One bid's grades combined by `method`; `Err` says what overflowed.
fn combine(
    by_evaluator: &BTreeMap<String, Decimal>,
    weights: &BTreeMap<String, Decimal>,
    method: Method,
) -> Result<Decimal, String> {
    let grades: Vec<Decimal> = by_evaluator.values().copied().collect();
    match method {
        Method::Mean => mean(&grades).ok_or_else(|| "the mean of the grades".to_owned()),
        Method::Median => median(grades).ok_or_else(|| "the median of the grades".to_owned()),
        Method::InfluenceWeighted => {
            let (mut sum, mut total) = (Decimal::ZERO, Decimal::ZERO);
            for (evaluator, grade) in by_evaluator {
                let weight = weights.get(evaluator).copied().unwrap_or(Decimal::ONE);
                let weighted = weight.checked_mul(*grade).ok_or_else(|| {
                    format!("evaluator {evaluator}'s influence {weight} times grade {grade}")
                })?;
                sum = sum.checked_add(weighted).ok_or_else(|| {
                    format!("the sum of influence times grade (at evaluator {evaluator})")
                })?;
                total = total.checked_add(weight).ok_or_else(|| {
                    format!("the sum of the influences (at evaluator {evaluator})")
                })?;
            }
            if total.is_zero() {
                mean(&grades).ok_or_else(|| "the mean of the grades".to_owned())
            } else {
                sum.checked_div(total)
                    .ok_or_else(|| "the weighted sum divided by the sum of influences".to_owned())
            }
        }
    }
}

/// The mean, or `None` when the sum leaves the decimal range.
fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return Some(Decimal::ZERO);
    }
    values
        .iter()
        .try_fold(Decimal::ZERO, |sum, value| sum.checked_add(*value))?
        .checked_div(Decimal::from(values.len()))
}

/// The median, or `None` when the two middle values' sum leaves the
/// decimal range.
fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    values.sort();
    let n = values.len();
    match n {
        0 => Some(Decimal::ZERO),
        _ if n % 2 == 1 => values.get(n / 2).copied(),
        _ => {
            let (low, high) = (values.get(n / 2 - 1)?, values.get(n / 2)?);
            low.checked_add(*high)?.checked_div(Decimal::TWO)
        }
    }
}

/// Each evaluator's mean distance from the team's median grade, per bid.
/// The median (not the mean) is the reference so that one stray evaluator
/// does not drag the reference towards them and make the others look
/// stray too.
fn deviations_on(
    criterion: &str,
    by_bid: &BTreeMap<String, BTreeMap<String, Decimal>>,
    scale: Decimal,
    threshold: Percent,
) -> Result<Vec<Deviation>, GradeError> {
    let evaluators: BTreeSet<&String> = by_bid.values().flat_map(|e| e.keys()).collect();
    let mut deviations = Vec::new();
    for evaluator in evaluators {
        let overflow = |bid: &str, what: &str| GradeError::Overflow {
            criterion: criterion.to_owned(),
            bid: bid.to_owned(),
            what: format!("{what} of evaluator {evaluator}"),
        };
        let mut distances = Vec::new();
        for (bid, by_evaluator) in by_bid {
            let Some(own) = by_evaluator.get(evaluator.as_str()) else {
                continue;
            };
            if by_evaluator.len() > 1 {
                let distance = median(by_evaluator.values().copied().collect())
                    .and_then(|team| own.checked_sub(team))
                    .ok_or_else(|| overflow(bid, "the distance from the team's median"))?;
                distances.push(distance.abs());
            }
        }
        if distances.is_empty() {
            continue;
        }
        let all_bids = || overflow("(all)", "the mean deviation");
        let mean_deviation = mean(&distances).ok_or_else(all_bids)?;
        let share = if scale.is_zero() {
            Decimal::ZERO
        } else {
            mean_deviation.checked_div(scale).ok_or_else(all_bids)?
        };
        let percent = share
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or_else(all_bids)?;
        deviations.push(Deviation {
            evaluator: evaluator.clone(),
            criterion: criterion.to_owned(),
            bids: distances.len(),
            mean_deviation: POINTS_ROUNDING.round_dp(mean_deviation, POINTS_DECIMALS),
            percent_of_scale: Percent::new(POINTS_ROUNDING.round_dp(percent, 2)),
            flagged: share > threshold.as_fraction(),
        });
    }
    Ok(deviations)
}

#[cfg(test)]
mod tests;
