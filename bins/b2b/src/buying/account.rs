//! `b2b buying account` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b buying account`.
#[derive(Debug, Args)]
pub struct AccountArgs {}

/// Runs `b2b buying account`.
pub fn run(_args: &AccountArgs) -> Result<(), Failure> {
    Err(Failure::Other(
        "b2b buying account is being built".to_owned(),
    ))
}
