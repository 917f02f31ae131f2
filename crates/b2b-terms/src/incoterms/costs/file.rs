//! Reading cost lines from CSV or TOML.

use b2b_core::{Currency, Money, parse_decimal};
use serde::Deserialize;

use super::{CostCategory, CostLine};
use crate::incoterms::IncotermError;

/// Reads cost lines from CSV text.
///
/// The first row is a header naming the columns, in any order:
/// `category`, `amount` and `currency` are required; `description` and
/// `in_carriage_contract` (`true`/`false`, `yes`/`no`, or empty for false)
/// are optional. A line's number in errors and output is its line in the
/// file (the header is line 1). Blank lines are skipped; a leading UTF-8
/// byte-order mark is ignored.
///
/// ```
/// use b2b_terms::incoterms::costs::parse_csv;
///
/// let lines = parse_csv("category,description,amount,currency\nmain-carriage,Ocean freight,2450.00,EUR\n")?;
/// assert_eq!(lines[0].line, 2);
/// assert_eq!(lines[0].amount.to_string(), "2450.00 EUR");
/// # Ok::<(), b2b_terms::incoterms::IncotermError>(())
/// ```
///
/// # Errors
///
/// [`IncotermError::BadFile`] for a missing column or malformed CSV,
/// [`IncotermError::UnknownCategory`] and [`IncotermError::BadLine`] naming
/// the line.
pub fn parse_csv(text: &str) -> Result<Vec<CostLine>, IncotermError> {
    let text = b2b_core::csv_file::without_bom(text);
    let mut reader = b2b_core::csv_file::reader(text);
    let header = reader
        .headers()
        .map_err(|e| IncotermError::BadFile(e.to_string()))?
        .clone();
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            IncotermError::BadFile(format!(
                "the header has no {name:?} column (required: category, amount, currency; optional: description, in_carriage_contract)"
            ))
        })
    };
    let (category, amount, currency) = (
        required("category")?,
        required("amount")?,
        required("currency")?,
    );
    let (description, flag) = (column("description"), column("in_carriage_contract"));
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| IncotermError::BadFile(e.to_string()))?;
        let line = usize::try_from(b2b_core::csv_file::line(text, record.position()))
            .unwrap_or(usize::MAX);
        let cell = |index: Option<usize>| index.and_then(|i| record.get(i)).unwrap_or("");
        if record.iter().all(str::is_empty) {
            continue;
        }
        lines.push(CostLine {
            line,
            category: CostCategory::parse(cell(Some(category)), line)?,
            description: cell(description).to_owned(),
            amount: money(cell(Some(amount)), cell(Some(currency)), line)?,
            in_carriage_contract: flag_value(cell(flag), line)?,
        });
    }
    Ok(lines)
}

/// The shape of a TOML cost-lines file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    line: Vec<TomlLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlLine {
    category: String,
    #[serde(default)]
    description: String,
    amount: toml::Value,
    currency: String,
    #[serde(default)]
    in_carriage_contract: bool,
}

/// Reads cost lines from TOML text: an array of `[[line]]` tables with
/// `category`, `amount` (a string such as `"2450.00"`, or an integer),
/// `currency`, and optionally `description` and `in_carriage_contract`.
/// Lines are numbered 1, 2, ... in file order.
///
/// # Errors
///
/// [`IncotermError::BadFile`] for TOML that does not have this shape,
/// [`IncotermError::UnknownCategory`] and [`IncotermError::BadLine`] naming
/// the line.
pub fn parse_toml(text: &str) -> Result<Vec<CostLine>, IncotermError> {
    let file: TomlFile =
        b2b_core::exact_toml::from_str(text).map_err(|e| IncotermError::BadFile(e.to_string()))?;
    file.line
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            let line = index + 1;
            let amount = match &raw.amount {
                toml::Value::String(text) => text.clone(),
                toml::Value::Integer(n) => n.to_string(),
                other => {
                    return Err(IncotermError::BadLine {
                        line,
                        message: format!(
                            "amount {other} must be a number or a string such as \"2450.00\""
                        ),
                    });
                }
            };
            Ok(CostLine {
                line,
                category: CostCategory::parse(&raw.category, line)?,
                description: raw.description,
                amount: money(&amount, &raw.currency, line)?,
                in_carriage_contract: raw.in_carriage_contract,
            })
        })
        .collect()
}

fn money(amount: &str, currency: &str, line: usize) -> Result<Money, IncotermError> {
    let bad = |message: String| IncotermError::BadLine { line, message };
    let amount = parse_decimal(amount).map_err(|e| bad(format!("amount: {e}")))?;
    let currency: Currency = currency
        .parse()
        .map_err(|e| bad(format!("currency: {e}")))?;
    Ok(Money::new(amount, currency))
}

fn flag_value(text: &str, line: usize) -> Result<bool, IncotermError> {
    match text.to_ascii_lowercase().as_str() {
        "" | "false" | "no" => Ok(false),
        "true" | "yes" => Ok(true),
        _ => Err(IncotermError::BadLine {
            line,
            message: format!(
                "in_carriage_contract is {:?}, expected true or false",
                b2b_core::excerpt(text)
            ),
        }),
    }
}
