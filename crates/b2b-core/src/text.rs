//! Text as people's files hold it: any of the three line ends, a byte-order
//! mark, and inputs too long to repeat whole in a message.

use std::fmt;

/// The lines of `text`, each without its end. A line ends at `\n`, `\r\n`
/// or a lone `\r` (old Mac files), so every reader counts the same lines.
///
/// ```
/// use b2b_core::lines;
///
/// let all: Vec<&str> = lines("a\nb\r\nc\rd").collect();
/// assert_eq!(all, ["a", "b", "c", "d"]);
/// assert_eq!(lines("a\r\n").count(), 1);
/// ```
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            Some(end) => {
                let after = if current[end..].starts_with("\r\n") {
                    end + 2
                } else {
                    end + 1
                };
                rest = Some(&current[after..]).filter(|r| !r.is_empty());
                Some(&current[..end])
            }
            None => {
                rest = None;
                (!current.is_empty()).then_some(current)
            }
        }
    })
}

/// The number of line ends in `bytes`: `\n`, `\r\n` (once) and lone `\r`
/// (a `\r` at the very end counts: what follows is unknown).
pub fn count_line_ends(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// `text` without the UTF-8 byte-order mark some editors write first.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Bytes that are not UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not UTF-8 text: invalid byte at offset {offset} (line {line})")]
pub struct NotUtf8 {
    /// The offset of the first invalid byte, from 0, counting a byte-order
    /// mark.
    pub offset: usize,
    /// The line it is on, from 1.
    pub line: usize,
}

/// The text of `bytes`, without a leading UTF-8 byte-order mark.
///
/// # Errors
///
/// [`NotUtf8`] with the offset and line of the first byte that is not
/// UTF-8.
///
/// ```
/// use b2b_core::{decode, NotUtf8};
///
/// assert_eq!(decode(b"\xef\xbb\xbfnet 30"), Ok("net 30"));
/// assert_eq!(decode(b"a\nb\xff"), Err(NotUtf8 { offset: 3, line: 2 }));
/// ```
pub fn decode(bytes: &[u8]) -> Result<&str, NotUtf8> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(without_bom(text)),
        Err(error) => {
            let offset = error.valid_up_to();
            Err(NotUtf8 {
                offset,
                line: count_line_ends(&bytes[..offset]) + 1,
            })
        }
    }
}

/// Characters of an input shown in a message before it is cut.
pub const EXCERPT_CHARS: usize = 60;

/// An input as an error message quotes it: whole when short, otherwise its
/// first [`EXCERPT_CHARS`] characters, an ellipsis and its length, so a
/// 200 MB line is never repeated back. `{}` writes the text, `{:?}` quotes
/// it as `Debug` does.
///
/// ```
/// use b2b_core::excerpt;
///
/// assert_eq!(format!("{:?}", excerpt("1e5")), "\"1e5\"");
/// let long = "x".repeat(1000);
/// assert_eq!(
///     format!("{}", excerpt(&long)),
///     format!("{}… (1000 characters)", "x".repeat(60))
/// );
/// ```
pub fn excerpt(text: &str) -> Excerpt<'_> {
    Excerpt(text)
}

/// See [`excerpt`].
#[derive(Clone, Copy)]
pub struct Excerpt<'a>(&'a str);

impl Excerpt<'_> {
    /// The part shown, and the whole length in characters when cut.
    fn parts(&self) -> (&str, Option<usize>) {
        match self.0.char_indices().nth(EXCERPT_CHARS) {
            Some((cut, _)) => (&self.0[..cut], Some(self.0.chars().count())),
            None => (self.0, None),
        }
    }
}

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parts() {
            (shown, None) => f.write_str(shown),
            (shown, Some(length)) => write!(f, "{shown}… ({length} characters)"),
        }
    }
}

impl fmt::Debug for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parts() {
            (shown, None) => write!(f, "{shown:?}"),
            (shown, Some(length)) => {
                let quoted = format!("{shown:?}");
                let open = quoted.strip_suffix('"').unwrap_or(&quoted);
                write!(f, "{open}…\" ({length} characters)")
            }
        }
    }
}

/// `text` with control characters (C0, DEL, C1) written as `\u{1b}`, so a
/// name from a file cannot move a terminal's cursor or change its colours.
/// Tabs and line ends are escaped too: a table cell is one line.
///
/// ```
/// use b2b_core::printable;
///
/// assert_eq!(printable("Acme\u{1b}[31m AB"), "Acme\\u{1b}[31m AB");
/// assert_eq!(printable("Café"), "Café");
/// ```
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_ends_a_line() {
        let all: Vec<&str> = lines("2026-01-01 a\r2026-01-02 b\r\r2026-01-03").collect();
        assert_eq!(all, ["2026-01-01 a", "2026-01-02 b", "", "2026-01-03"]);
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("\n").collect::<Vec<_>>(), [""]);
        assert_eq!(count_line_ends(b"a\rb\r\nc\nd"), 3);
    }

    #[test]
    fn an_excerpt_cuts_at_a_character_and_says_how_long_the_input_was() {
        let text = "é".repeat(100);
        let shown = format!("{:?}", excerpt(&text));
        assert_eq!(
            shown,
            format!("\"{}…\" (100 characters)", "é".repeat(EXCERPT_CHARS))
        );
        assert_eq!(format!("{}", excerpt("short")), "short");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("a\u{7f}b\u{9b}c\td"), "a\\u{7f}b\\u{9b}c\\u{9}d");
    }
}
