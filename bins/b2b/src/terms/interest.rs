//! `b2b terms interest` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b terms interest`.
#[derive(Debug, Args)]
pub struct InterestArgs {}

/// Runs `b2b terms interest`.
pub fn run(_args: &InterestArgs) -> Result<(), Failure> {
    Err(Failure::Other("b2b terms interest is being built".to_owned()))
}
