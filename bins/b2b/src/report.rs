//! Printing one result of a terms or contract command as text or JSON.

use crate::cli::ReportFormat;
use crate::failure::Failure;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Prints `report` to standard output: as JSON (pretty-printed), or as the
/// text `table` renders. Without an explicit format, a terminal gets text
/// and a pipe or file gets JSON.
pub fn emit<T: Serialize>(
    report: &T,
    format: Option<ReportFormat>,
    table: impl FnOnce(&T) -> String,
) -> Result<(), Failure> {
    let format = format.unwrap_or_else(|| {
        if std::io::stdout().is_terminal() {
            ReportFormat::Table
        } else {
            ReportFormat::Json
        }
    });
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(report)
            .map_err(|e| Failure::Other(format!("cannot write JSON: {e}")))?,
        ReportFormat::Table => printable_lines(&table(report)),
    };
    print_line(text.trim_end())
}

/// `text` with every control character but the line ends it is made of
/// escaped (`\u{1b}`): names and notations from input must not drive the
/// terminal.
pub fn printable_lines(text: &str) -> String {
    text.split('\n')
        .map(b2b_core::printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes `text` and a newline to standard output. A reader that stops
/// early is not a failure; a full disk or any other write error is.
pub fn print_line(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .or_else(crate::failure::ignore_closed_pipe)
        .map_err(|e| Failure::io(Path::new("standard output"), "write", e))
}

/// The name a unit enum variant has in the JSON output (`"contract-end"`),
/// so tables use the same words as JSON.
pub fn json_name(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
