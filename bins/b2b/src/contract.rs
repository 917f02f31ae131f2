//! `b2b contract ...` (being built).

use crate::failure::Failure;
use clap::Subcommand;

/// `b2b contract ...`
#[derive(Debug, Subcommand)]
pub enum ContractCommand {}

/// Runs one `b2b contract` command.
pub fn run(command: ContractCommand) -> Result<(), Failure> {
    match command {}
}
