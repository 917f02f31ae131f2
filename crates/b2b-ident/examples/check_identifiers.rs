//! Business identifiers checked with their country's rules: which kind each
//! is, its normal form, and for an invalid one the rule it breaks.
//!
//! Run with `cargo run -p b2b-ident --example check_identifiers`.

use time::macros::date;

fn main() {
    // The library reads no clock: the day decides the century of a
    // 10-digit Swedish personal number.
    let today = date!(2026 - 12 - 03);
    for (input, country) in [
        ("SE 556043-6064 01", None),
        ("556043-6064", Some("SE")),
        ("DE 136 695 976", None),
        ("DE136695977", None),
        ("974 760 673", Some("NO")),
    ] {
        let id = b2b_ident::check(input, country, today);
        match (&id.normalized, &id.error) {
            (Some(normal), _) => println!("{input}: valid {:?} {normal}", id.kind),
            (None, Some(error)) => println!("{input}: invalid: {error}"),
            (None, None) => println!("{input}: invalid"),
        }
    }
}
