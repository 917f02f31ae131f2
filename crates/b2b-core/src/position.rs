//! Positions in text files, for error messages people can act on.

/// The 1-based line and column of byte `offset` in `text`.
///
/// Columns count characters, not bytes, so they match what an editor shows;
/// an offset past the end or inside a character is moved back onto it.
///
/// ```
/// use b2b_core::line_column;
///
/// let text = "id = \"C-1\"\nstart = \"2026-13-01\"\n";
/// assert_eq!(line_column(text, text.find("2026").unwrap_or(0)), (2, 10));
/// ```
pub fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) as u64 + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn counts_lines_and_characters() {
        assert_eq!(line_column("", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        // "é" is two bytes; offset 3 is inside nothing, column counts chars.
        assert_eq!(line_column("xé\ny", 3), (1, 3));
        assert_eq!(line_column("xé\ny", 2), (1, 2));
        assert_eq!(line_column("abc", 99), (1, 4));
    }
}
