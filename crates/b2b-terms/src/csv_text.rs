//! Reading the small CSV files people export from spreadsheets.

/// `text` without the byte-order mark spreadsheets often write first.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A CSV reader over `text` (already without its BOM) with a header row
/// and cells trimmed.
pub(crate) fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// The 1-based line where a record of `text` starts (see
/// [`b2b_core::record_line`]).
pub(crate) fn line_of(text: &str, position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| b2b_core::record_line(text, p.byte()))
}
