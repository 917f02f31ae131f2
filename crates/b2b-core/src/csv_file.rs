//! Reading the small CSV files people export from spreadsheets (grades,
//! cost lines, service history): a header row, trimmed cells, no
//! byte-order mark, and real line numbers for messages.
//!
//! ```
//! use b2b_core::csv_file;
//!
//! let text = csv_file::without_bom("\u{feff}a,b\n1,2\n\n3,4\n");
//! let lines: Vec<u64> = csv_file::reader(text)
//!     .records()
//!     .map(|record| csv_file::line(text, record.ok().as_ref().and_then(|r| r.position())))
//!     .collect();
//! assert_eq!(lines, [2, 4]);
//! ```

pub use crate::text::without_bom;

/// A CSV reader over `text` (already without its BOM) with a header row
/// and cells trimmed.
pub fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// The 1-based line where a record of `text` starts (see
/// [`crate::record_line`]); 0 when the position is unknown.
pub fn line(text: &str, position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| crate::record_line(text, p.byte()))
}
