//! `b2b-server`: the HTTP JSON API over the b2b crates.

fn main() {}
