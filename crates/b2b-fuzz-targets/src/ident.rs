//! Business identifiers.

use b2b_ident::{check, no, se, vat};
use time::Date;
use time::macros::date;

/// The day that decides the century of 10-digit Swedish personal numbers;
/// fixed, so that a replayed input gives the same answer on any day.
const TODAY: Date = date!(2026 - 11 - 27);

/// An identifier. With a tab in the text, what stands before the first tab
/// is the country (`--country`) and what follows is the identifier;
/// without, the whole text is the identifier and no country is given.
///
/// Checked with [`check`], [`vat::validate`], [`se::validate`] and
/// [`no::validate_orgnr`]. Invariant: a normalised form is valid again and
/// normalises to itself (checked with the same country).
pub fn identifiers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (country, id) = match text.split_once('\t') {
        Some((country, id)) => (Some(country), id),
        None => (None, text),
    };
    let found = check(id, country, TODAY);
    assert_eq!(
        found.valid,
        found.error.is_none(),
        "valid exactly without error"
    );
    if let Some(normalized) = &found.normalized {
        let again = check(normalized, country, TODAY);
        assert!(
            again.valid,
            "{id:?} normalised to {normalized:?}, invalid: {again:?}"
        );
        assert_eq!(again.normalized.as_ref(), Some(normalized), "{id:?}");
        assert_eq!(again.kind, found.kind, "{id:?} and {normalized:?}");
    }
    if let Ok(number) = vat::validate(id) {
        let normalized = number.normalized();
        match vat::validate(&normalized) {
            Ok(again) => assert_eq!(again.normalized(), normalized, "{id:?}"),
            Err(error) => panic!("VAT {id:?} normalised to {normalized:?}, invalid: {error:?}"),
        }
    }
    if let Ok(number) = se::validate(id, TODAY) {
        assert_eq!(number.digits.len(), 10, "{id:?}: ten digits");
        let again = se::validate(&number.normalized, TODAY);
        assert_eq!(again.as_ref().ok(), Some(&number), "{id:?}");
        let _ = vat::validate(&number.vat_number());
    }
    if let Ok(number) = no::validate_orgnr(id) {
        assert_eq!(no::validate_orgnr(&number).as_ref(), Ok(&number), "{id:?}");
    }
}
