//! `b2b terms ...`: contract terms computed from command-line arguments.

pub mod due;
pub mod incoterm;
pub mod interest;
pub mod penalty;

use crate::failure::Failure;
use clap::Subcommand;

/// `b2b terms ...`
#[derive(Debug, Subcommand)]
pub enum TermsCommand {
    /// Due date, discount deadline and amount payable under payment terms.
    Due(due::DueArgs),
    /// Statutory late-payment interest and recovery compensation.
    Interest(interest::InterestArgs),
    /// An Incoterms 2020 rule: who delivers where, who bears risk and cost.
    Incoterm(incoterm::IncotermArgs),
    /// Late-delivery penalty from a rate per period, a cap and a threshold.
    Penalty(penalty::PenaltyArgs),
}

/// Runs one `b2b terms` command.
pub fn run(command: TermsCommand) -> Result<(), Failure> {
    match command {
        TermsCommand::Due(args) => due::run(&args),
        TermsCommand::Interest(args) => interest::run(&args),
        TermsCommand::Incoterm(args) => incoterm::run(&args),
        TermsCommand::Penalty(args) => penalty::run(&args),
    }
}
