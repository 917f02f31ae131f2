//! `b2b contract ...`: read a contract file, call `b2b_terms::contract`,
//! print.

use crate::cli::ReportFormat;
use crate::failure::Failure;
use crate::report::emit;
use b2b_terms::contract::{Contract, ContractFormat, Schedule};
use clap::{Args, Subcommand};
use comfy_table::Table;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use serde::Serialize;
use std::path::{Path, PathBuf};
use time::Date;

/// `b2b contract ...`
#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// Key dates: term ends, renewals, last days to give notice, invoices
    /// and the payments they fall due.
    Schedule(ScheduleArgs),
}

/// Arguments of `b2b contract schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The contract file (.toml or .json).
    pub contract: PathBuf,
    /// The last day to show [default: the end of the contract, or of its
    /// second renewal when it renews without limit].
    #[arg(long, value_parser = parse_date)]
    pub until: Option<Date>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs one `b2b contract` command.
pub fn run(command: ContractCommand) -> Result<(), Failure> {
    match command {
        ContractCommand::Schedule(args) => schedule(&args),
    }
}

/// A date argument: `YYYY-MM-DD`, and a day that exists.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).map_err(|e| match e {
        time::error::Parse::TryFromParsed(_) => format!("{text:?} is not a day of the calendar"),
        _ => format!("{text:?} is not a date (expected YYYY-MM-DD, such as 2026-01-31)"),
    })
}

fn read_contract(path: &Path) -> Result<Contract, Failure> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("toml") => ContractFormat::Toml,
        Some(e) if e.eq_ignore_ascii_case("json") => ContractFormat::Json,
        _ => {
            return Err(Failure::BadInput(format!(
                "{}: a contract file must end in .toml or .json",
                path.display()
            )));
        }
    };
    let text = std::fs::read_to_string(path).map_err(|e| Failure::io(path, "read", e))?;
    Contract::parse(&text, format)
        .map_err(|e| Failure::BadInput(format!("{}: {e}", path.display())))
}

#[derive(Serialize)]
struct ScheduleReport<'a> {
    contract: &'a str,
    #[serde(flatten)]
    schedule: &'a Schedule,
}

fn schedule(args: &ScheduleArgs) -> Result<(), Failure> {
    let contract = read_contract(&args.contract)?;
    let schedule = contract.schedule(args.until).map_err(Failure::bad_input)?;
    let report = ScheduleReport {
        contract: &contract.id,
        schedule: &schedule,
    };
    emit(&report, args.format, |report| {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header(["date", "event", "term", "what happens"]);
        for event in &report.schedule.events {
            let kind = serde_json::to_value(event.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            table.add_row([
                event.date.to_string(),
                kind,
                event.term.map(|t| t.to_string()).unwrap_or_default(),
                event.description.clone(),
            ]);
        }
        format!(
            "contract {} until {} ({})\n{table}",
            report.contract, report.schedule.until, report.schedule.until_reason
        )
    })
}
