//! `b2b`: the command-line interface of the b2b toolkit.
//!
//! Glue only: parse arguments, read files, call the libraries, print. Exit
//! codes: 0 success, 2 bad input (arguments, tender, bids or contract files),
//! 1 any other failure (I/O).

mod args;
mod buying;
mod classify;
mod cli;
mod contract;
mod failure;
mod ident;
mod input;
mod output;
mod output_file;
mod progress;
mod report;
mod tender;
mod terms;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    input::set_limits(input::Limits {
        max_input_size: cli.max_input_size,
        max_line_length: cli.max_line_length,
    });
    let result = match cli.command {
        cli::Command::Tender(command) => tender::run(command),
        cli::Command::Terms(command) => terms::run(command),
        cli::Command::Contract(command) => contract::run(command),
        cli::Command::Classify(args) => classify::run(&args),
        cli::Command::Ident(command) => ident::run(command),
        cli::Command::Buying(command) => buying::run(command, &cli.db),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
