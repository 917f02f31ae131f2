//! `b2b buying grades` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b buying grades`.
#[derive(Debug, Args)]
pub struct GradesArgs {}

/// Runs `b2b buying grades`.
pub fn run(_args: &GradesArgs) -> Result<(), Failure> {
    Err(Failure::Other(
        "b2b buying grades is being built".to_owned(),
    ))
}
