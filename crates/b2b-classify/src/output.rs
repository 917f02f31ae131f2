//! Classifications written as JSON, one at a time: the report of
//! `b2b classify --format json` and of the HTTP API's classify route.
//!
//! One sale gives its [`Classification`] (pretty-printed); an array of
//! sales a JSON array, and JSON lines one line, per sale, each
//! `{"id"|"index", "views"}` (the id when the sale has one, else its
//! index from 0). Results are written as they come, so a stream of sales
//! is never held in memory.

use crate::input::Layout;
use crate::{Classification, Views};
use serde::Serialize;
use std::io::{self, Write};

/// One result among many: its id, or its index when it has none.
#[derive(Serialize)]
struct Numbered<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
    views: &'a Views,
}

/// Writes results in the layout the sales came in, to a writer the
/// caller passes.
#[derive(Debug, Default)]
pub struct JsonWriter {
    written: usize,
}

impl JsonWriter {
    /// A writer that has written nothing yet.
    #[must_use]
    pub fn new() -> JsonWriter {
        JsonWriter::default()
    }

    /// How many results were written.
    #[must_use]
    pub fn written(&self) -> usize {
        self.written
    }

    /// Writes the result of sale `index` (from 0), laid out as `layout`.
    ///
    /// # Errors
    ///
    /// What `out` returns.
    pub fn write(
        &mut self,
        out: &mut impl Write,
        layout: Layout,
        index: usize,
        result: &Classification,
    ) -> io::Result<()> {
        match layout {
            Layout::Single => {
                serde_json::to_writer_pretty(&mut *out, result)?;
                writeln!(out)?;
            }
            Layout::Array | Layout::Lines => {
                let numbered = Numbered {
                    id: result.id.as_deref(),
                    index: result.id.is_none().then_some(index),
                    views: &result.views,
                };
                let separator = match (layout, self.written) {
                    (Layout::Array, 0) => "[\n",
                    (Layout::Array, _) => ",\n",
                    _ => "",
                };
                out.write_all(separator.as_bytes())?;
                serde_json::to_writer(&mut *out, &numbered)?;
                if layout == Layout::Lines {
                    writeln!(out)?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Closes a JSON array (`[]` when it had no sale); nothing for the
    /// other layouts.
    ///
    /// # Errors
    ///
    /// What `out` returns.
    pub fn finish(&self, out: &mut impl Write, layout: Layout) -> io::Result<()> {
        if layout == Layout::Array {
            let end = if self.written == 0 { "[]\n" } else { "\n]\n" };
            out.write_all(end.as_bytes())?;
        }
        Ok(())
    }
}
