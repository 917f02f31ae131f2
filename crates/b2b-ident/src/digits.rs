//! Check-digit arithmetic shared by several countries' identifiers.
//!
//! Every function takes ASCII digits only; callers check the format first,
//! so a non-digit here counts as 0 rather than panicking.

/// The value of one ASCII digit (0 for anything else).
pub(crate) fn value(digit: u8) -> u32 {
    if digit.is_ascii_digit() {
        u32::from(digit - b'0')
    } else {
        0
    }
}

/// True when `text` is non-empty and all ASCII digits.
pub(crate) fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `text[start..end]` clamped to the text, like a Python slice (the text
/// is ASCII, so every index is a character boundary).
pub(crate) fn slice(text: &str, start: usize, end: usize) -> &str {
    let end = end.min(text.len());
    text.get(start.min(end)..end).unwrap_or("")
}

/// Σ weight × digit over `digits` (the shorter of the two decides).
pub(crate) fn weighted_sum(digits: &str, weights: &[u32]) -> u32 {
    digits.bytes().zip(weights).map(|(d, w)| value(d) * w).sum()
}

/// The value of `digits` modulo `modulus`, digit by digit (any length).
pub(crate) fn modulo(digits: &str, modulus: u32) -> u32 {
    digits
        .bytes()
        .fold(0, |rest, d| (rest * 10 + value(d)) % modulus)
}

/// The Luhn sum (ISO/IEC 7812-1) of `digits` modulo 10: every second digit
/// from the right, starting with the second, is doubled and its digits
/// added. A complete number with a Luhn check digit sums to 0.
pub(crate) fn luhn_sum(digits: &str) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = value(d);
            if i % 2 == 1 {
                let doubled = v * 2;
                doubled / 10 + doubled % 10
            } else {
                v
            }
        })
        .sum::<u32>()
        % 10
}

/// True when `digits` ends in a valid Luhn check digit.
pub(crate) fn luhn_valid(digits: &str) -> bool {
    luhn_sum(digits) == 0
}

/// The Luhn check digit to append to `digits`.
pub(crate) fn luhn_check_digit(digits: &str) -> u32 {
    let with_zero = format!("{digits}0");
    (10 - luhn_sum(&with_zero)) % 10
}

/// True when `digits` ends in a valid ISO 7064 MOD 11,10 check digit (the
/// hybrid system: running product modulo 11, sum modulo 10).
pub(crate) fn iso7064_mod_11_10_valid(digits: &str) -> bool {
    let product = digits.bytes().fold(10, |product, d| {
        let sum = (product + value(d)) % 10;
        let sum = if sum == 0 { 10 } else { sum };
        (sum * 2) % 11
    });
    // After the check digit the running sum must be 1, i.e. product 2.
    product == 2
}

/// True when the ISO 7064 MOD 97-10 value of `text` (letters A=10 … Z=35,
/// digits as themselves) is 1, as for IBANs and Dutch VAT numbers.
pub(crate) fn iso7064_mod_97_10_valid(text: &str) -> bool {
    let rest = text.bytes().fold(0u32, |rest, c| match c {
        b'0'..=b'9' => (rest * 10 + u32::from(c - b'0')) % 97,
        b'A'..=b'Z' => (rest * 100 + u32::from(c - b'A') + 10) % 97,
        _ => rest,
    });
    rest == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_matches_the_iso_7812_example() {
        // The worked example on the Luhn algorithm's Wikipedia page:
        // 7992739871 gets check digit 3.
        assert_eq!(luhn_check_digit("7992739871"), 3);
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
    }

    #[test]
    fn mod_11_10_accepts_a_german_vat_number() {
        // DE 136695976 from python-stdnum's de/vat.py docstring.
        assert!(iso7064_mod_11_10_valid("136695976"));
        assert!(!iso7064_mod_11_10_valid("136695978"));
    }

    #[test]
    fn mod_97_10_accepts_the_iban_example() {
        // ISO 13616 example IBAN GB82 WEST 1234 5698 7654 32, rearranged.
        assert!(iso7064_mod_97_10_valid("WEST12345698765432GB82"));
        assert!(!iso7064_mod_97_10_valid("WEST12345698765432GB83"));
    }

    #[test]
    fn modulo_handles_long_numbers() {
        assert_eq!(
            modulo("12345678901234567890", 97),
            (12345678901234567890u128 % 97) as u32
        );
    }
}
