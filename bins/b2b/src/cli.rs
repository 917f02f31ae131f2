//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Decisions businesses make when they buy from and sell to each other.
#[derive(Debug, Parser)]
#[command(name = "b2b", version, about)]
pub struct Cli {
    /// The database of the buying commands (SQLite).
    #[arg(long, global = true, default_value = "b2b.sqlite")]
    pub db: PathBuf,
    /// The largest input file read, in bytes (suffixes K, M, G: powers of
    /// 1024).
    #[arg(
        long,
        global = true,
        env = "B2B_MAX_INPUT_SIZE",
        default_value = "1G",
        value_parser = crate::args::size
    )]
    pub max_input_size: u64,
    /// The longest line of an input file, and the longest record of a
    /// sales stream, in bytes (suffixes K, M, G). JSON files are bounded by
    /// their size only.
    #[arg(
        long,
        global = true,
        env = "B2B_MAX_LINE_LENGTH",
        default_value = "1M",
        value_parser = crate::args::size
    )]
    pub max_line_length: u64,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The domains, one subcommand each.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate tenders: rank suppliers' bids and explain every point.
    #[command(subcommand)]
    Tender(TenderCommand),
    /// Contract terms: due dates, discounts, late-payment interest,
    /// Incoterms and late-delivery penalties, from the command line.
    #[command(subcommand)]
    Terms(crate::terms::TermsCommand),
    /// Contract files: key dates, prices with volume tiers, late-delivery
    /// penalties and service credits.
    #[command(subcommand)]
    Contract(crate::contract::ContractCommand),
    /// Classify sales: B2B, B2C, corporate supply or resale, under several
    /// rule sets, with reasons.
    Classify(crate::classify::ClassifyArgs),
    /// Business identifiers: VAT numbers, organisation and personal numbers.
    #[command(subcommand)]
    Ident(crate::ident::IdentCommand),
    /// The buying center: members, approval policies and the purchase
    /// workflow, stored in the database (`--db`).
    #[command(subcommand)]
    Buying(crate::buying::BuyingCommand),
}

/// `b2b tender ...`
#[derive(Debug, Subcommand)]
pub enum TenderCommand {
    /// Rank the bids of a tender under its award model.
    Evaluate(EvaluateArgs),
    /// Validate a tender file, and a bids file against it, without ranking.
    Check(CheckArgs),
    /// Write a synthetic tender and bids file, deterministically from a seed.
    Generate(GenerateArgs),
}

/// Arguments of `b2b tender evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The tender file (.toml or .json).
    pub tender: PathBuf,
    /// The bids file (.csv or .json).
    pub bids: PathBuf,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Also compute weight ranges and the rank-reversal check.
    #[arg(long)]
    pub sensitivity: bool,
    /// Write the output to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Arguments of `b2b tender check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The tender file (.toml or .json).
    pub tender: PathBuf,
    /// A bids file (.csv or .json) to check against the tender.
    pub bids: Option<PathBuf>,
}

/// Arguments of `b2b tender generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of bids.
    #[arg(long)]
    pub bids: usize,
    /// Seed of the generator: the same seed writes the same files.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Directory to write `tender.toml` and `bids.csv` into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

/// Output formats for a single result (terms and contract commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Human-readable text.
    Table,
    /// JSON, pretty-printed.
    Json,
}

/// Output formats for tabular results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A human-readable table.
    Table,
    /// The public JSON report.
    Json,
    /// One CSV row per ranked bid.
    Csv,
}
