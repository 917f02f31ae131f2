//! `b2b classify` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {}

/// Runs `b2b classify`.
pub fn run(_args: &ClassifyArgs) -> Result<(), Failure> {
    Err(Failure::Other("b2b classify is being built".to_owned()))
}
