//! Reading tender files (TOML or JSON) and bids files (CSV or JSON).
//!
//! The raw file structures live here, at the edge; what leaves this module
//! is a validated [`Tender`] and [`Bids`] checked against it. Every error
//! names the file, and where the format allows it the line and column.
//!
//! Numbers in a tender file may be written as TOML/JSON numbers or as
//! strings (`"0.20"`). Strings and JSON numbers are converted exactly; a TOML
//! float is converted through its shortest decimal text (`0.1` stays `0.1`),
//! so write a string when a value needs more digits than an `f64` keeps.

mod bids_file;
mod builder;
mod tender_file;

pub use builder::{Bid, BidsBuilder};

use crate::bids::Bids;
use crate::tender::Tender;
use std::fmt;
use std::path::Path;

/// The syntax of a tender file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TenderFormat {
    /// TOML.
    Toml,
    /// JSON, same schema as TOML.
    Json,
}

impl TenderFormat {
    /// The format a file name's extension stands for: `.toml` or `.json`
    /// (any case); `None` for anything else.
    pub fn from_path(path: &Path) -> Option<TenderFormat> {
        let extension = path.extension()?.to_str()?;
        if extension.eq_ignore_ascii_case("toml") {
            Some(TenderFormat::Toml)
        } else if extension.eq_ignore_ascii_case("json") {
            Some(TenderFormat::Json)
        } else {
            None
        }
    }
}

/// The syntax of a bids file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BidsFormat {
    /// CSV with a header row.
    Csv,
    /// JSON: an array of objects, or `{ "bids": [...] }`.
    Json,
}

impl BidsFormat {
    /// The format a file name's extension stands for: `.csv` or `.json`
    /// (any case); `None` for anything else.
    pub fn from_path(path: &Path) -> Option<BidsFormat> {
        let extension = path.extension()?.to_str()?;
        if extension.eq_ignore_ascii_case("csv") {
            Some(BidsFormat::Csv)
        } else if extension.eq_ignore_ascii_case("json") {
            Some(BidsFormat::Json)
        } else {
            None
        }
    }
}

/// Where in a file an error is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// Nowhere more precise than the file itself.
    File,
    /// A 1-based line (a CSV record).
    Line(u64),
    /// A 1-based line and column. TOML and JSON columns count characters
    /// on the line; CSV columns count fields.
    LineColumn {
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
    },
    /// One entry of a JSON bids array.
    JsonBid {
        /// 0-based index into the array.
        index: usize,
        /// The entry's bid id, when it has a usable one.
        id: Option<String>,
    },
}

impl fmt::Display for Location {
    /// The text that follows the file name: `:7:3`, `:7`, nothing, or
    /// `: bids[3] (bid "B4")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(line) => write!(f, ":{line}"),
            Location::LineColumn { line, column } => write!(f, ":{line}:{column}"),
            Location::JsonBid {
                index,
                id: Some(id),
            } => write!(f, ": bids[{index}] (bid {:?})", b2b_core::excerpt(id)),
            Location::JsonBid { index, id: None } => write!(f, ": bids[{index}]"),
        }
    }
}

/// A tender or bids file that cannot be used, and where.
///
/// The [`Display`](fmt::Display) text is one line that starts with the file
/// name and position, e.g.
/// `bids.csv:7:3: column "price": "389 500 kr" is not a decimal number`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The file is not well-formed TOML, JSON or CSV, or a tender value has
    /// the wrong type, or a tender field is unknown or missing.
    Syntax {
        /// The file, as the caller named it.
        file: String,
        /// Where.
        at: Location,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The tender file is well-formed but breaks a rule, e.g. a criterion
    /// without the weight its award model needs.
    Tender {
        /// The file, as the caller named it.
        file: String,
        /// Where, when known (TOML files); [`Location::File`] otherwise.
        at: Location,
        /// The entry at fault, e.g. `criteria[2] ("battery")` or `award`.
        path: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The bids file's columns (JSON: a bid's fields) do not match the
    /// tender: missing, unknown or duplicate, or there is no header row.
    Columns {
        /// The file, as the caller named it.
        file: String,
        /// Where.
        at: Location,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A bid's value is missing, unreadable or out of range, or its bid id
    /// repeats an earlier one.
    Value {
        /// The file, as the caller named it.
        file: String,
        /// The cell (CSV) or bid (JSON).
        at: Location,
        /// The column (JSON: field) name.
        column: String,
        /// What is wrong and what was expected.
        message: String,
    },
}

impl InputError {
    /// The file the error is in, as the caller named it.
    pub fn file(&self) -> &str {
        match self {
            InputError::Syntax { file, .. }
            | InputError::Tender { file, .. }
            | InputError::Columns { file, .. }
            | InputError::Value { file, .. } => file,
        }
    }

    /// Where in the file.
    pub fn location(&self) -> &Location {
        match self {
            InputError::Syntax { at, .. }
            | InputError::Tender { at, .. }
            | InputError::Columns { at, .. }
            | InputError::Value { at, .. } => at,
        }
    }

    /// What is wrong, without the file and position.
    pub fn message(&self) -> &str {
        match self {
            InputError::Syntax { message, .. }
            | InputError::Tender { message, .. }
            | InputError::Columns { message, .. }
            | InputError::Value { message, .. } => message,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Syntax { file, at, message }
            | InputError::Columns { file, at, message } => {
                write!(f, "{file}{at}: {message}")
            }
            InputError::Tender {
                file,
                at,
                path,
                message,
            } => write!(f, "{file}{at}: {path}: {message}"),
            InputError::Value {
                file,
                at,
                column,
                message,
            } => {
                let what = if matches!(at, Location::JsonBid { .. }) {
                    "field"
                } else {
                    "column"
                };
                write!(
                    f,
                    "{file}{at}: {what} {:?}: {message}",
                    b2b_core::excerpt(column)
                )
            }
        }
    }
}

/// Parses and validates a tender file; `source` names it in errors.
///
/// # Errors
///
/// The first problem in the file, with its line, column and field.
pub fn parse_tender(text: &str, format: TenderFormat, source: &str) -> Result<Tender, InputError> {
    tender_file::parse(text, format, source)
}

/// Parses a bids file and checks it against `tender`; `source` names it in errors.
///
/// # Errors
///
/// The first problem in the file (in file order), with its line or bid
/// index and its column.
pub fn parse_bids(
    data: &[u8],
    format: BidsFormat,
    source: &str,
    tender: &Tender,
) -> Result<Bids, InputError> {
    check_tender(tender)?;
    match format {
        BidsFormat::Csv => bids_file::parse_csv(data, source, tender),
        BidsFormat::Json => bids_file::parse_json(data, source, tender),
    }
}

/// Refuses a tender built in code that breaks a rule of
/// [`Tender::validate`], before bids are read against it.
fn check_tender(tender: &Tender) -> Result<(), InputError> {
    tender.validate().map_err(|error| InputError::Tender {
        file: format!("tender {:?}", tender.id),
        at: Location::File,
        path: error.field,
        message: error.problem,
    })
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> Location {
    let (line, column) = b2b_core::line_column(text, offset);
    Location::LineColumn { line, column }
}

/// The known name closest to `name` within edit distance 2, if any.
fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|&(distance, _)| distance <= 2)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance in characters, ignoring ASCII case differences.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        assert_eq!(
            TenderFormat::from_path(Path::new("a/tender.toml")),
            Some(TenderFormat::Toml)
        );
        assert_eq!(
            TenderFormat::from_path(Path::new("T.JSON")),
            Some(TenderFormat::Json)
        );
        assert_eq!(TenderFormat::from_path(Path::new("tender.csv")), None);
        assert_eq!(TenderFormat::from_path(Path::new("tender")), None);
        assert_eq!(
            BidsFormat::from_path(Path::new("bids.csv")),
            Some(BidsFormat::Csv)
        );
        assert_eq!(
            BidsFormat::from_path(Path::new("bids.Json")),
            Some(BidsFormat::Json)
        );
        assert_eq!(BidsFormat::from_path(Path::new("bids.toml")), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\ncdé f\n";
        assert_eq!(
            line_column(text, 0),
            Location::LineColumn { line: 1, column: 1 }
        );
        assert_eq!(
            line_column(text, 3),
            Location::LineColumn { line: 2, column: 1 }
        );
        // 'f' is after the two-byte 'é'.
        assert_eq!(
            line_column(text, 8),
            Location::LineColumn { line: 2, column: 5 }
        );
        // Out of range and inside a character do not panic.
        let _ = line_column(text, 100);
        let _ = line_column(text, 6);
    }

    #[test]
    fn suggestions_within_two_edits() {
        let known = ["price", "supplier", "battery_hours"];
        assert_eq!(suggest("prise", known), Some("price"));
        assert_eq!(suggest("Price", known), Some("price"));
        assert_eq!(suggest("suplier", known), Some("supplier"));
        assert_eq!(suggest("colour", known), None);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn display_of_each_variant() {
        let value = InputError::Value {
            file: "bids.csv".into(),
            at: Location::LineColumn { line: 7, column: 3 },
            column: "price".into(),
            message: "\"389 500 kr\" is not a decimal number".into(),
        };
        assert_eq!(
            value.to_string(),
            "bids.csv:7:3: column \"price\": \"389 500 kr\" is not a decimal number"
        );
        let json = InputError::Value {
            file: "bids.json".into(),
            at: Location::JsonBid {
                index: 3,
                id: Some("B4".into()),
            },
            column: "price".into(),
            message: "missing value".into(),
        };
        assert_eq!(
            json.to_string(),
            "bids.json: bids[3] (bid \"B4\"): field \"price\": missing value"
        );
        let tender = InputError::Tender {
            file: "tender.json".into(),
            at: Location::File,
            path: "award".into(),
            message: "x".into(),
        };
        assert_eq!(tender.to_string(), "tender.json: award: x");
        assert_eq!(tender.file(), "tender.json");
        assert_eq!(tender.message(), "x");
        assert_eq!(tender.location(), &Location::File);
        let columns = InputError::Columns {
            file: "b.csv".into(),
            at: Location::Line(1),
            message: "m".into(),
        };
        assert_eq!(columns.to_string(), "b.csv:1: m");
    }
}
