//! Invariants: no input panics, valid numbers survive re-formatting, and a
//! single changed digit breaks the check digit of the families that catch
//! every single-digit error (Luhn, the weighted mod 11 and mod 10 sums
//! with weights prime to the modulus, ISO 7064 MOD 11,10, mod 89, mod 37).

use b2b_ident::{check, no, se, vat};
use proptest::prelude::*;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 27);

/// The valid inputs of a data file.
fn valid(name: &str) -> Vec<String> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .expect("data file")
        .lines()
        .filter_map(|l| l.strip_prefix("valid\t"))
        .map(str::to_owned)
        .collect()
}

/// Normalised valid VAT numbers of the countries whose check catches
/// every single-digit change.
fn single_error_detecting() -> Vec<String> {
    const FAMILIES: [&str; 12] = [
        "AT", "DE", "DK", "EE", "FI", "HR", "HU", "IT", "LU", "MT", "PL", "SE",
    ];
    valid("stdnum_vat.tsv")
        .iter()
        .filter_map(|input| vat::validate(input).ok())
        .filter(|v| FAMILIES.contains(&v.prefix.as_str()))
        .map(|v| v.normalized())
        .collect()
}

/// `number` with its `which`-th digit (counting digits only) moved by
/// `delta` (1–9), so it differs.
fn change_digit(number: &str, which: usize, delta: u8) -> String {
    let positions: Vec<usize> = number
        .bytes()
        .enumerate()
        .filter(|(_, b)| b.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let at = positions[which % positions.len()];
    let mut bytes = number.as_bytes().to_vec();
    bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
    String::from_utf8(bytes).expect("ASCII")
}

/// `text` with separators inserted and letters in random case.
fn reformat(text: &str, seps: &[(u8, bool)]) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        let (sep, lower) = seps.get(i).copied().unwrap_or((0, false));
        out.push(if lower { c.to_ascii_lowercase() } else { c });
        match sep % 6 {
            1 => out.push(' '),
            2 => out.push('-'),
            3 => out.push('.'),
            _ => {}
        }
    }
    out
}

proptest! {
    #[test]
    fn arbitrary_input_never_panics(input in any::<String>(), country in proptest::option::of("[a-zA-Z]{0,3}")) {
        let _ = vat::validate(&input);
        let _ = se::validate(&input, TODAY);
        let _ = no::validate_orgnr(&input);
        let id = check(&input, country.as_deref(), TODAY);
        prop_assert_eq!(id.valid, id.error.is_none());
    }

    #[test]
    fn number_like_input_never_panics(input in "[A-Za-z]{0,2}[0-9A-Z (),.:/+-]{0,16}") {
        let id = check(&input, None, TODAY);
        prop_assert_eq!(id.valid, id.normalized.is_some());
        let _ = check(&input, Some("SE"), TODAY);
        let _ = check(&input, Some("NO"), TODAY);
        let _ = check(&input, Some("GB"), TODAY);
    }

    #[test]
    fn valid_vat_numbers_round_trip(
        input in proptest::sample::select(valid("stdnum_vat.tsv")),
        seps in proptest::collection::vec((0u8..12, any::<bool>()), 20),
    ) {
        let first = vat::validate(&input).expect("valid in the data");
        let again = vat::validate(&first.normalized()).expect("normalised stays valid");
        prop_assert_eq!(&again, &first);
        let reformatted = reformat(&first.normalized(), &seps);
        let third = vat::validate(&reformatted);
        prop_assert_eq!(third.as_ref(), Ok(&first), "{}", reformatted);
    }

    #[test]
    fn one_changed_digit_breaks_a_vat_number(
        number in proptest::sample::select(single_error_detecting()),
        which in any::<usize>(),
        delta in 1u8..10,
    ) {
        let changed = change_digit(&number, which, delta);
        prop_assert!(vat::validate(&changed).is_err(), "{} -> {}", number, changed);
    }

    #[test]
    fn one_changed_digit_breaks_a_swedish_number(
        number in proptest::sample::select(valid("stdnum_se_personnummer.tsv")),
        which in any::<usize>(),
        delta in 1u8..10,
    ) {
        let changed = change_digit(&number, which, delta);
        prop_assert!(se::validate(&changed, TODAY).is_err(), "{} -> {}", number, changed);
    }

    #[test]
    fn one_changed_digit_breaks_a_norwegian_orgnr(
        number in proptest::sample::select(valid("stdnum_no_mva.tsv")),
        which in any::<usize>(),
        delta in 1u8..10,
    ) {
        let changed = change_digit(&number, which, delta);
        prop_assert!(vat::validate(&changed).is_err(), "{} -> {}", number, changed);
        let orgnr = changed.trim_start_matches("NO").trim_end_matches("MVA");
        prop_assert!(no::validate_orgnr(orgnr).is_err());
    }

    #[test]
    fn swedish_numbers_round_trip(number in proptest::sample::select(valid("stdnum_se_personnummer.tsv"))) {
        let first = se::validate(&number, TODAY).expect("valid in the data");
        let again = se::validate(&first.normalized, TODAY).expect("normalised stays valid");
        prop_assert_eq!(again, first);
    }
}
