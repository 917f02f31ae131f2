//! `b2b`: the command-line interface of the b2b toolkit.
//!
//! Glue only: parse arguments, read files, call the libraries, print. Exit
//! codes: 0 success, 2 bad input (arguments, tender or bids files), 1 any
//! other failure (I/O).

mod cli;
mod failure;
mod output;
mod progress;
mod tender;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Tender(command) => tender::run(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
