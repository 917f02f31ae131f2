//! The grades and evaluators files (CSV), and writing the team's points
//! into a tender's bids file.

use super::{Evaluator, Grade, GradeError, MAX_INFLUENCE, TeamResult};
use b2b_core::csv_file::{line as line_of, reader, without_bom};
use b2b_core::{Decimal, parse_decimal};

fn file_error(file: &'static str, line: u64, message: impl Into<String>) -> GradeError {
    GradeError::File {
        file,
        line,
        message: message.into(),
    }
}

/// The indices of `names` in the header of `reader`, which must have them.
fn columns<const N: usize>(
    reader: &mut csv::Reader<&[u8]>,
    file: &'static str,
    names: [&str; N],
) -> Result<[usize; N], GradeError> {
    let header = reader
        .headers()
        .map_err(|e| file_error(file, 1, e.to_string()))?
        .clone();
    let mut found = [0; N];
    for (slot, name) in found.iter_mut().zip(names) {
        *slot = header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                file_error(
                    file,
                    1,
                    format!(
                        "the header has no {name:?} column (needed: {})",
                        names.join(", ")
                    ),
                )
            })?;
    }
    Ok(found)
}

/// Reads grades from CSV with the columns `evaluator`, `bid`, `criterion`
/// and `grade` (any order and case; other columns, such as a comment, are
/// ignored).
///
/// ```
/// use b2b_buying::evaluation::parse_grades;
///
/// let grades = parse_grades("evaluator,bid,criterion,grade\nclara,B01,support,4\n")?;
/// assert_eq!((grades[0].line, grades[0].grade.to_string()), (2, "4".to_owned()));
/// # Ok::<(), b2b_buying::evaluation::GradeError>(())
/// ```
///
/// # Errors
///
/// [`GradeError::File`] naming the line: a missing column, an empty cell,
/// a grade that is not a decimal number.
pub fn parse_grades(text: &str) -> Result<Vec<Grade>, GradeError> {
    let text = without_bom(text);
    let mut reader = reader(text);
    let [evaluator, bid, criterion, grade] = columns(
        &mut reader,
        "grades",
        ["evaluator", "bid", "criterion", "grade"],
    )?;
    let mut grades = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| file_error("grades", line_of(text, e.position()), e.to_string()))?;
        let line = line_of(text, record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |index: usize, name: &str| -> Result<String, GradeError> {
            match record.get(index).unwrap_or("") {
                "" => Err(file_error("grades", line, format!("the {name} is empty"))),
                text => Ok(text.to_owned()),
            }
        };
        let value = cell(grade, "grade")?;
        grades.push(Grade {
            line,
            evaluator: cell(evaluator, "evaluator")?,
            bid: cell(bid, "bid")?,
            criterion: cell(criterion, "criterion")?,
            grade: parse_decimal(&value)
                .map_err(|e| file_error("grades", line, format!("grade: {e}")))?,
        });
    }
    Ok(grades)
}

/// Reads evaluators from CSV with the columns `evaluator` and `influence`
/// (a positive weight).
///
/// # Errors
///
/// [`GradeError::File`] naming the line: a missing column, a duplicate
/// evaluator, an influence that is not a positive number.
pub fn parse_evaluators(text: &str) -> Result<Vec<Evaluator>, GradeError> {
    let text = without_bom(text);
    let mut reader = reader(text);
    let [id, influence] = columns(&mut reader, "evaluators", ["evaluator", "influence"])?;
    let mut evaluators: Vec<Evaluator> = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|e| file_error("evaluators", line_of(text, e.position()), e.to_string()))?;
        let line = line_of(text, record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let name = record.get(id).unwrap_or("").to_owned();
        if name.is_empty() {
            return Err(file_error("evaluators", line, "the evaluator is empty"));
        }
        if evaluators.iter().any(|e| e.id == name) {
            return Err(file_error(
                "evaluators",
                line,
                format!("{name} is listed twice"),
            ));
        }
        let weight = parse_decimal(record.get(influence).unwrap_or(""))
            .map_err(|e| file_error("evaluators", line, format!("influence: {e}")))?;
        if weight <= Decimal::ZERO {
            return Err(file_error(
                "evaluators",
                line,
                format!("influence: {weight} is not above 0"),
            ));
        }
        if weight > Decimal::from(MAX_INFLUENCE) {
            return Err(file_error(
                "evaluators",
                line,
                format!(
                    "influence: {weight} of {name} is above {MAX_INFLUENCE}, the largest weight (weights are relative: scale them down)"
                ),
            ));
        }
        evaluators.push(Evaluator {
            id: name,
            influence: weight,
        });
    }
    Ok(evaluators)
}

/// The bids file (`bids_csv`, as `b2b tender` reads it) with each points
/// criterion's column set to the team's points; other columns unchanged.
///
/// # Errors
///
/// [`GradeError::File`] for a bids file without a `bid` column or a points
/// criterion's column, [`GradeError::Ungraded`] for a bid the team did not
/// grade on a criterion.
pub fn write_bids(bids_csv: &str, result: &TeamResult) -> Result<String, GradeError> {
    let text = without_bom(bids_csv);
    let mut reader = reader(text);
    let header = reader
        .headers()
        .map_err(|e| file_error("bids", 1, e.to_string()))?
        .clone();
    let bid_column = header
        .iter()
        .position(|h| h == "bid")
        .ok_or_else(|| file_error("bids", 1, "the header has no \"bid\" column"))?;
    let criteria: Vec<&str> = {
        let mut seen: Vec<&str> = result.points.iter().map(|p| p.criterion.as_str()).collect();
        seen.dedup();
        seen
    };
    let mut targets = Vec::with_capacity(criteria.len());
    for criterion in &criteria {
        let column = header.iter().position(|h| h == *criterion).ok_or_else(|| {
            file_error("bids", 1, format!("the header has no {criterion:?} column"))
        })?;
        targets.push((column, *criterion));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(&header)
        .map_err(|e| file_error("bids", 1, e.to_string()))?;
    for record in reader.records() {
        let record =
            record.map_err(|e| file_error("bids", line_of(text, e.position()), e.to_string()))?;
        let line = line_of(text, record.position());
        let bid = record.get(bid_column).unwrap_or("");
        let mut row: Vec<String> = record.iter().map(str::to_owned).collect();
        for (column, criterion) in &targets {
            let points = result
                .points_of(bid, criterion)
                .ok_or_else(|| GradeError::Ungraded {
                    line,
                    bid: bid.to_owned(),
                    criterion: (*criterion).to_owned(),
                })?;
            if let Some(cell) = row.get_mut(*column) {
                *cell = points.normalize().to_string();
            }
        }
        writer
            .write_record(&row)
            .map_err(|e| file_error("bids", line, e.to_string()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| file_error("bids", 0, e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| file_error("bids", 0, e.to_string()))
}
