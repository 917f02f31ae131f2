//! Parsers of argument values shared by the commands, so that every date or
//! amount on the command line is read, and refused, the same way.

use b2b_core::{Decimal, parse_decimal};
use time::Date;

/// A date: `YYYY-MM-DD`, and a day that exists.
pub fn date(text: &str) -> Result<Date, String> {
    b2b_core::parse_iso_date(text.trim()).map_err(|e| e.to_string())
}

/// An exact decimal number such as `1234.50`.
pub fn decimal(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map_err(|e| e.to_string())
}

/// A number of bytes: digits, optionally followed by K, M or G (powers of
/// 1024, case ignored, an optional trailing `B` or `iB`).
pub fn size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let upper = text.to_ascii_uppercase();
    let upper = upper
        .strip_suffix("IB")
        .or_else(|| upper.strip_suffix('B'))
        .unwrap_or(&upper);
    let (digits, shift) = match upper.char_indices().last() {
        Some((i, 'K')) => (&upper[..i], 10),
        Some((i, 'M')) => (&upper[..i], 20),
        Some((i, 'G')) => (&upper[..i], 30),
        _ => (upper, 0),
    };
    let invalid = || {
        format!(
            "{:?} is not a size in bytes such as 1048576, 512K, 64M or 2G",
            b2b_core::excerpt(text)
        )
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes() {
        assert_eq!(super::size("1048576"), Ok(1 << 20));
        assert_eq!(super::size("512k"), Ok(512 << 10));
        assert_eq!(super::size("64MiB"), Ok(64 << 20));
        assert_eq!(super::size("2G"), Ok(2 << 30));
        assert!(super::size("1.5G").is_err());
        assert!(super::size("G").is_err());
        assert!(super::size("99999999999999999999G").is_err());
    }
}
