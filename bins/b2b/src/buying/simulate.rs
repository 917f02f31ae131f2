//! `b2b buying simulate` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b buying simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {}

/// Runs `b2b buying simulate`.
pub fn run(_args: &SimulateArgs) -> Result<(), Failure> {
    Err(Failure::Other(
        "b2b buying simulate is being built".to_owned(),
    ))
}
