//! `b2b buying ...`: the buying center.

pub mod account;
pub mod grades;
pub mod simulate;

use crate::failure::Failure;
use clap::Subcommand;
use std::path::Path;

/// `b2b buying ...`
#[derive(Debug, Subcommand)]
pub enum BuyingCommand {
    /// Replay a scenario (center, policy, actions) in memory and show what
    /// each action did.
    Simulate(simulate::SimulateArgs),
    /// Aggregate a team's grades of the bids' points criteria.
    Grades(grades::GradesArgs),
    /// The seller's map of a customer's buying center and its gaps.
    AccountMap(account::AccountArgs),
}

/// Runs one `b2b buying` command against the database at `db`.
pub fn run(command: BuyingCommand, _db: &Path) -> Result<(), Failure> {
    match command {
        BuyingCommand::Simulate(args) => simulate::run(&args),
        BuyingCommand::Grades(args) => grades::run(&args),
        BuyingCommand::AccountMap(args) => account::run(&args),
    }
}
