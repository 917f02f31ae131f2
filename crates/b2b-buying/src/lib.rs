//! The buying center (being built).

pub mod account;
pub mod evaluation;
