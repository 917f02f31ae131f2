//! `b2b buying ...`: the buying center.

pub mod account;
pub mod grades;
pub mod persist;
pub mod simulate;

use crate::failure::Failure;
use clap::Subcommand;
use std::path::Path;

/// `b2b buying ...`
#[derive(Debug, Subcommand)]
pub enum BuyingCommand {
    /// Store or list buying centers (members, roles, approval policy).
    #[command(subcommand)]
    Center(persist::CenterCommand),
    /// Open a purchase request.
    Open(persist::OpenArgs),
    /// Act on a request: advance, approve, reject, veto, delegate, comment,
    /// cancel, close, check deadlines.
    Act(persist::ActArgs),
    /// A request with its history and who must act next.
    Show(persist::RequestArgs),
    /// The stored requests.
    List(persist::FormatArgs),
    /// Check a request's hash-chained history for altered or missing events.
    Verify(persist::VerifyArgs),
    /// Who acted when, time in each phase and waiting on each approver.
    Audit(persist::RequestArgs),
    /// Replay a scenario (center, policy, actions) in memory and show what
    /// each action did.
    Simulate(simulate::SimulateArgs),
    /// Aggregate a team's grades of the bids' points criteria.
    Grades(grades::GradesArgs),
    /// The seller's map of a customer's buying center and its gaps.
    AccountMap(account::AccountArgs),
}

/// Runs one `b2b buying` command against the database at `db`.
pub fn run(command: BuyingCommand, db: &Path) -> Result<(), Failure> {
    match command {
        BuyingCommand::Center(command) => persist::center(command, db),
        BuyingCommand::Open(args) => persist::open(&args, db),
        BuyingCommand::Act(args) => persist::act(args, db),
        BuyingCommand::Show(args) => persist::show(&args, db),
        BuyingCommand::List(args) => persist::list(&args, db),
        BuyingCommand::Verify(args) => persist::verify(&args, db),
        BuyingCommand::Audit(args) => persist::audit(&args, db),
        BuyingCommand::Simulate(args) => simulate::run(&args),
        BuyingCommand::Grades(args) => grades::run(&args),
        BuyingCommand::AccountMap(args) => account::run(&args),
    }
}
