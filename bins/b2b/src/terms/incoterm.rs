//! `b2b terms incoterm` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b terms incoterm`.
#[derive(Debug, Args)]
pub struct IncotermArgs {}

/// Runs `b2b terms incoterm`.
pub fn run(_args: &IncotermArgs) -> Result<(), Failure> {
    Err(Failure::Other("b2b terms incoterm is being built".to_owned()))
}
