//! Positions in text files, for error messages people can act on.

/// A place in a file for an error message: `line 3, column 9: `, or
/// nothing when the place is unknown.
///
/// ```
/// use b2b_core::At;
///
/// assert_eq!(format!("{}bad", At(Some((3, 9)))), "line 3, column 9: bad");
/// assert_eq!(format!("{}bad", At(None)), "bad");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At(pub Option<(u64, u64)>);

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some((line, column)) => write!(f, "line {line}, column {column}: "),
            None => Ok(()),
        }
    }
}

/// The 1-based line and column of byte `offset` in `text`.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`. Columns count characters,
/// not bytes, so they match what an editor shows;
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
    let line = crate::text::count_line_ends(before.as_bytes()) as u64 + 1;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) as u64 + 1;
    (line, column)
}

/// The 1-based line of a CSV record that starts at byte `offset` of `text`
/// by the csv crate's count, which starts a record after blank lines at the
/// first of them: the blank lines are skipped.
///
/// ```
/// use b2b_core::record_line;
///
/// assert_eq!(record_line("a,b\n1,2\n\n3,4\n", 8), 4);
/// ```
pub fn record_line(text: &str, offset: u64) -> u64 {
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    let blank = text.get(start..).map_or(0, |rest| {
        rest.len() - rest.trim_start_matches(['\r', '\n']).len()
    });
    line_column(text, start + blank).0
}

/// The line and column of the value at a dotted `path` (`renewal.notice`,
/// `bands[1].from`) in a TOML text: the deepest part of the path that is
/// written, so a missing field points at its table. `None` when the text is
/// not TOML or nothing of the path is written.
///
/// ```
/// use b2b_core::toml_position;
///
/// let text = "[term]\nstart = 2026-01-01\n\n[[tiers]]\nfrom = 0\n[[tiers]]\nfrom = -5\n";
/// assert_eq!(toml_position(text, "tiers[1].from"), Some((7, 8)));
/// assert_eq!(toml_position(text, "term.end"), Some((1, 1)));
/// ```
pub fn toml_position(text: &str, path: &str) -> Option<(u64, u64)> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut span = None;
    let mut table = root.get_ref();
    for step in path.split('.') {
        let (key, index) = match step.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (step, None),
        };
        let Some(mut value) = table.get(key) else {
            break;
        };
        if let Some(index) = index {
            match value
                .get_ref()
                .as_array()
                .and_then(|items| items.get(index))
            {
                Some(item) => value = item,
                None => {
                    span = Some(value.span());
                    break;
                }
            }
        }
        span = Some(value.span());
        match value.get_ref().as_table() {
            Some(inner) => table = inner,
            None => break,
        }
    }
    span.map(|span| line_column(text, span.start))
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
