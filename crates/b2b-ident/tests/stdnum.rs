//! python-stdnum's published valid and invalid examples (extracted into
//! tests/data/stdnum_*.tsv, see the header of each file for the source
//! commit) as an oracle for every validator.

use b2b_ident::InvalidId;
use b2b_ident::vat;
use b2b_ident::{Kind, check, no, se};
use time::macros::date;

/// python-stdnum decides the century of 10-digit personal numbers from
/// the run date; a fixed day keeps the tests reproducible.
const TODAY: time::Date = date!(2026 - 11 - 27);

/// The (expected, input) rows of a data file.
fn rows(name: &str) -> Vec<(String, String)> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("data file");
    let rows: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (expected, input) = l.split_once('\t').expect("expected<TAB>input");
            (expected.to_owned(), input.to_owned())
        })
        .collect();
    assert!(!rows.is_empty(), "{path} has rows");
    rows
}

/// The stdnum exception class a rule corresponds to.
fn class(rule: &InvalidId) -> &'static str {
    match rule {
        InvalidId::Empty
        | InvalidId::UnexpectedCharacter(_)
        | InvalidId::Format(_)
        | InvalidId::MissingPrefix => "format",
        InvalidId::UnknownPrefix(_) | InvalidId::Component(_) => "component",
        InvalidId::Length { .. } => "length",
        InvalidId::CheckDigit(_) => "checksum",
    }
}

/// Checks every row with `validate`; collects the disagreements so one run
/// shows them all.
fn check_all(name: &str, validate: impl Fn(&str) -> Result<(), InvalidId>) {
    let rows = rows(name);
    let disagreements: Vec<String> = rows
        .iter()
        .filter_map(|(expected, input)| {
            let got = match validate(input) {
                Ok(()) => "valid",
                Err(rule) => class(&rule),
            };
            let agrees = got == expected || (expected == "invalid" && got != "valid");
            (!agrees).then(|| format!("{input:?}: expected {expected}, got {got}"))
        })
        .collect();
    assert!(
        disagreements.is_empty(),
        "{name}: {} of {} rows disagree:\n{}",
        disagreements.len(),
        rows.len(),
        disagreements.join("\n")
    );
}

#[test]
fn vat_numbers_agree_with_stdnum() {
    check_all("stdnum_vat.tsv", |input| {
        vat::validate(input).map(|_| ()).map_err(|e| e.rule)
    });
}

#[test]
fn norwegian_vat_numbers_agree_with_stdnum() {
    check_all("stdnum_no_mva.tsv", |input| {
        vat::validate(input).map(|_| ()).map_err(|e| e.rule)
    });
}

#[test]
fn norwegian_orgnr_agree_with_stdnum() {
    check_all("stdnum_no_orgnr.tsv", |input| {
        no::validate_orgnr(input).map(|_| ())
    });
}

#[test]
fn swedish_orgnr_agree_with_stdnum() {
    check_all("stdnum_se_orgnr.tsv", |input| {
        se::validate_organisation(input, TODAY).map(|_| ())
    });
}

#[test]
fn swedish_personnummer_agree_with_stdnum() {
    check_all("stdnum_se_personnummer.tsv", |input| {
        se::validate_personal(input, TODAY).map(|n| assert_eq!(n.kind, se::Kind::Person))
    });
}

#[test]
fn every_valid_vat_number_is_valid_through_check_too() {
    for (expected, input) in rows("stdnum_vat.tsv") {
        let id = check(&input, None, TODAY);
        assert_eq!(id.valid, expected == "valid", "{input}: {id:?}");
        if id.valid {
            assert_eq!(id.kind, Some(Kind::Vat));
            assert!(id.error.is_none());
        } else {
            assert!(id.error.is_some());
            assert!(id.normalized.is_none());
        }
    }
}

#[test]
fn the_issue_examples() {
    // From the issue, after python-stdnum's tests/test_eu_vat.doctest.
    assert!(check("SE556043606401", None, TODAY).valid);
    assert!(check("SE 202 100-5000 01", None, TODAY).valid);
    let twice = check("SE SE 556043606401", None, TODAY);
    assert!(!twice.valid);
    assert_eq!(
        twice.error.as_deref(),
        Some("SE (Sweden): wrong format: expected 12 digits ending in 01")
    );
}
