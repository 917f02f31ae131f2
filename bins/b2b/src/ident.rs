//! `b2b ident ...` (being built).

use crate::failure::Failure;
use clap::Subcommand;

/// `b2b ident ...`
#[derive(Debug, Subcommand)]
pub enum IdentCommand {}

/// Runs one `b2b ident` command.
pub fn run(command: IdentCommand) -> Result<(), Failure> {
    match command {}
}
