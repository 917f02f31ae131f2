//! `b2b terms penalty` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b terms penalty`.
#[derive(Debug, Args)]
pub struct PenaltyArgs {}

/// Runs `b2b terms penalty`.
pub fn run(_args: &PenaltyArgs) -> Result<(), Failure> {
    Err(Failure::Other("b2b terms penalty is being built".to_owned()))
}
