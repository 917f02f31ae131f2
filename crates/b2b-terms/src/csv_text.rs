//! Reading the small CSV files people export from spreadsheets.

/// A CSV reader over `text` with a header row, cells trimmed, and the
/// byte-order mark that spreadsheets often write before the header skipped.
pub(crate) fn reader(text: &str) -> csv::Reader<&[u8]> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}
