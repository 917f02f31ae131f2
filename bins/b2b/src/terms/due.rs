//! `b2b terms due` (being built).

use crate::failure::Failure;
use clap::Args;

/// Arguments of `b2b terms due`.
#[derive(Debug, Args)]
pub struct DueArgs {}

/// Runs `b2b terms due`.
pub fn run(_args: &DueArgs) -> Result<(), Failure> {
    Err(Failure::Other("b2b terms due is being built".to_owned()))
}
